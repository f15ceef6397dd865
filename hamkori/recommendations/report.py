"""A council's annual report: its meetings held in a year with attendance and quorum, the
recommendations adopted that year and sent to their bodies (one not sent yet is not public, so
the report neither lists nor counts it) and how the bodies answered them — as a page and as a
PDF rendered by WeasyPrint from the same partial (as decisions/minutes.py). A constant number of
queries whatever the size of the year."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time
from fractions import Fraction

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from hamkori.councils.models import Council
from hamkori.meetings.models import Meeting
from hamkori.recommendations.models import Recommendation
from hamkori.recommendations.selectors import Counters, counter_aggregates, flag
from hamkori.recommendations.services import HELD_STATES
from hamkori.recommendations.workflow import PUBLIC_STATES
from hamkori.rules.models import RuleParameter
from hamkori.rules.selectors import local_today, local_zone

QUORUM_RULE = "council.quorum_share"


@dataclass
class MeetingLine:
    meeting: Meeting
    day: date
    present: int
    members: int
    required: int | None  # None: no quorum rule in force that day

    @property
    def quorum_met(self) -> bool | None:
        return None if self.required is None else self.present >= self.required

    @property
    def share(self) -> int:
        return round(100 * self.present / self.members) if self.members else 0


@dataclass
class AnnualReport:
    council: Council
    year: int
    meetings: list[MeetingLine]
    counters: Counters
    adopted: int  # adopted that year and sent
    recommendations: list[Recommendation] = field(default_factory=list)
    today: date | None = None
    unsent: int = 0  # adopted that year, not sent yet: told to the council's managers only

    @property
    def average_attendance(self) -> int | None:
        """Members present as a share of all members, averaged over the meetings (%)."""
        lines = [line for line in self.meetings if line.members]
        if not lines:
            return None
        return round(sum(100 * line.present / line.members for line in lines) / len(lines))

    @property
    def quorum_met_count(self) -> int:
        return sum(1 for line in self.meetings if line.quorum_met)


def _quorum_share(rows: list[RuleParameter], day: date) -> Fraction | None:
    in_force = [row for row in rows if row.valid_from <= day]
    return Fraction(str(in_force[-1].value)) if in_force else None


def annual_report(council: Council, year: int) -> AnnualReport:
    """The report of `council` for `year` (calendar year in the council's local time)."""
    zone = local_zone(council.jurisdiction_id)
    start = datetime.combine(date(year, 1, 1), time.min, tzinfo=zone)
    end = datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=zone)
    meetings = list(
        Meeting.objects.filter(
            council=council, state__in=HELD_STATES, starts_at__gte=start, starts_at__lt=end
        )
        .annotate(present=Count("attendances", filter=Q(attendances__present=True)))
        .order_by("starts_at", "number")
    )
    seats = list(council.members.values_list("starts_on", "ends_on"))
    rules = list(
        RuleParameter.objects.filter(
            jurisdiction_id=council.jurisdiction_id, key=QUORUM_RULE
        ).order_by("valid_from")
    )
    lines = []
    for meeting in meetings:
        day = timezone.localtime(meeting.starts_at, zone).date()
        members = sum(
            1 for starts, ends in seats if starts <= day and (ends is None or ends >= day)
        )
        share = _quorum_share(rules, day)
        required = math.ceil(share * members) if share is not None else None
        lines.append(MeetingLine(meeting, day, meeting.present, members, required))
    today = local_today(council.jurisdiction_id)
    of_year = Recommendation.objects.filter(council=council, adopted_on__year=year)
    adopted = of_year.filter(state__in=PUBLIC_STATES)
    counters = Counters(**adopted.aggregate(**counter_aggregates(today)))
    recommendations = flag(
        list(adopted.select_related("addressee", "meeting").order_by("number")), today
    )
    return AnnualReport(
        council=council,
        year=year,
        meetings=lines,
        counters=counters,
        adopted=len(recommendations),
        recommendations=recommendations,
        today=today,
        unsent=of_year.exclude(state__in=PUBLIC_STATES).count(),
    )


def annual_report_pdf(report: AnnualReport, language: str) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only this needs

    with translation.override(language):
        html = render_to_string("recommendations/report_pdf.html", {"report": report})
    return HTML(string=html).write_pdf()
