# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Reading comments, notifications, a goal's check-in history, overdue check-ins, chat
deliveries, webhook endpoints and their deliveries, and what the exports and calendar feed hold."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.safestring import SafeString

from coxswain.analysis.base import Dismissed
from coxswain.web.accounts.models import Membership, Organisation
from coxswain.web.checkins.models import CheckIn
from coxswain.web.collab.models import (
    CalendarFeed,
    ChatDelivery,
    ChatSettings,
    Comment,
    Notification,
    Subject,
    WebhookDelivery,
    WebhookEndpoint,
)
from coxswain.web.insights.models import Action, ActionStatus, StrategicReview

# A goal in its period wants a check-in at least this often; the reminders go out weekly,
# so a goal is overdue after two missed rounds.
CHECKIN_DUE_DAYS = 14


# The least role that may read (and comment on) each kind of subject: findings and stories
# are for managers (the dashboard's audience); goals for every member (the strategy is
# everyone's); actions for every member, each employee only the ones they own (can_see).
SUBJECT_ROLE = {
    Subject.finding: "manager",
    Subject.story: "manager",
    Subject.goal: "employee",
    Subject.action: "employee",
}


def _action_pk(ref: str) -> int:
    """An action's primary key from a comment's ``ref``; -1 (none) for anything else."""
    return int(ref) if re.fullmatch(r"[0-9]{1,18}", ref) else -1


def can_see(*, membership: Membership, subject: str, ref: str) -> bool:
    """Findings and stories are for managers (the dashboard's audience); goals for every
    member (the strategy is everyone's); an action for managers and the member who owns it."""
    if membership.at_least("manager"):
        return True
    role = SUBJECT_ROLE.get(subject)
    if role is None or not membership.at_least(role):
        return False
    if subject == Subject.action:
        return (
            Action.objects.for_org(membership.org)
            .filter(pk=_action_pk(ref), owner=membership)
            .exists()
        )
    return True


def finding_subject(finding_id: str) -> str:
    """A story's id starts with ``story:``; every other id of an analysis is a finding's."""
    return Subject.story if finding_id.startswith("story:") else Subject.finding


@dataclass(frozen=True)
class Thread:
    """The page a discussion belongs to: its subject, ref, title (as notifications name it)
    and link (a path inside the app)."""

    subject: str
    ref: str
    title: str
    link: str


def thread(*, org: Organisation, subject: str, ref: str) -> Thread | None:
    """The discussion of ``subject``/``ref`` in ``org``, or None where there is no such
    page: a finding or story of the latest analysis (or one it no longer has that keeps its
    discussion), a goal of company.yaml, an action (its primary key). Who may see it is
    :func:`can_see`'s."""
    from django.urls import reverse

    if "\x00" in ref or len(ref) > 500:
        return None
    if subject in (Subject.finding, Subject.story):
        if finding_subject(ref) != subject:
            return None
        state = finding_state(org=org, finding_id=ref)
        if state.state in ("gone", "no analysis") and not comments(
            org=org, subject=subject, ref=ref
        ):
            return None
        link = reverse("collab:finding", kwargs={"finding_id": ref})
        return Thread(subject=subject, ref=ref, title=state.title or "a finding", link=link)
    if subject == Subject.goal:
        g = goal(org=org, goal_id=ref)
        if g is None:
            return None
        link = reverse("collab:goal", kwargs={"goal_id": ref})
        return Thread(subject=subject, ref=ref, title=g.get("title") or ref, link=link)
    if subject == Subject.action:
        a = Action.objects.for_org(org).filter(pk=_action_pk(ref)).first()
        if a is None:
            return None
        link = reverse("collab:action", kwargs={"pk": a.pk})
        return Thread(subject=subject, ref=str(a.pk), title=a.title, link=link)
    return None


def comments(*, org: Organisation, subject: str, ref: str) -> list[Comment]:
    return list(
        Comment.objects.for_org(org).filter(subject=subject, ref=ref).select_related("author__user")
    )


def may_edit(*, comment: Comment, membership: Membership) -> bool:
    """Only its author edits a comment."""
    return comment.author_id is not None and comment.author_id == membership.pk


def may_delete(*, comment: Comment, membership: Membership) -> bool:
    """Its author, or a manager or owner of its organisation, deletes a comment."""
    return may_edit(comment=comment, membership=membership) or (
        membership.org_id == comment.org_id and membership.at_least("manager")
    )


@dataclass(frozen=True)
class CommentRow:
    """A comment as its page shows it to one member: may they edit or delete it; after a
    refused edit, the text they typed and why it was refused (its edit form opens with them)."""

    comment: Comment
    can_edit: bool
    can_delete: bool
    draft: str = ""
    error: str = ""


