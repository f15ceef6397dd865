"""Who may see and change a call's commission meetings, its result and appeals, as named
predicates (default deny).

Objects: a Call for the officials' pages and the public results, an Application for the
applicant's view. Callers select_related `body` (and `result`, `organisation`) so that no
predicate queries more than once.

Sealing: until the call's Result exists no score, rank or count of reviews reaches the
applicants or the public; the officials of the body prepare the decision out of their sight."""

from __future__ import annotations

from hamkori.accounts.permissions import is_auditor, is_org_member, is_platform_admin
from hamkori.calls.permissions import is_official_of_the_body
from hamkori.core.permissions import predicate


def result_of(call):
    """The call's published Result, or None (the reverse one-to-one caches either)."""
    from hamkori.decisions.models import Result

    try:
        return call.result
    except Result.DoesNotExist:
        return None


@predicate
def is_published(user, obj) -> bool:
    """The object is a Call or an Application: the call's result is published."""
    call = getattr(obj, "call", None) if hasattr(obj, "lot_id") else obj
    return call is not None and result_of(call) is not None


@predicate
def is_applicant(user, application) -> bool:
    """An active member of the applying organisation."""
    return application is not None and is_org_member(user, application.organisation)


@predicate
def is_call_auditor(user, call) -> bool:
    return call is not None and is_auditor(user, call)


@predicate
def is_call_platform_admin(user, call) -> bool:
    return call is not None and is_platform_admin(user, call)


# Object: a Call. The commission's work is run by the body's officials alone; auditors and
# platform administrators of the jurisdiction read it.
can_manage_decision = is_official_of_the_body
can_see_decision = is_official_of_the_body | is_call_auditor | is_call_platform_admin
# Object: a Call. The public results: anyone, once published.
can_see_results = is_published
# Object: an Application. The applicant's outcome, score sheets and appeals.
can_see_own_result = is_applicant & is_published
can_file_appeal = is_applicant & is_published

__all__ = [
    "can_file_appeal",
    "can_manage_decision",
    "can_see_decision",
    "can_see_own_result",
    "can_see_results",
    "is_applicant",
    "is_published",
    "result_of",
]
