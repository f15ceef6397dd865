"""Reports, supports, the answer obligation, answers, moderation and lot links."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hamkori.calls.tests.factories import body_make, lot_make, plan_make
from hamkori.core.models import AuditEvent, OutboxEmail
from hamkori.problems.models import ProblemState, Support
from hamkori.problems.services import (
    problem_answer,
    problem_hide,
    problem_lot_link,
    problem_lot_unlink,
    problem_mark_duplicate,
    problem_route,
    problem_support,
    problem_transition,
    problem_unhide,
    problem_unsupport,
)
from hamkori.problems.tests.factories import problem_make, state_official_make
from hamkori.registry.tests.factories import member_make, organisation_make, user_make
from hamkori.rules.models import RuleParameter
from hamkori.rules.selectors import local_today, working_days_add

pytestmark = pytest.mark.usefixtures("reference_data")


def _threshold(value: int, jurisdiction: str = "KZ") -> None:
    RuleParameter.objects.filter(
        jurisdiction_id=jurisdiction, key="problem.support_threshold"
    ).update(value=value)


def test_report_numbers_per_jurisdiction_and_year_and_fingerprints():
    first = problem_make(title="Нет пандусов")
    second = problem_make()
    tajik = problem_make(jurisdiction="TJ", language="tg", description="Барои маъюбон пандус нест")
    year = local_today("KZ").year
    assert first.reference == f"P-KZ-{year}-00001"
    assert second.reference == f"P-KZ-{year}-00002"
    assert tajik.reference == f"P-TJ-{local_today('TJ').year}-00001"
    assert "#disability" in first.fingerprint and "пан" in first.fingerprint
    assert first.state == ProblemState.NEW
    event = AuditEvent.objects.filter(action="problems.problem.report", object_id=str(first.pk))
    assert event.exists()


def test_report_refuses_regions_of_another_country_and_foreign_organisation():
    person = user_make()
    with pytest.raises(ValidationError) as error:
        problem_make(author=person, regions=["TJ-DU"])
    assert "regions" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        problem_make(author=person, organisation=organisation_make())
    assert "organisation" in error.value.message_dict
    cso = organisation_make()
    member_make(cso, user=person)
    assert problem_make(author=person, organisation=cso).organisation == cso


def test_support_once_per_person_and_count_follows_rows():
    problem = problem_make()
    people = [user_make() for _ in range(3)]
    for person in people:
        problem_support(actor=person, problem=problem)
    with pytest.raises(ValidationError):
        problem_support(actor=people[0], problem=problem)
    problem_unsupport(actor=people[1], problem=problem)
    problem.refresh_from_db()
    assert problem.support_count == Support.objects.filter(problem=problem).count() == 2
    with pytest.raises(ValidationError):
        problem_unsupport(actor=people[1], problem=problem)


def test_threshold_sets_answer_deadline_in_working_days_and_mails_the_body():
    _threshold(2)
    body = body_make()
    official = state_official_make(body=body)
    problem = problem_make(responsible_body=body)
    problem_support(actor=user_make(), problem=problem)
    problem.refresh_from_db()
    assert problem.threshold_reached_on is None
    problem_support(actor=user_make(), problem=problem)
    problem.refresh_from_db()
    today = local_today("KZ")
    assert problem.threshold_reached_on == today
    assert problem.answer_due_on == working_days_add("KZ", today, 15)
    mails = [m for m in OutboxEmail.objects.all() if official.email in m.to]
    assert len(mails) == 1 and problem.reference in mails[0].subject
    # A third support does not move the deadline nor mail again.
    problem_support(actor=user_make(), problem=problem)
    assert len([m for m in OutboxEmail.objects.all() if official.email in m.to]) == 1


def test_answer_by_responsible_body_only_and_records_first_answer():
    body = body_make()
    official = state_official_make(body=body)
    other_official = state_official_make()
    problem = problem_make(responsible_body=body)
    with pytest.raises(PermissionDenied):
        problem_answer(actor=other_official, problem=problem, text="Мы не отвечаем")
    with pytest.raises(PermissionDenied):
        problem_answer(actor=user_make(), problem=problem, text="Я не чиновник")
    answer = problem_answer(actor=official, problem=problem, text="Пандусы будут в 2027 году.")
    problem.refresh_from_db()
    assert answer.body == body
    assert problem.first_answered_on == local_today("KZ")


def test_answer_without_named_body_by_any_state_body_of_the_jurisdiction():
    problem = problem_make()
    body = body_make()
    official = state_official_make(body=body)
    assert problem_answer(actor=official, problem=problem, text="Ответ").body == body
    with pytest.raises(PermissionDenied):
        problem_answer(actor=state_official_make("TJ"), problem=problem, text="Ответ")


def test_transitions_need_reasons_for_declined_and_addressed():
    moderator = state_official_make()
    problem = problem_make()
    problem_transition(actor=moderator, problem=problem, action="review")
    assert problem.state == ProblemState.UNDER_REVIEW
    with pytest.raises(ValidationError):
        problem_transition(actor=moderator, problem=problem, action="decline")
    with pytest.raises(ValidationError):
        problem_transition(actor=moderator, problem=problem, action="accept")  # no lot linked
    problem_transition(actor=moderator, problem=problem, action="decline", reason="Не по теме")
    problem.refresh_from_db()
    assert (problem.state, problem.state_reason) == (ProblemState.DECLINED, "Не по теме")
    with pytest.raises(ValidationError):
        problem_transition(actor=moderator, problem=problem, action="review")
    problem_transition(actor=moderator, problem=problem, action="reopen")
    problem_transition(
        actor=moderator, problem=problem, action="address", reason="Уже решено в 2025 году"
    )
    assert problem.state == ProblemState.ADDRESSED


def test_hide_and_unhide_with_reason():
    moderator = state_official_make()
    problem = problem_make()
    with pytest.raises(ValidationError):
        problem_hide(actor=moderator, problem=problem, reason=" ")
    problem_hide(actor=moderator, problem=problem, reason="Оскорбления")
    problem.refresh_from_db()
    assert problem.hidden_at is not None and problem.hidden_by == moderator
    with pytest.raises(PermissionDenied):
        problem_support(actor=user_make(), problem=problem)
    problem_unhide(actor=moderator, problem=problem)
    problem.refresh_from_db()
    assert problem.hidden_at is None and problem.hidden_reason == ""


def test_duplicate_keeps_supports_where_they_were():
    moderator = state_official_make()
    original = problem_make()
    duplicate = problem_make()
    supporter = user_make()
    problem_support(actor=supporter, problem=duplicate)
    problem_support(actor=user_make(), problem=original)
    problem_mark_duplicate(actor=moderator, problem=duplicate, original=original, reason="Повтор")
    duplicate.refresh_from_db()
    original.refresh_from_db()
    assert duplicate.duplicate_of == original
    assert (duplicate.support_count, original.support_count) == (1, 1)
    assert Support.objects.filter(problem=duplicate, user=supporter).exists()
    # Nobody supports the duplicate any more: people support the original.
    with pytest.raises(PermissionDenied):
        problem_support(actor=user_make(), problem=duplicate)
    with pytest.raises(ValidationError):
        problem_mark_duplicate(actor=moderator, problem=original, original=original, reason="x")
    third = problem_make()
    with pytest.raises(ValidationError):
        problem_mark_duplicate(actor=moderator, problem=third, original=duplicate, reason="x")


def test_lot_link_accepts_and_unlink_returns_under_review():
    body = body_make()
    official = state_official_make(body=body)
    lot = lot_make(plan=plan_make(body=body))
    problem = problem_make()
    with pytest.raises(PermissionDenied):
        problem_lot_link(actor=state_official_make(), problem=problem, lot=lot)
    problem_lot_link(actor=official, problem=problem, lot=lot, note="Лот 1 плана")
    problem.refresh_from_db()
    assert problem.state == ProblemState.ACCEPTED
    assert list(problem.lots.all()) == [lot]
    problem_lot_unlink(actor=official, problem=problem, lot=lot)
    problem.refresh_from_db()
    assert problem.state == ProblemState.UNDER_REVIEW
    tajik_lot = lot_make(plan=plan_make(body=body_make("TJ")))
    tajik_official = state_official_make(body=tajik_lot.plan.body)
    with pytest.raises(ValidationError):
        problem_lot_link(actor=tajik_official, problem=problem, lot=tajik_lot)


def test_every_action_is_audited_with_a_label():
    from hamkori.problems.audit_labels import ACTION_LABELS

    moderator = state_official_make()
    problem = problem_make()
    problem_support(actor=user_make(), problem=problem)
    problem_hide(actor=moderator, problem=problem, reason="Спам")
    actions = set(
        AuditEvent.objects.filter(action__startswith="problems.").values_list("action", flat=True)
    )
    assert actions == {
        "problems.problem.report",
        "problems.problem.support",
        "problems.problem.hide",
    }
    assert actions <= set(ACTION_LABELS)


def test_route_names_the_body_and_tells_it_when_an_answer_is_due():
    _threshold(1)
    moderator = state_official_make()
    problem = problem_make()
    problem_support(actor=user_make(), problem=problem)
    body = body_make()
    official = state_official_make(body=body)
    with pytest.raises(PermissionDenied):
        problem_route(actor=user_make(), problem=problem, responsible_body=body)
    with pytest.raises(ValidationError):
        problem_route(actor=moderator, problem=problem, responsible_body=organisation_make())
    problem_route(actor=moderator, problem=problem, responsible_body=body)
    problem.refresh_from_db()
    assert problem.responsible_body == body
    assert any(official.email in mail.to for mail in OutboxEmail.objects.all())
    # Now only the named body answers.
    with pytest.raises(PermissionDenied):
        problem_answer(actor=moderator, problem=problem, text="Ответ")
    problem_answer(actor=official, problem=problem, text="Ответ органа")
