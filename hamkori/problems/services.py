"""Writes of social problems: reports, supports, answers, moderation and links to plan lots.
Each function checks permission, locks what it changes, validates, saves and records an
audit event in one transaction; e-mails are queued in the outbox in that transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hamkori.accounts.models import Membership, MembershipStatus, PlatformRole, RoleGrant, User
from hamkori.applications.files import clean_filename, file_type_or_error
from hamkori.calls.models import Lot
from hamkori.core.audit import audit_record
from hamkori.core.i18n import CONTENT_LANGUAGES
from hamkori.core.links import absolute_url
from hamkori.core.outbox import email_queue_to_people
from hamkori.core.permissions import require
from hamkori.problems.models import (
    Answer,
    Evidence,
    EvidenceKind,
    Problem,
    ProblemLot,
    ProblemState,
    SimilaritySnapshot,
    Support,
)
from hamkori.problems.permissions import (
    can_answer,
    can_decide,
    can_link_lot,
    can_moderate,
    can_report,
    can_support,
)
from hamkori.problems.similarity import SNAPSHOT_FORMAT, Index, fingerprint
from hamkori.problems.workflow import REASON_REQUIRED, TRANSITIONS, ProblemAction
from hamkori.registry.models import Organisation, Region, Sector
from hamkori.rules.models import Jurisdiction
from hamkori.rules.selectors import (
    CalendarNotCovered,
    RuleMissing,
    local_today,
    local_zone,
    rule_value,
    working_days_add,
)

EVIDENCE_MAX_ITEMS = 20
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# Problems changed since the saved similarity index before the worker saves a new one: each
# costs a new process about 1 ms on its first search (docs/problems.md, Benchmark).
SNAPSHOT_AFTER_CHANGES = 50


@dataclass(frozen=True)
class EvidenceInput:
    """One piece of evidence as a person gives it: a link, a file or a statistic."""

    kind: str
    url: str = ""
    file: UploadedFile | None = None
    text: str = ""


def _evidence_input(item: EvidenceInput | dict) -> EvidenceInput:
    return item if isinstance(item, EvidenceInput) else EvidenceInput(**item)


def problem_url(problem: Problem) -> str:
    return absolute_url(reverse("problems:problem-detail", args=[problem.reference]))


def _next_reference(jurisdiction: Jurisdiction, year: int) -> str:
    # The jurisdiction row lock serialises numbering (PostgreSQL); SQLite's IMMEDIATE
    # transaction already holds the write lock. The unique constraint is the last guard.
    Jurisdiction.objects.select_for_update().filter(pk=jurisdiction.pk).first()
    prefix = f"P-{jurisdiction.pk}-{year}-"
    last = (
        Problem.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:05d}"


def _evidence_save(*, actor: User, problem: Problem, item: EvidenceInput) -> Evidence:
    evidence = Evidence(problem=problem, kind=item.kind, added_by=actor, text=item.text.strip())
    if item.kind == EvidenceKind.LINK:
        evidence.url = item.url.strip()
        if not evidence.url:
            raise ValidationError({"evidence": _("Give the address of the link.")})
    elif item.kind == EvidenceKind.FILE:
        upload = item.file
        if upload is None:
            raise ValidationError({"evidence": _("Choose a file to attach.")})
        if upload.size is not None and upload.size > EVIDENCE_MAX_BYTES:
            raise ValidationError({"evidence": _("A file may be at most %(mb)d MB.") % {"mb": 10}})
        try:
            found = file_type_or_error(upload)
        except ValidationError as error:
            raise ValidationError({"evidence": error.messages}) from error
        evidence.filename = clean_filename(upload.name or "")
        evidence.content_type = found.content_type
        extension = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx"}.get(
            found.kind, "png" if found.content_type == "image/png" else "jpg"
        )
        evidence.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
    elif item.kind == EvidenceKind.STATISTIC:
        if not evidence.text:
            raise ValidationError({"evidence": _("Write the statistic and where it comes from.")})
    else:
        raise ValidationError({"evidence": _("Unknown kind of evidence.")})
    try:
        evidence.full_clean()
    except ValidationError as error:
        raise ValidationError({"evidence": error.messages}) from error
    evidence.save()
    return evidence


@transaction.atomic
def problem_report(
    *,
    actor: User,
    jurisdiction: Jurisdiction | str,
    title: str,
    description: str,
    language: str,
    regions: list[Region] | list[str],
    target_group: str,
    people_affected: int | None,
    organisation: Organisation | None = None,
    responsible_body: Organisation | None = None,
    evidence: list[EvidenceInput | dict] | None = None,
    reported_at: datetime | None = None,
) -> Problem:
    """Report a social problem: it gets a reference (P-KZ-2026-00042: the local year of the
    report, numbered in the order of reporting), a similarity fingerprint and state `new`.
    The author does not support their own problem by reporting it: the count starts at 0.
    `reported_at` (the demo and imports of earlier reports; now by default) dates the report
    and its reference year."""
    require(can_report, actor)
    if isinstance(jurisdiction, str):
        jurisdiction = Jurisdiction.objects.get(pk=jurisdiction)
    errors = problem_report_errors(
        actor=actor,
        jurisdiction=jurisdiction,
        language=language,
        regions=regions,
        organisation=organisation,
        responsible_body=responsible_body,
        evidence_count=len(evidence or []),
    )
    if errors:
        raise ValidationError(errors)
    region_ids = [r.pk if isinstance(r, Region) else r for r in regions]
    region_rows = list(Region.objects.filter(pk__in=region_ids))
    items = [_evidence_input(item) for item in evidence or []]
    reported_at = reported_at or timezone.now()
    reported_on = timezone.localtime(reported_at, local_zone(jurisdiction)).date()
    problem = Problem(
        jurisdiction=jurisdiction,
        reference=_next_reference(jurisdiction, reported_on.year),
        title=title.strip(),
        description=description.strip(),
        language=language,
        target_group=target_group,
        people_affected=people_affected,
        author=actor,
        organisation=organisation,
        responsible_body=responsible_body,
        fingerprint=fingerprint(title, description),
        created_at=reported_at,
    )
    problem.full_clean()
    problem.save()
    problem.regions.set(region_rows)
    for item in items:
        _evidence_save(actor=actor, problem=problem, item=item)
    audit_record(
        actor=actor,
        action="problems.problem.report",
        obj=problem,
        organisation=organisation,
        changes={
            "reference": problem.reference,
            "title": problem.title,
            "regions": sorted(region_ids),
            "target_group": target_group,
            "people_affected": people_affected,
            "evidence": len(items),
        },
    )
    return problem


def problem_report_errors(
    *,
    actor: User,
    jurisdiction: Jurisdiction,
    language: str,
    regions: list[Region] | list[str],
    organisation: Organisation | None = None,
    responsible_body: Organisation | None = None,
    evidence_count: int = 0,
) -> dict[str, list[str]]:
    """The report's rules beyond its fields' own (regions and body of the country, one's own
    organisation, how much evidence), by field: the form shows them with its field errors in
    one round, and the service refuses a report that breaks them."""
    errors: dict[str, list[str]] = {}
    region_ids = [r.pk if isinstance(r, Region) else r for r in regions]
    region_rows = list(Region.objects.filter(pk__in=region_ids))
    if not region_rows:
        errors["regions"] = [_("Choose at least one region.")]
    elif len(region_rows) != len(set(region_ids)) or any(
        r.jurisdiction_id != jurisdiction.pk for r in region_rows
    ):
        errors["regions"] = [_("Choose regions of the problem's country.")]
    if language not in CONTENT_LANGUAGES:
        errors["language"] = [_("Choose the language the problem is written in.")]
    if (
        organisation is not None
        and not Membership.objects.filter(
            user=actor, organisation=organisation, status=MembershipStatus.ACTIVE
        ).exists()
    ):
        errors["organisation"] = [_("You can report on behalf of your own organisation only.")]
    if responsible_body is not None and (
        responsible_body.sector != Sector.STATE
        or responsible_body.jurisdiction_id != jurisdiction.pk
    ):
        errors["responsible_body"] = [
            _("The responsible body must be a state body of the country.")
        ]
    if evidence_count > EVIDENCE_MAX_ITEMS:
        errors["evidence"] = [_("At most %(n)d pieces of evidence.") % {"n": EVIDENCE_MAX_ITEMS}]
    return errors


def _locked(problem: Problem) -> Problem:
    return (
        Problem.objects.select_for_update(of=("self",))
        .select_related("jurisdiction", "responsible_body")
        .get(pk=problem.pk)
    )


def body_officials(body: Organisation) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organisation=body,
            memberships__status=MembershipStatus.ACTIVE,
            is_active=True,
        ).distinct()
    )


def _answerers(problem: Problem) -> list[User]:
    """Who is told a problem needs an answer: the responsible body's members or, when no
    body is named, the jurisdiction's platform administrators (who route it)."""
    if problem.responsible_body is not None:
        return body_officials(problem.responsible_body)
    grants = RoleGrant.objects.filter(role=PlatformRole.ADMINISTRATOR).filter(
        Q(jurisdiction_id=problem.jurisdiction_id) | Q(jurisdiction__isnull=True)
    )
    return list(User.objects.filter(pk__in=grants.values("user_id"), is_active=True))


