"""Twenty parallel submissions with the same idempotency key create exactly one version.

Real threads, each with its own database connection, against the test database: on
PostgreSQL the application's row lock and the unique key decide; on SQLite the IMMEDIATE
transactions queue the writers, as they do on the file database in production."""

from __future__ import annotations

import sqlite3
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from hamkori.applications.models import Application, ApplicationVersion, EligibilityCheck
from hamkori.applications.services import application_submit
from hamkori.applications.tests.submission_factories import ready_application
from hamkori.core.models import AuditEvent, OutboxEmail

THREADS = 20


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@contextmanager
def database_as_in_production():
    """SQLite tests run on a shared-cache in-memory database, where a second writer fails at
    once ("database table is locked") instead of waiting for the lock as writers do on the
    file database the platform runs on. For this test the in-memory database is copied to a
    file (with what the test wrote so far) and every connection uses that until the end of
    the block; PostgreSQL is used as it is."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    in_memory = connection.connection
    settings_dict = connection.settings_dict
    original_name = settings_dict["NAME"]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "concurrency.sqlite3"
        target = sqlite3.connect(path)
        in_memory.backup(target)
        target.close()
        settings_dict["NAME"] = str(path)
        connection.connection = None  # the next query opens the file
        try:
            yield
        finally:
            connection.close()
            settings_dict["NAME"] = original_name
            connection.connection = in_memory


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_submissions_with_one_key_create_one_version(reference_data):
    # given a complete draft, committed
    application = ready_application()
    user = application.created_by
    barrier = threading.Barrier(THREADS)
    results: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def submit():
        try:
            mine = Application.objects.get(pk=application.pk)
            barrier.wait(timeout=60)
            version = application_submit(actor=user, application=mine, idempotency_key="same")
            with lock:
                results.append(version.pk)
        except BaseException as error:  # reported below, with the thread's own error
            with lock:
                errors.append(error)
        finally:
            connection.close()

    # when twenty requests submit at once with the same key
    with database_as_in_production():
        threads = [threading.Thread(target=submit) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

        # then every one of them got the same, single version
        assert not errors, errors
        assert len(results) == THREADS
        assert len(set(results)) == 1
        assert ApplicationVersion.objects.filter(application=application).count() == 1
        assert EligibilityCheck.objects.filter(version_id=results[0]).count() == 7
        assert AuditEvent.objects.filter(action="applications.application.submit").count() == 1
        assert OutboxEmail.objects.count() == 1
