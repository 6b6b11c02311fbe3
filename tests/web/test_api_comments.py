"""/api/comments and /api/notifications: the collab pages' discussions and notifications
through the API, with the pages' subjects, roles and visibility (coxswain.web.collab)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.web.test_api_objects import _api, _json

pytestmark = pytest.mark.django_db


def _run_with_finding(org: Any, finding_id: str = "silo:bakers") -> None:
    from coxswain.web.insights.models import AnalysisRun

    kind, subject = finding_id.split(":")
    finding = {"id": finding_id, "kind": kind, "severity": "high", "subjects": [subject]}
    AnalysisRun.objects.create(
        org=org, status="done", result={"findings": [{**finding, "title": "t", "evidence": {}}]}
    )


def _comments(c: Client, subject: str, ref: str) -> Any:
    return c.get("/api/comments", {"subject": subject, "ref": ref})


def test_a_comment_round_trips_and_shows_on_its_page(tenant, login) -> None:
    """Posted through the API, read back through the API and on the web page, in order."""
    c = _api(tenant.employee)
    first = _json(c, "post", "/api/comments", {"subject": "goal", "ref": "g_bakers", "body": "a"})
    assert first.status_code == 201, first.content
    got = first.json()
    assert got["subject"] == "goal" and got["ref"] == "g_bakers" and got["body"] == "a"
    assert got["author"] == tenant.employee.user.username
    assert got["told"] == got["not_told"] == got["unknown"] == []
    _json(
        _api(tenant.manager),
        "post",
        "/api/comments",
        {"subject": "goal", "ref": "g_bakers", "body": " b "},
    )
    listed = _comments(c, "goal", "g_bakers").json()
    assert [x["body"] for x in listed] == ["a", "b"]
    assert listed[0]["id"] == got["id"]
    page = login(tenant.employee).get(reverse("collab:goal", kwargs={"goal_id": "g_bakers"}))
    assert [x.comment.body for x in page.context["comments"]] == ["a", "b"]


def test_a_mention_notifies_a_member_who_may_see_the_subject(tenant) -> None:
    """A manager mentions the employee on the employee's own action and on a finding: told
    on the action (theirs to see), not told on the finding (findings are for managers)."""
    from coxswain.web.insights.services import create_action

    _run_with_finding(tenant.org)
    action = create_action(
        org=tenant.org, title="Fix the oven", due=dt.date(2026, 12, 1), owner=tenant.employee
    )
    bob = tenant.employee.user.username
    manager = _api(tenant.manager)
    mail.outbox.clear()
    r = _json(
        manager,
        "post",
        "/api/comments",
        {"subject": "action", "ref": str(action.pk), "body": f"@{bob} how is it going? @nobody"},
    )
    assert r.status_code == 201, r.content
    assert r.json()["told"] == [bob] and r.json()["unknown"] == ["nobody"]
    r = _json(
        manager,
        "post",
        "/api/comments",
        {
            "subject": "finding",
            "ref": "silo:bakers",
            "body": f"@{bob} and @{tenant.owner.user.username}",
        },
    )
    assert r.json()["told"] == [tenant.owner.user.username] and r.json()["not_told"] == [bob]

    employee = _api(tenant.employee)
    (note,) = [n for n in employee.get("/api/notifications").json() if n["kind"] == "mention"]
    link = reverse("collab:action", kwargs={"pk": action.pk})
    assert note["kind"] == "mention" and note["link"] == link and note["read"] is None
    assert "Fix the oven" in note["text"] and tenant.manager.user.username in note["text"]
    assert [m.to for m in mail.outbox] == [[tenant.employee.user.email], [tenant.owner.user.email]]
    # The manager, who wrote both, has no notification; the owner has one, for the finding.
    assert manager.get("/api/notifications").json() == []
    (owners,) = _api(tenant.owner).get("/api/notifications").json()
    assert owners["link"] == reverse("collab:finding", kwargs={"finding_id": "silo:bakers"})


def test_notifications_are_marked_read_one_or_all(tenant) -> None:
    from coxswain.web.collab.services import notify

    first = notify(recipient=tenant.employee, kind="mention", text="one", link="/a/")
    notify(recipient=tenant.employee, kind="assignment", text="two", link="/b/")
    theirs = notify(recipient=tenant.manager, kind="mention", text="x", link="/c/")
    c = _api(tenant.employee)
    assert [n["text"] for n in c.get("/api/notifications").json()] == ["two", "one"]
    r = _json(c, "post", "/api/notifications/read", {"id": first.pk})
    assert r.status_code == 200 and r.json() == {"marked": 1}
    assert [n["text"] for n in c.get("/api/notifications", {"unread": "true"}).json()] == ["two"]
    assert c.get("/api/notifications").json()[1]["read"] is not None
    # Another member's notification is not the caller's to read or mark.
    assert _json(c, "post", "/api/notifications/read", {"id": theirs.pk}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read is None
    assert _json(c, "post", "/api/notifications/read", {}).json() == {"marked": 1}
    assert c.get("/api/notifications", {"unread": "true"}).json() == []


def test_subjects_have_the_pages_roles_and_visibility(tenant) -> None:
    """Findings and stories need a manager (403 below); another employee's action, a goal
    or finding that does not exist, and a story id named as a finding are 404s."""
    from coxswain.web.collab.models import Comment
    from coxswain.web.insights.services import create_action

    _run_with_finding(tenant.org)
    managers = create_action(
        org=tenant.org, title="t", due=dt.date(2026, 12, 1), owner=tenant.manager
    )
    employee = _api(tenant.employee)
    assert _comments(employee, "finding", "silo:bakers").status_code == 403
    body = {"subject": "finding", "ref": "silo:bakers", "body": "x"}
    assert _json(employee, "post", "/api/comments", body).status_code == 403
    assert _comments(employee, "action", str(managers.pk)).status_code == 404
    body = {"subject": "action", "ref": str(managers.pk), "body": "x"}
    assert _json(employee, "post", "/api/comments", body).status_code == 404
    manager = _api(tenant.manager)
    assert _comments(manager, "action", str(managers.pk)).status_code == 200
    for subject, ref in (
        ("goal", "g_nope"),
        ("finding", "silo:nobody"),
        ("story", "silo:bakers"),
        ("finding", "story:x"),
        ("action", "99999999999999999999999"),
        ("action", "²"),
    ):
        assert _comments(manager, subject, ref).status_code == 404, (subject, ref)
        r = _json(manager, "post", "/api/comments", {"subject": subject, "ref": ref, "body": "x"})
        assert r.status_code == 404, (subject, ref)
    assert _comments(manager, "dashboard", "x").status_code == 422
    assert not Comment.objects.for_org(tenant.org).exists()


def test_a_refused_comment_says_why_and_keeps_nothing(tenant) -> None:
    from coxswain.web.collab.models import Comment, Notification

    c = _api(tenant.manager)
    for text in ("   ", "x" * 5001, f"@{tenant.employee.user.username} \x00"):
        r = _json(c, "post", "/api/comments", {"subject": "goal", "ref": "g_bakers", "body": text})
        assert r.status_code == 400, text
        assert r.json()["fields"]["body"], r.json()
        assert r.json()["problems"][0].startswith("body: ")
    assert not Comment.objects.for_org(tenant.org).exists()
    assert not Notification.objects.for_org(tenant.org).exists()


def test_a_finding_the_analysis_no_longer_has_keeps_its_discussion(tenant) -> None:
    c = _api(tenant.manager)
    _run_with_finding(tenant.org)
    body = {"subject": "finding", "ref": "silo:bakers", "body": "seen it"}
    assert _json(c, "post", "/api/comments", body).status_code == 201
    _run_with_finding(tenant.org, "silo:other")  # a newer analysis without it
    assert [x["body"] for x in _comments(c, "finding", "silo:bakers").json()] == ["seen it"]


def test_another_organisations_discussions_and_notifications_are_404(make_tenant) -> None:
    from coxswain.web.collab.services import add_comment, notify
    from coxswain.web.insights.services import create_action

    me, other = make_tenant(), make_tenant(name="Other")
    _run_with_finding(other.org, "silo:theirs")
    theirs = create_action(org=other.org, title="t", due=dt.date(2026, 1, 1), owner=other.owner)
    secret = add_comment(
        org=other.org,
        author=other.owner,
        subject="action",
        ref=str(theirs.pk),
        body="secret",
        link="/",
        title="t",
    ).comment
    note = notify(recipient=other.owner, kind="mention", text="secret", link="/")
    c = _api(me.owner)
    assert _comments(c, "action", str(theirs.pk)).status_code == 404
    assert _comments(c, "finding", "silo:theirs").status_code == 404
    r = _json(c, "post", "/api/comments", {"subject": "action", "ref": str(theirs.pk), "body": "x"})
    assert r.status_code == 404
    assert _json(c, "post", "/api/notifications/read", {"id": note.pk}).status_code == 404
    assert c.get("/api/notifications").json() == []
    note.refresh_from_db()
    assert note.read is None
    path = f"/api/comments/{secret.pk}"
    assert c.get(path).status_code == 404
    assert _json(c, "patch", path, {"body": "mine now"}).status_code == 404
    assert c.delete(path).status_code == 404
    secret.refresh_from_db()
    assert secret.body == "secret" and secret.edited is None


def test_every_comment_operation_needs_a_token(tenant) -> None:
    anonymous = Client()
    assert anonymous.get("/api/comments", {"subject": "goal", "ref": "g_bakers"}).status_code == 401
    assert (
        _json(
            anonymous, "post", "/api/comments", {"subject": "goal", "ref": "g_bakers", "body": "x"}
        ).status_code
        == 401
    )
    assert anonymous.get("/api/notifications").status_code == 401
    assert _json(anonymous, "post", "/api/notifications/read", {}).status_code == 401


def test_a_story_is_discussed_on_its_page_and_a_mention_links_there(tenant, login) -> None:
    from coxswain.web.insights.models import AnalysisRun

    AnalysisRun.objects.create(
        org=tenant.org,
        status="done",
        result={"findings": [], "stories": [{"id": "story:bakers", "title": "Bakers drift"}]},
    )
    owner = tenant.owner.user.username
    body = {"subject": "story", "ref": "story:bakers", "body": f"@{owner} read this"}
    r = _json(_api(tenant.manager), "post", "/api/comments", body)
    assert r.status_code == 201 and r.json()["told"] == [owner]
    (note,) = _api(tenant.owner).get("/api/notifications").json()
    url = reverse("collab:finding", kwargs={"finding_id": "story:bakers"})
    assert note["link"] == url and "Bakers drift" in note["text"]
    page = login(tenant.manager).get(url)
    assert [c.comment.body for c in page.context["comments"]] == [body["body"]]


def test_an_author_edits_a_comment_and_only_new_mentions_are_told(tenant) -> None:
    from coxswain.web.collab.models import Notification

    owner, manager = tenant.owner.user.username, tenant.manager.user.username
    bob = _api(tenant.employee)
    body = {"subject": "goal", "ref": "g_bakers", "body": f"Slow ovens, @{owner}"}
    posted = _json(bob, "post", "/api/comments", body).json()
    assert posted["told"] == [owner] and posted["edited"] is None
    path = f"/api/comments/{posted['id']}"
    mail.outbox.clear()
    r = _json(bob, "patch", path, {"body": f"Slow ovens, @{owner} and @{manager} (and @nobody)"})
    assert r.status_code == 200, r.content
    got = r.json()
    assert got["told"] == [manager] and got["unknown"] == ["nobody"] and got["edited"]
    assert [m.to for m in mail.outbox] == [[tenant.manager.user.email]]
    assert Notification.objects.for_org(tenant.org).filter(recipient=tenant.owner).count() == 1
    read = bob.get(path).json()
    assert read["body"] == got["body"] and read["edited"] == got["edited"]
    assert [x["edited"] for x in _comments(bob, "goal", "g_bakers").json()] == [got["edited"]]
    # The same text again: nothing changes, nobody is told.
    again = _json(bob, "patch", path, {"body": got["body"]}).json()
    assert again["told"] == [] and again["edited"] == got["edited"]
    # Refused, with the reason placed; nothing changed.
    r = _json(bob, "patch", path, {"body": "  "})
    assert r.status_code == 400 and "empty" in r.json()["fields"]["body"][0]
    r = _json(bob, "patch", path, {"body": "x" * 5001})
    assert r.status_code == 400 and "5001 characters" in r.json()["fields"]["body"][0]
    assert bob.get(path).json()["body"] == got["body"]


def test_only_the_author_edits_and_managers_delete_through_the_api(tenant) -> None:
    from coxswain.web.collab.models import Comment
    from coxswain.web.collab.services import add_comment

    def comment(author: Any, subject: str = "goal", ref: str = "g_bakers") -> int:
        return add_comment(
            org=tenant.org, author=author, subject=subject, ref=ref, body="b", link="/", title="t"
        ).comment.pk

    bobs, managers = comment(tenant.employee), comment(tenant.manager)
    for member in (tenant.manager, tenant.owner):
        r = _json(_api(member), "patch", f"/api/comments/{bobs}", {"body": "changed"})
        assert r.status_code == 403 and "author" in r.json()["detail"]
    bob = _api(tenant.employee)
    r = bob.delete(f"/api/comments/{managers}")
    assert r.status_code == 403 and "manager" in r.json()["detail"]
    assert _api(tenant.manager).delete(f"/api/comments/{bobs}").status_code == 204
    assert bob.delete(f"/api/comments/{comment(tenant.employee)}").status_code == 204
    assert list(Comment.objects.for_org(tenant.org).values_list("pk", flat=True)) == [managers]
    assert bob.get(f"/api/comments/{bobs}").status_code == 404
    # A discussion the caller may not see: a finding's (managers'), another's action's.
    _run_with_finding(tenant.org)
    on_finding = comment(tenant.manager, "finding", "silo:bakers")
    assert bob.get(f"/api/comments/{on_finding}").status_code == 404
    assert bob.delete(f"/api/comments/{on_finding}").status_code == 404
    assert bob.get("/api/comments/99999999999").status_code == 404
    anonymous = Client()
    assert anonymous.get(f"/api/comments/{managers}").status_code == 401
    assert _json(anonymous, "patch", f"/api/comments/{managers}", {"body": "x"}).status_code == 401
    assert anonymous.delete(f"/api/comments/{managers}").status_code == 401
