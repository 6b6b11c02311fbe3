"""The rules every face applies alike: the one place each is written down.

The analyses, the text/HTML/PDF reports, the web pages and the JSON API all call these
functions instead of restating them, so that an objective has the same progress, status and
colour wherever an owner looks:

* **Progress** of a key result, a goal, an objective and the company (:func:`kr_progress`,
  :func:`goal_progress`, :func:`objective_progress`, :func:`company_progress`,
  :func:`cascade_tree`). A key result's progress is ``(current - start) / (target - start)``
  clipped to 0..1 (a falling target works too). A level to hold (``target == start``)
  counts as done while ``current`` equals it; otherwise its direction is unknown (above
  the level may be better or worse), so it is *not measurable* and left out of every mean,
  never counted as 0. A goal's progress is the weighted mean (``weight``, default 1) of its
  measurable key results and child goals; an objective's of the goals whose parent it is;
  the company's of its objectives, by their normalised weights.
* **KPI status** (:func:`kpi_status`): the latest observation on or before ``as_of`` against
  the KPI's target, warning level and deadline, and whether it is stale (no value in three
  periods of the KPI's cadence). See :class:`KpiState`.
* **Objective status** (:func:`objective_statuses`), one vocabulary (:class:`ObjectiveStatus`):
  the worst of its KPIs' states and of the findings about it or its KPIs.
* **Colour band** of a 0–100 score (:func:`score_band`): the alignment index and its
  components alike.
* **Trend verdict** (:func:`trend_verdict`): rising, falling or no clear trend, and whether the
  trend is weak (not confirmed once the series' autocorrelation is allowed for).

Every status maps to one :class:`Colour`, which every face draws with the same hue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from coxswain.workbook.model import Company, Direction, Goal, KeyResult, Kpi

if TYPE_CHECKING:
    from coxswain.analysis.base import Severity
    from coxswain.analysis.result import Result

# ---------------------------------------------------------------------------------------------
# Severity


def severity_order() -> tuple[Severity, ...]:
    """The severities of findings, most severe first: high, medium, low, then info (good news).
    Every face that sorts or counts findings by severity takes the order from here."""
    from coxswain.analysis.base import Severity

    return (Severity.high, Severity.medium, Severity.low, Severity.info)


def severity_rank(severity: str) -> int:
    """Where ``severity`` (a :class:`~coxswain.analysis.base.Severity` or its value) sorts:
    0 for high, up to 3 for info; a value that is no severity sorts after all of them."""
    order = [s.value for s in severity_order()]
    return order.index(severity) if severity in order else len(order)


# ---------------------------------------------------------------------------------------------
# Colours


class Colour(StrEnum):
    """The colours statuses and bands are drawn in, the same hue in every face."""

    green = "green"
    amber = "amber"
    red = "red"
    grey = "grey"

    @property
    def hex(self) -> str:
        return COLOUR_HEX[self]


COLOUR_HEX: dict[Colour, str] = {
    Colour.green: "#1e8449",
    Colour.amber: "#9a6700",
    Colour.red: "#c0392b",
    Colour.grey: "#657475",
}


# ---------------------------------------------------------------------------------------------
# Colour band of a score

BAND_GREEN_FROM = 85.0
"""A score (the alignment index or a component) at or above this is green; the index's
band ``aligned`` starts here too (:data:`coxswain.analysis.index.BANDS`)."""
BAND_AMBER_FROM = 65.0
"""A score at or above this (and under :data:`BAND_GREEN_FROM`) is amber; under it, red;
the index's band ``drifting`` starts here too."""


def score_band(score: float | None) -> Colour:
    """The colour of a 0–100 score: green from 85, amber from 65, red below; grey for none."""
    if score is None:
        return Colour.grey
    if score >= BAND_GREEN_FROM:
        return Colour.green
    if score >= BAND_AMBER_FROM:
        return Colour.amber
    return Colour.red


# ---------------------------------------------------------------------------------------------
# Progress: key result, goal, objective, company


def kr_progress(kr: KeyResult) -> float | None:
    """Progress of one key result, 0..1, or None when it cannot be measured (no current
    value, or a level to hold that is not held: which side of it is better is unknown)."""
    if kr.current is None:
        return None
    if kr.target == kr.start:  # a level to hold: met, or not measurable
        return 1.0 if kr.current == kr.target else None
    return min(1.0, max(0.0, (kr.current - kr.start) / (kr.target - kr.start)))


def _weighted(parts: Iterable[tuple[float, float | None]]) -> float | None:
    known = [(w, p) for w, p in parts if p is not None]
    total = sum(w for w, _ in known)
    return sum(w * p for w, p in known) / total if total > 0 else None


