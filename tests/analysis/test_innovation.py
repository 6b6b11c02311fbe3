from __future__ import annotations

import datetime as dt
import random

import numpy as np
import polars as pl
import pytest

from coxswain.analysis.base import Context, Section
from coxswain.analysis.innovation import analyze, kaplan_meier
from coxswain.workbook import Workbook
from coxswain.workbook.model import Company
from coxswain.workbook.tables import TABLES
from tests.analysis.helpers import on_example, render_partial

AS_OF = dt.date(2026, 12, 31)


def test_kaplan_meier_median_without_censoring_is_the_plain_median() -> None:
    days = np.array([10.0, 20, 30, 40, 50])
    lt = kaplan_meier(days, np.ones(5, dtype=bool))
    assert lt.median == 30
    assert lt.low is not None and lt.low <= 30 <= (lt.high or np.inf)


def test_censored_waiting_ideas_push_the_median_up() -> None:
    # 4 decided fast, 6 still waiting at 200 days: half have not been decided by day 10..40,
    # KM: S drops by 1/10 at each of 10,20,30,40 -> 0.6 then stays: median not reached
    days = np.array([10.0, 20, 30, 40, *[200.0] * 6])
    observed = np.array([True] * 4 + [False] * 6)
    assert kaplan_meier(days, observed).median is None
    # a naive median over decided ideas alone would say 25 days
    assert np.median(days[observed]) == 25


