"""The scenario engine: Monte Carlo over the KPI forecasts, changes propagated along the
strategy map (docs/scenarios.md).

**Paths.** Each KPI's future is drawn from the forecast analysis's own distribution
(:class:`coxswain.timeseries.forecasting.PathModel`): at every period, normal on the
model scale with the forecast's centre and calibrated spread, so that the share of
paths that meet the target at the deadline (on the level without its seasonal swing, as
the forecast judges it) is the forecast's ``p_hit`` up to Monte-Carlo error. Periods are
tied as the smoothing models tie them: a path is the one-step noise plus a random walk
whose steps make up the rest of the forecast variance, rescaled so each period's spread
is exactly the forecast's.

**Common random numbers.** A KPI's noise depends only on the seed and the KPI; a
change's draws (a shock's size and whether it happens, a link's strength) only on the
seed and the change itself. Every scenario sees the same futures, so their differences
are the changes', not the dice's.

**Effects** are shifts in the KPI's own units from a month on (a percent is of the KPI's
latest value), each with its basis, first that found:

1. *owner*: the range the scenario file states for that KPI;
2. *history*: what the impact analysis measured after the initiative or automation
   started (difference from what its history predicted, significant at 5% after
   correction), ± 1.96 standard errors;
3. *map*: the −2…+2 the workbook declares on an objective, as a share of the KPI's
   one-step forecast standard deviation (:data:`MAP_SIZES`) — an **assumption**, marked.

Capabilities declare no effects: a hire or training is assumed to act as a +1 (training,
or one hire) or +2 (two hires or more) on the capability's objectives. A budget move scales
each side's effects in proportion to the money (an initiative without budget is scaled
against the average budget). Adding a human fallback to an automation is assumed to undo
half of its declared harm.

**Propagation.** Objectives are visited drivers first. An objective's movement is the
mean, over its KPIs, of their shift in standard deviations (oriented so better is up);
each driver's movement reaches the objective's KPIs ``lag_months`` later, times the link's
strength: the correlation of the lagged changes the strategy-link analysis measured
(drawn within its 95% interval), or, where the data do not settle it, an assumed
0.1…0.5 around the smallest effect of interest (marked).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from coxswain.scenarios.model import (
    AutomationChange,
    BudgetMove,
    CapabilityChange,
    Change,
    EffectRange,
    Scenario,
    ScenarioFile,
    Shock,
    StartInitiative,
    StopInitiative,
    TargetChange,
    Wargame,
)
from coxswain.timeseries.forecasting import KpiForecast, PathModel
from coxswain.timeseries.series import Cadence, period_index
from coxswain.workbook import Workbook

F32 = npt.NDArray[np.float32]

DEFAULT_PATHS = 10_000
MIN_PATHS = 1_000
MAX_PATHS = 200_000
ALPHA = 0.05  # significance of a measured effect, as the impact analysis judges it
MAP_SIZES: dict[int, tuple[float, float]] = {1: (0.25, 0.75), 2: (0.5, 1.5)}
"""A declared effect of ±1 or ±2, in one-step forecast standard deviations of each KPI of
the objective (low, high): "a noticeable step" and "a large one"."""
ASSUMED_LINK = (0.1, 0.5)
"""A link's strength where the data do not settle it: around the smallest correlation of
interest of the strategy-link analysis (0.3)."""
FALLBACK_SHARE = 0.5  # of an automation's declared harm a human fallback undoes
AT_RISK_BELOW = 0.5  # p_hit under this: a KPI at risk, as the forecast analysis says
CACHE_BYTES = 1_500_000_000  # baseline futures kept between scenarios, at most


# ----------------------------------------------------------------------------- setup


@dataclass(frozen=True)
class KpiModel:
    """One simulated KPI: its forecast distribution on the simulation's month grid."""

    id: str
    name: str
    objective: str | None
    sign: float  # +1 when up is better, -1 when down is
    unit: str | None
    kind: str | None
    target: float | None
    deadline: dt.date | None
    cadence: Cadence
    end: int  # period index of the latest observation
    dates: tuple[dt.date, ...]  # the forecast's future periods
    month: npt.NDArray[np.intp]  # (H,) month of each period, 0 = the as-of month
    path: PathModel
    level: float  # latest observed value
    sd: float  # one-step forecast standard deviation, in the KPI's units
    p_hit: float | None  # the forecast analysis's chance of hitting the target

    @property
    def horizon(self) -> int:
        return len(self.dates)

    def deadline_h(self, deadline: dt.date | None, as_of: dt.date) -> int | None:
        """Periods from the latest observation to ``deadline`` (as the forecast counts
        them), capped at the forecast's reach; None when it is past or absent."""
        if deadline is None or deadline <= as_of:
            return None
        h = period_index(deadline, self.cadence) - self.end
        return min(h, self.horizon) if h >= 1 else None


@dataclass(frozen=True)
class Link:
    driver: str
    objective: str
    lag: int
    low: float
    high: float
    assumed: bool
    verdict: str


