"""The automatic eligibility checks of a submitted version (issue 3), each stored with its
result and the reason, from the registry and the jurisdiction's rules.

A rule the jurisdiction does not have (Tajikistan has no grant bands in MRP) is not invented:
the check passes and says "no rule set". The checks read the frozen snapshot, not the draft,
so they describe exactly what was submitted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hamkori.applications.content import content_totals
from hamkori.applications.models import (
    Application,
    ApplicationState,
    ApplicationVersion,
    EligibilityCheck,
)
from hamkori.calls.models import RULE_PREFIX, Instrument
from hamkori.core.templatetags.hamkori import money
from hamkori.registry.models import OrganisationStatus, UnreliableSupplierFlag
from hamkori.registry.selectors import organisation_eligibility
from hamkori.rules.selectors import RuleMissing, local_zone, rule_value

CHECK_CODES = (
    "organisation_active",
    "annual_report",
    "not_unreliable",
    "amount_in_band",
    "duration_in_bounds",
    "one_per_lot",
    "attachments_present",
)


def check_label(code: str) -> str:
    labels = {
        "organisation_active": _("The organisation is active"),
        "annual_report": _("Annual report to the NGO database on time"),
        "not_unreliable": _("Not flagged as an unreliable supplier"),
        "amount_in_band": _("Amount within the band and the lot budget"),
        "duration_in_bounds": _("Duration within the bounds"),
        "one_per_lot": _("One application per organisation and lot"),
        "attachments_present": _("Required documents attached"),
    }
    return labels.get(code, code)


@dataclass(frozen=True)
class CheckResult:
    code: str
    passed: bool
    reason: str


def _rule(jurisdiction: str, key: str, on: date):
    try:
        return rule_value(jurisdiction, key, on=on)
    except RuleMissing:
        return None


def family_prefix(instrument: str) -> str:
    """`grant.short` → `grant`: caps such as institutional costs are set per family."""
    return RULE_PREFIX[Instrument(instrument)].split(".")[0]


def band_limits(call, instrument: str) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """(minimum, maximum, MRP) of the instrument's band in the call's currency: bands in MRP
    converted with the MRP in force on 1 January of the call's financial year, the band itself
    as in force when the call opened. None where the jurisdiction has no such rule."""
    jurisdiction = call.jurisdiction_id
    rules_on = timezone.localtime(call.opens_at, local_zone(jurisdiction)).date()
    prefix = RULE_PREFIX[Instrument(instrument)]
    min_mrp = _rule(jurisdiction, f"{prefix}.min_mrp", rules_on)
    max_mrp = _rule(jurisdiction, f"{prefix}.max_mrp", rules_on)
    if min_mrp is None and max_mrp is None:
        return None, None, None
    mrp = _rule(jurisdiction, "mrp", date(call.financial_year, 1, 1))
    if mrp is None:
        return None, None, None
    mrp = Decimal(str(mrp))
    low = Decimal(str(min_mrp)) * mrp if min_mrp is not None else None
    high = Decimal(str(max_mrp)) * mrp if max_mrp is not None else None
    return low, high, mrp


def _organisation_active(application: Application, on: date) -> CheckResult:
    organisation = application.organisation
    if organisation.status == OrganisationStatus.ACTIVE:
        return CheckResult("organisation_active", True, _("Active in the registry."))
    return CheckResult(
        "organisation_active",
        False,
        _("The organisation is %(status)s; only active organisations can be funded.")
        % {"status": organisation.get_status_display()},
    )


def _annual_report(application: Application, on: date) -> CheckResult:
    organisation = application.organisation
    try:
        eligibility = organisation_eligibility(organisation, on=on)
    except RuleMissing:
        return CheckResult("annual_report", True, _("No rule set in this jurisdiction."))
    # The registry lists the status problem first; that one is the check above.
    reasons = eligibility.reasons[1:] if organisation.status != "active" else eligibility.reasons
    if reasons:
        return CheckResult("annual_report", False, " ".join(reasons))
    if eligibility.report_year is None:
        return CheckResult("annual_report", True, _("No rule set in this jurisdiction."))
    return CheckResult(
        "annual_report",
        True,
        _("The report that counts (for %(year)s) is in order.") % {"year": eligibility.report_year},
    )


def _not_unreliable(application: Application, on: date) -> CheckResult:
    flag = (
        UnreliableSupplierFlag.objects.filter(
            organisation_id=application.organisation_id, lifted_at__isnull=True
        )
        .order_by("-set_at")
        .first()
    )
    if flag is None:
        return CheckResult("not_unreliable", True, _("No open unreliable-supplier flag."))
    return CheckResult(
        "not_unreliable",
        False,
        _("Flagged as an unreliable supplier since %(date)s: %(reason)s")
        % {"date": flag.set_at.date().isoformat(), "reason": flag.reason},
    )


def _amount_in_band(application: Application, content: dict, on: date) -> CheckResult:
    call, lot = application.call, application.lot
    requested = content_totals(content).requested
    currency = application.currency
    problems = []
    if requested > lot.budget:
        problems.append(
            _("The requested %(amount)s is more than the lot budget of %(budget)s.")
            % {"amount": money(requested, currency), "budget": money(lot.budget, currency)}
        )
    low, high, mrp = band_limits(call, lot.instrument)
    if mrp is None:
        band = _("No rule set for the band in this jurisdiction.")
    else:
        limits = {
            "amount": money(requested, currency),
            "low": money(low, currency) if low is not None else "—",
            "high": money(high, currency) if high is not None else "—",
            "mrp": money(mrp, currency),
            "year": call.financial_year,
        }
        if (low is not None and requested < low) or (high is not None and requested > high):
            problems.append(
                _(
                    "The requested %(amount)s is outside the band of %(low)s to %(high)s "
                    "(MRP of %(year)s: %(mrp)s)."
                )
                % limits
            )
        band = _("Within the band of %(low)s to %(high)s (MRP of %(year)s: %(mrp)s).") % limits
    if problems:
        return CheckResult("amount_in_band", False, " ".join(problems))
    return CheckResult("amount_in_band", True, band)


def _duration_in_bounds(application: Application, content: dict, on: date) -> CheckResult:
    call, lot = application.call, application.lot
    months = content.get("duration_months")
    if not isinstance(months, int):
        return CheckResult("duration_in_bounds", False, _("No duration is given."))
    rules_on = timezone.localtime(call.opens_at, local_zone(call.jurisdiction_id)).date()
    prefix = RULE_PREFIX[Instrument(lot.instrument)]
    low = _rule(call.jurisdiction_id, f"{prefix}.min_months", rules_on)
    high = _rule(call.jurisdiction_id, f"{prefix}.max_months", rules_on)
    problems = []
    if months > lot.duration_months:
        problems.append(
            _("%(months)s months is longer than the lot's %(lot)s months.")
            % {"months": months, "lot": lot.duration_months}
        )
    if (low is not None and months < int(low)) or (high is not None and months > int(high)):
        problems.append(
            _("%(months)s months is outside the bounds of %(low)s to %(high)s months.")
            % {"months": months, "low": low if low is not None else "—", "high": high or "—"}
        )
    if problems:
        return CheckResult("duration_in_bounds", False, " ".join(problems))
    if low is None and high is None:
        return CheckResult(
            "duration_in_bounds",
            True,
            _("Within the lot's %(lot)s months; no rule set for the bounds.")
            % {"lot": lot.duration_months},
        )
    return CheckResult(
        "duration_in_bounds",
        True,
        _("%(months)s months, within %(low)s to %(high)s months.")
        % {"months": months, "low": low if low is not None else "—", "high": high or "—"},
    )


def _one_per_lot(application: Application, on: date) -> CheckResult:
    others = (
        Application.objects.filter(
            organisation_id=application.organisation_id,
            lot_id=application.lot_id,
            state=ApplicationState.SUBMITTED,
        )
        .exclude(pk=application.pk)
        .exists()
    )
    if others:
        return CheckResult(
            "one_per_lot",
            False,
            _("The organisation has another submitted application to this lot."),
        )
    return CheckResult("one_per_lot", True, _("The only application of the organisation here."))


def missing_documents(application: Application, attached_document_ids) -> list:
    """The call's required documents with no attachment among `attached_document_ids`."""
    attached = set(attached_document_ids)
    return [
        document
        for document in application.call.documents.filter(required=True).order_by("order", "pk")
        if document.pk not in attached
    ]


