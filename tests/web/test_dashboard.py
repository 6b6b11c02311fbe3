"""The dashboard: the top stories (or, for a stored result without stories, the top findings)
with the chart of their KPI, then every finding with filter, sort and search; the run with the
latest as_of; an earlier date as a "what it looked like then" view; dates outside the data
refused. Results are built here, with stories, and stored as a run."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coxswain.analysis.base import Finding, Severity
from coxswain.analysis.result import Result, StageAssessment, Stake, Story

pytestmark = pytest.mark.django_db

FLOUR = Finding(
    kind="value_conflict",
    severity=Severity.high,
    subjects=("cheap_flour", "bread_quality", "craft"),
    title="The cheap flour works against craftsmanship",
    evidence={"effect": -1},
    recommendation="Go back to the stone-ground flour for the sourdough.",
)
SHIFT = Finding(
    kind="kpi_shift",
    severity=Severity.medium,
    subjects=("review_rating", "bread_quality"),
    title="Reviews fell from March",
    evidence={"before": 4.5, "after": 4.2},
    recommendation="Read the March reviews with the bakers.",
)
GOAL = Finding(
    kind="goal_behind",
    severity=Severity.high,
    subjects=("g_ann", "ann"),
    title="Sourdough training is behind",
    evidence={"progress": 0.2},
    recommendation="Ask Ann what blocks the training.",
)
WIN = Finding(
    kind="initiative_win",
    severity=Severity.info,
    subjects=("cheap_flour", "margin"),
    title="The margin went up",
    evidence={"effect": 1},
)
REVIEW = Finding(
    kind="review_lapsed",
    severity=Severity.low,
    subjects=(),
    title="No strategy review since January",
    evidence={"days": 90},
    recommendation="Hold a monthly review.",
)
STORIES = [
    Story(
        id="story:cheap_flour",
        title="The cheapest flour is costing you reviews",
        cause=("cheap_flour",),
        findings=(FLOUR.id, SHIFT.id),
        stake=Stake(
            index_points=6.5,
            money=1200.0,
            currency="USD",
            money_basis="flour bought at the cheaper price this year",
        ),
        confidence="high",
        recommendation="Go back to the better flour.",
        first_step="Order one sack of stone-ground flour this week.",
    ),
    Story(
        id="story:g_ann",
        title="Training is behind",
        cause=("g_ann",),
        findings=(GOAL.id,),
        stake=Stake(index_points=2.0),
        confidence="medium",
        recommendation="Free an hour a week for training.",
        first_step="Book Ann's first sourdough session.",
    ),
    Story(
        id="story:what_works",
        title="What works",
        cause=(),
        findings=(WIN.id, REVIEW.id),
        stake=Stake(index_points=0.5),
        confidence="low",
        recommendation="Keep it up.",
        first_step="Tell the team.",
    ),
]


def _result(
    *, as_of: dt.date = dt.date(2026, 3, 31), stories: bool = True, extra: int = 0
) -> Result:
    more = [
        Finding(
            kind="orphan_work",
            severity=Severity.low,
            subjects=(f"work_{n}", "bakers"),
            title=f"Work {n} serves no objective",
            evidence={"n": n},
            recommendation="Tie it to an objective or stop it.",
        )
        for n in range(extra)
    ]
    return Result(
        company="Crust & Crumb Bakery",
        as_of=as_of,
        alignment_index=55.0,
        components={"kpis": 50.0, "values": 60.0},
        stage=StageAssessment(assessed="early", declared="early"),
        findings=[FLOUR, GOAL, SHIFT, REVIEW, WIN, *more],
        missing_evidence=[],
        stories=list(STORIES) if stories else [],
    )


def _store(org: Any, result: Result, *, without_stories: bool = False) -> Any:
    from coxswain.web.insights.models import AnalysisRun

    data = json.loads(result.dumps(indent=None))
    if without_stories:  # as stored by a version before stories
        data.pop("stories")
    return AnalysisRun.objects.create(
        org=org,
        status="done",
        as_of=result.as_of,
        result=data,
        alignment_index=result.alignment_index,
        components=data["components"],
        finished=timezone.now(),
    )


def _cards(page: Any) -> list[Any]:
    return page.context["cards"]


def test_the_top_stories_come_first_with_the_chart_of_their_kpi(tenant, login) -> None:
    _store(tenant.org, _result())
    page = login(tenant.manager).get(reverse("insights:dashboard"))
    cards = _cards(page)
    assert [c.id for c in cards] == ["story:cheap_flour", "story:g_ann", "story:what_works"]
    flour = cards[0]
    # the first KPI among the subjects of the story's findings, in the story's order
    assert flour.tile is not None and flour.tile.kpi.id == "review_rating"
    assert flour.first_step == "Order one sack of stone-ground flour this week."
    assert flour.finding_id == FLOUR.id  # an action made from the card names the cause
    # a goal's finding: the first KPI of the goal's objective (g_ann → g_bakers → bread_quality)
    assert cards[1].tile is not None and cards[1].tile.kpi.id == "review_rating"
    html = page.content.decode()
    first = html[html.index('data-story="story:cheap_flour"') :]
    first = first[: first.index("</article>")]
    assert "<svg" in first and "Average review rating" in first
    # the stake in the core's words (stories.stake_words), its basis with it
    assert (
        "6.5 points of the alignment index; about $1,200: flour bought at the cheaper price"
        in first
    )
    assert "high confidence" in first
    assert f'name="finding_id" value="{FLOUR.id}"' in first
    assert "Order one sack of stone-ground flour this week." in first
    # the cards before the list of every finding
    assert html.index('class="card story"') < html.index('id="findings"')


def test_a_story_whose_findings_are_all_dismissed_leaves_the_top(tenant, login) -> None:
    from coxswain.web.insights import services

    _store(tenant.org, _result())
    services.dismiss_finding(
        org=tenant.org, user=tenant.manager.user, finding=GOAL.to_json(), reason="Known"
    )
    cards = _cards(login(tenant.manager).get(reverse("insights:dashboard")))
    assert [c.id for c in cards] == ["story:cheap_flour", "story:what_works"]


def test_story_and_finding_pages_show_a_dismissal_as_the_dashboard_does(tenant, login) -> None:
    """After the owner dismissed the flour conflict, the story's own page still led with it
    and said "still found", and the finding's page said "dismissed" without why (a
    walk-through)."""
    from coxswain.web.insights import services

    _store(tenant.org, _result())
    services.dismiss_finding(
        org=tenant.org, user=tenant.manager.user, finding=FLOUR.to_json(), reason="We chose it"
    )
    c = login(tenant.manager)
    story = c.get(reverse("collab:finding", args=["story:cheap_flour"])).content.decode()
    heading = re.search(r"<h1>(.*?)</h1>", story, re.S)
    assert heading and heading.group(1).strip() == SHIFT.title  # led by its open finding
    assert f"<strong>What to do:</strong> {SHIFT.recommendation}" in story
    assert "dismissed: We chose it" in story and FLOUR.title in story  # listed, marked
    finding = c.get(reverse("collab:finding", args=[FLOUR.id])).content.decode()
    assert "Dismissed by " in finding and ": We chose it" in finding
    services.dismiss_finding(
        org=tenant.org, user=tenant.manager.user, finding=SHIFT.to_json(), reason="Known"
    )
    story = c.get(reverse("collab:finding", args=["story:cheap_flour"])).content.decode()
    assert "<strong>Dismissed</strong>" in story  # every finding of it dismissed


def test_make_it_an_action_offers_only_the_due_dates_an_action_may_have(tenant, login) -> None:
    """On a card, a slip of the year was refused by the server and what was typed lost."""
    from coxswain.web.insights.services import action_due_window

    _store(tenant.org, _result())
    page = login(tenant.manager).get(reverse("insights:dashboard")).content.decode()
    first, last = action_due_window()
    fields = re.findall(r'<input[^>]*name="due"[^>]*>', page)
    assert len(fields) >= 2  # a story card's and a finding's
    assert all(f'min="{first.isoformat()}" max="{last.isoformat()}"' in f for f in fields), fields


def test_a_stored_result_without_stories_shows_its_top_findings(tenant, login) -> None:
    _store(tenant.org, _result(), without_stories=True)
    page = login(tenant.manager).get(reverse("insights:dashboard"))
    cards = _cards(page)
    # the most severe open findings that are not good news, in the result's order
    assert [c.finding_id for c in cards] == [FLOUR.id, GOAL.id, SHIFT.id]
    assert not any(c.from_story for c in cards)
    assert cards[0].tile is not None and cards[0].tile.kpi.id == "review_rating"
    assert "The most severe findings" in page.content.decode()


def _listed(page: Any) -> list[str]:
    return [f["id"] for f in page.context["open_findings"]]


def test_findings_filter_by_objective_kind_severity_owner_and_search(tenant, login) -> None:
    _store(tenant.org, _result())
    c = login(tenant.manager)
    url = reverse("insights:dashboard")
    every = _listed(c.get(url))
    assert set(every) == {f.id for f in (FLOUR, GOAL, SHIFT, REVIEW, WIN)}
    # objective: named, through a KPI, or through a goal's parents
    assert set(_listed(c.get(url, {"objective": "bread_quality"}))) == {
        FLOUR.id,
        SHIFT.id,
        GOAL.id,
    }
    assert _listed(c.get(url, {"objective": "margin"})) == [WIN.id]
    assert _listed(c.get(url, {"kind": "kpi_shift"})) == [SHIFT.id]
    assert set(_listed(c.get(url, {"severity": "high"}))) == {FLOUR.id, GOAL.id}
    assert _listed(c.get(url, {"owner": "ann"})) == [GOAL.id]
    assert _listed(c.get(url, {"q": "FLOUR stone"})) == [FLOUR.id]
    assert _listed(c.get(url, {"q": "craftsmanship", "severity": "medium"})) == []
    # kinds are offered in plain words, never as codes
    page = c.get(url).content.decode()
    kinds = re.search(r'<select name="kind".*?</select>', page, re.S)
    assert kinds is not None
    assert '<option value="kpi_shift">A KPI changed level</option>' in kinds.group(0)
    assert ">kpi_shift<" not in kinds.group(0)
    # a choice that is not offered is ignored, not an error
    response = c.get(url, {"kind": "no_such_kind", "severity": "medium"})
    assert response.status_code == 200 and _listed(response) == [SHIFT.id]


def test_findings_sort(tenant, login) -> None:
    _store(tenant.org, _result())
    c = login(tenant.manager)
    url = reverse("insights:dashboard")
    by_severity = [f["severity"] for f in c.get(url).context["open_findings"]]
    assert by_severity == ["high", "high", "medium", "low", "info"]
    titles = [f["title"] for f in c.get(url, {"sort": "title"}).context["open_findings"]]
    assert titles == sorted(titles, key=str.lower)
    kinds = [f["kind_words"] for f in c.get(url, {"sort": "kind"}).context["open_findings"]]
    assert kinds == sorted(kinds, key=str.lower)


def test_show_all_and_dismissed_collapsed(tenant, login) -> None:
    from coxswain.web.insights import services
    from coxswain.web.insights.selectors import FINDINGS_SHOWN

    _store(tenant.org, _result(extra=6))
    services.dismiss_finding(
        org=tenant.org, user=tenant.manager.user, finding=REVIEW.to_json(), reason="Booked"
    )
    c = login(tenant.manager)
    page = c.get(reverse("insights:dashboard"))
    open_ = page.context["open_findings"]
    assert len(open_) == 10 and len(page.context["shown_findings"]) == FINDINGS_SHOWN
    html = page.content.decode()
    assert f"Show all {len(open_)} findings" in html
    assert html.count('<article class="finding') == FINDINGS_SHOWN
    assert re.search(r'<details class="dismissed-list"><summary>1 dismissed</summary>', html)
    every = c.get(reverse("insights:dashboard"), {"all": "1"})
    assert len(every.context["shown_findings"]) == 10
    assert "Show all" not in every.content.decode()


def test_the_findings_partial_for_htmx_and_without_js(tenant, login) -> None:
    _store(tenant.org, _result())
    c = login(tenant.manager)
    url = reverse("insights:findings")
    partial = c.get(url, {"severity": "medium"}, HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert partial.status_code == 200 and html.lstrip().startswith('<section class="card"')
    assert "Reviews fell from March" in html and "The cheap flour" not in html
    assert "<html" not in html
    # without htmx, the whole dashboard with the same filter
    plain = c.get(url, {"severity": "medium"})
    assert plain.status_code == 302
    assert plain["Location"] == reverse("insights:dashboard") + "?severity=medium"


def test_a_kpi_finding_card_shows_its_kpi_chart(tenant, login) -> None:
    """In "All findings", a KPI's finding has its KPI's chart as the story cards do; the
    htmx list draws it too."""
    _store(tenant.org, _result())
    c = login(tenant.manager)
    html = c.get(reverse("insights:dashboard"), {"all": "1"}).content.decode()
    cards = re.findall(r'<article class="finding.*?</article>', html, flags=re.S)
    shift = next(card for card in cards if "Reviews fell from March" in card)
    assert 'data-kpi="review_rating"' in shift and 'class="chart"' in shift
    assert not any('data-kpi="' in card for card in cards if "cheap flour" in card.lower())
    partial = c.get(reverse("insights:findings"), {"q": "Reviews"}, HTTP_HX_REQUEST="true")
    assert 'data-kpi="review_rating"' in partial.content.decode()


def test_dashboard_queries_do_not_grow_with_the_findings(tenant, login) -> None:
    """The dashboard reads a fixed number of queries however many findings and stories."""
    c = login(tenant.manager)
    run = _store(tenant.org, _result())
    c.get(reverse("insights:dashboard"))  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        assert c.get(reverse("insights:dashboard")).status_code == 200
    run.delete()
    _store(tenant.org, _result(extra=40))
    with CaptureQueriesContext(connection) as many:
        assert c.get(reverse("insights:dashboard")).status_code == 200
    assert len(many) == len(few)
    # 28: the workbook people for "Make it an action" and the locale read once each
    assert len(few) <= 28, [q["sql"] for q in few.captured_queries]
    with CaptureQueriesContext(connection) as partial:
        c.get(reverse("insights:findings"), {"q": "flour"}, HTTP_HX_REQUEST="true")
    assert len(partial) <= 20, [q["sql"] for q in partial.captured_queries]


# ---------------------------------------------------------------------------------------------
# As of


def test_a_kpi_tiles_value_and_status_read_apart(tenant, login) -> None:
    """ "$36,106 short of target" read as a gap of $36,106 (a walk-through, reading the page's
    text): a screen reader, or a copy of the text, hears the value, then its status."""
    _store(tenant.org, _result())
    page = login(tenant.manager).get(reverse("insights:dashboard")).content.decode()
    tiles = re.findall(r'<p class="value">(.*?)</p>', page, re.S)
    assert tiles and all('<span class="visually-hidden">; status:</span>' in t for t in tiles)


def test_a_component_without_a_score_says_why(tenant, login) -> None:
    """ "Teams talking: no evidence" sat beside 5,200 messages with no word of why (a
    walk-through): every team was under the privacy minimum."""
    import dataclasses

    from coxswain.analysis.base import Section

    why = "every team has fewer than 5 people: who talks to whom is not scored"
    result = dataclasses.replace(
        _result(),
        components={"kpis": 50.0, "network": None, "talent": None},
        sections={
            "network": Section(name="network", component="network", score_note=why),
            "talent": Section(name="talent", component="talent", missing=["people.csv"]),
        },
    )
    _store(tenant.org, result)
    page = login(tenant.manager).get(reverse("insights:dashboard")).content.decode()
    assert f"Teams talking, no evidence: {why}." in page
    assert "no evidence: add people.csv." in page


def test_the_index_over_time_is_drawn_from_two_dates(tenant, login) -> None:
    """With one analysis the chart was a single dot between "September 30, 2026" and
    "September 30, 2026" (a walk-through)."""
    c = login(tenant.manager)
    _store(tenant.org, _result(as_of=dt.date(2026, 3, 31)))
    one = c.get(reverse("insights:dashboard")).content.decode()
    chart = 'aria-label="Alignment index over time'
    assert "One analysis date so far" in one and chart not in one
    _store(tenant.org, _result(as_of=dt.date(2026, 2, 28)))
    two = c.get(reverse("insights:dashboard")).content.decode()
    assert chart in two and "One analysis date so far" not in two


def test_the_dashboard_shows_the_latest_as_of_and_an_earlier_one_beside_it(tenant, login) -> None:
    c = login(tenant.manager)
    latest = _store(tenant.org, _result(as_of=dt.date(2026, 3, 31)))
    then = _store(tenant.org, _result(as_of=dt.date(2026, 2, 28)))  # finished after it
    page = c.get(reverse("insights:dashboard"))
    assert page.context["result"].as_of == dt.date(2026, 3, 31) and not page.context["then"]
    assert [r.pk for r in page.context["earlier"]] == [then.pk]
    assert f'?run={then.pk}"' in page.content.decode()
    # the report and the API follow the same run
    from coxswain.web.insights import selectors

    assert selectors.latest_run(org=tenant.org).pk == latest.pk
    view = c.get(reverse("insights:dashboard"), {"run": then.pk})
    assert view.context["then"] and view.context["result"].as_of == dt.date(2026, 2, 28)
    html = view.content.decode()
    assert "What it looked like on February 28, 2026" in html and "Back to the current view" in html
    assert f'name="run" value="{then.pk}"' in html  # the filter stays on that view
    # KPI values after that date are not shown then
    (tile,) = view.context["tiles"]
    assert max(d for d, _ in tile.points) <= dt.date(2026, 2, 28)
    # asking for the current run by its id is the current view
    assert not c.get(reverse("insights:dashboard"), {"run": latest.pk}).context["then"]


def test_an_analysis_as_of_an_earlier_date_never_replaces_the_current(tenant, login) -> None:
    from coxswain.web.insights.models import AnalysisRun

    c = login(tenant.manager)
    c.post(reverse("insights:analyse"))
    c.post(reverse("insights:analyse"), {"as_of": "2026-02-28"}, HTTP_HX_REQUEST="true")
    then = AnalysisRun.objects.for_org(tenant.org).get(as_of=dt.date(2026, 2, 28))
    assert then.status == "done", then.error
    page = c.get(reverse("insights:dashboard"))
    assert page.context["result"].as_of == dt.date(2026, 3, 31)
    # when an earlier date's analysis finishes, its own view opens
    status = c.get(reverse("insights:run_status", args=[then.pk]))
    assert status["HX-Redirect"] == f"{reverse('insights:dashboard')}?run={then.pk}"
    assert (
        f'href="{reverse("insights:dashboard")}?run={then.pk}">Show it' in status.content.decode()
    )


def test_a_chosen_date_never_becomes_the_current_view(tenant, login) -> None:
    """A run as of a chosen date is a "then" view even when its date is the latest (as runs
    stored before the rule refused dates after the data could be); a later plain analysis is
    the current view, not filed under "Earlier dates"."""
    from coxswain.web.insights import selectors

    c = login(tenant.manager)
    plain = _store(tenant.org, _result(as_of=dt.date(2026, 3, 31)))
    chosen = _store(tenant.org, _result(as_of=dt.date(2026, 6, 30)))
    chosen.as_of_chosen = True
    chosen.save(update_fields=["as_of_chosen"])
    assert selectors.latest_run(org=tenant.org).pk == plain.pk
    page = c.get(reverse("insights:dashboard"))
    assert page.context["result"].as_of == dt.date(2026, 3, 31) and not page.context["then"]
    assert [r.pk for r in page.context["earlier"]] == [chosen.pk]
    again = _store(tenant.org, _result(as_of=dt.date(2026, 3, 31)))  # "Analyse now" later
    assert selectors.latest_run(org=tenant.org).pk == again.pk
    assert again.pk not in [r.pk for r in selectors.earlier_runs(org=tenant.org, current=again)]
    # through the form: a date is a chosen date
    c.post(reverse("insights:analyse"), {"as_of": "2026-02-28"}, HTTP_HX_REQUEST="true")
    from coxswain.web.insights.models import AnalysisRun

    then = AnalysisRun.objects.for_org(tenant.org).get(as_of=dt.date(2026, 2, 28))
    assert then.status == "done" and then.as_of_chosen
    assert selectors.latest_run(org=tenant.org).pk == again.pk


@pytest.mark.parametrize(
    ("as_of", "words"),
    [
        ("1999-01-01", "January 1, 1999 is before the first date in the data (January 10, 2026)"),
        ("2031-01-01", "January 1, 2031 is after today"),
    ],
)
def test_dates_outside_the_data_are_refused(tenant, login, as_of, words) -> None:
    from coxswain.web.insights.models import AnalysisRun

    c = login(tenant.manager)
    response = c.post(reverse("insights:analyse"), {"as_of": as_of}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and words in html
    assert not AnalysisRun.objects.for_org(tenant.org).exists()  # nothing started
    followed = c.post(reverse("insights:analyse"), {"as_of": as_of}, follow=True)
    assert words in followed.content.decode()
    assert not AnalysisRun.objects.for_org(tenant.org).exists()


def test_the_api_refuses_a_date_outside_the_data(tenant) -> None:
    from django.test import Client

    from coxswain.web.accounts.services import create_api_token

    token = create_api_token(membership=tenant.manager, name="t")
    response = Client().post(
        "/api/analyses",
        {"as_of": "1999-01-01"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400
    assert "before the first date in the data" in response.json()["detail"]


def test_the_date_box_is_labelled(tenant, login) -> None:
    _store(tenant.org, _result())
    html = login(tenant.manager).get(reverse("insights:dashboard")).content.decode()
    assert re.search(r'<label for="id_as_of">Analyse as of</label>', html)
    assert 'aria-describedby="as-of-help"' in html and 'id="as-of-help"' in html


# ---------------------------------------------------------------------------------------------
# Access


def test_another_organisations_run_is_a_404(tenant, other_tenant, login) -> None:
    theirs = _store(other_tenant.org, _result())
    _store(tenant.org, _result())
    c = login(tenant.manager)
    for url in (reverse("insights:dashboard"), reverse("insights:findings")):
        response = c.get(url, {"run": theirs.pk}, HTTP_HX_REQUEST="true")
        assert response.status_code == 404, url
    assert c.get(reverse("insights:dashboard"), {"run": "x"}).status_code == 404


def test_a_run_not_finished_is_a_404(tenant, login) -> None:
    from coxswain.web.insights.models import AnalysisRun

    running = AnalysisRun.objects.create(org=tenant.org, status="running")
    c = login(tenant.manager)
    assert c.get(reverse("insights:dashboard"), {"run": running.pk}).status_code == 404


def test_the_findings_list_is_for_managers(tenant, login, client) -> None:
    _store(tenant.org, _result())
    url = reverse("insights:findings")
    assert login(tenant.employee).get(url, HTTP_HX_REQUEST="true").status_code == 403
    anonymous = client.get(url, HTTP_HX_REQUEST="true")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert login(tenant.owner).get(url, HTTP_HX_REQUEST="true").status_code == 200
