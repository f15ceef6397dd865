"""Writes of the review: the expert register, the evaluation's settings, the draw of a lot's
panel, declarations of interests, score sheets, their corrections and the reopening after an
upheld appeal. Each is one transaction with its audit event; e-mails are queued in it and
leave after the commit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hamkori.accounts.models import User
from hamkori.accounts.permissions import is_official
from hamkori.accounts.services import expert_role_grant, normalise_email
from hamkori.applications.models import Application, ApplicationState, Compliance
from hamkori.calls.models import Call, Criterion, Lot
from hamkori.calls.permissions import is_official_of_the_body
from hamkori.calls.services import call_transition
from hamkori.calls.workflow import CallAction, CallState
from hamkori.core.audit import audit_record, diff, snapshot
from hamkori.core.i18n import CONTENT_LANGUAGES
from hamkori.core.links import absolute_url
from hamkori.core.outbox import email_queue_template
from hamkori.core.permissions import require
from hamkori.registry.models import Area, Organisation
from hamkori.reviews.draw import ALGORITHM, draw, new_seed
from hamkori.reviews.models import (
    Draw,
    Evaluation,
    Expert,
    ExpertRelation,
    ExpertStatus,
    RelationKind,
    Review,
    ReviewState,
    Score,
    ScoreCorrection,
    Seat,
    TieBreak,
    Withdrawal,
)
from hamkori.reviews.permissions import (
    application_rescored,
    can_edit_relations,
    can_manage_experts,
    expert_is_active,
    is_review_expert,
    is_the_expert,
    others_revealed,
    scoring_open,
)
from hamkori.reviews.scoring import CriterionSpec, as_decimal, sheet_score
from hamkori.reviews.selectors import eligible_experts, evaluation_defaults, known_conflicts
from hamkori.rules.models import Jurisdiction
from hamkori.rules.selectors import RuleMissing

# --- the register ---

EXPERT_FIELDS = ["languages", "qualification"]


def _clean_register_fields(areas: list, languages: Iterable[str]) -> list[str]:
    errors: dict[str, Any] = {}
    if not areas:
        errors["areas"] = _("Choose at least one direction.")
    chosen = sorted(set(languages))
    if not chosen:
        errors["languages"] = _("Choose at least one language.")
    elif not set(chosen) <= set(CONTENT_LANGUAGES):
        errors["languages"] = _("Choose languages from the list.")
    if errors:
        raise ValidationError(errors)
    return chosen


def _grant_expert_role(*, actor: User, user: User, jurisdiction: Jurisdiction) -> None:
    # The caller has checked that the actor keeps this jurisdiction's register.
    expert_role_grant(actor=actor, user=user, jurisdiction=jurisdiction)


@transaction.atomic
def expert_add(
    *,
    actor: User,
    email: str,
    jurisdiction: Jurisdiction,
    areas: list[Area],
    languages: Iterable[str],
    qualification: str = "",
) -> Expert:
    """Put an existing account on the jurisdiction's register and give it the expert role.
    The person still has to accept the terms of service before being drawn."""
    require(can_manage_experts, actor, jurisdiction)
    user = User.objects.filter(email__iexact=normalise_email(email)).first()
    if user is None:
        raise ValidationError(
            {"email": _("No account has this e-mail address. Ask the person to register first.")}
        )
    existing = Expert.objects.filter(user=user).first()
    if existing is not None:
        raise ValidationError({"email": _("This person is already on an expert register.")})
    # An official would score the calls of their own body or of the bodies they oversee.
    if user.pk == actor.pk:
        raise ValidationError({"email": _("You cannot put yourself on the expert register.")})
    if is_official(user, jurisdiction):
        raise ValidationError(
            {
                "email": _(
                    "%(name)s works for a funding body or the grant operator of this country "
                    "and cannot be an expert here."
                )
                % {"name": user.full_name}
            }
        )
    chosen = _clean_register_fields(areas, languages)
    expert = Expert(
        user=user,
        jurisdiction=jurisdiction,
        languages=chosen,
        qualification=qualification.strip(),
        created_by=actor,
    )
    expert.full_clean()
    expert.save()
    expert.areas.set(areas)
    _grant_expert_role(actor=actor, user=user, jurisdiction=jurisdiction)
    audit_record(
        actor=actor,
        action="reviews.expert.add",
        obj=expert,
        changes={
            "user": user.pk,
            "jurisdiction": jurisdiction.pk,
            "areas": sorted(a.pk for a in areas),
            "languages": chosen,
        },
    )
    return expert


@transaction.atomic
def expert_update(
    *,
    actor: User,
    expert: Expert,
    areas: list[Area],
    languages: Iterable[str],
    qualification: str,
) -> Expert:
    """Change an expert's directions, languages and qualification (officials of the
    jurisdiction). Draws already made keep their published pool."""
    require(can_manage_experts, actor, expert)
    chosen = _clean_register_fields(areas, languages)
    before = snapshot(expert, EXPERT_FIELDS)
    old_areas = sorted(expert.areas.values_list("pk", flat=True))
    expert.languages = chosen
    expert.qualification = qualification.strip()
    expert.full_clean()
    changes = diff(expert, before, EXPERT_FIELDS)
    new_areas = sorted(a.pk for a in areas)
    if new_areas != old_areas:
        expert.areas.set(areas)
        changes["areas"] = [old_areas, new_areas]
    if changes:
        expert.save(update_fields=[*EXPERT_FIELDS, "updated_at"])
        audit_record(actor=actor, action="reviews.expert.update", obj=expert, changes=changes)
    return expert


@transaction.atomic
def expert_status_set(*, actor: User, expert: Expert, status: str) -> Expert:
    """Suspend or reactivate. A suspended expert is neither drawn nor called in as a reserve,
    and loses their open reviews: each one still waiting for the declaration or being scored
    for the first time is withdrawn and the next reserve takes the application over. Sheets
    already submitted stay (one reopened after an appeal stands as last submitted)."""
    require(can_manage_experts, actor, expert)
    if status not in ExpertStatus.values:
        raise ValidationError({"status": _("Choose one of the offered statuses.")})
    expert = Expert.objects.select_for_update().select_related("user").get(pk=expert.pk)
    if expert.status == status:
        return expert
    old = expert.status
    expert.status = status
    expert.save(update_fields=["status", "updated_at"])
    withdrawn: list[Review] = []
    restored: list[int] = []
    if status == ExpertStatus.SUSPENDED:
        for review in (
            Review.objects.select_for_update(of=("self",))
            .filter(expert=expert, state__in=[ReviewState.DECLARING, ReviewState.SCORING])
            .select_related("call", "call__body", "lot", "application", "expert", "expert__user")
            .order_by("pk")
        ):
            if review.reopened_at is not None:
                # Its scores are those last submitted: that sheet stands.
                review.state = ReviewState.SUBMITTED
                review.save(update_fields=["state", "updated_at"])
                restored.append(review.pk)
            elif scoring_open(review):
                _withdraw(actor=actor, review=review, withdrawal=Withdrawal.SUSPENDED, reason="")
                withdrawn.append(review)
    audit_record(
        actor=actor,
        action="reviews.expert.status",
        obj=expert,
        changes={
            "status": [old, status],
            "withdrawn": [r.pk for r in withdrawn],
            "restored": restored,
        },
    )
    for review in withdrawn:
        _reserve_take_over(actor=actor, review=review)
    return expert


def _withdraw(*, actor: User, review: Review, withdrawal: str, reason: str) -> None:
    review.state = ReviewState.RECUSED
    review.withdrawal = withdrawal
    review.withdrawn_reason = reason.strip()
    review.withdrawn_by = actor
    review.withdrawn_at = timezone.now()
    review.save(
        update_fields=[
            "state",
            "withdrawal",
            "withdrawn_reason",
            "withdrawn_by",
            "withdrawn_at",
            "updated_at",
        ]
    )


@transaction.atomic
def terms_accept(*, actor: User) -> Expert:
    """The expert accepts the terms of service (confidentiality, declarations of interest,
    independent scoring); only then can they be drawn."""
    expert = Expert.objects.select_for_update().filter(user=actor).first()
    if expert is None or not is_the_expert(actor, expert):
        raise ValidationError(_("You are not on an expert register."))
    if expert.terms_accepted_at is None:
        expert.terms_accepted_at = timezone.now()
        expert.save(update_fields=["terms_accepted_at", "updated_at"])
        audit_record(
            actor=actor,
            action="reviews.expert.accept_terms",
            obj=expert,
            changes={"terms_accepted_at": expert.terms_accepted_at},
        )
    return expert


@transaction.atomic
def relation_add(
    *,
    actor: User,
    expert: Expert,
    organisation: Organisation,
    kind: str,
    description: str = "",
) -> ExpertRelation:
    """Record an expert's affiliation with an organisation, by the expert or an official.
    It keeps the expert out of draws of lots the organisation applied to."""
    require(can_edit_relations, actor, expert)
    if kind not in RelationKind.values:
        raise ValidationError({"kind": _("Choose one of the offered relations.")})
    if ExpertRelation.objects.filter(expert=expert, organisation=organisation, kind=kind).exists():
        raise ValidationError(_("This relation is already recorded."))
    relation = ExpertRelation(
        expert=expert, organisation=organisation, kind=kind, description=description.strip()
    )
    relation.full_clean()
    relation.save()
    audit_record(
        actor=actor,
        action="reviews.relation.add",
        obj=relation,
        changes={"expert": expert.pk, "organisation": organisation.pk, "kind": kind},
    )
    return relation


@transaction.atomic
def relation_remove(*, actor: User, relation: ExpertRelation) -> None:
    """Remove a relation recorded by mistake or ended; the audit trail keeps it."""
    require(can_edit_relations, actor, relation.expert)
    audit_record(
        actor=actor,
        action="reviews.relation.remove",
        obj=relation,
        changes={
            "expert": relation.expert_id,
            "organisation": relation.organisation_id,
            "kind": relation.kind,
        },
    )
    relation.delete()


# --- the evaluation of a call ---


def _call_locked(call: Call) -> Call:
    return (
        Call.objects.select_for_update(of=("self",)).select_related("body", "jurisdiction")
    ).get(pk=call.pk)


def _evaluation_from_rules(*, actor: User, call: Call) -> Evaluation:
    try:
        panel, reserves = evaluation_defaults(call)
    except RuleMissing:
        raise ValidationError(
            _("The rules set no panel size for this call: set the evaluation's settings first.")
        ) from None
    evaluation = Evaluation(call=call, panel_size=panel, reserve_size=reserves, created_by=actor)
    evaluation.full_clean()
    evaluation.save()
    audit_record(
        actor=actor,
        action="reviews.evaluation.save",
        obj=evaluation,
        organisation=call.body,
        changes={"panel_size": panel, "reserve_size": reserves, "tie_break": evaluation.tie_break},
    )
    return evaluation


@transaction.atomic
def evaluation_save(
    *,
    actor: User,
    call: Call,
    panel_size: int,
    reserve_size: int,
    tie_break: str,
    experts_see_others: bool,
    size_reason: str = "",
) -> Evaluation:
    """Set how the call is reviewed. The panel and reserve sizes are fixed by the first draw;
    smaller ones than the rules' need a reason, which is kept and audited."""
    call = _call_locked(call)
    require(is_official_of_the_body, actor, call)
    if call.state not in (CallState.CLOSED, CallState.UNDER_REVIEW):
        raise ValidationError(_("The evaluation is set after the close and during the review."))
    errors: dict[str, Any] = {}
    if panel_size < 1:
        errors["panel_size"] = _("At least one expert per application.")
    if reserve_size < 0:
        errors["reserve_size"] = _("The number of reserves cannot be negative.")
    if tie_break not in TieBreak.values:
        errors["tie_break"] = _("Choose one of the offered tie-breaks.")
    evaluation = Evaluation.objects.filter(call=call).first()
    fields = ["panel_size", "reserve_size", "tie_break", "experts_see_others", "size_reason"]
    drawn = Draw.objects.filter(call=call).exists()
    same_sizes = evaluation is not None and (panel_size, reserve_size) == (
        evaluation.panel_size,
        evaluation.reserve_size,
    )
    # Disabled on the page once drawn: the kept reason stands when the sizes do not change.
    kept = evaluation.size_reason if evaluation is not None and same_sizes else ""
    size_reason = size_reason.strip() or kept
    try:
        rule_panel, rule_reserves = evaluation_defaults(call)
    except RuleMissing:
        below = False
    else:
        below = panel_size < rule_panel or reserve_size < rule_reserves
    if not below:
        size_reason = ""
    elif not size_reason and not (drawn and same_sizes):
        errors["size_reason"] = _(
            "The rules ask for %(panel)d experts per application and %(reserves)d reserves: "
            "give the reason for fewer."
        ) % {"panel": rule_panel, "reserves": rule_reserves}
    if errors:
        raise ValidationError(errors)
    if evaluation is None:
        evaluation = Evaluation(call=call, created_by=actor)
        before: dict[str, Any] = {}
    else:
        before = snapshot(evaluation, fields)
        if drawn and not same_sizes:
            raise ValidationError(
                _("Experts have been drawn already: the panel and reserve sizes cannot change.")
            )
    evaluation.panel_size = panel_size
    evaluation.reserve_size = reserve_size
    evaluation.tie_break = tie_break
    evaluation.experts_see_others = experts_see_others
    evaluation.size_reason = size_reason
    evaluation.full_clean()
    changes = diff(evaluation, before, fields)
    if changes:
        evaluation.save()
        audit_record(
            actor=actor,
            action="reviews.evaluation.save",
            obj=evaluation,
            organisation=call.body,
            changes=changes,
        )
    return evaluation


