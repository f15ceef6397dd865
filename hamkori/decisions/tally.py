"""The arithmetic of a commission meeting: the quorum (exact fractions), the conflicts that
recuse a member from an application, the tally of the votes, and the limits of a lot."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from hamkori.accounts.models import Membership, MembershipStatus
from hamkori.calls.models import Lot
from hamkori.core.templatetags.hamkori import money
from hamkori.decisions.models import (
    CommissionMeeting,
    CommissionMember,
    CommissionVote,
    DecisionEntry,
    Outcome,
    VoteChoice,
)
from hamkori.reviews.models import ExpertRelation
from hamkori.rules.selectors import RuleMissing, local_zone, rule_fraction


@dataclass(frozen=True)
class Quorum:
    present: int
    total: int
    share: Fraction | None  # None: the rule commission.quorum_share is not set

    @property
    def reached(self) -> bool:
        return (
            self.share is not None
            and self.total > 0
            and Fraction(self.present, self.total) >= self.share
        )

    @property
    def needed(self) -> int | None:
        """How many of the members must be present."""
        if self.share is None:
            return None
        return math.ceil(self.share * self.total)


def quorum_share(meeting: CommissionMeeting) -> Fraction | None:
    call = meeting.call
    day = meeting.held_at.astimezone(local_zone(call.jurisdiction_id)).date()
    try:
        return rule_fraction(call.jurisdiction_id, "commission.quorum_share", day)
    except RuleMissing:
        return None


def meeting_quorum(
    meeting: CommissionMeeting, members: list[CommissionMember] | None = None
) -> Quorum:
    """Present members over all members, against the rule in force on the meeting's day."""
    if members is None:
        members = list(CommissionMember.objects.filter(meeting=meeting))
    return Quorum(
        present=sum(1 for m in members if m.present),
        total=len(members),
        share=quorum_share(meeting),
    )


@dataclass
class Tally:
    for_: int = 0
    against: int = 0
    abstain: int = 0

    @property
    def cast(self) -> int:
        return self.for_ + self.against + self.abstain

    @property
    def passed(self) -> bool:
        return self.for_ > self.against

    def add(self, choice: str) -> None:
        if choice == VoteChoice.FOR:
            self.for_ += 1
        elif choice == VoteChoice.AGAINST:
            self.against += 1
        else:
            self.abstain += 1


@dataclass
class Tallies:
    overall: Tally
    by_application: dict[int, Tally] = field(default_factory=dict)
    # member id → ids of the applications they are recused from
    recused: dict[int, set[int]] = field(default_factory=dict)

    @property
    def failed(self) -> list[int]:
        """Applications whose own tally does not carry the decision."""
        return [pk for pk, tally in self.by_application.items() if not tally.passed]

    @property
    def adopted(self) -> bool:
        return self.overall.passed and not self.failed


def member_conflicts(
    members: Iterable[CommissionMember], entries: Iterable[DecisionEntry]
) -> dict[int, set[int]]:
    """member id → applications they may not vote on: every application of a lot in which an
    organisation they are an active member of (or, for an expert, declared a relation with)
    applied — its competitors too, whose ranking decides theirs. Two queries."""
    members = list(members)
    entries = list(entries)
    organisation_of = {e.application_id: e.application.organisation_id for e in entries}
    lots_of: dict[int, set[int]] = {}
    for entry in entries:
        lots_of.setdefault(entry.application.organisation_id, set()).add(entry.lot_id)
    users = {m.user_id for m in members}
    linked: dict[int, set[int]] = {}
    for user_id, organisation_id in Membership.objects.filter(
        user_id__in=users,
        organisation_id__in=set(organisation_of.values()),
        status=MembershipStatus.ACTIVE,
    ).values_list("user_id", "organisation_id"):
        linked.setdefault(user_id, set()).add(organisation_id)
    for user_id, organisation_id in ExpertRelation.objects.filter(
        expert__user_id__in=users, organisation_id__in=set(organisation_of.values())
    ).values_list("expert__user_id", "organisation_id"):
        linked.setdefault(user_id, set()).add(organisation_id)
    recused = {}
    for member in members:
        lots = {
            lot
            for organisation in linked.get(member.user_id, set())
            for lot in lots_of.get(organisation, set())
        }
        recused[member.pk] = {e.application_id for e in entries if e.lot_id in lots}
    return recused


def meeting_tallies(
    meeting: CommissionMeeting,
    members: list[CommissionMember] | None = None,
    entries: list[DecisionEntry] | None = None,
    votes: list[CommissionVote] | None = None,
) -> Tallies:
    """The votes on the whole decision and, leaving out recused members, on each application."""
    if members is None:
        members = list(CommissionMember.objects.filter(meeting=meeting))
    if entries is None:
        entries = list(DecisionEntry.objects.filter(meeting=meeting).select_related("application"))
    if votes is None:
        votes = list(CommissionVote.objects.filter(meeting=meeting))
    recused = member_conflicts(members, entries)
    present = {m.pk for m in members if m.present}
    tallies = Tallies(overall=Tally(), recused=recused)
    counted = [v for v in votes if v.member_id in present]
    for vote in counted:
        tallies.overall.add(vote.choice)
    for entry in entries:
        tally = Tally()
        for vote in counted:
            if entry.application_id not in recused.get(vote.member_id, set()):
                tally.add(vote.choice)
        tallies.by_application[entry.application_id] = tally
    return tallies


def lot_problems(lot: Lot, entries: Iterable[DecisionEntry]) -> list[str]:
    """What in a lot's decision breaks its limits: the budget, the number of awards, places
    on the reserve list given twice."""
    entries = list(entries)
    awards = [e for e in entries if e.outcome == Outcome.AWARD]
    total = sum((e.amount for e in awards), Decimal(0))
    problems = []
    if total > lot.budget:
        problems.append(
            _("Lot %(number)s: the awards (%(total)s) exceed the budget of %(budget)s.")
            % {
                "number": lot.number,
                "total": money(total, lot.currency),
                "budget": money(lot.budget, lot.currency),
            }
        )
    if len(awards) > lot.max_awards:
        problems.append(
            _("Lot %(number)s: %(count)s awards, but the lot allows %(max)s.")
            % {"number": lot.number, "count": len(awards), "max": lot.max_awards}
        )
    places = [e.reserve_position for e in entries if e.outcome == Outcome.RESERVE]
    if len(places) != len(set(places)):
        problems.append(
            _("Lot %(number)s: two applications have the same place on the reserve list.")
            % {"number": lot.number}
        )
    return problems
