# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""/api/comments and /api/notifications: the discussions of findings, stories, goals and
actions, and the caller's notifications (issue 14, part 6).

Everything goes through the collab pages' own selectors and services
(:mod:`coxswain.web.collab`): which subjects there are, who may read and comment on each
(``selectors.SUBJECT_ROLE``, ``selectors.can_see``), which ones exist
(``selectors.thread``), and what a comment's @mentions do (``services.add_comment``: a
notification for each mentioned member who may see the page, none for the others). A
subject the caller's role may not read is a 403; one that does not exist, is another
organisation's, or (an action) is another employee's is a 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Schema, Status

from coxswain.web.api.api import COMMON, ErrorOut, Unauthorized, _member, api
from coxswain.web.api.objects import REFUSED, PlacedProblemsOut
from coxswain.web.collab import selectors, services
from coxswain.web.collab.models import Comment, Notification, Subject

TAGS = ["comments"]
NO_SUCH = "no such finding, story, goal or action"
MAX_PK = 2**31 - 1


class CommentOut(Schema):
    id: int
    subject: Subject
    ref: str = Field(description="The finding's or story's id, the goal's id or the action's id")
    author: str | None = Field(description="The author's user name (null: a removed member)")
    body: str
    created: dt.datetime
    edited: dt.datetime | None = Field(
        default=None, description="When its author last edited it (null: never)"
    )


class PostedOut(CommentOut):
    told: list[str] = Field(description="Mentioned members who were notified (user names)")
    not_told: list[str] = Field(
        description="Mentioned members who were not notified: the subject is not theirs to see"
    )
    unknown: list[str] = Field(description="@names that are no member's")


class CommentsQuery(Schema):
    subject: Subject
    ref: str = Field(max_length=500)


class CommentIn(Schema):
    subject: Subject
    ref: str = Field(max_length=500, description="As in CommentOut; an action's id as text")
    body: str = Field(description="The comment; @username mentions a member")


class CommentUpdateIn(Schema):
    body: str = Field(description="The new text; members it @mentions anew are notified")


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="mention or assignment")
    text: str
    link: str = Field(description="The page it is about: a path inside the app")
    created: dt.datetime
    read: dt.datetime | None


class NotificationsQuery(Schema):
    unread: bool = Field(default=False, description="Only the ones not yet read")


class MarkReadIn(Schema):
    id: int | None = Field(
        default=None, ge=1, le=MAX_PK, description="One notification; left out: all of them"
    )


class MarkedOut(Schema):
    marked: int = Field(description="How many notifications were unread and are now read")


def _comment(c: Comment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "subject": c.subject,
        "ref": c.ref,
        "author": c.author.user.get_username() if c.author else None,
        "body": c.body,
        "created": c.created,
        "edited": c.edited,
    }


def _page(request: HttpRequest, subject: str, ref: str) -> tuple[Any, selectors.Thread | None]:
    """The caller (403 below the subject's role) and the discussion's page, None where it
    is not there for them (404)."""
    membership = _member(request, selectors.SUBJECT_ROLE[Subject(subject)])
    page = selectors.thread(org=membership.org, subject=subject, ref=ref)
    if page is None or not selectors.can_see(membership=membership, subject=subject, ref=page.ref):
        return membership, None
    return membership, page


@api.get(
    "/comments",
    operation_id="list_comments",
    response={200: list[CommentOut], 403: ErrorOut, 404: ErrorOut, **COMMON},
    tags=TAGS,
    summary="The comments on a finding, story, goal or action, oldest first",
)
def comments(request: HttpRequest, query: Query[CommentsQuery]) -> Status[Any]:
    """Findings and stories: managers; goals: every member; actions: managers, and the
    employee who owns one."""
    membership, page = _page(request, query.subject, query.ref)
    if page is None:
        return Status(404, {"detail": NO_SUCH, "problems": []})
    found = selectors.comments(org=membership.org, subject=page.subject, ref=page.ref)
    return Status(200, [_comment(c) for c in found])


@api.post(
    "/comments",
    operation_id="create_comment",
    response={201: PostedOut, **COMMON, 400: PlacedProblemsOut, 403: ErrorOut, 404: ErrorOut},
    tags=TAGS,
    summary="Comment on a finding, story, goal or action (@username notifies a member)",
)
def add_comment(request: HttpRequest, body: CommentIn) -> Status[Any]:
    """Who may read a subject may comment on it. Each @mentioned member who may see the
    subject gets a notification (and an e-mail, where they have an address); the answer
    says who was told, who was not (the subject is not theirs to see) and which @names are
    no member's. An empty or over-long comment is refused (400) and nothing is stored."""
    membership, page = _page(request, body.subject, body.ref)
    if page is None:
        return Status(404, {"detail": NO_SUCH, "problems": []})
    try:
        posted = services.add_comment(
            org=membership.org,
            author=membership,
            subject=page.subject,
            ref=page.ref,
            body=body.body,
            link=page.link,
            title=page.title,
        )
    except services.CommentRefused as exc:
        return Status(
            400, {"detail": REFUSED, "problems": [f"body: {exc}"], "fields": {"body": [str(exc)]}}
        )
    return Status(201, _posted(posted))


