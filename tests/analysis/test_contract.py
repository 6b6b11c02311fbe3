"""The contract every analysis in ``runner.ANALYSES`` keeps, checked on each the same way
(as scikit-learn's ``check_estimator`` checks every estimator):

* its section carries its name, and a component of the index or none;
* a section with a component but no score says why (``score_note``); a score is 0–100;
* every finding is of a registered kind (:mod:`coxswain.analysis.kinds`), its id is its kind
  and subjects, its evidence and the section's tables are JSON;
* the same workbook gives the same finding ids and evidence on a second run;
* it runs without error on an empty workbook, on a minimal one, alone (with only the stage
  before it) and among all the others.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from pathlib import Path

import pytest

from coxswain.analysis import payloads
from coxswain.analysis.base import COMPONENTS, Section
from coxswain.analysis.kinds import KINDS
from coxswain.analysis.result import Result, _json_default
from coxswain.analysis.runner import ANALYSES, analyze
from coxswain.workbook import Workbook, build_workbook
from coxswain.workbook.read import read_workbook
from tests.strategies import workbook_of

NAMES = [name for name, _ in ANALYSES]
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "thimble_and_thread"
AS_OF = dt.date(2026, 9, 30)


def empty() -> Workbook:
    return build_workbook({"format": 1, "name": "Empty Co"})


def minimal() -> Workbook:
    """One objective with one KPI and a year of values; nothing else."""
    values = [
        {"date": dt.date(2025 + (9 + m) // 12, (9 + m) % 12 + 1, 28), "kpi": "sales", "value": v}
        for m, v in enumerate([10, 11, 10, 12, 13, 12, 14, 15, 14, 16, 17, 16])
    ]
    return workbook_of(
        {
            "objectives": [{"id": "grow", "name": "Grow"}],
            "kpis": [
                {
                    "id": "sales",
                    "name": "Sales",
                    "objective": "grow",
                    "direction": "up",
                    "target": 20,
                    "warning": 12,
                }
            ],
        },
        kpi_values=values,
    )


@pytest.fixture(scope="module")
def runs() -> dict[str, Result]:
    example = read_workbook(EXAMPLE)
    return {
        "empty": analyze(empty(), as_of=AS_OF, strict=True),
        "minimal": analyze(minimal(), as_of=AS_OF, strict=True),
        "example": analyze(example, strict=True),
        "example again": analyze(read_workbook(EXAMPLE), strict=True),
    }


def check_section(name: str, section: Section) -> None:
    assert section.name == name
    assert section.component is None or section.component in COMPONENTS, section.component
    if section.score is not None:
        assert math.isfinite(section.score) and 0 <= section.score <= 100, section.score
    elif section.component is not None:
        assert section.score_note.strip(), f"{name}: no score and no reason"
    json.dumps(section.tables, default=_json_default, allow_nan=False)
    json.dumps(section.missing)
    for finding in section.findings:
        assert finding.kind in KINDS, f"{name}: unregistered kind {finding.kind!r}"
        assert finding.id == ":".join((finding.kind, *finding.subjects))
        assert all(isinstance(s, str) and s and ":" not in s for s in finding.subjects)
        assert finding.title.strip()
        json.dumps(finding.evidence, allow_nan=False)  # plain JSON: no dates, no numpy


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("workbook", ["empty", "minimal", "example"])
def test_section_contract(runs: dict[str, Result], name: str, workbook: str) -> None:
    section = runs[workbook].sections[name]
    assert "error" not in section.tables, section.tables.get("error")
    check_section(name, section)


@pytest.mark.parametrize("name", NAMES)
def test_same_workbook_same_findings(runs: dict[str, Result], name: str) -> None:
    first, second = (runs[k].sections[name].findings for k in ("example", "example again"))
    assert [(f.id, f.severity, f.evidence) for f in first] == [
        (f.id, f.severity, f.evidence) for f in second
    ]
    assert len({f.id for f in first}) == len(first), "one id, one finding"


@pytest.mark.parametrize("name", NAMES)
def test_runs_alone(name: str) -> None:
    """With only the stage before it (``analyze(only=...)``), as the CLI's --only runs it."""
    for workbook in (empty(), minimal()):
        result = analyze(workbook, as_of=AS_OF, strict=True, only=[name])
        check_section(name, result.sections[name])


def test_every_analysis_is_registered_once() -> None:
    assert len(NAMES) == len(set(NAMES))
    assert NAMES[0] == "stage"  # later analyses and the recommendations fit the stage


def test_the_result_is_json_and_reads_back(runs: dict[str, Result]) -> None:
    for result in runs.values():
        data = json.loads(result.dumps())
        again = Result.from_json(data)
        assert json.loads(again.dumps()) == data
        assert [dataclasses.replace(f, recommendation="") for f in again.findings] == [
            dataclasses.replace(f, recommendation="") for f in result.findings
        ]


PAYLOADS = {
    "stage": payloads.StagePayload,
    "cascade": payloads.CascadePayload,
    "kpi_status": payloads.KpiStatusPayload,
    "forecast": payloads.ForecastPayload,
    "strategy_links": payloads.StrategyLinksPayload,
}


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_sections_other_code_reads_have_a_typed_payload(runs: dict[str, Result], name: str) -> None:
    """The producer writes what the typed payload reads, and nothing is lost reading it."""
    for result in runs.values():
        tables = json.loads(json.dumps(result.sections[name].tables, default=_json_default))
        payload = PAYLOADS[name].from_json(tables)
        if tables:  # a section without tables reads as the empty payload
            assert payload.to_json() == tables
        else:
            assert payload == PAYLOADS[name]()


def test_every_finding_is_in_exactly_one_story(runs: dict[str, Result]) -> None:
    """The result's stories (``stories`` in the findings contract) group every finding once,
    each story's id is ``story:`` and its cause, and a second run tells the same stories."""
    for result in runs.values():
        told = [f for story in result.stories for f in story.findings]
        assert sorted(told) == sorted(f.id for f in result.findings)
        for story in result.stories:
            assert story.id == "story:" + ":".join(story.cause)
            assert story.confidence in ("high", "medium", "low")
            assert story.title and story.first_step and story.stake.index_points >= 0
    assert runs["example"].stories, "the example has findings, so it has stories"
    assert [(s.id, s.findings) for s in runs["example"].stories] == [
        (s.id, s.findings) for s in runs["example again"].stories
    ]
