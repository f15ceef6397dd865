"""Reads of meetings, results and appeals. `*_get_for` fetch and check in one call and raise
Http404 for what the person may not see; the pages' data is read in a fixed number of
queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404

from hamkori.applications.models import Application
from hamkori.calls.models import Call, Criterion, Lot
from hamkori.decisions.models import (
    Appeal,
    AppealState,
    CommissionMeeting,
    CommissionMember,
    CommissionVote,
    DecisionEntry,
    Outcome,
    Result,
)
from hamkori.decisions.permissions import (
    can_manage_decision,
    can_see_decision,
    can_see_own_result,
    is_applicant,
    result_of,
)
from hamkori.decisions.services import (
    OPEN_APPEAL_STATES,
    appeal_deadline,
    local_today,
    meeting_refusal,
    revision_needed,
)
from hamkori.decisions.tally import (
    Quorum,
    Tallies,
    Tally,
    lot_problems,
    meeting_quorum,
    member_conflicts,
)
from hamkori.decisions.tally import meeting_tallies as _tallies
from hamkori.reviews.models import Draw, Expert, Review, ReviewState, Score, ScoreCorrection
from hamkori.reviews.ranking import LotRanking, call_rankings

# --- the officials' pages ---------------------------------------------------------------


def call_for_decision(*, user, pk: int) -> Call:
    """A call whose commission work the person may see: officials of its body, auditors and
    administrators of its jurisdiction; 404 for everyone else."""
    call = (
        Call.objects.select_related("body", "jurisdiction", "result", "result__meeting")
        .filter(pk=pk)
        .first()
    )
    if call is None or not can_see_decision(user, call):
        raise Http404
    return call


def meeting_get_for(*, user, pk: int) -> CommissionMeeting:
    meeting = (
        CommissionMeeting.objects.select_related(
            "call", "call__body", "call__jurisdiction", "call__result", "created_by"
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None or not can_see_decision(user, meeting.call):
        raise Http404
    return meeting


@dataclass
class CallDecision:
    call: Call
    rankings: list[LotRanking]
    meetings: list[CommissionMeeting]
    result: Result | None
    appeal_until: date | None
    revision_needed: bool
    meeting_refusal: str | None
    open_appeals: int
    overdue_appeals: int


def call_decision(call: Call) -> CallDecision:
    """What the officials' decision page of a call shows: the live ranking, the meetings, the
    published result and the state of the appeals."""
    result = result_of(call)
    appeals = appeal_rows(call)
    return CallDecision(
        call=call,
        rankings=call_rankings(call),
        meetings=list(CommissionMeeting.objects.filter(call=call).order_by("number")),
        result=result,
        appeal_until=appeal_deadline(result) if result else None,
        revision_needed=revision_needed(call),
        meeting_refusal=meeting_refusal(call),
        open_appeals=sum(1 for a in appeals if a.state in OPEN_APPEAL_STATES),
        overdue_appeals=sum(1 for a in appeals if a.overdue),  # type: ignore[attr-defined, misc]
    )


@dataclass
class EntryRow:
    entry: DecisionEntry
    criteria: list[str]
    tally: Tally
    recused: list[CommissionMember]

    @property
    def departs(self) -> bool:
        return bool(self.entry.departure_reason)


@dataclass
class LotDecision:
    lot: Lot
    rows: list[EntryRow]
    problems: list[str]

    @property
    def awarded(self) -> Decimal:
        return sum(
            (r.entry.amount for r in self.rows if r.entry.outcome == Outcome.AWARD), Decimal(0)
        )

    @property
    def awards(self) -> int:
        return sum(1 for r in self.rows if r.entry.outcome == Outcome.AWARD)


@dataclass
class MeetingView:
    meeting: CommissionMeeting
    members: list[CommissionMember]
    quorum: Quorum
    tallies: Tallies
    lots: list[LotDecision]
    criteria: list[Criterion]
    recusals: list[tuple[CommissionMember, list[Application]]] = field(default_factory=list)

    @property
    def present(self) -> list[CommissionMember]:
        return [m for m in self.members if m.present]

    @property
    def chair(self) -> CommissionMember | None:
        return next((m for m in self.members if m.role == "chair"), None)


def meeting_view(meeting: CommissionMeeting) -> MeetingView:
    """Members with their attendance and votes, the quorum, the decision per lot with each
    application's tally and recusals, and the proposal it departs from."""
    votes = {v.member_id: v for v in CommissionVote.objects.filter(meeting=meeting)}
    members = list(
        CommissionMember.objects.filter(meeting=meeting)
        .select_related("user")
        .order_by("role", "user__full_name", "pk")
    )
    for member in members:
        member.vote_cast = votes.get(member.pk)  # type: ignore[attr-defined]
    entries = list(
        DecisionEntry.objects.filter(meeting=meeting)
        .select_related("application", "application__organisation")
        .defer("application__content")
    )
    tallies = _tallies(meeting, members=members, entries=entries, votes=list(votes.values()))
    proposals = {row["application"]: row for lot in meeting.proposed for row in lot["rows"]}
    lots = list(Lot.objects.filter(call_id=meeting.call_id).order_by("number"))
    by_member = {m.pk: m for m in members}
    decisions = []
    for lot in lots:
        own = [e for e in entries if e.lot_id == lot.pk]
        rows = [
            EntryRow(
                entry=entry,
                criteria=proposals.get(entry.application_id, {}).get("criteria", []),
                tally=tallies.by_application.get(entry.application_id, Tally()),
                recused=[
                    by_member[pk]
                    for pk, apps in tallies.recused.items()
                    if entry.application_id in apps
                ],
            )
            for entry in own
        ]
        decisions.append(LotDecision(lot=lot, rows=rows, problems=lot_problems(lot, own)))
    applications = {e.application_id: e.application for e in entries}
    lot_by_id = {lot.pk: lot for lot in lots}
    lot_of = {e.application_id: e.lot_id for e in entries}
    for member in members:
        # The lots the member does not vote on (an applicant of the lot is their organisation).
        member.recused_lots = [  # type: ignore[attr-defined]
            lot_by_id[pk]
            for pk in sorted({lot_of[a] for a in tallies.recused.get(member.pk, set())})
            if pk in lot_by_id
        ]
    recusals = [
        (by_member[pk], [applications[a] for a in sorted(apps)])
        for pk, apps in tallies.recused.items()
        if apps
    ]
    return MeetingView(
        meeting=meeting,
        members=members,
        quorum=meeting_quorum(meeting, members),
        tallies=tallies,
        lots=decisions,
        criteria=list(
            Criterion.objects.filter(criteria_set__call_id=meeting.call_id).order_by("order", "pk")
        ),
        recusals=recusals,
    )


