"""A public council from its formation to the answers to its recommendations, in Chromium
against the demo (issue 6): the Ministry of Culture and Information closes the competition for
its council's next composition, the working group decides the candidacies (one per non-profit
organisation) and the results are published as a new composition with a civil servant named by
the ministry; its first meeting refuses to elect the civil servant chair and elects a CSO
leader; a second meeting is refused a vote without quorum, then votes with it, and its minutes
are approved by the new chair from the chair's own account; the council's recommendation from
that meeting is registered and answered on time by another official of the ministry, a second
one goes overdue (its page, the council's list and the ministry's counters say so), and one
never sent stays hidden from the public.

Real time stands in the way three times, so the test moves dates in the demo's database (as
test_problems.py does), each time saying why: the new composition's term starts after the
current one ends (weeks ahead), a meeting is held only once it has started, and an answer is
overdue only 15 working days after sending. Everything else goes through the pages. Elements are
found by name, id and URL, never by English text."""

from __future__ import annotations

import re
import sqlite3
import zoneinfo
from contextlib import closing
from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import expect

from hamkori.demo.data import DEMO_DOMAIN, PASSWORD, PEOPLE
from tests.e2e.test_journeys import follow, sign_in, sign_out

pytestmark = pytest.mark.browser

OFFICIAL = f"official.kz@{DEMO_DOMAIN}"  # ministry official, head of the working group
BODY_OFFICIAL = f"mci2@{DEMO_DOMAIN}"  # another ministry official: registers and answers
CHAIR = f"cso.kz@{DEMO_DOMAIN}"  # a CSO leader, elected chair
CIVIL_SERVANT = f"secretary.kz@{DEMO_DOMAIN}"  # named by the ministry, in public service
SAME_ORGANISATION = f"member@{DEMO_DOMAIN}"  # a second candidate from the chair's CSO
CURRENT = "kz-mci"
CODE = "kz-mci-e2e"
NAMES = {person.email: person.full_name for person in PEOPLE}


def _today():
    return datetime.now(zoneinfo.ZoneInfo("Asia/Almaty")).date()


def _sql(demo, sql: str, *params) -> list[tuple]:
    with closing(sqlite3.connect(demo.data_dir / "hamkori.sqlite3", timeout=30)) as db, db:
        return db.execute(sql, params).fetchall()


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def _id(url: str, kind: str) -> int:
    return int(re.search(rf"/{kind}/(\d+)/", url)[1])


def _no_errors(page) -> None:
    expect(page.locator("main .form-errors, main .errorlist")).to_have_count(0)


def _refused(page) -> None:
    expect(page.locator("main .form-errors, main .errorlist").first).to_be_visible()


def _transition(page, action: str) -> None:
    follow(page, f"main form[action$='/{action}/'] button")
    _no_errors(page)


def _form_of(page, field: str):
    return page.locator(f"main form:has([name='{field}'])")


def _form_competition(page, demo) -> None:
    page.goto(f"{demo.url}/councils/manage/")
    follow(page, page.locator("main a[href*='/councils/competitions/']").first)
    competition_url = page.url
    _transition(page, "state/close")
    candidacies = [
        link.get_attribute("href")
        for link in page.locator("main a[href*='/councils/candidacies/']").all()
    ]
    assert len(candidacies) >= 3
    for href in candidacies:
        page.goto(f"{demo.url}{href}")
        # One representative per non-profit legal entity: not the chair's colleague too.
        second = page.locator("main h1").inner_text().strip() == NAMES[SAME_ORGANISATION]
        page.check(f"input[name=decision][value={'reject' if second else 'accept'}]")
        page.fill("textarea[name=reason]", "Решение рабочей группы, протокол № 3.")
        follow(page, "main form:has([name=decision]) button[type=submit]")
        _no_errors(page)
    page.goto(competition_url)
    _transition(page, "state/decide")
    follow(page, "main a[href$='/publish/']")
    # The term offered starts the day after the current one ends; its end comes from the rules.
    start = page.locator("input[name=term_start]").input_value()
    assert start > _today().isoformat()
    page.fill("input[name=code]", CODE)
    page.fill("textarea[name=state_members]", f"{NAMES[CIVIL_SERVANT]}; {CIVIL_SERVANT}")
    follow(page, "main form:has([name=code]) button[type=submit]")
    _no_errors(page)
    expect(page).to_have_url(re.compile(r"/councils/\d+/$"))


