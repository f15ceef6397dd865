"""The pages: adoption and the body's actions through forms, the council's list with its
filters and overdue flags, the bodies' public counters and the officials' inbox."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hamkori.recommendations import services
from hamkori.recommendations.models import Recommendation
from hamkori.recommendations.selectors import body_counters, jurisdiction_counters
from hamkori.recommendations.tests.factories import adopted_make, sent_make, setting_make
from hamkori.recommendations.workflow import RecommendationState
from hamkori.rules.selectors import local_today

pytestmark = pytest.mark.django_db

S = RecommendationState


def _detail(recommendation) -> str:
    return reverse("recommendations:recommendation-detail", args=[recommendation.pk])


def test_the_manager_records_and_sends_and_the_body_answers_through_the_forms(client):
    setting = setting_make(held_on=date(2025, 3, 3), other_body=True)
    client.force_login(setting.manager)

    created = client.post(
        reverse("recommendations:recommendation-create", args=[setting.council.code]),
        {
            "meeting": setting.meeting.pk,
            "addressee": setting.body.pk,
            "title_ru": "Опубликовать проект",
            "text_ru": "Вынести проект программы на обсуждение.",
        },
    )
    recommendation = Recommendation.objects.get()
    assert created.status_code == 302
    assert created["Location"] == _detail(recommendation)
    client.post(_detail(recommendation), {"action": "send", "send-sent_on": "2025-03-12"})
    client.force_login(setting.official)
    client.post(
        _detail(recommendation), {"action": "register", "register-registered_on": "2025-03-13"}
    )
    refused = client.post(
        _detail(recommendation),
        {"action": "answer", "answer-answer": "rejected", "answer-answered_on": "2025-03-20"},
    )
    answered = client.post(
        _detail(recommendation),
        {
            "action": "answer",
            "answer-answer": "partly",
            "answer-text": "In part: the programme is published without annexes.",
            "answer-answered_on": "2025-03-20",
        },
    )

    assert refused.status_code == 400
    assert 'id="id_answer-text_error"' in refused.content.decode()
    assert answered.status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.state, recommendation.answer, recommendation.due_on) == (
        S.ANSWERED,
        "partly",
        date(2025, 4, 7),
    )
    page = client.get(_detail(recommendation)).content.decode()
    assert 'data-answer="partly"' in page
    assert 'data-flag="on-time"' in page


def test_adoption_page_is_only_for_the_councils_managers(client):
    setting = setting_make(other_body=True)
    url = reverse("recommendations:recommendation-create", args=[setting.council.code])

    client.force_login(setting.official)
    assert client.get(url).status_code == 403
    client.force_login(setting.secretary)
    assert client.get(url).status_code == 200


def test_the_councils_list_filters_by_state_and_body_and_flags_overdue(client):
    setting = setting_make(held_on=date(2025, 3, 3))
    overdue = sent_make(setting, sent_on=date(2025, 3, 12))
    other = setting_make(held_on=date(2025, 3, 3), other_body=True)
    today = local_today("KZ")
    # A second council's recommendation to another body, sent today: not yet due.
    recent_meeting = other.meeting
    recent = sent_make(
        other, sent_on=max(today - timedelta(days=1), recent_meeting.starts_at.date())
    )
    draft = adopted_make(setting)
    url = reverse("recommendations:recommendation-list", args=[setting.council.code])

    page = client.get(url).content.decode()
    overdue_only = client.get(url, {"state": "overdue"}).content.decode()
    by_body = client.get(url, {"body": other.body.pk}).content.decode()

    assert f'id="recommendation-{overdue.pk}"' in page
    assert f'id="recommendation-{draft.pk}"' not in page  # not sent yet
    assert f'id="recommendation-{recent.pk}"' not in page  # another council
    assert 'data-flag="overdue"' in overdue_only
    assert f'id="recommendation-{overdue.pk}"' not in by_body
    assert '<dd data-counter="overdue">1</dd>' in page


def test_a_bodys_counters_and_the_jurisdictions_table(client):
    setting = setting_make(held_on=date(2025, 3, 3))
    on_time, late, _overdue = (sent_make(setting, sent_on=date(2025, 3, 12)) for _ in range(3))

    for recommendation, day in ((on_time, date(2025, 4, 7)), (late, date(2025, 4, 8))):
        services.recommendation_answer(
            actor=setting.official,
            recommendation=recommendation,
            answer="accepted",
            text="",
            answered_on=day,
        )

    counters = body_counters(body=setting.body)
    rows = {
        row.body.pk: row.counters
        for row in jurisdiction_counters(jurisdiction=setting.council.jurisdiction)
    }
    page = client.get(
        reverse("recommendations:body-detail", args=[setting.body.pk])
    ).content.decode()
    table = client.get(reverse("recommendations:body-list", args=["KZ"])).content.decode()
    first = client.get(reverse("recommendations:body-list")).content.decode()

    assert (counters.received, counters.answered_on_time, counters.answered_late) == (3, 1, 1)
    assert (counters.overdue, counters.not_yet_due, counters.implemented) == (1, 0, 0)
    assert rows[setting.body.pk] == counters
    assert '<dd data-counter="answered_late">1</dd>' in page
    assert f'id="body-{setting.body.pk}"' in table
    assert f'id="body-{setting.body.pk}"' in first  # KZ comes first
    assert client.get(reverse("recommendations:body-list", args=["XX"])).status_code == 404


def test_the_inbox_shows_what_waits_for_the_officials_bodies(client):
    setting = setting_make(held_on=date(2025, 3, 3), other_body=True)
    waiting = sent_make(setting, sent_on=date(2025, 3, 12))
    elsewhere = sent_make(
        setting_make(held_on=date(2025, 3, 3), other_body=True), sent_on=date(2025, 3, 12)
    )
    client.force_login(setting.official)

    page = client.get(reverse("recommendations:inbox")).content.decode()

    assert f'id="recommendation-{waiting.pk}"' in page
    assert f'id="recommendation-{elsewhere.pk}"' not in page


def test_an_htmx_filter_gets_only_the_rows(client):
    setting = setting_make(held_on=date(2025, 3, 3))
    sent_make(setting, sent_on=date(2025, 3, 12))
    url = reverse("recommendations:recommendation-list", args=[setting.council.code])

    response = client.get(url, {"state": "overdue"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="recommendation-results">')
    assert 'data-flag="overdue"' in html


def test_the_body_extends_and_reports_milestones_through_the_page(client, monkeypatch):
    from hamkori.recommendations.tests.test_services import freeze

    setting = setting_make(held_on=date(2025, 3, 3))
    recommendation = sent_make(setting, sent_on=date(2025, 3, 12))
    client.force_login(setting.official)
    freeze(monkeypatch, date(2025, 4, 2))

    extended = client.post(
        _detail(recommendation),
        {"action": "extend", "extend-new_due_on": "2025-04-21", "extend-reason": "Ждём Минфин."},
    )
    services.recommendation_answer(
        actor=setting.official, recommendation=recommendation, answer="accepted", text=""
    )
    client.post(
        _detail(recommendation),
        {"action": "milestone", "milestone-text": "Приказ", "milestone-due_on": "2025-05-01"},
    )
    step = recommendation.milestones.get()
    done = client.post(_detail(recommendation), {"action": "done", "milestone": step.pk})
    page = client.get(_detail(recommendation)).content.decode()

    assert extended.status_code == done.status_code == 302
    recommendation.refresh_from_db()
    step.refresh_from_db()
    assert recommendation.due_on == date(2025, 4, 21)
    assert recommendation.state == S.IMPLEMENTING
    assert step.done_on == date(2025, 4, 2)
    assert 'id="extensions"' in page and f'id="milestone-{step.pk}"' in page


def test_an_agenda_item_of_another_meeting_is_refused():
    from hamkori.meetings.models import AgendaItem
    from hamkori.recommendations.tests.factories import meeting_held

    setting = setting_make(held_on=date(2025, 3, 3))
    other = meeting_held(setting.council, date(2025, 3, 4))
    item = AgendaItem.objects.create(meeting=other, title_en="Budget programmes")

    with pytest.raises(ValidationError) as refused:
        adopted_make(setting, agenda_item=item)

    assert "agenda_item" in refused.value.message_dict
    assert adopted_make(setting, meeting=other, agenda_item=item).agenda_item == item


def test_the_page_links_the_council_meeting_minutes_item_and_vote(client):
    from django.utils import timezone

    from hamkori.meetings.models import AgendaItem, MeetingState, Vote, VoteKind

    setting = setting_make(held_on=date(2025, 3, 3))
    meeting = setting.meeting
    item = AgendaItem.objects.create(meeting=meeting, title_en="Budget programmes")
    vote = Vote.objects.create(
        item=item,
        kind=VoteKind.DECISION,
        question="Recommend publishing the drafts",
        members_total=4,
        quorum=3,
        present=4,
        votes_for=3,
        votes_against=1,
        abstentions=0,
        result="adopted",
        recorded_by=setting.manager,
    )
    recommendation = sent_make(setting, sent_on=date(2025, 3, 12), agenda_item=item)
    meeting_url = reverse("meetings:meeting-detail", args=[meeting.pk])
    minutes_url = reverse("meetings:minutes-detail", args=[meeting.pk])

    held = client.get(_detail(recommendation)).content.decode()
    meeting.notice_published_at = timezone.now()
    meeting.state = MeetingState.MINUTES_APPROVED
    meeting.save(update_fields=["notice_published_at", "state"])
    approved = client.get(_detail(recommendation)).content.decode()

    council_url = reverse("councils:council-detail", args=[setting.council.pk])
    assert council_url in held and council_url in approved
    # Before the minutes are approved the vote's results are not public, as on the meeting.
    assert minutes_url not in held and f'data-vote="{vote.pk}"' not in held
    assert f'href="{meeting_url}"' in approved and f'href="{minutes_url}"' in approved
    assert f'href="{meeting_url}#agenda"' in approved
    assert f'data-vote="{vote.pk}"' in approved and "Recommend publishing the drafts" in approved
