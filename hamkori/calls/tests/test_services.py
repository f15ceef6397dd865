"""Plans, lots and calls through the services: rule validation with the figures of the rule
files (KZ: grant.short 500–3,000 MRP, MRP 2026 = 4,325 KZT, 3–12 months; call window 20–30
days; deadline 18:30), permissions of the writes and the audit trail."""

from __future__ import annotations

import zoneinfo
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hamkori.calls import services
from hamkori.calls.models import Instrument, PlanStatus
from hamkori.calls.tests.factories import body_make, call_make, lot_make, plan_make
from hamkori.calls.validation import RuleCheck, check_lot
from hamkori.calls.workflow import CallState
from hamkori.core.models import AuditEvent
from hamkori.registry.tests.factories import member_make, organisation_make

pytestmark = pytest.mark.django_db

MRP_2026 = Decimal("4325")


def _official(jurisdiction="KZ"):
    body = body_make(jurisdiction)
    return body, member_make(body)


def _open_day(days_ahead=3):
    return timezone.localdate() + timedelta(days=days_ahead)


def test_plan_create_and_publish_by_an_official_records_events():
    body, official = _official()

    plan = services.plan_create(actor=official, body=body, year=2026, title={"en": "Plan"})
    services.lot_add(
        actor=official,
        plan=plan,
        instrument=Instrument.GRANT_SHORT,
        area="children",
        regions=["KZ-71"],
        target_group="children",
        budget=Decimal("5000000"),
        duration_months=6,
        title={"ru": "Лот"},
    )
    services.plan_publish(actor=official, plan=plan)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    actions = list(
        AuditEvent.objects.filter(organisation_id=body.pk).values_list("action", flat=True)
    )
    assert actions == ["calls.plan.create", "calls.lot.add", "calls.plan.publish"]


def test_a_cso_member_cannot_create_a_plan_for_a_body():
    body = body_make()
    cso_member = member_make(organisation_make())

    with pytest.raises(PermissionDenied):
        services.plan_create(actor=cso_member, body=body, year=2026, title={"en": "P"})


def test_a_member_of_a_cso_cannot_make_its_cso_a_funding_body():
    cso = organisation_make()
    member = member_make(cso)

    with pytest.raises(PermissionDenied):
        services.plan_create(actor=member, body=cso, year=2026, title={"en": "P"})


def _lot_kwargs(**overrides):
    kwargs = {
        "instrument": Instrument.GRANT_SHORT,
        "area": "children",
        "regions": ["KZ-71"],
        "target_group": "children",
        "budget": Decimal("5000000"),
        "duration_months": 6,
        "title": {"en": "Lot"},
    }
    kwargs.update(overrides)
    return kwargs


@pytest.mark.parametrize(
    ("budget", "ok"),
    [
        (500 * MRP_2026 - 1, False),  # 2,162,499 KZT: below 500 MRP
        (500 * MRP_2026, True),
        (3000 * MRP_2026, True),
        (3000 * MRP_2026 + 1, False),  # above 3,000 MRP
    ],
)
def test_lot_budget_must_be_inside_the_grant_band_of_the_financial_year(budget, ok):
    body, official = _official()
    plan = plan_make(body=body, year=2026)

    if ok:
        lot = services.lot_add(actor=official, plan=plan, **_lot_kwargs(budget=budget))
        assert lot.budget == budget
    else:
        with pytest.raises(ValidationError) as error:
            services.lot_add(actor=official, plan=plan, **_lot_kwargs(budget=budget))
        message = " ".join(error.value.messages)
        assert "MRP" in message and "grant.short" in message and "4,325" in message


def test_band_message_names_the_limit_the_unit_and_the_rule():
    check = RuleCheck()

    check_lot(
        check,
        jurisdiction="KZ",
        instrument=Instrument.GRANT_MEDIUM,
        budget=Decimal("1000000"),
        currency="KZT",
        duration_months=18,
        financial_year=2026,
        on=date(2026, 11, 1),
        label="Lot 1",
    )

    assert check.problems == [
        "Lot 1: the budget 1,000,000.00 KZT is below the minimum for a medium-term grant: "
        "3000 MRP × 4,325.00 KZT (MRP of 2026) = 12,975,000.00 KZT (rule grant.medium.min_mrp)."
    ]


@pytest.mark.parametrize(("months", "ok"), [(2, False), (3, True), (12, True), (13, False)])
def test_lot_duration_must_be_inside_the_instrument_bounds(months, ok):
    body, official = _official()
    plan = plan_make(body=body, year=2026)

    if ok:
        services.lot_add(actor=official, plan=plan, **_lot_kwargs(duration_months=months))
    else:
        with pytest.raises(ValidationError, match=r"grant\.short\.(min|max)_months"):
            services.lot_add(actor=official, plan=plan, **_lot_kwargs(duration_months=months))


def test_award_has_a_floor_only():
    check = RuleCheck()
    kwargs = {"jurisdiction": "KZ", "instrument": Instrument.AWARD, "currency": "KZT"}
    kwargs.update(duration_months=12, financial_year=2026, on=date(2026, 11, 1), label="L")

    check_lot(check, budget=2000 * MRP_2026 - 1, **kwargs)
    check_lot(check, budget=Decimal("1000000000"), **kwargs)

    assert len(check.problems) == 1 and "award.min_mrp" in check.problems[0]


def test_sso_has_no_band_but_durations_apply():
    check = RuleCheck()

    check_lot(
        check,
        jurisdiction="KZ",
        instrument=Instrument.SSO,
        budget=Decimal("1"),
        currency="KZT",
        duration_months=40,
        financial_year=2026,
        on=date(2026, 11, 1),
        label="L",
    )

    assert len(check.problems) == 1 and "sso.max_months" in check.problems[0]
    assert not any("min_mrp" in note for note in check.notes)


