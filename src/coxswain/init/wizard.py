"""The web's first-strategy wizard: a starter workbook (:func:`starter_workbook`) with the
owner's own mission, values and three to five objectives in place of the template's.

What the template has that refers to an objective or value the owner left out is left out
too (KPIs of removed objectives, goals under them, references from the rest), so that the
result is a workbook that validates. Plain Python: the web calls it, the CLI could."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

MIN_OBJECTIVES = 3
MAX_OBJECTIVES = 5
MAX_VALUES = 5


@dataclass(frozen=True)
class ValueAnswer:
    name: str
    statement: str = ""
    id: str = ""  # the template's id when the owner kept (and perhaps renamed) its value


@dataclass(frozen=True)
class ObjectiveAnswer:
    name: str
    perspective: str | None = None
    weight: float = 1.0
    lag_months: int = 0
    id: str = ""  # the template's id when the owner kept (and perhaps renamed) its objective


def slug(text: str, *, taken: Iterable[str] = ()) -> str:
    """A workbook id for a name: ``"Guests who come back"`` → ``guests_who_come_back``;
    ``_2``, ``_3`` … added while it is ``taken``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")[:40] or "item"
    used = set(taken)
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}_{n}"
    return candidate


def _ids(rows: Sequence[ValueAnswer | ObjectiveAnswer], known: set[str]) -> list[str]:
    """Each row's id: the template's where the row kept one, else made from its name."""
    out: list[str] = []
    for row in rows:
        if row.id and row.id in known and row.id not in out:
            out.append(row.id)
        else:
            out.append(slug(row.name, taken=[*out, *(r.id for r in rows if r.id)]))
    return out


def customise(
    starter: dict[str, Any],
    *,
    mission: str,
    values: Sequence[ValueAnswer],
    objectives: Sequence[ObjectiveAnswer],
) -> dict[str, Any]:
    """``starter`` (a company.yaml mapping) with the owner's mission, values and objectives.

    A kept objective keeps the template's drivers and values among those kept; its name,
    perspective, weight and delay (``lag_months``) are the owner's. Raises ValueError for
    fewer than :data:`MIN_OBJECTIVES` or more than :data:`MAX_OBJECTIVES` objectives."""
    if not MIN_OBJECTIVES <= len(objectives) <= MAX_OBJECTIVES:
        raise ValueError(
            f"choose {MIN_OBJECTIVES} to {MAX_OBJECTIVES} objectives ({len(objectives)} given)"
        )
    if len(values) > MAX_VALUES:
        raise ValueError(f"at most {MAX_VALUES} values ({len(values)} given)")
    old_values = {str(v["id"]): v for v in starter.get("values") or []}
    old_objectives = {str(o["id"]): o for o in starter.get("objectives") or []}
    value_ids = _ids(values, set(old_values))
    objective_ids = _ids(objectives, set(old_objectives))
    kept_values, kept = set(value_ids), set(objective_ids)

    new_values = []
    for vid, v in zip(value_ids, values, strict=True):
        item: dict[str, Any] = {"id": vid, "name": v.name.strip()}
        statement = v.statement.strip() or (
            old_values[vid].get("statement") if vid in old_values else None
        )
        if statement:
            item["statement"] = statement
        new_values.append(item)

    new_objectives = []
    for oid, o in zip(objective_ids, objectives, strict=True):
        old = old_objectives.get(oid, {})
        item = {"id": oid, "name": o.name.strip()}
        if o.perspective:
            item["perspective"] = o.perspective
        item["weight"] = o.weight
        linked = [v for v in old.get("values") or [] if v in kept_values]
        if linked:
            item["values"] = linked
        drivers = [d for d in old.get("drivers") or [] if d in kept and d != oid]
        if drivers:
            item["drivers"] = drivers
        if o.lag_months:
            item["lag_months"] = o.lag_months
        new_objectives.append(item)

    kpis = [k for k in starter.get("kpis") or [] if k.get("objective") in kept]
    kpi_ids = {k["id"] for k in kpis}
    goals: list[dict[str, Any]] = []
    remaining = list(starter.get("goals") or [])
    while True:  # a goal stays when its parent (an objective or a kept goal) does
        placed = {g["id"] for g in goals}
        stay = [g for g in remaining if g.get("parent") in kept | placed or not g.get("parent")]
        if not stay:
            break
        goals += stay
        remaining = [g for g in remaining if g not in stay]
    for goal in goals:
        goal["key_results"] = [
            {k: v for k, v in kr.items() if k != "kpi" or v in kpi_ids}
            for kr in goal.get("key_results") or []
        ]
    capabilities = []
    for c in starter.get("capabilities") or []:
        c = {**c, "objectives": [o for o in c.get("objectives") or [] if o in kept]}
        if not c["objectives"]:
            c.pop("objectives")
        capabilities.append(c)
    return {
        **starter,
        "mission": " ".join(mission.split()) or starter.get("mission", ""),
        "values": new_values,
        "objectives": new_objectives,
        "kpis": kpis,
        "goals": goals,
        "capabilities": capabilities,
    }


def drivers_first(objectives: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The objectives with each one's drivers before it (the order a store that checks every
    step needs); a cycle keeps its given order."""
    out: list[dict[str, Any]] = []
    done: set[str] = set()
    pending = list(objectives)
    while pending:
        ready = [o for o in pending if set(o.get("drivers", [])) <= done]
        for o in ready or pending[:1]:
            out.append(o)
            done.add(o["id"])
            pending.remove(o)
    return out
