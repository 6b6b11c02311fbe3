"""Working together: comments with @mentions, notifications, assignments, an action's
finding and its state, a goal's check-in history, overdue check-ins, exports and the
calendar feed."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _run_with(org: Any, findings: list[dict[str, Any]], **extra: Any) -> Any:
    from coxswain.web.insights.models import AnalysisRun

    return AnalysisRun.objects.create(
        org=org, status="done", result={"findings": findings}, **extra
    )


def _finding(kind: str, subject: str, severity: str = "high", title: str = "t") -> dict[str, Any]:
    return {
        "id": f"{kind}:{subject}",
        "kind": kind,
        "severity": severity,
        "subjects": [subject],
        "title": title,
        "evidence": {},
    }


# ---- comments, mentions, notifications -----------------------------------------------------


def test_a_mention_on_a_goal_notifies_the_member_in_the_app_and_by_email(tenant, login) -> None:
    manager, employee = tenant.manager, tenant.employee
    c = login(manager)
    url = reverse("collab:goal", kwargs={"goal_id": "g_bakers"})
    mail.outbox.clear()
    r = c.post(url, {"body": f"Please update this, @{employee.user.username}. And @nobody."})
    assert r.status_code == 302
    page = c.get(url)
    assert "Please update this" in page.content.decode()
    assert f"@{employee.user.username}" in page.context["form"].fields["body"].help_text
    said = [str(m) for m in page.context["messages"]]
    assert any(employee.user.username in s and "@nobody" in s for s in said), said

    from coxswain.web.collab.models import Notification

    (note,) = Notification.objects.for_org(tenant.org).filter(recipient=employee)
    assert note.kind == "mention" and note.link == url and note.read is None
    assert [m.to for m in mail.outbox] == [[employee.user.email]]
    assert url in mail.outbox[0].body

    # The bell shows one unread; opening the notification reads it and goes to the goal.
    e = login(employee)
    home = e.get(reverse("collab:notifications"))
    assert home.context["unread_notifications"] == 1
    assert 'class="count">1<' in home.content.decode()
    opened = e.get(reverse("collab:open_notification", kwargs={"pk": note.pk}))
    assert opened.status_code == 302 and opened["Location"] == url
    assert e.get(reverse("collab:notifications")).context["unread_notifications"] == 0


def test_a_member_mentioned_where_they_cannot_look_is_not_told(tenant, login) -> None:
    _run_with(tenant.org, [_finding("silo", "bakers")])
    c = login(tenant.manager)
    url = reverse("collab:finding", kwargs={"finding_id": "silo:bakers"})
    mail.outbox.clear()
    r = c.post(url, {"body": f"@{tenant.employee.user.username} look", "x": "1"}, follow=True)
    said = " ".join(str(m) for m in r.context["messages"])
    assert "Not told" in said and tenant.employee.user.username in said
    from coxswain.web.collab.models import Notification

    assert not Notification.objects.for_org(tenant.org).exists()
    assert mail.outbox == []
    # The owner can see findings: told.
    c.post(url, {"body": f"@{tenant.owner.user.username} look"})
    assert Notification.objects.for_org(tenant.org).filter(recipient=tenant.owner).count() == 1


def test_an_empty_comment_is_refused_and_nothing_is_kept(tenant, login) -> None:
    from coxswain.web.collab.models import Comment

    r = login(tenant.employee).post(
        reverse("collab:goal", kwargs={"goal_id": "g_bakers"}), {"body": "   "}
    )
    assert r.status_code == 200 and r.context["form"].errors["body"]
    assert not Comment.objects.for_org(tenant.org).exists()


def test_mentions_are_found_by_user_name_once_each() -> None:
    from coxswain.web.collab.services import MENTION

    assert MENTION.findall("hi @ann, @bob.smith and @ann; mail a@b.com") == [
        "ann",
        "bob.smith",
        "ann",
    ]
    # a user name that is an e-mail address or holds an @, as the page's own hint writes it
    assert MENTION.findall("ask @owner@crust_and_crumb and @ann@example.com.") == [
        "owner@crust_and_crumb",
        "ann@example.com.",
    ]


def test_a_user_name_with_an_at_sign_is_mentioned_as_the_page_suggests(tenant) -> None:
    """The comment box's hint lists "@owner@crust_and_crumb" in the demo; writing it used to
    say "No member is called: @owner", since the name stopped at its second @."""
    from coxswain.web.collab.services import mentions

    user = tenant.employee.user
    user.username = "bob@bakery.example"
    user.save()
    found, unknown = mentions(org=tenant.org, body="@bob@bakery.example, can you look?")
    assert found == [tenant.employee] and unknown == []


def test_an_assignment_notifies_the_member_who_owns_the_action(tenant, login) -> None:
    from coxswain.web.collab.models import Notification

    mail.outbox.clear()
    r = login(tenant.manager).post(
        reverse("insights:create_action"),
        {"title": "Fix the oven", "assignee": "bob", "due": "2026-09-01"},
    )
    assert r.status_code == 302
    (note,) = Notification.objects.for_org(tenant.org).filter(recipient=tenant.employee)
    assert note.kind == "assignment" and "Fix the oven" in note.text
    assert [m.to for m in mail.outbox] == [[tenant.employee.user.email]]
    # Giving oneself an action tells nobody.
    login(tenant.manager).post(
        reverse("insights:create_action"),
        {"title": "Mine", "owner": tenant.manager.pk, "due": "2026-09-01"},
    )
    assert not Notification.objects.for_org(tenant.org).filter(recipient=tenant.manager).exists()


def test_an_action_due_decades_ago_is_refused_by_the_form(tenant, login) -> None:
    from coxswain.web.insights.models import Action

    r = login(tenant.manager).post(
        reverse("insights:create_action"),
        {"title": "Fix the oven", "assignee": "bob", "due": "1999-09-01"},
        follow=True,
    )
    page = r.content.decode()
    assert "The action was not added. Due: 1999-09-01 is more than 5 years ago" in page
    assert not Action.objects.for_org(tenant.org).filter(title="Fix the oven").exists()


def test_every_due_date_field_offers_only_the_dates_an_action_may_have(tenant, login) -> None:
    """A slip of the year on a dashboard card was refused by the server, and what was typed
    was lost (a walk-through): the date pickers carry the rule's window, so the browser
    catches it first."""
    from coxswain.web.insights.services import action_due_problems, action_due_window

    first, last = action_due_window()
    assert action_due_problems(first) == [] and action_due_problems(last) == []
    assert action_due_problems(first - dt.timedelta(days=1))
    assert action_due_problems(last + dt.timedelta(days=1))
    window = f'min="{first.isoformat()}" max="{last.isoformat()}"'
    page = login(tenant.manager).get(reverse("insights:actions")).content.decode()
    fields = re.findall(r"<input[^>]*name=\"due\"[^>]*>", page)
    assert fields and all(window in f for f in fields), fields
    # the dashboard's cards and findings: tests/web/test_dashboard.py


def test_a_refused_action_names_each_field_once_without_doubled_stops(tenant, login) -> None:
    """ "The action was not added: This field is required.; This field is required.; Choose
    who does it.." (a walk-through): which field, and one full stop."""
    r = login(tenant.manager).post(reverse("insights:create_action"), {}, follow=True)
    page = r.content.decode()
    assert "The action was not added. Title: This field is required; " in page
    assert "Due: This field is required" in page and ".." not in page


