"""The formation competition through the services: announced before the term ends (late
only warns), candidacies while open (once per person, for an organisation the applicant
belongs to), the working group's decisions (one accepted per non-profit legal entity) and
publishing, which forms the next composition and tells each candidate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from hamkori.core.models import AuditEvent, OutboxEmail
from hamkori.councils import services
from hamkori.councils.models import Candidacy, CandidacyState, CompetitionState, Council, Sector
from hamkori.councils.tests.factories import (
    candidacy_make,
    competition_make,
    council_make,
    official_make,
    seat_make,
)
from hamkori.registry.tests.factories import member_make, organisation_make, user_make
from hamkori.rules.selectors import local_today

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _council(days_left: int = 40, **fields) -> Council:
    today = local_today("KZ")
    end = today + timedelta(days=days_left)
    return council_make(term_start=end - timedelta(days=3 * 365), term_end=end, **fields)


def test_an_official_announces_the_competition_and_it_opens_on_its_first_day(reference_data):
    council = _council(days_left=70)
    today = local_today("KZ")

    competition = services.competition_announce(
        actor=council.created_by,
        council=council,
        opens_on=today,
        closes_on=today + timedelta(days=30),
        announcement_en="Apply!",
    )

    assert competition.state == CompetitionState.OPEN
    assert services.competition_lateness(council, competition.opens_on) is None
    event = AuditEvent.objects.get(action="councils.competition.announce")
    assert event.changes["late"] is False


def test_a_later_window_is_announced_first(reference_data):
    council = _council(days_left=70)
    today = local_today("KZ")

    competition = services.competition_announce(
        actor=council.created_by,
        council=council,
        opens_on=today + timedelta(days=3),
        closes_on=today + timedelta(days=30),
    )

    assert competition.state == CompetitionState.ANNOUNCED


def test_opening_later_than_two_months_before_the_end_is_allowed_with_a_warning(reference_data):
    council = _council(days_left=20)
    today = local_today("KZ")

    competition = services.competition_announce(
        actor=council.created_by, council=council, opens_on=today, closes_on=council.term_end
    )

    late = services.competition_lateness(council, competition.opens_on)
    assert late == services.add_months(council.term_end, -2) < today
    assert AuditEvent.objects.get(action="councils.competition.announce").changes["late"]


def test_no_competition_after_the_term_has_ended(reference_data):
    today = local_today("KZ")
    council = council_make(term_start=today - timedelta(days=900), term_end=today - timedelta(1))

    with pytest.raises(ValidationError):
        services.competition_announce(
            actor=council.created_by, council=council, opens_on=today, closes_on=today
        )


def test_one_competition_per_council(reference_data):
    competition = competition_make(_council())
    today = local_today("KZ")

    with pytest.raises(ValidationError):
        services.competition_announce(
            actor=competition.council.created_by,
            council=competition.council,
            opens_on=today,
            closes_on=today + timedelta(days=3),
        )


def _apply(competition, person, organisation=None, **fields):
    return services.candidacy_submit(
        actor=person,
        competition=competition,
        full_name=person.full_name,
        sector=fields.pop("sector", Sector.NON_PROFIT if organisation else Sector.CITIZEN),
        organisation=organisation,
        motivation=fields.pop("motivation", "I have worked in this field for ten years."),
        **fields,
    )


def test_a_cso_member_applies_with_a_letter_and_a_citizen_with_text(reference_data):
    competition = competition_make(_council())
    cso = organisation_make()
    person = member_make(cso)
    letter = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")

    candidacy = _apply(competition, person, cso, letters=[letter])
    citizen = _apply(competition, user_make(), recommendation_text="Neighbours recommend me.")

    assert candidacy.state == CandidacyState.SUBMITTED and candidacy.organisation == cso
    (stored,) = candidacy.letters.all()
    assert (stored.filename, stored.content_type) == ("letter.pdf", "application/pdf")
    assert citizen.organisation is None
    assert AuditEvent.objects.filter(action="councils.candidacy.submit").count() == 2


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("no recommendations", "recommendation_text"),
        ("not a member of the organisation", "organisation"),
        ("a state body as organisation", "organisation"),
        ("non-profit without organisation", "organisation"),
        ("no motivation", "motivation"),
    ],
)
def test_what_a_candidacy_needs(reference_data, case, field):
    competition = competition_make(_council())
    person = user_make()
    organisation = None
    sector = Sector.NON_PROFIT
    fields = {"recommendation_text": "Recommended."}
    if case == "no recommendations":
        organisation = organisation_make()
        member_make(organisation, user=person)
        fields = {}
    elif case == "not a member of the organisation":
        organisation = organisation_make()
    elif case == "a state body as organisation":
        organisation = competition.council.host
        member_make(organisation, user=person)
    elif case == "no motivation":
        sector = Sector.CITIZEN
        fields["motivation"] = "  "

    with pytest.raises(ValidationError) as refused:
        _apply(competition, person, organisation, sector=sector, **fields)

    assert field in refused.value.message_dict


def test_a_letter_that_is_not_a_document_is_refused(reference_data):
    competition = competition_make(_council())
    cso = organisation_make()
    person = member_make(cso)
    fake = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    with pytest.raises(ValidationError):
        _apply(competition, person, cso, letters=[fake])

    assert not Candidacy.objects.exists()


def test_one_candidacy_per_person(reference_data):
    competition = competition_make(_council())
    person = user_make()
    _apply(competition, person, recommendation_text="Yes.")

    with pytest.raises(ValidationError):
        _apply(competition, person, recommendation_text="Again.")


@pytest.mark.parametrize("state", ["announced", "closed", "decided", "published"])
def test_candidacies_only_while_open(reference_data, state):
    competition = competition_make(_council(), state=state)

    with pytest.raises(ValidationError):
        _apply(competition, user_make(), recommendation_text="Yes.")


def test_candidacies_only_inside_the_window(reference_data):
    today = local_today("KZ")
    competition = competition_make(
        _council(), opens_on=today - timedelta(days=9), closes_on=today - timedelta(days=1)
    )

    with pytest.raises(ValidationError):
        _apply(competition, user_make(), recommendation_text="Yes.")


def test_the_working_group_decides_after_closing_one_per_organisation(reference_data):
    judge = user_make()
    competition = competition_make(_council(), state="closed", working_group=[judge])
    first = candidacy_make(competition)
    second = candidacy_make(competition, organisation=first.organisation)

    services.candidacy_decide(actor=judge, candidacy=first, accept=True, reason="Strong.")
    with pytest.raises(ValidationError):
        services.candidacy_decide(actor=judge, candidacy=second, accept=True, reason="Also.")
    services.candidacy_decide(actor=judge, candidacy=second, accept=False, reason="One only.")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (CandidacyState.ACCEPTED, CandidacyState.REJECTED)
    assert second.reason == "One only." and second.decided_by == judge


def test_the_database_also_keeps_one_accepted_per_organisation(reference_data):
    competition = competition_make(_council(), state="closed")
    first = candidacy_make(competition, state=CandidacyState.ACCEPTED)

    with pytest.raises(IntegrityError), transaction.atomic():
        candidacy_make(competition, organisation=first.organisation, state="accepted")


@pytest.mark.parametrize(
    ("who", "state", "allowed"),
    [
        ("working group", "closed", True),
        ("working group", "open", False),
        ("working group", "decided", False),
        ("host official outside the group", "closed", False),
        ("applicant", "closed", False),
    ],
)
def test_who_decides_and_when(reference_data, who, state, allowed):
    judge = user_make()
    competition = competition_make(_council(), state=state, working_group=[judge])
    candidacy = candidacy_make(competition)
    actor = {
        "working group": judge,
        "host official outside the group": official_make(competition.council.host),
        "applicant": candidacy.applicant,
    }[who]

    if allowed:
        services.candidacy_decide(actor=actor, candidacy=candidacy, accept=True, reason="Ok.")
    else:
        with pytest.raises((PermissionDenied, ValidationError)):
            services.candidacy_decide(actor=actor, candidacy=candidacy, accept=True, reason="Ok.")


def test_a_decision_needs_a_reason(reference_data):
    judge = user_make()
    competition = competition_make(_council(), state="closed", working_group=[judge])

    with pytest.raises(ValidationError):
        services.candidacy_decide(
            actor=judge, candidacy=candidacy_make(competition), accept=False, reason=" "
        )


def test_deciding_the_competition_needs_every_candidacy_decided(reference_data):
    competition = competition_make(_council(), state="closed")
    official = competition.council.created_by
    candidacy_make(competition, state=CandidacyState.ACCEPTED)
    pending = candidacy_make(competition)

    with pytest.raises(ValidationError):
        services.competition_transition(actor=official, competition=competition, action="decide")
    Candidacy.objects.filter(pk=pending.pk).update(state=CandidacyState.REJECTED)
    services.competition_transition(actor=official, competition=competition, action="decide")

    competition.refresh_from_db()
    assert competition.state == CompetitionState.DECIDED


def test_publishing_forms_the_next_composition_and_tells_every_candidate(reference_data):
    council = _council()
    seat_make(council)
    competition = competition_make(council, state="decided")
    accepted = [candidacy_make(competition, state="accepted") for _ in range(3)]
    citizen = candidacy_make(competition, sector=Sector.CITIZEN, state="accepted")
    rejected = candidacy_make(competition, state="rejected")
    official = council.created_by
    named = user_make()

    successor = services.competition_publish(
        actor=official,
        competition=competition,
        code="next-composition",
        state_members=[
            services.StateMember("Deputy Minister", user=named),
            services.StateMember("Department Head"),
        ],
    )

    assert successor.predecessor == council and successor.host == council.host
    assert successor.term_start == council.term_end + timedelta(days=1)
    # the rule's three years: the day before the third anniversary
    assert successor.term_end == services.add_months(successor.term_start, 36) - timedelta(1)
    assert successor.name_en == council.name_en
    members = {m.full_name: m for m in successor.members.all()}
    assert set(members) == {c.full_name for c in [*accepted, citizen]} | {
        "Deputy Minister",
        "Department Head",
    }
    assert rejected.full_name not in members
    assert members["Deputy Minister"].user == named
    assert members["Deputy Minister"].sector == Sector.STATE
    assert members["Deputy Minister"].in_public_service
    assert members[citizen.full_name].organisation is None
    competition.refresh_from_db()
    assert competition.state == CompetitionState.PUBLISHED
    assert competition.successor == successor and competition.published_at
    sent_to = {address for email in OutboxEmail.objects.all() for address in email.to}
    assert sent_to == {c.applicant.email for c in [*accepted, citizen, rejected]}
    assert AuditEvent.objects.filter(action="councils.competition.publish").count() == 1


def test_a_secretary_may_publish_too(reference_data):
    council = _council()
    secretary = seat_make(council, position="secretary").user
    competition = competition_make(council, state="decided")
    candidacy_make(competition, state="accepted")

    successor = services.competition_publish(actor=secretary, competition=competition, code="n")

    assert successor.members.count() == 1


def test_publishing_before_the_decision_is_refused(reference_data):
    competition = competition_make(_council(), state="closed")
    candidacy_make(competition, state="accepted")

    with pytest.raises(ValidationError):
        services.competition_publish(
            actor=competition.council.created_by, competition=competition, code="too-early"
        )

    assert Council.objects.count() == 1
