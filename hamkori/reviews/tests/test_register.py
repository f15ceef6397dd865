"""The expert register: adding (with the platform role), editing, suspending, relations, the
terms of service, the list's filters and query count, and the expert's own page."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamkori.accounts.models import MembershipRole, PlatformRole, RoleGrant
from hamkori.calls.tests.factories import body_make
from hamkori.core.models import AuditEvent
from hamkori.registry.models import Area
from hamkori.registry.tests.factories import PASSWORD, member_make, organisation_make, user_make
from hamkori.reviews.models import Expert, ExpertRelation, ExpertStatus, RelationKind
from hamkori.reviews.services import (
    expert_add,
    expert_status_set,
    expert_update,
    relation_add,
    relation_remove,
)
from hamkori.reviews.tests.factories import drawn_call, expert_make, panel_of
from hamkori.rules.models import Jurisdiction

pytestmark = pytest.mark.django_db


def _official(jurisdiction="KZ"):
    return member_make(body_make(jurisdiction), role=MembershipRole.ADMIN)


def _kz():
    return Jurisdiction.objects.get(code="KZ")


def _login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def test_an_official_adds_an_expert_and_the_role_follows():
    official = _official()
    person = user_make()

    expert = expert_add(
        actor=official,
        email=person.email.upper(),
        jurisdiction=_kz(),
        areas=[Area.objects.get(pk="children")],
        languages=["ru", "kk"],
        qualification="Social worker, 10 years.",
    )

    assert expert.user == person and expert.terms_accepted_at is None
    grant = RoleGrant.objects.get(user=person)
    assert (grant.role, grant.jurisdiction_id, grant.granted_by) == (
        PlatformRole.EXPERT,
        "KZ",
        official,
    )
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"reviews.expert.add", "accounts.role.grant"} <= actions


def test_a_platform_administrator_adds_through_the_role_service():
    admin = user_make()
    RoleGrant.objects.create(user=admin, role=PlatformRole.ADMINISTRATOR, jurisdiction_id="KZ")
    person = user_make()

    expert_add(
        actor=admin,
        email=person.email,
        jurisdiction=_kz(),
        areas=[Area.objects.get(pk="children")],
        languages=["ru"],
    )

    assert RoleGrant.objects.filter(user=person, role=PlatformRole.EXPERT).count() == 1


def test_others_cannot_keep_the_register():
    tajik = _official("TJ")
    with pytest.raises(PermissionDenied):
        expert_add(
            actor=tajik,
            email=user_make().email,
            jurisdiction=_kz(),
            areas=[Area.objects.get(pk="children")],
            languages=["ru"],
        )


def test_adding_explains_what_is_wrong():
    official = _official()
    known = expert_make()
    children = [Area.objects.get(pk="children")]

    with pytest.raises(ValidationError) as unknown:
        expert_add(
            actor=official,
            email="nobody@example.org",
            jurisdiction=_kz(),
            areas=children,
            languages=["ru"],
        )
    with pytest.raises(ValidationError) as twice:
        expert_add(
            actor=official,
            email=known.user.email,
            jurisdiction=_kz(),
            areas=children,
            languages=["ru"],
        )
    with pytest.raises(ValidationError) as empty:
        expert_add(
            actor=official, email=user_make().email, jurisdiction=_kz(), areas=[], languages=[]
        )

    assert "register first" in str(unknown.value)
    assert "already" in str(twice.value)
    assert set(empty.value.message_dict) == {"areas", "languages"}


def test_update_and_suspension_are_audited():
    official = _official()
    expert = expert_make()

    expert_update(
        actor=official,
        expert=expert,
        areas=list(Area.objects.filter(pk__in=["children", "health"])),
        languages=["ru"],
        qualification="Doctor.",
    )
    expert_status_set(actor=official, expert=expert, status=ExpertStatus.SUSPENDED)

    expert.refresh_from_db()
    assert expert.status == ExpertStatus.SUSPENDED and expert.languages == ["ru"]
    assert set(expert.areas.values_list("pk", flat=True)) == {"children", "health"}
    event = AuditEvent.objects.get(action="reviews.expert.update")
    assert event.changes["areas"] == [["children"], ["children", "health"]]


def test_the_expert_declares_and_removes_their_own_relations_only():
    expert = expert_make()
    other = expert_make()
    organisation = organisation_make()

    relation = relation_add(
        actor=expert.user, expert=expert, organisation=organisation, kind=RelationKind.MEMBER
    )
    with pytest.raises(PermissionDenied):
        relation_add(
            actor=expert.user, expert=other, organisation=organisation, kind=RelationKind.MEMBER
        )
    with pytest.raises(ValidationError, match="already"):
        relation_add(
            actor=expert.user, expert=expert, organisation=organisation, kind=RelationKind.MEMBER
        )
    with pytest.raises(PermissionDenied):
        relation_remove(actor=other.user, relation=relation)
    relation_remove(actor=expert.user, relation=relation)

    assert not ExpertRelation.objects.exists()
    assert AuditEvent.objects.filter(action__startswith="reviews.relation.").count() == 2


def test_the_add_page_shows_errors_at_the_fields(client):
    official = _official()
    _login(client, official)

    data = {"email": "nobody@example.org", "jurisdiction": "KZ", "areas": ["children"]}

    incomplete = client.post(reverse("reviews:expert-add"), data)
    unknown = client.post(reverse("reviews:expert-add"), {**data, "languages": ["ru"]})

    assert incomplete.status_code == unknown.status_code == 400
    assert "This field is required." in incomplete.content.decode()  # the languages
    assert "No account has this e-mail address" in unknown.content.decode()


def test_the_add_page_puts_the_person_on_the_register(client):
    official = _official()
    person = user_make()
    _login(client, official)

    response = client.post(
        reverse("reviews:expert-add"),
        {
            "email": person.email,
            "jurisdiction": "KZ",
            "areas": ["children"],
            "languages": ["ru", "kk"],
        },
    )

    expert = Expert.objects.get(user=person)
    assert response["Location"] == reverse("reviews:expert-detail", args=[expert.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "Suspend" in detail and person.full_name in detail
    client.post(reverse("reviews:expert-status", args=[expert.pk]), {"status": "suspended"})
    expert.refresh_from_db()
    assert expert.status == ExpertStatus.SUSPENDED


EXPERT_LINK = re.compile(r'href="/reviews/experts/\d+/"')


def _list_queries(client, **params) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("reviews:expert-list"), params)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def test_the_list_filters_and_costs_the_same_at_any_size(client):
    official = _official()
    _login(client, official)
    for _ in range(3):
        expert_make(areas=("children", "health"), languages=("ru",))
        ExpertRelation.objects.create(
            expert=expert_make(areas=("children",), languages=("kk",)),
            organisation=organisation_make(),
            kind=RelationKind.OTHER,
        )
    small, _ = _list_queries(client)
    for _ in range(30):
        expert = expert_make(areas=("children", "health", "environment"))
        ExpertRelation.objects.create(
            expert=expert, organisation=organisation_make(), kind=RelationKind.OTHER
        )
    large, _ = _list_queries(client)

    assert large == small
    _, kazakh = _list_queries(client, language="kk", area="children")
    assert len(EXPERT_LINK.findall(kazakh)) == 3 + 30
    _, health = _list_queries(client, language="ru", area="health")
    assert len(EXPERT_LINK.findall(health)) == 3 + 30
    _, environment_in_russian = _list_queries(client, language="ru", area="environment", q="")
    assert len(EXPERT_LINK.findall(environment_in_russian)) == 30
    _, suspended = _list_queries(client, status="suspended")
    assert not EXPERT_LINK.findall(suspended)


def test_the_list_is_not_for_experts_or_applicants(client):
    _login(client, expert_make().user)
    assert client.get(reverse("reviews:expert-list")).status_code == 404


def test_the_expert_accepts_the_terms_on_their_page(client):
    expert = expert_make(terms_accepted=False)
    _login(client, expert.user)

    assert "not accepted the terms" in client.get(reverse("reviews:me")).content.decode()
    client.post(reverse("reviews:terms"))

    expert.refresh_from_db()
    assert expert.terms_accepted_at is not None
    assert AuditEvent.objects.filter(action="reviews.expert.accept_terms").count() == 1


def test_the_expert_page_lists_lots_declarations_and_relation_errors(client):
    call = drawn_call(applications=2)
    expert = panel_of(call)[0]
    _login(client, expert.user)

    page = client.get(reverse("reviews:me")).content.decode()
    assert reverse("reviews:declaration", args=[call.lots.get().pk]) in page
    assert "2 applicants" in page and "panel, place 1" in page

    response = client.post(
        reverse("reviews:relation-add", args=[expert.pk]),
        {"identifier": "000000000000", "kind": "member"},
    )
    assert response.status_code == 400
    assert "No organisation in the registry has this identifier." in response.content.decode()
