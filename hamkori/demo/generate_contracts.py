"""Generator step for contracts, payments and reports (`hamkori generate --contracts N`).

For the generated calls that are decided or final, each lot with a compliant application gets
one funded application (or only `--contracts N` lots): a commission meeting adopted, an award
entry per funded application and the published result of the call — the minimal decision rows a
contract needs — and then the contract with its items (the submitted budget), its tranches (the
rule set's schedule; an interim report and tranche on contracts over a year), signatures,
payment orders, ledger rows and reports with indicator actuals, financial lines and counts of
beneficiaries.

Each contract lives through a timeline that starts when the call's decision is published:
prepared, approved by a second official (above the rule's threshold), sent (committed),
signed, in force (the tranches on signature fall due), reports submitted and accepted or
returned around their due dates, tranches ordered by one official, approved by another and
paid, completed. Whatever falls after today has not happened yet, so recent decisions leave
drafts and contracts awaiting signatures and old ones completed contracts; a few stay drafts or
unsigned for longer and a few are terminated. When the contracts are five or more every state
occurs at least once.

Rows go in with bulk_create, not through the services; the budget lines' committed and
disbursed move by exactly the sums of the ledger rows, and awards never exceed the lot's
budget, so committed ≤ allocated and disbursed ≤ committed hold."""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db.models import F

from hamkori.accounts.models import Membership, MembershipRole, MembershipStatus, User
from hamkori.applications.content import decimal_of
from hamkori.applications.models import Application, ApplicationState, Compliance
from hamkori.calls.models import BudgetLine, Call, Instrument, Lot
from hamkori.calls.workflow import CallState
from hamkori.contracts.models import (
    Contract,
    ContractItem,
    ContractKind,
    ContractState,
    LedgerEntry,
    LedgerKind,
    Party,
    PaymentOrder,
    PaymentState,
    Signature,
    Tranche,
    TrancheCondition,
    TrancheState,
)
from hamkori.contracts.services import (
    KIND_BY_INSTRUMENT,
    TrancheSpec,
    _budget_items,
    contract_end,
    rule_schedule,
    split_by_shares,
)
from hamkori.decisions.models import CommissionMeeting, DecisionEntry, MeetingState, Outcome, Result
from hamkori.demo.data import PASSWORD
from hamkori.demo.generate import CURRENCY, GenerateRun, batched, generator_step
from hamkori.demo.generate_competitions import GeneratedCall, GeneratedLot
from hamkori.monitoring.models import (
    AgeBand,
    BeneficiaryCount,
    FinancialLine,
    IndicatorActual,
    Report,
    ReportKind,
    ReportReview,
    ReportState,
    Sex,
)
from hamkori.registry.models import Organisation
from hamkori.rules.selectors import RuleMissing, rule_get, rule_value

DECIDED = (CallState.DECIDED, CallState.FINAL)
# Officials set an interim report and tranche on contracts longer than this (months).
INTERIM_AFTER_MONTHS = 12
INTERIM_SCHEDULE = [
    TrancheSpec(Decimal("0.4"), TrancheCondition.SIGNATURE),
    TrancheSpec(Decimal("0.3"), TrancheCondition.INTERIM),
    TrancheSpec(Decimal("0.3"), TrancheCondition.FINAL),
]
# Kinds the rule sets give no schedule for: what officials set.
DEFAULT_SCHEDULE = {
    ContractKind.SUBSIDY: [
        TrancheSpec(Decimal("0.5"), TrancheCondition.SIGNATURE),
        TrancheSpec(Decimal("0.5"), TrancheCondition.FINAL),
    ],
    ContractKind.AWARD: [TrancheSpec(Decimal(1), TrancheCondition.SIGNATURE)],
}
# What happens to a contract apart from its timeline: most run their course.
FATES = {"course": 86, "draft": 4, "signing": 4, "terminated": 6}
TERMINATION_REASONS = (
    "Организация-исполнитель ликвидируется по решению её участников.",
    "Исполнитель не представил отчёт после двух напоминаний; договор расторгнут.",
    "Мероприятия проекта невозможно провести: помещение утрачено, замена не найдена.",
    "Исполнитель отказался от исполнения договора письмом руководителя.",
)
RETURN_COMMENTS = (
    "Приложите подтверждающие документы к расходам по статье «Мероприятия».",
    "Фактические значения индикаторов не совпадают с описанием; уточните.",
    "Не указаны участники мероприятий по возрастным группам.",
)
NARRATIVE = (
    "Проведены запланированные мероприятия: {done} из {planned}. Участники — {group}. "
    "Расходы соответствуют смете договора."
)
ZERO = Decimal("0.00")
CENT = Decimal("0.01")


