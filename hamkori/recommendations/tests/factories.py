"""Builders for recommendation tests: a council with its secretary and a held meeting, and
recommendations sent through the services (so their deadlines come from the rules)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, time

from hamkori.accounts.models import User
from hamkori.calls.tests.factories import body_make
from hamkori.councils.models import Council, Position
from hamkori.councils.tests.factories import council_make, official_make, seat_make
from hamkori.meetings.models import Meeting, MeetingState
from hamkori.recommendations import services
from hamkori.recommendations.models import Recommendation
from hamkori.registry.models import Organisation
from hamkori.registry.tests.factories import member_make
from hamkori.rules.selectors import local_zone

_serial = itertools.count(1)


@dataclass
class Setting:
    council: Council
    manager: User  # an official of the host body: manages the council
    secretary: User
    meeting: Meeting
    body: Organisation  # the addressee (the host by default)
    official: User  # an official of the addressee body


def meeting_held(council: Council, day: date, **fields) -> Meeting:
    """A meeting recorded as held on `day` (10:00 local time)."""
    zone = local_zone(council.jurisdiction_id)
    starts = datetime.combine(day, time(10), tzinfo=zone)
    number = fields.pop("number", None) or (council.meetings.count() + 1)
    return Meeting.objects.create(
        council=council,
        number=number,
        title_en=fields.pop("title_en", f"Meeting {number}"),
        starts_at=starts,
        ends_at=starts.replace(hour=12),
        state=fields.pop("state", MeetingState.HELD),
        created_by=council.created_by,
        **fields,
    )


def setting_make(
    jurisdiction: str = "KZ",
    held_on: date = date(2025, 3, 3),
    members: int = 3,
    other_body: bool = False,
) -> Setting:
    """A council of a ministry with a secretary and `members` members, a meeting held on
    `held_on`, and the addressee body (the host, or another ministry) with an official."""
    host = body_make(jurisdiction)
    manager = official_make(host)
    council = council_make(
        host=host,
        members=members,
        created_by=manager,
        term_start=date(2024, 1, 1),
        term_end=date(2027, 12, 31),
    )
    secretary = seat_make(council, position=Position.SECRETARY).user
    body = body_make(jurisdiction) if other_body else host
    official = member_make(body)
    return Setting(
        council=council,
        manager=manager,
        secretary=secretary,
        meeting=meeting_held(council, held_on),
        body=body,
        official=official,
    )


def adopted_make(setting: Setting, **fields) -> Recommendation:
    serial = next(_serial)
    return services.recommendation_adopt(
        actor=setting.manager,
        meeting=fields.pop("meeting", setting.meeting),
        addressee=fields.pop("addressee", setting.body),
        title=fields.pop(
            "title", {"en": f"Recommendation {serial}", "ru": f"Рекомендация {serial}"}
        ),
        text=fields.pop("text", {"en": "Publish the draft budget programme for discussion."}),
        **fields,
    )


def sent_make(setting: Setting, sent_on: date | None = None, **fields) -> Recommendation:
    recommendation = adopted_make(setting, **fields)
    return services.recommendation_send(
        actor=setting.manager,
        recommendation=recommendation,
        sent_on=sent_on or setting.meeting.starts_at.date(),
    )


def mailed(address: str, template_part: str = "") -> int:
    """How many queued e-mails go to `address` (JSON lookups differ between databases)."""
    from hamkori.core.models import OutboxEmail

    return sum(
        address in email.to and template_part in email.body for email in OutboxEmail.objects.all()
    )
