"""Findings of the second new-user review (B3–B7, A8, A15): the reference year of an earlier
report, answered problems leave "new", duplicates leave the review queue, the report form's
errors in one round and its bodies by country, the "answer due" sort, the site's number and
date formats, the empty lots line and the moderation button's own msgid."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from hamkori.calls.tests.factories import body_make
from hamkori.core.models import AuditEvent
from hamkori.problems import services
from hamkori.problems.models import Problem, ProblemState
from hamkori.problems.selectors import moderation_queue_for
from hamkori.problems.tests.factories import problem_make, state_official_make
from hamkori.registry.tests.factories import user_make
from hamkori.rules.selectors import local_today, local_zone

pytestmark = pytest.mark.usefixtures("reference_data")

REPORT = reverse("problems:problem-report")
PRIORITY = reverse("problems:problem-priority")


# --- B3: the service's rules the demo follows ---


def test_an_earlier_report_gets_the_reference_of_its_local_year():
    zone = local_zone("KZ")
    last_year = local_today("KZ").year - 1
    # 31 December 23:30 in Almaty is still that year there (already the next in UTC+0 later).
    reported_at = datetime(last_year, 12, 31, 23, 30, tzinfo=zone)

    earlier = problem_make(reported_at=reported_at)
    today = problem_make()

    assert earlier.reference == f"P-KZ-{last_year}-00001"
    assert earlier.created_at == reported_at
    assert today.reference == f"P-KZ-{last_year + 1}-00001"


def test_reporting_is_not_supporting():
    problem = problem_make()

    assert problem.support_count == 0 and not problem.supports.exists()


def test_an_answer_takes_a_new_problem_under_review_and_leaves_a_decided_one():
    body = body_make()
    official = state_official_make(body=body)
    new = problem_make(responsible_body=body)
    declined = problem_make(responsible_body=body)
    services.problem_transition(actor=official, problem=declined, action="decline", reason="Нет")

    services.problem_answer(actor=official, problem=new, text="Рассматриваем.")
    services.problem_answer(actor=official, problem=declined, text="Отказ объяснён.")

    new.refresh_from_db()
    declined.refresh_from_db()
    assert new.state == ProblemState.UNDER_REVIEW
    assert declined.state == ProblemState.DECLINED
    moved = AuditEvent.objects.filter(
        action="problems.problem.transition", object_id=str(new.pk)
    ).get()
    assert moved.changes["state"] == [ProblemState.NEW, ProblemState.UNDER_REVIEW]


def test_a_duplicate_is_not_listed_as_new_to_review():
    moderator = state_official_make()
    original = problem_make()
    duplicate = problem_make()
    services.problem_mark_duplicate(
        actor=moderator, problem=duplicate, original=original, reason="Повтор"
    )

    open_queue = list(moderation_queue_for(user=moderator))
    duplicates = list(moderation_queue_for(user=moderator, show="duplicates"))

    assert original in open_queue and duplicate not in open_queue
    assert duplicates == [duplicate]


# --- B5: the report form ---


def _report_data(**changes) -> dict:
    data = {
        "title": "Нет пандусов",
        "description": "Люди на колясках не попадают к врачу.",
        "language": "ru",
        "jurisdiction": "KZ",
        "regions": ["KZ-71"],
        "target_group": "disability",
    }
    data.update(changes)
    return data


def test_the_report_form_lists_the_bodies_of_the_chosen_country_only(client):
    kz_body = body_make("KZ")
    tj_body = body_make("TJ")
    client.force_login(user_make())

    kz = client.get(REPORT, {"jurisdiction": "KZ"}).context["form"]
    tj = client.get(REPORT, {"jurisdiction": "TJ"}).content.decode()

    bodies = [value for value, _label in kz.fields["responsible_body"].choices]
    assert str(kz_body.pk) in bodies and str(tj_body.pk) not in bodies
    # the country select refreshes the bodies with the regions (htmx, out of band)
    page = client.get(REPORT, {"jurisdiction": "KZ"}).content.decode()
    assert 'hx-select-oob="#body-field"' in page and 'id="body-field"' in page
    assert f'value="{tj_body.pk}"' in tj and f'value="{kz_body.pk}"' not in tj


def test_the_report_form_shows_every_error_in_one_round(client):
    tj_body = body_make("TJ")
    client.force_login(user_make())

    response = client.post(
        REPORT, _report_data(links="not a link", responsible_body=str(tj_body.pk))
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "links" in errors and "responsible_body" in errors
    assert not Problem.objects.exists()


def test_the_services_own_checks_show_with_the_field_errors(client):
    client.force_login(user_make())
    links = "\n".join(f"https://example.org/{n}" for n in range(services.EVIDENCE_MAX_ITEMS + 1))

    response = client.post(REPORT, _report_data(title="", links=links))

    form = response.context["form"]
    assert "title" in form.errors  # the field's error
    assert any("20" in error for error in form.non_field_errors())  # the service's, with it


# --- B6: the priority view ---


def test_the_nearest_deadline_puts_open_obligations_first(client):
    today = local_today("KZ")
    answered = problem_make()
    soon = problem_make()
    later = problem_make()
    none = problem_make()
    Problem.objects.filter(pk=answered.pk).update(
        answer_due_on=today - timedelta(days=30), first_answered_on=today - timedelta(days=40)
    )
    Problem.objects.filter(pk=soon.pk).update(answer_due_on=today + timedelta(days=2))
    Problem.objects.filter(pk=later.pk).update(answer_due_on=today + timedelta(days=9))
    client.force_login(state_official_make("KZ"))

    rows = client.get(PRIORITY, {"sort": "answer_due"}).context["rows"]

    order = [row.problem.pk for row in rows]
    assert order[:2] == [soon.pk, later.pk]
    assert set(order[2:]) == {answered.pk, none.pk}


def test_the_priority_and_regions_pages_use_the_sites_formats(client):
    problem = problem_make(people_affected=5200, regions=["KZ-75"])
    Problem.objects.filter(pk=problem.pk).update(
        created_at=datetime(2026, 1, 3, 12, tzinfo=local_zone("KZ"))
    )
    client.force_login(state_official_make("KZ"))

    with translation.override("ru"):
        priority = client.get(PRIORITY, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
        regions = client.get(
            reverse("problems:problem-by-region"), {"jurisdiction": "KZ"}, HTTP_ACCEPT_LANGUAGE="ru"
        ).content.decode()

    assert "3 января 2026" in priority and "5\xa0200" in priority
    assert "5200" not in priority.replace(problem.reference, "")
    assert "5\xa0200" in regions


# --- B7 and A8: the problem page ---


def test_the_lots_section_says_when_no_lot_is_linked(client):
    body = body_make()
    problem = problem_make(responsible_body=body)
    client.force_login(state_official_make(body=body))

    page = client.get(reverse("problems:problem-detail", args=[problem.reference]))

    assert 'id="no-lots"' in page.content.decode()


def test_the_moderation_button_has_its_own_msgid():
    from pathlib import Path

    for name in ("problem_detail.html", "moderation.html"):
        template = (Path(__file__).parents[1] / "templates" / "problems" / name).read_text()
        assert '{% translate "Apply" context "moderation" %}' in template
        assert '{% translate "Apply" %}' not in template


def test_without_javascript_a_changed_country_asks_for_its_regions_not_raw_codes(client):
    # given a report whose country was switched to Tajikistan in a browser without
    # JavaScript, so the Kazakh region and body ticked before stay in the post
    kz_body = body_make("KZ")
    client.force_login(user_make())

    response = client.post(
        REPORT, _report_data(jurisdiction="TJ", responsible_body=str(kz_body.pk))
    )

    # then the errors say what to do, without the region's code or the body's number
    errors = response.context["form"].errors
    assert "KZ-71" not in errors["regions"][0] and "country" in errors["regions"][0]
    assert str(kz_body.pk) not in errors["responsible_body"][0]
    assert not Problem.objects.exists()
