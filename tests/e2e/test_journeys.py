"""Journeys of real people through the demo, in Chromium, against the production server."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.browser

PASSWORD_FIELD = "input[name=password]"


def follow(page: Page, target: str | Locator) -> None:
    """Click a link or a form's button and wait until the page it leads to has loaded. A click
    does not wait for the navigation it starts: on a busy machine the next step would otherwise
    read or click the page being left, or start a navigation that cancels the form's post."""
    with page.expect_navigation():
        (page.locator(target) if isinstance(target, str) else target).click()


def sign_in(page: Page, demo, email: str, password: str) -> None:
    page.goto(f"{demo.url}/accounts/login/")
    page.fill("input[name=email]", email)
    page.fill(PASSWORD_FIELD, password)
    follow(page, "main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/accounts/me/$"))


def sign_out(page: Page) -> None:
    follow(page, "header form[action$='/accounts/logout/'] button")
    expect(page.locator("header a[href$='/accounts/login/']")).to_be_visible()


def test_demo_prints_a_sign_in_for_every_role(demo):
    roles = " | ".join(demo.sign_ins)
    for expected in (
        "administrator",
        "Auditor",
        "Expert",
        "Official",
        "CSO administrator",
        "CSO member",
        "Citizen",
    ):
        assert expected in roles, roles


def test_home_speaks_russian_by_default_and_switches_to_kazakh_and_tajik(page, demo):
    page.goto(demo.url)
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    # every language is named in itself, whatever the page's language
    expect(page.locator("#language-select option")).to_have_text(
        ["Қазақша", "Русский", "Тоҷикӣ", "English"]
    )
    expect(page.locator("header nav")).to_contain_text("Организации")
    # the stylesheet is served by WhiteNoise under its hashed name
    css = page.locator("link[rel=stylesheet]").get_attribute("href")
    assert re.search(r"hamkori\.[0-9a-f]{12}\.css$", css), css
    assert page.request.get(f"{demo.url}{css}").status == 200

    page.select_option("#language-select", "kk")
    follow(page, "form.lang-switch button")
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(page.locator("header nav")).to_contain_text("Ұйымдар")

    page.select_option("#language-select", "tg")
    follow(page, "form.lang-switch button")
    expect(page.locator("html")).to_have_attribute("lang", "tg")
    expect(page.locator("header nav")).to_contain_text("Ташкилотҳо")


def test_every_demo_role_signs_in_and_sees_their_own_account(page, demo):
    assert len(demo.sign_ins) >= 10
    for role, (email, password) in demo.sign_ins.items():
        sign_in(page, demo, email, password)
        expect(page.locator("main"), f"{role}").to_contain_text(email)
        sign_out(page)


