# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Reading insights: runs, the index history, findings with their dismissals, actions, KPI tiles."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone

from coxswain.analysis.kinds import kind_words
from coxswain.analysis.result import Stake
from coxswain.analysis.rules import (
    KpiState,
    goal_objectives,
    objectives_named,
    severity_order,
    severity_rank,
)
from coxswain.analysis.stories import stake_words
from coxswain.web.accounts.models import Organisation
from coxswain.web.insights.models import (
    Action,
    ActionStatus,
    AnalysisRun,
    Dismissal,
    RunStatus,
)
from coxswain.web.strategy.models import KpiValue, Person

if TYPE_CHECKING:
    from coxswain.analysis.dismissals import Dismissal as StoredDismissal
    from coxswain.analysis.payloads import ForecastRow
    from coxswain.analysis.result import Result
    from coxswain.analysis.rules import KpiStatus
    from coxswain.wording import Context, Words
    from coxswain.workbook import Company
    from coxswain.workbook.model import Kpi

log = logging.getLogger("coxswain.web")


def _done_runs(*, org: Organisation) -> QuerySet[AnalysisRun]:
    """The organisation's finished runs, the current one first: of the runs made on the
    latest data (no date chosen), the latest ``as_of``, and of those the last finished. An
    analysis as of a chosen date ("what it looked like then") never comes before one of
    them, whatever its date; only when there is no other does the latest of them show."""
    return (
        AnalysisRun.objects.for_org(org)
        .filter(status=RunStatus.done)
        .order_by("as_of_chosen", "-as_of", "-finished", "-id")
    )


def latest_run(*, org: Organisation) -> AnalysisRun | None:
    """The run the dashboard, the report and the digest show: the latest run made on the
    latest data (:func:`_done_runs`)."""
    run: AnalysisRun | None = (
        _done_runs(org=org).defer("report").first()  # the report text: latest_report
    )
    return run


def previous_current_run(*, org: Organisation, run: AnalysisRun) -> AnalysisRun | None:
    """The run that was current (:func:`latest_run`) before ``run`` finished: the first of
    :func:`_done_runs` among those finished before it (None: ``run`` is the first)."""
    if run.finished is None:
        return None
    earlier: AnalysisRun | None = (
        _done_runs(org=org)
        .exclude(pk=run.pk)
        .filter(finished__lt=run.finished)
        .defer("report")
        .first()
    )
    return earlier


def earlier_runs(*, org: Organisation, current: AnalysisRun | None) -> list[AnalysisRun]:
    """The "what it looked like then" views: for each other ``as_of`` than the current run's,
    the last run finished for it, latest date first (at most 12)."""
    if current is None or current.as_of is None:
        return []
    runs = (
        AnalysisRun.objects.for_org(org)
        .filter(status=RunStatus.done)
        .exclude(as_of=current.as_of)
        .exclude(as_of=None)
        .order_by("-as_of", "-finished", "-id")
        .only("pk", "as_of", "finished", "alignment_index")
    )
    out: list[AnalysisRun] = []
    for run in runs[:200]:
        if not out or out[-1].as_of != run.as_of:
            out.append(run)
        if len(out) == 12:
            break
    return out


def done_run(*, org: Organisation, pk: int) -> AnalysisRun | None:
    """One of the organisation's finished runs (None: not one of theirs, or not finished)."""
    run: AnalysisRun | None = _done_runs(org=org).defer("report").filter(pk=pk).first()
    return run


@dataclass(frozen=True)
class StoredReport:
    """The latest run's date and its result as stored for the report (None for a run from
    before the report was kept with it, or of another result format)."""

    as_of: dt.date | None
    result: Result | None
    privacy: dict[str, Any] | None = None  # web.privacy.report_privacy as of the run


def latest_report(*, org: Organisation) -> StoredReport | None:
    """What the report of the latest run needs, in one query; None without a run. The result
    is read back from the run's report text (the result in the order the analyses wrote it,
    with the names the report shows)."""
    from coxswain.analysis.result import Result

    row = _done_runs(org=org).values_list("pk", "as_of", "report").first()
    if row is None:
        return None
    pk, as_of, text = row
    if not text:
        return StoredReport(as_of=as_of, result=None)
    try:
        data = json.loads(text)
        result = Result.from_json(data["result"], labels=data["labels"], people=data["people"])
        stored_privacy = data.get("privacy")
    except (ValueError, KeyError, TypeError, AttributeError):
        log.warning("analysis run %s: stored report unreadable, analysing again", pk)
        return StoredReport(as_of=as_of, result=None)
    return StoredReport(as_of=as_of, result=result, privacy=stored_privacy)


