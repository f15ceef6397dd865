"""Load the demo funding competitions (competition_data.py): plans with budget lines and lots,
calls in every state with documents, criteria and an amendment, and applications in every
state with frozen versions, digests, eligibility checks and attachments.

Rows are written directly, like the rest of the demo (one audit event for the whole load), and
with the same invariants the services keep: bands and durations from the rules at the call's
financial year, windows within the rule's bounds, deadlines at the local deadline time, the
version digest computed as the submission service does (`version_digest`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal
from functools import cache

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from hamkori.accounts.models import Membership, MembershipRole, MembershipStatus, User
from hamkori.applications.content import content_problems, content_totals
from hamkori.applications.eligibility import eligibility_run
from hamkori.applications.models import (
    Application,
    ApplicationState,
    ApplicationVersion,
    Attachment,
    Compliance,
    EligibilityCheck,
    attachment_path,
)
from hamkori.applications.receipt import snapshot_build, snapshot_digest
from hamkori.calls.models import (
    RULE_PREFIX,
    Amendment,
    BudgetLine,
    Call,
    CriteriaSet,
    Criterion,
    FundingPlan,
    Lot,
    PlanStatus,
    RequiredDocument,
)
from hamkori.calls.workflow import CallState
from hamkori.core.audit import diff
from hamkori.demo.application_content import add_months, project_content
from hamkori.demo.competition_data import (
    BUDGET_PROGRAMMES,
    CALLS,
    CRITERIA,
    DOCUMENTS,
    PLANNED_LOTS,
    ApplicationSeed,
    CallSeed,
    LotSeed,
)
from hamkori.registry.models import Organisation, Region, UnreliableSupplierFlag
from hamkori.rules.selectors import (
    CalendarNotCovered,
    RuleMissing,
    local_datetime,
    local_zone,
    rule_value,
    working_days_add,
)

CURRENCY = {"KZ": "KZT", "TJ": "TJS"}
# Amounts in applications are rounded to this unit of the currency.
ROUNDING = {"KZ": Decimal(1000), "TJ": Decimal(100)}
CLOSED_STATES = (CallState.CLOSED, CallState.UNDER_REVIEW, CallState.DECIDED, CallState.FINAL)
# The first official of each body acts for it (amendments, compliance decisions).
OFFICIALS = {
    "cscsi": "operator@demo.hamkori.org",
    "mci": "official.kz@demo.hamkori.org",
    "enbek": "enbek@demo.hamkori.org",
    "edu": "official.kz@demo.hamkori.org",
    "almaty-akimat": "akimat@demo.hamkori.org",
    "asp-tj": "official.tj@demo.hamkori.org",
    "dushanbe-hukumat": "hukumat@demo.hamkori.org",
}
# A one-page PDF: what an applicant's scanned charter or budget looks like to the platform.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
GROUP_WORDS = {
    "ru": "представители целевой группы лота",
    "kk": "лоттың нысаналы тобының өкілдері",
    "tg": "намояндагони гурӯҳи мақсадноки лот",
}


@dataclass
class Context:
    now: datetime
    organisations: dict[str, Organisation]
    users: dict[str, User]
    password_hash: str
    regions: dict[str, list[str]]
    counts: dict[str, int]

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n


def competitions_load(
    *, organisations: dict[str, Organisation], users: dict[str, User], password_hash: str
) -> dict[str, int]:
    """Create the demo competitions; returns the rows made per kind."""
    regions: dict[str, list[str]] = {"KZ": [], "TJ": []}
    for code, jurisdiction in Region.objects.values_list("code", "jurisdiction_id"):
        regions[jurisdiction].append(code)
    context = Context(timezone.now(), organisations, dict(users), password_hash, regions, {})
    _flag_unreliable_supplier(context)
    windows = {id(seed): _window(seed, context.now) for seed in CALLS}
    plans: dict[tuple[str, int], FundingPlan] = {}
    for seed in CALLS:
        opens_at, closes_at, financial_year = windows[id(seed)]
        key = (seed.body, financial_year)
        if key not in plans:
            first_open = min(w[0] for s, w in ((s, windows[id(s)]) for s in CALLS)
                             if (s.body, w[2]) == key)  # fmt: skip
            plans[key] = _plan(context, seed.body, financial_year, first_open)
        _call(context, seed, plans[key], opens_at, closes_at, financial_year)
    for body, lot_seed in PLANNED_LOTS.items():
        plan = max((p for (b, _), p in plans.items() if b == body), key=lambda p: p.year)
        _lot(context, plan, lot_seed, plan.lots.count() + 1, None, plan.year)
    return context.counts


def _window(seed: CallSeed, now: datetime) -> tuple[datetime, datetime, int]:
    """Opening and closing moments (local times of the jurisdiction) and the financial year:
    the year the projects mostly run in, about six weeks after the close."""
    jurisdiction = _jurisdiction(seed)
    today = timezone.localtime(now, local_zone(jurisdiction)).date()
    closes_on = today + timedelta(days=seed.closes_in_days)
    hour, minute = (int(x) for x in str(rule_value(jurisdiction, "call.deadline_time")).split(":"))
    closes_at = local_datetime(jurisdiction, closes_on, time(hour, minute))
    low = rule_value(jurisdiction, "call.min_days", on=closes_on)
    high = rule_value(jurisdiction, "call.max_days", on=closes_on)
    days = min(max(seed.window_days, low), high)
    opens_at = local_datetime(jurisdiction, closes_on - timedelta(days=days), time(9, 0))
    return opens_at, closes_at, (closes_on + timedelta(days=45)).year


def _jurisdiction(seed: CallSeed) -> str:
    return "TJ" if seed.body in ("asp-tj", "dushanbe-hukumat", "moh-tj") else "KZ"


def _plan(context: Context, body_key: str, year: int, first_open: datetime) -> FundingPlan:
    body = context.organisations[body_key]
    jurisdiction = body.jurisdiction_id
    titles = {
        "ru": f"План финансирования проектов НПО на {year} год",
        "en": f"Funding plan for NGO projects, {year}",
        "kk" if jurisdiction == "KZ" else "tg": f"{year} жылға ҮЕҰ жобаларын қаржыландыру жоспары"
        if jurisdiction == "KZ"
        else f"Нақшаи маблағгузории лоиҳаҳои ташкилотҳои ҷамъиятӣ барои соли {year}",
    }
    plan = FundingPlan(
        body=body,
        jurisdiction_id=jurisdiction,
        year=year,
        status=PlanStatus.PUBLISHED,
        published_at=first_open - timedelta(days=30),
        **{f"title_{code}": text for code, text in titles.items()},
    )
    plan.full_clean(validate_constraints=False)
    plan.save()
    code, name = BUDGET_PROGRAMMES[body_key]
    line = BudgetLine(
        plan=plan,
        programme_code=code,
        amount=Decimal(0),
        currency=CURRENCY[jurisdiction],
        **{"name_ru" if jurisdiction == "KZ" else "name_tg": name},
    )
    line.save()
    plan.demo_budget_line = line
    context.count("funding plans")
    context.count("budget lines")
    return plan


@cache
def _rule(jurisdiction: str, key: str, on: date):
    """A rule value or None; cached (the rules are reference data, loaded before the demo)."""
    try:
        return rule_value(jurisdiction, key, on=on)
    except RuleMissing:
        return None


def _band(jurisdiction: str, instrument: str, on: date) -> tuple[Decimal | None, Decimal | None]:
    """The instrument's amount band in the currency on `on`, None where the rules set none."""
    prefix = RULE_PREFIX[instrument]
    mrp = _rule(jurisdiction, "mrp", on)
    if mrp is None:
        return None, None
    low, high = (_rule(jurisdiction, f"{prefix}.{end}", on) for end in ("min_mrp", "max_mrp"))
    return (
        None if low is None else Decimal(str(low)) * Decimal(str(mrp)),
        None if high is None else Decimal(str(high)) * Decimal(str(mrp)),
    )


