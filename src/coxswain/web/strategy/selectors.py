# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Reading the strategy: choices for the editor, the strategy map and the goal cascade.

Progress, objective status and a link's verdict are the rules of
:mod:`coxswain.analysis.rules` and :mod:`coxswain.analysis.payloads`, applied to the typed
company and the stored analysis result, never restated here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coxswain.analysis.payloads import strategy_links_payload
from coxswain.analysis.rules import (
    ObjectiveStatus,
    cascade_tree,
    objective_status_reasons_of,
    objective_statuses_of,
)
from coxswain.web.accounts.models import Organisation
from coxswain.web.strategy.models import KINDS, Element
from coxswain.workbook import Company

if TYPE_CHECKING:
    from coxswain.analysis.result import Result

PERSPECTIVES = ("financial", "customer", "internal", "learning", None)


def choices(*, org: Organisation) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {k: [] for k in KINDS}
    for e in Element.objects.for_org(org).order_by("position", "id"):
        out[e.kind].append((e.slug, f"{e.name} ({e.slug})"))
    from coxswain.web.privacy import person_choices

    out["people"] = person_choices(org=org)  # named as every page names them
    return out


def elements_by_kind(*, org: Organisation) -> dict[str, list[Element]]:
    out: dict[str, list[Element]] = {k: [] for k in KINDS}
    for e in Element.objects.for_org(org).order_by("position", "id"):
        out[e.kind].append(e)
    return out


def objective_statuses(*, result: Result | None) -> dict[str, ObjectiveStatus]:
    """Each objective's status as of the latest analysis (the rule of every face:
    :func:`coxswain.analysis.rules.objective_statuses_of`); empty without an analysis."""
    return objective_statuses_of(result) if result is not None else {}


def objective_reasons(*, company: Company, result: Result | None) -> dict[str, str]:
    """Why each objective has its status, in words
    (:func:`coxswain.analysis.rules.objective_status_reasons_of`, KPIs by their names)."""
    if result is None:
        return {}
    return objective_status_reasons_of(result, names={k.id: k.name for k in company.kpis})


@dataclass(frozen=True)
class ObjectiveRow:
    """An objective as the pages list it: its status as of the latest analysis and its
    progress from the goals as they are now."""

    id: str
    name: str
    status: ObjectiveStatus
    progress: float | None
    why: str = ""  # what decided the status (objective_reasons)

    @property
    def colour(self) -> str:
        return self.status.colour.value


def objectives(*, company: Company, result: Result | None) -> list[ObjectiveRow]:
    status = objective_statuses(result=result)
    why = objective_reasons(company=company, result=result)
    progress = {o.objective_id: o.progress for o in cascade_tree(company).objectives}
    return [
        ObjectiveRow(
            id=o.id,
            name=o.name,
            status=status.get(o.id, ObjectiveStatus.no_data),
            progress=progress.get(o.id),
            why=why.get(o.id, ""),
        )
        for o in company.objectives
    ]


def cascade(*, company: Company, result: Result | None) -> dict[str, Any]:
    """Company → objectives → goals → sub-goals with their progress
    (:func:`coxswain.analysis.rules.cascade_tree`), each objective with its status."""
    tree = cascade_tree(company)
    status = objective_statuses(result=result)
    why = objective_reasons(company=company, result=result)
    return {
        "tree": tree,
        "objectives": [
            {
                "node": node,
                "status": status.get(node.objective_id, ObjectiveStatus.no_data),
                "why": why.get(node.objective_id, ""),
            }
            for node in tree.objectives
        ],
    }


def strategy_map(*, company: Company, result: Result | None) -> dict[str, Any]:
    """The strategy map drawn by :func:`coxswain.report.strategy_map.layout` (Graphviz's
    layered layout; the same drawing as the report's), its arrows with the latest analysis's
    evidence, and the same map in words (the outline: each perspective's objectives with their
    drivers), which is what a phone shows and what a screen reader reads. Status and links
    are the latest analysis's."""
    from coxswain.report.strategy_map import MapObjective, layout, links_of

    status = objective_statuses(result=result)
    why = objective_reasons(company=company, result=result)
    links = strategy_links_payload(result.sections.get("strategy_links") if result else None)
    evidence = links.by_pair()
    rows = [
        (
            p,
            [
                o
                for o in company.objectives
                if (o.perspective.value if o.perspective else None) == p
            ],
        )
        for p in PERSPECTIVES
    ]
    rows = [(p, objs) for p, objs in rows if objs]
    drawing = layout(
        [
            MapObjective(
                id=o.id,
                name=o.name,
                perspective=o.perspective.value if o.perspective else None,
                drivers=tuple(o.drivers),
                weight=o.weight,
            )
            for _, objs in rows
            for o in objs
        ],
        status,
        links=links_of(result),
    )
    known = {o.id for o in company.objectives}
    arrows: list[dict[str, Any]] = []
    for o in company.objectives:
        for d in o.drivers:
            if d in known:
                link = evidence.get((d, o.id))
                arrows.append(
                    {
                        "from": d,
                        "to": o.id,
                        "evidence": link.to_json() if link else None,
                        "supported": link.borne_out if link else None,
                    }
                )
    names = {o.id: o.name for o in company.objectives}
    drivers: dict[str, list[dict[str, Any]]] = {}
    for a in arrows:
        drivers.setdefault(a["to"], []).append(
            {"id": a["from"], "name": names[a["from"]], "supported": a["supported"]}
        )
    outline = [
        {
            "perspective": perspective or "unset",
            "objectives": [
                {
                    "objective": o,
                    "status": status.get(o.id, ObjectiveStatus.no_data),
                    "why": why.get(o.id, ""),
                    "drivers": drivers.get(o.id, []),
                }
                for o in objs
            ],
        }
        for perspective, objs in rows
    ]
    return {
        "rows": [p or "unset" for p, _ in rows],
        "arrows": arrows,
        "outline": outline,
        "drawing": drawing,
        "svg": drawing.svg() if drawing else None,
    }


AUDIT_FIELDS_SHOWN = 4  # changed fields listed on a line of the change log
AUDIT_VALUE_CHARS = 60


def _short(value: Any) -> str:
    text = "—" if value in (None, "", [], {}) else str(value)
    return text if len(text) <= AUDIT_VALUE_CHARS else text[: AUDIT_VALUE_CHARS - 1] + "…"


def change_summary(*, action: str, before: Any, after: Any) -> str:
    """What a change of the strategy changed, for the change log: "target: 6 → -20" for
    each changed field of an update ("update | kpis no_show_rate" said nothing of what
    changed, a walk-through); what an import or a profile change was."""
    old = before if isinstance(before, dict) else {}
    new = after if isinstance(after, dict) else {}
    if action == "update" or (old and new):
        changed = [k for k in sorted({*old, *new}) if old.get(k) != new.get(k)]
        parts = [f"{k}: {_short(old.get(k))} → {_short(new.get(k))}" for k in changed]
        more = len(parts) - AUDIT_FIELDS_SHOWN
        shown = "; ".join(parts[:AUDIT_FIELDS_SHOWN]) + (f"; and {more} more" if more > 0 else "")
        return shown or "nothing changed"
    if action == "import":
        return f"{_short(new.get('file'))} ({_short(new.get('kind'))})" if new else ""
    item = new or old
    name = item.get("name") or item.get("title") or ""
    return _short(name) if name else ""
