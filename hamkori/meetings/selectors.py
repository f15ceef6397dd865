"""Reads of meetings: one call fetches and checks permission (404 for what the user may not
see); lists prefetch what their page shows so a page runs a fixed number of queries."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hamkori.councils.models import Council, Member
from hamkori.councils.selectors import council_current_members
from hamkori.meetings.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    Ballot,
    BallotBox,
    BallotBoxState,
    BallotCast,
    Meeting,
    MeetingState,
    Registration,
    RegistrationStatus,
    Vote,
)
from hamkori.meetings.permissions import (
    can_cast_ballot,
    can_manage_meeting,
    can_run_ballot,
    can_view_meeting,
    is_present_member,
)
from hamkori.meetings.workflow import PUBLIC_STATES
from hamkori.rules.selectors import RuleMissing, local_zone, rule_fraction


def meeting_day(meeting: Meeting) -> date:
    """The meeting's date where the council sits."""
    return timezone.localtime(meeting.starts_at, local_zone(meeting.council.jurisdiction_id)).date()


def council_members_on(council: Council, day: date) -> list[Member]:
    """The members who hold a seat on `day` (all of them count toward the quorum), officers
    first."""
    return council_current_members(council, on=day)


@dataclass(frozen=True)
class Quorum:
    members_total: int
    # None when the jurisdiction has no quorum rule: shown as "not set", and no vote is taken.
    required: int | None
    present: int
    share: str

    @property
    def reached(self) -> bool:
        return self.required is not None and self.present >= self.required


def meeting_quorum(meeting: Meeting, *, members_total: int | None = None) -> Quorum:
    """The quorum of a meeting: ceil(council.quorum_share × all current members); KZ: two
    thirds of all members (Model regulation, Order No 69 of 26.02.2021)."""
    day = meeting_day(meeting)
    if members_total is None:
        members_total = len(council_members_on(meeting.council, day))
    present = meeting.attendances.filter(present=True).count()
    try:
        share = rule_fraction(meeting.council.jurisdiction_id, "council.quorum_share", on=day)
    except RuleMissing:
        return Quorum(members_total, None, present, "")
    return Quorum(members_total, math.ceil(share * members_total), present, str(share))


def meeting_get_for(*, user, pk: int) -> Meeting:
    """A meeting the user may see, with its council and host; 404 otherwise."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("council", "council__host", "council__jurisdiction"), pk=pk
    )
    if not can_view_meeting(user, meeting):
        raise Http404
    return meeting


def council_get(*, code: str) -> Council:
    """A council by its code (councils are public)."""
    return get_object_or_404(Council.objects.select_related("host"), code=code)


def meeting_list_for(*, user, council: Council) -> list[Meeting]:
    """The council's meetings the user may see, newest first, with their counts."""
    meetings = (
        Meeting.objects.filter(council=council)
        .select_related("council")
        .annotate(
            item_count=Count("agenda_items", distinct=True),
            registered=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.CONFIRMED),
                distinct=True,
            ),
        )
        .order_by("-starts_at", "-number")
    )
    probe = Meeting(council=council, state=MeetingState.PLANNED)
    if not can_manage_meeting(user, probe):
        meetings = meetings.filter(state__in=PUBLIC_STATES, notice_published_at__isnull=False)
    return list(meetings)


def council_public_meetings(council: Council) -> QuerySet[Meeting]:
    """The meetings in the council's public iCal feed."""
    return Meeting.objects.filter(
        council=council, state__in=PUBLIC_STATES, notice_published_at__isnull=False
    ).order_by("starts_at", "number")


@dataclass
class ItemView:
    item: AgendaItem
    depth: int
    number: str
    votes: list[Vote] = field(default_factory=list)


