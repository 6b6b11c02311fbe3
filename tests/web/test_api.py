"""The JSON API: token auth (hashed), pushing KPI values, reading findings, roles."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _api(membership) -> Client:
    from coxswain.web.accounts.services import create_api_token

    token = create_api_token(membership=membership, name="test")
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_tokens_are_stored_hashed(tenant) -> None:
    from coxswain.web.accounts.models import ApiToken
    from coxswain.web.accounts.services import create_api_token

    token = create_api_token(membership=tenant.owner, name="ci")
    row = ApiToken.objects.for_org(tenant.org).get(name="ci")
    assert token not in (row.token_hash, row.prefix) and len(row.token_hash) == 64
    assert token.startswith(row.prefix)


def test_without_or_with_a_wrong_token_401(tenant) -> None:
    assert Client().get("/api/findings").status_code == 401
    assert (
        Client(headers={"Authorization": "Bearer cxs_wrong"}).get("/api/findings").status_code
        == 401
    )


def test_revoked_token_is_refused(tenant) -> None:
    from coxswain.web.accounts.models import ApiToken
    from coxswain.web.accounts.services import revoke_api_token

    c = _api(tenant.manager)
    assert c.get("/api/kpis").status_code == 200
    revoke_api_token(token=ApiToken.objects.for_org(tenant.org).get())
    assert c.get("/api/kpis").status_code == 401


def test_push_kpi_values_then_read_them(tenant) -> None:
    c = _api(tenant.manager)
    r = c.post(
        "/api/kpi-values",
        [{"date": "2026-04-30", "kpi": "review_rating", "value": 4.05}],
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json() == {"stored": 1}
    kpis = c.get("/api/kpis").json()
    assert (
        kpis[0]["id"] == "review_rating"
        and kpis[0]["latest_value"] == 4.05
        and kpis[0]["latest_date"] == "2026-04-30"
    )


def test_bad_kpi_values_are_refused_whole(tenant) -> None:
    from coxswain.web.strategy.models import KpiValue

    c = _api(tenant.manager)
    n = KpiValue.objects.for_org(tenant.org).count()
    r = c.post(
        "/api/kpi-values",
        [
            {"date": "2026-04-30", "kpi": "review_rating", "value": 4.0},
            {"date": "2026-04-30", "kpi": "no_such_kpi", "value": 1},
        ],
        content_type="application/json",
    )
    assert r.status_code == 400 and "no_such_kpi" in r.json()["problems"][0]
    assert KpiValue.objects.for_org(tenant.org).count() == n


def test_start_an_analysis_and_read_findings(tenant) -> None:
    c = _api(tenant.manager)
    r = c.post("/api/analyses", {}, content_type="application/json")
    assert r.status_code == 202
    run = c.get(f"/api/analyses/{r.json()['id']}").json()
    assert run["status"] == "done" and run["as_of"] == "2026-03-31"
    body = c.get("/api/findings").json()
    assert body["as_of"] == "2026-03-31" and isinstance(body["findings"], list)
    # the stories group the findings: each finding in exactly one of them
    assert body["findings"] and body["stories"]
    told = [f for story in body["stories"] for f in story["findings"]]
    assert sorted(told) == sorted(f["id"] for f in body["findings"])
    assert all(s["id"].startswith("story:") and s["first_step"] for s in body["stories"])


def test_employee_token_cannot_push_or_read_findings(tenant) -> None:
    c = _api(tenant.employee)
    assert c.get("/api/findings").status_code == 403
    r = c.post(
        "/api/kpi-values",
        [{"date": "2026-04-30", "kpi": "review_rating", "value": 4}],
        content_type="application/json",
    )
    assert r.status_code == 403
    assert c.get("/api/kpis").status_code == 200  # the company strategy is theirs to see


def test_openapi_schema_and_docs(db) -> None:
    schema = Client().get("/api/openapi.json").json()
    assert {"/api/kpi-values", "/api/findings", "/api/kpis"} <= set(schema["paths"])
    assert Client().get("/api/docs").status_code == 200