def applications_unchecked(call: Call) -> int:
    """Submitted applications of the call still waiting for the compliance check."""
    return Application.objects.filter(
        call=call, state=ApplicationState.SUBMITTED, compliance=Compliance.PENDING
    ).count()


@transaction.atomic
def review_start(*, actor: User, call: Call, despite_unchecked: bool = False) -> Call:
    """Start the review of a closed call (the call's workflow), and set the evaluation from
    the rules when the officials have not set it yet. With applications still waiting for
    the compliance check it needs `despite_unchecked` (the lots are drawn only once they
    are checked)."""
    unchecked = applications_unchecked(call)
    if unchecked and not despite_unchecked:
        raise ValidationError(
            {
                "despite_unchecked": ngettext(
                    "%(count)d application still waits for the compliance check: confirm "
                    "that the review starts anyway.",
                    "%(count)d applications still wait for the compliance check: confirm "
                    "that the review starts anyway.",
                    unchecked,
                )
                % {"count": unchecked}
            }
        )
    call = call_transition(actor=actor, call=call, action=CallAction.START_REVIEW)
    if not Evaluation.objects.filter(call=call).exists():
        try:
            evaluation_defaults(call)
        except RuleMissing:
            return call
        _evaluation_from_rules(actor=actor, call=call)
    return call


