import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from hamkori.core.audit import audit_record, audit_verify
from hamkori.core.models import AuditChainHead, AuditEvent
from hamkori.registry.tests.factories import organisation_make, user_make

pytestmark = pytest.mark.django_db


def _three_events():
    organisation = organisation_make()
    actor = user_make()
    with transaction.atomic():
        for n in range(3):
            audit_record(actor=actor, action="test.change", obj=organisation, changes={"n": n})
    return organisation


def test_events_chain_and_verify_clean():
    _three_events()

    assert list(audit_verify()) == []
    events = list(AuditEvent.objects.order_by("position"))
    for earlier, later in itertools.pairwise(events):
        assert later.prev_hash == earlier.hash
        assert later.position == earlier.position + 1
    head = AuditChainHead.objects.get()
    assert (head.position, head.hash) == (events[-1].position, events[-1].hash)


def test_edited_event_is_reported_by_the_command(capsys):
    _three_events()
    victim = AuditEvent.objects.order_by("position")[1]
    # A direct UPDATE, as someone with database access would do it.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET action = %s WHERE id = %s", ["test.forged", victim.id]
        )

    with pytest.raises(CommandError, match="BROKEN"):
        call_command("audit-verify")
    assert f"event {victim.position}: content does not match" in capsys.readouterr().err


def test_deleted_middle_event_is_reported():
    _three_events()
    victim = AuditEvent.objects.order_by("position")[1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [victim.id])

    messages = [p.message for p in audit_verify()]
    assert any("missing" in m for m in messages)
    assert any("does not link" in m for m in messages)


def test_deleted_last_event_is_reported():
    _three_events()
    last = AuditEvent.objects.order_by("-position").first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [last.id])

    problems = list(audit_verify())
    assert problems and "head says" in problems[-1].message


def test_intact_trail_passes_the_command(capsys):
    _three_events()
    call_command("audit-verify")
    assert "intact" in capsys.readouterr().out


def test_failed_transaction_leaves_no_event():
    organisation = organisation_make()
    before = AuditEvent.objects.count()

    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, action="test.change", obj=organisation)
        raise RuntimeError("the business change fails after the event was written")

    assert AuditEvent.objects.count() == before
    assert list(audit_verify()) == []


@pytest.mark.django_db(transaction=True)
def test_audit_record_refuses_to_run_outside_a_transaction(reference_data):
    organisation = organisation_make()
    with pytest.raises(RuntimeError, match="inside a transaction"):
        audit_record(actor=None, action="test.change", obj=organisation)


def test_reference_data_survives_the_transactional_test_above():
    from hamkori.registry.models import Region
    from hamkori.rules.models import Jurisdiction

    assert set(Jurisdiction.objects.values_list("code", flat=True)) == {"KZ", "TJ"}
    assert Region.objects.count() == 25


def test_every_audit_action_in_the_code_has_a_label():
    import re
    from pathlib import Path

    from hamkori.core.audit_labels import ACTION_LABELS

    root = Path(__file__).resolve().parents[2]
    used = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'action="([a-z_]+\.[a-z_.]+)"', text))
        for prefix in re.findall(r'action=f"([a-z_.]+)\{', text):
            used |= {k for k in ACTION_LABELS if k.startswith(prefix)}
    assert used, "no audit actions found: the pattern is out of date"
    assert used <= set(ACTION_LABELS), sorted(used - set(ACTION_LABELS))