@dataclass(frozen=True)
class RefusedEdit:
    """An edit of a comment that was refused, kept for the page it returns to (without
    htmx the refusal is a redirect, and the typed text would be lost)."""

    pk: int
    draft: str
    error: str


def comment_rows(
    *, membership: Membership, subject: str, ref: str, refused: RefusedEdit | None = None
) -> list[CommentRow]:
    rows = []
    for c in comments(org=membership.org, subject=subject, ref=ref):
        back = refused is not None and refused.pk == c.pk
        rows.append(
            CommentRow(
                comment=c,
                can_edit=may_edit(comment=c, membership=membership),
                can_delete=may_delete(comment=c, membership=membership),
                draft=refused.draft if refused is not None and back else "",
                error=refused.error if refused is not None and back else "",
            )
        )
    return rows


def comment_page(*, membership: Membership, pk: int) -> tuple[Comment, Thread] | None:
    """A comment of the member's organisation and its page, where the member may see that
    page (None otherwise: another organisation's, or a page not theirs to see)."""
    found = (
        Comment.objects.for_org(membership.org).filter(pk=pk).select_related("author__user").first()
    )
    if found is None:
        return None
    page = thread(org=membership.org, subject=found.subject, ref=found.ref)
    if page is None or not can_see(membership=membership, subject=page.subject, ref=page.ref):
        return None
    return found, page


def unread_count(*, membership: Membership) -> int:
    return (
        Notification.objects.for_org(membership.org)
        .filter(recipient=membership, read__isnull=True)
        .count()
    )


def notifications(
    *, membership: Membership, limit: int = 100, unread_only: bool = False
) -> list[Notification]:
    qs = Notification.objects.for_org(membership.org).filter(recipient=membership)
    if unread_only:
        qs = qs.filter(read__isnull=True)
    return list(qs[:limit])


def notification(*, membership: Membership, pk: int) -> Notification | None:
    """One of the member's own notifications (another member's, or another organisation's,
    is None)."""
    return Notification.objects.for_org(membership.org).filter(recipient=membership, pk=pk).first()


def members_by_username(*, org: Organisation) -> dict[str, Membership]:
    """Members by user name, lower-cased: how @mentions name them."""
    return {
        m.user.get_username().lower(): m
        for m in Membership.objects.for_org(org).select_related("user")
    }


# ---- a finding's current state ------------------------------------------------------------


@dataclass(frozen=True)
class FindingState:
    """A finding as the latest analysis has it: ``state`` is "open", "dismissed", "gone"
    (the latest analysis no longer finds it) or "no analysis"."""

    finding_id: str
    state: str
    title: str = ""
    severity: str = ""
    kind: str = ""
    summary: str = ""
    dismissed: Dismissed | None = None  # why, by whom, when (a finding's)
    recommendation: str = ""  # a story's, as the dashboard's card says it
    findings: tuple[FindingState, ...] = ()  # a story's, in its order

    @property
    def words(self) -> str:
        return {
            "open": "still found in the latest analysis",
            "dismissed": "dismissed",
            "gone": "no longer found in the latest analysis",
            "no analysis": "no analysis yet",
        }[self.state]


def finding_states(*, org: Organisation) -> dict[str, FindingState]:
    """Every finding and story of the latest analysis, by id, with its state, the
    organisation's dismissals applied (:meth:`Result.with_dismissals`): a story whose
    findings are all dismissed is dismissed, one whose head is dismissed is headed by its
    first open finding, as on the dashboard."""
    from coxswain.web.insights.selectors import findings_view, latest_run, run_result

    run = latest_run(org=org)
    if run is None:
        return {}
    result = run_result(org=org, run=run)
    out: dict[str, FindingState] = {}
    for f in findings_view(org=org, run=run, result=result):
        out[f["id"]] = FindingState(
            finding_id=f["id"],
            state="dismissed" if f["dismissed"] is not None else "open",
            title=f["title"],
            severity=f["severity"],
            kind=f["kind"],
            summary=f["summary"],
            dismissed=None if f["dismissed"] is None else Dismissed.from_json(f["dismissed"]),
        )
    if result is None:  # a stored result that does not read back whole: the stories' titles
        for s in (run.result or {}).get("stories", []):
            out[s["id"]] = FindingState(finding_id=s["id"], state="open", title=s.get("title", ""))
        return out
    for story in result.stories:
        members = tuple(out[i] for i in story.findings if i in out)
        every_dismissed = bool(members) and all(m.state == "dismissed" for m in members)
        out[story.id] = FindingState(
            finding_id=story.id,
            state="dismissed" if every_dismissed else "open",
            title=story.title,
            recommendation=story.recommendation,
            findings=members,
        )
    return out


