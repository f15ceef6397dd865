"""Demo meetings of the three demo councils (issue 6), made through the services. Each council
gets a history: the first meeting of its composition with the elections of the chair, deputy
chair and presidium; a later meeting held with quorum, votes and approved minutes (in Almaty
drafted minutes, which the chair, the demo's cso.kz sign-in, can approve); and a coming open
meeting whose notice is out, with registrations and a waiting list.

The services stamp the current time; the history's stamps (notice, held, minutes) are then
moved back to when those meetings happened, as demo/councils.py does for its competition."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone

from hamkori.accounts.models import User
from hamkori.councils.models import Council, Member, Position
from hamkori.demo.councils import demo_pdf
from hamkori.demo.data import DEMO_DOMAIN
from hamkori.meetings import services
from hamkori.meetings.models import AgendaItem, Choice, Meeting, VoteKind
from hamkori.meetings.selectors import council_members_on, meeting_day
from hamkori.rules.selectors import local_datetime, local_today

P = Position


@dataclass(frozen=True)
class Texts:
    """Demo text of one council in its languages."""

    first: dict[str, str]
    held: dict[str, str]
    coming: dict[str, str]
    items: list[dict[str, str]]
    sub_item: dict[str, str]
    decision: str
    minutes: list[str]
    place: str
    # The question of an election, per position, in the council's working language.
    elections: dict[str, str]


KZ_TEXTS = Texts(
    first={
        "kk": "Жаңа құрамның бірінші отырысы",
        "ru": "Первое заседание нового состава",
        "en": "First meeting of the new composition",
    },
    held={
        "kk": "Бюджеттік бағдарламалардың жобаларын талқылау",
        "ru": "Обсуждение проектов бюджетных программ",
        "en": "Discussion of the draft budget programmes",
    },
    coming={
        "kk": "Мемлекеттік органның жылдық есебін тыңдау",
        "ru": "Заслушивание годового отчёта государственного органа",
        "en": "Hearing the body's annual report",
    },
    items=[
        {
            "kk": "Мемлекеттік органның 2027–2029 жылдарға арналған бюджеттік "
            "бағдарламаларының жобалары",
            "ru": "Проекты бюджетных программ государственного органа на 2027–2029 годы",
            "en": "Draft budget programmes of the body for 2027–2029",
        },
        {
            "kk": "Қоғамдық кеңестің ұсынымдары туралы",
            "ru": "О рекомендациях Общественного совета",
            "en": "On the council's recommendations",
        },
    ],
    sub_item={
        "kk": "Үкіметтік емес ұйымдарға арналған гранттар бағдарламасы",
        "ru": "Программа грантов для неправительственных организаций",
        "en": "The grants programme for non-governmental organisations",
    },
    decision="Одобрить проекты бюджетных программ с учётом замечаний членов совета",
    minutes=[
        "Заслушан доклад заместителя руководителя государственного органа. Члены совета "
        "задали вопросы о показателях результатов; замечания переданы в письменном виде.",
        "Рекомендовано предусмотреть показатели охвата сельских районов и опубликовать "
        "проекты на портале открытых данных.",
    ],
    place="",
    elections={
        P.CHAIR: "Избрать председателем Общественного совета",
        P.DEPUTY_CHAIR: "Избрать заместителем председателя Общественного совета",
        P.PRESIDIUM: "Избрать членом президиума Общественного совета",
    },
)

TJ_TEXTS = Texts(
    first={
        "tg": "Ҷаласаи якуми ҳайати нав",
        "ru": "Первое заседание нового состава",
        "en": "First meeting of the new composition",
    },
    held={
        "tg": "Муҳокимаи барномаи давлатии рушди ҷомеаи шаҳрвандӣ",
        "ru": "Обсуждение государственной программы развития гражданского общества",
        "en": "Discussion of the state programme for civil society",
    },
    coming={
        "tg": "Ҳисоботи солонаи Шӯрои ҷамъиятӣ",
        "ru": "Годовой отчёт Общественного совета",
        "en": "The council's annual report",
    },
    items=[
        {
            "tg": "Лоиҳаи барномаи давлатии рушди ҷомеаи шаҳрвандӣ барои солҳои 2027–2030",
            "ru": "Проект государственной программы развития гражданского общества "
            "на 2027–2030 годы",
            "en": "Draft state programme for civil society 2027–2030",
        },
        {
            "tg": "Дар бораи тавсияҳои Шӯрои ҷамъиятӣ",
            "ru": "О рекомендациях Общественного совета",
            "en": "On the council's recommendations",
        },
    ],
    sub_item={
        "tg": "Фармоиши иҷтимоии давлатӣ",
        "ru": "Государственный социальный заказ",
        "en": "State social procurement",
    },
    decision="Лоиҳаи барномаро бо назардошти пешниҳодҳои аъзои Шӯро дастгирӣ намоем",
    minutes=[
        "Гузориши намояндаи Дастгоҳи иҷроияи Президент шунида шуд. Аъзои Шӯро пешниҳодҳои "
        "худро дар бораи нишондиҳандаҳо пешниҳод намуданд.",
        "Тавсия дода шуд, ки лоиҳа барои муҳокимаи ҷамъиятӣ нашр карда шавад.",
    ],
    place="Душанбе, хиёбони Рӯдакӣ, 80",
    elections={
        P.CHAIR: "Ба ҳайси раиси Шӯрои ҷамъиятӣ интихоб карда шавад",
        P.DEPUTY_CHAIR: "Ба ҳайси муовини раиси Шӯрои ҷамъиятӣ интихоб карда шавад",
        P.PRESIDIUM: "Ба ҳайси аъзои раёсати Шӯрои ҷамъиятӣ интихоб карда шавад",
    },
)

# (council code, texts, place, capacity of the coming meeting, days from today: held, coming)
COUNCILS = [
    ("kz-mci", KZ_TEXTS, "Астана, Мәңгілік Ел даңғылы, 8", 6, -30, 14),
    ("kz-almaty", KZ_TEXTS, "Алматы, Республика алаңы, 4", 5, -12, 10),
    ("tj-public-council", TJ_TEXTS, TJ_TEXTS.place, 4, -45, 21),
]
# The council whose last held meeting waits for its chair (a demo sign-in) to approve the
# minutes.
CHAIR_APPROVES = "kz-almaty"
# The public who register for the coming meeting: the demo citizen (a sign-in) and capacity + 2
# others, so three wait; one confirmed person cancels and the first waiting one gets the place.
REGISTRANTS = [
    ("Алихан Бекетов", "a.beketov@mail.example.kz", "Жастар клубы"),
    ("Светлана Ким", "s.kim@mail.example.kz", ""),
    ("Ерлан Жумабаев", "e.zhumabayev@mail.example.kz", "Ассоциация родителей"),
    ("Мадина Сатыбалды", "m.satybaldy@mail.example.kz", ""),
    ("Нигора Раҳимова", "n.rahimova@mail.example.tj", "Ҷамъияти «Умед»"),
    ("Олег Пак", "o.pak@mail.example.kz", ""),
    ("Айгүл Нұрланқызы", "a.nurlankyzy@mail.example.kz", "Журналист"),
    ("Даврон Саидов", "d.saidov@mail.example.tj", ""),
]


def translated_title(texts: dict[str, str]) -> str:
    return texts.get("ru") or next(iter(texts.values()))


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _at(council: Council, day: date, hour: int = 10) -> tuple[datetime, datetime]:
    starts = local_datetime(council.jurisdiction_id, _weekday(day), time(hour, 0))
    return starts, starts + timedelta(hours=2, minutes=30)


def _seat(council: Council, position: str) -> Member | None:
    today = local_today(council.jurisdiction_id)
    return next((m for m in council_members_on(council, today) if m.position == position), None)


def _secretary(council: Council) -> User:
    seat = _seat(council, P.SECRETARY)
    return seat.user if seat and seat.user else council.created_by


def _chair(council: Council) -> User:
    seat = _seat(council, P.CHAIR)
    return seat.user if seat and seat.user else _secretary(council)


def _plan(council: Council, number_title, starts_at, ends_at, place, **fields) -> Meeting:
    return services.meeting_create(
        actor=_secretary(council),
        council=council,
        title=number_title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        **fields,
    )


def _backdate(meeting: Meeting, *, approved: bool) -> None:
    """Move the stamps of a past meeting back to when it happened."""
    fields = {
        "notice_published_at": meeting.starts_at - timedelta(days=10),
        "held_at": meeting.ends_at,
        "minutes_drafted_at": meeting.ends_at + timedelta(days=2),
    }
    if approved:
        fields["minutes_approved_at"] = meeting.ends_at + timedelta(days=5)
    Meeting.objects.filter(pk=meeting.pk).update(**fields)


def _present(meeting: Meeting, absent: int) -> list[Member]:
    members = council_members_on(meeting.council, meeting_day(meeting))
    # The last members (ordinary members, alphabetically last) are the ones who did not come.
    return members[: len(members) - absent]


def _shift(meeting: Meeting, delta: timedelta) -> None:
    """Move a meeting and its agenda times by `delta` (the demo's clock trick)."""
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=F("starts_at") + delta, ends_at=F("ends_at") + delta
    )
    AgendaItem.objects.filter(meeting=meeting, starts_at__isnull=False).update(
        starts_at=F("starts_at") + delta
    )
    meeting.refresh_from_db()


