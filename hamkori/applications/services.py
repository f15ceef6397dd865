"""Writes of applications. Each function checks permission, validates, writes and records one
audit event in the same transaction; e-mail leaves through the outbox after commit."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from hamkori.accounts.models import MembershipRole, MembershipStatus, User
from hamkori.applications.content import content_problems, content_totals, empty_content
from hamkori.applications.eligibility import (
    band_limits,
    eligibility_run,
    family_prefix,
    missing_documents,
)
from hamkori.applications.files import clean_filename, file_sha256, file_type_or_error
from hamkori.applications.models import (
    Application,
    ApplicationState,
    ApplicationVersion,
    Attachment,
    Compliance,
    EligibilityCheck,
)
from hamkori.applications.permissions import (
    call_accepts_applications,
    can_edit_application,
    can_set_compliance,
    can_start_application,
    can_submit_application,
    can_withdraw_application,
    is_applicant,
)
from hamkori.applications.receipt import snapshot_build, snapshot_digest
from hamkori.calls.models import Lot, RequiredDocument
from hamkori.calls.workflow import CallState
from hamkori.core.audit import audit_record, diff
from hamkori.core.audit import snapshot as audit_snapshot
from hamkori.core.links import absolute_url
from hamkori.core.outbox import email_queue_to_people
from hamkori.core.permissions import require
from hamkori.core.templatetags.hamkori import money
from hamkori.registry.models import Organisation
from hamkori.rules.selectors import RuleMissing, local_zone, rule_fraction

# --- editing ---

# The largest amount the money columns hold (max_digits=18, decimal_places=2).
MONEY_MAX = Decimal("9999999999999999.99")


class ApplicationExists(ValidationError):
    """The organisation already has a live application to this lot; `application` is it."""

    def __init__(self, application: Application):
        super().__init__(
            _("Your organisation already has an application to this lot."), code="exists"
        )
        self.application = application


class DraftConflict(ValidationError):
    """Someone saved the draft since the editor loaded it; nothing was written."""

    def __init__(self, saved_at):
        super().__init__(
            _(
                "This draft was saved at %(time)s in another window or by another member; "
                "reload to see those changes — your text was not saved."
            )
            % {"time": time_format(saved_at, "H:i")},
            code="conflict",
        )
        self.saved_at = saved_at


def _local(application: Application, moment):
    return timezone.localtime(moment, local_zone(application.call.jurisdiction))


def _why_not_editable(application: Application) -> ValidationError:
    if application.state != ApplicationState.DRAFT:
        return ValidationError(
            _("This application has been submitted or withdrawn; it is no longer a draft."),
            code="not_draft",
        )
    return ValidationError(
        _("The call is not accepting applications: drafts can no longer be changed."),
        code="closed",
    )


def _require_editable(actor: User, application: Application) -> None:
    if not is_applicant(actor, application):
        raise PermissionDenied("is_applicant")
    if not can_edit_application(actor, application):
        raise _why_not_editable(application)


@transaction.atomic
def application_start(*, actor: User, lot: Lot, organisation: Organisation) -> Application:
    """Open a draft for `organisation` on `lot`: the actor is an active member of an active
    CSO of the call's jurisdiction, and the call is open. One live application per
    organisation and lot (ApplicationExists names the existing one)."""
    call = lot.call
    if call is None:
        raise ValidationError(_("This lot is not offered in a call."), code="no_call")
    if not can_start_application(actor, organisation):
        raise PermissionDenied("can_start_application")
    if organisation.jurisdiction_id != call.jurisdiction_id:
        raise ValidationError(
            _("Only organisations of the call's jurisdiction may apply."), code="jurisdiction"
        )
    if not call_accepts_applications(actor, call):
        raise ValidationError(_("The call is not accepting applications."), code="closed")
    live = (ApplicationState.DRAFT, ApplicationState.SUBMITTED)
    existing = Application.objects.filter(
        organisation=organisation, lot=lot, state__in=live
    ).first()
    if existing is not None:
        raise ApplicationExists(existing)
    languages = list(call.languages or [])
    language = actor.preferred_language
    if languages and language not in languages:
        language = languages[0]
    content = empty_content(language)
    application = Application(
        call=call,
        lot=lot,
        organisation=organisation,
        created_by=actor,
        state=ApplicationState.DRAFT,
        content=content,
        currency=lot.currency,
    )
    application.full_clean(validate_constraints=False)
    try:
        # A savepoint: a concurrent start for the same lot loses on the unique constraint
        # without spoiling the surrounding transaction.
        with transaction.atomic():
            application.save()
    except IntegrityError:
        existing = Application.objects.filter(
            organisation=organisation, lot=lot, state__in=live
        ).first()
        if existing is None:
            raise
        raise ApplicationExists(existing) from None
    audit_record(
        actor=actor,
        action="applications.application.start",
        obj=application,
        organisation=organisation,
        changes={"call": call.pk, "lot": lot.pk, "language": language},
    )
    return application


def _normalised(content: Any) -> dict:
    """The content with exactly the known sections (unknown keys dropped, missing ones
    empty), and money that the columns can hold."""
    if not isinstance(content, dict):
        raise ValidationError(_("The application content is malformed."), code="malformed")
    base = empty_content(str(content.get("language") or "ru"))
    out = {key: content.get(key, default) for key, default in base.items()}
    for line in out.get("budget") or []:
        for name in ("amount", "cofinancing"):
            try:
                value = Decimal(str(line.get(name) or "0"))
            except ArithmeticError:
                raise ValidationError(
                    {"budget": _("Enter every budget amount as a number.")}, code="amount"
                ) from None
            if value < 0 or value > MONEY_MAX or not value.is_finite():
                raise ValidationError(
                    {"budget": _("Budget amounts must be zero or more.")}, code="amount"
                )
    return out


@transaction.atomic
def application_save_draft(
    *, actor: User, application: Application, lock_version: int, content: dict
) -> Application:
    """Save the draft's content if it is still at `lock_version` (optimistic locking: one
    conditional UPDATE that also moves the version on). If someone saved in between, raise
    DraftConflict and write nothing. Returns the application as saved."""
    _require_editable(actor, application)
    content = _normalised(content)
    totals = content_totals(content)
    title = str(content.get("title") or "").strip()[:300]
    current = (
        Application.objects.filter(pk=application.pk)
        .values("content", "lock_version", "updated_at", "state")
        .first()
    )
    # A submitted application stays editable until the deadline: resubmitting makes a new
    # version (submission section below).
    editable = (ApplicationState.DRAFT, ApplicationState.SUBMITTED)
    if current is None or current["state"] not in editable:
        raise _why_not_editable(Application(state=current["state"] if current else ""))
    if current["lock_version"] != lock_version:
        raise DraftConflict(_local(application, current["updated_at"]))
    old = current["content"] or {}
    sections = sorted(key for key in content if old.get(key) != content.get(key))
    if not sections:
        return application
    now = timezone.now()
    # Reading the row above only picks what to write; the WHERE on lock_version is what
    # guards against a save that slipped in between (then 0 rows change).
    changed = Application.objects.filter(
        pk=application.pk, lock_version=lock_version, state__in=editable
    ).update(
        content=content,
        lock_version=F("lock_version") + 1,
        title=title,
        amount_requested=totals.requested,
        cofinancing=totals.cofinancing,
        updated_at=now,
    )
    if changed != 1:
        latest = Application.objects.filter(pk=application.pk).values("updated_at").first()
        saved_at = latest["updated_at"] if latest else now
        raise DraftConflict(_local(application, saved_at))
    application.content = content
    application.lock_version = lock_version + 1
    application.title = title
    application.amount_requested = totals.requested
    application.cofinancing = totals.cofinancing
    application.updated_at = now
    audit_record(
        actor=actor,
        action="applications.application.save_draft",
        obj=application,
        organisation=application.organisation,
        changes={"sections": sections, "lock_version": application.lock_version},
    )
    return application


def _kind_names(kinds: list[str]) -> str:
    from hamkori.calls.models import DocumentKind

    labels = dict(DocumentKind.choices)
    return ", ".join(str(labels.get(kind, kind)) for kind in kinds)


@transaction.atomic
def attachment_add(
    *,
    actor: User,
    application: Application,
    document: RequiredDocument | None,
    uploaded_file: UploadedFile,
) -> Attachment:
    """Attach a file to a draft. Its type is recognised from its content (files.py); files
    over HAMKORI_MAX_UPLOAD_BYTES and types the document does not accept are refused."""
    _require_editable(actor, application)
    if document is not None and document.call_id != application.call_id:
        raise ValidationError(_("This document is not part of the call."), code="document")
    limit = settings.HAMKORI_MAX_UPLOAD_BYTES
    if uploaded_file.size is None or uploaded_file.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)},
            code="too_large",
        )
    if not uploaded_file.size:
        raise ValidationError(_("The file is empty."), code="empty")
    found = file_type_or_error(uploaded_file)
    if document is not None and document.kinds and found.kind not in document.kinds:
        raise ValidationError(
            _("This document must be one of: %(kinds)s.") % {"kinds": _kind_names(document.kinds)},
            code="kind",
        )
    sha256, size = file_sha256(uploaded_file)
    if size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)},
            code="too_large",
        )
    same = Attachment.objects.filter(application=application, document=document, sha256=sha256)
    if same.exists():
        raise ValidationError(_("This file is already attached here."), code="duplicate")
    attachment = Attachment(
        application=application,
        document=document,
        original_name=clean_filename(uploaded_file.name or ""),
        kind=found.kind,
        content_type=found.content_type,
        size=size,
        sha256=sha256,
        uploaded_by=actor,
    )
    # The storage path comes from the model (application id and digest), not from the name.
    attachment.file.save("upload", uploaded_file, save=False)
    try:
        attachment.full_clean()
        attachment.save()
        audit_record(
            actor=actor,
            action="applications.attachment.add",
            obj=application,
            organisation=application.organisation,
            changes={
                "attachment": attachment.pk,
                "document": document.pk if document else None,
                "name": attachment.original_name,
                "kind": found.kind,
                "size": size,
                "sha256": sha256,
            },
        )
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, actor: User, attachment: Attachment) -> None:
    """Remove an attachment from a draft. The file is deleted after commit unless a
    submitted version of the application may quote it."""
    application = attachment.application
    _require_editable(actor, application)
    name = attachment.file.name
    storage = attachment.file.storage
    keep_file = application.versions.exists() or (
        Attachment.objects.filter(file=name).exclude(pk=attachment.pk).exists()
    )
    audit_record(
        actor=actor,
        action="applications.attachment.remove",
        obj=application,
        organisation=application.organisation,
        changes={
            "attachment": attachment.pk,
            "document": attachment.document_id,
            "name": attachment.original_name,
            "sha256": attachment.sha256,
        },
    )
    attachment.delete()
    if not keep_file:
        transaction.on_commit(lambda: storage.delete(name))


# --- submission ---


def _deadline_refusal(call) -> str:
    local = timezone.localtime(call.closes_at, local_zone(call.jurisdiction_id))
    return _("The deadline passed at %(time)s %(zone)s time on %(date)s.") % {
        "time": local.strftime("%H:%M"),
        "zone": str(local.tzinfo).split("/")[-1].replace("_", " "),
        "date": date_format(local.date()),
    }


def submission_problems(application: Application) -> list[tuple[str, str]]:
    """Everything that stops the application from being submitted, as (field, message)
    pairs: the content's completeness, the amount against the lot and the band, the
    institutional share against its cap, the required documents."""
    call, lot = application.call, application.lot
    content = application.content or {}
    problems = list(content_problems(content))
    totals = content_totals(content)
    currency = application.currency
    if totals.requested > lot.budget:
        problems.append(
            (
                "budget",
                _("The requested %(amount)s is more than the lot budget of %(budget)s.")
                % {
                    "amount": money(totals.requested, currency),
                    "budget": money(lot.budget, currency),
                },
            )
        )
    low, high, mrp = band_limits(call, lot.instrument)
    if mrp is not None and (
        (low is not None and totals.requested < low)
        or (high is not None and totals.requested > high)
    ):
        problems.append(
            (
                "budget",
                _(
                    "The requested %(amount)s is outside the band of %(low)s to %(high)s "
                    "(MRP of %(year)s: %(mrp)s)."
                )
                % {
                    "amount": money(totals.requested, currency),
                    "low": money(low, currency) if low is not None else "—",
                    "high": money(high, currency) if high is not None else "—",
                    "mrp": money(mrp, currency),
                    "year": call.financial_year,
                },
            )
        )
    rules_on = timezone.localtime(call.opens_at, local_zone(call.jurisdiction_id)).date()
    try:
        cap = rule_fraction(
            call.jurisdiction_id,
            f"{family_prefix(lot.instrument)}.institutional_cost_cap",
            rules_on,
        )
    except RuleMissing:
        cap = None
    if (
        cap is not None
        and totals.requested
        and Fraction(totals.institutional) > cap * Fraction(totals.requested)
    ):
        problems.append(
            (
                "budget",
                _("Institutional costs of %(amount)s are more than %(cap)s%% of the request.")
                % {
                    "amount": money(totals.institutional, currency),
                    "cap": f"{float(cap) * 100:g}",
                },
            )
        )
    attached = application.attachments.values_list("document_id", flat=True)
    for document in missing_documents(application, attached):
        problems.append(
            ("attachments", _("Attach the document “%(name)s”.") % {"name": str(document)})
        )
    return problems


def _version_with_key(application: Application, idempotency_key: str) -> ApplicationVersion | None:
    version = ApplicationVersion.objects.filter(idempotency_key=idempotency_key).first()
    if version is not None and version.application_id != application.pk:
        raise ValidationError(_("This submission key belongs to another application."))
    return version


def application_submit(
    *, actor: User, application: Application, idempotency_key: str
) -> ApplicationVersion:
    """Freeze the application as a new version with its SHA-256 digest, run the eligibility
    checks and queue the receipt. The same `idempotency_key` (a double click, a retry after a
    lost response) returns the version it created, never a second one. Refused, with every
    problem at once and nothing written, after the deadline by the server's clock, when the
    call is not open, or when the application is incomplete."""
    if not idempotency_key or len(idempotency_key) > 64:
        raise ValidationError(_("The submission key is missing; reload the page and try again."))
    existing = _version_with_key(application, idempotency_key)
    if existing is not None:
        return existing
    try:
        return _submit(actor=actor, application=application, idempotency_key=idempotency_key)
    except IntegrityError:
        # A parallel request with the same key committed first (the unique constraint is
        # the final arbiter); its version is the answer to this one too.
        existing = _version_with_key(application, idempotency_key)
        if existing is None:
            raise
        return existing


@transaction.atomic
def _submit(*, actor: User, application: Application, idempotency_key: str) -> ApplicationVersion:
    # The row lock serialises submissions of one application: a second request waits here,
    # then finds the first one's version by its key.
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "call__body", "lot", "organisation")
        .get(pk=application.pk)
    )
    existing = _version_with_key(application, idempotency_key)
    if existing is not None:
        return existing
    now = timezone.now()
    call = application.call
    if now >= call.closes_at:
        raise ValidationError(_deadline_refusal(call))
    if call.state != CallState.OPEN or now < call.opens_at:
        raise ValidationError(_("This call is not accepting applications."))
    require(can_submit_application, actor, application)
    problems = submission_problems(application)
    if problems:
        raise ValidationError(_grouped(problems))
    number = (
        ApplicationVersion.objects.filter(application=application).aggregate(n=Max("number"))["n"]
        or 0
    ) + 1
    snapshot = snapshot_build(application, number=number, submitted_at=now)
    version = ApplicationVersion(
        application=application,
        number=number,
        snapshot=snapshot,
        digest=snapshot_digest(snapshot),
        submitted_at=now,
        submitted_by=actor,
        idempotency_key=idempotency_key,
    )
    # Uniqueness of the key is left to the database constraint (IntegrityError above).
    version.full_clean(validate_unique=False)
    version.save()
    superseded = ApplicationVersion.objects.filter(
        application=application, superseded_at__isnull=True
    ).exclude(pk=version.pk)
    previous = list(superseded.values_list("number", flat=True))
    superseded.update(superseded_at=now)
    before = audit_snapshot(application, ["state", "submitted_at"])
    application.state = ApplicationState.SUBMITTED
    application.submitted_at = now
    application.current_version = version
    application.full_clean()
    application.save(update_fields=["state", "submitted_at", "current_version", "updated_at"])
    language = (application.content or {}).get("language") or actor.preferred_language
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    eligibility_run(version, language=language)
    _receipt_mail(application, version, actor)
    audit_record(
        actor=actor,
        action="applications.application.submit",
        obj=application,
        organisation=application.organisation,
        changes={
            **diff(application, before, ["state", "submitted_at"]),
            "version": number,
            "digest": version.digest,
            "superseded": previous,
        },
    )
    return version


def _grouped(problems: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for field, message in problems:
        grouped.setdefault(field, []).append(str(message))
    return grouped


def _receipt_mail(application: Application, version: ApplicationVersion, actor: User) -> None:
    admins = User.objects.filter(
        memberships__organisation=application.organisation,
        memberships__status=MembershipStatus.ACTIVE,
        memberships__role=MembershipRole.ADMIN,
    )
    people = {person.pk: person for person in [actor, *admins]}
    url = absolute_url(
        reverse("applications:application-receipt", args=[application.pk, version.number])
    )
    email_queue_to_people(
        people.values(),
        "applications/emails/receipt",
        {
            "application": application,
            "version": version,
            "call": application.call,
            "lot": application.lot,
            "organisation": application.organisation,
            "submitted_local": timezone.localtime(
                version.submitted_at, local_zone(application.call.jurisdiction_id)
            ),
            "receipt_url": url,
        },
    )


@transaction.atomic
def application_withdraw(*, actor: User, application: Application, reason: str = "") -> Application:
    """Withdraw a draft or a submission before the deadline; its versions stay on record."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "organisation")
        .get(pk=application.pk)
    )
    if timezone.now() >= application.call.closes_at:
        raise ValidationError(_deadline_refusal(application.call))
    require(can_withdraw_application, actor, application)
    before = audit_snapshot(application, ["state"])
    application.state = ApplicationState.WITHDRAWN
    application.full_clean()
    application.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor,
        action="applications.application.withdraw",
        obj=application,
        organisation=application.organisation,
        changes={**diff(application, before, ["state"]), "reason": reason},
    )
    return application


