"""The API for integrations: every object the web app edits, read and written through the
same services as the web (whole-workbook validation, nothing stored on a refusal), with the
pages' roles and the token's organisation only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

KINDS = (
    "values",
    "objectives",
    "kpis",
    "teams",
    "initiatives",
    "goals",
    "automations",
    "capabilities",
)


def _api(membership) -> Client:
    from coxswain.web.accounts.services import create_api_token

    token = create_api_token(membership=membership, name="test")
    return Client(headers={"Authorization": f"Bearer {token}"})


def _json(c: Client, method: str, url: str, body) -> object:
    return getattr(c, method)(url, body, content_type="application/json")


# One new element of each kind, valid in the sample workbook (conftest.COMPANY).
NEW = {
    "values": {"id": "honesty", "name": "Honesty", "statement": "We say what is in the bread."},
    "objectives": {
        "id": "fast_service",
        "name": "Fast service",
        "perspective": "internal",
        "weight": 0.1,
        "drivers": ["baker_skill"],
        "lag_months": 2,
    },
    "kpis": {
        "id": "queue_minutes",
        "name": "Minutes in the queue",
        "objective": "bread_quality",
        "direction": "down",
        "target": 3,
    },
    "teams": {"id": "counter", "name": "Counter"},
    "initiatives": {
        "id": "sourdough_course",
        "name": "Sourdough course",
        "owner": "bakers",
        "objectives": ["baker_skill"],
        "effects": {"baker_skill": 2},
        "budget": 400,
    },
    "goals": {
        "id": "g_counter",
        "owner": "bakers",
        "parent": "bread_quality",
        "title": "Shorter queues",
        "period": "2026-Q4",
        "key_results": [{"title": "Average wait", "start": 8, "target": 3, "current": 6}],
    },
    "automations": {"id": "order_bot", "name": "Order bot", "objectives": ["margin"]},
    "capabilities": {"id": "sourdough", "name": "Sourdough", "min_people": 1},
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_element_kind_round_trips(tenant, kind) -> None:
    """Create, read, list, replace and delete one element of each kind; each change is in
    the strategy's change log, as a change in the web editor is."""
    from coxswain.web.strategy.models import Element, StrategyChange

    c = _api(tenant.manager)
    item = NEW[kind]
    r = _json(c, "post", f"/api/strategy/{kind}", item)
    assert r.status_code == 201, r.content
    assert r.json()["id"] == item["id"]
    stored = Element.objects.for_org(tenant.org).get(kind=kind, slug=item["id"])
    assert stored.data["name" if "name" in item else "title"] == item.get("name", item.get("title"))
    assert item["id"] in [e["id"] for e in c.get(f"/api/strategy/{kind}").json()]
    assert c.get(f"/api/strategy/{kind}/{item['id']}").json()["id"] == item["id"]

    field = "name" if "name" in item else "title"
    changed = {**item, field: "Renamed"}
    r = _json(c, "put", f"/api/strategy/{kind}/{item['id']}", changed)
    assert r.status_code == 200 and r.json()[field] == "Renamed"
    stored.refresh_from_db()
    assert stored.data[field] == "Renamed"

    assert c.delete(f"/api/strategy/{kind}/{item['id']}").status_code == 204
    assert not Element.objects.for_org(tenant.org).filter(slug=item["id"]).exists()
    assert c.get(f"/api/strategy/{kind}/{item['id']}").status_code == 404
    actions = list(
        StrategyChange.objects.for_org(tenant.org)
        .filter(slug=item["id"])
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]


def test_a_write_that_breaks_the_workbook_is_refused_whole_with_placed_problems(tenant) -> None:
    from coxswain.web.strategy.models import Element, StrategyChange

    c = _api(tenant.manager)
    before = (
        Element.objects.for_org(tenant.org).count(),
        StrategyChange.objects.for_org(tenant.org).count(),
    )
    bad = {**NEW["kpis"], "objective": "no_such_objective"}
    r = _json(c, "post", "/api/strategy/kpis", bad)
    assert r.status_code == 400
    body = r.json()
    assert "nothing was stored" in body["detail"]
    assert any("no_such_objective" in m for m in body["fields"]["objective"])
    assert any(p.startswith("objective: ") for p in body["problems"])
    after = (
        Element.objects.for_org(tenant.org).count(),
        StrategyChange.objects.for_org(tenant.org).count(),
    )
    assert after == before