@dataclass(frozen=True)
class Measured:
    """An effect the impact analysis measured on a KPI after a piece of work started."""

    work: str
    kpi: str
    low: float
    high: float


@dataclass(frozen=True)
class Setup:
    """What every scenario of a workbook shares: KPIs, map links and measured effects."""

    workbook: Workbook
    as_of: dt.date
    kpis: dict[str, KpiModel]
    links: tuple[Link, ...]
    measured: tuple[Measured, ...]
    skipped: dict[str, str]  # KPI → why it is not simulated
    weights: dict[str, float]  # normalised objective weights
    index: IndexModel | None = None


@dataclass(frozen=True)
class IndexModel:
    """The alignment index with its KPI component varied by path (docs/scenarios.md)."""

    others: float  # product over the other measured components of (1 - reach*(1 - s/100))
    kpis_base: float  # the KPI component's score without today's "at risk" findings (0..1)
    missed: dict[str, float]  # KPI → factor a missed target puts on the KPI component
    reach: float
    today: float | None


def month_of(day: dt.date, as_of: dt.date) -> int:
    """Months from the as-of month to ``day``'s (0: the same month)."""
    return (day.year * 12 + day.month) - (as_of.year * 12 + as_of.month)


def prepare(
    workbook: Workbook,
    *,
    as_of: dt.date | None = None,
    forecasts: Mapping[str, KpiForecast] | None = None,
    skipped: Mapping[str, str] | None = None,
    impact_rows: Iterable[Mapping[str, Any]] = (),
    link_rows: Iterable[Mapping[str, Any]] = (),
    index: IndexModel | None = None,
) -> Setup:
    """The shared part of every scenario. Without ``forecasts`` the forecast analysis's
    own are computed (as of the workbook's latest date, as ``coxswain analyze`` does)."""
    as_of = as_of or workbook.latest_date() or dt.date.today()
    visible = workbook.until(as_of)
    if forecasts is None:
        from coxswain.analysis import forecast as fc_analysis
        from coxswain.analysis.base import Context

        done, left = fc_analysis.forecasts(visible, Context(as_of=as_of))
        forecasts = done
        skipped = {k: v.reason for k, v in left.items()}
    kpis: dict[str, KpiModel] = {}
    for k in workbook.company.kpis:
        f = forecasts.get(k.id)
        if f is None or f.paths is None:
            continue
        s = f.series
        pm = f.paths
        level = float(s.values[-1])
        scale1 = pm.scale[0]
        sd = abs(level) * scale1 if pm.log else scale1
        kpis[k.id] = KpiModel(
            id=k.id,
            name=k.name,
            objective=k.objective,
            sign=1.0 if k.direction.value == "up" else -1.0,
            unit=k.unit,
            kind=k.kind.value if k.kind else None,
            target=k.target,
            deadline=k.deadline,
            cadence=s.cadence,
            end=s.end,
            dates=tuple(f.dates),
            month=np.array([month_of(d, as_of) for d in f.dates], dtype=np.intp),
            path=pm,
            level=level,
            sd=float(sd) if sd > 0 else 1.0,
            p_hit=f.p_hit,
        )
    why = dict(skipped or {})
    for k in workbook.company.kpis:
        if k.id not in kpis and k.id not in why:
            why[k.id] = "no forecast (no observations in kpi_values.csv)"
    lags = {o.id: o.lag_months for o in workbook.company.objectives}
    measured_links = {(r["driver"], r["objective"]): r for r in link_rows}
    links: list[Link] = []
    for o in workbook.company.objectives:
        for d in o.drivers:
            row = measured_links.get((d, o.id))
            ci = row.get("ci_changes") if row else None
            verdict = str(row.get("verdict")) if row else "insufficient_data"
            if verdict != "insufficient_data" and ci:
                links.append(Link(d, o.id, lags[o.id], float(ci[0]), float(ci[1]), False, verdict))
            else:
                links.append(Link(d, o.id, lags[o.id], *ASSUMED_LINK, True, verdict))
    measured: list[Measured] = []
    for r in impact_rows:
        if r.get("difference") is None or r.get("kpi") not in kpis:
            continue
        p = min(r.get("p_adjusted", 1.0), r.get("p_better_adjusted", 1.0))
        if p >= ALPHA:
            continue
        diff = float(r["difference"])
        sigmas = r.get("difference_sigmas")
        noise = abs(diff / sigmas) if sigmas else abs(diff)
        se = noise / math.sqrt(max(int(r.get("post_periods") or 1), 1))
        measured.append(Measured(str(r["work"]), str(r["kpi"]), diff - 1.96 * se, diff + 1.96 * se))
    return Setup(
        workbook=workbook,
        as_of=as_of,
        kpis=kpis,
        links=tuple(links),
        measured=tuple(measured),
        skipped=why,
        weights=workbook.company.normalised_weights(),
        index=index,
    )


# ----------------------------------------------------------------------------- effects


