"""The start wizard in a browser: sign up → pick a template → mission, values and objectives
(too few objectives refused, then saved) → a first analysis on the sample data; the
wizard's screenshots at laptop and phone widths go to docs/screenshots/."""

from __future__ import annotations

import pytest

from tests.web.browser.test_accessibility import violations
from tests.web.browser.test_browser import CHROMIUM, _shoot, browser  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)"
    ),
]


def test_signup_template_wizard_first_analysis(browser, live_server) -> None:  # noqa: F811
    from playwright.sync_api import expect

    from coxswain.web.accounts.models import Membership
    from coxswain.web.onboarding.selectors import sample_folder
    from coxswain.web.strategy.models import Element

    url = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{url}/accounts/signup/")
    page.fill("#id_username", "walt")
    page.fill("#id_password", "a sturdy passphrase 7")
    page.fill("#id_company", "Walt's Wheels")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/start/")
    _shoot(page, "start")
    page.get_by_label("Trades (plumbing").check()
    page.fill("#id_sells", "bicycle repairs")
    page.fill("#id_employees", "6")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{url}/start/strategy/")
    expect(page.get_by_text("twice as important")).to_be_visible()
    _shoot(page, "wizard")
    assert not violations(page), violations(page)  # WCAG 2.1 AA, as test_accessibility checks
    page.fill("#id_mission", "Every bike in the valley rides safely.")
    page.fill("#id_o-0-name", "Repairs done right the first time")
    page.fill("#id_o-0-weight", "2")
    for row in (2, 3, 4):  # two objectives are too few: refused, nothing stored
        page.fill(f"#id_o-{row}-name", "")
    page.click("form.wizard button[type=submit]")
    expect(page.get_by_role("alert").filter(has_text="3 to 5 objectives")).to_be_visible()
    page.fill("#id_o-2-name", "Customers who come back")
    page.click("form.wizard button[type=submit]")
    page.wait_for_url(f"{url}/start/first/")
    org = Membership.dangerously_unscoped.get(user__username="walt").org
    names = [e.data["name"] for e in Element.objects.for_org(org).filter(kind="objectives")]
    assert "Repairs done right the first time" in names
    _shoot(page, "first-analysis")
    if sample_folder(template="trades") is None:
        pytest.skip("examples/ is absent: no sample data to analyse")
    # the analysis of two years of sample data runs while the request is answered
    page.get_by_role("button", name="Analyse the sample data").click(
        timeout=180_000, no_wait_after=True
    )
    page.wait_for_url(f"{url}/dashboard/", timeout=180_000)
    for _ in range(60):  # the analysis runs in the background task: wait for its result
        page.reload()
        if page.get_by_role("heading", name="Alignment index", exact=True).count():
            break
        page.wait_for_timeout(2000)
    expect(page.get_by_role("heading", name="Alignment index", exact=True)).to_be_visible()
    expect(page.locator("article.finding").first).to_be_visible()
    page.close()