def test_a_goal_refused_for_its_key_result_names_the_row(tenant) -> None:
    c = _api(tenant.manager)
    goal = {**NEW["goals"], "key_results": [{"title": "Wait", "target": 3, "kpi": "nope"}]}
    r = _json(c, "post", "/api/strategy/goals", goal)
    assert r.status_code == 400
    assert any(name.startswith("key_results.0.") for name in r.json()["fields"]), r.json()


def test_an_id_already_used_is_refused(tenant) -> None:
    c = _api(tenant.manager)
    r = _json(c, "post", "/api/strategy/teams", {"id": "craft", "name": "Craft team"})
    assert r.status_code == 400 and "already used" in r.json()["fields"]["id"][0]


def test_a_misspelt_field_is_refused_by_the_schema(tenant) -> None:
    c = _api(tenant.manager)
    r = _json(c, "post", "/api/strategy/values", {"id": "x", "name": "X", "statment": "typo"})
    assert r.status_code == 422


def test_deleting_what_is_still_referred_to_is_a_conflict(tenant) -> None:
    from coxswain.web.strategy.models import Element

    c = _api(tenant.manager)
    r = c.delete("/api/strategy/objectives/baker_skill")
    assert r.status_code == 409
    assert "Best bread in the neighbourhood" in r.json()["detail"]
    assert Element.objects.for_org(tenant.org).filter(slug="baker_skill").exists()


def test_employees_read_the_strategy_but_do_not_write_it(tenant) -> None:
    c = _api(tenant.employee)
    assert c.get("/api/strategy/objectives").status_code == 200
    assert _json(c, "post", "/api/strategy/values", NEW["values"]).status_code == 403
    assert c.delete("/api/strategy/values/craft").status_code == 403
    assert c.get("/api/people").status_code == 403
    assert c.get("/api/dismissals").status_code == 403


def test_company_profile_reads_and_writes_with_validation(tenant) -> None:
    c = _api(tenant.manager)
    profile = c.get("/api/company").json()
    assert profile["currency"] == "USD"
    r = _json(c, "put", "/api/company", {**profile, "mission": "Bread for everyone."})
    assert r.status_code == 200 and r.json()["mission"] == "Bread for everyone."
    r = _json(c, "put", "/api/company", {**profile, "stage": "giant"})
    assert r.status_code == 400 and r.json()["problems"]
    assert c.get("/api/company").json()["stage"] != "giant"


def test_people_round_trip_and_an_unknown_team_is_placed(tenant) -> None:
    from coxswain.web.strategy.models import Person

    c = _api(tenant.manager)
    new = {"id": "cat", "name": "Cat", "team": "bakers", "manager": "ann", "skills": "sales:3"}
    r = _json(c, "post", "/api/people", new)
    assert r.status_code == 201 and r.json()["id"] == "cat"
    assert "label" in r.json()
    assert "cat" in [p["id"] for p in c.get("/api/people").json()]
    r = _json(c, "put", "/api/people/cat", {**new, "role": "counter"})
    assert r.status_code == 200 and Person.objects.for_org(tenant.org).get(slug="cat").role == (
        "counter"
    )
    r = _json(c, "put", "/api/people/cat", {**new, "team": "nowhere"})
    assert r.status_code == 400 and "team" in r.json()["fields"]
    assert Person.objects.for_org(tenant.org).get(slug="cat").team == "bakers"


def test_an_employee_checks_in_on_their_own_key_results_only(tenant) -> None:
    from coxswain.web.checkins.models import CheckIn
    from coxswain.web.strategy.models import Element

    c = _api(tenant.employee)  # bob, of the bakers
    body = {
        "date": "2026-05-01",
        "updates": [{"goal": "g_bakers", "key_result": 0, "value": 90, "confidence": 4}],
    }
    r = _json(c, "post", "/api/checkins", body)
    assert r.status_code == 201, r.content
    assert r.json()[0]["value"] == 90 and r.json()[0]["person"] == "bob"
    goal = Element.objects.for_org(tenant.org).get(slug="g_bakers")
    assert goal.data["key_results"][0]["current"] == 90
    assert [x["goal"] for x in c.get("/api/checkins").json()] == ["g_bakers"]

    not_mine = {"updates": [{"goal": "g_ann", "key_result": 0, "value": 5}]}
    assert _json(c, "post", "/api/checkins", not_mine).status_code == 403
    assert CheckIn.objects.for_org(tenant.org).count() == 1
    # a manager without a linked person has nothing to check in on
    assert _json(_api(tenant.manager), "post", "/api/checkins", body).status_code == 403