def _months_bounds(jurisdiction: str, instrument: str, on: date) -> tuple[int, int]:
    prefix = RULE_PREFIX[instrument]
    low = _rule(jurisdiction, f"{prefix}.min_months", on)
    high = _rule(jurisdiction, f"{prefix}.max_months", on)
    return (low or 1, high or 120)


def _lot(context, plan, seed: LotSeed, number, call, year) -> Lot:
    jurisdiction = plan.jurisdiction_id
    instrument = call.instrument if call else _planned_instrument(jurisdiction)
    on = date(year, 1, 1)
    low, high = _band(jurisdiction, instrument, on)
    if low is not None:  # banded: the seed's amount is in MRP
        budget = Decimal(seed.amount) * Decimal(rule_value(jurisdiction, "mrp", on=on))
    else:
        budget = Decimal(seed.amount)
    if (low is not None and budget < low) or (high is not None and budget > high):
        raise ValueError(f"demo lot {seed.titles['en']}: {budget} outside {low}–{high}")
    shortest, longest = _months_bounds(jurisdiction, instrument, on)
    if not shortest <= seed.months <= longest:
        raise ValueError(f"demo lot {seed.titles['en']}: {seed.months} months out of bounds")
    lot = Lot(
        plan=plan,
        budget_line=plan.demo_budget_line if hasattr(plan, "demo_budget_line") else None,
        call=call,
        number=number,
        instrument=instrument,
        area_id=seed.area,
        target_group=seed.target_group,
        budget=budget.quantize(Decimal("0.01")),
        currency=CURRENCY[jurisdiction],
        duration_months=seed.months,
        max_awards=seed.max_awards,
        service_standard=seed.service_standard,
        **{f"title_{code}": text for code, text in seed.titles.items()},
        **{f"description_{code}": text for code, text in seed.descriptions.items()},
    )
    # The database keeps the constraints; validating them here costs a query each.
    lot.full_clean(validate_constraints=False)
    lot.save()
    codes = context.regions[jurisdiction] if seed.regions[0].startswith("*") else seed.regions
    lot.regions.set(codes)
    line = getattr(plan, "demo_budget_line", None)
    if line is not None:
        line.amount += lot.budget
        BudgetLine.objects.filter(pk=line.pk).update(amount=line.amount)
    context.count("lots")
    return lot