def _publish_before(meeting: Meeting, secretary: User) -> None:
    """Publish the notice of a past meeting as it was, before the meeting: the services run on
    today's clock and refuse a notice for a meeting that has started, so the meeting is moved
    to tomorrow for the notice and back (the stamp is then moved back by _backdate)."""
    delta = timezone.now() + timedelta(days=1) - meeting.starts_at
    _shift(meeting, delta)
    services.meeting_transition(actor=secretary, meeting=meeting, action="publish")
    _shift(meeting, -delta)


def _hold(meeting: Meeting, absent: int) -> list[Member]:
    secretary = _secretary(meeting.council)
    _publish_before(meeting, secretary)
    services.meeting_transition(actor=secretary, meeting=meeting, action="hold")
    present = _present(meeting, absent)
    services.attendance_record(actor=secretary, meeting=meeting, present=present)
    return present


def _approve(
    meeting: Meeting, item_texts: dict[int, str], note: str, *, approve: bool = True
) -> None:
    council = meeting.council
    secretary = _secretary(council)
    services.minutes_update(actor=secretary, meeting=meeting, note=note, item_texts=item_texts)
    services.meeting_transition(actor=secretary, meeting=meeting, action="draft_minutes")
    if approve:
        services.meeting_transition(
            actor=_chair(council), meeting=meeting, action="approve_minutes"
        )


