"""A client driven by the OpenAPI document alone: every object of the API for integrations
round-trips through the document's operations (found by path and method, called in-process
through WSGI), and every answer is checked against the document (status code, content type
and schema), so that a client generated from it works."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.web.test_api_objects import KINDS, NEW

pytestmark = pytest.mark.django_db
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
CHECKS = [status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def call(tenant, keep_connection):  # keep_connection: tests/web/conftest.py
    """``call(method, path, body=…, **path_parameters)``: the document's operation, called
    with a manager's token, its answer validated against the document."""
    from coxswain.web.accounts.services import create_api_token

    headers = {"Authorization": f"Bearer {create_api_token(membership=tenant.manager, name='c')}"}

    def do(method: str, path: str, body: Any = None, query: Any = None, **params: Any) -> Any:
        operation = schema[path][method]
        kwargs: dict[str, Any] = {"path_parameters": params}
        if query is not None:
            kwargs["query"] = query
        if body is not None:
            kwargs["body"] = body
            kwargs["media_type"] = "application/json"
        case = operation.Case(**kwargs)
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)
        return response

    return do


@pytest.mark.parametrize("kind", KINDS)
def test_every_strategy_element_round_trips_through_the_document(call, kind) -> None:
    item = NEW[kind]
    one = f"/api/strategy/{kind}/{{slug}}"
    assert call("POST", f"/api/strategy/{kind}", item).status_code == 201
    got = call("GET", one, slug=item["id"]).json()
    assert got == {**got, **{k: v for k, v in item.items() if k != "key_results"}}
    assert call("PUT", one, got, slug=item["id"]).status_code == 200
    assert item["id"] in [e["id"] for e in call("GET", f"/api/strategy/{kind}").json()]
    assert call("DELETE", one, slug=item["id"]).status_code == 204
    assert call("GET", one, slug=item["id"]).status_code == 404


def test_a_refused_write_matches_the_document(call) -> None:
    r = call("POST", "/api/strategy/kpis", {**NEW["kpis"], "objective": "nope"})
    assert r.status_code == 400 and r.json()["fields"]["objective"]


def test_company_people_actions_and_dismissals_round_trip_through_the_document(
    call, tenant
) -> None:
    from coxswain.web.insights.models import AnalysisRun

    company = call("GET", "/api/company").json()
    assert (
        call("PUT", "/api/company", {**company, "vision": "Bread for all."}).json()["vision"]
        == "Bread for all."
    )

    person = {"id": "cat", "name": "Cat", "team": "bakers"}
    assert call("POST", "/api/people", person).status_code == 201
    got = call("GET", "/api/people/{slug}", slug="cat").json()
    changed = {k: v for k, v in got.items() if k != "label"} | {"role": "counter"}
    assert call("PUT", "/api/people/{slug}", changed, slug="cat").json()["role"] == "counter"
    assert "cat" in [p["id"] for p in call("GET", "/api/people").json()]

    action = call("POST", "/api/actions", {"title": "Train", "due": "2026-12-01", "person": "bob"})
    assert action.status_code == 201
    pk = action.json()["id"]
    assert (
        call("PATCH", "/api/actions/{action_id}", {"done": True}, action_id=pk).json()["status"]
        == "done"
    )
    assert call("GET", "/api/actions/{action_id}", action_id=pk).json()["id"] == pk
    assert [a["id"] for a in call("GET", "/api/actions").json()] == [pk]

    AnalysisRun.objects.create(
        org=tenant.org,
        status="done",
        result={
            "findings": [
                {
                    "id": "silo:bakers",
                    "kind": "silo",
                    "severity": "low",
                    "subjects": ["bakers"],
                    "title": "t",
                    "evidence": {},
                }
            ]
        },
    )
    made = call("POST", "/api/dismissals", {"finding_id": "silo:bakers", "reason": "known"})
    assert made.status_code == 201
    assert [d["id"] for d in call("GET", "/api/dismissals").json()] == [made.json()["id"]]
    assert call("GET", "/api/checkins").status_code == 200


def test_comments_and_notifications_round_trip_through_the_document(call, tenant) -> None:
    """A comment on a goal, read back; the owner it @mentions has a notification, which the
    caller can neither read nor mark (404)."""
    from coxswain.web.collab.models import Notification

    owner = tenant.owner.user.username
    body = {"subject": "goal", "ref": "g_bakers", "body": f"Over to you, @{owner}"}
    posted = call("POST", "/api/comments", body)
    assert posted.status_code == 201 and posted.json()["told"] == [owner]
    got = call("GET", "/api/comments", query={"subject": "goal", "ref": "g_bakers"}).json()
    assert [(c["id"], c["body"]) for c in got] == [(posted.json()["id"], body["body"])]
    assert call("GET", "/api/notifications").json() == []  # the caller (a manager) was not named
    note = Notification.objects.for_org(tenant.org).get(recipient=tenant.owner)
    assert call("POST", "/api/notifications/read", {"id": note.pk}).status_code == 404
    assert call("POST", "/api/notifications/read", {}).json() == {"marked": 0}
    assert call("GET", "/api/comments", query={"subject": "goal", "ref": "nope"}).status_code == 404