# --- the draw ---


def _queue_to_expert(expert: Expert, template: str, context: dict) -> None:
    user = expert.user
    email_queue_template(
        to=[user.email],
        template=template,
        context={"expert": expert, **context},
        language=user.preferred_language or "ru",
    )


@transaction.atomic
def draw_lot(*, actor: User, lot: Lot, seed: str | None = None) -> Draw:
    """Draw the lot's panel and reserves in public: the pool of eligible experts (active, of
    the call's jurisdiction, terms accepted, the lot's direction, the call's languages),
    less those with a known conflict with an applicant of the lot (each listed with its
    reason), ordered by reviews/draw.py from a fresh seed. The panel gets a review of every
    compliant application (first the declarations) and an e-mail. `seed` is for the demo data
    (the same demo every time); no page passes one."""
    lot = Lot.objects.select_for_update(of=("self",)).get(pk=lot.pk)
    if lot.call_id is None:
        raise ValidationError(_("This lot is not offered in a call."))
    call = Call.objects.select_related("body", "jurisdiction").get(pk=lot.call_id)
    require(is_official_of_the_body, actor, call)
    if call.state != CallState.UNDER_REVIEW:
        raise ValidationError(_("Experts are drawn once the review of the call has started."))
    if Draw.objects.filter(lot=lot).exists():
        raise ValidationError(_("The experts of this lot have been drawn already."))
    submitted = Application.objects.filter(lot=lot, state=ApplicationState.SUBMITTED)
    pending = submitted.filter(compliance=Compliance.PENDING).count()
    if pending:
        raise ValidationError(
            ngettext(
                "Decide the compliance of %(count)d application of this lot first.",
                "Decide the compliance of %(count)d applications of this lot first.",
                pending,
            )
            % {"count": pending}
        )
    compliant = list(
        submitted.filter(compliance=Compliance.COMPLIANT)
        .only("pk", "organisation_id", "submitted_at")
        .order_by("submitted_at", "pk")
    )
    if not compliant:
        raise ValidationError(
            _("No application of this lot is compliant: there is nothing to review.")
        )
    evaluation = Evaluation.objects.filter(call=call).first() or _evaluation_from_rules(
        actor=actor, call=call
    )
    candidates = eligible_experts(call=call, lot=lot)
    conflicts = known_conflicts(
        expert_ids=[e.pk for e in candidates],
        organisation_ids={a.organisation_id for a in compliant},
    )
    excluded = [
        {"expert": expert_id, "reason": reason, "organisation": organisation_id}
        for expert_id in sorted(conflicts)
        for reason, organisation_id in sorted(conflicts[expert_id])
    ]
    pool = sorted(e.pk for e in candidates if e.pk not in conflicts)
    if len(pool) < evaluation.panel_size:
        raise ValidationError(
            _(
                "Only %(pool)d experts can be drawn for this lot (the direction, the languages, "
                "accepted terms, no conflict), fewer than the panel of %(panel)d. Add experts "
                "to the register or change the panel size."
            )
            % {"pool": len(pool), "panel": evaluation.panel_size}
        )
    seed = seed or new_seed()
    order = draw(seed, pool, panel=evaluation.panel_size, reserves=evaluation.reserve_size)
    record = Draw(
        call=call,
        lot=lot,
        algorithm=ALGORITHM,
        seed=seed,
        panel_size=evaluation.panel_size,
        reserve_size=evaluation.reserve_size,
        pool=pool,
        excluded=excluded,
        order=order,
        drawn_by=actor,
        drawn_at=timezone.now(),
    )
    # An empty list of exclusions is a valid record ("nobody"), which blank=False would refuse.
    record.full_clean(exclude=["excluded"])
    record.save()
    seats = Seat.objects.bulk_create(
        Seat(
            draw=record,
            expert_id=expert_id,
            position=position,
            is_reserve=position > evaluation.panel_size,
        )
        for position, expert_id in enumerate(order, start=1)
    )
    panel = [seat for seat in seats if not seat.is_reserve]
    Review.objects.bulk_create(
        Review(
            call=call,
            lot=lot,
            application_id=application.pk,
            seat=seat,
            expert_id=seat.expert_id,
            state=ReviewState.DECLARING,
        )
        for seat in panel
        for application in compliant
    )
    audit_record(
        actor=actor,
        action="reviews.draw.run",
        obj=record,
        organisation=call.body,
        changes={
            "lot": lot.pk,
            "algorithm": ALGORITHM,
            "seed": seed,
            "pool": pool,
            "excluded": excluded,
            "order": order,
            "panel_size": evaluation.panel_size,
            "reserve_size": evaluation.reserve_size,
        },
    )
    url = absolute_url(reverse("reviews:declaration", args=[lot.pk]))
    by_id = {e.pk: e for e in candidates}
    for seat in panel:
        _queue_to_expert(
            by_id[seat.expert_id],
            "reviews/emails/drawn",
            {"call": call, "lot": lot, "count": len(compliant), "url": url},
        )
    return record


