"""Synthetic companies with planted problems, for the labelled detector benchmark.

``generate(seed, kinds)`` builds one company in memory (a validated ``Workbook``) from a
seed, with one planted problem of each kind in ``kinds`` (zero to five); ``plan_set(base, n)``
gives the seeds and kinds of a whole set so that every finding kind is planted about equally
often and every seventh company is clean. The same seed and kinds give the same company.

Every company, clean or not, carries the same nuisance: a yearly season (sector-shaped, up to
2.5 noise SDs for sales-like KPIs), day-of-week patterns (daily KPIs: busy weekends for cafés
and shops, closed-ish weekends for agencies, clinics, trades and SaaS), UK bank holidays
(half the usual level where the sector closes, 1.3 times where it is busy), trends (sales,
customers and marketing share one growth factor of −0.5 … +2 noise SDs a year, so they
trend together; quality-like KPIs drift slowly in the good direction), AR(1) month-to-month
wandering, strategy-map links that truly hold (changes of a driver's KPI pass on to the
driven objective's lead KPI at the declared lag, correlation 0.6 / √drivers), staff hired during
the history and staff who leave (their messages and answers stop), team leads who talk more,
deliberate trade-offs (a −1 on a value-free objective by work that serves a heavier one) and
ideas without objectives (not orphan work: ideas have not started).

Plants and their detectable sizes (a plant's size is drawn between the size and 1.6 times
it; σ is the KPI's noise SD at its own cadence, the month-to-month wandering included). The
steps' sizes and histories come from the tests' power (docs/analyses.md, round 5): among a
company's dozen KPIs, a step of 3σ on two to four years of a monthly KPI is found by the step
test 42–75% of the time and one of 5σ 86–100%; with under two years of history no
change is called at all (the time of year cannot be told from it):

=========================== ================================================================
kind                        planted problem, at or above the detectable size
=========================== ================================================================
value_conflict              active initiative declaring −2 on an objective of at least
                            average weight that expresses a value
resource_misallocation      one light objective gets ≥ 60% of money and hours (TVD ≥ 0.40)
orphan_work                 active initiative with no objective holding ≥ 10% of the hours
uncovered_objective         an objective of at least average weight without any KPI
kpi_off_track               monthly KPI whose latest value is ≥ 3σ past its warning level
kpi_at_risk                 monthly KPI ≥ 5σ short of a target due in three months, not
                            past its warning level, no trend towards the target
kpi_shift                   a lasting level shift for the worse, 6–12 months old, with
                            two years of history, of 1–1.6 times the detectable size
                            (``detectable_step``: 6σ with 24–29 months of history, 5.5σ
                            with 30–47, 4.5σ from 48; σ the KPI's month-to-month noise,
                            on calendar-month means for a daily or weekly KPI)
kpi_anomaly                 one mistyped value (×10) or a zero (a till that recorded
                            nothing) in the last 12 months, not among the last three points
expectation_gap             retention falls ≥ 5σ over the last 12 months while acquisition
                            rises ≥ 5σ
kpi_tension                 revenue rises ≥ 5σ over the last 12 months while margin falls
                            ≥ 5σ
initiative_harm             a KPI of the objective an initiative serves drops ≥ 3σ (daily
                            or weekly KPI) or ≥ 5σ (monthly KPI) at its start (≥ 12 months
                            of history before, ≥ 6 after, two years in all), lasting
initiative_win              the same, a rise for the better
strategy_link_unsupported   a driver → objective link whose lead KPIs' monthly changes
                            correlate at −0.7 … −0.9 by design at the declared lag, over
                            ≥ 36 months, so that a lag of up to six months leaves two
                            years of paired changes (measured on the raw monthly changes
                            of 20 such companies: median −0.73, range −0.54 … −0.92;
                            healthy links of one driver: median +0.55)
silo                        a team of ≥ 6 people sending ≥ 95% of its messages inside
                            itself, where the other teams send 55–75% inside
bottleneck                  one person carries ≥ 90% of the messages between their team
                            (≥ 6 people) and another team (≥ 2 people), passing on what
                            their team-mates ask them to (so the team is not also a silo)
low_understanding           in the latest two survey rounds ≤ 20% state a top objective and
                            line of sight averages ≤ 2.5 (company-wide)
sentiment_decline           the share of negative messages and comments rises from 13% to
                            ≥ 45% over the last four months (a fall of ≥ 0.25 in the mean
                            VADER compound), company-wide
slow_innovation             ideas of the last 12 months take ≥ 150 days to a decision
                            (2.5 times the 60-day judgement), earlier ones 25 days
talent_gap                  a capability needing ≥ 2 people with nobody at level 3 or more
automation_risk             an automation replacing people at a touchpoint tied to a value
                            of an objective of at least average weight, no human fallback
review_lapsed               the last strategic review ≥ 300 days before ``as_of``
goal_behind                 a goal of the year at ≤ 30% progress with 75% of the year gone
=========================== ================================================================

Each plant records its kind and subjects (workbook ids). The key subjects (``Plant.key``)
are the ids a finding must name to count as detecting it; company-wide plants
(``low_understanding``, ``sentiment_decline``, ``slow_innovation``, ``review_lapsed``) have
none and are detected by any finding of their kind.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import yaml
from dateutil.easter import easter

from coxswain.workbook import Workbook
from coxswain.workbook.read import build_workbook

_EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
if str(_EXAMPLES) not in sys.path:
    sys.path.insert(0, str(_EXAMPLES))

from _gen import core  # noqa: E402
from _gen.text import Composer, Topic  # noqa: E402

AS_OF = core.END  # 2026-09-30: every company is analysed as of this date
KINDS: tuple[str, ...] = (
    "value_conflict",
    "resource_misallocation",
    "orphan_work",
    "uncovered_objective",
    "kpi_off_track",
    "kpi_at_risk",
    "kpi_shift",
    "kpi_anomaly",
    "expectation_gap",
    "kpi_tension",
    "initiative_harm",
    "strategy_link_unsupported",
    "initiative_win",
    "silo",
    "bottleneck",
    "low_understanding",
    "sentiment_decline",
    "slow_innovation",
    "talent_gap",
    "automation_risk",
    "review_lapsed",
    "goal_behind",
)
COMPANY_WIDE = frozenset(
    {"low_understanding", "sentiment_decline", "slow_innovation", "review_lapsed"}
)
SECTORS = ("cafe", "shop", "agency", "saas", "clinic", "trades", "online-shop")
CADENCES = ("daily", "weekly", "monthly")

# the size each kind needs (people, months of history)
_NEEDS: dict[str, tuple[int, int]] = {
    "silo": (24, 12),
    "bottleneck": (14, 12),
    "low_understanding": (10, 12),
    "sentiment_decline": (10, 12),
    "strategy_link_unsupported": (5, 36),
    "initiative_harm": (5, 24),
    "initiative_win": (5, 24),
    "kpi_shift": (5, 24),
    "expectation_gap": (5, 18),
    "kpi_tension": (5, 18),
    "slow_innovation": (5, 20),
}
# KPI kinds measured at the company's cadence; the others are monthly
_FLOW = frozenset({"revenue", "acquisition", "lead_time", "marketing_spend"})
# kinds whose findings on a planted KPI are consequences of a planted KPI problem
KPI_KINDS = frozenset(
    {
        "kpi_off_track",
        "kpi_at_risk",
        "kpi_shift",
        "kpi_anomaly",
        "initiative_harm",
        "initiative_win",
        "kpi_tension",
        "expectation_gap",
        "strategy_link_unsupported",
    }
)


@dataclass(frozen=True)
class Plant:
    """One planted problem: its kind, the ids involved, the ids a finding must name, its size."""

    kind: str
    subjects: tuple[str, ...]
    key: tuple[str, ...]
    size: str


@dataclass
class Company:
    seed: int
    sector: str
    people: int
    cadence: str
    months: int
    plants: list[Plant]
    company: dict[str, Any]
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)

    def workbook(self) -> Workbook:
        return build_workbook(self.company, self.tables)

    def ids(self) -> set[str]:
        c = self.company
        out: set[str] = set()
        for part in ("values", "objectives", "kpis", "teams", "initiatives", "goals"):
            out |= {x["id"] for x in c.get(part, [])}
        out |= {x["id"] for x in c.get("automations", [])}
        out |= {x["id"] for x in c.get("capabilities", [])}
        if "people" in self.tables:
            out |= set(self.tables["people"]["id"].to_list())
        return out


def plan_set(base: int, n: int) -> list[tuple[int, tuple[str, ...]]]:
    """Seeds and planted kinds of a set: every seventh company clean, the others with
    1–5 plants taken in turn from the list of kinds, so every kind is planted about
    equally often (n = 220 gives 32 clean companies and ≥ 31 plants of every kind)."""
    counts = (1, 2, 3, 4, 5, 3, 4, 5, 5, 5)
    out: list[tuple[int, tuple[str, ...]]] = []
    pointer = 0
    drifted = 0
    for i in range(n):
        if i % 7 == 0:
            out.append((base + i, ()))
            continue
        k = counts[drifted % len(counts)]
        drifted += 1
        # stride 5 (prime to 22) mixes the kinds that share a company
        kinds = tuple(KINDS[((pointer + j) * 5) % len(KINDS)] for j in range(k))
        pointer += k
        out.append((base + i, kinds))
    return out


# ---------------------------------------------------------------- calendar


def _bank_holidays(years: Sequence[int]) -> set[dt.date]:
    """England's bank holidays (without substitute days for weekends)."""
    out: set[dt.date] = set()
    for y in years:
        e = easter(y)
        out |= {dt.date(y, 1, 1), e - dt.timedelta(days=2), e + dt.timedelta(days=1)}
        out |= {dt.date(y, 12, 25), dt.date(y, 12, 26)}
        for month, last in ((5, False), (5, True), (8, True)):
            if last:
                d = core.month_end(y, month)
                d -= dt.timedelta(days=d.weekday())
            else:
                d = dt.date(y, month, 1)
                d += dt.timedelta(days=(7 - d.weekday()) % 7)
            out.add(d)
    return out


