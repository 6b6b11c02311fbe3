"""Plain words on the web: finding cards, KPI tiles, the API's summary, the digest, the
workbook's locale, and one way of naming people on every page (coxswain.wording)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from coxswain.analysis.kinds import KINDS
from coxswain.wording.evidence import FIELDS

pytestmark = pytest.mark.django_db

RAW = sorted(
    {k for fields in FIELDS.values() for k in fields if "_" in k} | {k for k in KINDS if "_" in k}
)


def _analyse(membership: Any) -> None:
    from coxswain.web.insights import services

    services.start_analysis(org=membership.org, user=membership.user, as_of=None)


def _cards(html: str) -> str:
    """The visible text of the finding cards."""
    cards = re.findall(r'<article class="finding.*?</article>', html, flags=re.S)
    assert cards, "the dashboard shows finding cards"
    text = " ".join(cards)
    text = re.sub(r"<(input|select|option|textarea)[^>]*>", " ", text)
    return re.sub(r"<[^>]+>", " ", text)


def test_finding_cards_read_plainly(tenant, login) -> None:
    _analyse(tenant.manager)
    html = login(tenant.manager).get(reverse("insights:dashboard") + "?all=1").content.decode()
    text = _cards(html)
    assert "Why we think so" in text
    raw = [w for w in RAW if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]
    assert raw == []
    assert "Work that goes against a value" in text  # the kind's plain name
    # the KPI tile: the unit once, a chance never "0%", one date format
    assert "4.2 stars" in html and "March 31, 2026" in html
    assert "2026-03-31" not in re.sub(r'value="[^"]*"', "", html.split("<h2>KPIs ")[-1])


def test_the_api_findings_carry_a_plain_summary(tenant) -> None:
    from django.test import Client

    from coxswain.web.accounts.services import create_api_token

    _analyse(tenant.manager)
    token = create_api_token(membership=tenant.manager, name="t")
    body = Client(headers={"Authorization": f"Bearer {token}"}).get("/api/findings").json()
    assert body["findings"]
    for f in body["findings"]:
        assert f["kind_name"] == KINDS[f["kind"]].name
        assert f["summary"] and not [w for w in RAW if w in f["summary"]]
    flour = next(f for f in body["findings"] if f["kind"] == "value_conflict")
    assert flour["summary"] == "Cheap flour works against Craftsmanship."


def test_the_digest_uses_the_same_words(tenant, mailoutbox) -> None:
    from coxswain.web.insights import services
    from coxswain.web.insights.selectors import findings_view, latest_run

    _analyse(tenant.manager)
    services.send_nudges()
    digest = next(m for m in mailoutbox if m.to[0] == tenant.owner.user.email)
    shown = findings_view(org=tenant.org, run=latest_run(org=tenant.org))
    assert shown and all(f["summary"] in digest.body for f in shown)


def test_a_bad_locale_is_refused_and_a_good_one_writes_the_dates(tenant, login) -> None:
    from coxswain.web.workbook_io import load_workbook

    c = login(tenant.owner)
    form = {"name": "Crust", "currency": "GBP", "min_group": "5", "locale": "Klingon"}
    r = c.post(reverse("strategy:profile"), form)
    assert r.status_code == 200 and "unknown locale" in str(r.context["form"].errors)
    r = c.post(reverse("strategy:profile"), {**form, "locale": "en-gb"})
    assert r.status_code == 302
    assert load_workbook(tenant.org).company.locale == "en_GB"
    _analyse(tenant.owner)
    html = c.get(reverse("insights:dashboard")).content.decode()
    assert "as of 31 March 2026" in html


def _names(tenant: Any, show: bool) -> None:
    from coxswain.web.workbook_io import profile_for

    profile = profile_for(tenant.org)
    profile.show_names = show
    profile.save()


@pytest.mark.parametrize("show", [False, True])
def test_people_are_named_alike_on_every_page(tenant, login, show: bool) -> None:
    from coxswain.web.privacy import labels

    _names(tenant, show)
    bob = labels(org=tenant.org)["bob"]
    assert (bob == "Bob") is show
    c = login(tenant.owner)
    pages = {
        "people": c.get(reverse("strategy:people")).content.decode(),
        "team": c.get(reverse("accounts:team")).content.decode(),
        "goal editor": c.get(reverse("strategy:edit", args=["goals", "g_ann"])).content.decode(),
    }
    for name, html in pages.items():
        assert bob in html, name
        if not show:
            assert ">Bob<" not in html and "Bob (bob)" not in html, name


def test_an_action_shows_its_person_as_every_page_names_people(tenant, login) -> None:
    """An action assigned to a person without an account reads as that person (by the
    organisation's naming rule) on the dashboard, not as "nobody"."""
    from coxswain.web.privacy import labels

    _analyse(tenant.manager)
    c = login(tenant.manager)
    c.post(
        reverse("insights:create_action"),
        {"title": "Taste test", "assignee": "ann", "due": "2026-05-01"},
    )
    html = c.get(reverse("insights:dashboard")).content.decode()
    shown = labels(org=tenant.org)["ann"]
    assert re.search(rf"Taste test — {re.escape(shown)}, due", html), shown


def test_dates_read_plainly_on_actions_reviews_and_check_ins(tenant, login) -> None:
    """Action due dates (dashboard, Actions page), reviews and check-ins are written as
    every page writes a date (plain_date, the company's locale), not "May 1, 2026" or ISO."""
    import datetime as dt

    from coxswain.web.insights.models import StrategicReview

    _analyse(tenant.manager)
    c = login(tenant.manager)
    c.post(
        reverse("insights:create_action"),
        {"title": "Taste test", "assignee": "ann", "due": "2026-05-01"},
    )
    StrategicReview.objects.create(org=tenant.org, date=dt.date(2026, 1, 19), kind="quarterly")
    assert "due May 1, 2026" in c.get(reverse("insights:dashboard")).content.decode()
    assert "<td>May 1, 2026</td>" in c.get(reverse("insights:actions")).content.decode()
    assert "<td>January 19, 2026</td>" in c.get(reverse("insights:reviews")).content.decode()


def test_make_it_an_action_offers_the_workbook_people_as_the_actions_page_does(
    tenant, login
) -> None:
    """The cards' "Make it an action" names the workbook's people (the Actions page's
    assignee field), not members' logins; posting it assigns that person."""
    from coxswain.web.insights.forms import ActionForm
    from coxswain.web.insights.models import Action
    from coxswain.web.insights.views import _people

    _analyse(tenant.manager)
    c = login(tenant.manager)
    html = c.get(reverse("insights:dashboard")).content.decode()
    selects = re.findall(
        r'<select name="assignee" aria-label="Who does it" required>(.*?)</select>',
        html,
        flags=re.S,
    )
    assert selects, "a card offers the assignee field"
    choices = ActionForm(owners=[], people=_people(tenant.org)).fields["assignee"].choices
    for select in selects:
        assert re.findall(r'<option value="([^"]*)">', select) == [str(v) for v, _ in choices]
    assert tenant.manager.user.get_username() not in selects[0]
    c.post(
        reverse("insights:create_action"),
        {"title": "From a card", "assignee": "ann", "due": "2026-05-01", "finding_id": ""},
    )
    assert Action.objects.for_org(tenant.org).get(title="From a card").person.slug == "ann"


@pytest.mark.parametrize(
    ("state", "said"),
    [
        ("on_target", "about a 41% chance of staying there"),
        ("amber", "about a 41% chance of reaching it"),
    ],
)
def test_a_kpi_on_target_has_a_chance_of_staying_there(state: str, said: str) -> None:
    """ "On target" beside "about a 41% chance of reaching it" read as a contradiction to an
    owner (Loop's new paying accounts, a walk-through): the forecast is of the target date."""
    import datetime as dt
    from types import SimpleNamespace

    from coxswain.analysis.rules import KpiState
    from coxswain.web.insights.selectors import KpiTile

    tile = KpiTile(
        kpi=SimpleNamespace(),  # type: ignore[arg-type]
        points=[],
        status=SimpleNamespace(state=KpiState(state)),  # type: ignore[arg-type]
        as_of=dt.date(2026, 12, 6),
        forecast=SimpleNamespace(p_hit=0.41),  # type: ignore[arg-type]
    )
    assert tile.chance_text == said