def test_a_key_result_measured_by_a_kpi_takes_no_check_in(tenant) -> None:
    from coxswain.web.checkins.models import CheckIn

    manager = _api(tenant.manager)
    goal = manager.get("/api/strategy/goals/g_bakers").json()
    goal["key_results"][0]["kpi"] = "review_rating"
    assert _json(manager, "put", "/api/strategy/goals/g_bakers", goal).status_code == 200
    body = {"updates": [{"goal": "g_bakers", "key_result": 0, "value": 99}]}
    r = _json(_api(tenant.employee), "post", "/api/checkins", body)
    assert r.status_code == 400 and "review_rating" in r.json()["fields"]["updates.0"][0]
    assert not CheckIn.objects.for_org(tenant.org).exists()


def test_actions_created_listed_and_closed_by_role(tenant) -> None:
    manager = _api(tenant.manager)
    r = _json(
        manager,
        "post",
        "/api/actions",
        {"title": "Train Bob", "due": "2026-12-01", "person": "bob"},
    )
    assert r.status_code == 201
    action = r.json()
    assert action["owner"] == tenant.employee.pk and action["status"] == "open"
    bob = _api(tenant.employee)
    assert [a["id"] for a in bob.get("/api/actions").json()] == [action["id"]]
    r = _json(bob, "patch", f"/api/actions/{action['id']}", {"done": True})
    assert r.status_code == 200 and r.json()["status"] == "done"

    r = _json(manager, "post", "/api/actions", {"title": "X", "due": "2026-12-01", "person": "z"})
    assert r.status_code == 400 and "person" in r.json()["fields"]
    r = _json(manager, "post", "/api/actions", {"title": "X", "due": "2026-12-01"})
    assert r.status_code == 400


def test_a_manager_changes_an_actions_title_assignee_and_due_date(tenant) -> None:
    """Only the fields given change; a new owner is told (in the app and by e-mail); every
    problem is placed and nothing changes; the owner of an action may close it but not
    change it."""
    from django.core import mail

    from coxswain.web.collab.models import Notification

    manager, bob = _api(tenant.manager), _api(tenant.employee)
    made = _json(
        manager,
        "post",
        "/api/actions",
        {"title": "Train Bob", "due": "2026-12-01", "person": "bob"},
    ).json()
    path = f"/api/actions/{made['id']}"
    mail.outbox.clear()
    r = _json(manager, "patch", path, {"due": "2027-01-15", "owner": tenant.owner.pk})
    assert r.status_code == 200, r.content
    got = r.json()
    assert (got["due"], got["owner"], got["person"], got["title"], got["status"]) == (
        "2027-01-15",
        tenant.owner.pk,
        None,
        "Train Bob",
        "open",
    )
    (note,) = Notification.objects.for_org(tenant.org).filter(
        recipient=tenant.owner, kind="assignment"
    )
    assert "Train Bob" in note.text and [m.to for m in mail.outbox] == [[tenant.owner.user.email]]
    assert bob.get(path).status_code == 404  # no longer his
    r = _json(manager, "patch", path, {"title": "Train Bob well", "person": "bob"})
    assert r.json()["title"] == "Train Bob well" and r.json()["owner"] == tenant.employee.pk
    assert manager.get(path).json() == r.json()

    before = manager.get(path).json()
    r = _json(manager, "patch", path, {"title": "", "due": "9999-01-01", "person": "nobody"})
    assert r.status_code == 422  # the schema's own checks (an empty title)
    r = _json(manager, "patch", path, {"due": "9999-01-01", "person": "nobody", "owner": 99999})
    assert r.status_code == 400
    assert set(r.json()["fields"]) == {"due", "person", "owner"}  # every problem at once
    r = _json(manager, "patch", path, {"due": "9999-01-01"})
    assert r.status_code == 400 and "outside the years" in r.json()["fields"]["due"][0]
    r = _json(manager, "patch", path, {"title": None})
    assert r.status_code == 400 and set(r.json()["fields"]) == {"title"}
    r = _json(manager, "patch", path, {"title": "bad\x07bell"})
    assert r.status_code == 400 and "control character" in r.json()["fields"]["title"][0]
    assert manager.get(path).json() == before

    r = _json(bob, "patch", path, {"due": "2027-02-01"})
    assert r.status_code == 403 and "manager role" in r.json()["detail"]
    r = _json(bob, "patch", path, {"done": True})
    assert r.status_code == 200 and r.json()["status"] == "done"
    assert r.json()["due"] == "2027-01-15"


