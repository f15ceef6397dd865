"""The transitions table applied by call_transition, the periodic open/close jobs, the
announcement e-mails and amendments (numbered, reasoned, extension e-mailed to drafts)."""

from __future__ import annotations

import zoneinfo
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import message_text
from hamkori.accounts.models import MembershipRole
from hamkori.applications.tests.factories import application_make
from hamkori.calls import services, tasks
from hamkori.calls.models import Amendment, PlanStatus
from hamkori.calls.tests.factories import body_make, call_make, lot_make, plan_make
from hamkori.calls.workflow import TRANSITIONS, CallAction, CallState
from hamkori.core.models import AuditEvent, OutboxEmail
from hamkori.core.outbox import outbox_send_pending
from hamkori.decisions.tests.factories import settled_result
from hamkori.registry.tests.factories import member_make, organisation_make, user_make

pytestmark = pytest.mark.django_db

ALL_PAIRS = [(s, a) for s in CallState.values for a in CallAction.values]


def _body_and_official():
    body = body_make()
    return body, member_make(body)


def _draft_ready(body, **kwargs):
    """A draft call whose window and lots pass the KZ rules (window of 25 days)."""
    now = timezone.now()
    kwargs.setdefault("opens_at", now + timedelta(days=2))
    kwargs.setdefault("closes_at", now + timedelta(days=27))
    return call_make(body=body, state=CallState.DRAFT, **kwargs)


@pytest.mark.parametrize(("state", "action"), ALL_PAIRS)
def test_only_the_pairs_of_the_table_are_allowed(state, action):
    body, official = _body_and_official()
    now = timezone.now()
    # A window whose guards pass: started and ended both (open → close), and a valid
    # 25-day length for announce.
    call = call_make(
        body=body,
        state=state,
        opens_at=now - timedelta(days=26),
        closes_at=now - timedelta(days=1),
    )
    if (state, action) == (CallState.DRAFT, CallAction.ANNOUNCE):
        call = _draft_ready(body)
    if (state, action) in (
        (CallState.UNDER_REVIEW, CallAction.DECIDE),
        (CallState.DECIDED, CallAction.FINALISE),
    ):
        settled_result(call)  # decided by publishing; final once the appeals are settled

    if (state, action) in TRANSITIONS:
        services.call_transition(actor=official, call=call, action=action)
        call.refresh_from_db()
        assert call.state == TRANSITIONS[(state, action)][0]
    else:
        with pytest.raises(ValidationError):
            services.call_transition(actor=official, call=call, action=action)
        call.refresh_from_db()
        assert call.state == state


def test_announce_needs_lots():
    body, official = _body_and_official()
    call = _draft_ready(body, lots=0)

    with pytest.raises(ValidationError, match="at least one lot"):
        services.call_transition(actor=official, call=call, action=CallAction.ANNOUNCE)


def test_announce_needs_a_published_plan():
    body, official = _body_and_official()
    plan = plan_make(body=body, status=PlanStatus.DRAFT)
    call = _draft_ready(body, plan=plan)

    with pytest.raises(ValidationError, match="Publish the plan"):
        services.call_transition(actor=official, call=call, action=CallAction.ANNOUNCE)


def test_announce_validates_the_window_against_the_rules():
    body, official = _body_and_official()
    now = timezone.now()
    call = _draft_ready(body, opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=6))

    with pytest.raises(ValidationError, match=r"call\.min_days requires at least 20"):
        services.call_transition(actor=official, call=call, action=CallAction.ANNOUNCE)


def test_open_before_the_window_starts_is_refused():
    body, official = _body_and_official()
    call = call_make(body=body, state=CallState.ANNOUNCED)

    with pytest.raises(ValidationError, match="not opened yet"):
        services.call_transition(actor=official, call=call, action=CallAction.OPEN)


def test_close_before_the_deadline_is_refused():
    body, official = _body_and_official()
    call = call_make(body=body, state=CallState.OPEN)

    with pytest.raises(ValidationError, match="still open"):
        services.call_transition(actor=official, call=call, action=CallAction.CLOSE)


def test_an_official_of_another_body_cannot_transition():
    call = call_make(state=CallState.ANNOUNCED)
    _other, stranger = _body_and_official()

    with pytest.raises(PermissionDenied):
        services.call_transition(actor=stranger, call=call, action=CallAction.CANCEL)


def test_tasks_open_and_close_at_the_right_times_audited_as_system():
    now = timezone.now()
    due_to_open = call_make(
        state=CallState.ANNOUNCED,
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(days=20),
    )
    not_yet = call_make(state=CallState.ANNOUNCED, opens_at=now + timedelta(minutes=5))
    due_to_close = call_make(
        state=CallState.OPEN,
        opens_at=date_time(2026, 10, 1, 4),
        closes_at=date_time(2026, 10, 26, 13, 30),  # Monday 26 October 2026, 18:30 Astana
    )
    still_open = call_make(state=CallState.OPEN, closes_at=now + timedelta(minutes=5))

    assert tasks.calls_open_due() == 1
    assert tasks.calls_close_due() == 1

    for call in (due_to_open, not_yet, due_to_close, still_open):
        call.refresh_from_db()
    assert due_to_open.state == CallState.OPEN and not_yet.state == CallState.ANNOUNCED
    assert due_to_close.state == CallState.CLOSED and still_open.state == CallState.OPEN
    # 10 working days after Monday 26 October 2026 (no KZ holiday in between).
    assert due_to_close.compliance_due == date(2026, 11, 9)
    event = AuditEvent.objects.get(action="calls.call.close", object_id=str(due_to_close.pk))
    assert event.actor_id is None


