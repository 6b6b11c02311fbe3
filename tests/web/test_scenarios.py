"""The Scenarios page: a manager builds a scenario with forms (every kind of change), each
change checked by the scenario file's reader with placed problems and nothing half-stored;
a comparison runs as a task with progress and the page shows the chances, the index, the
findings, the fan charts and the best scenario; employees cannot see it; interrupted runs
are swept; the downloaded report carries the latest comparison."""

from __future__ import annotations

import datetime as dt
import json
import math
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import COMPANY, workbook_zip

pytestmark = pytest.mark.django_db

MONTHS = 30  # January 2024 to June 2026

EXTRA = """\
  - id: good_flour
    name: Back to good flour
    owner: bakers
    budget: 0
    status: planned
    objectives: [bread_quality]
    effects: {bread_quality: 2}
automations:
  - id: order_bot
    name: Ordering bot
    replaces_human: true
    human_fallback: false
capabilities:
  - id: sourdough
    name: Sourdough baking
"""


def _company() -> str:
    company = COMPANY.replace(
        "    effects: {bread_quality: -1, margin: 1}\n",
        "    budget: 6000\n    effects: {bread_quality: -1, margin: 1}\n" + EXTRA,
    )
    assert "good_flour" in company
    return company


def _history() -> str:
    """The rating slides from 4.8 to 4.0 over two and a half years, with a wobble."""
    rows = ["date,kpi,value"]
    for i in range(MONTHS):
        year, month = 2024 + i // 12, i % 12 + 1
        day = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
        rows.append(f"{day},review_rating,{4.8 - 0.8 * i / MONTHS + 0.05 * math.sin(i):.3f}")
    return "\n".join(rows) + "\n"


@pytest.fixture
def org(make_tenant) -> Any:
    from coxswain.web.workbook_io import store_workbook
    from coxswain.workbook.read import read_workbook

    t = make_tenant()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "wb.zip"
        path.write_bytes(workbook_zip({"company.yaml": _company(), "kpi_values.csv": _history()}))
        store_workbook(t.org, read_workbook(path))
    return t


def _saved(t: Any, name: str = "Good flour") -> Any:
    from coxswain.web.scenarios.models import SavedScenario

    return SavedScenario.objects.for_org(t.org).get(name=name)


def test_a_manager_builds_a_scenario_with_every_kind_of_change(org, login) -> None:
    browser = login(org.manager)
    page = browser.get("/scenarios/").content.decode()
    assert "No scenario yet" in page and "No comparison yet" in page
    r = browser.post("/scenarios/new/", {"name": "Good flour", "description": "Back to it"})
    assert r.status_code == 302
    scenario = _saved(org)
    edit = browser.get(f"/scenarios/{scenario.pk}/").content.decode()
    # the choices come from the workbook
    assert "Back to good flour" in edit and "Ordering bot" in edit and "Sourdough baking" in edit
    posts = [
        {"kind": "move_budget", "move_budget-source": "cheap_flour",
         "move_budget-target": "good_flour", "move_budget-amount": "2000",
         "move_budget-when": "2026-09"},
        {"kind": "start", "start-initiative": "good_flour", "start-effect_kpi": "review_rating",
         "start-effect_low": "0.1", "start-effect_high": "0.3"},
        {"kind": "stop", "stop-initiative": "cheap_flour"},
        {"kind": "automation", "automation-automation": "order_bot",
         "automation-human_fallback": "yes"},
        {"kind": "target", "target-kpi": "review_rating", "target-target": "4.5",
         "target-deadline": "2027-06-30"},
        {"kind": "capability", "capability-capability": "sourdough", "capability-how": "train",
         "capability-people": "2", "capability-cost": "1500"},
        {"kind": "shock", "shock-name": "A chain opens next door",
         "shock-kpis": ["review_rating"], "shock-low": "-15", "shock-high": "-5",
         "shock-percent": "on", "shock-when": "2026-10", "shock-months": "6",
         "shock-chance": "40"},
    ]  # fmt: skip
    for data in posts:
        r = browser.post(f"/scenarios/{scenario.pk}/changes/", data)
        assert r.status_code == 302, r.content.decode()
    scenario.refresh_from_db()
    assert [c["kind"] for c in scenario.changes] == [
        "move_budget", "start", "stop", "automation", "target", "capability", "shock"
    ]  # fmt: skip
    assert scenario.changes[0] == {
        "kind": "move_budget", "from": "cheap_flour", "to": "good_flour", "amount": 2000.0,
        "when": "2026-09",
    }  # fmt: skip
    assert scenario.changes[1]["effects"] == {"review_rating": [0.1, 0.3]}
    assert scenario.changes[6]["change"] == ["-15%", "-5%"]
    assert scenario.changes[6]["probability"] == pytest.approx(0.4)
    edit = browser.get(f"/scenarios/{scenario.pk}/").content.decode()
    # things by their names, money in the currency (a walk-through read "Move 3,000 a year
    # from email_blasts to pattern_course")
    assert (
        "Move $2,000 a year from “Cheap flour” to “Back to good flour” from September 2026" in edit
    )
    assert (
        "A chain opens next door: “Average review rating” change by -15% to -5% for 6 months"
        in edit
    )
    # remove one
    browser.post(f"/scenarios/{scenario.pk}/changes/2/remove/")
    scenario.refresh_from_db()
    assert "stop" not in [c["kind"] for c in scenario.changes]