def _first_meeting(council: Council, texts: Texts, place: str, counts: dict[str, int]) -> None:
    starts_at, ends_at = _at(council, council.term_start + timedelta(days=14))
    meeting = _plan(council, texts.first, starts_at, ends_at, place, is_first=True)
    secretary = _secretary(council)
    item = services.agenda_item_add(
        actor=secretary,
        meeting=meeting,
        title={
            "kk": "Қоғамдық кеңестің төрағасын, төрағаның орынбасарын және төралқасын сайлау",
            "tg": "Интихоби раис, муовини раис ва раёсати Шӯрои ҷамъиятӣ",
            "ru": "Выборы председателя, заместителя председателя и президиума",
            "en": "Elections of the chair, deputy chair and presidium",
        },
        starts_at=starts_at,
        duration_minutes=40,
        speaker="Руководитель рабочей группы",
    )
    present = _hold(meeting, absent=1)
    today = local_today(council.jurisdiction_id)
    officers = [
        m
        for m in council_members_on(council, today)
        if m.position in (P.CHAIR, P.DEPUTY_CHAIR, P.PRESIDIUM)
    ]
    for candidate in officers:
        # Open vote, everyone present for, except the candidate abstaining.
        choices = {m.pk: Choice.ABSTAIN if m.pk == candidate.pk else Choice.FOR for m in present}
        services.vote_record(
            actor=secretary,
            item=item,
            question=f"{texts.elections[candidate.position]}: {candidate.full_name}",
            kind=VoteKind.ELECTION,
            position=candidate.position,
            candidate=candidate,
            choices=choices,
        )
        counts["council_votes"] += 1
    _approve(
        meeting,
        {item.pk: "Выборы проведены открытым голосованием простым большинством голосов."},
        "Заседание открыл руководитель рабочей группы.",
    )
    _backdate(meeting, approved=True)
    counts["council_meetings"] += 1
    counts["agenda_items"] += 1


