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


def _founder_led(reviews: list[str], **extra: object) -> object:
    """A 12-person founder-led studio: four functions, KPIs for customers and product, two
    automations at customer touchpoints (each of which alone reads intermediate)."""
    return workbook_of(
        {
            "employees": 12,
            "objectives": [
                {"id": "delight", "name": "Delight", "perspective": "customer"},
                {"id": "craft", "name": "Craft", "perspective": "internal"},
            ],
            "teams": [
                {"id": f"t{i}", "name": f"T{i}", "function": f}
                for i, f in enumerate(["studio", "care", "fulfilment", "marketing"])
            ],
            "kpis": [
                {
                    "id": "nps",
                    "name": "NPS",
                    "objective": "delight",
                    "direction": "up",
                    "kind": "nps",
                },
                {
                    "id": "q",
                    "name": "Q",
                    "objective": "craft",
                    "direction": "up",
                    "kind": "quality",
                },
            ],
            "automations": [
                {"id": f"a{i}", "name": "A", "objectives": ["delight"]} for i in range(2)
            ],
            "reviews": [{"date": d, "kind": "quarterly"} for d in reviews],
            **extra,
        },
        people=[{"id": "f", "role": "Founder", "manager": None}]
        + [{"id": f"p{i}", "role": "Maker", "manager": "f"} for i in range(11)],
    )


QUARTERLY = ["2025-12-15", "2026-03-15", "2026-06-15", "2026-09-15"]


def test_founder_led_12_person_company_with_quarterly_reviews_is_early() -> None:
    """Head count, a founder-led culture and a quarterly rhythm say early; the declared
    structure (functions, KPIs, automations) says intermediate: the weighed evidence says
    early, and the evidence names what decided it."""
    section = stage.analyze(_founder_led(QUARTERLY, stage="early"), context())
    t = section.tables
    assert t["assessed"] == "early"
    assert t["deciding"][:3] == ["head count", "leadership and culture", "review rhythm"]
    assert any("founder-led" in e for e in t["evidence"])
    assert any(e.startswith("assessed early: weighted mean level") for e in t["evidence"])
    dims = {d["dimension"]: d for d in t["dimensions"]}
    assert dims["review rhythm"]["level"] == "early"
    assert dims["head count"]["weight"] > dims["automations"]["weight"]
    assert dims["KPIs"]["column"] == "key metrics"
    assert not any(e.startswith("declared") for e in t["evidence"])  # declared = assessed


def test_a_tie_is_not_rounded_upward() -> None:
    """Exactly halfway between early and intermediate is early."""
    wb = workbook_of(
        {
            "employees": 30,  # intermediate, weight 3
            "reviews": [{"date": "2026-06-01", "kind": "quarterly"}],  # early, weight 2
            # no automations: early, weight 1
        }
    )
    section = stage.analyze(wb, context())
    assert section.tables["weighted_level"] == 0.5
    assert section.tables["assessed"] == "early"


def test_a_leadership_team_reads_intermediate() -> None:
    wb = workbook_of(
        {"employees": 60},
        people=[
            {"id": "ceo", "role": "CEO"},
            {"id": "coo", "role": "COO", "manager": "ceo"},
            {"id": "vp", "role": "VP sales", "manager": "ceo"},
        ]
        + [{"id": f"p{i}", "role": "Engineer", "manager": "coo"} for i in range(5)],
    )
    dims = {d["dimension"]: d for d in stage.analyze(wb, context()).tables["dimensions"]}
    assert dims["leadership and culture"]["level"] == "intermediate"


def test_two_early_and_two_intermediate_signals_are_not_rounded_up() -> None:
    """Small (early), five reviews a year and two automations at customer touchpoints
    (intermediate), three functions (early): counted without weights this was a tie
    rounded to intermediate."""
    wb = workbook_of(
        {
            "employees": 15,
            "objectives": [{"id": "o", "name": "O", "perspective": "customer"}],
            "teams": [{"id": f"t{i}", "name": "T", "function": f"f{i}"} for i in range(3)],
            "automations": [{"id": f"a{i}", "name": "A", "objectives": ["o"]} for i in range(2)],
            "reviews": [{"date": f"2026-0{m}-01", "kind": "monthly"} for m in range(1, 6)],
        }
    )
    section = stage.analyze(wb, context())
    levels = [d["level"] for d in section.tables["dimensions"]]
    assert sorted(levels) == ["early", "early", "intermediate", "intermediate"]
    assert section.tables["assessed"] == "early"
