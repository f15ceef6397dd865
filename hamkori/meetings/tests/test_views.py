"""The meeting pages through HTTP: who sees what, the secretary's forms, feeds and the
minutes PDF read back in Kazakh and Tajik."""

from __future__ import annotations

import io
from datetime import UTC, time, timedelta

import pytest
from django.urls import reverse
from pypdf import PdfReader

from hamkori.core.ical import ical_unfold
from hamkori.core.models import OutboxEmail
from hamkori.councils.models import Position
from hamkori.meetings import services
from hamkori.meetings.models import Choice, Meeting, MeetingState, Registration, Vote
from hamkori.meetings.tests.factories import (
    first_item,
    held_meeting_make,
    meeting_make,
    secretary_of,
)
from hamkori.registry.tests.factories import user_make
from hamkori.rules.selectors import local_datetime, local_today

pytestmark = pytest.mark.django_db


def test_public_sees_published_meetings_only(reference_data, client):
    published = meeting_make(publish=True)
    planned = meeting_make(published.council)

    listing = client.get(reverse("meetings:council-meetings", args=[published.council.code]))

    assert reverse("meetings:meeting-detail", args=[published.pk]) in listing.text
    assert reverse("meetings:meeting-detail", args=[planned.pk]) not in listing.text
    assert client.get(reverse("meetings:meeting-detail", args=[planned.pk])).status_code == 404
    client.force_login(secretary_of(planned.council))
    assert client.get(reverse("meetings:meeting-detail", args=[planned.pk])).status_code == 200


def test_secretary_plans_a_meeting_in_local_time(reference_data, client):
    meeting = meeting_make()
    council = meeting.council
    client.force_login(secretary_of(council))

    response = client.post(
        reverse("meetings:meeting-create", args=[council.code]),
        {
            "title_kk": "Кеңес отырысы",
            "day": "2027-03-02",
            "starts": "10:00",
            "ends": "12:00",
            "place": "Астана",
            "is_open": "on",
            "capacity": "30",
        },
    )

    created = Meeting.objects.get(title_kk="Кеңес отырысы")
    assert response.status_code == 302
    assert created.number == meeting.number + 1
    assert created.starts_at.astimezone(UTC).hour == 5  # 10:00 in Astana (UTC+5)


def test_strangers_cannot_open_the_secretary_pages(reference_data, client):
    meeting = meeting_make(publish=True)
    client.force_login(user_make())

    for url in (
        reverse("meetings:meeting-create", args=[meeting.council.code]),
        reverse("meetings:meeting-edit", args=[meeting.pk]),
        reverse("meetings:item-add", args=[meeting.pk]),
        reverse("meetings:attendance-edit", args=[meeting.pk]),
        reverse("meetings:minutes-edit", args=[meeting.pk]),
    ):
        assert client.get(url).status_code == 403, url
    hold = reverse("meetings:meeting-transition", args=[meeting.pk, "hold"])
    assert client.post(hold).status_code == 403


def test_registration_through_the_page(reference_data, client):
    meeting = meeting_make(publish=True, capacity=1)
    url = reverse("meetings:registration-create", args=[meeting.pk])

    assert client.post(url, {"full_name": "Ann", "email": "ann@example.org"}).status_code == 302
    assert client.post(url, {"full_name": "Bob", "email": "bob@example.org"}).status_code == 302
    OutboxEmail.objects.all().delete()
    duplicate = client.post(url, {"full_name": "Ann", "email": "ann@example.org"}, follow=True)

    # The anonymous page answers as for a new registration (it must not tell whether an
    # address is registered); no second registration, the owner is e-mailed theirs again.
    assert duplicate.status_code == 200
    assert "already registered" not in duplicate.text
    assert OutboxEmail.objects.get().to == ["ann@example.org"]
    statuses = dict(Registration.objects.values_list("full_name", "status"))
    assert statuses == {"Ann": "confirmed", "Bob": "waiting"}


def test_refused_transition_shows_the_reason(reference_data, client):
    meeting = meeting_make(items=0)
    client.force_login(secretary_of(meeting.council))

    response = client.post(reverse("meetings:meeting-transition", args=[meeting.pk, "publish"]))

    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.PLANNED


def test_vote_through_the_page_and_results_after_approval(reference_data, client):
    meeting = held_meeting_make(members=5, present=4)
    secretary = secretary_of(meeting.council)
    client.force_login(secretary)
    present = [a.member for a in meeting.attendances.filter(present=True)]
    data = {"question": "Approve the plan", "kind": "decision"}
    data |= {f"member_{m.pk}": Choice.FOR for m in present}

    response = client.post(reverse("meetings:vote-create", args=[first_item(meeting).pk]), data)

    assert response.status_code == 302
    vote = Vote.objects.get()
    assert (vote.votes_for, vote.result) == (4, "adopted")
    client.logout()
    public = client.get(reverse("meetings:meeting-detail", args=[meeting.pk]))
    assert "Approve the plan" not in public.text  # results are public once the minutes are
    for action in ("draft_minutes", "approve_minutes"):
        meeting = services.meeting_transition(actor=secretary, meeting=meeting, action=action)
    public = client.get(reverse("meetings:meeting-detail", args=[meeting.pk]))
    assert "Approve the plan" in public.text


def test_council_and_meeting_feeds(reference_data, client):
    meeting = meeting_make(publish=True, title={"kk": "Қоғамдық кеңестің отырысы, бюджет"})
    meeting_make(meeting.council)  # planned: not in the feed

    response = client.get(reverse("meetings:council-ics", args=[meeting.council.code]))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    lines = ical_unfold(response.content.decode())
    assert lines.count("BEGIN:VEVENT") == 1
    assert f"UID:meeting-{meeting.pk}@hamkori" in lines
    assert any(line.startswith("SUMMARY:") and "отырысы\\, бюджет" in line for line in lines)
    single = client.get(reverse("meetings:meeting-ics", args=[meeting.pk]))
    assert f"UID:meeting-{meeting.pk}@hamkori" in ical_unfold(single.content.decode())


