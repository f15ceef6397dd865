"""Reads of consultations and programmes. `<entity>_get_for` fetches and checks permission
in one call (404 for what the user may not see); pages load everything they show in a fixed
number of queries, whatever the number of comments or sessions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from hamkori.accounts.models import MembershipStatus, User
from hamkori.dialogue.models import (
    Comment,
    Consultation,
    FollowUp,
    Handling,
    Programme,
    Section,
    Session,
)
from hamkori.dialogue.permissions import (
    OFFICIAL_SECTORS,
    can_view_consultation,
    can_view_programme,
)
from hamkori.dialogue.workflow import ConsultationState, ProgrammeState
from hamkori.registry.models import Organisation

PUBLIC_STATES = (ConsultationState.OPEN, ConsultationState.CLOSED, ConsultationState.REPORTED)


def _with_counts(queryset: QuerySet[Consultation]) -> QuerySet[Consultation]:
    return queryset.select_related("organiser").annotate(
        comment_count=Count("comments", filter=Q(comments__hidden_at__isnull=True))
    )


def consultation_list(*, show: str = "", organiser_id: int | None = None) -> QuerySet[Consultation]:
    """Published consultations, newest first; `show` is "open" (taking or about to take
    comments) or "closed" (closed or reported)."""
    queryset = Consultation.objects.filter(state__in=PUBLIC_STATES)
    if show == "open":
        queryset = queryset.filter(state=ConsultationState.OPEN)
    elif show == "closed":
        queryset = queryset.filter(state__in=(ConsultationState.CLOSED, ConsultationState.REPORTED))
    if organiser_id:
        queryset = queryset.filter(organiser_id=organiser_id)
    return _with_counts(queryset).order_by("-opens_on", "-pk")


def consultation_organisers() -> list[Organisation]:
    """The bodies with at least one published consultation, for the list's filter."""
    return list(
        Organisation.objects.filter(consultations__state__in=PUBLIC_STATES)
        .distinct()
        .order_by("search_text")
    )


def managed_bodies(user: User) -> list[Organisation]:
    """The state bodies (and operator) the person is an official of."""
    if not user.is_authenticated:
        return []
    return list(
        Organisation.objects.filter(
            memberships__user=user,
            memberships__status=MembershipStatus.ACTIVE,
            sector__in=OFFICIAL_SECTORS,
        ).order_by("search_text")
    )


def consultation_list_managed(user: User) -> QuerySet[Consultation]:
    """Every consultation (drafts included) of the bodies the person is an official of."""
    bodies = [body.pk for body in managed_bodies(user)]
    return _with_counts(Consultation.objects.filter(organiser_id__in=bodies)).order_by(
        "-opens_on", "-pk"
    )


def consultation_get_for(*, user: User, pk: int) -> Consultation:
    consultation = (
        Consultation.objects.select_related("organiser", "council", "plan", "call")
        .filter(pk=pk)
        .first()
    )
    if consultation is None or not can_view_consultation(user, consultation):
        raise Http404("no such consultation")
    return consultation


@dataclass
class ConsultationPage:
    consultation: Consultation
    sections: list[Section]
    general: list[Comment]  # on the whole draft
    comments: list[Comment]  # all, in order
    counts: dict[str, int] = field(default_factory=dict)


def consultation_page(consultation: Consultation) -> ConsultationPage:
    """The sections with their comments, and the comments on the whole draft (2 queries)."""
    comments = list(
        Comment.objects.filter(consultation=consultation)
        .select_related("author", "organisation", "section")
        .order_by("created_at", "pk")
    )
    sections = list(Section.objects.filter(consultation=consultation).order_by("number"))
    by_section: dict[int | None, list[Comment]] = defaultdict(list)
    for comment in comments:
        by_section[comment.section_id].append(comment)
    for section in sections:
        section.comment_list = by_section.get(section.pk, [])  # type: ignore[attr-defined]
    counts = {value: 0 for value in Handling.values}
    counts["hidden"] = 0
    counts["waiting"] = 0
    for comment in comments:
        if comment.hidden:
            counts["hidden"] += 1
        elif comment.handling:
            counts[comment.handling] += 1
        else:
            counts["waiting"] += 1
    return ConsultationPage(
        consultation=consultation,
        sections=sections,
        general=by_section.get(None, []),
        comments=comments,
        counts=counts,
    )


def comment_get_for_manager(*, consultation: Consultation, pk: int) -> Comment:
    comment = (
        Comment.objects.select_related("author", "organisation", "section")
        .filter(pk=pk, consultation=consultation)
        .first()
    )
    if comment is None:
        raise Http404("no such comment")
    return comment


# --- programmes ------------------------------------------------------------------------


def programme_list() -> QuerySet[Programme]:
    """Published programmes, latest first, with their organisers and number of sessions."""
    return (
        Programme.objects.filter(state=ProgrammeState.PUBLISHED)
        .prefetch_related("organisers")
        .annotate(session_count=Count("sessions"))
        .order_by("-starts_on", "-pk")
    )


def programme_list_managed(user: User) -> QuerySet[Programme]:
    bodies = [body.pk for body in managed_bodies(user)]
    return (
        Programme.objects.filter(organisers__in=bodies)
        .distinct()
        .prefetch_related("organisers")
        .annotate(session_count=Count("sessions", distinct=True))
        .order_by("-starts_on", "-pk")
    )


def programme_get_for(*, user: User, pk: int) -> Programme:
    programme = Programme.objects.prefetch_related("organisers").filter(pk=pk).first()
    if programme is None or not can_view_programme(user, programme):
        raise Http404("no such programme")
    return programme


@dataclass
class ProgrammeDay:
    day: date
    sessions: list[Session]


@dataclass
class ProgrammePage:
    programme: Programme
    days: list[ProgrammeDay]
    sessions: list[Session]
    participants: list
    follow_ups_open: int


def programme_page(programme: Programme) -> ProgrammePage:
    """Sessions grouped by their local day, with hosts and follow-up actions, and the
    delegation (3 queries)."""
    sessions = list(
        Session.objects.filter(programme=programme)
        .select_related("host")
        .prefetch_related(Prefetch("follow_ups", queryset=FollowUp.objects.order_by("pk")))
        .order_by("starts_at", "pk")
    )
    days: dict[date, list[Session]] = {}
    open_actions = 0
    for session in sessions:
        local_start = session.starts_at.astimezone(session.zone)
        session.local_start = local_start  # type: ignore[attr-defined]
        session.local_end = session.ends_at.astimezone(session.zone)  # type: ignore[attr-defined]
        days.setdefault(local_start.date(), []).append(session)
        open_actions += sum(1 for f in session.follow_ups.all() if not f.done)
    return ProgrammePage(
        programme=programme,
        days=[ProgrammeDay(day, items) for day, items in sorted(days.items())],
        sessions=sessions,
        participants=list(programme.participants.order_by("pk")),
        follow_ups_open=open_actions,
    )


def session_get_for_manager(*, programme: Programme, pk: int) -> Session:
    session = Session.objects.select_related("host").filter(pk=pk, programme=programme).first()
    if session is None:
        raise Http404("no such session")
    return session
