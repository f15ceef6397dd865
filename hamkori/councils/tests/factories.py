"""Builders for council tests: a council of a state body with members, made directly so each
test states only what it is about (behaviour under test goes through the services)."""

from __future__ import annotations

import itertools
from datetime import date

from hamkori.accounts.models import MembershipRole
from hamkori.calls.tests.factories import body_make
from hamkori.councils.models import Council, CouncilLevel, Member, Position, Sector
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
