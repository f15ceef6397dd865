"""The demo data set: valid, realistic for both countries, a person for every role, loaded once."""

from datetime import date

import pytest
from django.contrib.auth import authenticate

from hamkori.accounts.models import Membership, User
from hamkori.accounts.permissions import (
    is_auditor,
    is_cso_member,
    is_expert,
    is_official,
    is_org_admin,
    is_org_member,
    is_platform_admin,
)
from hamkori.core.models import AuditEvent
from hamkori.demo.data import PASSWORD
from hamkori.demo.load import demo_load
from hamkori.registry.identifiers import validate_identifier
from hamkori.registry.models import AnnualReport, Organisation
from hamkori.registry.tests.factories import organisation_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def fast_hashing(settings):
    # A deliberately slow hash costs seconds per sign-in and proves nothing more here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    # The demo's attachments are files; keep them out of the data directory.
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture
def demo(reference_data, fast_hashing):
    return demo_load()


def user(prefix: str) -> User:
    return User.objects.get(email=f"{prefix}@demo.hamkori.org")


def organisation(name_en: str) -> Organisation:
    return Organisation.objects.get(name_en=name_en)


def test_demo_has_at_least_forty_valid_csos_in_both_countries(demo):
    # given the demo data set (loaded by the fixture)
    # when its organisations are validated again
    organisations = list(Organisation.objects.all())
    for org in organisations:
        validate_identifier(org.jurisdiction_id, org.identifier)
        org.full_clean()
    # then
    csos = [org for org in organisations if org.sector == "cso"]
    assert len(csos) >= 40
    assert sum(org.jurisdiction_id == "KZ" for org in csos) >= 30
    assert sum(org.jurisdiction_id == "TJ" for org in csos) >= 12
    assert {org.region_id for org in csos if org.jurisdiction_id == "TJ"} == {
        "TJ-DU", "TJ-GB", "TJ-KT", "TJ-RA", "TJ-SU",
    }  # fmt: skip
    assert len({org.region_id for org in csos if org.jurisdiction_id == "KZ"}) == 20
    assert all(org.name_ru and (org.name_kk or org.name_tg) for org in csos)
    assert all(org.areas.exists() and org.description_ru and org.address for org in csos)
    assert {org.kind for org in csos} >= {
        "public_association", "foundation", "institution", "union", "foreign_branch",
    }  # fmt: skip


def test_demo_has_the_state_bodies_of_both_countries(demo):
    # when
    bodies = {
        (org.jurisdiction_id, org.kind, org.region_id): org
        for org in Organisation.objects.exclude(sector="cso")
    }
    # then
    kz_ministries = Organisation.objects.filter(jurisdiction="KZ", kind="ministry")
    assert kz_ministries.count() == 4
    assert ("KZ", "local_executive", "KZ-75") in bodies
    operator = bodies["KZ", "grant_operator", "KZ-71"]
    assert operator.sector == "operator"
    assert operator.parent.name_en.startswith("Ministry of Culture and Information")
    agency = bodies["TJ", "agency", "TJ-DU"]
    assert agency.parent == bodies["TJ", "ministry", "TJ-DU"]
    assert agency.parent.name_tg.startswith("Вазорати тандурустӣ")
    assert ("TJ", "local_executive", "TJ-DU") in bodies


def test_every_demo_person_signs_in_with_the_demo_password(reference_data, fast_hashing):
    # given
    sign_ins = demo_load()
    # when / then
    people = User.objects.filter(email__endswith="@demo.hamkori.org")
    assert len(sign_ins) == people.count() >= 15
    for sign_in in sign_ins:
        assert sign_in.password == PASSWORD
        assert authenticate(None, username=sign_in.email, password=PASSWORD) is not None
    assert authenticate(None, username=sign_ins[0].email, password="wrong-password-1") is None


def test_every_role_is_held_by_a_demo_person(demo):
    # given
    birge = organisation("Birge Association of Parents of Children with Disabilities")
    mehr = organisation("Mehr Centre for Children with Disabilities")
    # then
    assert user("admin").is_superuser and is_platform_admin(user("admin"))
    assert is_auditor(user("auditor"), birge) and is_auditor(user("auditor"), mehr)
    assert is_expert(user("expert"), birge) and not is_expert(user("expert"), mehr)
    assert is_official(user("official.kz"), birge)
    assert not is_official(user("official.kz"), mehr)
    assert is_official(user("operator"), birge)
    assert is_official(user("official.tj"), mehr) and is_official(user("hukumat"), mehr)
    assert is_org_admin(user("cso.kz"), birge) and is_org_admin(user("cso.tj"), mehr)
    assert is_org_admin(user("cso2.kz"), organisation("Green Almaty Environmental Foundation"))
    assert is_cso_member(user("member")) and not is_org_admin(user("member"), birge)
    citizen = user("citizen")
    assert not citizen.memberships.exists() and not citizen.role_grants.exists()
    assert not is_official(citizen) and not is_cso_member(citizen)
    claim = Membership.objects.get(user=user("newcomer"))
    assert (claim.organisation, claim.status) == (birge, "pending")
    assert not is_org_member(user("newcomer"), birge)


def test_demo_reports_include_late_and_missing_ones_and_statuses_vary(demo):
    # when
    reports = AnnualReport.objects.select_related("organisation")
    late = [r for r in reports if r.submitted_on > date(r.year + 1, 3, 31)]
    on_time = [r for r in reports if r.submitted_on <= date(r.year + 1, 3, 31)]
    csos = Organisation.objects.filter(sector="cso")
    missing = [org for org in csos if org.annual_reports.count() < 3]
    # then
    assert len(on_time) > len(late) >= 5
    assert len(missing) >= 5
    assert {r.year for r in reports} == {2023, 2024, 2025}
    assert all(r.currency == ("KZT" if r.organisation.jurisdiction_id == "KZ" else "TJS")
               for r in reports)  # fmt: skip
    assert csos.filter(status="suspended").count() == 1
    assert csos.filter(status="liquidating").count() == 1


def test_demo_load_runs_once_and_is_audited(demo):
    # given the demo loaded once
    organisations, users = Organisation.objects.count(), User.objects.count()
    # when it is asked again
    again = demo_load()
    # then nothing is added and the first load left exactly one audit event
    assert demo and again == []
    assert (Organisation.objects.count(), User.objects.count()) == (organisations, users)
    event = AuditEvent.objects.get(action="portal.demo_load")
    assert event.changes["organisations"] == organisations


def test_demo_load_refuses_a_database_with_organisations(reference_data, fast_hashing):
    # given a real organisation
    organisation_make()
    # when
    sign_ins = demo_load()
    # then
    assert sign_ins == []
    assert not User.objects.exists()
    assert not AuditEvent.objects.filter(action="portal.demo_load").exists()


def test_describe_only_lists_sign_ins_without_writing(reference_data):
    # when
    sign_ins = demo_load(describe_only=True)
    # then
    assert {s.email for s in sign_ins} >= {"admin@demo.hamkori.org", "citizen@demo.hamkori.org"}
    assert not Organisation.objects.exists()
