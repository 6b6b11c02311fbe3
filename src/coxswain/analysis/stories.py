"""Drift stories: the findings grouped by their cause, most at stake first.

One entry point, :func:`build_stories`, called by the runner once the index is scored
(:mod:`coxswain.analysis.runner`); :func:`reorder` is what
:meth:`~coxswain.analysis.result.Result.with_dismissals` calls. docs/analyses.md
("Drift stories") explains the rules for owners and developers.

**Grouping** (every finding in exactly one story), in this order:

1. *Good news* (severity ``info``, e.g. ``initiative_win``) goes to one "what works"
   story (``story:what_works``), always last.
2. *Cause chains* along the strategy map. A piece of work (initiative or automation) is a
   cause when a finding names it first: it works against a value or objective
   (``value_conflict``, ``automation_risk``), a KPI worsened after it started
   (``initiative_harm``), the tone fell since it went live (``sentiment_decline``), it
   serves no objective (``orphan_work``). A KPI it harmed joins its chain, and with it every
   finding on that KPI (``kpi_shift``, ``kpi_at_risk``, ``kpi_off_track``,
   ``kpi_anomaly``, ``kpi_tension``). A KPI harmed by several pieces of work joins the one
   that also works against a value (the declared conflict and the measured harm agree),
   then the one with the more severe harm, then the smaller id. Customers leaving although
   acquisition is strong (``expectation_gap``) is a cause too, headed by the KPIs of
   customers leaving; its KPIs and the KPIs it names as falling delivery join it unless a
   piece of work claimed them first. What is left on the objective of a KPI at a chain's
   core (the KPI a piece of work harmed, the KPI of customers leaving) follows that chain:
   its goals behind, its other KPIs' status, its missing coverage are the consequence seen
   from the objective. Several chains reaching one objective: the piece of work that also
   works against a value, then customers leaving, then other work (more severe, then by id).
3. *Drivers*: a capability short of people or training (``talent_gap``) is the cause of its
   own story; so is money and time going to one objective instead of another
   (``resource_misallocation``, caused by the over-fed objective and the under-fed one),
   a team or person (``silo``, ``bottleneck``), the staff as a whole (``low_understanding``
   and ``sentiment_decline`` without a piece of work: ``story:staff`` or the groups named)
   and the review rhythm (``review_lapsed``: ``story:reviews``).
4. *Objectives*: what is still left concerns an objective (its goals behind, its KPIs' status
   without a cause, the strategy-map link into it, its missing coverage) and forms the
   objective's story, by the heaviest objective it concerns
   (:func:`coxswain.analysis.index.stakes`). The goals behind on one objective are one story.
5. Anything else is a story of its own, by its first subject (or its kind).

**Stake**: the index points the story's findings take off together (the index recomputed
without them, minus the index: :func:`coxswain.analysis.index.joint_gain`), and money where
the data allow: the monthly revenue that left with the customers lost in the last 12 months
(customers section) for a story about customers leaving; the spend of the last 12 months
that would have to move to match the objectives' weights (resources section) for a story
of misallocated resources; otherwise null.

**Confidence** (:func:`confidence`): each finding kind rests on one kind of evidence
(:data:`EVIDENCE_BASIS`): the declared strategy, a measured before/after effect, a KPI's
own series, or other records. *High*: at least two kinds of evidence agree, one of them
measured, and one finding is high severity. *Medium*: at least one measured finding of
high or medium severity (for good news: a measured win). *Low*: otherwise (the declared
strategy alone, or only low findings).

**Order** (:func:`order_key`): stake × confidence × weight, largest first, where the stake
is the index points (where there is no index: the findings' penalties, each times its
stake), confidence counts 1, 0.6, 0.3 and the weight is the largest relative stake (0.5–2)
of the objectives the findings concern. Ties: more findings, then the id. The "what works"
story comes last; a story whose findings are all dismissed sinks to the end (in its
order among such stories), above "what works".
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from coxswain.analysis import index
from coxswain.analysis.base import Finding, Section, Severity
from coxswain.analysis.result import Stake, Story
from coxswain.workbook import Workbook

if TYPE_CHECKING:
    from coxswain.wording.numbers import Words

WHAT_WORKS = "what_works"
"""The cause id of the one story of good news (``story:what_works``)."""

EVIDENCE_BASIS: dict[str, str] = {
    "value_conflict": "declared",
    "automation_risk": "declared",
    "orphan_work": "declared",
    "uncovered_objective": "declared",
    "initiative_harm": "effect",
    "initiative_win": "effect",
    "expectation_gap": "effect",
    "kpi_tension": "effect",
    "strategy_link_unsupported": "effect",
    "kpi_off_track": "series",
    "kpi_at_risk": "series",
    "kpi_shift": "series",
    "kpi_anomaly": "series",
    "resource_misallocation": "records",
    "goal_behind": "records",
    "talent_gap": "records",
    "silo": "records",
    "bottleneck": "records",
    "low_understanding": "records",
    "sentiment_decline": "records",
    "slow_innovation": "records",
    "review_lapsed": "records",
}
"""What each finding kind rests on: the declared strategy, a measured before/after effect
(or a relation between series), a KPI's own series, or other records (money, goals, staff,
survey, messages, reviews). Kinds not listed count as records."""

CONFIDENCE_FACTOR = {"high": 1.0, "medium": 0.6, "low": 0.3}
"""How confidence counts in the order."""

KPI_KINDS = frozenset({"kpi_off_track", "kpi_at_risk", "kpi_shift", "kpi_anomaly", "kpi_tension"})
"""Finding kinds about one KPI (or two, for a tension): they follow the KPI's story."""

