"""Roles × report states × actions, and roles on the visit and contract pages. What a person
may not see is a 404, what they see but may not change a 403; anonymous visitors sign in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hamkori.accounts.models import MembershipRole, PlatformRole, RoleGrant
from hamkori.calls.tests.factories import body_make
from hamkori.monitoring import services
from hamkori.monitoring.models import Report, ReportState, VisitState
from hamkori.monitoring.tests.factories import contract_with_reports, report_of, report_submitted
from hamkori.registry.tests.factories import member_make, organisation_make, user_make

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "citizen",
    "contractor",
    "other_cso",
    "official",
    "other_official",
    "auditor",
    "admin",
]
READERS = {"contractor", "official", "auditor", "admin"}


def _user(role: str, contract):
    if role == "anonymous":
        return None
    if role == "contractor":
        return member_make(contract.contractor)
    if role == "other_cso":
        return member_make(organisation_make())
    if role == "official":
        return contract.official
    if role == "other_official":
        return member_make(body_make(), role=MembershipRole.ADMIN)
    user = user_make()
    if role in ("auditor", "admin"):
        grant = PlatformRole.AUDITOR if role == "auditor" else PlatformRole.ADMINISTRATOR
        RoleGrant.objects.create(user=user, role=grant, jurisdiction_id="KZ")
    return user


def _report_in(state: str):
    contract = contract_with_reports()
    report = report_of(contract)
    if state != ReportState.DRAFT:
        report_submitted(report, contract.contractor_admin)
    if state in (ReportState.RETURNED, ReportState.ACCEPTED):
        services.report_review(
            actor=contract.official,
            report=report,
            accept=state == ReportState.ACCEPTED,
            comment="" if state == ReportState.ACCEPTED else "More",
        )
    return contract, Report.objects.get(pk=report.pk)


def _save_data(report) -> dict:
    data = {"action": "save", "lock_version": report.lock_version, "narrative": "N"}
    for row in report.indicators.all():
        data[f"actual_{row.pk}"] = "1"
    for line in report.financial_lines.all():
        data[f"spent_{line.pk}"] = "0"
    return data


def _expected(role: str, allowed: bool, refused_as_reader: int = 403) -> int:
    if role == "anonymous":
        return 302
    if role not in READERS:
        return 404
    return 302 if allowed else refused_as_reader


@pytest.mark.parametrize("state", ReportState.values)
@pytest.mark.parametrize("role", ROLES)
def test_the_report_by_role_state_and_action(client, role, state):
    contract, report = _report_in(state)
    user = _user(role, contract)
    if user is not None:
        client.force_login(user)
    url = reverse("monitoring:report-detail", args=[report.pk])
    editable = state in (ReportState.DRAFT, ReportState.RETURNED)

    view = client.get(url).status_code
    save = client.post(url, _save_data(report)).status_code
    review = client.post(url, {"action": "review", "decision": "accept"}).status_code

    assert view == {"anonymous": 302}.get(role, 200 if role in READERS else 404)
    assert save == _expected(role, role == "contractor" and editable)
    # the official may review only a submitted report; otherwise the page says why (400)
    review_expected = _expected(role, role == "official" and state == ReportState.SUBMITTED)
    if role == "official" and state != ReportState.SUBMITTED:
        review_expected = 400
    assert review == review_expected


@pytest.mark.parametrize("visit_state", [VisitState.PLANNED, VisitState.DONE])
@pytest.mark.parametrize("role", ROLES)
def test_contract_and_visit_pages_by_role(client, role, visit_state):
    contract = contract_with_reports()
    visit = services.visit_plan(
        actor=contract.official, contract=contract, planned_on=contract.starts_on, purpose="P"
    )
    if visit_state == VisitState.DONE:
        services.visit_record(
            actor=contract.official,
            visit=visit,
            done_on=services.local_today(contract),
            findings="F",
            follow_ups=[],
        )
    user = _user(role, contract)
    if user is not None:
        client.force_login(user)
    reader = {"anonymous": 302}.get(role, 200 if role in READERS else 404)
    visit_url = reverse("monitoring:visit-detail", args=[visit.pk])

    codes = {
        "contract": client.get(reverse("monitoring:contract-monitoring", args=[contract.pk])),
        "visit": client.get(visit_url),
        "evaluation": client.get(reverse("monitoring:evaluation-edit", args=[contract.pk])),
        "reports": client.get(reverse("monitoring:report-list")),
        "visits": client.get(reverse("monitoring:visit-list")),
        "cancel": client.post(visit_url, {"action": "cancel", "reason": "R"}),
        "plan": client.post(
            reverse("monitoring:contract-monitoring", args=[contract.pk]),
            {"action": "plan", "planned_on": contract.starts_on.isoformat(), "purpose": "P"},
        ),
    }

    official_only = _expected(role, role == "official")
    assert {name: response.status_code for name, response in codes.items()} == {
        "contract": reader,
        "visit": reader,
        # a grant contract has no ex-post evaluation: refused even to its officials
        "evaluation": 302 if role == "anonymous" else 403 if role in READERS else 404,
        "reports": 302 if role == "anonymous" else 200,
        "visits": 302 if role == "anonymous" else 200,
        "cancel": 400 if role == "official" and visit_state == VisitState.DONE else official_only,
        "plan": official_only,
    }
