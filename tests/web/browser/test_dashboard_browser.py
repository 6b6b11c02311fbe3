"""The dashboard of the bakery example (the demo data) in a browser at laptop (1280×800) and
phone (390 px) sizes: the top cards first, each with its KPI chart; before "show all" the
page is at most two laptop screens tall; nothing overflows sideways on a phone; filtering
swaps the findings list in place. Screenshots go to docs/screenshots/dashboard-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.browser.test_browser import ARGS, CHROMIUM, SCREENSHOTS

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
BAKERY = EXAMPLES / "crust_and_crumb"
TWO_SCREENS = 1600  # px: two screens of a 1280×800 laptop

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)"
    ),
    pytest.mark.skipif(not BAKERY.is_dir(), reason="needs examples/crust_and_crumb"),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


def _overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def _height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_the_bakery_dashboard_fits_two_screens_and_a_phone(
    browser, live_server, tmp_path, transactional_db
) -> None:
    from playwright.sync_api import expect

    from coxswain.web.demo import DEMO_PASSWORD, setup_demo

    examples = tmp_path / "examples"
    examples.mkdir()
    (examples / BAKERY.name).symlink_to(BAKERY, target_is_directory=True)
    logins = setup_demo(examples=examples)
    manager = next(user for _, role, user in logins if role == "manager")
    url = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", manager)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{url}/dashboard/")

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard-laptop.png"), full_page=True)
    print("dashboard height at 1280 px:", _height(page))
    cards = page.locator("article.story")
    assert 1 <= cards.count() <= 5
    first = cards.first
    # the bakery's central drift, the cheapest flour against craftsmanship, comes first
    assert first.get_attribute("data-story") == "story:cheap_flour"
    assert "cheapest bulk flour" in first.locator("h3").inner_text()
    assert first.locator("svg.chart").count() == 1, "the first card has its KPI chart"
    assert first.locator("figure[data-kpi='review_rating']").count() == 1
    assert first.locator("summary", has_text="Make it an action").count() == 1
    # the cards come before the list of every finding
    assert page.evaluate(
        "document.querySelector('article.story').getBoundingClientRect().top"
        " < document.querySelector('#findings').getBoundingClientRect().top"
    )
    assert page.get_by_label("Analyse as of").count() == 1  # the date box is labelled
    height = _height(page)
    assert height <= TWO_SCREENS, f"the dashboard is {height}px tall at 1280 px"
    assert _overflow(page) <= 1

    # Filtering swaps the list in place (htmx), on the server.
    shown = page.locator("#findings article.finding").count()
    assert shown >= 1
    severity = page.locator("#id_severity option").nth(1).get_attribute("value")
    page.select_option("#id_severity", severity)
    page.locator(f"#findings article.finding.sev-{severity}").first.wait_for()
    assert (
        page.locator("#findings article.finding").count()
        == page.locator(f"#findings article.finding.sev-{severity}").count()
    )
    assert page.url == f"{url}/dashboard/"  # swapped, not navigated
    # "Show all" lists every open finding.
    page.goto(f"{url}/dashboard/")
    more = page.locator(".show-all a[hx-get]")
    if more.count():
        total = int(page.locator("#findings-h .count").inner_text())
        more.click()
        expect(page.locator("#findings article.finding")).to_have_count(total)

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{url}/dashboard/")
    phone.locator("article.story").first.wait_for()
    assert phone.locator("article.story").first.get_attribute("data-story") == "story:cheap_flour"
    assert _overflow(phone) <= 1, f"the dashboard overflows a phone by {_overflow(phone)}px"
    phone.screenshot(path=str(SCREENSHOTS / "dashboard-phone.png"), full_page=True)
    # every finding with its evidence open: a long label left its value no room (a
    # walk-through: the page 565 px wide, a card 7,300 px tall)
    phone.goto(f"{url}/dashboard/?all=1")
    phone.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    assert _overflow(phone) <= 1, f"open evidence overflows a phone by {_overflow(phone)}px"
    narrow = phone.evaluate(
        "[...document.querySelectorAll('dl.evidence > dd')]"
        ".filter((dd) => dd.textContent.trim() && dd.getBoundingClientRect().width < 120).length"
    )
    assert narrow == 0, f"{narrow} evidence values are squeezed under 120 px"


EVERY_EXAMPLE = sorted(
    p.name
    for p in EXAMPLES.iterdir()
    if p.is_dir() and not p.name.startswith("_") and (p / "company.yaml").exists()
)


@pytest.mark.parametrize("example", EVERY_EXAMPLE)
def test_every_example_dashboard_fits_two_screens(
    browser, live_server, tmp_path, transactional_db, example
) -> None:
    """Not only the bakery: each example's dashboard, missing evidence and all, is at most
    two laptop screens tall before "show all", and nothing overflows sideways."""
    from coxswain.web.demo import DEMO_PASSWORD, setup_demo

    examples = tmp_path / "examples"
    examples.mkdir()
    (examples / example).symlink_to(EXAMPLES / example, target_is_directory=True)
    logins = setup_demo(examples=examples)
    manager = next(user for _, role, user in logins if role == "manager")
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", manager)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/dashboard/")
    page.locator("#findings, .index-summary").first.wait_for()
    height = _height(page)
    print(f"{example} dashboard height at 1280 px:", height)
    assert height <= TWO_SCREENS, f"{example}'s dashboard is {height}px tall at 1280 px"
    assert _overflow(page) <= 1
    # missing evidence is folded: a count, the list behind it
    missing = page.locator("details.missing-evidence")
    if missing.count():
        assert missing.get_attribute("open") is None
    page.close()