WORK_VALUE_KINDS = frozenset({"value_conflict", "automation_risk"})
CHURN_KPI_KINDS = frozenset({"churn", "retention"})


def confidence(findings: Iterable[Finding]) -> str:
    """``high``, ``medium`` or ``low`` from the evidence the findings rest on (the rule in
    the module docstring)."""
    findings = [f for f in findings if f.severity is not Severity.info] or list(findings)
    bases = {EVIDENCE_BASIS.get(f.kind, "records") for f in findings}
    measured = bases - {"declared"}
    worst = min((f.severity.rank for f in findings), default=Severity.info.rank)
    if len(bases) >= 2 and measured and worst == Severity.high.rank:
        return "high"
    strong = {Severity.high.rank, Severity.medium.rank}
    if any(
        EVIDENCE_BASIS.get(f.kind) != "declared" and f.severity.rank in strong for f in findings
    ):
        return "medium"
    if any(
        f.severity is Severity.info and EVIDENCE_BASIS.get(f.kind) == "effect" for f in findings
    ):
        return "medium"
    return "low"


@dataclass
class _Group:
    cause: tuple[str, ...]
    head: str  # what kind of story: work | gap | driver | objective | other | what_works
    findings: list[Finding] = field(default_factory=list)


def group(findings: Sequence[Finding], *, workbook: Workbook) -> list[_Group]:
    """The findings grouped by cause (rules 1–5 of the module docstring), in first-seen
    order; every finding in exactly one group."""
    company = workbook.company
    work_ids = {i.id for i in company.initiatives} | {a.id for a in company.automations}
    kpi_ids = {k.id for k in company.kpis}
    objective_ids = {o.id for o in company.objectives}
    groups: dict[tuple[str, ...], _Group] = {}
    placed: set[str] = set()

    def put(cause: tuple[str, ...], head: str, finding: Finding) -> None:
        if finding.id in placed:
            return
        placed.add(finding.id)
        groups.setdefault(cause, _Group(cause=cause, head=head)).findings.append(finding)

    # by id, so that the grouping does not depend on the order findings come in
    problems = sorted((f for f in findings if f.severity is not Severity.info), key=lambda f: f.id)
    # 2. cause chains: work, the KPIs it harmed, every finding on those KPIs.
    work_of = {f.id: f.subjects[0] for f in problems if f.subjects and f.subjects[0] in work_ids}
    valued = {work_of[f.id] for f in problems if f.kind in WORK_VALUE_KINDS and f.id in work_of}
    claims: dict[str, list[tuple[int, int, str]]] = {}
    for f in problems:
        if f.kind == "initiative_harm" and f.id in work_of:
            work = work_of[f.id]
            for kpi in f.subjects[1:]:
                if kpi in kpi_ids:
                    rank = (0 if work in valued else 1, f.severity.rank, work)
                    claims.setdefault(kpi, []).append(rank)
    kpi_cause: dict[str, tuple[tuple[str, ...], str]] = {
        kpi: ((min(ranks)[2],), "work") for kpi, ranks in claims.items()
    }
    for f in problems:
        if f.kind == "expectation_gap":
            cause = tuple(s for s in f.subjects if s in kpi_ids) or f.subjects or (f.kind,)
            falling: list[Any] = [
                item.get("kpi")
                for item in f.evidence.get("delivery_falling", [])
                if isinstance(item, dict)
            ]
            for named in (*f.subjects, *falling):
                if isinstance(named, str) and named in kpi_ids and named not in kpi_cause:
                    kpi_cause[named] = (cause, "gap")
            if f.subjects and f.subjects[0] in kpi_cause:
                put(*kpi_cause[f.subjects[0]], f)
            else:
                put(cause, "gap", f)
    # the objective of each KPI at a chain's core follows that chain (rule 2, last sentence)
    objective_of_kpi = {k.id: k.objective for k in company.kpis}
    objective_claims: dict[str, list[tuple[int, int, str, tuple[str, ...], str]]] = {}
    for kpi, ranks in claims.items():
        valued_rank, severity, work = min(ranks)
        claim: tuple[int, int, str, tuple[str, ...], str] = (
            0 if valued_rank == 0 else 2,
            severity,
            work,
            (work,),
            "work",
        )
        objective_claims.setdefault(objective_of_kpi[kpi], []).append(claim)
    for f in problems:
        if f.kind == "expectation_gap":
            for kpi in f.subjects:
                if kpi in kpi_cause and kpi_cause[kpi][1] == "gap":
                    cause = kpi_cause[kpi][0]
                    claim = (1, f.severity.rank, ":".join(cause), cause, "gap")
                    objective_claims.setdefault(objective_of_kpi[kpi], []).append(claim)
    objective_cause = {
        objective: (min(ranks)[3], min(ranks)[4]) for objective, ranks in objective_claims.items()
    }
    for f in problems:
        if f.id in work_of:
            put((work_of[f.id],), "work", f)
    for f in problems:
        if f.kind in KPI_KINDS:
            for kpi in f.subjects[: 2 if f.kind == "kpi_tension" else 1]:
                if kpi in kpi_cause:
                    put(*kpi_cause[kpi], f)
    # 3. drivers
    for f in problems:
        if f.kind == "talent_gap" and f.subjects:
            put((f.subjects[0],), "driver", f)
        elif f.kind == "resource_misallocation" and f.subjects:
            put(tuple(f.subjects[:2]), "driver", f)
        elif f.kind in ("silo", "bottleneck") and f.subjects:
            put((f.subjects[0],), "driver", f)
        elif f.kind in ("low_understanding", "sentiment_decline"):
            put(tuple(f.subjects) or ("staff",), "driver", f)
        elif f.kind == "review_lapsed":
            put(("reviews",), "driver", f)
    # 4. objectives
    direct, _ = index.objectives_of(workbook)
    weights = {o.id: o.weight for o in company.objectives}
    for f in problems:
        if f.id in placed:
            continue
        touched = set().union(*(direct.get(s, set()) for s in f.subjects))
        if f.kind == "strategy_link_unsupported" and f.subjects and f.subjects[-1] in objective_ids:
            touched = {f.subjects[-1]}
        if touched:
            objective = min(touched, key=lambda o: (-weights.get(o, 0.0), o))
            put(*objective_cause.get(objective, ((objective,), "objective")), f)
        else:
            put((f.subjects[0],) if f.subjects else (f.kind,), "other", f)
    # 1. good news
    for f in findings:
        if f.severity is Severity.info:
            put((WHAT_WORKS,), WHAT_WORKS, f)
    return list(groups.values())


