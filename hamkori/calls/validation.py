"""Checks of calls and lots against the rule set of their jurisdiction (rules/data/*.toml).

Every figure comes from the rules; a key the jurisdiction does not define is reported as "not
set" and not checked, never replaced by a figure of our own (Tajikistan has no grant bands)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from hamkori.calls.models import RULE_PREFIX, Instrument
from hamkori.rules.models import Jurisdiction
from hamkori.rules.selectors import RuleMissing, local_zone, rule_value

# Instruments whose amounts have a band only if the rules define one (no note when absent).
BAND_OPTIONAL = (Instrument.SSO, Instrument.SUBSIDY)


@dataclass
class RuleCheck:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # rules not set, hence not checked

    def raise_problems(self, field_name: str | None = None) -> None:
        if self.problems:
            raise ValidationError({field_name: self.problems} if field_name else self.problems)


def _money(value: Decimal, currency: str) -> str:
    return f"{number_format(value, 2, force_grouping=True)} {currency}"


def _rule(
    check: RuleCheck, jurisdiction: str, key: str, on: date, *, note: bool = True
) -> object | None:
    try:
        return rule_value(jurisdiction, key, on)
    except RuleMissing:
        if note:
            message = _("The rule %(key)s is not set for %(jurisdiction)s; not checked.") % {
                "key": key,
                "jurisdiction": jurisdiction,
            }
            if message not in check.notes:
                check.notes.append(message)
        return None


def _whole(value: object) -> int:
    """A rule counted in whole units (days, months) as a number, as `int()` reads it."""
    if isinstance(value, int | float | str | Decimal):
        return int(value)
    raise TypeError(f"a rule of whole days or months, not {type(value).__name__}")


def window_days(jurisdiction: str | Jurisdiction, opens_at: datetime, closes_at: datetime) -> int:
    """Calendar days from the local opening date to the local closing date."""
    zone = local_zone(jurisdiction)
    return (closes_at.astimezone(zone).date() - opens_at.astimezone(zone).date()).days


def check_window(
    check: RuleCheck, jurisdiction: str, opens_at: datetime, closes_at: datetime, on: date
) -> None:
    if closes_at <= opens_at:
        check.problems.append(_("The window must close after it opens."))
        return
    days = window_days(jurisdiction, opens_at, closes_at)
    minimum = _rule(check, jurisdiction, "call.min_days", on)
    maximum = _rule(check, jurisdiction, "call.max_days", on)
    if minimum is not None and days < _whole(minimum):
        check.problems.append(
            _(
                "The application window is %(days)s calendar days; the rule call.min_days "
                "requires at least %(min)s calendar days."
            )
            % {"days": days, "min": minimum}
        )
    if maximum is not None and days > _whole(maximum):
        check.problems.append(
            _(
                "The application window is %(days)s calendar days; the rule call.max_days "
                "allows at most %(max)s calendar days."
            )
            % {"days": days, "max": maximum}
        )


def check_lot(
    check: RuleCheck,
    *,
    jurisdiction: str,
    instrument: str,
    budget: Decimal,
    currency: str,
    duration_months: int,
    financial_year: int,
    on: date,
    label: str,
) -> None:
    """Budget inside the instrument's band (MRP of the financial year) and duration inside
    the instrument's bounds. `label` names the lot in messages."""
    instrument = Instrument(instrument)
    prefix = RULE_PREFIX[instrument]
    name = instrument.label
    if budget is None or budget <= 0:
        check.problems.append(_("%(lot)s: the budget must be more than zero.") % {"lot": label})
    else:
        _check_band(
            check, jurisdiction, instrument, prefix, budget, currency, financial_year, on, label
        )
    low = _rule(check, jurisdiction, f"{prefix}.min_months", on)
    high = _rule(check, jurisdiction, f"{prefix}.max_months", on)
    if duration_months is None or duration_months <= 0:
        check.problems.append(
            _("%(lot)s: the duration must be at least one month.") % {"lot": label}
        )
        return
    if low is not None and duration_months < _whole(low):
        check.problems.append(
            _(
                "%(lot)s: the duration of %(months)s months is shorter than the minimum of "
                "%(min)s months for a %(instrument)s (rule %(key)s)."
            )
            % {
                "lot": label,
                "months": duration_months,
                "min": low,
                "instrument": name,
                "key": f"{prefix}.min_months",
            }
        )
    if high is not None and duration_months > _whole(high):
        check.problems.append(
            _(
                "%(lot)s: the duration of %(months)s months is longer than the maximum of "
                "%(max)s months for a %(instrument)s (rule %(key)s)."
            )
            % {
                "lot": label,
                "months": duration_months,
                "max": high,
                "instrument": name,
                "key": f"{prefix}.max_months",
            }
        )


def _check_band(check, jurisdiction, instrument, prefix, budget, currency, year, on, label):
    optional = instrument in BAND_OPTIONAL
    low_key, high_key = f"{prefix}.min_mrp", f"{prefix}.max_mrp"
    low = _rule(check, jurisdiction, low_key, on, note=not optional)
    # An award has only a floor (award.min_mrp); its ceiling is not a rule we know of.
    high = (
        None
        if instrument == Instrument.AWARD
        else _rule(check, jurisdiction, high_key, on, note=not optional)
    )
    if low is None and high is None:
        return
    mrp = _rule(check, jurisdiction, "mrp", date(year, 1, 1))
    if mrp is None:
        return
    mrp = Decimal(str(mrp))
    values = {
        "lot": label,
        "budget": _money(budget, currency),
        "instrument": instrument.label,
        "mrp": _money(mrp, currency),
        "year": year,
    }
    if low is not None and budget < Decimal(str(low)) * mrp:
        check.problems.append(
            _(
                "%(lot)s: the budget %(budget)s is below the minimum for a %(instrument)s: "
                "%(limit_mrp)s MRP × %(mrp)s (MRP of %(year)s) = %(limit)s (rule %(key)s)."
            )
            % {
                **values,
                "limit_mrp": low,
                "limit": _money(Decimal(str(low)) * mrp, currency),
                "key": low_key,
            }
        )
    if high is not None and budget > Decimal(str(high)) * mrp:
        check.problems.append(
            _(
                "%(lot)s: the budget %(budget)s is above the maximum for a %(instrument)s: "
                "%(limit_mrp)s MRP × %(mrp)s (MRP of %(year)s) = %(limit)s (rule %(key)s)."
            )
            % {
                **values,
                "limit_mrp": high,
                "limit": _money(Decimal(str(high)) * mrp, currency),
                "key": high_key,
            }
        )


def call_rule_check(call, lots=None, on: date | None = None) -> RuleCheck:
    """The call's window and every lot against the rules in force on `on` (today, local)."""
    on = on or timezone.localdate()
    check = RuleCheck()
    jurisdiction = call.jurisdiction_id
    check_window(check, jurisdiction, call.opens_at, call.closes_at, on)
    for lot in call.lots.all() if lots is None else lots:
        check_lot(
            check,
            jurisdiction=jurisdiction,
            instrument=lot.instrument,
            budget=lot.budget,
            currency=lot.currency,
            duration_months=lot.duration_months,
            financial_year=call.financial_year,
            on=on,
            label=_("Lot %(number)s") % {"number": lot.number},
        )
    return check