def _planned_instrument(jurisdiction: str) -> str:
    return "grant_short" if jurisdiction == "KZ" else "sso"


def _call(context, seed: CallSeed, plan, opens_at, closes_at, financial_year) -> Call:
    body = context.organisations[seed.body]
    jurisdiction = body.jurisdiction_id
    official = context.users[OFFICIALS[seed.body]]
    compliance_due = None
    if seed.state in CLOSED_STATES:
        closes_on = timezone.localtime(closes_at, local_zone(jurisdiction)).date()
        days = rule_value(jurisdiction, "call.eligibility_check_working_days", on=closes_on)
        try:
            compliance_due = working_days_add(jurisdiction, closes_on, days)
        except CalendarNotCovered:
            compliance_due = None  # the holidays of that year are not loaded: no guessing
    call = Call(
        body=body,
        plan=plan,
        jurisdiction_id=jurisdiction,
        instrument=seed.instrument,
        reference=f"{jurisdiction}-{seed.key}-{financial_year}",
        state=seed.state,
        opens_at=opens_at,
        closes_at=closes_at,
        financial_year=financial_year,
        languages=["kk", "ru"] if jurisdiction == "KZ" else ["tg", "ru"],
        announced_at=None if seed.state == CallState.DRAFT else opens_at - timedelta(days=5),
        compliance_due=compliance_due,
        **{f"title_{code}": text for code, text in seed.titles.items()},
        **{f"description_{code}": text for code, text in seed.descriptions.items()},
    )
    call.full_clean(validate_constraints=False)
    call.save()
    context.count("calls")
    first = plan.lots.count() + 1
    lots = [
        _lot(context, plan, lot_seed, first + n, call, financial_year)
        for n, lot_seed in enumerate(seed.lots)
    ]
    documents = RequiredDocument.objects.bulk_create(
        [
            RequiredDocument(
                call=call,
                order=order,
                required=required,
                kinds=kinds,
                **{f"name_{code}": text for code, text in names.items()},
            )
            for order, (names, kinds, required) in enumerate(DOCUMENTS)
        ]
    )
    criteria_set = CriteriaSet.objects.create(call=call)
    Criterion.objects.bulk_create(
        [
            Criterion(
                criteria_set=criteria_set,
                order=order,
                max_points=points,
                weight=Decimal(weight),
                **{f"name_{code}": text for code, text in names.items()},
                **{f"description_{code}": text for code, text in descriptions.items()},
            )
            for order, (names, descriptions, points, weight) in enumerate(CRITERIA)
        ]
    )
    context.count("required documents", len(documents))
    context.count("criteria", len(CRITERIA))
    if seed.amendment:
        before = closes_at - timedelta(days=seed.amendment.extend_days)
        Amendment.objects.create(
            call=call,
            number=1,
            reason=seed.amendment.reason,
            # Recorded as the amendment service records it (core.audit.diff).
            changes=diff(call, {"closes_at": before}, ["closes_at"]),
            created_by=official,
        )
        context.count("amendments")
    for n, application_seed in enumerate(seed.applications):
        _application(context, call, lots, documents, application_seed, n, official)
    return call