def finding_state(*, org: Organisation, finding_id: str) -> FindingState:
    from coxswain.web.insights.selectors import latest_run

    if latest_run(org=org) is None:
        return FindingState(finding_id=finding_id, state="no analysis")
    states = finding_states(org=org)
    return states.get(finding_id) or FindingState(finding_id=finding_id, state="gone")


def finding_words(*, org: Organisation) -> dict[str, str]:
    """For the finding of every action: its state in the latest analysis, in words."""
    from coxswain.web.insights.selectors import latest_run

    ids = set(
        Action.objects.for_org(org).exclude(finding_id="").values_list("finding_id", flat=True)
    )
    if not ids:
        return {}
    if latest_run(org=org) is None:
        return {i: FindingState(finding_id=i, state="no analysis").words for i in ids}
    states = finding_states(org=org)
    gone = FindingState(finding_id="", state="gone")
    return {i: states.get(i, gone).words for i in ids}


# ---- goals: check-in history and overdue check-ins -----------------------------------------


def goal(*, org: Organisation, goal_id: str) -> dict[str, Any] | None:
    from coxswain.web.workbook_io import company_mapping

    return next((g for g in company_mapping(org).get("goals", []) if g["id"] == goal_id), None)


@dataclass(frozen=True)
class KrHistory:
    title: str
    unit: str
    target: float | None
    checkins: list[CheckIn]  # newest first
    chart: SafeString
    kpi_name: str = ""  # a key result measured by a KPI: its values, not check-ins
    kpi_values: tuple[tuple[dt.date, float], ...] = ()  # newest first

    @property
    def latest_kpi_value(self) -> tuple[dt.date, float] | None:
        return self.kpi_values[0] if self.kpi_values else None


KPI_HISTORY_DAYS = 730  # a key result measured by a KPI: its last two years on the goal page


def goal_history(*, org: Organisation, goal: dict[str, Any]) -> list[KrHistory]:
    """Each key result of ``goal`` with its check-ins and a chart of them over time; a key
    result measured by a KPI (``kpi:``) with the KPI's values of the last two years instead,
    as the cascade and the check-in read its current value from them."""
    from coxswain.web.charts import line_chart
    from coxswain.web.strategy.models import KpiValue
    from coxswain.web.workbook_io import company_mapping, profile_for
    from coxswain.wording.numbers import Words, lowest_possible

    words = Words(locale=profile_for(org).locale or "en")
    rows = list(CheckIn.objects.for_org(org).filter(goal=goal["id"]).select_related("person"))
    kpis = {k["id"]: k for k in company_mapping(org).get("kpis", [])}
    out = []
    for i, kr in enumerate(goal.get("key_results", [])):
        mine = [c for c in rows if c.key_result == i]
        kpi = kpis.get(kr.get("kpi") or "")
        series: list[tuple[dt.date, float]] = []
        if kpi is not None:
            values = KpiValue.objects.for_org(org).filter(kpi=kpi["id"]).order_by("-date")
            last = values.values_list("date", flat=True).first()
            if last is not None:
                since = last - dt.timedelta(days=KPI_HISTORY_DAYS)
                series = list(values.filter(date__gt=since).values_list("date", "value"))
        points = sorted(series) if kpi is not None else sorted((c.date, c.value) for c in mine)
        title = kr.get("title") or f"key result {i + 1}"
        target = kr.get("target")
        unit = kr.get("unit") or (kpi or {}).get("unit") or ""
        out.append(
            KrHistory(
                title=title,
                unit=unit,
                target=target,
                checkins=mine,
                chart=line_chart(
                    points,
                    title=title,
                    target=float(target) if target is not None else None,
                    unit=unit or None,
                    words=words,
                    floor=lowest_possible(unit),  # as the KPI tiles: no stars below 0
                ),
                kpi_name=(kpi.get("name") or kpi["id"]) if kpi is not None else "",
                kpi_values=tuple(series),
            )
        )
    return out


@dataclass(frozen=True)
class OverdueGoal:
    goal_id: str
    title: str
    owner: str  # a team's name, or a person's name or pseudonym
    last: dt.date | None
    days: int | None  # since the last check-in; None: never