def _supporters(problem: Problem) -> list[User]:
    """The active people who support the problem, except its author (told in their own
    e-mail): one query whatever their number."""
    return list(
        User.objects.filter(
            pk__in=Support.objects.filter(problem=problem).values("user_id"), is_active=True
        )
        .exclude(pk=problem.author_id)
        .only("pk", "email", "preferred_language")
        .order_by("pk")
    )


def _tell_supporters(problem: Problem, template: str, context: dict) -> None:
    """E-mail the supporters, each language group in its language, that the problem was
    answered or decided. Never for a hidden problem: its supporters no longer see it."""
    if problem.hidden_at is not None:
        return
    email_queue_to_people(
        _supporters(problem), template, {**context, "problem": problem, "url": problem_url(problem)}
    )


def support_threshold(problem: Problem, on: date) -> int | None:
    try:
        return int(rule_value(problem.jurisdiction_id, "problem.support_threshold", on))
    except RuleMissing:
        return None


def answer_deadline(problem: Problem, reached_on: date) -> date | None:
    """`reached_on` plus the rule's working days, or None when the rule or the calendar is
    missing (shown as "not set": a deadline is never guessed)."""
    try:
        days = int(rule_value(problem.jurisdiction_id, "problem.answer_working_days", reached_on))
        return working_days_add(problem.jurisdiction_id, reached_on, days)
    except (RuleMissing, CalendarNotCovered):
        return None


