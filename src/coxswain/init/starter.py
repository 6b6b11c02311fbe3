"""A starter workbook from a template and a few answers about the business."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from typing import Any

from coxswain.init.templates import load_template

DEFAULT_CURRENCY = "USD"


def end_of_next_year(today: dt.date) -> dt.date:
    """The KPI deadline a starter workbook proposes: 31 December of next year."""
    return dt.date(today.year + 1, 12, 31)


def next_quarter(today: dt.date) -> str:
    """The period a starter goal gets: the quarter after the one ``today`` falls in."""
    quarter = (today.month - 1) // 3 + 1
    if quarter == 4:
        return f"{today.year + 1}-Q1"
    return f"{today.year}-Q{quarter + 1}"


def round_nice(x: float) -> float | int:
    """Round to two significant digits (``112000`` → ``110000``), as an int when whole."""
    if x == 0:
        return 0
    digits = 1 - math.floor(math.log10(abs(x)))
    rounded = round(x, digits)
    return int(rounded) if float(rounded).is_integer() else rounded


def template_defaults(template: str) -> dict[str, Any]:
    """The template's default answers: ``name``, ``sells`` and ``employees``."""
    return dict(load_template(template)["defaults"])


def _one_line(text: str | None) -> str:
    """An answer as one line of printable text: it goes into YAML and into comments."""
    printable = "".join(c for c in text or "" if unicodedata.category(c)[0] != "C" or c.isspace())
    return " ".join(printable.split())


def _fill(value: Any, answers: dict[str, str]) -> Any:
    """Replace ``{name}``, ``{sells}`` and ``{currency}`` in every string of ``value``."""
    if isinstance(value, str):
        return value.format_map(answers)
    if isinstance(value, list):
        return [_fill(v, answers) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, answers) for k, v in value.items()}
    return value


def starter_workbook(
    *,
    template: str,
    today: dt.date,
    name: str | None = None,
    employees: int | None = None,
    sells: str | None = None,
    currency: str = DEFAULT_CURRENCY,
) -> dict[str, Any]:
    """The ``company.yaml`` mapping of a starter workbook.

    Missing answers take the template's defaults. Mission and vision are drafted from the
    answers; KPI targets marked ``per_employee`` scale with the head count; every KPI with
    a target gets the deadline 31 December of next year; goals get the coming quarter;
    capabilities never ask for more than one person in four.
    """
    data = load_template(template)
    defaults = data["defaults"]
    name = _one_line(name) or str(defaults["name"])
    sells = _one_line(sells) or str(defaults["sells"])
    employees = int(defaults["employees"]) if employees is None else employees
    if employees < 1:
        raise ValueError("the head count must be at least 1")
    answers = {"name": name, "sells": sells, "currency": currency}
    deadline = end_of_next_year(today)
    period = next_quarter(today)

    kpis = []
    for kpi in _fill(data.get("kpis") or [], answers):
        if kpi.pop("per_employee", False):
            for key in ("target", "warning"):
                if kpi.get(key) is not None:
                    kpi[key] = round_nice(kpi[key] * employees)
        if kpi.get("target") is not None:
            kpi.setdefault("deadline", deadline)
        kpis.append(kpi)

    goals = []
    for goal in _fill(data.get("goals") or [], answers):
        goal.setdefault("period", period)
        # keep the owner's reading order: id, owner, parent, title, period, key results
        order = ["id", "owner", "parent", "title", "period", "weight", "key_results"]
        goals.append({k: goal[k] for k in order if k in goal})

    max_people = max(1, math.ceil(employees / 4))
    capabilities = []
    for capability in _fill(data.get("capabilities") or [], answers):
        if "min_people" in capability:
            capability["min_people"] = min(int(capability["min_people"]), max_people)
        capabilities.append(capability)

    return {
        "format": 1,
        "name": name,
        "currency": currency,
        "employees": employees,
        "mission": _fill(data["mission"], answers),
        "vision": _fill(data["vision"], answers),
        "values": _fill(data.get("values") or [], answers),
        "objectives": _fill(data.get("objectives") or [], answers),
        "kpis": kpis,
        "teams": _fill(data.get("teams") or [], answers),
        "initiatives": [],
        "goals": goals,
        "automations": [],
        "capabilities": capabilities,
        "privacy": {"min_group": 5, "show_names": False, "keep_message_text": False},
        "reviews": [],
    }