@dataclass(frozen=True)
class Effect:
    """One shift of one KPI: in its units, uniform in [low, high] on each path (the same
    draw for every KPI of the same ``key``), from month ``start`` for ``months``."""

    kpi: str
    low: float
    high: float
    start: int
    months: int | None
    probability: float
    key: str
    basis: str  # owner | history | map | assumed
    what: str

    @property
    def assumed(self) -> bool:
        return self.basis in ("map", "assumed")


@dataclass
class Plan:
    """A scenario turned into effects, changed targets and money."""

    effects: list[Effect] = field(default_factory=list)
    targets: dict[str, tuple[float | None, dt.date | None]] = field(default_factory=dict)
    spend: float = 0.0  # change of yearly spending
    notes: list[str] = field(default_factory=list)
    budgets: dict[str, float] = field(default_factory=dict)  # initiative → new budget


def _key(*parts: object) -> str:
    return "|".join(str(p) for p in parts)


def _start(setup: Setup, when: dt.date | None) -> int:
    return max(month_of(when, setup.as_of), 0) if when else 0


def _units(k: KpiModel, e: EffectRange) -> tuple[float, float]:
    if e.percent:
        return e.low / 100 * abs(k.level), e.high / 100 * abs(k.level)
    return e.low, e.high


def _work_effects(
    setup: Setup,
    work: str,
    declared: Mapping[str, int],
    *,
    scale: float,
    start: int,
    key: str,
    what: str,
    owner: Mapping[str, EffectRange],
    history: bool = True,
) -> list[Effect]:
    """The effects of a piece of work (an initiative, an automation, a capability) on each
    KPI, times ``scale`` (1: its full effect, -1: undoing it, 0.4: part of its budget)."""
    out: list[Effect] = []
    seen: set[str] = set()
    for kpi, e in owner.items():
        k = setup.kpis.get(kpi)
        if k is None:
            continue
        lo, hi = _units(k, e)
        out.append(Effect(kpi, lo, hi, start, None, 1.0, _key(key, kpi), "owner", what))
        seen.add(kpi)
    if history:
        for m in setup.measured:
            if m.work == work and m.kpi not in seen:
                lo, hi = sorted((m.low * scale, m.high * scale))
                out.append(
                    Effect(m.kpi, lo, hi, start, None, 1.0, _key(key, m.kpi), "history", what)
                )
                seen.add(m.kpi)
    for objective, size in declared.items():
        if size == 0:
            continue
        low, high = MAP_SIZES[min(abs(size), 2)]
        for k in setup.kpis.values():
            if k.objective != objective or k.id in seen:
                continue
            sign = math.copysign(1.0, size) * k.sign * scale
            lo, hi = sorted((sign * low * k.sd, sign * high * k.sd))
            out.append(Effect(k.id, lo, hi, start, None, 1.0, _key(key, objective), "map", what))
    return out


