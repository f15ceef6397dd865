"""Reads of the review. `*_get_for` fetch and check in one call and raise Http404 for what the
person may not see; pages fetch what they show in a fixed number of queries, whatever the
number of applications, reviews or experts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hamkori.accounts.models import Membership, MembershipStatus
from hamkori.applications.models import Application, ApplicationState, Compliance
from hamkori.calls.models import Call, Criterion, Lot
from hamkori.core.permissions import is_authenticated
from hamkori.registry.models import Organisation
from hamkori.reviews.models import (
    Draw,
    Evaluation,
    Expert,
    ExpertRelation,
    ExpertStatus,
    Review,
    ReviewState,
    Score,
    ScoreCorrection,
    Seat,
)
from hamkori.reviews.permissions import (
    can_manage_experts,
    can_open_sheet,
    can_see_evaluation,
    can_see_expert,
)
from hamkori.reviews.ranking import LotRanking, call_rankings
from hamkori.rules.models import Jurisdiction
from hamkori.rules.selectors import local_zone, rule_value

# --- rules and conflicts (also read by the services) ---


def evaluation_defaults(call: Call) -> tuple[int, int]:
    """Panel and reserve sizes of the rules in force on the call's closing day (local).
    Raises RuleMissing when the rules set none."""
    closed_on = timezone.localtime(call.closes_at, local_zone(call.jurisdiction_id)).date()
    panel = int(rule_value(call.jurisdiction_id, "review.panel_size", closed_on))
    reserves = int(rule_value(call.jurisdiction_id, "review.reserve_size", closed_on))
    return panel, reserves


def eligible_experts(*, call: Call, lot: Lot) -> list[Expert]:
    """Active experts of the call's jurisdiction who accepted the terms, whose directions
    include the lot's area and who read every language the call accepts (an application may
    come in any of them), by id. Conflicts are not looked at here."""
    experts = (
        Expert.objects.filter(
            jurisdiction_id=call.jurisdiction_id,
            status=ExpertStatus.ACTIVE,
            terms_accepted_at__isnull=False,
            areas=lot.area_id,
        )
        .select_related("user")
        .distinct()
        .order_by("pk")
    )
    needed = set(call.languages or [])
    return [expert for expert in experts if needed <= set(expert.languages or [])]


MEMBERSHIP = "membership"
RELATION = "relation"


def known_conflicts(
    *, expert_ids: Iterable[int], organisation_ids: Iterable[int]
) -> dict[int, set[tuple[str, int]]]:
    """{expert id: {(reason, organisation id)}} for the experts with an active membership in,
    or a declared relation to, any of the organisations. Two queries."""
    expert_ids = list(expert_ids)
    organisation_ids = list(organisation_ids)
    found: dict[int, set[tuple[str, int]]] = defaultdict(set)
    if not expert_ids or not organisation_ids:
        return found
    for expert_id, organisation_id in Membership.objects.filter(
        user__expert_profile__in=expert_ids,
        organisation_id__in=organisation_ids,
        status=MembershipStatus.ACTIVE,
    ).values_list("user__expert_profile", "organisation_id"):
        found[expert_id].add((MEMBERSHIP, organisation_id))
    for expert_id, organisation_id in ExpertRelation.objects.filter(
        expert_id__in=expert_ids, organisation_id__in=organisation_ids
    ).values_list("expert_id", "organisation_id"):
        found[expert_id].add((RELATION, organisation_id))
    return found


def _undisclosed_conflict_annotations() -> dict:
    """For reviews: the expert is a member of, or declared a relation to, the applicant."""
    return {
        "member_of_applicant": Exists(
            Membership.objects.filter(
                user_id=OuterRef("expert__user_id"),
                organisation_id=OuterRef("application__organisation_id"),
                status=MembershipStatus.ACTIVE,
            )
        ),
        "related_to_applicant": Exists(
            ExpertRelation.objects.filter(
                expert_id=OuterRef("expert_id"),
                organisation_id=OuterRef("application__organisation_id"),
            )
        ),
    }


# --- the register ---


def manageable_jurisdictions(user) -> list[Jurisdiction]:
    """The jurisdictions whose register the person keeps."""
    if not is_authenticated(user):
        return []
    return [j for j in Jurisdiction.objects.order_by("code") if can_manage_experts(user, j)]


def expert_list_for(
    *,
    user,
    jurisdiction: str = "",
    area: str = "",
    language: str = "",
    status: str = "",
    q: str = "",
) -> QuerySet[Expert]:
    """The register of the jurisdictions the person keeps, filtered, with the account, the
    directions and the number of relations (three queries a page)."""
    codes = [j.code for j in manageable_jurisdictions(user)]
    if jurisdiction:
        codes = [code for code in codes if code == jurisdiction]
    experts = Expert.objects.filter(jurisdiction_id__in=codes)
    if area:
        experts = experts.filter(areas=area)
    if language:
        # The list is stored as JSON text on every backend: look for the quoted code.
        experts = experts.filter(languages__icontains=f'"{language}"')
    if status in ExpertStatus.values:
        experts = experts.filter(status=status)
    if q.strip():
        experts = experts.filter(
            Q(user__full_name__icontains=q.strip()) | Q(user__email__icontains=q.strip())
        )
    return (
        experts.select_related("user", "jurisdiction")
        .prefetch_related("areas")
        .annotate(relation_count=Count("relations", distinct=True))
        .distinct()
        .order_by("user__full_name", "pk")
    )


def expert_get_for(*, user, pk: int) -> Expert:
    """An expert with their account, directions and relations, for the officials of the
    jurisdiction and the expert themselves."""
    expert = (
        Expert.objects.select_related("user", "jurisdiction", "created_by")
        .prefetch_related(
            "areas",
            Prefetch(
                "relations",
                queryset=ExpertRelation.objects.select_related("organisation").order_by(
                    "declared_at", "pk"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if expert is None or not can_see_expert(user, expert):
        raise Http404
    return expert


def expert_of(user) -> Expert | None:
    """The person's own entry in a register, or None."""
    if not is_authenticated(user):
        return None
    return (
        Expert.objects.select_related("user", "jurisdiction")
        .prefetch_related(
            "areas",
            Prefetch(
                "relations",
                queryset=ExpertRelation.objects.select_related("organisation").order_by(
                    "declared_at", "pk"
                ),
            ),
        )
        .filter(user=user)
        .first()
    )


