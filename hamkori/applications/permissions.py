"""Who may do what with an application, as named predicates (default deny). The object of
each predicate is an Application unless its name says otherwise; callers select_related
`organisation` and `call` so that no predicate queries."""

from __future__ import annotations

from django.utils import timezone

from hamkori.accounts.permissions import is_auditor, is_org_member, is_platform_admin
from hamkori.applications.models import ApplicationState
from hamkori.calls.workflow import CallState
from hamkori.core.permissions import is_authenticated, predicate
from hamkori.registry.models import OrganisationStatus, Sector
from hamkori.reviews.models import ExpertStatus, Review, ReviewState

# --- editing ---


@predicate
def is_applicant(user, application) -> bool:
    """An active member of the applying organisation."""
    return application is not None and is_org_member(user, application.organisation)


@predicate
def is_draft(user, application) -> bool:
    return application is not None and application.state == ApplicationState.DRAFT


@predicate
def call_accepts_applications(user, obj) -> bool:
    """The object is an Application or a Call: the call is open and its deadline, by the
    server's clock, has not passed."""
    call = obj if hasattr(obj, "closes_at") else obj.call
    return call.state == CallState.OPEN and call.opens_at <= timezone.now() < call.closes_at


@predicate
def is_active_cso_member(user, organisation) -> bool:
    """The object is an Organisation: an active CSO of which the person is an active member."""
    return (
        organisation is not None
        and organisation.sector == Sector.CSO
        and organisation.status == OrganisationStatus.ACTIVE
        and is_org_member(user, organisation)
    )


can_start_application = is_active_cso_member
can_edit_application = is_applicant & is_draft & call_accepts_applications
# Who sees an application's content (page, attachments). The applicant only, for now; the
# submission section below widens these for the funding body's officials after the close.
can_see_application = is_applicant
can_download_attachment = is_applicant


# --- submission ---
# Sealing: before the call closes (by the server's clock) only the applying organisation sees
# an application's content, attachments and versions. The funding body's officials see counts
# until then; after the close they, auditors and platform administrators of the jurisdiction
# read the submissions (the review issue adds experts).


def _call_of(obj):
    return getattr(obj, "call", None) if not hasattr(obj, "closes_at") else obj


@predicate
def call_has_closed(user, obj) -> bool:
    """The object is an Application or a Call: its deadline has passed."""
    call = _call_of(obj)
    return call is not None and timezone.now() >= call.closes_at


@predicate
def is_funding_body_official(user, obj) -> bool:
    """An active member of the body that runs the call (object: Application or Call)."""
    call = _call_of(obj)
    return call is not None and is_org_member(user, call.body)


@predicate
def is_call_auditor(user, obj) -> bool:
    call = _call_of(obj)
    return call is not None and is_auditor(user, call)


@predicate
def is_call_platform_admin(user, obj) -> bool:
    call = _call_of(obj)
    return call is not None and is_platform_admin(user, call)


@predicate
def is_submitted(user, application) -> bool:
    return application is not None and application.state == ApplicationState.SUBMITTED


@predicate
def before_deadline(user, application) -> bool:
    return application is not None and timezone.now() < application.call.closes_at


@predicate
def compliance_still_open(user, obj) -> bool:
    """Compliance is checked between the close and the decision."""
    call = _call_of(obj)
    return call is not None and call.state in (
        CallState.OPEN,
        CallState.CLOSED,
        CallState.UNDER_REVIEW,
    )


reads_submissions = is_funding_body_official | is_call_auditor | is_call_platform_admin
# Object: a Call. Counts of drafts and submissions per lot, at any time.
can_see_application_counts = reads_submissions
# Object: a Call. The list of submitted applications, the export: after the close only.
can_list_submissions = reads_submissions & call_has_closed
# Object: an Application. Its content, versions, receipts and attachments.
can_read_submission = is_submitted & reads_submissions & call_has_closed
can_see_application = can_see_application | can_read_submission
can_download_attachment = can_download_attachment | can_read_submission
can_see_receipt = is_applicant | can_read_submission
can_submit_application = is_applicant & (is_draft | is_submitted) & call_accepts_applications
can_withdraw_application = is_applicant & (is_draft | is_submitted) & before_deadline
can_set_compliance = (
    is_submitted & is_funding_body_official & call_has_closed & compliance_still_open
)
# Resubmission: until the deadline a submitted application can still be changed; submitting
# again makes version n+1 and supersedes n. Widens the editing section's rule.
can_edit_application = is_applicant & (is_draft | is_submitted) & call_accepts_applications


# --- review ---
# An expert reads an application once drawn for it and declared free of conflict; a declaring
# or recused expert sees nothing of it (only the organisation's name and the title, on the
# declaration page). Officials' pages stay theirs: the expert reads through the score sheet.


@predicate
def is_assigned_expert(user, application) -> bool:
    """A review of the application by this person in SCORING or SUBMITTED."""
    if application is None or not is_authenticated(user):
        return False
    return Review.objects.filter(
        application_id=application.pk,
        expert__user=user,
        # A suspended expert loses access to what they were reviewing.
        expert__status=ExpertStatus.ACTIVE,
        state__in=[ReviewState.SCORING, ReviewState.SUBMITTED],
    ).exists()


can_read_as_expert = is_submitted & is_assigned_expert
can_see_application = can_see_application | can_read_as_expert
can_download_attachment = can_download_attachment | can_read_as_expert