def _dates(cadence: str, start: dt.date) -> list[dt.date]:
    if cadence == "monthly":
        return list(core.month_ends(start))
    if cadence == "weekly":
        return list(core.week_ends(start))
    return [start + dt.timedelta(days=i) for i in range((AS_OF - start).days + 1)]


def _month_index(d: dt.date, start: dt.date) -> int:
    return (d.year - start.year) * 12 + d.month - start.month


# ---------------------------------------------------------------- KPI levels by kind

# level, noise SD of a monthly observation (fraction of the level where relative)
_LEVELS: dict[tuple[str, str], tuple[float, float]] = {
    ("margin", "up"): (60.0, 1.0),
    ("retention", "up"): (70.0, 1.2),
    ("churn", "down"): (3.0, 0.15),
    ("satisfaction", "up"): (4.4, 0.04),
    ("nps", "up"): (40.0, 2.0),
    ("employee_satisfaction", "up"): (25.0, 3.0),
    ("lead_time", "down"): (5.0, 0.25),
    ("quality", "up"): (90.0, 0.8),
    ("quality", "down"): (4.0, 0.2),
    ("cost", "down"): (10.0, 0.4),
    ("feature_adoption", "up"): (300.0, 10.0),
    ("other", "up"): (50.0, 2.0),
    ("other", "down"): (10.0, 0.5),
}


def _level(kind: str, direction: str, people: int) -> tuple[float, float]:
    if kind == "revenue":
        level = 5000.0 * people
        return level, 0.04 * level
    if kind == "acquisition":
        level = max(40.0, 4.0 * people)
        return level, 0.08 * level
    if kind == "marketing_spend":
        level = 600.0 * people**0.7
        return level, 0.06 * level
    return _LEVELS.get((kind, direction), _LEVELS[("other", direction)])


_SEASON_PEAK = {  # month of the sector's peak for sales-like KPIs
    "cafe": 7,
    "shop": 12,
    "online-shop": 11,
    "agency": 3,
    "saas": 10,
    "clinic": 5,
    "trades": 1,
}
_BUSY_WEEKENDS = frozenset({"cafe", "shop", "online-shop"})


# ---------------------------------------------------------------- the generator


