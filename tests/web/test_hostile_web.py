"""Hostile input through the web: every hostile workbook upload answers 400 with its
problems (never 500) and stores nothing; the API refuses deep, huge and broken JSON bodies
and dates outside 1900–2100 with a message; the editors refuse them through the core."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.hostile.corpus import CASES

pytestmark = pytest.mark.django_db

UPLOADS = [c for c in CASES if c.name.startswith(("zip", "xlsx"))]


@pytest.mark.parametrize("case", UPLOADS, ids=[c.name for c in UPLOADS])
def test_hostile_upload_answers_400_with_the_problems(case, tenant, login, tmp_path: Path) -> None:
    from coxswain.web.strategy.models import Element

    before = sorted(Element.objects.for_org(tenant.org).values_list("slug", flat=True))
    path = case.build(tmp_path, False)
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    response = login(tenant.owner).post(
        reverse("insights:data"), {"form": "upload", "workbook": upload}
    )
    assert response.status_code == 400
    problems = response.context["problems"]
    expect = case.expect
    assert any(expect in p for p in problems), problems
    assert all(p.startswith(path.name) for p in problems), problems  # the owner's file, by name
    assert expect in response.content.decode()
    assert sorted(Element.objects.for_org(tenant.org).values_list("slug", flat=True)) == before


def _api(membership) -> Client:
    from coxswain.web.accounts.services import create_api_token

    token = create_api_token(membership=membership, name="hostile")
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[" * 50_000 + "]" * 50_000, "the body nests lists and objects deeper than 32 levels"),
        ("[" * 40 + "]" * 40, "the body nests lists and objects deeper than 32 levels"),
        ('[{"date": "2026-04-30", ', "the body not valid JSON (Expecting property name"),
        ("[" + "9" * 5000 + "]", "the body not valid JSON (Exceeds the limit (4300 digits)"),
    ],
    ids=["50,000 deep", "40 deep", "cut short", "5,000-digit number"],
)
def test_api_refuses_hostile_json_with_a_message(tenant, body: str, expected: str) -> None:
    response = _api(tenant.manager).post("/api/kpi-values", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith(expected), response.json()


def test_api_refuses_a_body_over_the_size_limit(tenant) -> None:
    from coxswain.workbook.limits import MAX_API_BODY_BYTES

    body = json.dumps([{"date": "2026-04-30", "kpi": "x" * MAX_API_BODY_BYTES, "value": 1}])
    response = _api(tenant.manager).post("/api/kpi-values", body, content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    assert "over the limit" in response.json()["detail"]


def test_api_refuses_year_9999(tenant) -> None:
    from coxswain.web.strategy.models import KpiValue

    c = _api(tenant.manager)
    r = c.post(
        "/api/kpi-values",
        [{"date": "9999-12-31", "kpi": "review_rating", "value": 4.0}],
        content_type="application/json",
    )
    assert r.status_code == 400
    assert any("'9999-12-31' is outside the years 1900–2100" in p for p in r.json()["problems"])
    assert not KpiValue.objects.for_org(tenant.org).filter(date__year=9999).exists()
    r = c.post("/api/analyses", {"as_of": "9999-12-31"}, content_type="application/json")
    assert r.status_code == 422
    assert "9999-12-31 is outside the years 1900–2100" in r.json()["detail"][0]["msg"]


def test_editor_refuses_year_9999_and_control_characters(tenant, login) -> None:
    from coxswain.web.strategy.services import Invalid, save_element, save_person

    kpi = {
        "id": "late",
        "name": "Late",
        "objective": "bread_quality",
        "direction": "up",
        "deadline": "9999-12-31",
    }
    with pytest.raises(Invalid) as refused:
        save_element(org=tenant.org, user=None, kind="kpis", item=kpi)
    assert "outside the years 1900–2100" in str(refused.value.errors)
    with pytest.raises(Invalid) as refused:
        save_element(
            org=tenant.org, user=None, kind="kpis", item={**kpi, "deadline": None, "name": "L\x07"}
        )
    assert "control character (U+0007)" in str(refused.value.errors)
    with pytest.raises(Invalid) as refused:
        save_person(org=tenant.org, user=None, data={"id": "eve", "name": "Eve\x1b[31m"})
    assert "control character (U+001B)" in str(refused.value.errors)
