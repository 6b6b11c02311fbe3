# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Pages for working together. Views only read the request, call selectors and services and
render; every page is scoped to the signed-in member's organisation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from coxswain.web.access import member_view
from coxswain.web.collab import selectors, services, tables, webhooks
from coxswain.web.collab.forms import ChatForm, CommentForm, WebhookForm
from coxswain.web.collab.models import Comment, Notification, Subject, WebhookEndpoint
from coxswain.web.insights.forms import EditActionForm
from coxswain.web.insights.models import Action
from coxswain.web.tenancy import get_for_org_or_404

REFUSED_EDIT = "refused_comment_edit"  # session key: a refused edit for the page it returns to


def _comment_rows(request: HttpRequest, *, subject: str, ref: str) -> list[selectors.CommentRow]:
    """The page's comments for the member; a comment whose edit was just refused (without
    htmx) comes back with the text they typed and why, its edit form open."""
    kept = request.session.pop(REFUSED_EDIT, None)
    refused = None
    if isinstance(kept, list) and len(kept) == 3:
        refused = selectors.RefusedEdit(pk=int(kept[0]), draft=str(kept[1]), error=str(kept[2]))
    return selectors.comment_rows(
        membership=request.membership, subject=subject, ref=ref, refused=refused
    )


def _names(request: HttpRequest) -> list[str]:
    """The members' user names, as the comment form's help offers them for @mentions."""
    return sorted(
        (m.user.get_username() for m in selectors.members_by_username(org=request.org).values()),
        key=str.lower,
    )


def _thread(
    request: HttpRequest, *, subject: str, ref: str, title: str
) -> tuple[CommentForm, HttpResponse | None]:
    """The comment form of a page; on a valid POST the comment is kept and the page reloads."""
    form = CommentForm(request.POST or None, names=_names(request))
    if request.method != "POST":
        return form, None
    if not form.is_valid():
        return form, None
    try:
        posted = services.add_comment(
            org=request.org,
            author=request.membership,
            subject=subject,
            ref=ref,
            body=form.cleaned_data["body"],
            link=request.path,
            title=title,
        )
    except services.CommentRefused as exc:
        form.add_error("body", str(exc))
        return form, None
    said = _told(posted, "Comment added.")
    messages.success(request, said)
    return form, redirect(request.path)


@member_view()
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        n = services.mark_read(membership=request.membership)
        messages.success(request, f"Marked {n} notification{'s' if n != 1 else ''} as read.")
        return redirect("collab:notifications")
    return render(
        request,
        "collab/notifications.html",
        {"notifications": selectors.notifications(membership=request.membership)},
    )


@member_view()
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_for_org_or_404(Notification, org=request.org, pk=pk)
    if note.recipient_id != request.membership.pk:
        raise Http404("no such notification")
    services.mark_read(membership=request.membership, pk=note.pk)
    inside = note.link.startswith("/") and url_has_allowed_host_and_scheme(
        note.link, allowed_hosts={request.get_host()}
    )
    return redirect(note.link if inside else "collab:notifications")


@member_view(role="manager")
def finding(request: HttpRequest, finding_id: str) -> HttpResponse:
    """A finding or story of the latest analysis, and its discussion."""
    subject = selectors.finding_subject(finding_id)
    # A finding the latest analysis no longer has keeps its page while it has a discussion.
    page = selectors.thread(org=request.org, subject=subject, ref=finding_id)
    if page is None:
        raise Http404("no such finding")
    state = selectors.finding_state(org=request.org, finding_id=finding_id)
    form, done = _thread(request, subject=subject, ref=finding_id, title=page.title)
    if done:
        return done
    actions = Action.objects.for_org(request.org).filter(finding_id=finding_id)
    return render(
        request,
        "collab/finding.html",
        {
            "state": state,
            "subject": subject,
            "actions": actions,
            "comments": _comment_rows(request, subject=subject, ref=finding_id),
            "form": form,
        },
    )


