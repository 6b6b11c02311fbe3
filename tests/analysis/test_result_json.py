"""A result read back from its JSON (a stored analysis run) is the same result: the same JSON,
and the same HTML report as the analysis it came from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from coxswain.analysis.result import Result
from coxswain.analysis.runner import analyze
from coxswain.report.html import render_html
from coxswain.workbook import read_workbook
from tests.strategies import bakery, full_workbooks

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _stored(result: Result) -> dict:  # type: ignore[type-arg]
    """The result as the web app stores it (JSON through text)."""
    stored: dict = json.loads(result.dumps(indent=None))  # type: ignore[type-arg]
    return stored


def _assert_round_trip(result: Result) -> None:
    j = _stored(result)
    parsed = Result.from_json(j, labels=result.labels, people=result.people)
    assert _stored(parsed) == j
    assert render_html(parsed) == render_html(result)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(full_workbooks())
def test_generated_results_survive_their_json(workbook) -> None:  # type: ignore[no-untyped-def]
    _assert_round_trip(analyze(workbook, strict=True))


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", sorted(p.name for p in EXAMPLES.iterdir() if (p / "company.yaml").is_file())
)
def test_example_results_survive_their_json(name: str) -> None:
    _assert_round_trip(analyze(read_workbook(EXAMPLES / name), strict=True))


def test_parsed_result_has_typed_parts() -> None:
    result = analyze(bakery(), strict=True)
    parsed = Result.from_json(_stored(result))
    assert parsed.as_of == result.as_of
    assert parsed.findings == result.findings  # severities, subject tuples, evidence
    assert parsed.stage == result.stage and parsed.plan == result.plan
    assert parsed.sections.keys() == result.sections.keys()
    cascade = parsed.sections["cascade"]
    assert cascade.name == "cascade" and cascade.score == result.sections["cascade"].score
    assert parsed.labels == {} and parsed.people == frozenset()  # not part of the JSON


def test_a_finding_whose_id_does_not_match_is_refused() -> None:
    j = _stored(analyze(bakery(), strict=True))
    j["findings"][0]["id"] = "something:else"
    with pytest.raises(ValueError, match="does not match"):
        Result.from_json(j)


def test_another_format_is_refused() -> None:
    j = _stored(analyze(bakery(), strict=True))
    with pytest.raises(ValueError, match="format"):
        Result.from_json({**j, "format": 2})
