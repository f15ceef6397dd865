"""Reads of public councils. Councils, their members and competition results are public;
managing them and reading the candidacies is for the host body's officials, the council's
secretary and the working group."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from hamkori.accounts.models import MembershipStatus, User
from hamkori.accounts.permissions import is_authenticated, is_platform_admin
from hamkori.councils.models import (
    Candidacy,
    CandidacyState,
    Commission,
    Competition,
    CompetitionState,
    Council,
    Member,
    Position,
    WorkingGroupMember,
)
from hamkori.councils.permissions import (
    can_decide_candidacy,
    can_manage_competition,
    can_manage_council,
)
from hamkori.registry.models import Organisation
from hamkori.registry.models import Sector as OrganisationSector
from hamkori.rules.selectors import local_today

# The order a council lists its members in: officers first.
POSITION_ORDER = [
    Position.CHAIR,
    Position.DEPUTY_CHAIR,
    Position.SECRETARY,
    Position.PRESIDIUM,
    Position.COMMISSION_MEMBER,
    Position.MEMBER,
]
POSITION_RANK = Case(
    *[When(position=p, then=Value(i)) for i, p in enumerate(POSITION_ORDER)],
    output_field=IntegerField(),
)


def _current(on: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}starts_on__lte": on}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": on})
    )


def council_list_for(
    *,
    user: User | None = None,
    jurisdiction: str = "",
    level: str = "",
    host: str = "",
    term: str = "",
    today: date | None = None,
) -> QuerySet[Council]:
    """Every council (they are public), newest term first, filtered by jurisdiction, level,
    host body and term (the current, past or next composition on `today`), with the number of
    members seated on each council's last day in force (today for current councils)."""
    councils = Council.objects.select_related("host", "jurisdiction", "predecessor")
    if jurisdiction:
        councils = councils.filter(jurisdiction_id=jurisdiction)
    if level:
        councils = councils.filter(level=level)
    if host:
        councils = councils.filter(host_id=int(host))
    today = today or timezone.localdate()
    if term == "current":
        councils = councils.filter(term_start__lte=today, term_end__gte=today)
    elif term == "past":
        councils = councils.filter(term_end__lt=today)
    elif term == "next":
        councils = councils.filter(term_start__gt=today)
    return councils.annotate(
        member_count=Count(
            "members",
            filter=Q(members__starts_on__lte=today)
            & (Q(members__ends_on__isnull=True) | Q(members__ends_on__gte=today)),
        )
    ).order_by("jurisdiction_id", "-term_end", "code")


def council_hosts() -> QuerySet[Organisation]:
    """The state bodies that host a council (for the list's filter)."""
    return (
        Organisation.objects.filter(councils__isnull=False)
        .distinct()
        .order_by("jurisdiction_id", "name_ru", "pk")
    )


def council_get_for(
    *, user: User | None, pk: int | None = None, code: str | None = None
) -> Council:
    """A council by id or by code (councils are public); 404 when there is none."""
    if (pk is None) == (code is None):
        raise TypeError("give pk or code")
    councils = Council.objects.select_related("host", "jurisdiction", "predecessor")
    council = (councils.filter(pk=pk) if pk is not None else councils.filter(code=code)).first()
    if council is None:
        raise Http404
    return council


def council_get_to_manage(*, user: User, pk: int) -> Council:
    """A council the user may manage; 404 otherwise."""
    council = council_get_for(user=user, pk=pk)
    if not can_manage_council(user, council):
        raise Http404
    return council


def council_current_members(council: Council, on: date | None = None) -> list[Member]:
    """The members seated on `on` (today in the council's jurisdiction by default), officers
    first, with their organisation and commission."""
    on = on or local_today(council.jurisdiction_id)
    return list(
        Member.objects.filter(_current(on), council=council)
        .select_related("organisation", "commission", "user")
        .annotate(rank=POSITION_RANK)
        .order_by("rank", "full_name", "pk")
    )


@dataclass(frozen=True)
class PositionGroup:
    position: str
    label: str
    members: list[Member]


def members_by_position(members: list[Member]) -> list[PositionGroup]:
    """Members grouped by position in POSITION_ORDER (groups without members left out)."""
    labels = dict(Position.choices)
    groups = []
    for position in POSITION_ORDER:
        seated = [m for m in members if m.position == position]
        if seated:
            groups.append(PositionGroup(position, str(labels[position]), seated))
    return groups


def council_members_all(council: Council) -> list[Member]:
    """Every seat the council has had, current and ended (for its managers)."""
    return list(
        Member.objects.filter(council=council)
        .select_related("organisation", "commission", "user")
        .annotate(rank=POSITION_RANK)
        .order_by("ends_on", "rank", "full_name", "pk")
    )


def council_commissions(council: Council, on: date | None = None) -> list[Commission]:
    """The council's commissions with their members seated on `on`."""
    on = on or local_today(council.jurisdiction_id)
    return list(
        Commission.objects.filter(council=council).prefetch_related(
            Prefetch(
                "members",
                queryset=Member.objects.filter(_current(on)).order_by("full_name", "pk"),
                to_attr="current_members",
            )
        )
    )


