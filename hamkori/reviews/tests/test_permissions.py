"""The permission matrix of the review: an expert sees only the applications assigned to them
and declared free of conflict, with their files, and nothing before declaring; the score
sheet is its expert's alone; officials keep their own pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hamkori.applications.models import Application
from hamkori.applications.tests.submission_factories import attach
from hamkori.registry.tests.factories import PASSWORD
from hamkori.reviews.models import Review
from hamkori.reviews.services import Answer, declarations_record, review_submit
from hamkori.reviews.tests.factories import (
    declare_free,
    drawn_call,
    panel_of,
    reserves_of,
    sheet,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


def _world():
    """Two applications; on the first: A submitted, C scoring, B recused (conflict), the first
    reserve R declaring in B's place, the second reserve and a sixth expert unassigned."""
    call = drawn_call(applications=2, panel=3, reserves=2, experts=7)
    lot = call.lots.get()
    first, second = Application.objects.filter(call=call).order_by("submitted_at", "pk")
    a, b, c = panel_of(call)
    r1, r2 = reserves_of(call)
    declare_free(a, lot)
    declare_free(c, lot)
    declarations_record(
        actor=b.user,
        lot=lot,
        answers={
            first.pk: Answer(conflict=True, description="Board member."),
            second.pk: Answer(conflict=False),
        },
    )
    review_submit(
        actor=a.user, review=Review.objects.get(expert=a, application=first), **sheet(call)
    )
    drawn = {a.pk, b.pk, c.pk, r1.pk, r2.pk}
    stranger = next(e for e in call.experts if e.pk not in drawn)
    people = {
        "submitted": a.user,
        "scoring": c.user,
        "recused": b.user,
        "declaring": r1.user,
        "unassigned": stranger.user,
        "uncalled_reserve": r2.user,
        "official": call.official,
        "applicant": first.created_by,
        "other_applicant": second.created_by,
        "public": None,
    }
    return call, first, second, people, Review.objects.get(expert=a, application=first)


ALLOWED = {
    "own_sheet": {"submitted", "scoring"},
    "submitted_sheet": {"submitted"},
    "attachment": {"submitted", "scoring", "official", "applicant"},
    "declaration": {"submitted", "scoring", "recused", "declaring"},
    "official_page": {"official"},
}
ROLES = [
    "submitted",
    "scoring",
    "recused",
    "declaring",
    "unassigned",
    "uncalled_reserve",
    "official",
    "applicant",
    "other_applicant",
    "public",
]


def _url(page, user, call, first, others_review, attachment):
    if page == "own_sheet":
        own = Review.objects.filter(application=first, expert__user=user).first() if user else None
        return reverse("reviews:review-sheet", args=[(own or others_review).pk])
    if page == "submitted_sheet":
        return reverse("reviews:review-sheet", args=[others_review.pk])
    if page == "attachment":
        return reverse("applications:attachment-download", args=[attachment.pk])
    if page == "declaration":
        return reverse("reviews:declaration", args=[call.lots.get().pk])
    return reverse("applications:official-detail", args=[first.pk])


@pytest.mark.parametrize("page", sorted(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, role, page):
    call, first, _second, people, others_review = _world()
    attachment = attach(first)
    user = people[role]
    if user is not None:
        assert client.login(email=user.email, password=PASSWORD)
    # own_sheet: someone without a review of the application tries the one of A
    url = _url(page, user, call, first, others_review, attachment)

    response = client.get(url)

    if role == "public":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in ALLOWED[page]:
        assert response.status_code == 200, (role, page)
    else:
        assert response.status_code == 404, (role, page)


def test_the_sheet_shows_the_content_and_files_only_after_the_declaration(client):
    call, first, _second, people, _ = _world()
    scoring = Review.objects.get(application=first, expert__user=people["scoring"])
    declaring = Review.objects.get(application=first, expert__user=people["declaring"])

    client.login(email=people["scoring"].email, password=PASSWORD)
    page = client.get(reverse("reviews:review-sheet", args=[scoring.pk])).content.decode()
    assert first.content["summary"] in page
    client.login(email=people["declaring"].email, password=PASSWORD)
    declaration = client.get(reverse("reviews:declaration", args=[call.lots.get().pk]))
    assert first.content["summary"] not in declaration.content.decode()
    assert client.get(reverse("reviews:review-sheet", args=[declaring.pk])).status_code == 404


def test_an_expert_recused_from_one_application_still_reads_the_other(client):
    _call, first, second, people, _ = _world()
    client.login(email=people["recused"].email, password=PASSWORD)

    assert (
        client.get(
            reverse("applications:attachment-download", args=[attach(second).pk])
        ).status_code
        == 200
    )
    assert (
        client.get(reverse("applications:attachment-download", args=[attach(first).pk])).status_code
        == 404
    )