def _posted(posted: services.Posted) -> dict[str, Any]:
    return {
        **_comment(posted.comment),
        "told": [m.user.get_username() for m in posted.told],
        "not_told": [m.user.get_username() for m in posted.cannot_see],
        "unknown": posted.unknown,
    }


def _own_comment(request: HttpRequest, comment_id: int) -> tuple[Any, Any]:
    """The caller and (the comment, its page), or None where the comment is not there for
    them: another organisation's, or on a page the caller may not see (404)."""
    membership = _member(request)
    if not 1 <= comment_id <= MAX_PK:
        return membership, None
    return membership, selectors.comment_page(membership=membership, pk=comment_id)


@api.get(
    "/comments/{comment_id}",
    response={200: CommentOut, 404: ErrorOut, **COMMON},
    tags=TAGS,
    url_name="comment",
    operation_id="get_comment",
    summary="One comment",
)
def get_comment(request: HttpRequest, comment_id: int) -> Status[Any]:
    """Another organisation's comment, or one on a page the caller may not see, is a 404."""
    _, found = _own_comment(request, comment_id)
    if found is None:
        return Status(404, {"detail": "no such comment", "problems": []})
    return Status(200, _comment(found[0]))


@api.patch(
    "/comments/{comment_id}",
    response={200: PostedOut, **COMMON, 400: PlacedProblemsOut, 403: ErrorOut, 404: ErrorOut},
    tags=TAGS,
    url_name="comment",
    operation_id="update_comment",
    summary="Change one's own comment (its author only); it is marked edited",
)
def update_comment(request: HttpRequest, comment_id: int, body: CommentUpdateIn) -> Status[Any]:
    """Only members @mentioned anew are notified (``told``); one mentioned before is not
    told again. Another member's comment is a 403; one on a page the caller may not see, or
    another organisation's, a 404."""
    membership, found = _own_comment(request, comment_id)
    if found is None:
        return Status(404, {"detail": "no such comment", "problems": []})
    comment, page = found
    try:
        posted = services.edit_comment(
            comment=comment, by=membership, body=body.body, link=page.link, title=page.title
        )
    except services.NotYours as exc:
        return Status(403, {"detail": str(exc), "problems": []})
    except services.CommentRefused as exc:
        return Status(
            400, {"detail": REFUSED, "problems": [f"body: {exc}"], "fields": {"body": [str(exc)]}}
        )
    return Status(200, _posted(posted))


@api.delete(
    "/comments/{comment_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut, **COMMON},
    tags=TAGS,
    url_name="comment",
    operation_id="delete_comment",
    summary="Delete a comment (its author, or a manager or owner)",
)
def delete_comment(request: HttpRequest, comment_id: int) -> Status[Any]:
    membership, found = _own_comment(request, comment_id)
    if found is None:
        return Status(404, {"detail": "no such comment", "problems": []})
    try:
        services.delete_comment(comment=found[0], by=membership)
    except services.NotYours as exc:
        return Status(403, {"detail": str(exc), "problems": []})
    return Status(204, None)


@api.get(
    "/notifications",
    operation_id="list_notifications",
    response={200: list[NotificationOut], 401: Unauthorized, 422: COMMON[422]},
    tags=TAGS,
    summary="The caller's notifications, newest first (at most 100)",
)
def notifications(request: HttpRequest, query: Query[NotificationsQuery]) -> list[Notification]:
    membership = _member(request)
    return selectors.notifications(membership=membership, unread_only=query.unread)


@api.post(
    "/notifications/read",
    operation_id="mark_notifications_read",
    response={200: MarkedOut, 404: ErrorOut, **COMMON},
    tags=TAGS,
    summary="Mark one of the caller's notifications, or all of them, as read",
)
def mark_read(request: HttpRequest, body: MarkReadIn) -> Status[Any]:
    """``{"id": 7}`` marks one (404 when it is not the caller's); ``{}`` marks every one."""
    membership = _member(request)
    if body.id is not None and selectors.notification(membership=membership, pk=body.id) is None:
        return Status(404, {"detail": "no such notification", "problems": []})
    return Status(200, {"marked": services.mark_read(membership=membership, pk=body.id)})
