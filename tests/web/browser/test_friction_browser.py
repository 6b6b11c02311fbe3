"""Browser checks of the friction fixes: pages that must fit a phone (390 px)."""

from __future__ import annotations

import os

import pytest

from tests.web.browser.test_browser import ARGS, CHROMIUM
from tests.web.browser.test_collab_browser import BROKEN_WORDS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)"
    ),
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _overflow(page) -> int:
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


def test_team_page_fits_a_phone(transactional_db, live_server, make_tenant) -> None:
    """The Team page (members table, invitation form and the link it made) at 390 px: no
    sideways scrolling of the page."""
    from playwright.sync_api import sync_playwright

    from tests.web.conftest import PASSWORD

    tenant = make_tenant()
    for membership, name in ((tenant.manager, "m"), (tenant.employee, "e")):
        # usernames are often e-mail addresses: long words that do not break by themselves
        membership.user.username = f"{name}.somebody-with-a-long-name@crustandcrumb.example"
        membership.user.save()
    url = live_server.url
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 800})
            page.goto(f"{url}/accounts/login/")
            page.fill("#id_username", tenant.owner.user.get_username())
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(lambda u: "/login/" not in u)
            page.goto(f"{url}/accounts/team/")
            assert _overflow(page) <= 1, f"the Team page overflows by {_overflow(page)}px"
            # the long usernames may break anywhere; the roles beside them stay whole (a
            # walk-through saw "Employ|ee" and "Manage|r")
            roles = page.evaluate(
                BROKEN_WORDS.replace("'main th, main td'", "'table.members td:not(:first-child)'")
            )
            assert roles == [], roles
            page.fill("#id_email", "new.starter.with.a.long.address@example.com")
            page.click("form button[type=submit]")
            page.locator("input.copy").wait_for()
            assert _overflow(page) <= 1, f"with a link, it overflows by {_overflow(page)}px"
        finally:
            browser.close()


def test_the_html_report_on_a_phone_shows_each_component_name_whole() -> None:
    """At 390 px the report's component bars covered their names ("Goals and plan…",
    "Money and tim…"): a name wraps in its column instead of running under the bar."""
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    from coxswain.analysis.runner import analyze
    from coxswain.report.html import render_html
    from coxswain.workbook import read_workbook

    bakery = Path(__file__).resolve().parents[3] / "examples" / "crust_and_crumb"
    if not bakery.is_dir():
        pytest.skip("needs examples/crust_and_crumb")
    html = render_html(analyze(read_workbook(bakery)))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 800})
            page.set_content(html)
            covered = page.evaluate(
                """[...document.querySelectorAll('table.components td.name')]
                .filter((td) => td.scrollWidth > td.clientWidth + 1)
                .map((td) => td.textContent.trim())"""
            )
            assert covered == [], covered
            assert _overflow(page) <= 1
        finally:
            browser.close()


def test_date_boxes_show_the_whole_date(transactional_db, live_server, make_tenant) -> None:
    """The warnings page's "From" box was squeezed to "mm/d" at 1280 px (a walk-through):
    every date box of the dashboard and the warnings page is wide enough for its date, on a
    laptop and a phone, and the page does not scroll sideways."""
    from playwright.sync_api import sync_playwright

    from tests.web.conftest import PASSWORD

    tenant = make_tenant()
    url = live_server.url
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            for width in (1280, 390):
                page = browser.new_page(viewport={"width": width, "height": 800})
                page.goto(f"{url}/accounts/login/")
                page.fill("#id_username", tenant.owner.user.get_username())
                page.fill("#id_password", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_url(lambda u: "/login/" not in u)
                for path in ("/warnings/", "/dashboard/"):
                    page.goto(f"{url}{path}")
                    widths = page.evaluate(
                        "[...document.querySelectorAll('.analyse-row input[type=date]')]"
                        ".map((i) => i.getBoundingClientRect().width)"
                    )
                    assert widths and min(widths) >= 150, (path, width, widths)
                    assert _overflow(page) <= 1, (path, width)
                page.close()
        finally:
            browser.close()
