"""How a rule's value reads on a page: the number with its unit in the reader's language."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from django import template
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hamkori.rules.models import Evidence

register = template.Library()

# Events after which a tranche is paid (schedule values in the rule files).
TRANCHE_EVENTS = {
    "signature": gettext_lazy("signature of the agreement"),
    "interim_report_accepted": gettext_lazy("acceptance of the interim report"),
    "final_report_accepted": gettext_lazy("acceptance of the final report"),
}

EVIDENCE_CLASS = {
    Evidence.VERIFIED: "ok",
    Evidence.SECONDARY: "warn",
    Evidence.UNVERIFIED: "bad",
}

COUNTED = {
    "months": lambda n: ngettext("%(n)s month", "%(n)s months", n),
    "years": lambda n: ngettext("%(n)s year", "%(n)s years", n),
    "days": lambda n: ngettext("%(n)s calendar day", "%(n)s calendar days", n),
    "working_days": lambda n: ngettext("%(n)s working day", "%(n)s working days", n),
    "members": lambda n: ngettext("%(n)s member", "%(n)s members", n),
    "supports": lambda n: ngettext("%(n)s support", "%(n)s supports", n),
    "experts": lambda n: ngettext("%(n)s expert", "%(n)s experts", n),
    "points": lambda n: ngettext("%(n)s point", "%(n)s points", n),
}


def _number(value) -> str:
    return number_format(value, use_l10n=True, force_grouping=True)


def _percent(value) -> str:
    share = Fraction(str(value))
    percent = share * 100
    if percent.denominator == 1:
        return f"{_number(int(percent))}\xa0%"
    return f"{share.numerator}/{share.denominator} (≈\xa0{_number(round(float(percent), 1))}\xa0%)"


def _schedule(value) -> str:
    parts = []
    for tranche in value:
        event = tranche.get("after", "")
        parts.append(
            _("%(share)s after %(event)s")
            % {
                "share": _percent(tranche.get("share", "0")),
                "event": TRANCHE_EVENTS.get(event, event),
            }
        )
    return "; ".join(parts)


@register.filter
def rule_display(rule) -> str:
    """{{ rule|rule_display }}: "3,000 MRP", "10 %", "31 March", "15 working days"."""
    if rule is None:
        return ""
    value, unit = rule.value, rule.unit
    try:
        if unit in COUNTED and isinstance(value, int):
            return COUNTED[unit](value) % {"n": _number(value)}
        if unit == "mrp":
            return _("%(n)s MRP") % {"n": _number(value)}
        if unit == "share":
            return _percent(value)
        if unit == "month_day":
            month, day = (int(part) for part in str(value).split("-"))
            return date_format(date(2000, month, day), "MONTH_DAY_FORMAT")
        if unit == "flag":
            return _("yes") if value else _("no")
        if unit == "schedule":
            return _schedule(value)
        if unit == "time":
            return _("%(time)s local time") % {"time": value}
        if len(unit) == 3 and unit.isupper():  # a currency code
            return f"{_number(value)}\xa0{unit}"
    except (TypeError, ValueError, ZeroDivisionError):
        pass  # a value the unit does not describe is shown as written, not hidden
    return f"{value} {unit}".strip()


@register.filter
def evidence_class(evidence: str) -> str:
    return EVIDENCE_CLASS.get(evidence, "bad")