def member_recused_lots(member: CommissionMember) -> list[Lot]:
    """The lots of the meeting whose applications the member does not vote on (an applicant
    of the lot is their organisation, or one they declared a relation with)."""
    entries = list(
        DecisionEntry.objects.filter(meeting_id=member.meeting_id)
        .select_related("application")
        .only("pk", "application_id", "lot_id", "application__organisation_id")
    )
    recused = member_conflicts([member], entries).get(member.pk, set())
    lot_ids = {e.lot_id for e in entries if e.application_id in recused}
    return list(Lot.objects.filter(pk__in=lot_ids).order_by("number"))


def lot_decision_for(*, user, meeting: CommissionMeeting, lot_pk: int) -> Lot:
    """A lot of the meeting's call whose decision the person may edit."""
    lot = Lot.objects.filter(pk=lot_pk, call_id=meeting.call_id).first()
    if lot is None or not can_see_decision(user, meeting.call):
        raise Http404
    return lot


# --- appeals ----------------------------------------------------------------------------


def appeal_rows(call: Call) -> list[Appeal]:
    """The call's appeals, each with `is_open` and `overdue` (open past `due_on`, local)."""
    today = local_today(call)
    appeals = list(
        Appeal.objects.filter(call=call)
        .select_related("application", "application__organisation", "application__lot", "filed_by")
        .defer("application__content")
        .order_by("created_at", "pk")
    )
    for appeal in appeals:
        is_open = appeal.state in OPEN_APPEAL_STATES
        appeal.is_open = is_open  # type: ignore[attr-defined]
        appeal.overdue = bool(  # type: ignore[attr-defined]
            is_open and appeal.due_on and appeal.due_on < today
        )
    return appeals