@transaction.atomic
def problem_support(*, actor: User, problem: Problem) -> Support:
    """Support a problem, once per person. Reaching the jurisdiction's threshold obliges the
    responsible body to answer within the rule's working days; it is told by e-mail."""
    require(can_support, actor, problem)
    locked = _locked(problem)
    if Support.objects.filter(problem=locked, user=actor).exists():
        raise ValidationError(_("You already support this problem."))
    support = Support.objects.create(problem=locked, user=actor)
    Problem.objects.filter(pk=locked.pk).update(support_count=F("support_count") + 1)
    locked.refresh_from_db(fields=["support_count"])
    audit_record(
        actor=actor,
        action="problems.problem.support",
        obj=locked,
        changes={"support_count": locked.support_count},
    )
    if locked.threshold_reached_on is None:
        today = local_today(locked.jurisdiction)
        threshold = support_threshold(locked, today)
        if threshold is not None and locked.support_count >= threshold:
            locked.threshold_reached_on = today
            locked.answer_due_on = answer_deadline(locked, today)
            locked.save(update_fields=["threshold_reached_on", "answer_due_on", "updated_at"])
            audit_record(
                actor=actor,
                action="problems.problem.threshold_reached",
                obj=locked,
                changes={
                    "threshold": threshold,
                    "threshold_reached_on": today,
                    "answer_due_on": locked.answer_due_on,
                },
            )
            email_queue_to_people(
                _answerers(locked),
                "problems/emails/threshold_reached",
                {"problem": locked, "threshold": threshold, "url": problem_url(locked)},
            )
    problem.support_count = locked.support_count
    problem.threshold_reached_on = locked.threshold_reached_on
    problem.answer_due_on = locked.answer_due_on
    return support


@transaction.atomic
def problem_unsupport(*, actor: User, problem: Problem) -> None:
    """Withdraw one's support. An obligation to answer, once arisen, stays."""
    locked = _locked(problem)
    deleted, _rows = Support.objects.filter(problem=locked, user=actor).delete()
    if not deleted:
        raise ValidationError(_("You do not support this problem."))
    Problem.objects.filter(pk=locked.pk).update(support_count=F("support_count") - 1)
    locked.refresh_from_db(fields=["support_count"])
    audit_record(
        actor=actor,
        action="problems.problem.unsupport",
        obj=locked,
        changes={"support_count": locked.support_count},
    )
    problem.support_count = locked.support_count