_HEAD_ORDER = {"declared": 4, "effect": 1, "series": 2, "records": 3}


def _within(finding: Finding) -> tuple[int, int, str]:
    """The order of findings in a story: the cause chain first (the declared conflict, the
    measured effect, the KPI's series), then other records, what the declared strategy
    lacks; then severity, then id."""
    basis = EVIDENCE_BASIS.get(finding.kind, "records")
    head = 0 if finding.kind in WORK_VALUE_KINDS else _HEAD_ORDER[basis]
    return (head, finding.severity.rank, finding.id)


_OBJECTIVE_ORDER = {"series": 0, "records": 1, "effect": 2, "declared": 3}


def _within_objective(finding: Finding) -> tuple[int, int, str]:
    """The order of findings in an objective's story: what the KPIs show, the goals and
    other records, measured relations, then what the declared strategy lacks."""
    basis = EVIDENCE_BASIS.get(finding.kind, "records")
    return (_OBJECTIVE_ORDER[basis], finding.severity.rank, finding.id)


@dataclass(frozen=True)
class Money:
    """Money the data put on a story (:func:`money`)."""

    amount: float
    basis: str


def churn_revenue(customers: Section | None) -> float | None:
    """The monthly revenue that left with the customers lost in the last 12 months:
    Σ churn(m) × revenue(m − 1) over the customers section's last 12 months (None without
    those figures)."""
    monthly = customers.tables.get("monthly") if customers else None
    if not isinstance(monthly, list) or len(monthly) < 2:
        return None
    total, seen = 0.0, 0
    for before, month in zip(monthly[-13:-1], monthly[-12:], strict=False):
        churn, revenue = month.get("churn"), before.get("revenue")
        if isinstance(churn, int | float) and isinstance(revenue, int | float):
            total += float(churn) * float(revenue)
            seen += 1
    return round(total, 2) if seen else None


