"""Reads of rules: the value of a parameter on a date, working-day arithmetic, local times."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from typing import Any

from django.http import Http404
from django.utils import timezone

from hamkori.core.i18n import translated
from hamkori.rules.loader import parameter_catalogue
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


def rule_fraction(jurisdiction: str | Jurisdiction, key: str, on: date | None = None) -> Fraction:
    """A share (written "0.10" or "2/3") as an exact fraction: 2/3 of 15 members is 10."""
    return Fraction(str(rule_value(jurisdiction, key, on)))


def rule_month_day(
    jurisdiction: str | Jurisdiction, key: str, year: int, on: date | None = None
) -> date:
    """A yearly day ("03-31") placed in `year`, e.g. the annual-report deadline of a year."""
    month, day = (int(part) for part in str(rule_value(jurisdiction, key, on)).split("-"))
    return date(year, month, day)


def rules_in_force(on: date | None = None) -> list[RuleParameter]:
    """Every parameter's row in force on `on`, for all jurisdictions (one query)."""
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


def calendar_for(jurisdiction: str | Jurisdiction | Calendar) -> Calendar:
    """The working-day calendar of a jurisdiction (three queries).

    Not cached across calls: a cache keyed on anything cheaper than the rows themselves
    went stale when a row changed in place. A caller computing many deadlines loads the
    calendar once and passes it to working_days_add/working_days_between instead."""
    if isinstance(jurisdiction, Calendar):
        return jurisdiction
    if not isinstance(jurisdiction, Jurisdiction):
        jurisdiction = Jurisdiction.objects.get(code=jurisdiction)
    code = jurisdiction.code
    days = list(CalendarDay.objects.filter(jurisdiction_id=code).values_list("date", "kind"))
    return Calendar(
        code=code,
        weekend=frozenset(jurisdiction.weekend_days),
        holidays=frozenset(d for d, k in days if k in (DayKind.HOLIDAY, DayKind.DAY_OFF)),
        working=frozenset(d for d, k in days if k == DayKind.WORKING),
        years=frozenset(
            CalendarCoverage.objects.filter(jurisdiction_id=code).values_list("year", flat=True)
        ),
    )


def working_days_add(jurisdiction: str | Jurisdiction | Calendar, start: date, days: int) -> date:
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


def working_days_between(
    jurisdiction: str | Jurisdiction | Calendar, start: date, end: date
) -> int:
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


def local_today(jurisdiction: str | Jurisdiction) -> date:
    """Today's date in the jurisdiction (both are UTC+5; the server's clock may not be)."""
    return timezone.now().astimezone(local_zone(jurisdiction)).date()


def local_datetime(jurisdiction: str | Jurisdiction, day: date, at: time) -> datetime:
    """An aware datetime for a local wall-clock time, e.g. 18:30 Astana time on a deadline day."""
    return datetime.combine(day, at, tzinfo=local_zone(jurisdiction))


def jurisdiction_list() -> list[Jurisdiction]:
    return list(Jurisdiction.objects.order_by("code"))


@dataclass
class ComparisonRow:
    key: str
    label: str
    cells: list[RuleParameter | None]  # one per jurisdiction, in the order of `jurisdictions`


@dataclass
class ComparisonGroup:
    code: str
    rows: list[ComparisonRow] = field(default_factory=list)


@dataclass
class Comparison:
    on: date
    jurisdictions: list[Jurisdiction]
    groups: list[ComparisonGroup]


def rule_comparison(on: date | None = None) -> Comparison:
    """Every parameter in force on `on` for every jurisdiction side by side, grouped and
    ordered as in params.toml (two queries whatever the number of rows)."""
    on = on or timezone.localdate()
    jurisdictions = jurisdiction_list()
    current = {(row.jurisdiction_id, row.key): row for row in rules_in_force(on)}
    catalogue = parameter_catalogue()
    keys = list(catalogue) + sorted({key for _, key in current} - set(catalogue))
    groups: dict[str, ComparisonGroup] = {}
    for key in keys:
        cells = [current.get((j.code, key)) for j in jurisdictions]
        present = [cell for cell in cells if cell is not None]
        if not present:
            continue
        meta = catalogue.get(key, {})
        group = groups.setdefault(
            meta.get("group", "other"), ComparisonGroup(meta.get("group", "other"))
        )
        label = translated(present[0], "label") or key
        group.rows.append(ComparisonRow(key=key, label=label, cells=cells))
    return Comparison(on=on, jurisdictions=jurisdictions, groups=list(groups.values()))


def calendar_years() -> list[tuple[Jurisdiction, list[int]]]:
    """Each jurisdiction with the years whose holidays are loaded (two queries)."""
    years: dict[str, list[int]] = {}
    for code, year in CalendarCoverage.objects.order_by("jurisdiction_id", "year").values_list(
        "jurisdiction_id", "year"
    ):
        years.setdefault(code, []).append(year)
    return [(j, years.get(j.code, [])) for j in jurisdiction_list()]


@dataclass
class CalendarYear:
    jurisdiction: Jurisdiction
    year: int
    days: list[CalendarDay]
    years: list[int]


def calendar_year(code: str, year: int) -> CalendarYear:
    """The holidays and moved days of one loaded year; 404 for an unknown jurisdiction or a
    year whose holidays are not loaded (three queries)."""
    jurisdiction = Jurisdiction.objects.filter(code=code.upper()).first()
    if jurisdiction is None:
        raise Http404("unknown jurisdiction")
    years = sorted(
        CalendarCoverage.objects.filter(jurisdiction=jurisdiction).values_list("year", flat=True)
    )
    if year not in years:
        raise Http404("calendar not loaded for that year")
    days = list(
        CalendarDay.objects.filter(jurisdiction=jurisdiction, date__year=year).order_by("date")
    )
    return CalendarYear(jurisdiction=jurisdiction, year=year, days=days, years=years)


__all__ = [
    "Calendar",
    "CalendarNotCovered",
    "RuleMissing",
    "calendar_for",
    "calendar_year",
    "calendar_years",
    "local_datetime",
    "rule_comparison",
    "rule_fraction",
    "rule_get",
    "rule_month_day",
    "rule_value",
    "rules_in_force",
    "working_days_add",
    "working_days_between",
]
