# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""The API for integrations: every object the web app edits, readable and writable.

Strategy elements (``/strategy/<kind>``: values, objectives, KPIs, teams, initiatives, goals
with their key results, automations, capabilities), the company profile, people, check-ins,
actions, dismissals and strategic reviews. Every write goes through the service the web
pages use (:mod:`coxswain.web.strategy.services`, :mod:`coxswain.web.checkins.services`,
:mod:`coxswain.web.insights.services`): a change to the strategy, the company, people or
check-ins is validated as the whole would-be workbook, and an invalid write answers 400 with
every problem placed at its field and stores nothing (actions, dismissals and reviews are
checked as the web's forms check them: their references must exist).
The roles are the pages' roles; every object is the token's organisation's (another
organisation's is a 404).

No ``from __future__ import annotations`` here: the element routes are made in a loop, and
django-ninja reads each one's body type from its evaluated annotations."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Schema, Status
from pydantic import BaseModel, field_validator

from coxswain.web.accounts.models import Membership
from coxswain.web.api.api import COMMON, ErrorOut, Unauthorized, _member, api
from coxswain.web.checkins.models import CheckIn
from coxswain.web.insights.models import Action, Dismissal, StrategicReview
from coxswain.web.insights.services import MAX_REVIEW_DECISIONS, MAX_REVIEW_NOTES
from coxswain.web.strategy.forms import MODELS
from coxswain.web.strategy.models import Element, Kind, Person
from coxswain.web.tenancy import get_for_org_or_404
from coxswain.web.workbook_io import PEOPLE_COLUMNS, company_mapping, profile_for
from coxswain.workbook import WorkbookError
from coxswain.workbook.model import ReviewKind


class PlacedProblemsOut(Schema):
    """A refused write: nothing was stored. ``problems`` are every problem in words, each
    after the field it is about (``weight: …``); ``fields`` the same by field name (``""``:
    the whole object, ``key_results.0.target``: a key result's field)."""

    detail: str
    problems: list[str] = Field(default_factory=list)
    fields: dict[str, list[str]] = Field(default_factory=dict)


REFUSED = "the change was refused; nothing was stored"


def _refused(invalid: Any) -> Status[Any]:
    errors: dict[str, list[str]] = dict(invalid.errors)
    problems = [f"{name}: {m}" if name else m for name, ms in errors.items() for m in ms]
    return Status(400, {"detail": REFUSED, "problems": problems, "fields": errors})


def _compact(value: Any) -> Any:
    """An element as company.yaml holds it: empty optional values left out (as the web
    editor's forms leave them out)."""
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_compact(v) for v in value]
    return value


def _item(body: BaseModel) -> dict[str, Any]:
    return _compact(body.model_dump(mode="json", exclude_unset=True))


WRITE = {**COMMON, 400: PlacedProblemsOut, 403: ErrorOut, 404: ErrorOut}


# --- strategy elements ------------------------------------------------------------------


