"""Tone of internal communication and of free-text survey answers, over time.

Every message text and every free-text survey answer is scored with VADER's compound
score (−1 … +1, :mod:`coxswain.nlp.sentiment`); the text is dropped right after (only
scores, months and teams stay). Monthly means are formed company-wide, per team (the
sender's team in people.csv) and per channel, and a month of a group counts only with
at least :data:`MIN_MESSAGES` messages from at least ``privacy.min_group`` distinct
senders — smaller groups are never shown.

``sentiment_decline`` needs a material fall (at least :data:`MATERIAL_DROP` compound
points) whose 95 % confidence interval excludes zero, by any of:

* the trend: Theil–Sen slope over the monthly means (its CI from Kendall's tau);
* recent against before: the last :data:`RECENT_MONTHS` months' messages against the
  earlier ones (difference of means, Welch's t-test);
* an event: a step down in the monthly means when an automation (or an initiative
  expected to harm an objective) went live, beyond the underlying trend (interrupted
  time series ``mean = a + b·month + c·[after]``, at least two qualifying months each
  side); the strongest such step names the automation as a subject ("coincides with",
  not proof of cause).

For surveys the latest round of free-text answers (a run of answer dates without a gap of
more than :data:`ROUND_GAP_DAYS` days) is compared with the round before.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import polars as pl

from coxswain.analysis._staff import survey_with_teams, team_names, team_of_people
from coxswain.analysis.base import Context, Finding, Section, Severity
from coxswain.privacy import suppress
from coxswain.timeseries.stats import holm
from coxswain.workbook import Workbook
from coxswain.workbook.tables import LIKERT_QUESTIONS

MIN_MESSAGES = 10  # per month and group
MIN_MONTHS = 4  # qualifying months for a trend
RECENT_MONTHS = 3
MATERIAL_DROP = 0.10  # compound points (the scale runs −1 … +1)
MIN_ROUNDS_FOR_STEP = 6  # survey rounds needed to test a step at a launch
ROUND_GAP_DAYS = 14  # survey answers further apart than this belong to different rounds
ALPHA = 0.05  # family-wise, Holm-corrected over the tests that could raise one finding


@dataclass(frozen=True)
class Change:
    """A difference (after − before) with its 95 % interval: of message means, or the
    level step of an interrupted time series over monthly means."""

    diff: float
    low: float
    high: float
    n_before: int
    n_after: int
    unit: str = "messages"  # what n_before and n_after count
    p: float = 1.0  # two-sided p-value of no change
    p_adjusted: float | None = None  # Holm-adjusted over the finding's family of tests

    @property
    def falls(self) -> bool:
        p = self.p if self.p_adjusted is None else self.p_adjusted
        return self.diff <= -MATERIAL_DROP and self.high < 0 and p < ALPHA

    def to_json(self) -> dict[str, Any]:
        return {
            "difference": round(self.diff, 3),
            "ci95": [round(self.low, 3), round(self.high, 3)],
            f"{self.unit}_before": self.n_before,
            f"{self.unit}_after": self.n_after,
            "p": _round_p(self.p),
            "p_adjusted": None if self.p_adjusted is None else _round_p(self.p_adjusted),
        }


def _round_p(p: float) -> float:
    return float(f"{p:.3g}")


def _change(before: np.ndarray, after: np.ndarray, *, unit: str = "messages") -> Change | None:
    if before.size < 2 or after.size < 2:
        return None
    from scipy.stats import t as student_t

    diff = float(after.mean() - before.mean())
    va, vb = after.var(ddof=1) / after.size, before.var(ddof=1) / before.size
    se = math.sqrt(va + vb)
    if se == 0:
        return Change(diff, diff, diff, int(before.size), int(after.size), unit=unit, p=1.0)
    # Welch's t with the Welch–Satterthwaite degrees of freedom: a survey round of eight
    # answers is not judged as if its spread were known
    dof = (va + vb) ** 2 / (va**2 / (after.size - 1) + vb**2 / (before.size - 1))
    q = float(student_t.ppf(0.975, dof))
    p = float(2 * student_t.sf(abs(diff) / se, dof))
    return Change(
        diff, diff - q * se, diff + q * se, int(before.size), int(after.size), unit=unit, p=p
    )


def score_messages(workbook: Workbook) -> pl.DataFrame:
    """One row per message with text: ``month, sender, team, channel, compound``; no text."""
    from coxswain.nlp.sentiment import score_texts

    messages = workbook.messages.filter(pl.col("text").is_not_null())
    if messages.height == 0:
        return pl.DataFrame(
            schema={
                "month": pl.Date,
                "sender": pl.String,
                "team": pl.String,
                "channel": pl.String,
                "compound": pl.Float64,
            }
        )
    compound = score_texts(messages.get_column("text"))
    teams = team_of_people(workbook)
    return (
        messages.select(
            pl.col("timestamp").dt.date().dt.month_start().alias("month"),
            "sender",
            pl.col("sender")
            .replace_strict(teams, default=None, return_dtype=pl.String)
            .alias("team"),
            "channel",
        )
        .with_columns(pl.Series("compound", compound))
        .filter(pl.col("compound").is_not_nan())
    )


def _monthly(scored: pl.DataFrame, by: str | None, min_group: int) -> pl.DataFrame:
    """Monthly mean per group, only months with enough messages and senders, and with
    secondary suppression (:func:`_protect_residual`)."""
    keys = ["month"] if by is None else [by, "month"]
    frame = scored if by is None else scored.filter(pl.col(by).is_not_null())
    monthly = (
        frame.group_by(keys)
        .agg(
            pl.len().alias("messages"),
            pl.col("sender").n_unique().alias("senders"),
            pl.col("compound").mean().alias("mean"),
        )
        .filter((pl.col("messages") >= MIN_MESSAGES) & (pl.col("senders") >= min_group))
        .sort(keys)
    )
    return monthly if by is None else _protect_residual(scored, monthly, by, min_group)


def _protect_residual(
    scored: pl.DataFrame, monthly: pl.DataFrame, by: str, min_group: int
) -> pl.DataFrame:
    """Secondary suppression (:func:`coxswain.privacy.suppress`, month by month): the
    company's monthly mean minus the groups shown (with their message counts) would reveal
    the mean of the messages outside them; the groups shown are those the rule shows when
    the people outside are the distinct senders of the messages outside them (groups may
    overlap: a person writes in several channels) and groups with too few messages are
    hidden as well."""
    keep: list[tuple[Any, dt.date]] = []
    for (month,), part in scored.group_by(["month"]):
        grouped = (
            part.filter(pl.col(by).is_not_null())
            .group_by(by)
            .agg(pl.col("sender").n_unique().alias("senders"), pl.len().alias("messages"))
        )
        sizes = dict(zip(grouped[by].to_list(), grouped["senders"].to_list(), strict=True))
        few = [
            g
            for g, n in zip(grouped[by].to_list(), grouped["messages"].to_list(), strict=True)
            if n < MIN_MESSAGES
        ]

        def outside(shown: frozenset[Any], part: pl.DataFrame = part) -> int:
            rest = part.filter(~pl.col(by).is_in(list(shown)) | pl.col(by).is_null())
            return rest.get_column("sender").n_unique()

        rule = suppress(
            sizes=sizes,
            total=part.get_column("sender").n_unique(),
            min_group=min_group,
            hide=few,
            rest=outside,
        )
        keep.extend((g, month) for g in rule.shown)
    allowed = pl.DataFrame(
        {by: [g for g, _ in keep], "month": [m for _, m in keep]},
        schema={by: monthly.schema[by], "month": pl.Date},
    )
    return monthly.join(allowed, on=[by, "month"], how="semi").sort([by, "month"])


@dataclass
class Trend:
    group: str  # "company", a team id or a channel name
    kind: str  # company | team | channel
    months: int
    slope: float | None
    slope_ci: tuple[float, float] | None
    recent: Change | None
    events: list[tuple[str, Change]]  # a step at every automation or harmful initiative
    slope_p: float = 1.0  # Kendall's tau test of the monthly means against time
    slope_p_adjusted: float | None = None

    @property
    def event(self) -> tuple[str, Change] | None:
        """The strongest step down that shows, at a launch."""
        return _strongest(self.events)

    def pvalues(self) -> list[float]:
        """The p-values of the tests that could call this group's tone falling."""
        return [self.slope_p, *([self.recent.p] if self.recent else [])] + [
            c.p for _, c in self.events
        ]

    def adjust(self, adjusted: list[float]) -> None:
        """Set the Holm-adjusted p-values, in the order of :meth:`pvalues`."""
        self.slope_p_adjusted, rest = adjusted[0], adjusted[1:]
        if self.recent:
            self.recent = replace(self.recent, p_adjusted=rest[0])
            rest = rest[1:]
        self.events = [
            (subject, replace(c, p_adjusted=q))
            for (subject, c), q in zip(self.events, rest, strict=True)
        ]

    @property
    def trend_falls(self) -> bool:
        p = self.slope_p if self.slope_p_adjusted is None else self.slope_p_adjusted
        return (
            self.slope is not None
            and self.slope_ci is not None
            and self.slope_ci[1] < 0
            and p < ALPHA
            and self.slope * (self.months - 1) <= -MATERIAL_DROP
        )

    @property
    def falls(self) -> bool:
        return (
            self.trend_falls
            or bool(self.recent and self.recent.falls)
            or bool(self.event and self.event[1].falls)
        )

    @property
    def drop(self) -> float:
        """The largest material fall that shows (compound points, positive)."""
        drops = [0.0]
        if self.trend_falls and self.slope is not None:
            drops.append(-self.slope * (self.months - 1))
        if self.recent and self.recent.falls:
            drops.append(-self.recent.diff)
        if self.event and self.event[1].falls:
            drops.append(-self.event[1].diff)
        return max(drops)

    def to_json(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "kind": self.kind,
            "months": self.months,
            "slope_per_month": None if self.slope is None else round(self.slope, 4),
            "slope_ci95": None if self.slope_ci is None else [round(v, 4) for v in self.slope_ci],
            "slope_p": _round_p(self.slope_p),
            "slope_p_adjusted": None
            if self.slope_p_adjusted is None
            else _round_p(self.slope_p_adjusted),
            "recent_vs_before": None if self.recent is None else self.recent.to_json(),
            "event": None
            if self.event is None
            else {"subject": self.event[0], **self.event[1].to_json()},
            "falling": self.falls,
        }