def _start_the_new_term(demo) -> None:
    """The new composition's term starts after the current one ends, about six weeks ahead;
    meetings lie within the term and seats count from their first day. To work with it today,
    the current term is ended three days ago and the new one (and its seats) started two days
    ago, as if the weeks had passed."""
    today = _today()
    _sql(demo, "UPDATE councils_council SET term_end = ? WHERE code = ?",
         (today - timedelta(days=3)).isoformat(), CURRENT)  # fmt: skip
    new_start = (today - timedelta(days=2)).isoformat()
    _sql(demo, "UPDATE councils_council SET term_start = ? WHERE code = ?", new_start, CODE)
    _sql(demo, "UPDATE councils_member SET starts_on = ? WHERE council_id ="
         " (SELECT id FROM councils_council WHERE code = ?)", new_start, CODE)  # fmt: skip


def _started_a_few_minutes_ago(demo, meeting_id: int) -> None:
    """A notice is published before the meeting and the meeting is recorded as held only once
    it has started: the meeting (with its agenda times) planned for tomorrow is moved to have
    started five minutes ago, as if the day had come."""
    (starts_at,) = _sql(demo, "SELECT starts_at FROM meetings_meeting WHERE id = ?", meeting_id)[0]
    began = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=5)
    shift = f"-{int((datetime.fromisoformat(starts_at) - began).total_seconds())} seconds"
    _sql(demo, "UPDATE meetings_meeting SET starts_at = datetime(starts_at, ?),"
         " ends_at = datetime(ends_at, ?) WHERE id = ?", shift, shift, meeting_id)  # fmt: skip
    _sql(demo, "UPDATE meetings_agendaitem SET starts_at = datetime(starts_at, ?)"
         " WHERE meeting_id = ? AND starts_at IS NOT NULL", shift, meeting_id)  # fmt: skip


def _hold(page, demo, *, first: bool) -> tuple[str, int]:
    """Plan a meeting for tomorrow with one timed agenda item, publish its notice, let it start
    and record it as held; returns the meeting's URL and the agenda item's id."""
    page.goto(f"{demo.url}/meetings/council/{CODE}/new/")
    page.fill("input[name=title_ru]", "Первое заседание" if first else "Заседание совета")
    page.fill("input[name=day]", (_today() + timedelta(days=1)).isoformat())
    page.fill("input[name=starts]", "10:00")
    page.fill("input[name=ends]", "12:30")
    if first:
        page.check("input[name=is_first]")
    follow(page, _form_of(page, "day").locator("button[type=submit]"))
    _no_errors(page)
    expect(page).to_have_url(re.compile(r"/meetings/\d+/$"))
    meeting_url = page.url
    follow(page, "main a[href$='/items/new/']")
    page.fill("input[name=title_ru]", "Выборы председателя" if first else "Проект программы")
    page.fill("input[name=starts]", "10:00")
    page.fill("input[name=duration_minutes]", "60")
    follow(page, _form_of(page, "title_ru").locator("button[type=submit]"))
    _no_errors(page)
    page.goto(meeting_url)
    _transition(page, "do/publish")
    expect(page.locator("main form[action$='/do/hold/']")).to_have_count(0)  # not yet started
    _started_a_few_minutes_ago(demo, _id(meeting_url, "meetings"))
    page.goto(meeting_url)
    _transition(page, "do/hold")
    vote_link = page.locator("main a[href*='/meetings/items/'][href$='/vote/']")
    item = int(re.search(r"/items/(\d+)/", vote_link.get_attribute("href"))[1])
    return meeting_url, item


def _attendance(page, meeting_url: str, present: int | None = None) -> None:
    """Record the members present: all of them, or the first `present`."""
    page.goto(f"{meeting_url}attendance/")
    boxes = page.locator("input[name=present]")
    for index, box in enumerate(boxes.all()):
        box.set_checked(present is None or index < present)
    follow(page, _form_of(page, "present").locator("button[type=submit]"))
    _no_errors(page)


