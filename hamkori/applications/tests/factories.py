"""Factories for application tests: a complete content dict and an application built on an
open call, with whatever is missing made on the way."""

from __future__ import annotations

import copy

from django.utils import timezone

from hamkori.accounts.models import User
from hamkori.applications.content import content_totals
from hamkori.applications.models import Application
from hamkori.calls.models import Call, Lot
from hamkori.calls.tests.factories import body_make, call_make
from hamkori.calls.workflow import CallState
from hamkori.registry.models import Organisation
from hamkori.registry.tests.factories import member_make, organisation_make

COMPLETE_CONTENT = {
    "language": "ru",
    "title": "Inclusive after-school club",
    "summary": "An after-school club for children with disabilities in Astana.",
    "problem": "Children with disabilities have few places to meet their peers after school.",
    "target_group": {
        "description": "Children with disabilities aged 7-14 and their parents.",
        "size": 120,
        "regions": ["KZ-71"],
    },
    "objectives": "Weekly sessions for 120 children; a trained group of 10 volunteers.",
    "duration_months": 6,
    "activities": [
        {
            "title": "Weekly club sessions",
            "description": "Two-hour sessions with games, art and sport.",
            "start": "2027-02-01",
            "end": "2027-07-31",
        }
    ],
    "indicators": [
        {
            "name": "Children attending at least 10 sessions",
            "kind": "output",
            "unit": "children",
            "baseline": "0",
            "target": "120",
        }
    ],
    "budget": [
        {
            "category": "staff",
            "item": "Two facilitators, 6 months",
            "amount": "3000000.00",
            "cofinancing": "0.00",
        },
        {
            "category": "activities",
            "item": "Materials and transport",
            "amount": "1500000.00",
            "cofinancing": "200000.00",
        },
    ],
    "team": [{"name": "Aigerim S.", "role": "project lead", "experience": "8 years"}],
    "partners": [{"name": "School No. 12", "contribution": "rooms"}],
    "sustainability": "Parents' association takes over the club after the project.",
    "risks": [{"risk": "Low attendance", "mitigation": "Transport for families"}],
    "declarations": {"truthful": True, "no_conflict": True, "data_processing": True},
}


def complete_content(**overrides) -> dict:
    """A full, valid content dict (content_problems() is empty); amounts in KZT, total
    requested 4,500,000.00. Keyword arguments replace top-level keys."""
    content = copy.deepcopy(COMPLETE_CONTENT)
    content.update(copy.deepcopy(overrides))
    return content


def _open_call(jurisdiction: str = "KZ") -> tuple[Call, Lot]:
    call = call_make(body=body_make(jurisdiction), state=CallState.OPEN)
    return call, call.lots.order_by("number").first()


def application_make(
    call: Call | None = None,
    lot: Lot | None = None,
    organisation: Organisation | None = None,
    user: User | None = None,
    content: dict | None = None,
    state: str = "draft",
    **fields,
) -> Application:
    """An application (draft by default) with denormalised title and amounts computed from
    `content` (complete_content() when None). `user` becomes a member of `organisation`
    unless already one."""
    if lot is not None and call is None:
        call = lot.call
    if call is None:
        call, lot = _open_call()
    if lot is None:
        lot = call.lots.order_by("number").first()
    if organisation is None:
        organisation = organisation_make(call.jurisdiction_id)
    if user is None:
        user = member_make(organisation)
    elif not user.memberships.filter(organisation=organisation).exists():
        member_make(organisation, user=user)
    content = complete_content() if content is None else content
    totals = content_totals(content)
    values = {
        "call": call,
        "lot": lot,
        "organisation": organisation,
        "created_by": user,
        "state": state,
        "content": content,
        "title": str(content.get("title") or "")[:300],
        "amount_requested": totals.requested,
        "cofinancing": totals.cofinancing,
        "currency": lot.currency,
    }
    if state == "submitted":
        values["submitted_at"] = timezone.now()
    values.update(fields)
    return Application.objects.create(**values)


def editor_post_data(application: Application, **fields) -> dict:
    """The POST data the editor page sends for `application` as stored (what a browser
    submits unchanged), with `fields` (by HTML name, e.g. title="...") replaced."""
    from datetime import date

    from hamkori.applications.forms import ApplicationEditor
    from hamkori.registry.models import Region

    regions = Region.objects.filter(jurisdiction_id=application.call.jurisdiction_id)
    editor = ApplicationEditor(application, regions=list(regions))
    data: dict = {"lock_version": application.lock_version}
    forms = [editor.main]
    for formset in editor.formsets.values():
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False or value == "":
                continue
            if value is True:
                value = "on"
            elif isinstance(value, date):
                value = value.isoformat()
            data[bound.html_name] = value
    data.update(fields)
    return data
