"""Reads for the officials' prioritisation view and its CSV export, and the public "problems
by region" summary (issue 7). Officials (state bodies and the grant operator), auditors and
platform administrators read the problems of their jurisdictions; hidden problems and
duplicates (whose supports stay on them, never moved) are left out of both."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Sum, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamkori.accounts.permissions import is_auditor, is_official, is_platform_admin
from hamkori.calls.models import TargetGroup
from hamkori.core.i18n import translated
from hamkori.core.links import absolute_url
from hamkori.problems.models import Problem, ProblemLot
from hamkori.registry.models import Region
from hamkori.rules.models import Jurisdiction
from hamkori.rules.selectors import local_zone

if TYPE_CHECKING:
    from collections.abc import Iterable

# Who reads the prioritisation view in a jurisdiction.
can_prioritise = is_official | is_auditor | is_platform_admin

SORTS: dict[str, tuple[Any, ...]] = {
    "supports": (F("support_count").desc(), "-created_at", "pk"),
    "people": (F("people_affected").desc(nulls_last=True), "-support_count", "pk"),
    "oldest": ("created_at", "pk"),
    "newest": ("-created_at", "-pk"),
    # Open obligations first, the nearest deadline first; answered problems and those with no
    # deadline after them.
    "answer_due": (
        Case(
            When(first_answered_on__isnull=True, answer_due_on__isnull=False, then=Value(0)),
            default=Value(1),
        ),
        F("answer_due_on").asc(nulls_last=True),
        "-support_count",
        "pk",
    ),
}
SORT_LABELS = {
    "supports": gettext_lazy("most supported"),
    "people": gettext_lazy("most people affected"),
    "oldest": gettext_lazy("oldest first"),
    "newest": gettext_lazy("newest first"),
    "answer_due": gettext_lazy("answer due soonest"),
}
# CSV rows are read in chunks of this many problems, each with its regions and lots (three
# queries per chunk); a chunk bounds the memory the export needs.
CSV_CHUNK = 2_000


@dataclass(frozen=True)
class PriorityFilter:
    jurisdiction: str = ""
    region: str = ""
    target_group: str = ""
    state: str = ""
    reported_within_days: int | None = None
    older_than_days: int | None = None
    min_supports: int | None = None
    min_people: int | None = None
    overdue_only: bool = False
    sort: str = "supports"


@dataclass
class PriorityRow:
    problem: Problem
    overdue: bool
    regions: list[Region] = field(default_factory=list)
    lots: list[ProblemLot] = field(default_factory=list)


def priority_jurisdictions(user) -> list[Jurisdiction]:
    """The jurisdictions whose problems `user` may prioritise (empty: none)."""
    return [j for j in Jurisdiction.objects.all() if can_prioritise(user, j)]


def _todays(jurisdictions: Iterable[Jurisdiction]) -> dict[str, date]:
    from django.utils import timezone

    now = timezone.now()
    return {j.code: now.astimezone(local_zone(j)).date() for j in jurisdictions}


def priority_list_for(
    *, user, filters: PriorityFilter
) -> tuple[QuerySet[Problem], dict[str, date]]:
    """The filtered and sorted problems for the prioritisation view, and each visible
    jurisdiction's today (for overdue answers). PermissionDenied when the person prioritises
    in no jurisdiction."""
    jurisdictions = priority_jurisdictions(user)
    if not jurisdictions:
        raise PermissionDenied("can_prioritise")
    todays = _todays(jurisdictions)
    codes = list(todays)
    if filters.jurisdiction:
        if filters.jurisdiction not in codes:
            raise Http404
        codes = [filters.jurisdiction]
    problems = Problem.objects.filter(
        jurisdiction_id__in=codes, hidden_at__isnull=True, duplicate_of__isnull=True
    )
    if filters.region:
        problems = problems.filter(
            pk__in=Problem.regions.through.objects.filter(region_id=filters.region).values(
                "problem_id"
            )
        )
    if filters.target_group:
        problems = problems.filter(target_group=filters.target_group)
    if filters.state:
        problems = problems.filter(state=filters.state)
    if filters.min_supports is not None:
        problems = problems.filter(support_count__gte=filters.min_supports)
    if filters.min_people is not None:
        problems = problems.filter(people_affected__gte=filters.min_people)
    # Ages count in days of the jurisdiction's calendar from its today.
    if filters.reported_within_days is not None:
        problems = problems.filter(
            _reported_since(todays, codes, filters.reported_within_days, before=False)
        )
    if filters.older_than_days is not None:
        problems = problems.filter(
            _reported_since(todays, codes, filters.older_than_days, before=True)
        )
    if filters.overdue_only:
        overdue = Q(pk__in=[])
        for code in codes:
            overdue |= Q(jurisdiction_id=code, answer_due_on__lt=todays[code])
        problems = problems.filter(overdue, first_answered_on__isnull=True)
    ordering = SORTS.get(filters.sort, SORTS["supports"])
    return problems.order_by(*ordering), todays


def _reported_since(todays: dict[str, date], codes: list[str], days: int, *, before: bool) -> Q:
    """Reported on or after (or, `before`, earlier than) the local midnight `days` days before
    each jurisdiction's today."""
    condition = Q(pk__in=[])
    for code in codes:
        start = datetime.combine(todays[code] - timedelta(days=days), time.min, local_zone(code))
        lookup = "created_at__lt" if before else "created_at__gte"
        condition |= Q(jurisdiction_id=code, **{lookup: start})
    return condition