def _children(company: Company) -> dict[str | None, list[Goal]]:
    children: dict[str | None, list[Goal]] = {}
    for goal in company.goals:
        children.setdefault(goal.parent, []).append(goal)
    return children


def goal_progress(company: Company) -> dict[str, float]:
    """Rolled-up progress of every goal that has any measurable key result below it."""
    tree = cascade_tree(company)
    out: dict[str, float] = {}

    def walk(node: GoalNode) -> None:
        if node.progress is not None:
            out[node.goal.id] = node.progress
        for child in node.children:
            walk(child)

    for objective in tree.objectives:
        for node in objective.goals:
            walk(node)
    for node in tree.orphans:
        walk(node)
    # goals reached only through a cycle of parents (refused by validation) stay out
    return {g.id: out[g.id] for g in company.goals if g.id in out}


def goal_objectives(company: Company) -> dict[str, str]:
    """Each goal's objective: its parent's, up the goals' parents (a goal under no objective,
    or in a cycle of parents, has none)."""
    parent = {g.id: g.parent for g in company.goals}
    objectives = {o.id for o in company.objectives}
    out: dict[str, str] = {}
    for goal in parent:
        seen, at = {goal}, parent[goal]
        while at is not None and at not in objectives and at in parent and at not in seen:
            seen.add(at)
            at = parent[at]
        if at in objectives:
            out[goal] = at
    return out


def objective_progress(company: Company, goals: Mapping[str, float]) -> dict[str, float]:
    """Each objective's progress: the weighted mean of its direct goals' progress."""
    out: dict[str, float] = {}
    for objective in company.objectives:
        value = _weighted(
            (g.weight, goals.get(g.id)) for g in company.goals if g.parent == objective.id
        )
        if value is not None:
            out[objective.id] = value
    return out


def company_progress(company: Company, objectives: Mapping[str, float]) -> float | None:
    """The company's progress: its objectives' progress, weighted by normalised weight
    (objectives of weight 0 and those without progress are left out)."""
    weights = company.normalised_weights()
    return _weighted((weights[k], v) for k, v in objectives.items() if weights.get(k, 0) > 0)


@dataclass(frozen=True)
class KeyResultProgress:
    key_result: KeyResult
    progress: float | None


@dataclass(frozen=True)
class GoalNode:
    goal: Goal
    key_results: tuple[KeyResultProgress, ...]
    children: tuple[GoalNode, ...]
    progress: float | None


@dataclass(frozen=True)
class ObjectiveNode:
    objective_id: str
    name: str
    goals: tuple[GoalNode, ...]
    progress: float | None


@dataclass(frozen=True)
class CascadeTree:
    """Company → objectives → goals → sub-goals, each with its progress."""

    objectives: tuple[ObjectiveNode, ...]
    orphans: tuple[GoalNode, ...]  # goals whose parent is no goal or objective
    progress: float | None = None
    by_goal: dict[str, GoalNode] = field(default_factory=dict)


def cascade_tree(company: Company) -> CascadeTree:
    """The goal cascade with every node's progress (see the module's rules)."""
    children = _children(company)
    by_goal: dict[str, GoalNode] = {}

    def node(goal: Goal, seen: frozenset[str]) -> GoalNode:
        subs = tuple(node(c, seen | {c.id}) for c in children.get(goal.id, []) if c.id not in seen)
        krs = tuple(KeyResultProgress(kr, kr_progress(kr)) for kr in goal.key_results)
        progress = _weighted(
            [(kr.key_result.weight, kr.progress) for kr in krs]
            + [(s.goal.weight, s.progress) for s in subs]
        )
        made = GoalNode(goal=goal, key_results=krs, children=subs, progress=progress)
        by_goal[goal.id] = made
        return made

    ids = {o.id for o in company.objectives} | {g.id for g in company.goals}
    objectives = []
    for o in company.objectives:
        nodes = tuple(node(g, frozenset({g.id})) for g in children.get(o.id, []))
        progress = _weighted((n.goal.weight, n.progress) for n in nodes)
        objectives.append(ObjectiveNode(o.id, o.name, nodes, progress))
    orphans = tuple(
        node(g, frozenset({g.id})) for g in company.goals if g.parent is None or g.parent not in ids
    )
    overall = company_progress(
        company, {o.objective_id: o.progress for o in objectives if o.progress is not None}
    )
    return CascadeTree(tuple(objectives), orphans, overall, by_goal)


# ---------------------------------------------------------------------------------------------
# KPI status