class _Builder:
    def __init__(self, seed: int, kinds: Sequence[str]) -> None:
        self.seed = seed
        self.kinds = list(kinds)
        self.rng = np.random.default_rng(seed)
        self.rnd = random.Random(seed)
        self.plants: list[Plant] = []
        self.used_kpis: set[str] = set()

    # ------------------------------------------------------------ shape of the company
    def shape(self) -> None:
        r = self.rnd
        need_people = max([_NEEDS.get(k, (5, 12))[0] for k in self.kinds] + [5])
        need_months = max([_NEEDS.get(k, (5, 12))[1] for k in self.kinds] + [12])
        self.sector = r.choice(SECTORS)
        self.n = max(need_people, round(math.exp(r.uniform(math.log(5), math.log(250)))))
        self.months = max(need_months, r.randint(12, 48))
        self.cadence = r.choice(CADENCES)
        if self.cadence == "daily":  # daily data rarely goes back far (and costs time)
            self.months = min(self.months, max(need_months, 24))
        self.start = core.month_ends(AS_OF - dt.timedelta(days=31 * (self.months - 1)))[0]
        self.start = dt.date(self.start.year, self.start.month, 1)
        self.template = yaml.safe_load(
            (resources.files("coxswain.templates") / f"{self.sector}.yaml").read_text("utf-8")
        )

    # ------------------------------------------------------------ strategy
    def strategy(self) -> None:
        t = self.template
        self.values = [dict(v) for v in t["values"]]
        self.objectives = []
        for o in t["objectives"]:
            o = dict(o)
            o["drivers"] = list(o.get("drivers") or [])
            o["values"] = list(o.get("values") or [])
            o["weight"] = round(float(o["weight"]) * self.rng.uniform(0.8, 1.25), 3)
            self.objectives.append(o)
        self.obj = {o["id"]: o for o in self.objectives}
        mean_w = float(np.mean([o["weight"] for o in self.objectives]))
        self.heavy = [o["id"] for o in self.objectives if o["weight"] >= mean_w]
        self.kpis: list[dict[str, Any]] = []
        for k in t["kpis"]:
            k = {
                key: val
                for key, val in k.items()
                if key not in ("per_employee", "target", "warning", "deadline")
            }
            if isinstance(k.get("unit"), str):
                k["unit"] = k["unit"].replace("{currency}", "GBP")
            self.kpis.append(k)
        kinds = {k.get("kind") for k in self.kpis}
        by_persp = {o.get("perspective"): o["id"] for o in reversed(self.objectives)}
        extra = [
            ("x_new_customers", "New customers", "acquisition", "up", "customer"),
            ("x_staff_enps", "Staff eNPS", "employee_satisfaction", "up", "learning"),
            ("x_lead_time", "Days from order to delivery", "lead_time", "down", "internal"),
            ("x_customer_rating", "Average customer rating", "satisfaction", "up", "customer"),
        ]
        for kid, name, kind, direction, persp in extra:
            if kind not in kinds and not (kind == "satisfaction" and "nps" in kinds):
                self.kpis.append(
                    {
                        "id": kid,
                        "name": name,
                        "objective": by_persp[persp],
                        "kind": kind,
                        "unit": "",
                        "direction": direction,
                    }
                )
        for k in self.kpis:
            k["_cadence"] = self.cadence if k.get("kind") in _FLOW else "monthly"

    def kpi_of_kind(self, *kinds: str, direction: str | None = None) -> dict[str, Any] | None:
        for k in self.kpis:
            if (
                k.get("kind") in kinds
                and k["id"] not in self.used_kpis
                and (direction is None or k["direction"] == direction)
            ):
                return k
        return None

    def free_kpi(self, monthly: bool = False, objective: str | None = None) -> dict[str, Any]:
        pool = [
            k
            for k in self.kpis
            if k["id"] not in self.used_kpis
            and (not monthly or k["_cadence"] == "monthly")
            and (objective is None or k["objective"] == objective)
        ]
        if not pool:
            raise _Infeasible
        return self.rnd.choice(pool)

    # ------------------------------------------------------------ teams and people
    def teams(self) -> None:
        t = self.template
        teams = [dict(x) for x in t["teams"]]
        generic = [
            ("operations", "Operations", "operations"),
            ("sales", "Sales", "sales"),
            ("support", "Customer support", "support"),
            ("finance", "Finance and admin", "finance"),
            ("marketing", "Marketing", "marketing"),
            ("people_ops", "People and training", "hr"),
        ]
        want = int(np.clip(round(self.n / 9), 2, 8))
        if "silo" in self.kinds:
            want = max(want, 3)
        have = {x["id"] for x in teams}
        for tid, name, fn in generic:
            if len(teams) >= want:
                break
            if tid not in have:
                teams.append({"id": tid, "name": name, "function": fn})
        self.team_list = teams[: max(want, 2)]
        # sizes: the first team largest, the rest shared at random (at least 2 people each)
        k = len(self.team_list)
        shares = self.rng.dirichlet(np.full(k, 3.0))
        shares[0] += 0.3
        sizes = np.maximum(2, np.floor(shares / shares.sum() * self.n)).astype(int)
        while sizes.sum() > self.n:
            sizes[int(np.argmax(sizes))] -= 1
        while sizes.sum() < self.n:
            sizes[int(np.argmin(sizes))] += 1
        if {"silo", "bottleneck"} & set(self.kinds):
            order = np.argsort(-sizes)
            if sizes[order[0]] < 6 or ("silo" in self.kinds and sizes[order[1]] < 6):
                raise _Infeasible
        self.sizes = {tm["id"]: int(s) for tm, s in zip(self.team_list, sizes, strict=True)}

    def people(self) -> None:
        caps = [dict(c) for c in self.template.get("capabilities", [])]
        team_ids = [tm["id"] for tm in self.team_list]
        self.cap_team = {}
        for i, c in enumerate(caps):
            c["min_people"] = int(max(1, min(int(c.get("min_people", 1)), self.n // 4)))
            self.cap_team[c["id"]] = team_ids[i % len(team_ids)]
        gap_cap = None
        if "talent_gap" in self.kinds:
            gap_cap = self.rnd.choice(caps)
            gap_cap["min_people"] = max(2, gap_cap["min_people"])
            self.plants.append(
                Plant(
                    "talent_gap",
                    (gap_cap["id"], *gap_cap["objectives"]),
                    (gap_cap["id"],),
                    f"nobody at level 3+ in {gap_cap['id']}, {gap_cap['min_people']} needed",
                )
            )
        self.capabilities = caps
        plans = []
        for tm in self.team_list:
            skills: dict[str, tuple[float, float]] = {}
            for c in caps:
                if self.cap_team[c["id"]] == tm["id"]:
                    weak = gap_cap is not None and c["id"] == gap_cap["id"]
                    skills[c["id"]] = (1.0, 0.3) if weak else (3.4, 0.8)
            skills.setdefault("customer_care", (2.5, 1.0))
            skills.setdefault("spreadsheets", (2.2, 1.0))
            size = self.sizes[tm["id"]]
            plans.append(
                core.TeamPlan(
                    id=tm["id"],
                    name=tm["name"],
                    function=tm.get("function", "operations"),
                    roles=[("lead", 1), ("staff", size - 1)] if size > 1 else [("lead", 1)],
                    skills=skills,
                    training=(24.0, 7.0),
                )
            )
        founded = self.start - dt.timedelta(days=int(self.rng.integers(200, 3000)))
        late = round(self.n * self.rng.uniform(0.05, 0.2))
        self.staff = core.make_people(
            self.rng,
            teams=plans,
            domain="example.com",
            founded=founded,
            late_hires=min(late, self.n - 1),
            span_start=max(self.start, AS_OF - dt.timedelta(days=700)),
        )
        if gap_cap is not None:  # leads get +0.7: nobody may reach 3
            for p in self.staff:
                if p.skills.get(gap_cap["id"], 0) >= 3:
                    p.skills[gap_cap["id"]] = 2
        # leavers: about one in twelve leaves in the last year (messages and answers stop)
        self.left: dict[str, dt.date] = {}
        leads = {p.id for p in self.staff if p.role == "lead"}
        for p in self.staff:
            if p.id not in leads and self.rnd.random() < 1 / 12:
                self.left[p.id] = AS_OF - dt.timedelta(days=self.rnd.randint(30, 330))

    # ------------------------------------------------------------ work
    def work(self) -> None:
        r, g = self.rnd, self.rng
        total_hours = 8.0 * self.n
        total_budget = 1500.0 * self.n
        w_sum = sum(o["weight"] for o in self.objectives)
        self.initiatives: list[dict[str, Any]] = []
        for i, o in enumerate(self.objectives):
            share = o["weight"] / w_sum
            start = self.start + dt.timedelta(days=int(g.integers(-700, self.months * 30 - 60)))
            self.initiatives.append(
                {
                    "id": f"work_{i + 1}",
                    "name": f"Programme for {o['name'].lower()}",
                    "owner": self.team_list[i % len(self.team_list)]["id"],
                    "objectives": [o["id"]],
                    "effects": {o["id"]: int(r.choice((1, 1, 2)))},
                    "budget": round(total_budget * share * float(g.lognormal(0, 0.2))),
                    "hours_per_month": round(total_hours * share * float(g.lognormal(0, 0.2)), 1),
                    "status": "active",
                    "start": min(start, AS_OF - dt.timedelta(days=60)).isoformat(),
                }
            )
        # nuisance: a deliberate trade-off, and an idea with no objective yet
        free_of_values = [o for o in self.objectives if not o["values"]]
        if free_of_values and r.random() < 0.4:
            victim = r.choice(free_of_values)
            heavier = [
                o for o in self.objectives if o["weight"] >= victim["weight"] and o is not victim
            ]
            if heavier:
                gain = r.choice(heavier)
                for ini in self.initiatives:
                    if ini["objectives"] == [gain["id"]]:
                        ini["effects"][victim["id"]] = -1
        if r.random() < 0.5:
            self.initiatives.append(
                {
                    "id": "idea_pop_up",
                    "name": "A pop-up stand at the summer fair",
                    "objectives": [],
                    "status": "idea",
                }
            )
        self.automations: list[dict[str, Any]] = []
        for j in range(r.randint(0, 2)):
            self.automations.append(
                {
                    "id": f"auto_{j + 1}",
                    "name": r.choice(("Automatic invoice reminders", "Booking confirmations")),
                    "touchpoint": "back office",
                    "replaces_human": r.random() < 0.5,
                    "human_fallback": True,
                    "objectives": [r.choice(self.objectives)["id"]],
                    "start": (AS_OF - dt.timedelta(days=r.randint(100, 900))).isoformat(),
                }
            )

    def plant_work(self) -> None:
        r = self.rnd
        valued_heavy = [i for i in self.heavy if self.obj[i]["values"]]
        if "value_conflict" in self.kinds:
            if not valued_heavy:
                raise _Infeasible
            target = r.choice(valued_heavy)
            helped = r.choice([o["id"] for o in self.objectives if o["id"] != target])
            self.initiatives.append(
                {
                    "id": "cost_cut_push",
                    "name": "Cut corners to save cost",
                    "owner": self.team_list[0]["id"],
                    "objectives": [helped],
                    "effects": {helped: 1, target: -2},
                    "budget": 0,
                    "hours_per_month": 2,
                    "status": "active",
                    "start": (AS_OF - dt.timedelta(days=90)).isoformat(),
                }
            )
            self.plants.append(
                Plant(
                    "value_conflict",
                    ("cost_cut_push", target, *self.obj[target]["values"]),
                    ("cost_cut_push",),
                    f"declared −2 on {target}",
                )
            )
        if "orphan_work" in self.kinds:
            hours = sum(float(i.get("hours_per_month", 0)) for i in self.initiatives)
            self.initiatives.append(
                {
                    "id": "side_project",
                    "name": "Side project nobody linked to the strategy",
                    "owner": self.team_list[-1]["id"],
                    "objectives": [],
                    "budget": 0,
                    "hours_per_month": round(hours * r.uniform(0.12, 0.2), 1),
                    "status": "active",
                    "start": (AS_OF - dt.timedelta(days=200)).isoformat(),
                }
            )
            self.plants.append(
                Plant("orphan_work", ("side_project",), ("side_project",), "≥ 10% of hours")
            )
        if "resource_misallocation" in self.kinds:
            light = min(self.objectives, key=lambda o: o["weight"])
            rest_h = sum(float(i.get("hours_per_month", 0)) for i in self.initiatives)
            rest_b = sum(float(i.get("budget", 0)) for i in self.initiatives)
            k = r.uniform(1.6, 2.6)  # its share becomes k / (1 + k) ≥ 62%
            for ini in self.initiatives:
                if ini.get("objectives") == [light["id"]]:
                    ini["hours_per_month"] = round(rest_h * k, 1)
                    ini["budget"] = round(rest_b * k)
            self.plants.append(
                Plant(
                    "resource_misallocation",
                    (light["id"],),
                    (light["id"],),
                    f"{k / (1 + k):.0%} of resources to the lightest objective",
                )
            )
        if "automation_risk" in self.kinds:
            if not valued_heavy:
                raise _Infeasible
            o = r.choice(valued_heavy)
            value = r.choice(self.obj[o]["values"])
            self.automations.append(
                {
                    "id": "chatbot_front",
                    "name": "Chatbot answers every customer enquiry",
                    "touchpoint": "customer service",
                    "replaces_human": True,
                    "human_fallback": False,
                    "values": [value],
                    "objectives": [o],
                    "start": (AS_OF - dt.timedelta(days=r.randint(60, 400))).isoformat(),
                }
            )
            self.plants.append(
                Plant(
                    "automation_risk", ("chatbot_front", value), ("chatbot_front",), "no fallback"
                )
            )
        if "uncovered_objective" in self.kinds:
            o = r.choice(self.heavy)
            self.kpis = [k for k in self.kpis if k["objective"] != o]
            self.plants.append(Plant("uncovered_objective", (o,), (o,), "no KPI"))

    # ------------------------------------------------------------ KPI series
    def series(self) -> None:
        """Every KPI's observations; plants on KPIs are applied afterwards."""
        g = self.rng
        hol = _bank_holidays(range(self.start.year, AS_OF.year + 1))
        growth = float(g.uniform(-0.5, 2.0))  # σ a year, shared by sales-like KPIs
        peak = _SEASON_PEAK[self.sector]
        n_m = _month_index(AS_OF, self.start) + 1
        # monthly latent wandering, with the strategy map's links on each objective's lead KPI
        lead: dict[str, str] = {}
        for k in self.kpis:
            lead.setdefault(k["objective"], k["id"])
        self.links: dict[tuple[str, str], float] = {}
        latent: dict[str, np.ndarray] = {}
        self.lead = lead
        contradicted = None
        if "strategy_link_unsupported" in self.kinds:
            cands = [
                (d, o["id"])
                for o in self.objectives
                for d in o["drivers"]
                if d in lead and o["id"] in lead
            ]
            cands = [c for c in cands if lead[c[0]] not in self.used_kpis]
            if not cands:
                raise _Infeasible
            contradicted = self.rnd.choice(cands)
        done: set[str] = set()

        def build(oid: str) -> np.ndarray:
            if oid in latent:
                return latent[oid]
            if oid in done:  # a cycle: no link
                return g.normal(0, 1, n_m)
            done.add(oid)
            o = self.obj[oid]
            drivers = [d for d in o["drivers"] if d in lead]
            z = g.normal(0, 1, n_m)
            if not drivers or oid not in lead:
                latent[oid] = z
                return z
            lag = int(o.get("lag_months") or 0)
            mix = np.zeros(n_m)
            total = 0.0
            for d in drivers:
                rho = 0.6 / math.sqrt(len(drivers))
                if contradicted == (d, oid):
                    rho = -float(g.uniform(0.7, 0.9))  # ≤ −0.6 in the observed changes
                self.links[(d, oid)] = rho
                zd = build(d)
                shifted = np.concatenate([g.normal(0, 1, lag), zd[: n_m - lag]]) if lag else zd
                sd = float(np.std(shifted)) or 1.0
                mix += rho * shifted / sd
                total += rho * rho
            latent[oid] = mix + math.sqrt(max(0.1, 1 - total)) * z
            return latent[oid]

        for o in self.objectives:
            build(o["id"])
        if contradicted is not None:
            d, o = contradicted
            self.used_kpis |= {lead[d], lead[o]}
            self.plants.append(
                Plant(
                    "strategy_link_unsupported",
                    (d, o),
                    (d, o),
                    f"change correlation {self.links[contradicted]:.2f}",
                )
            )

        self.values_of: dict[str, tuple[list[dt.date], np.ndarray, float, float]] = {}
        # the SD of a KPI's calendar-month means about their level: the noise a step test on
        # months sees (a daily or weekly KPI's own noise averages out within the month)
        self.month_sd: dict[str, float] = {}
        for k in self.kpis:
            kind = k.get("kind") or "other"
            sign = 1.0 if k["direction"] == "up" else -1.0
            level, sd_m = _level(kind, k["direction"], self.n)
            dates = _dates(k["_cadence"], self.start)
            months = np.array([_month_index(d, self.start) for d in dates])
            years = np.array([(d - AS_OF).days / 365.25 for d in dates])
            doy = np.array([d.timetuple().tm_yday for d in dates])
            if kind in ("revenue", "acquisition", "marketing_spend"):
                trend = growth * sd_m * years
                amp = float(g.uniform(0.5, 2.5)) * sd_m
            else:  # drifts slowly in the good direction (years are negative: the past)
                trend = float(g.uniform(0, 0.5)) * sd_m * years * sign
                amp = float(g.uniform(0.0, 1.0)) * sd_m
            season = amp * np.cos(2 * np.pi * (doy - (peak - 0.5) * 30.4) / 365.25)
            if k["id"] == lead.get(k["objective"]):
                # the link structure dominates the lead KPI's month-to-month changes
                wander = 0.95 * sd_m * sign * latent[k["objective"]][months]
                own = core.ar_noise(g, n_m, 0.3 * sd_m, 0.3)[months]
            else:
                wander = np.zeros(len(dates))
                own = core.ar_noise(g, n_m, sd_m, 0.3)[months]
            base = level + trend + season + wander + own
            if k["_cadence"] == "monthly":
                values = base
                sd_obs = sd_m
                self.month_sd[k["id"]] = sd_m
            else:
                scale = 1 / 30.44 if k["_cadence"] == "daily" else 7 / 30.44
                if kind == "lead_time":
                    scale = 1.0
                cv = 0.10 if k["_cadence"] == "daily" else 0.05
                noise_sd = cv * level * scale
                values = base * scale + g.normal(0, noise_sd, len(dates))
                if k["_cadence"] == "daily":
                    wd = np.array([d.weekday() for d in dates])
                    if self.sector in _BUSY_WEEKENDS:
                        dow = np.where(wd == 5, 1.5, np.where(wd == 6, 1.3, 1.0))
                    else:
                        dow = np.where(wd == 5, 0.6, np.where(wd == 6, 0.4, 1.0))
                    if kind == "lead_time":
                        dow = 1 + (dow - 1) * 0.2
                    hmult = 1.3 if self.sector in _BUSY_WEEKENDS else 0.5
                    hd = np.array([hmult if d in hol else 1.0 for d in dates])
                    values = values * dow * hd
                sd_obs = math.sqrt(noise_sd**2 + (sd_m * scale) ** 2)
                per_month = 30.44 if k["_cadence"] == "daily" else 30.44 / 7
                self.month_sd[k["id"]] = math.sqrt((sd_m * scale) ** 2 + noise_sd**2 / per_month)
            self.values_of[k["id"]] = (dates, np.asarray(values, dtype=float), sd_obs, level)

    def plant_kpis(self) -> None:
        r = self.rnd

        def window(kid: str, since: dt.date) -> np.ndarray:
            dates = self.values_of[kid][0]
            return np.array([d >= since for d in dates])

        def step(
            kid: str, at: dt.date, size: float, better: bool, monthly_sd: bool = False
        ) -> None:
            _, vals, sd, _ = self.values_of[kid]
            if monthly_sd:
                sd = self.month_sd[kid]
            k = self.kpi[kid]
            sign = (1 if k["direction"] == "up" else -1) * (1 if better else -1)
            vals[window(kid, at)] += sign * size * sd

        def ramp(kid: str, size: float, better: bool) -> None:
            dates, vals, sd, _ = self.values_of[kid]
            k = self.kpi[kid]
            sign = (1 if k["direction"] == "up" else -1) * (1 if better else -1)
            since = AS_OF - dt.timedelta(days=365)
            frac = np.array([max(0.0, (d - since).days / 365) for d in dates])
            vals += sign * size * sd * frac

        self.kpi = {k["id"]: k for k in self.kpis}
        if "expectation_gap" in self.kinds:
            ret = self.kpi_of_kind("retention", "churn")
            acq = self.kpi_of_kind("acquisition")
            if ret is None or acq is None:
                raise _Infeasible
            self.used_kpis |= {ret["id"], acq["id"]}
            s = r.uniform(5, 8)
            ramp(ret["id"], s, better=False)
            ramp(acq["id"], r.uniform(5, 8), better=True)
            self.plants.append(
                Plant("expectation_gap", (ret["id"], acq["id"]), (ret["id"],), f"{s:.1f}σ a year")
            )
        if "kpi_tension" in self.kinds:
            rev = self.kpi_of_kind("revenue")
            mar = self.kpi_of_kind("margin")
            if rev is None or mar is None:
                raise _Infeasible
            self.used_kpis |= {rev["id"], mar["id"]}
            s = r.uniform(5, 8)
            ramp(rev["id"], r.uniform(5, 8), better=True)
            ramp(mar["id"], s, better=False)
            self.plants.append(
                Plant("kpi_tension", (mar["id"], rev["id"]), (mar["id"], rev["id"]), f"{s:.1f}σ")
            )
        for kind, better in (("initiative_harm", False), ("initiative_win", True)):
            if kind not in self.kinds:
                continue
            served = [
                o
                for o in self.heavy
                if any(kk["objective"] == o and kk["id"] not in self.used_kpis for kk in self.kpis)
            ]
            if not served:
                raise _Infeasible
            o = r.choice(served)
            k = self.free_kpi(objective=o)
            self.used_kpis.add(k["id"])
            lo = max(12, self.months - 18)
            at_m = r.randint(lo, self.months - 7)
            y, m = (
                self.start.year + (self.start.month - 1 + at_m) // 12,
                (self.start.month - 1 + at_m) % 12 + 1,
            )
            at = dt.date(y, m, 1)
            s = r.uniform(3, 4.8) * _step_scale(k)
            step(k["id"], at, s, better)
            iid = "new_process" if kind == "initiative_harm" else "new_method"
            self.initiatives.append(
                {
                    "id": iid,
                    "name": "New way of working" if better else "New rota and process",
                    "owner": self.team_list[0]["id"],
                    "objectives": [o],
                    "effects": {o: 1},
                    "budget": 0,
                    "hours_per_month": 4,
                    "status": "active",
                    "start": at.isoformat(),
                }
            )
            self.plants.append(Plant(kind, (iid, k["id"]), (iid, k["id"]), f"{s:.1f}σ step"))
        if "kpi_shift" in self.kinds:
            k = self.free_kpi()
            self.used_kpis.add(k["id"])
            at = AS_OF - dt.timedelta(days=r.randint(185, 365))
            s = r.uniform(1, 1.6) * detectable_step(self.months)
            step(k["id"], at, s, better=False, monthly_sd=True)
            self.plants.append(Plant("kpi_shift", (k["id"],), (k["id"],), f"{s:.1f}σ a month"))
        if "kpi_anomaly" in self.kinds:
            k = self.free_kpi()
            self.used_kpis.add(k["id"])
            dates, vals, _, _ = self.values_of[k["id"]]
            idx = [i for i, d in enumerate(dates) if d >= AS_OF - dt.timedelta(days=365)][:-3]
            i = r.choice(idx)
            zero = r.random() < 0.3
            vals[i] = 0.0 if zero else vals[i] * 10
            self.plants.append(
                Plant("kpi_anomaly", (k["id"],), (k["id"],), "zero" if zero else "×10")
            )

    def targets(self) -> None:
        r = self.rnd
        special: dict[str, str] = {}
        for kind in ("kpi_off_track", "kpi_at_risk"):
            if kind in self.kinds:
                k = self.free_kpi(monthly=True)
                self.used_kpis.add(k["id"])
                special[k["id"]] = kind
        deadline = dt.date(AS_OF.year, 12, 31)
        for k in self.kpis:
            dates, vals, sd, _ = self.values_of[k["id"]]
            sign = 1.0 if k["direction"] == "up" else -1.0
            last_year = sign * vals[window_since(dates, AS_OF - dt.timedelta(days=365))]
            recent = sign * vals[window_since(dates, AS_OF - dt.timedelta(days=92))]
            now = float(np.median(recent))
            kind = special.get(k["id"], "")
            if kind == "kpi_off_track":
                s = r.uniform(3, 4.8)
                warning, target = now + s * sd, now + (s + 3) * sd
                self.plants.append(Plant(kind, (k["id"],), (k["id"],), f"{s:.1f}σ past warning"))
            elif kind == "kpi_at_risk":
                s = r.uniform(5, 8)
                target, warning = now + s * sd, now - 4 * sd
                self.plants.append(Plant(kind, (k["id"],), (k["id"],), f"{s:.1f}σ short"))
            elif k["id"] in self.used_kpis or r.random() < 0.8:
                # within reach: below the year's low (robust), and what a trend would bring
                mid = float(np.median(last_year))
                typical = last_year[np.abs(last_year - mid) < 10 * sd]
                low = float(np.quantile(typical, 0.02))
                target = min(low, now) - 2 * sd
                warning = target - 3 * sd
            else:
                continue  # some KPIs have no target
            k["target"] = round(sign * target, 3)
            k["warning"] = round(sign * warning, 3)
            k["deadline"] = deadline.isoformat()

    # ------------------------------------------------------------ goals and reviews
    def goals(self) -> None:
        r = self.rnd
        self.goal_list = []
        behind = None
        if "goal_behind" in self.kinds:
            behind = r.choice(self.objectives)["id"]
        for i, o in enumerate(self.objectives):
            late = o["id"] == behind
            progress = r.uniform(0.08, 0.3) if late else r.uniform(0.74, 0.98)
            krs = []
            for j in range(2):
                p = float(np.clip(progress + r.uniform(-0.05, 0.05), 0, 1))
                krs.append(
                    {
                        "id": f"kr{j + 1}",
                        "title": f"Milestone {j + 1} for {o['name'].lower()}",
                        "unit": "%",
                        "start": 0,
                        "target": 100,
                        "current": round(100 * p, 1),
                    }
                )
            gid = f"g_{o['id']}"
            self.goal_list.append(
                {
                    "id": gid,
                    "owner": self.team_list[i % len(self.team_list)]["id"],
                    "parent": o["id"],
                    "title": f"Deliver on {o['name'].lower()} this year",
                    "period": str(AS_OF.year),
                    "key_results": krs,
                }
            )
            if late:
                self.plants.append(Plant("goal_behind", (gid, o["id"]), (gid,), f"{progress:.0%}"))

    def reviews(self) -> None:
        r = self.rnd
        lapsed = "review_lapsed" in self.kinds
        last = AS_OF - dt.timedelta(days=r.randint(300, 420) if lapsed else r.randint(3, 28))
        out = []
        d = last
        for _ in range(r.randint(6, 18)):
            out.append(
                {
                    "date": d.isoformat(),
                    "kind": "monthly",
                    "decisions": r.randint(1, 4),
                    "actions_open": r.randint(0, 1),
                    "actions_closed": r.randint(2, 4),
                }
            )
            d -= dt.timedelta(days=r.randint(26, 35))
        self.review_list = sorted(out, key=lambda x: x["date"])
        if lapsed:
            self.plants.append(Plant("review_lapsed", (), (), f"{(AS_OF - last).days} days"))

    # ------------------------------------------------------------ people data
    def talk(self) -> None:
        r, g = self.rnd, self.rng
        since = AS_OF - dt.timedelta(days=364)
        decline = "sentiment_decline" in self.kinds
        turn = AS_OF - dt.timedelta(days=120)

        def tone(p: core.Person, day: dt.date) -> tuple[float, float, float]:
            if decline and day >= turn:
                return (0.12, 0.38, 0.5)
            merry = 0.05 if day.month == 12 else 0.0
            return (0.45 + merry, 0.42, 0.13 - merry)

        team_ids = [tm["id"] for tm in self.team_list]
        internal = {t: float(g.uniform(0.55, 0.75)) for t in team_ids}
        by_size = sorted(team_ids, key=lambda t: -self.sizes[t])
        route: dict[tuple[str, str], str] = {}
        cross: dict[str, dict[str, float]] = {}
        if "silo" in self.kinds:
            silo = by_size[1] if "bottleneck" in self.kinds else by_size[0]
            internal[silo] = float(g.uniform(0.96, 0.99))
            self.plants.append(Plant("silo", (silo,), (silo,), f"{internal[silo]:.0%} inside"))
        if "bottleneck" in self.kinds:
            a = by_size[0]
            silos = {p.subjects[0] for p in self.plants if p.kind == "silo"}
            b = r.choice([t for t in team_ids if t != a and t not in silos])
            members = [
                p for p in self.staff if p.team == a and p.id not in self.left and p.hired < since
            ]
            if not members:
                raise _Infeasible
            hub = r.choice(members)
            route[(a, b)] = hub.id
            cross[a] = {b: 6.0}
            cross[b] = {a: 6.0}
            self.plants.append(Plant("bottleneck", (hub.id, a, b), (hub.id,), "all a↔b traffic"))
        topics = {
            "work": Topic(
                things=(
                    "the rota",
                    "orders",
                    "the schedule",
                    "stock",
                    "the weekly report",
                    "invoices",
                )
            ),
            "handover": Topic(
                things=("the handover", "the client request", "the delivery", "the booking")
            ),
        }
        composer = Composer(topics, random.Random(self.seed), names=[p.first for p in self.staff])
        activity = {
            p.id: (2.0 if p.role == "lead" else float(g.uniform(0.5, 1.5))) for p in self.staff
        }
        # about one message a working day per person (fewer in the largest companies)
        total = int(np.clip(300 * self.n, 3000, 12000))
        rows = core.make_messages(
            g,
            people=self.staff,
            composer=composer,
            plan=core.MessagePlan(
                total=total,
                start=since,
                tone=tone,
                topics={t: ["work"] for t in team_ids},
                cross_topics=["handover"],
                internal_share=internal,
                cross_weights=cross,
                route_via=route,
                relay=True,  # a bottleneck, not also a silo (docs/analyses.md, round 4)
                activity=activity,
                seasonal_volume={8: 0.7, 12: 0.8},
            ),
        )
        kept = []
        for ts, sender, recipients, channel, text in rows:
            day = dt.date.fromisoformat(ts[:10])
            if sender in self.left and day > self.left[sender]:
                continue
            rec = [x for x in recipients.split(";") if not (x in self.left and day > self.left[x])]
            if not rec:
                continue
            kept.append([ts, sender, ";".join(rec), channel, text])
        self.messages = kept

        low = "low_understanding" in self.kinds
        top = sorted(self.objectives, key=lambda o: -o["weight"])[:3]
        aligned = [o["name"].lower() for o in top]
        last_two = AS_OF - dt.timedelta(days=200)
        survey = core.make_survey(
            g,
            people=self.staff,
            composer=composer,
            plan=core.SurveyPlan(
                dates=core.quarterly_pulses(max(self.start, AS_OF - dt.timedelta(days=720))),
                aligned=aligned,
                p_aligned=lambda p, d: 0.12 if low and d >= last_two else 0.85,
                line_of_sight=lambda p, d: 2.2 if low and d >= last_two else 4.1,
                values_lived=lambda p, d: 3.9,
                enps=lambda p, d: 7.8,
                tone=tone,
            ),
        )
        self.survey = [
            row
            for row in survey
            if not (row[0] in self.left and dt.date.fromisoformat(row[1]) > self.left[row[0]])
        ]
        if low:
            self.plants.append(Plant("low_understanding", (), (), "12% state, line of sight 2.2"))
        slow = "slow_innovation" in self.kinds
        recent = AS_OF - dt.timedelta(days=365)
        self.ideas = core.make_ideas(
            g,
            plan=core.IdeaPlan(
                start=self.start,
                per_month=float(np.clip(self.n / 12, 1.0, 5.0)),
                titles=[(f"Idea about {o['name'].lower()}", o["id"]) for o in self.objectives],
                decide_days=lambda d: 160.0 if slow and d >= recent else 25.0,
                launch_days=lambda d: 45.0,
            ),
        )
        if slow:
            self.plants.append(Plant("slow_innovation", (), (), "160 days to decide"))
        if decline:
            self.plants.append(Plant("sentiment_decline", (), (), "50% negative since June"))

    # ------------------------------------------------------------ assembly
    def assemble(self) -> Company:
        stage = "early" if self.n < 25 else "intermediate" if self.n < 100 else "advanced"
        company: dict[str, Any] = {
            "format": 1,
            "name": f"Bench {self.sector} {self.seed}",
            "currency": "GBP",
            "country": "GB-ENG",  # whose bank holidays the daily series carry, as an owner says
            "employees": self.n,
            "stage": stage,
            "values": self.values,
            "objectives": self.objectives,
            "kpis": [{k: v for k, v in kp.items() if not k.startswith("_")} for kp in self.kpis],
            "teams": self.team_list,
            "initiatives": self.initiatives,
            "goals": self.goal_list,
            "automations": self.automations,
            "capabilities": self.capabilities,
            "reviews": self.review_list,
        }
        kpi_rows = []
        for k in self.kpis:
            dates, vals, _, _ = self.values_of[k["id"]]
            kpi_rows += [
                [d.isoformat(), k["id"], f"{v:.3f}"] for d, v in zip(dates, vals, strict=True)
            ]
        tables = {
            "kpi_values": _frame(core.KPI_COLUMNS, kpi_rows),
            "people": _frame(core.PEOPLE_COLUMNS, core.people_rows(self.staff)),
            "messages": _frame(core.MESSAGE_COLUMNS, self.messages),
            "survey": _frame(core.SURVEY_COLUMNS, self.survey),
            "ideas": _frame(core.IDEA_COLUMNS, self.ideas),
        }
        return Company(
            seed=self.seed,
            sector=self.sector,
            people=self.n,
            cadence=self.cadence,
            months=self.months,
            plants=sorted(self.plants, key=lambda p: KINDS.index(p.kind)),
            company=company,
            tables=tables,
        )


MONTHLY_STEP_SCALE = 5 / 3  # a monthly KPI's step: 5σ, where a daily or weekly one's is 3σ


# the smallest lasting step, in SDs of a KPI's month-to-month noise, that the step test of
# ``kpi_shift`` finds at least 90% of the time at the Holm bar of a dozen KPIs, by months of
# history (``python -m benchmarks.detectors.power --reps 2000``; docs/analyses.md, round 7)
DETECTABLE_STEP = ((48, 4.5), (30, 5.5), (24, 6.0))


def detectable_step(months: int) -> float:
    """The documented detectable size of a lasting step with ``months`` of history: the
    power table's row at or below ``months`` (under two years, no step is called)."""
    return next((size for least, size in DETECTABLE_STEP if months >= least), math.inf)


def _step_scale(kpi: dict[str, Any]) -> float:
    """How much larger than 3σ a planted step must be to be detectable on this KPI: a
    monthly KPI has a dozen values a year against a daily one's 365, and among a company's
    dozen KPIs the step test finds 86–100% of steps of 5σ there (docs/analyses.md, round 5)."""
    return MONTHLY_STEP_SCALE if kpi["_cadence"] == "monthly" else 1.0


class _Infeasible(Exception):
    """The drawn company cannot hold a requested plant; the builder draws again."""


def window_since(dates: Sequence[dt.date], since: dt.date) -> np.ndarray:
    return np.array([d >= since for d in dates])


def _frame(columns: Sequence[str], rows: list[list[str]]) -> pl.DataFrame:
    return pl.DataFrame(
        [list(col) for col in zip(*rows, strict=True)] if rows else [[] for _ in columns],
        schema=dict.fromkeys(columns, pl.String),
        orient="col",
    )


def generate(seed: int, kinds: Sequence[str] = ()) -> Company:
    """One company from ``seed`` with one plant of each kind in ``kinds`` (deterministic)."""
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kinds: {sorted(unknown)}")
    for attempt in range(50):
        b = _Builder(seed * 1000 + attempt, kinds)
        b.seed = seed
        try:
            b.shape()
            b.strategy()
            b.teams()
            b.people()
            b.work()
            b.plant_work()
            b.series()
            b.plant_kpis()
            b.targets()
            b.goals()
            b.reviews()
            b.talk()
        except _Infeasible:
            continue
        return b.assemble()
    raise RuntimeError(f"no feasible company for seed {seed} and {kinds}")
