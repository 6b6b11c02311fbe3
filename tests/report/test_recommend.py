"""The recommendation catalogue: every kind × stage, filled with names, fitting the stage."""

from __future__ import annotations

import re

import pytest

from coxswain.analysis.base import Finding, Severity
from coxswain.analysis.index import KIND_COMPONENT
from coxswain.recommend import recommend
from coxswain.recommend.catalogue import CATALOGUE, ROLES
from tests.strategies import bakery

STAGES = ("early", "intermediate", "advanced")


def test_catalogue_covers_every_kind_and_stage() -> None:
    assert set(CATALOGUE) == set(KIND_COMPONENT)
    assert set(ROLES) == set(KIND_COMPONENT)
    for kind, templates in CATALOGUE.items():
        assert set(templates) == set(STAGES), kind


@pytest.mark.parametrize("kind", sorted(KIND_COMPONENT))
@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("n_subjects", [0, 1, 3])
def test_every_template_fills_with_names(kind: str, stage: str, n_subjects: int) -> None:
    subjects = ("cheap_flour", "bread_quality", "craft")[:n_subjects]
    finding = Finding(
        kind=kind,
        severity=Severity.high,
        subjects=subjects,
        title="t",
        evidence={"lacking": ["kpis"]},
    )
    text = recommend(finding, workbook=bakery(), stage=stage)
    assert "{" not in text and "}" not in text
    assert text[0].isupper() or text[0] == "“"
    if n_subjects:
        names = (
            "Switch to the cheapest bulk flour supplier",
            "Best artisanal bread in the neighbourhood",
            "Craftsmanship",
        )
        assert any(name in text for name in names[:n_subjects]) or kind == "review_lapsed"
        assert not re.search(r"\bcheap_flour\b", text)  # names, not ids


def test_early_advice_stays_small() -> None:
    grand = re.compile(r"innovation lab|programme|certification|portfolio|holdout", re.I)
    for kind, templates in CATALOGUE.items():
        assert not grand.search(templates["early"]), kind


def test_expectation_gap_advice_names_the_kpis_that_win_customers_too() -> None:
    from coxswain.workbook import build_workbook

    wb = build_workbook(
        {
            "format": 1,
            "name": "Loop",
            "objectives": [{"id": "keep", "name": "Keep customers"}],
            "kpis": [
                {"id": "churn", "name": "Accounts lost", "objective": "keep", "direction": "down"},
                {"id": "signups", "name": "New accounts", "objective": "keep", "direction": "up"},
            ],
        }
    )
    finding = Finding(
        kind="expectation_gap",
        severity=Severity.high,
        subjects=("churn",),
        title="t",
        evidence={"acquiring": [{"kpi": "signups"}, {"kpi": "derived-acquisition"}]},
    )
    text = recommend(finding, workbook=wb, stage="intermediate")
    assert "“Accounts lost” and “New accounts”" in text and "derived" not in text