def _events(workbook: Workbook) -> list[tuple[str, dt.date]]:
    """Automations, and initiatives expected to harm some objective, with a start date."""
    company = workbook.company
    events = [(a.id, a.start) for a in company.automations if a.start]
    events += [
        (i.id, i.start)
        for i in company.initiatives
        if i.start and any(effect < 0 for effect in i.effects.values())
    ]
    return events


def _step_fit(x: np.ndarray, y: np.ndarray, after: np.ndarray, unit: str) -> Change | None:
    """Interrupted time series ``y = a + b·x + c·after``: the level change ``c`` with its
    95 % interval (t distribution)."""
    from scipy.stats import t as student_t

    after = after.astype(float)
    n_after, n_before = int(after.sum()), int((1 - after).sum())
    if n_before < 2 or n_after < 2 or len(y) < 5:
        return None
    design = np.column_stack([np.ones_like(x, dtype=float), x.astype(float), after])
    coef, _, rank, _ = np.linalg.lstsq(design, y, rcond=None)
    if rank < 3:
        return None
    dof = len(y) - 3
    resid = y - design @ coef
    sigma2 = float(resid @ resid) / dof
    cov = sigma2 * np.linalg.inv(design.T @ design)
    se = float(np.sqrt(cov[2, 2]))
    q = float(student_t.ppf(0.975, dof))
    c = float(coef[2])
    p = float(2 * student_t.sf(abs(c) / se, dof)) if se > 0 else (1.0 if c == 0 else 0.0)
    return Change(c, c - q * se, c + q * se, n_before, n_after, unit=unit, p=p)


