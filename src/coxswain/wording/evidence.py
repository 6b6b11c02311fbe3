"""Every evidence field of every finding kind as an owner reads it: a label, a unit and a
format, and whether it belongs under "How we know" (method details, test statistics).

:data:`FIELDS` is the one table of those words; :func:`explain` turns a finding into its
plain summary, its facts and its method details; the dashboard, the finding cards, the
reports, the API's ``summary`` and the e-mail digest all read it. A test walks every kind
of :data:`coxswain.analysis.kinds.KINDS` and every evidence key the analyses write, and
fails on a key without a label here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from coxswain.analysis.kinds import kind_name
from coxswain.wording.glossary import STAGE_NAMES
from coxswain.wording.numbers import Words


@dataclass(frozen=True)
class KpiInfo:
    name: str
    unit: str | None = None


@dataclass(frozen=True)
class Context:
    """What wording a finding needs besides the finding: how the company writes numbers,
    the names of workbook ids (people as the organisation names them) and its KPIs' units."""

    words: Words = field(default_factory=Words)
    labels: Mapping[str, str] = field(default_factory=dict)
    kpis: Mapping[str, KpiInfo] = field(default_factory=dict)

    def name(self, id: Any) -> str:
        text = str(id)
        if text in self.kpis:
            return self.kpis[text].name
        return self.labels.get(text, text)

    def unit(self, kpi: Any) -> str | None:
        info = self.kpis.get(str(kpi)) if kpi is not None else None
        return info.unit if info is not None else None


@dataclass(frozen=True)
class Fact:
    label: str
    text: str


@dataclass(frozen=True)
class Explained:
    """A finding in plain words: the kind's plain name, one summary sentence, the facts
    that show it and (for "How we know") the method details."""

    kind_name: str
    summary: str
    facts: tuple[Fact, ...]
    how: tuple[Fact, ...]


# A format turns (value, the finding's evidence, its KPI unit, the context) into text;
# None leaves the field out (nothing to say).
Format = Callable[[Any, Mapping[str, Any], "str | None", Context], "str | None"]


@dataclass(frozen=True)
class Field:
    label: str
    format: Format
    how: bool = False  # method detail: shown under "How we know"


# ------------------------------------------------------------------ formats


