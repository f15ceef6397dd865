"""`hamkori generate` for funding competitions: plans, calls with lots and applications at
small sizes, valid against the rules and the constraints, deterministic per seed."""

from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hamkori.applications.content import content_problems, content_totals
from hamkori.applications.models import Application, ApplicationVersion
from hamkori.applications.receipt import snapshot_digest
from hamkori.calls.models import RULE_PREFIX, Call, FundingPlan, Instrument, Lot
from hamkori.calls.workflow import CallState
from hamkori.demo.generate import GenerateOptions, generate
from hamkori.registry.models import Organisation
from hamkori.rules.selectors import RuleMissing, rule_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def options(**changes) -> GenerateOptions:
    values = {"orgs": 150, "members_per_org": 1, "seed": 7, "calls": 24, "lots_per_call": 2,
              "applications": 400, "batch_size": 100}  # fmt: skip
    return GenerateOptions(**{**values, **changes})


def fingerprint(applications) -> list[tuple]:
    return [
        (a.call.title_ru, a.lot.title_ru, a.organisation.name_ru, a.state, a.compliance,
         a.amount_requested, a.title)
        for a in applications.select_related("call", "lot", "organisation").order_by("pk")
    ]  # fmt: skip


def test_generate_makes_bodies_plans_calls_and_applications_with_the_counts_it_reports(
    reference_data, fast_hashing
):
    # when
    counts = generate(options())
    # then the counts are the rows
    assert counts["calls"] == Call.objects.count() == 24
    assert counts["lots"] == Lot.objects.count() == 48
    assert counts["funding plans"] == FundingPlan.objects.count() > 0
    assert counts["applications"] == Application.objects.count() == 400
    assert counts["application versions"] == ApplicationVersion.objects.count()
    assert counts["state bodies"] == Organisation.objects.exclude(sector="cso").count() > 0
    # and the calls are spread over states and both countries, lots over their plan's year
    assert len(set(Call.objects.values_list("state", flat=True))) >= 4
    assert set(Call.objects.values_list("jurisdiction", flat=True)) == {"KZ", "TJ"}
    for lot in Lot.objects.select_related("call", "plan"):
        assert lot.call.financial_year == lot.plan.year and lot.call.body_id == lot.plan.body_id
        assert lot.regions.count() == 1 and lot.instrument == lot.call.instrument


def test_generated_rows_respect_the_rules_and_the_constraints(reference_data, fast_hashing):
    # given
    generate(options(seed=11))
    # then every lot is inside its band (where the rules set one) and its duration bounds
    for lot in Lot.objects.select_related("call"):
        prefix = RULE_PREFIX[Instrument(lot.instrument)]
        jurisdiction = lot.call.jurisdiction_id
        try:
            low = Decimal(rule_value(jurisdiction, f"{prefix}.min_mrp"))
            mrp = Decimal(rule_value(jurisdiction, "mrp", on=f"{lot.call.financial_year}-01-01"))
            assert lot.budget >= low * mrp
        except RuleMissing:
            pass
        assert lot.currency == {"KZ": "KZT", "TJ": "TJS"}[jurisdiction]
    # and applications: one per organisation and lot, only in calls that took them, complete
    pairs = Counter(Application.objects.values_list("organisation", "lot"))
    assert max(pairs.values()) == 1
    assert not Application.objects.filter(
        call__state__in=[CallState.DRAFT, CallState.ANNOUNCED, CallState.CANCELLED]
    ).exists()
    for application in Application.objects.select_related("call", "lot", "organisation",
                                                          "current_version"):  # fmt: skip
        assert application.organisation.jurisdiction_id == application.call.jurisdiction_id
        assert application.organisation.status == "active"
        assert content_problems(application.content) == []
        assert content_totals(application.content).requested == application.amount_requested
        assert 0 < application.amount_requested <= application.lot.budget
        assert 2_000 < len(str(application.content)) < 10_000
        version = application.current_version
        if application.state == "draft":
            assert version is None
            continue
        assert version.digest == snapshot_digest(version.snapshot)
        assert version.snapshot["content"] == application.content
        assert application.call.opens_at <= version.submitted_at < application.call.closes_at
        if application.compliance != "pending":
            assert application.call.state in ("under_review", "decided", "final")


def test_generate_is_deterministic_per_seed(reference_data, fast_hashing):
    # given a first run
    generate(options(seed=3, calls=10, applications=120))
    first_pks = list(Application.objects.values_list("pk", flat=True))
    first = fingerprint(Application.objects.all())
    # when the same seed runs again on the same database (bodies and plans reused)
    generate(options(seed=3, calls=10, applications=120))
    second_pks = list(Application.objects.exclude(pk__in=first_pks).values_list("pk", flat=True))
    # then the same applications are made to calls of the same titles, as new rows
    assert fingerprint(Application.objects.exclude(pk__in=first_pks)) == first
    assert Call.objects.count() == 20 and len(set(Call.objects.values_list("reference"))) == 20
    # and another seed gives others
    generate(options(seed=4, calls=10, applications=120))
    third = Application.objects.exclude(pk__in=[*first_pks, *second_pks])
    assert third.count() == 120 and fingerprint(third) != first


def test_one_call_gets_exactly_the_number_of_submitted_applications_asked_for(
    reference_data, fast_hashing
):
    # when
    out = StringIO()
    call_command(
        "generate", "--orgs", "200", "--members-per-org", "0", "--jurisdiction", "KZ",
        "--calls", "2", "--applications-in-one-call", "250", "--lots-per-call", "3",
        stdout=out, stderr=StringIO(),
    )  # fmt: skip
    # then one closed call holds 250 submitted applications over its lots
    big = Call.objects.filter(state=CallState.CLOSED, applications__isnull=False).distinct().get()
    assert big.applications.filter(state="submitted", current_version__isnull=False).count() == 250
    assert f"/applications/call/{big.pk}/" in out.getvalue()
    assert "official." in out.getvalue()


def test_the_registry_only_run_makes_no_competitions_and_applications_need_calls(
    reference_data, fast_hashing
):
    # when
    call_command("generate", "--orgs", "30", stdout=StringIO(), stderr=StringIO())
    # then
    assert not Call.objects.exists() and not FundingPlan.objects.exists()
    assert Organisation.objects.exclude(sector="cso").count() == 0
    with pytest.raises(CommandError, match="--calls"):
        call_command("generate", "--orgs", "5", "--applications", "10", stdout=StringIO())
