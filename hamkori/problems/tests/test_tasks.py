"""The overdue job mails the responsible body once, and only for unanswered problems."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hamkori.calls.tests.factories import body_make
from hamkori.core.models import AuditEvent, OutboxEmail
from hamkori.core.tasks import run_periodic
from hamkori.problems.models import Problem
from hamkori.problems.services import problem_answer, problems_notify_overdue
from hamkori.problems.tests.factories import problem_make, state_official_make
from hamkori.rules.selectors import local_today

pytestmark = pytest.mark.usefixtures("reference_data")


def _due(problem: Problem, days: int) -> None:
    Problem.objects.filter(pk=problem.pk).update(
        answer_due_on=local_today("KZ") + timedelta(days=days),
        threshold_reached_on=local_today("KZ") - timedelta(days=30),
    )


def _mails_to(email: str) -> int:
    return sum(email in mail.to for mail in OutboxEmail.objects.all())


def test_overdue_mailed_once_to_the_responsible_body():
    body = body_make()
    official = state_official_make(body=body)
    overdue = problem_make(responsible_body=body)
    not_yet = problem_make(responsible_body=body)
    _due(overdue, -1)
    _due(not_yet, 0)  # due today: not overdue until tomorrow
    assert problems_notify_overdue() == 1
    assert problems_notify_overdue() == 0
    assert _mails_to(official.email) == 1
    overdue.refresh_from_db()
    assert overdue.overdue_notified_at is not None and overdue.is_overdue
    assert not Problem.objects.get(pk=not_yet.pk).is_overdue
    assert AuditEvent.objects.filter(action="problems.problem.overdue_notified").count() == 1


def test_answered_problem_is_not_overdue_and_the_worker_runs_the_job():
    body = body_make()
    official = state_official_make(body=body)
    answered = problem_make(responsible_body=body)
    _due(answered, -3)
    problem_answer(actor=official, problem=answered, text="Ответ дан.")
    answered.refresh_from_db()
    assert not answered.is_overdue
    late = problem_make(responsible_body=body)
    _due(late, -3)
    report = run_periodic()
    assert report.get("problems_notify_overdue") == 1
