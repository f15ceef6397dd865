"""Reads of consultations and programmes. `<entity>_get_for` fetches and checks permission
in one call (404 for what the user may not see); pages load everything they show in a fixed
number of queries, whatever the number of comments or sessions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone

from hamkori.accounts.models import MembershipStatus, User
from hamkori.core.i18n import translated
from hamkori.dialogue.models import (
    REPORT_LAYOUT,
    Comment,
    Consultation,
    FollowUp,
    Handling,
    Programme,
    ReportDocument,
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
from hamkori.rules.models import Jurisdiction

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


# Comments shown under each section on the consultation page; the rest are on the section's
# own comments page, COMMENTS_PER_PAGE at a time (the report pages through them the same way).
COMMENTS_PREVIEW = 5
COMMENTS_PER_PAGE = 50


@dataclass
class CommentGroup:
    """The comments on one section (or, `section` None, on the whole draft): how many are
    visible and hidden, and the latest few, newest first."""

    section: Section | None
    visible: int = 0
    hidden: int = 0
    latest: list[Comment] = field(default_factory=list)

    @property
    def more(self) -> bool:
        return self.visible + self.hidden > len(self.latest)


@dataclass
class ConsultationPage:
    consultation: Consultation
    sections: list[CommentGroup]
    general: CommentGroup  # on the whole draft


def consultation_page(consultation: Consultation) -> ConsultationPage:
    """The sections, each with its number of comments and its latest COMMENTS_PREVIEW, and the
    same for the whole draft: 3 queries, whatever the number of comments."""
    sections = list(Section.objects.filter(consultation=consultation).order_by("number"))
    groups: dict[int | None, CommentGroup] = {s.pk: CommentGroup(section=s) for s in sections}
    groups[None] = CommentGroup(section=None)
    counts = (
        Comment.objects.filter(consultation=consultation)
        .order_by()
        .values("section_id")
        .annotate(
            visible_count=Count("pk", filter=Q(hidden_at__isnull=True)),
            hidden_count=Count("pk", filter=Q(hidden_at__isnull=False)),
        )
    )
    for row in counts:
        group = groups.get(row["section_id"])
        if group is not None:
            group.visible, group.hidden = row["visible_count"], row["hidden_count"]
    # The latest few of every section in one query: rank within each section, newest first
    # (a NULL section, the whole draft, is one partition too).
    latest = (
        Comment.objects.filter(consultation=consultation)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("section_id")],
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=COMMENTS_PREVIEW)
        .select_related("author", "organisation")
        .order_by("-created_at", "-pk")
    )
    for comment in latest:
        group = groups.get(comment.section_id)
        if group is not None:
            group.latest.append(comment)
    return ConsultationPage(
        consultation=consultation,
        sections=[groups[s.pk] for s in sections],
        general=groups[None],
    )


def section_get_for(*, consultation: Consultation, number: int) -> Section:
    section = Section.objects.filter(consultation=consultation, number=number).order_by().first()
    if section is None:
        raise Http404("no such section")
    return section


def comment_list(*, consultation: Consultation, section: Section | None) -> QuerySet[Comment]:
    """The comments on a section (or on the whole draft, `section` None), newest first, hidden
    ones included (their reason is shown in their place); for a Paginator."""
    return (
        Comment.objects.filter(consultation=consultation, section=section)
        .select_related("author", "organisation")
        .order_by("-created_at", "-pk")
    )


def comment_list_visible(*, consultation: Consultation, section: Section | None) -> int:
    """How many comments on the section (or the whole draft) are not hidden."""
    return Comment.objects.filter(
        consultation=consultation, section=section, hidden_at__isnull=True
    ).count()


def _same_section(comment: Comment) -> Q:
    if comment.section_id is None:
        return Q(section__isnull=True)
    return Q(section_id=comment.section_id)


def comment_list_page_number(comment: Comment) -> int:
    """The page of `comment_list` that shows `comment` (1 query)."""
    newer = Q(created_at__gt=comment.created_at) | Q(
        created_at=comment.created_at, pk__gt=comment.pk
    )
    return (
        Comment.objects.filter(consultation_id=comment.consultation_id)
        .filter(_same_section(comment) & newer)
        .count()
        // COMMENTS_PER_PAGE
        + 1
    )


# --- the closing report ------------------------------------------------------------------


def report_totals(consultation: Consultation) -> dict[str, int]:
    """How many comments there are and how they were handled, in one aggregate query: `total`
    (hidden included), `hidden`, `waiting` (visible, no handling yet) and one per Handling."""
    visible = Q(hidden_at__isnull=True)
    return Comment.objects.filter(consultation=consultation).aggregate(
        total=Count("pk"),
        hidden=Count("pk", filter=Q(hidden_at__isnull=False)),
        waiting=Count("pk", filter=visible & Q(handling="")),
        **{value: Count("pk", filter=visible & Q(handling=value)) for value in Handling.values},
    )


def report_comments(consultation: Consultation) -> QuerySet[Comment]:
    """Every comment in the order of the draft: by section, the whole draft last, then by
    time; for a Paginator (the page) or whole (the PDF)."""
    return (
        Comment.objects.filter(consultation=consultation)
        .select_related("author", "organisation", "section")
        .order_by(F("section__number").asc(nulls_last=True), "created_at", "pk")
    )


def report_page_number(comment: Comment) -> int:
    """The page of `report_comments` that shows `comment` (1 query)."""
    earlier_here = _same_section(comment) & (
        Q(created_at__lt=comment.created_at) | Q(created_at=comment.created_at, pk__lt=comment.pk)
    )
    # The whole draft comes last: every comment on a section is before one on the draft.
    if comment.section is None:
        before = Q(section__isnull=False) | earlier_here
    else:
        before = Q(section__number__lt=comment.section.number) | earlier_here
    others = Comment.objects.filter(consultation_id=comment.consultation_id)
    return others.filter(before).count() // COMMENTS_PER_PAGE + 1


@dataclass
class ReportGroup:
    section: Section | None
    comments: list[Comment]


def report_groups(comments: Iterable[Comment]) -> list[ReportGroup]:
    """Comments in report order (`report_comments`, or a page of it) under their sections."""
    groups: list[ReportGroup] = []
    current: object = object()
    for comment in comments:
        if comment.section_id != current:
            current = comment.section_id
            groups.append(ReportGroup(section=comment.section, comments=[]))
        groups[-1].comments.append(comment)
    return groups


def report_document_kept(*, consultation: Consultation, language: str) -> ReportDocument | None:
    """The kept PDF of the report in `language` when it is current, else None."""
    document = ReportDocument.objects.filter(consultation=consultation, language=language).first()
    if document is None or not document.fresh_for(consultation):
        return None
    return document


def report_documents_due(limit: int) -> list[tuple[Consultation, str]]:
    """Up to `limit` (consultation, language) pairs of published reports whose PDF is missing
    or stale, the longest-published first (2 queries)."""
    languages = [code for code, _name in settings.LANGUAGES]
    fresh = Count(
        "report_documents",
        filter=Q(
            report_documents__version=F("report_version"),
            report_documents__layout=REPORT_LAYOUT,
        ),
    )
    due = (
        Consultation.objects.filter(state=ConsultationState.REPORTED)
        .annotate(fresh=fresh)
        .filter(fresh__lt=len(languages))
        .select_related("organiser")
        .prefetch_related("report_documents")
        .order_by("report_published_at", "pk")[:limit]
    )
    pairs: list[tuple[Consultation, str]] = []
    for consultation in due:
        kept = {
            d.language for d in consultation.report_documents.all() if d.fresh_for(consultation)
        }
        pairs.extend((consultation, code) for code in languages if code not in kept)
    return pairs[:limit]


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
    """Sessions grouped by their local day, with hosts and follow-up actions (overdue ones
    marked), and the delegation with its countries' names (4 queries)."""
    sessions = list(
        Session.objects.filter(programme=programme)
        .select_related("host")
        .prefetch_related(Prefetch("follow_ups", queryset=FollowUp.objects.order_by("pk")))
        .order_by("starts_at", "pk")
    )
    days: dict[date, list[Session]] = {}
    open_actions = 0
    now = timezone.now()
    for session in sessions:
        local_start = session.starts_at.astimezone(session.zone)
        session.local_start = local_start  # type: ignore[attr-defined]
        session.local_end = session.ends_at.astimezone(session.zone)  # type: ignore[attr-defined]
        session.utc_offset = utc_offset_label(local_start)  # type: ignore[attr-defined]
        days.setdefault(local_start.date(), []).append(session)
        # Overdue where the session took place: the action is due by that city's day.
        today = now.astimezone(session.zone).date()
        for action in session.follow_ups.all():
            action.overdue = (  # type: ignore[attr-defined]
                not action.done and action.due_on is not None and action.due_on < today
            )
            open_actions += not action.done
    participants = list(programme.participants.order_by("pk"))
    if participants:
        names = {
            country.code: translated(country, "name")
            for country in Jurisdiction.objects.filter(code__in={p.country for p in participants})
        }
        for participant in participants:
            # A country the platform has no rules for is shown by its ISO code.
            participant.country_name = (  # type: ignore[attr-defined]
                names.get(participant.country) or participant.country
            )
    return ProgrammePage(
        programme=programme,
        days=[ProgrammeDay(day, items) for day, items in sorted(days.items())],
        sessions=sessions,
        participants=participants,
        follow_ups_open=open_actions,
    )


def utc_offset_label(moment: datetime) -> str:
    """ "UTC+5", "UTC+5:30", "UTC−3": the offset as people write it, not "+0500"."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def session_get_for_manager(*, programme: Programme, pk: int) -> Session:
    session = Session.objects.select_related("host").filter(pk=pk, programme=programme).first()
    if session is None:
        raise Http404("no such session")
    return session