def _attachments_present(application: Application, snapshot: dict, on: date) -> CheckResult:
    missing = missing_documents(
        application, [item.get("document") for item in snapshot.get("attachments", [])]
    )
    if missing:
        return CheckResult(
            "attachments_present",
            False,
            _("Missing: %(documents)s.") % {"documents": "; ".join(str(d) for d in missing)},
        )
    return CheckResult("attachments_present", True, _("Every required document is attached."))


def eligibility_results(version: ApplicationVersion) -> list[CheckResult]:
    """Every check of the version, in CHECK_CODES order, without writing anything."""
    application = version.application
    content = version.snapshot.get("content") or {}
    zone = local_zone(application.call.jurisdiction_id)
    on = timezone.localtime(version.submitted_at, zone).date()
    return [
        _organisation_active(application, on),
        _annual_report(application, on),
        _not_unreliable(application, on),
        _amount_in_band(application, content, on),
        _duration_in_bounds(application, content, on),
        _one_per_lot(application, on),
        _attachments_present(application, version.snapshot, on),
    ]


def eligibility_run(version: ApplicationVersion, language: str = "ru") -> list[EligibilityCheck]:
    """Run every check on `version` and store one EligibilityCheck per code, the reasons
    written in `language` (the language the application was written in). Runs again
    replace the earlier results of the same version."""
    with translation.override(language):
        results = eligibility_results(version)
    now = timezone.now()
    EligibilityCheck.objects.filter(version=version).delete()
    return EligibilityCheck.objects.bulk_create(
        EligibilityCheck(
            version=version, code=r.code, passed=r.passed, reason=r.reason, checked_at=now
        )
        for r in results
    )
