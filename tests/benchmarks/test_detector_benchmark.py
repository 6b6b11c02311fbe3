"""The labelled detector benchmark (benchmarks/detectors): the generator and the scoring math.

A few companies only: the benchmark itself runs with ``python -m benchmarks detectors``.
"""

from __future__ import annotations

import math

import pytest

from benchmarks.detectors.generate import KINDS, Plant, generate, plan_set
from benchmarks.detectors.score import (
    Found,
    auc,
    hanley_mcneil,
    match,
    poisson_rate,
    wilson,
)

# every kind in five companies of up to five plants (the benchmark's own largest company)
GROUPS = [KINDS[i : i + 5] for i in range(0, len(KINDS), 5)]


@pytest.fixture(scope="module")
def planted() -> list:
    return [generate(300 + i, kinds) for i, kinds in enumerate(GROUPS)]


def test_the_generator_is_deterministic_per_seed() -> None:
    a, b = generate(42, ("kpi_shift", "silo")), generate(42, ("kpi_shift", "silo"))
    assert a.company == b.company
    assert a.plants == b.plants
    assert a.tables.keys() == b.tables.keys()
    for name in a.tables:
        assert a.tables[name].equals(b.tables[name]), name
    c = generate(43, ("kpi_shift", "silo"))
    assert c.tables["kpi_values"].shape != a.tables["kpi_values"].shape or not c.tables[
        "kpi_values"
    ].equals(a.tables["kpi_values"])


def test_every_kind_can_be_planted(planted: list) -> None:
    kinds = [p.kind for c in planted for p in c.plants]
    assert sorted(kinds) == sorted(KINDS)


def test_plants_name_subjects_that_exist_and_the_workbook_validates(planted: list) -> None:
    for company in planted:
        workbook = company.workbook()  # raises WorkbookError when invalid
        ids = company.ids()
        assert workbook.company.name == company.company["name"]
        for plant in company.plants:
            assert set(plant.subjects) <= ids, plant
            assert set(plant.key) <= set(plant.subjects), plant
            assert plant.size


def test_a_clean_company_has_no_plants_and_validates() -> None:
    company = generate(7)
    assert company.plants == []
    company.workbook()
    assert 5 <= company.people <= 250
    assert 12 <= company.months <= 48


def test_a_set_has_enough_cases_of_every_kind() -> None:
    jobs = plan_set(2000, 220)
    clean = [j for j in jobs if not j[1]]
    assert len(clean) >= 25
    for kind in KINDS:
        assert sum(kind in kinds for _, kinds in jobs) >= 30, kind
    assert all(len(set(kinds)) == len(kinds) <= 5 for _, kinds in jobs)


def test_matching_rule() -> None:
    shift = Plant("kpi_shift", ("sales",), ("sales",), "3σ")
    harm = Plant("initiative_harm", ("promo", "margin"), ("promo", "margin"), "3σ")
    lapsed = Plant("review_lapsed", (), (), "300 days")
    findings = [
        Found("kpi_shift", ("sales", "growth"), "medium"),  # detects the shift
        Found("initiative_harm", ("promo", "sales"), "high"),  # wrong KPI, but a planted KPI
        Found("kpi_at_risk", ("margin", "profit"), "medium"),  # explained by the harm plant
        Found("review_lapsed", (), "high"),  # company-wide: detects
        Found("silo", ("kitchen",), "high"),  # false alarm
        Found("kpi_anomaly", ("visits", "growth"), "low"),  # false alarm: nothing planted there
    ]
    detected, false = match([shift, harm, lapsed], findings, ["sales", "margin", "visits"])
    assert detected == [True, False, True]
    assert [f.kind for f in false] == ["silo", "kpi_anomaly"]


def test_wilson_interval_against_hand_computed_values() -> None:
    # 8/10, z = 1.96: centre (0.8 + 1.96²/20) / (1 + 1.96²/10) = 0.7167, half-width
    # 1.96·√(0.016 + 0.009604) / 1.38415 = 0.2266 → (0.490, 0.943), the interval quoted for
    # 8 of 10 in Newcombe (1998, Statistics in Medicine 17:857, method 3).
    lo, hi = wilson(8, 10)
    assert lo == pytest.approx(0.4902, abs=5e-4)
    assert hi == pytest.approx(0.9433, abs=5e-4)
    # 0/10: upper z²/(n + z²) = 3.8415/13.8415 = 0.2775
    assert wilson(0, 10) == pytest.approx((0.0, 0.2775), abs=5e-4)
    assert wilson(0, 0) == (0.0, 1.0)


