"""/api/scenarios: a manager's token saves a scenario (refused with every problem placed,
nothing stored), lists, reads and deletes it, compares it with the baseline and reads the
documented JSON; one run at a time (429); employees get 403; another organisation's
scenario or run is 404 (tests/web/test_tenancy.py)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Quicker reviews",
    "description": "What if a chain opens next door?",
    "changes": [
        {"kind": "target", "kpi": "review_rating", "deadline": "2027-06-30"},
        {
            "kind": "shock",
            "name": "A chain opens next door",
            "kpis": ["review_rating"],
            "change": ["-10%", "-5%"],
            "when": "2026-06",
            "months": 6,
            "probability": 0.5,
        },
    ],
}


def _api(membership) -> Client:
    from coxswain.web.accounts.services import create_api_token

    token = create_api_token(membership=membership, name="test")
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_save_list_read_run_and_delete(tenant) -> None:
    c = _api(tenant.manager)
    r = c.post("/api/scenarios", GOOD, content_type="application/json")
    assert r.status_code == 201, r.content
    saved = r.json()
    assert saved["name"] == GOOD["name"] and saved["changes"] == GOOD["changes"]
    assert [s["id"] for s in c.get("/api/scenarios").json()] == [saved["id"]]
    assert c.get(f"/api/scenarios/{saved['id']}").json()["description"] == GOOD["description"]
    r = c.post(
        "/api/scenarios/runs",
        {"scenarios": [saved["id"]], "seed": 5, "paths": 2000},
        content_type="application/json",
    )
    assert r.status_code == 202, r.content
    started = r.json()
    assert started["names"] == ["Quicker reviews"] and started["paths"] == 2000
    assert [x["id"] for x in c.get("/api/scenarios/runs").json()] == [started["id"]]
    got = c.get(f"/api/scenarios/runs/{started['id']}").json()
    assert got["status"] == "done", got["error"]
    result = got["result"]
    assert result["seed"] == 5 and result["paths"] == 2000
    assert [s["name"] for s in result["scenarios"]] == ["baseline", "Quicker reviews"]
    for s in result["scenarios"]:
        assert {"name", "kpis", "index"} <= set(s)
        for k in s["kpis"]:
            assert {"kpi", "p_hit", "p10", "p50", "p90"} <= set(k)
    assert c.delete(f"/api/scenarios/{saved['id']}").status_code == 204
    assert c.get("/api/scenarios").json() == []
    assert c.get(f"/api/scenarios/{saved['id']}").status_code == 404


def test_a_bad_scenario_is_400_with_every_problem_placed(tenant) -> None:
    c = _api(tenant.manager)
    bad = {
        "name": "Bad",
        "changes": [
            {"kind": "move_budget", "from": "cheap_flour", "to": "nowhere", "amount": -1},
            {"kind": "shock", "kpis": ["review_rating"], "change": "a lot"},
            {"kind": "teleport"},
        ],
    }
    r = c.post("/api/scenarios", bad, content_type="application/json")
    assert r.status_code == 400, r.content
    problems = r.json()["problems"]
    assert any(
        p.startswith("scenario: changes[0].to: 'nowhere' is not an initiative") for p in problems
    )
    assert any("changes[0].amount: -1 is below 0" in p for p in problems)
    assert any("changes[1].change: 'a lot' is not an effect" in p for p in problems)
    assert any("changes[2].kind: kind 'teleport' is not one of" in p for p in problems)
    assert c.get("/api/scenarios").json() == []  # nothing stored


def test_running_an_unknown_scenario_is_400_and_one_at_a_time_is_429(tenant, other_tenant) -> None:
    from django.utils import timezone

    from coxswain.web.scenarios import services
    from coxswain.web.scenarios.models import ScenarioRun

    theirs = services.create_scenario(org=other_tenant.org, name="Theirs")
    c = _api(tenant.manager)
    r = c.post("/api/scenarios/runs", {"scenarios": [theirs.pk]}, content_type="application/json")
    assert r.status_code == 400 and "no such scenario" in r.json()["problems"][0]
    ScenarioRun.objects.create(org=tenant.org, status="running", heartbeat=timezone.now())
    r = c.post("/api/scenarios/runs", {}, content_type="application/json")
    assert r.status_code == 429 and "already queued or running" in r.json()["detail"]


def test_employees_cannot_use_scenarios(tenant) -> None:
    c = _api(tenant.employee)
    assert c.get("/api/scenarios").status_code == 403
    assert c.post("/api/scenarios", GOOD, content_type="application/json").status_code == 403
    assert c.post("/api/scenarios/runs", {}, content_type="application/json").status_code == 403
