"""The councils pages through the client: public pages for everyone, the officials' forms
(the regulation must be a real PDF), applying with a letter, the working group's decision,
publishing; pages others may not use answer 404 or 403."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from hamkori.councils.models import Candidacy, CandidacyState, Council, Member
from hamkori.councils.services import add_months
from hamkori.councils.tests.factories import (
    candidacy_make,
    competition_make,
    council_make,
    seat_make,
)
from hamkori.registry.tests.factories import member_make, organisation_make, user_make
from hamkori.rules.selectors import local_today

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


def _council(**fields) -> Council:
    today = local_today("KZ")
    return council_make(
        term_start=today - timedelta(days=100), term_end=today + timedelta(days=40), **fields
    )


def test_the_public_council_page_shows_members_and_the_composition_check(reference_data, client):
    council = _council(members=14)
    chair = seat_make(council, position="chair", sector="citizen")

    with translation.override("en"):
        page = client.get(reverse("councils:council-detail", args=[council.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert chair.full_name in html
    assert "meets the rules" in html
    assert reverse("councils:council-edit", args=[council.pk]) not in html


def test_the_page_shows_each_violation_with_its_reference(reference_data, client):
    council = _council(members=3)

    with translation.override("en"):
        html = client.get(reverse("councils:council-detail", args=[council.pk])).content.decode()

    assert "does not meet the rules" in html and "383-V" in html


def test_the_list_filters_by_level(reference_data, client):
    republican = _council()
    local = _council(level="local")

    page = client.get(reverse("councils:council-list"), {"level": "local"})

    html = page.content.decode()
    assert reverse("councils:council-detail", args=[local.pk]) in html
    assert reverse("councils:council-detail", args=[republican.pk]) not in html


def test_an_official_creates_a_council_with_a_pdf_regulation(reference_data, client):
    host = _council().host
    official = Council.objects.get().created_by
    client.force_login(official)
    today = local_today("KZ")
    data = {
        "host": host.pk,
        "code": "new-council",
        "level": "republican",
        "term_start": today.isoformat(),
        "term_end": (today + timedelta(days=1000)).isoformat(),
        "name_ru": "Общественный совет",
        "regulation": SimpleUploadedFile("reg.pdf", PDF, content_type="application/pdf"),
    }

    response = client.post(reverse("councils:council-create"), data)

    council = Council.objects.get(code="new-council")
    assert response.status_code == 302 and council.regulation
    regulation = client.get(reverse("councils:council-regulation", args=[council.pk]))
    assert b"".join(regulation.streaming_content).startswith(b"%PDF")


def test_a_regulation_that_is_not_a_pdf_is_refused(reference_data, client):
    council = _council()
    client.force_login(council.created_by)
    fake = SimpleUploadedFile("reg.pdf", b"PK\x03\x04 not a pdf", content_type="application/pdf")

    response = client.post(
        reverse("councils:council-edit", args=[council.pk]),
        {
            "level": "republican",
            "term_start": council.term_start.isoformat(),
            "term_end": council.term_end.isoformat(),
            "name_en": "Renamed",
            "regulation": fake,
        },
    )

    assert response.status_code == 400
    council.refresh_from_db()
    assert not council.regulation and council.name_en != "Renamed"


def test_an_official_adds_a_member_by_the_organisations_identifier(reference_data, client):
    council = _council()
    cso = organisation_make()
    person = user_make()
    client.force_login(council.created_by)

    response = client.post(
        reverse("councils:member-add", args=[council.pk]),
        {
            "full_name": "Aliya Bekova",
            "email": person.email.upper(),
            "position": "member",
            "sector": "non_profit",
            "organisation": f"KZ-BIN-{cso.identifier}",
            "starts_on": local_today("KZ").isoformat(),
        },
    )

    assert response.status_code == 302
    member = Member.objects.get(full_name="Aliya Bekova")
    assert (member.user, member.organisation) == (person, cso)


def test_an_unknown_account_or_organisation_is_shown_on_the_form(reference_data, client):
    council = _council()
    client.force_login(council.created_by)

    response = client.post(
        reverse("councils:member-add", args=[council.pk]),
        {
            "full_name": "X",
            "email": "nobody@example.org",
            "position": "member",
            "sector": "non_profit",
            "organisation": "000000000000",
            "starts_on": local_today("KZ").isoformat(),
        },
    )

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"email", "organisation"}


@pytest.mark.parametrize(
    "name",
    ["councils:council-edit", "councils:member-list", "councils:member-add"],
)
def test_management_pages_are_not_found_for_others(reference_data, client, name):
    council = _council()
    client.force_login(member_make(organisation_make()))

    assert client.get(reverse(name, args=[council.pk])).status_code == 404


def test_the_manage_page_is_refused_to_people_without_a_body(reference_data, client):
    client.force_login(user_make())

    assert client.get(reverse("councils:council-manage")).status_code == 403


def test_the_manage_page_lists_the_councils_of_the_officials_body(reference_data, client):
    council = _council()
    other = _council()
    client.force_login(council.created_by)

    html = client.get(reverse("councils:council-manage")).content.decode()

    assert reverse("councils:member-list", args=[council.pk]) in html
    assert reverse("councils:member-list", args=[other.pk]) not in html


def test_a_person_applies_with_a_letter_and_reads_their_candidacy(reference_data, client):
    competition = competition_make(_council())
    cso = organisation_make()
    person = member_make(cso)
    client.force_login(person)
    letter = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")

    response = client.post(
        reverse("councils:candidacy-submit", args=[competition.pk]),
        {
            "full_name": person.full_name,
            "sector": "non_profit",
            "organisation": cso.pk,
            "motivation": "Ten years of work.",
            "letters": [letter],
            "resident": "on",
        },
    )

    candidacy = Candidacy.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("councils:candidacy-detail", args=[candidacy.pk]))
    (stored,) = page.context["letters"]
    download = client.get(reverse("councils:letter-download", args=[stored.pk]))
    assert b"".join(download.streaming_content) == PDF
    client.force_login(user_make())
    assert client.get(reverse("councils:letter-download", args=[stored.pk])).status_code == 404
    assert client.get(reverse("councils:candidacy-detail", args=[candidacy.pk])).status_code == 404


def test_the_working_group_decides_on_the_candidacy_page(reference_data, client):
    judge = user_make()
    competition = competition_make(_council(), state="closed", working_group=[judge])
    candidacy = candidacy_make(competition)
    client.force_login(judge)

    response = client.post(
        reverse("councils:candidacy-detail", args=[candidacy.pk]),
        {"decision": "accept", "reason": "Experienced."},
    )

    assert response.status_code == 302
    candidacy.refresh_from_db()
    assert candidacy.state == CandidacyState.ACCEPTED


def test_the_official_closes_decides_and_publishes(reference_data, client):
    council = _council()
    judge = council.created_by
    competition = competition_make(council, working_group=[judge])
    candidacy = candidacy_make(competition)
    client.force_login(judge)
    transition = "councils:competition-transition"

    client.post(reverse(transition, args=[competition.pk, "close"]))
    client.post(
        reverse("councils:candidacy-detail", args=[candidacy.pk]),
        {"decision": "accept", "reason": "Yes."},
    )
    client.post(reverse(transition, args=[competition.pk, "decide"]))
    response = client.post(
        reverse("councils:competition-publish", args=[competition.pk]),
        {
            "code": "next",
            "term_start": (council.term_end + timedelta(days=1)).isoformat(),
            "term_end": "",
            "state_members": f"Vice Minister; {judge.email}\nDepartment Head",
        },
    )

    successor = Council.objects.get(code="next")
    assert response.status_code == 302
    # the end follows from the start given and the rule's three years
    start = council.term_end + timedelta(days=1)
    assert successor.term_end == add_months(start, 36) - timedelta(days=1)
    assert successor.members.count() == 3
    results = client.get(reverse("councils:competition-results", args=[competition.pk]))
    assert candidacy.full_name in results.content.decode()


def test_results_are_not_found_before_they_are_published(reference_data, client):
    competition = competition_make(_council(), state="decided")

    assert (
        client.get(reverse("councils:competition-results", args=[competition.pk])).status_code
        == 404
    )


def test_others_cannot_move_the_competition(reference_data, client):
    competition = competition_make(_council())
    client.force_login(user_make())

    response = client.post(
        reverse("councils:competition-transition", args=[competition.pk, "close"])
    )

    assert response.status_code == 404
    competition.refresh_from_db()
    assert competition.state == "open"


@pytest.mark.parametrize("language", ["kk", "ru", "tg", "en"])
def test_the_public_pages_work_in_every_language(reference_data, client, language):
    council = _council(members=2, name_ru="Общественный совет", name_en="")
    competition = competition_make(council)

    for url in (
        reverse("councils:council-list"),
        reverse("councils:council-detail", args=[council.pk]),
        reverse("councils:competition-detail", args=[competition.pk]),
    ):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert page.status_code == 200
        assert f'lang="{language}"' in page.content.decode()
        assert "Общественный совет" in page.content.decode()
