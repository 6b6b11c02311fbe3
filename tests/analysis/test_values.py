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


def test_evidence_needs_work_that_declares_effects_or_values() -> None:
    objectives = [{"id": "o", "name": "O"}]
    bare = values.analyze(workbook_of({"objectives": objectives}), context())
    assert bare.score is None and "initiatives or automations" in bare.score_note
    assert values.analyze(workbook_of({}), context()).score is None
    # work that names no effect and no value says nothing about values either
    silent = {"id": "i", "name": "I", "objectives": ["o"]}
    assert (
        values.analyze(
            workbook_of({"objectives": objectives, "initiatives": [silent]}), context()
        ).score
        is None
    )
    # a declared effect, even a neutral or positive one, is evidence
    for effect in (0, 1):
        declared = {**silent, "effects": {"o": effect}}
        section = values.analyze(
            workbook_of({"objectives": objectives, "initiatives": [declared]}), context()
        )
        assert section.score == 100
    # an automation tied to values is evidence too
    bot = {"id": "bot", "name": "Bot", "values": ["v"]}
    wb = workbook_of(
        {"values": [{"id": "v", "name": "V"}], "objectives": objectives, "automations": [bot]}
    )
    assert values.analyze(wb, context()).score == 100
    # ideas and stopped work are not counted
    idea = {**silent, "effects": {"o": -1}, "status": "idea"}
    assert (
        values.analyze(
            workbook_of({"objectives": objectives, "initiatives": [idea]}), context()
        ).score
        is None
    )


def test_declared_effect_against_a_value_itself_is_a_conflict() -> None:
    # effects may name values as well as objectives (docs/workbook.md); working against a
    # value is a value conflict even when no objective in between is named.
    wb = workbook_of(
        {
            "values": [{"id": "craft", "name": "Craft"}, {"id": "thrift", "name": "Thrift"}],
            "objectives": [
                {"id": "quality", "name": "Quality", "weight": 3, "values": ["craft"]},
                {"id": "margin", "name": "Margin", "weight": 1},
            ],
            "initiatives": [
                {"id": "i", "name": "I", "objectives": ["margin"], "effects": {"craft": -2}},
                {"id": "j", "name": "J", "objectives": ["margin"], "effects": {"thrift": -1}},
                # the value already named through its objective: one finding, not two
                {
                    "id": "k",
                    "name": "K",
                    "objectives": ["margin"],
                    "effects": {"quality": -1, "craft": -1},
                },
            ],
        }
    )
    found = {f.id: f for f in values.analyze(wb, context()).findings}
    assert set(found) == {
        "value_conflict:i:craft",
        "value_conflict:j:thrift",
        "value_conflict:k:quality:craft",
    }
    assert found["value_conflict:i:craft"].severity == Severity.high
    assert found["value_conflict:i:craft"].evidence["expressed_by"] == ["quality"]
    # a value no objective expresses weighs as an average objective: -1 → medium
    assert found["value_conflict:j:thrift"].severity == Severity.medium
    assert "the value “Thrift”" in found["value_conflict:j:thrift"].title