def test_a_due_date_decades_off_is_a_slip_of_the_year(tenant) -> None:
    """An action may be recorded late (due in the past) but not due in 1999 or 2099: the
    rule (``action_due_problems``) refuses a date more than five years back or ten ahead on
    create and on change, through the API as through the forms."""
    from coxswain.web.insights.services import action_due_problems

    today = dt.date(2026, 12, 6)
    assert action_due_problems(dt.date(2025, 3, 31), today=today) == []  # recorded late
    assert action_due_problems(dt.date(2036, 12, 31), today=today) == []
    assert "more than 5 years ago" in action_due_problems(dt.date(1999, 5, 1), today=today)[0]
    assert "more than 10 years ahead" in action_due_problems(dt.date(2037, 1, 1), today=today)[0]

    manager = _api(tenant.manager)
    r = _json(manager, "post", "/api/actions", {"title": "X", "due": "1999-05-01", "person": "bob"})
    assert r.status_code == 400 and "check the year" in r.json()["fields"]["due"][0]
    made = _json(
        manager, "post", "/api/actions", {"title": "X", "due": "2026-12-01", "person": "bob"}
    ).json()
    r = _json(manager, "patch", f"/api/actions/{made['id']}", {"due": "1999-05-01"})
    assert r.status_code == 400 and "check the year" in r.json()["fields"]["due"][0]
    assert manager.get(f"/api/actions/{made['id']}").json()["due"] == "2026-12-01"


def test_an_employee_cannot_see_anothers_action(tenant) -> None:
    from coxswain.web.insights.services import create_action

    theirs = create_action(org=tenant.org, title="t", due=dt.date(2026, 1, 1), owner=tenant.manager)
    c = _api(tenant.employee)
    assert c.get(f"/api/actions/{theirs.pk}").status_code == 404
    assert _json(c, "patch", f"/api/actions/{theirs.pk}", {"done": True}).status_code == 404


def test_dismiss_a_finding_of_the_latest_analysis(tenant) -> None:
    from coxswain.web.insights.models import AnalysisRun

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
                    "evidence": {"x": 1},
                }
            ]
        },
    )
    c = _api(tenant.manager)
    r = _json(c, "post", "/api/dismissals", {"finding_id": "silo:bakers", "reason": "seasonal"})
    assert r.status_code == 201 and r.json()["reason"] == "seasonal"
    assert [d["finding_id"] for d in c.get("/api/dismissals").json()] == ["silo:bakers"]
    r = _json(c, "post", "/api/dismissals", {"finding_id": "silo:nobody", "reason": "x"})
    assert r.status_code == 404


def test_another_organisations_objects_are_404_through_the_api(make_tenant) -> None:
    import datetime as dt

    from coxswain.web.insights.services import create_action

    me, other = make_tenant(), make_tenant(name="Other")
    theirs = create_action(org=other.org, title="t", due=dt.date(2026, 1, 1), owner=other.manager)
    c = _api(me.owner)
    assert c.get(f"/api/actions/{theirs.pk}").status_code == 404
    assert _json(c, "patch", f"/api/actions/{theirs.pk}", {"done": True}).status_code == 404
    body = {"title": "mine", "due": "2027-01-01", "owner": me.owner.pk}
    assert _json(c, "patch", f"/api/actions/{theirs.pk}", body).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.title, theirs.owner) == ("t", other.manager)
    _json(_api(other.owner), "post", "/api/strategy/teams", {"id": "theirs", "name": "T"})
    assert c.get("/api/strategy/teams/theirs").status_code == 404
    assert _json(
        c, "put", "/api/strategy/teams/theirs", {"id": "theirs", "name": "M"}
    ).status_code == (404)
    assert c.delete("/api/strategy/teams/theirs").status_code == 404
    assert "theirs" not in [t["id"] for t in c.get("/api/strategy/teams").json()]


