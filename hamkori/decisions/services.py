"""Writes of the commission's meetings and decision, the published result and appeals. Each
function checks permission, locks what it changes, validates, saves and records audit
events in one transaction; e-mails are queued in the outbox in that transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hamkori.accounts.models import Membership, MembershipRole, MembershipStatus, User
from hamkori.applications.models import Application, ApplicationState
from hamkori.calls.models import Call, Lot
from hamkori.calls.services import call_transition
from hamkori.calls.workflow import CallAction, CallState
from hamkori.core.audit import audit_record, diff, snapshot
from hamkori.core.links import absolute_url
from hamkori.core.outbox import email_queue_to_people
from hamkori.core.permissions import require
from hamkori.decisions.models import (
    Appeal,
    AppealState,
    CommissionMeeting,
    CommissionMember,
    CommissionRole,
    CommissionVote,
    DecisionEntry,
    MeetingState,
    Outcome,
    Result,
    VoteChoice,
)
from hamkori.decisions.permissions import can_file_appeal, can_manage_decision, result_of
from hamkori.decisions.tally import (
    Quorum,
    lot_problems,
    meeting_quorum,
    meeting_tallies,
)
from hamkori.reviews.models import Review, ReviewState
from hamkori.reviews.ranking import RowStatus, call_rankings
from hamkori.rules.selectors import (
    CalendarNotCovered,
    RuleMissing,
    local_datetime,
    local_zone,
    rule_value,
    working_days_add,
)
from hamkori.rules.selectors import local_today as local_today_in

OPEN_APPEAL_STATES = (AppealState.FILED, AppealState.UNDER_REVIEW)


def local_today(call: Call) -> date:
    return local_today_in(call.jurisdiction_id)


def _working_days_after(call: Call, day: date, key: str) -> date | None:
    """`day` plus the rule's working days, or None when the rule or the calendar is missing
    (shown as "not set": a deadline is never guessed)."""
    try:
        days = int(rule_value(call.jurisdiction_id, key, day))
        return working_days_add(call.jurisdiction_id, day, days)
    except (RuleMissing, CalendarNotCovered):
        return None


def appeal_deadline(result: Result) -> date | None:
    """The last local day to appeal: as stored at publication, or, when the rule or calendar
    was missing then, computed again now that it may have been loaded."""
    if result.appeal_until is not None:
        return result.appeal_until
    call = result.call
    published = result.published_at.astimezone(local_zone(call.jurisdiction_id)).date()
    return _working_days_after(call, published, "appeal.window_working_days")


def revision_needed(call: Call) -> bool:
    """An appeal was upheld after the result was published: the commission must meet again
    and publish a revised decision once the application is scored again."""
    published_at = Result.objects.filter(call=call).values_list("published_at", flat=True).first()
    return (
        published_at is not None
        and Appeal.objects.filter(
            call=call, state=AppealState.UPHELD, answered_at__gt=published_at
        ).exists()
    )


def _locked_meeting(meeting: CommissionMeeting) -> CommissionMeeting:
    return (
        CommissionMeeting.objects.select_for_update(of=("self",))
        .select_related("call", "call__body")
        .get(pk=meeting.pk)
    )


def _require_prepared(actor: User, meeting: CommissionMeeting) -> None:
    require(can_manage_decision, actor, meeting.call)
    if meeting.state != MeetingState.PREPARED:
        raise ValidationError(
            _("The meeting's decision was already taken (%(state)s); nothing can change.")
            % {"state": meeting.get_state_display()}
        )


# --- meetings ---------------------------------------------------------------------------


def meeting_refusal(call: Call) -> str | None:
    """Why a meeting cannot be convened now, or None. It needs the call under review (or a
    revision after an upheld appeal), no meeting still being prepared and every lot's
    ranking complete."""
    if call.state == CallState.DECIDED:
        if not revision_needed(call):
            return _("The decision is published; a new meeting needs an upheld appeal.")
    elif call.state != CallState.UNDER_REVIEW:
        return _("A commission meets only while the call is under review.")
    if CommissionMeeting.objects.filter(call=call, state=MeetingState.PREPARED).exists():
        return _("A meeting is already being prepared; take its decision first.")
    return None


def _proposal(call: Call) -> list[dict]:
    rankings = call_rankings(call)
    incomplete = [ranking.lot for ranking in rankings if not ranking.complete]
    if incomplete:
        raise ValidationError(
            _("The ranking is not complete in lot(s) %(lots)s: scores are still missing.")
            % {"lots": ", ".join(str(lot.number) for lot in incomplete)}
        )
    proposal = []
    for ranking in rankings:
        rows = []
        reserve = 0
        for row in ranking.rows:
            if row.status != RowStatus.RANKED:
                continue
            award = row.proposed == Outcome.AWARD
            reserve += 0 if award else 1
            rows.append(
                {
                    "application": row.application.pk,
                    "rank": row.rank,
                    "score": str(row.score),
                    "criteria": [str(value) for value in row.criteria],
                    "proposed": Outcome.AWARD if award else Outcome.RESERVE,
                    "amount": str(row.application.amount_requested if award else Decimal(0)),
                    "reserve_position": None if award else reserve,
                }
            )
        proposal.append(
            {
                "lot": ranking.lot.pk,
                "criteria": [criterion.pk for criterion in ranking.criteria],
                "rows": rows,
            }
        )
    return proposal


# A commission decides on a closed call, and within a year of its close.
MEETING_LATEST_AFTER_CLOSE = timedelta(days=365)


def _check_meeting_day(call: Call, held_at: datetime) -> None:
    zone = local_zone(call.jurisdiction_id)
    day = held_at.astimezone(zone).date()
    closed_on = call.closes_at.astimezone(zone).date()
    latest = closed_on + MEETING_LATEST_AFTER_CLOSE
    if day < closed_on:
        raise ValidationError(
            {
                "day": _("The meeting cannot be before the call closed (%(date)s).")
                % {"date": closed_on.strftime("%d.%m.%Y")}
            }
        )
    if day > latest:
        raise ValidationError(
            {
                "day": _("The meeting must be within a year of the call's close (by %(date)s).")
                % {"date": latest.strftime("%d.%m.%Y")}
            }
        )


@transaction.atomic
def meeting_create(*, actor: User, call: Call, held_at: datetime, place: str) -> CommissionMeeting:
    """Convene the commission: the ranking proposed by the scores is frozen into the meeting
    and the decision starts from it (awards with the amount requested, the rest on the
    reserve list in rank order)."""
    call = Call.objects.select_for_update(of=("self",)).select_related("body").get(pk=call.pk)
    require(can_manage_decision, actor, call)
    refusal = meeting_refusal(call)
    if refusal:
        raise ValidationError(refusal)
    _check_meeting_day(call, held_at)
    proposal = _proposal(call)
    number = (CommissionMeeting.objects.filter(call=call).aggregate(n=Max("number"))["n"] or 0) + 1
    meeting = CommissionMeeting(
        call=call,
        number=number,
        held_at=held_at,
        place=(place or "").strip(),
        proposed=proposal,
        created_by=actor,
    )
    meeting.full_clean()
    meeting.save()
    entries = []
    for lot in proposal:
        for row in lot["rows"]:
            entries.append(
                DecisionEntry(
                    meeting=meeting,
                    application_id=row["application"],
                    lot_id=lot["lot"],
                    rank=row["rank"],
                    score=Decimal(row["score"]),
                    proposed=row["proposed"],
                    outcome=row["proposed"],
                    amount=Decimal(row["amount"]),
                    reserve_position=row["reserve_position"],
                )
            )
    DecisionEntry.objects.bulk_create(entries)
    audit_record(
        actor=actor,
        action="decisions.meeting.create",
        obj=meeting,
        organisation=call.body,
        changes={"number": number, "held_at": held_at, "place": meeting.place},
    )
    return meeting


def meeting_local_datetime(call: Call, day: date, at) -> datetime:
    """The meeting's date and wall-clock time in the jurisdiction's time zone."""
    return local_datetime(call.jurisdiction_id, day, at)


@transaction.atomic
def member_add(
    *, actor: User, meeting: CommissionMeeting, email: str, role: str
) -> CommissionMember:
    """Add an existing account to the commission. An expert who scored in the call cannot
    approve its awards (segregation of duties); there is exactly one chair."""
    meeting = _locked_meeting(meeting)
    _require_prepared(actor, meeting)
    from hamkori.reviews.permissions import has_scored_in_call

    if role not in CommissionRole.values:
        raise ValidationError({"role": _("Choose the member's role.")})
    user = User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is None:
        raise ValidationError({"email": _("No active account has this e-mail address.")})
    if CommissionMember.objects.filter(meeting=meeting, user=user).exists():
        raise ValidationError({"email": _("%(name)s is already a member.") % {"name": user}})
    if role == CommissionRole.CHAIR and meeting.members.filter(role=CommissionRole.CHAIR).exists():
        raise ValidationError({"role": _("The commission already has a chair.")})
    if has_scored_in_call(user, meeting.call):
        raise ValidationError(
            {
                "email": _(
                    "%(name)s scored applications of this call as an expert and cannot decide "
                    "on its awards."
                )
                % {"name": user}
            }
        )
    member = CommissionMember(meeting=meeting, user=user, role=role)
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        action="decisions.member.add",
        obj=meeting,
        organisation=meeting.call.body,
        changes={"user": user.pk, "role": role},
    )
    return member


@transaction.atomic
def member_remove(*, actor: User, member: CommissionMember) -> None:
    meeting = _locked_meeting(member.meeting)
    _require_prepared(actor, meeting)
    user_id, role = member.user_id, member.role
    member.delete()
    audit_record(
        actor=actor,
        action="decisions.member.remove",
        obj=meeting,
        organisation=meeting.call.body,
        changes={"user": user_id, "role": role},
    )


@transaction.atomic
def attendance_record(
    *, actor: User, meeting: CommissionMeeting, present: dict[int, bool]
) -> Quorum:
    """Who attended (member id → present). A member who has voted stays present until the
    vote is withdrawn, so that no counted vote comes from an absent member."""
    meeting = _locked_meeting(meeting)
    _require_prepared(actor, meeting)
    voted = set(CommissionVote.objects.filter(meeting=meeting).values_list("member_id", flat=True))
    changed = {}
    for member in meeting.members.select_related("user"):
        if member.pk not in present:
            continue
        value = bool(present[member.pk])
        if member.present == value:
            continue
        if not value and member.pk in voted:
            raise ValidationError(
                _("%(name)s has voted: withdraw the vote before marking them absent.")
                % {"name": member.user}
            )
        member.present = value
        member.save(update_fields=["present"])
        changed[member.user_id] = value
    if changed:
        audit_record(
            actor=actor,
            action="decisions.meeting.attendance",
            obj=meeting,
            organisation=meeting.call.body,
            changes={"present": changed},
        )
    return meeting_quorum(meeting)


@dataclass
class EntryChange:
    """What the commission decided on one application of a lot."""

    entry_id: int
    outcome: str
    amount: Decimal | None = None
    reserve_position: int | None = None
    reason: str = ""


def _proposed_rows(meeting: CommissionMeeting) -> dict[int, dict]:
    return {row["application"]: row for lot in meeting.proposed for row in lot["rows"]}


@transaction.atomic
def decision_update(
    *, actor: User, meeting: CommissionMeeting, lot: Lot, changes: list[EntryChange]
) -> list[DecisionEntry]:
    """Change the decision on applications of one lot. Awards carry an amount (at most the
    amount requested), reserves a distinct place; every departure from the proposal (another
    outcome, amount or place) needs a reason. The lot row is locked so that two editors
    cannot together exceed its budget or its number of awards.

    Errors are keyed "<field>_<entry id>" (outcome, amount, reserve, reason) or lot-wide."""
    meeting = _locked_meeting(meeting)
    _require_prepared(actor, meeting)
    lot = Lot.objects.select_for_update().get(pk=lot.pk, call_id=meeting.call_id)
    entries = {
        entry.pk: entry
        for entry in DecisionEntry.objects.filter(meeting=meeting, lot=lot).select_related(
            "application"
        )
    }
    proposals = _proposed_rows(meeting)
    errors: dict[str, list[str]] = {}
    updated: dict[int, DecisionEntry] = {}
    for change in changes:
        entry = entries.get(change.entry_id)
        if entry is None:
            raise ValidationError(_("An application is not part of this lot's decision."))
        proposal = proposals.get(entry.application_id, {})
        key = entry.pk
        outcome = change.outcome
        amount = Decimal(0)
        position = None
        if outcome not in Outcome.values:
            errors[f"outcome_{key}"] = [_("Choose award, reserve list or not funded.")]
            continue
        if outcome == Outcome.AWARD:
            if change.amount is None or change.amount <= 0:
                errors[f"amount_{key}"] = [_("An award needs an amount above zero.")]
                continue
            if change.amount > entry.application.amount_requested:
                errors[f"amount_{key}"] = [_("The award cannot exceed the amount requested.")]
                continue
            amount = change.amount
        elif outcome == Outcome.RESERVE:
            if not change.reserve_position or change.reserve_position < 1:
                errors[f"reserve_{key}"] = [_("Give the place on the reserve list.")]
                continue
            position = change.reserve_position
        departs = (
            outcome != proposal.get("proposed", entry.proposed)
            or (outcome == Outcome.AWARD and amount != Decimal(proposal.get("amount", "0")))
            or (outcome == Outcome.RESERVE and position != proposal.get("reserve_position"))
        )
        reason = (change.reason or "").strip()
        if departs and not reason:
            errors[f"reason_{key}"] = [
                _("Give the reason for departing from the proposed ranking.")
            ]
            continue
        copy = DecisionEntry(**{f.attname: getattr(entry, f.attname) for f in entry._meta.fields})
        copy._state.adding = False
        copy.outcome, copy.amount, copy.reserve_position = outcome, amount, position
        copy.departure_reason = reason if departs else ""
        updated[key] = copy
    if errors:
        raise ValidationError(errors)
    final = {**entries, **updated}
    problems = lot_problems(lot, final.values())
    if problems:
        raise ValidationError(problems)
    fields = ["outcome", "amount", "reserve_position", "departure_reason"]
    saved = []
    for key, copy in updated.items():
        before = snapshot(entries[key], fields)
        changed = diff(copy, before, fields)
        if not changed:
            continue
        copy.full_clean(exclude=["meeting", "application", "lot"])
        copy.save(update_fields=fields)
        saved.append(copy)
        audit_record(
            actor=actor,
            action="decisions.entry.update",
            obj=meeting,
            organisation=meeting.call.body,
            changes={"application": copy.application_id, **changed},
        )
    return saved


@transaction.atomic
def votes_record(
    *, actor: User, meeting: CommissionMeeting, choices: dict[int, str | None]
) -> None:
    """Record each present member's vote on the decision (member id → for / against /
    abstain, or None to withdraw it). Refused without a quorum."""
    meeting = _locked_meeting(meeting)
    _require_prepared(actor, meeting)
    quorum = meeting_quorum(meeting)
    if quorum.share is None:
        raise ValidationError(_("The quorum rule commission.quorum_share is not set."))
    if not quorum.reached:
        raise ValidationError(
            _("No quorum: %(present)s of %(total)s members are present.")
            % {"present": quorum.present, "total": quorum.total}
        )
    members = {m.pk: m for m in meeting.members.select_related("user")}
    votes = {v.member_id: v for v in CommissionVote.objects.filter(meeting=meeting)}
    for member_id, choice in choices.items():
        member = members.get(member_id)
        if member is None:
            raise ValidationError(_("Only members of this commission vote."))
        current = votes.get(member_id)
        if choice and choice not in VoteChoice.values:
            raise ValidationError(_("Choose for, against or abstain."))
        if choice and not member.present:
            raise ValidationError(
                _("%(name)s is not present and cannot vote.") % {"name": member.user}
            )
        if (current.choice if current else None) == (choice or None):
            continue
        if not choice:
            assert current is not None
            current.delete()
        elif current is None:
            CommissionVote.objects.create(
                meeting=meeting, member=member, choice=choice, cast_at=timezone.now()
            )
        else:
            current.choice, current.cast_at = choice, timezone.now()
            current.save(update_fields=["choice", "cast_at"])
        audit_record(
            actor=actor,
            action="decisions.vote.record",
            obj=meeting,
            organisation=meeting.call.body,
            changes={
                "user": member.user_id,
                "choice": [current.choice if current else None, choice or None],
            },
        )


@transaction.atomic
def meeting_adopt(*, actor: User, meeting: CommissionMeeting) -> CommissionMeeting:
    """Take the decision: with a quorum and a chair, it is adopted when more present members
    voted for than against — on the whole and on every application, leaving out the members
    recused from it — and not adopted otherwise."""
    meeting = _locked_meeting(meeting)
    _require_prepared(actor, meeting)
    quorum = meeting_quorum(meeting)
    if quorum.share is None:
        raise ValidationError(
            _("The quorum rule commission.quorum_share is not set: the decision cannot be taken.")
        )
    if not quorum.reached:
        raise ValidationError(
            _("No quorum: %(present)s of %(total)s members are present.")
            % {"present": quorum.present, "total": quorum.total}
        )
    if not meeting.members.filter(role=CommissionRole.CHAIR).exists():
        raise ValidationError(_("The commission needs a chair."))
    tallies = meeting_tallies(meeting)
    if not tallies.overall.cast:
        raise ValidationError(_("No votes have been recorded."))
    for lot in Lot.objects.filter(call=meeting.call).select_for_update():
        problems = lot_problems(lot, DecisionEntry.objects.filter(meeting=meeting, lot=lot))
        if problems:
            raise ValidationError(problems)
    adopted = tallies.adopted
    meeting.state = MeetingState.ADOPTED if adopted else MeetingState.NOT_ADOPTED
    meeting.decided_at = timezone.now()
    meeting.save(update_fields=["state", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action="decisions.meeting.adopt" if adopted else "decisions.meeting.reject",
        obj=meeting,
        organisation=meeting.call.body,
        changes={
            "state": meeting.state,
            "for": tallies.overall.for_,
            "against": tallies.overall.against,
            "abstain": tallies.overall.abstain,
            "present": quorum.present,
            "members": quorum.total,
        },
    )
    return meeting


# --- publication ------------------------------------------------------------------------


def _outcomes(meeting: CommissionMeeting) -> dict[int, tuple]:
    return {
        row["application_id"]: (row["outcome"], row["amount"], row["reserve_position"])
        for row in DecisionEntry.objects.filter(meeting=meeting).values(
            "application_id", "outcome", "amount", "reserve_position"
        )
    }


@transaction.atomic
def result_publish(*, actor: User, call: Call, meeting: CommissionMeeting) -> Result:
    """Publish an adopted decision: the call becomes decided, the appeal window opens and the
    applicants, the call's experts and the commission are told. After an upheld appeal a
    later meeting's decision replaces the published one; then only those whose outcome
    changed (and the commission) are written to."""
    call = Call.objects.select_for_update(of=("self",)).select_related("body").get(pk=call.pk)
    require(can_manage_decision, actor, call)
    meeting = CommissionMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.call_id != call.pk:
        raise ValidationError(_("The meeting belongs to another call."))
    if meeting.state != MeetingState.ADOPTED:
        raise ValidationError(_("Only an adopted decision can be published."))
    result = Result.objects.select_for_update().filter(call=call).first()
    now = timezone.now()
    published_day = now.astimezone(local_zone(call.jurisdiction_id)).date()
    appeal_until = _working_days_after(call, published_day, "appeal.window_working_days")
    changed: set[int] | None = None
    if result is None:
        if call.state != CallState.UNDER_REVIEW:
            raise ValidationError(_("Only a call under review can have its decision published."))
        result = Result(call=call, meeting=meeting, published_at=now, published_by=actor)
        result.appeal_until = appeal_until
        result.full_clean()
        result.save()
        call = call_transition(actor=actor, call=call, action=CallAction.DECIDE)
        result.call = call
        action = "decisions.result.publish"
        previous_meeting = None
    else:
        if result.meeting_id == meeting.pk or meeting.number < result.meeting.number:
            raise ValidationError(_("This decision is already published or superseded."))
        if not revision_needed(call):
            raise ValidationError(_("A published decision is revised only after an upheld appeal."))
        before, after = _outcomes(result.meeting), _outcomes(meeting)
        changed = {pk for pk in after if before.get(pk) != after[pk]}
        previous_meeting = result.meeting_id
        result.meeting, result.published_at, result.published_by = meeting, now, actor
        result.appeal_until = appeal_until
        result.full_clean()
        result.save()
        action = "decisions.result.republish"
    call.result = result
    audit_record(
        actor=actor,
        action=action,
        obj=result,
        organisation=call.body,
        changes={
            "meeting": meeting.pk,
            "previous_meeting": previous_meeting,
            "appeal_until": appeal_until,
            "changed": sorted(changed) if changed is not None else None,
        },
    )
    _publication_mail(call, result, changed)
    return result


def _publication_mail(call: Call, result: Result, changed: set[int] | None) -> None:
    entries = list(
        DecisionEntry.objects.filter(meeting=result.meeting)
        .select_related("application", "lot")
        .order_by("lot__number", "rank", "pk")
    )
    if changed is not None:
        entries = [entry for entry in entries if entry.application_id in changed]
    admins: dict[int, list[User]] = {}
    for membership in Membership.objects.filter(
        organisation_id__in={entry.application.organisation_id for entry in entries},
        role=MembershipRole.ADMIN,
        status=MembershipStatus.ACTIVE,
    ).select_related("user"):
        admins.setdefault(membership.organisation_id, []).append(membership.user)
    results_url = absolute_url(reverse("decisions:results", args=[call.pk]))
    base = {
        "call": call,
        "result": result,
        "appeal_until": result.appeal_until,
        "results_url": results_url,
        "revised": changed is not None,
    }
    for entry in entries:
        email_queue_to_people(
            admins.get(entry.application.organisation_id, []),
            "decisions/emails/outcome",
            {
                **base,
                "entry": entry,
                "application": entry.application,
                "lot": entry.lot,
                "url": absolute_url(
                    reverse("decisions:application-result", args=[entry.application_id])
                ),
            },
        )
    members = User.objects.filter(
        pk__in=CommissionMember.objects.filter(meeting=result.meeting).values("user_id")
    )
    experts = User.objects.filter(
        pk__in=Review.objects.filter(call=call)
        .exclude(state=ReviewState.RECUSED)
        .values("expert__user_id")
    )
    people = (
        {person.pk: person for person in [*members, *experts]}
        if changed is None
        else {person.pk: person for person in members}
    )
    email_queue_to_people(people.values(), "decisions/emails/published", base)


# --- appeals ----------------------------------------------------------------------------


@transaction.atomic
def appeal_file(*, actor: User, application: Application, grounds: str) -> Appeal:
    """An applicant appeals against the published result, within the window (local date);
    one open appeal per application. The officials must answer by `due_on`."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "call__body", "call__result", "organisation")
        .get(pk=application.pk)
    )
    require(can_file_appeal, actor, application)
    call = application.call
    result = result_of(call)
    assert result is not None
    if application.state != ApplicationState.SUBMITTED:
        raise ValidationError(_("Only a submitted application can be appealed."))
    today = local_today(call)
    until = appeal_deadline(result)
    if until is not None and today > until:
        raise ValidationError(
            _("The appeal window closed on %(date)s.") % {"date": until.strftime("%d.%m.%Y")}
        )
    grounds = (grounds or "").strip()
    if not grounds:
        raise ValidationError({"grounds": _("Give the grounds of the appeal.")})
    if Appeal.objects.filter(application=application, state__in=OPEN_APPEAL_STATES).exists():
        raise ValidationError(_("An appeal of this application is already being considered."))
    appeal = Appeal(
        call=call,
        application=application,
        filed_by=actor,
        grounds=grounds,
        due_on=_working_days_after(call, today, "appeal.commission_finding_working_days"),
    )
    appeal.full_clean()
    appeal.save()
    audit_record(
        actor=actor,
        action="decisions.appeal.file",
        obj=appeal,
        organisation=application.organisation,
        changes={"application": application.pk, "due_on": appeal.due_on},
    )
    officials = User.objects.filter(
        memberships__organisation=call.body,
        memberships__status=MembershipStatus.ACTIVE,
        memberships__role=MembershipRole.ADMIN,
    )
    email_queue_to_people(
        officials,
        "decisions/emails/appeal_filed",
        {
            "call": call,
            "appeal": appeal,
            "application": application,
            "url": absolute_url(reverse("decisions:appeal-detail", args=[appeal.pk])),
        },
    )
    return appeal