def _author(context: Context, organisation_key: str, seed: ApplicationSeed) -> User:
    if seed.author:
        return context.users[seed.author]
    organisation = context.organisations[organisation_key]
    email = f"contact@{organisation.website.split('//')[1].rstrip('/')}"
    if email not in context.users:
        user = User.objects.create(
            email=email,
            full_name=f"{organisation.name_ru}: контактное лицо"[:200],
            preferred_language=seed.language,
            password=context.password_hash,
        )
        Membership.objects.create(
            user=user,
            organisation=organisation,
            role=MembershipRole.ADMIN,
            status=MembershipStatus.ACTIVE,
            position="Руководитель проектов",
        )
        context.users[email] = user
        context.count("contact persons")
    return context.users[email]


def _moment(call: Call, now: datetime, index: int, of: int = 10) -> datetime:
    """A moment inside the window (and before now), spread by `index`."""
    end = min(call.closes_at, now) - timedelta(minutes=30)
    span = end - call.opens_at
    return call.opens_at + span * ((index % of) + 1) / (of + 1)


def _application(context, call, lots, documents, seed: ApplicationSeed, index, official) -> None:
    organisation = context.organisations[seed.organisation]
    author = _author(context, seed.organisation, seed)
    lot = lots[seed.lot - 1]
    jurisdiction = call.jurisdiction_id
    unit = ROUNDING[jurisdiction]
    requested = (lot.budget * Decimal(seed.share) / unit).to_integral_value(ROUND_DOWN) * unit
    prefix = RULE_PREFIX[call.instrument]
    family = prefix.split(".")[0]  # caps are set per family: grant, sso
    on = date(call.financial_year, 1, 1)
    cap = Decimal(str(_rule(jurisdiction, f"{family}.institutional_cost_cap", on) or 0))
    closes_on = timezone.localtime(call.closes_at, local_zone(jurisdiction)).date()
    start = add_months(closes_on + timedelta(days=45), 0)
    language = seed.language
    content = project_content(
        language=language,
        title=seed.title,
        topic=getattr(lot, f"title_{language}") or lot.title_ru,
        organisation=getattr(organisation, f"name_{language}") or organisation.name_ru,
        group=GROUP_WORDS[language],
        regions=[organisation.region_id]
        if organisation.region_id in set(lot.regions.values_list("code", flat=True))
        else list(lot.regions.values_list("code", flat=True)[:1]),
        months=lot.duration_months,
        start=start,
        requested=requested,
        institutional_cap=cap,
        size=40 + (index * 37) % 260,
        team_names=(author.full_name, "", ""),
        unit=unit,
    )
    assert not content_problems(content), content_problems(content)
    totals = content_totals(content)
    state = ApplicationState.DRAFT if seed.state == "draft" else (
        ApplicationState.WITHDRAWN if seed.state == "withdrawn" else ApplicationState.SUBMITTED
    )  # fmt: skip
    application = Application.objects.create(
        call=call,
        lot=lot,
        organisation=organisation,
        created_by=author,
        state=state,
        content=content,
        title=content["title"],
        amount_requested=totals.requested,
        cofinancing=totals.cofinancing,
        currency=lot.currency,
        created_at=call.opens_at + timedelta(hours=6 + index),
    )
    context.count("applications")
    if seed.state == "draft":
        return
    moments = [_moment(call, context.now, index)]
    if seed.state == "resubmitted":
        moments.append(_moment(call, context.now, index + 5))
    required = [d for d in documents if d.required]
    # One demo applicant forgot its budget: the check (and the official) say so.
    attached = required[:1] if seed.documents_missing else required
    for document in attached:
        _attach(application, document, author, moments[0] - timedelta(hours=2))
        context.count("attachments")
    versions: list[ApplicationVersion] = []
    for number, moment in enumerate(moments, start=1):
        # An earlier version had the risks only half written.
        application.content = (
            content if number == len(moments) else {**content, "risks": content["risks"][:1]}
        )
        snapshot = snapshot_build(application, number=number, submitted_at=moment)
        version = ApplicationVersion.objects.create(
            application=application,
            number=number,
            snapshot=snapshot,
            digest=snapshot_digest(snapshot),
            submitted_at=moment,
            submitted_by=author,
            idempotency_key=hashlib.sha256(f"demo:{application.pk}:{number}".encode()).hexdigest(),
        )
        if versions:
            versions[-1].superseded_at = moment
            versions[-1].save(update_fields=["superseded_at"])
        versions.append(version)
        context.count("application versions")
        checks = eligibility_run(version, language=language)
        EligibilityCheck.objects.filter(version=version).update(checked_at=moment)
        context.count("eligibility checks", len(checks))
    current = versions[-1]
    application.current_version = current
    application.submitted_at = current.submitted_at
    fields = ["current_version", "submitted_at"]
    decided = seed.compliance != Compliance.PENDING
    if decided and call.state in CLOSED_STATES and state == ApplicationState.SUBMITTED:
        application.compliance = seed.compliance
        application.compliance_reason = seed.compliance_reason
        application.compliance_by = official
        application.compliance_at = call.closes_at + timedelta(days=2, hours=index)
        fields += ["compliance", "compliance_reason", "compliance_by", "compliance_at"]
    Application.objects.filter(pk=application.pk).update(
        **{name: getattr(application, name) for name in fields}
    )