def agenda_tree(items: Sequence[AgendaItem]) -> list[ItemView]:
    """The agenda in reading order, numbered "1", "1.1", "1.2", "2"…"""
    children: dict[int | None, list[AgendaItem]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    out: list[ItemView] = []

    def walk(parent: int | None, prefix: str, depth: int) -> None:
        for index, item in enumerate(
            sorted(children.get(parent, []), key=lambda i: (i.order, i.pk)), 1
        ):
            number = f"{prefix}{index}"
            out.append(ItemView(item, depth, number, list(getattr(item, "vote_list", []))))
            walk(item.pk, f"{number}.", depth + 1)

    walk(None, "", 0)
    return out


@dataclass
class MeetingView:
    meeting: Meeting
    agenda: list[ItemView]
    quorum: Quorum
    attendance: list[Attendance]
    confirmed: list[Registration]
    waiting: list[Registration]
    members: list[Member]


def meeting_view(meeting: Meeting, *, with_registrations: bool = False) -> MeetingView:
    """Everything a meeting page or its minutes show, in a fixed number of queries."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting).prefetch_related(
            Prefetch("documents", queryset=AgendaDocument.objects.order_by("uploaded_at", "pk")),
            Prefetch(
                "votes",
                queryset=Vote.objects.select_related("candidate").prefetch_related(
                    Prefetch("ballots", queryset=Ballot.objects.select_related("member"))
                ),
                to_attr="vote_list",
            ),
        )
    )
    members = council_members_on(meeting.council, meeting_day(meeting))
    attendance = list(meeting.attendances.select_related("member").order_by("member__full_name"))
    confirmed: list[Registration] = []
    waiting: list[Registration] = []
    if with_registrations:
        for registration in meeting.registrations.exclude(status=RegistrationStatus.CANCELLED):
            (confirmed if registration.status == RegistrationStatus.CONFIRMED else waiting).append(
                registration
            )
    return MeetingView(
        meeting=meeting,
        agenda=agenda_tree(items),
        quorum=meeting_quorum(meeting, members_total=len(members)),
        attendance=attendance,
        confirmed=confirmed,
        waiting=waiting,
        members=members,
    )


def registration_counts(meeting: Meeting) -> dict[str, int]:
    """How many places are taken and how many people wait."""
    rows = meeting.registrations.values("status").annotate(n=Count("pk"))
    counts = {row["status"]: row["n"] for row in rows}
    return {
        "confirmed": counts.get(RegistrationStatus.CONFIRMED, 0),
        "waiting": counts.get(RegistrationStatus.WAITING, 0),
    }


def registration_of_user(meeting: Meeting, user) -> tuple[Registration | None, int]:
    """The signed-in user's live registration for the meeting (made from their account or
    with their e-mail address) and, when they wait, their place on the waiting list."""
    if not getattr(user, "is_authenticated", False):
        return None, 0
    live = meeting.registrations.exclude(status=RegistrationStatus.CANCELLED)
    mine = (
        live.filter(Q(user=user) | Q(email=(user.email or "").strip().lower()))
        .order_by("created_at", "pk")
        .first()
    )
    if mine is None or mine.status != RegistrationStatus.WAITING:
        return mine, 0
    ahead = live.filter(status=RegistrationStatus.WAITING).filter(
        Q(created_at__lt=mine.created_at) | Q(created_at=mine.created_at, pk__lt=mine.pk)
    )
    return mine, ahead.count() + 1


def registration_by_token(token: str) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("meeting", "meeting__council"), token=token
    )


def agenda_document_get_for(*, user, pk: int) -> AgendaDocument:
    document = get_object_or_404(
        AgendaDocument.objects.select_related("item__meeting__council"), pk=pk
    )
    if not can_view_meeting(user, document.item.meeting):
        raise Http404
    return document


# --- members' own votes (ballot boxes) -------------------------------------------------------


def meeting_open_ballot_box(meeting: Meeting) -> BallotBox | None:
    """The vote now open to the members present at the meeting, if any."""
    box = (
        BallotBox.objects.filter(meeting=meeting, state=BallotBoxState.OPEN)
        .select_related("item", "candidate")
        .first()
    )
    if box is not None:
        box.meeting = box.item.meeting = meeting
    return box


def ballot_box_get_for(*, user, pk: int, to: str = "view") -> BallotBox:
    """A ballot box of a meeting the user may see (404 otherwise). `to="cast"`: the user is
    recorded present at the meeting or manages it; `to="run"`: the user manages it
    (PermissionDenied otherwise). Whether the box is still open is the services' to say."""
    box = get_object_or_404(
        BallotBox.objects.select_related(
            "meeting__council__host", "meeting__council__jurisdiction", "item", "candidate"
        ),
        pk=pk,
    )
    meeting = box.item.meeting = box.meeting
    if not can_view_meeting(user, meeting):
        raise Http404
    manages = can_manage_meeting(user, meeting)
    if to == "run" and not manages:
        raise PermissionDenied("can_manage_meeting")
    if to == "cast" and not (manages or is_present_member(user, meeting)):
        raise PermissionDenied("is_present_member")
    return box


@dataclass
class BallotBoxView:
    box: BallotBox
    present: list[Member]
    casts: dict[int, BallotCast]
    # May the viewer vote for their own seat / run the box (record for others, close, cancel)?
    can_cast: bool
    can_run: bool
    my_member: Member | None

    @property
    def voted(self) -> int:
        return sum(1 for m in self.present if m.pk in self.casts)

    @property
    def missing(self) -> list[Member]:
        return [m for m in self.present if m.pk not in self.casts]

    @property
    def my_cast(self) -> BallotCast | None:
        return self.casts.get(self.my_member.pk) if self.my_member else None

    @property
    def rows(self) -> list[tuple[Member, BallotCast | None]]:
        return [(m, self.casts.get(m.pk)) for m in self.present]


def ballot_box_view(box: BallotBox, *, user, present: list[Member] | None = None) -> BallotBoxView:
    """What the meeting page shows of a ballot box, in a fixed number of queries: the members
    present (from `present` when the caller has them), their current choices, and what the
    viewer may do."""
    if present is None:
        present = [
            a.member
            for a in box.meeting.attendances.filter(present=True)
            .select_related("member")
            .order_by("member__full_name", "member_id")
        ]
    casts = {cast.member_id: cast for cast in box.casts.all()}
    can_cast = can_cast_ballot(user, box)
    user_pk = getattr(user, "pk", None)
    my_member = next((m for m in present if m.user_id == user_pk), None) if can_cast else None
    return BallotBoxView(
        box=box,
        present=present,
        casts=casts,
        can_cast=can_cast,
        can_run=can_run_ballot(user, box),
        my_member=my_member,
    )