def test_an_action_added_or_refused_goes_back_to_the_page_its_form_was_on(tenant, login) -> None:
    """A refused action from the actions page went to the dashboard (a walk-through): the
    owner lost what they typed and read the reason on another page."""
    c = login(tenant.manager)
    actions = reverse("insights:actions")
    page = c.get(actions).content.decode()
    assert f'name="next" value="{actions}"' in page
    refused = c.post(
        reverse("insights:create_action"),
        {"title": "Fix the oven", "assignee": "bob", "due": "1999-09-01", "next": actions},
    )
    assert refused.status_code == 400 and refused.templates[0].name == "insights/actions.html"
    page = refused.content.decode()
    assert 'value="Fix the oven"' in page and "is more than 5 years ago" in page
    # the refused page is served at the form's address; sent again, it still goes back to the
    # list (a walk-through got "HTTP ERROR 405" from /actions/new/ and added the action twice)
    assert f'name="next" value="{actions}"' in page
    added = c.post(
        reverse("insights:create_action"),
        {"title": "Fix the oven", "assignee": "bob", "due": "2026-09-01", "next": actions},
    )
    assert added.url == actions
    # another site is never a destination; without `next` the dashboard, as before
    elsewhere = c.post(reverse("insights:create_action"), {"next": "https://evil.example/"})
    assert elsewhere.url == reverse("insights:dashboard")
    assert c.post(reverse("insights:create_action"), {}).url == reverse("insights:dashboard")


