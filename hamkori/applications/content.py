"""The structure of an application's content (the JSON in Application.content and in every
frozen version), its totals and its completeness. Forms write this structure; submission and
review read it. Amounts are decimal strings, never floats.

{
  "language": "ru",
  "title": "...", "summary": "...", "problem": "...",
  "target_group": {"description": "...", "size": 120, "regions": ["KZ-71"]},
  "objectives": "...",
  "duration_months": 12,
  "activities": [{"title": "...", "description": "...",
                  "start": "2027-02-01", "end": "2027-05-31"}],
  "indicators": [{"name": "...", "kind": "output|outcome", "unit": "...",
                  "baseline": "0", "target": "100"}],
  "budget": [{"category": "staff|activities|equipment|travel|institutional", "item": "...",
              "amount": "1500000.00", "cofinancing": "0.00"}],
  "team": [{"name": "...", "role": "...", "experience": "..."}],
  "partners": [{"name": "...", "contribution": "..."}],
  "sustainability": "...",
  "risks": [{"risk": "...", "mitigation": "..."}],
  "declarations": {"truthful": true, "no_conflict": true, "data_processing": true}
}
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

BUDGET_CATEGORIES = {
    "staff": _("staff costs"),
    "activities": _("activities"),
    "equipment": _("equipment"),
    "travel": _("travel"),
    "institutional": _("institutional and administrative costs"),
}
INDICATOR_KINDS = {"output": _("output"), "outcome": _("outcome")}
DECLARATIONS = {
    "truthful": _("The information in this application is true and complete."),
    "no_conflict": _(
        "No member of our governing bodies is an official of the funding body or an expert "
        "of this call."
    ),
    "data_processing": _(
        "We agree that the application is processed and, after the decision, its summary published."
    ),
}
TEXT_FIELDS = ("title", "summary", "problem", "objectives", "sustainability")


def empty_content(language: str = "ru") -> dict:
    return {
        "language": language,
        "title": "",
        "summary": "",
        "problem": "",
        "target_group": {"description": "", "size": None, "regions": []},
        "objectives": "",
        "duration_months": None,
        "activities": [],
        "indicators": [],
        "budget": [],
        "team": [],
        "partners": [],
        "sustainability": "",
        "risks": [],
        "declarations": {key: False for key in DECLARATIONS},
    }


def decimal_of(value) -> Decimal:
    """A money or measure value from the content; bad or empty input counts as zero (the
    completeness check reports it)."""
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        return Decimal("0.00")


@dataclass(frozen=True)
class Totals:
    requested: Decimal
    cofinancing: Decimal
    institutional: Decimal
    by_category: dict[str, Decimal]

    @property
    def institutional_share(self) -> Decimal:
        if not self.requested:
            return Decimal(0)
        return self.institutional / self.requested


def content_totals(content: dict) -> Totals:
    by_category = {key: Decimal("0.00") for key in BUDGET_CATEGORIES}
    cofinancing = Decimal("0.00")
    for line in content.get("budget") or []:
        category = line.get("category")
        if category in by_category:
            by_category[category] += decimal_of(line.get("amount"))
        cofinancing += decimal_of(line.get("cofinancing"))
    requested = sum(by_category.values(), Decimal("0.00"))
    return Totals(requested, cofinancing, by_category["institutional"], by_category)


def _date(value) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def content_problems(content: dict) -> list[tuple[str, str]]:
    """What is missing or inconsistent, as (field, message) pairs; empty when complete.
    Amount limits (lot, band, institutional cap) need the call and the rules: they are
    checked by the submission service."""
    problems: list[tuple[str, str]] = []
    for name in TEXT_FIELDS:
        if not str(content.get(name) or "").strip():
            problems.append((name, str(_("This field is required."))))
    group = content.get("target_group") or {}
    if not str(group.get("description") or "").strip():
        problems.append(("target_group", str(_("Describe the target group."))))
    if not isinstance(group.get("size"), int) or group.get("size", 0) <= 0:
        problems.append(("target_group", str(_("Give the number of people in the target group."))))
    if not group.get("regions"):
        problems.append(("target_group", str(_("Choose at least one region."))))
    duration = content.get("duration_months")
    if not isinstance(duration, int) or duration <= 0:
        problems.append(("duration_months", str(_("Give the duration in months."))))
    activities = content.get("activities") or []
    if not activities:
        problems.append(("activities", str(_("Add at least one activity."))))
    for n, activity in enumerate(activities, start=1):
        start, end = _date(activity.get("start")), _date(activity.get("end"))
        if not str(activity.get("title") or "").strip() or start is None or end is None:
            problems.append(
                (
                    "activities",
                    str(_("Activity %(n)s needs a title, a start and an end.") % {"n": n}),
                )
            )
        elif end < start:
            problems.append(
                ("activities", str(_("Activity %(n)s ends before it starts.") % {"n": n}))
            )
    indicators = content.get("indicators") or []
    if not indicators:
        problems.append(("indicators", str(_("Add at least one indicator."))))
    for n, indicator in enumerate(indicators, start=1):
        if (
            not str(indicator.get("name") or "").strip()
            or indicator.get("kind") not in INDICATOR_KINDS
            or not str(indicator.get("unit") or "").strip()
            or str(indicator.get("target") or "").strip() == ""
        ):
            problems.append(
                (
                    "indicators",
                    str(_("Indicator %(n)s needs a name, a kind, a unit and a target.") % {"n": n}),
                )
            )
    budget = content.get("budget") or []
    if not budget:
        problems.append(("budget", str(_("Add at least one budget line."))))
    for n, line in enumerate(budget, start=1):
        if line.get("category") not in BUDGET_CATEGORIES or not str(line.get("item") or "").strip():
            problems.append(
                ("budget", str(_("Budget line %(n)s needs a category and an item.") % {"n": n}))
            )
        if decimal_of(line.get("amount")) < 0 or decimal_of(line.get("cofinancing")) < 0:
            problems.append(
                ("budget", str(_("Budget line %(n)s has a negative amount.") % {"n": n}))
            )
    if budget and content_totals(content).requested <= 0:
        problems.append(("budget", str(_("The requested amount must be more than zero."))))
    declarations = content.get("declarations") or {}
    if not all(declarations.get(key) is True for key in DECLARATIONS):
        problems.append(("declarations", str(_("Confirm every declaration."))))
    return problems
