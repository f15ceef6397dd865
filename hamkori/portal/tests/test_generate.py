"""`hamkori generate`: valid synthetic data in bulk, deterministic per seed, never clashing."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from hamkori.accounts.models import Membership, User
from hamkori.core.i18n import fold_for_search
from hamkori.core.models import AuditEvent
from hamkori.demo.data import PASSWORD
from hamkori.demo.generate import GenerateOptions, generate
from hamkori.registry.identifiers import validate_identifier
from hamkori.registry.models import AnnualReport, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def names_of(organisations) -> list[tuple[str, str, str]]:
    return [(o.name_ru, o.name_kk, o.name_tg) for o in organisations.order_by("pk")]


def test_generate_creates_valid_organisations_with_members_and_reports(
    reference_data, fast_hashing
):
    # when
    counts = generate(GenerateOptions(orgs=300, members_per_org=2, seed=1))
    # then the organisations are valid and spread like the real registry
    organisations = list(Organisation.objects.prefetch_related("areas"))
    assert len(organisations) == counts["organisations"] == 300
    for org in organisations:
        validate_identifier(org.jurisdiction_id, org.identifier)
        org.full_clean()
        assert org.sector == "cso" and org.areas.all()
        assert fold_for_search(org.name_kk or org.name_tg) in org.search_text
    by_region = {
        code: sum(o.region_id == code for o in organisations) for code in ("KZ-75", "KZ-62")
    }
    assert by_region["KZ-75"] > by_region["KZ-62"]
    assert {o.jurisdiction_id for o in organisations} == {"KZ", "TJ"}
    assert len({o.status for o in organisations}) >= 3
    # and every organisation has two active members, its first one its administrator
    assert User.objects.count() == counts["users"] == 600
    assert Membership.objects.filter(status="active").count() == counts["memberships"] == 600
    assert Membership.objects.filter(role="admin").count() == 300
    member = User.objects.order_by("pk").last()
    assert authenticate(None, username=member.email, password=PASSWORD) == member
    # and reports are there, mostly but not all on time
    reports = list(AnnualReport.objects.all())
    assert len(reports) == counts["annual reports"] > 300
    late = sum(r.submitted_on > date(r.year + 1, 3, 31) for r in reports)
    assert 0 < late < len(reports) / 2
    # and one audit event tells what was made
    event = AuditEvent.objects.get(action="portal.generate")
    assert event.changes["rows"] == counts


def test_generate_is_deterministic_per_seed_and_never_reuses_an_identifier(
    reference_data, fast_hashing
):
    # given a first run
    generate(GenerateOptions(orgs=120, members_per_org=1, seed=5))
    first = Organisation.objects.all()
    first_names, first_pks = names_of(first), set(first.values_list("pk", flat=True))
    # when the same seed runs again on the same database
    generate(GenerateOptions(orgs=120, members_per_org=1, seed=5))
    second = Organisation.objects.exclude(pk__in=first_pks)
    # then the names repeat but every identifier (and e-mail) is new
    assert names_of(second) == first_names
    identifiers = list(Organisation.objects.values_list("jurisdiction", "identifier"))
    assert len(identifiers) == len(set(identifiers)) == 240
    assert User.objects.count() == 240
    # and another seed gives other names
    generate(GenerateOptions(orgs=120, members_per_org=0, seed=6))
    third = Organisation.objects.exclude(pk__in=[*first_pks, *second.values_list("pk", flat=True)])
    assert names_of(third) != first_names


def test_generate_command_limits_to_one_jurisdiction_and_reports_speed(reference_data):
    # given
    out, err = StringIO(), StringIO()
    # when
    call_command(
        "generate", "--orgs", "40", "--members-per-org", "0", "--jurisdiction", "TJ",
        stdout=out, stderr=err,
    )  # fmt: skip
    # then
    assert set(Organisation.objects.values_list("jurisdiction", flat=True)) == {"TJ"}
    assert all(name.startswith(("Иттиҳодияи", "Фонди", "Муассисаи"))
               for name in Organisation.objects.values_list("name_tg", flat=True))  # fmt: skip
    assert not User.objects.exists()
    assert "organisations: 40" in out.getvalue() and "rows/s" in out.getvalue()
    assert "100%" in err.getvalue()


def test_generate_command_rejects_a_non_positive_count(reference_data):
    # when / then
    with pytest.raises(Exception, match="must be at least 1"):
        call_command("generate", "--orgs", "0", stdout=StringIO(), stderr=StringIO())
    assert not Organisation.objects.exists()
