"""Values: value conflicts and automation risk."""

from __future__ import annotations

from coxswain.analysis import values
from coxswain.analysis.base import Severity
from tests.strategies import bakery, context, workbook_of


def test_bakery_cheap_flour_conflicts_with_bread_quality_and_craft() -> None:
    section = values.analyze(bakery(), context())
    found = {f.id: f for f in section.findings}
    flour = found["value_conflict:cheap_flour:bread_quality:craft"]
    assert flour.severity == Severity.high
    assert flour.evidence["effect"] == -1
    assert flour.evidence["objective_weight"] == 0.35
    assert "automation_risk:canned_replies:warmth" in found


def test_mild_effect_on_minor_objective_is_low() -> None:
    wb = workbook_of(
        {
            "values": [{"id": "v", "name": "V"}],
            "objectives": [
                {"id": "big", "name": "Big", "weight": 8},
                {"id": "minor", "name": "Minor", "weight": 1, "values": ["v"]},
            ],
            "initiatives": [
                {"id": "i", "name": "I", "objectives": ["big"], "effects": {"big": 1, "minor": -1}},
                {"id": "j", "name": "J", "objectives": ["minor"], "effects": {"big": -2}},
            ],
        }
    )
    found = {f.id: f.severity for f in values.analyze(wb, context()).findings}
    assert found == {
        "value_conflict:i:minor:v": Severity.low,
        "value_conflict:j:big": Severity.high,
    }


def test_ideas_and_stopped_initiatives_are_not_conflicts() -> None:
    wb = workbook_of(
        {
            "objectives": [{"id": "o", "name": "O"}, {"id": "p", "name": "P"}],
            "initiatives": [
                {"id": "i", "name": "I", "status": "idea", "effects": {"o": -2}},
                {"id": "s", "name": "S", "status": "stopped", "effects": {"o": -2}},
            ],
        }
    )
    assert not values.analyze(wb, context()).findings


def test_automation_with_fallback_is_no_risk() -> None:
    base = {
        "values": [{"id": "warmth", "name": "Warmth"}],
        "objectives": [{"id": "o", "name": "O", "values": ["warmth"]}],
    }
    auto = {"id": "bot", "name": "Bot", "replaces_human": True, "values": ["warmth"]}
    safe = workbook_of({**base, "automations": [{**auto, "human_fallback": True}]})
    assert not values.analyze(safe, context()).findings
    risky = workbook_of({**base, "automations": [{**auto, "human_fallback": False}]})
    (finding,) = values.analyze(risky, context()).findings
    assert finding.id == "automation_risk:bot:warmth"
    assert finding.severity == Severity.high  # warmth is expressed by the (only) objective


def test_evidence_follows_objectives_not_work() -> None:
    section = values.analyze(workbook_of({"objectives": [{"id": "o", "name": "O"}]}), context())
    assert section.score == 100
    assert values.analyze(workbook_of({}), context()).score is None