def relation_get_for(*, user, pk: int) -> ExpertRelation:
    relation = (
        ExpertRelation.objects.select_related("expert", "expert__user", "organisation")
        .filter(pk=pk)
        .first()
    )
    if relation is None or not can_see_expert(user, relation.expert):
        raise Http404
    return relation


@dataclass
class LotTask:
    lot: Lot
    call: Call
    count: int


@dataclass
class ExpertHome:
    seats: list[Seat]
    declaring: list[LotTask]
    scoring: list[Review]
    submitted: list[Review]
    recused: list[Review]


def expert_home(expert: Expert) -> ExpertHome:
    """The expert's lots, the declarations they owe (per lot), the sheets to score and the
    ones submitted. Only the applicant's name and the title are read."""
    seats = list(
        Seat.objects.filter(draw__lot__call__isnull=False, expert=expert)
        .select_related("draw", "draw__lot", "draw__call")
        .order_by("-draw__drawn_at", "pk")
    )
    reviews = list(
        Review.objects.filter(expert=expert)
        .select_related("call", "lot", "application", "application__organisation")
        .only(
            "pk",
            "state",
            "submitted_at",
            "reopened_at",
            "total",
            "call__id",
            "call__reference",
            *(f"call__title_{c}" for c in ("kk", "ru", "tg", "en")),
            "lot__id",
            "lot__number",
            *(f"lot__title_{c}" for c in ("kk", "ru", "tg", "en")),
            "application__id",
            "application__title",
            "application__organisation__id",
            *(f"application__organisation__name_{c}" for c in ("kk", "ru", "tg", "en")),
        )
        .order_by("call_id", "lot__number", "application_id")
    )
    declaring: dict[int, LotTask] = {}
    for review in reviews:
        if review.state == ReviewState.DECLARING:
            task = declaring.setdefault(review.lot_id, LotTask(review.lot, review.call, 0))
            task.count += 1
    return ExpertHome(
        seats=seats,
        declaring=list(declaring.values()),
        scoring=[r for r in reviews if r.state == ReviewState.SCORING],
        submitted=[r for r in reviews if r.state == ReviewState.SUBMITTED],
        recused=[r for r in reviews if r.state == ReviewState.RECUSED],
    )


# --- the evaluation of a call ---


def evaluation_call_for(*, user, pk: int) -> Call:
    """A call whose evaluation the person may follow; 404 for everyone else."""
    call = Call.objects.select_related("body", "jurisdiction").filter(pk=pk).first()
    if call is None or not can_see_evaluation(user, call):
        raise Http404
    return call


@dataclass
class ExpertProgress:
    expert: Expert
    assigned: int = 0
    declared: int = 0
    recused: int = 0
    submitted: int = 0

    @property
    def open(self) -> int:
        return self.assigned - self.recused - self.submitted