def _held_meeting(
    council: Council, texts: Texts, place: str, days: int, counts: dict[str, int]
) -> None:
    today = local_today(council.jurisdiction_id)
    starts_at, ends_at = _at(council, today + timedelta(days=days))
    if starts_at.date() >= today:  # _weekday moved it to today or later: take the Friday before
        starts_at, ends_at = starts_at - timedelta(days=3), ends_at - timedelta(days=3)
    meeting = _plan(council, texts.held, starts_at, ends_at, place)
    secretary = _secretary(council)
    items = [
        services.agenda_item_add(
            actor=secretary,
            meeting=meeting,
            title=title,
            starts_at=starts_at + timedelta(minutes=50 * index),
            duration_minutes=45,
            speaker="" if index else "Заместитель руководителя государственного органа",
        )
        for index, title in enumerate(texts.items)
    ]
    services.agenda_item_add(
        actor=secretary, meeting=meeting, parent=items[0], title=texts.sub_item
    )
    present = _hold(meeting, absent=3)
    for index, (item, question) in enumerate(
        zip(items, [texts.decision, texts.items[1].get("ru", "")], strict=True)
    ):
        # Two against and one abstention on the first item; all for on the second.
        choices = {m.pk: Choice.FOR for m in present}
        if index == 0:
            choices[present[-1].pk] = Choice.AGAINST
            choices[present[-2].pk] = Choice.AGAINST
            choices[present[-3].pk] = Choice.ABSTAIN
        services.vote_record(actor=secretary, item=item, question=question, choices=choices)
        counts["council_votes"] += 1
    # The chair of the Almaty council (the cso.kz sign-in) has the minutes to approve.
    approve = council.code != CHAIR_APPROVES
    _approve(
        meeting,
        {item.pk: text for item, text in zip(items, texts.minutes, strict=True)},
        "",
        approve=approve,
    )
    _backdate(meeting, approved=approve)
    counts["council_meetings"] += 1
    counts["agenda_items"] += len(items) + 1


def _coming_meeting(
    council: Council, texts: Texts, place: str, capacity: int, days: int, counts: dict[str, int]
) -> None:
    today = local_today(council.jurisdiction_id)
    starts_at, ends_at = _at(council, today + timedelta(days=days), hour=15)
    meeting = _plan(council, texts.coming, starts_at, ends_at, place, capacity=capacity)
    secretary = _secretary(council)
    report = services.agenda_item_add(
        actor=secretary,
        meeting=meeting,
        title=texts.coming,
        starts_at=starts_at,
        duration_minutes=60,
        speaker="Руководитель государственного органа",
    )
    services.agenda_document_add(
        actor=secretary,
        item=report,
        uploaded_file=SimpleUploadedFile(
            f"report-{council.code}.pdf",
            demo_pdf(
                translated_title(texts.coming),
                "Доклад государственного органа о работе за год: исполнение планов, "
                "ответы на рекомендации Общественного совета, обращения граждан.",
            ),
        ),
    )
    services.agenda_item_add(
        actor=secretary, meeting=meeting, parent=report, title=texts.sub_item, duration_minutes=20
    )
    services.meeting_transition(actor=secretary, meeting=meeting, action="publish")
    citizen = User.objects.get(email=f"citizen@{DEMO_DOMAIN}")
    registrations = [
        services.registration_create(
            meeting=meeting, user=citizen, full_name="", email="", language="ru"
        )
    ]
    for name, email, organisation in REGISTRANTS[: capacity + 2]:
        registrations.append(
            services.registration_create(
                meeting=meeting,
                full_name=name,
                email=email,
                organisation_name=organisation,
                language="tg" if email.endswith(".tj") else "ru",
            )
        )
    services.registration_cancel(token=registrations[1].token)
    counts["council_meetings"] += 1
    counts["agenda_items"] += 2
    counts["agenda_documents"] += 1
    counts["meeting_registrations"] += len(registrations)