def appeal_get_for(*, user, pk: int) -> Appeal:
    appeal = (
        Appeal.objects.select_related(
            "call",
            "call__body",
            "call__jurisdiction",
            "application",
            "application__organisation",
            "application__lot",
            "filed_by",
            "answered_by",
        )
        .filter(pk=pk)
        .first()
    )
    if appeal is None or not can_see_decision(user, appeal.call):
        raise Http404
    appeal.is_open = appeal.state in OPEN_APPEAL_STATES  # type: ignore[attr-defined]
    appeal.overdue = bool(  # type: ignore[attr-defined]
        appeal.is_open and appeal.due_on and appeal.due_on < local_today(appeal.call)  # type: ignore[attr-defined]
    )
    return appeal


# --- the public results -----------------------------------------------------------------


@dataclass
class PublicRow:
    entry: DecisionEntry
    criteria: list[str]


@dataclass
class PublicLot:
    lot: Lot
    ranked: list[PublicRow]

    @property
    def winners(self) -> list[DecisionEntry]:
        return [r.entry for r in self.ranked if r.entry.outcome == Outcome.AWARD]

    @property
    def reserves(self) -> list[DecisionEntry]:
        reserve = [r.entry for r in self.ranked if r.entry.outcome == Outcome.RESERVE]
        return sorted(reserve, key=lambda e: (e.reserve_position or 0, e.pk))

    @property
    def awarded(self) -> Decimal:
        return sum((e.amount for e in self.winners), Decimal(0))


@dataclass
class PublicResults:
    call: Call
    result: Result
    appeal_until: date | None
    lots: list[PublicLot]
    criteria: list[Criterion]
    experts: list[Expert]
    draws: list[Draw]
    # Applications whose scoring is being re-examined after an upheld appeal, until the
    # revised decision is published.
    rescoring: list[Application] = field(default_factory=list)


def results_for(*, pk: int) -> PublicResults:
    """A call's published decision for anyone: per lot the ranked list with the score and the
    mean points per criterion (as the commission saw them), the winners and amounts, the
    reserve list, the experts, the draws and the applications being re-scored after an
    upheld appeal. 404 until published. Eight queries."""
    call = (
        Call.objects.select_related("body", "jurisdiction", "result", "result__meeting")
        .filter(pk=pk)
        .first()
    )
    result = result_of(call) if call is not None else None
    if call is None or result is None:
        raise Http404
    meeting = result.meeting
    proposals = {row["application"]: row for lot in meeting.proposed for row in lot["rows"]}
    entries = list(
        DecisionEntry.objects.filter(meeting=meeting)
        .select_related("application", "application__organisation")
        .defer("application__content")
        .order_by("lot_id", "rank", "pk")
    )
    lots = [
        PublicLot(
            lot=lot,
            ranked=[
                PublicRow(e, proposals.get(e.application_id, {}).get("criteria", []))
                for e in entries
                if e.lot_id == lot.pk
            ],
        )
        for lot in Lot.objects.filter(call=call).order_by("number")
    ]
    experts = list(
        Expert.objects.filter(
            pk__in=Review.objects.filter(call=call)
            .exclude(state=ReviewState.RECUSED)
            .values("expert_id")
        )
        .select_related("user")
        .only("pk", "user__full_name")
        .order_by("user__full_name", "pk")
    )
    return PublicResults(
        call=call,
        result=result,
        appeal_until=result.appeal_until,
        lots=lots,
        criteria=list(Criterion.objects.filter(criteria_set__call=call).order_by("order", "pk")),
        experts=experts,
        draws=list(Draw.objects.filter(call=call).select_related("lot").order_by("lot__number")),
        rescoring=rescored_applications(result),
    )