def all_people_exist(*, org: Organisation, ids: Iterable[str]) -> bool:
    """Whether every one of these person ids is still one of the organisation's people."""
    wanted = set(ids)
    if not wanted:
        return True
    return Person.objects.for_org(org).filter(slug__in=wanted).count() == len(wanted)


def active_run(*, org: Organisation) -> AnalysisRun | None:
    """The run the dashboard shows the state of: the latest, unless it is done (queued and
    running ones show their progress, a failed one why it failed)."""
    run: AnalysisRun | None = AnalysisRun.objects.for_org(org).order_by("-created", "-id").first()
    return run if run is not None and run.status != RunStatus.done else None


def index_history(*, org: Organisation) -> list[dict[str, Any]]:
    """One point per as_of (the latest run for it): the index and its components over time."""
    by_date: dict[dt.date, AnalysisRun] = {}
    runs = (
        AnalysisRun.objects.for_org(org)
        .filter(status=RunStatus.done)
        .order_by("finished", "id")
        .only("as_of", "alignment_index", "components", "finished")
    )
    for run in runs:
        if run.as_of is not None:
            by_date[run.as_of] = run
    return [
        {
            "as_of": d,
            "index": r.alignment_index,
            "components": r.components or {},
        }
        for d, r in sorted(by_date.items())
    ]


def dismissals(*, org: Organisation) -> list[StoredDismissal]:
    """The organisation's dismissals, oldest first, as the core matches them."""
    from coxswain.analysis.base import Severity
    from coxswain.analysis.dismissals import Dismissal as StoredDismissal

    out = []
    for d in Dismissal.objects.for_org(org).select_related("by").order_by("at", "id"):
        out.append(
            StoredDismissal(
                finding_id=d.finding_id,
                reason=d.reason,
                by=d.by.get_username() if d.by else "a former member",
                on=timezone.localdate(d.at),
                kind=d.kind,
                subjects=tuple(d.subjects or ()),
                severity=Severity(d.severity) if d.severity in set(Severity) else None,
                evidence=d.evidence,
                evidence_hash=d.evidence_hash,
            )
        )
    return out


def with_dismissals(*, org: Organisation, result: Result) -> Result:
    """``result`` as the organisation sees it: findings a dismissal holds for marked
    dismissed, the plan recomputed without them (:meth:`Result.with_dismissals`)."""
    from coxswain.analysis.dismissals import match

    return result.with_dismissals(match(result.findings, dismissals(org=org)))


def run_result(*, org: Organisation, run: AnalysisRun) -> Result | None:
    """The run's stored result with the organisation's dismissals applied (None: none
    stored, or one of an older result format)."""
    from coxswain.analysis.result import Result

    try:
        result = Result.from_json(run.result) if run.result else None
    except (ValueError, KeyError, TypeError, AttributeError):
        log.warning("analysis run %s: stored result unreadable", run.pk)
        return None
    return None if result is None else with_dismissals(org=org, result=result)


def unscored_components(*, result: Result) -> list[tuple[str, str]]:
    """Each index component without a score, by its plain name, with why
    (:meth:`Result.unscored_components`). "Teams talking: no evidence" beside 5,200 messages
    said nothing of why (a walk-through)."""
    from coxswain.wording.glossary import component_name

    return [(component_name(c), why) for c, why in result.unscored_components().items()]


@dataclass(frozen=True)
class PlanRow:
    """A step of the 90-day plan as the dashboard lists it: what to do, the finding it
    answers (its title, as the findings list writes it) and the points its resolution adds."""

    action: str
    finding_id: str
    finding_title: str
    expected_gain: float