class KpiState(StrEnum):
    """Where a KPI stands (:func:`kpi_status`).

    * ``on_target``: at or beyond the target;
    * ``amber``: short of the target but not past the warning level (or no warning given);
    * ``off_track``: past (strictly beyond) the warning level, or the deadline has passed
      with the target unmet (stale or not);
    * ``stale``: the latest value is older than three periods of the KPI's cadence: where it
      stands now is unknown, so it is neither on nor off track;
    * ``no_data``: no observation; ``no_target``: neither target nor warning.
    """

    on_target = "on_target"
    amber = "amber"
    off_track = "off_track"
    stale = "stale"
    no_data = "no_data"
    no_target = "no_target"

    @property
    def colour(self) -> Colour:
        return {
            KpiState.on_target: Colour.green,
            KpiState.amber: Colour.amber,
            KpiState.off_track: Colour.red,
        }.get(self, Colour.grey)

    @property
    def judged(self) -> bool:
        """Whether the state says where the KPI stands (on target, amber or off track)."""
        return self in (KpiState.on_target, KpiState.amber, KpiState.off_track)

    @property
    def words(self) -> str:
        return KPI_WORDS[self]


KPI_WORDS: dict[KpiState, str] = {
    KpiState.on_target: "on target",
    KpiState.amber: "short of target",
    KpiState.off_track: "off track",
    KpiState.stale: "stale",
    KpiState.no_data: "no data",
    KpiState.no_target: "no target",
}

STALE_PERIODS = 3
STALE_MIN_DAYS = 14


def stale_after_days(dates: Sequence[dt.date]) -> int:
    """Days after which a KPI's latest value is stale: three periods of its cadence
    (inferred from its dates; monthly: 91 days), never under 14 days."""
    from coxswain.timeseries.series import infer_cadence

    period = 365.25 / infer_cadence(list(dates)).per_year
    return max(STALE_MIN_DAYS, round(STALE_PERIODS * period))


@dataclass(frozen=True)
class KpiStatus:
    state: KpiState
    latest: float | None = None
    date: dt.date | None = None
    observations: int = 0
    depth: float | None = None  # how far past the warning, in warning-to-target widths
    deadline_missed: bool = False
    stale: bool = False
    stale_after_days: int | None = None


def level_state(kpi: Kpi, value: float, as_of: dt.date) -> tuple[KpiState, float | None]:
    """The state of one value (staleness aside) and how far past the warning it is."""
    sign = 1.0 if kpi.direction == Direction.up else -1.0
    if kpi.target is not None and sign * (value - kpi.target) >= 0:
        return KpiState.on_target, None
    if kpi.warning is not None and sign * (value - kpi.warning) < 0:
        depth = None
        if kpi.target is not None and kpi.target != kpi.warning:
            depth = abs(kpi.warning - value) / abs(kpi.target - kpi.warning)
        return KpiState.off_track, depth
    if kpi.target is not None and kpi.deadline is not None and kpi.deadline < as_of:
        return KpiState.off_track, None
    if kpi.target is None and kpi.warning is None:
        return KpiState.no_target, None
    return KpiState.amber, None


def kpi_status(
    kpi: Kpi, *, observations: Iterable[tuple[dt.date, float]], as_of: dt.date
) -> KpiStatus:
    """Where ``kpi`` stands as of ``as_of`` from its dated observations (those after
    ``as_of`` are ignored; the latest by date counts, the last given among equal dates)."""
    seen = sorted(((d, v) for d, v in observations if d <= as_of), key=lambda p: p[0])
    if not seen:
        return KpiStatus(KpiState.no_data)
    date, value = seen[-1]
    state, depth = level_state(kpi, value, as_of)
    deadline_missed = (
        state == KpiState.off_track
        and kpi.target is not None
        and kpi.deadline is not None
        and kpi.deadline < as_of
    )
    limit = stale_after_days(sorted({d for d, _ in seen}))
    stale = (as_of - date).days > limit
    if stale and not deadline_missed and state != KpiState.no_target:
        state, depth = KpiState.stale, None
    return KpiStatus(
        state=state,
        latest=value,
        date=date,
        observations=len(seen),
        depth=depth,
        deadline_missed=deadline_missed,
        stale=stale,
        stale_after_days=limit,
    )


# ---------------------------------------------------------------------------------------------
# Objective status


class ObjectiveStatus(StrEnum):
    """An objective's status, the one vocabulary of every face."""

    on_track = "on_track"
    amber = "amber"
    off_track = "off_track"
    no_data = "no_data"

    @property
    def rank(self) -> int:
        return OBJECTIVE_RANK[self]

    @property
    def colour(self) -> Colour:
        return OBJECTIVE_COLOUR[self]

    @property
    def words(self) -> str:
        return OBJECTIVE_WORDS[self]