@member_view()
def goal(request: HttpRequest, goal_id: str) -> HttpResponse:
    """A goal's check-in history, a chart per key result, and its discussion."""
    g = selectors.goal(org=request.org, goal_id=goal_id)
    if g is None:
        raise Http404("no such goal")
    form, done = _thread(request, subject=Subject.goal, ref=goal_id, title=g.get("title", goal_id))
    if done:
        return done
    from coxswain.web.privacy import labels

    return render(
        request,
        "collab/goal.html",
        {
            "goal": g,
            "history": selectors.goal_history(org=request.org, goal=g),
            "labels": labels(org=request.org),
            "comments": _comment_rows(request, subject=Subject.goal, ref=goal_id),
            "form": form,
        },
    )


def _edit_action_form(request: HttpRequest, action: Action, data: Any = None) -> EditActionForm:
    people, members = selectors.assignee_choices(org=request.org)
    return EditActionForm(
        data,
        people=people,
        members=members,
        initial={
            "title": action.title,
            "assignee": EditActionForm.assignee_value(action),
            "due": action.due,
        },
    )


def _action_context(
    request: HttpRequest, a: Action, *, edit_form: EditActionForm | None = None, said: str = ""
) -> dict[str, Any]:
    from coxswain.web.privacy import labels

    return {
        "action": a,
        "state": (
            selectors.finding_state(org=request.org, finding_id=a.finding_id)
            if a.finding_id
            else None
        ),
        "today": timezone.localdate(),
        "labels": labels(org=request.org),
        "edit_form": (
            edit_form or _edit_action_form(request, a)
            if request.membership.at_least("manager")
            else None
        ),
        "action_said": said,
    }


@member_view()
def action(request: HttpRequest, pk: int) -> HttpResponse:
    """An action, the finding it came from and that finding's current state, and its
    discussion; managers change its title, who does it and its due date. Employees reach
    their own actions only."""
    a = get_for_org_or_404(Action, org=request.org, pk=pk)
    if not selectors.can_see(membership=request.membership, subject=Subject.action, ref=str(pk)):
        raise Http404("no such action")
    form, done = _thread(request, subject=Subject.action, ref=str(pk), title=a.title)
    if done:
        return done
    return render(
        request,
        "collab/action.html",
        {
            **_action_context(request, a),
            "comments": _comment_rows(request, subject=Subject.action, ref=str(pk)),
            "form": form,
        },
    )


@require_POST
@member_view(role="manager")
def edit_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an action's title, who does it and its due date (managers). With htmx, the
    action's card is answered in place; without, the action's page."""
    from coxswain.web.insights import services as insights

    a = get_for_org_or_404(Action, org=request.org, pk=pk)
    form = _edit_action_form(request, a, request.POST)
    said = ""
    if form.is_valid():
        try:
            changed = insights.update_action(
                action=a,
                by=request.membership,
                title=form.cleaned_data["title"],
                due=form.cleaned_data["due"],
                # The form always sends who does it: changed only when another is chosen
                # (else an owner missing or since linked would be set as a side effect).
                assignee=(
                    form.chosen_assignee(org=request.org)
                    if "assignee" in form.changed_data
                    else None
                ),
            )
        except insights.ActionRefused as refused:
            for name, problems in refused.problems.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else "assignee", problem)
        else:
            said = selectors.action_change_words(action=a, changed=changed, by=request.membership)
            if not request.headers.get("HX-Request"):
                messages.success(request, said)
                return redirect("collab:action", pk=a.pk)
            form = _edit_action_form(request, a)
    context = _action_context(request, a, edit_form=form, said=said)
    if request.headers.get("HX-Request"):
        return render(request, "collab/action.html#action-card", context)
    return render(
        request,
        "collab/action.html",
        {
            **context,
            "comments": _comment_rows(request, subject=Subject.action, ref=str(pk)),
            "form": CommentForm(names=_names(request)),
        },
    )


def _comment_page(request: HttpRequest, pk: int) -> tuple[Comment, selectors.Thread]:
    found = selectors.comment_page(membership=request.membership, pk=pk)
    if found is None:
        raise Http404("no such comment")
    return found


def _told(posted: services.Posted, first: str) -> str:
    said = first
    if posted.told:
        said += " Told " + ", ".join(m.user.get_username() for m in posted.told) + "."
    if posted.cannot_see:
        said += (
            " Not told (this page is not theirs to see): "
            + ", ".join(m.user.get_username() for m in posted.cannot_see)
            + "."
        )
    if posted.unknown:
        said += " No member is called: " + ", ".join("@" + n for n in posted.unknown) + "."
    return said


@require_POST
@member_view()
def edit_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Change one's own comment. With htmx, the comment is answered in place."""
    comment, page = _comment_page(request, pk)
    if not selectors.may_edit(comment=comment, membership=request.membership):
        raise PermissionDenied("only its author can edit a comment")
    htmx = bool(request.headers.get("HX-Request"))
    try:
        posted = services.edit_comment(
            comment=comment,
            by=request.membership,
            body=request.POST.get("body", ""),
            link=page.link,
            title=page.title,
        )
    except services.CommentRefused as exc:
        if htmx:
            row = selectors.CommentRow(
                comment=comment,
                can_edit=True,
                can_delete=True,
                draft=request.POST.get("body", ""),
                error=str(exc),
            )
            return render(request, "collab/_thread.html#comment", {"c": row})
        messages.error(request, f"The comment was not changed: {exc}")
        request.session[REFUSED_EDIT] = [comment.pk, request.POST.get("body", ""), str(exc)]
        return redirect(f"{page.link}#comment-{comment.pk}")
    said = _told(posted, "Comment saved.")
    if htmx:
        row = selectors.CommentRow(
            comment=comment,
            can_edit=True,
            can_delete=selectors.may_delete(comment=comment, membership=request.membership),
        )
        return render(request, "collab/_thread.html#comment", {"c": row, "said": said})
    messages.success(request, said)
    return redirect(f"{page.link}#comment-{comment.pk}")