def test_auc_and_its_interval_against_hand_computed_values() -> None:
    # 9 pairs: 3 vs (1, 2, 3) gives 2.5, 4 and 5 win all three: 8.5 / 9
    assert auc([3, 4, 5], [1, 2, 3]) == pytest.approx(8.5 / 9)
    assert auc([1], [2]) == 0.0
    assert math.isnan(auc([], [1]))
    # Hanley & McNeil (1982): A = 0.8, 50 and 50: Q1 = 0.8/1.2 = 0.66667, Q2 = 1.28/1.8 =
    # 0.71111, var = (0.16 + 49·0.026667 + 49·0.071111) / 2500 = 0.0019804, SE 0.04450
    lo, hi = hanley_mcneil(0.8, 50, 50)
    assert lo == pytest.approx(0.8 - 1.959964 * 0.044502, abs=1e-4)
    assert hi == pytest.approx(0.8 + 1.959964 * 0.044502, abs=1e-4)


def test_false_alarm_rate_interval() -> None:
    # 0 in 25 clean companies: the exact upper bound is χ²(0.975; 2)/2 = 3.6889 alarms in all
    rate, lo, hi = poisson_rate(0, 25)
    assert (rate, lo) == (0.0, 0.0)
    assert hi == pytest.approx(3.6889 / 25, abs=1e-4)
    # 5 in 25: the exact interval for a count of 5 is (1.6235, 11.6683)
    rate, lo, hi = poisson_rate(5, 25)
    assert rate == 0.2
    assert lo == pytest.approx(1.6235 / 25, abs=1e-4)
    assert hi == pytest.approx(11.6683 / 25, abs=1e-4)


def _outward_shares(company) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Per team, the share of its members' messages that go to another team."""
    people = company.tables["people"]
    team = dict(zip(people["id"].to_list(), people["team"].to_list(), strict=True))
    sent: dict[str, int] = {}
    out: dict[str, int] = {}
    for sender, recipients in zip(
        company.tables["messages"]["sender"].to_list(),
        company.tables["messages"]["recipients"].to_list(),
        strict=True,
    ):
        t = team[sender]
        sent[t] = sent.get(t, 0) + 1
        out[t] = out.get(t, 0) + any(team[r] != t for r in recipients.split(";"))
    return {t: out[t] / sent[t] for t in sent}


@pytest.mark.parametrize("seed", [7, 8])
def test_a_bottleneck_plant_is_not_also_a_silo(seed: int) -> None:
    """The bottleneck's go-between passes the team's messages on to the other team: the
    team's traffic with it runs through one person, and the team still talks outside about
    as much as the others (before, the asks stayed inside and the team read as a silo)."""
    from benchmarks.detectors.generate import AS_OF
    from coxswain.analysis.runner import analyze

    company = generate(seed, ("bottleneck",))
    [plant] = company.plants
    hub, a, b = plant.subjects
    shares = _outward_shares(company)
    others = sorted(v for t, v in shares.items() if t != a)
    assert shares[a] >= 0.5 * others[len(others) // 2]
    messages = company.tables["messages"]
    people = company.tables["people"]
    team = dict(zip(people["id"].to_list(), people["team"].to_list(), strict=True))
    a_to_b = [
        s
        for s, r in zip(messages["sender"].to_list(), messages["recipients"].to_list(), strict=True)
        if team[s] == a and any(team[x] == b for x in r.split(";"))
    ]
    assert a_to_b and all(s == hub for s in a_to_b)
    result = analyze(company.workbook(), as_of=AS_OF, only=("network",))
    kinds = {(f.kind, tuple(f.subjects)) for f in result.findings}
    assert not [k for k in kinds if k[0] == "silo" and a in k[1]]
    assert any(k[0] == "bottleneck" and hub in k[1] for k in kinds)


def test_the_power_table_prints_every_size_and_history() -> None:
    from benchmarks.detectors.power import MONTHS, SIZES, table

    lines = table(reps=5).splitlines()
    assert len(lines) == 2 + len(MONTHS)
    assert all(line.count("%") == 2 * len(SIZES) for line in lines[2:])