def plan_rows(*, result: Result, findings: list[dict[str, Any]]) -> list[PlanRow]:
    """``result.plan`` (dismissals applied: :func:`run_result`) with each step's finding,
    so a step says what it is about ("Support lead (Person 770)" was only in the report)."""
    titles = {f["id"]: f["title"] for f in findings}
    return [
        PlanRow(
            action=step.action,
            finding_id=step.finding,
            finding_title=titles.get(step.finding, ""),
            expected_gain=step.expected_gain,
        )
        for step in result.plan
    ]


def findings_view(
    *,
    org: Organisation,
    run: AnalysisRun,
    result: Result | None = None,
    labels: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The run's findings (of ``result``, the run's with dismissals, when given), open ones
    first, most severe first, each with its dismissal (or None), actions and plan step
    (``labels``: :func:`coxswain.web.privacy.labels`, when the caller has them already)."""
    from coxswain.analysis.base import Finding
    from coxswain.analysis.dismissals import match
    from coxswain.wording import explain_finding

    result = result if result is not None else run_result(org=org, run=run)
    if result is not None:
        findings, plan = result.findings, {p.finding: p.to_json() for p in result.plan}
    else:  # a stored result that does not read back whole: its findings, dismissals marked
        findings = []
        for data in (run.result or {}).get("findings", []):
            try:
                findings.append(Finding.from_json(data))
            except (KeyError, TypeError, ValueError):
                log.warning("analysis run %s: unreadable finding %r", run.pk, data.get("id"))
        marked = match(findings, dismissals(org=org))
        findings = [dataclasses.replace(f, dismissed=marked.get(f.id)) for f in findings]
        plan = {}
    actions: dict[str, list[Action]] = {}
    for action in (
        Action.objects.for_org(org).exclude(finding_id="").select_related("owner__user", "person")
    ):
        actions.setdefault(action.finding_id, []).append(action)
    context = wording(org=org, result=result, labels=labels)
    out = []
    for f in findings:
        plain = explain_finding(f, context)
        out.append(
            {
                **f.to_json(),
                "actions": actions.get(f.id, []),
                "plan": plan.get(f.id),
                "plain": plain,  # kind name, summary, facts, "How we know"
                "summary": plain.summary,
            }
        )
    out.sort(key=lambda f: (f["dismissed"] is not None, severity_rank(f["severity"])))
    return out


def wording(
    *, org: Organisation, result: Result | None, labels: dict[str, str] | None = None
) -> Context:
    """How the organisation's findings are worded (:func:`coxswain.wording.context_of`):
    the result's locale and KPI units, and every id named as every page names it
    (:func:`coxswain.web.privacy.labels`, the one naming rule)."""
    from coxswain.web.privacy import labels as org_labels
    from coxswain.wording import Context, context_of

    names = labels if labels is not None else org_labels(org=org)
    return context_of(result, labels=names) if result is not None else Context(labels=names)


def finding(*, org: Organisation, finding_id: str) -> dict[str, Any] | None:
    """A finding of the organisation's latest result (None: not one of theirs)."""
    run = latest_run(org=org)
    if run is None:
        return None
    return next((f for f in (run.result or {}).get("findings", []) if f["id"] == finding_id), None)


def open_actions(*, org: Organisation) -> list[Action]:
    return list(
        Action.objects.for_org(org)
        .filter(status=ActionStatus.open)
        .select_related("owner__user", "person")
    )


def overdue(action: Action, *, today: dt.date | None = None) -> bool:
    return action.status == ActionStatus.open and action.due < (today or timezone.localdate())


def latest_result(*, org: Organisation) -> Result | None:
    """The latest run's result, typed, with the organisation's dismissals marked (None
    without one, or for one of an older result format, which the pages treat as no analysis
    until the next run)."""
    run = latest_run(org=org)
    return None if run is None else run_result(org=org, run=run)


