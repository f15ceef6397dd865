"""200 parallel attempts to commit against a budget line with room for exactly 100: exactly
100 succeed and the line is never over-committed (issue 5, acceptance).

Real threads, each with its own database connection, all released at once by a barrier. On
PostgreSQL the conditional UPDATE decides under the row lock; on SQLite the IMMEDIATE
transactions queue the writers on a file database, as in production. PostgreSQL allows a
limited number of connections (100 by default, shared with the other test runs), so at most
CONNECTIONS threads hold one at the same moment; all 200 threads still race."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from hamkori.applications.tests.test_concurrency import database_as_in_production
from hamkori.calls.models import BudgetLine
from hamkori.calls.tests.factories import budget_line_make
from hamkori.contracts import ledger
from hamkori.contracts.models import LedgerEntry
from hamkori.contracts.tests.factories import contract_draft

ATTEMPTS = 200
ROOM_FOR = 100
AMOUNT = Decimal("1000.00")


def _connections_free() -> int:
    if connection.vendor != "postgresql":
        return ATTEMPTS
    with connection.cursor() as cursor:
        cursor.execute("SELECT setting::int FROM pg_settings WHERE name = 'max_connections'")
        (limit,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM pg_stat_activity")
        (used,) = cursor.fetchone()
    return max(4, min(ATTEMPTS, (limit - used) // 2))


@pytest.mark.django_db(transaction=True)
def test_two_hundred_parallel_commits_against_room_for_one_hundred(reference_data):
    # given a line with room for exactly 100 commitments of 1,000.00, committed to the database
    contract = contract_draft()
    line = budget_line_make(plan=contract.call.plan, amount=AMOUNT * ROOM_FOR)
    barrier = threading.Barrier(ATTEMPTS)
    gate = threading.BoundedSemaphore(_connections_free())
    lock = threading.Lock()
    succeeded: list[int] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def attempt(index: int) -> None:
        try:
            barrier.wait(timeout=120)
            with gate:
                try:
                    entry = ledger.commit(line=line, contract=contract, amount=AMOUNT, actor=None)
                except ValidationError as error:
                    with lock:
                        refused.append(error.messages[0])
                else:
                    with lock:
                        succeeded.append(entry.pk)
                finally:
                    connection.close()
        except BaseException as error:  # reported below with the thread's own error
            with lock:
                errors.append(error)

    # when 200 threads try at once
    with database_as_in_production():
        threads = [threading.Thread(target=attempt, args=(i,)) for i in range(ATTEMPTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)

        # then exactly 100 succeeded, the other 100 were refused with the reason, and the
        # line is full to the cent and not beyond, as its ledger rows say
        assert not errors, errors[:3]
        assert len(succeeded) == ROOM_FOR
        assert len(refused) == ATTEMPTS - ROOM_FOR
        assert "cannot be committed" in refused[0]
        line = BudgetLine.objects.get(pk=line.pk)
        assert line.committed == line.amount == AMOUNT * ROOM_FOR
        assert LedgerEntry.objects.filter(budget_line=line).count() == ROOM_FOR
        assert ledger.line_balance(line).committed == line.committed
