"""Writes of plans and calls. Each function checks permission, validates against the rules of
the jurisdiction, saves and records one audit event in the same transaction; e-mails are queued
in the outbox in that transaction and sent by the worker after commit."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hamkori.accounts.models import MembershipRole, MembershipStatus, User
from hamkori.calls.models import (
    BudgetLine,
    Call,
    CriteriaSet,
    Criterion,
    FundingPlan,
    Instrument,
    Lot,
    PlanStatus,
    RequiredDocument,
    TargetGroup,
)
from hamkori.calls.permissions import (
    can_amend_call,
    can_create_call_for,
    can_edit_call,
    can_edit_plan,
    can_transition_call,
)
from hamkori.calls.validation import RuleCheck, call_rule_check, check_lot, check_window
from hamkori.calls.workflow import TRANSITIONS, CallAction, CallState
from hamkori.core.audit import audit_record, diff, snapshot
from hamkori.core.i18n import CONTENT_LANGUAGES
from hamkori.core.links import absolute_url
from hamkori.core.outbox import email_queue_template
from hamkori.core.permissions import require
from hamkori.core.templatetags.hamkori import money
from hamkori.registry.models import Area, Organisation, OrganisationStatus, Region, Sector
from hamkori.rules.selectors import (
    CalendarNotCovered,
    RuleMissing,
    local_datetime,
    local_zone,
    rule_value,
    working_days_add,
)

CALL_TEXT_FIELDS = [
    f"{name}_{code}" for name in ("title", "description") for code in CONTENT_LANGUAGES
]
# What an amendment may change; lots and criteria are fixed once applicants rely on them.
AMENDABLE_FIELDS = [*CALL_TEXT_FIELDS, "opens_at", "closes_at", "languages"]


def _texts(field: str, values: dict[str, str] | None) -> dict[str, str]:
    values = values or {}
    unknown = set(values) - set(CONTENT_LANGUAGES)
    if unknown:
        raise ValidationError(
            {field: _("Unknown language: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}}
        )
    return {f"{field}_{code}": (values.get(code) or "").strip() for code in CONTENT_LANGUAGES}


def _require_some_text(field: str, texts: dict[str, str], label: str) -> None:
    if not any(texts.values()):
        raise ValidationError(
            {field: _("Give the %(what)s in at least one language.") % {"what": label}}
        )


def local_moment(
    jurisdiction: str, day: date, at: time | str | None, *, deadline: bool
) -> datetime:
    """An aware datetime for a local date and wall-clock time of the jurisdiction. Without a
    time a deadline falls at the rule call.deadline_time, an opening at the start of the day."""
    if at is None:
        if deadline:
            try:
                at = rule_value(jurisdiction, "call.deadline_time", day)
            except RuleMissing:
                raise ValidationError(
                    {
                        "closes_time": _(
                            "The rule call.deadline_time is not set; give the closing time."
                        )
                    }
                ) from None
        else:
            at = time(0, 0)
    if isinstance(at, str):
        hours, minutes = (int(part) for part in at.split(":"))
        at = time(hours, minutes)
    return local_datetime(jurisdiction, day, at)


# --- plans ------------------------------------------------------------------------------


def _require_official_of(actor, body: Organisation) -> None:
    require(can_create_call_for, actor, body)


@transaction.atomic
def plan_create(
    *, actor: User, body: Organisation, year: int, title: dict[str, str]
) -> FundingPlan:
    """A draft funding plan of `body` for `year`."""
    _require_official_of(actor, body)
    if FundingPlan.objects.filter(body=body, year=year).exists():
        raise ValidationError(
            {"year": _("This body already has a plan for %(year)s.") % {"year": year}}
        )
    plan = FundingPlan(
        body=body, jurisdiction_id=body.jurisdiction_id, year=year, **_texts("title", title)
    )
    plan.full_clean()
    plan.save()
    audit_record(actor=actor, action="calls.plan.create", obj=plan, organisation=body)
    return plan


@transaction.atomic
def plan_update(
    *, actor: User, plan: FundingPlan, title: dict[str, str], year: int | None = None
) -> FundingPlan:
    """Change the title (any time) or the year (only while the plan is a draft)."""
    require(can_edit_plan, actor, plan)
    fields = list(_texts("title", title))
    before = snapshot(plan, [*fields, "year"])
    for name, value in _texts("title", title).items():
        setattr(plan, name, value)
    if year is not None and year != plan.year:
        if plan.status != PlanStatus.DRAFT:
            raise ValidationError({"year": _("The year of a published plan cannot change.")})
        plan.year = year
        fields.append("year")
    plan.full_clean()
    plan.save(update_fields=[*fields, "updated_at"])
    audit_record(
        actor=actor,
        action="calls.plan.update",
        obj=plan,
        organisation=plan.body,
        changes=diff(plan, before, [*fields, "year"]),
    )
    return plan


@transaction.atomic
def plan_publish(*, actor: User, plan: FundingPlan) -> FundingPlan:
    """Make a plan public; it needs at least one lot."""
    require(can_edit_plan, actor, plan)
    if plan.status == PlanStatus.PUBLISHED:
        raise ValidationError(_("The plan is already published."))
    if not plan.lots.exists():
        raise ValidationError(_("A plan needs at least one lot before it is published."))
    plan.status = PlanStatus.PUBLISHED
    plan.published_at = timezone.now()
    plan.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor=actor, action="calls.plan.publish", obj=plan, organisation=plan.body)
    return plan


@transaction.atomic
def budget_line_add(
    *, actor: User, plan: FundingPlan, programme_code: str, name: dict[str, str], amount: Decimal
) -> BudgetLine:
    """A budget programme line of the plan, in the jurisdiction's currency."""
    require(can_edit_plan, actor, plan)
    line = BudgetLine(
        plan=plan,
        programme_code=programme_code.strip(),
        amount=amount,
        currency=plan.jurisdiction.currency,
        **_texts("name", name),
    )
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    line.full_clean()
    line.save()
    audit_record(
        actor=actor,
        action="calls.budget_line.add",
        obj=line,
        organisation=plan.body,
        changes={"programme_code": line.programme_code, "amount": str(amount)},
    )
    return line


