"""The demo's social problems (issue 7): what a visitor is promised to find, in one load."""

from __future__ import annotations

import time

import pytest
from django.db.models import F, Min
from django.urls import reverse

from hamkori.accounts.models import User
from hamkori.demo.load import demo_load
from hamkori.problems.models import Problem, ProblemState, Support
from hamkori.problems.selectors import moderation_queue_for
from hamkori.problems.timeline import problem_timeline
from hamkori.rules.selectors import local_today, local_zone

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

    _the_demo_agrees_with_itself(problems)
    assert loaded_in < 120


def _the_demo_agrees_with_itself(problems) -> None:
    """What a visitor compares: reference years and order, states beside answers, the review
    queue, supports and who reports in which country (review round 2, B3)."""
    zones = {code: local_zone(code) for code in ("KZ", "TJ")}
    for code, zone in zones.items():
        rows = list(
            problems.filter(jurisdiction_id=code)
            .order_by("created_at", "pk")
            .values_list("reference", "created_at")
        )
        for reference, created_at in rows:
            # the reference's year is the local year the problem was reported in
            assert reference.startswith(f"P-{code}-{created_at.astimezone(zone).year}-"), reference
        references = [reference for reference, _created in rows]
        assert references == sorted(references)  # numbered in the order of reporting
        assert len({r.split("-")[2] for r in references}) == 2  # the demo spans two years
    # a problem with a published answer is no longer new
    assert problems.filter(first_answered_on__isnull=False).exists()
    assert not problems.filter(first_answered_on__isnull=False, state=ProblemState.NEW).exists()
    # the moderators' "to review" queue lists no duplicate (they have their own list)
    admin = User.objects.get(email="admin@demo.hamkori.org")
    queue = list(moderation_queue_for(user=admin))
    assert queue and not any(p.duplicate_of_id for p in queue)
    assert not any(p.first_answered_on and p.state == ProblemState.NEW for p in queue)
    duplicates = moderation_queue_for(user=admin, show="duplicates")
    assert duplicates.count() == problems.filter(duplicate_of__isnull=False).count()
    # as on the site, reporting is not supporting: no author supports their own problem and
    # the first support comes after the day of the report
    assert not Support.objects.filter(user=F("problem__author")).exists()
    firsts = problems.annotate(first=Min("supports__created_at")).filter(first__isnull=False)
    for problem in firsts.only("created_at", "jurisdiction_id"):
        zone = zones[problem.jurisdiction_id]
        assert problem.first.astimezone(zone).date() > problem.created_at.astimezone(zone).date()
    # Tajik problems are reported by people of Tajikistan, who write in Tajik
    tajik = problems.filter(jurisdiction_id="TJ").select_related("author")
    assert tajik.count() >= 15
    assert {p.author.preferred_language for p in tajik} == {"tg"}
    assert not tajik.filter(author__email="citizen@demo.hamkori.org").exists()
