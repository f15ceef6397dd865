"""Reads of social problems. `problem_get_for` fetches and checks visibility in one call
(hidden problems are 404 except to moderators and auditors); the lists prefetch everything
their pages show, so a page runs a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from hamkori.accounts.models import MembershipStatus, PlatformRole, RoleGrant
from hamkori.core.i18n import fold_for_search
from hamkori.problems.models import Answer, Evidence, Problem, ProblemLot, Support
from hamkori.problems.permissions import can_view
from hamkori.problems.similarity import problem_index
from hamkori.problems.workflow import OPEN_STATES
from hamkori.rules.models import Jurisdiction
from hamkori.rules.selectors import local_today

SORTS = {
    "supports": ("-support_count", "-created_at", "-pk"),
    "newest": ("-created_at", "-pk"),
    "people": ("-people_affected", "-support_count", "-pk"),
}


def _public(queryset: QuerySet[Problem]) -> QuerySet[Problem]:
    return queryset.filter(hidden_at__isnull=True)


def _moderated_jurisdictions(user) -> list[str] | None:
    """Jurisdictions whose problems the user moderates; None means all (superuser or a
    platform-wide administrator)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser:
        return None
    grants = list(
        RoleGrant.objects.filter(
            user=user, role__in=[PlatformRole.ADMINISTRATOR, PlatformRole.AUDITOR]
        ).values_list("jurisdiction_id", flat=True)
    )
    if any(j is None for j in grants):
        return None
    states = user.memberships.filter(
        status=MembershipStatus.ACTIVE, organisation__sector="state"
    ).values_list("organisation__jurisdiction_id", flat=True)
    return sorted(set(grants) | set(states))


def _visible_to(user) -> Q:
    jurisdictions = _moderated_jurisdictions(user)
    if jurisdictions is None:
        return Q()
    return Q(hidden_at__isnull=True) | Q(jurisdiction_id__in=jurisdictions)


def overdue_q() -> Q:
    """Answer due before today (in each jurisdiction's own day) and not answered."""
    condition = Q(pk__in=[])
    for code in Jurisdiction.objects.values_list("code", flat=True):
        condition |= Q(jurisdiction_id=code, answer_due_on__lt=local_today(code))
    return condition & Q(first_answered_on__isnull=True)


def _list_queryset() -> QuerySet[Problem]:
    return Problem.objects.select_related(
        "jurisdiction", "organisation", "responsible_body", "duplicate_of"
    ).prefetch_related("regions")


def problem_list_for(
    *,
    user=None,
    jurisdiction: str = "",
    region: str = "",
    target_group: str = "",
    state: str = "",
    q: str = "",
    sort: str = "supports",
) -> QuerySet[Problem]:
    """The public list: hidden problems never appear (moderators see them in their queue)."""
    problems = _public(_list_queryset())
    if jurisdiction:
        problems = problems.filter(jurisdiction_id=jurisdiction)
    if region:
        problems = problems.filter(regions=region)
    if target_group:
        problems = problems.filter(target_group=target_group)
    if state == "overdue":
        problems = problems.filter(overdue_q())
    elif state:
        problems = problems.filter(state=state)
    if q:
        # The similarity index finds the text across languages; the title substring catches
        # references and exact words.
        matched = [pk for pk, score in problem_index().search(q, limit=200) if score >= 0.05]
        problems = problems.filter(Q(pk__in=matched) | Q(title__icontains=q) | Q(reference=q))
    return problems.order_by(*SORTS.get(sort, SORTS["supports"]))


def problem_get_for(*, user, reference: str) -> Problem:
    """One problem with everything its page shows; 404 when it does not exist or is hidden
    from this user."""
    problem = (
        _list_queryset()
        .select_related("author", "hidden_by")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("pk")),
            Prefetch("answers", queryset=Answer.objects.select_related("body", "author")),
            Prefetch(
                "duplicates",
                queryset=Problem.objects.filter(hidden_at__isnull=True).order_by("pk"),
                to_attr="visible_duplicates",
            ),
            Prefetch(
                "lot_links",
                queryset=ProblemLot.objects.select_related("lot", "lot__plan", "lot__plan__body"),
            ),
        )
        .filter(reference=reference)
        .first()
    )
    if problem is None or not can_view(user, problem):
        raise Http404
    return problem


def problems_of(user) -> tuple[QuerySet[Problem], QuerySet[Problem]]:
    """The problems a signed-in person reported (hidden ones too: they are theirs) and those
    they support that the public still sees, newest first, with what the list shows."""
    reported = _list_queryset().filter(author=user).order_by("-created_at", "-pk")
    supported = (
        _public(_list_queryset())
        .filter(pk__in=Support.objects.filter(user=user).values("problem_id"))
        .order_by("-created_at", "-pk")
    )
    return reported, supported


def problem_supported_by(problem: Problem, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Support.objects.filter(problem=problem, user=user).exists()


def evidence_get_for(*, user, reference: str, pk: int) -> Evidence:
    problem = problem_get_for(user=user, reference=reference)
    evidence = next((e for e in problem.evidence.all() if e.pk == pk and e.file), None)
    if evidence is None:
        raise Http404
    return evidence


def moderation_queue_for(*, user, show: str = "open") -> QuerySet[Problem]:
    """Problems a moderator decides: open ones (new, under review, not linked to an original)
    of their jurisdictions, or the hidden ones, or the duplicates. Raises 404 to anyone else."""
    jurisdictions = _moderated_jurisdictions(user)
    if jurisdictions == []:
        raise Http404
    problems = _list_queryset().select_related("hidden_by")
    if jurisdictions is not None:
        problems = problems.filter(jurisdiction_id__in=jurisdictions)
    if show == "hidden":
        problems = problems.filter(hidden_at__isnull=False)
    elif show == "duplicates":
        problems = problems.filter(duplicate_of__isnull=False)
    else:
        # A duplicate is decided by its original: it is listed under "duplicates" only.
        problems = problems.filter(
            state__in=OPEN_STATES, hidden_at__isnull=True, duplicate_of__isnull=True
        )
    return problems.order_by("created_at", "pk")


@dataclass(frozen=True)
class Similar:
    problem: Problem
    score: float


def problems_similar(
    *, user, title: str, description: str = "", jurisdiction: str = "", limit: int = 5
) -> list[Similar]:
    """Existing problems like the text being typed, best first. Hidden problems and
    duplicates (their original is shown instead) never appear."""
    if len(fold_for_search(title + description).strip()) < 4:
        return []
    found = problem_index().search(title, description, limit=limit * 4)
    scores = {pk: score for pk, score in found if score >= 0.08}
    problems = _public(_list_queryset()).filter(pk__in=scores, duplicate_of__isnull=True)
    if jurisdiction:
        problems = problems.filter(jurisdiction_id=jurisdiction)
    ranked = sorted(problems, key=lambda p: (-scores[p.pk], p.pk))[:limit]
    return [Similar(problem=p, score=scores[p.pk]) for p in ranked]
