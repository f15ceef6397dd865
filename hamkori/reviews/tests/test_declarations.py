"""Declarations of interests: no conflict opens the application for scoring; a conflict
recuses the expert and calls in the next suitable reserve; an affiliation found later is
flagged to the officials."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hamkori.applications.models import Application
from hamkori.core.models import AuditEvent, OutboxEmail
from hamkori.registry.tests.factories import PASSWORD, member_make
from hamkori.reviews.models import ExpertRelation, RelationKind, Review, ReviewState
from hamkori.reviews.selectors import evaluation_dashboard, undisclosed_conflicts
from hamkori.reviews.services import Answer, declarations_record
from hamkori.reviews.tests.factories import declare_free, drawn_call, panel_of, reserves_of

pytestmark = pytest.mark.django_db


def _applications(call) -> list[Application]:
    return list(Application.objects.filter(call=call).order_by("submitted_at", "pk"))


def test_no_conflict_opens_every_application_for_scoring():
    call = drawn_call(applications=2)
    expert = panel_of(call)[0]

    declare_free(expert, call.lots.get())

    states = set(Review.objects.filter(expert=expert).values_list("state", flat=True))
    assert states == {ReviewState.SCORING}
    assert AuditEvent.objects.filter(action="reviews.declaration.record").count() == 1


def test_a_conflict_recuses_and_the_first_reserve_takes_over():
    # given a drawn lot
    call = drawn_call(applications=2, reserves=2)
    lot = call.lots.get()
    expert = panel_of(call)[0]
    reserve = reserves_of(call)[0]
    first, second = _applications(call)
    OutboxEmail.objects.all().delete()

    # when the expert declares a conflict with the first applicant
    declarations_record(
        actor=expert.user,
        lot=lot,
        answers={
            first.pk: Answer(conflict=True, description="My sister chairs its board."),
            second.pk: Answer(conflict=False),
        },
    )

    # then the expert is recused from it, and the first reserve declares for it
    recused = Review.objects.get(expert=expert, application=first)
    assert recused.state == ReviewState.RECUSED
    assert recused.conflict_description == "My sister chairs its board."
    taking_over = Review.objects.get(expert=reserve, application=first)
    assert taking_over.state == ReviewState.DECLARING
    assert taking_over.seat.is_reserve
    assert not Review.objects.filter(expert=reserve, application=second).exists()
    assert [e.to for e in OutboxEmail.objects.all()] == [[reserve.user.email]]
    assert AuditEvent.objects.filter(action="reviews.review.reserve").count() == 1


def test_the_reserve_with_a_known_conflict_is_skipped():
    call = drawn_call(applications=1, reserves=2)
    lot = call.lots.get()
    (application,) = _applications(call)
    first_reserve, second_reserve = reserves_of(call)
    ExpertRelation.objects.create(
        expert=first_reserve, organisation=application.organisation, kind=RelationKind.EMPLOYEE
    )

    declarations_record(
        actor=panel_of(call)[0].user,
        lot=lot,
        answers={application.pk: Answer(conflict=True, description="Former employer.")},
    )

    assert not Review.objects.filter(expert=first_reserve).exists()
    assert Review.objects.get(expert=second_reserve).state == ReviewState.DECLARING


def test_a_reserve_who_recused_is_not_called_again_and_the_lot_runs_short():
    call = drawn_call(applications=1, reserves=1)
    lot = call.lots.get()
    (application,) = _applications(call)
    (reserve,) = reserves_of(call)
    conflict = {application.pk: Answer(conflict=True, description="Board member.")}
    declarations_record(actor=panel_of(call)[0].user, lot=lot, answers=conflict)

    declarations_record(actor=reserve.user, lot=lot, answers=conflict)
    declarations_record(actor=panel_of(call)[1].user, lot=lot, answers=conflict)

    active = Review.objects.filter(application=application).exclude(state=ReviewState.RECUSED)
    assert active.count() == 1
    dashboard = evaluation_dashboard(call)
    assert dashboard.progress[application.pk].short


def test_every_applicant_needs_an_answer_and_a_conflict_a_description():
    call = drawn_call(applications=2)
    first, second = _applications(call)

    with pytest.raises(ValidationError) as error:
        declarations_record(
            actor=panel_of(call)[0].user,
            lot=call.lots.get(),
            answers={first.pk: Answer(conflict=True, description="  ")},
        )

    assert set(error.value.message_dict) == {f"description_{first.pk}", f"answer_{second.pk}"}
    assert not Review.objects.exclude(state=ReviewState.DECLARING).exists()


def test_someone_without_pending_declarations_cannot_declare():
    call = drawn_call(applications=1)
    expert = panel_of(call)[0]
    declare_free(expert, call.lots.get())

    with pytest.raises(ValidationError, match="no declarations"):
        declare_free(expert, call.lots.get())
    with pytest.raises(ValidationError, match="no declarations"):
        declare_free(reserves_of(call)[0], call.lots.get())


def test_an_affiliation_found_after_a_no_conflict_declaration_is_flagged():
    call = drawn_call(applications=2)
    lot = call.lots.get()
    honest, hiding, waiting = panel_of(call)
    first, _second = _applications(call)
    declare_free(honest, lot)
    declare_free(hiding, lot)
    # found later: a membership of one, a relation of the other still declaring
    member_make(first.organisation, user=hiding.user)
    ExpertRelation.objects.create(
        expert=waiting, organisation=first.organisation, kind=RelationKind.MEMBER
    )

    flagged = undisclosed_conflicts(call)

    assert [(r.expert_id, r.application_id) for r in flagged] == [(hiding.pk, first.pk)]
    assert [r.pk for r in evaluation_dashboard(call).undisclosed] == [flagged[0].pk]


def _login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def test_the_declaration_page_shows_only_names_and_titles_and_records_answers(client):
    call = drawn_call(applications=2)
    lot = call.lots.get()
    expert = panel_of(call)[0]
    first, second = _applications(call)
    _login(client, expert.user)
    url = reverse("reviews:declaration", args=[lot.pk])

    page = client.get(url).content.decode()

    assert first.title in page and first.organisation.name in page
    assert "Problem" not in page and "Budget" not in page

    response = client.post(url, {f"answer_{first.pk}": "conflict", f"answer_{second.pk}": "no"})

    assert response.status_code == 400
    assert "Describe the conflict of interest." in response.content.decode()
    response = client.post(
        url,
        {
            f"answer_{first.pk}": "conflict",
            f"description_{first.pk}": "I advised them last year.",
            f"answer_{second.pk}": "no",
        },
    )
    assert response.status_code == 302
    assert Review.objects.get(expert=expert, application=first).state == ReviewState.RECUSED
    assert Review.objects.get(expert=expert, application=second).state == ReviewState.SCORING


def test_the_declaration_page_is_only_for_the_lots_experts(client):
    call = drawn_call(applications=1)
    _login(client, call.official)

    response = client.get(reverse("reviews:declaration", args=[call.lots.get().pk]))

    assert response.status_code == 404
