"""Cascade: roll-up, uncovered objectives, orphan work, goals behind."""

from __future__ import annotations

import pytest

from coxswain.analysis import cascade
from coxswain.analysis.base import Severity
from tests.strategies import context, workbook_of

OBJECTIVES = [
    {"id": "quality", "name": "Quality", "weight": 3},
    {"id": "margin", "name": "Margin", "weight": 1},
]


def test_roll_up_weights_key_results_goals_and_objectives() -> None:
    wb = workbook_of(
        {
            "objectives": OBJECTIVES,
            "teams": [{"id": "t", "name": "T"}],
            "goals": [
                # KR progress 0.5 (weight 1) and 1.0 (weight 3) → 0.875
                {
                    "id": "g1",
                    "owner": "t",
                    "parent": "quality",
                    "title": "G1",
                    "key_results": [
                        {"title": "a", "start": 0, "target": 10, "current": 5},
                        {"title": "b", "start": 0, "target": 10, "current": 12, "weight": 3},
                    ],
                },
                # falling target: 100 → 50, now 75 → 0.5; child goal g3 at 0 → (0.5 + 0) / 2
                {
                    "id": "g2",
                    "owner": "t",
                    "parent": "margin",
                    "title": "G2",
                    "key_results": [{"title": "c", "start": 100, "target": 50, "current": 75}],
                },
                {
                    "id": "g3",
                    "owner": "t",
                    "parent": "g2",
                    "title": "G3",
                    "key_results": [
                        {"title": "d", "start": 0, "target": 4, "current": -1},
                        {"title": "unmeasured", "target": 3},
                    ],
                },
            ],
        }
    )
    section = cascade.analyze(wb, context())
    goals = {g["goal"]: g["progress"] for g in section.tables["goals"]}
    assert goals == {"g1": 0.875, "g2": 0.25, "g3": 0.0}
    objectives = {o["objective"]: o["progress"] for o in section.tables["objectives"]}
    assert objectives == {"quality": 0.875, "margin": 0.25}
    # company: 0.75 × 0.875 + 0.25 × 0.25
    assert section.tables["company_progress"] == pytest.approx(0.719, abs=1e-3)


def test_uncovered_objective_names_what_is_lacking() -> None:
    wb = workbook_of(
        {
            "stage": "intermediate",
            "objectives": OBJECTIVES,
            "teams": [{"id": "t", "name": "T"}],
            "kpis": [{"id": "k", "name": "K", "objective": "margin", "direction": "up"}],
            "initiatives": [{"id": "i", "name": "I", "objectives": ["margin"]}],
            "goals": [{"id": "g", "owner": "t", "parent": "margin", "title": "G"}],
        }
    )
    section = cascade.analyze(wb, context())
    (finding,) = [f for f in section.findings if f.kind == "uncovered_objective"]
    assert finding.id == "uncovered_objective:quality"
    assert finding.evidence["lacking"] == ["kpis", "initiatives", "goals"]
    assert finding.severity == Severity.high  # the heavier objective lacks everything


def test_unused_goals_are_missing_not_a_finding_per_objective() -> None:
    wb = workbook_of(
        {
            "stage": "intermediate",
            "objectives": OBJECTIVES,
            "kpis": [
                {"id": "k", "name": "K", "objective": "margin", "direction": "up"},
                {"id": "k2", "name": "K2", "objective": "quality", "direction": "up"},
            ],
            "initiatives": [{"id": "i", "name": "I", "objectives": ["margin", "quality"]}],
        }
    )
    section = cascade.analyze(wb, context())
    assert not section.findings
    assert "company.yaml: goals" in section.missing
    assert section.score == 100


