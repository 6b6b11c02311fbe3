"""Rules that relate several parts of a workbook: unique ids, references, cycles.

Single-field rules (types, ranges, enumerations) live in the pydantic models
(:mod:`coxswain.workbook.model`) and the table specs; this module checks the
workbook as a whole. Table checks are polars expressions over whole columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import polars as pl

from coxswain.workbook.model import ID_PATTERN, Automation, Company, Initiative, id_message
from coxswain.workbook.problems import Problem
from coxswain.workbook.tables import (
    CONFIDENCE_RANGE,
    IDEA_STATUSES,
    LIKERT_QUESTIONS,
    LIKERT_WORDS,
)
from coxswain.workbook.yaml_positions import format_path

Locate = Callable[..., tuple[int | None, int | None]]
LINE = "__line__"


def check_references(
    company: Company,
    tables: Mapping[str, pl.DataFrame],
    *,
    label: str,
    locate: Locate,
    tolerate: set[str] | frozenset[str] = frozenset(),
) -> list[Problem]:
    """Ids unique across the workbook; every reference in company.yaml points at something."""
    problems: list[Problem] = []

    def problem(path: tuple[str | int, ...], message: str) -> None:
        line, column = locate(path)
        problems.append(Problem(label, line, column, message, path=format_path(path)))

    kinds: dict[str, str] = {}
    sections: list[tuple[str, str, Iterable[Any]]] = [
        ("values", "value", company.values),
        ("objectives", "objective", company.objectives),
        ("kpis", "KPI", company.kpis),
        ("teams", "team", company.teams),
        ("initiatives", "initiative", company.initiatives),
        ("goals", "goal", company.goals),
        ("automations", "automation", company.automations),
        ("capabilities", "capability", company.capabilities),
    ]
    for section, kind, items in sections:
        for i, item in enumerate(items):
            if item.id in kinds:
                problem(
                    (section, i, "id"),
                    f"id {item.id!r} is already used by a {kinds[item.id]}"
                    "; ids are unique across the whole workbook",
                )
            else:
                kinds[item.id] = kind

    values = {v.id for v in company.values}
    objectives = {o.id for o in company.objectives}
    teams = {t.id for t in company.teams}
    goals = {g.id for g in company.goals}
    kpis = {k.id for k in company.kpis}
    people = tables.get("people")
    person_ids: set[str] | None = None
    if people is not None and "id" in people.columns:
        person_ids = set(people.get_column("id").drop_nulls().to_list())
        for person in sorted(person_ids & set(kinds)):
            problem(
                ("teams",) if kinds[person] == "team" else (),
                f"id {person!r} is used by a {kinds[person]} and by a person in people.csv",
            )

    def must(path: tuple[str | int, ...], ref: str, allowed: set[str], what: str) -> None:
        if ref not in allowed and ref not in tolerate:
            problem(path, f"{ref!r} is not a known {what}{_suggest(ref, allowed)}")

    def owner(path: tuple[str | int, ...], ref: str) -> None:
        if ref in teams or ref in tolerate:
            return
        if person_ids is None:
            return  # without people.csv a non-team owner is taken to be a person id
        if ref not in person_ids:
            problem(
                path,
                f"owner {ref!r} is neither a team nor a person in people.csv"
                f"{_suggest(ref, teams | person_ids)}",
            )

    if company.objectives and sum(o.weight for o in company.objectives) <= 0:
        problem(("objectives",), "all objective weights are 0; at least one must be positive")
    for i, o in enumerate(company.objectives):
        for j, v in enumerate(o.values):
            must(("objectives", i, "values", j), v, values, "value")
        for j, d in enumerate(o.drivers):
            if d == o.id:
                problem(("objectives", i, "drivers", j), f"objective {o.id!r} cannot drive itself")
            else:
                must(("objectives", i, "drivers", j), d, objectives, "objective")
    cycle = _find_cycle(
        {o.id: [d for d in o.drivers if d in objectives and d != o.id] for o in company.objectives}
    )
    if cycle:
        index = next(i for i, o in enumerate(company.objectives) if o.id == cycle[0])
        problem(
            ("objectives", index, "drivers"),
            "the strategy map has a cycle of drivers: " + " → ".join([*cycle, cycle[0]]),
        )

    for i, k in enumerate(company.kpis):
        must(("kpis", i, "objective"), k.objective, objectives, "objective")

    effect_targets = objectives | values
    linked: list[tuple[str, tuple[Initiative | Automation, ...]]] = [
        ("initiatives", company.initiatives),
        ("automations", company.automations),
    ]
    for section, items in linked:
        for i, item in enumerate(items):
            for j, ref in enumerate(item.objectives):
                must((section, i, "objectives", j), ref, objectives, "objective")
            for key in item.effects:
                must((section, i, "effects", key), key, effect_targets, "objective or value")
    for i, ini in enumerate(company.initiatives):
        if ini.owner:
            owner(("initiatives", i, "owner"), ini.owner)
    for i, a in enumerate(company.automations):
        for j, v in enumerate(a.values):
            must(("automations", i, "values", j), v, values, "value")

    for i, g in enumerate(company.goals):
        owner(("goals", i, "owner"), g.owner)
        if g.parent is not None:
            if g.parent == g.id:
                problem(("goals", i, "parent"), f"goal {g.id!r} cannot be its own parent")
            else:
                must(("goals", i, "parent"), g.parent, objectives | goals, "objective or goal")
        for j, kr in enumerate(g.key_results):
            if kr.kpi is not None:
                must(("goals", i, "key_results", j, "kpi"), kr.kpi, kpis, "KPI")
    cycle = _find_cycle(
        {g.id: [g.parent] for g in company.goals if g.parent in goals and g.parent != g.id}
    )
    if cycle:
        index = next(i for i, g in enumerate(company.goals) if g.id == cycle[0])
        problem(
            ("goals", index, "parent"),
            "goal parents form a cycle: " + " → ".join([*cycle, cycle[0]]),
        )

    for i, c in enumerate(company.capabilities):
        for j, ref in enumerate(c.objectives):
            must(("capabilities", i, "objectives", j), ref, objectives, "objective")
    return problems


def check_tables(
    company: Company,
    tables: Mapping[str, pl.DataFrame],
    labels: Mapping[str, str],
    *,
    tolerate: set[str] | frozenset[str] = frozenset(),
) -> list[Problem]:
    """References from the CSV tables to company.yaml and to people.csv, row by row
    (vectorised), plus the per-table rules of the format."""
    from coxswain.workbook.read import report_rows

    problems: list[Problem] = []
    # Ids of items refused in company.yaml are tolerated here: one mistake, one message.
    kpis = {k.id for k in company.kpis} | tolerate
    objectives = {o.id for o in company.objectives} | tolerate
    initiatives = {i.id for i in company.initiatives} | tolerate
    teams = {t.id for t in company.teams} | tolerate
    yaml_ids = (
        {v.id for v in company.values}
        | objectives
        | kpis
        | teams
        | initiatives
        | {g.id for g in company.goals}
        | {a.id for a in company.automations}
        | {c.id for c in company.capabilities}
    )
    people = tables.get("people")
    person_ids: set[str] | None = (
        set(people.get_column("id").drop_nulls().to_list())
        if people is not None and "id" in people.columns
        else None
    )

    def rows(
        name: str,
        mask: pl.Expr,
        column: str | None,
        message: Callable[[Any], str],
        value: pl.Expr | None = None,
    ) -> None:
        frame = tables[name]
        needed = set(mask.meta.root_names())
        needed |= set(value.meta.root_names()) if value is not None else {column or LINE}
        if not needed <= set(frame.columns):
            return  # a column the header lacks (reported there): nothing to check against
        picked = frame.filter(mask.fill_null(False))
        shown = (
            picked.select(value).to_series()
            if value is not None
            else (picked.get_column(column) if column and column in picked.columns else None)
        )
        report_rows(problems, labels[name], column, picked.get_column(LINE), shown, message)

    def unknown(ids: set[str], what: str) -> Callable[[Any], str]:
        return lambda v: f"{v!r} is not a known {what}{_suggest(str(v), ids)}"

    if "kpi_values" in tables:
        rows(
            "kpi_values",
            ~pl.col("kpi").is_in(list(kpis)) & pl.col("kpi").is_not_null(),
            "kpi",
            unknown(kpis, "KPI id of company.yaml"),
        )
        rows(
            "kpi_values",
            pl.col("kpi").is_not_null()
            & pl.col("date").is_not_null()
            & (pl.int_range(pl.len()).over("kpi", "date") > 0),
            "date",
            lambda v: f"a second value for KPI and date {v}",
            value=pl.concat_str(pl.col("kpi"), pl.lit(" "), pl.col("date").cast(pl.String)),
        )

    if people is not None:
        rows(
            "people",
            ~pl.col("id").str.contains(ID_PATTERN) & pl.col("id").is_not_null(),
            "id",
            id_message,
        )
        rows(
            "people",
            pl.col("id").is_not_null() & (pl.int_range(pl.len()).over("id") > 0),
            "id",
            lambda v: f"person id {v!r} appears twice",
        )
        rows(
            "people",
            pl.col("id").is_in(list(yaml_ids)),
            "id",
            lambda v: (
                f"person id {v!r} is also used in company.yaml; ids are unique across the workbook"
            ),
        )
        rows(
            "people",
            ~pl.col("team").is_in(list(teams)) & pl.col("team").is_not_null(),
            "team",
            unknown(teams, "team"),
        )
        rows(
            "people",
            ~pl.col("manager").is_in(list(person_ids or ())) & pl.col("manager").is_not_null(),
            "manager",
            unknown(person_ids or set(), "person"),
        )
        rows(
            "people",
            pl.col("manager") == pl.col("id"),
            "manager",
            lambda v: f"{v!r} cannot be their own manager",
        )
        rows(
            "people",
            pl.col("skills").is_not_null()
            & ~pl.col("skills").str.contains(r"^\s*[^:;]+:\s*[1-5]\s*(;\s*[^:;]+:\s*[1-5]\s*)*;?$"),
            "skills",
            lambda v: f"{v!r} is not a skill list like sourdough:4;sales:2 (levels 1–5)",
        )
        rows(
            "people",
            pl.col("training_hours") < 0,
            "training_hours",
            lambda v: f"{v} training hours cannot be negative",
            value=pl.col("training_hours").cast(pl.String),
        )
        has = {"id", "manager"} <= set(people.columns)
        managers = dict(people.select("id", "manager").drop_nulls().iter_rows()) if has else {}
        cycle = _find_cycle(
            {p: [m] for p, m in managers.items() if person_ids and m in person_ids and m != p}
        )
        if cycle:
            rows(
                "people",
                pl.col("id") == cycle[0],
                "manager",
                lambda v: "managers form a cycle: " + " → ".join([*cycle, cycle[0]]),
            )

    if "messages" in tables:
        if person_ids is not None:
            rows(
                "messages",
                ~pl.col("sender").is_in(list(person_ids)) & pl.col("sender").is_not_null(),
                "sender",
                unknown(person_ids, "person"),
            )
            if "recipients" in tables["messages"].columns:
                exploded = (
                    tables["messages"]
                    .select(LINE, pl.col("recipients").str.split(";"))
                    .explode("recipients")
                    .with_columns(pl.col("recipients").str.strip_chars())
                    .filter(
                        (pl.col("recipients") != "") & ~pl.col("recipients").is_in(list(person_ids))
                    )
                )
                report_rows(
                    problems,
                    labels["messages"],
                    "recipients",
                    exploded.get_column(LINE),
                    exploded.get_column("recipients"),
                    unknown(person_ids, "person"),
                )
        if "count" in tables["messages"].columns:
            rows(
                "messages",
                pl.col("count") < 1,
                "count",
                lambda v: f"count {v} must be at least 1",
                value=pl.col("count").cast(pl.String),
            )

    if "survey" in tables:
        survey = tables["survey"]
        if person_ids is not None:
            rows(
                "survey",
                ~pl.col("respondent").is_in(list(person_ids))
                & ~pl.col("respondent").str.starts_with("anon-"),
                "respondent",
                lambda v: f"{v!r} is neither a person id nor an anonymous token (anon-…)",
            )
        if "team" in survey.columns:
            rows(
                "survey",
                ~pl.col("team").is_in(list(teams)) & pl.col("team").is_not_null(),
                "team",
                unknown(teams, "team"),
            )
        for question, (lo, hi) in LIKERT_QUESTIONS.items():
            answer = pl.col("answer").str.strip_chars()
            number = answer.cast(pl.Int64, strict=False)
            rows(
                "survey",
                (pl.col("question") == question)
                & (number.is_null() | (number < lo) | (number > hi)),
                "answer",
                _likert_message(question, lo, hi),
            )

    if "ideas" in tables:
        rows(
            "ideas",
            pl.col("id").is_not_null() & (pl.int_range(pl.len()).over("id") > 0),
            "id",
            lambda v: f"idea id {v!r} appears twice",
        )
        rows(
            "ideas",
            ~pl.col("objective").is_in(list(objectives)) & pl.col("objective").is_not_null(),
            "objective",
            unknown(objectives, "objective"),
        )
        rows(
            "ideas",
            ~pl.col("status").is_in(list(IDEA_STATUSES)) & pl.col("status").is_not_null(),
            "status",
            lambda v: f"{v!r} is not one of {', '.join(IDEA_STATUSES)}",
        )
        rows(
            "ideas",
            pl.col("decided") < pl.col("created"),
            "decided",
            lambda v: f"decided {v} before the idea was created",
            value=pl.col("decided").cast(pl.String),
        )
        rows(
            "ideas",
            pl.col("launched") < pl.coalesce("decided", "created"),
            "launched",
            lambda v: f"launched {v} before it was decided or created",
            value=pl.col("launched").cast(pl.String),
        )

    if "spend" in tables:
        rows(
            "spend",
            ~pl.col("initiative").is_in(list(initiatives)) & pl.col("initiative").is_not_null(),
            "initiative",
            unknown(initiatives, "initiative"),
        )

    if "checkins" in tables:
        _check_checkins(company, tables["checkins"], rows, unknown, person_ids, tolerate)
    return problems


def _check_checkins(
    company: Company,
    frame: pl.DataFrame,
    rows: Callable[..., None],
    unknown: Callable[[set[str], str], Callable[[Any], str]],
    person_ids: set[str] | None,
    tolerate: set[str] | frozenset[str],
) -> None:
    """checkins.csv: a known goal, a key result of that goal (its id, or its index from 0),
    a known person (when people.csv is there), a confidence from 1 to 5."""
    goals = {g.id: g for g in company.goals}
    known_goals = set(goals) | set(tolerate)
    rows(
        "checkins",
        ~pl.col("goal").is_in(list(known_goals)) & pl.col("goal").is_not_null(),
        "goal",
        unknown(set(goals), "goal of company.yaml"),
    )
    pairs = {
        (g.id, ref)
        for g in goals.values()
        for i, kr in enumerate(g.key_results)
        for ref in (str(i), *((kr.id,) if kr.id else ()))
    }
    key = pl.concat_str(pl.col("goal"), pl.lit("\x00"), pl.col("key_result").str.strip_chars())
    known_pairs = [f"{g}\x00{k}" for g, k in pairs]
    rows(
        "checkins",
        pl.col("goal").is_in(list(goals))
        & pl.col("key_result").is_not_null()
        & ~key.is_in(known_pairs),
        "key_result",
        lambda v: (
            f"{v} is not a key result of that goal: give the key result's id, "
            "or its place in the goal's list counting from 0"
        ),
        value=pl.concat_str(
            pl.lit("'"), pl.col("key_result"), pl.lit("' of goal "), pl.col("goal")
        ),
    )
    if person_ids is not None:
        rows(
            "checkins",
            ~pl.col("person").is_in(list(person_ids)) & pl.col("person").is_not_null(),
            "person",
            unknown(person_ids, "person"),
        )
    if "confidence" in frame.columns:
        lo, hi = CONFIDENCE_RANGE
        rows(
            "checkins",
            (pl.col("confidence") < lo) | (pl.col("confidence") > hi),
            "confidence",
            lambda v: f"confidence {v} is not a whole number from {lo} to {hi}",
            value=pl.col("confidence").cast(pl.String),
        )


def _find_cycle(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A cycle in a directed graph given as adjacency lists, or ``None`` (stdlib graphlib)."""
    from graphlib import CycleError, TopologicalSorter

    try:
        TopologicalSorter({k: list(v) for k, v in graph.items()}).prepare()
    except CycleError as exc:
        nodes: list[str] = list(exc.args[1])[:-1]
        nodes.reverse()  # graphlib lists the cycle against the edges' direction
        return nodes
    return None


def _suggest(ref: str, known: set[str]) -> str:
    import difflib

    near = difflib.get_close_matches(ref, sorted(known), n=1)
    return f"; did you mean {near[0]!r}?" if near else ""


def _likert_message(question: str, lo: int, hi: int) -> Callable[[Any], str]:
    asked = LIKERT_WORDS.get(question, question)
    return lambda v: f"{v!r} is not a whole number from {lo} to {hi}, the answers to {asked}"