# ---- an action's finding and its state -----------------------------------------------------


def test_an_action_links_to_its_finding_and_shows_its_current_state(tenant, login) -> None:
    from coxswain.web.insights import services
    from coxswain.web.insights.models import AnalysisRun

    run = _run_with(tenant.org, [_finding("silo", "bakers", title="Bakers work alone")])
    action = services.create_action(
        org=tenant.org,
        title="Pair the bakers",
        person=None,
        owner=tenant.employee,
        due=dt.date(2026, 9, 1),
        finding_id="silo:bakers",
    )
    url = reverse("collab:action", kwargs={"pk": action.pk})
    page = login(tenant.manager).get(url).content.decode()
    assert "Bakers work alone" in page and "still found in the latest analysis" in page
    assert reverse("collab:finding", kwargs={"finding_id": "silo:bakers"}) in page
    # The employee who owns it sees it too: the finding's kind and state, not its title
    # (findings are for managers; a title can name people).
    mine = login(tenant.employee).get(url).content.decode()
    assert "still found" in mine and "Bakers work alone" not in mine
    assert reverse("collab:finding", kwargs={"finding_id": "silo:bakers"}) not in mine
    # Dismissed, then gone from a later analysis.
    services.dismiss_finding(
        org=tenant.org,
        user=tenant.manager.user,
        finding=run.result["findings"][0],
        reason="known",
    )
    assert "dismissed" in login(tenant.manager).get(url).content.decode()
    AnalysisRun.objects.create(org=tenant.org, status="done", result={"findings": []})
    assert "no longer found" in login(tenant.manager).get(url).content.decode()
    listed = login(tenant.employee).get(reverse("insights:actions")).content.decode()
    assert "Its finding: no longer found in the latest analysis" in listed


def test_an_employee_reaches_only_their_own_actions(tenant, login, make_tenant) -> None:
    from coxswain.web.insights import services

    theirs = services.create_action(
        org=tenant.org, title="Manager's", owner=tenant.manager, due=dt.date(2026, 9, 1)
    )
    r = login(tenant.employee).get(reverse("collab:action", kwargs={"pk": theirs.pk}))
    assert r.status_code == 404
    assert (
        login(tenant.manager).get(reverse("collab:action", kwargs={"pk": theirs.pk})).status_code
        == 200
    )


# ---- changing an action -----------------------------------------------------------------------


def _bobs_action(tenant: Any) -> Any:
    from coxswain.web.insights import services
    from coxswain.web.strategy.models import Person

    bob = Person.objects.for_org(tenant.org).get(slug="bob")
    return services.create_action(
        org=tenant.org, title="Fix the oven", person=bob, due=dt.date(2026, 9, 1)
    )


def test_a_manager_changes_an_actions_title_assignee_and_due_date(tenant, login) -> None:
    """Without htmx: the form posts, the page reloads with what changed. The new owner is
    told in the app and by e-mail; the old one (an employee) no longer reaches it."""
    from coxswain.web.collab.models import Notification

    action = _bobs_action(tenant)
    page = reverse("collab:action", kwargs={"pk": action.pk})
    assert login(tenant.employee).get(page).status_code == 200  # bob owns it
    c = login(tenant.manager)
    form = c.get(page).content.decode()
    assert reverse("collab:edit_action", kwargs={"pk": action.pk}) in form
    assert f'value="member:{tenant.owner.pk}"' in form  # the owner is linked to no person
    mail.outbox.clear()
    r = c.post(
        reverse("collab:edit_action", kwargs={"pk": action.pk}),
        {"title": "Fix the big oven", "assignee": f"member:{tenant.owner.pk}", "due": "2026-10-15"},
    )
    assert r.status_code == 302 and r.url == page
    action.refresh_from_db()
    assert (action.title, action.person, action.owner, action.due) == (
        "Fix the big oven",
        None,
        tenant.owner,
        dt.date(2026, 10, 15),
    )
    shown = c.get(page).content.decode()
    assert "Saved: new title, who does it, due date." in shown and "Fix the big oven" in shown
    (note,) = Notification.objects.for_org(tenant.org).filter(
        recipient=tenant.owner, kind="assignment"
    )
    assert "Fix the big oven" in note.text and note.link == page
    assert [m.to for m in mail.outbox] == [[tenant.owner.user.email]]
    assert login(tenant.employee).get(page).status_code == 404


