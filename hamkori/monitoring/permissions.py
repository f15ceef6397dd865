"""Who may see and change reports, monitoring visits and ex-post evaluations, as named
predicates (default deny).

Objects: a Contract, or anything with a `contract` (Report, MonitoringVisit,
ExpostEvaluation). Callers select_related `contract__funder`, `contract__contractor` and
`contract__call` so that no predicate queries.
The funder's officials review and monitor; the contractor's members write the reports;
auditors and platform administrators of the jurisdiction read everything and change nothing."""

from __future__ import annotations

from hamkori.contracts import permissions as contract_rules
from hamkori.core.permissions import predicate


def contract_of(obj):
    """The contract an object belongs to (the object itself when it is one)."""
    if obj is None:
        return None
    return obj.contract if hasattr(obj, "contract_id") else obj


def _on_contract(rule, name: str):
    # The contracts app's predicates take a Contract; ours take its reports and visits too.
    def check(user, obj) -> bool:
        return rule(user, contract_of(obj))

    check.__name__ = name
    return predicate(check)


is_funder_official = _on_contract(contract_rules.is_contract_official, "is_funder_official")
is_contractor = _on_contract(contract_rules.is_contractor_member, "is_contractor")
is_contract_auditor = _on_contract(contract_rules.is_contract_auditor, "is_contract_auditor")
is_contract_platform_admin = _on_contract(
    contract_rules.is_contract_platform_admin, "is_contract_platform_admin"
)


@predicate
def contract_in_force(user, obj) -> bool:
    contract = contract_of(obj)
    return contract is not None and contract.state == "in_force"


@predicate
def report_editable(user, report) -> bool:
    """A draft, or a report returned for changes, of a contract in force."""
    return report.state in ("draft", "returned") and report.contract.state == "in_force"


@predicate
def report_submitted(user, report) -> bool:
    return report.state == "submitted"


@predicate
def visit_planned(user, visit) -> bool:
    return visit.state == "planned"


@predicate
def visit_done(user, visit) -> bool:
    return visit.state == "done"


@predicate
def evaluation_applies(user, obj) -> bool:
    """Kazakhstan's ex-post evaluation is a procedure for state social order projects
    (DOMAIN.md §3 item 11); other instruments and Tajikistan have none."""
    contract = contract_of(obj)
    return contract is not None and contract.kind == "sso" and contract.call.jurisdiction_id == "KZ"


@predicate
def contract_delivered(user, obj) -> bool:
    """The project is over: the contract is completed, or its final report is accepted (the
    council may evaluate before the official closes the contract)."""
    contract = contract_of(obj)
    if contract is None:
        return False
    if contract.state == "completed":
        return True
    if contract.state != "in_force":
        return False
    return contract.reports.filter(kind="final", state="accepted").exists()


@predicate
def evaluation_unpublished(user, evaluation) -> bool:
    return evaluation is None or evaluation.published_at is None


@predicate
def evaluation_published(user, evaluation) -> bool:
    return evaluation is not None and evaluation.published_at is not None


# Objects: a Contract or one of its reports, visits or evaluations.
can_see_monitoring = (
    is_funder_official | is_contractor | is_contract_auditor | is_contract_platform_admin
)
can_edit_report = is_contractor & report_editable
can_review_report = is_funder_official & report_submitted
# Officials plan visits while the contract runs; a planned visit is recorded or cancelled.
can_plan_visit = is_funder_official & contract_in_force
can_record_visit = is_funder_official & visit_planned
can_add_visit_photo = is_funder_official & visit_done
# Object: a Contract.
can_evaluate = is_funder_official & evaluation_applies & contract_delivered
# Object: an ExpostEvaluation.
can_see_evaluation = evaluation_published | can_see_monitoring

__all__ = [
    "can_add_visit_photo",
    "can_edit_report",
    "can_evaluate",
    "can_plan_visit",
    "can_record_visit",
    "can_review_report",
    "can_see_evaluation",
    "can_see_monitoring",
    "contract_of",
    "is_contractor",
    "is_funder_official",
]