def _vote(page, demo, item: int, question: str, candidate: str = ""):
    """Put a question (or, with a candidate, the chair's election) to an open vote in which
    every member present votes for."""
    page.goto(f"{demo.url}/meetings/items/{item}/vote/")
    page.fill("textarea[name=question]", question)
    if candidate:
        page.select_option("select[name=kind]", "election")
        page.select_option("select[name=position]", "chair")
        page.select_option("select[name=candidate]", label=candidate)
    for radio in page.locator("input[type=radio][name^=member_][value=for]").all():
        radio.check()
    follow(page, _form_of(page, "question").locator("button[type=submit]"))


def _recommend(page, demo, meeting_url: str, item: int, title: str, *, send=True) -> str:
    page.goto(f"{demo.url}/recommendations/council/{CODE}/new/")
    page.select_option("select[name=meeting]", str(_id(meeting_url, "meetings")))
    page.select_option("select[name=agenda_item]", str(item))
    page.fill("input[name=title_ru]", title)
    page.fill("textarea[name=text_ru]", "Вынести проект на публичное обсуждение.")
    follow(page, _form_of(page, "meeting").locator("button[type=submit]"))
    _no_errors(page)
    expect(page).to_have_url(re.compile(r"/recommendations/\d+/$"))
    if send:
        follow(page, "#form-send button[type=submit]")  # sent today (the default)
        _no_errors(page)
    return page.url


def _extend_once(page) -> None:
    """Extend the deadline to a Saturday (refused: not a working day), then to the first later
    day that is accepted; a second extension is not offered."""
    due = date.fromisoformat(page.locator("#due-on").get_attribute("data-date"))
    saturday = due + timedelta(days=(5 - due.weekday()) % 7 or 7)
    for day in (saturday + timedelta(days=offset) for offset in range(9)):
        page.fill("textarea[name=extend-reason]", "Нужно заключение Министерства финансов.")
        page.fill("input[name=extend-new_due_on]", day.isoformat())
        follow(page, "#form-extend button[type=submit]")
        if day == saturday:
            _refused(page)
        elif page.locator("main .errorlist, main .form-errors").count() == 0:
            break
    expect(page.locator("#due-on")).to_have_attribute("data-date", day.isoformat())
    expect(page.locator("#extensions tbody tr")).to_have_count(1)
    expect(page.locator("#form-extend")).to_have_count(0)


def _overdue_by_now(demo, recommendation: int) -> None:
    """An answer is overdue only once its 15 working days have passed: the recommendation's
    dates (adopted, sent, first and current deadline) are moved five weeks back together, as
    if it had been adopted and sent then; their order and spacing stay as the app set them."""
    _sql(demo, "UPDATE recommendations_recommendation SET"
         " adopted_on = date(adopted_on, '-35 days'), sent_on = date(sent_on, '-35 days'),"
         " first_due_on = date(first_due_on, '-35 days'), due_on = date(due_on, '-35 days')"
         " WHERE id = ?", recommendation)  # fmt: skip