def test_an_action_is_changed_in_place_with_htmx_and_problems_are_placed(tenant, login) -> None:
    from coxswain.web.collab.models import Notification

    action = _bobs_action(tenant)
    url = reverse("collab:edit_action", kwargs={"pk": action.pk})
    c = login(tenant.manager)
    htmx = {"HTTP_HX_REQUEST": "true"}
    r = c.post(url, {"title": "Fix the oven", "assignee": "bob", "due": "2026-09-30"}, **htmx)
    assert r.status_code == 200
    card = r.content.decode()
    assert card.lstrip().startswith('<div id="action-card">') and "<html" not in card
    assert "Saved: new due date." in card and "is told" not in card  # bob owned it already
    action.refresh_from_db()
    assert action.due == dt.date(2026, 9, 30)
    assert Notification.objects.for_org(tenant.org).filter(recipient=tenant.employee).count() == 1
    # Every problem at once, in place; nothing changed.
    r = c.post(url, {"title": "  ", "assignee": "nobody", "due": "9999-01-01"}, **htmx)
    card = r.content.decode()
    assert r.status_code == 200 and card.count('role="alert"') == 3, card
    assert "Select a valid choice" in card and "outside the years" in card
    action.refresh_from_db()
    assert (action.title, action.due) == ("Fix the oven", dt.date(2026, 9, 30))
    # Without htmx, the same problems on the whole page (with its discussion).
    r = c.post(url, {"title": "", "assignee": "bob", "due": "2026-09-30"})
    assert r.status_code == 200 and "Discussion" in r.content.decode()
    # The same values again change nothing, and say so.
    r = c.post(url, {"title": "Fix the oven", "assignee": "bob", "due": "2026-09-30"}, **htmx)
    assert "Nothing to change" in r.content.decode()


def test_changing_only_the_due_date_leaves_who_does_it_alone(tenant, login) -> None:
    """The form always sends who does it; an action given to a person before their member
    joined (no owner) keeps it so when only its due date is changed, and nobody is told."""
    from coxswain.web.collab.models import Notification
    from coxswain.web.insights.models import Action

    action = _bobs_action(tenant)
    Action.objects.for_org(tenant.org).filter(pk=action.pk).update(owner=None)
    before = Notification.objects.for_org(tenant.org).count()
    r = login(tenant.manager).post(
        reverse("collab:edit_action", kwargs={"pk": action.pk}),
        {"title": "Fix the oven", "assignee": "bob", "due": "2026-10-01"},
        HTTP_HX_REQUEST="true",
    )
    assert "Saved: new due date." in r.content.decode(), r.content.decode()
    action.refresh_from_db()
    assert (action.person.slug, action.owner, action.due) == ("bob", None, dt.date(2026, 10, 1))
    assert Notification.objects.for_org(tenant.org).count() == before


def test_only_managers_change_an_action(tenant, login, client) -> None:
    action = _bobs_action(tenant)
    url = reverse("collab:edit_action", kwargs={"pk": action.pk})
    body = {"title": "Mine now", "assignee": "bob", "due": "2026-09-01"}
    assert client.post(url, body).status_code == 302  # signed out: to the sign-in page
    # Bob owns it and may close it, but not change it; his page has no form for it.
    assert login(tenant.employee).post(url, body).status_code == 403
    page = login(tenant.employee).get(reverse("collab:action", kwargs={"pk": action.pk}))
    assert url not in page.content.decode()
    assert login(tenant.manager).get(url).status_code == 405
    for member in (tenant.manager, tenant.owner):
        assert login(member).post(url, body).status_code == 302
    action.refresh_from_db()
    assert action.title == "Mine now"


# ---- editing and deleting comments ------------------------------------------------------------


def _comment(tenant: Any, author: Any, body: str, subject: str = "goal", ref: str = "g_bakers"):
    from coxswain.web.collab.services import add_comment

    return add_comment(
        org=tenant.org, author=author, subject=subject, ref=ref, body=body, link="/", title="t"
    ).comment


