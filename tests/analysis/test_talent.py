from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from coxswain.analysis.base import Context, Section
from coxswain.analysis.talent import analyze, demands_training, t_shaped
from coxswain.workbook import Workbook
from coxswain.workbook.model import Company, Value
from tests.analysis.helpers import on_example, render_partial

AS_OF = dt.date(2026, 9, 30)
COMPANY: dict[str, Any] = {
    "format": 1,
    "name": "Bakery",
    "values": [
        {
            "id": "craft",
            "name": "Craftsmanship",
            "statement": "We bake by hand, with the best flour we can find.",
        },
        {"id": "warmth", "name": "Warmth", "statement": "Every guest is a neighbour."},
    ],
    "objectives": [
        {"id": "bread_quality", "name": "Best bread", "weight": 0.5},
        {"id": "margin", "name": "Margin", "weight": 0.3},
        {"id": "catering", "name": "Catering", "weight": 0.2},
    ],
    "capabilities": [
        {
            "id": "sourdough",
            "name": "Sourdough baking",
            "objectives": ["bread_quality"],
            "min_people": 3,
        },
        {"id": "pastry", "name": "Pastry", "objectives": ["catering"], "min_people": 1},
    ],
}


def workbook(people: list[dict[str, Any]], **company: Any) -> Workbook:
    frame = pl.DataFrame(
        [
            {"name": None, "team": "bakers", "role": None, "manager": None, "hired": None, **p}
            for p in people
        ],
        schema={
            "id": pl.String,
            "name": pl.String,
            "team": pl.String,
            "role": pl.String,
            "manager": pl.String,
            "hired": pl.Date,
            "skills": pl.String,
            "training_hours": pl.Float64,
        },
    )
    return Workbook(
        company=Company.model_validate({**COMPANY, **company}), tables={"people": frame}
    )


def trained_bakery() -> list[dict[str, Any]]:
    skills = [
        "sourdough:4;pastry:3;sales:2",
        "Sourdough:3;pastry:2;sales:2",
        "sourdough:5;sales:2;pastry:2",
        "sourdough:2;sales:3",
        "pastry:4;sourdough:2;sales:2",
        "sales:4;coffee:3;sourdough:2",
    ]
    return [{"id": f"p{i}", "skills": s, "training_hours": 24.0} for i, s in enumerate(skills)]


def test_well_staffed_and_trained_bakery_has_no_gap() -> None:
    section = analyze(workbook(trained_bakery()), Context(as_of=AS_OF))
    assert section.findings == []
    assert section.score is not None and section.score > 85
    caps = {c["capability"]: c for c in section.tables["capabilities"]}
    assert caps["sourdough"]["skilled"] == 3  # "Sourdough:3" counts: names match loosely


def test_untrained_staff_under_a_craft_value_is_a_talent_gap() -> None:
    people = [p | {"training_hours": 2.0} for p in trained_bakery()]
    section = analyze(workbook(people), Context(as_of=AS_OF))
    ids = [f.id for f in section.findings]
    assert ids == ["talent_gap:craft"]
    (finding,) = section.findings
    assert finding.severity.value == "high"
    assert finding.evidence["median_training_hours"] == 2.0


def test_missing_capability_for_the_top_objective() -> None:
    people = [
        p
        | {
            "skills": p["skills"]
            .replace("sourdough:4", "sourdough:2")
            .replace("sourdough:5", "sourdough:1")
        }
        for p in trained_bakery()
    ]
    section = analyze(workbook(people), Context(as_of=AS_OF))
    (finding,) = section.findings
    assert finding.id == "talent_gap:sourdough:bread_quality"
    assert finding.evidence["skilled_people"] == 1
    assert finding.severity.value == "high"


def test_training_hours_of_small_groups_are_not_shown() -> None:
    people = [p | {"training_hours": 0.0} for p in trained_bakery()[:4]]
    section = analyze(workbook(people), Context(as_of=AS_OF))
    assert "median_hours" not in section.tables["training"]
    assert all("training" not in f.title.lower() for f in section.findings)


def test_t_shape_and_training_values() -> None:
    assert t_shaped({"a": 4, "b": 2, "c": 2})
    assert not t_shaped({"a": 4, "b": 2})
    assert not t_shaped({"a": 3, "b": 3, "c": 3})
    assert demands_training(Value(id="craft", name="Craftsmanship"))
    assert not demands_training(Value(id="warmth", name="Warmth", statement="Be kind."))


def test_without_people_the_component_is_null() -> None:
    section = analyze(Workbook(company=Company.model_validate(COMPANY)), Context(as_of=AS_OF))
    assert section.score is None and section.missing == ["people.csv"]


def test_an_empty_staff_list_is_no_evidence() -> None:
    """A header-only people.csv (as `coxswain init` writes it) observes nobody."""
    from tests.strategies import typed

    wb = Workbook(company=Company.model_validate(COMPANY), tables={"people": typed("people", [])})
    section = analyze(wb, Context(as_of=AS_OF))
    assert section.score is None and not section.findings
    assert "people.csv" in section.missing
    # people listed without any skills: capabilities cannot be judged against them
    rows = [{"id": "p1", "name": "Ann", "team": "bake"}, {"id": "p2", "name": "Bo", "team": "bake"}]
    wb = Workbook(company=Company.model_validate(COMPANY), tables={"people": typed("people", rows)})
    section = analyze(wb, Context(as_of=AS_OF))
    assert not [f for f in section.findings if f.subjects[:1] == ("sourdough",)]
    assert "people.csv: skills" in section.missing


render = render_partial


def test_report_partial_names_no_person() -> None:
    people = [p | {"training_hours": 2.0} for p in trained_bakery()]
    html = render(analyze(workbook(people), Context(as_of=AS_OF)))
    assert "Sourdough baking" in html and "3 of 3 needed" in html
    assert "p0" not in html and "Person" not in html


def example(name: str) -> Section:
    return on_example(analyze, name)


def test_examples_the_bakery_is_short_of_bakers_and_training() -> None:
    # examples/crust_and_crumb/README.md: sourdough (1 of 3 people), near-zero training vs craft
    ids = {f.id for f in example("crust_and_crumb").findings}
    assert {"talent_gap:sourdough:bread_quality", "talent_gap:craft"} <= ids
    assert example("lantern_roasters").findings == []