LOT_FIELDS = [
    "instrument",
    "area_id",
    "target_group",
    "budget",
    "duration_months",
    "max_awards",
    "service_standard",
    "budget_line_id",
    *(f"{n}_{c}" for n in ("title", "description") for c in CONTENT_LANGUAGES),
]


def _lot_checked(lot: Lot, regions: list[Region]) -> None:
    """Shape and rules of a lot before it is saved (plan year taken as the financial year)."""
    plan = lot.plan
    errors: dict[str, list[str]] = {}
    if lot.instrument not in Instrument.values:
        errors.setdefault("instrument", []).append(_("Choose an instrument."))
    if lot.target_group not in TargetGroup.values:
        errors.setdefault("target_group", []).append(_("Choose a target group."))
    if not Area.objects.filter(pk=lot.area_id).exists():
        errors.setdefault("area", []).append(_("Choose an area of activity."))
    if not regions:
        errors.setdefault("regions", []).append(_("Choose at least one region."))
    foreign = [r.code for r in regions if r.jurisdiction_id != plan.jurisdiction_id]
    if foreign:
        errors.setdefault("regions", []).append(
            _("Regions outside %(jurisdiction)s: %(codes)s.")
            % {"jurisdiction": plan.jurisdiction_id, "codes": ", ".join(foreign)}
        )
    budget_line = lot.budget_line if lot.budget_line_id else None
    if budget_line is not None and budget_line.plan_id != plan.pk:
        errors.setdefault("budget_line", []).append(_("The budget line belongs to another plan."))
    elif budget_line is not None:
        # The lots of a line cannot promise more money than the line has.
        others = (
            Lot.objects.filter(budget_line=budget_line)
            .exclude(pk=lot.pk)
            .aggregate(s=Sum("budget"))
        )["s"] or Decimal(0)
        if others + (lot.budget or 0) > budget_line.amount:
            errors.setdefault("budget", []).append(
                _(
                    "The lots of budget line %(code)s would total %(total)s, more than its "
                    "%(amount)s."
                )
                % {
                    "code": budget_line.programme_code,
                    "total": money(others + (lot.budget or 0), budget_line.currency),
                    "amount": money(budget_line.amount, budget_line.currency),
                }
            )
    if errors:
        raise ValidationError(errors)
    check = RuleCheck()
    check_lot(
        check,
        jurisdiction=plan.jurisdiction_id,
        instrument=lot.instrument,
        budget=lot.budget,
        currency=lot.currency,
        duration_months=lot.duration_months,
        financial_year=plan.year,
        on=timezone.localdate(),
        label=_("Lot %(number)s") % {"number": lot.number},
    )
    check.raise_problems()


