"""Pages of public councils: the public list and council page, the officials' pages that
manage a council, its commissions and members, and the formation competition (announcement,
candidacies, the working group's decisions and the published results). Views fetch through
selectors and change through services; a refused change re-renders the form with the
reasons (status 400)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamkori.accounts.models import MembershipStatus
from hamkori.core.forms import form_add_service_errors
from hamkori.core.htmx import render_page
from hamkori.core.i18n import CONTENT_LANGUAGES, translated
from hamkori.councils import selectors, services
from hamkori.councils.composition import check_day, composition_checks, size_violations
from hamkori.councils.forms import (
    CandidacyForm,
    CommissionForm,
    CompetitionForm,
    CouncilFilterForm,
    CouncilForm,
    DecisionForm,
    MemberEndForm,
    MemberForm,
    PublishForm,
    WorkingGroupForm,
)
from hamkori.councils.models import (
    Commission,
    CompetitionState,
    Member,
    RecommendationLetter,
    WorkingGroupMember,
)
from hamkori.councils.permissions import (
    can_apply,
    can_decide_candidacy,
    can_manage_competition,
    can_manage_council,
)
from hamkori.councils.workflow import CompetitionAction, allowed_actions
from hamkori.registry.models import Organisation
from hamkori.registry.models import Sector as OrganisationSector

PAGE_SIZE = 30


def _form_page(request, template: str, context: dict, status: int = 200):
    return render(request, template, context, status=status)


# --- public pages -----------------------------------------------------------------------


def council_list(request):
    """Every public council, filtered by country, level and host body."""
    hosts = list(selectors.council_hosts())
    form = CouncilFilterForm(request.GET or None, hosts=hosts)
    today = timezone.localdate()
    councils = selectors.council_list_for(user=request.user, today=today, **form.filters())
    page_obj = Paginator(councils, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "councils/council_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "competitions": selectors.competitions_open(form.filters().get("jurisdiction", "")),
            "today": today,
        },
        partial="councils/partials/_council_results.html",
    )


def council_detail(request, pk: int):
    """A council's public page: host, level, term, regulation, members by position,
    commissions, the composition check and the formation competition."""
    council = selectors.council_get_for(user=request.user, pk=pk)
    on = check_day(council)
    members = selectors.council_current_members(council, on)
    competition = selectors.competition_of(council)
    checks = composition_checks(council, on)
    return render(
        request,
        "councils/council_detail.html",
        {
            "council": council,
            "on": on,
            "today": services.local_today(council),
            "size_violations": size_violations(checks),
            "groups": selectors.members_by_position(members),
            "member_count": len(members),
            "commissions": selectors.council_commissions(council, on),
            "checks": checks,
            "competition": competition,
            "formed_by": getattr(council, "formed_by", None) if council.predecessor_id else None,
            "successors": list(council.successors.all()),
            "formation_start": services.formation_start(council),
            "can_manage": can_manage_council(request.user, council),
        },
    )


def council_regulation(request, pk: int):
    """The council's regulation (public)."""
    council = selectors.council_get_for(user=request.user, pk=pk)
    if not council.regulation:
        raise Http404
    try:
        handle = council.regulation.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=False, filename=f"{council.code}.pdf", content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- officials: councils ----------------------------------------------------------------


@login_required
def council_manage(request):
    """An official's entry page: the councils they manage and what needs doing."""
    councils = selectors.councils_managed_by(request.user)
    hosts = selectors.host_bodies_for(request.user)
    if not councils and not hosts:
        raise PermissionDenied
    starts = services.formation_starts(councils)
    rows = [
        {
            "council": council,
            "formation_start": starts[council.pk],
            "competition": next(iter(council.competitions.all()), None),
        }
        for council in councils
    ]
    return render(
        request,
        "councils/council_manage.html",
        {"rows": rows, "can_create": bool(hosts)},
    )