def misallocated_spend(resources: Section | None) -> float | None:
    """The money of the resources window that would have to move for the objectives' shares
    to match their weights: tvd(money) × the money linked to objectives (None without)."""
    tables = resources.tables if resources else {}
    tvd, rows = tables.get("tvd_money"), tables.get("objectives")
    if not isinstance(tvd, int | float) or not isinstance(rows, list):
        return None
    linked = sum(float(r.get("money") or 0.0) for r in rows if isinstance(r, dict))
    return round(float(tvd) * linked, 2) if linked > 0 else None


def money(
    findings: Sequence[Finding], *, workbook: Workbook, sections: Mapping[str, Section]
) -> Money | None:
    """The money at stake in a story, where the data allow (module docstring), else None."""
    churn_kpis = {
        k.id for k in workbook.company.kpis if k.kind is not None and k.kind in CHURN_KPI_KINDS
    }
    about_churn = any(
        f.kind == "expectation_gap"
        or (f.severity is not Severity.info and f.subjects and f.subjects[0] in churn_kpis)
        for f in findings
    )
    if about_churn:
        amount = churn_revenue(sections.get("customers"))
        if amount:
            return Money(
                amount,
                "a month: the revenue the customers who left in the last 12 months brought "
                "each month, now gone",
            )
    if any(f.kind == "resource_misallocation" for f in findings):
        amount = misallocated_spend(sections.get("resources"))
        if amount:
            return Money(
                amount,
                "spend of the last 12 months that would have to move to match the "
                "objectives' weights",
            )
    return None


def order_key(story: Story, *, weight: float, fallback: float = 0.0) -> tuple[Any, ...]:
    """The order of stories (most at stake first): stake × confidence × weight, then more
    findings, then the id. ``fallback`` stands for the index points where there is no index
    (the findings' penalties, each times its stake)."""
    score = story_score(story, weight=weight, fallback=fallback)
    return (story.cause == (WHAT_WORKS,), -round(score, 6), -len(story.findings), story.id)


def story_score(story: Story, *, weight: float, fallback: float = 0.0) -> float:
    """Stake × confidence × weight (:func:`order_key`)."""
    stake = fallback or story.stake.index_points
    return stake * CONFIDENCE_FACTOR.get(story.confidence, 0.3) * weight