@dataclass
class ApplicationProgress:
    submitted: int = 0
    open: int = 0
    recused: int = 0
    short: bool = False  # fewer non-recused reviews than the panel (the reserves ran out)


@dataclass
class LotPanel:
    lot: Lot
    draw: Draw | None
    submitted: int = 0
    pending: int = 0
    compliant: int = 0
    ranking: LotRanking | None = None


@dataclass
class Dashboard:
    call: Call
    evaluation: Evaluation | None
    lots: list[LotPanel]
    experts: list[ExpertProgress]
    progress: dict[int, ApplicationProgress]
    undisclosed: list[Review] = field(default_factory=list)
    withdrawn: list[Review] = field(default_factory=list)  # taken away by an official
    unchecked: int = 0  # submitted applications waiting for the compliance check

    @property
    def drawn(self) -> bool:
        return any(panel.draw is not None for panel in self.lots)


def evaluation_dashboard(call: Call) -> Dashboard:
    """Everything the officials' page of a call's evaluation shows: the settings, per lot
    its draw, compliance counts and ranking preview (with the per-application progress),
    per expert their progress, and the undisclosed conflicts. A constant number of queries."""
    evaluation = Evaluation.objects.filter(call=call).first()
    lots = list(Lot.objects.filter(call=call).select_related("area", "draw").order_by("number"))
    panels = {lot.pk: LotPanel(lot=lot, draw=lot.draw if _has_draw(lot) else None) for lot in lots}
    for row in (
        Application.objects.filter(call=call, state=ApplicationState.SUBMITTED)
        .values("lot_id")
        .annotate(
            submitted=Count("pk"),
            pending=Count("pk", filter=Q(compliance=Compliance.PENDING)),
            compliant=Count("pk", filter=Q(compliance=Compliance.COMPLIANT)),
        )
        .order_by()
    ):
        panel = panels.get(row["lot_id"])
        if panel is not None:
            panel.submitted = row["submitted"]
            panel.pending = row["pending"]
            panel.compliant = row["compliant"]
    for ranking in call_rankings(call):
        if ranking.lot.pk in panels:
            panels[ranking.lot.pk].ranking = ranking

    reviews = list(
        Review.objects.filter(call=call)
        .select_related("expert", "expert__user", "application", "application__organisation")
        .only(
            "pk",
            "state",
            "declared_at",
            "lot_id",
            "withdrawal",
            "withdrawn_reason",
            "withdrawn_at",
            "expert__id",
            "expert__status",
            "expert__user__id",
            "expert__user__full_name",
            "application__id",
            "application__title",
            "application__organisation__id",
            *(f"application__organisation__name_{c}" for c in ("kk", "ru", "tg", "en")),
        )
        .annotate(**_undisclosed_conflict_annotations())
        .order_by("expert__user__full_name", "expert_id", "application_id")
    )
    experts: dict[int, ExpertProgress] = {}
    progress: dict[int, ApplicationProgress] = defaultdict(ApplicationProgress)
    undisclosed = []
    withdrawn: list[Review] = []
    for review in reviews:
        person = experts.setdefault(review.expert_id, ExpertProgress(review.expert))
        person.assigned += 1
        item = progress[review.application_id]
        if review.declared_at is not None:
            person.declared += 1
        if review.state == ReviewState.RECUSED:
            person.recused += 1
            item.recused += 1
        elif review.state == ReviewState.SUBMITTED:
            person.submitted += 1
            item.submitted += 1
        else:
            item.open += 1
        declared_free = review.state in (ReviewState.SCORING, ReviewState.SUBMITTED)
        # Annotations of the query above: django-stubs types a model by its fields only.
        found = getattr(review, "member_of_applicant", False) or getattr(
            review, "related_to_applicant", False
        )
        if declared_free and found:
            undisclosed.append(review)
        if review.withdrawal:
            withdrawn.append(review)
    panel_size = {
        lot.pk: panels[lot.pk].draw.panel_size  # type: ignore[union-attr]
        for lot in lots
        if panels[lot.pk].draw is not None
    }
    lot_of = {
        row.application.pk: lot_pk
        for lot_pk, panel in panels.items()
        if panel.ranking
        for row in panel.ranking.rows
    }
    for application_id, item in progress.items():
        size = panel_size.get(lot_of.get(application_id, 0))
        item.short = size is not None and item.submitted + item.open < size
    return Dashboard(
        call=call,
        evaluation=evaluation,
        lots=list(panels.values()),
        experts=list(experts.values()),
        progress=dict(progress),
        undisclosed=undisclosed,
        withdrawn=withdrawn,
        unchecked=sum(panel.pending for panel in panels.values()),
    )


