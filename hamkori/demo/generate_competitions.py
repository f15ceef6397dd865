"""Generator steps for funding competitions (`hamkori generate --calls N --applications N`):
state bodies (made when missing), plans with budget lines, calls with lots, documents and
criteria spread over states and years around today, and applications of the organisations of
this run spread over the calls' lots, one per organisation and lot, with complete content of a
few KB and, once submitted, a frozen version with its digest.

Bands, durations and deadline times come from the rules (bands as in force today, converted
with the MRP of the call's financial year); windows are relative to today. Eligibility checks
are not generated: they are the submission service's to make and would add seven rows per
version without changing what the benchmarks measure."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal

from django.contrib.auth.hashers import make_password
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from hamkori.accounts.models import Membership, MembershipRole, MembershipStatus, User
from hamkori.applications.content import content_totals
from hamkori.applications.models import Application, ApplicationVersion, Compliance
from hamkori.applications.receipt import snapshot_digest
from hamkori.calls.models import (
    RULE_PREFIX,
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
from hamkori.calls.workflow import CallState
from hamkori.demo.application_content import add_months, project_content
from hamkori.demo.competition_data import CRITERIA, DOCUMENTS
from hamkori.demo.data import PASSWORD
from hamkori.demo.generate import (
    CURRENCY,
    KZ_ACTIVITIES,
    KZ_BRANDS,
    TJ_ACTIVITIES,
    TJ_BRANDS,
    GenerateRun,
    batched,
    generator_step,
)
from hamkori.registry.models import Organisation, OrganisationKind, Region
from hamkori.rules.selectors import RuleMissing, local_datetime, rule_value

# Which bodies run which instruments (DOMAIN.md §2): the grant operator grants, ministries
# the social order, awards and subsidies, local executives the social order and subsidies.
INSTRUMENTS_OF_KIND = {
    OrganisationKind.GRANT_OPERATOR: (
        Instrument.GRANT_SHORT,
        Instrument.GRANT_SHORT,
        Instrument.GRANT_MEDIUM,
        Instrument.GRANT_LONG,
    ),
    OrganisationKind.MINISTRY: (
        Instrument.SSO,
        Instrument.SSO,
        Instrument.AWARD,
        Instrument.SUBSIDY,
    ),
    OrganisationKind.AGENCY: (Instrument.SSO,),
    OrganisationKind.LOCAL_EXECUTIVE: (Instrument.SSO, Instrument.SSO, Instrument.SUBSIDY),
    OrganisationKind.QUASI_PUBLIC: (Instrument.SUBSIDY,),
}
# Tajikistan's rules know only the social order (and subsidies, set per programme).
TJ_INSTRUMENTS = (Instrument.SSO, Instrument.SSO, Instrument.SUBSIDY)
# (state, weight, closing relative to today in days: from, to)
CALL_STATES = (
    (CallState.DRAFT, 4, (35, 70)),
    (CallState.ANNOUNCED, 6, (31, 50)),
    (CallState.OPEN, 20, (1, 24)),
    (CallState.CLOSED, 12, (-9, -1)),
    (CallState.UNDER_REVIEW, 14, (-45, -10)),
    (CallState.DECIDED, 18, (-200, -46)),
    (CallState.FINAL, 22, (-330, -60)),
    (CallState.CANCELLED, 4, (2, 20)),
)
OPEN_FOR_APPLICATIONS = (
    CallState.OPEN,
    CallState.CLOSED,
    CallState.UNDER_REVIEW,
    CallState.DECIDED,
    CallState.FINAL,
)
CHECKED = (CallState.UNDER_REVIEW, CallState.DECIDED, CallState.FINAL)
# Budgets of lots where no band applies (social order, subsidies), in whole currency units.
UNBANDED_BUDGET = {"KZ": (5_000_000, 60_000_000), "TJ": (40_000, 300_000)}
ROUNDING = {"KZ": Decimal(1000), "TJ": Decimal(100)}
INSTRUMENT_RU = {
    Instrument.SSO: "Государственный социальный заказ",
    Instrument.GRANT_SHORT: "Краткосрочные гранты",
    Instrument.GRANT_MEDIUM: "Среднесрочные гранты",
    Instrument.GRANT_LONG: "Долгосрочные гранты",
    Instrument.SUBSIDY: "Субсидии",
    Instrument.AWARD: "Премии для НПО",
}
TARGET_OF_AREA = {
    "vulnerable-groups": TargetGroup.DISABILITY,
    "children": TargetGroup.CHILDREN,
    "youth": TargetGroup.YOUTH,
    "family-gender": TargetGroup.WOMEN,
    "health": TargetGroup.ELDERLY,
    "rights": TargetGroup.LOW_INCOME,
}

GRANT_OPERATOR, MINISTRY = OrganisationKind.GRANT_OPERATOR, OrganisationKind.MINISTRY
KZ_BODIES = (
    (GRANT_OPERATOR, "KZ-71", "Оператор государственных грантов", "Гранттар операторы"),
    (MINISTRY, "KZ-71", "Министерство социального развития", "Әлеуметтік даму министрлігі"),
    (MINISTRY, "KZ-71", "Министерство молодёжной политики", "Жастар саясаты министрлігі"),
)
TJ_BODIES = (
    (OrganisationKind.AGENCY, "TJ-DU", "Агентство социальной защиты", "Агентии ҳифзи иҷтимоӣ"),
)


@dataclass(slots=True)
class GeneratedBody:
    pk: int
    jurisdiction: str
    kind: str
    region: str
    official: int  # user pk


@dataclass(slots=True)
class GeneratedLot:
    pk: int
    call: int
    jurisdiction: str
    budget: Decimal
    months: int
    title: dict[str, str]
    regions: tuple[str, ...]
    instrument: str


@dataclass(slots=True)
class GeneratedCall:
    pk: int
    reference: str
    jurisdiction: str
    state: str
    opens_at: datetime
    closes_at: datetime
    financial_year: int
    title: dict[str, str]
    official: int
    lots: list[GeneratedLot]


def _rule(jurisdiction: str, key: str, on: date):
    try:
        return rule_value(jurisdiction, key, on=on)
    except RuleMissing:
        return None


class Rules:
    """Rule values the steps need, read once per (jurisdiction, key, date)."""

    def __init__(self, today: date) -> None:
        self.today, self.cache = today, {}

    def value(self, jurisdiction: str, key: str, on: date | None = None):
        cache_key = (jurisdiction, key, on or self.today)
        if cache_key not in self.cache:
            self.cache[cache_key] = _rule(jurisdiction, key, on or self.today)
        return self.cache[cache_key]

    def band(self, jurisdiction: str, instrument: str, year: int):
        prefix = RULE_PREFIX[Instrument(instrument)]
        low = self.value(jurisdiction, f"{prefix}.min_mrp")
        high = self.value(jurisdiction, f"{prefix}.max_mrp")
        mrp = self.value(jurisdiction, "mrp", date(year, 1, 1))
        if mrp is None or (low is None and high is None):
            return None, None
        mrp = Decimal(str(mrp))
        return (
            Decimal(str(low)) * mrp if low is not None else None,
            Decimal(str(high)) * mrp if high is not None else None,
        )

    def months(self, jurisdiction: str, instrument: str) -> tuple[int, int]:
        prefix = RULE_PREFIX[Instrument(instrument)]
        low = self.value(jurisdiction, f"{prefix}.min_months")
        high = self.value(jurisdiction, f"{prefix}.max_months")
        return (low or 6, high or 12)

    def cap(self, jurisdiction: str, instrument: str) -> Decimal:
        family = RULE_PREFIX[Instrument(instrument)].split(".")[0]
        value = self.value(jurisdiction, f"{family}.institutional_cost_cap")
        return Decimal(str(value)) if value is not None else Decimal(0)


def _wants_competitions(run: GenerateRun) -> bool:
    options = run.options
    return bool(options.calls or options.applications or options.applications_in_one_call)


def _official(run: GenerateRun, organisation: Organisation, password_hash: str) -> int:
    email = f"official.{organisation.identifier}@gov.example.org"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(
            email=email, full_name=f"Official of {organisation.name}", password=password_hash
        )
        Membership.objects.create(
            user=user,
            organisation=organisation,
            role=MembershipRole.ADMIN,
            status=MembershipStatus.ACTIVE,
        )
        run.created["officials"] = run.created.get("officials", 0) + 1
    return user.pk


@generator_step("state bodies")
def bodies_generate(run: GenerateRun) -> dict[str, int]:
    """The funding bodies of the chosen countries: those in the database, or a small set made
    now (a grant operator, ministries, an akimat or hukumat per region), each with an official."""
    if not _wants_competitions(run):
        return {}
    from hamkori.demo.generate import _identifiers

    identifier_for = _identifiers(run)
    password_hash = make_password(PASSWORD)
    run.created = {}
    made = 0
    regions = dict(Region.objects.values_list("code", "jurisdiction_id"))
    for jurisdiction in run.options.jurisdictions:
        existing = list(
            Organisation.objects.filter(
                jurisdiction_id=jurisdiction, kind__in=list(INSTRUMENTS_OF_KIND)
            ).order_by("pk")
        )
        if not existing:
            seeds = list(KZ_BODIES if jurisdiction == "KZ" else TJ_BODIES)
            word = "Акимат" if jurisdiction == "KZ" else "Хукумат"
            local = "әкімдігі" if jurisdiction == "KZ" else "Ҳукумати"
            seeds += [
                (OrganisationKind.LOCAL_EXECUTIVE, code, f"{word} {code}", f"{code} {local}")
                for code, j in sorted(regions.items())
                if j == jurisdiction
            ]
            for kind, region, name_ru, name_local in seeds:
                organisation = Organisation(
                    jurisdiction_id=jurisdiction,
                    kind=kind,
                    identifier=identifier_for(jurisdiction, date(2001, 1, 1)),
                    region_id=region,
                    registered_on=date(2001, 1, 1),
                    status="active",
                    name_ru=name_ru,
                    **{"name_kk" if jurisdiction == "KZ" else "name_tg": name_local},
                )
                organisation.refresh_derived()
                organisation.save()
                existing.append(organisation)
                made += 1
        for organisation in existing:
            run.bodies.append(
                GeneratedBody(
                    organisation.pk,
                    jurisdiction,
                    organisation.kind,
                    organisation.region_id,
                    _official(run, organisation, password_hash),
                )
            )
    return {"state bodies": made, "officials": run.created.get("officials", 0)}


def _instrument_for(rng: random.Random, body: GeneratedBody) -> str:
    if body.jurisdiction == "TJ":
        return rng.choice(TJ_INSTRUMENTS)
    return rng.choice(INSTRUMENTS_OF_KIND[OrganisationKind(body.kind)])


class Plans:
    """The plan of each (body, year), made when first needed, with one budget line; lots are
    numbered on from the plan's highest number."""

    def __init__(self, run: GenerateRun) -> None:
        self.run = run
        self.plans: dict[tuple[int, int], FundingPlan] = {}
        self.lines: dict[int, BudgetLine] = {}
        self.numbers: dict[int, int] = {}
        bodies = [b.pk for b in run.bodies]
        for plan in FundingPlan.objects.filter(body_id__in=bodies):
            self.plans[plan.body_id, plan.year] = plan
        for line in BudgetLine.objects.filter(plan__body_id__in=bodies).order_by("-pk"):
            self.lines[line.plan_id] = line
        for plan_id, number in (
            Lot.objects.filter(plan__body_id__in=bodies)
            .values_list("plan_id")
            .annotate(n=Max("number"))
        ):
            self.numbers[plan_id] = number
        self.made_plans = self.made_lines = 0

    def of(self, body: GeneratedBody, year: int) -> FundingPlan:
        key = (body.pk, year)
        if key not in self.plans:
            plan = FundingPlan.objects.create(
                body_id=body.pk,
                jurisdiction_id=body.jurisdiction,
                year=year,
                status=PlanStatus.PUBLISHED,
                published_at=timezone.now(),
                title_ru=f"План финансирования проектов НПО на {year} год",
                title_en=f"Funding plan for NGO projects, {year}",
            )
            self.plans[key] = plan
            self.lines[plan.pk] = BudgetLine.objects.create(
                plan=plan,
                programme_code=f"{100 + body.pk % 800:03d} {100 + year % 100:03d}",
                name_ru="Государственная поддержка неправительственных организаций",
                amount=Decimal(0),
                currency=CURRENCY[body.jurisdiction],
            )
            self.made_plans += 1
            self.made_lines += 1
        return self.plans[key]

    def next_number(self, plan: FundingPlan) -> int:
        self.numbers[plan.pk] = self.numbers.get(plan.pk, 0) + 1
        return self.numbers[plan.pk]