def _element_routes(kind: str, model: type[BaseModel]) -> None:
    noun = Kind(kind).noun
    one = Kind(kind).name  # the kind in the singular, for the operations' names
    path = f"/strategy/{kind}"
    tags = ["strategy"]

    def list_elements(request: HttpRequest) -> list[dict[str, Any]]:
        org = _member(request).org
        return [
            e.data
            for e in Element.objects.for_org(org).filter(kind=kind).order_by("position", "id")
        ]

    def create_element(request: HttpRequest, body: Any) -> Status[Any]:
        from coxswain.web.strategy import services

        membership = _member(request, "manager")
        try:
            element = services.save_element(
                org=membership.org, user=membership.user, kind=kind, item=_item(body)
            )
        except services.Invalid as invalid:
            return _refused(invalid)
        return Status(201, element.data)

    def get_element(request: HttpRequest, slug: str) -> Status[Any]:
        org = _member(request).org
        try:
            return Status(200, get_for_org_or_404(Element, org=org, kind=kind, slug=slug).data)
        except Http404:
            return Status(404, {"detail": f"no such {noun}", "problems": []})

    def update_element(request: HttpRequest, slug: str, body: Any) -> Status[Any]:
        from coxswain.web.strategy import services

        membership = _member(request, "manager")
        try:
            element = get_for_org_or_404(Element, org=membership.org, kind=kind, slug=slug)
        except Http404:
            return Status(404, {"detail": f"no such {noun}", "problems": []})
        try:
            element = services.save_element(
                org=membership.org,
                user=membership.user,
                kind=kind,
                item=_item(body),
                element=element,
            )
        except services.Invalid as invalid:
            return _refused(invalid)
        return Status(200, element.data)

    def delete_element(request: HttpRequest, slug: str) -> Status[Any]:
        from coxswain.web.strategy import services

        membership = _member(request, "manager")
        try:
            element = get_for_org_or_404(Element, org=membership.org, kind=kind, slug=slug)
        except Http404:
            return Status(404, {"detail": f"no such {noun}", "problems": []})
        try:
            services.delete_element(org=membership.org, user=membership.user, element=element)
        except services.Referenced as referenced:
            return Status(
                409,
                {
                    "detail": referenced.summary(element.name) + " Nothing was deleted.",
                    "problems": [
                        f"{g.what}: {', '.join(n for _, n in g.links)}" if g.links else g.what
                        for g in referenced.groups
                    ],
                },
            )
        return Status(204, None)

    create_element.__annotations__["body"] = model
    update_element.__annotations__["body"] = model
    read = {200: list[model], 401: Unauthorized}  # type: ignore[valid-type]
    api.get(
        path,
        response=read,
        tags=tags,
        operation_id=f"list_{kind}",
        summary=f"The {Kind(kind).plural}",
    )(list_elements)
    api.post(
        path,
        response={201: model, **WRITE},
        tags=tags,
        operation_id=f"create_{one}",
        summary=f"Add a {noun} (validated as the whole workbook; 400: nothing stored)",
    )(create_element)
    api.get(
        f"{path}/{{slug}}",
        response={200: model, 404: ErrorOut, **COMMON},
        tags=tags,
        operation_id=f"get_{one}",
        url_name=f"{kind}_element",
        summary=f"One {noun}",
    )(get_element)
    api.put(
        f"{path}/{{slug}}",
        response={200: model, **WRITE},
        tags=tags,
        operation_id=f"update_{one}",
        url_name=f"{kind}_element",
        summary=f"Replace a {noun} (validated as the whole workbook; 400: nothing stored)",
    )(update_element)
    api.delete(
        f"{path}/{{slug}}",
        response={204: None, 409: ErrorOut, **WRITE},
        tags=tags,
        operation_id=f"delete_{one}",
        url_name=f"{kind}_element",
        summary=f"Delete a {noun} (409 while something still refers to it)",
    )(delete_element)


for _kind, _model in MODELS.items():
    _element_routes(_kind, _model)


# --- company profile --------------------------------------------------------------------


class ProfileOut(Schema):
    name: str
    mission: str = ""
    vision: str = ""
    currency: str
    locale: str = ""
    employees: int | None = None
    stage: str = ""
    min_group: int
    show_names: bool
    keep_message_text: bool


class ProfileIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    mission: str = ""
    vision: str = ""
    currency: str = Field(min_length=1, max_length=8)
    locale: str = Field(default="", max_length=32)
    employees: int | None = Field(default=None, ge=0)
    stage: str = ""
    min_group: int = Field(ge=3)
    show_names: bool = False
    keep_message_text: bool = False


def _profile(org: Any) -> dict[str, Any]:
    p = profile_for(org)
    return {f: getattr(p, f) for f in ProfileOut.model_fields}


@api.get(
    "/company",
    operation_id="get_company",
    response={200: ProfileOut, 401: Unauthorized},
    tags=["strategy"],
    summary="The company: name, mission, vision, currency, privacy",
)
def company(request: HttpRequest) -> dict[str, Any]:
    return _profile(_member(request).org)


@api.put(
    "/company",
    response={200: ProfileOut, **WRITE},
    tags=["strategy"],
    summary="Change the company",
    operation_id="update_company",
)
def update_company(request: HttpRequest, body: ProfileIn) -> Status[Any]:
    from coxswain.web.strategy import services

    membership = _member(request, "manager")
    try:
        services.save_profile(org=membership.org, user=membership.user, data=body.model_dump())
    except services.Invalid as invalid:
        return _refused(invalid)
    return Status(200, _profile(membership.org))


# --- people -----------------------------------------------------------------------------


