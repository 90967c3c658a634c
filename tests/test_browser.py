"""End to end in a real browser: every public page type on a phone (390 px) and a desktop
(1366 px) — no sideways scrolling, no serious or critical axe-core violation, readable
type and large tap targets — plus the citizen's search, 大字模式 without JavaScript and
the printed page.

One browser for the module. The register is created once, before Playwright starts
(its sync API leaves an asyncio loop running in this thread, where the ORM refuses to
run), committed for a live server of the module's own, and the database is put back as
it was afterwards (as a serialized-rollback test does). The tests themselves write
nothing; each runs in the usual rolled-back transaction."""

import shutil
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections

from tests.conftest import require
from tests.public_site import CLINIC, build_public_site

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 900}
PAGES = ("home", "search", "directory", "directory_empty", "institution", "decisions",
         "who_approves", "lists", "edition", "applications", "application", "not_found",
         "inspections", "inspection_plan", "inspection_result", "badge")

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The register, committed, and a live server showing it, for the whole module;
    then the database as it was before."""
    from pytest_django.live_server_helper import LiveServer

    connection = connections["default"]
    with django_db_blocker.unblock():
        before = connection.creation.serialize_db_to_string()
        data = build_public_site()
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield {**data, "url": server.url}
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
            cache.clear()  # the cache's table is no model's: flush leaves its answers
            if connection.vendor == "sqlite":
                # flush empties the models' tables, not the FTS5 table beside them, whose
                # rows would then clash with the next index entries' reused ids.
                with connection.cursor() as cursor:
                    cursor.execute("DELETE FROM search_fts")
            connection.creation.deserialize_db_from_string(before)


@pytest.fixture(scope="module")
def browser(site):
    require(shutil.which(CHROMIUM), f"{CHROMIUM} is not installed (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API keeps its event loop running in this thread, so Django takes
    # every later ORM call here for one from async code, and gives it connections of its
    # own. The only such calls are pytest-django's transaction around each test (on this
    # thread, never concurrent with the loop's work); their connections are closed here,
    # before the loop stops, or the test database could not be dropped at the end.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with playwright_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                 args=ARGS)
            yield browser
            browser.close()
            connections.close_all()


def overflow(page):
    return page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )


def serious_violations(page):
    """axe-core's serious and critical findings on the page (skipped locally without it)."""
    require(AXE.exists(), f"{AXE} is missing: run `npm ci` (make test does)")
    # Evaluated as the developer tools would: the page's CSP allows no script of ours.
    page.evaluate(AXE.read_text())
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"] if v["impact"] in ("serious", "critical")
    ]


SMALL_TEXT = """() => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el.getClientRects().length) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 14) small.push([el.tagName, size, node.textContent.trim().slice(0, 20)]);
  }
  return small;
}"""

SMALL_TARGETS = """() => {
  const selectors = 'header a, header summary, nav a, button, select, summary, .back,'
    + ' input:not([type=hidden]), .pagination a, details.facets li a, td.head a';
  return [...document.querySelectorAll(selectors)]
    .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
    .filter(el => !el.classList.contains('skip'))
    .map(el => [el.tagName, el.textContent.trim().slice(0, 12), el.getBoundingClientRect().height])
    .filter(([, , height]) => height < 43.5);
}"""

