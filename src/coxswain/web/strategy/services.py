# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Writing the strategy: every change is validated as the whole would-be workbook first, and
audited."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from pydantic import ValidationError

from coxswain.web.accounts.models import Organisation
from coxswain.web.strategy.forms import MODELS
from coxswain.web.strategy.models import Element, Person, StrategyChange
from coxswain.web.workbook_io import company_mapping, load_workbook, profile_for
from coxswain.workbook import WorkbookError
from coxswain.workbook.model import ID_PATTERN, ID_RULE

_PATH = re.compile(
    r"(?P<kind>[a-z_]+)\[(?P<index>\d+)\]"
    r"(?:\.(?P<field>[a-z_]+)(?:\[(?P<sub>\d+)\](?:\.(?P<subfield>[a-z_]+))?)?)?"
)


def _name(field: str | None, sub: str | None = None, subfield: str | None = None) -> str:
    """The form field an error belongs to: ``weight``, or ``key_results.1.target`` for a row."""
    if field and sub is not None:
        return f"{field}.{sub}.{subfield or ''}"
    return field or ""


@dataclass
class Invalid(Exception):
    """The change would make an invalid workbook: errors by form field ('' for the whole form)."""

    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def _pydantic_errors(exc: ValidationError, invalid: Invalid) -> None:
    for err in exc.errors():
        loc = [str(x) for x in err["loc"]]
        name = _name(*loc[:3]) if len(loc) >= 2 and loc[1].isdigit() else (loc[0] if loc else "")
        if err["type"] == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == (
            ID_PATTERN
        ):
            message = f"{err.get('input')!r} is not a valid id: {ID_RULE}."
        elif err["type"] in _BOUNDS:
            bound = next(iter(err.get("ctx", {}).values()), "")
            message = f"{err.get('input')!r} is {_BOUNDS[err['type']].format(bound)}"
        else:
            message = err["msg"].removeprefix("Value error, ")
        invalid.add(name, message)


_BOUNDS = {
    "greater_than_equal": "too small: give {} or more",
    "greater_than": "too small: give more than {}",
    "less_than_equal": "too large: give at most {}",
    "less_than": "too large: give less than {}",
}
"""A number out of its range in plain words, not pydantic's "Input should be …"."""


def _workbook_errors(exc: WorkbookError, invalid: Invalid, *, kind: str, index: int | None) -> None:
    """Map each problem to this element's field where its key path points into it."""
    for problem in exc.problems:
        match = _PATH.match(problem.path or "")
        if match and match["kind"] == kind and index is not None and int(match["index"]) == index:
            invalid.add(_name(match["field"], match["sub"], match["subfield"]), problem.message)
        elif problem.path:
            invalid.add("", f"{problem.path}: {problem.message}")
        else:
            invalid.add("", str(problem))


@transaction.atomic
def save_element(
    *,
    org: Organisation,
    user: AbstractBaseUser | None,
    kind: str,
    item: dict[str, Any],
    element: Element | None = None,
    action: str | None = None,
) -> Element:
    """Create or update an element; raises :class:`Invalid` and stores nothing when the
    workbook would not be valid. ``action`` names the change in the log (default: create or
    update)."""
    invalid = Invalid()
    try:
        MODELS[kind].model_validate(item)
    except ValidationError as exc:
        _pydantic_errors(exc, invalid)
        raise invalid from exc
    mapping = company_mapping(org)
    items: list[dict[str, Any]] = mapping[kind]
    elements = list(Element.objects.for_org(org).filter(kind=kind).order_by("position", "id"))
    if element is None:
        index = len(items)
        items.append(item)
    else:
        index = next(i for i, e in enumerate(elements) if e.pk == element.pk)
        items[index] = item
    clash = Element.objects.for_org(org).filter(slug=item["id"])
    if element is not None:
        clash = clash.exclude(pk=element.pk)
    if clash.exists():
        invalid.add("id", f"the id {item['id']!r} is already used in this workbook")
        raise invalid
    try:
        load_workbook(org, company=mapping)
    except WorkbookError as exc:
        _workbook_errors(exc, invalid, kind=kind, index=index)
        raise invalid from exc
    before = dict(element.data) if element else None
    if element is None:
        element = Element.objects.create(
            org=org, kind=kind, slug=item["id"], position=index, data=item
        )
        logged = "create"
    else:
        element.slug, element.data = item["id"], item
        element.save()
        logged = "update"
    StrategyChange.objects.create(
        org=org,
        user=user,
        action=action or logged,
        kind=kind,
        slug=item["id"],
        before=before,
        after=item,
    )
    return element