def test_an_author_edits_their_comment_and_only_new_mentions_are_told(tenant, login) -> None:
    from coxswain.web.collab.models import Comment, Notification

    owner, manager = tenant.owner.user.username, tenant.manager.user.username
    goal = reverse("collab:goal", kwargs={"goal_id": "g_bakers"})
    c = login(tenant.employee)
    c.post(goal, {"body": f"Ovens are slow, @{owner}"})
    comment = Comment.objects.for_org(tenant.org).get()
    page = c.get(goal).content.decode()
    assert reverse("collab:edit_comment", kwargs={"pk": comment.pk}) in page
    assert "edited" not in page

    def told(member: Any) -> int:
        return Notification.objects.for_org(tenant.org).filter(recipient=member).count()

    assert (told(tenant.owner), told(tenant.manager)) == (1, 0)
    r = c.post(
        reverse("collab:edit_comment", kwargs={"pk": comment.pk}),
        {"body": f"Ovens are slow, @{owner} and @{manager}"},
    )
    assert r.status_code == 302 and r.url == f"{goal}#comment-{comment.pk}"
    comment.refresh_from_db()
    assert comment.body.endswith(f"@{manager}") and comment.edited is not None
    # The newly mentioned manager is told; the owner, mentioned before, is not told again.
    assert (told(tenant.owner), told(tenant.manager)) == (1, 1)
    page = c.get(goal).content.decode()
    assert f"Comment saved. Told {manager}." in page and ">edited</span>" in page
    # With htmx: the comment alone comes back, in place.
    r = c.post(
        reverse("collab:edit_comment", kwargs={"pk": comment.pk}),
        {"body": "Ovens are fine now"},
        HTTP_HX_REQUEST="true",
    )
    got = r.content.decode()
    assert r.status_code == 200 and got.startswith(
        f'<article class="comment" id="comment-{comment.pk}"'
    )
    assert "Ovens are fine now" in got and "Comment saved." in got
    # An empty edit is refused in place, the comment as it was.
    r = c.post(
        reverse("collab:edit_comment", kwargs={"pk": comment.pk}),
        {"body": "   "},
        HTTP_HX_REQUEST="true",
    )
    assert "The comment is empty" in r.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Ovens are fine now"


def test_a_refused_edit_without_javascript_keeps_what_was_typed(tenant, login) -> None:
    """Without htmx a refused edit is a redirect to the page: the comment's edit form comes
    back open with the text typed and why it was refused, once; the comment is unchanged.
    A comment's time reads like the dates beside it (the workbook's date words)."""
    from coxswain.web.collab.models import Comment
    from coxswain.web.insights.templatetags.coxswain_tags import plain_date

    goal = reverse("collab:goal", kwargs={"goal_id": "g_bakers"})
    c = login(tenant.employee)
    c.post(goal, {"body": "Ovens are slow"})
    comment = Comment.objects.for_org(tenant.org).get()
    long_draft = "The ovens " + "really " * 800 + "are slow"
    r = c.post(reverse("collab:edit_comment", kwargs={"pk": comment.pk}), {"body": long_draft})
    assert r.status_code == 302
    page = c.get(goal).content.decode()
    assert "<details open><summary>Edit</summary>" in page and long_draft in page
    assert 'role="alert"' in page
    comment.refresh_from_db()
    assert comment.body == "Ovens are slow"
    again = c.get(goal).content.decode()
    assert long_draft not in again and "<details open>" not in again  # shown once
    assert plain_date(timezone.localtime(comment.created).date(), "en") in again


def test_only_the_author_edits_and_managers_delete_any_comment(tenant, login, client) -> None:
    from coxswain.web.collab.models import Comment

    bobs = _comment(tenant, tenant.employee, "from bob")
    managers = _comment(tenant, tenant.manager, "from the manager")
    edit = reverse("collab:edit_comment", kwargs={"pk": bobs.pk})
    assert client.post(edit, {"body": "x"}).status_code == 302  # signed out
    # Nobody else edits bob's comment, not even an owner.
    for member in (tenant.manager, tenant.owner):
        assert login(member).post(edit, {"body": "changed"}).status_code == 403
    bobs.refresh_from_db()
    assert bobs.body == "from bob" and bobs.edited is None
    # Bob may not delete the manager's comment, and is offered no button for it.
    delete = reverse("collab:delete_comment", kwargs={"pk": managers.pk})
    assert login(tenant.employee).post(delete).status_code == 403
    page = login(tenant.employee).get(reverse("collab:goal", kwargs={"goal_id": "g_bakers"}))
    assert delete not in page.content.decode()
    assert reverse("collab:delete_comment", kwargs={"pk": bobs.pk}) in page.content.decode()
    # A manager deletes bob's; bob deletes his own (with htmx: a line in its place).
    r = login(tenant.manager).post(reverse("collab:delete_comment", kwargs={"pk": bobs.pk}))
    assert r.status_code == 302
    assert r.url == reverse("collab:goal", kwargs={"goal_id": "g_bakers"})
    mine = _comment(tenant, tenant.employee, "again")
    r = login(tenant.employee).post(
        reverse("collab:delete_comment", kwargs={"pk": mine.pk}), HTTP_HX_REQUEST="true"
    )
    assert r.status_code == 200 and "Comment deleted." in r.content.decode()
    assert list(Comment.objects.for_org(tenant.org).values_list("body", flat=True)) == [
        "from the manager"
    ]


