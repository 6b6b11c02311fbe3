"""Reading a scenario file (``scenarios.yaml``, docs/scenarios.md) against its workbook.

Like the workbook, a file is refused with every problem at once, each placed as
``scenarios.yaml:line:column: path: message``, and nothing is half-read: either every
scenario is valid or :class:`ScenarioError` lists all that is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from coxswain.scenarios.model import (
    AutomationChange,
    BudgetMove,
    CapabilityChange,
    Change,
    EffectRange,
    Move,
    Scenario,
    ScenarioFile,
    Shock,
    StartInitiative,
    StopInitiative,
    TargetChange,
    Wargame,
)
from coxswain.workbook import Workbook
from coxswain.workbook.limits import MAX_COMPANY_BYTES, date_in_range
from coxswain.workbook.problems import Problem, WorkbookError
from coxswain.workbook.yaml_positions import (
    Positions,
    YamlLimitError,
    format_path,
    load_with_positions,
)

MAX_SCENARIOS = 4  # side by side with the baseline
MAX_MOVES = 6  # per wargame, ours and theirs each
KINDS = ("move_budget", "start", "stop", "automation", "target", "capability", "shock")
_NUMBER = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*(%?)\s*$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

Path_ = tuple[str | int, ...]


class ScenarioError(WorkbookError):
    """A scenario file was refused; ``problems`` holds every problem, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        n = len(self.problems)
        self.args = (
            f"the scenario file has {n} problem{'s' if n != 1 else ''}:\n"
            + "\n".join(str(p) for p in self.problems),
        )


def read_scenarios(path: str | Path, workbook: Workbook) -> ScenarioFile:
    """The scenario file at ``path``, checked against ``workbook``; raises
    :class:`ScenarioError` with every problem."""
    p = Path(path)
    data = p.read_bytes()
    return parse_scenarios(data, workbook, label=p.name)