@require_POST
@member_view()
def delete_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a comment: its author, or a manager or owner."""
    comment, page = _comment_page(request, pk)
    try:
        services.delete_comment(comment=comment, by=request.membership)
    except services.NotYours as exc:
        raise PermissionDenied(str(exc)) from exc
    if request.headers.get("HX-Request"):
        return HttpResponse('<p class="muted small" role="status">Comment deleted.</p>')
    messages.success(request, "Comment deleted.")
    return redirect(page.link)


@member_view(role="manager")
def overdue_checkins(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "collab/overdue_checkins.html",
        {
            "goals": selectors.overdue_checkins(org=request.org),
            "days": selectors.CHECKIN_DUE_DAYS,
        },
    )


@member_view(role="owner")
def chat_settings(request: HttpRequest) -> HttpResponse:
    org = request.org
    current = selectors.chat_settings(org=org)
    if request.method == "POST" and request.POST.get("test"):
        sent = services.chat_test(org=org)
        if sent:
            messages.success(request, "Test message queued; its result shows below.")
        else:
            messages.error(request, "Turn chat on and give an address first.")
        return redirect("collab:chat")
    initial = {
        f: getattr(current, f)
        for f in ChatForm.base_fields
        if current is not None and hasattr(current, f)
    } or {"send_digest": True, "send_reminders": True, "send_findings": True}
    form = ChatForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_chat_settings(org=org, **form.cleaned_data)
        except services.ChatSettingsRefused as refused:
            for name, problems in refused.problems.items():
                for problem in problems:
                    form.add_error(name, problem)
        else:
            messages.success(request, "Chat settings saved.")
            return redirect("collab:chat")
    return render(
        request,
        "collab/chat.html",
        {"form": form, "deliveries": selectors.recent_deliveries(org=org)},
    )


def _webhook_form(request: HttpRequest, endpoint: WebhookEndpoint | None) -> WebhookForm:
    initial = (
        {
            "url": endpoint.url,
            "description": endpoint.description,
            "events": endpoint.events,
            "enabled": endpoint.enabled,
        }
        if endpoint is not None
        else {"enabled": True}
    )
    return WebhookForm(request.POST or None, initial=initial)


def _save_webhook(form: WebhookForm, save: Any) -> WebhookEndpoint | None:
    """Run ``save`` with the form's data; the service's problems go to the form's fields."""
    if not form.is_valid():
        return None
    try:
        return save(**form.cleaned_data)
    except webhooks.WebhookRefused as refused:
        for name, problems in refused.problems.items():
            for problem in problems:
                form.add_error(name if name in form.fields else None, problem)
        return None


