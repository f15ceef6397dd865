"""The demo's social problems (issue 7): what a visitor is promised to find, in one load."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from hamkori.demo.load import demo_load
from hamkori.problems.models import Problem, ProblemState, Support
from hamkori.problems.timeline import problem_timeline
from hamkori.rules.selectors import local_today

pytestmark = pytest.mark.django_db


def test_the_demo_has_problems_to_support_answer_trace_and_prioritise(
    reference_data, settings, tmp_path, client
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "files"
    started = time.monotonic()
    demo_load()
    loaded_in = time.monotonic() - started

    problems = Problem.objects.all()
    # at least 60 problems across the regions of both countries, in Kazakh, Russian, Tajik
    assert problems.count() >= 60
    assert set(problems.values_list("language", flat=True)) >= {"kk", "ru", "tg"}
    regions = set(problems.values_list("regions__code", flat=True))
    assert len({r for r in regions if r.startswith("KZ")}) >= 15
    assert {r for r in regions if r.startswith("TJ")} == {
        "TJ-DU",
        "TJ-GB",
        "TJ-KT",
        "TJ-RA",
        "TJ-SU",
    }
    # supports: counts kept equal to the rows, several problems past the threshold
    assert Support.objects.count() > 1000
    for problem in problems.filter(support_count__gt=0)[:10]:
        assert problem.supports.count() == problem.support_count
    assert problems.filter(threshold_reached_on__isnull=False).count() >= 4
    # answers, one overdue
    assert problems.filter(first_answered_on__isnull=False).count() >= 5
    overdue = problems.filter(first_answered_on__isnull=True, answer_due_on__lt=local_today("TJ"))
    assert overdue.count() == 1
    # duplicates linked to originals, some across languages, supports left where given
    duplicates = problems.filter(duplicate_of__isnull=False).select_related("duplicate_of")
    assert duplicates.count() >= 6
    assert any(d.language != d.duplicate_of.language for d in duplicates)
    assert all(d.support_count > 0 for d in duplicates)
    # hidden with reasons, moderation decisions
    hidden = problems.filter(hidden_at__isnull=False)
    assert hidden.count() >= 2 and all(p.hidden_reason for p in hidden)
    states = set(problems.values_list("state", flat=True))
    assert {ProblemState.ACCEPTED, ProblemState.DECLINED, ProblemState.ADDRESSED} <= states

    # a full timeline: reported → … → results, with public pages to follow
    traced = problems.get(lot_links__lot__call__reference__startswith="KZ-SA-")
    steps = problem_timeline(traced)
    assert all(step.reached for step in steps)
    assert [s.stage for s in steps if s.url].count("results") >= 1
    dates = [s.on for s in steps]
    assert dates == sorted(dates)  # the whole history reads in order, stage after stage
    in_plan = next(s.on for s in steps if s.stage == "in_plan")
    call = traced.lot_links.get().lot.call
    announced = next(s for s in steps if s.url == reverse("calls:call-detail", args=[call.pk]))
    assert steps[0].on < in_plan <= announced.on  # reported, linked, then the call
    page = client.get(reverse("problems:problem-detail", args=[traced.reference]))
    assert page.status_code == 200
    assert page.content.count(b'class="timeline-step reached"') == len(steps)
    # the public summary by region
    by_region = client.get(reverse("problems:problem-by-region") + "?jurisdiction=TJ")
    assert sum(row.problems for row in by_region.context["summaries"]) >= 15

    assert loaded_in < 120
