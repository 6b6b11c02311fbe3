"""Scenario files: every problem placed (file:line:column, key path), all at once, nothing
half-read; the examples' files read against their workbooks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coxswain.scenarios.load import ScenarioError, parse_scenarios
from coxswain.scenarios.model import BudgetMove, EffectRange, Shock, StartInitiative
from coxswain.workbook import Workbook, read_workbook

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

GOOD = """\
format: 1
scenarios:
  - name: Course
    changes:
      - kind: move_budget
        from: promo
        to: course
        amount: 2000
        when: 2026-03
      - kind: start
        initiative: course
        effects: {skill_score: [0.1, 0.3]}
      - kind: shock
        kpis: [revenue]
        change: -15%..-5%
        when: 2026-06-15
        months: 4
        probability: 0.4
wargames:
  - name: Rival
    moves:
      - name: wait
    responses:
      - name: cut
        probability: 0.5
        changes:
          - kind: shock
            kpis: revenue
            change: -5%
"""


def test_a_good_file_reads_into_the_model(workbook: Workbook) -> None:
    file = parse_scenarios(GOOD, workbook, label="scenarios.yaml")
    [scenario] = file.scenarios
    move, start, shock = scenario.changes
    assert move == BudgetMove("promo", "course", 2000.0, dt.date(2026, 3, 1))
    assert isinstance(start, StartInitiative)
    assert start.effects == {"skill_score": EffectRange(0.1, 0.3)}
    assert shock == Shock(
        kpis=("revenue",),
        change=EffectRange(-15, -5, percent=True),
        when=dt.date(2026, 6, 1),
        months=4,
        probability=0.4,
    )
    [game] = file.wargames
    assert game.responses[0].probability == 0.5
    assert game.responses[0].changes[0] == Shock(
        kpis=("revenue",), change=EffectRange(-5, -5, percent=True)
    )


BROKEN = """\
format: 1
scenarios:
  - name: Bad
    changes:
      - kind: move_budget
        from: promo
        to: nowhere
        amount: 20000
      - kind: teleport
      - kind: shock
        kpis: [revenue, sales]
        change: [-5%, 10]
        probability: 1.5
        colour: red
  - description: no name
wargames:
  - name: Rival
    moves: []
    responses:
      - name: a
        probability: 0.8
      - name: b
        probability: 0.7
"""


def test_a_broken_file_gets_every_problem_placed_at_once(workbook: Workbook) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenarios(BROKEN, workbook, label="scenarios.yaml")
    problems = caught.value.problems
    text = [str(p) for p in problems]
    expect = {
        (7, "scenarios[0].changes[0].to", "'nowhere' is not an initiative"),
        (8, "scenarios[0].changes[0].amount", "more than the budget"),
        (9, "scenarios[0].changes[1].kind", "kind 'teleport' is not one of"),
        (11, "scenarios[0].changes[2].kpis[1]", "'sales' is not a KPI"),
        (12, "scenarios[0].changes[2].change", "both ends"),
        (13, "scenarios[0].changes[2].probability", "above 1"),
        (14, "scenarios[0].changes[2].colour", "unknown key 'colour'"),
        (15, "scenarios[1]", "name is missing"),
        (17, "wargames[0]", "at least one of our moves"),
        (20, "wargames[0].responses", "add up to 1.5"),
    }
    for line, path, words in expect:
        assert any(p.line == line and p.path == path and words in p.message for p in problems), (
            line,
            path,
            words,
            text,
        )
    assert all(p.file == "scenarios.yaml" for p in problems)
    assert str(problems[0]).startswith("scenarios.yaml:7:")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("format: 1\nscenarios: [\n", "YAML syntax error"),
        ("- just a list\n", "must be a mapping"),
        ("format: 2\n", "format 2 is unknown"),
        (
            "scenarios:\n" + "".join(f"  - name: s{i}\n" for i in range(5)),
            "at most 4 are compared",
        ),
        ("scenarios:\n  - name: baseline\n", "baseline is the name"),
        (
            "scenarios:\n  - name: a\n    changes:\n      - kind: target\n        kpi: rating\n",
            "give a new target",
        ),
        (
            "scenarios:\n  - name: a\n    changes:\n      - kind: shock\n        kpis: [rating]\n"
            "        change: '-120%'\n",
            "-100% or less",
        ),
        (
            "scenarios:\n  - name: a\n    changes:\n      - kind: start\n"
            "        initiative: course\n        when: next spring\n",
            "not a month like 2026-09",
        ),
    ],
)
def test_each_kind_of_mistake_is_named(workbook: Workbook, text: str, words: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenarios(text, workbook, label="s.yaml")
    assert any(words in p.message for p in caught.value.problems), caught.value.problems


EXAMPLE_NAMES = sorted(p.parent.name for p in EXAMPLES.glob("*/scenarios.yaml"))


def test_every_example_has_a_scenario_file() -> None:
    companies = sorted(p.parent.name for p in EXAMPLES.glob("*/company.yaml"))
    assert companies == EXAMPLE_NAMES


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_examples_scenario_files_read(name: str) -> None:
    folder = EXAMPLES / name
    file = parse_scenarios(
        (folder / "scenarios.yaml").read_bytes(), read_workbook(folder), label="scenarios.yaml"
    )
    assert file.scenarios