def _step(x: np.ndarray, y: np.ndarray, months: list[dt.date], start: dt.date) -> Change | None:
    """The level step of the monthly means when ``start`` came; the start month itself is
    left out (it mixes before and after)."""
    start_month = start.replace(day=1)
    keep = np.array([m != start_month for m in months])
    after = np.array([m > start_month for m in months])
    return _step_fit(x[keep], y[keep], after[keep], "months")


def _steps(
    events: list[tuple[str, dt.date]], fit: Callable[[dt.date], Change | None]
) -> list[tuple[str, Change]]:
    """The step at every launch that can be fitted (each is a test of the family)."""
    return [(subject, change) for subject, start in events if (change := fit(start))]


def _strongest(steps: list[tuple[str, Change]]) -> tuple[str, Change] | None:
    falling = [(subject, c) for subject, c in steps if c.falls]
    return min(falling, key=lambda sc: sc[1].diff, default=None)


def _trend(
    *,
    group: str,
    kind: str,
    monthly: pl.DataFrame,
    messages: pl.DataFrame,
    events: list[tuple[str, dt.date]],
) -> Trend | None:
    months: list[dt.date] = monthly.get_column("month").to_list()
    if len(months) < MIN_MONTHS:
        return None
    from scipy.stats import kendalltau, theilslopes  # lazy: a second of import

    # month index counted in calendar months from the first qualifying month
    x = np.array([(m.year - months[0].year) * 12 + m.month - months[0].month for m in months])
    y = monthly.get_column("mean").to_numpy()
    res = theilslopes(y, x, alpha=0.95)
    slope, ci = float(res.slope), (float(res.low_slope), float(res.high_slope))
    tau_p = float(kendalltau(x, y).pvalue)
    used = messages.filter(pl.col("month").is_in(months))
    cut = months[-RECENT_MONTHS]
    recent = _change(
        used.filter(pl.col("month") < cut).get_column("compound").to_numpy(),
        used.filter(pl.col("month") >= cut).get_column("compound").to_numpy(),
    )
    steps = _steps(events, lambda start: _step(x, y, months, start))
    return Trend(
        group, kind, len(months), slope, ci, recent, steps, 1.0 if math.isnan(tau_p) else tau_p
    )