def plan(setup: Setup, scenario: Scenario | Sequence[Change]) -> Plan:
    """The effects, targets and money of a scenario's changes."""
    changes = scenario.changes if isinstance(scenario, Scenario) else tuple(scenario)
    company = setup.workbook.company
    initiatives = {i.id: i for i in company.initiatives}
    automations = {a.id: a for a in company.automations}
    capabilities = {c.id: c for c in company.capabilities}
    budgets = {i.id: i.budget for i in company.initiatives}
    funded = [b for b in budgets.values() if b > 0]
    typical = sum(funded) / len(funded) if funded else 0.0
    out = Plan()
    to_start = {c.initiative for c in changes if isinstance(c, StartInitiative)}
    for change in changes:
        if isinstance(change, BudgetMove):
            start = _start(setup, change.when)
            budgets[change.source] -= change.amount
            budgets[change.target] += change.amount
            for work, sign in ((change.source, -1.0), (change.target, 1.0)):
                ini = initiatives[work]
                running = ini.status.value == "active"
                base = ini.budget if ini.budget > 0 else typical
                if sign > 0 and not running and work in to_start:
                    out.notes.append(
                        f"the money moved to {ini.name} pays for starting it: its effect is "
                        "counted once, as the start's"
                    )
                    continue
                if sign > 0 and not running:
                    base = change.amount  # the money starts it: its full effect
                    out.notes.append(f"the money moved to {ini.name} starts it")
                if base <= 0 or (sign < 0 and not running):
                    out.notes.append(
                        f"moving money {'from' if sign < 0 else 'to'} {ini.name}: no effect assumed"
                    )
                    continue
                # diminishing returns (assumed): money added at most doubles an effect
                share = min(change.amount / base, 1.0)
                if ini.budget <= 0 and running:
                    out.notes.append(
                        f"{ini.name} had no budget: its effect is scaled against the average "
                        f"budget ({typical:,.0f})"
                    )
                out.effects += _work_effects(
                    setup,
                    work,
                    ini.effects,
                    scale=sign * share,
                    start=start,
                    key=_key("budget", work, sign, change.amount, change.when),
                    what=f"{'less' if sign < 0 else 'more'} money for {ini.name}",
                    owner={},
                    history=running,
                )
        elif isinstance(change, StartInitiative):
            ini = initiatives[change.initiative]
            if ini.status.value == "active" and not change.effects:
                out.notes.append(f"{ini.name} is already running: starting it changes nothing")
                continue
            out.effects += _work_effects(
                setup,
                ini.id,
                ini.effects,
                scale=1.0,
                start=_start(setup, change.when),
                key=_key("start", ini.id, change.when),
                what=f"start {ini.name}",
                owner=change.effects,
            )
            cost = change.cost if change.cost is not None else ini.budget
            moved = sum(
                c.amount for c in changes if isinstance(c, BudgetMove) and c.target == ini.id
            )
            out.spend += max(cost - moved, 0.0)  # money moved to it is no new spending
            budgets[ini.id] = max(budgets[ini.id], cost)
        elif isinstance(change, StopInitiative):
            ini = initiatives[change.initiative]
            if ini.status.value != "active" and not change.effects:
                out.notes.append(f"{ini.name} is not running: stopping it changes nothing")
                continue
            out.effects += _work_effects(
                setup,
                ini.id,
                ini.effects,
                scale=-1.0,
                start=_start(setup, change.when),
                key=_key("stop", ini.id, change.when),
                what=f"stop {ini.name}",
                owner=change.effects,
            )
            out.spend -= ini.budget
            budgets[ini.id] = 0.0
        elif isinstance(change, AutomationChange):
            auto = automations[change.automation]
            start = _start(setup, change.when)
            what = f"change {auto.name}"
            if change.stop:
                out.effects += _work_effects(
                    setup,
                    auto.id,
                    auto.effects,
                    scale=-1.0,
                    start=start,
                    key=_key("auto-stop", auto.id, change.when),
                    what=f"switch off {auto.name}",
                    owner=change.effects,
                )
                continue
            harm = {o: e for o, e in auto.effects.items() if e < 0}
            risky_before = auto.replaces_human and not auto.human_fallback
            replaces = (
                auto.replaces_human if change.replaces_human is None else change.replaces_human
            )
            fallback = (
                auto.human_fallback if change.human_fallback is None else change.human_fallback
            )
            risky_after = replaces and not fallback
            scale = 0.0
            if risky_before and not risky_after:
                scale = -FALLBACK_SHARE  # undo half the harm
                what = f"a person behind {auto.name}"
            elif risky_after and not risky_before:
                scale = FALLBACK_SHARE
                what = f"no person behind {auto.name}"
            if scale == 0.0 and not change.effects:
                out.notes.append(f"{auto.name}: the change leaves its risk as it was")
                continue
            out.effects += _work_effects(
                setup,
                auto.id,
                harm,
                scale=scale,
                start=start,
                key=_key("auto", auto.id, replaces, fallback, change.when),
                what=what,
                owner=change.effects,
                history=False,
            )
        elif isinstance(change, TargetChange):
            old = company.kpi(change.kpi)
            assert old is not None
            out.targets[change.kpi] = (
                change.target if change.target is not None else old.target,
                change.deadline or old.deadline,
            )
        elif isinstance(change, CapabilityChange):
            cap = capabilities[change.capability]
            size = 1 if change.how == "train" else min(change.people, 2)
            declared = dict.fromkeys(cap.objectives, size)
            if not declared and not change.effects:
                out.notes.append(f"{cap.name} serves no objective: no effect assumed")
            effects = _work_effects(
                setup,
                cap.id,
                declared,
                scale=1.0,
                start=_start(setup, change.when),
                key=_key("capability", cap.id, change.how, change.people, change.when),
                what=f"{'hire' if change.how == 'hire' else 'train'} for {cap.name}",
                owner=change.effects,
                history=False,
            )
            out.effects += [
                dataclasses.replace(e, basis="assumed") if e.basis == "map" else e for e in effects
            ]
            out.spend += change.cost
        elif isinstance(change, Shock):
            key = _key("shock", change)
            for kpi in change.kpis:
                k = setup.kpis.get(kpi)
                if k is None:
                    out.notes.append(f"{kpi}: no forecast to shock ({setup.skipped.get(kpi, '')})")
                    continue
                lo, hi = _units(k, change.change)
                out.effects.append(
                    Effect(
                        kpi,
                        lo,
                        hi,
                        _start(setup, change.when),
                        change.months,
                        change.probability,
                        key,
                        "owner",
                        change.name or "shock",
                    )
                )
    out.budgets = budgets
    return out


# ----------------------------------------------------------------------------- simulation


@dataclass(frozen=True)
class KpiOutcome:
    kpi: str
    name: str
    unit: str | None
    target: float | None
    deadline: dt.date | None
    p_hit: float | None
    at: dt.date  # the date of p10/p50/p90: the deadline, else the forecast's last period
    # at a deadline, of the level without its seasonal swing, as p_hit judges it
    p10: float
    p50: float
    p90: float
    dates: tuple[dt.date, ...]
    fan: tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]  # p10, p50, p90
    mean_shift: tuple[float, ...]  # the mean shift from the changes, period by period
    assumed: bool  # an assumed effect reaches this KPI
    changed: bool  # any effect reaches this KPI


