"""Strategic understanding: can staff state the priorities, and do they see how their
work contributes?

From survey.csv (latest round of each question: answers dated within
:data:`ROUND_DAYS` days of that question's latest answer, one per respondent):

* ``priorities`` (free text): each answer is split into clauses and every clause, and
  the whole answer, is embedded with MiniLM (:mod:`coxswain.nlp.embed`), as is every
  way the workbook words an objective: its name, its name with its description, its id
  as words (``coffee_quality`` → "coffee quality") and the names and statements of the
  values it expresses. An objective counts as *stated* when some clause's cosine
  similarity to some of its wordings reaches :data:`THRESHOLD` (calibrated on
  hand-written paraphrase / non-paraphrase pairs in ``tests/analysis/test_understanding.py``).
  The *top objectives* are the :data:`TOP_OBJECTIVES` heaviest (ties at the cut all
  count). A respondent's *coverage* is the weight of the top objectives they stated over
  the weight of the :data:`FULL_COVERAGE` heaviest, capped at 1: naming the two heaviest
  priorities (or two of equal weight) is full coverage, naming only a minor one is little.
  *Stating* means naming at least one top objective.
* ``line_of_sight`` and ``values_lived`` (Likert 1–5): their means.
* ``enps`` (0–10): % promoters (9–10) minus % detractors (0–6); reported, not scored.

Component ``understanding`` (0–100): the mean of the parts present — mean coverage × 100
and each Likert mean rescaled from 1–5 to 0–100. Groups of fewer than
``privacy.min_group`` respondents are never shown, nor scored.

``low_understanding``: fewer than :data:`MIN_STATING` of respondents state a top
objective, mean coverage under :data:`LOW_COVERAGE`, or mean line of sight under
:data:`LOW_LINE_OF_SIGHT`; company-wide and for teams that are low where the company
is not, or markedly lower than it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from coxswain.analysis._staff import survey_with_teams, team_names
from coxswain.analysis.base import Context, Finding, Section, Severity
from coxswain.analysis.rules import enps as enps_score
from coxswain.privacy import suppress
from coxswain.workbook import Workbook
from coxswain.workbook.model import Objective, Value

THRESHOLD = 0.40  # cosine similarity at which a clause states an objective
TOP_OBJECTIVES = 3
FULL_COVERAGE = 2  # naming this many of the heaviest objectives is full coverage
ROUND_DAYS = 60
LOW_COVERAGE = 0.35
VERY_LOW_COVERAGE = 0.2
MIN_STATING = 0.5  # share of respondents who name at least one top objective
VERY_LOW_STATING = 0.25
LOW_LINE_OF_SIGHT = 3.0  # below "neither agree nor disagree"
VERY_LOW_LINE_OF_SIGHT = 2.5
TEAM_MARGIN = 0.15  # a team this much under the company's coverage is reported on its own

_CLAUSE_SPLIT = re.compile(r"[.;:!?\n•]+|,|\s+-\s+|\s+(?:and|&|plus|also|then)\s+|\(|\)|\d\)", re.I)


def clauses(answer: str) -> list[str]:
    """The whole answer and its clauses (split on sentence ends, commas, "and", bullets)."""
    parts = [p.strip(" \t-*") for p in _CLAUSE_SPLIT.split(answer)]
    out = [answer.strip(), *(p for p in parts if len(p) >= 3)]
    return list(dict.fromkeys(o for o in out if o))


def objective_texts(objective: Objective, values: dict[str, Value] | None = None) -> list[str]:
    """The ways the workbook words an objective: name, name with description, id as words,
    and the names and statements of the values it expresses."""
    texts = [objective.name, objective.id.replace("_", " ").replace("-", " ")]
    if objective.description:
        texts.append(f"{objective.name}. {objective.description}")
    for value_id in objective.values:
        value = (values or {}).get(value_id)
        if value is not None:
            texts.append(value.name)
            if value.statement:
                texts.append(value.statement)
    return list(dict.fromkeys(texts))


def top_objectives(objectives: tuple[Objective, ...], k: int = TOP_OBJECTIVES) -> list[Objective]:
    """The ``k`` heaviest objectives, with every objective tied with the k-th."""
    ranked = sorted(objectives, key=lambda o: -o.weight)
    if len(ranked) <= k:
        return [o for o in ranked if o.weight > 0] or ranked
    cut = ranked[k - 1].weight
    return [o for o in ranked if o.weight >= cut and o.weight > 0]


def stated_matrix(
    answers: list[str], objectives: list[Objective], values: dict[str, Value] | None = None
) -> np.ndarray:
    """``[answer, objective]`` best cosine similarity of any clause to any objective text."""
    from coxswain.nlp.embed import embed

    pieces = [clauses(a) for a in answers]
    flat = [c for p in pieces for c in p]
    obj_texts = [objective_texts(o, values) for o in objectives]
    obj_flat = [t for ts in obj_texts for t in ts]
    vectors = embed(flat + obj_flat)
    clause_v, obj_v = vectors[: len(flat)], vectors[len(flat) :]
    sims = clause_v @ obj_v.T  # unit vectors: dot = cosine
    # reduce objective texts → objective (max), then clauses → answer (max)
    obj_index = np.repeat(np.arange(len(objectives)), [len(t) for t in obj_texts])
    per_obj = np.full((len(flat), len(objectives)), -1.0)
    for j in range(len(objectives)):
        per_obj[:, j] = sims[:, obj_index == j].max(axis=1)
    out = np.full((len(answers), len(objectives)), -1.0)
    start = 0
    for i, p in enumerate(pieces):
        if p:
            out[i] = per_obj[start : start + len(p)].max(axis=0)
        start += len(p)
    return out


@dataclass
class GroupStats:
    respondents: int
    coverage: float | None
    stating: float | None  # share naming at least one top objective
    stated_share: dict[str, float]
    line_of_sight: float | None
    values_lived: float | None
    enps: float | None
    enps_n: int

    def low_priorities(self) -> bool:
        return (self.coverage is not None and self.coverage < LOW_COVERAGE) or (
            self.stating is not None and self.stating < MIN_STATING
        )

    def low_line_of_sight(self) -> bool:
        return self.line_of_sight is not None and self.line_of_sight < LOW_LINE_OF_SIGHT

    def low(self) -> bool:
        return self.low_priorities() or self.low_line_of_sight()

    def severity(self) -> Severity:
        if (
            (self.coverage is not None and self.coverage < VERY_LOW_COVERAGE)
            or (self.stating is not None and self.stating < VERY_LOW_STATING)
            or (self.line_of_sight is not None and self.line_of_sight < VERY_LOW_LINE_OF_SIGHT)
        ):
            return Severity.high
        return Severity.medium

    def score(self) -> float | None:
        parts = []
        if self.coverage is not None:
            parts.append(100 * self.coverage)
        for likert in (self.line_of_sight, self.values_lived):
            if likert is not None:
                parts.append(100 * (likert - 1) / 4)
        return float(np.mean(parts)) if parts else None

    def to_json(self) -> dict[str, Any]:
        def r(v: float | None, n: int = 3) -> float | None:
            return None if v is None else round(v, n)

        return {
            "respondents": self.respondents,
            "coverage": r(self.coverage),
            "stating_a_top_objective": r(self.stating),
            "stated_share": {k: round(v, 3) for k, v in self.stated_share.items()},
            "line_of_sight": r(self.line_of_sight, 2),
            "values_lived": r(self.values_lived, 2),
            "enps": r(self.enps, 1),
            "enps_answers": self.enps_n,
        }


def _latest_round(survey: pl.DataFrame, question: str) -> pl.DataFrame:
    rows = survey.filter((pl.col("question") == question) & pl.col("answer").is_not_null())
    if rows.height == 0:
        return rows
    last: dt.date = rows.get_column("date").max()  # type: ignore[assignment]
    return (
        rows.filter(pl.col("date") >= last - dt.timedelta(days=ROUND_DAYS))
        .sort("date")
        .unique(subset=["respondent"], keep="last", maintain_order=True)
    )


def _numeric(frame: pl.DataFrame, low: float, high: float) -> pl.DataFrame:
    return frame.with_columns(
        pl.col("answer").str.strip_chars().cast(pl.Float64, strict=False).alias("value")
    ).filter(pl.col("value").is_between(low, high))


def _stats(
    *,
    respondents: set[str],
    coverage: pl.DataFrame,
    los: pl.DataFrame,
    lived: pl.DataFrame,
    enps: pl.DataFrame,
    top: list[Objective],
    min_group: int,
) -> GroupStats:
    def mean_if_enough(frame: pl.DataFrame, column: str) -> float | None:
        if frame.height < min_group:
            return None
        return float(frame.get_column(column).mean())  # type: ignore[arg-type]

    stated: dict[str, float] = {}
    if coverage.height >= min_group:
        stated = {o.id: float(coverage.get_column(f"stated:{o.id}").mean()) for o in top}  # type: ignore[arg-type]
    enps_value = None
    if enps.height >= min_group:
        enps_value = enps_score(enps.get_column("value").drop_nulls().to_list())
    return GroupStats(
        respondents=len(respondents),
        coverage=mean_if_enough(coverage, "coverage"),
        stating=mean_if_enough(coverage, "stating"),
        stated_share=stated,
        line_of_sight=mean_if_enough(los, "value"),
        values_lived=mean_if_enough(lived, "value"),
        enps=enps_value,
        enps_n=enps.height if enps.height >= min_group else 0,
    )


def analyze(workbook: Workbook, context: Context) -> Section:
    section = Section(name="understanding", component="understanding")
    company = workbook.company
    min_group = company.privacy.min_group
    if not workbook.has("survey"):
        section.missing.append("survey.csv")
        section.score_note = "no survey answers (survey.csv)"
        return section
    survey = survey_with_teams(workbook)
    answers = _latest_round(survey, "priorities")
    los = _numeric(_latest_round(survey, "line_of_sight"), 1, 5)
    lived = _numeric(_latest_round(survey, "values_lived"), 1, 5)
    enps = _numeric(_latest_round(survey, "enps"), 0, 10)
    answers = answers.filter(pl.col("answer").str.strip_chars().str.len_chars() > 0)

    top = top_objectives(company.objectives)
    weights = company.normalised_weights()
    if answers.height and not top:
        section.missing.append("company.yaml: objectives")
    coverage = pl.DataFrame(
        schema={
            "respondent": pl.String,
            "team_id": pl.String,
            "coverage": pl.Float64,
            "stating": pl.Float64,
        }
    )
    if answers.height and top:
        values = {v.id: v for v in company.values}
        sims = stated_matrix(answers.get_column("answer").to_list(), top, values)
        stated = sims >= THRESHOLD
        top_w = np.array([weights[o.id] for o in top])
        k_heaviest = np.sort(top_w)[::-1][:FULL_COVERAGE].sum()
        cov = (
            np.minimum(1.0, (stated * top_w).sum(axis=1) / k_heaviest)
            if k_heaviest > 0
            else (stated.mean(axis=1))
        )
        coverage = answers.select("respondent", "team_id").with_columns(
            pl.Series("coverage", cov, dtype=pl.Float64),
            pl.Series("stating", stated.any(axis=1).astype(float), dtype=pl.Float64),
            *(pl.Series(f"stated:{o.id}", stated[:, j].astype(float)) for j, o in enumerate(top)),
        )

    def in_team(frame: pl.DataFrame, team: str | None) -> pl.DataFrame:
        return frame if team is None else frame.filter(pl.col("team_id") == team)

    def group(team: str | None) -> GroupStats:
        parts = [in_team(f, team) for f in (coverage, los, lived, enps)]
        people = set().union(*(set(p.get_column("respondent").to_list()) for p in parts))
        return _stats(
            respondents=people,
            coverage=parts[0],
            los=parts[1],
            lived=parts[2],
            enps=parts[3],
            top=top,
            min_group=min_group,
        )

    overall = group(None)
    names = team_names(workbook)
    teams: dict[str, GroupStats] = {}
    all_teams = set().union(
        *(set(f.get_column("team_id").drop_nulls().to_list()) for f in (coverage, los, lived, enps))
    )
    for team in sorted(all_teams):
        stats = group(team)
        if stats.respondents >= min_group and stats.score() is not None:
            teams[team] = stats
    # One rule (coxswain.privacy.suppress) per question and for the respondents counted:
    # a team is shown only where every question's rule shows it (or it has no answer to
    # that question). Each rule's shown set leaves a rest of 0 or >= min_group; hiding more
    # teams of >= min_group keeps it so.
    frames = [coverage, los, lived, enps]
    union = pl.concat([f.select("respondent", "team_id") for f in frames]).unique()
    for frame in [*frames, union]:
        with_team = frame.filter(pl.col("team_id").is_not_null())
        sizes = {
            str(t): int(n)
            for t, n in with_team.group_by("team_id")
            .agg(pl.col("respondent").n_unique())
            .iter_rows()
        }
        rule = suppress(
            sizes=sizes, total=frame.get_column("respondent").n_unique(), min_group=min_group
        )
        teams = {t: s for t, s in teams.items() if t in rule.shown or sizes.get(t, 0) == 0}

    section.score = overall.score() if overall.respondents >= min_group else None
    if section.score is None:
        section.score_note = (
            "no priorities, line-of-sight or values-lived answers"
            if overall.respondents == 0
            else f"fewer than {min_group} respondents (privacy.min_group)"
        )
    section.tables = {
        "threshold": THRESHOLD,
        "top_objectives": [
            {"id": o.id, "name": o.name, "weight": round(weights[o.id], 3)} for o in top
        ],
        "company": overall.to_json() if overall.respondents >= min_group else None,
        "teams": [{"team": names.get(t, t), "id": t, **s.to_json()} for t, s in teams.items()],
        "min_group": min_group,
    }
    if overall.respondents >= min_group and overall.low():
        section.findings.append(_finding(overall, top, team=None, team_name=None))
    for team, stats in teams.items():
        if not stats.low():
            continue
        markedly_worse = (
            stats.coverage is not None
            and overall.coverage is not None
            and stats.coverage <= overall.coverage - TEAM_MARGIN
        )
        if not overall.low() or markedly_worse:
            section.findings.append(
                _finding(stats, top, team=team, team_name=names.get(team, team))
            )
    return section


def _finding(
    stats: GroupStats, top: list[Objective], *, team: str | None, team_name: str | None
) -> Finding:
    who = "Staff" if team is None else f"Team {team_name}"
    reasons = []
    if stats.low_priorities() and stats.stating is not None and stats.coverage is not None:
        reasons.append(
            f"only {round(100 * stats.stating)}% name one of the top priorities "
            f"(an answer scores {round(100 * stats.coverage)}% on average, where naming the "
            "two heaviest scores 100%)"
        )
    if stats.low_line_of_sight() and stats.line_of_sight is not None:
        reasons.append(f"line of sight rated {stats.line_of_sight:.1f} of 5")
    headline = (
        "cannot clearly state the priorities"
        if stats.low_priorities()
        else "do not see how their work contributes"
    )
    missed = [o.id for o in top if stats.stated_share.get(o.id, 1.0) < 0.5]
    evidence = stats.to_json() | {
        "threshold": THRESHOLD,
        "top_objectives": [o.id for o in top],
        "objectives_mostly_missed": missed,
    }
    if team is not None:
        evidence["team"] = team_name
    return Finding(
        kind="low_understanding",
        severity=stats.severity(),
        subjects=() if team is None else (team,),
        title=f"{who} {headline}: " + "; ".join(reasons),
        evidence=evidence,
    )