@member_view(role="owner")
def webhooks_page(request: HttpRequest) -> HttpResponse:
    """The organisation's webhook endpoints, and a form to add one."""
    form = _webhook_form(request, None)
    if request.method == "POST":
        endpoint = _save_webhook(
            form, lambda **data: webhooks.add_endpoint(org=request.org, **data)
        )
        if endpoint is not None:
            messages.success(request, "Endpoint added. Its signing secret is below.")
            return redirect("collab:webhook", pk=endpoint.pk)
    endpoints = selectors.webhook_endpoints(org=request.org)
    return render(
        request,
        "collab/webhooks.html",
        {
            "form": form,
            "endpoints": [(e, selectors.webhook_failing(endpoint=e)) for e in endpoints],
            "events": webhooks.EVENTS,
        },
    )


@member_view(role="owner")
def webhook(request: HttpRequest, pk: int) -> HttpResponse:
    """One endpoint: change it, see its secret (and make a new one), send a test event, see
    its recent deliveries, or remove it."""
    endpoint = get_for_org_or_404(WebhookEndpoint, org=request.org, pk=pk)
    form = _webhook_form(request, endpoint)
    if request.method == "POST":
        do = request.POST.get("do", "save")
        if do == "test":
            webhooks.send_test(endpoint=endpoint)
            messages.success(request, "Test event sent; its result shows below.")
            return redirect("collab:webhook", pk=pk)
        if do == "rotate":
            webhooks.rotate_secret(endpoint=endpoint)
            messages.success(request, "New secret made: the old one no longer signs anything.")
            return redirect("collab:webhook", pk=pk)
        if do == "delete":
            webhooks.delete_endpoint(endpoint=endpoint)
            messages.success(request, "Endpoint removed.")
            return redirect("collab:webhooks")
        if _save_webhook(form, lambda **data: webhooks.change_endpoint(endpoint=endpoint, **data)):
            messages.success(request, "Endpoint saved.")
            return redirect("collab:webhook", pk=pk)
    return render(
        request,
        "collab/webhook.html",
        {
            "endpoint": endpoint,
            "form": form,
            "failing": selectors.webhook_failing(endpoint=endpoint),
            "deliveries": selectors.webhook_deliveries(org=request.org, endpoint=endpoint),
            "disable_after": webhooks.DISABLE_AFTER,
        },
    )


def _file(content: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=tables.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@member_view(role="manager")
def export_findings(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in tables.FORMATS:
        raise Http404("unknown format")
    rows = selectors.finding_rows(org=request.org)
    content = tables.render(fmt, selectors.FINDING_COLUMNS, rows, sheet="Findings")
    return _file(content, fmt, f"coxswain-findings-{timezone.localdate().isoformat()}")


@member_view()
def export_actions(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in tables.FORMATS:
        raise Http404("unknown format")
    rows = selectors.action_rows(membership=request.membership)
    content = tables.render(fmt, selectors.ACTION_COLUMNS, rows, sheet="Actions")
    return _file(content, fmt, f"coxswain-actions-{timezone.localdate().isoformat()}")


@member_view()
def calendar(request: HttpRequest) -> HttpResponse:
    link = None
    if request.method == "POST":
        if request.POST.get("stop"):
            services.stop_calendar_link(membership=request.membership)
            messages.success(request, "The calendar link no longer works.")
            return redirect("collab:calendar")
        token = services.new_calendar_link(membership=request.membership)
        link = request.build_absolute_uri(reverse("collab:calendar_feed", kwargs={"token": token}))
    return render(
        request,
        "collab/calendar.html",
        {"link": link, "has_feed": selectors.has_feed(membership=request.membership)},
    )


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar by secret link, for calendar apps (they cannot sign in): the link is the
    key, and it shows what its member may see."""
    feed = selectors.feed_for_token(token=token)
    if feed is None or not feed.membership.user.is_active:
        raise Http404("no such calendar")
    response = HttpResponse(
        services.calendar_ics(membership=feed.membership), content_type="text/calendar"
    )
    response["Cache-Control"] = "private, no-store"
    return response