@dataclass(frozen=True)
class Outcome:
    name: str
    description: str | None
    kpis: dict[str, KpiOutcome]
    index: tuple[float, float, float] | None
    score: float | None  # the objectives' weighted chance of hitting their targets
    effects: tuple[Effect, ...]
    plan: Plan
    missed: dict[str, F32] = field(default_factory=dict, repr=False)  # KPI → (P,) missed


class Engine:
    """Simulates scenarios of one setup with common random numbers.

    ``paths`` futures per KPI; ``seed`` makes every number reproducible.
    """

    def __init__(self, setup: Setup, *, paths: int = DEFAULT_PATHS, seed: int = 0) -> None:
        self.setup = setup
        self.paths = int(paths)
        self.seed = int(seed)
        self._base: dict[str, tuple[F32, F32]] = {}  # KPI → (values, adjusted), (H, P)
        self._draws: dict[str, tuple[F32, F32]] = {}  # key → (uniform, happens)
        self.months = 1 + max((int(k.month.max()) for k in setup.kpis.values()), default=0)
        self.months = max(self.months, 1)
        self._order = _objective_order(setup)
        self._baseline: dict[str, KpiOutcome] = {}
        self._baseline_missed: dict[str, F32 | None] = {}
        self.threads = min(os.cpu_count() or 1, 4)
        self._cached = 0  # bytes of baseline futures kept
        self._lock = threading.Lock()

    def _rng(self, *parts: object) -> np.random.Generator:
        digest = hashlib.sha256(_key(*parts).encode()).digest()
        words = [int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4)]
        return np.random.Generator(np.random.PCG64(np.random.SeedSequence([self.seed, *words])))

    def base(self, kpi: str) -> tuple[F32, F32]:
        """The KPI's baseline paths (H, P) on its own scale, and without its seasonal swing
        and calendar (how a target is judged)."""
        got = self._base.get(kpi)
        if got is not None:
            return got
        k = self.setup.kpis[kpi]
        pm = k.path
        rng = self._rng("kpi", kpi)
        h = k.horizon
        scale = np.asarray(pm.scale, dtype=np.float64)
        first = scale[0]
        steps = np.sqrt(np.maximum(np.diff(scale**2, prepend=first**2), 0.0))
        # periods × paths: each period's paths lie together in memory (fast percentiles)
        eps = rng.standard_normal((h, self.paths), dtype=np.float32)
        eta = rng.standard_normal((h, self.paths), dtype=np.float32)
        walk = np.cumsum(eta * steps.astype(np.float32)[:, None], axis=0)
        total = np.sqrt(first**2 + np.cumsum(steps**2))
        ratio = np.where(total > 0, scale / np.where(total > 0, total, 1.0), 0.0)
        noise = (eps * np.float32(first) + walk) * ratio.astype(np.float32)[:, None]
        loc = np.asarray(pm.loc, dtype=np.float32)[:, None]
        season = np.asarray(pm.season, dtype=np.float32)[:, None]
        z = loc + noise
        adj = z - season
        if pm.log:
            values = np.exp(np.minimum(z, 80.0))
            adjusted = np.exp(np.minimum(adj, 80.0))
        else:
            values, adjusted = z, adj
        extra = np.asarray(pm.extra, dtype=np.float32)[:, None]
        if np.any(extra):
            values = values * np.exp(extra) if pm.extra_log else values + extra
        got = (values.astype(np.float32), adjusted.astype(np.float32))
        size = got[0].nbytes + got[1].nbytes
        with self._lock:
            if self._cached + size <= CACHE_BYTES:  # past the budget: drawn again when needed
                self._base[kpi] = got
                self._cached += size
        return got

    def draws(self, key: str, probability: float) -> tuple[F32, F32]:
        """A change's uniform draw per path, and whether it happens on the path (0/1)."""
        got = self._draws.get(key)
        if got is None:
            rng = self._rng("change", key)
            u = rng.random(self.paths, dtype=np.float32)
            v = rng.random(self.paths, dtype=np.float32)
            got = (u, v)
            self._draws[key] = got
        u, v = got
        return u, (v < probability).astype(np.float32)

    def shifts(self, effects: Sequence[Effect]) -> tuple[dict[str, F32], set[str]]:
        """Per KPI, its shift (months, P) in its units, direct and along the map; and the
        KPIs an assumed effect reaches."""
        p, m = self.paths, self.months
        setup = self.setup
        shift: dict[str, F32] = {}
        assumed: set[str] = set()
        for e in effects:
            if e.kpi not in setup.kpis:
                continue
            u, happens = self.draws(e.key, e.probability)
            size = (np.float32(e.low) + u * np.float32(e.high - e.low)) * happens
            start = min(e.start, m)
            stop = m if e.months is None else min(start + e.months, m)
            if start >= stop:
                continue
            row = shift.setdefault(e.kpi, np.zeros((m, p), dtype=np.float32))
            row[start:stop] += size[None, :]
            if e.assumed:
                assumed.add(e.kpi)
        if not shift:
            return shift, assumed
        by_objective: dict[str, list[KpiModel]] = {}
        for k in setup.kpis.values():
            if k.objective:
                by_objective.setdefault(k.objective, []).append(k)
        moved: dict[str, F32] = {}  # objective → its movement in standard deviations
        tainted: dict[str, bool] = {}
        for objective in self._order:
            members = by_objective.get(objective, [])
            for link in setup.links:
                if link.objective != objective or link.driver not in moved:
                    continue
                u, _ = self.draws(_key("link", link.driver, objective), 1.0)
                beta = np.float32(link.low) + u * np.float32(link.high - link.low)
                lagged = np.zeros((m, p), dtype=np.float32)
                if link.lag < m:
                    lagged[link.lag :] = moved[link.driver][: m - link.lag] * beta[None, :]
                for k in members:
                    row = shift.setdefault(k.id, np.zeros((m, p), dtype=np.float32))
                    row += np.float32(k.sign * k.sd) * lagged
                    if link.assumed or tainted.get(link.driver):
                        assumed.add(k.id)
            moving = [k for k in members if k.id in shift]
            if moving:
                total = np.zeros((m, p), dtype=np.float32)
                for k in moving:
                    total += shift[k.id] * np.float32(k.sign / k.sd)
                moved[objective] = total / np.float32(len(members))
                tainted[objective] = any(k.id in assumed for k in moving)
        return shift, assumed

    def outcome(
        self,
        kpi: str,
        shift: F32 | None,
        target: tuple[float | None, dt.date | None] | None,
        assumed: bool,
    ) -> tuple[KpiOutcome, F32 | None]:
        k = self.setup.kpis[kpi]
        values, adjusted = self.base(kpi)
        if shift is not None:
            per_period = shift[np.clip(k.month, 0, self.months - 1)]
            values = values + per_period
            adjusted = adjusted + per_period
            mean_shift = tuple(float(x) for x in per_period.mean(axis=1))
        else:
            mean_shift = tuple(0.0 for _ in k.dates)
        goal, deadline = target if target is not None else (k.target, k.deadline)
        h = k.deadline_h(deadline, self.setup.as_of) if goal is not None else None
        p_hit = None
        missed = None
        if h is not None and goal is not None:
            at_deadline = adjusted[h - 1]
            hit = at_deadline >= goal if k.sign > 0 else at_deadline <= goal
            p_hit = float(hit.mean())
            missed = (~hit).astype(np.float32)
        q = np.percentile(values, (10, 50, 90), axis=1, method="inverted_cdf")
        at = (h or k.horizon) - 1
        # the range beside a chance describes what the chance judges: at the deadline, the
        # level without its seasonal swing ("87%" beside "between 73.1% and 78.1%" for a
        # target of 80%, in a quiet month, read as a contradiction); the fan keeps the season
        judged = adjusted if h is not None else values
        q_at = np.percentile(judged[at], (10, 50, 90), method="inverted_cdf")
        return (
            KpiOutcome(
                kpi=kpi,
                name=k.name,
                unit=k.unit,
                target=goal,
                deadline=deadline,
                p_hit=p_hit,
                at=k.dates[at],
                p10=float(q_at[0]),
                p50=float(q_at[1]),
                p90=float(q_at[2]),
                dates=k.dates,
                fan=(tuple(map(float, q[0])), tuple(map(float, q[1])), tuple(map(float, q[2]))),
                mean_shift=mean_shift,
                assumed=assumed,
                changed=shift is not None,
            ),
            missed,
        )

    def run(self, scenario: Scenario) -> Outcome:
        """The scenario's outcome on every simulated KPI."""
        planned = plan(self.setup, scenario)
        for kpi, (_, deadline) in planned.targets.items():
            k = self.setup.kpis.get(kpi)
            if k is None:
                planned.notes.append(f"{kpi}: not simulated ({self.setup.skipped.get(kpi, '')})")
            elif deadline and period_index(deadline, k.cadence) - k.end > k.horizon:
                planned.notes.append(
                    f"{k.name}: the deadline {deadline.isoformat()} is beyond the forecast's "
                    f"reach; judged at {k.dates[-1].isoformat()}"
                )
        shift, assumed = self.shifts(planned.effects)
        kpis: dict[str, KpiOutcome] = {}
        missed: dict[str, F32] = {}
        fresh = [
            kpi
            for kpi in self.setup.kpis
            if kpi in shift or kpi in planned.targets or kpi not in self._baseline
        ]

        def compute(kpi: str) -> tuple[KpiOutcome, F32 | None]:
            return self.outcome(kpi, shift.get(kpi), planned.targets.get(kpi), kpi in assumed)

        # numpy's sorting releases the GIL: the KPIs are independent, so threads share them
        if len(fresh) > 1 and self.threads > 1:
            with ThreadPoolExecutor(max_workers=self.threads) as pool:
                done = dict(zip(fresh, pool.map(compute, fresh), strict=True))
        else:
            done = {kpi: compute(kpi) for kpi in fresh}
        for kpi in self.setup.kpis:
            if kpi in done:
                kpis[kpi], got = done[kpi]
                if kpi not in shift and kpi not in planned.targets:
                    self._baseline[kpi] = kpis[kpi]
                    self._baseline_missed[kpi] = got
            else:
                kpis[kpi] = self._baseline[kpi]
                got = self._baseline_missed.get(kpi)
            if got is not None:
                missed[kpi] = got
        return Outcome(
            name=scenario.name,
            description=scenario.description,
            kpis=kpis,
            index=self.index(missed),
            score=weighted_score(self.setup, kpis),
            effects=tuple(planned.effects),
            plan=planned,
            missed=missed,
        )

    def index(self, missed: Mapping[str, F32]) -> tuple[float, float, float] | None:
        model = self.setup.index
        if model is None:
            return None
        log_score = np.full(self.paths, math.log(max(model.kpis_base, 1e-12)), dtype=np.float64)
        for kpi, factor in model.missed.items():
            if kpi in missed:
                log_score += missed[kpi] * math.log(max(factor, 1e-12))
        component = np.exp(log_score)
        values = 100 * model.others * (1 - model.reach * (1 - component))
        q = np.percentile(values, (10, 50, 90))
        return float(q[0]), float(q[1]), float(q[2])