def councils_managed_by(user: User) -> list[Council]:
    """The councils the user may manage (see permissions.can_manage_council): those hosted by
    the state bodies they belong to, those whose secretary they are now, and, for platform
    administrators, all; newest term first, each with its competition."""
    if not is_authenticated(user):
        return []
    councils = (
        Council.objects.select_related("host", "jurisdiction")
        .prefetch_related("competitions")
        .order_by("jurisdiction_id", "-term_end", "code")
    )
    if not (user.is_superuser or is_platform_admin(user)):
        today = timezone.localdate()
        hosts = user.memberships.filter(
            status=MembershipStatus.ACTIVE, organisation__sector=OrganisationSector.STATE
        ).values("organisation_id")
        secretary_of = Member.objects.filter(
            _current(today), user=user, position=Position.SECRETARY
        ).values("council_id")
        councils = councils.filter(Q(host_id__in=hosts) | Q(pk__in=secretary_of))
    return list(councils)


def host_bodies_for(user: User) -> list[Organisation]:
    """The state bodies the user may create a council for."""
    if not is_authenticated(user):
        return []
    if user.is_superuser or is_platform_admin(user):
        return list(
            Organisation.objects.filter(sector=OrganisationSector.STATE).order_by(
                "jurisdiction_id", "name_ru", "pk"
            )
        )
    return list(
        Organisation.objects.filter(
            sector=OrganisationSector.STATE,
            memberships__user=user,
            memberships__status=MembershipStatus.ACTIVE,
        )
        .distinct()
        .order_by("jurisdiction_id", "name_ru", "pk")
    )


def user_by_email(email: str) -> User | None:
    """The active account with this e-mail address (case-insensitive), if any."""
    if not email.strip():
        return None
    return User.objects.filter(email__iexact=email.strip(), is_active=True).first()


# --- competitions -----------------------------------------------------------------------


def competition_of(council: Council) -> Competition | None:
    """The competition forming the council's next composition, if announced."""
    return Competition.objects.filter(council=council).select_related("successor").first()


def competition_get_for(*, user: User | None, pk: int) -> Competition:
    """A competition (public: the announcement, the window and, once published, the
    results); 404 when there is none."""
    competition = (
        Competition.objects.select_related("council", "council__host", "council__jurisdiction")
        .select_related("successor")
        .prefetch_related(
            Prefetch(
                "working_group",
                queryset=WorkingGroupMember.objects.select_related("user"),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if competition is None:
        raise Http404
    return competition


def competitions_open(jurisdiction: str = "") -> QuerySet[Competition]:
    """Competitions announced or open, soonest closing first."""
    competitions = Competition.objects.filter(state__in=["announced", "open"]).select_related(
        "council", "council__host"
    )
    if jurisdiction:
        competitions = competitions.filter(council__jurisdiction_id=jurisdiction)
    return competitions.order_by("closes_on", "pk")


def candidacy_list_for(*, user: User | None, competition: Competition) -> list[Candidacy]:
    """The candidacies the user may read: all of them for the working group and the council's
    managers, the user's own for an applicant, none for others."""
    if not is_authenticated(user):
        return []
    candidacies = (
        Candidacy.objects.filter(competition=competition)
        .select_related("organisation", "applicant", "decided_by")
        .prefetch_related("letters")
        .order_by("full_name", "pk")
    )
    if can_decide_candidacy(user, competition) or can_manage_competition(user, competition):
        return list(candidacies)
    return [_decision_hidden(c, competition) for c in candidacies.filter(applicant=user)]


def _decision_hidden(candidacy: Candidacy, competition: Competition) -> Candidacy:
    """The candidacy as its applicant sees it: the working group's decisions can change until
    the results are published, so until then it reads as submitted (the copy is never
    saved: services fetch their own)."""
    if competition.state != CompetitionState.PUBLISHED:
        candidacy.state = CandidacyState.SUBMITTED
        candidacy.reason = ""
        candidacy.decided_by = None
        candidacy.decided_at = None
    return candidacy


def candidacy_get_for(*, user: User, pk: int) -> Candidacy:
    """A candidacy its applicant, the working group or the council's managers may read."""
    candidacy = (
        Candidacy.objects.select_related(
            "competition", "competition__council", "competition__council__host", "organisation"
        )
        .filter(pk=pk)
        .first()
    )
    if candidacy is None or not is_authenticated(user):
        raise Http404
    competition = candidacy.competition
    if can_decide_candidacy(user, competition) or can_manage_competition(user, competition):
        return candidacy
    if candidacy.applicant_id != user.pk:
        raise Http404
    return _decision_hidden(candidacy, competition)


def competition_results(competition: Competition) -> list[Candidacy]:
    """The decided candidacies of a published competition (public: name, sector,
    organisation, decision and its reason)."""
    if competition.state != "published":
        return []
    return list(
        Candidacy.objects.filter(competition=competition)
        .select_related("organisation")
        .order_by("-state", "full_name", "pk")
    )