@generator_step("plans")
def plans_generate(run: GenerateRun) -> dict[str, int]:
    """`--plans-per-body` plans for each body, ending with next year's."""
    if not _wants_competitions(run):
        return {}
    run.plans = Plans(run)
    last = run.today.year + 1
    for body in run.bodies:
        for year in range(last - run.options.plans_per_body + 1, last + 1):
            run.plans.of(body, year)
    return {}


def _window(rng, jurisdiction: str, state: str, low: int, high: int, rules: Rules, today: date):
    closes_on = today + timedelta(days=rng.randint(low, high))
    deadline = str(rules.value(jurisdiction, "call.deadline_time") or "18:00")
    hour, minute = (int(x) for x in deadline.split(":"))
    closes_at = local_datetime(jurisdiction, closes_on, time(hour, minute))
    shortest = rules.value(jurisdiction, "call.min_days") or 20
    longest = rules.value(jurisdiction, "call.max_days") or 30
    opens_on = closes_on - timedelta(days=rng.randint(shortest, longest))
    return local_datetime(jurisdiction, opens_on, time(9, 0)), closes_at, closes_on


def _lot_budget(rng, rules: Rules, jurisdiction: str, instrument: str, year: int) -> Decimal:
    low, high = rules.band(jurisdiction, instrument, year)
    unit = ROUNDING[jurisdiction]
    if low is None and high is None:
        low, high = (Decimal(v) for v in UNBANDED_BUDGET[jurisdiction])
    elif high is None:
        high = low * 2
    elif low is None:
        low = high / 4
    steps = int((high - low) / unit)
    return (low + unit * rng.randint(1, max(steps - 1, 1))).quantize(Decimal("0.01"))


