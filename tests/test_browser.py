"""End to end in a real browser: search the directory, open a detail page, screenshot it."""

import shutil

import pytest

from licensing.choices import Service
from tests.conftest import require
from tests.factories import InstitutionFactory, LicenceFactory, authority, region

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def clinic():
    # Created before Playwright starts: its sync API runs the test inside a greenlet
    # with a context of its own, where the ORM would open a connection nobody closes.
    institution = InstitutionFactory(name="示例南宁市妇幼保健院", region=region("450103"))
    LicenceFactory(institution=institution, service=Service.PRENATAL_SCREENING,
                   authority=authority("450103"), licence_no="PS450103-2024-000777")
    InstitutionFactory(name="示例南宁市人民医院", region=region("450103"))
    return institution


@pytest.fixture
def browser(clinic):
    require(shutil.which(CHROMIUM), f"{CHROMIUM} is not installed (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


def test_citizen_searches_and_opens_an_institution(live_server, clinic, browser, tmp_path):
    page = browser.new_page(locale="zh-CN")
    page.goto(live_server.url + "/")
    page.fill("input[name=q]", "妇幼")
    page.click("button[type=submit]")
    page.wait_for_url("**/institutions/?q=*")
    assert page.locator("table tbody tr").count() == 1
    page.click("text=示例南宁市妇幼保健院")
    page.wait_for_url(f"**/institutions/{clinic.pk}/")
    assert page.locator("h1").inner_text() == "示例南宁市妇幼保健院"
    assert "PS450103-2024-000777" in page.content()
    shot = tmp_path / "institution.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
