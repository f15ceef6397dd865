"""Factories for social problems: through the services (the reference, fingerprint and audit
event are part of what a problem is), plus a bulk builder for query-count tests."""

from __future__ import annotations

import itertools

from hamkori.calls.tests.factories import body_make
from hamkori.councils.tests.factories import official_make
from hamkori.problems.models import Problem
from hamkori.problems.services import problem_report
from hamkori.problems.similarity import fingerprint
from hamkori.registry.tests.factories import user_make

_serial = itertools.count(1)

DEFAULT_REGION = {"KZ": "KZ-71", "TJ": "TJ-DU"}


def problem_make(
    author=None,
    jurisdiction: str = "KZ",
    title: str | None = None,
    description: str = "В нашем районе нет доступной среды для людей с инвалидностью.",
    language: str = "ru",
    regions: list[str] | None = None,
    target_group: str = "disability",
    people_affected: int | None = 120,
    **fields,
) -> Problem:
    return problem_report(
        actor=author or user_make(),
        jurisdiction=jurisdiction,
        title=title or f"Проблема {next(_serial)}",
        description=description,
        language=language,
        regions=regions or [DEFAULT_REGION[jurisdiction]],
        target_group=target_group,
        people_affected=people_affected,
        **fields,
    )


def problems_bulk(count: int, author, jurisdiction: str = "KZ", **fields) -> list[Problem]:
    """Many problems in a few queries (for query-count tests); one region each."""
    start = Problem.objects.count()
    rows = [
        Problem(
            jurisdiction_id=jurisdiction,
            reference=f"P-{jurisdiction}-2099-{start + n + 1:05d}",
            title=f"Bulk problem {n}",
            description="Нет пандусов у школы",
            language="ru",
            target_group="disability",
            people_affected=n,
            author=author,
            fingerprint=fingerprint(f"Bulk problem {n}", "Нет пандусов у школы"),
            **fields,
        )
        for n in range(count)
    ]
    created = Problem.objects.bulk_create(rows)
    through = Problem.regions.through
    through.objects.bulk_create(
        [through(problem_id=p.pk, region_id=DEFAULT_REGION[jurisdiction]) for p in created]
    )
    return created


def state_official_make(jurisdiction: str = "KZ", body=None):
    """A member (administrator) of a state body: a moderator of the jurisdiction."""
    return official_make(body or body_make(jurisdiction))