def _has_draw(lot: Lot) -> bool:
    try:
        lot.draw  # noqa: B018 - the reverse one-to-one raises when there is none
    except Draw.DoesNotExist:
        return False
    return True


# --- the draw's record ---


def draw_get_for(*, user, lot_pk: int) -> Draw:
    """A lot's draw with its call, for those who follow the evaluation, and for everyone
    once the call's result is published (the seed and pool are then public)."""
    record = (
        Draw.objects.select_related("lot", "lot__area", "call", "call__body", "drawn_by")
        .filter(lot_id=lot_pk)
        .first()
    )
    if record is None:
        raise Http404
    if not (can_see_evaluation(user, record.call) or _result_published(record.call)):
        raise Http404
    return record


def _result_published(call: Call) -> bool:
    from hamkori.decisions.models import Result

    return Result.objects.filter(call=call, published_at__isnull=False).exists()


@dataclass
class ExcludedRow:
    expert: Expert | None
    reason: str
    organisation: Organisation | None


@dataclass
class DrawRecord:
    draw: Draw
    seats: list[Seat]
    pool: list[Expert]
    excluded: list[ExcludedRow]


def draw_record(record: Draw) -> DrawRecord:
    """The published record: the pool (by id), the excluded experts with their reasons, and
    the panel and reserves in draw order. Four queries."""
    seats = list(record.seats.select_related("expert", "expert__user").order_by("position"))
    ids = set(record.pool) | {item["expert"] for item in record.excluded}
    experts = Expert.objects.select_related("user").in_bulk(ids)
    organisations = Organisation.objects.in_bulk(
        {item["organisation"] for item in record.excluded if item.get("organisation")}
    )
    return DrawRecord(
        draw=record,
        seats=seats,
        pool=[experts[pk] for pk in record.pool if pk in experts],
        excluded=[
            ExcludedRow(
                experts.get(item["expert"]),
                item.get("reason", ""),
                organisations.get(item.get("organisation")),
            )
            for item in record.excluded
        ],
    )


# --- declarations ---


def declaration_lot_for(*, user, lot_pk: int) -> tuple[Lot, list[Review]]:
    """A lot the person was assigned in, with all their reviews of it (pending first). Only
    the applicant's name and the application's title are read: nothing else of an
    application reaches an expert before the declaration."""
    lot = Lot.objects.select_related("call", "call__body").filter(pk=lot_pk).first()
    if lot is None or not is_authenticated(user):
        raise Http404
    reviews = list(
        Review.objects.filter(lot=lot, expert__user=user)
        .select_related("expert", "application", "application__organisation")
        .only(
            "pk",
            "state",
            "declared_at",
            "conflict_description",
            "call_id",
            "lot_id",
            "expert__id",
            "expert__user_id",
            "application__id",
            "application__title",
            "application__organisation__id",
            *(f"application__organisation__name_{c}" for c in ("kk", "ru", "tg", "en")),
        )
        .order_by("application__submitted_at", "application_id")
    )
    if not reviews:
        raise Http404
    return lot, reviews


# --- score sheets ---


def review_get_for(*, user, pk: int) -> Review:
    """A review for its expert once declared free of conflict (scoring or submitted); 404
    otherwise, for everyone."""
    review = (
        Review.objects.select_related(
            "call",
            "call__body",
            "call__jurisdiction",
            "lot",
            "expert",
            "expert__user",
            "application",
            "application__organisation",
            "application__current_version",
        )
        .filter(pk=pk)
        .first()
    )
    if review is None or not can_open_sheet(user, review):
        raise Http404
    return review


def sheet_scores(review: Review) -> dict[int, Score]:
    return {score.criterion_id: score for score in review.scores.all()}


def sheet_corrections(review: Review) -> list:
    return list(review.corrections.select_related("criterion").order_by("corrected_at", "pk"))


@dataclass
class OtherSheet:
    label: str
    total: object
    points: list