def kpi_tiles(
    *, org: Organisation, company: Company, result: Result | None, until: dt.date | None = None
) -> list[KpiTile]:
    """Each KPI's history, latest value and status (the rule of every face,
    :func:`coxswain.analysis.rules.kpi_status`, with its deadline and staleness) as of the
    latest analysis's date or the newest value since, and its forecast where the latest
    result has one; with ``until`` ("what it looked like then"), the values up to that date
    and the status as of it."""
    from coxswain.analysis.payloads import forecast_payload
    from coxswain.analysis.rules import kpi_status

    history: dict[str, list[tuple[dt.date, float]]] = {}
    values = KpiValue.objects.for_org(org).order_by("kpi", "date")
    if until is not None:
        values = values.filter(date__lte=until)
    for v in values.values_list("kpi", "date", "value"):
        history.setdefault(v[0], []).append((v[1], v[2]))
    dates = [d for points in history.values() for d, _ in points]
    known = [d for d in (result.as_of if result else None, max(dates, default=None)) if d]
    as_of = until or (max(known) if known else timezone.localdate())
    forecasts = forecast_payload(result.sections.get("forecast") if result else None).by_kpi()
    tiles = []
    for kpi in company.kpis:
        points = history.get(kpi.id, [])
        status = kpi_status(kpi, observations=points, as_of=as_of)
        tiles.append(
            KpiTile(
                kpi=kpi,
                points=points,
                status=status,
                as_of=as_of,
                forecast=_forecast(forecasts.get(kpi.id)),
                words=words_of(result),
            )
        )
    return tiles


def words_of(result: Result | None) -> Words:
    """How the result's company writes numbers and dates (English without a result)."""
    from coxswain.wording import Words

    return Words() if result is None else Words(locale=result.locale, currency=result.currency)


@dataclass(frozen=True)
class KpiForecast:
    points: list[tuple[dt.date, float]]
    band: list[tuple[dt.date, float, float]]
    p_hit: float | None


@dataclass
class KpiTile:
    kpi: Kpi
    points: list[tuple[dt.date, float]]
    status: KpiStatus
    as_of: dt.date
    forecast: KpiForecast
    chart: Any = None  # the view draws it
    words: Words = dataclasses.field(default_factory=lambda: words_of(None))

    @property
    def latest(self) -> float | None:
        return self.points[-1][1] if self.points else None

    @property
    def latest_text(self) -> str:
        """The latest value in the KPI's unit, the unit once ("3.9 out of 5"), or "no value yet"."""
        latest = self.latest
        return "no value yet" if latest is None else self.words.amount(latest, self.kpi.unit)

    @property
    def target_text(self) -> str:
        """ "target 4.6 out of 5 by 31 December 2026" ("no target" without one)."""
        if self.kpi.target is None:
            return "no target"
        text = f"target {self.words.amount(self.kpi.target, self.kpi.unit)}"
        return text + (f" by {self.words.date(self.kpi.deadline)}" if self.kpi.deadline else "")

    @property
    def chance_text(self) -> str:
        """ "about a 1-in-30 chance of reaching it"; for a KPI on target now, "about a 41%
        chance of staying there" (the forecast is of the target date, which an owner reading
        "on target" beside "a 41% chance of reaching it" took for a contradiction); "" without
        a forecast."""
        p = self.forecast.p_hit
        if p is None:
            return ""
        there = self.status.state == KpiState.on_target
        return f"{self.words.chance(p)} of {'staying there' if there else 'reaching it'}"

    @property
    def stale_text(self) -> str:
        return f"no value since {self.words.date(self.status.date)}" if self.status.stale else ""

    @property
    def state(self) -> str:
        return self.status.state.value

    @property
    def colour(self) -> str:
        return self.status.state.colour.value


def _forecast(row: ForecastRow | None) -> KpiForecast:
    """A KPI's forecast from the result's ``forecast`` section: mean points, the 80% band
    and the chance of hitting the target (nothing drawn without one)."""
    empty = KpiForecast(points=[], band=[], p_hit=None)
    fc = row.forecast if row is not None else None
    if row is None or fc is None:
        return empty
    try:
        dates = [dt.date.fromisoformat(str(d)) for d in fc["dates"]]
        mean = [float(v) for v in fc["mean"]]
        band = [
            (d, float(lo), float(hi))
            for d, lo, hi in zip(dates, fc.get("lo80", []), fc.get("hi80", []), strict=False)
            if lo is not None and hi is not None
        ]
    except (KeyError, TypeError, ValueError):
        return empty
    return KpiForecast(points=list(zip(dates, mean, strict=False)), band=band, p_hit=row.p_hit)