@transaction.atomic
def lot_add(
    *,
    actor: User,
    plan: FundingPlan,
    instrument: str,
    area: Area | str,
    regions: Iterable[Region | str],
    target_group: str,
    budget: Decimal,
    duration_months: int,
    title: dict[str, str],
    description: dict[str, str] | None = None,
    budget_line: BudgetLine | None = None,
    max_awards: int = 1,
    service_standard: str = "",
) -> Lot:
    """A topic of the plan, numbered next in the plan."""
    require(can_edit_plan, actor, plan)
    plan = FundingPlan.objects.select_for_update().get(pk=plan.pk)
    titles = _texts("title", title)
    _require_some_text("title", titles, _("title"))
    number = (plan.lots.aggregate(n=Max("number"))["n"] or 0) + 1
    lot = Lot(
        plan=plan,
        number=number,
        instrument=instrument,
        area_id=area.pk if isinstance(area, Area) else area,
        target_group=target_group,
        budget=budget,
        currency=plan.jurisdiction.currency,
        duration_months=duration_months,
        max_awards=max_awards,
        service_standard=service_standard,
        budget_line=budget_line,
        **titles,
        **_texts("description", description),
    )
    region_rows = _regions(regions)
    _lot_checked(lot, region_rows)
    lot.full_clean()
    lot.save()
    lot.regions.set(region_rows)
    audit_record(
        actor=actor,
        action="calls.lot.add",
        obj=lot,
        organisation=plan.body,
        changes={"budget": str(lot.budget), "instrument": lot.instrument},
    )
    return lot


def _regions(regions: Iterable[Region | str]) -> list[Region]:
    codes = [r.pk if isinstance(r, Region) else r for r in regions]
    found = list(Region.objects.filter(pk__in=codes))
    if len(found) != len(set(codes)):
        raise ValidationError({"regions": _("Unknown region.")})
    return found


@transaction.atomic
def lot_update(
    *, actor: User, lot: Lot, regions: Iterable[Region | str] | None = None, **fields: Any
) -> Lot:
    """Change a lot of a draft or published plan; a lot offered in a call that is no longer
    a draft changes only by amending the call."""
    require(can_edit_plan, actor, lot.plan)
    lot = Lot.objects.select_for_update(of=("self",)).select_related("plan", "call").get(pk=lot.pk)
    if lot.call is not None and lot.call.state != CallState.DRAFT:
        raise ValidationError(_("This lot is offered in an announced call and cannot change."))
    for texts in ("title", "description"):
        if texts in fields:
            fields.update(_texts(texts, fields.pop(texts)))
    if "area" in fields:
        area = fields.pop("area")
        fields["area_id"] = area.pk if isinstance(area, Area) else area
    if "budget_line" in fields:
        line = fields.pop("budget_line")
        fields["budget_line_id"] = line.pk if line else None
    unknown = set(fields) - set(LOT_FIELDS)
    if unknown:
        raise TypeError(f"lot_update: unknown fields {sorted(unknown)}")
    before = snapshot(lot, LOT_FIELDS)
    for name, value in fields.items():
        setattr(lot, name, value)
    region_rows = _regions(regions) if regions is not None else list(lot.regions.all())
    _lot_checked(lot, region_rows)
    lot.full_clean()
    lot.save()
    old_regions = sorted(lot.regions.values_list("pk", flat=True))
    lot.regions.set(region_rows)
    changes = diff(lot, before, LOT_FIELDS)
    new_regions = sorted(r.pk for r in region_rows)
    if old_regions != new_regions:
        changes["regions"] = [old_regions, new_regions]
    audit_record(
        actor=actor, action="calls.lot.update", obj=lot, organisation=lot.plan.body, changes=changes
    )
    return lot


# --- calls ------------------------------------------------------------------------------


def _clean_languages(languages: Iterable[str]) -> list[str]:
    languages = [code for code in CONTENT_LANGUAGES if code in set(languages)]
    if not languages:
        raise ValidationError({"languages": _("Accept applications in at least one language.")})
    return languages


