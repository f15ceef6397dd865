"""Fixes after the new-user review of issue 7, on the people's side: the author told of
decisions and still seeing their hidden problem, "my problems and supports", the support
threshold, the report form's country and bounds, the moderation form's actions, focus after
Support, and the auditors' read-only moderation lists."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from hamkori.accounts.models import PlatformRole, RoleGrant
from hamkori.calls.tests.factories import body_make
from hamkori.core.models import OutboxEmail
from hamkori.problems import services
from hamkori.problems.forms import ProblemReportForm
from hamkori.problems.models import Problem, Support
from hamkori.problems.tests.factories import problem_make, problems_bulk, state_official_make
from hamkori.registry.tests.factories import member_make, organisation_make, user_make

pytestmark = pytest.mark.usefixtures("reference_data")


def _detail(problem: Problem) -> str:
    return reverse("problems:problem-detail", args=[problem.reference])


def test_the_author_is_told_of_each_decision_in_their_language():
    moderator = state_official_make("KZ")
    author = user_make(preferred_language="kk")
    hidden, declined, addressed, duplicate = (problem_make(author=author) for _ in range(4))
    original = problem_make()

    services.problem_hide(actor=moderator, problem=hidden, reason="Оскорбления")
    services.problem_transition(actor=moderator, problem=declined, action="decline", reason="Нет")
    services.problem_transition(
        actor=moderator, problem=addressed, action="address", reason="Уже решено"
    )
    services.problem_mark_duplicate(
        actor=moderator, problem=duplicate, original=original, reason="Повтор"
    )

    mails = list(OutboxEmail.objects.filter(to=[author.email]).order_by("pk"))
    assert len(mails) == 4
    assert all(mail.language == "kk" for mail in mails)
    for mail, problem in zip(mails, [hidden, declined, addressed, duplicate], strict=True):
        assert problem.reference in mail.subject and _detail(problem) in mail.body
    assert "Оскорбления" in mails[0].body and original.reference in mails[3].body


def test_the_author_still_sees_their_hidden_problem_with_the_reason(client):
    author = user_make()
    problem = problem_make(author=author)
    services.problem_hide(actor=state_official_make("KZ"), problem=problem, reason="Спам-ссылки")

    client.force_login(author)
    response = client.get(_detail(problem))

    assert response.status_code == 200
    assert "Спам-ссылки" in response.content.decode()
    assert response.context["moderation_form"] is None
    client.force_login(user_make())
    assert client.get(_detail(problem)).status_code == 404


def test_my_problems_lists_what_i_reported_and_what_i_support(client):
    me = user_make()
    mine = problem_make(author=me)
    services.problem_hide(actor=state_official_make("KZ"), problem=mine, reason="Спам")
    supported = problem_make()
    services.problem_support(actor=me, problem=supported)
    problem_make()  # someone else's, unsupported
    client.force_login(me)

    response = client.get(reverse("problems:problem-mine"))

    assert list(response.context["reported"]) == [mine]
    assert list(response.context["supported"]) == [supported]
    assert (
        reverse("problems:problem-mine")
        in client.get(reverse("problems:problem-list")).content.decode()
    )
    assert client.get(reverse("problems:problem-mine")).status_code == 200
    client.logout()
    assert client.get(reverse("problems:problem-mine")).status_code == 302


def _mine_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("problems:problem-mine"))
    assert response.status_code == 200
    return len(queries)


def test_my_problems_queries_stay_constant_from_10_to_1000(client):
    me = user_make()
    client.force_login(me)
    small = problems_bulk(10, me)
    Support.objects.bulk_create(Support(problem=p, user=me) for p in small)
    few = _mine_queries(client)

    large = problems_bulk(990, me)
    Support.objects.bulk_create(Support(problem=p, user=me) for p in large)
    many = _mine_queries(client)

    assert few == many


def test_the_problem_page_shows_the_threshold_and_the_supports_missing(client):
    problem = problem_make()
    services.problem_support(actor=user_make(), problem=problem)

    response = client.get(_detail(problem))

    threshold = response.context["threshold"]
    assert threshold["count"] == 100  # kz.toml: problem.support_threshold
    assert threshold["missing"] == 99
    assert threshold["days"] == 15
    assert '<progress max="100" value="1"' in response.content.decode()


def test_the_report_form_defaults_to_the_country_of_the_persons_organisation(client):
    client.force_login(member_make(organisation_make("TJ")))

    form = client.get(reverse("problems:problem-report")).context["form"]

    assert form.fields["jurisdiction"].initial == "TJ"
    codes = {code for code, _label in form.fields["regions"].choices}
    assert codes and all(code.startswith("TJ-") for code in codes)


def test_the_report_form_guesses_the_country_from_the_language_and_follows_a_change(client):
    client.force_login(user_make(preferred_language="tg"))

    with translation.override("tg"):
        tajik = ProblemReportForm(user=user_make())
    kazakh = client.get(reverse("problems:problem-report") + "?jurisdiction=KZ")

    assert tajik.fields["jurisdiction"].initial == "TJ"
    codes = {code for code, _label in kazakh.context["form"].fields["regions"].choices}
    assert codes and all(code.startswith("KZ-") for code in codes)
    html = kazakh.content.decode()
    assert 'id="regions-field"' in html and 'hx-trigger="change from:#id_jurisdiction"' in html


def test_people_affected_is_bounded(client):
    client.force_login(user_make())

    response = client.post(
        reverse("problems:problem-report"),
        {
            "title": "Нет воды",
            "description": "В сёлах нет питьевой воды.",
            "language": "ru",
            "jurisdiction": "KZ",
            "regions": ["KZ-71"],
            "target_group": "disability",
            "people_affected": "900000000000000",
        },
    )

    assert response.status_code == 400
    assert "people_affected" in response.context["form"].errors
    assert not Problem.objects.exists()


def test_the_moderation_form_offers_only_the_actions_valid_now(client):
    body = body_make("KZ")
    problem = problem_make(responsible_body=body)
    other = state_official_make("KZ")

    client.force_login(state_official_make(body=body))
    page = client.get(_detail(problem))
    offered = {value for value, _label in page.context["moderation_form"].fields["action"].choices}
    assert offered == {"review", "accept", "address", "decline", "hide", "duplicate", "route"}
    assert "#moderation" in page.content.decode()

    client.force_login(other)  # another body: no deciding against this body's problem
    offered = {
        value
        for value, _label in client.get(_detail(problem))
        .context["moderation_form"]
        .fields["action"]
        .choices
    }
    assert offered == {"review", "accept", "duplicate"}
    refused = client.post(
        reverse("problems:problem-moderate", args=[problem.reference]),
        {"action": "decline", "reason": "Не наше"},
    )
    assert refused.status_code == 400
    assert Problem.objects.get(pk=problem.pk).state == "new"


def test_support_by_htmx_returns_the_focus_to_the_button(client):
    problem = problem_make()
    client.force_login(user_make())

    response = client.post(
        reverse("problems:problem-support", args=[problem.reference]), HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert 'name="withdraw"' in html and "autofocus" in html


def test_auditors_read_the_hidden_list_without_acting(client):
    problem = problem_make()
    services.problem_hide(actor=state_official_make("KZ"), problem=problem, reason="Спам")
    auditor = user_make()
    RoleGrant.objects.create(user=auditor, role=PlatformRole.AUDITOR, jurisdiction_id="KZ")
    client.force_login(auditor)

    response = client.get(reverse("problems:problem-moderation") + "?show=hidden")

    assert response.status_code == 200
    assert [p.pk for p in response.context["page_obj"]] == [problem.pk]
    assert "problems:problem-moderate" not in response.content.decode()
    assert reverse("problems:problem-moderate", args=[problem.reference]) not in (
        response.content.decode()
    )
    client.force_login(user_make())
    assert client.get(reverse("problems:problem-moderation")).status_code == 404