@login_required
def council_create(request):
    hosts = selectors.host_bodies_for(request.user)
    if not hosts:
        raise PermissionDenied
    form = CouncilForm(request.POST or None, request.FILES or None, hosts=hosts)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            council = services.council_create(
                actor=request.user,
                host=data["host"],
                code=data["code"],
                level=data["level"],
                term_start=data["term_start"],
                term_end=data["term_end"],
                regulation=data["regulation"] or None,
                **form.texts(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The council was created."))
            return redirect("councils:council-detail", council.pk)
    if request.method == "POST":
        status = 400
    return _form_page(
        request,
        "councils/form_page.html",
        {"form": form, "heading": _("New public council"), "button": _("Create the council")},
        status,
    )


@login_required
def council_edit(request, pk: int):
    council = selectors.council_get_to_manage(user=request.user, pk=pk)
    initial = {
        "level": council.level,
        "term_start": council.term_start,
        "term_end": council.term_end,
        **{
            f"{field}_{code}": getattr(council, f"{field}_{code}")
            for field in ("name", "description")
            for code in CONTENT_LANGUAGES
        },
    }
    form = CouncilForm(request.POST or None, request.FILES or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.council_update(
                actor=request.user,
                council=council,
                regulation=data["regulation"] or None,
                level=data["level"],
                term_start=data["term_start"],
                term_end=data["term_end"],
                **form.texts(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The council was saved."))
            return redirect("councils:council-detail", council.pk)
    return _form_page(
        request,
        "councils/form_page.html",
        {"form": form, "council": council, "heading": _("Edit the council"), "button": _("Save")},
        400 if request.method == "POST" else 200,
    )


@login_required
def commission_create(request, pk: int):
    council = selectors.council_get_to_manage(user=request.user, pk=pk)
    form = CommissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.commission_create(actor=request.user, council=council, **form.names())
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect("councils:member-list", council.pk)
    return _form_page(
        request,
        "councils/form_page.html",
        {
            "form": form,
            "council": council,
            "heading": _("New commission"),
            "button": _("Add the commission"),
        },
        400 if request.method == "POST" else 200,
    )


@login_required
def commission_edit(request, pk: int):
    commission = get_object_or_404(Commission.objects.select_related("council"), pk=pk)
    council = selectors.council_get_to_manage(user=request.user, pk=commission.council_id)
    initial = {f"name_{code}": getattr(commission, f"name_{code}") for code in CONTENT_LANGUAGES}
    form = CommissionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.commission_update(actor=request.user, commission=commission, **form.names())
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect("councils:member-list", council.pk)
    return _form_page(
        request,
        "councils/form_page.html",
        {
            "form": form,
            "council": council,
            "heading": _("Rename the commission"),
            "button": _("Save"),
        },
        400 if request.method == "POST" else 200,
    )


# --- officials: members -----------------------------------------------------------------


@login_required
def member_list(request, pk: int):
    """The council's seats, current and ended, with the actions on each (managers only)."""
    council = selectors.council_get_to_manage(user=request.user, pk=pk)
    return render(
        request,
        "councils/member_list.html",
        {
            "council": council,
            "members": selectors.council_members_all(council),
            "commissions": list(council.commissions.all()),
            "today": check_day(council),
        },
    )


def _member_or_404(request, pk: int) -> tuple[Member, object]:
    member = get_object_or_404(Member.objects.select_related("council", "organisation"), pk=pk)
    council = selectors.council_get_to_manage(user=request.user, pk=member.council_id)
    member.council = council
    return member, council


@login_required
def member_add(request, pk: int):
    council = selectors.council_get_to_manage(user=request.user, pk=pk)
    form = MemberForm(
        request.POST or None, council=council, initial={"starts_on": check_day(council)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_add(actor=request.user, council=council, **form.service_fields())
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The member was added."))
            return redirect("councils:member-list", council.pk)
    return _form_page(
        request,
        "councils/form_page.html",
        {"form": form, "council": council, "heading": _("Add a member"), "button": _("Add")},
        400 if request.method == "POST" else 200,
    )


@login_required
def member_edit(request, pk: int):
    member, council = _member_or_404(request, pk)
    initial = {
        "full_name": member.full_name,
        "email": member.user.email if member.user else "",
        "position": member.position,
        "sector": member.sector,
        "organisation": member.organisation.identifier if member.organisation else "",
        "in_public_service": member.in_public_service,
        "starts_on": member.starts_on,
        "ends_on": member.ends_on,
        "commission": member.commission_id,
    }
    form = MemberForm(request.POST or None, council=council, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(actor=request.user, member=member, **form.service_fields())
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The member was saved."))
            return redirect("councils:member-list", council.pk)
    return _form_page(
        request,
        "councils/form_page.html",
        {"form": form, "council": council, "heading": member.full_name, "button": _("Save")},
        400 if request.method == "POST" else 200,
    )


@login_required
def member_end(request, pk: int):
    member, council = _member_or_404(request, pk)
    form = MemberEndForm(request.POST or None, initial={"ends_on": check_day(council)})
    if request.method == "POST" and form.is_valid():
        try:
            services.member_end(
                actor=request.user, member=member, ends_on=form.cleaned_data["ends_on"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The membership was ended."))
            return redirect("councils:member-list", council.pk)
    return _form_page(
        request,
        "councils/form_page.html",
        {
            "form": form,
            "council": council,
            "heading": _("End the membership of %(name)s") % {"name": member.full_name},
            "button": _("End the membership"),
        },
        400 if request.method == "POST" else 200,
    )


# --- the formation competition -------------------------------------------------------------


@login_required
def competition_create(request, pk: int):
    council = selectors.council_get_to_manage(user=request.user, pk=pk)
    should_start = services.formation_start(council)
    form = CompetitionForm(
        request.POST or None,
        initial={"opens_on": check_day(council), "closes_on": council.term_end},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            competition = services.competition_announce(
                actor=request.user,
                council=council,
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                **form.announcement(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            late = services.competition_lateness(council, competition.opens_on)
            if late is not None:
                messages.warning(
                    request,
                    _(
                        "The competition opens later than the rules say: forming the next "
                        "composition should have started on %(day)s."
                    )
                    % {"day": date_format(late, "j E Y")},
                )
            return redirect("councils:competition-detail", competition.pk)
    return render(
        request,
        "councils/competition_create.html",
        {
            "form": form,
            "council": council,
            "formation_start": should_start,
            "heading": _("Announce the formation competition"),
            "button": _("Announce"),
        },
        status=400 if request.method == "POST" else 200,
    )


def competition_detail(request, pk: int):
    """The competition's public page; the working group and the council's managers also see
    the candidacies and the actions, an applicant their own candidacy."""
    competition = selectors.competition_get_for(user=request.user, pk=pk)
    council = competition.council
    user = request.user
    today = services.local_today(council)
    managing = can_manage_competition(user, competition)
    deciding = can_decide_candidacy(user, competition)
    candidacies = selectors.candidacy_list_for(user=user, competition=competition)
    applied = user.is_authenticated and any(c.applicant_id == user.pk for c in candidacies)
    return render(
        request,
        "councils/competition_detail.html",
        {
            "competition": competition,
            "council": council,
            "candidacies": candidacies,
            "managing": managing,
            "deciding": deciding and competition.state == CompetitionState.CLOSED,
            "actions": [
                (action, CompetitionAction(action).label)
                for action in (allowed_actions(competition, today) if managing else [])
            ],
            "can_apply": (
                competition.state == CompetitionState.OPEN
                and competition.opens_on <= today <= competition.closes_on
                and not applied
            ),
            "signed_in": can_apply(user, competition),
            "late": services.competition_lateness(council, competition.opens_on),
            "working_group_form": WorkingGroupForm() if managing else None,
        },
    )


def competition_results(request, pk: int):
    """The published results: each candidacy's decision and reason, and the new council."""
    competition = selectors.competition_get_for(user=request.user, pk=pk)
    if competition.state != CompetitionState.PUBLISHED:
        raise Http404
    return render(
        request,
        "councils/competition_results.html",
        {
            "competition": competition,
            "council": competition.council,
            "candidacies": selectors.competition_results(competition),
        },
    )


@login_required
@require_POST
def competition_transition(request, pk: int, action: str):
    competition = selectors.competition_get_for(user=request.user, pk=pk)
    if action not in (CompetitionAction.OPEN, CompetitionAction.CLOSE, CompetitionAction.DECIDE):
        raise Http404
    if not can_manage_competition(request.user, competition):
        raise Http404
    try:
        services.competition_transition(actor=request.user, competition=competition, action=action)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("councils:competition-detail", competition.pk)


@login_required
@require_POST
def working_group_add(request, pk: int):
    competition = selectors.competition_get_for(user=request.user, pk=pk)
    if not can_manage_competition(request.user, competition):
        raise Http404
    form = WorkingGroupForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.working_group_add(
                actor=request.user,
                competition=competition,
                full_name=data["full_name"],
                user=data["email"],
                role=data["role"],
                is_head=data["is_head"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect("councils:competition-detail", competition.pk)
    return render(
        request,
        "councils/form_page.html",
        {
            "form": form,
            "council": competition.council,
            "heading": _("Name a person to the working group"),
            "button": _("Add"),
        },
        status=400,
    )


@login_required
@require_POST
def working_group_remove(request, pk: int):
    row = get_object_or_404(WorkingGroupMember.objects.select_related("competition"), pk=pk)
    competition = selectors.competition_get_for(user=request.user, pk=row.competition_id)
    if not can_manage_competition(request.user, competition):
        raise Http404
    try:
        services.working_group_remove(actor=request.user, row=row)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("councils:competition-detail", competition.pk)


def _my_non_profits(user) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            sector=OrganisationSector.CSO,
            memberships__user=user,
            memberships__status=MembershipStatus.ACTIVE,
        )
        .distinct()
        .order_by("name_ru", "pk")
    )


@login_required
def candidacy_submit(request, pk: int):
    competition = selectors.competition_get_for(user=request.user, pk=pk)
    organisations = [
        o
        for o in _my_non_profits(request.user)
        if o.jurisdiction_id == competition.council.jurisdiction_id
    ]
    form = CandidacyForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        country=translated(competition.council.jurisdiction, "name"),
        initial={"full_name": request.user.full_name},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            candidacy = services.candidacy_submit(
                actor=request.user,
                competition=competition,
                full_name=data["full_name"],
                sector=data["sector"],
                organisation=data["organisation"],
                motivation=data["motivation"],
                recommendation_text=data["recommendation_text"],
                letters=data["letters"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Your candidacy was submitted."))
            return redirect("councils:candidacy-detail", candidacy.pk)
    return render(
        request,
        "councils/candidacy_submit.html",
        {"form": form, "competition": competition, "council": competition.council},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def candidacy_detail(request, pk: int):
    """A candidacy, for its applicant, the working group (who decide it here) and the
    council's managers."""
    candidacy = selectors.candidacy_get_for(user=request.user, pk=pk)
    competition = candidacy.competition
    deciding = (
        can_decide_candidacy(request.user, competition)
        and competition.state == CompetitionState.CLOSED
    )
    form = DecisionForm(request.POST or None) if deciding else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.candidacy_decide(
                    actor=request.user,
                    candidacy=candidacy,
                    accept=form.cleaned_data["decision"] == "accept",
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The decision was recorded."))
                return redirect("councils:competition-detail", competition.pk)
    return render(
        request,
        "councils/candidacy_detail.html",
        {
            "candidacy": candidacy,
            "competition": competition,
            "council": competition.council,
            "letters": list(candidacy.letters.all()),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def letter_download(request, pk: int):
    """A letter of recommendation, to whoever may read its candidacy."""
    letter = get_object_or_404(RecommendationLetter, pk=pk)
    selectors.candidacy_get_for(user=request.user, pk=letter.candidacy_id)
    try:
        handle = letter.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=letter.filename, content_type=letter.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _size_shortfall(council, count: int) -> dict | None:
    """{"required", "found"} when `count` members are fewer than the rule's minimum for the
    council's level, else None (also when the jurisdiction has no such rule)."""
    from hamkori.councils.composition import SIZE_RULES
    from hamkori.rules.selectors import RuleMissing, rule_value

    min_key = SIZE_RULES[council.level][0]
    try:
        required = int(rule_value(council.jurisdiction_id, min_key))
    except RuleMissing:
        return None
    return {"required": required, "found": count} if count < required else None


@login_required
def competition_publish(request, pk: int):
    competition = selectors.competition_get_for(user=request.user, pk=pk)
    if not can_manage_competition(request.user, competition):
        raise Http404
    if competition.state == CompetitionState.PUBLISHED:
        messages.info(request, _("The results of this competition are already published."))
        return redirect("councils:competition-results", competition.pk)
    council = competition.council
    start, end = services.next_term(council)
    accepted = competition.candidacies.filter(state="accepted").count()
    form = PublishForm(request.POST or None, initial={"term_start": start})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            successor = services.competition_publish(
                actor=request.user,
                competition=competition,
                code=data["code"],
                term_start=data["term_start"],
                term_end=data["term_end"],
                state_members=[
                    services.StateMember(name, user=user) for name, user in data["state_members"]
                ],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, _("The results are published and the new composition formed.")
            )
            shortfall = _size_shortfall(council, accepted + len(data["state_members"]))
            if shortfall:
                messages.warning(
                    request,
                    _(
                        "The new composition has %(found)s members, fewer than the %(required)s "
                        "the rules require: name more members before it starts work."
                    )
                    % shortfall,
                )
            return redirect("councils:council-detail", successor.pk)
    return render(
        request,
        "councils/competition_publish.html",
        {
            "form": form,
            "council": council,
            "competition": competition,
            "accepted": accepted,
            "default_end": end,
            "shortfall": _size_shortfall(council, accepted),
            "heading": _("Publish the results and form the new composition"),
            "button": _("Publish"),
        },
        status=400 if request.method == "POST" else 200,
    )
