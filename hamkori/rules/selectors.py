"""Reads of rules: the value of a parameter on a date, working-day arithmetic, local times."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from django.utils import timezone

from hamkori.rules.models import CalendarCoverage, CalendarDay, DayKind, Jurisdiction, RuleParameter


class RuleMissing(LookupError):
    """No value of the parameter is in force on that date: a gap in the rule files."""


class CalendarNotCovered(LookupError):
    """The holidays of that year are not loaded; guessing would silently move deadlines."""


@dataclass(frozen=True)
class RuleValue:
    key: str
    value: Any
    valid_from: date
    unit: str
    evidence: str
    reference: str


def rule_get(jurisdiction: str | Jurisdiction, key: str, on: date | None = None) -> RuleValue:
    """The row of parameter `key` in force in `jurisdiction` on date `on` (today if None)."""
    code = jurisdiction.code if isinstance(jurisdiction, Jurisdiction) else jurisdiction
    on = on or timezone.localdate()
    row = (
        RuleParameter.objects.filter(jurisdiction_id=code, key=key, valid_from__lte=on)
        .order_by("-valid_from")
        .values("key", "value", "valid_from", "unit", "evidence", "reference")
        .first()
    )
    if row is None:
        raise RuleMissing(f"{code}: no value of {key!r} on {on}")
    return RuleValue(**row)


def rule_value(jurisdiction: str | Jurisdiction, key: str, on: date | None = None) -> Any:
    """Just the value of `key` in force on `on`."""
    return rule_get(jurisdiction, key, on).value


def rules_in_force(on: date | None = None) -> list[RuleParameter]:
    """Every parameter's row in force on `on`, for all jurisdictions (two queries)."""
    on = on or timezone.localdate()
    rows = RuleParameter.objects.filter(valid_from__lte=on).order_by(
        "jurisdiction_id", "key", "-valid_from"
    )
    seen: set[tuple[str, str]] = set()
    current = []
    for row in rows:
        if (row.jurisdiction_id, row.key) not in seen:
            seen.add((row.jurisdiction_id, row.key))
            current.append(row)
    return current


@dataclass(frozen=True)
class Calendar:
    code: str
    weekend: frozenset[int]
    holidays: frozenset[date]  # holidays and moved days off
    working: frozenset[date]  # weekend days made working days
    years: frozenset[int]

    def is_working_day(self, day: date) -> bool:
        if day.year not in self.years:
            raise CalendarNotCovered(f"{self.code}: holidays of {day.year} are not loaded")
        if day in self.working:
            return True
        return day.isoweekday() not in self.weekend and day not in self.holidays


@lru_cache(maxsize=8)
def _calendar_cached(code: str, version: tuple) -> Calendar:
    jurisdiction = Jurisdiction.objects.get(code=code)
    days = CalendarDay.objects.filter(jurisdiction_id=code).values_list("date", "kind")
    return Calendar(
        code=code,
        weekend=frozenset(jurisdiction.weekend_days),
        holidays=frozenset(d for d, k in days if k in (DayKind.HOLIDAY, DayKind.DAY_OFF)),
        working=frozenset(d for d, k in days if k == DayKind.WORKING),
        years=frozenset(
            CalendarCoverage.objects.filter(jurisdiction_id=code).values_list("year", flat=True)
        ),
    )


def calendar_for(jurisdiction: str | Jurisdiction) -> Calendar:
    code = jurisdiction.code if isinstance(jurisdiction, Jurisdiction) else jurisdiction
    # The cache key includes a cheap fingerprint of the rows, so reloading the rules (or a
    # test's own data) is seen at once without a stale calendar.
    return _calendar_cached(code, _fingerprint(code))


def _fingerprint(code: str) -> tuple:
    from django.db.models import Count, Max, Min

    days = CalendarDay.objects.filter(jurisdiction_id=code).aggregate(
        n=Count("id"), first=Min("id"), last=Max("id")
    )
    years = CalendarCoverage.objects.filter(jurisdiction_id=code).aggregate(
        n=Count("id"), last=Max("id")
    )
    return (days["n"], days["first"], days["last"], years["n"], years["last"])


def working_days_add(jurisdiction: str | Jurisdiction, start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself not counted).

    With days == 0 the result is `start` if it is a working day, else the next one."""
    if days < 0:
        raise ValueError("days must be >= 0")
    calendar = calendar_for(jurisdiction)
    current = start
    if days == 0:
        while not calendar.is_working_day(current):
            current += timedelta(days=1)
        return current
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if calendar.is_working_day(current):
            remaining -= 1
    return current


def working_days_between(jurisdiction: str | Jurisdiction, start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 if end <= start)."""
    calendar = calendar_for(jurisdiction)
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if calendar.is_working_day(current):
            count += 1
    return count


def local_zone(jurisdiction: str | Jurisdiction) -> zoneinfo.ZoneInfo:
    if isinstance(jurisdiction, Jurisdiction):
        return zoneinfo.ZoneInfo(jurisdiction.timezone)
    tz = Jurisdiction.objects.filter(code=jurisdiction).values_list("timezone", flat=True).first()
    if tz is None:
        raise Jurisdiction.DoesNotExist(jurisdiction)
    return zoneinfo.ZoneInfo(tz)


def local_datetime(jurisdiction: str | Jurisdiction, day: date, at: time) -> datetime:
    """An aware datetime for a local wall-clock time, e.g. 18:30 Astana time on a deadline day."""
    return datetime.combine(day, at, tzinfo=local_zone(jurisdiction))


def jurisdiction_list() -> list[Jurisdiction]:
    return list(Jurisdiction.objects.order_by("code"))


__all__ = [
    "CalendarNotCovered",
    "RuleMissing",
    "calendar_for",
    "local_datetime",
    "rule_get",
    "rule_value",
    "rules_in_force",
    "working_days_add",
    "working_days_between",
]