def _approved_minutes(council_members: int = 5):
    meeting = held_meeting_make(members=council_members, is_first=True)
    secretary = secretary_of(meeting.council)
    item = first_item(meeting)
    item.title_kk, item.title_tg = "Төрағаны сайлау", "Интихоби раис"
    item.save()
    candidate = meeting.council.members.filter(position=Position.MEMBER).first()
    candidate.full_name = "Әлия Серікқызы"
    candidate.save()
    present = [a.member for a in meeting.attendances.filter(present=True)]
    services.vote_record(
        actor=secretary,
        item=item,
        question="Сайлау / Интихобот",
        kind="election",
        position=Position.CHAIR,
        candidate=candidate,
        choices={m.pk: Choice.FOR for m in present},
    )
    services.minutes_update(
        actor=secretary, meeting=meeting, note="", item_texts={item.pk: "Тыңдалды. Шунида шуд."}
    )
    for action in ("draft_minutes", "approve_minutes"):
        meeting = services.meeting_transition(actor=secretary, meeting=meeting, action=action)
    return meeting


@pytest.mark.parametrize(
    ("language", "title"), [("kk", "Төрағаны сайлау"), ("tg", "Интихоби раис")]
)
def test_minutes_pdf_reads_back(reference_data, client, language, title):
    meeting = _approved_minutes()

    response = client.get(
        reverse("meetings:minutes-pdf", args=[meeting.pk]) + f"?language={language}"
    )

    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert title in text
    assert "Әлия Серікқызы" in text
    assert "Тыңдалды. Шунида шуд." in text


def test_minutes_page_is_public_once_approved(reference_data, client):
    meeting = held_meeting_make()
    url = reverse("meetings:minutes-detail", args=[meeting.pk])

    assert client.get(url).status_code == 404
    client.force_login(secretary_of(meeting.council))
    assert client.get(url).status_code == 200
    client.logout()
    approved = _approved_minutes()
    assert client.get(reverse("meetings:minutes-detail", args=[approved.pk])).status_code == 200


def test_item_page_adds_a_sub_item_with_time(reference_data, client):
    meeting = meeting_make(items=1, starts_in=timedelta(days=3))
    secretary = secretary_of(meeting.council)
    day = local_today("KZ") + timedelta(days=3)
    meeting = services.meeting_update(
        actor=secretary,
        meeting=meeting,
        starts_at=local_datetime("KZ", day, time(11, 0)),
        ends_at=local_datetime("KZ", day, time(13, 0)),
    )
    client.force_login(secretary)
    parent = first_item(meeting)

    response = client.post(
        reverse("meetings:item-add", args=[meeting.pk]),
        {"parent": parent.pk, "title_ru": "Подпункт", "starts": "11:30", "duration_minutes": 20},
    )

    assert response.status_code == 302
    child = meeting.agenda_items.get(parent=parent)
    assert child.duration_minutes == 20
    assert child.starts_at.astimezone(UTC).strftime("%H:%M") == "06:30"


@pytest.mark.parametrize("language", ["kk", "ru", "tg", "en"])
def test_secretary_pages_render_in_every_language(reference_data, client, settings, language):
    meeting = _approved_minutes()
    client.force_login(secretary_of(meeting.council))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    for url in (
        reverse("meetings:meeting-detail", args=[meeting.pk]),
        reverse("meetings:council-meetings", args=[meeting.council.code]),
        reverse("meetings:attendance-edit", args=[meeting.pk]),
        reverse("meetings:minutes-detail", args=[meeting.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'lang="{language}"' in response.text


def test_htmx_asks_for_the_list_partial(reference_data, client):
    meeting = meeting_make(publish=True)
    url = reverse("meetings:council-meetings", args=[meeting.council.code])

    full = client.get(url)
    partial = client.get(url, headers={"HX-Request": "true"})

    assert "<html" in full.text and "<html" not in partial.text
    assert reverse("meetings:meeting-detail", args=[meeting.pk]) in partial.text


def test_forms_that_cannot_be_saved_any_more_lead_back_to_the_meeting(reference_data, client):
    # given a meeting whose minutes are approved: its record is final
    meeting = _approved_minutes()
    item = first_item(meeting)
    client.force_login(secretary_of(meeting.council))
    detail = reverse("meetings:meeting-detail", args=[meeting.pk])
    pages = [
        reverse("meetings:meeting-edit", args=[meeting.pk]),
        reverse("meetings:item-add", args=[meeting.pk]),
        reverse("meetings:item-edit", args=[item.pk]),
        reverse("meetings:vote-create", args=[item.pk]),
        reverse("meetings:minutes-edit", args=[meeting.pk]),
    ]
    for url in pages:
        # when the secretary opens one of its forms
        response = client.get(url, follow=True)
        # then they are back on the meeting, told why, with no form to fill in
        assert response.redirect_chain == [(detail, 302)], url
        assert len(list(response.context["messages"])) == 1
    # and a post is still refused by the service
    response = client.post(pages[-1], {"note": "Переписано задним числом."})
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.minutes_note != "Переписано задним числом."
    # while the agenda of a meeting only planned can still be changed
    planned = meeting_make(meeting.council, items=1, starts_in=timedelta(days=3))
    assert client.get(reverse("meetings:item-add", args=[planned.pk])).status_code == 200