def test_every_operation_has_a_short_name_of_a_verb_and_its_object() -> None:
    """The generated client names its modules after the operation ids: every one is set by
    hand (django-ninja's default is the Python path, ``coxswain_web_api_objects_…``), a
    verb of a small set and the object, in the singular for one object and the plural for a
    list; and every one is different."""
    import re

    from coxswain.web.api.api import api

    verbs = "list|get|create|update|delete|start|push|mark|rotate|send"
    operations = [
        (method, path, op)
        for path, ops in api.get_openapi_schema()["paths"].items()
        for method, op in ops.items()
    ]
    ids = [op["operationId"] for _, _, op in operations]
    assert len(ids) == len(set(ids))
    for method, path, op in operations:
        oid = op["operationId"]
        assert re.fullmatch(rf"({verbs})_[a-z]+(_[a-z]+)*", oid), (method, path, oid)
        if method == "get":  # a list answers an array; one object (or the company) not
            ok = op["responses"].get(200) or op["responses"]["200"]
            answer = ok["content"]["application/json"]["schema"]
            many = answer.get("type") == "array"
            assert oid.startswith("list_" if many else "get_"), (method, path, oid)
        if method in ("put", "patch"):
            assert oid.startswith("update_"), (method, path, oid)
        if method == "delete":
            assert oid.startswith("delete_"), (method, path, oid)
    assert {"list_actions", "get_action", "update_action", "update_comment"} <= set(ids)


def test_the_openapi_document_names_every_object() -> None:
    from coxswain.web.api.api import api

    paths = api.get_openapi_schema()["paths"]
    for kind in KINDS:
        assert {"get", "post"} <= set(paths[f"/api/strategy/{kind}"])
        assert {"get", "put", "delete"} <= set(paths[f"/api/strategy/{kind}/{{slug}}"])
    for path in ("/api/people", "/api/checkins", "/api/actions", "/api/dismissals", "/api/reviews"):
        assert {"get", "post"} <= set(paths[path])
    assert {"get", "put"} <= set(paths["/api/company"])
    assert {"get", "post"} <= set(paths["/api/comments"])
    assert {"get"} <= set(paths["/api/notifications"])
    assert {"post"} <= set(paths["/api/notifications/read"])


def _access_cases() -> list[tuple[str, str, object, str]]:
    """(method, URL, body, least role) of every operation of the API for integrations."""
    cases: list[tuple[str, str, object, str]] = []
    for kind in KINDS:
        item = NEW[kind]
        cases += [
            ("get", f"/api/strategy/{kind}", None, "employee"),
            ("post", f"/api/strategy/{kind}", item, "manager"),
            ("get", f"/api/strategy/{kind}/{item['id']}", None, "employee"),
            ("put", f"/api/strategy/{kind}/{item['id']}", item, "manager"),
            ("delete", f"/api/strategy/{kind}/{item['id']}", None, "manager"),
        ]
    person = {"id": "cat", "name": "Cat", "team": "bakers"}
    return [
        *cases,
        ("get", "/api/company", None, "employee"),
        ("put", "/api/company", {"name": "B", "currency": "USD", "min_group": 5}, "manager"),
        ("get", "/api/people", None, "manager"),
        ("post", "/api/people", person, "manager"),
        ("get", "/api/people/bob", None, "manager"),
        ("put", "/api/people/bob", {"id": "bob", "team": "bakers"}, "manager"),
        ("get", "/api/checkins", None, "employee"),
        (
            "post",
            "/api/checkins",
            {"updates": [{"goal": "g_bakers", "key_result": 0, "value": 1}]},
            "employee",
        ),
        ("get", "/api/actions", None, "employee"),
        ("post", "/api/actions", {"title": "T", "due": "2026-12-01", "person": "bob"}, "manager"),
        ("get", "/api/reviews", None, "manager"),
        ("post", "/api/reviews", {"date": "2026-05-01", "kind": "monthly"}, "owner"),
        ("get", "/api/dismissals", None, "manager"),
        ("post", "/api/dismissals", {"finding_id": "x", "reason": "y"}, "manager"),
        ("get", "/api/comments?subject=finding&ref=silo:x", None, "manager"),
        ("post", "/api/comments", {"subject": "story", "ref": "story:x", "body": "y"}, "manager"),
        ("get", "/api/comments?subject=goal&ref=g_bakers", None, "employee"),
        ("post", "/api/comments", {"subject": "goal", "ref": "g_bakers", "body": "y"}, "employee"),
        ("get", "/api/notifications", None, "employee"),
        ("post", "/api/notifications/read", {}, "employee"),
    ]