class PersonIn(Schema):
    """A row of people.csv."""

    id: str = Field(min_length=1, max_length=64)
    name: str = Field(default="", max_length=200)
    team: str = Field(default="", max_length=64)
    role: str = Field(default="", max_length=200)
    manager: str = Field(default="", max_length=64)
    hired: dt.date | None = None
    skills: str = Field(default="", max_length=1000, description="skill:level;… (levels 1–5)")
    training_hours: float | None = Field(default=None, ge=0)
    email: str = Field(default="", max_length=254)
    handles: str = Field(default="", max_length=500, description="chat handles, ;-separated")


class PersonOut(PersonIn):
    label: str = Field(
        description="How the pages name this person: the name, or a pseudonym unless the "
        "organisation shows names"
    )


def _person(person: Person, labels: dict[str, str]) -> dict[str, Any]:
    row = {c: getattr(person, c) for c in PEOPLE_COLUMNS if c != "id"}
    return {**row, "id": person.slug, "label": labels.get(person.slug, person.slug)}


@api.get(
    "/people",
    operation_id="list_people",
    response={200: list[PersonOut], 403: ErrorOut, 401: Unauthorized},
    tags=["people"],
    summary="The people of the workbook (managers)",
)
def people(request: HttpRequest) -> list[dict[str, Any]]:
    from coxswain.web.privacy import labels

    org = _member(request, "manager").org
    names = labels(org=org)
    return [_person(p, names) for p in Person.objects.for_org(org)]


@api.post(
    "/people",
    operation_id="create_person",
    response={201: PersonOut, **WRITE},
    tags=["people"],
    summary="Add a person (managers; 400: nothing stored)",
)
def create_person(request: HttpRequest, body: PersonIn) -> Status[Any]:
    return _save_person(request, body, slug=None)


@api.get(
    "/people/{slug}",
    operation_id="get_person",
    response={200: PersonOut, 403: ErrorOut, 404: ErrorOut, **COMMON},
    tags=["people"],
    url_name="person",
    summary="One person (managers)",
)
def person(request: HttpRequest, slug: str) -> Status[Any]:
    from coxswain.web.privacy import labels

    org = _member(request, "manager").org
    try:
        found = get_for_org_or_404(Person, org=org, slug=slug)
    except Http404:
        return Status(404, {"detail": "no such person", "problems": []})
    return Status(200, _person(found, labels(org=org)))


@api.put(
    "/people/{slug}",
    operation_id="update_person",
    response={200: PersonOut, **WRITE},
    tags=["people"],
    url_name="person",
    summary="Change a person (managers; 400: nothing stored)",
)
def update_person(request: HttpRequest, slug: str, body: PersonIn) -> Status[Any]:
    return _save_person(request, body, slug=slug)


def _save_person(request: HttpRequest, body: PersonIn, *, slug: str | None) -> Status[Any]:
    from coxswain.web.privacy import labels
    from coxswain.web.strategy import services

    membership = _member(request, "manager")
    org = membership.org
    existing = None
    if slug is not None:
        try:
            existing = get_for_org_or_404(Person, org=org, slug=slug)
        except Http404:
            return Status(404, {"detail": "no such person", "problems": []})
    try:
        saved = services.save_person(
            org=org, user=membership.user, data=body.model_dump(), person=existing
        )
    except services.Invalid as invalid:
        return _refused(invalid)
    return Status(201 if existing is None else 200, _person(saved, labels(org=org)))


# --- check-ins --------------------------------------------------------------------------


class CheckInOut(Schema):
    id: int
    person: str
    goal: str
    key_result: int = Field(description="the key result's position in the goal (from 0)")
    date: dt.date
    value: float
    confidence: int | None


class KrUpdateIn(Schema):
    goal: str
    key_result: int = Field(ge=0, description="the key result's position in the goal (from 0)")
    value: float = Field(allow_inf_nan=False)
    confidence: int | None = Field(default=None, ge=1, le=5)


class CheckInIn(Schema):
    date: dt.date | None = Field(default=None, description="default: today")
    updates: list[KrUpdateIn] = Field(min_length=1, max_length=200)


def _checkin(c: CheckIn) -> dict[str, Any]:
    return {
        "id": c.pk,
        "person": c.person.slug,
        **{k: getattr(c, k) for k in ("goal", "key_result", "date", "value", "confidence")},
    }


@api.get(
    "/checkins",
    operation_id="list_checkins",
    response={200: list[CheckInOut], 401: Unauthorized},
    tags=["check-ins"],
    summary="Check-ins: everyone's for a manager, one's own for an employee (newest first)",
)
def checkins(request: HttpRequest) -> list[dict[str, Any]]:
    membership = _member(request)
    qs = CheckIn.objects.for_org(membership.org).select_related("person")
    if not membership.at_least("manager"):
        qs = qs.filter(person=membership.person) if membership.person else qs.none()
    return [_checkin(c) for c in qs[:1000]]


