"""Reads of applications. `*_get_for` fetch and check in one call and raise Http404 for what
the person may not see; lists select everything their pages show."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hamkori.accounts.models import Membership, MembershipStatus
from hamkori.applications.models import (
    Application,
    ApplicationState,
    ApplicationVersion,
    Attachment,
    Compliance,
    EligibilityCheck,
)
from hamkori.applications.permissions import (
    can_download_attachment,
    can_list_submissions,
    can_read_submission,
    can_see_application,
    can_see_application_counts,
    can_see_receipt,
)
from hamkori.calls.models import Call, DocumentKind, Lot, RequiredDocument
from hamkori.calls.workflow import PUBLIC_STATES
from hamkori.core.i18n import pick, translated
from hamkori.core.permissions import is_authenticated
from hamkori.registry.models import Organisation, OrganisationStatus, Sector
from hamkori.rules.selectors import (
    CalendarNotCovered,
    RuleMissing,
    local_zone,
    rule_value,
    working_days_add,
    working_days_between,
)

# --- editing ---


def application_get_for(*, user, pk: int) -> Application:
    """One application with its call, lot and organisation, for those who may see it (the
    applicant's members, drafts and submissions alike)."""
    application = (
        Application.objects.select_related(
            "call", "call__jurisdiction", "call__body", "lot", "organisation", "current_version"
        )
        .filter(pk=pk)
        .first()
    )
    if application is None or not can_see_application(user, application):
        raise Http404
    return application


def my_application_list_for(*, user) -> QuerySet[Application]:
    """Every application of the organisations the person is an active member of, newest
    change first, with what the list shows."""
    if not is_authenticated(user):
        return Application.objects.none()
    return (
        Application.objects.filter(
            organisation_id__in=Membership.objects.filter(
                user=user, status=MembershipStatus.ACTIVE
            ).values("organisation_id")
        )
        .select_related(
            "call", "call__jurisdiction", "call__result", "lot", "organisation", "current_version"
        )
        .order_by("-updated_at", "-pk")
    )


def application_documents(application: Application) -> list[RequiredDocument]:
    """The call's documents, each with `.uploads` (this application's attachments to it) and
    `.kind_labels`, and a last unsaved pseudo-document (pk None) for other attachments."""
    labels = dict(DocumentKind.choices)
    uploads = list(Attachment.objects.filter(application=application).order_by("uploaded_at", "pk"))
    documents = list(RequiredDocument.objects.filter(call_id=application.call_id))
    other = RequiredDocument(call_id=application.call_id, required=False, kinds=[])
    for document in [*documents, other]:
        # Extra attributes for the page, set on the instance: django-stubs types a model
        # only by its fields, so these per-page extras cannot be declared to it.
        own = [a for a in uploads if a.document_id == document.pk]
        accepted = ", ".join(str(labels.get(k, k)) for k in document.kinds or [])
        document.uploads = own  # type: ignore[attr-defined]
        document.kind_labels = accepted  # type: ignore[attr-defined]
    return [*documents, other]


def attachment_get_for(*, user, pk: int) -> Attachment:
    """An attachment with its application, for those who may download it."""
    attachment = (
        Attachment.objects.select_related(
            "application",
            "application__call",
            "application__call__body",
            "application__organisation",
        )
        .filter(pk=pk)
        .first()
    )
    if attachment is None or not can_download_attachment(user, attachment.application):
        raise Http404
    return attachment


def lot_for_application(*, pk) -> Lot:
    """A lot offered in a public call, with its call; 404 otherwise."""
    lot = (
        Lot.objects.select_related("call", "call__jurisdiction", "call__body")
        .filter(pk=pk, call__isnull=False, call__state__in=PUBLIC_STATES)
        .first()
    )
    if lot is None:
        raise Http404
    return lot


def applicant_organisations_for(*, user, lot: Lot) -> list[Organisation]:
    """The person's active CSOs of the call's jurisdiction, each with `.existing` (its live
    application to the lot, or None)."""
    if not is_authenticated(user):
        return []
    # Only lots offered in a call reach here (lot_for_application filters on call).
    assert lot.call is not None
    organisations = list(
        Organisation.objects.filter(
            memberships__user=user,
            memberships__status=MembershipStatus.ACTIVE,
            sector=Sector.CSO,
            status=OrganisationStatus.ACTIVE,
            jurisdiction_id=lot.call.jurisdiction_id,
        )
        .distinct()
        .order_by("pk")
    )
    existing = {
        a.organisation_id: a
        for a in Application.objects.filter(
            lot=lot,
            organisation__in=organisations,
            state__in=["draft", "submitted"],
        )
    }
    for organisation in organisations:
        # An extra attribute for the page and form (see application_documents).
        organisation.existing = existing.get(organisation.pk)  # type: ignore[attr-defined]
    return organisations


# --- submission ---

SUBMISSION_SORTS = {
    "submitted": ("submitted_at", "pk"),
    "-submitted": ("-submitted_at", "-pk"),
    "amount": ("amount_requested", "pk"),
    "-amount": ("-amount_requested", "-pk"),
    "organisation": ("organisation__search_text", "pk"),
    "-organisation": ("-organisation__search_text", "-pk"),
}


def _failed_checks():
    return EligibilityCheck.objects.filter(version_id=OuterRef("current_version_id"), passed=False)


def call_for_officials(*, user, pk: int) -> Call:
    """A call whose applications the person may count (the funding body's officials,
    auditors and administrators of its jurisdiction); 404 for everyone else."""
    call = Call.objects.select_related("body", "jurisdiction").filter(pk=pk).first()
    if call is None or not can_see_application_counts(user, call):
        raise Http404
    return call


@dataclass
class LotCount:
    lot: Lot
    drafts: int = 0
    submitted: int = 0


def application_counts_for(*, user, call: Call) -> list[LotCount]:
    """Drafts and submissions per lot of the call: all that is shown of a sealed call
    (two queries whatever the number of applications)."""
    if not can_see_application_counts(user, call):
        raise Http404
    counts = {lot.pk: LotCount(lot) for lot in Lot.objects.filter(call=call).order_by("number")}
    rows = (
        Application.objects.filter(call=call, state__in=["draft", "submitted"])
        .values("lot_id")
        .annotate(
            drafts=Count("pk", filter=Q(state="draft")),
            submitted=Count("pk", filter=Q(state="submitted")),
        )
        .order_by()
    )
    for row in rows:
        if row["lot_id"] in counts:
            counts[row["lot_id"]].drafts = row["drafts"]
            counts[row["lot_id"]].submitted = row["submitted"]
    return list(counts.values())


def submission_list_for(
    *,
    user,
    call: Call,
    lot: int | None = None,
    compliance: str = "",
    eligibility_failed: bool = False,
    sort: str = "submitted",
) -> QuerySet[Application]:
    """The submitted applications of a closed call for those who may read them, with the
    organisation, lot and current version, and `eligibility_failed` (any failed check of
    the current version). 404 before the close and for everyone else."""
    if not can_list_submissions(user, call):
        raise Http404
    failed = _failed_checks()
    applications = (
        Application.objects.filter(call=call, state=ApplicationState.SUBMITTED)
        .select_related("organisation", "lot", "current_version")
        # The list shows none of the JSON documents; reading them for every row of a large
        # call is most of the page's time.
        .defer("content", "current_version__snapshot")
        .annotate(eligibility_failed=Exists(failed))
    )
    if lot:
        applications = applications.filter(lot_id=lot)
    if compliance in Compliance.values:
        applications = applications.filter(compliance=compliance)
    if eligibility_failed:
        applications = applications.filter(eligibility_failed=True)
    return applications.order_by(*SUBMISSION_SORTS.get(sort, SUBMISSION_SORTS["submitted"]))


def submission_get_for(*, user, pk: int) -> Application:
    """A submitted application with its current version's checks and its attachments, for
    the funding body's officials, auditors and administrators after the close."""
    application = (
        Application.objects.select_related(
            "call",
            "call__body",
            "call__jurisdiction",
            "lot",
            "organisation",
            "current_version",
            "compliance_by",
        )
        .filter(pk=pk)
        .first()
    )
    if application is None or not can_read_submission(user, application):
        raise Http404
    return application


def version_get_for(*, user, pk: int, number: int) -> ApplicationVersion:
    """One submitted version (a receipt) with its checks, for the applicant's members and,
    after the close, for those who read submissions."""
    version = (
        ApplicationVersion.objects.select_related(
            "application",
            "application__call",
            "application__call__body",
            "application__call__jurisdiction",
            "application__lot",
            "application__organisation",
            "submitted_by",
        )
        .prefetch_related("eligibility_checks")
        .filter(application_id=pk, number=number)
        .first()
    )
    if version is None or not can_see_receipt(user, version.application):
        raise Http404
    return version


@dataclass
class ReceiptAttachment:
    """A file of a submitted version as its receipt lists it: the frozen entry, and the name
    of the required document it fills ("" for a file given as another document)."""

    name: str
    size: int
    sha256: str
    document: str


def receipt_attachments(version: ApplicationVersion) -> list[ReceiptAttachment]:
    """The version's attachments with their documents' names in the reader's language. The
    name frozen in the snapshot is used; versions frozen before snapshots held it (only the
    document's id) read it from the call's documents, one query, which cannot have been
    renamed since: documents change only while the call is a draft."""
    frozen = version.snapshot.get("attachments", [])
    missing = {item["document"] for item in frozen if item.get("document")}
    missing -= {item["document"] for item in frozen if item.get("document_name")}
    names = {
        document.pk: translated(document, "name")
        for document in (RequiredDocument.objects.filter(pk__in=missing) if missing else [])
    }
    return [
        ReceiptAttachment(
            name=item.get("name", ""),
            size=item.get("size", 0),
            sha256=item.get("sha256", ""),
            document=pick(item["document_name"])
            if item.get("document_name")
            else names.get(item.get("document"), ""),
        )
        for item in frozen
    ]


def submission_export_rows(*, user, call: Call) -> Iterator[list]:
    """Rows for the CSV export of a closed call's submissions, read in chunks so that memory
    stays flat however many there are."""
    # Checked now, not when the stream is first read: a generator would only raise later.
    if not can_list_submissions(user, call):
        raise Http404
    return _export_rows(call)


def _export_rows(call: Call) -> Iterator[list]:
    rows = (
        Application.objects.filter(call=call, state=ApplicationState.SUBMITTED)
        .annotate(eligibility_failed=Exists(_failed_checks()))
        .order_by("lot__number", "submitted_at", "pk")
        .values_list(
            "pk",
            "lot__number",
            "organisation__identifier",
            "organisation__name_ru",
            "organisation__name_kk",
            "organisation__name_tg",
            "organisation__name_en",
            "title",
            "amount_requested",
            "cofinancing",
            "currency",
            "submitted_at",
            "current_version__number",
            "current_version__digest",
            "eligibility_failed",
            "compliance",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        names = {"ru": row[3], "kk": row[4], "tg": row[5], "en": row[6]}
        yield [
            row[0],
            row[1],
            row[2],
            pick(names),
            row[7],
            row[8],
            row[9],
            row[10],
            row[11].isoformat() if row[11] else "",
            row[12],
            row[13],
            "no" if row[14] else "yes",
            row[15],
        ]


@dataclass
class ComplianceClock:
    due: date | None
    working_days_left: int | None
    overdue: bool
    pending: int


def compliance_clock(call: Call) -> ComplianceClock:
    """The compliance check's deadline (set at the close, else worked out from the rule),
    the working days left and whether it is overdue while applications are unchecked."""
    pending = Application.objects.filter(
        call=call, state=ApplicationState.SUBMITTED, compliance=Compliance.PENDING
    ).count()
    due = call.compliance_due
    try:
        if due is None:
            closed_on = timezone.localtime(call.closes_at, local_zone(call.jurisdiction_id)).date()
            days = rule_value(
                call.jurisdiction_id, "call.eligibility_check_working_days", closed_on
            )
            due = working_days_add(call.jurisdiction_id, closed_on, int(days))
        today = timezone.localtime(timezone.now(), local_zone(call.jurisdiction_id)).date()
        left = working_days_between(call.jurisdiction_id, today, due)
    except (RuleMissing, CalendarNotCovered):
        return ComplianceClock(due=due, working_days_left=None, overdue=False, pending=pending)
    return ComplianceClock(
        due=due, working_days_left=left, overdue=today > due and pending > 0, pending=pending
    )