def weight_of(story: Story, stakes: Mapping[str, index.Stake]) -> float:
    """The largest relative stake (0.5–2; 1 where unknown) of the story's findings: the
    weight of the objectives concerned against the average objective."""
    return max((stakes[f].relative if f in stakes else 1.0 for f in story.findings), default=1.0)


def reorder(stories: Sequence[Story], *, dismissed: Collection[str]) -> list[Story]:
    """Stories in their order with those whose findings are all in ``dismissed`` moved to
    the end (keeping their order among themselves), above the "what works" story."""

    def sunk(story: Story) -> bool:
        return all_dismissed(story, dismissed)

    good = [s for s in stories if s.cause == (WHAT_WORKS,)]
    rest = [s for s in stories if s.cause != (WHAT_WORKS,)]
    return [s for s in rest if not sunk(s)] + [s for s in rest if sunk(s)] + good


def led_by_open_findings(stories: Sequence[Story], findings: Sequence[Finding]) -> list[Story]:
    """Stories whose head finding is dismissed, headed and advised by their first open
    finding: its title (with how many other open findings the story holds) as the
    headline, its recommendation as what to do (and as the first step where the step was
    the head's recommendation). A dismissed finding's claim is not the headline and its
    advice not the thing to do; the stake stays (:meth:`Result.with_dismissals`). A story
    whose findings are all dismissed keeps its words (it is shown as dismissed)."""
    by_id = {f.id: f for f in findings}
    out: list[Story] = []
    for story in stories:
        head = by_id.get(story.findings[0]) if story.findings else None
        open_ = [by_id[i] for i in story.findings if i in by_id and by_id[i].dismissed is None]
        if head is None or head.dismissed is None or not open_:
            out.append(story)
            continue
        lead, more = open_[0], len(open_) - 1
        headline = lead.title + (
            f" ({more} more finding{'s' if more > 1 else ''} on it)" if more else ""
        )
        step = lead.recommendation if story.first_step == head.recommendation else story.first_step
        out.append(
            replace(story, title=headline, recommendation=lead.recommendation, first_step=step)
        )
    return out


def build_stories(
    *,
    workbook: Workbook,
    findings: Sequence[Finding],
    sections: Mapping[str, Section],
    evidence: Collection[str],
    stakes: Mapping[str, index.Stake],
    labels: Mapping[str, str],
) -> list[Story]:
    """The result's ``stories``: ``findings`` grouped by cause, each with its title, stake,
    confidence, recommendation and first step, most at stake first (module docstring)."""
    indexed = index.score(evidence=evidence, findings=findings, stakes=stakes).index is not None
    out: list[tuple[tuple[Any, ...], Story]] = []
    for g in group(findings, workbook=workbook):
        members = sorted(g.findings, key=_within_objective if g.head == "objective" else _within)
        ids = tuple(f.id for f in members)
        cash = money(members, workbook=workbook, sections=sections)
        points = index.joint_gain(evidence=evidence, findings=findings, ids=set(ids), stakes=stakes)
        story = Story(
            id="story:" + ":".join(g.cause),
            title=title(g, members, workbook=workbook, labels=labels),
            cause=g.cause,
            findings=ids,
            stake=Stake(
                index_points=points,
                money=None if cash is None else cash.amount,
                currency=None if cash is None else workbook.company.currency,
                money_basis=None if cash is None else cash.basis,
            ),
            confidence=confidence(members),
            recommendation=members[0].recommendation,
            first_step=first_step(g, members, workbook=workbook, labels=labels),
        )
        weight = weight_of(story, stakes)
        fallback = (
            0.0
            if indexed
            else sum(
                index.PENALTY[f.severity] * (stakes[f.id].relative if f.id in stakes else 1.0)
                for f in members
            )
        )
        out.append((order_key(story, weight=weight, fallback=fallback), story))
    ordered = [s for _, s in sorted(out, key=lambda pair: pair[0])]
    return reorder(ordered, dismissed={f.id for f in findings if f.dismissed is not None})


def _q(text: str) -> str:
    return f"“{text}”"


def _words(workbook: Workbook) -> Words:
    from coxswain.wording.numbers import Words  # Babel: loaded when words are wanted

    return Words(locale=workbook.company.locale, currency=workbook.company.currency)


