"""WCAG 2.1 A and AA on the main pages, checked by axe-core in Debian's chromium.

axe-core comes from the ``axe-playwright-python`` package (its bundled ``axe.min.js``,
MPL-2.0), installed by ``uv sync``: nothing is fetched at test time. To check another page,
add its path (and who looks at it) to ``PAGES``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.browser.test_browser import ARGS, CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)"
    ),
]

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "crust_and_crumb"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# (path, who looks at it): "owner", "employee" (linked to a person with goals) or "nobody".
PAGES: list[tuple[str, str]] = [
    ("/accounts/login/", "nobody"),
    ("/accounts/signup/", "nobody"),
    ("/dashboard/", "owner"),
    ("/strategy/", "owner"),
    ("/strategy/map/", "owner"),
    ("/strategy/cascade/", "owner"),
    ("/strategy/objectives/bread_quality/", "owner"),
    ("/strategy/company/", "owner"),
    ("/strategy/people/", "owner"),
    ("/actions/", "owner"),
    ("/reviews/", "owner"),
    ("/checkins/results/", "owner"),
    ("/data/", "owner"),
    ("/accounts/team/", "owner"),
    ("/accounts/settings/", "owner"),
    ("/checkins/", "employee"),
    ("/warnings/", "owner"),
    ("/start/", "owner"),
    ("/start/first/", "owner"),
    ("/collab/notifications/", "employee"),
    ("/collab/goals/g_2026_bread/", "employee"),
    ("/collab/calendar/", "employee"),
    ("/collab/overdue-checkins/", "owner"),
    ("/collab/chat/", "owner"),
    ("/scenarios/", "owner"),
]


def violations(page: Any) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on ``page``, one line each with the elements."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": []}
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        + f" ({len(v['nodes'])} in all): "
        + " ".join(v["nodes"][0].get("failureSummary", "").split())
        for v in results.response["violations"]
    ]


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


def _sign_in(context: Any, url: str, username: str) -> Any:
    from tests.web.conftest import PASSWORD

    page = context.new_page()
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def test_main_pages_meet_wcag_21_aa(chromium, live_server, make_tenant) -> None:
    from coxswain.web.accounts.models import Membership
    from coxswain.web.demo import _person_with_goals
    from coxswain.web.insights import selectors, services
    from coxswain.web.workbook_io import load_workbook, store_workbook
    from coxswain.workbook.read import read_workbook

    tenant = make_tenant(loaded=False, name="Crust & Crumb")
    store_workbook(tenant.org, read_workbook(EXAMPLE))
    services.start_analysis(org=tenant.org, user=None)  # the task (immediate in tests)
    person = _person_with_goals(load_workbook(tenant.org), tenant.org)
    assert person is not None
    Membership.dangerously_unscoped.filter(pk=tenant.employee.pk).update(person=person)
    result = selectors.latest_result(org=tenant.org)
    assert result is not None and result.findings
    finding = selectors.finding(org=tenant.org, finding_id=result.findings[-1].id)
    assert finding is not None  # one dismissed finding: its faded look must stay readable
    services.dismiss_finding(
        org=tenant.org, user=tenant.owner.user, finding=finding, reason="We know: new oven"
    )
    from coxswain.web.scenarios import services as scenarios  # a comparison on its page

    same = scenarios.create_scenario(org=tenant.org, name="Nothing changed")
    scenarios.start_run(org=tenant.org, user=None, scenario_ids=[same.pk])

    url = live_server.url
    found: dict[str, list[str]] = {}
    pages: dict[str, Any] = {}
    # a laptop and a phone: a layout that wraps differently can hide a label or shrink a target
    for width in (1280, 390):
        for who, member in (("owner", tenant.owner), ("employee", tenant.employee)):
            context = chromium.new_context(
                viewport={"width": width, "height": 900}, bypass_csp=True
            )
            pages[who] = _sign_in(context, url, member.user.username)
        pages["nobody"] = chromium.new_context(
            viewport={"width": width, "height": 900}, bypass_csp=True
        ).new_page()
        for path, who in PAGES:
            page = pages[who]
            response = page.goto(f"{url}{path}")
            assert response is not None and response.status == 200, (path, who, width)
            found[f"{path} at {width} px"] = violations(page)
    # the HTML report, as a browser shows it (the same document the download holds)
    report = pages["owner"].request.get(f"{url}/report.html")
    assert report.ok
    page = pages["nobody"]
    page.set_content(report.text())
    found["/report.html"] = violations(page)

    problems = {path: v for path, v in found.items() if v}
    assert not problems, "\n".join(f"{p}:\n  " + "\n  ".join(v) for p, v in problems.items())


def test_api_docs_render_offline_under_the_csp(chromium, live_server) -> None:
    """Swagger UI at /api/docs draws the API from this origin alone, the CSP enforced."""
    from playwright.sync_api import expect

    url = live_server.url
    page = chromium.new_context().new_page()
    requested: list[str] = []
    console: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.goto(f"{url}/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Coxswain API")
    expect(page.locator(".opblock").first).to_be_visible()
    elsewhere = [r for r in requested if not r.startswith((url, "data:"))]
    assert not elsewhere, elsewhere
    assert not [m for m in console if "Content Security Policy" in m], console