# --- declarations of interests ---


@dataclass(frozen=True)
class Answer:
    """An expert's declaration about one applicant."""

    conflict: bool
    description: str = ""


def _reserve_take_over(*, actor: User, review: Review) -> Review | None:
    """Give the recused review's application to the next reserve in draw order who has no
    review of it and no known conflict with its applicant; None when none is left."""
    application = review.application
    seats = list(
        Seat.objects.filter(draw__lot_id=review.lot_id, is_reserve=True)
        .select_related("expert", "expert__user")
        .order_by("position")
    )
    reviewed = set(
        Review.objects.filter(application=application).values_list("expert_id", flat=True)
    )
    conflicts = known_conflicts(
        expert_ids=[seat.expert_id for seat in seats],
        organisation_ids={application.organisation_id},
    )
    for seat in seats:
        expert = seat.expert
        if expert.pk in reviewed or expert.pk in conflicts:
            continue
        if expert.status != ExpertStatus.ACTIVE:
            continue
        taking_over = Review(
            call_id=review.call_id,
            lot_id=review.lot_id,
            application=application,
            seat=seat,
            expert=expert,
            state=ReviewState.DECLARING,
        )
        taking_over.full_clean()
        taking_over.save()
        audit_record(
            actor=actor,
            action="reviews.review.reserve",
            obj=taking_over,
            changes={
                "application": application.pk,
                "recused": review.expert_id,
                "reserve": expert.pk,
                "position": seat.position,
            },
        )
        _queue_to_expert(
            expert,
            "reviews/emails/reserve",
            {
                "call": review.call,
                "lot": review.lot,
                "url": absolute_url(reverse("reviews:declaration", args=[review.lot_id])),
            },
        )
        return taking_over
    return None


