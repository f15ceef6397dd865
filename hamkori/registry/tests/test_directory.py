"""The public directory and profile pages: filters, search, pagination, htmx, query counts,
and who sees members' contacts."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamkori.accounts.models import MembershipRole, RoleGrant
from hamkori.registry.models import AnnualReport, Organisation, OrganisationKind
from hamkori.registry.selectors import organisation_list_for
from hamkori.registry.tests.factories import (
    PASSWORD,
    member_make,
    organisation_build,
    organisation_make,
    user_make,
)

pytestmark = pytest.mark.django_db

LIST = reverse("registry:organisation-list")


def populate(count: int) -> None:
    organisations = Organisation.objects.bulk_create(
        [organisation_build(name_ru=f"Объединение {i:05d}") for i in range(count)]
    )
    through = Organisation.areas.through
    through.objects.bulk_create(
        [
            through(organisation_id=o.pk, area_id=a)
            for o in organisations
            for a in ("health", "rights")
        ]
    )


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_list_runs_the_same_queries_at_10_and_1000_organisations(client):
    populate(10)
    small = queries_of(client, LIST)
    populate(990)
    assert Organisation.objects.count() == 1000
    assert queries_of(client, LIST) == small
    assert queries_of(client, f"{LIST}?area=health&page=3") == queries_of(
        client, f"{LIST}?area=health"
    )


def test_the_detail_runs_the_same_queries_at_10_and_1000_organisations(client):
    # given an organisation with children, reports and members, seen by an official
    parent = organisation_make(kind=OrganisationKind.MINISTRY, name_en="Ministry")
    organisation = organisation_make(parent=parent)
    organisation_make(parent=organisation, kind=OrganisationKind.AGENCY, name_en="Agency")
    for year in (2022, 2023, 2024):
        AnnualReport.objects.create(
            organisation=organisation, year=year, submitted_on=date(year + 1, 3, 1), currency="KZT"
        )
    member_make(organisation, role=MembershipRole.ADMIN)
    member_make(organisation)
    official = member_make(parent)
    client.login(email=official.email, password=PASSWORD)
    url = reverse("registry:organisation-detail", args=[organisation.pk])
    populate(10)
    small = queries_of(client, url)
    populate(990)
    assert queries_of(client, url) == small


def test_search_is_case_insensitive_in_cyrillic():
    organisation_make(name_kk="қазақ жастары одағы")
    organisation_make(name_ru="Другое объединение")
    found = organisation_list_for(user=None, q="ҚАЗАҚ")
    assert [o.name_kk for o in found] == ["қазақ жастары одағы"]


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("«Бірге» қоғамдық бірлестігі", "Бирге"),  # Kazakh і typed as Russian и
        ("Иттиҳодияи «Меҳр»", "мехр"),  # Tajik ҳ typed as х
        ("«Қамқор» қоры", "камкор"),
        ("Ёлка", "елка"),
    ],
)
def test_search_folds_kazakh_and_tajik_letters_onto_russian_ones(name, typed):
    wanted = organisation_make(name_kk=name)
    organisation_make(name_ru="Другое объединение")
    assert list(organisation_list_for(user=None, q=typed)) == [wanted]


def test_search_finds_the_open_data_identifier_the_page_shows():
    wanted = organisation_make()
    organisation_make()
    assert list(organisation_list_for(user=None, q=f"KZ-BIN-{wanted.identifier}")) == [wanted]


def test_directory_is_ordered_by_the_russian_name():
    organisation_make(name_ru="Яблоко", name_kk="Алма")
    organisation_make(name_ru="Берёза", name_kk="Қайың")
    names = [o.name_ru for o in organisation_list_for(user=None)]
    assert names == ["Берёза", "Яблоко"]


def test_search_finds_an_identifier_written_with_spaces():
    wanted = organisation_make()
    organisation_make()
    spaced = f"{wanted.identifier[:6]} {wanted.identifier[6:]}"
    assert list(organisation_list_for(user=None, q=spaced)) == [wanted]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"jurisdiction": "TJ"}, {"tj"}),
        ({"region": "KZ-75"}, {"almaty"}),
        ({"kind": "foundation"}, {"foundation"}),
        ({"status": "suspended"}, {"suspended"}),
        ({"area": "health"}, {"almaty", "tj"}),
        ({"sector": "state"}, {"ministry"}),
    ],
)
def test_filters(filters, expected):
    # given one organisation for each filter
    tj = organisation_make("TJ", name_en="tj")
    tj.areas.add("health")
    organisation_make(region_id="KZ-75", name_en="almaty").areas.add("health")
    organisation_make(kind=OrganisationKind.FOUNDATION, name_en="foundation")
    organisation_make(status="suspended", name_en="suspended")
    organisation_make(kind=OrganisationKind.MINISTRY, name_en="ministry")
    # then each filter finds exactly its own
    assert {o.name_en for o in organisation_list_for(user=None, **filters)} == expected


def test_the_page_filters_and_paginates_by_25(client):
    populate(30)
    organisation_make("TJ", name_en="Tajik foundation")
    first = client.get(LIST)
    assert first.context["page_obj"].paginator.count == 31
    assert len(first.context["page_obj"].object_list) == 25
    assert 'rel="next"' in first.content.decode()
    second = client.get(LIST, {"page": 2})
    assert len(second.context["page_obj"].object_list) == 6
    only_tj = client.get(LIST, {"jurisdiction": "TJ"})
    assert "Tajik foundation" in only_tj.content.decode()
    assert only_tj.context["page_obj"].paginator.count == 1


def test_an_unknown_filter_value_is_ignored_not_an_error(client):
    populate(3)
    response = client.get(LIST, {"region": "XX-00", "kind": "castle"})
    assert response.context["page_obj"].paginator.count == 3


def test_htmx_gets_only_the_results_and_plain_get_the_page(client):
    organisation_make(name_en="Green steppe")
    partial = client.get(LIST, {"q": "green"}, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "Green steppe" in body and "<html" not in body
    assert partial.templates[0].name == "registry/partials/_organisation_results.html"
    full = client.get(LIST, {"q": "green"}).content.decode()
    assert "<html" in full and "Green steppe" in full
    assert 'hx-push-url="true"' in full and 'hx-target="#results"' in full


def test_the_detail_shows_the_profile_reports_and_eligibility(client):
    parent = organisation_make(kind=OrganisationKind.MINISTRY, name_en="Ministry of Culture")
    organisation = organisation_make(name_en="Steppe voices", parent=parent)
    AnnualReport.objects.create(
        organisation=organisation, year=2023, submitted_on=date(2024, 4, 2), currency="KZT"
    )
    body = client.get(reverse("registry:organisation-detail", args=[organisation.pk])).content
    text = body.decode()
    assert "Steppe voices" in text and "Ministry of Culture" in text
    assert f"KZ-BIN-{organisation.identifier}" in text
    assert "late" in text
    assert "Not eligible for funding today" in text


def test_an_unknown_organisation_is_404(client):
    assert client.get(reverse("registry:organisation-detail", args=[999999])).status_code == 404


def member_contacts_visible(client, viewer, organisation, hidden_email: str) -> bool:
    if viewer is not None:
        client.login(email=viewer.email, password=PASSWORD)
    url = reverse("registry:organisation-detail", args=[organisation.pk])
    return hidden_email in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("viewer_kind", "sees"),
    [
        ("public", False),
        ("member_of_another_cso", False),
        ("official_of_other_country", False),
        ("member", True),
        ("official", True),
        ("auditor", True),
        ("platform_admin", True),
    ],
)
def test_only_the_right_people_see_members_contacts(client, viewer_kind, sees):
    organisation = organisation_make()
    member = member_make(organisation, user=user_make(email="hidden.person@example.org"))
    viewers = {
        "public": lambda: None,
        "member_of_another_cso": lambda: member_make(organisation_make()),
        "official_of_other_country": lambda: member_make(
            organisation_make("TJ", kind=OrganisationKind.MINISTRY, name_en="Ministry")
        ),
        "member": lambda: member_make(organisation),
        "official": lambda: member_make(
            organisation_make(kind=OrganisationKind.MINISTRY, name_en="Ministry")
        ),
        "auditor": lambda: RoleGrant.objects.create(user=user_make(), role="auditor").user,
        "platform_admin": lambda: (
            RoleGrant.objects.create(user=user_make(), role="administrator").user
        ),
    }
    viewer = viewers[viewer_kind]()
    assert member_contacts_visible(client, viewer, organisation, member.email) is sees