def _attach_lots(call: Call, lots: Iterable[Lot]) -> None:
    """Offer `lots` in `call`: lots of the call's plan, of its instrument, in no other call.
    The conditional update makes two calls racing for one lot end with one winner."""
    ids = sorted({lot.pk for lot in lots})
    if not ids:
        return
    rows = list(
        Lot.objects.filter(pk__in=ids).values("pk", "number", "plan_id", "instrument", "call_id")
    )
    for row in rows:
        if row["plan_id"] != call.plan_id:
            raise ValidationError({"lots": _("Lot %(number)s is not in the call's plan.") % row})
        if row["instrument"] != call.instrument:
            raise ValidationError({"lots": _("Lot %(number)s is for another instrument.") % row})
        if row["call_id"] not in (None, call.pk):
            raise ValidationError(
                {"lots": _("Lot %(number)s is already offered in another call.") % row}
            )
    if len(rows) != len(ids):
        raise ValidationError({"lots": _("Unknown lot.")})
    taken = (
        Lot.objects.filter(pk__in=ids).filter(Q(call__isnull=True) | Q(call=call)).update(call=call)
    )
    if taken != len(ids):
        raise ValidationError({"lots": _("A lot was just offered in another call; choose again.")})


def _replace_documents(call: Call, documents: Iterable[dict]) -> None:
    call.documents.all().delete()
    for order, document in enumerate(documents):
        names = _texts("name", document.get("name"))
        _require_some_text("documents", names, _("document name"))
        row = RequiredDocument(
            call=call,
            order=order,
            required=bool(document.get("required", True)),
            kinds=list(document.get("kinds") or ["pdf"]),
            **names,
        )
        row.full_clean()
        row.save()


def _replace_criteria(call: Call, criteria: Iterable[dict]) -> None:
    criteria_set, _created = CriteriaSet.objects.get_or_create(call=call)
    criteria_set.criteria.all().delete()
    for order, criterion in enumerate(criteria):
        names = _texts("name", criterion.get("name"))
        _require_some_text("criteria", names, _("criterion name"))
        row = Criterion(
            criteria_set=criteria_set,
            order=order,
            max_points=criterion.get("max_points") or 0,
            weight=Decimal(str(criterion.get("weight", 1))),
            **names,
            **_texts("description", criterion.get("description")),
        )
        row.full_clean()
        row.save()


def _window(
    jurisdiction: str, opens_on, opens_time, closes_on, closes_time
) -> tuple[datetime, datetime]:
    opens_at = local_moment(jurisdiction, opens_on, opens_time, deadline=False)
    closes_at = local_moment(jurisdiction, closes_on, closes_time, deadline=True)
    if closes_at <= opens_at:
        raise ValidationError({"closes_on": _("The window must close after it opens.")})
    return opens_at, closes_at


def _check_or_raise(call: Call, lots: list[Lot] | None = None) -> RuleCheck:
    check = call_rule_check(call, lots)
    check.raise_problems()
    return check


@transaction.atomic
def call_create(
    *,
    actor: User,
    body: Organisation,
    plan: FundingPlan,
    instrument: str,
    title: dict[str, str],
    opens_on: date,
    closes_on: date,
    languages: Iterable[str],
    description: dict[str, str] | None = None,
    opens_time: time | str | None = None,
    closes_time: time | str | None = None,
    lots: Iterable[Lot] = (),
    documents: Iterable[dict] = (),
    criteria: Iterable[dict] = (),
    financial_year: int | None = None,
) -> Call:
    """A draft call of `body` for one instrument, with lots of the body's plan. The window is
    given in local dates and times of the jurisdiction; validated against its rules."""
    _require_official_of(actor, body)
    if plan.body_id != body.pk:
        raise ValidationError({"plan": _("The plan belongs to another body.")})
    if instrument not in Instrument.values:
        raise ValidationError({"instrument": _("Choose an instrument.")})
    titles = _texts("title", title)
    _require_some_text("title", titles, _("title"))
    jurisdiction = body.jurisdiction_id
    opens_at, closes_at = _window(jurisdiction, opens_on, opens_time, closes_on, closes_time)
    call = Call(
        body=body,
        plan=plan,
        jurisdiction_id=jurisdiction,
        instrument=instrument,
        # A unique placeholder replaced by the readable reference once the id is known.
        reference=uuid.uuid4().hex[:20],
        opens_at=opens_at,
        closes_at=closes_at,
        financial_year=financial_year or plan.year,
        languages=_clean_languages(languages),
        **titles,
        **_texts("description", description),
    )
    call.full_clean()
    lots = list(lots)
    _check_or_raise(call, lots)
    call.save()
    call.reference = f"{jurisdiction}-{call.financial_year}-{call.pk:06d}"
    call.save(update_fields=["reference"])
    _attach_lots(call, lots)
    _replace_documents(call, documents)
    _replace_criteria(call, criteria)
    audit_record(
        actor=actor,
        action="calls.call.create",
        obj=call,
        organisation=body,
        changes={"lots": sorted(lot.number for lot in lots), "window": [opens_at, closes_at]},
    )
    return call