def test_a_comment_on_a_page_one_cannot_see_is_a_404(tenant, login) -> None:
    """An employee whose action was given to someone else no longer reaches its discussion,
    nor their own comment there; a finding's discussion is for managers."""
    from coxswain.web.insights import services

    action = _bobs_action(tenant)
    bobs = _comment(tenant, tenant.employee, "on it", subject="action", ref=str(action.pk))
    services.update_action(action=action, assignee=services.Assignee(owner=tenant.manager))
    c = login(tenant.employee)
    assert (
        c.post(reverse("collab:edit_comment", kwargs={"pk": bobs.pk}), {"body": "x"}).status_code
        == 404
    )
    assert c.post(reverse("collab:delete_comment", kwargs={"pk": bobs.pk})).status_code == 404
    _run_with(tenant.org, [_finding("silo", "bakers")])
    theirs = _comment(tenant, tenant.manager, "hm", subject="finding", ref="silo:bakers")
    assert c.post(reverse("collab:delete_comment", kwargs={"pk": theirs.pk})).status_code == 404


# ---- check-in history and overdue check-ins -------------------------------------------------


def _checkin(tenant: Any, goal: str, date: dt.date, value: float) -> None:
    from coxswain.web.checkins.models import CheckIn

    CheckIn.objects.create(
        org=tenant.org,
        person=tenant.employee.person,
        goal=goal,
        key_result=0,
        date=date,
        value=value,
        confidence=4,
    )


def test_a_goal_shows_its_check_ins_over_time_as_a_chart(tenant, login) -> None:
    _checkin(tenant, "g_bakers", dt.date(2026, 7, 10), 82)
    _checkin(tenant, "g_bakers", dt.date(2026, 7, 24), 88)
    page = login(tenant.employee).get(reverse("collab:goal", kwargs={"goal_id": "g_bakers"}))
    (kr,) = page.context["history"]
    assert [c.value for c in kr.checkins] == [88, 82]
    html = page.content.decode()
    assert "<svg" in html and "no data yet" not in html and "88" in html
    empty = login(tenant.employee).get(reverse("collab:goal", kwargs={"goal_id": "g_ann"}))
    assert "no data yet" in empty.content.decode()


def test_a_key_result_measured_by_a_kpi_shows_the_kpis_values(tenant, login) -> None:
    """A key result read from a KPI said "no data yet … No check-ins yet" on the goal page
    while the cascade showed its value (a walk-through)."""
    from coxswain.web.strategy.models import Element

    goal = Element.objects.for_org(tenant.org).get(kind="goals", slug="g_ann")
    goal.data = {
        **goal.data,
        "key_results": [{"title": "Reviews", "kpi": "review_rating", "start": 4.0, "target": 4.6}],
    }
    goal.save()
    page = login(tenant.employee).get(reverse("collab:goal", args=["g_ann"]))
    (kr,) = page.context["history"]
    assert kr.kpi_name == "Average review rating" and len(kr.kpi_values) == 3
    html = page.content.decode()
    assert "no data yet" not in html and "No check-ins yet" not in html
    assert "Measured by the KPI “Average review rating”" in html
    assert "Latest: <strong>4.2 stars</strong> on March 31, 2026" in html


def test_a_goal_chart_starts_no_lower_than_its_unit_allows(tenant, login) -> None:
    """A star rating checked in at 4 and 175 was drawn on an axis from -9.7 (a walk-through):
    the goal charts take the floor the KPI tiles take (0 for a percentage)."""
    _checkin(tenant, "g_bakers", dt.date(2026, 7, 10), 2)
    _checkin(tenant, "g_bakers", dt.date(2026, 7, 24), 88)
    html = login(tenant.employee).get(reverse("collab:goal", args=["g_bakers"])).content.decode()
    lowest = re.findall(r'text-anchor="end">([^<]+)</text>', html)
    assert lowest and "-" not in "".join(lowest) and "−" not in "".join(lowest), lowest
    missing = login(tenant.employee).get(reverse("collab:goal", kwargs={"goal_id": "nope"}))
    assert missing.status_code == 404