def test_a_council_from_its_competition_to_the_answers(page, demo):
    sign_in(page, demo, OFFICIAL, PASSWORD)
    _form_competition(page, demo)
    _start_the_new_term(demo)

    # The first meeting: the civil servant cannot be elected chair, the CSO leader is.
    first, election = _hold(page, demo, first=True)
    _attendance(page, first)
    _vote(page, demo, election, "Избрание председателя", NAMES[CIVIL_SERVANT])
    expect(page.locator("#id_position_error")).to_be_visible()  # in public service
    _vote(page, demo, election, "Избрание председателя", NAMES[CHAIR])
    _no_errors(page)
    # Only the second election was recorded (the refused one left nothing), and adopted.
    expect(page.locator("#agenda .vote")).to_have_count(1)
    expect(page.locator("#agenda .vote .badge.ok")).to_have_count(1)

    # The second meeting: no vote without quorum; with it, the item is voted on, the minutes
    # written and finished by the secretary's side.
    second, item = _hold(page, demo, first=False)
    _attendance(page, second, present=1)
    _vote(page, demo, item, "Одобрить проект программы")
    _refused(page)
    expect(page.locator("main .badge.warn")).to_be_visible()  # 1 of 4 present: no quorum
    _attendance(page, second)
    _vote(page, demo, item, "Одобрить проект программы")
    _no_errors(page)
    page.goto(f"{second}minutes/edit/")
    page.fill("textarea[name=note]", "Заседание открыл председатель.")
    for text in page.locator("textarea[name^=item_]").all():
        text.fill("Проект одобрен.")
    follow(page, _form_of(page, "note").locator("button[type=submit]"))
    _no_errors(page)
    page.goto(second)
    _transition(page, "do/draft_minutes")
    expect(page.locator("main form[action$='/do/approve_minutes/']")).to_have_count(0)

    # Recommendations of that meeting to the ministry: two sent, one left unsent.
    answered = _recommend(page, demo, second, item, "Публиковать проекты бюджетных программ")
    overdue = _recommend(page, demo, second, item, "Отчитаться о государственном заказе")
    draft = _recommend(page, demo, second, item, "Черновик, не отправленный органу", send=False)
    sign_out(page)

    # The elected chair (a CSO leader, not a civil servant) approves the minutes.
    sign_in(page, demo, CHAIR, PASSWORD)
    page.goto(second)
    # The chair reads the draft first (the minutes page opens for them), then confirms.
    follow(page, page.locator(f"main a[href$='{_path(second)}minutes/']").first)
    expect(page.locator("main a[href*='/minutes.pdf']")).to_be_visible()  # not a 404
    page.goto(second)
    page.check("main form[action$='/do/approve_minutes/'] input[name=confirm]")
    _transition(page, "do/approve_minutes")
    expect(page.locator("main a[href*='/minutes.pdf?language=']").first).to_be_visible()
    sign_out(page)

    # Another official of the ministry registers the first, extends its deadline once (not to
    # a Saturday) and answers it on time.
    sign_in(page, demo, BODY_OFFICIAL, PASSWORD)
    page.goto(answered)
    follow(page, "#form-register button[type=submit]")
    _no_errors(page)
    expect(page.locator("[data-state=registered]")).to_be_visible()
    _extend_once(page)
    page.select_option("select[name=answer-answer]", "accepted")
    follow(page, "#form-answer button[type=submit]")
    _no_errors(page)
    expect(page.locator("[data-answer=accepted]")).to_be_visible()
    expect(page.locator("[data-flag=on-time]")).to_be_visible()
    sign_out(page)

    # The second one is left unanswered past its deadline.
    answered_id, overdue_id, draft_id = (
        _id(url, "recommendations") for url in (answered, overdue, draft)
    )
    _overdue_by_now(demo, overdue_id)

    # The public: the new composition with its chair, the flags and counters, not the draft.
    page.goto(answered)
    follow(page, page.locator("main dl a[href*='/councils/']").first)
    chairs = page.locator("section[aria-labelledby=members] table").first
    expect(chairs.locator("tbody tr")).to_have_count(1)
    expect(chairs).to_contain_text(NAMES[CHAIR])
    page.goto(overdue)
    expect(page.locator("[data-flag=overdue]")).to_be_visible()
    page.goto(f"{demo.url}/recommendations/council/{CODE}/")
    for shown in (answered_id, overdue_id):
        expect(page.locator(f"#recommendation-{shown}")).to_be_visible()
    expect(page.locator(f"#recommendation-{draft_id}")).to_have_count(0)
    expect(page.locator("[data-counter=answered_on_time]")).to_have_text("1")
    expect(page.locator("[data-counter=overdue]")).to_have_text("1")
    expect(page.locator("[data-counter=extended]")).to_have_text("1")
    page.goto(f"{demo.url}/recommendations/council/{CODE}/?state=overdue")
    expect(page.locator(f"#recommendation-{overdue_id}")).to_be_visible()
    expect(page.locator(f"#recommendation-{answered_id}")).to_have_count(0)
    assert page.goto(draft).status == 404

    # The ministry's public counters count the overdue one, flagged in its list.
    page.goto(overdue)
    follow(page, "main a[href*='/recommendations/body/']")
    expect(page.locator(f"#recommendation-{overdue_id} [data-flag=overdue]")).to_be_visible()
    assert int(page.locator("[data-counter=overdue]").inner_text()) >= 1
    assert int(page.locator("[data-counter=answered_on_time]").inner_text()) >= 1

    # A visitor follows the answered recommendation back to its meeting's approved minutes.
    page.goto(answered)
    meeting_id = _id(second, "meetings")
    expect(page.locator(f"#origin a[href$='/meetings/{meeting_id}/']")).to_be_visible()
    follow(page, f"#origin a[href$='/meetings/{meeting_id}/minutes/']")
    expect(page).to_have_url(re.compile(rf"/meetings/{meeting_id}/minutes/$"))