def parse_scenarios(data: bytes | str, workbook: Workbook, *, label: str) -> ScenarioFile:
    """The scenarios in ``data`` (YAML), checked against ``workbook``."""
    raw_bytes = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw_bytes) > MAX_COMPANY_BYTES:
        raise ScenarioError(
            [Problem(label, None, None, f"is larger than {MAX_COMPANY_BYTES // 2**20} MB")]
        )
    try:
        text = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = raw_bytes[: exc.start].count(b"\n") + 1
        raise ScenarioError(
            [Problem(label, at, None, "is not UTF-8 text; save it as UTF-8")]
        ) from None
    try:
        raw, positions = load_with_positions(text)
    except YamlLimitError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise ScenarioError([Problem(label, line, column, f"refused: {exc.problem}")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(str(x) for x in (exc.problem, exc.context) if x) or "syntax error"
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise ScenarioError([Problem(label, line, column, f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(label, None, None, f"YAML syntax error: {exc}")]) from None
    reader = _Reader(label, positions, workbook)
    result = reader.file(raw)
    if reader.problems:
        raise ScenarioError(reader.problems)
    return result


class _Reader:
    """Reads the raw YAML into the model, collecting every problem on the way."""

    def __init__(self, label: str, positions: Positions, workbook: Workbook) -> None:
        self.label = label
        self.positions = positions
        self.problems: list[Problem] = []
        company = workbook.company
        self.initiatives = {i.id: i for i in company.initiatives}
        self.kpis = {k.id: k for k in company.kpis}
        self.automations = {a.id for a in company.automations}
        self.capabilities = {c.id for c in company.capabilities}

    # ------------------------------------------------------------------ helpers

    def problem(self, path: Path_, message: str, *, key: bool = False) -> None:
        where = self.positions.of_key(path) if key else self.positions.of_value(path)
        line, column = where if where else (None, None)
        self.problems.append(Problem(self.label, line, column, message, path=format_path(path)))

    def mapping(self, value: Any, path: Path_, what: str) -> dict[str, Any] | None:
        if not isinstance(value, Mapping):
            self.problem(path, f"{what} must be a mapping of keys, not {_kind(value)}")
            return None
        return {str(k): v for k, v in value.items()}

    def keys(self, raw: Mapping[str, Any], path: Path_, allowed: tuple[str, ...]) -> None:
        for key in raw:
            if key not in allowed:
                self.problem(
                    (*path, key),
                    f"unknown key {key!r}: allowed here are {', '.join(allowed)}",
                    key=True,
                )

    def required(self, raw: Mapping[str, Any], path: Path_, key: str) -> Any:
        if raw.get(key) is None:
            self.problem(path, f"{key} is missing")
            return None
        return raw[key]

    def text(self, value: Any, path: Path_) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.problem(path, f"must be text, not {_kind(value)}")
            return None
        return str(value)

    def number(
        self, value: Any, path: Path_, *, low: float | None = None, high: float | None = None
    ) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(path, f"{value!r} is not a number")
            return None
        x = float(value)
        if x != x or x in (float("inf"), float("-inf")):
            self.problem(path, f"{value!r} is not a finite number")
            return None
        if low is not None and x < low:
            self.problem(path, f"{value!r} is below {low:g}")
            return None
        if high is not None and x > high:
            self.problem(path, f"{value!r} is above {high:g}")
            return None
        return x

    def month(self, value: Any, path: Path_) -> dt.date | None:
        """A month (``2026-09``) or a date (``2026-09-15``; its month counts)."""
        if value is None:
            return None
        day: dt.date | None = None
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        elif isinstance(value, str):
            m = _MONTH.match(value.strip())
            if m:
                day = dt.date(int(m[1]), int(m[2]), 1)
            else:
                try:
                    day = dt.date.fromisoformat(value.strip())
                except ValueError:
                    day = None
        if day is None:
            self.problem(path, f"{value!r} is not a month like 2026-09 or a date like 2026-09-15")
            return None
        if not date_in_range(day):
            self.problem(path, f"{value!r} is outside the years 1900–2100")
            return None
        return day.replace(day=1)

    def date(self, value: Any, path: Path_) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            day: dt.date | None = value
        else:
            try:
                day = dt.date.fromisoformat(str(value).strip())
            except ValueError:
                day = None
        if day is None or not date_in_range(day):
            self.problem(path, f"{value!r} is not a date like 2027-06-30 (years 1900–2100)")
            return None
        return day

    def flag(self, value: Any, path: Path_) -> bool | None:
        if value is None:
            return None
        if not isinstance(value, bool):
            self.problem(path, f"{value!r} is not true or false")
            return None
        return value

    def ref(self, value: Any, path: Path_, known: Mapping[str, Any] | set[str], what: str) -> str:
        name = self.text(value, path)
        if name is None:
            return ""
        if name not in known:
            hint = (
                f" (known: {', '.join(sorted(known)[:8])})" if known else f" (there are no {what}s)"
            )
            article = "an" if what[0] in "aeiou" else "a"
            self.problem(path, f"{name!r} is not {article} {what} of the workbook{hint}")
        return name

    def effect(self, value: Any, path: Path_) -> EffectRange | None:
        """``5``, ``-10%``, ``[2, 6]``, ``[-15%, -5%]`` or ``-15%..-5%``."""
        if isinstance(value, str) and ".." in value:
            value = value.split("..", 1)
        ends = value if isinstance(value, list) else [value]
        if len(ends) != 2 and not (len(ends) == 1 and not isinstance(value, list)):
            self.problem(path, "an effect is one number or a range of two, like [-15%, -5%]")
            return None
        parsed: list[tuple[float, bool]] = []
        for end in ends:
            if isinstance(end, bool):
                parsed = []
                break
            if isinstance(end, int | float):
                parsed.append((float(end), False))
                continue
            m = _NUMBER.match(str(end))
            if not m:
                parsed = []
                break
            parsed.append((float(m[1]), m[2] == "%"))
        if not parsed:
            self.problem(
                path,
                f"{value!r} is not an effect: a number like 5, a percent like -10%, or a "
                "range like [-15%, -5%]",
            )
            return None
        if len({p for _, p in parsed}) > 1:
            self.problem(path, "both ends of a range are percents, or neither")
            return None
        low, high = parsed[0][0], parsed[-1][0]
        if low > high:
            self.problem(path, f"the range starts at {low:g}, above its end {high:g}")
            return None
        if parsed[0][1] and low <= -100:
            self.problem(path, "a change of -100% or less would leave nothing")
            return None
        return EffectRange(low=low, high=high, percent=parsed[0][1])

    def effects(self, value: Any, path: Path_) -> dict[str, EffectRange]:
        if value is None:
            return {}
        raw = self.mapping(value, path, "effects")
        out: dict[str, EffectRange] = {}
        for kpi, v in (raw or {}).items():
            self.ref(kpi, (*path, kpi), self.kpis, "KPI")
            e = self.effect(v, (*path, kpi))
            if e is not None:
                out[kpi] = e
        return out

    # ------------------------------------------------------------------ structure

    def file(self, raw: Any) -> ScenarioFile:
        if raw is None:
            return ScenarioFile()
        top = self.mapping(raw, (), "a scenario file")
        if top is None:
            return ScenarioFile()
        self.keys(top, (), ("format", "scenarios", "wargames"))
        if top.get("format", 1) != 1:
            self.problem(("format",), f"format {top.get('format')!r} is unknown: use format: 1")
        scenarios = tuple(
            found
            for i, raw_s in enumerate(
                self.items(top.get("scenarios"), ("scenarios",), MAX_SCENARIOS)
            )
            if (found := self.scenario(raw_s, ("scenarios", i))) is not None
        )
        names: dict[str, int] = {}
        for i, s in enumerate(scenarios):
            if s.name.casefold() in names or s.name.casefold() == "baseline":
                self.problem(
                    ("scenarios", i, "name"),
                    f"the name {s.name!r} is used twice (baseline is the name of no change)"
                    if s.name.casefold() != "baseline"
                    else "baseline is the name of the scenario without changes: choose another",
                )
            names[s.name.casefold()] = i
        wargames = tuple(
            game
            for i, raw_w in enumerate(self.items(top.get("wargames"), ("wargames",), None))
            if (game := self.wargame(raw_w, ("wargames", i))) is not None
        )
        return ScenarioFile(scenarios=scenarios, wargames=wargames)

    def items(self, value: Any, path: Path_, most: int | None) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(path, f"must be a list (lines starting with '- '), not {_kind(value)}")
            return []
        if most is not None and len(value) > most:
            self.problem(path, f"holds {len(value)}; at most {most} are compared side by side")
        return value

    def scenario(self, raw: Any, path: Path_) -> Scenario | None:
        m = self.mapping(raw, path, "a scenario")
        if m is None:
            return None
        self.keys(m, path, ("name", "description", "changes"))
        name = self.text(self.required(m, path, "name"), (*path, "name"))
        changes = self.changes(m.get("changes"), (*path, "changes"))
        if not name:
            return None
        return Scenario(
            name=name, changes=changes, description=self.text(m.get("description"), path)
        )

    def wargame(self, raw: Any, path: Path_) -> Wargame | None:
        m = self.mapping(raw, path, "a wargame")
        if m is None:
            return None
        self.keys(m, path, ("name", "moves", "responses"))
        name = self.text(self.required(m, path, "name"), (*path, "name"))
        moves = self.moves(m.get("moves"), (*path, "moves"), chance=False)
        responses = self.moves(m.get("responses"), (*path, "responses"), chance=True)
        if not moves:
            self.problem(path, "a wargame needs at least one of our moves (moves:)")
        if not responses:
            self.problem(path, "a wargame needs at least one response of the other side")
        total = sum(r.probability for r in responses)
        if total > 1 + 1e-9:
            self.problem(
                (*path, "responses"),
                f"the responses' probabilities add up to {total:g}, above 1; what they leave "
                "below 1 is the chance that none of them happens",
            )
        if not name or not moves or not responses:
            return None
        return Wargame(name=name, moves=moves, responses=responses)

    def moves(self, value: Any, path: Path_, *, chance: bool) -> tuple[Move, ...]:
        out: list[Move] = []
        for i, raw in enumerate(self.items(value, path, MAX_MOVES)):
            p = (*path, i)
            m = self.mapping(raw, p, "a move")
            if m is None:
                continue
            self.keys(m, p, ("name", "changes", "probability") if chance else ("name", "changes"))
            name = self.text(self.required(m, p, "name"), (*p, "name"))
            probability = 1.0
            if chance:
                got = self.number(
                    self.required(m, p, "probability"), (*p, "probability"), low=0, high=1
                )
                probability = got if got is not None else 0.0
            changes = self.changes(m.get("changes"), (*p, "changes"))
            if name:
                out.append(Move(name=name, changes=changes, probability=probability))
        return tuple(out)

    def changes(self, value: Any, path: Path_) -> tuple[Change, ...]:
        out: list[Change] = []
        for i, raw in enumerate(self.items(value, path, None)):
            change = self.change(raw, (*path, i))
            if change is not None:
                out.append(change)
        return tuple(out)

    def change(self, raw: Any, path: Path_) -> Change | None:
        m = self.mapping(raw, path, "a change")
        if m is None:
            return None
        kind = m.get("kind")
        if kind not in KINDS:
            self.problem(
                (*path, "kind") if "kind" in m else path,
                f"kind {kind!r} is not one of {', '.join(KINDS)}"
                if kind is not None
                else f"kind is missing: one of {', '.join(KINDS)}",
            )
            return None
        read: Callable[[dict[str, Any], Path_], Change | None] = getattr(self, f"_{kind}")
        before = len(self.problems)
        change = read(m, path)
        return change if len(self.problems) == before else None

    # ------------------------------------------------------------------ change kinds

    def _move_budget(self, m: dict[str, Any], path: Path_) -> Change | None:
        self.keys(m, path, ("kind", "from", "to", "amount", "when"))
        source = self.ref(
            self.required(m, path, "from"), (*path, "from"), self.initiatives, "initiative"
        )
        target = self.ref(
            self.required(m, path, "to"), (*path, "to"), self.initiatives, "initiative"
        )
        amount = self.number(self.required(m, path, "amount"), (*path, "amount"), low=0)
        if source and source == target:
            self.problem((*path, "to"), "a budget moves between two different initiatives")
        if amount is not None and source in self.initiatives:
            has = self.initiatives[source].budget
            if amount > has:
                self.problem(
                    (*path, "amount"),
                    f"{amount:,.0f} is more than the budget of {source!r} ({has:,.0f})",
                )
        return BudgetMove(
            source=source,
            target=target,
            amount=amount or 0.0,
            when=self.month(m.get("when"), (*path, "when")),
        )

    def _start(self, m: dict[str, Any], path: Path_) -> Change | None:
        self.keys(m, path, ("kind", "initiative", "when", "effects", "cost"))
        name = self.ref(
            self.required(m, path, "initiative"),
            (*path, "initiative"),
            self.initiatives,
            "initiative",
        )
        return StartInitiative(
            initiative=name,
            when=self.month(m.get("when"), (*path, "when")),
            effects=self.effects(m.get("effects"), (*path, "effects")),
            cost=self.number(m.get("cost"), (*path, "cost"), low=0),
        )

    def _stop(self, m: dict[str, Any], path: Path_) -> Change | None:
        self.keys(m, path, ("kind", "initiative", "when", "effects"))
        name = self.ref(
            self.required(m, path, "initiative"),
            (*path, "initiative"),
            self.initiatives,
            "initiative",
        )
        return StopInitiative(
            initiative=name,
            when=self.month(m.get("when"), (*path, "when")),
            effects=self.effects(m.get("effects"), (*path, "effects")),
        )

    def _automation(self, m: dict[str, Any], path: Path_) -> Change | None:
        self.keys(
            m,
            path,
            ("kind", "automation", "human_fallback", "replaces_human", "stop", "when", "effects"),
        )
        name = self.ref(
            self.required(m, path, "automation"),
            (*path, "automation"),
            self.automations,
            "automation",
        )
        fallback = self.flag(m.get("human_fallback"), (*path, "human_fallback"))
        replaces = self.flag(m.get("replaces_human"), (*path, "replaces_human"))
        stop = self.flag(m.get("stop"), (*path, "stop")) or False
        if fallback is None and replaces is None and not stop:
            self.problem(path, "say what changes: human_fallback, replaces_human or stop: true")
        return AutomationChange(
            automation=name,
            human_fallback=fallback,
            replaces_human=replaces,
            stop=stop,
            when=self.month(m.get("when"), (*path, "when")),
            effects=self.effects(m.get("effects"), (*path, "effects")),
        )

    def _target(self, m: dict[str, Any], path: Path_) -> Change | None:
        self.keys(m, path, ("kind", "kpi", "target", "deadline"))
        kpi = self.ref(self.required(m, path, "kpi"), (*path, "kpi"), self.kpis, "KPI")
        target = self.number(m.get("target"), (*path, "target"))
        deadline = self.date(m.get("deadline"), (*path, "deadline"))
        if m.get("target") is None and m.get("deadline") is None:
            self.problem(path, "give a new target, a new deadline, or both")
        known = self.kpis.get(kpi)
        if known is not None and (target if target is not None else known.target) is None:
            self.problem(path, f"the KPI {kpi!r} has no target: give one")
        if known is not None and (deadline or known.deadline) is None:
            self.problem(path, f"the KPI {kpi!r} has no deadline: give one")
        return TargetChange(kpi=kpi, target=target, deadline=deadline)

    def _capability(self, m: dict[str, Any], path: Path_) -> Change | None:
        self.keys(m, path, ("kind", "capability", "people", "how", "cost", "when", "effects"))
        name = self.ref(
            self.required(m, path, "capability"),
            (*path, "capability"),
            self.capabilities,
            "capability",
        )
        people = self.number(m.get("people", 1), (*path, "people"), low=1, high=1000)
        if people is not None and people != int(people):
            self.problem((*path, "people"), f"{people:g} is not a whole number of people")
        how = m.get("how", "hire")
        if how not in ("hire", "train"):
            self.problem((*path, "how"), f"how {how!r} is hire or train")
        return CapabilityChange(
            capability=name,
            people=int(people or 1),
            how=str(how),
            cost=self.number(m.get("cost", 0), (*path, "cost"), low=0) or 0.0,
            when=self.month(m.get("when"), (*path, "when")),
            effects=self.effects(m.get("effects"), (*path, "effects")),
        )

    def _shock(self, m: dict[str, Any], path: Path_) -> Change | None:
        self.keys(m, path, ("kind", "name", "kpis", "change", "when", "months", "probability"))
        raw_kpis = self.required(m, path, "kpis")
        kpis: list[str] = []
        if isinstance(raw_kpis, str):
            raw_kpis = [raw_kpis]
        if isinstance(raw_kpis, list):
            if not raw_kpis:
                self.problem((*path, "kpis"), "name at least one KPI")
            for i, k in enumerate(raw_kpis):
                kpis.append(self.ref(k, (*path, "kpis", i), self.kpis, "KPI"))
        elif raw_kpis is not None:
            self.problem((*path, "kpis"), f"must be a list of KPI ids, not {_kind(raw_kpis)}")
        change_raw = self.required(m, path, "change")
        change = self.effect(change_raw, (*path, "change")) if change_raw is not None else None
        months = self.number(m.get("months"), (*path, "months"), low=1, high=120)
        if months is not None and months != int(months):
            self.problem((*path, "months"), f"{months:g} is not a whole number of months")
        probability = self.number(m.get("probability", 1), (*path, "probability"), low=0, high=1)
        if change is None:
            return None
        return Shock(
            kpis=tuple(kpis),
            change=change,
            when=self.month(m.get("when"), (*path, "when")),
            months=int(months) if months is not None else None,
            probability=1.0 if probability is None else probability,
            name=self.text(m.get("name"), (*path, "name")),
        )


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {
        "str": "text",
        "int": "a number",
        "float": "a number",
        "bool": "true/false",
        "list": "a list",
        "dict": "a mapping",
        "date": "a date",
    }.get(type(value).__name__, type(value).__name__)