@dataclass(slots=True)
class Award:
    application: int
    organisation: int
    amount: Decimal
    call: GeneratedCall
    lot: GeneratedLot
    body: int = 0
    line: int = 0
    target_group: str = "general"
    content: dict = field(default_factory=dict)


@dataclass
class Rows:
    """Rows of one batch, inserted parents first."""

    meetings: list = field(default_factory=list)
    entries: list = field(default_factory=list)
    results: list = field(default_factory=list)
    contracts: list = field(default_factory=list)
    items: list = field(default_factory=list)
    signatures: list = field(default_factory=list)
    tranches: list = field(default_factory=list)
    orders: list = field(default_factory=list)
    ledger: list = field(default_factory=list)
    reports: list = field(default_factory=list)
    reviews: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    financial: list = field(default_factory=list)
    beneficiaries: list = field(default_factory=list)

    def insert(self, counts: dict[str, int], batch_size: int) -> None:
        def put(model, rows, label):
            model.objects.bulk_create(rows, batch_size=batch_size)
            counts[label] = counts.get(label, 0) + len(rows)

        put(CommissionMeeting, self.meetings, "commission meetings")
        put(DecisionEntry, self.entries, "decision entries")
        put(Result, self.results, "results")
        put(Contract, self.contracts, "contracts")
        put(ContractItem, self.items, "contract items")
        put(Signature, self.signatures, "signatures")
        put(Tranche, self.tranches, "tranches")
        put(PaymentOrder, self.orders, "payment orders")
        put(LedgerEntry, self.ledger, "ledger entries")
        put(Report, self.reports, "reports")
        put(ReportReview, self.reviews, "report reviews")
        put(IndicatorActual, self.indicators, "indicator actuals")
        put(FinancialLine, self.financial, "financial lines")
        put(BeneficiaryCount, self.beneficiaries, "beneficiary counts")


def _days(rng: random.Random, low: int, high: int) -> timedelta:
    """A delay of `low` to `high` days, at some hour of the working day."""
    return timedelta(
        days=rng.randint(low, high), hours=rng.randint(0, 7), minutes=rng.randint(0, 59)
    )


def _awards(run: GenerateRun, rng: random.Random) -> list[Award]:
    """One compliant submitted application per lot of the decided and final calls, for every
    such lot or for `--contracts N` of them (in an order drawn from the seed)."""
    calls = {c.pk: c for c in run.calls if c.state in DECIDED}
    lots = {lot.pk: lot for call in calls.values() for lot in call.lots}
    candidates: dict[int, list[tuple]] = defaultdict(list)
    for chunk in batched(sorted(calls), 500):
        for row in (
            Application.objects.filter(
                call_id__in=chunk,
                state=ApplicationState.SUBMITTED,
                compliance=Compliance.COMPLIANT,
            )
            .order_by("pk")
            .values_list("pk", "organisation_id", "amount_requested", "call_id", "lot_id")
        ):
            candidates[row[4]].append(row)
    awards = []
    for lot_pk in sorted(candidates):
        pk, organisation, amount, call_pk, _ = rng.choice(candidates[lot_pk])
        awards.append(Award(pk, organisation, amount, calls[call_pk], lots[lot_pk]))
    rng.shuffle(awards)
    wanted = run.options.contracts
    if wanted is not None and wanted < len(awards):
        awards = awards[:wanted]
    elif wanted is not None and wanted > len(awards):
        run.notes.append(
            f"--contracts {wanted:,}: only {len(awards):,} lots of decided calls have a compliant "
            "application; made one contract for each"
        )
    awards.sort(key=lambda a: (a.call.pk, a.lot.pk))
    for chunk in batched(awards, 500):
        by_lot = {a.lot.pk: a for a in chunk}
        for pk, line, group in Lot.objects.filter(pk__in=list(by_lot)).values_list(
            "pk", "budget_line_id", "target_group"
        ):
            by_lot[pk].line, by_lot[pk].target_group = line, group
        by_call = defaultdict(list)
        for award in chunk:
            by_call[award.call.pk].append(award)
        for pk, body in Call.objects.filter(pk__in=list(by_call)).values_list("pk", "body_id"):
            for award in by_call[pk]:
                award.body = body
    return awards