def rescored_applications(result: Result) -> list[Application]:
    """Applications with an appeal upheld since the result was (last) published."""
    return list(
        Application.objects.filter(
            appeals__call_id=result.call_id,
            appeals__state=AppealState.UPHELD,
            appeals__answered_at__gt=result.published_at,
        )
        .select_related("organisation", "lot")
        .defer("content")
        .distinct()
        .order_by("lot__number", "pk")
    )


# --- the applicant's view ---------------------------------------------------------------


@dataclass
class Sheet:
    label: int  # "Expert <label>": experts are not named to the applicant
    review: Review
    scores: list[Score]


@dataclass
class ApplicantView:
    application: Application
    result: Result | None  # None: sealed, nothing of the review is shown
    entry: DecisionEntry | None = None
    sheets: list[Sheet] = field(default_factory=list)
    corrections: list[tuple[int, ScoreCorrection]] = field(default_factory=list)
    appeals: list[Appeal] = field(default_factory=list)
    appeal_until: date | None = None
    appeal_open: bool = False
    rescoring: bool = False


def application_result_for(*, user, pk: int) -> ApplicantView:
    """The applicant's outcome, rank and own score sheets (experts numbered, not named), the
    corrections made to them and the appeals. Before publication only that nothing is
    published yet; 404 for anyone but the applicant's members."""
    application = (
        Application.objects.select_related(
            "call", "call__body", "call__jurisdiction", "call__result", "lot", "organisation"
        )
        .defer("content")
        .filter(pk=pk)
        .first()
    )
    if application is None or not is_applicant(user, application):
        raise Http404
    if not can_see_own_result(user, application):
        return ApplicantView(application=application, result=None)
    result = result_of(application.call)
    assert result is not None
    reviews = list(
        Review.objects.filter(application=application)
        .exclude(state=ReviewState.RECUSED)
        .select_related("seat")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.select_related("criterion").order_by(
                    "criterion__order", "criterion_id"
                ),
            )
        )
        .order_by("seat__position", "pk")
    )
    label = {review.pk: n for n, review in enumerate(reviews, start=1)}
    corrections = [
        (label[c.review_id], c)
        for c in ScoreCorrection.objects.filter(review__in=reviews)
        .select_related("criterion")
        .order_by("corrected_at", "pk")
        if c.review_id in label
    ]
    until = appeal_deadline(result)
    today = local_today(application.call)
    appeals = list(Appeal.objects.filter(application=application).order_by("created_at", "pk"))
    has_open = any(a.state in OPEN_APPEAL_STATES for a in appeals)
    return ApplicantView(
        application=application,
        result=result,
        entry=DecisionEntry.objects.filter(meeting_id=result.meeting_id, application=application)
        .select_related("lot")
        .first(),
        sheets=[
            Sheet(label[r.pk], r, list(r.scores.all()))
            for r in reviews
            if r.state == ReviewState.SUBMITTED
        ],
        corrections=corrections,
        appeals=appeals,
        appeal_until=until,
        appeal_open=(until is None or today <= until) and not has_open,
        rescoring=any(r.state != ReviewState.SUBMITTED for r in reviews)
        or any(
            a.state == AppealState.UPHELD
            and a.answered_at is not None
            and a.answered_at > result.published_at
            for a in appeals
        ),
    )


__all__ = [
    "appeal_get_for",
    "appeal_rows",
    "application_result_for",
    "call_decision",
    "call_for_decision",
    "can_manage_decision",
    "lot_decision_for",
    "meeting_get_for",
    "meeting_view",
    "results_for",
]