@api.post(
    "/checkins",
    operation_id="create_checkin",
    response={201: list[CheckInOut], **WRITE},
    tags=["check-ins"],
    summary="Check in on one's own key results (the token's member's person; 400: nothing stored)",
)
def create_checkin(request: HttpRequest, body: CheckInIn) -> Status[Any]:
    from coxswain.web.checkins import services

    membership = _member(request)
    person_ = membership.person
    if person_ is None:
        return Status(
            403,
            {"detail": "your membership is not linked to a person of the workbook", "problems": []},
        )
    goals = {g["id"]: g for g in company_mapping(membership.org)["goals"]}
    measured = {
        f"updates.{i}": [
            f"this key result is measured by the KPI {kr['kpi']!r}: its value follows the "
            "KPI's latest value (push that with /api/kpi-values)"
        ]
        for i, u in enumerate(body.updates)
        for krs in [goals.get(u.goal, {}).get("key_results", [])]
        if u.key_result < len(krs) and (kr := krs[u.key_result]).get("kpi")
    }
    if measured:
        flat = [f"{k}: {m}" for k, ms in measured.items() for m in ms]
        return Status(400, {"detail": REFUSED, "problems": flat, "fields": measured})
    updates = [
        services.KrUpdate(
            goal=u.goal, key_result=u.key_result, value=u.value, confidence=u.confidence
        )
        for u in body.updates
    ]
    mine = CheckIn.objects.for_org(membership.org).filter(person=person_)
    last = mine.order_by("-pk").values_list("pk", flat=True).first() or 0
    try:
        services.record_checkin(
            org=membership.org,
            person=person_,
            updates=updates,
            date=body.date or timezone.localdate(),
            user=membership.user,
        )
    except PermissionError as exc:
        return Status(403, {"detail": str(exc), "problems": []})
    except WorkbookError as exc:
        problems = [str(p) for p in exc.problems]
        return Status(400, {"detail": REFUSED, "problems": problems, "fields": {"": problems}})
    stored = mine.filter(pk__gt=last).select_related("person").order_by("pk")
    return Status(201, [_checkin(c) for c in stored])


# --- actions ----------------------------------------------------------------------------


class ActionOut(Schema):
    id: int
    title: str
    finding_id: str = Field(description="the finding it answers ('' for none)")
    person: str | None = Field(description="the assignee, a person of the workbook")
    owner: int | None = Field(description="the member who owns it (their id)")
    due: dt.date
    status: str = Field(description="open or done")


class ActionIn(Schema):
    title: str = Field(min_length=1, max_length=500)
    due: dt.date
    person: str | None = Field(default=None, description="a person of the workbook")
    owner: int | None = Field(default=None, description="a member, where no person is given")
    finding_id: str = Field(default="", max_length=500)


class ActionUpdateIn(Schema):
    """The fields to change; those left out stay as they are. ``done`` is for the action's
    owner and managers; the others for managers."""

    done: bool | None = Field(default=None, description="true: done; false: open again")
    title: str | None = Field(default=None, min_length=1, max_length=500)
    due: dt.date | None = None
    person: str | None = Field(
        default=None, description="give it to a person of the workbook (their member owns it)"
    )
    owner: int | None = Field(
        default=None, description="give it to a member (their linked person, if any, does it)"
    )


def _action(a: Action) -> dict[str, Any]:
    return {
        "id": a.pk,
        "title": a.title,
        "finding_id": a.finding_id,
        "person": a.person.slug if a.person else None,
        "owner": a.owner_id,
        "due": a.due,
        "status": a.status,
    }


def _own_action(membership: Membership, action_id: int) -> Action:
    """The action, if the member may see it (managers: any; others: their own)."""
    action = get_for_org_or_404(Action, org=membership.org, pk=action_id)
    if not membership.at_least("manager") and action.owner_id != membership.pk:
        raise Http404("no such action")
    return action


@api.get(
    "/actions",
    operation_id="list_actions",
    response={200: list[ActionOut], 401: Unauthorized},
    tags=["actions"],
    summary="Actions: a manager's, all; an employee's, their own",
)
def actions(request: HttpRequest) -> list[dict[str, Any]]:
    membership = _member(request)
    qs = Action.objects.for_org(membership.org).select_related("person")
    if not membership.at_least("manager"):
        qs = qs.filter(owner=membership)
    return [_action(a) for a in qs]