OBJECTIVE_RANK = {
    ObjectiveStatus.no_data: 0,
    ObjectiveStatus.on_track: 1,
    ObjectiveStatus.amber: 2,
    ObjectiveStatus.off_track: 3,
}
OBJECTIVE_COLOUR = {
    ObjectiveStatus.on_track: Colour.green,
    ObjectiveStatus.amber: Colour.amber,
    ObjectiveStatus.off_track: Colour.red,
    ObjectiveStatus.no_data: Colour.grey,
}
OBJECTIVE_WORDS = {
    ObjectiveStatus.off_track: "off track",
    ObjectiveStatus.amber: "needs attention",
    ObjectiveStatus.on_track: "on track",
    ObjectiveStatus.no_data: "no evidence",
}
OBJECTIVE_MEANING = {
    ObjectiveStatus.off_track: "a KPI off track, or a high-severity finding about it or its KPIs",
    ObjectiveStatus.amber: "a KPI short of target, or another finding about it or its KPIs",
    ObjectiveStatus.on_track: "its KPIs on target and no finding about it",
    ObjectiveStatus.no_data: "no KPI with a recent value and no finding: nothing to judge by",
}

_FROM_KPI = {
    KpiState.on_target: ObjectiveStatus.on_track,
    KpiState.amber: ObjectiveStatus.amber,
    KpiState.off_track: ObjectiveStatus.off_track,
}
_FROM_SEVERITY = {
    "high": ObjectiveStatus.off_track,
    "medium": ObjectiveStatus.amber,
    "low": ObjectiveStatus.amber,
}  # info (good news) leaves the status as it is


def objective_statuses(
    *,
    objectives: Iterable[str],
    kpis: Iterable[tuple[str, str, KpiState]],
    findings: Iterable[tuple[str, Sequence[str]]],
) -> dict[str, ObjectiveStatus]:
    """Each objective's status: the worst of

    * its KPIs' states (``(kpi, objective, state)``): on target → on track, amber → amber,
      off track → off track (stale, no data and no target say nothing);
    * the findings (``(severity, subjects)``) that name it or one of its KPIs: high → off
      track, medium and low → amber, info (good news) → nothing (a result's findings name
      only the subjects they find short, :func:`coxswain.analysis.kinds.subjects_found_short`:
      an objective that gets more than its share of money and time is not behind for it);

    and ``no_data`` where none of these says anything."""
    status = dict.fromkeys(objectives, ObjectiveStatus.no_data)
    kpi_objective: dict[str, str] = {}

    def worse(objective: str | None, new: ObjectiveStatus) -> None:
        if objective in status and new.rank > status[objective].rank:
            status[objective] = new

    for kpi, objective, state in kpis:
        kpi_objective[kpi] = objective
        if state in _FROM_KPI:
            worse(objective, _FROM_KPI[state])
    for severity, subjects in findings:
        level = _FROM_SEVERITY.get(severity)
        if level is None:
            continue
        for named in objectives_named(subjects, objectives=status, kpi_objective=kpi_objective):
            worse(named, level)
    return status


def objectives_named(
    subjects: Iterable[str],
    *,
    objectives: Iterable[str],
    kpi_objective: Mapping[str, str],
    goal_objective: Mapping[str, str] | None = None,
) -> list[str]:
    """The objectives a finding is about: those among its ``subjects``, and those of the KPIs
    among them (``kpi_objective``: KPI → its objective), in the order the subjects name them.
    The rule by which a finding colours an objective (:func:`objective_statuses`) and by which
    pages filter findings, which also count the objective of a goal named
    (``goal_objective``, :func:`goal_objectives`)."""
    known = set(objectives)
    via = {**(goal_objective or {}), **kpi_objective}
    out: list[str] = []
    for subject in subjects:
        named = subject if subject in known else via.get(subject)
        if named is not None and named in known and named not in out:
            out.append(named)
    return out


def objective_statuses_of(result: Result) -> dict[str, ObjectiveStatus]:
    """:func:`objective_statuses` of an analysis :class:`~coxswain.analysis.result.Result`
    (or a stored one read back): the objectives of its cascade section, the KPI states of
    its kpi_status section and all its findings."""
    from coxswain.analysis.kinds import subjects_found_short
    from coxswain.analysis.payloads import cascade_payload, kpi_status_payload

    cascade = cascade_payload(result.sections.get("cascade"))
    kpis = kpi_status_payload(result.sections.get("kpi_status"))
    return objective_statuses(
        objectives=[o.objective for o in cascade.objectives],
        kpis=[(r.kpi, r.objective, r.state) for r in kpis.kpis],
        findings=[
            (f.severity.value, subjects_found_short(f.kind, f.subjects)) for f in result.findings
        ],
    )


