"""Builders for meeting tests, made through the services so each test starts from a state
the platform can really reach."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from hamkori.councils.models import Council, Position
from hamkori.councils.tests.factories import council_make, seat_make
from hamkori.meetings import services
from hamkori.meetings.models import AgendaItem, Meeting
from hamkori.meetings.selectors import council_members_on, meeting_day


def secretary_of(council: Council):
    """The user in the council's secretary seat (one is made when there is none)."""
    seat = council.members.filter(position=Position.SECRETARY).select_related("user").first()
    return (seat or seat_make(council, position=Position.SECRETARY)).user


def meeting_make(
    council: Council | None = None,
    *,
    members: int = 5,
    starts_in: timedelta = timedelta(days=10),
    items: int = 1,
    publish: bool = False,
    **fields,
) -> Meeting:
    """A planned meeting with `items` agenda items, in the future by default; `publish`
    publishes its notice."""
    council = council or council_make(members=members)
    secretary = secretary_of(council)
    starts_at = timezone.now().replace(microsecond=0) + starts_in
    meeting = services.meeting_create(
        actor=secretary,
        council=council,
        title=fields.pop("title", {"en": "Meeting", "ru": "Заседание"}),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        place=fields.pop("place", "Astana"),
        **fields,
    )
    for index in range(items):
        services.agenda_item_add(
            actor=secretary, meeting=meeting, title={"en": f"Item {index + 1}"}
        )
    if publish:
        # A notice goes out before the meeting: a meeting in the past had it published while
        # it was still ahead (moved to tomorrow for the notice, then back).
        delta = max(timezone.now() + timedelta(days=1) - starts_at, timedelta(0))
        _shift(meeting, delta)
        meeting = services.meeting_transition(actor=secretary, meeting=meeting, action="publish")
        _shift(meeting, -delta)
    return meeting


def _shift(meeting: Meeting, delta: timedelta) -> None:
    if delta:
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=F("starts_at") + delta, ends_at=F("ends_at") + delta
        )
        AgendaItem.objects.filter(meeting=meeting, starts_at__isnull=False).update(
            starts_at=F("starts_at") + delta
        )
        meeting.refresh_from_db()


def held_meeting_make(council: Council | None = None, *, present: int | None = None, **fields):
    """A meeting that started an hour ago, published and held, with `present` members
    recorded present (all by default)."""
    meeting = meeting_make(council, starts_in=timedelta(hours=-1), publish=True, **fields)
    secretary = secretary_of(meeting.council)
    meeting = services.meeting_transition(actor=secretary, meeting=meeting, action="hold")
    members = council_members_on(meeting.council, meeting_day(meeting))
    chosen = members if present is None else members[:present]
    services.attendance_record(actor=secretary, meeting=meeting, present=chosen)
    return meeting


def first_item(meeting: Meeting) -> AgendaItem:
    return meeting.agenda_items.order_by("order", "pk").first()


def present_members(meeting: Meeting, *, secretary: bool = True) -> list:
    """The members recorded present, by name (the order the ballot box lists them); without
    the secretary's seat when `secretary` is False."""
    attendances = meeting.attendances.filter(present=True)
    if not secretary:
        attendances = attendances.exclude(member__position=Position.SECRETARY)
    return [
        a.member
        for a in attendances.select_related("member", "member__user").order_by(
            "member__full_name", "member_id"
        )
    ]


def ballot_box_make(meeting: Meeting, *, question: str = "Approve the plan", **terms):
    """An open ballot box on the meeting's first item, opened by the secretary."""
    return services.ballot_box_open(
        actor=secretary_of(meeting.council),
        item=first_item(meeting),
        question=question,
        **terms,
    )
