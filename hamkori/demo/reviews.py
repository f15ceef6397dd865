"""Demo data for issue 4, made through the services so that it is what people would have made:
the expert register; for the calls under review, draws, declarations and sheets part of the way;
for the decided calls, full reviews, a commission meeting with votes, published results and
appeals (one dismissed, one upheld with its scoring reopened).

Draw seeds are derived from the call's reference, so the demo is the same every time; one is
searched for so that the demo's signed-in expert sits on a panel with work waiting."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from hamkori.accounts.models import Membership, MembershipRole, MembershipStatus, User
from hamkori.applications.models import Application
from hamkori.calls.models import Call, Criterion
from hamkori.calls.workflow import CallState
from hamkori.decisions import services as decisions
from hamkori.decisions.models import DecisionEntry, MeetingState, Outcome
from hamkori.demo.review_data import COMMISSIONS, EXPERTS
from hamkori.registry.models import Area, Organisation
from hamkori.reviews import services as reviews
from hamkori.reviews.draw import draw_order
from hamkori.reviews.models import Evaluation, Expert, Review, ReviewState
from hamkori.reviews.selectors import eligible_experts, known_conflicts
from hamkori.rules.models import Jurisdiction

DEMO_EXPERT = "expert@demo.hamkori.org"
# Scripted moments: (call reference prefix, organisation key) → what happens.
CONFLICT = ("KZ-SO", "umit", "До 2024 года был членом правления «Үміт».")
OUTLIER = ("KZ-SA", "shanyrak")
DISMISSED = "KZ-SA"
UPHELD = "KZ-AW"

COMMENTS = {
    "high": (
        "Сильная сторона: логика проекта ясна, индикаторы измеримы.",
        "Хорошо обосновано, команда имеет опыт подобной работы.",
    ),
    "middle": (
        "Обоснование достаточное, но индикаторы результата сформулированы общо.",
        "План реалистичен, однако риски описаны кратко.",
    ),
    "low": (
        "Бюджет завышен относительно запланированных мероприятий.",
        "Связь мероприятий с проблемой целевой группы не показана.",
    ),
}


def _seed(call: Call, lot, attempt: int = 0) -> str:
    return hashlib.sha256(
        f"hamkori-demo:{call.reference}:{lot.number}:{attempt}".encode()
    ).hexdigest()


def _official(call: Call) -> User:
    # The body's first administrator acts for it, as in the competitions demo.
    return (
        User.objects.filter(
            memberships__organisation=call.body,
            memberships__role=MembershipRole.ADMIN,
            memberships__status=MembershipStatus.ACTIVE,
        )
        .order_by("pk")
        .first()
    )


def _applicant(application: Application) -> User:
    return (
        User.objects.filter(
            memberships__organisation_id=application.organisation_id,
            memberships__status=MembershipStatus.ACTIVE,
        )
        .order_by("pk")
        .first()
    )


def reviews_load(*, organisations: dict[str, Organisation], password_hash: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    experts = _experts(organisations, password_hash, counts)
    commissions = _commission_people(password_hash, counts)
    keys = {org.pk: key for key, org in organisations.items()}
    calls = Call.objects.filter(
        state__in=(CallState.UNDER_REVIEW, CallState.DECIDED)
    ).select_related("body", "jurisdiction")
    for call in calls.order_by("closes_at", "pk"):
        decided = call.state == CallState.DECIDED
        if decided:
            # Replayed from the start of the review: the services take it to "decided".
            Call.objects.filter(pk=call.pk).update(state=CallState.UNDER_REVIEW)
            call.state = CallState.UNDER_REVIEW
        _review(call, experts, keys, complete=decided, counts=counts)
        if decided:
            _decide(call, commissions[call.jurisdiction_id], counts)
    return counts


def _experts(organisations, password_hash, counts) -> dict[str, Expert]:
    officials = {
        "KZ": User.objects.get(email="official.kz@demo.hamkori.org"),
        "TJ": User.objects.get(email="official.tj@demo.hamkori.org"),
    }
    jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}
    areas = {a.code: a for a in Area.objects.all()}
    experts = {}
    for seed in EXPERTS:
        user = User.objects.filter(email=seed.email).first()
        if user is None:
            user = User.objects.create(
                email=seed.email,
                full_name=seed.full_name,
                preferred_language=seed.language,
                password=password_hash,
            )
        if seed.member_of:
            Membership.objects.create(
                user=user,
                organisation=organisations[seed.member_of],
                role=MembershipRole.MEMBER,
                status=MembershipStatus.ACTIVE,
                position="Юрист-консультант",
            )
        expert = reviews.expert_add(
            actor=officials[seed.jurisdiction],
            email=seed.email,
            jurisdiction=jurisdictions[seed.jurisdiction],
            areas=[areas[code] for code in seed.areas],
            languages=seed.languages,
            qualification=seed.qualification,
        )
        reviews.terms_accept(actor=user)
        if seed.relation:
            key, kind, description = seed.relation
            reviews.relation_add(
                actor=user,
                expert=expert,
                organisation=organisations[key],
                kind=kind,
                description=description,
            )
            counts["expert relations"] = counts.get("expert relations", 0) + 1
        experts[seed.email] = expert
    counts["experts"] = len(experts)
    return experts


def _commission_people(password_hash, counts) -> dict[str, list[tuple[User, str]]]:
    people: dict[str, list[tuple[User, str]]] = {}
    for jurisdiction, members in COMMISSIONS.items():
        people[jurisdiction] = [
            (
                User.objects.create(
                    email=email, full_name=name, preferred_language=language, password=password_hash
                ),
                role,
            )
            for email, name, language, role in members
        ]
        counts["commission members"] = counts.get("commission members", 0) + len(members)
    return people


def _demo_seed(call, lot) -> str:
    """A seed that puts the demo's expert on the panel of the first lot under review in
    Kazakhstan, so that signing in as them shows declarations to make."""
    demo = Expert.objects.filter(user__email=DEMO_EXPERT).first()
    candidates = eligible_experts(call=call, lot=lot)
    organisations = set(
        Application.objects.filter(lot=lot, state="submitted").values_list(
            "organisation_id", flat=True
        )
    )
    conflicts = known_conflicts(
        expert_ids=[e.pk for e in candidates], organisation_ids=organisations
    )
    pool = sorted(e.pk for e in candidates if e.pk not in conflicts)
    panel = Evaluation.objects.get(call=call).panel_size
    for attempt in range(200):
        seed = _seed(call, lot, attempt)
        if demo is None or demo.pk in draw_order(seed, pool)[:panel]:
            return seed
    return _seed(call, lot)


def _review(call: Call, experts, keys, *, complete: bool, counts) -> None:
    official = _official(call)
    reviews.evaluation_save(
        actor=official,
        call=call,
        panel_size=3,
        reserve_size=3,
        tie_break="first_criterion",
        experts_see_others=True,
    )
    criteria = list(Criterion.objects.filter(criteria_set__call=call).order_by("order", "pk"))
    under_way = call.reference.startswith("KZ-SO")
    for lot in call.lots.order_by("number"):
        if not Application.objects.filter(lot=lot, compliance="compliant").exists():
            continue
        seed = (
            _demo_seed(call, lot)
            if under_way and lot.number == min(call.lots.values_list("number", flat=True))
            else _seed(call, lot)
        )
        reviews.draw_lot(actor=official, lot=lot, seed=seed)
        counts["draws"] = counts.get("draws", 0) + 1
        # Declarations until no reserve is waiting (a recusal calls one in).
        recused = False
        while True:
            pending = list(
                Review.objects.filter(lot=lot, state=ReviewState.DECLARING)
                .select_related("expert__user", "application")
                .order_by("seat__position", "application__submitted_at")
            )
            if under_way:
                pending = [r for r in pending if r.expert.user.email != DEMO_EXPERT]
            if not pending:
                break
            by_expert: dict[int, list[Review]] = {}
            for review in pending:
                by_expert.setdefault(review.expert_id, []).append(review)
            for reviews_of_expert in by_expert.values():
                answers = {}
                for review in reviews_of_expert:
                    organisation_key = keys.get(review.application.organisation_id, "")
                    # The panel's first expert other than the demo's own recuses, once (the
                    # reserve called in declares no conflict). Not a fixed seat: the draw
                    # depends on row ids, which differ between databases.
                    conflicted = (
                        not recused
                        and call.reference.startswith(CONFLICT[0])
                        and organisation_key == CONFLICT[1]
                    )
                    recused = recused or conflicted
                    answers[review.application_id] = reviews.Answer(
                        conflict=conflicted, description=CONFLICT[2] if conflicted else ""
                    )
                    counts["declarations"] = counts.get("declarations", 0) + 1
                reviews.declarations_record(
                    actor=reviews_of_expert[0].expert.user, lot=lot, answers=answers
                )
        scoring = list(
            Review.objects.filter(lot=lot, state=ReviewState.SCORING)
            .select_related("expert__user", "application", "seat")
            .order_by("application__submitted_at", "seat__position")
        )
        for index, review in enumerate(scoring):
            application = review.application
            quality = _quality(application)
            offset = Decimal((review.seat.position * 7) % 11 - 5) / 100
            outlier = (
                call.reference.startswith(OUTLIER[0])
                and keys.get(application.organisation_id) == OUTLIER[1]
                and review.seat.position
                == min(r.seat.position for r in scoring if r.application_id == application.pk)
            )
            share = max(
                Decimal("0.1"),
                min(Decimal(1), quality + offset - (Decimal("0.45") if outlier else 0)),
            )
            level = (
                "high"
                if share >= Decimal("0.8")
                else "middle"
                if share >= Decimal("0.55")
                else "low"
            )
            points = {
                c.pk: (Decimal(c.max_points) * share).quantize(Decimal(1), ROUND_HALF_UP)
                for c in criteria
            }
            comments = {
                c.pk: COMMENTS[level][(i + index) % len(COMMENTS[level])]
                for i, c in enumerate(criteria)
            }
            summary = COMMENTS[level][index % len(COMMENTS[level])]
            # Under way: some sheets are only drafts yet.
            if not complete and index % 3 == 2:
                reviews.review_save_draft(
                    actor=review.expert.user,
                    review=review,
                    points=points,
                    comments=comments,
                    comment=summary,
                )
                counts["sheet drafts"] = counts.get("sheet drafts", 0) + 1
                continue
            reviews.review_submit(
                actor=review.expert.user,
                review=review,
                points=points,
                comments=comments,
                comment=summary,
            )
            counts["sheets submitted"] = counts.get("sheets submitted", 0) + 1


def _quality(application: Application) -> Decimal:
    # A stable, spread-out quality per application from its title.
    digest = hashlib.sha256(application.title.encode()).digest()
    return Decimal(55 + digest[0] % 40) / 100


def _decide(call: Call, people, counts) -> None:
    official = _official(call)
    meeting = decisions.meeting_create(
        actor=official,
        call=call,
        held_at=timezone.now() - timedelta(days=2),
        place="Зал заседаний" if call.jurisdiction_id == "KZ" else "Толори ҷаласаҳо",
    )
    members = []
    for user, role in people:
        members.append(
            decisions.member_add(actor=official, meeting=meeting, email=user.email, role=role)
        )
    # One member is absent; the others reach the quorum and vote.
    present = {m.pk: index != len(members) - 1 for index, m in enumerate(members)}
    decisions.attendance_record(actor=official, meeting=meeting, present=present)
    choices = {
        m.pk: ("against" if index == 2 else "for") if present[m.pk] else None
        for index, m in enumerate(members)
    }
    decisions.votes_record(
        actor=official, meeting=meeting, choices={k: v for k, v in choices.items() if v}
    )
    meeting = decisions.meeting_adopt(actor=official, meeting=meeting)
    assert meeting.state == MeetingState.ADOPTED, meeting.state
    decisions.result_publish(actor=official, call=call, meeting=meeting)
    counts["commission meetings"] = counts.get("commission meetings", 0) + 1
    counts["results published"] = counts.get("results published", 0) + 1
    for prefix, upheld in ((DISMISSED, False), (UPHELD, True)):
        if not call.reference.startswith(prefix):
            continue
        # The appellant is an applicant left on the reserve list, as in real appeals.
        entry = (
            DecisionEntry.objects.filter(meeting=meeting)
            .exclude(outcome=Outcome.AWARD)
            .exclude(rank__isnull=True)
            .order_by("lot__number", "rank")
            .select_related("application")
            .first()
        )
        if entry is None:
            continue
        application = entry.application
        appeal = decisions.appeal_file(
            actor=_applicant(application),
            application=application,
            grounds=(
                "Эксперты не учли опыт организации: к заявке приложены отчёты за три года "
                "успешной работы с целевой группой."
            ),
        )
        decisions.appeal_review_start(actor=official, appeal=appeal)
        decisions.appeal_answer(
            actor=official,
            appeal=appeal,
            upheld=upheld,
            answer=(
                "Жалоба обоснована: оценка потенциала организации не учла приложенные "
                "отчёты. Оценка заявки возобновлена, эксперты проверят её заново."
                if upheld
                else "Жалоба рассмотрена: оценки экспертов обоснованы комментариями, "
                "нарушений порядка оценки не выявлено."
            ),
        )
        counts["appeals"] = counts.get("appeals", 0) + 1