def _objective_order(setup: Setup) -> list[str]:
    """Objectives with their drivers first (the workbook refuses cycles)."""
    import graphlib

    graph = {o.id: set(o.drivers) for o in setup.workbook.company.objectives}
    try:
        return list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError:  # pragma: no cover - validated away
        return list(graph)


def weighted_score(setup: Setup, kpis: Mapping[str, KpiOutcome]) -> float | None:
    """The objectives' weighted chance of hitting their KPIs' targets: per objective the
    mean chance of its targeted KPIs, weighted by the objective's weight."""
    by_objective: dict[str, list[float]] = {}
    for k in kpis.values():
        model = setup.kpis[k.kpi]
        if k.p_hit is not None and model.objective:
            by_objective.setdefault(model.objective, []).append(k.p_hit)
    total = sum(setup.weights.get(o, 0.0) for o in by_objective)
    if total <= 0:
        return None
    return (
        sum(setup.weights.get(o, 0.0) * float(np.mean(v)) for o, v in by_objective.items()) / total
    )


# ----------------------------------------------------------------------------- wargames


@dataclass(frozen=True)
class MoveOutcome:
    move: str
    expected: float  # expected weighted chance of hitting the targets
    regret: float  # expected regret: what the best move for each response would have given more
    worst_regret: float
    by_response: dict[str, float]