def _month(iso: Any, workbook: Workbook) -> str | None:
    """A month in the workbook's locale ("June 2027", "Juni 2027"), or None."""
    text = _words(workbook).month(str(iso) if iso is not None else None)
    return None if text == "not known" else text


def _level(kpi_id: str, members: Sequence[Finding], workbook: Workbook) -> str | None:
    """The KPI's latest level in its unit, written as finding titles write it
    ("3.9 out of 5", "$36,106", "68%"), from its off-track finding in the story."""
    kpi = next((k for k in workbook.company.kpis if k.id == kpi_id), None)
    for f in members:
        if f.kind == "kpi_off_track" and f.subjects and f.subjects[0] == kpi_id:
            latest = f.evidence.get("latest")
            if isinstance(latest, int | float):
                return _words(workbook).amount(float(latest), kpi.unit if kpi else None)
    return None


def _harm(members: Sequence[Finding]) -> Finding | None:
    return next((f for f in members if f.kind == "initiative_harm" and len(f.subjects) > 1), None)


def _owner(work_id: str, workbook: Workbook, labels: Mapping[str, str]) -> str:
    initiative = next((i for i in workbook.company.initiatives if i.id == work_id), None)
    if initiative is not None and initiative.owner:
        return _q(labels.get(initiative.owner, initiative.owner))
    return "whoever runs it"


def _goals_behind(members: Sequence[Finding]) -> list[Finding]:
    return sorted(
        (f for f in members if f.kind == "goal_behind"),
        key=lambda f: (float(f.evidence.get("progress") or 0.0), f.id),
    )


def title(
    g: _Group, members: Sequence[Finding], *, workbook: Workbook, labels: Mapping[str, str]
) -> str:
    """The story's headline, in the owner's words (``shared/design/writing.md``)."""
    head = members[0]
    name = labels.get(g.cause[0], g.cause[0]) if g.cause else ""
    more = len(members) - 1
    if g.head == WHAT_WORKS:
        return "What works: " + head.title + (f", and {more} more" if more else "")
    if g.head == "work":
        harm = _harm(members)
        value = next((f for f in members if f.kind in WORK_VALUE_KINDS), None)
        if harm is not None:
            kpi = harm.subjects[1]
            since = _month(harm.evidence.get("start"), workbook)
            level = _level(kpi, members, workbook)
            fell = f"{_q(labels.get(kpi, kpi))} has fallen since it started" + (
                f" in {since}" if since else ""
            )
            now = f" ({level} now)" if level else ""
            if value is not None:
                against = [s for s in value.subjects[1:] if s in labels][-1:] or value.subjects[1:2]
                target = _q(labels.get(against[0], against[0])) if against else "your values"
                return f"{_q(name)} works against {target}, and {fell}{now}"
            return f"{_q(name)}: {fell}{now}"
    if g.head == "gap":
        level = _level(g.cause[0], members, workbook)
        now = f": {_q(name)} at {level}" if level else f" ({_q(name)})"
        return f"Customers leave faster although more keep coming in{now}"
    if g.head == "objective":
        goals = _goals_behind(members)
        if goals and len(goals) == len(members):
            if len(goals) == 1:
                return goals[0].title
            return f"{len(goals)} goals for {_q(name)} are behind their time"
        extra = f" ({more} more finding{'s' if more > 1 else ''} on it)" if more else ""
        lead = "" if name in head.title else f"{_q(name)}: "
        return f"{lead}{head.title}{extra}"
    if more:
        return f"{head.title} ({more} more finding{'s' if more > 1 else ''} on it)"
    return head.title


def first_step(
    g: _Group, members: Sequence[Finding], *, workbook: Workbook, labels: Mapping[str, str]
) -> str:
    """One concrete step for this week, naming who and what (the head finding's
    recommendation where no step of the story's own fits)."""
    step = _first_step(g, members, workbook=workbook, labels=labels)
    if step:
        return step
    name = labels.get(g.cause[0], g.cause[0]) if g.cause else "it"
    return (
        f"This week, go through these findings with whoever is responsible for {_q(name)} "
        "and agree one change to check again in a month."
    )