HIDDEN_COLUMNS = """() => [...document.querySelectorAll('table')].flatMap(table => {
  const head = table.querySelector('thead');
  if (head && getComputedStyle(head).display === 'none') return [['stacked', table.className]];
  return [...table.querySelectorAll('th')]
    .map(th => th.getBoundingClientRect())
    .filter(r => r.width < 1 || r.left < 0 || r.right > window.innerWidth)
    .map(r => ['off-screen', r.left, r.right]);
})"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("key", PAGES)
def test_public_page_fits_and_passes_axe(site, browser, key, viewport, tmp_path):
    page = browser.new_page(viewport=viewport, locale="zh-CN")
    blocked = []  # what the Content-Security-Policy refused (an inline style or script)
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)
    try:
        response = page.goto(site["url"] + site["paths"][key])
        assert response.status == (404 if key == "not_found" else 200)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.screenshot(path=str(tmp_path / f"{key}-{viewport['width']}.png"), full_page=True)
        scroll_width, width = overflow(page)
        assert scroll_width <= width, f"{key} scrolls sideways at {width} px: {scroll_width}"
        assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 16
        assert page.evaluate(SMALL_TEXT) == []
        if viewport is PHONE:
            assert page.evaluate(SMALL_TARGETS) == [], "tap targets under 44 px"
        else:
            assert page.evaluate(HIDDEN_COLUMNS) == [], "a table hides columns on the desktop"
        assert serious_violations(page) == []
        assert blocked == []
    finally:
        page.close()


def test_phone_tables_are_cards_and_search_facets_fold(site, browser):
    page = browser.new_page(viewport=PHONE, locale="zh-CN")
    page.goto(site["url"] + site["paths"]["decisions"])
    assert page.eval_on_selector("table thead", "e => getComputedStyle(e).display") == "none"
    label = page.eval_on_selector(
        "td[data-label='当前状态']", "e => getComputedStyle(e, '::before').content")
    assert label == '"当前状态"'
    page.goto(site["url"] + site["paths"]["search"])
    facets = page.locator("details.facets")
    assert facets.locator("summary").inner_text().startswith("筛选")
    results_box = page.eval_on_selector("ol.results", "e => e.getBoundingClientRect()")
    facets_box = page.eval_on_selector("details.facets", "e => e.getBoundingClientRect()")
    assert facets_box["bottom"] <= results_box["top"]  # above the results
    assert results_box["width"] > 300  # not squeezed beside the facets
    assert not page.locator("details.facets ul").first.is_visible()
    facets.locator("summary").click()
    assert page.locator("details.facets ul").first.is_visible()
    page.close()


def test_citizen_searches_and_opens_an_institution(site, browser, tmp_path):
    page = browser.new_page(viewport=PHONE, locale="zh-CN")
    page.goto(site["url"] + "/")
    page.fill("input[name=q]", "妇幼")
    page.click("main button[type=submit]")
    page.wait_for_url("**/institutions/?q=*")
    assert page.locator("table tbody tr").count() == 1
    row = page.locator("table tbody tr").first.inner_text()
    assert "有效期至2027年1月9日" in row and "暂停执业" in row
    page.click(f"text={CLINIC}")
    page.wait_for_url(f"**/institutions/{site['clinic']}/")
    assert page.locator("h1").inner_text() == CLINIC
    assert "PS450103-2024-000777" in page.content()
    assert page.locator("a.tel[href='tel:12320']").is_visible()
    shot = tmp_path / "institution.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    page.close()


def test_large_text_mode_works_without_javascript(site, browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    directory = site["url"] + "/institutions/?q=%E5%A6%87%E5%B9%BC"
    page.goto(directory)
    assert page.locator("body").get_attribute("class") == ""
    normal = page.locator("main p.lead").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    page.click("a.text-size")
    page.wait_for_url(directory)
    assert page.locator("body").get_attribute("class") == "large-text"
    assert [c["value"] for c in context.cookies() if c["name"] == "large_text"] == ["1"]
    large = page.locator("main p.lead").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert large >= normal * 1.2
    assert page.locator("a.text-size").inner_text() == "退出大字模式"
    page.goto(site["url"] + site["paths"]["decisions"])  # remembered on the next page
    assert page.locator("body").get_attribute("class") == "large-text"
    assert overflow(page)[0] <= PHONE["width"]
    page.click("a.text-size")
    assert page.locator("body").get_attribute("class") == ""
    context.close()


def test_keyboard_focus_is_visible_and_skip_link_leads_to_content(site, browser):
    page = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    page.goto(site["url"] + site["paths"]["lists"])
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
        return [e.textContent, e.getBoundingClientRect().top, s.outlineStyle, s.outlineWidth]; }""")
    assert focused[0] == "跳到主要内容" and focused[1] >= 0
    assert focused[2] == "solid" and float(focused[3].removesuffix("px")) >= 3
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    current = page.locator("nav.wide-nav a[aria-current=page]").inner_text()
    assert current == "辅助生殖机构和精子库名单"
    page.close()


def test_printed_page_has_every_column_its_address_and_date_but_no_menus(site, browser):
    page = browser.new_page(viewport=PHONE, locale="zh-CN")
    url = site["url"] + site["paths"]["decisions"]
    page.goto(url)
    page.emulate_media(media="print")
    for hidden in ("header.site", "form.filters"):
        assert not page.locator(hidden).is_visible(), hidden
    assert page.locator("table thead").is_visible()  # a table again, every column
    assert page.locator("table thead th").count() == 13
    footer = page.locator("footer .print-only")
    assert footer.is_visible()
    assert url in footer.inner_text() and "打印日期" in footer.inner_text()
    page.emulate_media(media="screen")
    assert not footer.is_visible()
    page.close()