def test_orphan_initiative_and_goal() -> None:
    wb = workbook_of(
        {
            "objectives": OBJECTIVES,
            "teams": [{"id": "t", "name": "T"}],
            "initiatives": [
                {"id": "served", "name": "S", "objectives": ["quality"], "hours_per_month": 10},
                {"id": "stray", "name": "Stray", "hours_per_month": 10},
                {"id": "dream", "name": "Dream", "status": "idea"},
            ],
            "goals": [{"id": "g", "owner": "t", "title": "Loose goal"}],
        }
    )
    ids = {f.id: f for f in cascade.analyze(wb, context()).findings if f.kind == "orphan_work"}
    assert set(ids) == {"orphan_work:stray", "orphan_work:g:t"}
    assert ids["orphan_work:stray"].severity == Severity.high  # half of all hours


def test_goal_behind_compares_progress_with_elapsed_time() -> None:
    goal = {
        "id": "g",
        "owner": "t",
        "parent": "quality",
        "title": "G",
        "period": "2026-Q3",
        "key_results": [{"title": "a", "start": 0, "target": 100, "current": 20}],
    }
    wb = workbook_of(
        {"objectives": OBJECTIVES, "teams": [{"id": "t", "name": "T"}], "goals": [goal]}
    )
    # 2026-08-15: 46 of 92 days → 50% elapsed, 20% done → behind by 30 points
    behind = lambda day: [  # noqa: E731
        f for f in cascade.analyze(wb, context(day)).findings if f.kind == "goal_behind"
    ]
    (finding,) = behind("2026-08-15")
    assert finding.id == "goal_behind:g:t"
    assert finding.evidence["elapsed"] == 0.5
    assert finding.severity == Severity.medium
    # early in the quarter: not judged yet
    assert not behind("2026-07-10")
    # long after the period: history, not a finding
    assert not behind("2027-03-01")


def test_no_objectives_means_no_evidence() -> None:
    section = cascade.analyze(workbook_of({}), context())
    assert section.score is None
    assert "company.yaml: objectives" in section.missing


def test_nothing_below_the_objectives_means_no_evidence() -> None:
    section = cascade.analyze(workbook_of({"objectives": OBJECTIVES}), context())
    assert section.score is None and not section.findings
    assert "below the objectives" in section.score_note
    assert {"company.yaml: kpis", "company.yaml: initiatives"} <= set(section.missing)
    # an initiative serving nothing is no evidence of the cascade either (and adding one
    # must never raise the index)
    orphan = {"id": "i", "name": "I"}
    wb = workbook_of({"objectives": OBJECTIVES, "initiatives": [orphan]})
    assert cascade.analyze(wb, context()).score is None


def test_initiatives_are_judged_only_when_the_workbook_declares_some() -> None:
    kpis = [
        {"id": "k", "name": "K", "objective": "margin", "direction": "up"},
        {"id": "k2", "name": "K2", "objective": "quality", "direction": "up"},
    ]
    section = cascade.analyze(workbook_of({"objectives": OBJECTIVES, "kpis": kpis}), context())
    assert section.score == 100 and not section.findings
    assert "company.yaml: initiatives" in section.missing
    assert "initiatives" in section.score_note
    one = [{"id": "i", "name": "I", "objectives": ["margin"]}]
    wb = workbook_of({"objectives": OBJECTIVES, "kpis": kpis, "initiatives": one})
    (finding,) = cascade.analyze(wb, context()).findings
    assert finding.id == "uncovered_objective:quality"
    assert finding.evidence["lacking"] == ["initiatives"]


def test_key_result_progress() -> None:
    from coxswain.workbook.model import KeyResult

    def p(start: float, target: float, current: float | None) -> float | None:
        return cascade.kr_progress(
            KeyResult(title="k", start=start, target=target, current=current)
        )

    assert p(0, 10, 5) == 0.5
    assert p(0, 10, 15) == 1.0 and p(0, 10, -3) == 0.0  # clipped
    assert p(100, 50, 75) == 0.5  # a falling target
    assert p(1, 1, 1) == 1.0  # a level held
    assert p(1, 1, 0) is None and p(0, 10, None) is None  # not measurable