def meetings_load(*, organisations: dict) -> dict[str, int]:
    """Create the meetings demo data and return counts for the demo's audit event."""
    counts = {
        "council_meetings": 0,
        "agenda_items": 0,
        "council_votes": 0,
        "meeting_registrations": 0,
        "agenda_documents": 0,
    }
    for code, texts, place, capacity, held_in, coming_in in COUNCILS:
        council = Council.objects.select_related("host").get(code=code)
        _first_meeting(council, texts, place, counts)
        _held_meeting(council, texts, place, held_in, counts)
        _coming_meeting(council, texts, place, capacity, coming_in, counts)
    assert Meeting.objects.count() == counts["council_meetings"]
    return counts


IN_PROGRESS = {
    "title": {
        "kk": "Кезектен тыс отырыс: қаланың әлеуметтік тапсырыс жоспары",
        "ru": "Внеочередное заседание: план социального заказа города",
        "en": "Extraordinary meeting: the city's social order plan",
    },
    "item": {
        "kk": "2027 жылға арналған әлеуметтік тапсырыс жоспарының жобасын мақұлдау туралы",
        "ru": "Об одобрении проекта плана социального заказа на 2027 год",
        "en": "Endorsing the draft social order plan for 2027",
    },
    "question": "Одобрить проект плана государственного социального заказа города Алматы "
    "на 2027 год с учётом замечаний публичного обсуждения",
}


def meeting_in_progress_load(*, organisations: dict) -> dict[str, int]:
    """A meeting of the Almaty council under way as the demo starts (loaded after the
    recommendations, which come from meetings already over): the members present vote from
    their own accounts on an open question. The secretary has recorded the choices of members
    without an account; the chair (the cso.kz sign-in) and one other member have not voted."""
    council = Council.objects.select_related("host").get(code=CHAIR_APPROVES)
    secretary = _secretary(council)
    now = timezone.now().replace(second=0, microsecond=0)
    starts_at = now - timedelta(minutes=45 + now.minute % 15)
    meeting = _plan(
        council,
        IN_PROGRESS["title"],
        starts_at,
        starts_at + timedelta(hours=2, minutes=30),
        "Алматы, Республика алаңы, 4",
    )
    item = services.agenda_item_add(
        actor=secretary,
        meeting=meeting,
        title=IN_PROGRESS["item"],
        starts_at=starts_at,
        duration_minutes=60,
        speaker="Заместитель акима города",
    )
    # Meetings are numbered in the order they are planned; the coming meeting (numbered
    # before this one was added) follows it in time, so the two swap numbers.
    coming = Meeting.objects.filter(council=council, starts_at__gt=timezone.now()).get()
    numbers = (coming.number, meeting.number)
    Meeting.objects.filter(pk=coming.pk).update(number=32000)
    Meeting.objects.filter(pk=meeting.pk).update(number=numbers[0])
    Meeting.objects.filter(pk=coming.pk).update(number=numbers[1])
    meeting.refresh_from_db()
    present = _hold(meeting, absent=2)
    Meeting.objects.filter(pk=meeting.pk).update(notice_published_at=starts_at - timedelta(days=10))
    box = services.ballot_box_open(actor=secretary, item=item, question=IN_PROGRESS["question"])
    chair = _chair(council)
    without_choice = {present[-1].pk} | {m.pk for m in present if m.user_id == chair.pk}
    for index, member in enumerate(m for m in present if m.pk not in without_choice):
        services.ballot_cast(
            actor=secretary,
            box=box,
            choice=Choice.AGAINST if index == 1 else Choice.FOR,
            member_id=member.pk,
        )
    return {"council_meetings_in_progress": 1, "open_council_votes": 1}
