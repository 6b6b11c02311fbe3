# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Reading saved scenarios and their runs."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coxswain.web.insights.models import RunStatus
from coxswain.web.scenarios.models import SavedScenario, ScenarioRun
from coxswain.wording.numbers import Words

if TYPE_CHECKING:
    from coxswain.web.accounts.models import Organisation


def scenarios(*, org: Organisation) -> list[SavedScenario]:
    """The organisation's scenarios, by name."""
    return list(SavedScenario.objects.for_org(org))


def runs(*, org: Organisation, limit: int = 20) -> list[ScenarioRun]:
    """The organisation's scenario runs, latest first (without their stored results)."""
    return list(ScenarioRun.objects.for_org(org).defer("result", "page")[:limit])


def latest_done(*, org: Organisation) -> ScenarioRun | None:
    run: ScenarioRun | None = ScenarioRun.objects.for_org(org).filter(status=RunStatus.done).first()
    return run


def active(*, org: Organisation) -> ScenarioRun | None:
    """The scenario run queued or running, if any."""
    run: ScenarioRun | None = (
        ScenarioRun.objects.for_org(org)
        .filter(status__in=[RunStatus.queued, RunStatus.running])
        .defer("result", "page")
        .first()
    )
    return run


def page(run: ScenarioRun) -> dict[str, Any] | None:
    """The comparison's words as stored (coxswain.scenarios.render.context)."""
    return json.loads(run.page) if run.page else None


def result(run: ScenarioRun) -> dict[str, Any] | None:
    """The comparison's JSON as stored (the documented format, docs/scenarios.md)."""
    return json.loads(run.result) if run.result else None


def latest_comparison(*, org: Organisation) -> dict[str, Any] | None:
    """The words of the latest finished comparison, for the report's optional section."""
    latest = latest_done(org=org)
    return page(latest) if latest is not None else None


def _effect(value: Any) -> str:
    if isinstance(value, list):
        return " to ".join(str(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class Naming:
    """How a scenario's changes name things: the strategy's names for its ids (quoted, as
    findings write them) and money in the company's currency."""

    names: Mapping[str, str] = field(default_factory=dict)
    words: Words = field(default_factory=Words)

    def __call__(self, ref: Any) -> str:
        return f"“{self.names.get(str(ref), str(ref))}”"

    def money(self, amount: Any) -> str:
        return self.words.money(float(amount)) if isinstance(amount, int | float) else str(amount)


def naming(*, org: Organisation) -> Naming:
    """The organisation's :class:`Naming`: every id named as every page names it
    (:func:`coxswain.web.privacy.labels`), money in its currency."""
    from coxswain.web.privacy import labels
    from coxswain.web.workbook_io import profile_for

    profile = profile_for(org)
    return Naming(
        names=labels(org=org), words=Words(locale=profile.locale or "en", currency=profile.currency)
    )


def _effects(change: dict[str, Any], name: Naming) -> str:
    effects = change.get("effects") or {}
    if not effects:
        return ""
    return " (" + "; ".join(f"{name(k)} {_effect(v)}" for k, v in effects.items()) + ")"


def _when(change: dict[str, Any], words: Words) -> str:
    if not change.get("when"):
        return ""
    when = str(change["when"])  # "2026-09": September 2026
    try:
        return f" from {words.month(dt.date.fromisoformat(f'{when[:7]}-01'))}"
    except ValueError:
        return f" from {when}"


def describe(change: dict[str, Any], name: Naming | None = None) -> str:
    """One saved change in plain words, as the scenario page lists it: things by their
    names, money in the company's currency ("Move £3,000 a year from “Email blasts” to
    “Pattern-cutting course”", not "from email_blasts to pattern_course")."""
    name = name or Naming()
    kind = change.get("kind")
    if kind == "move_budget":
        amount = change.get("amount", 0)
        text = (
            f"Move {name.money(amount)} a year from {name(change.get('from'))}"
            f" to {name(change.get('to'))}"
        )
    elif kind == "start":
        text = f"Start {name(change.get('initiative'))}"
        if change.get("cost") is not None:
            text += f" at {name.money(change['cost'])} a year"
    elif kind == "stop":
        text = f"Stop {name(change.get('initiative'))}"
    elif kind == "automation":
        what = []
        if change.get("stop"):
            what.append("switch it off")
        if change.get("human_fallback") is not None:
            what.append(
                "add a human fallback" if change["human_fallback"] else "drop its human fallback"
            )
        if change.get("replaces_human") is not None:
            what.append(
                "it replaces people" if change["replaces_human"] else "it no longer replaces people"
            )
        text = f"Automation {name(change.get('automation'))}: " + ", ".join(what)
    elif kind == "target":
        parts = []
        if change.get("target") is not None:
            parts.append(f"target {change['target']:g}")
        if change.get("deadline"):
            parts.append(f"deadline {name.words.date(str(change['deadline']))}")
        text = f"{name(change.get('kpi'))}: " + " and ".join(parts)
    elif kind == "capability":
        verb = "Train" if change.get("how") == "train" else "Hire"
        people = change.get("people", 1)
        who = "person" if people == 1 else "people"
        text = f"{verb} {people} {who} for {name(change.get('capability'))}"
        if change.get("cost"):
            text += f" at {name.money(change['cost'])} a year"
    elif kind == "shock":
        kpis = change.get("kpis") or []
        listed = ", ".join(name(k) for k in kpis) if isinstance(kpis, list) else name(kpis)
        text = (
            (f"{change['name']}: " if change.get("name") else "Shock: ")
            + f"{listed} change by "
            + _effect(change.get("change"))
        )
        if change.get("months"):
            text += f" for {change['months']} months"
        if change.get("probability") is not None and change.get("probability") != 1:
            text += f", chance {change['probability']:.0%}"
    else:
        text = str(kind)
    return text + _when(change, name.words) + _effects(change, name)


def described(scenario: SavedScenario, name: Naming | None = None) -> list[str]:
    return [describe(c, name) for c in scenario.changes]