# A deletion can be undone from the change log for this long.
UNDO_DAYS = 7
# How many names of each kind a summary shows before "and N more".
SHOWN = 5


@dataclass(frozen=True)
class ReferenceGroup:
    """The things of one kind that refer to an element: ``names`` (at most :data:`SHOWN`)
    and how many ``more``; ``kind`` is the company.yaml list to edit them in ('' for rows
    of a table), ``links`` the (slug, name) of those shown."""

    what: str
    kind: str
    links: tuple[tuple[str, str], ...]
    more: int

    @property
    def count(self) -> int:
        return len(self.links) + self.more


@dataclass
class Referenced(Exception):
    """The element is still referred to: what refers to it, grouped, by name."""

    groups: list[ReferenceGroup]

    def summary(self, name: str) -> str:
        parts = []
        for g in self.groups:
            if g.kind:
                shown = ", ".join(n for _, n in g.links)
                parts.append(f"{g.what}: {shown}" + (f" and {g.more} more" if g.more else ""))
            else:
                parts.append(g.what)
        return f"{name} is still used by " + "; ".join(parts) + "."


def _reference_groups(problems: list[Any], mapping: dict[str, Any]) -> list[ReferenceGroup]:
    """Group the problems of a would-be workbook without an element into what refers to it:
    items of company.yaml by kind (each once, by name), rows of tables by file."""
    from coxswain.web.strategy.models import KINDS, Kind

    items: dict[str, dict[str, str]] = {}
    rows: dict[str, set[int | None]] = {}
    for p in problems:
        match = _PATH.match(p.path or "")
        if match and match["kind"] in KINDS:
            item = mapping[match["kind"]][int(match["index"])]
            name = str(item.get("name") or item.get("title") or item.get("id"))
            items.setdefault(match["kind"], {})[str(item.get("id"))] = name
        else:
            rows.setdefault(p.file, set()).add(p.line)
    groups = [
        ReferenceGroup(
            what=Kind(kind).plural if len(found) > 1 else Kind(kind).noun,
            kind=kind,
            links=tuple(list(found.items())[:SHOWN]),
            more=max(0, len(found) - SHOWN),
        )
        for kind in KINDS
        if (found := items.get(kind))
    ]
    for file, lines in sorted(rows.items()):
        n = len(lines)
        groups.append(
            ReferenceGroup(
                what=f"{n} row{'s' if n != 1 else ''} of {file}", kind="", links=(), more=0
            )
        )
    return groups


def references_to(*, org: Organisation, element: Element) -> list[ReferenceGroup]:
    """What would break if the element were deleted (empty: it can go)."""
    mapping = company_mapping(org)
    without = dict(mapping)
    without[element.kind] = [i for i in mapping[element.kind] if i.get("id") != element.slug]
    try:
        load_workbook(org, company=without)
    except WorkbookError as exc:
        return _reference_groups(list(exc.problems), without)
    return []


@transaction.atomic
def delete_element(
    *, org: Organisation, user: AbstractBaseUser | None, element: Element
) -> StrategyChange:
    """Delete an element unless something still refers to it (raises :class:`Referenced`).
    The change log keeps it, so that :func:`restore_element` can undo this."""
    groups = references_to(org=org, element=element)
    if groups:
        raise Referenced(groups)
    change = StrategyChange.objects.create(
        org=org,
        user=user,
        action="delete",
        kind=element.kind,
        slug=element.slug,
        before=element.data,
        after=None,
    )
    element.delete()
    return change


def restorable(*, org: Organisation, change: StrategyChange) -> bool:
    """Whether a deletion can still be undone: recent, and its id not taken since."""
    from django.utils import timezone

    from coxswain.web.strategy.models import KINDS

    return (
        change.action == "delete"
        and change.kind in KINDS
        and isinstance(change.before, dict)
        and change.at >= timezone.now() - dt.timedelta(days=UNDO_DAYS)
        and not Element.objects.for_org(org).filter(slug=change.slug).exists()
        and not Person.objects.for_org(org).filter(slug=change.slug).exists()
    )