def _first_step(
    g: _Group, members: Sequence[Finding], *, workbook: Workbook, labels: Mapping[str, str]
) -> str:
    head = members[0]
    name = labels.get(g.cause[0], g.cause[0]) if g.cause else ""
    if g.head == WHAT_WORKS:
        return (
            "At the next team meeting, say what worked and who made it happen, and keep "
            f"{_q(labels.get(head.subjects[0], head.subjects[0])) if head.subjects else 'it'} "
            "funded."
        )
    if g.head == "work":
        harm = _harm(members)
        kpi = _q(labels.get(harm.subjects[1], harm.subjects[1])) if harm else None
        automation = any(a.id == g.cause[0] for a in workbook.company.automations)
        if automation:
            return (
                f"This week, read ten recent conversations handled by {_q(name)} and give "
                "customers a way to reach a person from it"
                + (f"; then watch {kpi} for a month." if kpi else ".")
            )
        who = _owner(g.cause[0], workbook, labels)
        if kpi:
            return (
                f"This week, sit down with {who} and put {_q(name)} next to {kpi} since it "
                "started: decide whether to stop it, change it or keep it knowingly, and "
                f"check {kpi} again in a month."
            )
        return head.recommendation
    if g.head == "gap":
        return (
            "This week, call five customers who left last month and ask what they expected "
            "and did not get; write the answers where the whole team sees them."
        )
    if g.head == "objective":
        goals = _goals_behind(members)
        if goals:
            goal = goals[0]
            owner = next((x.owner for x in workbook.company.goals if x.id == goal.subjects[0]), "")
            done = goal.evidence.get("progress")
            share = f" ({round(float(done) * 100)}% done)" if isinstance(done, int | float) else ""
            goal_name = _q(labels.get(goal.subjects[0], goal.subjects[0]))
            return (
                f"This week, hold a 15-minute check-in with {_q(labels.get(owner, owner))} on "
                f"{goal_name}{share}: agree the one key result to push, remove a blocker or "
                "rescope the goal openly."
            )
    if head.kind == "resource_misallocation" and len(head.subjects) >= 2:
        over, under = (_q(labels.get(s, s)) for s in head.subjects[:2])
        return (
            f"This week, list what goes to {over} each month and pick one item to move to {under}."
        )
    if head.kind == "talent_gap":
        return (
            f"This week, pick one person to learn {_q(name)} from whoever does it best, and "
            "book their first hour together."
        )
    return head.recommendation


TOP_STORIES = 5
"""How many stories a face shows before "N more"."""

CONFIDENCE_WORDS = {
    "high": "strong evidence: several kinds agree",
    "medium": "measured, from one kind of evidence",
    "low": "weak evidence: the declared strategy alone, or minor findings",
}
"""How faces explain each confidence."""


def _default_words() -> Words:
    from coxswain.wording.numbers import Words  # Babel: loaded when words are wanted

    return Words()


def money_words(stake: Stake, words: Words | None = None) -> str | None:
    """The story's money in words ("about $249,880 a month: the revenue the customers
    who …"), in the workbook's locale and currency (``words``), or None."""
    if stake.money is None:
        return None
    say = words or _default_words()
    amount = say.money(stake.money, stake.currency or say.currency)
    basis = stake.money_basis or ""
    # a basis that starts with the period ("a month: …") reads on from the amount
    sep = " " if basis.startswith("a month") else ": "
    return f"about {amount}{sep + basis if basis else ''}"


def stake_words(stake: Stake, words: Words | None = None) -> str:
    """What a story puts at stake, in words: the index points, then the money if any.
    Every face (text, HTML, the dashboard's cards) says it with this function."""
    say = words or _default_words()
    points = stake.index_points
    text = (
        f"{say.plain(points, 1)} point{'s' if points != 1 else ''} of the alignment index"
        if points > 0
        else "no points of the alignment index"
    )
    cash = money_words(stake, say)
    return f"{text}; {cash}" if cash else text


def all_dismissed(story: Story, dismissed: Collection[str]) -> bool:
    """Whether every finding of ``story`` is dismissed (it then sinks to the end)."""
    return bool(story.findings) and all(f in dismissed for f in story.findings)
