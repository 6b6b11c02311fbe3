# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""What the strategy app holds about a person: the workbook (their people.csv row, the goals
and initiatives they own, messages they sent or received, text that names them) and the
change log."""

from __future__ import annotations

import io
from typing import Any

import polars as pl

from coxswain.web.persondata import Source, Subject, register
from coxswain.web.strategy.models import Element, EvidenceTable, Person, StrategyChange

# ------------------------------------------------------------------------- the change log


def _changes(subject: Subject) -> list[StrategyChange]:
    return [
        c
        for c in StrategyChange.objects.for_org(subject.org)
        if (c.kind == "people" and c.slug == subject.slug)
        or subject.mentioned_in(c.slug)
        or subject.mentioned_in(c.before)
        or subject.mentioned_in(c.after)
    ]


def _find_changes(subject: Subject) -> list[dict[str, Any]]:
    return [
        {"at": c.at, "action": c.action, "kind": c.kind, "before": c.before, "after": c.after}
        for c in _changes(subject)
    ]


def _erase_changes(subject: Subject) -> int:
    """Changes to their people.csv row go; other changes keep their record, with every
    mention of them replaced by ``[forgotten]``."""
    n = 0
    for c in _changes(subject):
        if c.kind == "people" and c.slug == subject.slug:
            c.delete()
        else:
            c.slug = subject.redact(c.slug)
            c.before = subject.redact(c.before)
            c.after = subject.redact(c.after)
            c.save(update_fields=["slug", "before", "after"])
        n += 1
    return n


# ----------------------------------------------------------------------------- the workbook


def _messages_of(frame: pl.DataFrame, slug: str) -> pl.Expr:
    recipients = (
        pl.col("recipients")
        .fill_null("")
        .str.split(";")
        .list.eval(pl.element().str.strip_chars())
        .list.contains(slug)
    )
    return (pl.col("sender") == slug) | recipients


def _blob(blob: EvidenceTable) -> pl.DataFrame:
    return pl.read_parquet(io.BytesIO(bytes(blob.data)))


def _mentions(frame: pl.DataFrame, subject: Subject) -> pl.Series:
    """Rows of a table with a text cell that names them."""
    hit = pl.Series([False] * frame.height)
    for name, dtype in frame.schema.items():
        if dtype == pl.String:
            cells = frame.get_column(name).to_list()
            hit = hit | pl.Series([subject.mentioned_in(c) for c in cells], dtype=pl.Boolean)
    return hit


def _find_workbook(subject: Subject) -> list[dict[str, Any]]:
    org = subject.org
    out: list[dict[str, Any]] = []
    person = Person.objects.for_org(org).filter(slug=subject.slug).values().first()
    if person:
        out.append(
            {"kind": "people.csv", **{k: v for k, v in person.items() if k not in ("id", "org_id")}}
        )
    managed = Person.objects.for_org(org).filter(manager=subject.slug)
    out += [{"kind": "people.csv: manages", "person": p.slug} for p in managed]
    for element in Element.objects.for_org(org):
        if subject.mentioned_in(element.data):
            out.append({"kind": f"company.yaml: {element.kind}", "item": element.data})
    for blob in EvidenceTable.objects.for_org(org):
        frame = _blob(blob)
        rows = frame.filter(_mentions(frame, subject))
        if blob.name == "messages":
            rows = frame.filter(_messages_of(frame, subject.slug) | _mentions(frame, subject))
        out += [{"kind": f"{blob.name}.csv", **r} for r in rows.to_dicts()]
    return out


def _erase_workbook(subject: Subject) -> int:
    """Through :func:`coxswain.privacy.forget_person` (the rules of ``coxswain forget``):
    their people.csv row goes, people they managed have no manager recorded, the goals and
    initiatives they own pass to their team, messages they sent go and they leave the
    recipients of others; then every text left in the workbook (descriptions, message
    text, evidence tables) has its mentions of them replaced by ``[forgotten]``."""
    from coxswain.privacy import forget_person
    from coxswain.web.workbook_io import _compact, load_workbook

    org = subject.org
    workbook = load_workbook(org)
    forgotten, report = forget_person(workbook=workbook, person_id=subject.slug)
    n = 0
    n += Person.objects.for_org(org).filter(manager=subject.slug).update(manager="")
    n += Person.objects.for_org(org).filter(slug=subject.slug).delete()[0]
    company = forgotten.company.model_dump(mode="json")
    removed = set(report.goals_removed)
    for kind in ("goals", "initiatives"):
        items = {item["id"]: _compact(item) for item in company[kind]}
        for element in Element.objects.for_org(org).filter(kind=kind):
            if element.slug not in items:
                element.delete()
                n += 1
            elif element.data.get("owner") == subject.slug or element.data.get("parent") in removed:
                element.data = items[element.slug]
                element.save(update_fields=["data", "updated"])
                n += 1
    for element in Element.objects.for_org(org):
        if subject.mentioned_in(element.data):
            element.data = subject.redact(element.data)
            element.save(update_fields=["data", "updated"])
            n += 1
    for blob in EvidenceTable.objects.for_org(org):
        before = _blob(blob)
        after = forgotten.table(blob.name) if blob.name in forgotten.tables else before
        if _mentions(after, subject).any():
            after = after.with_columns(
                pl.col(c).map_elements(subject.redact, return_dtype=pl.String)
                for c, t in after.schema.items()
                if t == pl.String
            )
        if not after.equals(before):
            buffer = io.BytesIO()
            after.write_parquet(buffer)
            blob.data, blob.rows = buffer.getvalue(), after.height
            blob.save(update_fields=["data", "rows", "updated"])
            n += 1
    return n


register(
    Source(
        name="change log",
        models=(StrategyChange,),
        find=_find_changes,
        erase=_erase_changes,
        order=40,
        describe="changes to their row, and other changes that name them",
    )
)
register(
    Source(
        name="workbook",
        models=(Person, Element, EvidenceTable),
        find=_find_workbook,
        erase=_erase_workbook,
        order=90,
        describe="their row in people.csv, goals and initiatives they own, their messages "
        "and every text of the workbook that names them",
    )
)