def test_tajik_grant_rules_are_reported_as_not_set_and_not_invented():
    check = RuleCheck()

    check_lot(
        check,
        jurisdiction="TJ",
        instrument=Instrument.GRANT_SHORT,
        budget=Decimal("1"),
        currency="TJS",
        duration_months=99,
        financial_year=2026,
        on=date(2026, 11, 1),
        label="L",
    )

    assert check.problems == []
    assert "The rule grant.short.min_mrp is not set for TJ; not checked." in check.notes


def test_the_lots_of_a_budget_line_cannot_exceed_it():
    body, official = _official()
    plan = services.plan_create(actor=official, body=body, year=2026, title={"en": "Plan"})
    line = services.budget_line_add(
        actor=official,
        plan=plan,
        programme_code="001",
        name={"en": "Grants"},
        amount=Decimal("8000000"),
    )
    services.lot_add(actor=official, plan=plan, budget_line=line, **_lot_kwargs())

    with pytest.raises(ValidationError, match="more than its"):
        services.lot_add(actor=official, plan=plan, budget_line=line, **_lot_kwargs())
    with pytest.raises(ValidationError, match="more than zero"):
        services.budget_line_add(
            actor=official,
            plan=plan,
            programme_code="002",
            name={"en": "Empty"},
            amount=Decimal("0"),
        )
    assert plan.lots.count() == 1


def test_lot_regions_must_be_of_the_plan_jurisdiction():
    body, official = _official()
    plan = plan_make(body=body, year=2026)

    with pytest.raises(ValidationError, match="TJ-DU"):
        services.lot_add(actor=official, plan=plan, **_lot_kwargs(regions=["KZ-71", "TJ-DU"]))


def _call_kwargs(plan, lots, **overrides):
    kwargs = {
        "body": plan.body,
        "plan": plan,
        "instrument": Instrument.GRANT_SHORT,
        "title": {"en": "Call"},
        "opens_on": _open_day(),
        "closes_on": _open_day() + timedelta(days=25),
        "languages": ["ru", "kk"],
        "lots": lots,
        "documents": [{"name": {"en": "Charter"}}],
        "criteria": [{"name": {"en": "Relevance"}, "max_points": 10}],
    }
    kwargs.update(overrides)
    return kwargs


def test_call_create_closes_at_the_rule_deadline_time_in_local_time():
    body, official = _official()
    plan = plan_make(body=body, year=2026)
    lot = lot_make(plan=plan)

    call = services.call_create(actor=official, **_call_kwargs(plan, [lot]))

    local = call.closes_at.astimezone(zoneinfo.ZoneInfo("Asia/Almaty"))
    assert local.time() == time(18, 30)
    assert call.reference == f"KZ-2026-{call.pk:06d}"
    assert list(call.lots.all()) == [lot]
    assert call.documents.count() == 1 and call.criteria_set.criteria.count() == 1


@pytest.mark.parametrize(("days", "ok"), [(19, False), (20, True), (30, True), (31, False)])
def test_call_window_must_be_within_call_min_and_max_days(days, ok):
    body, official = _official()
    plan = plan_make(body=body, year=2026)
    kwargs = _call_kwargs(plan, [lot_make(plan=plan)], closes_on=_open_day() + timedelta(days=days))

    if ok:
        services.call_create(actor=official, **kwargs)
    else:
        with pytest.raises(ValidationError, match="calendar days"):
            services.call_create(actor=official, **kwargs)


def test_call_refuses_a_lot_of_another_instrument_or_already_in_a_call():
    body, official = _official()
    plan = plan_make(body=body, year=2026)
    sso_lot = lot_make(plan=plan, instrument=Instrument.SSO)
    taken = call_make(body=body, plan=plan, state=CallState.DRAFT).lots.get()

    with pytest.raises(ValidationError, match="another instrument"):
        services.call_create(actor=official, **_call_kwargs(plan, [sso_lot]))
    with pytest.raises(ValidationError, match="already offered"):
        services.call_create(actor=official, **_call_kwargs(plan, [taken]))


def test_an_official_of_another_body_cannot_create_a_call_for_this_body():
    plan = plan_make(year=2026)
    _other_body, stranger = _official()

    with pytest.raises(PermissionDenied):
        services.call_create(actor=stranger, **_call_kwargs(plan, [lot_make(plan=plan)]))


def test_call_update_only_while_draft():
    body, official = _official()
    call = call_make(body=body, state=CallState.ANNOUNCED)

    with pytest.raises(PermissionDenied):
        services.call_update(actor=official, call=call, title={"en": "New"})


def test_call_update_changes_lots_and_window_of_a_draft():
    body, official = _official()
    plan = plan_make(body=body, year=2026)
    first, second = lot_make(plan=plan), lot_make(plan=plan)
    call = services.call_create(actor=official, **_call_kwargs(plan, [first]))

    services.call_update(
        actor=official, call=call, lots=[second], closes_on=_open_day() + timedelta(days=21)
    )

    first.refresh_from_db()
    assert first.call_id is None
    assert list(call.lots.all()) == [second]


def test_lot_in_an_announced_call_cannot_be_changed():
    body, official = _official()
    call = call_make(body=body, state=CallState.ANNOUNCED)

    with pytest.raises(ValidationError, match="announced call"):
        services.lot_update(actor=official, lot=call.lots.get(), budget=Decimal("6000000"))