def _severity(drop: float) -> Severity:
    return Severity.high if drop >= 0.25 else Severity.medium if drop >= 0.15 else Severity.low


@dataclass
class SurveyTone:
    rounds: list[dict[str, Any]]
    last: Change | None  # the latest round against the one before
    events: list[tuple[str, Change]]  # the step at every launch, over round means

    @property
    def event(self) -> tuple[str, Change] | None:
        return _strongest(self.events)

    def pvalues(self) -> list[float]:
        return [*([self.last.p] if self.last else []), *(c.p for _, c in self.events)]

    def adjust(self, adjusted: list[float]) -> None:
        rest = adjusted
        if self.last:
            self.last = replace(self.last, p_adjusted=rest[0])
            rest = rest[1:]
        self.events = [
            (subject, replace(c, p_adjusted=q))
            for (subject, c), q in zip(self.events, rest, strict=True)
        ]

    @property
    def falls(self) -> bool:
        return bool(self.last and self.last.falls) or bool(self.event and self.event[1].falls)

    @property
    def drop(self) -> float:
        drops = [0.0]
        if self.last and self.last.falls:
            drops.append(-self.last.diff)
        if self.event and self.event[1].falls:
            drops.append(-self.event[1].diff)
        return max(drops)

    def to_json(self) -> dict[str, Any]:
        return {
            "latest_round_vs_previous": None if self.last is None else self.last.to_json(),
            "event": None
            if self.event is None
            else {"subject": self.event[0], **self.event[1].to_json()},
        }