def _answering_body(actor: User, problem: Problem) -> Organisation:
    if problem.responsible_body is not None:
        return problem.responsible_body
    membership = (
        Membership.objects.filter(
            user=actor,
            status=MembershipStatus.ACTIVE,
            organisation__sector=Sector.STATE,
            organisation__jurisdiction_id=problem.jurisdiction_id,
        )
        .select_related("organisation")
        .order_by("organisation_id")
        .first()
    )
    assert membership is not None  # can_answer checked it
    return membership.organisation


@transaction.atomic
def problem_answer(*, actor: User, problem: Problem, text: str) -> Answer:
    """The responsible body's public answer (any state body of the jurisdiction when none is
    named). The first answer meets the obligation to answer; the author and the supporters
    are told."""
    require(can_answer, actor, problem)
    locked = _locked(problem)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the answer.")})
    today = local_today(locked.jurisdiction)
    answer = Answer(
        problem=locked,
        body=_answering_body(actor, locked),
        author=actor,
        text=text,
        answered_on=today,
    )
    answer.full_clean()
    answer.save()
    if locked.first_answered_on is None:
        locked.first_answered_on = today
        locked.save(update_fields=["first_answered_on", "updated_at"])
    audit_record(
        actor=actor,
        action="problems.problem.answer",
        obj=locked,
        organisation=answer.body,
        changes={"answer": answer.pk, "body": answer.body_id, "answered_on": today},
    )
    if locked.state == ProblemState.NEW:
        # A body that answers has taken the problem up: it is no longer new to review.
        locked.state = TRANSITIONS[(ProblemState.NEW, ProblemAction.REVIEW)][0]
        locked.save(update_fields=["state", "updated_at"])
        audit_record(
            actor=actor,
            action="problems.problem.transition",
            obj=locked,
            organisation=answer.body,
            changes={
                "action": ProblemAction.REVIEW,
                "state": [ProblemState.NEW, locked.state],
                "reason": "",
            },
        )
    email_queue_to_people(
        [locked.author],
        "problems/emails/answered",
        {"problem": locked, "answer": answer, "url": problem_url(locked)},
    )
    _tell_supporters(locked, "problems/emails/supporter_answered", {"answer": answer})
    problem.first_answered_on, problem.state = locked.first_answered_on, locked.state
    return answer


def _tell_author(
    problem: Problem,
    kind: str,
    reason: str,
    original: Problem | None = None,
    lot: Lot | None = None,
):
    """E-mail the author, in their language, that their problem was hidden, declined, marked
    already addressed, marked a duplicate or accepted into a plan (kind: hidden, declined,
    addressed, duplicate, accepted), with the reason or the lot."""
    if problem.author is None or not problem.author.is_active:
        return
    email_queue_to_people(
        [problem.author],
        "problems/emails/moderated",
        {
            "problem": problem,
            "kind": kind,
            "reason": reason,
            "original": original,
            "lot": lot,
            "url": problem_url(problem),
        },
    )


def transition_refusal(problem: Problem, action: str) -> str | None:
    entry = TRANSITIONS.get((problem.state, action))
    if entry is None:
        return _("This step is not possible while the problem is %(state)s.") % {
            "state": problem.get_state_display()
        }
    guard = entry[1]
    return guard(problem) if guard is not None else None