def test_a_bad_change_is_refused_with_every_problem_placed_and_nothing_stored(org, login) -> None:
    browser = login(org.manager)
    browser.post("/scenarios/new/", {"name": "Good flour"})
    scenario = _saved(org)
    r = browser.post(
        f"/scenarios/{scenario.pk}/changes/",
        {"kind": "move_budget", "move_budget-source": "cheap_flour",
         "move_budget-target": "cheap_flour", "move_budget-amount": "999999",
         "move_budget-when": "soon"},
    )  # fmt: skip
    assert r.status_code == 400
    body = r.content.decode()
    assert "changes[0].to: a budget moves between two different initiatives" in body
    assert "changes[0].amount: 999,999 is more than the budget of &#x27;cheap_flour&#x27;" in body
    assert "changes[0].when: &#x27;soon&#x27; is not a month like 2026-09" in body
    scenario.refresh_from_db()
    assert scenario.changes == []


def test_names_are_unique_and_baseline_is_taken(org, login) -> None:
    browser = login(org.manager)
    browser.post("/scenarios/new/", {"name": "Good flour"})
    r = browser.post("/scenarios/new/", {"name": "good FLOUR"})
    assert r.status_code == 400 and "is used by another scenario" in r.content.decode()
    r = browser.post("/scenarios/new/", {"name": "Baseline"})
    assert r.status_code == 400 and "baseline is the name of the scenario without changes" in (
        r.content.decode()
    )


def test_rename_and_delete(org, login) -> None:
    from coxswain.web.scenarios.models import SavedScenario

    browser = login(org.manager)
    browser.post("/scenarios/new/", {"name": "Good flour"})
    scenario = _saved(org)
    browser.post(f"/scenarios/{scenario.pk}/", {"name": "Better flour", "description": "x"})
    scenario.refresh_from_db()
    assert scenario.name == "Better flour" and scenario.description == "x"
    browser.post(f"/scenarios/{scenario.pk}/delete/")
    assert not SavedScenario.objects.for_org(org.org).exists()


def _good_flour(t: Any) -> Any:
    from coxswain.web.scenarios import services

    return services.create_scenario(
        org=t.org,
        name="Good flour",
        description="Back to good flour, and what it costs",
        changes=[
            {"kind": "move_budget", "from": "cheap_flour", "to": "good_flour", "amount": 6000},
            {"kind": "stop", "initiative": "cheap_flour"},
            {"kind": "start", "initiative": "good_flour", "effects": {"review_rating": 0.5}},
        ],
    )


def test_a_comparison_runs_as_a_task_and_the_page_shows_it(org, login) -> None:
    from coxswain.web.scenarios.models import ScenarioRun

    scenario = _good_flour(org)
    browser = login(org.manager)
    r = browser.post("/scenarios/run/", {"scenarios": [str(scenario.pk)], "seed": "7"})
    assert r.status_code == 302
    (run,) = ScenarioRun.objects.for_org(org.org)
    assert run.status == "done", run.error
    assert run.progress == 100 and run.attempts == 1 and run.seed == 7
    result = json.loads(run.result)
    assert [s["name"] for s in result["scenarios"]] == ["baseline", "Good flour"]
    base, good = (s["kpis"][0] for s in result["scenarios"])
    assert good["kpi"] == "review_rating" and good["p_hit"] > base["p_hit"]
    assert result["best"] == "Good flour"
    page = browser.get("/scenarios/").content.decode()
    assert "Chance of hitting each target by its deadline" in page
    assert "Good flour (best)" in page and "Alignment index" in page
    assert 'class="chart fan"' in page and "Average review rating" in page


def test_a_run_is_reproducible_with_its_seed(org) -> None:
    from coxswain.web.scenarios import services
    from coxswain.web.scenarios.models import ScenarioRun

    scenario = _good_flour(org)
    first = services.start_run(org=org.org, user=None, scenario_ids=[scenario.pk], seed=3)
    second = services.start_run(org=org.org, user=None, scenario_ids=[scenario.pk], seed=3)
    a, b = (ScenarioRun.objects.for_org(org.org).get(pk=r.pk) for r in (first, second))
    assert a.status == b.status == "done"
    assert a.result == b.result