def _second_officials(run: GenerateRun, bodies: set[int]) -> tuple[dict[int, int], int]:
    """A second official of each funding body (payment orders and contracts above the
    threshold take two people), made when missing."""
    password_hash, made, second = None, 0, {}
    for organisation in Organisation.objects.filter(pk__in=bodies).order_by("pk"):
        email = f"official2.{organisation.identifier}@gov.example.org"
        user = User.objects.filter(email=email).first()
        if user is None:
            password_hash = password_hash or make_password(PASSWORD)
            user = User.objects.create(
                email=email,
                full_name=f"Second official of {organisation.name}",
                password=password_hash,
            )
            Membership.objects.create(
                user=user,
                organisation=organisation,
                role=MembershipRole.ADMIN,
                status=MembershipStatus.ACTIVE,
            )
            made += 1
        second[organisation.pk] = user.pk
    return second, made


class Thresholds:
    """The two-person threshold of each jurisdiction in its currency (None: always two)."""

    def __init__(self, run: GenerateRun) -> None:
        self.values: dict[str, Decimal | None] = {}
        for jurisdiction in run.options.jurisdictions:
            try:
                row = rule_get(jurisdiction, "payment.two_person_threshold", run.today)
                value = Decimal(str(row.value))
                if row.unit == "mrp":
                    value *= Decimal(str(rule_value(jurisdiction, "mrp", run.today)))
            except RuleMissing:
                value = None
            self.values[jurisdiction] = value

    def needed(self, jurisdiction: str, amount: Decimal) -> bool:
        threshold = self.values.get(jurisdiction)
        return threshold is None or amount > threshold


