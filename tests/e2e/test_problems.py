"""From a reported social problem to results on its timeline, in Chromium against the demo
(issue 7): a CSO member starts to report a problem and sees the similar ones already there,
reports it anyway; two people support it and reach the threshold (lowered for this test by a
dated rule row, as an administrator would add one); the Almaty akimat answers and links the
problem to the lot of its social order whose call, contract, accepted reports and published
evaluation the demo already holds; the public timeline then leads from the report to results.

The state that is not the problem's own (plan, call, decision, contract, reports, evaluation)
comes from the demo, built by the other apps' services; the test reads two row ids from the
demo's database and writes only the rule row, which it removes at the end."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from datetime import date

import pytest
from playwright.sync_api import expect

from hamkori.demo.data import PASSWORD
from tests.e2e.test_journeys import follow, sign_in, sign_out

pytestmark = pytest.mark.browser

REPORTER = "cso.kz@demo.hamkori.org"
SUPPORTERS = ("citizen@demo.hamkori.org", "member@demo.hamkori.org")
OFFICIAL = "akimat@demo.hamkori.org"
TITLE = "Не хватает мест в кризисном центре для женщин Алматы"
DESCRIPTION = (
    "Женщинам, пострадавшим от бытового насилия, негде укрыться с детьми: кризисный центр "
    "переполнен, нужен круглосуточный центр с психологом и юристом."
)


def _database(demo):
    return closing(sqlite3.connect(demo.data_dir / "hamkori.sqlite3", timeout=30))


def _one(demo, sql: str, *params) -> int:
    with _database(demo) as db:
        row = db.execute(sql, params).fetchone()
    assert row is not None, sql
    return row[0]


def _lower_threshold(demo, value: int) -> None:
    with _database(demo) as db, db:
        db.execute(
            "INSERT INTO rules_ruleparameter (jurisdiction_id, key, valid_from, value, unit,"
            " evidence, reference, note, label_kk, label_ru, label_tg, label_en)"
            " VALUES ('KZ', 'problem.support_threshold', ?, ?, 'supports', 'unverified',"
            " 'e2e test', '', '', '', '', '')",
            (date.today().isoformat(), str(value)),
        )


def _restore_threshold(demo) -> None:
    with _database(demo) as db, db:
        db.execute("DELETE FROM rules_ruleparameter WHERE reference = 'e2e test'")


def _no_errors(page) -> None:
    expect(page.locator("main .form-errors[role=alert], main .errorlist")).to_have_count(0)


def _reached(page, stage: str):
    return page.locator(f"#timeline li.reached[data-stage={stage}]")


def test_a_reported_problem_is_traced_to_results_on_its_timeline(page, demo):
    body = _one(
        demo,
        "SELECT m.organisation_id FROM accounts_membership m"
        " JOIN accounts_user u ON u.id = m.user_id WHERE u.email = ?",
        OFFICIAL,
    )
    lot = _one(
        demo,
        "SELECT l.id FROM calls_lot l JOIN calls_call c ON c.id = l.call_id"
        " WHERE c.reference LIKE 'KZ-SA-%' AND l.number = 1",
    )
    _lower_threshold(demo, 2)
    try:
        # while the CSO member types, the problems like it appear
        sign_in(page, demo, REPORTER, PASSWORD)
        page.goto(f"{demo.url}/problems/report/")
        page.select_option("#id_jurisdiction", "KZ")
        page.locator("#id_title").press_sequentially(TITLE, delay=5)
        page.locator("#id_description").press_sequentially(DESCRIPTION[:80], delay=5)
        similar = page.locator("#similar a[href*='/problems/P-KZ-']")
        expect(similar.first).to_be_visible()
        assert similar.count() <= 10

        # reported anyway, with the akimat as the responsible body
        page.locator("#id_description").fill(DESCRIPTION)
        page.select_option("#id_language", "ru")
        page.check("#regions-field input[name=regions][value=KZ-75]")
        page.select_option("#id_target_group", "violence")
        page.fill("#id_people_affected", "300")
        page.select_option("#id_responsible_body", str(body))
        follow(page, "main form[enctype] button[type=submit]")
        _no_errors(page)
        expect(page).to_have_url(re.compile(r"/problems/P-KZ-\d{4}-\d{5,}/$"))
        problem_url = page.url
        expect(_reached(page, "reported")).to_have_count(1)
        expect(page.locator("#timeline li.pending")).to_have_count(5)
        sign_out(page)

        # two people support it: the (lowered) threshold is reached
        for supporter in SUPPORTERS:
            sign_in(page, demo, supporter, PASSWORD)
            page.goto(problem_url)
            page.locator("#support form button[type=submit]").click()
            expect(page.locator("#support input[name=withdraw]")).to_have_count(1)
            # keyboard focus stays on the (new) button after the htmx swap
            expect(page.locator("#support button[type=submit]")).to_be_focused()
            sign_out(page)
        page.goto(problem_url)
        expect(_reached(page, "supported")).to_have_count(2)  # first support, threshold

        # the responsible body answers, then links the lot of its social order
        sign_in(page, demo, OFFICIAL, PASSWORD)
        page.goto(problem_url)
        answer = page.locator("main form[action*='/answer/']")
        answer.locator("textarea[name=text]").fill(
            "Кризисный центр на 30 мест включён в социальный заказ города, лот 1."
        )
        follow(page, answer.locator("button[type=submit]"))
        _no_errors(page)
        expect(_reached(page, "answered")).to_have_count(1)

        # the prioritisation view and the lots page fit a narrow phone (tables scroll)
        page.set_viewport_size({"width": 375, "height": 800})
        for narrow in ("/problems/priority/", "/problems/priority/?older_than_days=99999999"):
            page.goto(f"{demo.url}{narrow}")
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.goto(f"{problem_url}lots/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.set_viewport_size({"width": 1280, "height": 800})

        follow(page, f"#lot-choices tr[data-lot='{lot}'] button[type=submit]")
        _no_errors(page)
        expect(page.locator(f"#linked-lots li[data-lot='{lot}']")).to_have_count(1)
        sign_out(page)

        # anyone follows it from the report to the published evaluation
        page.goto(problem_url)
        expect(page.locator("#timeline li.pending")).to_have_count(0)
        for stage in ("in_plan", "funded", "results"):
            expect(_reached(page, stage).first).to_be_visible()
        expect(
            _reached(page, "funded").locator("a[href*='/decisions/results/']").first
        ).to_be_visible()
        evaluation = _reached(page, "results").locator("a[href*='/monitoring/evaluations/']")
        expect(evaluation).to_have_count(1)
        follow(page, evaluation)
        expect(page).to_have_url(re.compile(r"/monitoring/evaluations/\d+/$"))
        expect(page.locator("main h1")).to_be_visible()
    finally:
        _restore_threshold(demo)
