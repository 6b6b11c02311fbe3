"""Browser tests: Playwright driving Debian's chromium against a live server.

Sign up, import a workbook, see the dashboard with findings, edit an objective, an employee's
check-in, and another organisation's URL giving a 404; screenshots of the main pages at laptop
(1280 px) and phone (390 px) widths go to docs/screenshots/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)"
    ),
]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
# itself (setting up data) are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import expect, sync_playwright

    # CI runs two test workers on two cores: give the live server time to answer.
    expect.set_options(timeout=30_000)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def with_findings(monkeypatch):
    """The real analyses; where the runner has none yet, one stand-in finding so that the
    dashboard has something to show."""
    from coxswain.analysis import runner
    from coxswain.analysis.base import Finding, Section, Severity

    if not runner.ANALYSES:

        def stand_in(workbook, context):
            return Section(
                name="kpi_status",
                component="kpis",
                score=58.0,
                findings=[
                    Finding(
                        kind="kpi_off_track",
                        severity=Severity.high,
                        subjects=("review_rating", "bread_quality"),
                        title="Average review rating fell below its warning level",
                        evidence={"latest": 4.2, "warning": 4.3, "target": 4.6},
                        recommendation="Taste-test the loaves with the bakers.",
                    )
                ],
            )

        monkeypatch.setattr(runner, "ANALYSES", [("kpi_status", stand_in)])


def _shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, label in ((1280, "laptop"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{name} overflows horizontally by {overflow}px at {width}px"
    page.set_viewport_size({"width": 1280, "height": 900})


EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "crust_and_crumb"


def _workbook_zip(make_zip, path: Path) -> None:
    """The example bakery (examples/crust_and_crumb) as a zip, or the small test workbook
    where the examples are absent."""
    import zipfile

    if not (EXAMPLE / "company.yaml").is_file():
        path.write_bytes(make_zip())
        return
    with zipfile.ZipFile(path, "w") as zf:
        for file in sorted(EXAMPLE.iterdir()):
            if file.suffix in (".yaml", ".csv"):
                zf.write(file, f"crust_and_crumb/{file.name}")


def test_the_main_journey(
    browser, live_server, make_zip, tmp_path, with_findings, make_tenant
) -> None:
    from django.contrib.auth import get_user_model
    from playwright.sync_api import expect

    from coxswain.web.accounts.models import Membership, Role
    from coxswain.web.demo import _person_with_goals
    from coxswain.web.strategy.models import Element
    from coxswain.web.workbook_io import load_workbook

    url = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    # Sign up.
    page.goto(f"{url}/accounts/signup/")
    page.fill("#id_username", "olivia")
    page.fill("#id_password", "a sturdy passphrase 7")
    page.fill("#id_company", "Crust & Crumb")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/start/")  # sign-up lands on the start wizard
    page.goto(f"{url}/data/")
    # Import a workbook.
    zip_path = tmp_path / "bakery.zip"
    _workbook_zip(make_zip, zip_path)
    page.set_input_files("#id_workbook", str(zip_path))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_url(f"{url}/dashboard/", timeout=120_000)
    page.reload()
    expect(page.get_by_role("heading", name="Alignment index", exact=True)).to_be_visible()
    expect(page.locator("article.finding").first).to_be_visible()
    # the dashboard's screenshots and sizes: test_dashboard_browser.py (the bakery's demo data)
    # Dismiss a finding in place (htmx, with the CSRF token from the body's hx-headers).
    first = page.locator("article.finding").first
    first.locator("summary", has_text="Dismiss").click()
    first.locator("input[name=reason]").fill("We know: new oven")
    first.locator("button", has_text="Dismiss").click()
    page.locator(".finding.dismissed", has_text="We know: new oven").wait_for()
    assert page.url == f"{url}/dashboard/"
    assert not [m for m in console if "Content Security Policy" in m], console
    # Edit an objective: an error at the field, then a good change.
    org = Membership.dangerously_unscoped.get(user__username="olivia").org
    objective = Element.objects.for_org(org).filter(kind="objectives").order_by("position").first()
    page.goto(f"{url}/strategy/objectives/{objective.slug}/")
    _shoot(page, "editor")
    page.fill("#id_name", "The best bread in town")
    page.fill("#id_weight", "-1")
    page.click("form.editor button[type=submit]")
    # The click returns before the server answers: wait for the re-rendered form.
    expect(page.locator(".has-error #id_weight")).to_have_count(1)
    page.fill("#id_weight", "0.4")
    page.click("form.editor button[type=submit]")
    page.wait_for_url(f"{url}/strategy/")
    expect(page.get_by_role("link", name="The best bread in town")).to_be_visible()
    _shoot(page, "strategy")
    goal = Element.objects.for_org(org).filter(kind="goals").order_by("position").first()
    for path, name in (
        ("/strategy/map/", "map"),
        ("/strategy/cascade/", "cascade"),
        ("/data/", "data"),
        (f"/strategy/goals/{goal.slug}/", "goal-editor"),
    ):
        page.goto(f"{url}{path}")
        _shoot(page, name)
    # Another organisation's object is a 404.
    other = make_tenant(name="Other")
    Element.objects.create(
        org=other.org, kind="values", slug="secret_value", data={"id": "secret_value", "name": "S"}
    )
    response = page.goto(f"{url}/strategy/values/secret_value/")
    assert response is not None and response.status == 404
    # An employee's check-in, by keyboard.
    person = _person_with_goals(load_workbook(org), org)
    assert person is not None
    staff_user = get_user_model().objects.create_user(
        username="staff", password="a sturdy passphrase 7"
    )
    Membership.objects.create(org=org, user=staff_user, role=Role.employee, person=person)
    staff = browser.new_page(viewport={"width": 390, "height": 900})
    staff.goto(f"{url}/accounts/login/")
    staff.fill("#id_username", "staff")
    staff.fill("#id_password", "a sturdy passphrase 7")
    staff.keyboard.press("Enter")
    staff.wait_for_url(f"{url}/checkins/")
    first = staff.locator(".kr-row input").first
    first.focus()
    staff.keyboard.press("Control+A")
    staff.keyboard.type("3")
    staff.keyboard.press("Tab")
    staff.keyboard.press("ArrowDown")  # confidence
    staff.fill("#q-line_of_sight", "4")
    _shoot(staff, "checkin")
    staff.click("form.checkin button[type=submit]")
    expect(staff.get_by_text("Saved 1 goal value")).to_be_visible()
    assert staff.goto(f"{url}/dashboard/").status == 403  # staff do not see the dashboard