def evidence_summary(*, org: Organisation) -> list[tuple[str, int]]:
    """Each evidence file of the workbook format and how many rows the organisation has."""
    from coxswain.web.checkins.models import SurveyAnswer
    from coxswain.web.strategy.models import EvidenceTable, Person
    from coxswain.workbook.tables import TABLES

    counts = {
        "kpi_values": KpiValue.objects.for_org(org).count(),
        "people": Person.objects.for_org(org).count(),
        "survey": SurveyAnswer.objects.for_org(org).count(),
    }
    counts.update(dict(EvidenceTable.objects.for_org(org).values_list("name", "rows")))
    return [(spec.file, counts.get(name, 0)) for name, spec in TABLES.items()]


# ---------------------------------------------------------------------------------------------
# The dashboard: the top stories, then every finding with filter, sort and search

STORY_CARDS = 3
"""How many stories (or, for a result stored without stories, top findings) head the
dashboard."""
FINDINGS_SHOWN = (
    1  # below the story cards, which already lead with the worst; "show all" opens the rest
)
"""How many open findings the dashboard lists before "show all"."""
SORTS = {
    "severity": "Most severe first",
    "objective": "By objective",
    "kind": "By kind",
    "title": "By title (A to Z)",
}


@dataclass(frozen=True)
class FindingFilters:
    """What the findings list is narrowed to (empty: everything) and how it is sorted."""

    objective: str = ""
    kind: str = ""
    severity: str = ""
    owner: str = ""
    q: str = ""
    sort: str = "severity"
    show_all: bool = False

    @property
    def active(self) -> bool:
        return bool(self.objective or self.kind or self.severity or self.owner or self.q)


def annotate_findings(
    *, findings: list[dict[str, Any]], company: Company, labels: dict[str, str]
) -> list[dict[str, Any]]:
    """Each finding row with what the list filters and shows by: its kind in plain words
    (:func:`coxswain.analysis.kinds.kind_words`), the objectives it is about
    (:func:`coxswain.analysis.rules.objectives_named`, the rule that colours objectives) and
    the owners of the goals and initiatives it names, each as (id, name)."""
    names = {o.id: o.name for o in company.objectives}
    kpi_objective = {k.id: k.objective for k in company.kpis}
    goal_objective = goal_objectives(company)
    owner_of = {g.id: g.owner for g in company.goals}
    owner_of.update({i.id: i.owner for i in company.initiatives if i.owner})
    out = []
    for f in findings:
        subjects = f.get("subjects") or []
        objectives = objectives_named(
            subjects, objectives=names, kpi_objective=kpi_objective, goal_objective=goal_objective
        )
        owners = list(dict.fromkeys(owner_of[s] for s in subjects if s in owner_of))
        out.append(
            {
                **f,
                "kind_words": kind_words(f.get("kind", "")),
                "objectives": [(o, names[o]) for o in objectives],
                "owners": [(o, labels.get(o, o)) for o in owners],
            }
        )
    return out


def filter_choices(
    *, findings: list[dict[str, Any]], company: Company
) -> dict[str, list[tuple[str, str]]]:
    """The choices of each filter: every objective of the strategy; the kinds, severities and
    owners of the findings there are."""
    kinds = sorted({(f["kind"], f["kind_words"]) for f in findings}, key=lambda k: k[1])
    present = {f["severity"] for f in findings}
    owners = sorted({o for f in findings for o in f["owners"]}, key=lambda o: o[1].lower())
    return {
        "objective": [(o.id, o.name) for o in company.objectives],
        "kind": kinds,
        "severity": [(s.value, s.value.capitalize()) for s in severity_order() if s in present],
        "owner": owners,
        "sort": list(SORTS.items()),
    }