def _survey_tone(
    workbook: Workbook, min_group: int, events: list[tuple[str, dt.date]]
) -> SurveyTone:
    """Free-text answers (not ``priorities``, not the Likert keys), scored, by round."""
    from coxswain.nlp.sentiment import score_texts

    survey = survey_with_teams(workbook).filter(
        ~pl.col("question").is_in([*LIKERT_QUESTIONS, "priorities"])
        & pl.col("answer").is_not_null()
        & ~pl.col("answer").str.contains(r"^\s*-?\d+(\.\d+)?\s*$")
    )
    if survey.height == 0:
        return SurveyTone([], None, [])
    survey = (
        survey.select("date", "respondent")
        .with_columns(pl.Series("compound", score_texts(survey.get_column("answer"))))
        .filter(pl.col("compound").is_not_nan())
    )
    # a survey round is a run of answer dates without a gap of more than ROUND_GAP_DAYS
    gap = pl.col("date").diff().dt.total_days().fill_null(0) > ROUND_GAP_DAYS
    survey = survey.sort("date").with_columns(gap.cum_sum().alias("round"))
    rounds = (
        survey.group_by("round")
        .agg(
            pl.col("date").min().alias("date"),
            pl.col("respondent").n_unique().alias("respondents"),
            pl.len().alias("answers"),
            pl.col("compound").mean().alias("mean"),
            pl.col("compound").alias("values"),
        )
        .filter(pl.col("respondents") >= min_group)
        .sort("date")
    )
    table = [
        {
            "date": r["date"].isoformat(),
            "respondents": r["respondents"],
            "answers": r["answers"],
            "mean": round(r["mean"], 3),
        }
        for r in rounds.iter_rows(named=True)
    ]
    last = None
    if rounds.height >= 2:
        values = rounds.get_column("values").to_list()
        last = _change(np.array(values[-2]), np.array(values[-1]), unit="answers")
    steps: list[tuple[str, Change]] = []
    if rounds.height >= MIN_ROUNDS_FOR_STEP:
        dates: list[dt.date] = rounds.get_column("date").to_list()
        x = np.array([(d - dates[0]).days / 30.44 for d in dates])
        y = rounds.get_column("mean").to_numpy()

        def fit(start: dt.date) -> Change | None:
            return _step_fit(x, y, np.array([d > start for d in dates]), "rounds")

        steps = _steps(events, fit)
    return SurveyTone(table, last, steps)


def analyze(workbook: Workbook, context: Context) -> Section:
    privacy = workbook.company.privacy
    min_group = privacy.min_group
    section = Section(name="sentiment")
    has_text = workbook.messages.get_column("text").drop_nulls().len() > 0
    if not workbook.has("messages"):
        section.missing.append("messages.csv")
    elif not has_text:
        section.missing.append("messages.csv: text")
    scored = score_messages(workbook)
    names = team_names(workbook)
    events = _events(workbook)

    trends: list[Trend] = []
    monthly_rows: list[dict[str, Any]] = []
    groups: list[tuple[str, str | None]] = [
        ("company", None),
        ("team", "team"),
        ("channel", "channel"),
    ]
    for kind, column in groups:
        monthly = _monthly(scored, column, min_group)
        if column is None:
            series = [("company", monthly, scored)]
        else:
            series = [
                (str(key[0]), part.drop(column), scored.filter(pl.col(column) == key[0]))
                for key, part in monthly.group_by([column], maintain_order=True)
            ]
        for group, part, messages in series:
            label = names.get(group, group) if kind == "team" else group
            monthly_rows += [
                {
                    "kind": kind,
                    "group": label,
                    "month": r["month"].isoformat()[:7],
                    "messages": r["messages"],
                    "mean": round(r["mean"], 3),
                }
                for r in part.iter_rows(named=True)
            ]
            trend = _trend(group=group, kind=kind, monthly=part, messages=messages, events=events)
            if trend:
                trends.append(trend)

    survey = _survey_tone(workbook, min_group, events)
    _correct_for_multiplicity(trends, survey)
    section.tables = {
        "method": "VADER compound score (−1 … +1) per message / free-text answer; monthly means "
        f"of groups with >= {min_group} people and >= {MIN_MESSAGES} messages in the month",
        "messages_scored": scored.height,
        "message_text_kept": privacy.keep_message_text,
        "monthly": monthly_rows,
        "trends": [
            t.to_json() | {"group": names.get(t.group, t.group) if t.kind == "team" else t.group}
            for t in trends
        ],
        "survey_rounds": survey.rounds,
        "survey_change": survey.to_json(),
    }
    if has_text and not trends:
        section.score_note = (
            f"too few months with >= {MIN_MESSAGES} messages from >= {min_group} people for a trend"
        )
    launched = {a.id: a.name for a in workbook.company.automations} | {
        i.id: i.name for i in workbook.company.initiatives
    }
    section.findings = _findings(trends, survey, names, launched)
    return section