@dataclass
class CallsMade:
    calls: int = 0
    lots: int = 0
    documents: int = 0
    criteria: int = 0


def _make_calls(run, specs, rules: Rules, made: CallsMade, label: str) -> list[GeneratedCall]:
    """Insert calls from `specs` (body, instrument, state, opens, closes, closes_on), each with
    lots, required documents and a criteria set, in batches."""
    rng = run.rng(f"lots:{label}")
    areas = sorted({code for *_, codes in (*KZ_ACTIVITIES, *TJ_ACTIVITIES) for code in codes})
    regions_of = {"KZ": [], "TJ": []}
    for code, jurisdiction in Region.objects.values_list("code", "jurisdiction_id"):
        regions_of[jurisdiction].append(code)
    serial = Call.objects.count()
    generated: list[GeneratedCall] = []
    progress = run.progress(label, len(specs))
    for chunk in batched(specs, max(run.options.batch_size // 10, 1)):
        calls, extra = [], []
        for body, instrument, state, opens_at, closes_at, closes_on in chunk:
            serial += 1
            year = (closes_on + timedelta(days=45)).year
            plan = run.plans.of(body, year)
            activity = rng.choice(KZ_ACTIVITIES if body.jurisdiction == "KZ" else TJ_ACTIVITIES)
            topic = activity[0] if body.jurisdiction == "KZ" else activity[1]
            title = {
                "ru": f"{INSTRUMENT_RU[instrument]} {year}: {topic}",
                "en": f"{str(Instrument(instrument).label).capitalize()} {year}, call {serial}",
            }
            calls.append(
                Call(
                    body_id=body.pk,
                    plan=plan,
                    jurisdiction_id=body.jurisdiction,
                    instrument=instrument,
                    reference=f"GEN-{body.jurisdiction}-{year}-{serial:06d}",
                    title_ru=title["ru"],
                    title_en=title["en"],
                    state=state,
                    opens_at=opens_at,
                    closes_at=closes_at,
                    financial_year=year,
                    languages=["kk", "ru"] if body.jurisdiction == "KZ" else ["tg", "ru"],
                    announced_at=None if state == CallState.DRAFT else opens_at - timedelta(days=5),
                )
            )
            extra.append((body, plan, year, title))
        Call.objects.bulk_create(calls)
        lots, documents, sets = [], [], []
        for call, (body, plan, year, _title) in zip(calls, extra, strict=True):
            low, high = rules.months(body.jurisdiction, call.instrument)
            for _ in range(run.options.lots_per_call):
                activity = rng.choice(KZ_ACTIVITIES if body.jurisdiction == "KZ" else TJ_ACTIVITIES)
                area = next((a for a in activity[2] if a in areas), "other")
                budget = _lot_budget(rng, rules, body.jurisdiction, call.instrument, year)
                line = run.plans.lines[plan.pk]
                line.amount += budget
                lot = Lot(
                    plan=plan,
                    budget_line=line,
                    call=call,
                    number=run.plans.next_number(plan),
                    instrument=call.instrument,
                    title_ru=activity[0] if body.jurisdiction == "KZ" else activity[1],
                    **{
                        "title_kk" if body.jurisdiction == "KZ" else "title_tg": activity[1]
                        if body.jurisdiction == "KZ"
                        else activity[0]
                    },
                    area_id=area,
                    target_group=TARGET_OF_AREA.get(area, TargetGroup.GENERAL),
                    budget=budget,
                    currency=CURRENCY[body.jurisdiction],
                    duration_months=rng.randint(low, high),
                )
                region = (
                    body.region
                    if body.kind == OrganisationKind.LOCAL_EXECUTIVE
                    else rng.choice(regions_of[body.jurisdiction])
                )
                lots.append((lot, region))
            documents += [
                RequiredDocument(
                    call=call,
                    order=order,
                    required=required,
                    kinds=kinds,
                    **{f"name_{code}": text for code, text in names.items()},
                )
                for order, (names, kinds, required) in enumerate(DOCUMENTS)
            ]
            sets.append(CriteriaSet(call=call))
        Lot.objects.bulk_create([lot for lot, _ in lots])
        Through = Lot.regions.through
        Through.objects.bulk_create(
            [Through(lot_id=lot.pk, region_id=region) for lot, region in lots]
        )
        RequiredDocument.objects.bulk_create(documents)
        CriteriaSet.objects.bulk_create(sets)
        Criterion.objects.bulk_create(
            [
                Criterion(
                    criteria_set=criteria_set,
                    order=order,
                    max_points=points,
                    weight=Decimal(weight),
                    name_en=names["en"],
                    name_ru=names["ru"],
                )
                for criteria_set in sets
                for order, (names, _, points, weight) in enumerate(CRITERIA)
            ]
        )
        by_call: dict[int, list[GeneratedLot]] = {}
        for lot, region in lots:
            by_call.setdefault(lot.call_id, []).append(
                GeneratedLot(
                    lot.pk,
                    lot.call_id,
                    lot.plan.jurisdiction_id,
                    lot.budget,
                    lot.duration_months,
                    {"ru": lot.title_ru, "kk": lot.title_kk, "tg": lot.title_tg},
                    (region,),
                    lot.instrument,
                )
            )
        for call, (body, _, year, title) in zip(calls, extra, strict=True):
            generated.append(
                GeneratedCall(
                    call.pk,
                    call.reference,
                    body.jurisdiction,
                    call.state,
                    call.opens_at,
                    call.closes_at,
                    year,
                    title,
                    body.official,
                    by_call[call.pk],
                )
            )
        made.calls += len(calls)
        made.lots += len(lots)
        made.documents += len(documents)
        made.criteria += len(sets) * len(CRITERIA)
        progress.advance(len(chunk))
    progress.close()
    for line in run.plans.lines.values():
        BudgetLine.objects.filter(pk=line.pk).update(amount=line.amount)
    return generated


@generator_step("calls")
def calls_generate(run: GenerateRun) -> dict[str, int]:
    """`--calls N` calls spread over the bodies, states and the years around today, plus the
    call of `--applications-in-one-call` (closed two days ago, on the busiest country's
    first body) when asked for."""
    options = run.options
    if not _wants_competitions(run):
        return {}
    rng = run.rng("calls")
    rules = Rules(run.today)
    run.rules = rules
    states = [(state, span) for state, _, span in CALL_STATES]
    weights = [weight for _, weight, _ in CALL_STATES]
    # Bodies weighted like the organisations: most calls are in Kazakhstan.
    kz = [b for b in run.bodies if b.jurisdiction == "KZ"]
    tj = [b for b in run.bodies if b.jurisdiction == "TJ"]
    specs = []
    for _ in range(options.calls):
        pool = kz if (kz and (not tj or rng.random() < 0.85)) else tj
        body = rng.choice(pool)
        state, (low, high) = rng.choices(states, weights=weights)[0]
        window = _window(rng, body.jurisdiction, state, low, high, rules, run.today)
        specs.append((body, _instrument_for(rng, body), state, *window))
    made = CallsMade()
    run.calls = _make_calls(run, specs, rules, made, "calls")
    run.big_call = None
    if options.applications_in_one_call:
        counts: dict[str, int] = {}
        for org in run.organisations:
            counts[org.jurisdiction] = counts.get(org.jurisdiction, 0) + 1
        jurisdiction = max(counts, key=counts.get)
        body = next(b for b in run.bodies if b.jurisdiction == jurisdiction)
        window = _window(rng, jurisdiction, CallState.CLOSED, -2, -2, rules, run.today)
        spec = (body, _instrument_for(rng, body), CallState.CLOSED, *window)
        run.big_call = _make_calls(run, [spec], rules, made, "large call")[0]
        run.notes.append(
            f"call with {options.applications_in_one_call:,} submitted applications: "
            f"/applications/call/{run.big_call.pk}/ (official: "
            f"{User.objects.get(pk=body.official).email})"
        )
    return {
        "funding plans": run.plans.made_plans,
        "budget lines": run.plans.made_lines,
        "calls": made.calls,
        "lots": made.lots,
        "required documents": made.documents,
        "criteria": made.criteria,
    }


def _state_of(rng, call_state: str) -> tuple[str, str]:
    """(application state, compliance) as they are found in a call of `call_state`."""
    roll = rng.random()
    if call_state == CallState.OPEN:
        state = "draft" if roll < 0.4 else ("withdrawn" if roll < 0.45 else "submitted")
    else:
        state = "draft" if roll < 0.1 else ("withdrawn" if roll < 0.14 else "submitted")
    compliance = Compliance.PENDING
    if state == "submitted" and call_state in CHECKED:
        compliance = Compliance.COMPLIANT if rng.random() < 0.8 else Compliance.NON_COMPLIANT
    return state, compliance


def _applications(run, call: GeneratedCall, wanted: int, rng, members, every_submitted=False):
    """`wanted` applications to the lots of `call` from distinct organisations of its country
    per lot (one per organisation and lot); fewer when the country has too few."""
    pool = run.pool[call.jurisdiction]
    per_lot = [
        wanted // len(call.lots) + (i < wanted % len(call.lots)) for i in range(len(call.lots))
    ]
    unit = ROUNDING[call.jurisdiction]
    start = add_months(call.closes_at.astimezone(UTC).date() + timedelta(days=45), 0)
    end = min(call.closes_at, run.now) - timedelta(minutes=5)
    span = max((end - call.opens_at).total_seconds(), 60)
    languages = ("kk", "ru") if call.jurisdiction == "KZ" else ("tg", "ru")
    brands = KZ_BRANDS if call.jurisdiction == "KZ" else TJ_BRANDS
    for lot, count in zip(call.lots, per_lot, strict=True):
        if count <= 0:
            continue
        cap = run.rules.cap(call.jurisdiction, lot.instrument)
        band_low, _ = run.rules.band(call.jurisdiction, lot.instrument, call.financial_year)
        floor = max(band_low or Decimal(0), lot.budget * Decimal("0.6"))
        for org in rng.sample(pool, min(count, len(pool))):
            state, compliance = (
                ("submitted", _state_of(rng, call.state)[1])
                if every_submitted
                else _state_of(rng, call.state)
            )
            language = rng.choice(languages)
            requested = floor + (lot.budget - floor) * Decimal(rng.random())
            requested = (requested / unit).to_integral_value(ROUND_DOWN) * unit
            requested = max(requested, (floor / unit).to_integral_value() * unit)
            title = f"{lot.title.get(language) or lot.title['ru']}: «{rng.choice(brands)}»"
            content = project_content(
                language=language,
                title=title[:300],
                topic=lot.title.get(language) or lot.title["ru"],
                organisation=org.name,
                group="целевая группа лота" if language == "ru" else "нысаналы топ",
                regions=list(lot.regions),
                months=lot.months,
                start=start,
                requested=min(requested, lot.budget),
                institutional_cap=cap,
                size=rng.randint(20, 600),
                team_names=(members.get(org.pk, ("", ""))[1], "", ""),
                unit=unit,
            )
            totals = content_totals(content)
            submitted_at = (
                call.opens_at + timedelta(seconds=rng.uniform(0, span))
                if state != "draft"
                else None
            )
            yield org, lot, state, compliance, content, totals, submitted_at


@generator_step("applications")
def applications_generate(run: GenerateRun) -> dict[str, int]:
    """`--applications N` spread over the calls that took applications, and the large call's
    `--applications-in-one-call`, all submitted. Submitted and withdrawn ones get version 1
    with its snapshot and digest."""
    options = run.options
    wanted = options.applications
    big = options.applications_in_one_call
    if not (wanted or big):
        return {}
    rng = run.rng("applications")
    members = run.members
    fallback = None
    run.pool = {"KZ": [], "TJ": []}
    for org in run.organisations:
        if org.status == "active":
            run.pool[org.jurisdiction].append(org)
    taking = [c for c in run.calls if c.state in OPEN_FOR_APPLICATIONS]
    if wanted and not taking:
        raise ValueError("no call takes applications: add --calls")
    plan: list[tuple[GeneratedCall, int, bool]] = []
    if wanted:
        shares = [rng.random() + 0.2 for _ in taking]
        total = sum(shares)
        counts = [int(wanted * share / total) for share in shares]
        for i in range(wanted - sum(counts)):
            counts[i % len(counts)] += 1
        plan += [(call, n, False) for call, n in zip(taking, counts, strict=True)]
    if big:
        plan.append((run.big_call, big, True))
    if not members:
        fallback = _fallback_author()
    made = {"applications": 0, "application versions": 0}
    progress = run.progress("applications", wanted + big)

    def rows():
        for call, count, every_submitted in plan:
            yield from (
                (call, *row)
                for row in _applications(run, call, count, rng, members, every_submitted)
            )

    for batch in batched(rows(), options.batch_size):
        applications = []
        for call, org, lot, state, compliance, content, totals, submitted_at in batch:
            author = members[org.pk][0] if org.pk in members else fallback
            applications.append(
                Application(
                    call_id=call.pk,
                    lot_id=lot.pk,
                    organisation_id=org.pk,
                    created_by_id=author,
                    state=state,
                    content=content,
                    title=content["title"][:300],
                    amount_requested=totals.requested,
                    cofinancing=totals.cofinancing,
                    currency=CURRENCY[call.jurisdiction],
                    submitted_at=submitted_at,
                    compliance=compliance,
                    compliance_by_id=call.official if compliance != "pending" else None,
                    compliance_at=call.closes_at + timedelta(days=3)
                    if compliance != "pending"
                    else None,
                    created_at=call.opens_at,
                )
            )
        Application.objects.bulk_create(applications)
        versions = []
        for application, (call, org, lot, *_rest) in zip(applications, batch, strict=True):
            if application.state == "draft":
                continue
            snapshot = _snapshot(application, call, lot, org)
            versions.append(
                ApplicationVersion(
                    application_id=application.pk,
                    number=1,
                    snapshot=snapshot,
                    digest=snapshot_digest(snapshot),
                    submitted_at=application.submitted_at,
                    submitted_by_id=application.created_by_id,
                    idempotency_key=f"gen-{application.pk}-{rng.getrandbits(64):016x}",
                )
            )
        ApplicationVersion.objects.bulk_create(versions)
        Application.objects.filter(pk__in=[v.application_id for v in versions]).update(
            current_version=Subquery(
                ApplicationVersion.objects.filter(application=OuterRef("pk"))
                .order_by("-number")
                .values("pk")[:1]
            )
        )
        made["applications"] += len(applications)
        made["application versions"] += len(versions)
        progress.advance(len(batch))
    progress.close()
    return made


def _snapshot(application: Application, call: GeneratedCall, lot: GeneratedLot, org) -> dict:
    """The frozen form as `applications.receipt.snapshot_build` writes it (read without
    queries: nothing here has attachments)."""
    return {
        "version": 1,
        "submitted_at": application.submitted_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "application": application.pk,
        "call": {"id": call.pk, "reference": call.reference, "title": call.title},
        "lot": {"id": lot.pk, "number": None, "title": lot.title, "instrument": lot.instrument},
        "organisation": {
            "id": org.pk,
            "jurisdiction": org.jurisdiction,
            "identifier": org.identifier,
            "name": {"ru": org.name},
        },
        "currency": application.currency,
        "content": application.content,
        "attachments": [],
    }


def _fallback_author() -> int:
    """Without members (`--members-per-org 0`) one generated person authored every
    application: the rows need an author, the benchmarks do not care who."""
    user, _ = User.objects.get_or_create(
        email="applicant@generated.example.org",
        defaults={"full_name": "Generated applicant", "password": make_password(PASSWORD)},
    )
    return user.pk


# The contract steps register after the competitions': they use its calls and applications.
from hamkori.demo import generate_contracts  # noqa: E402, F401
