"""A public council from its formation to the answers to its recommendations, in Chromium
against the demo (issue 6): the Ministry of Culture and Information closes the competition for
its council's next composition, the working group decides the candidacies (one per non-profit
organisation) and the results are published as a new composition; its first meeting elects a
chair from civil society; a second meeting has its quorum, a vote and approved minutes; the
council records two recommendations to the ministry, which answers the first on time while the
second goes overdue.

The meetings are recorded as held in the past and the letters are dated back, so that the
deadlines (15 working days in the Kazakh calendar) have passed by today: the clock is moved
through the dates people enter, not by patching the server. Elements are found by name, id and
URL, never by English text."""

from __future__ import annotations

import re
import zoneinfo
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from hamkori.demo.data import DEMO_DOMAIN, PASSWORD, PEOPLE
from tests.e2e.test_journeys import sign_in, sign_out

pytestmark = pytest.mark.browser

OFFICIAL = f"official.kz@{DEMO_DOMAIN}"  # ministry official, head of the working group
CHAIR = f"cso.kz@{DEMO_DOMAIN}"  # a CSO leader, elected chair
SAME_ORGANISATION = f"member@{DEMO_DOMAIN}"  # a second candidate from the chair's CSO
CODE = "kz-mci-e2e"
NAMES = {person.email: person.full_name for person in PEOPLE}


def _today():
    return datetime.now(zoneinfo.ZoneInfo("Asia/Almaty")).date()


def _days_ago(days: int) -> str:
    return (_today() - timedelta(days=days)).isoformat()


def _no_errors(page) -> None:
    expect(page.locator("main .form-errors, main .errorlist")).to_have_count(0)


def _transition(page, action: str) -> None:
    page.locator(f"main form[action$='/{action}/'] button").click()
    _no_errors(page)


def _form_of(page, field: str):
    return page.locator(f"main form:has([name='{field}'])")


def _form_competition(page, demo) -> None:
    sign_in(page, demo, OFFICIAL, PASSWORD)
    page.goto(f"{demo.url}/councils/manage/")
    page.locator("main a[href*='/councils/competitions/']").first.click()
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
        page.locator("main form:has([name=decision]) button[type=submit]").click()
        _no_errors(page)
    page.goto(competition_url)
    _transition(page, "state/decide")
    page.locator("main a[href$='/publish/']").click()
    page.fill("input[name=code]", CODE)
    page.fill("input[name=term_start]", _days_ago(60))
    page.fill("input[name=term_end]", (_today() + timedelta(days=3 * 365)).isoformat())
    page.locator("main form:has([name=code]) button[type=submit]").click()
    _no_errors(page)


def _plan_and_hold(page, demo, days_ago: int, *, first: bool) -> str:
    page.goto(f"{demo.url}/meetings/council/{CODE}/new/")
    page.fill("input[name=title_ru]", "Первое заседание" if first else "Заседание совета")
    page.fill("input[name=day]", _days_ago(days_ago))
    page.fill("input[name=starts]", "10:00")
    page.fill("input[name=ends]", "12:30")
    if first:
        page.check("input[name=is_first]")
    _form_of(page, "day").locator("button[type=submit]").click()
    _no_errors(page)
    expect(page).to_have_url(re.compile(r"/meetings/\d+/$"))
    meeting_url = page.url
    page.locator("main a[href$='/items/new/']").click()
    page.fill("input[name=title_ru]", "Выборы председателя" if first else "Проект программы")
    _form_of(page, "title_ru").locator("button[type=submit]").click()
    _no_errors(page)
    page.goto(meeting_url)
    _transition(page, "do/publish")
    _transition(page, "do/hold")
    page.locator("main a[href$='/attendance/']").click()
    for box in page.locator("input[name=present]").all():
        box.check()
    _form_of(page, "present").locator("button[type=submit]").click()
    _no_errors(page)
    return meeting_url


def _vote(page, demo, meeting_url: str, *, elect: str = "") -> None:
    page.goto(meeting_url)
    page.locator("main a[href$='/vote/']").first.click()
    page.fill("textarea[name=question]", "Избрание председателя" if elect else "Одобрить проект")
    if elect:
        page.select_option("select[name=kind]", "election")
        page.select_option("select[name=position]", "chair")
        page.select_option("select[name=candidate]", label=elect)
    for radio in page.locator("input[type=radio][name^=member_][value=for]").all():
        radio.check()
    _form_of(page, "question").locator("button[type=submit]").click()
    _no_errors(page)


