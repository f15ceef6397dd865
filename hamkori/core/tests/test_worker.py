"""`hamkori worker`: one round runs every app's periodic jobs, then sends the queued e-mails."""

import sys
import types
from io import StringIO

import pytest
from django.core.management import call_command

from conftest import message_text
from hamkori.core import tasks
from hamkori.core.models import OutboxEmail
from hamkori.core.outbox import email_queue

pytestmark = pytest.mark.django_db


def reminders_queue() -> int:
    email_queue(to=["cso@example.kz"], subject="7 күн қалды", body="Мерзімге 7 күн қалды.",
                dedupe_key="reminder:1")  # fmt: skip
    return 1


def nothing_to_do() -> int:
    return 0


def broken_job() -> int:
    raise RuntimeError("a bug in one job")


def run_worker_once() -> str:
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    return out.getvalue().strip()


def test_worker_once_runs_the_periodic_jobs_and_sends_what_they_queued(smtp_server, monkeypatch):
    # given periodic jobs, one of which queues a reminder
    monkeypatch.setattr(tasks, "periodic_jobs", lambda: [reminders_queue, nothing_to_do])
    # when one round runs
    output = run_worker_once()
    # then the job ran, the e-mail went out in the same round and the report names both
    assert output == "reminders_queue: 1, emails_sent: 1"
    assert [m["X-Envelope-To"] for m in smtp_server.messages] == ["cso@example.kz"]
    assert message_text(smtp_server.messages[0]).strip() == "Мерзімге 7 күн қалды."
    # and the next round queues nothing new (the dedupe key) and sends nothing
    assert run_worker_once() == "reminders_queue: 1"
    assert OutboxEmail.objects.count() == 1 and len(smtp_server.messages) == 1


def test_a_failing_job_does_not_hold_back_the_others_or_the_mail(smtp_server, monkeypatch):
    # given a broken job before a working one
    monkeypatch.setattr(tasks, "periodic_jobs", lambda: [broken_job, reminders_queue])
    # when
    output = run_worker_once()
    # then the failure is reported and the rest still happened
    assert output == "broken_job failed: 1, reminders_queue: 1, emails_sent: 1"
    assert len(smtp_server.messages) == 1


def test_worker_once_says_idle_when_there_is_nothing_to_do(monkeypatch):
    # given
    monkeypatch.setattr(tasks, "periodic_jobs", lambda: [nothing_to_do])
    # when / then
    assert run_worker_once() == "idle"


def test_periodic_jobs_are_found_in_the_tasks_module_of_each_app(monkeypatch):
    # given an app (portal) whose tasks module lists a job
    module = types.ModuleType("hamkori.portal.tasks")
    module.PERIODIC = [reminders_queue]
    monkeypatch.setitem(sys.modules, "hamkori.portal.tasks", module)
    # when
    jobs = list(tasks.periodic_jobs())
    # then it is among the jobs, once, and every job found is callable
    assert jobs.count(reminders_queue) == 1
    assert all(callable(job) for job in jobs)