def test_at_most_four_scenarios_and_one_run_at_a_time(org, login) -> None:
    from coxswain.web.scenarios import services
    from coxswain.web.scenarios.models import ScenarioRun

    ids = [services.create_scenario(org=org.org, name=f"S{i}").pk for i in range(5)]
    browser = login(org.manager)
    r = browser.post(
        "/scenarios/run/", {"scenarios": ids, "seed": "0"}, headers={"HX-Request": "true"}
    )
    assert "Not started: 5 scenarios chosen; at most 4" in r.content.decode()
    ScenarioRun.objects.create(org=org.org, status="running", heartbeat=_now())
    r = browser.post(
        "/scenarios/run/", {"scenarios": ids[:1], "seed": "0"}, headers={"HX-Request": "true"}
    )
    assert "Not started: a scenario run is already queued or running" in r.content.decode()
    assert ScenarioRun.objects.for_org(org.org).count() == 1


def test_the_run_shows_its_progress_while_it_runs(org, login) -> None:
    from coxswain.web.scenarios.models import ScenarioRun

    run = ScenarioRun.objects.create(
        org=org.org, status="running", progress=50, stage="simulating", heartbeat=_now()
    )
    body = login(org.manager).get(f"/scenarios/runs/{run.pk}/").content.decode()
    assert "simulating" in body and 'value="50"' in body
    assert f'hx-get="/scenarios/runs/{run.pk}/"' in body


def test_a_scenario_that_no_longer_fits_the_workbook_fails_the_run_saying_why(org) -> None:
    from coxswain.web.scenarios import services
    from coxswain.web.scenarios.models import SavedScenario, ScenarioRun

    scenario = _good_flour(org)
    changes = [*scenario.changes, {"kind": "stop", "initiative": "gone"}]
    SavedScenario.objects.for_org(org.org).filter(pk=scenario.pk).update(changes=changes)
    run = services.start_run(org=org.org, user=None, scenario_ids=[scenario.pk])
    run = ScenarioRun.objects.for_org(org.org).get(pk=run.pk)
    assert run.status == "failed" and run.stage == "a scenario no longer fits the workbook"
    assert "'gone' is not an initiative of the workbook" in run.error


def test_an_interrupted_run_is_swept(org) -> None:
    from coxswain.web.scenarios.models import ScenarioRun
    from coxswain.web.scenarios.services import sweep_interrupted_scenario_runs

    old = _now() - dt.timedelta(hours=1)
    dead = ScenarioRun.objects.create(org=org.org, status="running", heartbeat=old, worker="w1")
    alive = ScenarioRun.objects.create(org=org.org, status="running", heartbeat=_now())
    assert sweep_interrupted_scenario_runs(org=org.org) == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == "failed" and "w1" in dead.error
    assert alive.status == "running"


def test_employees_cannot_see_the_page(org, login) -> None:
    browser = login(org.employee)
    assert browser.get("/scenarios/").status_code == 403
    assert browser.post("/scenarios/new/", {"name": "x"}).status_code == 403


def test_the_nav_links_the_page_for_managers(org, login) -> None:
    assert 'href="/scenarios/"' in login(org.manager).get("/scenarios/").content.decode()


def _now() -> dt.datetime:
    from django.utils import timezone

    return timezone.now()


def test_the_report_carries_the_latest_comparison(org, login) -> None:
    from coxswain.web.insights import services as insights
    from coxswain.web.scenarios import services

    insights.start_analysis(org=org.org, user=org.manager.user)
    browser = login(org.manager)
    assert 'id="scenario-comparison"' not in browser.get("/report.html").content.decode()
    scenario = _good_flour(org)
    services.start_run(org=org.org, user=None, scenario_ids=[scenario.pk])
    report = browser.get("/report.html").content.decode()
    assert 'id="scenario-comparison"' in report
    assert "Good flour" in report and "Chance of hitting each target" in report


def test_the_run_analyses_with_the_organisations_own_pseudonym_salt(org, monkeypatch) -> None:
    """Findings a scenario resolves or creates name people as the rest of the app does."""
    from coxswain.scenarios import run as core
    from coxswain.web.scenarios import services

    seen: list[Any] = []
    original = core.setup_from_analysis

    def spy(workbook: Any, **kwargs: Any) -> Any:
        seen.append(kwargs.get("settings"))
        return original(workbook, **kwargs)

    monkeypatch.setattr(core, "setup_from_analysis", spy)
    org.org.refresh_from_db()
    services.start_run(org=org.org, user=None, scenario_ids=[])
    assert org.org.privacy_salt and seen and seen[0].privacy_salt == org.org.privacy_salt
