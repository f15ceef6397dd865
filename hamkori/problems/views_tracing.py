"""Views of traceability (issue 7): the officials' prioritisation view and its CSV export, the
public "problems by region" summary, and the officials' linking of problems to plan lots.
Thin: reads in priority.py and the selectors, writes through the services."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from hamkori.accounts.models import MembershipStatus
from hamkori.calls.models import Lot, TargetGroup
from hamkori.calls.permissions import can_see_plan
from hamkori.calls.workflow import PUBLIC_STATES
from hamkori.core.forms import form_add_service_errors
from hamkori.core.htmx import render_page
from hamkori.core.i18n import CONTENT_LANGUAGES, translated
from hamkori.problems import priority, services
from hamkori.problems.models import Problem, ProblemState
from hamkori.problems.permissions import can_view
from hamkori.registry.models import Organisation, Region, Sector
from hamkori.rules.models import Jurisdiction

PAGE_SIZE = 50
# Bounds of the numeric filters: a century of days, and counts far above any real problem
# (larger values would overflow the date arithmetic or the database's integers).
MAX_DAYS = 36_500
MAX_COUNT = 1_000_000_000


def _choices(blank, choices) -> list[tuple[str, str]]:
    return [("", blank), *choices]


class PriorityForm(forms.Form):
    jurisdiction = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    target_group = forms.ChoiceField(
        label=_("Target group"), required=False, choices=_choices(_("any"), TargetGroup.choices)
    )
    state = forms.ChoiceField(
        label=_("Status"), required=False, choices=_choices(_("any"), ProblemState.choices)
    )
    reported_within_days = forms.IntegerField(
        label=_("Reported within the last … days"),
        required=False,
        min_value=0,
        max_value=MAX_DAYS,
    )
    older_than_days = forms.IntegerField(
        label=_("Reported more than … days ago"), required=False, min_value=0, max_value=MAX_DAYS
    )
    min_supports = forms.IntegerField(
        label=_("At least … supports"), required=False, min_value=0, max_value=MAX_COUNT
    )
    min_people = forms.IntegerField(
        label=_("At least … people affected"), required=False, min_value=0, max_value=MAX_COUNT
    )
    overdue_only = forms.BooleanField(label=_("Only overdue answers"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=list(priority.SORT_LABELS.items())
    )

    def __init__(self, *args, jurisdictions: list[Jurisdiction], **kwargs):
        super().__init__(*args, **kwargs)
        codes = [j.code for j in jurisdictions]
        cast(forms.ChoiceField, self.fields["jurisdiction"]).choices = _choices(
            _("any"), [(j.code, translated(j, "name") or j.code) for j in jurisdictions]
        )
        chosen = self.data.get("jurisdiction") if self.is_bound else None
        regions = Region.objects.filter(jurisdiction_id__in=[chosen] if chosen in codes else codes)
        cast(forms.ChoiceField, self.fields["region"]).choices = _choices(
            _("any"), [(r.code, str(r)) for r in regions]
        )

    def filters(self) -> priority.PriorityFilter:
        """The valid filters (an invalid field is ignored, and shown with its error)."""
        self.is_valid()
        cleaned = {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value not in ("", None, False)
        }
        return priority.PriorityFilter(**cleaned)


def _prioritised(request):
    jurisdictions = priority.priority_jurisdictions(request.user)
    if not jurisdictions:
        raise PermissionDenied("can_prioritise")
    form = PriorityForm(request.GET or None, jurisdictions=jurisdictions)
    problems, todays = priority.priority_list_for(user=request.user, filters=form.filters())
    return form, problems, todays


@login_required
def problem_priority(request):
    """The officials' prioritisation view: filter, sort, see overdue answers, export."""
    form, problems, todays = _prioritised(request)
    page_obj = Paginator(priority.priority_with_rows(problems), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page_obj": page_obj,
        "rows": priority.priority_rows(page_obj.object_list, todays),
        "query": request.GET.urlencode(),
        # Officials of a body with plans link problems to lots; auditors only read.
        "can_link": bool(_official_bodies(request.user)),
    }
    return render_page(
        request,
        "problems/priority.html",
        context,
        partial="problems/priority_results.html",
    )


@login_required
def problem_priority_csv(request):
    """Every problem of the same filters as CSV, streamed."""
    _form, problems, todays = _prioritised(request)
    lines = priority.priority_csv_lines(problems, todays, language=translation.get_language())
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="problems-{stamp}.csv"'
    return response


def problem_by_region(request):
    """Public: per region of a country, its problems, supports, people affected and the most
    named target groups, each leading to the filtered public list."""
    jurisdictions = list(Jurisdiction.objects.all())
    chosen = next(
        (j for j in jurisdictions if j.code == request.GET.get("jurisdiction")),
        jurisdictions[0] if jurisdictions else None,
    )
    summaries = priority.problems_by_region(chosen) if chosen is not None else []
    return render(
        request,
        "problems/by_region.html",
        {
            "jurisdictions": jurisdictions,
            "jurisdiction": chosen,
            "summaries": summaries,
            "totals": priority.problems_totals(chosen) if chosen is not None else {},
        },
    )


