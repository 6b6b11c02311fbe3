"""Changing an action and editing or deleting a comment in a real browser (Debian's
chromium), the pages' Content Security Policy enforced: htmx answers in place, the pages do
not overflow at laptop (1280 px) or phone (390 px) width, and axe-core finds no WCAG 2.1 AA
violation with the forms open."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest

from tests.web.browser.test_accessibility import WCAG_21_AA, violations
from tests.web.browser.test_browser import ARGS, CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
assert WCAG_21_AA  # the same rules as the main pages' check


@pytest.fixture(scope="module")
def chromium() -> Any:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


def _sign_in(chromium: Any, url: str, username: str, width: int = 1280) -> Any:
    from tests.web.conftest import PASSWORD

    page = chromium.new_context(viewport={"width": width, "height": 900}).new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.errors = errors  # type: ignore[attr-defined]
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def _overflow(page: Any) -> int:
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


def test_an_action_and_a_comment_are_changed_in_place(chromium, live_server, tenant) -> None:
    from playwright.sync_api import expect

    from coxswain.web.collab.models import Comment
    from coxswain.web.collab.services import add_comment
    from coxswain.web.insights.models import Action
    from coxswain.web.insights.services import create_action
    from coxswain.web.strategy.models import Person

    bob = Person.objects.for_org(tenant.org).get(slug="bob")
    action = create_action(
        org=tenant.org, title="Fix the oven", person=bob, due=dt.date(2026, 9, 1)
    )
    add_comment(
        org=tenant.org,
        author=tenant.manager,
        subject="action",
        ref=str(action.pk),
        body="On it this week",
        link="/",
        title="t",
    )
    url = f"{live_server.url}/collab/actions/{action.pk}/"

    # Laptop and phone: the forms open, nothing overflows, nothing fails WCAG 2.1 AA.
    for width in (1280, 390):
        page = _sign_in(chromium, live_server.url, tenant.manager.user.username, width)
        page.goto(url)
        page.locator("details.edit-action summary").click()
        page.locator(".comment-tools summary").click()
        assert _overflow(page) <= 1, f"the action page overflows at {width}px"
        found = violations(page)
        assert not found, f"at {width}px: " + "\n".join(found)
        page.context.close()

    page = _sign_in(chromium, live_server.url, tenant.manager.user.username)
    page.goto(url)
    page.evaluate("() => { window.__kept = 'same page'; }")  # gone if the page reloads
    page.locator("details.edit-action summary").click()
    page.fill("#id_title", "Fix the big oven")
    page.fill("#id_due", "2026-10-15")
    page.select_option("#id_assignee", f"member:{tenant.owner.pk}")
    page.locator("details.edit-action button[type=submit]").click()
    expect(page.locator("#action-card [role=status]")).to_contain_text(
        "Saved: new title, who does it, due date."
    )
    expect(page.locator("#action-card h1")).to_have_text("Fix the big oven")
    assert page.evaluate("window.__kept") == "same page"
    action.refresh_from_db()
    assert (action.title, action.owner_id, action.due) == (
        "Fix the big oven",
        tenant.owner.pk,
        dt.date(2026, 10, 15),
    )
    # A problem shows in place, the form open.
    page.locator("details.edit-action summary").click()
    page.fill("#id_title", " ")
    page.locator("details.edit-action button[type=submit]").click()
    expect(page.locator("#action-card [role=alert]")).to_contain_text("This field is required")
    assert Action.objects.for_org(tenant.org).get(pk=action.pk).title == "Fix the big oven"

    # The manager's own comment: edited in place, marked edited; then deleted after asking.
    comment = Comment.objects.for_org(tenant.org).get()
    article = page.locator(f"#comment-{comment.pk}")
    article.locator("summary").click()
    article.locator("textarea").fill("Done on Tuesday")
    article.locator("button[type=submit]", has_text="Save").click()
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("Done on Tuesday")
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("edited")
    assert page.evaluate("window.__kept") == "same page"
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"#comment-{comment.pk} button", has_text="Delete").click()
    expect(
        page.locator(".comment-deleted, [role=status]", has_text="Comment deleted.")
    ).to_be_visible()
    assert not Comment.objects.for_org(tenant.org).exists()
    assert not [e for e in page.errors if "Content Security Policy" in e], page.errors


BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('main th, main td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/\\S+/g)) {
        const r = document.createRange();
        r.setStart(node, m.index);
        r.setEnd(node, m.index + m[0].length);
        const lines = new Set([...r.getClientRects()].map((x) => Math.round(x.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


def test_a_goal_history_on_a_phone_breaks_no_word(chromium, live_server, tenant) -> None:
    """At 390 px the goal page's check-in table read "Confidenc|e" and "Perso|n 07" (a
    walk-through): a table cell may wrap between words, never inside one that fits."""
    from coxswain.web.checkins.models import CheckIn

    for day, value in ((1, 82.5), (8, 88.25), (15, 175.0)):
        CheckIn.objects.create(
            org=tenant.org,
            person=tenant.employee.person,
            goal="g_bakers",
            key_result=0,
            date=dt.date(2026, 11, day),
            value=value,
            confidence=4,
        )
    page = _sign_in(chromium, live_server.url, tenant.owner.user.get_username(), width=390)
    page.goto(f"{live_server.url}/collab/goals/g_bakers/")
    assert page.locator("main td").count() >= 12  # three rows of four cells
    assert page.evaluate(BROKEN_WORDS) == []
    assert _overflow(page) <= 1
    page.close()