@transaction.atomic
def problem_transition(*, actor: User, problem: Problem, action: str, reason: str = "") -> Problem:
    """Apply one moderation step (workflow.TRANSITIONS); declining and "already addressed"
    need a reason, which the public reads. The supporters are told of a decision (accepted,
    already addressed, declined), not of a review or a reopening."""
    require(can_decide if action in REASON_REQUIRED else can_moderate, actor, problem)
    locked = _locked(problem)
    refusal = transition_refusal(locked, action)
    if refusal:
        raise ValidationError(refusal)
    reason = (reason or "").strip()
    if action in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": _("Give the reason; the public reads it.")})
    before = locked.state
    locked.state = TRANSITIONS[(locked.state, action)][0]
    locked.state_reason = reason
    locked.full_clean()
    locked.save(update_fields=["state", "state_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="problems.problem.transition",
        obj=locked,
        changes={"action": action, "state": [before, locked.state], "reason": reason},
    )
    if action == ProblemAction.ACCEPT:
        _tell_author(locked, "accepted", reason)
    elif action == ProblemAction.DECLINE:
        _tell_author(locked, "declined", reason)
    elif action == ProblemAction.ADDRESS:
        _tell_author(locked, "addressed", reason)
    decided: dict[str, str] = {
        ProblemAction.ACCEPT: "accepted",
        ProblemAction.ADDRESS: "addressed",
        ProblemAction.DECLINE: "declined",
    }
    if action in decided:
        _tell_supporters(
            locked, "problems/emails/supporter_decided", {"kind": decided[action], "reason": reason}
        )
    problem.state, problem.state_reason = locked.state, locked.state_reason
    return locked


@transaction.atomic
def problem_route(*, actor: User, problem: Problem, responsible_body: Organisation) -> Problem:
    """Name the state body that must answer (moderators). When the threshold is already
    reached and no answer given, the new body is told at once. Once a body is named, only it
    and the platform administrators re-route (`can_decide`): another body cannot take a problem
    over to decline it."""
    require(can_decide, actor, problem)
    locked = _locked(problem)
    if (
        responsible_body.sector != Sector.STATE
        or responsible_body.jurisdiction_id != locked.jurisdiction_id
    ):
        raise ValidationError(
            {"responsible_body": _("The responsible body must be a state body of the country.")}
        )
    previous = locked.responsible_body_id
    if previous == responsible_body.pk:
        raise ValidationError({"responsible_body": _("This body is already responsible.")})
    locked.responsible_body = responsible_body
    locked.save(update_fields=["responsible_body", "updated_at"])
    audit_record(
        actor=actor,
        action="problems.problem.route",
        obj=locked,
        organisation=responsible_body,
        changes={"responsible_body": [previous, responsible_body.pk]},
    )
    if locked.threshold_reached_on is not None and locked.first_answered_on is None:
        email_queue_to_people(
            body_officials(responsible_body),
            "problems/emails/threshold_reached",
            {
                "problem": locked,
                "threshold": support_threshold(locked, locked.threshold_reached_on),
                "url": problem_url(locked),
            },
        )
    problem.responsible_body = responsible_body
    return locked


@transaction.atomic
def problem_hide(*, actor: User, problem: Problem, reason: str) -> Problem:
    """Hide abusive content from the public, with a reason moderators and the author read.
    Hiding a problem addressed to a body is for that body and the platform administrators."""
    require(can_decide, actor, problem)
    locked = _locked(problem)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for hiding.")})
    if locked.hidden_at is not None:
        raise ValidationError(_("The problem is already hidden."))
    locked.hidden_at = timezone.now()
    locked.hidden_reason = reason
    locked.hidden_by = actor
    locked.full_clean()
    locked.save(update_fields=["hidden_at", "hidden_reason", "hidden_by", "updated_at"])
    audit_record(
        actor=actor, action="problems.problem.hide", obj=locked, changes={"reason": reason}
    )
    _tell_author(locked, "hidden", reason)
    problem.hidden_at, problem.hidden_reason = locked.hidden_at, reason
    return locked


@transaction.atomic
def problem_unhide(*, actor: User, problem: Problem, reason: str = "") -> Problem:
    require(can_moderate, actor, problem)
    locked = _locked(problem)
    if locked.hidden_at is None:
        raise ValidationError(_("The problem is not hidden."))
    previous = locked.hidden_reason
    locked.hidden_at, locked.hidden_reason, locked.hidden_by = None, "", None
    locked.save(update_fields=["hidden_at", "hidden_reason", "hidden_by", "updated_at"])
    audit_record(
        actor=actor,
        action="problems.problem.unhide",
        obj=locked,
        changes={"hidden_reason": previous, "reason": (reason or "").strip()},
    )
    problem.hidden_at, problem.hidden_reason = None, ""
    return locked


@transaction.atomic
def problem_mark_duplicate(
    *, actor: User, problem: Problem, original: Problem, reason: str
) -> Problem:
    """Link a problem to the original it repeats. Supports stay where people gave them: they
    are never moved; the duplicate shows a link to its original."""
    require(can_moderate, actor, problem)
    locked = _locked(problem)
    original = _locked(original)
    reason = (reason or "").strip()
    if original.pk == locked.pk:
        raise ValidationError({"original": _("A problem cannot duplicate itself.")})
    if original.jurisdiction_id != locked.jurisdiction_id:
        raise ValidationError({"original": _("The original must be in the same country.")})
    if original.duplicate_of_id is not None:
        raise ValidationError(
            {"original": _("That problem is itself a duplicate; link to its original.")}
        )
    if original.hidden_at is not None:
        raise ValidationError({"original": _("The original is hidden.")})
    if locked.duplicates.exists():
        raise ValidationError(
            _("Other problems are marked duplicates of this one; link them to the original first.")
        )
    if not reason:
        raise ValidationError({"reason": _("Give the reason; the public reads it.")})
    previous = locked.duplicate_of_id
    locked.duplicate_of = original
    locked.state_reason = reason
    locked.full_clean()
    locked.save(update_fields=["duplicate_of", "state_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="problems.problem.mark_duplicate",
        obj=locked,
        changes={"duplicate_of": [previous, original.pk], "reason": reason},
    )
    _tell_author(locked, "duplicate", reason, original=original)
    # Supports are not moved: the supporters are shown the original to support it themselves.
    _tell_supporters(
        locked,
        "problems/emails/supporter_decided",
        {
            "kind": "duplicate",
            "reason": reason,
            "original": original,
            "original_url": problem_url(original),
        },
    )
    problem.duplicate_of = original
    return locked


@transaction.atomic
def problem_unmark_duplicate(*, actor: User, problem: Problem) -> Problem:
    require(can_moderate, actor, problem)
    locked = _locked(problem)
    if locked.duplicate_of_id is None:
        raise ValidationError(_("The problem is not marked a duplicate."))
    previous = locked.duplicate_of_id
    locked.duplicate_of = None
    locked.save(update_fields=["duplicate_of", "updated_at"])
    audit_record(
        actor=actor,
        action="problems.problem.unmark_duplicate",
        obj=locked,
        changes={"duplicate_of": [previous, None]},
    )
    problem.duplicate_of = None
    return locked


def lot_regions_refusal(problem: Problem, lot: Lot) -> str | None:
    """Why the lot seems not to serve the problem: none of its regions is one of the
    problem's (naming both), or None. A lot with no region is taken to serve the country."""
    lot_regions = list(lot.regions.order_by("code"))
    problem_regions = list(problem.regions.order_by("code"))
    if not lot_regions or {r.pk for r in lot_regions} & {r.pk for r in problem_regions}:
        return None
    return _(
        "The lot is for %(lot_regions)s, the problem for %(problem_regions)s. Confirm that the "
        "lot also answers the problem in its regions to link it."
    ) % {
        "lot_regions": ", ".join(str(r) for r in lot_regions),
        "problem_regions": ", ".join(str(r) for r in problem_regions),
    }


def _lot_for(lot: Lot) -> Lot:
    return Lot.objects.select_related("plan", "plan__body").get(pk=lot.pk)


@transaction.atomic
def problem_lot_link(
    *, actor: User, problem: Problem, lot: Lot, note: str = "", regions_confirmed: bool = False
) -> ProblemLot:
    """Link the plan lot that answers a problem (by the plan body's officials). A new or
    under-review problem is thereby accepted into a plan. A lot none of whose regions is a
    region of the problem is refused unless the official confirms it (`regions_confirmed`)."""
    lot = _lot_for(lot)
    require(can_link_lot, actor, lot)
    locked = _locked(problem)
    if lot.plan.jurisdiction_id != locked.jurisdiction_id:
        raise ValidationError({"lot": _("The lot must be in a plan of the problem's country.")})
    if locked.hidden_at is not None:
        raise ValidationError(_("A hidden problem cannot be linked."))
    if ProblemLot.objects.filter(problem=locked, lot=lot).exists():
        raise ValidationError({"lot": _("This lot is already linked.")})
    refusal = lot_regions_refusal(locked, lot)
    if refusal and not regions_confirmed:
        raise ValidationError({"lot": refusal}, code="regions")
    link = ProblemLot(problem=locked, lot=lot, note=(note or "").strip(), linked_by=actor)
    link.full_clean()
    link.save()
    audit_record(
        actor=actor,
        action="problems.problem.lot_link",
        obj=locked,
        organisation=lot.plan.body,
        changes={
            "lot": lot.pk,
            "plan": lot.plan_id,
            "note": link.note,
            "regions_confirmed": bool(refusal),
        },
    )
    if (locked.state, ProblemAction.ACCEPT) in TRANSITIONS:
        before = locked.state
        locked.state = ProblemState.ACCEPTED
        locked.state_reason = ""
        locked.save(update_fields=["state", "state_reason", "updated_at"])
        audit_record(
            actor=actor,
            action="problems.problem.transition",
            obj=locked,
            organisation=lot.plan.body,
            changes={"action": ProblemAction.ACCEPT, "state": [before, locked.state]},
        )
        _tell_author(locked, "accepted", "", lot=lot)
        _tell_supporters(
            locked, "problems/emails/supporter_decided", {"kind": "accepted", "lot": lot}
        )
        problem.state = locked.state
    return link


@transaction.atomic
def problem_lot_unlink(*, actor: User, problem: Problem, lot: Lot) -> None:
    """Remove a lot link. An accepted problem left with no lot goes back under review."""
    lot = _lot_for(lot)
    require(can_link_lot, actor, lot)
    locked = _locked(problem)
    deleted, _rows = ProblemLot.objects.filter(problem=locked, lot=lot).delete()
    if not deleted:
        raise ValidationError({"lot": _("This lot is not linked.")})
    audit_record(
        actor=actor,
        action="problems.problem.lot_unlink",
        obj=locked,
        organisation=lot.plan.body,
        changes={"lot": lot.pk},
    )
    if locked.state == ProblemState.ACCEPTED and not locked.lot_links.exists():
        locked.state = ProblemState.UNDER_REVIEW
        locked.save(update_fields=["state", "updated_at"])
        audit_record(
            actor=actor,
            action="problems.problem.transition",
            obj=locked,
            organisation=lot.plan.body,
            changes={"action": "unlink", "state": [ProblemState.ACCEPTED, locked.state]},
        )
        problem.state = locked.state


def problems_notify_overdue() -> int:
    """Tell the responsible body (or the jurisdiction's administrators) once that a
    problem's answer is overdue. Returns how many problems were notified."""
    from hamkori.problems.selectors import overdue_q

    pending = list(
        Problem.objects.filter(overdue_q(), overdue_notified_at__isnull=True, hidden_at=None)
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    for pk in pending:
        _notify_overdue(pk)
    return len(pending)


@transaction.atomic
def _notify_overdue(pk: int) -> None:
    # Locked and re-checked: two workers never mail the same problem twice.
    problem = (
        Problem.objects.select_for_update(of=("self",))
        .select_related("jurisdiction", "responsible_body")
        .get(pk=pk)
    )
    if problem.overdue_notified_at is not None or not problem.is_overdue:
        return
    problem.overdue_notified_at = timezone.now()
    problem.save(update_fields=["overdue_notified_at"])
    audit_record(
        actor=None,
        action="problems.problem.overdue_notified",
        obj=problem,
        organisation=problem.responsible_body,
        changes={"answer_due_on": problem.answer_due_on},
    )
    email_queue_to_people(
        _answerers(problem),
        "problems/emails/overdue",
        {"problem": problem, "url": problem_url(problem)},
    )


def problems_similarity_snapshot() -> int:
    """Save the similarity index (periodic, worker) when none is saved, when problems were
    deleted, or when SNAPSHOT_AFTER_CHANGES problems changed since the last one, so that a new
    process's first search reads it instead of building it from every fingerprint. Returns 1
    when it saved one. A cache of the problems' own data, not a business change: no audit
    event. The build runs outside any transaction and holds no lock."""
    saved = (
        SimilaritySnapshot.objects.filter(format=SNAPSHOT_FORMAT)
        .defer("data")
        .order_by("-pk")
        .first()
    )
    count = Problem.objects.count()
    if count == 0:
        return 0
    if (
        saved is not None
        and saved.latest is not None
        and count >= saved.problems
        and Problem.objects.filter(updated_at__gt=saved.latest).count() < SNAPSHOT_AFTER_CHANGES
    ):
        return 0
    rows = list(Problem.objects.order_by("pk").values_list("pk", "fingerprint", "updated_at"))
    index = Index([(pk, stored) for pk, stored, _ in rows])
    _snapshot_save(
        problems=len(rows), latest=max(updated for _, _, updated in rows), data=index.to_bytes()
    )
    return 1


@transaction.atomic
def _snapshot_save(*, problems: int, latest, data: bytes) -> None:
    snapshot = SimilaritySnapshot.objects.create(
        format=SNAPSHOT_FORMAT, problems=problems, latest=latest, data=data
    )
    # Only older rows: two workers saving at once must not delete each other's.
    SimilaritySnapshot.objects.filter(pk__lt=snapshot.pk).delete()