def _attach(application, document, author, moment) -> None:
    sha = hashlib.sha256(DEMO_PDF + str(application.pk).encode() + str(document.pk).encode())
    attachment = Attachment(
        application=application,
        document=document,
        original_name=f"{document.name_en.lower().replace(' ', '-')}.pdf",
        kind="pdf",
        content_type="application/pdf",
        size=0,
        sha256=sha.hexdigest(),
        uploaded_by=author,
        uploaded_at=moment,
    )
    data = DEMO_PDF + f"% {application.pk}-{document.pk}\n".encode()
    attachment.sha256 = hashlib.sha256(data).hexdigest()
    attachment.size = len(data)
    name = default_storage.save(attachment_path(attachment, ""), ContentFile(data))
    attachment.file.name = name
    attachment.save()


def _flag_unreliable_supplier(context: Context) -> None:
    """One KZ organisation is on the register of unreliable suppliers (a failed contract)."""
    flag = UnreliableSupplierFlag.objects.create(
        organisation=context.organisations["tutynushy"],
        reason="Договор государственного социального заказа 2024 года не исполнен: услуги "
        "оказаны не в полном объёме, акт не подписан.",
        set_by=context.users["operator@demo.hamkori.org"],
    )
    # Flagged long before the demo's calls opened (set_at is filled in on insert).
    UnreliableSupplierFlag.objects.filter(pk=flag.pk).update(
        set_at=context.now - timedelta(days=200)
    )
    context.count("unreliable supplier flags")
