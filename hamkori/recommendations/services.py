"""Writes of recommendations: adoption at a held meeting, sending, registration and the body's
answer, extensions of the deadline, implementation with milestones. Each function checks
permission, locks the recommendation row, validates, saves and records its audit event in one
transaction; e-mails are queued in the outbox in the same transaction."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hamkori.accounts.models import MembershipStatus, User
from hamkori.core.audit import audit_record
from hamkori.core.i18n import CONTENT_LANGUAGES
from hamkori.core.links import absolute_url
from hamkori.core.outbox import email_queue_to_people
from hamkori.core.permissions import require
from hamkori.councils.models import Council, Member, Position
from hamkori.meetings.models import AgendaItem, Meeting, MeetingState
from hamkori.recommendations.models import (
    TEXT_MAX_LENGTH,
    Extension,
    Milestone,
    Recommendation,
)
from hamkori.recommendations.permissions import (
    can_adopt_recommendation,
    can_answer_recommendation,
    can_send_recommendation,
)
from hamkori.recommendations.workflow import (
    AWAITING_ANSWER,
    AnswerKind,
    RecommendationAction,
    RecommendationState,
    transition,
)
from hamkori.registry.models import Organisation, Sector
from hamkori.rules.selectors import (
    CalendarNotCovered,
    RuleMissing,
    calendar_for,
    local_today,
    local_zone,
    rule_value,
)
from hamkori.rules.selectors import working_days_add as add_working_days

ANSWER_RULE = "council.recommendation_answer_working_days"
EXTENSION_RULE = "council.recommendation_extension_working_days"
# A body moves its answer deadline once (the appeals analogy: one extension, with notice).
MAX_EXTENSIONS = 1
HELD_STATES = (MeetingState.HELD, MeetingState.MINUTES_DRAFTED, MeetingState.MINUTES_APPROVED)

S, A = RecommendationState, RecommendationAction


# --- helpers ----------------------------------------------------------------------------


def today_of(recommendation: Recommendation) -> date:
    return local_today(recommendation.council.jurisdiction_id)


def answer_deadline(jurisdiction: str, sent_on: date) -> date:
    """The answer deadline of a recommendation sent on `sent_on`: the rule's number of working
    days after it in the jurisdiction's calendar. Refuses (ValidationError) when the rule is
    not set or the calendar of those days is not loaded, rather than guessing a date."""
    try:
        days = int(rule_value(jurisdiction, ANSWER_RULE, sent_on))
    except RuleMissing:
        raise ValidationError(
            _("The rule set has no deadline for answering a recommendation on that date.")
        ) from None
    try:
        return add_working_days(jurisdiction, sent_on, days)
    except CalendarNotCovered:
        raise ValidationError(
            _("The holidays of the year of the deadline are not loaded; it cannot be computed.")
        ) from None


def extension_limit(jurisdiction: str, due_on: date) -> date:
    """The latest new deadline an extension may set: the rule's number of working days after
    the deadline in force. Refuses, as `answer_deadline`, when the rule or calendar is missing."""
    try:
        days = int(rule_value(jurisdiction, EXTENSION_RULE, due_on))
    except RuleMissing:
        raise ValidationError(
            _("The rule set has no limit for extending the answer to a recommendation.")
        ) from None
    try:
        return add_working_days(jurisdiction, due_on, days)
    except CalendarNotCovered:
        raise ValidationError(
            _("The holidays of the year of the deadline are not loaded; it cannot be computed.")
        ) from None


def _is_working_day(jurisdiction: str, day: date) -> bool:
    try:
        return calendar_for(jurisdiction).is_working_day(day)
    except CalendarNotCovered:
        raise ValidationError(
            {"new_due_on": _("The holidays of that year are not loaded; choose an earlier day.")}
        ) from None


def _within_limit(value: str, field: str) -> str:
    """The text, or Django's "at most N characters" error at the form's field."""
    try:
        MaxLengthValidator(TEXT_MAX_LENGTH)(value)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    return value


def _locked(recommendation: Recommendation) -> Recommendation:
    return (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("council", "meeting", "addressee")
        .get(pk=recommendation.pk)
    )


def _move(recommendation: Recommendation, action: str) -> str:
    """The next state, or a ValidationError naming the state the recommendation is in."""
    target = transition(recommendation.state, action)
    if target is None:
        raise ValidationError(
            _("This cannot be done while the recommendation is “%(state)s”.")
            % {"state": recommendation.get_state_display()}
        )
    return target


def _sent_on(recommendation: Recommendation) -> date:
    if recommendation.sent_on is None or recommendation.due_on is None:
        raise ValidationError(_("The recommendation is not sent yet."))
    return recommendation.sent_on


def _due_on(recommendation: Recommendation) -> date:
    if recommendation.due_on is None:
        raise ValidationError(_("The recommendation is not sent yet."))
    return recommendation.due_on


def _answered_on(recommendation: Recommendation) -> date:
    if recommendation.answered_on is None:
        raise ValidationError(_("The recommendation is not answered yet."))
    return recommendation.answered_on


def _day(value: date | None, recommendation: Recommendation, field: str) -> date:
    """A date given by a person: today by default, never in the future."""
    today = today_of(recommendation)
    value = value or today
    if value > today:
        raise ValidationError({field: _("The date cannot be in the future.")})
    return value


def council_people(council: Council, on: date) -> list[User]:
    """The council's members with an account and a seat on `on`, secretary included."""
    seats = (
        Member.objects.filter(council=council, user__isnull=False, user__is_active=True)
        .filter(starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("user")
        .order_by("pk")
    )
    people = {seat.user_id: seat.user for seat in seats if seat.user is not None}
    return list(people.values())


def council_secretaries(council: Council, on: date) -> list[User]:
    seats = (
        Member.objects.filter(
            council=council,
            position=Position.SECRETARY,
            user__isnull=False,
            user__is_active=True,
            starts_on__lte=on,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("user")
    )
    return [seat.user for seat in seats if seat.user is not None]


def body_officials(body: Organisation) -> list[User]:
    """The active members of the addressee body (they receive its mail)."""
    return list(
        User.objects.filter(
            memberships__organisation=body,
            memberships__status=MembershipStatus.ACTIVE,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def recommendation_url(recommendation: Recommendation) -> str:
    return absolute_url(reverse("recommendations:recommendation-detail", args=[recommendation.pk]))


def _mail(people, template: str, recommendation: Recommendation, **context) -> None:
    email_queue_to_people(
        people,
        f"recommendations/emails/{template}",
        {
            "recommendation": recommendation,
            "council": recommendation.council,
            "body": recommendation.addressee,
            "url": recommendation_url(recommendation),
            **context,
        },
    )


# --- adopting and sending --------------------------------------------------------------


@transaction.atomic
def recommendation_adopt(
    *,
    actor: User,
    meeting: Meeting,
    addressee: Organisation,
    title: dict[str, str],
    text: dict[str, str],
    agenda_item: AgendaItem | None = None,
    adopted_on: date | None = None,
) -> Recommendation:
    """Record a recommendation the council adopted at a held meeting (under one of its agenda
    items, optionally), addressed to the host or another state body of the same jurisdiction;
    numbered next in the council."""
    council = Council.objects.select_for_update().get(pk=meeting.council_id)
    require(can_adopt_recommendation, actor, council)
    if meeting.state not in HELD_STATES:
        raise ValidationError(
            {"meeting": _("Recommendations are adopted at a meeting that was held.")}
        )
    if addressee.sector != Sector.STATE or addressee.jurisdiction_id != council.jurisdiction_id:
        raise ValidationError(
            {"addressee": _("Address the recommendation to a state body of the same country.")}
        )
    unknown = (set(title) | set(text)) - set(CONTENT_LANGUAGES)
    if unknown:
        raise ValidationError(_("Unknown language: %(codes)s.") % {"codes": ", ".join(unknown)})
    if not any(v.strip() for v in title.values()) or not any(v.strip() for v in text.values()):
        raise ValidationError(_("Give the title and the text in at least one language."))
    for code, value in text.items():
        _within_limit(value.strip(), f"text_{code}")
    held_on = timezone.localtime(meeting.starts_at, local_zone(council.jurisdiction_id)).date()
    adopted_on = adopted_on or held_on
    if adopted_on < held_on:
        raise ValidationError({"adopted_on": _("A recommendation is adopted at its meeting.")})
    number = (council.recommendations.aggregate(n=Max("number"))["n"] or 0) + 1
    recommendation = Recommendation(
        council=council,
        meeting=meeting,
        agenda_item=agenda_item,
        number=number,
        addressee=addressee,
        adopted_on=adopted_on,
        created_by=actor,
        **{f"title_{code}": value.strip() for code, value in title.items()},
        **{f"text_{code}": value.strip() for code, value in text.items()},
    )
    recommendation.full_clean()
    recommendation.save()
    audit_record(
        actor=actor,
        action="recommendations.recommendation.adopt",
        obj=recommendation,
        organisation=council.host,
        changes={
            "council": council.pk,
            "meeting": meeting.pk,
            "number": number,
            "addressee": addressee.pk,
        },
    )
    return recommendation


@transaction.atomic
def recommendation_send(
    *, actor: User, recommendation: Recommendation, sent_on: date | None = None
) -> Recommendation:
    """Send the recommendation to the addressee body; the answer is due the rule's number of
    working days after sending (in the jurisdiction's calendar). The body's officials are told."""
    recommendation = _locked(recommendation)
    require(can_send_recommendation, actor, recommendation)
    target = _move(recommendation, A.SEND)
    sent_on = _day(sent_on, recommendation, "sent_on")
    if sent_on < recommendation.adopted_on:
        raise ValidationError({"sent_on": _("It cannot be sent before it was adopted.")})
    due_on = answer_deadline(recommendation.council.jurisdiction_id, sent_on)
    recommendation.state = target
    recommendation.sent_on = sent_on
    recommendation.due_on = recommendation.first_due_on = due_on
    recommendation.full_clean()
    recommendation.save(update_fields=["state", "sent_on", "due_on", "first_due_on", "updated_at"])
    audit_record(
        actor=actor,
        action="recommendations.recommendation.send",
        obj=recommendation,
        organisation=recommendation.addressee,
        changes={"sent_on": sent_on, "due_on": due_on},
    )
    _mail(body_officials(recommendation.addressee), "received", recommendation)
    return recommendation


# --- the addressee body -----------------------------------------------------------------


@transaction.atomic
def recommendation_register(
    *, actor: User, recommendation: Recommendation, registered_on: date | None = None
) -> Recommendation:
    """The body records the recommendation in its register of incoming documents."""
    recommendation = _locked(recommendation)
    require(can_answer_recommendation, actor, recommendation)
    target = _move(recommendation, A.REGISTER)
    registered_on = _day(registered_on, recommendation, "registered_on")
    if registered_on < _sent_on(recommendation):
        raise ValidationError({"registered_on": _("It cannot be registered before it was sent.")})
    recommendation.state = target
    recommendation.registered_on = registered_on
    recommendation.full_clean()
    recommendation.save(update_fields=["state", "registered_on", "updated_at"])
    audit_record(
        actor=actor,
        action="recommendations.recommendation.register",
        obj=recommendation,
        organisation=recommendation.addressee,
        changes={"registered_on": registered_on},
    )
    return recommendation


@transaction.atomic
def recommendation_answer(
    *,
    actor: User,
    recommendation: Recommendation,
    answer: str,
    text: str,
    answered_on: date | None = None,
) -> Recommendation:
    """The body's answer: accepted, partly accepted or rejected (the last two with reasons).
    A rejection ends the recommendation. The council's members are told, and whether the answer
    came on time is a fact of the dates (answered_on ≤ due_on)."""
    recommendation = _locked(recommendation)
    require(can_answer_recommendation, actor, recommendation)
    if answer not in AnswerKind.values:
        raise ValidationError({"answer": _("Choose the answer.")})
    target = _move(recommendation, A.REJECT if answer == AnswerKind.REJECTED else A.ANSWER)
    text = _within_limit((text or "").strip(), "text")
    if answer != AnswerKind.ACCEPTED and not text:
        raise ValidationError({"text": _("Give the reasons of a rejection or a partial answer.")})
    answered_on = _day(answered_on, recommendation, "answered_on")
    if answered_on < _sent_on(recommendation):
        raise ValidationError({"answered_on": _("It cannot be answered before it was sent.")})
    recommendation.state = target
    recommendation.answer = answer
    recommendation.answer_text = text
    recommendation.answered_on = answered_on
    recommendation.answered_by = actor
    if recommendation.registered_on is None:
        recommendation.registered_on = answered_on
    recommendation.full_clean()
    recommendation.save(
        update_fields=[
            "state",
            "answer",
            "answer_text",
            "answered_on",
            "answered_by",
            "registered_on",
            "updated_at",
        ]
    )
    on_time = answered_on <= _due_on(recommendation)
    audit_record(
        actor=actor,
        action="recommendations.recommendation.answer",
        obj=recommendation,
        organisation=recommendation.addressee,
        changes={
            "answer": answer,
            "answered_on": answered_on,
            "due_on": recommendation.due_on,
            "on_time": on_time,
        },
    )
    _mail(
        council_people(recommendation.council, answered_on),
        "answered",
        recommendation,
        on_time=on_time,
    )
    return recommendation


@transaction.atomic
def recommendation_extend(
    *, actor: User, recommendation: Recommendation, new_due_on: date, reason: str
) -> Extension:
    """The body moves its answer deadline, with a reason, before the deadline has passed:
    once, to a working day at most the rule's number of working days after the deadline in force
    (a day off is refused, naming the next working day). The council's secretary and members
    are told. The answer then counts as on time up to the new date."""
    recommendation = _locked(recommendation)
    require(can_answer_recommendation, actor, recommendation)
    if recommendation.state not in AWAITING_ANSWER:
        raise ValidationError(_("Only a recommendation waiting for its answer can be extended."))
    reason = _within_limit((reason or "").strip(), "reason")
    if not reason:
        raise ValidationError({"reason": _("Give the reason of the extension.")})
    today = today_of(recommendation)
    previous = _due_on(recommendation)
    if today > previous:
        raise ValidationError(
            _("The deadline (%(day)s) has passed; it can no longer be extended.")
            % {"day": date_format(previous, "DATE_FORMAT")}
        )
    if recommendation.extensions.count() >= MAX_EXTENSIONS:
        raise ValidationError(_("The deadline of a recommendation can be extended only once."))
    if new_due_on <= previous:
        raise ValidationError({"new_due_on": _("The new deadline must be after the current one.")})
    jurisdiction = recommendation.council.jurisdiction_id
    latest = extension_limit(jurisdiction, previous)
    if new_due_on > latest:
        raise ValidationError(
            {
                "new_due_on": _(
                    "The deadline can be moved by at most %(days)s working days: to %(day)s at "
                    "the latest."
                )
                % {
                    "days": rule_value(jurisdiction, EXTENSION_RULE, previous),
                    "day": date_format(latest, "DATE_FORMAT"),
                }
            }
        )
    # Refused rather than moved silently: the body chooses the day it commits to.
    if not _is_working_day(jurisdiction, new_due_on):
        raise ValidationError(
            {
                "new_due_on": _("%(day)s is not a working day; the next working day is %(next)s.")
                % {
                    "day": date_format(new_due_on, "DATE_FORMAT"),
                    "next": date_format(
                        add_working_days(jurisdiction, new_due_on, 0), "DATE_FORMAT"
                    ),
                }
            }
        )
    extension = Extension(
        recommendation=recommendation,
        previous_due_on=previous,
        new_due_on=new_due_on,
        reason=reason,
        extended_by=actor,
        extended_at=timezone.now(),
    )
    extension.full_clean()
    extension.save()
    recommendation.due_on = new_due_on
    recommendation.overdue_notified_at = None
    recommendation.full_clean()
    recommendation.save(update_fields=["due_on", "overdue_notified_at", "updated_at"])
    audit_record(
        actor=actor,
        action="recommendations.recommendation.extend",
        obj=recommendation,
        organisation=recommendation.addressee,
        changes={"previous_due_on": previous, "new_due_on": new_due_on, "reason": reason},
    )
    _mail(
        council_people(recommendation.council, today),
        "extended",
        recommendation,
        extension=extension,
    )
    return extension


# --- implementation ---------------------------------------------------------------------

IMPLEMENTABLE = (S.ANSWERED, S.IMPLEMENTING)


def _implementable(recommendation: Recommendation) -> None:
    if recommendation.state not in IMPLEMENTABLE:
        raise ValidationError(
            _("Only an accepted recommendation that is not yet implemented can be reported on.")
        )


@transaction.atomic
def recommendation_progress(
    *, actor: User, recommendation: Recommendation, progress: int
) -> Recommendation:
    """The body reports how far the implementation is (0–99 %; 100 % is `implemented`). The
    first report moves an answered recommendation to “being implemented”."""
    recommendation = _locked(recommendation)
    require(can_answer_recommendation, actor, recommendation)
    _implementable(recommendation)
    if not 0 <= progress < 100:
        raise ValidationError(
            {"progress": _("Give a share from 0 to 99; mark it implemented when it is done.")}
        )
    previous = recommendation.progress
    if recommendation.state == S.ANSWERED:
        recommendation.state = _move(recommendation, A.START)
    recommendation.progress = progress
    recommendation.full_clean()
    recommendation.save(update_fields=["state", "progress", "updated_at"])
    audit_record(
        actor=actor,
        action="recommendations.recommendation.progress",
        obj=recommendation,
        organisation=recommendation.addressee,
        changes={"progress": [previous, progress]},
    )
    return recommendation


@transaction.atomic
def milestone_add(
    *, actor: User, recommendation: Recommendation, text: str, due_on: date
) -> Milestone:
    """A planned step of the implementation, due no earlier than the day it was sent."""
    recommendation = _locked(recommendation)
    require(can_answer_recommendation, actor, recommendation)
    _implementable(recommendation)
    sent_on = _sent_on(recommendation)
    if due_on < sent_on:
        raise ValidationError(
            {
                "due_on": _("A step cannot be due before the recommendation was sent (%(day)s).")
                % {"day": date_format(sent_on, "DATE_FORMAT")}
            }
        )
    milestone = Milestone(recommendation=recommendation, text=(text or "").strip(), due_on=due_on)
    milestone.full_clean()
    milestone.save()
    if recommendation.state == S.ANSWERED:
        recommendation.state = _move(recommendation, A.START)
        recommendation.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor,
        action="recommendations.milestone.add",
        obj=recommendation,
        organisation=recommendation.addressee,
        changes={"milestone": milestone.pk, "text": milestone.text, "due_on": due_on},
    )
    return milestone


@transaction.atomic
def milestone_done(*, actor: User, milestone: Milestone, done_on: date | None = None) -> Milestone:
    """Mark a step done (on a date not in the future)."""
    recommendation = _locked(milestone.recommendation)
    require(can_answer_recommendation, actor, recommendation)
    _implementable(recommendation)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.done_on is not None:
        raise ValidationError(_("This step is already done."))
    done_on = _day(done_on, recommendation, "done_on")
    if done_on < _answered_on(recommendation):
        raise ValidationError({"done_on": _("A step cannot be done before the answer.")})
    milestone.done_on = done_on
    milestone.full_clean()
    milestone.save(update_fields=["done_on"])
    audit_record(
        actor=actor,
        action="recommendations.milestone.done",
        obj=recommendation,
        organisation=recommendation.addressee,
        changes={"milestone": milestone.pk, "done_on": done_on},
    )
    return milestone


@transaction.atomic
def recommendation_implemented(
    *, actor: User, recommendation: Recommendation, implemented_on: date | None = None
) -> Recommendation:
    """The body reports the recommendation implemented (100 %) once every step of it is
    done; the council is told."""
    recommendation = _locked(recommendation)
    require(can_answer_recommendation, actor, recommendation)
    target = _move(recommendation, A.COMPLETE)
    implemented_on = _day(implemented_on, recommendation, "implemented_on")
    open_steps = recommendation.milestones.filter(done_on__isnull=True).count()
    if open_steps:
        raise ValidationError(
            ngettext(
                "%(count)d step of the implementation is not done: mark it done first.",
                "%(count)d steps of the implementation are not done: mark them done first.",
                open_steps,
            )
            % {"count": open_steps}
        )
    if implemented_on < _answered_on(recommendation):
        raise ValidationError(
            {"implemented_on": _("It cannot be implemented before it was answered.")}
        )
    recommendation.state = target
    recommendation.progress = 100
    recommendation.implemented_on = implemented_on
    recommendation.full_clean()
    recommendation.save(update_fields=["state", "progress", "implemented_on", "updated_at"])
    audit_record(
        actor=actor,
        action="recommendations.recommendation.implemented",
        obj=recommendation,
        organisation=recommendation.addressee,
        changes={"implemented_on": implemented_on},
    )
    _mail(council_people(recommendation.council, implemented_on), "implemented", recommendation)
    return recommendation
