"""From the decision to an evaluated result, in Chromium against the demo (issue 5): the Almaty
akimat prepares the contract of its social order's second lot, a second official approves it,
both parties sign, the advance is paid by two people, the interim report is returned and then
accepted, the next tranche is paid, the final report is accepted and paid, the expert council's
evaluation is published and the contract completed."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from hamkori.demo.data import PASSWORD
from tests.e2e.test_journeys import follow, sign_in, sign_out

pytestmark = pytest.mark.browser

OFFICIAL = "akimat@demo.hamkori.org"
SECOND = "akimat2@demo.hamkori.org"
CONTRACTOR = "contact@sakhna.example.kz"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _as(page, demo, email):
    sign_in(page, demo, email, PASSWORD)


def _post(page, action: str) -> None:
    follow(page, page.locator(f"main form:has(input[name=action][value={action}]) button").first)


def _no_errors(page) -> None:
    expect(page.locator("main .form-errors, main .errorlist")).to_have_count(0)


def _pay_the_due_tranche(page, demo, contract_url: str) -> None:
    _as(page, demo, OFFICIAL)
    page.goto(contract_url)
    _post(page, "order")
    _no_errors(page)
    sign_out(page)
    _as(page, demo, SECOND)
    page.goto(contract_url)
    _post(page, "order_approve")
    _no_errors(page)
    sign_out(page)
    _as(page, demo, OFFICIAL)
    page.goto(contract_url)
    follow(page, page.locator("main a[href*='/contracts/order/']").first)
    paid_on = page.locator("input[name=paid_on]")
    paid_on.fill(paid_on.input_value() or date.today().isoformat())
    page.fill("input[name=reference]", "PP-0042")
    follow(page, "main form button[type=submit]")
    _no_errors(page)
    sign_out(page)


def _write_and_submit_the_report(page, demo, report_url: str, tmp_path) -> None:
    _as(page, demo, CONTRACTOR)
    page.goto(report_url)
    form = page.locator("#report-form")
    form.locator("textarea[name=narrative]").fill(
        "Проведены занятия театральной студии во дворах Алмалинского района."
    )
    for field in form.locator("input[name^=actual_]").all():
        field.fill("12")
    for field in form.locator("input[name^=icomment_]").all():
        field.fill("По плану.")
    spent = form.locator("input[name^=spent_]")
    for index in range(spent.count()):
        spent.nth(index).fill("150000" if index == 0 else "0")
    form.locator("input[name^=people_]").first.fill("25")
    follow(page, form.locator("button[value=save]"))
    _no_errors(page)
    receipt = tmp_path / "receipt.pdf"
    receipt.write_bytes(PDF + report_url.encode())
    upload = page.locator("main form:has(input[name=action][value=file_add])")
    upload.locator("input[type=file]").set_input_files(str(receipt))
    upload.locator("select").select_option(index=1)
    follow(page, upload.locator("button[type=submit]"))
    _no_errors(page)
    follow(page, "#report-form button[value=submit]")
    _no_errors(page)
    sign_out(page)


def _review(page, demo, report_url: str, accept: bool) -> None:
    _as(page, demo, OFFICIAL)
    page.goto(report_url)
    review = page.locator("main form:has(input[name=action][value=review])")
    review.locator(f"input[name=decision][value={'accept' if accept else 'return'}]").check()
    if not accept:
        review.locator("textarea[name=comment]").fill("Приложите список участников занятий.")
    follow(page, review.locator("button[type=submit]"))
    _no_errors(page)
    sign_out(page)


def test_from_the_decision_to_an_evaluated_completed_contract(page, demo, tmp_path):
    # the official prepares the contract of the award still waiting for one
    _as(page, demo, OFFICIAL)
    page.goto(f"{demo.url}/contracts/")
    follow(page, page.locator("main a[href*='/contracts/application/']").first)
    follow(page, "main form button[type=submit]")
    _no_errors(page)
    contract_url = page.url
    assert re.search(r"/contracts/\d+/$", contract_url)

    # an advance, a tranche after the interim report and one after the final report
    follow(page, "main a[href$='/tranches/']")
    for index, (share, condition) in enumerate(
        (("40", "signature"), ("30", "interim_report_accepted"), ("30", "final_report_accepted"))
    ):
        page.fill(f"input[name=share_{index}]", share)
        page.select_option(f"select[name=condition_{index}]", condition)
    follow(page, "main form button[type=submit]")
    _no_errors(page)
    sign_out(page)

    # above the threshold a second official approves; the preparer cannot
    _as(page, demo, SECOND)
    page.goto(contract_url)
    _post(page, "approve")
    _no_errors(page)
    sign_out(page)

    # sent for signature (the amount is committed), signed by both parties
    _as(page, demo, OFFICIAL)
    page.goto(contract_url)
    _post(page, "send")
    _no_errors(page)
    sign_out(page)
    for email in (CONTRACTOR, OFFICIAL):
        _as(page, demo, email)
        page.goto(contract_url)
        sign = page.locator("main form:has(input[name=action][value=sign])")
        sign.locator("input[type=checkbox]").check()
        follow(page, sign.locator("button[type=submit]"))
        _no_errors(page)
        if email == OFFICIAL:
            pdf = page.request.get(contract_url + "document.pdf?language=kk")
            assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
        sign_out(page)

    # the advance is paid by two people
    _pay_the_due_tranche(page, demo, contract_url)

    # the interim report: returned once, then accepted, which makes the next tranche due
    _as(page, demo, CONTRACTOR)
    page.goto(contract_url)
    follow(page, "main a[href*='/monitoring/contract/']")
    reports = page.locator("main a[href*='/monitoring/report/']")
    interim_url, final_url = (demo.url + reports.nth(i).get_attribute("href") for i in (0, 1))
    sign_out(page)
    _write_and_submit_the_report(page, demo, interim_url, tmp_path)
    _review(page, demo, interim_url, accept=False)
    _as(page, demo, CONTRACTOR)
    page.goto(interim_url)
    expect(page.locator("main")).to_contain_text("Приложите список участников занятий.")
    follow(page, "#report-form button[value=submit]")
    _no_errors(page)
    sign_out(page)
    _review(page, demo, interim_url, accept=True)
    _pay_the_due_tranche(page, demo, contract_url)

    # the final report, accepted; the last tranche paid
    _write_and_submit_the_report(page, demo, final_url, tmp_path)
    _review(page, demo, final_url, accept=True)
    _pay_the_due_tranche(page, demo, contract_url)

    # the expert council's evaluation, published; the contract completed
    _as(page, demo, OFFICIAL)
    page.goto(contract_url)
    follow(page, "main a[href*='/monitoring/contract/']")
    follow(page, "main a[href$='/evaluation/']")
    page.fill("input[name=evaluated_on]", (date.today() - timedelta(days=1)).isoformat())
    page.fill("textarea[name=evaluators]", "Экспертный совет при акимате")
    for criterion in range(1, 6):
        page.select_option(f"select[name=points_{criterion}]", "4")
        page.check(f"input[name=conclusion_{criterion}][value=positive]")
    follow(page, "main form button[value=save]")
    _no_errors(page)
    follow(page, "main form button[value=publish]")
    _no_errors(page)
    page.goto(contract_url)
    _post(page, "complete")
    _no_errors(page)
    # "completed", in the official's Kazakh
    expect(page.locator("main .badge").first).to_have_text(re.compile("орындалған|completed"))
    expect(page.locator("main form:has(input[name=action][value=complete])")).to_have_count(0)
    sign_out(page)

    # the public reads the evaluation: 20 of 25
    _as(page, demo, CONTRACTOR)
    page.goto(contract_url)
    evaluation = page.locator("main a[href*='/monitoring/evaluations/']")
    href = evaluation.get_attribute("href")
    sign_out(page)
    page.goto(demo.url + href)
    expect(page.locator("main")).to_contain_text("20")