def _correct_for_multiplicity(trends: list[Trend], survey: SurveyTone) -> None:
    """Holm's correction over each family of tests that could raise one finding, so that
    a steady tone is called falling in at most one company in twenty: the company's
    messages (trend, recent months, a step at each launch) with the survey's free text
    (latest round, a step at each launch); every team's tests together; every channel's.
    Each test of a family adds a chance of a false fall: with five launches, a trend and
    the recent months judged at 5% each, a steady company would be called falling about
    one time in four."""
    families: list[list[Trend | SurveyTone]] = [
        [*(t for t in trends if t.kind == "company"), survey],
        [t for t in trends if t.kind == "team"],
        [t for t in trends if t.kind == "channel"],
    ]
    for family in families:
        adjusted = holm([p for member in family for p in member.pvalues()])
        for member in family:
            k = len(member.pvalues())
            member.adjust(adjusted[:k])
            adjusted = adjusted[k:]


def _findings(
    trends: list[Trend],
    survey: SurveyTone,
    names: dict[str, str],
    launched: dict[str, str],
) -> list[Finding]:
    """``names`` are the teams', ``launched`` the automations' and initiatives' (titles
    name, never ids)."""
    findings: list[Finding] = []
    company = next((t for t in trends if t.kind == "company"), None)
    messages_fall = bool(company and company.falls)
    falling_teams = [t for t in trends if t.kind == "team" and t.falls]
    falling_channels = [t for t in trends if t.kind == "channel" and t.falls]
    if messages_fall or survey.falls:
        drop = max(company.drop if company and messages_fall else 0.0, survey.drop)
        event = company.event if company and messages_fall and company.event else None
        event = event or survey.event
        evidence: dict[str, Any] = {}
        if company and messages_fall:
            evidence["messages"] = company.to_json()
        if survey.falls:
            evidence["survey_free_text"] = survey.to_json()
        if falling_teams:
            evidence["teams_falling"] = [names.get(t.group, t.group) for t in falling_teams]
        if falling_channels:
            evidence["channels_falling"] = [t.group for t in falling_channels]
        if messages_fall and survey.falls:
            title = "The tone of internal communication and survey answers is falling"
        elif messages_fall:
            title = "The tone of internal communication is falling"
        else:
            title = "The tone of free-text survey answers is falling"
        if event:
            title += f" since “{launched.get(event[0], event[0])}” went live"
        findings.append(
            Finding(
                kind="sentiment_decline",
                severity=_severity(drop),
                subjects=(event[0],) if event else (),
                title=title,
                evidence=evidence | {"drop": round(drop, 3)},
            )
        )
        return findings
    for team in falling_teams:
        event = team.event if team.event and team.event[1].falls else None
        title = f"The tone in team “{names.get(team.group, team.group)}” is falling"
        findings.append(
            Finding(
                kind="sentiment_decline",
                severity=_severity(team.drop),
                subjects=(team.group, event[0]) if event else (team.group,),
                title=title
                + (f" since “{launched.get(event[0], event[0])}” went live" if event else ""),
                evidence={
                    "messages": team.to_json() | {"group": names.get(team.group, team.group)},
                    "drop": round(team.drop, 3),
                },
            )
        )
    return findings