def priority_with_rows(problems: QuerySet[Problem]) -> QuerySet[Problem]:
    return problems.select_related("responsible_body").prefetch_related(
        "regions",
        Prefetch(
            "lot_links",
            queryset=ProblemLot.objects.select_related("lot__plan").order_by("pk"),
        ),
    )


def is_overdue(problem: Problem, todays: dict[str, date]) -> bool:
    """The threshold obliged an answer, none came and its due date has passed."""
    due = problem.answer_due_on
    today = todays.get(problem.jurisdiction_id)
    return bool(due and problem.first_answered_on is None and today is not None and due < today)


def priority_rows(problems: Iterable[Problem], todays: dict[str, date]) -> list[PriorityRow]:
    """Rows of a page (the problems prefetched by `priority_with_rows`)."""
    return [
        PriorityRow(
            problem=problem,
            overdue=is_overdue(problem, todays),
            regions=list(problem.regions.all()),
            lots=list(problem.lot_links.all()),
        )
        for problem in problems
    ]


class _Echo:
    """A file-like object whose write returns the line, for csv.writer into a stream."""

    def write(self, value: str) -> str:
        return value


def priority_csv_header() -> list[str]:
    return [
        _("reference"),
        _("title"),
        _("language"),
        _("regions"),
        _("target group"),
        _("people affected"),
        _("supports"),
        _("state"),
        _("reported on"),
        _("answer due"),
        _("answered on"),
        _("linked lots"),
        _("responsible body"),
        _("answer overdue"),
        _("page"),
    ]


def priority_csv_lines(
    problems: QuerySet[Problem], todays: dict[str, date], *, language: str | None = None
) -> Iterator[str]:
    """The CSV text of every filtered problem, line by line: UTF-8 with a byte-order mark so
    spreadsheet programs read Cyrillic correctly. Rows are fetched in chunks of CSV_CHUNK.
    The response streams after the view returned, so the reader's `language` is carried in."""
    with translation.override(language):
        yield from _csv_lines(problems, todays)


def _csv_lines(problems: QuerySet[Problem], todays: dict[str, date]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(priority_csv_header())
    zones = {code: local_zone(code) for code in todays}
    for problem in priority_with_rows(problems).iterator(chunk_size=CSV_CHUNK):
        zone = zones[problem.jurisdiction_id]
        yield writer.writerow(
            [
                problem.reference,
                problem.title,
                problem.language,
                "; ".join(f"{r.code} {r}" for r in problem.regions.all()),
                problem.get_target_group_display(),
                "" if problem.people_affected is None else problem.people_affected,
                problem.support_count,
                problem.get_state_display(),
                problem.created_at.astimezone(zone).date().isoformat(),
                problem.answer_due_on.isoformat() if problem.answer_due_on else "",
                problem.first_answered_on.isoformat() if problem.first_answered_on else "",
                "; ".join(f"{link.lot.plan} — {link.lot}" for link in problem.lot_links.all()),
                translated(problem.responsible_body, "name") if problem.responsible_body else "",
                _("yes") if is_overdue(problem, todays) else _("no"),
                absolute_url(reverse("problems:problem-detail", args=[problem.reference])),
            ]
        )


@dataclass
class RegionSummary:
    region: Region
    problems: int = 0
    supports: int = 0
    people: int = 0
    # (target group, its label, problems), most problems first
    top_groups: list[tuple[str, str, int]] = field(default_factory=list)


def problems_by_region(jurisdiction: Jurisdiction, top: int = 3) -> list[RegionSummary]:
    """Per region of `jurisdiction`: public problems (not hidden, not duplicates), their
    supports and people affected, and the `top` target groups by number of problems. Three
    queries."""
    rows = {
        region.code: RegionSummary(region=region)
        for region in Region.objects.filter(jurisdiction=jurisdiction).order_by("code")
    }
    through = Problem.regions.through.objects.filter(
        region__jurisdiction=jurisdiction,
        problem__hidden_at__isnull=True,
        problem__duplicate_of__isnull=True,
    )
    for total in through.values("region_id").annotate(
        problems=Count("problem_id"),
        supports=Sum("problem__support_count"),
        people=Sum("problem__people_affected"),
    ):
        summary = rows[total["region_id"]]
        summary.problems = total["problems"]
        summary.supports = total["supports"] or 0
        summary.people = total["people"] or 0
    labels = dict(TargetGroup.choices)
    groups = through.values("region_id", "problem__target_group").annotate(n=Count("problem_id"))
    for group in sorted(
        groups, key=lambda g: (-g["n"], str(labels.get(g["problem__target_group"], "")))
    ):
        summary = rows[group["region_id"]]
        if len(summary.top_groups) < top:
            code = group["problem__target_group"]
            summary.top_groups.append((code, str(labels.get(code, code)), group["n"]))
    return list(rows.values())


def problems_totals(jurisdiction: Jurisdiction) -> dict[str, int]:
    """The country's public problems, supports and people affected, each problem once (a
    problem in several regions counts in each region's row above). One query."""
    totals = Problem.objects.filter(
        jurisdiction=jurisdiction, hidden_at__isnull=True, duplicate_of__isnull=True
    ).aggregate(problems=Count("pk"), supports=Sum("support_count"), people=Sum("people_affected"))
    return {key: value or 0 for key, value in totals.items()}