@api.post(
    "/actions",
    operation_id="create_action",
    response={201: ActionOut, **WRITE},
    tags=["actions"],
    summary="Add an action (managers)",
)
def create_action(request: HttpRequest, body: ActionIn) -> Status[Any]:
    from coxswain.web.insights import selectors, services

    membership = _member(request, "manager")
    org = membership.org
    problems: dict[str, list[str]] = {}
    person_ = Person.objects.for_org(org).filter(slug=body.person).first() if body.person else None
    if body.person and person_ is None:
        problems["person"] = [f"no person {body.person!r} in the workbook"]
    owner = Membership.objects.for_org(org).filter(pk=body.owner).first() if body.owner else None
    if body.owner and owner is None:
        problems["owner"] = [f"no member {body.owner} in this organisation"]
    if person_ is None and owner is None and not problems:
        problems["person"] = ["say who does it: a person, or a member as owner"]
    if body.finding_id and selectors.finding(org=org, finding_id=body.finding_id) is None:
        problems["finding_id"] = [f"no finding {body.finding_id!r} in the latest analysis"]
    if found := services.action_due_problems(body.due):
        problems["due"] = found
    if problems:
        flat = [f"{k}: {m}" for k, ms in problems.items() for m in ms]
        return Status(400, {"detail": REFUSED, "problems": flat, "fields": problems})
    action = services.create_action(
        org=org,
        title=body.title,
        due=body.due,
        person=person_,
        owner=None if person_ is not None else owner,
        finding_id=body.finding_id,
    )
    return Status(201, _action(action))


@api.get(
    "/actions/{action_id}",
    operation_id="get_action",
    response={200: ActionOut, 404: ErrorOut, **COMMON},
    tags=["actions"],
    url_name="action",
    summary="One action",
)
def action(request: HttpRequest, action_id: int) -> Status[Any]:
    try:
        return Status(200, _action(_own_action(_member(request), action_id)))
    except Http404:
        return Status(404, {"detail": "no such action", "problems": []})


@api.patch(
    "/actions/{action_id}",
    response={200: ActionOut, **WRITE},
    tags=["actions"],
    url_name="action",
    operation_id="update_action",
    summary="Change an action: mark it done or open again (its owner or a manager); its "
    "title, who does it or its due date (managers; 400: nothing changed)",
)
def update_action(request: HttpRequest, action_id: int, body: ActionUpdateIn) -> Status[Any]:
    """Give only the fields to change. A new assignee is told (in the app and by e-mail,
    where linked to a member); any change sends one ``action.updated`` webhook event with
    the fields that changed."""
    from coxswain.web.insights import services

    membership = _member(request)
    try:
        found = _own_action(membership, action_id)
    except Http404:
        return Status(404, {"detail": "no such action", "problems": []})
    given = body.model_fields_set
    managing = given & {"title", "due", "person", "owner"}
    if managing and not membership.at_least("manager"):
        return Status(
            403,
            {
                "detail": "changing an action's title, who does it or its due date needs the "
                "manager role",
                "problems": [],
            },
        )
    org = membership.org
    problems: dict[str, list[str]] = {}
    for name in sorted(given & {"done", "title", "due"}):
        if getattr(body, name) is None:
            problems[name] = ["give a value, or leave the field out"]
    assignee = None
    if "person" in given or "owner" in given:
        person_ = (
            Person.objects.for_org(org).filter(slug=body.person).first() if body.person else None
        )
        if body.person and person_ is None:
            problems["person"] = [f"no person {body.person!r} in the workbook"]
        owner = (
            Membership.objects.for_org(org).filter(pk=body.owner).first() if body.owner else None
        )
        if body.owner and owner is None:
            problems["owner"] = [f"no member {body.owner} in this organisation"]
        assignee = services.Assignee(person=person_, owner=None if person_ else owner)
    # the service's rules, so that every problem is answered at once (a field refused
    # above keeps its own problem)
    for name, found_problems in services.action_update_problems(
        title=body.title, due=body.due, assignee=assignee
    ).items():
        problems.setdefault(name, found_problems)
    if problems:
        flat = [f"{k}: {m}" for k, ms in problems.items() for m in ms]
        return Status(400, {"detail": REFUSED, "problems": flat, "fields": problems})
    try:
        services.update_action(
            action=found,
            by=membership,
            title=body.title,
            due=body.due,
            assignee=assignee,
            done=body.done,
        )
    except services.ActionRefused as refused:
        flat = [f"{k}: {m}" for k, ms in refused.problems.items() for m in ms]
        return Status(400, {"detail": REFUSED, "problems": flat, "fields": refused.problems})
    return Status(200, _action(found))