def objective_status_reasons_of(
    result: Result, *, names: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Why each objective has the status :func:`objective_statuses_of` gives it, in words:
    the title of the most severe finding that decided it (a high finding for off track, a
    medium or low one for amber), else the KPI whose state decided it ("“Weekly visitors” is
    on target", ``names``: KPI id → name); no entry where nothing says anything."""
    from coxswain.analysis.kinds import subjects_found_short
    from coxswain.analysis.payloads import cascade_payload, kpi_status_payload

    status = objective_statuses_of(result)
    kpis = kpi_status_payload(result.sections.get("kpi_status")).kpis
    kpi_objective = {r.kpi: r.objective for r in kpis}
    names = names or {}
    order = {"high": 0, "medium": 1, "low": 2}
    reasons: dict[str, str] = {}
    for f in sorted(result.findings, key=lambda f: order.get(f.severity.value, 3)):
        level = _FROM_SEVERITY.get(f.severity.value)
        if level is None:
            continue
        short = subjects_found_short(f.kind, f.subjects)
        for o in objectives_named(short, objectives=status, kpi_objective=kpi_objective):
            if status[o] == level and o not in reasons:
                reasons[o] = f.title
    for r in kpis:
        level = _FROM_KPI.get(r.state)
        if level is not None and status.get(r.objective) == level and r.objective not in reasons:
            reasons[r.objective] = f"“{names.get(r.kpi, r.kpi)}” is {r.state.words}"
    known = {o.objective for o in cascade_payload(result.sections.get("cascade")).objectives}
    return {o: why for o, why in reasons.items() if o in known}


# ---------------------------------------------------------------------------------------------
# Trend verdict


class TrendVerdict(StrEnum):
    rising = "rising"
    falling = "falling"
    no_clear_trend = "no_clear_trend"

    @property
    def words(self) -> str:
        return self.value.replace("_", " ")


@dataclass(frozen=True)
class TrendJudgement:
    verdict: TrendVerdict
    weak: bool  # a trend the autocorrelation-corrected test does not confirm

    @property
    def words(self) -> str:
        return self.verdict.words + (" (weak)" if self.weak else "")


def trend_verdict(trend: Any) -> TrendJudgement:
    """The verdict on a :class:`~coxswain.timeseries.stats.Trend`, or on its JSON form
    (``Trend.to_json``, as stored in a result): rising or falling when the Mann-Kendall p is
    under 0.05 and the slope's 95% interval is clear of zero (``Trend.direction``), weak when
    the test allowing for autocorrelation does not confirm it (``Trend.may_be_persistence``)."""
    from coxswain.timeseries.stats import Trend

    if isinstance(trend, Mapping):
        lo, hi = trend["ci95"]
        corrected = trend.get("p_autocorrelation_corrected")
        trend = Trend(
            slope=float(trend["slope"]),
            lo=float(lo),
            hi=float(hi),
            p=float(trend["p"]),
            n=int(trend.get("points", 0)),
            autocorrelation=float(trend.get("autocorrelation", 0.0)),
            p_corrected=None if corrected is None else float(corrected),
        )
    if not isinstance(trend, Trend):
        raise TypeError(f"not a trend: {type(trend).__name__}")
    verdict = {1: TrendVerdict.rising, -1: TrendVerdict.falling}.get(
        trend.direction, TrendVerdict.no_clear_trend
    )
    return TrendJudgement(verdict, trend.may_be_persistence)


# ----------------------------------------------------------------------------- eNPS

ENPS_PROMOTER = 9  # answers of 9 and 10 to "how likely are you to recommend working here?"
ENPS_DETRACTOR = 6  # answers of 0 to 6


def enps(answers: Sequence[float]) -> float | None:
    """The employee Net Promoter Score of 0–10 answers: % promoters (9–10) minus %
    detractors (0–6), from −100 to 100; ``None`` without answers. Whether a group is large
    enough to show is the caller's privacy rule (``privacy.min_group``)."""
    if not answers:
        return None
    promoters = sum(1 for a in answers if a >= ENPS_PROMOTER)
    detractors = sum(1 for a in answers if a <= ENPS_DETRACTOR)
    return 100.0 * (promoters - detractors) / len(answers)
