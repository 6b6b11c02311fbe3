# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Reading the strategy: choices for the editor, the strategy map and the goal cascade."""

from __future__ import annotations

from typing import Any

from coxswain.web.accounts.models import Organisation
from coxswain.web.strategy.models import KINDS, Element, Person

PERSPECTIVES = ("financial", "customer", "internal", "learning", None)
# The KPI analysis's verdicts on a driver link (strategy_links section): borne out or not.
VERDICTS: dict[str, bool | None] = {
    "supported": True,
    "contradicted": False,
    "unsupported": False,
    "insufficient_data": None,
}


def choices(*, org: Organisation) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {k: [] for k in KINDS}
    for e in Element.objects.for_org(org).order_by("position", "id"):
        out[e.kind].append((e.slug, f"{e.name} ({e.slug})"))
    out["people"] = [(p.slug, f"{p} ({p.slug})") for p in Person.objects.for_org(org)]
    return out


def elements_by_kind(*, org: Organisation) -> dict[str, list[Element]]:
    out: dict[str, list[Element]] = {k: [] for k in KINDS}
    for e in Element.objects.for_org(org).order_by("position", "id"):
        out[e.kind].append(e)
    return out


def kr_progress(kr: dict[str, Any]) -> float | None:
    """Share of the way from start to target (0–1), None without a current value."""
    current = kr.get("current")
    if current is None:
        return None
    start, target = float(kr.get("start", 0.0)), float(kr["target"])
    if target == start:
        return 1.0 if current == target else 0.0
    return max(0.0, min(1.0, (float(current) - start) / (target - start)))


def _weighted(parts: list[tuple[float, float | None]]) -> float | None:
    known = [(w, p) for w, p in parts if p is not None]
    total = sum(w for w, _ in known)
    if not known or total <= 0:
        return None
    return sum(w * p for w, p in known) / total


def cascade(*, company: dict[str, Any]) -> dict[str, Any]:
    """Company → objectives → goals → sub-goals, each with its weighted progress roll-up:
    a goal's progress is the weighted mean of its key results and its sub-goals; an objective's
    of its goals; the company's of its objectives (objective weights)."""
    goals = company.get("goals", [])
    children: dict[str | None, list[dict[str, Any]]] = {}
    for g in goals:
        children.setdefault(g.get("parent"), []).append(g)

    def goal_node(g: dict[str, Any], seen: frozenset[str]) -> dict[str, Any]:
        subs = [
            goal_node(c, seen | {g["id"]}) for c in children.get(g["id"], []) if c["id"] not in seen
        ]
        krs = [{**kr, "progress": kr_progress(kr)} for kr in g.get("key_results", [])]
        progress = _weighted(
            [(float(kr.get("weight", 1.0)), kr["progress"]) for kr in krs]
            + [(float(s["goal"].get("weight", 1.0)), s["progress"]) for s in subs]
        )
        return {"goal": g, "krs": krs, "children": subs, "progress": progress}

    objectives = []
    for o in company.get("objectives", []):
        nodes = [goal_node(g, frozenset()) for g in children.get(o["id"], [])]
        progress = _weighted([(float(n["goal"].get("weight", 1.0)), n["progress"]) for n in nodes])
        objectives.append({"objective": o, "goals": nodes, "progress": progress})
    orphans = [goal_node(g, frozenset()) for g in children.get(None, [])]
    overall = _weighted(
        [(float(o["objective"].get("weight", 1.0)), o["progress"]) for o in objectives]
    )
    return {"objectives": objectives, "orphans": orphans, "progress": overall}


def link_evidence(result: dict[str, Any] | None) -> dict[tuple[str, str], dict[str, Any]]:
    """Evidence per (driver, objective) from the KPI analysis's ``strategy_links`` section:
    any list of rows there with ``driver`` and ``objective`` keys."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    section = ((result or {}).get("sections") or {}).get("strategy_links")
    if not isinstance(section, dict):
        return out
    for value in section.values():
        if isinstance(value, list):
            for row in value:
                if isinstance(row, dict) and "driver" in row and "objective" in row:
                    out[(str(row["driver"]), str(row["objective"]))] = row
    return out


def objective_status(*, company: dict[str, Any], result: dict[str, Any] | None) -> dict[str, str]:
    """good / warn / bad / none per objective, from the findings about it or its KPIs."""
    kpi_objective = {k["id"]: k["objective"] for k in company.get("kpis", [])}
    status = {o["id"]: ("none" if not result else "good") for o in company.get("objectives", [])}
    rank = {"none": 0, "good": 1, "warn": 2, "bad": 3}
    for f in (result or {}).get("findings", []):
        level = "bad" if f["severity"] == "high" else "warn"
        for subject in f.get("subjects", []):
            objective = subject if subject in status else kpi_objective.get(subject)
            if objective in status and rank[level] > rank[status[objective]]:
                status[objective] = level
    return status


def strategy_map(*, company: dict[str, Any], result: dict[str, Any] | None) -> dict[str, Any]:
    """Positions of the objectives by perspective row and the driver arrows between them, and
    the same map in words (the outline: each perspective's objectives with their drivers),
    which is what a phone shows and what a screen reader reads."""
    status = objective_status(company=company, result=result)
    evidence = link_evidence(result)
    rows = [
        (p, [o for o in company.get("objectives", []) if o.get("perspective") == p])
        for p in PERSPECTIVES
    ]
    rows = [(p, objs) for p, objs in rows if objs]
    box_w, box_h, row_h = 180, 56, 110
    widest = max((len(objs) for _, objs in rows), default=1)
    width = max(900, 90 + widest * (box_w + 30))
    nodes: dict[str, dict[str, Any]] = {}
    for r, (perspective, objs) in enumerate(rows):
        gap = (width - 90) / len(objs)
        for i, o in enumerate(objs):
            nodes[o["id"]] = {
                "objective": o,
                "x": 90 + gap * (i + 0.5) - box_w / 2,
                "y": 30 + r * row_h,
                "w": box_w,
                "h": box_h,
                "status": status.get(o["id"], "none"),
                "perspective": perspective or "unset",
            }
    arrows = []
    for o in company.get("objectives", []):
        for d in o.get("drivers", []):
            if d in nodes and o["id"] in nodes:
                a, b = nodes[d], nodes[o["id"]]
                ev = evidence.get((d, o["id"]))
                supported = None
                if ev is not None:
                    if isinstance(ev.get("supported"), bool):
                        supported = ev["supported"]
                    elif ev.get("verdict") in VERDICTS:
                        supported = VERDICTS[ev["verdict"]]
                arrows.append(
                    {
                        "from": d,
                        "to": o["id"],
                        "x1": a["x"] + box_w / 2,
                        "y1": a["y"] + (0 if b["y"] < a["y"] else box_h),
                        "x2": b["x"] + box_w / 2,
                        "y2": b["y"] + (box_h if b["y"] < a["y"] else 0),
                        "evidence": ev,
                        "supported": supported,
                    }
                )
    names = {o["id"]: o.get("name", o["id"]) for o in company.get("objectives", [])}
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
                    "status": nodes[o["id"]]["status"],
                    "drivers": drivers.get(o["id"], []),
                }
                for o in objs
            ],
        }
        for perspective, objs in rows
    ]
    return {
        "rows": [p or "unset" for p, _ in rows],
        "nodes": list(nodes.values()),
        "arrows": arrows,
        "outline": outline,
        "width": width,
        "height": 30 + len(rows) * row_h,
    }