def _locked_appeal(appeal: Appeal) -> Appeal:
    return (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("call", "call__body", "application", "application__organisation")
        .get(pk=appeal.pk)
    )


@transaction.atomic
def appeal_review_start(*, actor: User, appeal: Appeal) -> Appeal:
    """The officials take the appeal up (filed → under review)."""
    appeal = _locked_appeal(appeal)
    require(can_manage_decision, actor, appeal.call)
    if appeal.state != AppealState.FILED:
        raise ValidationError(_("Only a newly filed appeal can be taken up."))
    appeal.state = AppealState.UNDER_REVIEW
    appeal.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor,
        action="decisions.appeal.review",
        obj=appeal,
        organisation=appeal.call.body,
        changes={"state": [AppealState.FILED, AppealState.UNDER_REVIEW]},
    )
    return appeal


@transaction.atomic
def appeal_answer(*, actor: User, appeal: Appeal, upheld: bool, answer: str) -> Appeal:
    """Uphold or dismiss an open appeal, with reasons the appellant reads. Upholding reopens
    the application's scoring; the ranking then recomputes and the commission must publish a
    revised decision."""
    appeal = _locked_appeal(appeal)
    require(can_manage_decision, actor, appeal.call)
    if appeal.state not in OPEN_APPEAL_STATES:
        raise ValidationError(_("The appeal has already been answered."))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Give the reasons for the answer.")})
    before = appeal.state
    appeal.state = AppealState.UPHELD if upheld else AppealState.DISMISSED
    appeal.answer = answer
    appeal.answered_by = actor
    appeal.answered_at = timezone.now()
    appeal.full_clean()
    appeal.save(update_fields=["state", "answer", "answered_by", "answered_at", "updated_at"])
    audit_record(
        actor=actor,
        action="decisions.appeal.uphold" if upheld else "decisions.appeal.dismiss",
        obj=appeal,
        organisation=appeal.call.body,
        changes={"state": [before, appeal.state], "answer": answer},
    )
    reopened = 0
    if upheld:
        from hamkori.reviews.services import reviews_reopen

        reopened = reviews_reopen(actor=actor, application=appeal.application, reason=answer)
    people = {appeal.filed_by_id: appeal.filed_by}
    email_queue_to_people(
        people.values(),
        "decisions/emails/appeal_answer",
        {
            "call": appeal.call,
            "appeal": appeal,
            "application": appeal.application,
            "upheld": upheld,
            "reopened": reopened,
            "url": absolute_url(
                reverse("decisions:application-result", args=[appeal.application_id])
            ),
        },
    )
    return appeal


def finalise_refusal(call: Call) -> str | None:
    """Why a decided call cannot be made final yet, or None: it needs its published result,
    the appeal window over (local date), no open appeal and no revision pending."""
    result = Result.objects.filter(call=call).select_related("call").first()
    if result is None:
        return _("The decision has not been published.")
    if Appeal.objects.filter(call=call, state__in=OPEN_APPEAL_STATES).exists():
        return _("Appeals are still open; answer them first.")
    if revision_needed(call):
        return _("An appeal was upheld: publish the revised decision first.")
    until = appeal_deadline(result)
    if until is None:
        return _("The appeal window is not set in the rules, so it cannot be over.")
    if local_today(call) <= until:
        return _("Appeals can be filed until %(date)s.") % {"date": until.strftime("%d.%m.%Y")}
    return None


__all__ = [
    "EntryChange",
    "appeal_answer",
    "appeal_deadline",
    "appeal_file",
    "appeal_review_start",
    "attendance_record",
    "decision_update",
    "finalise_refusal",
    "local_today",
    "meeting_adopt",
    "meeting_create",
    "meeting_local_datetime",
    "meeting_refusal",
    "member_add",
    "member_remove",
    "result_publish",
    "revision_needed",
    "votes_record",
]