@transaction.atomic
def call_update(
    *,
    actor: User,
    call: Call,
    title: dict[str, str] | None = None,
    description: dict[str, str] | None = None,
    opens_on: date | None = None,
    opens_time: time | str | None = None,
    closes_on: date | None = None,
    closes_time: time | str | None = None,
    languages: Iterable[str] | None = None,
    lots: Iterable[Lot] | None = None,
    documents: Iterable[dict] | None = None,
    criteria: Iterable[dict] | None = None,
) -> Call:
    """Change a draft call; what is not given stays as it is."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    require(can_edit_call, actor, call)
    fields = [*CALL_TEXT_FIELDS, "opens_at", "closes_at", "languages"]
    before = snapshot(call, fields)
    if title is not None:
        titles = _texts("title", title)
        _require_some_text("title", titles, _("title"))
        for name, value in titles.items():
            setattr(call, name, value)
    if description is not None:
        for name, value in _texts("description", description).items():
            setattr(call, name, value)
    zone = local_zone(call.jurisdiction_id)
    if opens_on is not None or closes_on is not None:
        call.opens_at, call.closes_at = _window(
            call.jurisdiction_id,
            opens_on or call.opens_at.astimezone(zone).date(),
            opens_time if opens_on else call.opens_at.astimezone(zone).time(),
            closes_on or call.closes_at.astimezone(zone).date(),
            closes_time if closes_on else call.closes_at.astimezone(zone).time(),
        )
    if languages is not None:
        call.languages = _clean_languages(languages)
    call.full_clean()
    if lots is not None:
        lots = list(lots)
        _check_or_raise(call, lots)
        Lot.objects.filter(call=call).exclude(pk__in=[lot.pk for lot in lots]).update(call=None)
        _attach_lots(call, lots)
    else:
        _check_or_raise(call)
    call.save(update_fields=[*fields, "updated_at"])
    if documents is not None:
        _replace_documents(call, documents)
    if criteria is not None:
        _replace_criteria(call, criteria)
    changes = diff(call, before, fields)
    if lots is not None:
        changes["lots"] = sorted(lot.number for lot in lots)
    audit_record(
        actor=actor, action="calls.call.update", obj=call, organisation=call.body, changes=changes
    )
    return call


def _compliance_due(call: Call) -> date | None:
    """The compliance-check deadline: working days after the local closing date. None when
    the rule or the holiday calendar of that year is missing (shown as not set, not guessed)."""
    close_day = call.closes_at.astimezone(local_zone(call.jurisdiction_id)).date()
    try:
        days = int(
            rule_value(call.jurisdiction_id, "call.eligibility_check_working_days", close_day)
        )
        return working_days_add(call.jurisdiction_id, close_day, days)
    except (RuleMissing, CalendarNotCovered):
        return None


@transaction.atomic
def call_transition(*, actor: User | None, call: Call, action: str) -> Call:
    """Apply one transition of the TRANSITIONS table. `actor` None is the system (the worker
    opening and closing windows); people need to be officials of the body."""
    call = (
        Call.objects.select_for_update(of=("self",)).select_related("body", "plan").get(pk=call.pk)
    )
    if actor is not None:
        require(can_transition_call, actor, call)
    entry = TRANSITIONS.get((call.state, action))
    if entry is None:
        raise ValidationError(
            _("A call that is %(state)s cannot be changed by “%(action)s”.")
            % {"state": CallState(call.state).label, "action": CallAction(action).label}
        )
    next_state, guard = entry
    reason = guard(call) if guard else None
    if reason:
        raise ValidationError(reason)
    fields = ["state"]
    changes: dict[str, Any] = {"state": [call.state, next_state]}
    if action == CallAction.ANNOUNCE:
        if call.plan.status != PlanStatus.PUBLISHED:
            raise ValidationError(_("Publish the plan before announcing a call from it."))
        _check_or_raise(call)
        call.announced_at = timezone.now()
        fields.append("announced_at")
    if action == CallAction.CLOSE:
        call.compliance_due = _compliance_due(call)
        fields.append("compliance_due")
        changes["compliance_due"] = call.compliance_due
    call.state = next_state
    call.save(update_fields=[*fields, "updated_at"])
    audit_record(
        actor=actor,
        action=f"calls.call.{action}",
        obj=call,
        organisation=call.body,
        changes=changes,
    )
    if action == CallAction.ANNOUNCE:
        _queue_announcement(call)
    return call


def announcement_recipients(call: Call) -> list[User]:
    """Administrators of active CSOs of the call's jurisdiction whose areas include a lot's
    area or whose region is among a lot's regions (each person once)."""
    lots = Lot.objects.filter(call=call)
    areas = set(lots.values_list("area_id", flat=True))
    regions = set(lots.values_list("regions", flat=True)) - {None}
    organisations = (
        Organisation.objects.filter(
            jurisdiction_id=call.jurisdiction_id,
            sector=Sector.CSO,
            status=OrganisationStatus.ACTIVE,
        )
        .filter(Q(areas__in=areas) | Q(region_id__in=regions))
        .values("pk")
    )
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation__in=organisations,
            memberships__role=MembershipRole.ADMIN,
            memberships__status=MembershipStatus.ACTIVE,
        )
        .distinct()
        .order_by("pk")
    )


