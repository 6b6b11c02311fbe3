"""Growth-stage assessment from evidence."""

from __future__ import annotations

from coxswain.analysis import stage
from tests.strategies import bakery, context, workbook_of


def test_small_bakery_is_early() -> None:
    section = stage.analyze(bakery(), context())
    assert section.tables["assessed"] == "early"
    assert any(e.startswith("head count: 14") for e in section.tables["evidence"])


def test_large_specialised_company_is_advanced() -> None:
    kinds = [
        "revenue",
        "margin",
        "nps",
        "churn",
        "employee_satisfaction",
        "feature_adoption",
        "quality",
        "lead_time",
        "clv",
        "acquisition",
    ]
    perspectives = ["financial", "customer", "internal", "learning"]
    wb = workbook_of(
        {
            "employees": 220,
            "stage": "intermediate",
            "objectives": [{"id": p, "name": p, "perspective": p} for p in perspectives],
            "teams": [{"id": f"t{i}", "name": f"T{i}", "function": f"f{i}"} for i in range(8)],
            "kpis": [
                {
                    "id": f"k{i}",
                    "name": k,
                    "objective": perspectives[i % 4],
                    "direction": "up",
                    "kind": k,
                }
                for i, k in enumerate(kinds)
            ],
            "automations": [
                {"id": f"a{i}", "name": "A", "objectives": [perspectives[i % 4]]} for i in range(6)
            ],
            "reviews": [{"date": f"2026-{m:02d}-28", "kind": "monthly"} for m in range(1, 10)]
            + [{"date": "2026-01-15", "kind": "annual"}],
        },
        people=[{"id": f"p{i}", "skills": "x:5", "training_hours": 45.0} for i in range(5)],
    )
    section = stage.analyze(wb, context())
    assert section.tables["assessed"] == "advanced"
    assert "declared intermediate, the evidence points to advanced" in section.tables["evidence"]


def test_too_little_evidence_is_not_assessed() -> None:
    section = stage.analyze(workbook_of({}), context())
    assert section.tables["assessed"] is None
    ctx = context()
    ctx.sections["stage"] = section
    assert stage.stage_for(workbook_of({"stage": "advanced"}), ctx) == "advanced"


def test_training_evidence_reads_in_the_singular_for_one_hour() -> None:
    wb = workbook_of({}, people=[{"id": f"p{i}", "training_hours": 1.2} for i in range(5)])
    evidence = stage.analyze(wb, context()).tables["evidence"]
    assert any("1 training hour a head" in e for e in evidence), evidence


def test_training_of_fewer_than_min_group_people_is_not_shown() -> None:
    """One person's training hours are theirs: the mean of a group under min_group is not
    written in the evidence."""
    wb = workbook_of({}, people=[{"id": "a", "training_hours": 37.0}])
    evidence = stage.analyze(wb, context()).tables["evidence"]
    assert not any("37" in e for e in evidence), evidence
    assert any("not shown (privacy.min_group)" in e for e in evidence), evidence