def test_overdue_check_ins_list_goals_in_their_period_without_a_recent_one(tenant) -> None:
    from coxswain.web.collab.selectors import CHECKIN_DUE_DAYS, overdue_checkins

    today = dt.date(2026, 8, 15)  # in g_bakers' period (2026-Q3); g_ann has none
    assert [g.goal_id for g in overdue_checkins(org=tenant.org, today=today)] == [
        "g_bakers",
        "g_ann",
    ]
    _checkin(tenant, "g_ann", today - dt.timedelta(days=CHECKIN_DUE_DAYS), 3)
    _checkin(tenant, "g_bakers", today - dt.timedelta(days=CHECKIN_DUE_DAYS + 1), 90)
    (late,) = overdue_checkins(org=tenant.org, today=today)
    assert late.goal_id == "g_bakers" and late.days == CHECKIN_DUE_DAYS + 1
    # Out of its period, a goal is not waiting for check-ins.
    assert [g.goal_id for g in overdue_checkins(org=tenant.org, today=dt.date(2026, 12, 1))] == [
        "g_ann"
    ]


def test_overdue_check_ins_are_for_managers(tenant, login) -> None:
    url = reverse("collab:overdue_checkins")
    assert login(tenant.employee).get(url).status_code == 403
    page = login(tenant.manager).get(url)
    assert page.status_code == 200
    assert reverse("collab:goal", kwargs={"goal_id": "g_ann"}) in page.content.decode()


# ---- exports ---------------------------------------------------------------------------------


