"""Fixes after the review of issue 4: the officials read the submitted sheets, no correction
after seeing the others' scores, smaller panels need a reason, starting with unchecked
applications needs a confirmation, a reopened sheet shows the appeal, officials are not
experts, and the public draw record does not name the applicant of an excluded expert."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from hamkori.applications.models import Application, Compliance
from hamkori.calls.workflow import CallState
from hamkori.core.i18n import translated
from hamkori.core.models import AuditEvent
from hamkori.registry.models import Area
from hamkori.registry.tests.factories import PASSWORD, member_make, user_make
from hamkori.reviews.models import Draw, Evaluation, Review, ReviewState
from hamkori.reviews.services import (
    evaluation_save,
    expert_add,
    review_correct,
    review_save_draft,
    review_start,
    review_submit,
)
from hamkori.reviews.tests.factories import (
    declare_free,
    drawn_call,
    panel_of,
    reviewing_call,
    sheet,
)

pytestmark = pytest.mark.django_db


def _login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def _submit_all(call, points=5):
    lot = call.lots.get()
    for expert in panel_of(call):
        if Review.objects.filter(expert=expert, state=ReviewState.DECLARING).exists():
            declare_free(expert, lot)
        for review in Review.objects.filter(expert=expert, state=ReviewState.SCORING):
            review_submit(actor=expert.user, review=review, **sheet(call, points=points))


# --- the officials read the sheets ---


def test_officials_read_submitted_sheets_with_names_but_never_drafts(client):
    # given one submitted sheet and one draft
    call = drawn_call(applications=1)
    first, second, _third = panel_of(call)
    lot = call.lots.get()
    declare_free(first, lot)
    declare_free(second, lot)
    review_submit(
        actor=first.user,
        review=Review.objects.get(expert=first),
        **sheet(call, points=6, comment="Solid plan overall."),
    )
    review_save_draft(
        actor=second.user,
        review=Review.objects.get(expert=second),
        **sheet(call, points=2, comment="Private draft note."),
    )
    application = Application.objects.get(call=call)
    url = reverse("reviews:application-sheets", args=[application.pk])

    # when the body's official opens the application's sheets
    _login(client, call.official)
    page = client.get(url).content.decode()

    # then the submitted sheet is shown with its expert's name, not the draft
    assert first.user.full_name in page and "Solid plan overall." in page
    assert "Private draft note." not in page and second.user.full_name not in page
    assert url in client.get(reverse("reviews:evaluation", args=[call.pk])).content.decode()


@pytest.mark.parametrize("who", ["expert", "applicant", "stranger"])
def test_the_sheets_are_not_for_experts_applicants_or_others(client, who):
    call = drawn_call(applications=1)
    _submit_all(call)
    application = Application.objects.get(call=call)
    user = {
        "expert": panel_of(call)[0].user,
        "applicant": application.created_by,
        "stranger": user_make(),
    }[who]
    _login(client, user)

    response = client.get(reverse("reviews:application-sheets", args=[application.pk]))
    assert response.status_code == 404


# --- no correction after the others' scores were shown ---


def test_no_correction_once_the_others_scores_were_shown(client):
    call = drawn_call(applications=1)
    first = panel_of(call)[0]
    declare_free(first, call.lots.get())
    own = Review.objects.get(expert=first)
    review_submit(actor=first.user, review=own, **sheet(call, points=5))
    # before the others are in, a correction is allowed
    review_correct(actor=first.user, review=own, reason="Typo.", **sheet(call, points=6))

    _submit_all(call)

    with pytest.raises(ValidationError, match="shown to you"):
        review_correct(actor=first.user, review=own, reason="Saw theirs.", **sheet(call, 7))
    _login(client, first.user)
    page = client.get(reverse("reviews:review-sheet", args=[own.pk])).content.decode()
    assert "can no longer be corrected" in page and "?correct=1" not in page


def test_corrections_stay_open_when_experts_do_not_see_each_other():
    call = drawn_call(applications=1)
    Evaluation.objects.filter(call=call).update(experts_see_others=False)
    _submit_all(call)
    review = Review.objects.filter(call=call).first()

    review_correct(actor=review.expert.user, review=review, reason="Recount.", **sheet(call, 4))
    assert Review.objects.get(pk=review.pk).total is not None


# --- the evaluation settings and the start ---


def test_a_smaller_panel_than_the_rules_needs_a_reason_kept_and_audited(client):
    call = reviewing_call(applications=1)
    args = {"tie_break": "first_criterion", "experts_see_others": True}

    with pytest.raises(ValidationError) as refused:
        evaluation_save(actor=call.official, call=call, panel_size=1, reserve_size=0, **args)
    assert "size_reason" in refused.value.message_dict

    evaluation_save(
        actor=call.official,
        call=call,
        panel_size=1,
        reserve_size=0,
        size_reason="Only one expert reads Tajik.",
        **args,
    )
    assert Evaluation.objects.get(call=call).size_reason == "Only one expert reads Tajik."
    event = AuditEvent.objects.filter(action="reviews.evaluation.save").latest("pk")
    assert "size_reason" in event.changes
    _login(client, call.official)
    page = client.get(reverse("reviews:evaluation", args=[call.pk])).content.decode()
    assert "Only one expert reads Tajik." in page


def test_sizes_cannot_change_after_the_draw_even_through_the_service():
    call = drawn_call()
    with pytest.raises(ValidationError, match="cannot change"):
        evaluation_save(
            actor=call.official,
            call=call,
            panel_size=4,
            reserve_size=2,
            tie_break="first_criterion",
            experts_see_others=True,
            size_reason="More.",
        )
    assert Draw.objects.filter(call=call).exists()


def test_starting_with_unchecked_applications_needs_a_confirmation(client):
    call = reviewing_call(applications=2)
    call.state = CallState.CLOSED
    call.save(update_fields=["state"])
    Application.objects.filter(call=call).update(compliance=Compliance.PENDING)
    _login(client, call.official)
    url = reverse("reviews:evaluation", args=[call.pk])

    page = client.get(url).content.decode()
    assert "2 applications still wait for the compliance check" in page
    assert "Start the review anyway" in page
    refused = client.post(reverse("reviews:review-start", args=[call.pk]), follow=True)
    assert "confirm that the review starts anyway" in refused.content.decode()
    call.refresh_from_db()
    assert call.state == CallState.CLOSED

    client.post(reverse("reviews:review-start", args=[call.pk]), {"despite_unchecked": "on"})
    call.refresh_from_db()
    assert call.state == CallState.UNDER_REVIEW


def test_starting_with_every_application_checked_needs_no_confirmation():
    call = reviewing_call(applications=1)
    call.state = CallState.CLOSED
    call.save(update_fields=["state"])

    assert review_start(actor=call.official, call=call).state == CallState.UNDER_REVIEW


# --- a reopened sheet tells why ---


def test_a_reopened_sheet_shows_the_appeal_and_the_answer(client):
    from hamkori.decisions.services import appeal_answer, appeal_file
    from hamkori.decisions.tests.factories import published_call

    result = published_call()
    call = result.call
    application = Application.objects.filter(call=call).order_by("pk").first()
    appeal = appeal_file(
        actor=application.created_by, application=application, grounds="Reports were attached."
    )
    official = call.body.memberships.filter(role="admin").first().user
    appeal_answer(actor=official, appeal=appeal, upheld=True, answer="Experts must re-read.")
    review = Review.objects.filter(application=application).first()

    _login(client, review.expert.user)
    page = client.get(reverse("reviews:review-sheet", args=[review.pk])).content.decode()

    assert "Reports were attached." in page and "Experts must re-read." in page


# --- the register ---


def test_an_official_cannot_put_themselves_or_a_colleague_on_the_register():
    call = reviewing_call(applications=1)
    colleague = member_make(call.body)
    args = {"jurisdiction": call.jurisdiction, "areas": [Area.objects.get(pk="children")]}

    with pytest.raises(ValidationError, match="yourself"):
        expert_add(actor=call.official, email=call.official.email, languages=["ru"], **args)
    with pytest.raises(ValidationError, match="funding body"):
        expert_add(actor=call.official, email=colleague.email, languages=["ru"], **args)


# --- the public draw record ---


def test_after_publication_the_draw_record_names_no_applicant_of_an_excluded_expert(client):
    from hamkori.decisions.tests.factories import settled_result

    call = drawn_call(applications=1)
    record = Draw.objects.get(call=call)
    organisation = Application.objects.get(call=call).organisation
    record.excluded = [
        {"expert": panel_of(call)[0].pk, "reason": "relation", "organisation": organisation.pk}
    ]
    record.save(update_fields=["excluded"])
    settled_result(call)
    url = reverse("reviews:draw-detail", args=[call.lots.get().pk])
    with translation.override("en"):
        name = translated(organisation, "name")

    public = client.get(url).content.decode()
    _login(client, call.official)
    official = client.get(url).content.decode()

    assert "a known conflict with an applicant" in public and name not in public
    assert name in official
    assert reverse("reviews:evaluation", args=[call.pk]) in official