def _approve_as_chair(page, meeting_url: str) -> None:
    """The elected chair (who does not manage the council) approves the minutes on the page."""
    page.goto(meeting_url)
    page.locator("main form[action$='/do/approve_minutes/'] button").click()
    _no_errors(page)


def _recommend(page, demo, meeting_url: str, title: str) -> str:
    meeting_id = re.search(r"/meetings/(\d+)/", meeting_url)[1]
    page.goto(f"{demo.url}/recommendations/council/{CODE}/new/")
    page.select_option("select[name=meeting]", meeting_id)
    page.fill("input[name=title_ru]", title)
    page.fill("textarea[name=text_ru]", "Вынести проект на публичное обсуждение.")
    _form_of(page, "meeting").locator("button[type=submit]").click()
    _no_errors(page)
    expect(page).to_have_url(re.compile(r"/recommendations/\d+/$"))
    url = page.url
    page.fill("input[name=send-sent_on]", _days_ago(44))
    page.locator("#form-send button[type=submit]").click()
    _no_errors(page)
    return url


def test_a_council_from_its_competition_to_the_answers(page, demo):
    _form_competition(page, demo)
    first = _plan_and_hold(page, demo, 50, first=True)
    _vote(page, demo, first, elect=NAMES[CHAIR])
    second = _plan_and_hold(page, demo, 45, first=False)
    _vote(page, demo, second)
    # Both votes went through: a vote without quorum is refused, and the report counts both
    # meetings with a quorum (below).
    page.goto(second)
    page.locator("main a[href$='/minutes/edit/']").click()
    page.fill("textarea[name=note]", "Заседание открыл председатель.")
    for text in page.locator("textarea[name^=item_]").all():
        text.fill("Проект одобрен.")
    _form_of(page, "note").locator("button[type=submit]").click()
    _no_errors(page)
    page.goto(second)
    _transition(page, "do/draft_minutes")
    sign_out(page)

    # The elected chair (a CSO leader, not a civil servant) approves the minutes.
    sign_in(page, demo, CHAIR, PASSWORD)
    page.goto(second)
    _approve_as_chair(page, second)
    expect(page.locator("main a[href$='/minutes.pdf?language=ru']")).to_be_visible()
    sign_out(page)

    # The ministry records two recommendations adopted at the meeting and answers one in time.
    sign_in(page, demo, OFFICIAL, PASSWORD)
    answered = _recommend(page, demo, second, "Публиковать проекты бюджетных программ")
    page.select_option("select[name=answer-answer]", "accepted")
    page.fill("input[name=answer-answered_on]", _days_ago(40))
    page.locator("#form-answer button[type=submit]").click()
    _no_errors(page)
    expect(page.locator("[data-answer=accepted]")).to_be_visible()
    expect(page.locator("[data-flag=on-time]")).to_be_visible()
    overdue = _recommend(page, demo, second, "Отчитаться о государственном заказе")
    expect(page.locator("[data-flag=overdue]")).to_be_visible()
    sign_out(page)

    # The public sees both on the council's list, the overdue one under its filter, and the
    # counters of the ministry.
    page.goto(f"{demo.url}/recommendations/council/{CODE}/?state=overdue")
    overdue_id = re.search(r"/recommendations/(\d+)/", overdue)[1]
    answered_id = re.search(r"/recommendations/(\d+)/", answered)[1]
    expect(page.locator(f"#recommendation-{overdue_id}")).to_be_visible()
    expect(page.locator(f"#recommendation-{answered_id}")).to_have_count(0)
    expect(page.locator("[data-counter=answered_on_time]")).to_have_text("1")
    expect(page.locator("[data-counter=overdue]")).to_have_text("1")
    page.goto(f"{demo.url}/recommendations/council/{CODE}/report/{_today().year}/")
    expect(page.locator("[data-count=adopted]")).to_have_text("2")
    expect(page.locator("[data-count=quorum]")).to_have_text("2")
