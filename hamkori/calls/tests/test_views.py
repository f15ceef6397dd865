"""Pages of calls and plans: what they show, the official's forms end to end, filters, and
constant query counts at 10 and 1,000 rows."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hamkori.applications.tests.factories import application_make
from hamkori.calls.models import Call, FundingPlan, Instrument, Lot, PlanStatus
from hamkori.calls.tests.factories import body_make, call_make, lot_make, plan_make
from hamkori.calls.workflow import CallState
from hamkori.registry.tests.factories import PASSWORD, member_make, organisation_make

pytestmark = pytest.mark.django_db


def _login(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_call_detail_shows_the_deadline_in_local_time_and_a_countdown(client):
    # 13:30 UTC is 18:30 in Asia/Almaty (UTC+5).
    call = call_make(
        state=CallState.OPEN,
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=datetime(2099, 3, 20, 13, 30, tzinfo=UTC),
    )

    page = client.get(reverse("calls:call-detail", args=[call.pk])).content.decode()

    assert "20 March 2099, 18:30" in page
    assert "Asia/Almaty" in page
    assert 'id="countdown"' in page and " d " in page
    assert "Document 1" in page and "Criterion 1" in page


def test_call_list_shows_local_deadline(client):
    call_make(
        state=CallState.OPEN,
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=datetime(2099, 3, 20, 13, 30, tzinfo=UTC),
    )

    page = client.get(reverse("calls:call-list")).content.decode()

    assert "18:30" in page and "13:30" not in page


def test_apply_button_for_a_cso_member_on_an_open_call_only(client):
    open_call = call_make(state=CallState.OPEN)
    announced = call_make(state=CallState.ANNOUNCED)
    member = member_make(organisation_make())
    _login(client, member)

    open_page = client.get(reverse("calls:call-detail", args=[open_call.pk])).content.decode()
    announced_page = client.get(reverse("calls:call-detail", args=[announced.pk])).content.decode()

    lot = open_call.lots.get()
    assert f"?lot={lot.pk}" in open_page and ">Apply<" in open_page
    assert ">Apply<" not in announced_page


def test_a_lot_already_applied_to_leads_to_that_application(client):
    from hamkori.applications.tests.factories import application_make

    call = call_make(state=CallState.OPEN)
    lot = call.lots.get()
    organisation = organisation_make()
    member = member_make(organisation)
    application = application_make(call=call, lot=lot, organisation=organisation, user=member)
    _login(client, member)

    page = client.get(reverse("calls:call-detail", args=[call.pk])).content.decode()

    assert reverse("applications:application-edit", args=[application.pk]) in page
    assert ">Apply<" not in page


def test_no_apply_button_for_a_cso_of_another_country(client):
    call = call_make(state=CallState.OPEN)
    _login(client, member_make(organisation_make("TJ")))

    page = client.get(reverse("calls:call-detail", args=[call.pk])).content.decode()

    assert ">Apply<" not in page


def test_amendments_with_reasons_are_shown(client):
    from hamkori.calls import services

    call = call_make(state=CallState.OPEN)
    official = member_make(call.body)
    services.call_amend(
        actor=official,
        call=call,
        reason="Extended for the holidays",
        changes={"closes_at": call.closes_at + timedelta(days=2)},
    )

    page = client.get(reverse("calls:call-detail", args=[call.pk])).content.decode()

    assert "Amendment 1" in page and "Extended for the holidays" in page
    # in words and the call's local time, not field codes and UTC timestamps
    assert "Applications close:" in page or "applications close:" in page.lower()
    assert "closes_at" not in page and "+00:00" not in page


def test_list_filters_by_instrument_area_region_and_state(client):
    grant = call_make(state=CallState.OPEN, title_en="Grant call")
    sso = call_make(state=CallState.OPEN, instrument=Instrument.SSO, title_en="SSO call")
    lot = sso.lots.get()
    lot.area_id = "health"
    lot.save()
    lot.regions.set(["KZ-75"])
    closed = call_make(state=CallState.CLOSED, title_en="Closed call")
    url = reverse("calls:call-list")

    def titles(**params):
        page = client.get(url, params).content.decode()
        return {t for t in ("Grant call", "SSO call", "Closed call") if t in page}

    assert titles(instrument="sso") == {"SSO call"}
    assert titles(area="health") == {"SSO call"}
    assert titles(region="KZ-71") == {"Grant call", "Closed call"}
    assert titles(state="closed") == {"Closed call"}
    assert titles() == {"Grant call", "SSO call", "Closed call"}
    assert grant.pk and closed.pk


def test_list_puts_open_calls_first_by_nearest_deadline(client):
    now = timezone.now()
    closed = call_make(state=CallState.CLOSED, title_en="C-closed")
    later = call_make(state=CallState.OPEN, closes_at=now + timedelta(days=9), title_en="C-later")
    sooner = call_make(state=CallState.OPEN, closes_at=now + timedelta(days=2), title_en="C-soon")
    announced = call_make(state=CallState.ANNOUNCED, title_en="C-announced")

    page = client.get(reverse("calls:call-list")).content.decode()

    positions = [page.index(c.title_en) for c in (sooner, later, announced, closed)]
    assert positions == sorted(positions)


def test_htmx_request_gets_the_results_partial(client):
    call_make(state=CallState.OPEN)

    response = client.get(reverse("calls:call-list"), headers={"HX-Request": "true"})

    assert b"<html" not in response.content and b"call found" in response.content


def _bulk_calls(count: int) -> None:
    body = body_make()
    plan = plan_make(body=body, year=2026)
    now = timezone.now()
    calls = Call.objects.bulk_create(
        Call(
            body=body,
            plan=plan,
            jurisdiction_id="KZ",
            instrument=Instrument.GRANT_SHORT,
            reference=f"BULK-{count}-{i}",
            title_en=f"Bulk {i}",
            state=CallState.OPEN if i % 2 else CallState.CLOSED,
            opens_at=now - timedelta(days=30),
            closes_at=now + timedelta(days=i % 20 - 10, hours=1),
            financial_year=2026,
        )
        for i in range(count)
    )
    Lot.objects.bulk_create(
        Lot(
            plan=plan,
            call=call,
            number=i + 1,
            instrument=Instrument.GRANT_SHORT,
            title_en="Lot",
            area_id="children",
            target_group="children",
            budget=Decimal("5000000"),
            currency="KZT",
            duration_months=6,
        )
        for i, call in enumerate(calls)
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("name", ["calls:call-list", "calls:plan-list"])
def test_lists_run_the_same_number_of_queries_at_10_and_1000(client, name):
    _bulk_calls(10)
    FundingPlan.objects.bulk_create(
        FundingPlan(body=body_make(), jurisdiction_id="KZ", year=2026, status="published")
        for _ in range(9)
    )
    small = _queries(client, reverse(name))

    _bulk_calls(1000)
    FundingPlan.objects.bulk_create(
        FundingPlan(body=body_make(), jurisdiction_id="KZ", year=2025, status="published")
        for _ in range(30)
    )
    large = _queries(client, reverse(name))

    assert small == large


def test_my_calls_shows_counts_per_lot_never_contents(client):
    call = call_make(state=CallState.OPEN, lots=2)
    first = call.lots.order_by("number").first()
    application_make(call=call, lot=first, content=None)
    application_make(call=call, lot=first, state="submitted")
    official = member_make(call.body)
    _login(client, official)

    page = client.get(reverse("calls:my-calls")).content.decode()

    assert "<td>1</td>\n            <td>1</td>" in page
    assert "Inclusive after-school club" not in page  # the applications' title


def test_official_builds_a_plan_and_a_call_through_the_forms(client):
    body = body_make()
    official = member_make(body)
    _login(client, official)
    year = timezone.localdate().year + 1

    response = client.post(
        reverse("calls:plan-create"), {"body": body.pk, "year": year, "title_en": "Our plan"}
    )
    plan = FundingPlan.objects.get(body=body)
    assert response.status_code == 302
    client.post(
        reverse("calls:budget-line-create", args=[plan.pk]),
        {"programme_code": "001", "amount": "90000000", "name_en": "Grants"},
    )
    response = client.post(
        reverse("calls:lot-create", args=[plan.pk]),
        {
            "instrument": "grant_short",
            "area": "children",
            "regions": ["KZ-71"],
            "target_group": "children",
            "budget": "100",  # far below 500 MRP
            "duration_months": 6,
            "max_awards": 1,
            "title_en": "After-school clubs",
        },
    )
    assert response.status_code == 200 and b"grant.short.min_mrp" in response.content
    lot_data = {
        "instrument": "grant_short",
        "area": "children",
        "regions": ["KZ-71"],
        "target_group": "children",
        "budget": "5000000",
        "duration_months": 6,
        "max_awards": 1,
        "title_en": "After-school clubs",
    }
    assert client.post(reverse("calls:lot-create", args=[plan.pk]), lot_data).status_code == 302
    client.post(reverse("calls:plan-publish", args=[plan.pk]))
    lot = plan.lots.get()
    opens = timezone.localdate() + timedelta(days=2)
    response = client.post(
        reverse("calls:call-create", args=[plan.pk]),
        {
            "instrument": "grant_short",
            "opens_on": opens.isoformat(),
            "closes_on": (opens + timedelta(days=25)).isoformat(),
            "languages": ["ru", "kk"],
            "lots": [str(lot.pk)],
            "documents": "Charter\nLetters of support | optional",
            "criteria": "Relevance | 10\nBudget | 5 | 0.5",
            "title_en": "Clubs for children",
        },
    )
    call = Call.objects.get(plan=plan)
    assert response.status_code == 302
    assert call.documents.filter(required=False).count() == 1
    assert call.criteria_set.criteria.count() == 2
    response = client.post(reverse("calls:call-transition", args=[call.pk]), {"action": "announce"})
    call.refresh_from_db()
    assert call.state == CallState.ANNOUNCED
    assert FundingPlan.objects.get(pk=plan.pk).status == PlanStatus.PUBLISHED


def test_amend_form_extends_the_deadline_in_local_time(client):
    almaty = zoneinfo.ZoneInfo("Asia/Almaty")
    today = timezone.now().astimezone(almaty).date()
    call = call_make(
        state=CallState.OPEN,
        opens_at=datetime.combine(today - timedelta(days=5), time(0), tzinfo=almaty),
        closes_at=datetime.combine(today + timedelta(days=20), time(18, 30), tzinfo=almaty),
    )
    _login(client, member_make(call.body))
    new_day = today + timedelta(days=23)

    response = client.post(
        reverse("calls:call-amend", args=[call.pk]),
        {
            "closes_on": new_day.isoformat(),
            "closes_time": "18:30",
            "languages": ["ru", "kk"],
            "reason": "More time",
        },
    )

    call.refresh_from_db()
    assert response.status_code == 302
    assert call.closes_at == datetime.combine(new_day, time(13, 30), tzinfo=UTC)


def test_plan_pages_render(client):
    plan = plan_make(status=PlanStatus.PUBLISHED, title_en="Plan of 2026")
    lot_make(plan=plan)

    assert b"Plan of 2026" in client.get(reverse("calls:plan-list")).content
    assert b"Lot 1" in client.get(reverse("calls:plan-detail", args=[plan.pk])).content
    assert date.today()