# --- linking problems to plan lots (officials of the plan's body) ---

LOT_CHOICES_SHOWN = 50


class LotLinkForm(forms.Form):
    lot = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note (optional): how this lot answers the problem"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    regions_confirmed = forms.BooleanField(
        label=_("The lot also answers the problem in the problem's regions"), required=False
    )


def _problem_for(user, reference: str) -> Problem:
    problem = (
        Problem.objects.select_related("jurisdiction", "responsible_body")
        .filter(reference=reference)
        .first()
    )
    if problem is None or not can_view(user, problem):
        raise Http404
    return problem


def _official_bodies(user) -> list[int]:
    """The state bodies and operators the person is an active member of."""
    return list(
        Organisation.objects.filter(
            memberships__user=user,
            memberships__status=MembershipStatus.ACTIVE,
            sector__in=(Sector.STATE, Sector.OPERATOR),
        ).values_list("pk", flat=True)
    )


@login_required
def problem_lots(request, reference: str):
    """An official links the problem to a lot of their body's plans (search among them) or
    removes a link; everyone who sees the problem sees the lots linked to it."""
    problem = _problem_for(request.user, reference)
    bodies = _official_bodies(request.user)
    if not bodies:
        raise PermissionDenied("can_link_lot")
    form = LotLinkForm(request.POST or None)
    confirm_lot = None  # the lot whose regions the official is asked to confirm
    if request.method == "POST":
        action = request.POST.get("action")
        lot_id = request.POST.get("lot") or ""
        if not lot_id.isdigit() or int(lot_id) > MAX_COUNT:
            return HttpResponseBadRequest(_("Choose a lot from the list."))
        lot = Lot.objects.filter(pk=int(lot_id)).first()
        if lot is None:
            raise Http404
        try:
            if action == "link" and form.is_valid():
                services.problem_lot_link(
                    actor=request.user,
                    problem=problem,
                    lot=lot,
                    note=form.cleaned_data["note"],
                    regions_confirmed=form.cleaned_data["regions_confirmed"],
                )
                return redirect("problems:problem-lots", reference=problem.reference)
            if action == "unlink":
                services.problem_lot_unlink(actor=request.user, problem=problem, lot=lot)
                return redirect("problems:problem-lots", reference=problem.reference)
        except ValidationError as error:
            # The lot is a hidden field, not one the official fills in: what the service says
            # of it heads the form, in the official's language, rather than under a label.
            if hasattr(error, "error_dict") and "lot" in error.error_dict:
                form.add_error(None, error.error_dict.pop("lot"))
                if error.error_dict:
                    form_add_service_errors(form, error)
            else:
                form_add_service_errors(form, error)
            if action == "link" and services.lot_regions_refusal(problem, lot):
                confirm_lot = lot.pk
    query = (request.GET.get("q") or "").strip()
    links = list(
        problem.lot_links.select_related("lot__plan", "lot__plan__body", "lot__call").order_by("pk")
    )
    linked = {link.lot_id for link in links}
    lots = (
        Lot.objects.filter(plan__body_id__in=bodies, plan__jurisdiction_id=problem.jurisdiction_id)
        .exclude(pk__in=linked)
        .select_related("plan", "plan__body", "call")
        .prefetch_related("regions")
        .order_by("-plan__year", "plan__body_id", "number")
    )
    if query:
        matches = Q()
        for code in CONTENT_LANGUAGES:
            matches |= Q(**{f"title_{code}__icontains": query})
            matches |= Q(**{f"plan__title_{code}__icontains": query})
        if query.isdigit():
            matches |= Q(number=int(query))
        lots = lots.filter(matches)
    return render(
        request,
        "problems/link_lots.html",
        {
            "problem": problem,
            "links": links,
            "lots": _with_regions_differ(problem, list(lots[:LOT_CHOICES_SHOWN])),
            "shown": LOT_CHOICES_SHOWN,
            "query": query,
            "form": form,
            "bodies": bodies,
            "confirm_lot": confirm_lot,
        },
    )


def _with_regions_differ(problem: Problem, lots: list[Lot]) -> list[Lot]:
    """Mark the lots none of whose regions is one of the problem's (as the service's
    `lot_regions_refusal`): the page asks the official to confirm them with the first
    submit. A lot with no region serves the whole country."""
    problem_regions = set(problem.regions.values_list("pk", flat=True))
    for lot in lots:
        lot_regions = {region.pk for region in lot.regions.all()}
        lot.regions_differ = bool(lot_regions) and not lot_regions & problem_regions
    return lots


def lot_problems(request, pk: int):
    """The problems a plan lot answers, for anyone who may see the plan."""
    lot = get_object_or_404(Lot.objects.select_related("plan", "plan__body", "call"), pk=pk)
    public_call = lot.call is not None and lot.call.state in PUBLIC_STATES
    if not (public_call or can_see_plan(request.user, lot.plan)):
        raise Http404
    problems = list(
        Problem.objects.filter(lot_links__lot=lot, hidden_at__isnull=True)
        .prefetch_related("regions")
        .order_by("-support_count", "pk")
    )
    return render(request, "problems/link_lot_problems.html", {"lot": lot, "problems": problems})