@dataclass(frozen=True)
class WargameOutcome:
    name: str
    responses: dict[str, float]  # response → probability (with "none of them")
    moves: tuple[MoveOutcome, ...]
    best: str


NO_RESPONSE = "none of them"


def wargame(engine: Engine, game: Wargame) -> WargameOutcome:
    """Each of our moves against each response, by Monte Carlo with common random numbers."""
    responses = [(r.name, r.probability, r.changes) for r in game.responses]
    rest = 1 - sum(p for _, p, _ in responses)
    if rest > 1e-9:
        responses.append((NO_RESPONSE, rest, ()))
    table: dict[str, dict[str, float]] = {}
    for move in game.moves:
        table[move.name] = {}
        for name, _, changes in responses:
            out = engine.run(
                Scenario(name=f"{move.name} / {name}", changes=(*move.changes, *changes))
            )
            table[move.name][name] = out.score if out.score is not None else 0.0
    best_for = {name: max(table[m][name] for m in table) for name, _, _ in responses}
    moves = []
    for move in game.moves:
        row = table[move.name]
        regrets = {name: best_for[name] - row[name] for name, _, _ in responses}
        moves.append(
            MoveOutcome(
                move=move.name,
                expected=sum(p * row[name] for name, p, _ in responses),
                regret=sum(p * regrets[name] for name, p, _ in responses),
                worst_regret=max(regrets.values()),
                by_response=row,
            )
        )
    best = max(moves, key=lambda m: (m.expected, -m.regret)).move
    return WargameOutcome(
        name=game.name,
        responses={name: p for name, p, _ in responses},
        moves=tuple(moves),
        best=best,
    )


# ----------------------------------------------------------------------------- stress test


@dataclass(frozen=True)
class Breaking:
    driver: str  # the KPI shocked
    shock: float | None  # the smallest lasting worsening, percent of its latest value
    breaks: str | None  # the target that falls first to less likely hit than missed
    p_hit_before: float | None


STRESS_MAX = 90.0  # percent: a bigger shock is not a stress test but a catastrophe
STRESS_STEPS = 12