def overdue_checkins(*, org: Organisation, today: dt.date | None = None) -> list[OverdueGoal]:
    """Goals in their period (or without one) with key results to check in on, whose last
    check-in is older than CHECKIN_DUE_DAYS (or that never had one), longest waiting first."""
    from coxswain.web.privacy import labels as org_labels
    from coxswain.web.workbook_io import company_mapping
    from coxswain.workbook.model import parse_period

    today = today or timezone.localdate()
    last = dict(
        CheckIn.objects.for_org(org)
        .values("goal")
        .annotate(last=Max("date"))
        .values_list("goal", "last")
    )
    names = org_labels(org=org)
    out = []
    for g in company_mapping(org).get("goals", []):
        krs = g.get("key_results", [])
        if not krs or all(kr.get("kpi") for kr in krs):  # KPIs measure them: nothing to type
            continue
        if g.get("period"):
            start, end = parse_period(str(g["period"]))
            if not start <= today <= end:
                continue
        seen = last.get(g["id"])
        if seen is not None and (today - seen).days <= CHECKIN_DUE_DAYS:
            continue
        out.append(
            OverdueGoal(
                goal_id=g["id"],
                title=g.get("title") or g["id"],
                owner=names.get(g.get("owner", ""), g.get("owner", "")),
                last=seen,
                days=(today - seen).days if seen else None,
            )
        )
    out.sort(key=lambda o: (o.last is not None, o.last or today))
    return out


# ---- chat -----------------------------------------------------------------------------------


def chat_settings(*, org: Organisation) -> ChatSettings | None:
    return ChatSettings.objects.for_org(org).first()


def chat_trouble(*, org: Organisation) -> int:
    """Chat messages of the last week that failed or wait to be tried again."""
    since = timezone.now() - dt.timedelta(days=7)
    return (
        ChatDelivery.objects.for_org(org)
        .filter(created__gte=since, status__in=("retrying", "failed"))
        .count()
    )


def recent_deliveries(*, org: Organisation, limit: int = 20) -> list[ChatDelivery]:
    return list(ChatDelivery.objects.for_org(org)[:limit])


# ---- outgoing webhooks -----------------------------------------------------------------------


def webhook_endpoints(*, org: Organisation) -> list[WebhookEndpoint]:
    return list(WebhookEndpoint.objects.for_org(org))


def webhook_deliveries(
    *, org: Organisation, endpoint: WebhookEndpoint | None = None, limit: int = 20
) -> list[WebhookDelivery]:
    """The latest deliveries, newest first (of one endpoint, or of all)."""
    qs = WebhookDelivery.objects.for_org(org).select_related("endpoint")
    if endpoint is not None:
        qs = qs.filter(endpoint=endpoint)
    return list(qs[:limit])


def webhook_failing(*, endpoint: WebhookEndpoint) -> bool:
    """Turned off after failures, or its latest delivery failed or waits to be retried."""
    if endpoint.disabled_reason:
        return True
    latest = (
        WebhookDelivery.objects.for_org(endpoint.org)
        .filter(endpoint=endpoint)
        .values_list("status", flat=True)
        .first()
    )
    return latest in ("retrying", "failed")


def webhook_trouble(*, org: Organisation) -> int:
    """How many of the organisation's endpoints are failing (:func:`webhook_failing`)."""
    return sum(webhook_failing(endpoint=e) for e in webhook_endpoints(org=org))


# ---- exports and the calendar ---------------------------------------------------------------


def visible_actions(*, membership: Membership) -> list[Action]:
    """Managers see every action; other members their own."""
    qs = Action.objects.for_org(membership.org).select_related("owner__user", "person")
    if not membership.at_least("manager"):
        qs = qs.filter(owner=membership)
    return list(qs)


FINDING_COLUMNS = (
    "id",
    "severity",
    "kind",
    "title",
    "summary",
    "state",
    "open actions",
    "why dismissed",
    "dismissed by",
    "dismissed on",
)
ACTION_COLUMNS = (
    "title",
    "finding",
    "finding state",
    "assignee",
    "member",
    "due",
    "status",
    "done on",
)


def finding_rows(*, org: Organisation) -> list[tuple[Any, ...]]:
    """The latest analysis's findings as the dashboard lists them (people by name or
    pseudonym, as the organisation chose), a dismissed one with why, by whom and when."""
    from coxswain.analysis.kinds import kind_name
    from coxswain.web.insights.selectors import findings_view, latest_run

    run = latest_run(org=org)
    if run is None:
        return []
    return [
        (
            f["id"],
            f["severity"],
            kind_name(f["kind"]),
            f["title"],
            f["summary"],
            "dismissed" if f["dismissed"] is not None else "open",
            sum(1 for a in f["actions"] if a.status == ActionStatus.open),
            *(
                (f["dismissed"]["reason"], f["dismissed"]["by"], f["dismissed"]["on"])
                if f["dismissed"] is not None
                else ("", "", "")
            ),
        )
        for f in findings_view(org=org, run=run)
    ]