def test_findings_export_as_csv_and_xlsx(tenant, login) -> None:
    import csv

    from openpyxl import load_workbook

    _run_with(
        tenant.org,
        [_finding("silo", "bakers", title='=HYPERLINK("x")'), _finding("silo", "x", "low")],
    )
    c = login(tenant.manager)
    r = c.get(reverse("collab:export_findings", kwargs={"fmt": "csv"}))
    assert r["Content-Type"].startswith("text/csv") and "attachment" in r["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["id", "severity", "kind", "title"]
    assert [row[0] for row in rows[1:]] == ["silo:bakers", "silo:x"]
    assert rows[1][3].startswith("'=")  # a spreadsheet does not run it
    x = c.get(reverse("collab:export_findings", kwargs={"fmt": "xlsx"}))
    ws = load_workbook(io.BytesIO(x.content)).active
    assert ws["A2"].value == "silo:bakers" and ws["D2"].data_type == "s"
    assert ws.max_row == 3
    # a dismissed finding says why, who and when (a walk-through: the state only)
    from coxswain.web.insights import services

    services.dismiss_finding(
        org=tenant.org,
        user=tenant.manager.user,
        finding=_finding("silo", "x", "low"),
        reason="A team of one",
    )
    rows = list(
        csv.reader(
            io.StringIO(
                c.get(reverse("collab:export_findings", kwargs={"fmt": "csv"})).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert rows[0][5:] == ["state", "open actions", "why dismissed", "dismissed by", "dismissed on"]
    dismissed = next(row for row in rows if row[0] == "silo:x")
    assert dismissed[5] == "dismissed" and dismissed[7:9] == [
        "A team of one",
        tenant.manager.user.get_username(),
    ]
    assert next(row for row in rows if row[0] == "silo:bakers")[7:] == ["", "", ""]
    assert (
        login(tenant.employee)
        .get(reverse("collab:export_findings", kwargs={"fmt": "csv"}))
        .status_code
        == 403
    )
    assert c.get(reverse("collab:export_findings", kwargs={"fmt": "pdf"})).status_code == 404


def test_actions_export_shows_each_member_what_they_may_see(tenant, login) -> None:
    import csv

    from coxswain.analysis.kinds import kind_name
    from coxswain.web.insights import services

    _run_with(tenant.org, [_finding("silo", "bakers", title="Ann works alone")])
    services.create_action(
        org=tenant.org,
        title="Bob's",
        person=tenant.employee.person,
        due=dt.date(2026, 9, 1),
        finding_id="silo:bakers",
    )
    services.create_action(
        org=tenant.org, title="Manager's", owner=tenant.manager, due=dt.date(2026, 9, 2)
    )

    def rows(member: Any) -> list[list[str]]:
        r = login(member).get(reverse("collab:export_actions", kwargs={"fmt": "csv"}))
        return list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))[1:]

    assert [r[0] for r in rows(tenant.manager)] == ["Bob's", "Manager's"]
    assert rows(tenant.manager)[0][1:3] == ["Ann works alone", "still found in the latest analysis"]
    (mine,) = rows(tenant.employee)
    # Findings are for managers: the employee reads the finding's kind, not its title.
    assert mine[0] == "Bob's" and mine[1] == kind_name("silo") != "Ann works alone"


# ---- the calendar feed -----------------------------------------------------------------------


def test_the_calendar_feed_by_secret_link(tenant, login, client) -> None:
    import icalendar

    from coxswain.web.insights import services

    services.create_action(
        org=tenant.org, title="Bob's", person=tenant.employee.person, due=dt.date(2026, 9, 1)
    )
    services.create_action(
        org=tenant.org, title="Manager's", owner=tenant.manager, due=dt.date(2026, 9, 2)
    )
    services.record_review(
        org=tenant.org, user=None, date=dt.date(2026, 6, 30), kind="quarterly", decisions=1
    )
    e = login(tenant.employee)
    link = e.post(reverse("collab:calendar")).context["link"]
    feed = client.get(link)  # no sign-in: calendar apps cannot
    assert feed.status_code == 200 and feed["Content-Type"] == "text/calendar"
    cal = icalendar.Calendar.from_ical(feed.content)
    events = {str(ev["summary"]): ev.decoded("dtstart") for ev in cal.walk("VEVENT")}
    assert events["Action due: Bob's"] == dt.date(2026, 9, 1)
    assert "Action due: Manager's" not in events  # not the employee's
    assert events["Strategic review (quarterly)"] == dt.date(2026, 6, 30)
    # early stage (the sample's): the next review is due 120 days after the last
    assert events["Next strategic review due"] == dt.date(2026, 6, 30) + dt.timedelta(days=120)
    # A new link retires the old one; an unknown one is a 404.
    e.post(reverse("collab:calendar"))
    assert client.get(link).status_code == 404
    assert client.get(reverse("collab:calendar_feed", kwargs={"token": "cal_x"})).status_code == 404


# ---- access ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kwargs", "lowest"),
    [
        ("collab:notifications", {}, "employee"),
        ("collab:goal", {"goal_id": "g_bakers"}, "employee"),
        ("collab:calendar", {}, "employee"),
        ("collab:export_actions", {"fmt": "csv"}, "employee"),
        ("collab:overdue_checkins", {}, "manager"),
        ("collab:export_findings", {"fmt": "csv"}, "manager"),
        ("collab:chat", {}, "owner"),
    ],
)
def test_pages_need_a_member_of_the_right_role(tenant, login, client, name, kwargs, lowest) -> None:
    url = reverse(name, kwargs=kwargs)
    assert client.get(url).status_code == 302  # signed out: to the sign-in page
    ranks = ["employee", "manager", "owner"]
    for role in ranks:
        status = login(getattr(tenant, role)).get(url).status_code
        expected = 200 if ranks.index(role) >= ranks.index(lowest) else 403
        assert status == expected, (name, role, status)


def test_another_members_notification_is_a_404(tenant, login) -> None:
    from coxswain.web.collab.services import notify

    note = notify(recipient=tenant.manager, kind="mention", text="x", link="/")
    r = login(tenant.employee).get(reverse("collab:open_notification", kwargs={"pk": note.pk}))
    assert r.status_code == 404
    # A link that leaves the app is never followed.
    away = notify(recipient=tenant.manager, kind="mention", text="x", link="//evil.example/")
    r = login(tenant.manager).get(reverse("collab:open_notification", kwargs={"pk": away.pk}))
    assert r["Location"] == reverse("collab:notifications")


def test_a_story_has_its_page_and_comments_are_shown_as_text(tenant, login) -> None:
    from coxswain.web.insights.models import AnalysisRun

    AnalysisRun.objects.create(
        org=tenant.org,
        status="done",
        result={
            "findings": [_finding("silo", "bakers")],
            "stories": [{"id": "story:bakers", "title": "The bakers drift apart"}],
        },
    )
    c = login(tenant.manager)
    url = reverse("collab:finding", kwargs={"finding_id": "story:bakers"})
    c.post(url, {"body": "<script>alert(1)</script> see this"})
    page = c.get(url).content.decode()
    assert "The bakers drift apart" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; see this" in page and "<script>alert" not in page
    from coxswain.web.collab.models import Comment

    assert Comment.objects.for_org(tenant.org).get().subject == "story"
    gone = reverse("collab:finding", kwargs={"finding_id": "story:nothing"})
    assert c.get(gone).status_code == 404