def stress_test(engine: Engine) -> list[Breaking]:
    """Per KPI of every driver objective of the map: the smallest lasting worsening (in
    percent of its latest value, from now) that makes one of the targets downstream (its
    own included) more likely missed than hit. Targets already more likely missed are
    not judged; a driver with none downstream is left out."""
    setup = engine.setup
    baseline = engine.run(Scenario(name="baseline"))
    drivers = {link.driver for link in setup.links}
    downstream: dict[str, set[str]] = {}
    for objective in reversed(engine._order):
        below = {objective}
        for link in setup.links:
            if link.driver == objective:
                below |= downstream.get(link.objective, {link.objective})
        downstream[objective] = below
    out: list[Breaking] = []
    for k in setup.kpis.values():
        if k.objective not in drivers or k.level == 0:
            continue
        watched = [
            o
            for o in baseline.kpis.values()
            if o.p_hit is not None
            and o.p_hit >= AT_RISK_BELOW
            and setup.kpis[o.kpi].objective in downstream.get(k.objective or "", set())
        ]
        if not watched:
            continue

        def broken(pct: float, k: KpiModel = k, watched: list[KpiOutcome] = watched) -> str | None:
            shock = Shock(kpis=(k.id,), change=EffectRange(-k.sign * pct, -k.sign * pct, True))
            result = engine.run(Scenario(name="stress", changes=(shock,)))
            worst = min(watched, key=lambda w: result.kpis[w.kpi].p_hit or 0.0)
            p = result.kpis[worst.kpi].p_hit
            return worst.kpi if p is not None and p < AT_RISK_BELOW else None

        first = broken(STRESS_MAX)
        if first is None:
            out.append(Breaking(k.id, None, None, None))
            continue
        lo, hi = 0.0, STRESS_MAX
        for _ in range(STRESS_STEPS):
            mid = (lo + hi) / 2
            hit = broken(mid)
            if hit is None:
                lo = mid
            else:
                hi, first = mid, hit
        out.append(Breaking(k.id, hi, first, baseline.kpis[first].p_hit))
    out.sort(key=lambda b: (b.shock is None, b.shock or 0.0))
    return out


# ----------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class Report:
    company: str
    as_of: dt.date
    seed: int
    paths: int
    currency: str
    locale: str
    baseline: Outcome
    scenarios: tuple[Outcome, ...]  # the baseline first
    best: str | None
    wargames: tuple[WargameOutcome, ...]
    stress: tuple[Breaking, ...]
    findings: dict[str, dict[str, list[dict[str, str]]]]  # scenario → resolved/created
    skipped: dict[str, str]
    links: tuple[Link, ...]
    today_index: float | None
    kinds: dict[str, str | None] = field(default_factory=dict)  # KPI → its kind


def simulate(
    setup: Setup,
    file: ScenarioFile,
    *,
    paths: int = DEFAULT_PATHS,
    seed: int = 0,
    stress: bool = True,
    findings: Callable[[Scenario, Outcome, Outcome], dict[str, list[dict[str, str]]]] | None = None,
) -> Report:
    """Every scenario of ``file`` next to the baseline, its wargames and the stress test."""
    engine = Engine(setup, paths=paths, seed=seed)
    baseline = engine.run(Scenario(name="baseline"))
    outcomes = [baseline, *(engine.run(s) for s in file.scenarios)]
    scored = [o for o in outcomes if o.score is not None]
    best = max(scored, key=lambda o: o.score or 0.0).name if scored else None
    diffs = {}
    if findings is not None:
        for s, o in zip(file.scenarios, outcomes[1:], strict=True):
            diffs[s.name] = findings(s, o, baseline)
    return Report(
        company=setup.workbook.company.name,
        as_of=setup.as_of,
        seed=seed,
        paths=paths,
        currency=setup.workbook.company.currency,
        locale=setup.workbook.company.locale,
        baseline=baseline,
        scenarios=tuple(outcomes),
        best=best,
        wargames=tuple(wargame(engine, g) for g in file.wargames),
        stress=tuple(stress_test(engine)) if stress else (),
        findings=diffs,
        skipped=setup.skipped,
        links=setup.links,
        today_index=setup.index.today if setup.index else None,
        kinds={k.id: k.kind for k in setup.kpis.values()},
    )


def at_risk_changes(outcome: Outcome, baseline: Outcome) -> dict[str, list[dict[str, str]]]:
    """The "KPI at risk" findings a scenario resolves or creates (chance under a half)."""
    resolved, created = [], []
    for kpi, o in outcome.kpis.items():
        b = baseline.kpis.get(kpi)
        if o.p_hit is None or b is None or b.p_hit is None:
            continue
        before, after = b.p_hit < AT_RISK_BELOW, o.p_hit < AT_RISK_BELOW
        if before and not after:
            resolved.append({"kind": "kpi_at_risk", "subject": kpi, "title": f"{o.name} at risk"})
        elif after and not before:
            created.append({"kind": "kpi_at_risk", "subject": kpi, "title": f"{o.name} at risk"})
    return {"resolved": resolved, "created": created}