def other_sheets(review: Review, criteria: list[Criterion]) -> list[OtherSheet] | None:
    """The other experts' sheets of the same application, anonymised, when every sheet is in
    and the evaluation lets experts see them; None when they stay hidden."""
    evaluation = Evaluation.objects.filter(call_id=review.call_id).first()
    if evaluation is None or not evaluation.experts_see_others:
        return None
    reviews = list(
        Review.objects.filter(application_id=review.application_id)
        .exclude(state=ReviewState.RECUSED)
        .order_by("seat__position", "pk")
        .only("pk", "state", "total")
    )
    if any(r.state != ReviewState.SUBMITTED for r in reviews):
        return None
    points: dict[int, dict[int, object]] = defaultdict(dict)
    for review_id, criterion_id, value in Score.objects.filter(
        review__in=[r.pk for r in reviews if r.pk != review.pk]
    ).values_list("review_id", "criterion_id", "points"):
        points[review_id][criterion_id] = value
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    others = [r for r in reviews if r.pk != review.pk]
    return [
        OtherSheet(
            label=letters[index % len(letters)],
            total=other.total,
            points=[points[other.pk].get(c.pk) for c in criteria],
        )
        for index, other in enumerate(others)
    ]


def undisclosed_conflicts(call: Call) -> list[Review]:
    """Reviews declared free of conflict whose expert is now known to be a member of, or
    related to, the applicant (found after the declaration). One query."""
    return list(
        Review.objects.filter(call=call, state__in=[ReviewState.SCORING, ReviewState.SUBMITTED])
        .annotate(**_undisclosed_conflict_annotations())
        .filter(Q(member_of_applicant=True) | Q(related_to_applicant=True))
        .select_related("expert__user", "application__organisation")
        .order_by("application_id", "pk")
    )


# --- the officials' view of an application's sheets ---


@dataclass
class OfficialSheet:
    review: Review
    scores: list[Score]
    corrections: list[ScoreCorrection]


@dataclass
class ApplicationSheets:
    application: Application
    criteria: list[Criterion]
    sheets: list[OfficialSheet]  # submitted (or reopened, as last submitted), counted
    set_aside: list[OfficialSheet]  # submitted, then set aside: kept, not counted
    waiting: int  # reviews not submitted yet (drafts are never shown)


def application_sheets(application: Application) -> ApplicationSheets:
    """The application's submitted sheets with the experts' names, points and comments per
    criterion and their corrections, for the officials of the body and the auditors.
    Drafts are never read; a sheet reopened after an appeal shows its last submission.
    Four queries."""
    reviews = list(
        Review.objects.filter(application=application)
        .select_related("expert__user", "seat", "withdrawn_by")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.select_related("criterion").order_by(
                    "criterion__order", "criterion_id"
                ),
            ),
            Prefetch(
                "corrections",
                queryset=ScoreCorrection.objects.select_related("criterion").order_by(
                    "corrected_at", "pk"
                ),
            ),
        )
        .order_by("seat__position", "pk")
    )
    sheets, set_aside, waiting = [], [], 0
    for review in reviews:
        submitted_once = review.submitted_at is not None
        item = OfficialSheet(review, list(review.scores.all()), list(review.corrections.all()))
        if review.state == ReviewState.SUBMITTED or (
            review.state == ReviewState.SCORING and review.reopened_at is not None
        ):
            sheets.append(item)
        elif review.state == ReviewState.RECUSED:
            if submitted_once:
                set_aside.append(item)
        else:
            waiting += 1
    return ApplicationSheets(
        application=application,
        criteria=list(
            Criterion.objects.filter(criteria_set__call_id=application.call_id).order_by(
                "order", "pk"
            )
        ),
        sheets=sheets,
        set_aside=set_aside,
        waiting=waiting,
    )


def application_sheets_for(*, user, pk: int) -> ApplicationSheets:
    """The sheets of an application whose call's evaluation the person follows (officials of
    the body, auditors, administrators); 404 for everyone else, applicants included."""
    application = (
        Application.objects.select_related("call", "call__body", "lot", "organisation")
        .defer("content")
        .filter(pk=pk)
        .first()
    )
    if application is None or not can_see_evaluation(user, application.call):
        raise Http404
    return application_sheets(application)


def review_for_officials(*, user, pk: int) -> Review:
    """A review with its expert, call and applicant, for those who follow the call's
    evaluation; 404 for everyone else."""
    review = (
        Review.objects.select_related(
            "call", "call__body", "expert", "expert__user", "application", "lot"
        )
        .filter(pk=pk)
        .first()
    )
    if review is None or not can_see_evaluation(user, review.call):
        raise Http404
    return review


def reopening_appeal(review: Review):
    """The upheld appeal that reopened the review's sheet (its grounds and the official's
    answer tell the expert what to look at again), or None."""
    if review.reopened_at is None:
        return None
    from hamkori.decisions.models import Appeal, AppealState

    return (
        Appeal.objects.filter(
            application_id=review.application_id,
            state=AppealState.UPHELD,
            answered_at__lte=review.reopened_at,
        )
        .order_by("-answered_at", "-pk")
        .first()
    )
