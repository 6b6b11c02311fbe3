import datetime as dt
import math

import numpy as np

from coxswain.analysis import strategy_links
from coxswain.analysis.base import Context
from coxswain.timeseries.synthetic import month_ends, workbook
from coxswain.wording.numbers import Words

AS_OF = dt.date(2026, 9, 30)


def book(n, driver, objective, *, lag=3, objective_direction="up"):
    dates = month_ends(AS_OF, n)
    return workbook(
        {
            "objectives": [
                {"id": "training", "name": "Training"},
                {"id": "service", "name": "Service", "drivers": ["training"], "lag_months": lag},
            ],
            "kpis": [
                {"id": "hours", "name": "Hours", "objective": "training", "direction": "up"},
                {
                    "id": "csat",
                    "name": "CSAT",
                    "objective": "service",
                    "direction": objective_direction,
                },
            ],
        },
        kpi_values={"hours": (dates, driver), "csat": (dates, objective)},
    )


def lagged(n, lag, coef, seed):
    rng = np.random.default_rng(seed)
    x = 10 + rng.normal(0, 1, n + lag).cumsum()
    y = 50 + coef * x[:n] + rng.normal(0, 0.3, n)  # y_t follows x_{t-lag}
    return x[lag:], y


def table(section):
    [link] = section.tables["links"]
    assert {"driver", "objective", "lag", "r_levels", "r_changes", "granger_p", "verdict"} <= set(
        link
    )
    return link


def test_link_borne_out_is_supported():
    x, y = lagged(36, 3, 1.0, 1)
    section = strategy_links.analyze(book(36, x, y), Context(as_of=AS_OF))
    link = table(section)
    assert link["verdict"] == "supported"
    assert link["ci_changes"][0] > 0
    assert section.findings == []


def test_link_against_the_data_is_contradicted():
    x, y = lagged(36, 3, -1.0, 2)
    section = strategy_links.analyze(book(36, x, y), Context(as_of=AS_OF))
    assert table(section)["verdict"] == "contradicted"
    [f] = section.findings
    assert f.kind == "strategy_link_unsupported" and f.subjects == ("training", "service")
    assert f.severity.value == "medium"


def test_direction_is_respected():
    """Lower is better for the objective KPI: a negative raw relation supports the link."""
    x, y = lagged(36, 3, -1.0, 2)
    section = strategy_links.analyze(
        book(36, x, y, objective_direction="down"), Context(as_of=AS_OF)
    )
    assert table(section)["verdict"] == "supported"


def test_no_relation_with_enough_data_is_unsupported():
    """120 months of unrelated changes: the equivalence test rules out a link worth acting on."""
    rng = np.random.default_rng(4)
    x = 10 + rng.normal(0, 1, 120).cumsum()
    y = 50 + rng.normal(0, 1, 120).cumsum()
    section = strategy_links.analyze(book(120, x, y), Context(as_of=AS_OF))
    link = table(section)
    assert link["verdict"] == "unsupported"
    lo, hi = link["ci_equivalence"]
    assert lo > -strategy_links.SESOI and hi < strategy_links.SESOI
    [f] = section.findings
    assert f.kind == "strategy_link_unsupported" and f.severity.value == "low"
    assert f.evidence["smallest_effect_of_interest"] == strategy_links.SESOI
    assert section.missing == []


def test_trending_together_but_independent_changes_is_not_testable_yet():
    """Two KPIs that both rise over 30 months, their monthly changes independent: the levels
    correlate, which is evidence neither way, and 26 changes cannot rule out a moderate
    effect: no finding, and missing_evidence says how many more months would settle it."""
    rng = np.random.default_rng(7)
    t = np.arange(30)
    x = 10 + 0.5 * t + rng.normal(0, 1, 30)
    y = 50 + 0.8 * t + rng.normal(0, 1, 30)
    section = strategy_links.analyze(book(30, x, y), Context(as_of=AS_OF))
    link = table(section)
    assert link["r_levels"] > 0.8  # the levels trend together
    assert link["verdict"] == "insufficient_data"
    assert section.findings == []
    needed = strategy_links.pairs_needed()
    effective = link["pairs"]
    assert link["months_to_settle"] == needed - effective
    assert 0 < link["power"] < strategy_links.POWER
    [missing] = section.missing
    wait = Words().more_months(needed - link["pairs"])
    assert f"about {wait} of “Hours” and “CSAT”" in missing
    assert "whether “Training” really moves “Service”" in missing
    # plain words: no statistics, no ids
    assert not any(word in missing for word in ("power", "paired", "testable", "%"))