def make_ideas(
    decide_days: list[int],
    *,
    start: dt.date,
    objective: str = "growth",
    open_from: int | None = None,
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for i, d in enumerate(decide_days):
        created = start + dt.timedelta(days=15 * i)
        decided = created + dt.timedelta(days=d)
        is_open = decided > AS_OF or (open_from is not None and i >= open_from)
        launched = decided + dt.timedelta(days=30)
        rows.append(
            {
                "id": f"i{start.year}{i}",
                "title": f"Idea {i}",
                "objective": objective,
                "created": created,
                "decided": None if is_open else decided,
                "launched": None if is_open or launched > AS_OF else launched,
                "status": "open" if is_open else "launched" if launched <= AS_OF else "decided",
            }
        )
    return rows


def workbook(rows: list[dict[str, object]]) -> Workbook:
    company = Company.model_validate(
        {
            "format": 1,
            "name": "x",
            "objectives": [
                {"id": "growth", "name": "Growth"},
                {"id": "quality", "name": "Quality"},
            ],
        }
    )
    return Workbook(
        company=company, tables={"ideas": pl.DataFrame(rows, schema=TABLES["ideas"].schema)}
    )


def test_quick_pipeline_has_no_finding() -> None:
    rng = random.Random(3)
    rows = make_ideas([rng.randint(10, 40) for _ in range(40)], start=dt.date(2025, 1, 1))
    section = analyze(workbook(rows), Context(as_of=AS_OF))
    assert section.findings == []
    assert section.tables["lead_times"]["decision"]["median_days"] < 45


def test_slow_decisions_are_found() -> None:
    rng = random.Random(4)
    rows = make_ideas([rng.randint(130, 180) for _ in range(30)], start=dt.date(2025, 1, 1))
    section = analyze(workbook(rows), Context(as_of=AS_OF))
    (finding,) = section.findings
    assert finding.kind == "slow_innovation" and finding.id == "slow_innovation"
    assert finding.evidence["decision"]["median_days"] > 100
    assert finding.severity.value == "high"


def test_slowing_down_is_found_by_the_trend() -> None:
    rng = random.Random(5)
    early = make_ideas([rng.randint(5, 15) for _ in range(24)], start=dt.date(2024, 1, 1))
    late = make_ideas([rng.randint(40, 58) for _ in range(24)], start=dt.date(2026, 1, 1))
    section = analyze(workbook(early + late), Context(as_of=AS_OF))
    trend = section.tables["trend"]["decision"]
    assert trend["logrank_p"] < 0.05
    (finding,) = section.findings
    assert "recent ideas wait longer for a decision" in finding.title


def test_without_ideas_says_so() -> None:
    company = Company.model_validate({"format": 1, "name": "x"})
    section = analyze(Workbook(company=company), Context(as_of=AS_OF))
    assert section.missing == ["ideas.csv"] and section.findings == []


@pytest.mark.parametrize("objective", ["quality"])
def test_one_slow_objective(objective: str) -> None:
    rng = random.Random(6)
    fast = make_ideas([rng.randint(5, 30) for _ in range(30)], start=dt.date(2025, 1, 1))
    slow = make_ideas(
        [rng.randint(150, 200) for _ in range(8)], start=dt.date(2025, 1, 10), objective=objective
    )
    for r in slow:
        r["id"] = f"q{r['id']}"
    section = analyze(workbook(fast + slow), Context(as_of=AS_OF))
    assert [f.id for f in section.findings] == [f"slow_innovation:{objective}"]


render = render_partial


def test_report_partial() -> None:
    rng = random.Random(4)
    rows = make_ideas([rng.randint(130, 180) for _ in range(30)], start=dt.date(2025, 1, 1))
    html = render(analyze(workbook(rows), Context(as_of=AS_OF)))
    assert "How fast ideas move" in html and "Idea → decision" in html
    empty = render(
        analyze(
            Workbook(company=Company.model_validate({"format": 1, "name": "x"})),
            Context(as_of=AS_OF),
        )
    )
    assert "ideas.csv" in empty


def example(name: str) -> Section:
    return on_example(analyze, name)


def test_examples_driftwood_is_slow_lantern_is_not() -> None:
    assert [f.id for f in example("driftwood_roasters").findings] == ["slow_innovation"]
    assert example("lantern_roasters").findings == []


def test_a_slowdown_within_the_norm_is_not_a_problem() -> None:
    """Decision times spread like the benchmark's (gamma, shape 2) whose median went from
    about 13 days to about 25: the log-rank test notices and the medians' ratio is over 1.5
    (the rule before called it slow), but recent ideas are neither confidently much slower
    (hazard ratio's upper bound over 2/3) nor slower than healthy (median under 60 days)."""
    rng = np.random.default_rng(2)

    def days(median: float, n: int) -> list[int]:
        return [max(1, round(x)) for x in rng.gamma(2.0, median / 1.68, n)]

    early = make_ideas(days(13, 24), start=dt.date(2024, 9, 1))
    late = make_ideas(days(25, 16), start=dt.date(2026, 1, 1))
    section = analyze(workbook(early + late), Context(as_of=AS_OF))
    trend = section.tables["trend"]["decision"]
    assert trend["logrank_p"] < 0.05
    assert trend["recent"]["median_days"] >= 1.5 * trend["before"]["median_days"]
    assert trend["recent"]["median_days"] < 60
    assert trend["hazard_ratio_ci95"][1] > 2 / 3
    assert section.findings == []


def test_ideas_waiting_less_than_the_norm_are_not_evidence_of_slowness() -> None:
    """14 of 20 ideas still wait for a decision, but none for as long as the norm (60 days):
    the median is not reached, and nothing says it lies beyond 60 days (the rule before said
    "more than half the ideas still wait")."""
    rng = random.Random(8)
    rows: list[dict[str, object]] = []
    for i in range(20):
        waiting = i >= 6
        created = AS_OF - dt.timedelta(days=45 + i % 10 if waiting else 100 + 5 * i)
        rows.append(
            {
                "id": f"idea{i}",
                "title": f"Idea {i}",
                "objective": "growth",
                "created": created,
                "decided": None if waiting else created + dt.timedelta(days=rng.randint(20, 40)),
                "launched": None,
                "status": "open" if waiting else "decided",
            }
        )
    section = analyze(workbook(rows), Context(as_of=AS_OF))
    lead = section.tables["lead_times"]["decision"]
    assert lead["median_days"] is None and lead["still_waiting"] > lead["ideas"] / 2
    assert section.findings == []


def _benchmark_like(months: int, *, slow_recent: bool, seed: int) -> list[dict[str, object]]:
    """Ideas every ten days over ``months`` months, decided in 25 days on average (gamma,
    shape 2, as the detector benchmark draws them) or, for ideas of the last year when
    ``slow_recent``, in 160."""
    rng = np.random.default_rng(seed)
    rows: list[dict[str, object]] = []
    first = AS_OF - dt.timedelta(days=round(months * 30.44))
    for i in range(round(months * 30.44 / 10)):
        created = first + dt.timedelta(days=10 * i)
        mean = 160.0 if slow_recent and created >= AS_OF - dt.timedelta(days=365) else 25.0
        decided = created + dt.timedelta(days=max(1, round(rng.gamma(2.0, mean / 2))))
        waiting = decided > AS_OF
        rows.append(
            {
                "id": f"idea{i}",
                "title": f"Idea {i}",
                "objective": "growth",
                "created": created,
                "decided": None if waiting else decided,
                "launched": None,
                "status": "open" if waiting else "decided",
            }
        )
    return rows


def test_a_year_of_slow_decisions_in_a_short_history_is_found() -> None:
    """20 months of ideas, those of the last year decided in 160 days instead of 25: the
    last year is compared with the eight months before it (the rule before compared the last
    six months with the fourteen before, half of them slow already, and missed it)."""
    rows = _benchmark_like(20, slow_recent=True, seed=11)
    section = analyze(workbook(rows), Context(as_of=AS_OF))
    trend = section.tables["trend"]["decision"]
    assert trend["since"] == (AS_OF - dt.timedelta(days=365)).isoformat()
    assert trend["hazard_ratio_ci95"][1] <= 2 / 3
    (finding,) = section.findings
    assert finding.kind == "slow_innovation"


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_a_short_steady_history_is_not_slow(seed: int) -> None:
    rows = _benchmark_like(20, slow_recent=False, seed=seed)
    assert analyze(workbook(rows), Context(as_of=AS_OF)).findings == []


def test_under_eighteen_months_the_recent_ideas_are_the_last_six_months() -> None:
    """A year against two months before it would rest on a handful of early ideas."""
    rows = _benchmark_like(14, slow_recent=False, seed=3)
    trend = analyze(workbook(rows), Context(as_of=AS_OF)).tables["trend"]["decision"]
    assert trend["since"] == (AS_OF - dt.timedelta(days=round(6 * 30.44))).isoformat()


def _trend(p: float, ratio: tuple[float, float, float], recent_median: float) -> dict[str, object]:
    from coxswain.analysis.innovation import LeadTime

    return {
        "logrank_p": p,
        "_before": LeadTime(40, 30, 48.0, 36.0, 80.0),
        "_recent": LeadTime(30, 13, recent_median, 44.0, None),
        "_ratio": ratio,
    }


def test_slower_needs_a_confidently_large_hazard_ratio() -> None:
    """TUNE seed 1191 (no slowdown planted): launches of recent ideas at a point median of 133 days
    (interval from 44), log-rank p 0.01, hazard ratio 0.45 [0.24, 0.84]. The median past the
    norm (120) rests on the few ideas at the end of the follow-up: not a slowdown. With the
    ratio's upper bound at 2/3 or less it is one."""
    from coxswain.analysis.innovation import _slower

    assert not _slower(_trend(0.01, (0.45, 0.24, 0.84), 133.0))
    assert _slower(_trend(0.01, (0.3, 0.15, 0.6), 133.0))
    assert not _slower(_trend(0.2, (0.3, 0.15, 0.6), 133.0))