def test_every_operation_needs_a_token_and_its_role(tenant) -> None:
    """An access test per endpoint: no token is a 401; a role below the operation's is a
    403 (and nothing is written); the role itself is let through."""
    from coxswain.web.api.api import api
    from coxswain.web.strategy.models import Element, Person

    cases = _access_cases()
    documented = {
        (m, p)
        for p, ops in api.get_openapi_schema()["paths"].items()
        for m in ops
        if p.startswith(("/api/strategy/", "/api/company", "/api/people", "/api/checkins"))
        or p.startswith(("/api/actions", "/api/dismissals", "/api/reviews"))
        or p.startswith(("/api/comments", "/api/notifications"))
    }
    import re

    from coxswain.web.insights.services import create_action

    bobs = create_action(org=tenant.org, title="t", due=dt.date(2026, 1, 1), owner=tenant.employee)
    from coxswain.web.collab.services import add_comment

    def comment(author: object) -> int:
        return add_comment(
            org=tenant.org,
            author=author,
            subject="goal",
            ref="g_bakers",
            body="x",
            link="/",
            title="t",
        ).comment.pk

    cases += [
        ("get", f"/api/actions/{bobs.pk}", None, "employee"),
        ("patch", f"/api/actions/{bobs.pk}", {"done": False}, "employee"),
        # Its owner closes an action; changing its due date, title or assignee is managers'.
        ("patch", f"/api/actions/{bobs.pk}", {"due": "2026-02-01"}, "manager"),
        ("patch", f"/api/actions/{bobs.pk}", {"title": "mine now"}, "manager"),
        # One's own comment is one's own to edit and delete; another's, managers' to delete.
        ("get", f"/api/comments/{comment(tenant.manager)}", None, "employee"),
        ("patch", f"/api/comments/{comment(tenant.employee)}", {"body": "y"}, "employee"),
        ("delete", f"/api/comments/{comment(tenant.employee)}", None, "employee"),
        ("delete", f"/api/comments/{comment(tenant.manager)}", None, "manager"),
    ]
    for method, path in documented:  # every documented operation is in the table
        pattern = re.compile(re.sub(r"\\{[a-z_]+\\}", "[^/]+", re.escape(path)) + r"(\?.*)?$")
        assert any(m == method and pattern.match(u) for m, u, _, _ in cases), (method, path)
    anonymous, employee = Client(), _api(tenant.employee)
    before = Element.objects.for_org(tenant.org).count(), Person.objects.for_org(tenant.org).count()
    for method, url, body, role in cases:
        kwargs = {"content_type": "application/json"} if body is not None else {}
        args = (url, body) if body is not None else (url,)
        assert getattr(anonymous, method)(*args, **kwargs).status_code == 401, (method, url)
        status = getattr(employee, method)(*args, **kwargs).status_code
        if role in ("manager", "owner"):
            assert status == 403, (method, url, status)
        else:
            assert status not in (401, 403), (method, url, status)
    after = Element.objects.for_org(tenant.org).count(), Person.objects.for_org(tenant.org).count()
    assert after == before


def test_reviews_are_recorded_by_owners_and_read_by_managers(tenant) -> None:
    body = {"date": "2026-05-01", "kind": "quarterly", "decisions": 3, "notes": "New oven"}
    assert _json(_api(tenant.manager), "post", "/api/reviews", body).status_code == 403
    r = _json(_api(tenant.owner), "post", "/api/reviews", body)
    assert r.status_code == 201 and r.json()["decisions"] == 3
    assert [x["kind"] for x in _api(tenant.manager).get("/api/reviews").json()] == ["quarterly"]
    bad = {**body, "kind": "daily", "date": "1066-10-14"}
    r = _json(_api(tenant.owner), "post", "/api/reviews", bad)
    assert r.status_code == 422 and {e["loc"][-1] for e in r.json()["detail"]} == {"kind", "date"}
    later = _json(
        _api(tenant.owner),
        "post",
        "/api/reviews",
        {**body, "date": str(dt.date.today() + dt.timedelta(days=400))},
    )
    assert later.status_code == 422 and "is after today" in later.text
