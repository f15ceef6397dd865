"""Builders for dialogue tests: consultations and programmes in a given state, made directly
so each test states only what it is about (behaviour under test goes through the services)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from hamkori.accounts.models import MembershipRole
from hamkori.calls.tests.factories import body_make
from hamkori.dialogue.models import (
    City,
    Comment,
    Consultation,
    ConsultationKind,
    Programme,
    Section,
    Session,
    city_zone,
)
from hamkori.dialogue.workflow import ConsultationState, ProgrammeState
from hamkori.registry.models import Organisation
from hamkori.registry.tests.factories import member_make, user_make
from hamkori.rules.selectors import local_today

_serial = itertools.count(1)


def official_make(body: Organisation):
    return member_make(body, role=MembershipRole.ADMIN)


def _period(state: str, today: date) -> tuple[date, date]:
    if state == ConsultationState.DRAFT:
        return today + timedelta(days=1), today + timedelta(days=15)
    if state == ConsultationState.OPEN:
        return today - timedelta(days=2), today + timedelta(days=12)
    return today - timedelta(days=30), today - timedelta(days=16)


def consultation_make(
    organiser: Organisation | None = None,
    state: str = ConsultationState.OPEN,
    sections: int = 2,
    comments: int = 0,
    **fields,
) -> Consultation:
    """A consultation in `state` with `sections` sections and `comments` comments by new
    people (spread over the sections and the whole draft). The period fits the state: a
    draft opens tomorrow, an open one runs today, others ended two weeks ago."""
    organiser = organiser or body_make()
    serial = next(_serial)
    opens_on, closes_on = _period(state, local_today(organiser.jurisdiction_id))
    created_by = fields.pop("created_by", None) or official_make(organiser)
    fields.setdefault("title_ru", f"Проект правил {serial}")
    fields.setdefault("title_en", f"Draft rules {serial}")
    now = timezone.now()
    consultation = Consultation.objects.create(
        jurisdiction_id=organiser.jurisdiction_id,
        organiser=organiser,
        kind=fields.pop("kind", ConsultationKind.REGULATION),
        opens_on=fields.pop("opens_on", opens_on),
        closes_on=fields.pop("closes_on", closes_on),
        state=state,
        published_at=None if state == ConsultationState.DRAFT else now,
        closed_at=now if state in (ConsultationState.CLOSED, ConsultationState.REPORTED) else None,
        report_published_at=now if state == ConsultationState.REPORTED else None,
        created_by=created_by,
        **fields,
    )
    made = Section.objects.bulk_create(
        Section(consultation=consultation, number=n, heading=f"Section {n}", text=f"Text {n}")
        for n in range(1, sections + 1)
    )
    if comments:
        comments_grow(consultation, comments, sections=made)
    return consultation


def comments_grow(
    consultation: Consultation, count: int, sections: list[Section] | None = None
) -> list[Comment]:
    """`count` more comments, by two people, over the sections and the whole draft."""
    sections = sections if sections is not None else list(consultation.sections.all())
    authors = [user_make(), user_make()]
    targets: list[Section | None] = [*sections, None]
    return Comment.objects.bulk_create(
        Comment(
            consultation=consultation,
            section=targets[n % len(targets)],
            author=authors[n % 2],
            text=f"Comment {n}",
        )
        for n in range(count)
    )


def programme_make(
    organiser: Organisation | None = None,
    state: str = ProgrammeState.PUBLISHED,
    sessions: int = 0,
    starts_on: date = date(2026, 5, 18),
    days: int = 5,
    **fields,
) -> Programme:
    """A programme of `days` days with `sessions` sessions spread over them in Astana."""
    organiser = organiser or body_make()
    serial = next(_serial)
    fields.setdefault("title_ru", f"Программа визита {serial}")
    fields.setdefault("title_en", f"Study visit {serial}")
    created_by = fields.pop("created_by", None) or official_make(organiser)
    programme = Programme.objects.create(
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days - 1),
        state=state,
        published_at=timezone.now() if state == ProgrammeState.PUBLISHED else None,
        created_by=created_by,
        **fields,
    )
    programme.organisers.set([organiser])
    if sessions:
        sessions_grow(programme, sessions, host=organiser)
    return programme


def sessions_grow(programme: Programme, count: int, host: Organisation | None = None) -> None:
    days = (programme.ends_on - programme.starts_on).days + 1
    zone = city_zone(City.ASTANA)
    Session.objects.bulk_create(
        Session(
            programme=programme,
            starts_at=datetime.combine(
                programme.starts_on + timedelta(days=n % days), time(9 + n % 8), tzinfo=zone
            ),
            ends_at=datetime.combine(
                programme.starts_on + timedelta(days=n % days), time(10 + n % 8), tzinfo=zone
            ),
            city=City.ASTANA,
            host=host if n % 2 == 0 else None,
            host_name="" if n % 2 == 0 and host is not None else f"Host {n}",
            topic_en=f"Topic {n}",
            topic_ru=f"Тема {n}",
        )
        for n in range(count)
    )
