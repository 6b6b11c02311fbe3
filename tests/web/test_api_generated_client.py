"""The Python client generated from the OpenAPI document (clients/python, `make api-client`),
used as an integrator uses it: every object the API edits round-trips through the client's
own models (create, read, update, list and delete where the API has them), a refused write
and another organisation's object come back as the document's error models, and any status
the document does not list raises (``raise_on_unexpected_status``).

The client speaks httpx; here httpx's WSGITransport hands its requests to Django in-process,
inside the test's transaction (``keep_connection``). The committed client is only as good as
the document it came from: the first test fails while the live document differs from
clients/openapi.json."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from coxswain_api_client import AuthenticatedClient, models
from coxswain_api_client.api.actions import create_action, get_action, list_actions, update_action
from coxswain_api_client.api.analysis import list_kpi_statuses, push_kpi_values
from coxswain_api_client.api.check_ins import create_checkin, list_checkins
from coxswain_api_client.api.comments import (
    create_comment,
    delete_comment,
    get_comment,
    list_comments,
    list_notifications,
    mark_notifications_read,
    update_comment,
)
from coxswain_api_client.api.findings import create_dismissal, list_dismissals
from coxswain_api_client.api.people import create_person, get_person, list_people, update_person
from coxswain_api_client.api.reviews import create_review, list_reviews
from coxswain_api_client.api.scenarios import (
    create_scenario,
    delete_scenario,
    get_scenario,
    list_scenarios,
)
from coxswain_api_client.api.strategy import get_company, update_company
from coxswain_api_client.types import Response
from django.core.wsgi import get_wsgi_application

from tests.web.test_api_objects import KINDS, NEW
from tests.web.test_api_scenarios import GOOD as SCENARIO

pytestmark = pytest.mark.django_db

DOCUMENT = Path(__file__).resolve().parents[2] / "clients" / "openapi.json"

# The generated model of each kind of strategy element.
MODELS: dict[str, Any] = {
    "values": models.Value,
    "objectives": models.Objective,
    "kpis": models.Kpi,
    "teams": models.Team,
    "initiatives": models.Initiative,
    "goals": models.Goal,
    "automations": models.Automation,
    "capabilities": models.Capability,
}


def _strategy(verb: str, kind: str) -> Any:
    """The generated module of one strategy operation: ``list_goals``, and in the singular
    ``create_goal``, ``get_goal``, ``update_goal``, ``delete_goal``."""
    from coxswain.web.strategy.models import Kind

    name = kind if verb == "list" else Kind(kind).name
    return importlib.import_module(f"coxswain_api_client.api.strategy.{verb}_{name}")


def _ok(response: Response[Any], status: int) -> Any:
    """The parsed answer, after checking its status; an answer that is a model of the
    document has no field the document leaves out."""
    assert response.status_code == status, response.content
    parsed = response.parsed
    for item in parsed if isinstance(parsed, list) else [parsed]:
        assert getattr(item, "additional_properties", {}) == {}, item
    return parsed


def _as_sent(answer: Any, sent: Any) -> Any:
    """The answer cut to the fields that were sent, at every depth (an answer also has the
    fields left out, with the document's defaults): equal to ``sent.to_dict()`` when the
    object round-tripped."""

    def cut(got: Any, put: Any) -> Any:
        if isinstance(got, dict) and isinstance(put, dict):
            return {k: cut(v, put[k]) for k, v in got.items() if k in put}
        if isinstance(got, list) and isinstance(put, list) and len(got) == len(put):
            return [cut(g, q) for g, q in zip(got, put, strict=True)]
        return got

    return cut(answer.to_dict(), sent.to_dict())


def _not_found(response: Response[Any]) -> None:
    assert response.status_code == 404, response.content
    assert isinstance(response.parsed, models.ErrorOut) and response.parsed.detail


@pytest.fixture
def api_client(keep_connection: None) -> Any:
    """``api_client(membership)``: the generated client with a new token of that member,
    talking to Django in-process."""
    from coxswain.web.accounts.services import create_api_token

    app = get_wsgi_application()

    def make(membership: Any) -> AuthenticatedClient:
        return AuthenticatedClient(
            base_url="http://testserver",
            token=create_api_token(membership=membership, name="generated client"),
            raise_on_unexpected_status=True,
            httpx_args={"transport": httpx.WSGITransport(app=app)},
        )

    return make


def test_the_committed_client_is_generated_from_the_live_document() -> None:
    from ninja.responses import NinjaJSONEncoder

    from coxswain.web.api.api import api

    live = json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))
    committed = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    added = sorted(set(live["paths"]) - set(committed["paths"]))
    gone = sorted(set(committed["paths"]) - set(live["paths"]))
    assert live == committed, (
        "the API's OpenAPI document is not the one clients/python was generated from "
        f"(new paths: {added or 'none'}; paths gone: {gone or 'none'}; or a changed "
        "operation or schema): run make api-client and commit clients/"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_every_strategy_element_round_trips_through_the_generated_client(
    api_client, tenant, kind
) -> None:
    c = api_client(tenant.manager)
    sent = MODELS[kind].from_dict(NEW[kind])
    slug = sent.id

    created = _ok(_strategy("create", kind).sync_detailed(client=c, body=sent), 201)
    assert _as_sent(created, sent) == sent.to_dict()
    got = _ok(_strategy("get", kind).sync_detailed(slug, client=c), 200)
    assert got == created

    field = "name" if hasattr(got, "name") else "title"
    setattr(got, field, "Renamed")
    updated = _ok(_strategy("update", kind).sync_detailed(slug, client=c, body=got), 200)
    assert updated == got
    assert _ok(_strategy("get", kind).sync_detailed(slug, client=c), 200) == got
    assert got in _ok(_strategy("list", kind).sync_detailed(client=c), 200)

    _ok(_strategy("delete", kind).sync_detailed(slug, client=c), 204)
    _not_found(_strategy("get", kind).sync_detailed(slug, client=c))
    assert slug not in [e.id for e in _ok(_strategy("list", kind).sync_detailed(client=c), 200)]


def test_a_goals_key_results_round_trip_and_take_check_ins(api_client, tenant) -> None:
    """Key results travel inside their goal: one added and one changed through the goal's
    PUT read back as sent; a check-in by the employee (bob, of the bakers) moves the key
    result's current value, and the check-in is listed for bob and his manager."""
    manager, bob = api_client(tenant.manager), api_client(tenant.employee)
    goal = _ok(_strategy("get", "goals").sync_detailed("g_bakers", client=manager), 200)
    goal.key_results[0].target = 99
    goal.key_results.append(models.KeyResult(title="Loaves sold", start=100, target=500))
    updated = _ok(
        _strategy("update", "goals").sync_detailed("g_bakers", client=manager, body=goal), 200
    )
    assert _as_sent(updated, goal) == goal.to_dict()
    assert [kr.title for kr in updated.key_results] == ["Loaves passing the check", "Loaves sold"]

    body = models.CheckInIn(
        date=dt.date(2026, 5, 1),
        updates=[
            models.KrUpdateIn(goal="g_bakers", key_result=0, value=90, confidence=4),
            models.KrUpdateIn(goal="g_bakers", key_result=1, value=180),
        ],
    )
    stored = _ok(create_checkin.sync_detailed(client=bob, body=body), 201)
    assert [(s.key_result, s.value, s.person, s.date) for s in stored] == [
        (0, 90, "bob", dt.date(2026, 5, 1)),
        (1, 180, "bob", dt.date(2026, 5, 1)),
    ]
    after = _ok(_strategy("get", "goals").sync_detailed("g_bakers", client=manager), 200)
    assert [kr.current for kr in after.key_results] == [90, 180]
    for reader in (bob, manager):
        listed = _ok(list_checkins.sync_detailed(client=reader), 200)
        assert sorted(x.id for x in listed) == sorted(s.id for s in stored)


def test_a_refused_write_comes_back_as_placed_problems(api_client, tenant) -> None:
    c = api_client(tenant.manager)
    before = _ok(_strategy("list", "kpis").sync_detailed(client=c), 200)
    bad = models.Kpi.from_dict({**NEW["kpis"], "objective": "no_such_objective"})
    refused = _ok(_strategy("create", "kpis").sync_detailed(client=c, body=bad), 400)
    assert isinstance(refused, models.PlacedProblemsOut)
    assert "nothing was stored" in refused.detail
    assert any("no_such_objective" in m for m in refused.fields["objective"])
    assert _ok(_strategy("list", "kpis").sync_detailed(client=c), 200) == before

    values = [models.KpiValueIn(date=dt.date(2026, 4, 30), kpi="no_such_kpi", value=1)]
    refused_values = _ok(push_kpi_values.sync_detailed(client=c, body=values), 400)
    assert isinstance(refused_values, models.ErrorOut)
    assert any("no_such_kpi" in p for p in refused_values.problems)


def test_another_organisations_objects_are_404_through_the_generated_client(
    api_client, tenant, other_tenant
) -> None:
    mine = api_client(tenant.manager)
    theirs = api_client(other_tenant.manager)
    value = models.Value.from_dict(NEW["values"])
    _ok(_strategy("create", "values").sync_detailed(client=mine, body=value), 201)
    person = models.PersonIn(id="cat", name="Cat", team="bakers")
    _ok(create_person.sync_detailed(client=mine, body=person), 201)
    action = _ok(
        create_action.sync_detailed(
            client=mine, body=models.ActionIn(title="Train", due=dt.date(2026, 12, 1), person="bob")
        ),
        201,
    )

    _not_found(_strategy("get", "values").sync_detailed(value.id, client=theirs))
    _not_found(_strategy("update", "values").sync_detailed(value.id, client=theirs, body=value))
    _not_found(_strategy("delete", "values").sync_detailed(value.id, client=theirs))
    _not_found(get_person.sync_detailed("cat", client=theirs))
    _not_found(update_person.sync_detailed("cat", client=theirs, body=person))
    _not_found(get_action.sync_detailed(action.id, client=theirs))
    done = models.ActionUpdateIn(done=True)
    _not_found(update_action.sync_detailed(action.id, client=theirs, body=done))
    assert _ok(get_action.sync_detailed(action.id, client=mine), 200).status == "open"
    assert _ok(_strategy("get", "values").sync_detailed(value.id, client=mine), 200) == value


def test_people_round_trip_through_the_generated_client(api_client, tenant) -> None:
    c = api_client(tenant.manager)
    sent = models.PersonIn(
        id="cat",
        name="Cat",
        team="bakers",
        role="baker",
        manager="ann",
        hired=dt.date(2024, 9, 1),
        skills="sales:3",
        training_hours=4,
    )
    created = _ok(create_person.sync_detailed(client=c, body=sent), 201)
    assert created.label
    assert _as_sent(created, sent) == sent.to_dict()
    got = _ok(get_person.sync_detailed("cat", client=c), 200)
    assert got == created

    sent.role = "counter"
    updated = _ok(update_person.sync_detailed("cat", client=c, body=sent), 200)
    assert updated.role == "counter"
    assert _ok(get_person.sync_detailed("cat", client=c), 200) == updated
    assert updated in _ok(list_people.sync_detailed(client=c), 200)


def test_actions_round_trip_through_the_generated_client(api_client, tenant) -> None:
    manager, bob = api_client(tenant.manager), api_client(tenant.employee)
    sent = models.ActionIn(title="Train Bob", due=dt.date(2026, 12, 1), person="bob")
    created = _ok(create_action.sync_detailed(client=manager, body=sent), 201)
    assert (created.title, created.due, created.person, created.status) == (
        "Train Bob",
        dt.date(2026, 12, 1),
        "bob",
        "open",
    )
    assert created.owner == tenant.employee.pk
    assert _ok(get_action.sync_detailed(created.id, client=manager), 200) == created
    assert [a.id for a in _ok(list_actions.sync_detailed(client=bob), 200)] == [created.id]

    closed = _ok(
        update_action.sync_detailed(created.id, client=bob, body=models.ActionUpdateIn(done=True)),
        200,
    )
    assert closed.status == "done"
    assert _ok(list_actions.sync_detailed(client=manager), 200) == [closed]

    # A manager changes its title, assignee and due date; the fields left out stay.
    change = models.ActionUpdateIn(
        title="Train Bob in sourdough", due=dt.date(2027, 1, 15), owner=tenant.owner.pk
    )
    changed = _ok(update_action.sync_detailed(created.id, client=manager, body=change), 200)
    assert (changed.title, changed.due, changed.owner, changed.person, changed.status) == (
        "Train Bob in sourdough",
        dt.date(2027, 1, 15),
        tenant.owner.pk,
        None,
        "done",
    )
    assert _ok(get_action.sync_detailed(created.id, client=manager), 200) == changed
    back = _ok(
        update_action.sync_detailed(
            created.id, client=manager, body=models.ActionUpdateIn(person="bob", done=False)
        ),
        200,
    )
    assert (back.person, back.owner, back.status) == ("bob", tenant.employee.pk, "open")
    # Refused: every problem placed, nothing changed; an owner may not change it.
    refused = _ok(
        update_action.sync_detailed(
            created.id,
            client=manager,
            body=models.ActionUpdateIn(person="nobody", due=dt.date(9999, 1, 1)),
        ),
        400,
    )
    assert isinstance(refused, models.PlacedProblemsOut)
    assert set(refused.fields.additional_properties) == {"person", "due"}
    forbidden = _ok(
        update_action.sync_detailed(
            created.id, client=bob, body=models.ActionUpdateIn(due=dt.date(2027, 2, 1))
        ),
        403,
    )
    assert isinstance(forbidden, models.ErrorOut)
    assert _ok(get_action.sync_detailed(created.id, client=manager), 200) == back


def test_comments_and_notifications_round_trip_through_the_generated_client(
    api_client, tenant
) -> None:
    manager, owner = api_client(tenant.manager), api_client(tenant.owner)
    username = tenant.owner.user.username
    sent = models.CommentIn(
        subject=models.Subject.GOAL, ref="g_bakers", body=f"New figures are in, @{username}"
    )
    posted = _ok(create_comment.sync_detailed(client=manager, body=sent), 201)
    assert (posted.subject, posted.ref, posted.body) == (sent.subject, sent.ref, sent.body)
    assert posted.told == [username] and posted.not_told == [] and posted.unknown == []

    listed = _ok(
        list_comments.sync_detailed(
            client=owner, subject=models.ListCommentsSubject.GOAL, ref="g_bakers"
        ),
        200,
    )
    assert [(c.id, c.body, c.created) for c in listed] == [(posted.id, posted.body, posted.created)]

    assert _ok(list_notifications.sync_detailed(client=manager), 200) == []
    [note] = _ok(list_notifications.sync_detailed(client=owner, unread=True), 200)
    assert note.kind == "mention" and note.read is None
    marked = _ok(
        mark_notifications_read.sync_detailed(client=owner, body=models.MarkReadIn(id=note.id)), 200
    )
    assert marked.marked == 1
    assert _ok(list_notifications.sync_detailed(client=owner, unread=True), 200) == []
    [read] = _ok(list_notifications.sync_detailed(client=owner), 200)
    assert read.id == note.id and read.read is not None
    _not_found(
        mark_notifications_read.sync_detailed(client=manager, body=models.MarkReadIn(id=note.id))
    )

    # Its author edits it: marked edited; only the newly mentioned member is told (bob),
    # not the owner again.
    bob = tenant.employee.user.username
    edit = models.CommentUpdateIn(body=f"New figures are in, @{username} and @{bob}")
    edited = _ok(update_comment.sync_detailed(posted.id, client=manager, body=edit), 200)
    assert edited.body == edit.body and edited.edited is not None
    assert edited.told == [bob] and edited.not_told == [] and edited.unknown == []
    got = _ok(get_comment.sync_detailed(posted.id, client=owner), 200)
    assert (got.body, got.edited) == (edited.body, edited.edited)
    assert _ok(list_notifications.sync_detailed(client=owner, unread=True), 200) == []
    refused = _ok(update_comment.sync_detailed(posted.id, client=owner, body=edit), 403)
    assert isinstance(refused, models.ErrorOut)
    empty = models.CommentUpdateIn(body=" ")
    assert isinstance(
        _ok(update_comment.sync_detailed(posted.id, client=manager, body=empty), 400),
        models.PlacedProblemsOut,
    )
    # An owner deletes it (any comment of the organisation); then it is gone.
    assert delete_comment.sync_detailed(posted.id, client=owner).status_code == 204
    _not_found(get_comment.sync_detailed(posted.id, client=manager))
    assert (
        _ok(
            list_comments.sync_detailed(
                client=owner, subject=models.ListCommentsSubject.GOAL, ref="g_bakers"
            ),
            200,
        )
        == []
    )


def test_dismissals_round_trip_through_the_generated_client(api_client, tenant) -> None:
    from coxswain.web.insights.models import AnalysisRun

    finding = {
        "id": "silo:bakers",
        "kind": "silo",
        "severity": "low",
        "subjects": ["bakers"],
        "title": "t",
        "evidence": {},
    }
    AnalysisRun.objects.create(org=tenant.org, status="done", result={"findings": [finding]})
    c = api_client(tenant.manager)
    sent = models.DismissalIn(finding_id="silo:bakers", reason="known, and planned for")
    made = _ok(create_dismissal.sync_detailed(client=c, body=sent), 201)
    assert (made.finding_id, made.reason, made.kind, made.subjects) == (
        "silo:bakers",
        sent.reason,
        "silo",
        ["bakers"],
    )
    assert _ok(list_dismissals.sync_detailed(client=c), 200) == [made]
    gone = models.DismissalIn(finding_id="silo:nowhere", reason="x")
    _not_found(create_dismissal.sync_detailed(client=c, body=gone))


def test_kpi_values_round_trip_through_the_generated_client(api_client, tenant) -> None:
    """Pushed values read back as the KPI's latest; the same date pushed again replaces."""
    c = api_client(tenant.manager)
    day = dt.date(2026, 4, 30)
    for value in (4.05, 4.7):
        body = [models.KpiValueIn(date=day, kpi="review_rating", value=value)]
        assert _ok(push_kpi_values.sync_detailed(client=c, body=body), 200).stored == 1
        [kpi] = _ok(list_kpi_statuses.sync_detailed(client=c), 200)
        assert (kpi.id, kpi.latest_date, kpi.latest_value) == ("review_rating", day, value)


def test_company_reviews_and_scenarios_round_trip_through_the_generated_client(
    api_client, tenant
) -> None:
    manager, owner = api_client(tenant.manager), api_client(tenant.owner)
    profile = _ok(get_company.sync_detailed(client=manager), 200)
    sent = models.ProfileIn.from_dict({**profile.to_dict(), "mission": "Bread for everyone."})
    updated = _ok(update_company.sync_detailed(client=manager, body=sent), 200)
    assert updated.to_dict() == {**profile.to_dict(), "mission": "Bread for everyone."}
    assert _ok(get_company.sync_detailed(client=manager), 200) == updated

    review = models.ReviewIn(
        date=dt.date(2026, 5, 1), kind=models.ReviewKind.QUARTERLY, decisions=3, notes="Q2"
    )
    held = _ok(create_review.sync_detailed(client=owner, body=review), 201)
    assert (held.date, held.kind, held.decisions, held.notes) == (
        review.date,
        "quarterly",
        3,
        "Q2",
    )
    assert _ok(list_reviews.sync_detailed(client=manager), 200) == [held]

    scenario = models.ScenarioIn.from_dict(SCENARIO)
    saved = _ok(create_scenario.sync_detailed(client=manager, body=scenario), 201)
    assert [ch.to_dict() for ch in saved.changes] == SCENARIO["changes"]
    assert _ok(get_scenario.sync_detailed(saved.id, client=manager), 200) == saved
    assert _ok(list_scenarios.sync_detailed(client=manager), 200) == [saved]
    _ok(delete_scenario.sync_detailed(saved.id, client=manager), 204)
    _not_found(get_scenario.sync_detailed(saved.id, client=manager))
