"""Builders for council tests: a council of a state body with members, made directly so each
test states only what it is about (behaviour under test goes through the services)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hamkori.accounts.models import MembershipRole
from hamkori.calls.tests.factories import body_make
from hamkori.councils.models import (
    Candidacy,
    CandidacyState,
    Competition,
    Council,
    CouncilLevel,
    Member,
    Position,
    Sector,
    WorkingGroupMember,
)
from hamkori.registry.models import Organisation
from hamkori.registry.tests.factories import member_make, organisation_make, user_make

_serial = itertools.count(1)


def council_make(
    host: Organisation | None = None,
    level: str = CouncilLevel.REPUBLICAN,
    members: int = 0,
    term_start: date = date(2025, 1, 1),
    term_end: date = date(2027, 12, 31),
    **fields,
) -> Council:
    """A council of `host` (a new ministry by default) with `members` non-profit members, each
    representing a CSO of their own and holding an account."""
    host = host or body_make()
    serial = next(_serial)
    fields.setdefault("name_en", f"Public council {serial}")
    created_by = fields.pop("created_by", None) or official_make(host)
    council = Council.objects.create(
        jurisdiction_id=host.jurisdiction_id,
        host=host,
        code=fields.pop("code", f"council-{serial}"),
        level=level,
        term_start=term_start,
        term_end=term_end,
        created_by=created_by,
        **fields,
    )
    for _ in range(members):
        seat_make(council)
    return council


def official_make(host: Organisation):
    """An administrator of the host body (an official)."""
    return member_make(host, role=MembershipRole.ADMIN)


def seat_make(
    council: Council,
    position: str = Position.MEMBER,
    sector: str = Sector.NON_PROFIT,
    user=None,
    in_public_service: bool = False,
    **fields,
) -> Member:
    """A member of the council; a non-profit member represents a new CSO."""
    serial = next(_serial)
    user = user if user is not None else user_make(full_name=f"Member {serial}")
    if sector == Sector.NON_PROFIT and "organisation" not in fields:
        fields["organisation"] = organisation_make(council.jurisdiction_id)
    return Member.objects.create(
        council=council,
        user=user,
        full_name=fields.pop("full_name", user.full_name if user else f"Member {serial}"),
        position=position,
        sector=sector,
        in_public_service=in_public_service,
        starts_on=fields.pop("starts_on", council.term_start),
        **fields,
    )


def competition_make(
    council: Council | None = None,
    state: str = "open",
    opens_on: date | None = None,
    closes_on: date | None = None,
    working_group: list | None = None,
) -> Competition:
    """A competition for the council's next composition (made directly, in `state`), with
    the given users on its working group (a new official of the host when None)."""
    from hamkori.rules.selectors import local_today

    council = council or council_make()
    today = local_today(council.jurisdiction_id)
    competition = Competition.objects.create(
        council=council,
        opens_on=opens_on or today - timedelta(days=5),
        closes_on=closes_on or today + timedelta(days=20),
        state=state,
        created_by=council.created_by,
    )
    for user in working_group if working_group is not None else [official_make(council.host)]:
        WorkingGroupMember.objects.create(
            competition=competition, user=user, full_name=user.full_name
        )
    return competition


def candidacy_make(
    competition: Competition,
    sector: str = Sector.NON_PROFIT,
    state: str = CandidacyState.SUBMITTED,
    organisation: Organisation | None = None,
    applicant=None,
    **fields,
) -> Candidacy:
    """A candidacy made directly; a non-profit candidate represents a new CSO they belong to."""
    applicant = applicant or user_make()
    if sector == Sector.NON_PROFIT and organisation is None:
        organisation = organisation_make(competition.council.jurisdiction_id)
        member_make(organisation, user=applicant)
    return Candidacy.objects.create(
        competition=competition,
        applicant=applicant,
        full_name=applicant.full_name,
        sector=sector,
        organisation=organisation,
        motivation=fields.pop("motivation", "I know the field."),
        recommendation_text=fields.pop("recommendation_text", "Recommended by the board."),
        state=state,
        reason=fields.pop("reason", "" if state == CandidacyState.SUBMITTED else "Reason."),
        **fields,
    )
