"""The secretary's meeting and agenda forms: every error at once and at the right field, a
meeting planned ahead only, a title in any one language, an agenda item removed only once
asked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from hamkori.meetings.models import AgendaItem, Meeting
from hamkori.meetings.tests.factories import first_item, meeting_make, secretary_of
from hamkori.rules.selectors import local_today

pytestmark = pytest.mark.django_db


def _post_meeting(client, council, **fields):
    day = local_today(council.jurisdiction_id) + timedelta(days=7)
    data = {"title_ru": "Заседание", "day": day.isoformat(), "starts": "10:00", "ends": "12:00"}
    return client.post(reverse("meetings:meeting-create", args=[council.code]), {**data, **fields})


def _errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


def test_an_end_not_after_the_start_is_an_error_at_the_end(reference_data, client):
    council = meeting_make().council
    client.force_login(secretary_of(council))

    response = _post_meeting(client, council, ends="10:00")

    assert response.status_code == 400
    assert _errors(response, "ends")
    assert "council_meeting_ends_after_start" not in response.text
    assert Meeting.objects.filter(council=council).count() == 1


def test_every_error_is_shown_at_once(reference_data, client):
    council = meeting_make().council
    client.force_login(secretary_of(council))

    response = _post_meeting(client, council, starts="15:00", ends="10:00", capacity="-5")

    assert _errors(response, "ends") and _errors(response, "capacity")


def test_a_meeting_is_not_planned_in_the_past(reference_data, client):
    council = meeting_make().council
    client.force_login(secretary_of(council))
    yesterday = local_today(council.jurisdiction_id) - timedelta(days=1)

    response = _post_meeting(client, council, day=yesterday.isoformat())

    assert response.status_code == 400
    assert _errors(response, "starts")
    assert Meeting.objects.filter(council=council).count() == 1


def _edit_values(meeting, **fields):
    return {"title_ru": "Заседание", "starts": "10:00", "ends": "12:00", **fields}


def test_a_meeting_is_not_moved_into_the_past(reference_data, client):
    meeting = meeting_make(publish=True)
    client.force_login(secretary_of(meeting.council))
    yesterday = local_today(meeting.council.jurisdiction_id) - timedelta(days=1)
    url = reverse("meetings:meeting-edit", args=[meeting.pk])

    response = client.post(url, _edit_values(meeting, day=yesterday.isoformat()))

    assert response.status_code == 400
    assert _errors(response, "starts")


def test_a_started_meeting_keeps_its_time_when_its_place_changes(reference_data, client):
    meeting = meeting_make(publish=True, starts_in=timedelta(minutes=-30))
    client.force_login(secretary_of(meeting.council))
    url = reverse("meetings:meeting-edit", args=[meeting.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}
    data.update(
        day=form.initial["day"].isoformat(),
        starts=form.initial["starts"].strftime("%H:%M"),
        ends=form.initial["ends"].strftime("%H:%M"),
        place="Hall 2",
    )

    response = client.post(url, data)

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Hall 2"


def test_the_title_error_is_for_the_whole_form(reference_data, client):
    meeting = meeting_make()
    client.force_login(secretary_of(meeting.council))

    created = _post_meeting(client, meeting.council, title_ru="")
    item = client.post(reverse("meetings:item-add", args=[meeting.pk]), {"speaker": "X"})

    for response in (created, item):
        assert response.status_code == 400
        form = response.context["form"]
        assert form.non_field_errors()
        assert not form.errors.get("title_en")


def test_an_agenda_item_is_removed_only_once_confirmed(reference_data, client):
    meeting = meeting_make(items=2)
    client.force_login(secretary_of(meeting.council))
    item = first_item(meeting)
    url = reverse("meetings:item-remove", args=[item.pk])

    asked = client.get(url)
    assert asked.status_code == 200
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    assert f'action="{url}"' in asked.text

    done = client.post(url, follow=True)
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert len(list(done.context["messages"])) == 1