def date_time(*parts):
    from datetime import UTC, datetime

    return datetime(*parts, tzinfo=UTC)


def test_announcing_emails_admins_of_matching_csos_once_each_in_their_language(smtp_server):
    body, official = _body_and_official()
    call = _draft_ready(body)  # lot: area "children", region KZ-71
    by_area = organisation_make(region_id="KZ-75")
    by_area.areas.add("children")
    by_region = organisation_make(region_id="KZ-71")
    unrelated = organisation_make(region_id="KZ-75")
    suspended = organisation_make(region_id="KZ-71", status="suspended")
    both_admin = user_make(preferred_language="en")
    member_make(by_area, user=both_admin, role=MembershipRole.ADMIN)
    member_make(by_region, user=both_admin, role=MembershipRole.ADMIN)
    plain_member = member_make(by_region)
    member_make(unrelated, role=MembershipRole.ADMIN)
    member_make(suspended, role=MembershipRole.ADMIN)
    kazakh_admin = member_make(by_region, user=user_make(preferred_language="kk"), role="admin")

    services.call_transition(actor=official, call=call, action=CallAction.ANNOUNCE)
    outbox_send_pending()

    recipients = sorted(m["X-Envelope-To"] for m in smtp_server.messages)
    assert recipients == sorted([both_admin.email, kazakh_admin.email])
    assert plain_member.email not in recipients
    english = next(m for m in smtp_server.messages if m["X-Envelope-To"] == both_admin.email)
    local_deadline = call.closes_at.astimezone(zoneinfo.ZoneInfo("Asia/Almaty"))
    assert local_deadline.strftime("%H:%M") in message_text(english)
    assert call.title_en in str(english["Subject"])
    kazakh = OutboxEmail.objects.get(to=[kazakh_admin.email])
    assert kazakh.language == "kk"


def test_amendment_is_numbered_records_old_and_new_and_needs_a_reason():
    body, official = _body_and_official()
    call = call_make(body=body, state=CallState.OPEN)
    later = call.closes_at + timedelta(days=3)

    with pytest.raises(ValidationError, match="reason"):
        services.call_amend(actor=official, call=call, reason=" ", changes={"closes_at": later})
    first = services.call_amend(
        actor=official, call=call, reason="More time", changes={"closes_at": later}
    )
    second = services.call_amend(
        actor=official, call=call, reason="Kazakh too", changes={"languages": ["kk", "ru", "en"]}
    )

    assert (first.number, second.number) == (1, 2)
    assert first.changes["closes_at"][0].startswith(call.closes_at.date().isoformat())
    assert first.changes["closes_at"][1].startswith(later.date().isoformat())
    assert first.reason == "More time"
    assert second.changes == {"languages": [["ru", "kk"], ["kk", "ru", "en"]]}
    assert AuditEvent.objects.filter(action="calls.call.amend").count() == 2


def test_the_same_moment_in_local_time_is_not_an_amendment():
    body, official = _body_and_official()
    call = call_make(body=body, state=CallState.OPEN)
    same = call.closes_at.astimezone(zoneinfo.ZoneInfo("Asia/Almaty"))

    with pytest.raises(ValidationError, match="Nothing was changed"):
        services.call_amend(
            actor=official, call=call, reason="No change", changes={"closes_at": same}
        )
    assert not Amendment.objects.filter(call=call).exists()


def test_shortening_the_deadline_of_an_open_call_is_refused():
    body, official = _body_and_official()
    call = call_make(body=body, state=CallState.OPEN)

    with pytest.raises(ValidationError, match="brought forward"):
        services.call_amend(
            actor=official,
            call=call,
            reason="Hurry",
            changes={"closes_at": call.closes_at - timedelta(hours=1)},
        )
    assert not Amendment.objects.filter(call=call).exists()


def test_amendments_only_for_announced_or_open_calls():
    body, official = _body_and_official()
    call = call_make(body=body, state=CallState.CLOSED)

    with pytest.raises(PermissionDenied):
        services.call_amend(actor=official, call=call, reason="x", changes={"languages": ["ru"]})


def test_extension_is_emailed_to_members_of_organisations_with_a_draft_only(smtp_server):
    body, official = _body_and_official()
    call = call_make(body=body, state=CallState.OPEN)
    lot = call.lots.get()
    drafting = application_make(call=call, lot=lot)
    colleague = member_make(drafting.organisation)
    submitted = application_make(call=call, lot=lot, state="submitted")
    other_call_draft = application_make()

    services.call_amend(
        actor=official,
        call=call,
        reason="Holidays",
        changes={"closes_at": call.closes_at + timedelta(days=2)},
    )
    sent = outbox_send_pending()

    recipients = sorted(m["X-Envelope-To"] for m in smtp_server.messages)
    assert sent == 2
    assert recipients == sorted([drafting.created_by.email, colleague.email])
    assert submitted.created_by.email not in recipients
    assert other_call_draft.created_by.email not in recipients
    assert "Holidays" in message_text(smtp_server.messages[0])


def test_lot_make_keeps_plans_per_body_and_year():
    body = body_make()
    plan = plan_make(body=body, year=2027)

    lot = lot_make(plan=plan)

    assert lot.number == 1 and lot.plan.body == body


def test_a_call_whose_window_is_over_cannot_be_announced():
    body, official = _body_and_official()
    now = timezone.now()
    call = call_make(
        body=body,
        state=CallState.DRAFT,
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=10),
    )

    with pytest.raises(ValidationError, match="already over"):
        services.call_transition(actor=official, call=call, action=CallAction.ANNOUNCE)
    call.refresh_from_db()
    assert call.state == CallState.DRAFT