def test_power_and_pairs_needed_follow_fisher_z():
    # 80% power to detect r = 0.3 at alpha 0.05 two-sided: about 85 pairs (Cohen 1988)
    assert abs(strategy_links.power(85) - 0.8) < 0.01
    assert strategy_links.pairs_needed() >= 85
    assert strategy_links.power(strategy_links.pairs_needed()) >= strategy_links.POWER
    assert strategy_links.power(3) == 0.0


def test_strong_contradiction_over_48_months_is_reported():
    """A driver whose improvements go with the objective's worsening (the map declares the
    opposite) is still a finding, whatever the power."""
    x, y = lagged(48, 2, -2.0, 8)
    section = strategy_links.analyze(book(48, x, y, lag=2), Context(as_of=AS_OF))
    link = table(section)
    assert link["verdict"] == "contradicted"
    [f] = section.findings
    assert f.kind == "strategy_link_unsupported" and f.severity.value == "medium"
    assert "contradict" in f.title
    assert section.missing == []


def test_short_history_is_insufficient():
    x, y = lagged(12, 3, 1.0, 5)
    section = strategy_links.analyze(book(12, x, y), Context(as_of=AS_OF))
    link = table(section)
    assert link["verdict"] == "insufficient_data"
    assert section.findings == []
    assert link["months_to_settle"] == (strategy_links.pairs_needed() - link["pairs"])


def test_weekly_driver_is_compared_by_month():
    rng = np.random.default_rng(6)
    sundays = [dt.date(2018, 10, 7) + dt.timedelta(days=7 * i) for i in range(417)]
    weekly = 1000 + rng.normal(0, 30, 417).cumsum()
    months = month_ends(dt.date(2026, 9, 30), 96)
    revenue = 40000 + rng.normal(0, 500, 96).cumsum()  # unrelated to the visitors
    wb = workbook(
        {
            "objectives": [
                {"id": "traffic", "name": "Traffic"},
                {"id": "sales", "name": "Sales", "drivers": ["traffic"]},
            ],
            "kpis": [
                {"id": "visitors", "name": "Visitors", "objective": "traffic", "direction": "up"},
                {"id": "revenue", "name": "Revenue", "objective": "sales", "direction": "up"},
            ],
        },
        kpi_values={"visitors": (sundays, weekly), "revenue": (months, revenue)},
    )
    section = strategy_links.analyze(wb, Context(as_of=AS_OF))
    link = table(section)
    assert link["kpi_pairs"][0]["cadence"] == "monthly"
    assert link["kpi_pairs"][0]["pairs"] >= 30
    # unrelated: 95 monthly changes that barely move together rule out a moderate effect
    assert link["verdict"] == "unsupported"
    lo, hi = link["ci_equivalence"]
    assert lo > -strategy_links.SESOI and hi < strategy_links.SESOI


def test_daily_kpis_are_compared_month_by_month():
    """Two daily KPIs linked month to month under heavy day-to-day noise: their daily
    changes barely correlate, which must not "rule out" the link; by month there are 23
    changes, too few to rule out anything."""
    rng = np.random.default_rng(11)
    days = [AS_OF - dt.timedelta(days=i) for i in range(729, -1, -1)]
    month = np.array([(d.year - days[0].year) * 12 + d.month for d in days])
    level = rng.normal(0, 1, month.max() + 1).cumsum()
    driver = 100 + 5 * level[month] + rng.normal(0, 20, len(days))
    objective = 50 + 2 * level[month] + rng.normal(0, 20, len(days))
    wb = workbook(
        {
            "objectives": [
                {"id": "training", "name": "Training"},
                {"id": "service", "name": "Service", "drivers": ["training"]},
            ],
            "kpis": [
                {"id": "hours", "name": "Hours", "objective": "training", "direction": "up"},
                {"id": "csat", "name": "CSAT", "objective": "service", "direction": "up"},
            ],
        },
        kpi_values={"hours": (days, driver), "csat": (days, objective)},
    )
    section = strategy_links.analyze(wb, Context(as_of=AS_OF))
    link = table(section)
    assert link["kpi_pairs"][0]["cadence"] == "monthly"
    assert link["pairs"] < 30
    assert link["verdict"] != "unsupported"
    assert not [f for f in section.findings if f.severity.value == "low"]