def test_wrong_password_gets_a_clear_error_in_russian(page, demo):
    page.goto(f"{demo.url}/accounts/login/")
    page.fill("input[name=email]", "citizen@demo.hamkori.org")
    page.fill(PASSWORD_FIELD, "not-the-password-at-all")
    follow(page, "main form button[type=submit]")
    expect(page.locator("main [role=alert]")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_directory_search_narrows_the_results_without_a_page_reload(page, demo):
    page.goto(f"{demo.url}/organisations/")
    rows = page.locator("#results tbody tr")
    total = rows.count()
    assert total > 5
    page.fill("input[name=q]", "Бірге")
    page.press("input[name=q]", "Enter")
    expect(page).to_have_url(re.compile(r"q=%D0%91"))  # htmx pushed the search into the URL
    expect(rows.first).to_contain_text("Бірге")
    assert rows.count() < total


def test_public_detail_shows_the_profile_but_not_members_contacts(page, demo):
    page.goto(f"{demo.url}/organisations/?q=Бірге")
    follow(page, page.locator("#results tbody tr a").first)
    expect(page.locator("main h1")).to_contain_text("Бірге")
    expect(page.locator("main")).to_contain_text("KZ-BIN-")
    assert "@demo.hamkori.org" not in page.locator("main").inner_text()

    email, password = demo.sign_ins["Official, Ministry of Culture and Information (KZ)"]
    detail = page.url
    sign_in(page, demo, email, password)
    page.goto(detail)
    expect(page.locator("main")).to_contain_text("cso.kz@demo.hamkori.org")


def test_cso_administrator_edits_the_profile_and_the_change_is_audited(page, demo):
    email, password = demo.sign_ins["CSO administrator, Birge (KZ)"]
    sign_in(page, demo, email, password)
    follow(page, page.locator("main table a").first)
    detail = page.url
    follow(page, "text=Редактировать профиль")
    new_name = f"Birge parents' association {uuid.uuid4().hex[:6]}"
    page.fill("input[name=name_en]", new_name)
    follow(page, "main form button[type=submit]")
    expect(page).to_have_url(detail)
    expect(page.locator("main")).to_contain_text("Редактировать профиль")

    # the trail is not the CSO's to read; an auditor sees the change in it
    response = page.goto(f"{detail}audit/")
    assert response.status == 404
    expect(page.locator("main h1")).to_be_visible()  # our own page, with the site's layout
    sign_out_url = page.locator("header a[href$='/accounts/me/']")
    expect(sign_out_url).to_be_visible()
    page.goto(f"{demo.url}/accounts/me/")
    sign_out(page)
    email, password = demo.sign_ins["Auditor / observer"]
    sign_in(page, demo, email, password)
    page.goto(f"{detail}audit/")
    expect(page.locator("main")).to_contain_text(new_name)


def test_newcomer_registers_claims_an_organisation_and_its_administrator_approves(page, demo):
    # the organisation and its identifier, as a newcomer finds them in the directory
    page.goto(f"{demo.url}/organisations/?q=Жасыл Алматы")
    follow(page, page.locator("#results tbody tr a").first)
    identifier = page.locator("main dl").inner_text().split("KZ-BIN-")[1].split()[0]

    email = f"newcomer-{uuid.uuid4().hex[:8]}@example.org"
    page.goto(f"{demo.url}/accounts/register/")
    page.fill("input[name=email]", email)
    page.fill("input[name=full_name]", "Айгерим Нурланова")
    page.select_option("select[name=preferred_language]", "ru")
    page.fill("input[name=password1]", "short")
    page.fill("input[name=password2]", "short")
    follow(page, "main form button[type=submit]")
    expect(page.locator("main")).to_contain_text("Введённый пароль слишком короткий")

    page.fill("input[name=password1]", "steppe-wind-over-ili-2026")
    page.fill("input[name=password2]", "steppe-wind-over-ili-2026")
    follow(page, "main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/accounts/me/$"))

    page.goto(f"{demo.url}/organisations/claim/")
    page.select_option("select[name=jurisdiction]", "KZ")
    page.fill("input[name=identifier]", identifier)
    page.fill("textarea[name=message]", "Я новый координатор волонтёров.")
    follow(page, "main form button[type=submit]")
    page.goto(f"{demo.url}/accounts/me/")
    expect(page.locator("main table")).to_contain_text("ожидает")
    sign_out(page)

    admin_email, admin_password = demo.sign_ins["CSO administrator, Zhasyl Almaty (KZ)"]
    sign_in(page, demo, admin_email, admin_password)
    page.goto(f"{demo.url}/organisations/claims/")
    card = page.locator("main section.card", has_text=email)
    follow(page, card.locator("form:has(input[value=approve]) button"))
    expect(page.locator("main section.card", has_text=email)).to_have_count(0)
    sign_out(page)

    sign_in(page, demo, email, "steppe-wind-over-ili-2026")
    expect(page.locator("main table")).to_contain_text("действующее")


def test_keyboard_user_skips_to_the_main_content(page, demo):
    page.goto(demo.url)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