@transaction.atomic
def application_compliance_set(
    *, actor: User, application: Application, compliance: str, reason: str = ""
) -> Application:
    """An official of the funding body marks a submission compliant or not, after the close
    and until the decision; the applicant's administrators are told by e-mail."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "call__body", "lot", "organisation")
        .get(pk=application.pk)
    )
    require(can_set_compliance, actor, application)
    if compliance not in (Compliance.COMPLIANT, Compliance.NON_COMPLIANT):
        raise ValidationError({"compliance": _("Choose compliant or not compliant.")})
    reason = (reason or "").strip()
    if compliance == Compliance.NON_COMPLIANT and not reason:
        raise ValidationError({"reason": _("Give the reason why it does not comply.")})
    if (
        compliance == Compliance.COMPLIANT
        and not reason
        and application.current_version_id
        and EligibilityCheck.objects.filter(
            version_id=application.current_version_id, passed=False
        ).exists()
    ):
        # Overruling an automatic check is a decision someone must be able to read later.
        raise ValidationError(
            {"reason": _("An eligibility check failed: give the reason why it complies.")}
        )
    fields = ["compliance", "compliance_reason", "compliance_by", "compliance_at"]
    before = audit_snapshot(application, ["compliance", "compliance_reason"])
    application.compliance = compliance
    application.compliance_reason = reason
    application.compliance_by = actor
    application.compliance_at = timezone.now()
    application.full_clean()
    application.save(update_fields=[*fields, "updated_at"])
    admins = User.objects.filter(
        memberships__organisation=application.organisation,
        memberships__status=MembershipStatus.ACTIVE,
        memberships__role=MembershipRole.ADMIN,
    )
    email_queue_to_people(
        admins,
        "applications/emails/compliance",
        {
            "application": application,
            "call": application.call,
            "lot": application.lot,
            "organisation": application.organisation,
            "compliant": compliance == Compliance.COMPLIANT,
            "reason": reason,
        },
    )
    audit_record(
        actor=actor,
        action="applications.application.compliance",
        obj=application,
        organisation=application.organisation,
        changes=diff(application, before, ["compliance", "compliance_reason"]),
    )
    return application