def _with_changes_correlated(n: int, r: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two monthly series of n values whose n - 1 changes correlate at exactly r."""
    rng = np.random.default_rng(seed)
    dx = rng.normal(0, 1, n - 1)
    dx = (dx - dx.mean()) / dx.std()
    noise = rng.normal(0, 1, n - 1)
    noise -= noise.mean()
    noise -= (noise @ dx) / (dx @ dx) * dx  # orthogonal to dx
    noise /= noise.std()
    dy = r * dx + math.sqrt(1 - r * r) * noise
    return 100 + np.concatenate([[0], dx.cumsum()]), 50 + np.concatenate([[0], dy.cumsum()])


def _map(n: int, links: dict[str, tuple[np.ndarray, np.ndarray]]):
    dates = month_ends(AS_OF, n)
    objectives, kpis, values = [], [], {}
    for name, (x, y) in links.items():
        objectives += [
            {"id": f"{name}_driver", "name": f"{name.title()} driver"},
            {
                "id": f"{name}_goal",
                "name": f"{name.title()} goal",
                "drivers": [f"{name}_driver"],
                "lag_months": 0,
            },
        ]
        kpis += [
            {
                "id": f"{name}_x",
                "name": f"{name} x",
                "objective": f"{name}_driver",
                "direction": "up",
            },
            {
                "id": f"{name}_y",
                "name": f"{name} y",
                "objective": f"{name}_goal",
                "direction": "up",
            },
        ]
        values |= {f"{name}_x": (dates, x), f"{name}_y": (dates, y)}
    return workbook({"objectives": objectives, "kpis": kpis}, kpi_values=values)


def test_a_weak_contradiction_alone_is_reported_but_not_among_many_links():
    """Changes correlating at about −0.22 over ten years (p ≈ 0.03) contradict a lone
    link; in a map of six links the same evidence is what chance gives one link in six,
    so Holm's correction across the map makes it "not testable yet", with the months that
    would settle it."""
    weak = _with_changes_correlated(120, -0.22, 1)
    alone = strategy_links.analyze(_map(120, {"weak": weak}), Context(as_of=AS_OF))
    [link] = alone.tables["links"]
    assert link["verdict"] == "contradicted"
    assert 0.005 < link["kpi_pairs"][0]["p_adjusted"] < strategy_links.ALPHA
    assert len(alone.findings) == 1

    # five more links whose changes correlate at 0.15: neither contradicted nor ruled out
    others = {f"other{i}": _with_changes_correlated(120, 0.15, 10 + i) for i in range(5)}
    section = strategy_links.analyze(_map(120, {"weak": weak} | others), Context(as_of=AS_OF))
    [link] = [row for row in section.tables["links"] if row["driver"] == "weak_driver"]
    assert link["verdict"] == "insufficient_data"
    [pair] = link["kpi_pairs"]
    assert pair["tests_in_map"] == 6 and pair["p_adjusted"] >= strategy_links.ALPHA
    assert not [f for f in section.findings if "weak_driver" in f.subjects]
    assert any("“Weak driver” really moves “Weak goal”" in m for m in section.missing)
    # no link of the map is called not borne out on 35 changes
    assert all(f.severity.value != "low" for f in section.findings)


def test_under_two_years_a_shared_season_is_not_taken_for_a_link():
    """Two KPIs that share a season in opposite directions (a busy summer raises sales
    and lengthens delivery) over 20 months: their changes move apart, but under two
    years of changes a season cannot be told from a link: not testable yet."""
    months = np.arange(20)
    rng = np.random.default_rng(3)
    season = np.cos(2 * np.pi * months / 12)
    x = 10 + 2 * season + rng.normal(0, 0.2, 20)
    y = 50 - 2 * season + rng.normal(0, 0.2, 20)
    section = strategy_links.analyze(_map(20, {"season": (x, y)}), Context(as_of=AS_OF))
    [link] = section.tables["links"]
    assert link["r_changes"] is None and link["verdict"] == "insufficient_data"
    assert "season" in link["kpi_pairs"][0]["note"]
    assert section.findings == []


def _seasonal_pair(n: int, rho: float, seed: int, amplitude: float = 2.0):
    """Monthly levels like the detector benchmark's: a yearly season in both KPIs (opposite
    ways) and month-to-month movements that correlate at ``rho``."""
    rng = np.random.default_rng(seed)
    months = np.arange(n)
    season = amplitude * np.cos(2 * np.pi * months / 12)
    e = rng.normal(0, 1, n)
    z = rng.normal(0, 1, n)
    x = 10 + season + e
    y = 50 - season + rho * e + math.sqrt(1 - rho * rho) * z
    return x, y


def test_a_contradiction_over_thirty_months_with_a_season_is_reported():
    """Thirty months, a season in the objective's KPI only, changes correlating at −0.8 by
    design, in a map of ten links: the season is taken out as two harmonics of the year
    (four terms). Eleven month-of-year dummies fitted from two or three values each took in
    about 40% of every month's own movement in that KPI alone, and left a change correlation
    of −0.45, which Holm across the map does not report."""
    x, y = _seasonal_pair(30, -0.75, 1)
    x = x - 2 * np.cos(2 * np.pi * np.arange(30) / 12)  # the driver without the season
    others = {f"other{i}": _seasonal_pair(30, 0.0, 20 + i) for i in range(9)}
    section = strategy_links.analyze(_map(30, {"bad": (x, y)} | others), Context(as_of=AS_OF))
    [link] = [row for row in section.tables["links"] if row["driver"] == "bad_driver"]
    assert link["r_changes"] < -0.7
    assert link["verdict"] == "contradicted"
    assert [f.subjects for f in section.findings] == [("bad_driver", "bad_goal")]


def test_a_shared_season_over_thirty_months_is_not_a_contradiction():
    """The same seasons without a link (independent month-to-month movements), strong
    enough to make the raw changes move apart: taken out, nothing is contradicted."""
    for seed in range(5):
        x, y = _seasonal_pair(30, 0.0, 40 + seed, amplitude=6.0)
        raw = np.corrcoef(np.diff(x), np.diff(y))[0, 1]
        section = strategy_links.analyze(_map(30, {"season": (x, y)}), Context(as_of=AS_OF))
        [link] = section.tables["links"]
        assert raw < -0.3, raw  # the season alone moves the raw changes apart
        assert link["verdict"] != "contradicted"
        assert section.findings == []


def test_harmonic_season_takes_out_a_yearly_swing():
    months = np.arange(30)
    swing = 3 * np.cos(2 * np.pi * (months - 2) / 12) + np.sin(4 * np.pi * months / 12)
    y = 5 + 0.1 * months + swing
    assert np.allclose(strategy_links.harmonic_season(y, 12), swing, atol=1e-8)


def test_a_contradiction_is_not_outweighed_by_granger_alone():
    """TUNE seed 1185: one KPI pair of a link contradicts it beyond doubt, another "supports"
    it only by Granger's p-value beside a change correlation whose interval takes in zero:
    the link is contradicted. A pair whose changes correlate positively still outweighs."""
    rank = strategy_links._rank
    contradicted = {"verdict": "contradicted"}
    by_granger = {"verdict": "supported", "_by_changes": False}
    by_changes = {"verdict": "supported", "_by_changes": True}
    assert rank(contradicted) < rank(by_granger)
    assert rank(by_changes) < rank(contradicted)


def test_a_contradiction_is_not_outweighed_by_a_support_the_map_would_not_keep():
    """Diagnosis seed 5040: certified crew against on-time arrival contradicts its link
    (r −0.74, 34 pairs, Holm-adjusted p 0.000003 among 28 tests), while staff eNPS against
    on-time arrival "supports" it at r +0.42 (p 0.014 on its own, 0.39 times 28): the link
    is contradicted. A support that would survive the map's correction still outweighs."""
    from coxswain.timeseries.stats import Correlation

    rank = strategy_links._rank
    contradicted = {"verdict": "contradicted", "tests_in_map": 28}
    weak = strategy_links._support_p(Correlation(0.416, 0.041, 0.689, 34))
    strong = strategy_links._support_p(Correlation(0.75, 0.55, 0.87, 34))
    assert 0.013 < weak < 0.015
    assert strong * 28 < 0.05
    supported = {"verdict": "supported", "_by_changes": True, "tests_in_map": 28}
    assert rank(contradicted) < rank({**supported, "_support_p": weak})
    assert rank({**supported, "_support_p": strong}) < rank(contradicted)