def action_rows(*, membership: Membership) -> list[tuple[Any, ...]]:
    from coxswain.web.privacy import labels as org_labels

    org = membership.org
    names = org_labels(org=org)
    states = finding_states(org=org)
    from coxswain.analysis.kinds import kind_name

    # Findings are for managers: others read a finding's kind, never its title (it can name
    # people), as on the action's page.
    manager = membership.at_least("manager")
    rows = []
    for a in visible_actions(membership=membership):
        state, finding = "", a.finding_id
        if a.finding_id:
            found = states.get(a.finding_id)
            state = found.words if found else "no longer found in the latest analysis"
            if found is not None:
                finding = found.title if manager else kind_name(found.kind) if found.kind else ""
            elif not manager:
                finding = ""
        rows.append(
            (
                a.title,
                finding,
                state,
                names.get(a.person.slug, a.person.slug) if a.person else "",
                a.owner.user.get_username() if a.owner else "",
                a.due,
                a.status,
                timezone.localdate(a.closed) if a.closed else None,
            )
        )
    return rows


def feed_for_token(*, token: str) -> CalendarFeed | None:
    """The calendar feed of a secret link (any organisation's: the token names exactly one)."""
    from coxswain.web.accounts.models import hash_token

    return (
        CalendarFeed.dangerously_unscoped.select_related("membership__user", "org")
        .filter(token_hash=hash_token(token))
        .first()
    )


def has_feed(*, membership: Membership) -> bool:
    return CalendarFeed.objects.for_org(membership.org).filter(membership=membership).exists()


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    date: dt.date
    summary: str
    link: str


def calendar_events(*, membership: Membership) -> list[CalendarEvent]:
    """Open actions' due dates (a manager's: every action; others': their own), the
    strategic reviews held and the next one due (the review cadence of the company's stage,
    coxswain.analysis.reviews.ALLOWED_DAYS)."""
    from django.urls import reverse

    from coxswain.analysis.reviews import ALLOWED_DAYS
    from coxswain.web.workbook_io import profile_for

    org = membership.org
    events = [
        CalendarEvent(
            uid=f"action-{a.pk}-org-{org.pk}@coxswain",
            date=a.due,
            summary=f"Action due: {a.title}",
            link=reverse("collab:action", kwargs={"pk": a.pk}),
        )
        for a in visible_actions(membership=membership)
        if a.status == ActionStatus.open
    ]
    reviews = list(StrategicReview.objects.for_org(org).order_by("date"))
    link = reverse("insights:reviews")
    for r in reviews:
        events.append(
            CalendarEvent(
                uid=f"review-{r.pk}-org-{org.pk}@coxswain",
                date=r.date,
                summary=f"Strategic review ({r.kind})",
                link=link,
            )
        )
    if reviews:
        stage = profile_for(org).stage or "early"
        due = reviews[-1].date + dt.timedelta(days=ALLOWED_DAYS.get(stage, ALLOWED_DAYS["early"]))
        events.append(
            CalendarEvent(
                uid=f"next-review-org-{org.pk}@coxswain",
                date=due,
                summary="Next strategic review due",
                link=link,
            )
        )
    return events


# ---- actions ------------------------------------------------------------------------------


def assignee_choices(*, org: Organisation) -> tuple[list[tuple[str, str]], list[tuple[int, str]]]:
    """Who an action can be given to: the workbook's people (named as every page names
    them) and the members linked to no person (by user name)."""
    from coxswain.web.privacy import labels
    from coxswain.web.strategy.models import Person

    names = labels(org=org)
    people = [(p.slug, names.get(p.slug, p.slug)) for p in Person.objects.for_org(org)]
    members = [
        (m.pk, m.user.get_username())
        for m in Membership.objects.for_org(org)
        .filter(person__isnull=True)
        .select_related("user")
        .order_by("user__username")
    ]
    return people, members


CHANGE_WORDS = {
    "title": "title",
    "person": "who does it",
    "owner": "who does it",
    "due": "due date",
    "status": "status",
}


def action_change_words(*, action: Action, changed: list[str], by: Membership) -> str:
    """What an edit changed, in words for the page: "Saved: new due date." """
    if not changed:
        return "Nothing to change: the action is as it was."
    what = list(dict.fromkeys(CHANGE_WORDS[f] for f in changed))
    said = "Saved: new " + ", ".join(what) + "."
    if "owner" in changed and action.owner is not None and action.owner_id != by.pk:
        said += f" {action.owner.user.get_username()} is told (in the app and by e-mail)."
    return said