@transaction.atomic
def restore_element(
    *, org: Organisation, user: AbstractBaseUser | None, change: StrategyChange
) -> Element:
    """Undo a deletion: the element comes back as it was (validated as any change; raises
    :class:`Invalid` when it can no longer be, e.g. what it referred to is gone)."""
    if not restorable(org=org, change=change):
        invalid = Invalid()
        invalid.add(
            "",
            f"This deletion can no longer be undone (after {UNDO_DAYS} days, or "
            "when its id has been used again).",
        )
        raise invalid
    return save_element(
        org=org, user=user, kind=change.kind, item=dict(change.before), action="restore"
    )


@transaction.atomic
def save_profile(*, org: Organisation, user: AbstractBaseUser | None, data: dict[str, Any]) -> None:
    profile = profile_for(org)
    before = company_mapping(org)
    mapping = dict(before)
    for key in ("name", "mission", "vision", "currency", "employees", "stage", "locale"):
        if data.get(key) in (None, ""):
            mapping.pop(key, None)
        else:
            mapping[key] = data[key]
    mapping["privacy"] = {k: data[k] for k in ("min_group", "show_names", "keep_message_text")}
    try:
        loaded = load_workbook(org, company=mapping)
    except WorkbookError as exc:
        invalid = Invalid()
        for p in exc.problems:
            m = re.fullmatch(r"(?:privacy\.)?(\w+)", p.path or "")
            invalid.add(m.group(1) if m else "", p.message if m else str(p))
        raise invalid from exc
    for key in ("name", "mission", "vision", "currency", "stage"):
        setattr(profile, key, data.get(key) or "")
    profile.locale = loaded.company.locale  # in Babel's spelling
    profile.employees = data.get("employees")
    profile.min_group, profile.show_names = data["min_group"], data["show_names"]
    profile.keep_message_text = data["keep_message_text"]
    profile.save()
    org.name = profile.name
    org.save(update_fields=["name"])
    StrategyChange.objects.create(
        org=org,
        user=user,
        action="profile",
        kind="company",
        before={
            k: before.get(k)
            for k in ("name", "mission", "vision", "currency", "employees", "stage")
        },
        after={
            k: data.get(k) for k in ("name", "mission", "vision", "currency", "employees", "stage")
        },
    )


@transaction.atomic
def save_person(
    *,
    org: Organisation,
    user: AbstractBaseUser | None,
    data: dict[str, Any],
    person: Person | None = None,
) -> Person:
    """Create or update a row of people.csv; validated as the whole would-be workbook (a
    problem in people.csv on this row maps to its column)."""
    import polars as pl

    from coxswain.web.workbook_io import PEOPLE_COLUMNS, org_tables
    from coxswain.workbook.tables import TABLES

    invalid = Invalid()
    clash = Person.objects.for_org(org).filter(slug=data["id"])
    if person is not None:
        clash = clash.exclude(pk=person.pk)
    if clash.exists() or Element.objects.for_org(org).filter(slug=data["id"]).exists():
        invalid.add("id", f"the id {data['id']!r} is already used in this workbook")
        raise invalid
    tables = dict(org_tables(org))
    rows = tables["people"].to_dicts() if "people" in tables else []
    row = {c: (data.get(c) if data.get(c) not in ("", None) else None) for c in PEOPLE_COLUMNS}
    if person is None:
        rows.append(row)
        line = len(rows) + 1
    else:
        index = next(i for i, r in enumerate(rows) if r["id"] == person.slug)
        rows[index] = row
        line = index + 2
    tables["people"] = pl.DataFrame(rows, schema=TABLES["people"].schema, orient="row")
    try:
        load_workbook(org, tables=tables)
    except WorkbookError as exc:
        for p in exc.problems:
            if p.file == "people.csv" and p.line == line and isinstance(p.column, str):
                invalid.add(p.column, p.message)
            else:
                invalid.add("", str(p))
        raise invalid from exc
    before = None
    if person is None:
        person = Person(org=org)
    else:
        before = {c: str(getattr(person, "slug" if c == "id" else c) or "") for c in PEOPLE_COLUMNS}
    person.slug = data["id"]
    for c in PEOPLE_COLUMNS:
        if c != "id":
            value = data.get(c)
            setattr(
                person,
                c,
                value
                if value is not None
                else ("" if c not in ("hired", "training_hours") else None),
            )
    person.save()
    StrategyChange.objects.create(
        org=org,
        user=user,
        action="update" if before else "create",
        kind="people",
        slug=person.slug,
        before=before,
        after={c: str(data.get(c) or "") for c in PEOPLE_COLUMNS},
    )
    return person
