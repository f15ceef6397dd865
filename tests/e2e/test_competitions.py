"""Funding competitions in Chromium against the demo: an official announces a call, a CSO
drafts, autosaves, uploads, submits and gets a receipt, a double submission yields one, an
ineligible organisation is told why, and the funding body sees only counts before the close."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.test_journeys import follow, sign_in, sign_out

pytestmark = pytest.mark.browser

DIGEST = re.compile(r"\b[0-9a-f]{64}\b")
# The smallest well-formed PDF: recognised as a PDF by its content, whatever its name.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_an_official_announces_a_draft_call_and_the_public_sees_it(page, demo):
    email, password = demo.sign_ins["Official, Ministry of Labour and Social Protection (KZ)"]
    sign_in(page, demo, email, password)
    page.goto(f"{demo.url}/calls/mine/")
    follow(page, page.locator("main tr", has_text="KZ-SE-2027").locator("a").first)
    follow(page, "form:has(input[name=action][value=announce]) button")
    expect(page.locator("main .badge").first).to_have_text(re.compile("объявлен", re.I))
    sign_out(page)

    page.goto(f"{demo.url}/calls/")
    expect(page.locator("main")).to_contain_text("KZ-SE-2027")


def test_a_cso_drafts_autosaves_uploads_submits_and_gets_one_receipt(page, demo, tmp_path):
    email, password = demo.sign_ins["CSO administrator, Birge (KZ)"]
    sign_in(page, demo, email, password)
    page.goto(f"{demo.url}/applications/mine/")
    # the draft in the open short-term grant call
    follow(page, page.locator("main tr", has_text="KZ-GS-2027").locator("a[href$='/edit/']").first)

    # autosave: typing in the title saves the draft without pressing anything
    title = page.locator("input[name=title]")
    title.fill("Клуб «Вместе»: инклюзивные занятия")
    title.press_sequentially(" для детей")  # typing, as a person does
    expect(page.locator("#autosave-status")).to_contain_text(
        re.compile(r"\d{1,2}:\d{2}"), timeout=15_000
    )

    # every required document gets a file, recognised as PDF by its content
    pdf = tmp_path / "letter.docx"  # the name lies; the content decides
    pdf.write_bytes(PDF)
    required = page.locator("#attachments .document:has(.badge.warn)")
    ids = [required.nth(i).get_attribute("id") for i in range(required.count())]
    assert ids
    for document_id in ids:
        document = page.locator(f"#{document_id}")
        document.locator("input[type=file]").set_input_files(str(pdf))
        document.locator("form.upload button").click()
        expect(page.locator(f"#{document_id}")).to_contain_text("letter.docx")

    page.goto(page.url.replace("/edit/", "/submit/"))
    submit = page.locator("main form[action$='/submit/'] button")
    expect(submit).to_be_visible()
    # a double click sends the form twice with the same idempotency key: one submission
    submit.dblclick()
    expect(page).to_have_url(re.compile(r"/receipt/1/$"))
    page.wait_for_load_state()
    digest = DIGEST.search(page.locator("main").inner_text()).group(0)
    second = page.request.get(page.url.replace("/receipt/1/", "/receipt/2/"))
    assert second.status == 404

    pdf_link = page.locator("a[href$='/pdf/']")
    response = page.request.get(demo.url + pdf_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert digest in text.replace("\n", "").replace(" ", "")


def test_an_organisation_with_a_late_report_is_told_why_on_its_receipt(page, demo):
    email, password = demo.sign_ins["CSO administrator, Zhasyl Almaty (KZ)"]
    sign_in(page, demo, email, password)
    page.goto(f"{demo.url}/applications/mine/")
    follow(page, page.locator("main a[href*='/receipt/']").first)
    text = page.locator("main").inner_text()
    assert DIGEST.search(text)
    assert "срок" in text.lower() or "мерзім" in text.lower()  # the late-report reason


def test_before_the_close_the_funding_body_sees_counts_not_contents(page, demo):
    email, password = demo.sign_ins["Official, grant operator (KZ)"]
    sign_in(page, demo, email, password)
    page.goto(f"{demo.url}/calls/mine/")
    follow(page, page.locator("main tr", has_text="KZ-GS-2027").locator("a").first)
    follow(page, "main a[href*='/applications/call/']")
    text = page.locator("main").inner_text()
    assert "Клуб" not in text and "Birge" not in text and "Бірге" not in text
    expect(page.locator("main table")).to_be_visible()  # the counts per lot