def _deadline_context(call: Call) -> dict[str, Any]:
    return {
        "call": call,
        "closes_local": call.closes_at.astimezone(local_zone(call.jurisdiction_id)),
        "url": absolute_url(reverse("calls:call-detail", args=[call.pk])),
    }


def _queue_announcement(call: Call) -> None:
    context = _deadline_context(call)
    for user in announcement_recipients(call):
        email_queue_template(
            to=[user.email],
            template="calls/email/call_announced",
            context={**context, "user": user},
            language=user.preferred_language,
            dedupe_key=f"call-announced:{call.pk}:{user.pk}",
        )


def draft_owners(call: Call) -> list[User]:
    """Every active member of every organisation with a draft application in the call."""
    from hamkori.applications.models import ApplicationState

    return list(
        User.objects.filter(
            is_active=True,
            memberships__status=MembershipStatus.ACTIVE,
            memberships__organisation__applications__call=call,
            memberships__organisation__applications__state=ApplicationState.DRAFT,
        )
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def call_amend(*, actor: User, call: Call, reason: str, changes: dict[str, Any]):
    """Change an announced or open call: a numbered amendment records each field old → new
    and the reason, shown to applicants. A later deadline is e-mailed to every organisation
    with a draft; an open call's deadline is never brought forward."""
    from hamkori.calls.models import Amendment

    call = Call.objects.select_for_update(of=("self",)).select_related("body").get(pk=call.pk)
    require(can_amend_call, actor, call)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the amendment.")})
    unknown = set(changes) - set(AMENDABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These cannot be amended: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    before = snapshot(call, AMENDABLE_FIELDS)
    old_closes_at = call.closes_at
    for name, value in changes.items():
        if name == "languages":
            value = _clean_languages(value)
        setattr(call, name, value)
    if call.state == CallState.OPEN and call.opens_at != before["opens_at"]:
        raise ValidationError(
            {"opens_at": _("The call is already open; its opening cannot change.")}
        )
    if call.state == CallState.OPEN and call.closes_at < old_closes_at:
        raise ValidationError(
            {"closes_at": _("The deadline of an open call cannot be brought forward.")}
        )
    if call.closes_at <= timezone.now():
        raise ValidationError({"closes_at": _("The new deadline has already passed.")})
    recorded = diff(call, before, AMENDABLE_FIELDS)
    if not recorded:
        raise ValidationError(_("Nothing was changed."))
    if "opens_at" in recorded or "closes_at" in recorded:
        check = RuleCheck()
        check_window(
            check, call.jurisdiction_id, call.opens_at, call.closes_at, timezone.localdate()
        )
        check.raise_problems("closes_at")
    call.full_clean()
    call.save(update_fields=[*recorded, "updated_at"])
    number = (call.amendments.aggregate(n=Max("number"))["n"] or 0) + 1
    amendment = Amendment(
        call=call, number=number, reason=reason, changes=recorded, created_by=actor
    )
    amendment.full_clean()
    amendment.save()
    audit_record(
        actor=actor,
        action="calls.call.amend",
        obj=call,
        organisation=call.body,
        changes={"amendment": number, "reason": reason, **recorded},
    )
    if call.closes_at > old_closes_at:
        context = {
            **_deadline_context(call),
            "amendment": amendment,
            "old_closes_local": old_closes_at.astimezone(local_zone(call.jurisdiction_id)),
        }
        for user in draft_owners(call):
            email_queue_template(
                to=[user.email],
                template="calls/email/deadline_extended",
                context={**context, "user": user},
                language=user.preferred_language,
                dedupe_key=f"call-extended:{call.pk}:{number}:{user.pk}",
            )
    return amendment