@transaction.atomic
def declarations_record(*, actor: User, lot: Lot, answers: Mapping[int, Answer]) -> list[Review]:
    """The expert's declarations for every applicant of the lot still waiting for one
    (`answers` by application id). No conflict opens the application for scoring; a conflict
    (described) recuses the expert from it and calls in the next reserve."""
    reviews = list(
        Review.objects.select_for_update(of=("self",))
        .filter(lot=lot, expert__user=actor, state=ReviewState.DECLARING)
        .select_related("call", "lot", "expert", "expert__user", "application")
        .order_by("application__submitted_at", "application_id")
    )
    if not reviews:
        raise ValidationError(_("You have no declarations to make for this lot."))
    require(is_review_expert, actor, reviews[0])
    require(expert_is_active, actor, reviews[0])
    call = reviews[0].call
    reviews = [review for review in reviews if scoring_open(review)]
    if not reviews:
        raise ValidationError(_("Declarations are made while the call is under review."))
    errors: dict[str, Any] = {}
    for review in reviews:
        answer = answers.get(review.application_id)
        if answer is None:
            errors[f"answer_{review.application_id}"] = _(
                "Declare whether you have a conflict of interest with this applicant."
            )
        elif answer.conflict and not answer.description.strip():
            errors[f"description_{review.application_id}"] = _("Describe the conflict of interest.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    recorded = {}
    for review in reviews:
        answer = answers[review.application_id]
        review.declared_at = now
        if answer.conflict:
            review.state = ReviewState.RECUSED
            review.conflict_description = answer.description.strip()
        else:
            review.state = ReviewState.SCORING
            review.conflict_description = ""
        review.save(update_fields=["state", "declared_at", "conflict_description", "updated_at"])
        recorded[str(review.application_id)] = "conflict" if answer.conflict else "no_conflict"
    audit_record(
        actor=actor,
        action="reviews.declaration.record",
        obj=lot,
        organisation=call.body,
        changes={"expert": reviews[0].expert_id, "answers": recorded},
    )
    for review in reviews:
        if review.state == ReviewState.RECUSED:
            _reserve_take_over(actor=actor, review=review)
    return reviews


# --- score sheets ---

TWO_PLACES = Decimal("0.01")


def call_criteria(call_id: int) -> list[Criterion]:
    return list(Criterion.objects.filter(criteria_set__call_id=call_id).order_by("order", "pk"))


def _clean_sheet(
    criteria: list[Criterion],
    points: Mapping[int, Any],
    comments: Mapping[int, str],
    comment: str,
    *,
    complete: bool,
) -> dict[int, Decimal]:
    """The given points as Decimals, checked; with `complete`, every criterion needs points
    and a comment and the sheet an overall comment."""
    errors: dict[str, Any] = {}
    cleaned: dict[int, Decimal] = {}
    for criterion in criteria:
        raw = points.get(criterion.pk)
        note = (comments.get(criterion.pk) or "").strip()
        if raw is None or raw == "":
            if complete:
                errors[f"points_{criterion.pk}"] = _("Give the points for this criterion.")
            elif note:
                errors[f"points_{criterion.pk}"] = _("Give the points too, to keep the comment.")
            continue
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            errors[f"points_{criterion.pk}"] = _("Enter a number.")
            continue
        if not value.is_finite() or value != value.quantize(TWO_PLACES):
            errors[f"points_{criterion.pk}"] = _("Use at most two decimal places.")
        elif not 0 <= value <= criterion.max_points:
            errors[f"points_{criterion.pk}"] = _("Give from 0 to %(max)d points.") % {
                "max": criterion.max_points
            }
        else:
            cleaned[criterion.pk] = value.quantize(TWO_PLACES)
        if complete and not note:
            errors[f"comment_{criterion.pk}"] = _("Explain the points in a comment.")
    if complete and not comment.strip():
        errors["comment"] = _("Write an overall comment.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _sheet_total(criteria: list[Criterion], points: dict[int, Decimal]) -> Decimal:
    specs = [CriterionSpec(c.pk, c.max_points, c.weight) for c in criteria]
    return as_decimal(sheet_score(points, specs), 4)


def _review_locked(review: Review) -> Review:
    return (
        Review.objects.select_for_update(of=("self",))
        .select_related("call", "call__body", "expert", "expert__user", "application")
        .get(pk=review.pk)
    )


def _write_scores(review: Review, cleaned: dict[int, Decimal], comments: Mapping[int, str]) -> None:
    existing = {score.criterion_id: score for score in review.scores.all()}
    for criterion_id, value in cleaned.items():
        note = (comments.get(criterion_id) or "").strip()
        score = existing.get(criterion_id)
        if score is None:
            Score.objects.create(
                review=review, criterion_id=criterion_id, points=value, comment=note
            )
        elif score.points != value or score.comment != note:
            score.points = value
            score.comment = note
            score.save(update_fields=["points", "comment"])
    stale = [score.pk for key, score in existing.items() if key not in cleaned]
    if stale:
        Score.objects.filter(pk__in=stale).delete()


def _first_scoring_or_raise(actor: User, review: Review) -> None:
    require(is_review_expert, actor, review)
    require(expert_is_active, actor, review)
    if review.state == ReviewState.SUBMITTED or review.reopened_at is not None:
        raise ValidationError(
            _("This sheet was submitted: change it only through a correction with a reason.")
        )
    if review.state != ReviewState.SCORING:
        raise ValidationError(_("Declare your interests before scoring."))
    if not scoring_open(review):
        raise ValidationError(_("Sheets are scored while the call is under review."))


@transaction.atomic
def review_save_draft(
    *,
    actor: User,
    review: Review,
    points: Mapping[int, Any],
    comments: Mapping[int, str],
    comment: str,
) -> Review:
    """Keep the expert's unfinished sheet; nobody else sees it."""
    review = _review_locked(review)
    _first_scoring_or_raise(actor, review)
    criteria = call_criteria(review.call_id)
    cleaned = _clean_sheet(criteria, points, comments, comment, complete=False)
    _write_scores(review, cleaned, comments)
    review.comment = comment.strip()
    review.save(update_fields=["comment", "updated_at"])
    # The trail records that a draft was kept, not its points: the sheet is private until
    # it is submitted.
    audit_record(
        actor=actor,
        action="reviews.review.save_draft",
        obj=review,
        changes={"criteria_scored": len(cleaned), "of": len(criteria)},
    )
    return review


@transaction.atomic
def review_submit(
    *,
    actor: User,
    review: Review,
    points: Mapping[int, Any],
    comments: Mapping[int, str],
    comment: str,
) -> Review:
    """Submit the complete sheet; from now on it changes only through a correction."""
    review = _review_locked(review)
    _first_scoring_or_raise(actor, review)
    criteria = call_criteria(review.call_id)
    cleaned = _clean_sheet(criteria, points, comments, comment, complete=True)
    _write_scores(review, cleaned, comments)
    review.comment = comment.strip()
    review.total = _sheet_total(criteria, cleaned)
    review.state = ReviewState.SUBMITTED
    review.submitted_at = timezone.now()
    review.full_clean()
    review.save(update_fields=["comment", "total", "state", "submitted_at", "updated_at"])
    audit_record(
        actor=actor,
        action="reviews.review.submit",
        obj=review,
        organisation=review.call.body,
        changes={
            "application": review.application_id,
            "total": review.total,
            "points": {str(k): v for k, v in cleaned.items()},
        },
    )
    return review


@transaction.atomic
def review_correct(
    *,
    actor: User,
    review: Review,
    points: Mapping[int, Any],
    comments: Mapping[int, str],
    comment: str,
    reason: str,
) -> Review:
    """Correct a submitted sheet (while the call is under review), or resubmit one reopened
    after an appeal: each changed score is kept as a correction with the reason, the total
    is recomputed and the change audited."""
    review = _review_locked(review)
    require(is_review_expert, actor, review)
    require(expert_is_active, actor, review)
    reopened = review.state == ReviewState.SCORING and review.reopened_at is not None
    if review.state == ReviewState.SUBMITTED:
        if review.call.state != CallState.UNDER_REVIEW:
            raise ValidationError(
                _("The review of this call is over: the sheet can no longer be corrected.")
            )
        # Correcting towards the others' points once shown them would be herding.
        if others_revealed(review):
            raise ValidationError(
                _(
                    "The other experts' scores of this application have been shown to you: "
                    "your sheet can no longer be corrected, unless its scoring is reopened "
                    "after an appeal."
                )
            )
    elif not reopened or review.call.state not in (CallState.UNDER_REVIEW, CallState.DECIDED):
        raise ValidationError(_("Only a submitted or reopened sheet is corrected."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    criteria = call_criteria(review.call_id)
    cleaned = _clean_sheet(criteria, points, comments, comment, complete=True)
    before = {s.criterion_id: s for s in review.scores.all()}
    now = timezone.now()
    changed = {}
    for criterion in criteria:
        old = before.get(criterion.pk)
        old_points = old.points if old is not None else Decimal(0)
        if old is None or old_points != cleaned[criterion.pk]:
            ScoreCorrection.objects.create(
                review=review,
                criterion=criterion,
                old_points=old_points,
                new_points=cleaned[criterion.pk],
                reason=reason.strip(),
                corrected_by=actor,
                corrected_at=now,
            )
            changed[str(criterion.pk)] = [old_points, cleaned[criterion.pk]]
    comments_changed = (
        any(
            (before[c].comment if c in before else "") != (comments.get(c) or "").strip()
            for c in cleaned
        )
        or review.comment != comment.strip()
    )
    if not (changed or comments_changed or reopened):
        raise ValidationError(_("Nothing was changed."))
    _write_scores(review, cleaned, comments)
    old_total = review.total
    review.comment = comment.strip()
    review.total = _sheet_total(criteria, cleaned)
    fields = ["comment", "total", "updated_at"]
    if reopened:
        review.state = ReviewState.SUBMITTED
        review.submitted_at = now
        fields += ["state", "submitted_at"]
    review.full_clean()
    review.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="reviews.review.correct",
        obj=review,
        organisation=review.call.body,
        changes={
            "application": review.application_id,
            "reason": reason.strip(),
            "points": changed,
            "total": [old_total, review.total],
            "resubmitted": reopened,
        },
    )
    return review


@transaction.atomic
def reviews_reopen(*, actor: User, application: Application, reason: str) -> int:
    """Put the application's submitted sheets back to scoring after an upheld appeal (the
    call is decided): the scores stay, each expert is e-mailed to check and resubmit with a
    reason. Returns how many sheets were reopened."""
    application = Application.objects.select_related("call", "call__body", "lot").get(
        pk=application.pk
    )
    call = application.call
    require(is_official_of_the_body, actor, call)
    if call.state != CallState.DECIDED:
        raise ValidationError(_("Scoring is reopened only after the decision, on an appeal."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reopening the scoring.")})
    reviews = list(
        Review.objects.select_for_update(of=("self",))
        .filter(application=application, state=ReviewState.SUBMITTED)
        .select_related("expert", "expert__user")
        .order_by("pk")
    )
    now = timezone.now()
    for review in reviews:
        review.state = ReviewState.SCORING
        review.reopened_at = now
        review.save(update_fields=["state", "reopened_at", "updated_at"])
    audit_record(
        actor=actor,
        action="reviews.review.reopen",
        obj=application,
        organisation=call.body,
        changes={"reason": reason.strip(), "reviews": [r.pk for r in reviews]},
    )
    for review in reviews:
        _queue_to_expert(
            review.expert,
            "reviews/emails/reopened",
            {
                "call": call,
                "lot": application.lot,
                "application": application,
                "reason": reason.strip(),
                "url": absolute_url(reverse("reviews:review-sheet", args=[review.pk])),
            },
        )
    return len(reviews)


@transaction.atomic
def review_set_aside(*, actor: User, review: Review, reason: str) -> Review:
    """An official of the body sets aside the review of an expert found to have a conflict
    with the applicant that they did not disclose (a membership or a recorded relation): the
    review is recused with the reason, its sheet (kept) stops counting in the ranking, and
    the next reserve takes the application over. Refused once the call is decided, unless
    the application's scoring was reopened after an appeal."""
    review = _review_locked(review)
    call = review.call
    require(is_official_of_the_body, actor, call)
    if review.state not in (ReviewState.SCORING, ReviewState.SUBMITTED):
        raise ValidationError(_("Only a review declared free of conflict can be set aside."))
    if call.state == CallState.DECIDED:
        if not application_rescored(call, review.application_id):
            raise ValidationError(
                _(
                    "The decision is published: a sheet is set aside only while the "
                    "application's scoring is reopened after an appeal."
                )
            )
    elif call.state != CallState.UNDER_REVIEW:
        raise ValidationError(_("Sheets are set aside while the call is under review."))
    if not known_conflicts(
        expert_ids=[review.expert_id], organisation_ids=[review.application.organisation_id]
    ):
        raise ValidationError(
            _(
                "The expert has no known relation to this applicant: record the relation on "
                "the expert's page first."
            )
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for setting the sheet aside.")})
    before = review.state
    _withdraw(actor=actor, review=review, withdrawal=Withdrawal.SET_ASIDE, reason=reason)
    audit_record(
        actor=actor,
        action="reviews.review.set_aside",
        obj=review,
        organisation=call.body,
        changes={
            "application": review.application_id,
            "expert": review.expert_id,
            "state": [before, ReviewState.RECUSED],
            "total": review.total,
            "reason": review.withdrawn_reason,
        },
    )
    _reserve_take_over(actor=actor, review=review)
    return review
