"""Dialogue programmes through their services and pages: sessions in each city's local time,
the delegation, follow-up actions, the page day by day, the PDF and the iCal feed."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import pgettext
from pypdf import PdfReader

from hamkori.calls.tests.factories import body_make
from hamkori.core.ical import ical_unescape, ical_unfold
from hamkori.core.models import AuditEvent
from hamkori.dialogue import selectors, services
from hamkori.dialogue.models import City
from hamkori.dialogue.services import SessionData
from hamkori.dialogue.tests.factories import official_make, programme_make
from hamkori.dialogue.workflow import ProgrammeState
from hamkori.registry.tests.factories import member_make, organisation_make

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 5, 18)


def _session(day=MONDAY, starts=time(10), ends=time(11, 30), city=City.ASTANA, **fields):
    fields.setdefault(
        "topics", {"ru": "Государственный социальный заказ", "tg": "Фармоиши давлатӣ"}
    )
    fields.setdefault("host_name", "Министерство")
    return SessionData(day=day, starts=starts, ends=ends, city=city, **fields)


def _new_programme():
    body = body_make("TJ")
    official = official_make(body)
    programme = services.programme_create(
        actor=official,
        organisers=[body],
        titles={"ru": "Учебный визит", "tg": "Сафари омӯзишӣ"},
        starts_on=MONDAY,
        ends_on=MONDAY + timedelta(days=4),
    )
    return programme, official


def test_sessions_are_stored_at_their_citys_local_time():
    programme, official = _new_programme()
    astana = services.session_add(actor=official, programme=programme, data=_session())
    dushanbe = services.session_add(
        actor=official,
        programme=programme,
        data=_session(
            day=MONDAY + timedelta(days=4), city=City.DUSHANBE, starts=time(15), ends=time(16)
        ),
    )

    assert astana.starts_at == datetime(2026, 5, 18, 5, 0, tzinfo=UTC)
    assert astana.zone.key == "Asia/Almaty"
    assert dushanbe.starts_at == datetime(2026, 5, 22, 10, 0, tzinfo=UTC)
    assert dushanbe.zone.key == "Asia/Dushanbe"


def test_a_session_must_be_on_the_programmes_days_and_end_after_it_starts():
    programme, official = _new_programme()
    with pytest.raises(ValidationError) as error:
        services.session_add(
            actor=official, programme=programme, data=_session(day=MONDAY - timedelta(days=1))
        )
    assert "day" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.session_add(actor=official, programme=programme, data=_session(ends=time(9)))
    assert "ends" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.session_add(actor=official, programme=programme, data=_session(host_name=" "))
    services.session_add(actor=official, programme=programme, data=_session())
    with pytest.raises(ValidationError):
        services.programme_update(
            actor=official,
            programme=programme,
            titles={"ru": "Визит"},
            descriptions={},
            starts_on=MONDAY + timedelta(days=1),
            ends_on=MONDAY + timedelta(days=4),
        )


def test_only_officials_of_an_organiser_manage_the_programme():
    programme, _official = _new_programme()
    for outsider in (official_make(body_make()), member_make(organisation_make())):
        with pytest.raises(PermissionDenied):
            services.participant_add(
                actor=outsider, programme=programme, full_name="Имя", country="TJ"
            )
        with pytest.raises(PermissionDenied):
            services.programme_publish(actor=outsider, programme=programme)
    with pytest.raises(PermissionDenied):
        services.programme_create(
            actor=member_make(organisation_make()),
            organisers=[organisation_make()],
            titles={"ru": "Визит"},
            starts_on=MONDAY,
            ends_on=MONDAY,
        )


def test_a_programme_is_published_with_sessions_and_every_change_is_audited():
    programme, official = _new_programme()
    with pytest.raises(ValidationError):
        services.programme_publish(actor=official, programme=programme)
    participant = services.participant_add(
        actor=official, programme=programme, full_name="Саидова Нигина", country="tj"
    )
    assert participant.country == "TJ"
    session = services.session_add(actor=official, programme=programme, data=_session())
    follow_up = services.followup_add(
        actor=official, session=session, action="Направить методику", responsible="МКИ"
    )
    services.followup_set_done(actor=official, follow_up=follow_up, done=True)
    follow_up.refresh_from_db()
    assert follow_up.done and follow_up.done_on is not None
    services.session_update(
        actor=official,
        session=session,
        data=_session(notes={"ru": "Обсудили порядок отбора"}),
    )
    programme = services.programme_publish(actor=official, programme=programme)

    assert programme.state == ProgrammeState.PUBLISHED
    actions = set(
        AuditEvent.objects.filter(action__startswith="dialogue.").values_list("action", flat=True)
    )
    assert actions == {
        "dialogue.programme.create",
        "dialogue.participant.add",
        "dialogue.session.add",
        "dialogue.followup.add",
        "dialogue.followup.update",
        "dialogue.session.update",
        "dialogue.programme.publish",
    }


def test_a_draft_programme_is_seen_only_by_its_organisers(client):
    programme = programme_make(state=ProgrammeState.DRAFT, sessions=2)
    url = reverse("dialogue:programme-detail", args=[programme.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("dialogue:programme-ical", args=[programme.pk])).status_code == 404
    client.force_login(official_make(body_make()))
    assert client.get(url).status_code == 404
    assert client.get(reverse("dialogue:programme-edit", args=[programme.pk])).status_code == 404
    client.force_login(programme.created_by)
    assert client.get(url).status_code == 200
    assert client.get(reverse("dialogue:programme-edit", args=[programme.pk])).status_code == 200


def test_the_page_pdf_and_calendar_show_the_sessions_day_by_day(client):
    programme, official = _new_programme()
    services.session_add(
        actor=official,
        programme=programme,
        data=_session(
            day=MONDAY + timedelta(days=1),
            topics={"ru": "Встреча с акиматом; обсуждение, итоги"},
            city=City.ALMATY,
        ),
    )
    services.session_add(actor=official, programme=programme, data=_session())
    services.programme_publish(actor=official, programme=programme)

    page = client.get(reverse("dialogue:programme-detail", args=[programme.pk]))
    html = page.content.decode()
    assert html.index("Государственный социальный заказ") < html.index("Встреча с акиматом")
    assert html.count('class="programme-day"') == 2

    pdf = client.get(reverse("dialogue:programme-pdf", args=[programme.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert "Учебный визит" in text and "Встреча с акиматом" in text

    feed = client.get(reverse("dialogue:programme-ical", args=[programme.pk]))
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    lines = ical_unfold(feed.content.decode())
    starts = [line for line in lines if line.startswith("DTSTART:")]
    assert starts == ["DTSTART:20260518T050000Z", "DTSTART:20260519T050000Z"]
    summaries = [ical_unescape(line[8:]) for line in lines if line.startswith("SUMMARY:")]
    assert "Встреча с акиматом; обсуждение, итоги" in summaries
    assert all(len(line.encode()) <= 75 for line in feed.content.decode().split("\r\n"))


def test_an_organiser_builds_the_programme_through_the_pages(client):
    body = body_make("TJ")
    official = official_make(body)
    client.force_login(official)
    response = client.post(
        reverse("dialogue:programme-create"),
        {
            "organisers": [body.pk],
            "title_tg": "Сафар",
            "starts_on": "2026-05-18",
            "ends_on": "2026-05-22",
        },
    )
    assert response.status_code == 302
    edit = response["Location"]
    pk = int(edit.rstrip("/").split("/")[-2])
    response = client.post(
        edit,
        {
            "form": "participant",
            "full_name": "Раҳимов Фарҳод",
            "country": "TJ",
            "position": "Директор",
        },
    )
    assert response.status_code == 302
    host = organisation_make()
    response = client.post(
        reverse("dialogue:session-create", args=[pk]),
        {
            "form": "session",
            "day": "2026-05-19",
            "starts": "10:00",
            "ends": "11:00",
            "city": "almaty",
            "host_identifier": host.identifier,
            "topic_ru": "Встреча",
        },
    )
    assert response.status_code == 302
    session_url = response["Location"]
    response = client.post(
        session_url, {"form": "follow_up", "action": "Обмен опытом", "responsible": "Агентство"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("dialogue:session-create", args=[pk]),
        {
            "form": "session",
            "day": "2026-06-01",
            "starts": "10:00",
            "ends": "11:00",
            "city": "almaty",
            "host_name": "X",
            "topic_ru": "Поздно",
        },
    )
    assert response.status_code == 400
    response = client.post(edit, {"form": "publish"})
    assert response.status_code == 302
    page = client.get(reverse("dialogue:programme-detail", args=[pk]))
    assert "Раҳимов Фарҳод" in page.content.decode()
    assert "Обмен опытом" in page.content.decode()


def test_organisers_remove_a_delegate_and_a_session_through_the_pages(client):
    programme, official = _new_programme()
    participant = services.participant_add(
        actor=official, programme=programme, full_name="Каримов Шерзод", country="TJ"
    )
    session = services.session_add(actor=official, programme=programme, data=_session())
    client.force_login(official)
    edit = reverse("dialogue:programme-edit", args=[programme.pk])

    response = client.post(edit, {"form": "participant_remove", "participant": participant.pk})
    assert response.status_code == 302
    response = client.post(
        reverse("dialogue:session-edit", args=[programme.pk, session.pk]), {"form": "remove"}
    )
    assert response["Location"] == edit

    assert not programme.participants.exists() and not programme.sessions.exists()
    removed = AuditEvent.objects.filter(
        action__in=["dialogue.participant.remove", "dialogue.session.remove"]
    )
    assert removed.count() == 2


def test_the_page_names_countries_offsets_and_overdue_actions_plainly(client, settings):
    settings.LANGUAGE_CODE = "en"
    programme, official = _new_programme()
    session = services.session_add(
        actor=official, programme=programme, data=_session(city=City.DUSHANBE)
    )
    services.participant_add(
        actor=official, programme=programme, full_name="Саидова Нигина", country="TJ"
    )
    services.participant_add(actor=official, programme=programme, full_name="Ali", country="UZ")
    yesterday = timezone.now().astimezone(session.zone).date() - timedelta(days=1)
    late = services.followup_add(
        actor=official,
        session=session,
        action="Send the standard",
        responsible="Agency",
        due_on=yesterday,
    )
    done = services.followup_add(
        actor=official,
        session=session,
        action="Share the report",
        responsible="Agency",
        due_on=yesterday,
    )
    services.followup_set_done(actor=official, follow_up=done, done=True)
    services.followup_add(
        actor=official,
        session=session,
        action="Visit again",
        responsible="Agency",
        due_on=yesterday + timedelta(days=30),
    )
    services.programme_publish(actor=official, programme=programme)

    html = client.get(reverse("dialogue:programme-detail", args=[programme.pk])).content.decode()

    assert '<th scope="col">Full name</th>' in html
    assert "<td>Tajikistan</td>" in html and "<td>UZ</td>" in html
    assert "(local time UTC+5)" in html and "+0500" not in html
    assert html.count('<span class="badge bad">overdue</span>') == 1
    row = html[html.index(late.action) : html.index("</tr>", html.index(late.action))]
    assert "overdue" in row


@pytest.mark.parametrize(
    ("offset", "label"),
    [
        (timedelta(hours=5), "UTC+5"),
        (timedelta(hours=5, minutes=30), "UTC+5:30"),
        (timedelta(hours=-3), "UTC−3"),
        (timedelta(0), "UTC+0"),
    ],
)
def test_an_offset_is_written_the_way_people_write_it(offset, label):
    moment = datetime(2026, 5, 18, 10, tzinfo=timezone.get_fixed_timezone(offset))

    assert selectors.utc_offset_label(moment) == label


def test_follow_ups_are_headed_as_done_in_their_own_context(client):
    # Given a session with an action, read in Russian, where the bare "Done" is "Проведенные"
    programme, official = _new_programme()
    session = services.session_add(actor=official, programme=programme, data=_session())
    services.followup_add(actor=official, session=session, action="Обмен", responsible="Агентство")
    services.programme_publish(actor=official, programme=programme)

    html = client.get(
        reverse("dialogue:programme-detail", args=[programme.pk]), HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()

    with translation.override("ru"):
        header = pgettext("follow-up", "Done")
    assert f'<th scope="col">{header}</th>' in html