# --- dismissals -------------------------------------------------------------------------


class DismissalOut(Schema):
    id: int
    finding_id: str
    kind: str
    subjects: list[str]
    severity: str
    reason: str
    by: str | None
    at: dt.datetime


class DismissalIn(Schema):
    finding_id: str = Field(min_length=1, max_length=500)
    reason: str = Field(min_length=1, max_length=2000)


def _dismissal(d: Dismissal) -> dict[str, Any]:
    return {
        **{k: getattr(d, k) for k in ("finding_id", "kind", "severity", "reason", "at")},
        "id": d.pk,
        "subjects": [str(s) for s in d.subjects or []],
        "by": d.by.get_username() if d.by else None,
    }


@api.get(
    "/dismissals",
    operation_id="list_dismissals",
    response={200: list[DismissalOut], 403: ErrorOut, 401: Unauthorized},
    tags=["findings"],
    summary="Dismissed findings (managers)",
)
def dismissals(request: HttpRequest) -> list[dict[str, Any]]:
    org = _member(request, "manager").org
    return [
        _dismissal(d)
        for d in Dismissal.objects.for_org(org).select_related("by").order_by("-at", "-id")
    ]


@api.post(
    "/dismissals",
    operation_id="create_dismissal",
    response={201: DismissalOut, **WRITE},
    tags=["findings"],
    summary="Dismiss a finding of the latest analysis, with the reason (managers)",
)
def dismiss(request: HttpRequest, body: DismissalIn) -> Status[Any]:
    from coxswain.web.insights import selectors, services

    membership = _member(request, "manager")
    finding = selectors.finding(org=membership.org, finding_id=body.finding_id)
    if finding is None:
        return Status(404, {"detail": "no such finding in the latest analysis", "problems": []})
    made = services.dismiss_finding(
        org=membership.org, user=membership.user, finding=finding, reason=body.reason.strip()
    )
    return Status(201, _dismissal(made))


# --- strategic reviews ------------------------------------------------------------------


class ReviewOut(Schema):
    id: int
    date: dt.date
    kind: str = Field(description="weekly, monthly, quarterly or annual")
    decisions: int
    actions_open: int = Field(description="open actions when it was recorded")
    actions_closed: int = Field(description="closed actions when it was recorded")
    notes: str


class ReviewIn(Schema):
    date: dt.date
    kind: ReviewKind
    decisions: int = Field(default=0, ge=0, le=MAX_REVIEW_DECISIONS)
    notes: str = Field(default="", max_length=MAX_REVIEW_NOTES)

    @field_validator("date")
    @classmethod
    def _held(cls, v: dt.date) -> dt.date:
        from coxswain.web.insights.services import review_date_problems

        if problems := review_date_problems(v):
            raise ValueError(problems[0])
        return v


def _review(r: StrategicReview) -> dict[str, Any]:
    return {
        "id": r.pk,
        **{
            k: getattr(r, k)
            for k in ("date", "kind", "decisions", "actions_open", "actions_closed", "notes")
        },
    }


@api.get(
    "/reviews",
    operation_id="list_reviews",
    response={200: list[ReviewOut], 403: ErrorOut, 401: Unauthorized},
    tags=["reviews"],
    summary="The strategic reviews held, newest first (managers)",
)
def reviews(request: HttpRequest) -> list[dict[str, Any]]:
    org = _member(request, "manager").org
    return [_review(r) for r in StrategicReview.objects.for_org(org)]


@api.post(
    "/reviews",
    operation_id="create_review",
    response={201: ReviewOut, **WRITE},
    tags=["reviews"],
    summary="Record a strategic review; its action counts are taken as of now (owners)",
)
def create_review(request: HttpRequest, body: ReviewIn) -> Status[Any]:
    from coxswain.web.insights import services

    membership = _member(request, "owner")
    review = services.record_review(
        org=membership.org,
        user=membership.user,
        date=body.date,
        kind=body.kind.value,
        decisions=body.decisions,
        notes=body.notes.strip(),
    )
    return Status(201, _review(review))
