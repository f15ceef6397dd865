"""Public pages of the rules: the two jurisdictions side by side, and the holiday calendars."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamkori.core.htmx import render_page
from hamkori.rules import selectors
from hamkori.rules.forms import RuleDateForm

GROUP_TITLES = {
    "money": _("Monthly calculation index"),
    "grants": _("State grants"),
    "sso": _("State social order"),
    "awards": _("Awards"),
    "reports": _("Annual report and eligibility"),
    "calls": _("Calls for applications"),
    "reviews": _("Expert review and the commission"),
    "appeals": _("Appeals"),
    "councils": _("Public councils"),
    "dialogue": _("Public discussion and social problems"),
    "payments": _("Payments"),
    "other": _("Other parameters"),
}


def compare(request):
    form = RuleDateForm(request.GET or None)
    on = timezone.localdate()
    if form.is_bound and form.is_valid() and form.cleaned_data["on"]:
        on = form.cleaned_data["on"]
    comparison = selectors.rule_comparison(on)
    groups = [(GROUP_TITLES.get(group.code, group.code), group) for group in comparison.groups]
    calendars = selectors.calendar_years()
    return render_page(
        request,
        "rules/compare.html",
        {"form": form, "comparison": comparison, "groups": groups, "calendars": calendars},
        partial="rules/partials/_compare_table.html",
    )


def calendar(request, code: str, year: int):
    calendar_year = selectors.calendar_year(code, year)
    return render_page(request, "rules/calendar.html", {"calendar": calendar_year})