class ContractMaker:
    def __init__(self, run: GenerateRun, second: dict[int, int], fallback: int | None) -> None:
        self.run, self.now, self.second, self.fallback = run, run.now, second, fallback
        self.rng = run.rng("contracts")
        self.thresholds = Thresholds(run)
        self.schedules: dict[tuple, list[TrancheSpec] | None] = {}
        self.final_days: dict[str, int] = {}
        self.committed: dict[int, Decimal] = defaultdict(lambda: ZERO)
        self.disbursed: dict[int, Decimal] = defaultdict(lambda: ZERO)
        self.numbers: dict[int, int] = {}
        self.states: dict[str, int] = defaultdict(int)

    # --- rules --------------------------------------------------------------------------

    def schedule(self, kind: str, jurisdiction: str, months: int, starts_on) -> list[TrancheSpec]:
        if months > INTERIM_AFTER_MONTHS and kind in (ContractKind.GRANT, ContractKind.SSO):
            return INTERIM_SCHEDULE
        key = (kind, jurisdiction, starts_on)
        if key not in self.schedules:
            self.schedules[key] = rule_schedule(kind, jurisdiction, starts_on)
        return self.schedules[key] or DEFAULT_SCHEDULE.get(kind) or INTERIM_SCHEDULE[::2]

    def days_after_end(self, jurisdiction: str) -> int:
        if jurisdiction not in self.final_days:
            try:
                days = int(rule_value(jurisdiction, "report.final_days_after_end", self.run.today))
            except RuleMissing:
                days = 15
            self.final_days[jurisdiction] = days
        return self.final_days[jurisdiction]

    # --- a call's decision ----------------------------------------------------------------

    def decision(self, rows: Rows, call: GeneratedCall, awards: list[Award]) -> datetime:
        """The adopted meeting, its award entries and the published result; returns when the
        result was published."""
        rng = self.rng
        latest = self.now - timedelta(days=2)
        held_at = min(call.closes_at + _days(rng, 14, 30), latest)
        published_at = min(held_at + _days(rng, 1, 3), self.now - timedelta(days=1))
        scores = {a.application: Decimal(rng.randint(6_500, 9_600)) / 100 for a in awards}
        meeting = CommissionMeeting(
            call_id=call.pk,
            number=1,
            held_at=held_at,
            place="Зал заседаний" if call.jurisdiction == "KZ" else "Толори ҷаласаҳо",
            state=MeetingState.ADOPTED,
            proposed=[
                {
                    "lot": a.lot.pk,
                    "rows": [
                        {
                            "application": a.application,
                            "rank": 1,
                            "score": str(scores[a.application]),
                            "proposed": Outcome.AWARD,
                        }
                    ],
                }
                for a in awards
            ],
            decided_at=held_at + timedelta(hours=2),
            created_by_id=call.official,
            created_at=held_at - timedelta(days=5),
        )
        rows.meetings.append(meeting)
        rows.entries += [
            DecisionEntry(
                meeting=meeting,
                application_id=a.application,
                lot_id=a.lot.pk,
                rank=1,
                score=scores[a.application],
                proposed=Outcome.AWARD,
                outcome=Outcome.AWARD,
                amount=a.amount,
            )
            for a in awards
        ]
        rows.results.append(
            Result(
                call_id=call.pk,
                meeting=meeting,
                published_at=published_at,
                published_by_id=call.official,
                appeal_until=published_at.date() + timedelta(days=10),
            )
        )
        return published_at

    # --- a contract ------------------------------------------------------------------------

    def fate(self) -> str:
        return self.rng.choices(list(FATES), weights=list(FATES.values()))[0]

    def contract(self, rows: Rows, award: Award, published_at: datetime, fate: str) -> str:
        """Rows of one contract living `fate` from the decision until today; returns its
        state. The fate "completed" runs its course without mishaps, on a term shortened (a
        project finished early) when the lot's would not have ended by now."""
        rng, now, call, lot = self.rng, self.now, award.call, award.lot
        sure = fate == "completed"
        months = lot.months
        if sure:
            fate = "course"
            months = max(min(months, ((now - published_at).days - 100) // 31), 1)
        first, second = call.official, self.second[award.body]
        member = self.run.members.get(award.organisation, (self.fallback, ""))[0]
        language = award.content.get("language")
        language = language if language in ("kk", "ru", "tg", "en") else "ru"
        prepared = min(published_at + _days(rng, 2, 12), now - timedelta(hours=1))
        starts_on = prepared.date()
        ends_on = contract_end(starts_on, months)
        kind = KIND_BY_INSTRUMENT[Instrument(lot.instrument)]
        self.numbers[call.pk] = number = self.numbers.get(call.pk, 0) + 1
        contract = Contract(
            reference=f"{call.reference[:32]}-C{number}",
            kind=kind,
            call_id=call.pk,
            lot_id=lot.pk,
            application_id=award.application,
            funder_id=award.body,
            contractor_id=award.organisation,
            budget_line_id=award.line,
            amount=award.amount,
            currency=CURRENCY[call.jurisdiction],
            starts_on=starts_on,
            ends_on=ends_on,
            state=ContractState.DRAFT,
            language=language,
            created_by_id=first,
            created_at=prepared,
        )
        rows.contracts.append(contract)
        items = [
            ContractItem(contract=contract, number=n, name=str(name)[:300], amount=amount)
            for n, (name, amount) in enumerate(
                _budget_items(Application(content=award.content), award.amount, language),
                start=1,
            )
        ]
        rows.items += items
        specs = self.schedule(kind, call.jurisdiction, months, starts_on)
        amounts = split_by_shares(award.amount, [s.share for s in specs])
        tranches = [
            Tranche(contract=contract, number=n, amount=amount, condition=spec.condition)
            for n, (spec, amount) in enumerate(zip(specs, amounts, strict=True), start=1)
        ]
        rows.tranches += tranches

        def commit_at(moment: datetime) -> None:
            rows.ledger.append(
                LedgerEntry(
                    budget_line_id=award.line,
                    contract=contract,
                    kind=LedgerKind.COMMIT,
                    amount=award.amount,
                    actor_id=first,
                    at=moment,
                    note="Договор направлен на подписание",
                )
            )
            self.committed[award.line] += award.amount

        def terminate(moment: datetime, paid: Decimal, committed: bool) -> str:
            contract.state = ContractState.TERMINATED
            contract.terminated_at = moment
            contract.termination_reason = rng.choice(TERMINATION_REASONS)
            for tranche in tranches:
                if tranche.state != TrancheState.PAID:
                    tranche.state = TrancheState.CANCELLED
            for order in orders:
                if order.state in (PaymentState.PREPARED, PaymentState.APPROVED):
                    order.state = PaymentState.CANCELLED
            if committed and award.amount - paid > 0:
                rows.ledger.append(
                    LedgerEntry(
                        budget_line_id=award.line,
                        contract=contract,
                        kind=LedgerKind.RELEASE,
                        amount=award.amount - paid,
                        actor_id=first,
                        at=moment,
                        note="Расторжение",
                    )
                )
                self.committed[award.line] -= award.amount - paid
            return contract.state

        orders: list[PaymentOrder] = []
        needs_approval = self.thresholds.needed(call.jurisdiction, award.amount)
        approved_at = prepared + _days(rng, 0, 3) if needs_approval else None
        sent = (approved_at or prepared) + _days(rng, 1, 4)
        if fate == "terminated" and rng.random() < 0.3:
            # Ended while still a draft: nothing was committed.
            moment = min(prepared + _days(rng, 5, 30), now)
            if approved_at and approved_at <= moment:
                contract.approved_by_id, contract.approved_at = second, approved_at
            return terminate(moment, ZERO, committed=False)
        if fate == "draft" or sent > now:
            if approved_at and approved_at <= now and rng.random() < 0.6:
                contract.approved_by_id, contract.approved_at = second, approved_at
            return contract.state
        if approved_at:
            contract.approved_by_id, contract.approved_at = second, approved_at
        commit_at(sent)
        contract.state = ContractState.SIGNING
        funder_signs = sent + _days(rng, 1, 6)
        contractor_signs = funder_signs + _days(rng, 0, 6)
        digest = hashlib.sha256(f"{contract.reference}:{language}:{award.amount}".encode())
        signature = {
            "method": "platform",
            "document_sha256": digest.hexdigest(),
            "contract": contract,
        }
        if fate == "signing" or contractor_signs > now:
            if funder_signs <= now and rng.random() < 0.5:
                rows.signatures.append(
                    Signature(
                        party=Party.FUNDER, signed_by_id=first, signed_at=funder_signs, **signature
                    )
                )
            return contract.state
        rows.signatures += [
            Signature(party=Party.FUNDER, signed_by_id=first, signed_at=funder_signs, **signature),
            Signature(
                party=Party.CONTRACTOR,
                signed_by_id=member,
                signed_at=contractor_signs,
                **signature,
            ),
        ]
        contract.state, contract.in_force_at = ContractState.IN_FORCE, contractor_signs
        cutoff = now
        terminated_at = None
        if fate == "terminated":
            span = max((min(now, _at(ends_on)) - contractor_signs).days, 31)
            terminated_at = cutoff = min(contractor_signs + _days(rng, 30, span), now)
        people = (member, first, second)
        accepted = self.reports(rows, contract, award, items, tranches, people, cutoff, sure)
        released = {TrancheCondition.SIGNATURE: [contractor_signs]}
        for condition, moment in accepted:
            released.setdefault(condition, []).append(moment)
        paid = ZERO
        last_paid = None
        for tranche in tranches:
            queue = released.get(tranche.condition) or []
            if not queue:
                continue
            due_since = queue.pop(0)
            if due_since > cutoff:
                continue
            tranche.state, tranche.due_since = TrancheState.DUE, due_since
            moment = due_since + _days(rng, 1, 8)
            if not sure and rng.random() < 0.04 and moment + timedelta(days=4) <= cutoff:
                # A mistaken order, cancelled and prepared again.
                orders.append(self.order(tranche, contract, first, moment, PaymentState.CANCELLED))
                moment += _days(rng, 1, 3)
            if moment > cutoff:
                continue
            order = self.order(tranche, contract, first, moment, PaymentState.PREPARED)
            orders.append(order)
            tranche.state = TrancheState.ORDERED
            approved = moment + _days(rng, 0, 3)
            if approved > cutoff:
                continue
            order.state, order.approved_by_id, order.approved_at = (
                PaymentState.APPROVED,
                second,
                approved,
            )
            paid_at = approved + _days(rng, 1, 5)
            if paid_at > cutoff:
                continue
            order.state, order.paid_on, order.marked_paid_by_id = (
                PaymentState.PAID,
                paid_at.date(),
                first,
            )
            order.payment_reference = (
                f"{call.jurisdiction}-{paid_at:%Y%m%d}-{rng.randrange(1_000_000):06d}"
            )
            tranche.state = TrancheState.PAID
            rows.ledger.append(
                LedgerEntry(
                    budget_line_id=award.line,
                    contract=contract,
                    payment_order=order,
                    kind=LedgerKind.DISBURSE,
                    amount=order.amount,
                    actor_id=first,
                    at=paid_at,
                    note=order.payment_reference,
                )
            )
            self.disbursed[award.line] += order.amount
            paid += order.amount
            last_paid = max(last_paid or paid_at, paid_at)
        rows.orders += orders
        if terminated_at is not None:
            return terminate(terminated_at, paid, committed=True)
        if all(t.state == TrancheState.PAID for t in tranches):
            completed = last_paid + _days(rng, 1, 10)
            if completed <= now:
                contract.state, contract.completed_at = ContractState.COMPLETED, completed
        return contract.state

    def order(self, tranche, contract, first, moment, state) -> PaymentOrder:
        return PaymentOrder(
            tranche=tranche,
            contract=contract,
            amount=tranche.amount,
            state=state,
            prepared_by_id=first,
            created_at=moment,
        )

    def reports(self, rows, contract, award, items, tranches, people, cutoff, sure):
        """The reports scheduled when the contract came into force (as
        monitoring.services.reports_schedule makes them), each submitted, returned or accepted
        as its due date and the cutoff allow; returns (tranche condition, acceptance) pairs."""
        rng, (member, first, second) = self.rng, people
        interims = sum(t.condition == TrancheCondition.INTERIM for t in tranches)
        length = (contract.ends_on - contract.starts_on).days
        cuts = [
            contract.starts_on + timedelta(days=length * k // (interims + 1))
            for k in range(1, interims + 1)
        ]
        periods, start = [], contract.starts_on
        for cut in cuts:
            periods.append((ReportKind.INTERIM, start, cut, cut))
            start = cut + timedelta(days=1)
        final_due = contract.ends_on + timedelta(days=self.days_after_end(award.call.jurisdiction))
        periods.append((ReportKind.FINAL, contract.starts_on, contract.ends_on, final_due))
        indicators = award.content.get("indicators") or []
        accepted = []
        for number, (kind, period_start, period_end, due_on) in enumerate(periods, start=1):
            report = Report(
                contract=contract,
                kind=kind,
                number=number,
                period_start=period_start,
                period_end=period_end,
                due_on=due_on,
                created_at=contract.in_force_at,
            )
            rows.reports.append(report)
            submitted = _at(due_on) + _days(rng, -10, 12)
            submitted = max(submitted, _at(period_end) + timedelta(hours=10))
            if (not sure and rng.random() < 0.08) or submitted > cutoff:
                self.report_lines(rows, report, indicators, items, award, done=None)
                continue
            report.state, report.submitted_at, report.submitted_by_id = (
                ReportState.SUBMITTED,
                submitted,
                member,
            )
            report.review_due_on = (submitted + timedelta(days=14)).date()
            report.narrative = NARRATIVE.format(
                done=rng.randint(2, 3) if kind == ReportKind.INTERIM else 3,
                planned=3,
                group=award.lot.title.get("ru") or "",
            )
            review = submitted + _days(rng, 2, 12)
            if not sure and rng.random() < 0.12 and review <= cutoff:
                rows.reviews.append(
                    ReportReview(
                        report=report,
                        accepted=False,
                        comment=rng.choice(RETURN_COMMENTS),
                        reviewed_by_id=second,
                        reviewed_at=review,
                    )
                )
                report.state, report.lock_version = ReportState.RETURNED, 2
                again = review + _days(rng, 2, 10)
                if again > cutoff:
                    self.report_lines(rows, report, indicators, items, award, done=kind)
                    continue
                report.state, report.submitted_at, report.lock_version = (
                    ReportState.SUBMITTED,
                    again,
                    3,
                )
                report.review_due_on = (again + timedelta(days=14)).date()
                review = again + _days(rng, 2, 10)
            if review <= cutoff:
                rows.reviews.append(
                    ReportReview(report=report, accepted=True, reviewed_by_id=first,
                                 reviewed_at=review)
                )  # fmt: skip
                report.state = ReportState.ACCEPTED
                condition = (
                    TrancheCondition.INTERIM
                    if kind == ReportKind.INTERIM
                    else TrancheCondition.FINAL
                )
                accepted.append((condition, review))
            self.report_lines(rows, report, indicators, items, award, done=kind)
        return accepted

    def report_lines(self, rows, report, indicators, items, award, done) -> None:
        """Indicators with targets and a financial line per contract item; actuals and the
        beneficiaries reached once the report was submitted (`done` is its kind)."""
        rng = self.rng
        share = (0.3, 0.6) if done == ReportKind.INTERIM else (0.7, 1.15)
        for n, indicator in enumerate(indicators, start=1):
            target = max(decimal_of(indicator.get("target")), ZERO)
            actual = (target * Decimal(rng.uniform(*share))).quantize(CENT) if done else ZERO
            rows.indicators.append(
                IndicatorActual(
                    report=report,
                    number=n,
                    name=str(indicator.get("name") or "")[:300] or f"#{n}",
                    unit=str(indicator.get("unit") or "")[:60],
                    target=target,
                    actual=actual,
                )
            )
        spent = (0.3, 0.5) if done == ReportKind.INTERIM else (0.85, 1.0)
        rows.financial += [
            FinancialLine(
                report=report,
                item=item,
                actual=(item.amount * Decimal(rng.uniform(*spent))).quantize(CENT)
                if done
                else ZERO,
            )
            for item in items
        ]
        if done:
            size = int((award.content.get("target_group") or {}).get("size") or 50)
            for sex in Sex.values:
                for band in AgeBand.values:
                    count = rng.randint(0, max(size // 4, 1))
                    if count:
                        rows.beneficiaries.append(
                            BeneficiaryCount(
                                report=report,
                                group=award.target_group,
                                sex=sex,
                                age_band=band,
                                count=count,
                            )
                        )


def _at(day: date) -> datetime:
    """Noon UTC of a day: when a dated event is taken to happen."""
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


def _force_every_state(rng: random.Random, fates: list[str], awards: list[Award]) -> None:
    """With five contracts or more, make sure a draft, an unsigned, a terminated and a
    completed contract occur: the oldest decision runs its course (and finishes early if its
    term would not have ended by now), three others get the missing fates."""
    if len(fates) < 5:
        return
    oldest = min(range(len(awards)), key=lambda i: (awards[i].call.closes_at, i))
    fates[oldest] = "completed"
    others = [i for i in range(len(fates)) if i != oldest]
    for fate in ("draft", "signing", "terminated"):
        if fate not in fates:
            choices = [i for i in others if fates[i] == "course"]
            if choices:
                fates[rng.choice(choices)] = fate


@generator_step("contracts")
def contracts_generate(run: GenerateRun) -> dict[str, int]:
    """Decisions, contracts, payments, ledger rows and reports for the decided and final
    calls of this run (`--contracts N`, default one per lot with a compliant application)."""
    options = run.options
    if options.contracts == 0 or not run.calls or not options.applications:
        return {}
    rng = run.rng("awards")
    awards = _awards(run, rng)
    if not awards:
        return {"contracts": 0}
    second, made = _second_officials(run, {a.body for a in awards})
    fallback = None
    if any(a.organisation not in run.members for a in awards):
        from hamkori.demo.generate_competitions import _fallback_author

        fallback = _fallback_author()
    maker = ContractMaker(run, second, fallback)
    fates = [maker.fate() for _ in awards]
    _force_every_state(maker.rng, fates, awards)
    counts: dict[str, int] = {"second officials": made}
    progress = run.progress("contracts", len(awards))
    # Batches of whole calls (a decision holds all its awards).
    by_call: dict[int, list[int]] = defaultdict(list)
    for index, award in enumerate(awards):
        by_call[award.call.pk].append(index)
    per_batch = max(run.options.batch_size // 40, 10)
    for call_batch in batched(list(by_call.values()), per_batch):
        indices = [i for group in call_batch for i in group]
        contents = dict(
            Application.objects.filter(pk__in=[awards[i].application for i in indices]).values_list(
                "pk", "content"
            )
        )
        rows = Rows()
        for group in call_batch:
            call_awards = [awards[i] for i in group]
            for award in call_awards:
                award.content = contents[award.application] or {}
            published_at = maker.decision(rows, call_awards[0].call, call_awards)
            for i in group:
                state = maker.contract(rows, awards[i], published_at, fates[i])
                maker.states[state] += 1
        rows.insert(counts, options.batch_size)
        progress.advance(len(indices))
    progress.close()
    for line in sorted(set(maker.committed) | set(maker.disbursed)):
        BudgetLine.objects.filter(pk=line).update(
            committed=F("committed") + maker.committed[line],
            disbursed=F("disbursed") + maker.disbursed[line],
        )
    run.notes.append(
        "contracts by state: "
        + ", ".join(f"{state} {maker.states[state]:,}" for state in ContractState.values)
    )
    return counts