def filter_findings(
    *, findings: list[dict[str, Any]], filters: FindingFilters
) -> list[dict[str, Any]]:
    """The annotated findings (:func:`annotate_findings`) that pass the filters, sorted as
    asked; a search matches every word, case-insensitively, anywhere in the title, the
    recommendation, the kind's words, the objectives' and owners' names."""
    words = filters.q.lower().split()

    def passes(f: dict[str, Any]) -> bool:
        if filters.objective and filters.objective not in {o for o, _ in f["objectives"]}:
            return False
        if filters.kind and f["kind"] != filters.kind:
            return False
        if filters.severity and f["severity"] != filters.severity:
            return False
        if filters.owner and filters.owner not in {o for o, _ in f["owners"]}:
            return False
        if words:
            text = " ".join(
                [
                    f.get("title") or "",
                    f.get("recommendation") or "",
                    f["kind_words"],
                    *(n for _, n in f["objectives"]),
                    *(n for _, n in f["owners"]),
                ]
            ).lower()
            return all(w in text for w in words)
        return True

    kept = [f for f in findings if passes(f)]

    def order(f: dict[str, Any]) -> tuple[str, int]:
        if filters.sort == "objective":
            key = f["objectives"][0][1].lower() if f["objectives"] else "~"
        elif filters.sort == "kind":
            key = f["kind_words"].lower()
        elif filters.sort == "title":
            key = (f.get("title") or "").lower()
        else:  # most severe first (as findings_view sorts them)
            key = ""
        return key, severity_rank(f["severity"])

    kept.sort(key=order)
    return kept


@dataclass
class StoryCard:
    """A card at the top of the dashboard: a story of the result (or, for a result stored
    without stories, one of its top findings), the KPI that shows its consequence, and the
    finding an action made from it is linked to."""

    id: str
    title: str
    recommendation: str
    first_step: str
    index_points: float | None
    money: float | None
    confidence: str | None
    stake: str | None  # what is at stake in words (the core's ``stake_words``)
    finding_id: str
    findings: list[dict[str, Any]]
    tile: KpiTile | None
    from_story: bool
    chart: Any = None  # the view draws it


def story_cards(
    *,
    result: Result,
    findings: list[dict[str, Any]],
    tiles: list[KpiTile],
    limit: int = STORY_CARDS,
) -> list[StoryCard]:
    """The top ``limit`` stories of ``result`` that have an open finding, in the result's
    order, each with the KPI of its consequence: the first KPI among the subjects of its
    findings, in the story's order (none named: the first KPI of the first objective they
    are about, as :func:`annotate_findings` has it, when the rows are annotated).
    A result stored without stories (before they were
    analysed) gets its most severe open findings that are not good news instead."""
    rows = {f["id"]: f for f in findings}
    words = words_of(result)
    by_kpi = {t.kpi.id: t for t in tiles}
    by_objective: dict[str, KpiTile] = {}
    for t in tiles:
        by_objective.setdefault(t.kpi.objective, t)

    def first_tile(story_findings: list[dict[str, Any]]) -> KpiTile | None:
        subjects = [s for f in story_findings for s in f.get("subjects") or []]
        for subject in subjects:
            if subject in by_kpi:
                return by_kpi[subject]
        # no KPI named: the first KPI of the first objective the findings are about
        for f in story_findings:
            for objective, _ in f.get("objectives") or []:
                if objective in by_objective:
                    return by_objective[objective]
        return None

    cards: list[StoryCard] = []
    for story in result.stories:
        members = [rows[i] for i in story.findings if i in rows]
        open_ = [f for f in members if f["dismissed"] is None]
        if not open_:
            continue
        cards.append(
            StoryCard(
                id=story.id,
                title=story.title,
                recommendation=story.recommendation,
                first_step=story.first_step,
                index_points=story.stake.index_points,
                money=story.stake.money,
                confidence=story.confidence,
                stake=stake_words(story.stake, words),
                finding_id=open_[0]["id"],
                findings=open_,
                tile=first_tile(members),
                from_story=True,
            )
        )
        if len(cards) == limit:
            return cards
    if result.stories:
        return cards
    for f in findings:
        if f["dismissed"] is not None or f["severity"] == "info":
            continue
        plan = f.get("plan") or {}
        gain = plan.get("expected_gain")
        cards.append(
            StoryCard(
                id=f["id"],
                title=f["title"],
                recommendation=f.get("recommendation") or "",
                first_step=plan.get("action", ""),
                index_points=gain,
                money=None,
                confidence=None,
                stake=None if gain is None else stake_words(Stake(index_points=gain), words),
                finding_id=f["id"],
                findings=[f],
                tile=first_tile([f]),
                from_story=False,
            )
        )
        if len(cards) == limit:
            break
    return cards
