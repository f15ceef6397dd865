"""Members through the services: adding, changing, ending a seat, and positions (one chair,
deputy chair and secretary at a time; a chair outside public service where the rules say
so), each audited; who may manage a council, as a matrix over roles."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from hamkori.accounts.models import MembershipRole, PlatformRole, RoleGrant
from hamkori.calls.tests.factories import body_make
from hamkori.core.models import AuditEvent
from hamkori.councils import services
from hamkori.councils.models import Position, Sector
from hamkori.councils.permissions import can_manage_council, is_council_member
from hamkori.councils.tests.factories import council_make, official_make, seat_make
from hamkori.registry.tests.factories import member_make, organisation_make, user_make
from hamkori.rules.selectors import local_today

pytestmark = pytest.mark.django_db


def _current_council(**fields):
    today = local_today("KZ")
    return council_make(
        term_start=today - timedelta(days=100), term_end=today + timedelta(days=900), **fields
    )


def test_an_official_adds_a_member_representing_a_cso_and_it_is_audited(reference_data):
    council = _current_council()
    official = council.created_by
    cso = organisation_make()
    person = user_make()

    member = services.member_add(
        actor=official,
        council=council,
        full_name=" Aigerim Bekova ",
        sector=Sector.NON_PROFIT,
        organisation=cso,
        user=person,
    )

    assert (member.full_name, member.organisation, member.position) == (
        "Aigerim Bekova",
        cso,
        Position.MEMBER,
    )
    assert member.starts_on == local_today("KZ")
    assert is_council_member(person, council)
    event = AuditEvent.objects.get(action="councils.member.add")
    assert event.object_id == str(member.pk) and event.actor_id == official.pk


@pytest.mark.parametrize(
    ("sector", "organisation_kind", "field"),
    [
        (Sector.NON_PROFIT, None, "organisation"),  # a non-profit member needs a CSO
        (Sector.NON_PROFIT, "ministry", "organisation"),  # ... and a state body is not one
        (Sector.STATE, "public_association", "organisation"),
    ],
)
def test_the_organisation_must_fit_the_sector(reference_data, sector, organisation_kind, field):
    council = _current_council()
    organisation = organisation_make(kind=organisation_kind) if organisation_kind else None

    with pytest.raises(ValidationError) as refused:
        services.member_add(
            actor=council.created_by,
            council=council,
            full_name="Someone",
            sector=sector,
            organisation=organisation,
        )

    assert field in refused.value.message_dict


def test_a_person_holds_one_seat_at_a_time(reference_data):
    council = _current_council()
    seat = seat_make(council)

    with pytest.raises(ValidationError) as refused:
        services.member_add(
            actor=council.created_by,
            council=council,
            full_name=seat.full_name,
            sector=Sector.CITIZEN,
            user=seat.user,
        )

    assert "user" in refused.value.message_dict


def test_a_new_chair_moves_the_previous_one_back_to_member(reference_data):
    council = _current_council()
    first = seat_make(council, position=Position.CHAIR)
    second = seat_make(council)

    services.member_position_set(actor=council.created_by, member=second, position=Position.CHAIR)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.position, second.position) == (Position.MEMBER, Position.CHAIR)
    event = AuditEvent.objects.get(action="councils.member.position_set")
    assert event.changes["position"] == [Position.MEMBER, Position.CHAIR]
    assert event.changes["moved_to_member"] == [first.pk]


@pytest.mark.parametrize("position", [Position.DEPUTY_CHAIR, Position.SECRETARY])
def test_one_deputy_chair_and_one_secretary_at_a_time(reference_data, position):
    council = _current_council()
    first = seat_make(council, position=position)

    services.member_add(
        actor=council.created_by,
        council=council,
        full_name="Newcomer",
        sector=Sector.CITIZEN,
        position=position,
    )

    assert council.members.filter(position=position).count() == 1
    first.refresh_from_db()
    assert first.position == Position.MEMBER


def test_presidium_members_may_be_many(reference_data):
    council = _current_council()
    seat_make(council, position=Position.PRESIDIUM)
    other = seat_make(council)

    services.member_position_set(
        actor=council.created_by, member=other, position=Position.PRESIDIUM
    )

    assert council.members.filter(position=Position.PRESIDIUM).count() == 2


def test_a_chair_in_public_service_is_refused_in_kazakhstan(reference_data):
    council = _current_council()
    civil_servant = seat_make(
        council, sector=Sector.STATE, organisation=council.host, in_public_service=True
    )

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.member_position_set(
            actor=council.created_by, member=civil_servant, position=Position.CHAIR
        )

    assert civil_servant.full_name in refused.value.message_dict["position"][0]
    civil_servant.refresh_from_db()
    assert civil_servant.position == Position.MEMBER
    assert not AuditEvent.objects.filter(action="councils.member.position_set").exists()


def test_a_chair_cannot_be_made_a_civil_servant_afterwards(reference_data):
    council = _current_council()
    chair = seat_make(council, position=Position.CHAIR, sector=Sector.CITIZEN)

    with pytest.raises(ValidationError):
        services.member_update(actor=council.created_by, member=chair, in_public_service=True)


def test_tajikistan_has_no_such_rule_and_the_election_stands(reference_data):
    host = body_make("TJ")
    council = council_make(host=host, term_start=date(2024, 1, 1), term_end=date(2029, 1, 1))
    official = seat_make(council, sector=Sector.STATE, organisation=host, in_public_service=True)

    services.member_position_set(actor=council.created_by, member=official, position="chair")

    official.refresh_from_db()
    assert official.position == Position.CHAIR


def test_an_election_records_the_meeting(reference_data):
    council = _current_council()
    member = seat_make(council)

    class Meeting:
        pk = 42

    services.member_position_set(
        actor=council.created_by, member=member, position=Position.SECRETARY, meeting=Meeting()
    )

    event = AuditEvent.objects.get(action="councils.member.position_set")
    assert event.changes["meeting"] == 42


def test_ending_a_membership_keeps_the_seat_on_record(reference_data):
    council = _current_council()
    seat = seat_make(council)
    today = local_today("KZ")

    services.member_end(actor=council.created_by, member=seat, ends_on=today - timedelta(days=1))

    seat.refresh_from_db()
    assert seat.ends_on == today - timedelta(days=1)
    assert not is_council_member(seat.user, council)
    assert AuditEvent.objects.get(action="councils.member.end").changes["ends_on"][1]
    with pytest.raises(ValidationError):
        services.member_end(actor=council.created_by, member=seat, ends_on=today)


def test_an_ended_member_cannot_be_elected(reference_data):
    council = _current_council()
    seat = seat_make(council, ends_on=local_today("KZ") - timedelta(days=2))

    with pytest.raises(ValidationError):
        services.member_position_set(actor=council.created_by, member=seat, position="chair")


def test_member_update_changes_the_details_and_audits_the_difference(reference_data):
    council = _current_council()
    seat = seat_make(council, sector=Sector.CITIZEN)

    services.member_update(actor=council.created_by, member=seat, full_name="New Name")

    event = AuditEvent.objects.get(action="councils.member.update")
    assert event.changes["full_name"][1] == "New Name"


def _role(name: str, council):
    host = council.host
    if name == "host official":
        return official_make(host)
    if name == "host member (not admin)":
        return member_make(host, role=MembershipRole.MEMBER)
    if name == "secretary":
        return seat_make(council, position=Position.SECRETARY).user
    if name == "ended secretary":
        today = local_today("KZ")
        return seat_make(
            council,
            position=Position.SECRETARY,
            starts_on=today - timedelta(days=50),
            ends_on=today - timedelta(days=1),
        ).user
    if name == "council member":
        return seat_make(council).user
    if name == "official of another body":
        return official_make(body_make())
    if name == "platform admin":
        user = user_make()
        RoleGrant.objects.create(user=user, role=PlatformRole.ADMINISTRATOR)
        return user
    if name == "cso member":
        return member_make(organisation_make())
    return user_make()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("host official", True),
        ("host member (not admin)", True),
        ("secretary", True),
        ("platform admin", True),
        ("ended secretary", False),
        ("council member", False),
        ("official of another body", False),
        ("cso member", False),
        ("citizen", False),
    ],
)
def test_who_may_add_members(reference_data, role, allowed):
    council = _current_council()
    actor = _role(role, council)

    assert can_manage_council(actor, council) is allowed
    if allowed:
        services.member_add(actor=actor, council=council, full_name="X", sector=Sector.CITIZEN)
    else:
        with pytest.raises(PermissionDenied):
            services.member_add(actor=actor, council=council, full_name="X", sector="citizen")
