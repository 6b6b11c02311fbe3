"""Recommendations: a concrete next step for every finding, fitting the company's stage.

The wording lives in :mod:`coxswain.recommend.catalogue` (one template per finding
kind and stage); this module fills its placeholders with the names of the finding's
subjects (:func:`coxswain.wording.names.names`: people by pseudonym unless
``privacy.show_names``).
"""

from __future__ import annotations

from typing import Any

from coxswain.analysis.base import Finding
from coxswain.recommend.catalogue import CATALOGUE, DEFAULT, ROLES
from coxswain.wording.names import names
from coxswain.workbook import Workbook

__all__ = ["CATALOGUE", "names", "recommend"]


def _quote(text: str) -> str:
    return f"“{text}”"


def _and(items: list[str]) -> str:
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


class _Fields(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "it" if not key.endswith("_clause") else ""


def extra_fields(finding: Finding, workbook: Workbook, labels: dict[str, str]) -> dict[str, str]:
    """Facts from the evidence and the workbook some templates use."""
    ev: dict[str, Any] = finding.evidence
    out: dict[str, str] = {}
    if finding.kind in ("goal_behind", "orphan_work") and finding.subjects:
        goal = next((g for g in workbook.company.goals if g.id == finding.subjects[0]), None)
        if goal is not None:
            out["owner"] = _quote(labels.get(goal.owner, goal.owner))
    if finding.kind == "uncovered_objective":
        lacking = [str(x) for x in ev.get("lacking", [])]
        words = {"kpis": "a KPI", "initiatives": "an active initiative", "goals": "a goal"}
        out["lacking"] = _and([words.get(x, x) for x in lacking]) or "coverage"
        steps = {
            "kpis": "one number that shows it, checked every month",
            "initiatives": "one piece of work that moves it, with a person responsible",
            "goals": "a goal for the team that carries it",
        }
        out["lacking_early"] = "; ".join(steps.get(x, x) for x in lacking) or "an owner"
    if finding.kind == "expectation_gap":
        # The subjects are the customers leaving; the KPIs winning them are in the evidence,
        # and the advice is to watch both together.
        kpis = list(finding.subjects)
        for group in ("acquiring", "delivery_falling"):
            for item in ev.get(group, []):
                kpi = item.get("kpi") if isinstance(item, dict) else None
                if isinstance(kpi, str) and kpi in labels and kpi not in kpis:
                    kpis.append(kpi)
        if kpis:
            out["kpis"] = _and([_quote(labels[k]) if k in labels else k for k in kpis])
    return out


def recommend(
    finding: Finding, *, workbook: Workbook, stage: str, labels: dict[str, str] | None = None
) -> str:
    """The recommendation for ``finding`` at ``stage`` (early | intermediate | advanced).

    ``labels`` is :func:`names` of the workbook, when the caller has it already."""
    labels = labels if labels is not None else names(workbook)
    subject_names = [_quote(labels.get(s, s)) for s in finding.subjects]
    fields = _Fields(
        first=subject_names[0] if subject_names else "this",
        others=_and(subject_names[1:]),
        subjects=_and(subject_names) or "this",
    )
    roles = ROLES.get(finding.kind, ())
    for position, role in enumerate(roles):
        if role.startswith("*"):
            rest = subject_names[position:]
            key = role[1:]
            if rest:
                fields[key] = _and(rest)
                fields[f"{key}_clause"] = (
                    f" and the value{'s' if len(rest) > 1 else ''} {_and(rest)}"
                    if key == "values"
                    else f" ({_and(rest)})"
                )
            else:
                fields[key] = {
                    "values": "your values",
                    "kpis": "the customer KPIs",
                    "link": "these objectives",
                }.get(key, "it")
            break
        if position < len(subject_names):
            fields[role] = subject_names[position]
        else:
            fields[role] = "the team" if role == "owner" else "it"
    fields.update(extra_fields(finding, workbook, labels))
    templates = CATALOGUE.get(finding.kind, DEFAULT)
    template = templates.get(stage, templates["early"])
    text = template.format_map(fields)
    return text[0].upper() + text[1:]