def _num(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def text(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return "yes" if v else "no"
    if _num(v):
        return c.words.plain(float(v))
    return c.name(v).replace("_", " ") if isinstance(v, str) and v not in c.labels else c.name(v)


def yesno(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    return None if v is None else ("yes" if v else "no")


def names(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    if not v:
        return "none"
    if isinstance(v, str):
        return c.name(v)
    return ", ".join(c.name(x) for x in v)


def share(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    return c.words.share(float(v)) if _num(v) else text(v, ev, unit, c)


def level(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    """A level in the finding's KPI unit."""
    if isinstance(v, Mapping) and "value" in v:  # {"date": ..., "value": ...}
        shown = c.words.amount(v["value"], unit)
        return f"{shown} on {c.words.date(v['date'])}" if v.get("date") else shown
    return c.words.amount(float(v), unit) if _num(v) else text(v, ev, unit, c)


def change(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    if not _num(v):
        return text(v, ev, unit, c)
    if v == 0:
        return "no change"
    return f"{c.words.difference(float(v), unit)} {'higher' if v > 0 else 'lower'}"


def date(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    if v is None:
        return None
    if isinstance(v, list):
        return ", ".join(c.words.date(x) for x in v) or "none"
    return c.words.date(v)


def chance(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    if not _num(v):
        return None
    out = c.words.chance(float(v))
    if ev.get("target") is not None:
        out += f" of reaching {c.words.amount(ev['target'], unit)}"
        if ev.get("deadline"):
            out += f" by {c.words.month(ev['deadline'])}"
    return out


def likely(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    if not isinstance(v, list | tuple) or len(v) != 2:
        return text(v, ev, unit, c)
    return f"most likely {c.words.between(v[0], v[1], unit)} (8 times in 10)"


def interval(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    if not isinstance(v, list | tuple) or len(v) != 2:
        return text(v, ev, unit, c)
    lo, hi = (None if x is None else float(x) for x in v)
    return c.words.between(lo, hi)


_SINGULAR = {"people": "person"}  # nouns whose singular is not the plural without its s


def count_of(noun: str) -> Format:
    def fmt(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
        if not _num(v):
            return text(v, ev, unit, c)
        shown = c.words.count(v) if float(v).is_integer() else c.words.plain(float(v))
        one = _SINGULAR.get(noun, noun.removesuffix("s"))
        return f"{shown} {noun if v != 1 else one}".rstrip()

    return fmt


count = count_of("")
days = count_of("days")
hours = count_of("hours")
months = count_of("months")
messages = count_of("messages")


def more_months(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    """Time still to wait: ``8 more months``, ``8 more years`` (:meth:`Words.more_months`)."""
    return c.words.more_months(float(v)) if _num(v) else text(v, ev, unit, c)


people = count_of("people")


def money(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    return c.words.money(float(v)) if _num(v) else None


def times(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    return f"{c.words.plain(float(v))} times as many as a typical person" if _num(v) else None


def ratio(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    return f"{c.words.plain(float(v))} times the average objective" if _num(v) else None


def scale5(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    return c.words.amount(float(v), "1-5") if _num(v) else None


def direction(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    return {"up": "higher", "down": "lower"}.get(str(v), text(v, ev, unit, c))


def period(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    if isinstance(v, Mapping) and v.get("start") and v.get("end"):
        return f"{c.words.date(v['start'])} to {c.words.date(v['end'])}"
    return text(v, ev, unit, c)


def effect(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    words = {-2: "strongly against", -1: "against", 0: "neither", 1: "for", 2: "strongly for"}
    return words.get(int(v), text(v, ev, unit, c)) if _num(v) else text(v, ev, unit, c)


def effects(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    if not isinstance(v, Mapping):
        return text(v, ev, unit, c)
    if not v:
        return "none"
    return "; ".join(f"{c.name(k)}: {effect(x, ev, unit, c)}" for k, x in v.items())


def plain(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    """Any JSON value in readable form (method details and free-form parts)."""
    return _plain(v, c)


def _plain(v: Any, c: Context, depth: int = 0) -> str:
    if v is None:
        return "none"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if _num(v):
        return c.words.plain(float(v))
    if isinstance(v, str):
        return c.name(v)
    if isinstance(v, list | tuple):
        return ", ".join(_plain(x, c, depth + 1) for x in v) or "none"
    if isinstance(v, Mapping):
        inner = ", ".join(f"{_nested(str(k), c)} {_plain(x, c, depth + 1)}" for k, x in v.items())
        return f"({inner})" if depth else inner or "none"
    return str(v)


NESTED = {
    "difference": "difference",
    "ci95": "95% range",
    "ci95_days": "95% range in days",
    "answers_before": "answers before",
    "answers_after": "answers after",
    "messages_before": "messages before",
    "messages_after": "messages after",
    "slope_per_month": "change a month",
    "slope_ci95": "95% range of the change",
    "months": "months",
    "group": "group",
    "kind": "kind",
    "event": "event",
    "falling": "falling",
    "recent_vs_before": "lately against before:",
    "latest_round_vs_previous": "latest round against the one before:",
}


def _nested(key: str, c: Context) -> str:
    return NESTED.get(key, c.name(key).replace("_", " ")) + ":"


def trends(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    """Trend rows of the diagnostics (``leaving``, ``falling``, …): "Net promoter score:
    falling by about 1.2 a month (October 2025 to September 2026)"."""
    if not isinstance(v, list):
        return text(v, ev, unit, c)
    out = []
    for row in v:
        trend = row.get("trend") or {}
        slope = trend.get("slope")
        kpi_unit = c.unit(row.get("kpi"))
        if _num(slope) and slope:
            way = "rising" if slope > 0 else "falling"
            moved = f"{way} by about {c.words.difference(float(slope), kpi_unit)} a month"
        else:
            moved = "flat"
        when = f"{c.words.month(row.get('window_from'))} to {c.words.month(row.get('window_to'))}"
        out.append(f"{row.get('name') or c.name(row.get('kpi'))}: {moved} ({when})")
    return "; ".join(out) or "none"


def key_results(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    if not isinstance(v, list):
        return text(v, ev, unit, c)
    out = []
    for kr in v:
        now = c.words.plain(float(kr["current"])) if _num(kr.get("current")) else "no value yet"
        parts = [f"{kr.get('title', '')}: {now}"]
        if _num(kr.get("start")) and _num(kr.get("target")):
            start, target = c.words.plain(kr["start"]), c.words.plain(kr["target"])
            parts.append(f"(from {start} towards {target}")
            parts[-1] += (
                f", {c.words.share(kr['progress'])} done)" if _num(kr.get("progress")) else ")"
            )
        out.append(" ".join(parts))
    return "; ".join(out) or "none"


def fed(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    """``{objective: {share, weight}}``: "Brand reach: 28% of the spending, 10% of the weight"."""
    if not isinstance(v, Mapping):
        return text(v, ev, unit, c)
    out = [
        f"{c.name(k)}: {c.words.share(x['share'])} of the spending for "
        f"{c.words.share(x['weight'])} of the weight"
        if isinstance(x, Mapping) and _num(x.get("share")) and _num(x.get("weight"))
        else f"{c.name(k)}: {_plain(x, c, 1)}"
        for k, x in v.items()
    ]
    return "; ".join(out) or "none"


def shares(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    if not isinstance(v, Mapping):
        return text(v, ev, unit, c)
    return "; ".join(f"{c.name(k)}: {share(x, ev, unit, c)}" for k, x in v.items()) or "none"


def team_pairs(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    if not isinstance(v, list):
        return text(v, ev, unit, c)
    out = []
    for row in v:
        teams = " and ".join(c.name(t) for t in row.get("teams", ()))
        out.append(f"{teams}: {messages(row.get('messages'), ev, unit, c)}")
    return "; ".join(out) or "none"


def observations(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    if not isinstance(v, list):
        return text(v, ev, unit, c)
    out = []
    for m in v:
        seen = c.words.amount(m.get("value"), unit)
        line = f"{c.words.date(m.get('date'))}: {seen}"
        if _num(m.get("expected")):
            line += f" where about {c.words.amount(m['expected'], unit)} was normal"
        out.append(line)
    return "; ".join(out) or "none"


def waiting(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    """A stage of the idea pipeline: "45 of 50 ideas reached it, typically after 107 days
    (we expect 60); 5 still waiting"."""
    if not isinstance(v, Mapping):
        return text(v, ev, unit, c)
    ideas, reached = v.get("ideas"), v.get("reached")
    out = f"{reached} of {ideas} ideas reached it"
    if _num(v.get("median_days")):
        out += f", typically after {c.words.count(v['median_days'])} days"
    else:
        out += ", most not yet"
    if _num(v.get("norm_days")):
        out += f" (we expect {c.words.count(v['norm_days'])})"
    if v.get("still_waiting"):
        out += f"; {v['still_waiting']} still waiting"
    return out


def waiting_trend(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    if not isinstance(v, Mapping):
        return text(v, ev, unit, c)

    def typical(part: Any) -> str:
        if isinstance(part, Mapping) and _num(part.get("median_days")):
            return f"typically {c.words.count(part['median_days'])} days"
        return "most still waiting"

    since = c.words.date(v.get("since"))
    return f"before {since}: {typical(v.get('before'))}; since: {typical(v.get('recent'))}"


def mood(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    """The tone of messages or survey answers: falling over how many months, and lately."""
    if not isinstance(v, Mapping):
        return text(v, ev, unit, c)
    parts = []
    if v.get("falling") is not None:
        parts.append("falling" if v["falling"] else "not falling")
    if _num(v.get("months")):
        parts[-1:] = [f"{parts[-1] if parts else 'measured'} over {v['months']} months"]
    for key in ("recent_vs_before", "latest_round_vs_previous"):
        diff = v.get(key)
        if isinstance(diff, Mapping) and _num(diff.get("difference")):
            way = "lower" if diff["difference"] < 0 else "higher"
            amount = c.words.plain(abs(float(diff["difference"])))
            parts.append(f"lately {amount} {way} on a scale from −1 to 1")
    return "; ".join(parts) or _plain(v, c)


def lacking(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    if not isinstance(v, list):
        return text(v, ev, unit, c)
    words = {"kpis": "KPIs", "goals": "goals", "initiatives": "initiatives"}
    return ", ".join(words.get(x, str(x).replace("_", " ")) for x in v) or "none"


def stage(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    return STAGE_NAMES.get(str(v), text(v, ev, unit, c))


def verdict(v: Any, ev: Mapping[str, Any], unit: str | None, c: Context) -> str | None:
    words = {
        "unsupported": "the data rule out a link worth acting on",
        "contradicted": "the data show the opposite of the link",
        "undetermined": "too little data to tell yet",
        "supported": "the data show the link",
    }
    return words.get(str(v), text(v, ev, unit, c))


# ------------------------------------------------------------------ fields

F = Field
_COMMON: dict[str, Field] = {
    "objective_weight": F("Weight of the objective", share),
    "method": F("Method", plain, how=True),
    "test": F("Test", plain, how=True),
    "caveat": F("Caveat", plain, how=True),
    "direction": F("Better is", direction, how=True),
    "period": F("Period", period),
}

_TRENDS = {
    "rule": F("Rule", text, how=True),
    "rising_or_first": F("Rising", trends),
    "falling": F("Falling", trends),
    **{k: _COMMON[k] for k in ("test", "caveat")},
}

_IMPACT = {
    "work": F("Initiative", names),
    "kind": F("What it is", text, how=True),
    "start": F("Started", date),
    "kpi": F("KPI", names),
    "objective": F("Objective", names),
    "why_checked": F("Why we checked", text, how=True),
    "declared_effect": F("Effect declared in the workbook", effect),
    "compared": F("Compared", text, how=True),
    "pre_periods": F("Periods before the start", count, how=True),
    "post_periods": F("Periods since the start", count, how=True),
    "expected_mean": F("What its history predicted since", level),
    "actual_mean": F("What it was since", level),
    "difference": F("Difference", change),
    "late_difference": F("Difference in the latest periods", change),
    "difference_sigmas": F("Difference in standard deviations", plain, how=True),
    "p_worse": F("Chance of a difference this bad by luck", plain, how=True),
    "p_adjusted": F("The same, allowing for the many tests", plain, how=True),
    "p_better": F("Chance of a difference this good by luck", plain, how=True),
    "p_better_adjusted": F("The same, allowing for the many tests (better)", plain, how=True),
    "seasonal_model": F("Allowed for the time of year", yesno, how=True),
    "trend_forms": F("Trend forms fitted", plain, how=True),
    **{k: _COMMON[k] for k in ("objective_weight", "method")},
}

FIELDS: dict[str, dict[str, Field]] = {
    "value_conflict": {
        "effect": F("Effect on the value", effect),
        "value": F("Value", names),
        "values": F("Values it goes against", names),
        "expressed_by": F("Objectives that express the value", names),
        "serves": F("Objectives it serves", names),
        "serves_effects": F("Effect on the objectives it serves", effects, how=True),
        "relative_weight": F("Weight against the average objective", ratio, how=True),
        "source": F("Where the workbook says so", text, how=True),
        "objective_weight": _COMMON["objective_weight"],
    },
    "resource_misallocation": {
        "tvd": F("Spending out of line with the priorities", share),
        "tvd_money": F("…of the money", share),
        "tvd_hours": F("…of the hours", share),
        "tvd_current": F("…in what is running now", share),
        "over_fed": F("Getting more than their weight", fed),
        "under_fed": F("Getting less than their weight", fed),
        "top_initiatives": F("Biggest initiatives there", names),
        "window": F("Spending from", period),
        "unattributed_money": F("Money on no objective", money),
    },
    "orphan_work": {
        "status": F("Status", text),
        "budget": F("Budget", money),
        "hours_per_month": F("Hours a month", hours),
        "spent": F("Spent so far", money),
        "hours_vs_linked_work": F("Its hours against the work that serves objectives", share),
        "budget_vs_linked_work": F("Its budget against the work that serves objectives", share),
        "parent": F("Parent", names),
        "period": F("Period", text),
    },
    "uncovered_objective": {
        "lacking": F("Missing", lacking),
        "kpis": F("KPIs", names),
        "initiatives": F("Initiatives", names),
        "goals": F("Goals", names),
        "objective_weight": _COMMON["objective_weight"],
    },
    "kpi_off_track": {
        "latest": F("Latest", level),
        "date": F("On", date),
        "target": F("Target", level),
        "warning": F("Warning level", level),
        "deadline": F("Deadline", date),
        "deadline_missed": F("Deadline passed", yesno),
        "objective": F("Objective", names),
        "stale": F("Data out of date", yesno),
        **{k: _COMMON[k] for k in ("objective_weight", "direction")},
    },
    "kpi_at_risk": {
        "p_hit": F("Chance", chance),
        "target": F("Target", level),
        "deadline": F("Deadline", date),
        "latest": F("Latest", level),
        "observed": F("Latest", level),
        "date": F("On", date),
        "value": F("Value", level),
        "forecast_at_deadline": F("Expected at the deadline", level),
        "interval_80": F("At the deadline", likely),
        "periods_ahead": F("Periods ahead", count, how=True),
        "cadence": F("How often it is measured", text, how=True),
        "history_points": F("Values it is forecast from", count, how=True),
        "model": F("Forecast model", text, how=True),
        "direction": _COMMON["direction"],
    },
    "kpi_shift": {
        "date": F("Changed from", date),
        "last_before": F("Last value before the change", date, how=True),
        "jump": F("Jump at the change", change),
        "mean_before": F("Average before", level),
        "mean_after": F("Average since", level),
        "level_before": F("Level just before", level, how=True),
        "slope_before": F("Trend a period before", plain, how=True),
        "slope_after": F("Trend a period since", plain, how=True),
        "sigmas": F("Size in standard deviations", plain, how=True),
        "worse": F("For the worse", yesno),
        "kpi": F("KPI", names),
        "deseasonalised": F("Time of year taken out", yesno, how=True),
        "p": F("Chance of a step this large without a real change (one KPI)", plain, how=True),
        "p_weekly": F("The same, judged on weekly means", plain, how=True),
        "p_monthly": F("The same, judged on calendar-month means", plain, how=True),
        "t_monthly": F("Size of the step against the month-to-month noise (t)", plain, how=True),
        "p_adjusted": F("The same, allowing for every KPI and date tested (Holm)", plain, how=True),
        "t": F("Size of the step against the noise (t)", plain, how=True),
        "autocorrelation": F("How much one period carries into the next", plain, how=True),
        **{k: _COMMON[k] for k in ("direction", "method")},
    },
    "kpi_anomaly": {
        "dates": F("Dates", date),
        "observations": F("What was seen", observations),
        "threshold_z": F("How far from normal counts (robust z)", plain, how=True),
        "method": _COMMON["method"],
    },
    "expectation_gap": {
        "leaving": F("Customers leaving", trends),
        "acquiring": F("New customers coming in", trends),
        "delivery_falling": F("What customers get, falling", trends),
        **{k: _COMMON[k] for k in ("test", "caveat")},
    },
    "kpi_tension": dict(_TRENDS),
    "initiative_harm": dict(_IMPACT),
    "initiative_win": dict(_IMPACT),
    "strategy_link_unsupported": {
        "verdict": F("Verdict", verdict),
        "driver_kpi": F("Driver KPI", names),
        "objective_kpi": F("Objective KPI", names),
        "pairs": F("Months compared", count),
        "months_to_settle": F("Data that would settle it", more_months),
        "pairs_needed": F("Months of data needed", count, how=True),
        "lag": F("Delay tested (months)", count, how=True),
        "r_levels": F("Correlation of levels", plain, how=True),
        "ci_levels": F("95% range of that", interval, how=True),
        "r_changes": F("Correlation of monthly changes", plain, how=True),
        "ci_changes": F("95% range of that", interval, how=True),
        "ci_equivalence": F("90% range for the equivalence test", interval, how=True),
        "granger_p": F("Granger test p-value", plain, how=True),
        "power": F("Power to find a link", share, how=True),
        "smallest_effect_of_interest": F("Smallest correlation worth acting on", plain, how=True),
    },
    "silo": {
        "team_size": F("People in the team", people),
        "messages_inside": F("Messages within the team", messages),
        "messages_sent_out": F("Messages to other teams", messages),
        "messages_received_from_outside": F("Messages from other teams", messages),
        "internal_share": F("Share of its messages within the team", share),
        "ei_index": F("E-I index", plain, how=True),
        "expected_ei_random_mixing": F("E-I index if everyone mixed at random", plain, how=True),
        "excess_inwardness": F("Inwardness beyond random mixing", plain, how=True),
        "company_norm_excess_inwardness": F("The same, typical team", plain, how=True),
        "outward_contact_vs_norm": F(
            "Its contact with other teams against a typical team's, for its size", share
        ),
        "outward_contact_vs_norm_upper95": F("The same, at most (95% bound)", share, how=True),
        "p_value": F("p-value", plain, how=True),
        "period": F("Messages from", period),
    },
    "bottleneck": {
        "person": F("Person", names),
        "role": F("Role", text),
        "team": F("Team", names),
        "teams": F("Teams", names),
        "team_pairs": F("Teams that reach each other through them", team_pairs),
        "cross_team_path_share": F("Cross-team routes through them", share),
        "cross_team_path_share_median": F("The same, typical person", share, how=True),
        "cross_team_path_share_robust_z": F("How unusual (robust z)", plain, how=True),
        "share_of_brokerage": F("Share of brokering between teams", share, how=True),
        "received": F("Messages received", messages),
        "median_received": F("Messages a typical person receives", messages),
        "received_vs_median": F("Compared with a typical person", times),
        "cross_team_messages": F("Cross-team messages they handled", messages),
        "share_of_cross_team_messages": F("Share of all cross-team messages", share),
        "network_size": F("People in the message network", people, how=True),
        "cross_team_pairs": F("Pairs of people in different teams", count, how=True),
        "people": F("People in the workbook", people, how=True),
        "period": F("Messages from", period),
    },
    "low_understanding": {
        "team": F("Team", names),
        "group": F("Group", names),
        "respondents": F("People who answered", people),
        "coverage": F(
            "What an answer names, by weight (the two heaviest priorities = 100%)", share
        ),
        "stating_a_top_objective": F("Who named a top priority", share),
        "stated_share": F("Who named each objective", shares),
        "line_of_sight": F("How clearly staff see their part", scale5),
        "values_lived": F("How much the values are lived", scale5),
        "enps": F("Would recommend working here (eNPS, −100 to 100)", plain),
        "enps_answers": F("Answers to that question", count, how=True),
        "threshold": F(
            "How close an answer's words must come to a priority's to name it (0 to 1)",
            plain,
            how=True,
        ),
        "top_objectives": F("Top priorities", names),
        "objectives_mostly_missed": F("Priorities most people missed", names),
    },
    "sentiment_decline": {
        "group": F("Group", names),
        "messages": F("Tone of messages", mood),
        "survey_free_text": F("Tone of survey answers", mood),
        "channels_falling": F("Channels where it falls", names),
        "teams_falling": F("Teams where it falls", names),
        "drop": F("Fall in tone (on a scale from −1 to 1)", plain, how=True),
    },
    "slow_innovation": {
        "decision": F("Ideas waiting for a decision", waiting),
        "launch": F("Ideas waiting for launch", waiting),
        "decision_trend": F("Decisions lately", waiting_trend),
        "launch_trend": F("Launches lately", waiting_trend),
        "norm_days": F("Days we expect", days, how=True),
    },
    "talent_gap": {
        "needed": F("People needed", people),
        "skilled_people": F("People with the skill", people),
        "people_with_skills": F("People with the skill", people),
        "people_learning": F("People learning it", people),
        "level_counted": F("Skill level that counts (1 to 5)", count, how=True),
        "broad_level": F("Level that counts as broad skill", count, how=True),
        "deep_level": F("Level that counts as deep skill", count, how=True),
        "t_shape_index": F("Share with one deep and several broad skills", share, how=True),
        "t_shape_judged": F("Judged on that share", yesno, how=True),
        "objectives": F("Objectives that need it", names),
        "capabilities": F("Skills", names),
        "learners_median_training_hours": F("Training of a typical learner", hours),
        "people": F("People", people, how=True),
        "share_meeting_norm": F("Share getting enough training", share),
        "median_training_hours": F("Training of a typical person", hours),
        "norm_hours": F("Training expected", hours),
        "training": F("Training", plain, how=True),
        "values": F("Values it touches", names),
        "values_demanding_training": F("Values that ask for training", names),
    },
    "automation_risk": {
        "touchpoint": F("Where it works", text),
        "replaces_human": F("Replaces a person", yesno),
        "human_fallback": F("A person to turn to", yesno),
        "values": F("Values it touches", names),
        "negative_effects": F("Harm declared in the workbook", effects),
        "start": F("Running since", date),
        "source": F("Where the workbook says so", text, how=True),
    },
    "review_lapsed": {
        "stage": F("Stage", stage),
        "allowed_days": F("Review at least every", days),
        "last_review": F("Last review", date),
        "days_since_last": F("Since then", days),
        "median_gap_days": F("Usual gap between reviews", days, how=True),
        "actions_open": F("Actions open", count),
        "actions_closed": F("Actions done", count),
        "open_share": F("Share of actions still open", share),
        "overdue": F("Review overdue", yesno),
        "actions_stuck": F("Actions stuck", yesno),
        "actions_late": F("Actions late", yesno),
    },
    "goal_behind": {
        "progress": F("Done so far", share),
        "elapsed": F("Time gone", share),
        "period": F("Period", text),
        "period_start": F("Starts", date),
        "period_end": F("Ends", date),
        "key_results": F("Key results", key_results),
    },
}
"""Kind → evidence key → its label and format; every key the analyses write is here."""


def field_of(kind: str, key: str) -> Field | None:
    return FIELDS.get(kind, {}).get(key) or _COMMON.get(key)


# ------------------------------------------------------------------ a finding


def finding_kpi(kind: str, subjects: Sequence[str], evidence: Mapping[str, Any]) -> str | None:
    """The KPI a finding's numbers are in (its unit is theirs), if any."""
    kpi = evidence.get("kpi")
    if isinstance(kpi, str):
        return kpi
    if kind in {"kpi_off_track", "kpi_at_risk", "kpi_shift", "kpi_anomaly"} and subjects:
        return subjects[0]
    return None


def explain(
    *, kind: str, subjects: Sequence[str], evidence: Mapping[str, Any], context: Context
) -> Explained:
    """A finding in plain words (see :class:`Explained`)."""
    unit = context.unit(finding_kpi(kind, subjects, evidence))
    facts: list[Fact] = []
    how: list[Fact] = []
    for key, value in evidence.items():
        spec = field_of(kind, key)
        if spec is None:  # a key from a newer analysis: readable, under "How we know"
            spec = Field(key.replace("_", " ").capitalize(), plain, how=True)
        shown = spec.format(value, evidence, unit, context)
        if shown is None:
            continue
        (how if spec.how else facts).append(Fact(spec.label, shown))
    return Explained(
        kind_name=kind_name(kind),
        summary=summary(kind=kind, subjects=subjects, evidence=evidence, context=context),
        facts=tuple(facts),
        how=tuple(how),
    )


def summary(
    *, kind: str, subjects: Sequence[str], evidence: Mapping[str, Any], context: Context
) -> str:
    """One plain sentence with the number that matters (the API's ``summary``, the digest's
    line, the card's "why we think so")."""
    ev, c = evidence, context
    kpi = finding_kpi(kind, subjects, ev)
    unit = c.unit(kpi)
    kpi_name = c.name(kpi) if kpi else ""
    first = c.name(subjects[0]) if subjects else ""
    w = c.words
    if kind == "kpi_at_risk" and _num(ev.get("p_hit")):
        out = f"{kpi_name}: {chance(ev['p_hit'], ev, unit, c)}"
        if isinstance(ev.get("interval_80"), list):
            out += f"; at the deadline {likely(ev['interval_80'], ev, unit, c)}"
        return out + "."
    if kind == "kpi_off_track" and _num(ev.get("latest")):
        out = f"{kpi_name} is at {w.amount(ev['latest'], unit)}"
        if _num(ev.get("warning")):
            out += f", past its warning level of {w.amount(ev['warning'], unit)}"
        if _num(ev.get("target")):
            out += f" (target {w.amount(ev['target'], unit)} by {w.month(ev.get('deadline'))})"
        return out + "."
    if kind == "kpi_shift" and _num(ev.get("mean_before")) and _num(ev.get("mean_after")):
        return (
            f"{kpi_name} changed level from {w.month(ev.get('date'))}: about "
            f"{w.amount(ev['mean_after'], unit)} on average since, against "
            f"{w.amount(ev['mean_before'], unit)} before."
        )
    if kind == "kpi_anomaly":
        return f"{kpi_name}: {observations(ev.get('observations'), ev, unit, c)}."
    if kind in {"initiative_harm", "initiative_win"} and _num(ev.get("difference")):
        return (
            f"Since {c.name(ev.get('work'))} started ({w.month(ev.get('start'))}), "
            f"{c.name(ev.get('kpi'))} has been {change(ev['difference'], ev, unit, c)} "
            f"than its history predicts: {w.amount(ev.get('actual_mean'), unit)} against "
            f"{w.amount(ev.get('expected_mean'), unit)}."
        )
    if kind == "goal_behind" and _num(ev.get("progress")) and _num(ev.get("elapsed")):
        return (
            f"{first}: {w.share(ev['progress'])} done with {w.share(ev['elapsed'])} "
            f"of the time gone."
        )
    if kind == "resource_misallocation" and _num(ev.get("tvd")):
        return (
            f"{w.share(ev['tvd'])} of the money and hours would have to move to match "
            "the objectives' weights."
        )
    if kind == "silo" and _num(ev.get("internal_share")):
        return (
            f"{first} talks almost only among itself: {w.share(ev['internal_share'])} of its "
            "messages stay inside the team."
        )
    if kind == "bottleneck" and _num(ev.get("cross_team_path_share")):
        return (
            f"Many cross-team questions go through one person: {c.name(ev.get('person'))}"
            f" ({w.share(ev['cross_team_path_share'])} of the routes between teams)."
        )
    if kind == "low_understanding" and _num(ev.get("stating_a_top_objective")):
        return (
            f"Only {w.share(ev['stating_a_top_objective'])} of those who answered could name "
            "a top priority."
        )
    if kind == "review_lapsed" and _num(ev.get("days_since_last")):
        return (
            f"The last strategy review was {w.count(ev['days_since_last'])} days ago "
            f"({w.date(ev.get('last_review'))}); at this stage, every "
            f"{w.count(ev.get('allowed_days') or 0)} days is the rhythm."
        )
    if kind == "strategy_link_unsupported":
        link = " → ".join(c.name(s) for s in subjects)
        out = f"We can't confirm that {link} holds: {verdict(ev.get('verdict'), ev, unit, c)}"
        if _num(ev.get("months_to_settle")):
            out += f"; about {w.more_months(ev['months_to_settle'])} of data would settle it"
        return out + "."
    if kind == "value_conflict":
        vals = names(ev.get("values"), ev, unit, c)
        return f"{first} works {effect(ev.get('effect'), ev, unit, c)} {vals}."
    if kind == "talent_gap" and _num(ev.get("needed")):
        have = ev.get("skilled_people", ev.get("people_with_skills"))
        who = "1 person has" if have == 1 else f"{have} people have"
        return f"{first}: {who} the skill where {ev['needed']} are needed."
    if kind == "expectation_gap":
        return (
            "Customers leave although marketing brings them in: what is sold and what is "
            "delivered differ."
        )
    if kind == "kpi_tension":
        rising = trends(ev.get("rising_or_first"), ev, unit, c)
        return f"{rising}, while {trends(ev.get('falling'), ev, unit, c)}."
    if kind == "slow_innovation" and isinstance(ev.get("decision"), Mapping):
        return f"Ideas wait long for a decision: {waiting(ev['decision'], ev, unit, c)}."
    if kind == "sentiment_decline":
        where = names(ev.get("teams_falling"), ev, unit, c) if ev.get("teams_falling") else ""
        return "The tone of messages is falling" + (f", in {where}" if where else "") + "."
    if kind == "uncovered_objective":
        return f"{first} has no {lacking(ev.get('lacking'), ev, unit, c)}."
    if kind == "orphan_work":
        return f"{first} serves no objective in the strategy map."
    if kind == "automation_risk":
        return (
            f"{first} answers customers in {text(ev.get('touchpoint'), ev, unit, c)} without "
            "a person to turn to, against the values."
        )
    return f"{kind_name(kind)}: {first}." if first else f"{kind_name(kind)}."
