"""The backtest for an owner: text for the terminal, one self-contained HTML file, JSON."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

from coxswain.backtest.core import PSEUDO, Backtest, KindRow, summary

KIND_WORDS: dict[str, str] = {
    "kpi_at_risk": "KPI likely to miss its target by the deadline",
    PSEUDO: "KPI likely to miss its target 3 to 12 months on",
    "kpi_off_track": "KPI off its target",
    "kpi_shift": "KPI changed for the worse",
    "kpi_anomaly": "unusual KPI values",
    "kpi_tension": "two KPIs pulling against each other",
    "expectation_gap": "customers leave although they are brought in",
    "goal_behind": "goal behind its time",
    "sentiment_decline": "mood in messages falling",
    "low_understanding": "staff unsure of the priorities",
    "strategy_link_unsupported": "a link of the strategy map the data do not bear out",
    "uncovered_objective": "objective with no KPI, work or goal",
    "orphan_work": "work that serves no objective",
    "resource_misallocation": "money and hours out of line with the weights",
    "value_conflict": "work against a value",
    "automation_risk": "automation where a value needs a person",
    "silo": "team talking only among itself",
    "bottleneck": "one person in the middle of cross-team talk",
    "slow_innovation": "ideas slow to be decided",
    "talent_gap": "capability short of people",
    "review_lapsed": "strategy reviews lapsed",
}
"""Plain words for each kind of warning (the backtest's faces read them from here)."""

BASELINE_WORDS = {
    "last_value": "the latest value stays as it is",
    "base_rate": "targets are met as often as before",
}


def kind_words(kind: str) -> str:
    return KIND_WORDS.get(kind, kind.replace("_", " "))


def long_date(day: dt.date | str) -> str:
    d = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return f"{d.day} {d:%B %Y}"


def _months(x: float) -> str:
    n = round(x)
    return "under a month" if n == 0 else ("1 month" if n == 1 else f"{n} months")


def headline(report: Backtest) -> str:
    """'Of 9 warnings, 7 came true, a median 4 months ahead.'"""
    s = summary(report)
    if not report.as_of_dates:
        return "There is no history to replay yet."
    if s.judged == 0:
        words = "No warning can be judged yet"
        if s.not_yet_known:
            words += f": {s.not_yet_known} wait for what happens next"
        return words + "." + pseudo_line(report)
    line = f"Of {s.judged} warning{'s' if s.judged != 1 else ''}, {s.came_true} came true"
    if s.lead_time_months is not None:
        line += f", a median {_months(s.lead_time_months)} ahead of the miss"
    line += "."
    if s.not_yet_known:
        line += f" {s.not_yet_known} more cannot be judged yet."
    return line + pseudo_line(report)


def pseudo_line(report: Backtest) -> str:
    row = next((r for r in report.by_kind if r.kind == PSEUDO), None)
    if row is None or not row.fired:
        return ""
    line = (
        f" A KPI we gave under an even chance of meeting its target 3 to 12 months on missed it "
        f"{row.came_true} times out of {row.fired}"
    )
    if row.lead_time_months is not None and row.came_true:
        line += f", a median {_months(row.lead_time_months)} after the first warning"
    return line + "."


def calibration_line(report: Backtest) -> str | None:
    s = summary(report)
    cal = report.calibration
    if s.brier is None or s.best_baseline is None:
        return None
    name, value = s.best_baseline
    verdict = (
        "better than" if s.beats_baselines else ("as good as" if s.brier == value else "worse than")
    )
    return (
        f"The chance of reaching a target was {verdict} a naive guess: a Brier score of "
        f"{s.brier:.2f} over {cal['n']} forecasts, against {value:.2f} for guessing that "
        f"{BASELINE_WORDS.get(name, name)} (0 is perfect, lower is better)."
    )


def index_line(report: Backtest) -> str:
    idx = report.index
    rho = idx.get("spearman")
    if rho is None:
        return f"The alignment index against the next quarter: {idx.get('note', 'not known')}."
    strength = "no" if abs(rho) < 0.2 else ("a weak" if abs(rho) < 0.5 else "a clear")
    direction = "" if abs(rho) < 0.2 else (" positive" if rho > 0 else " negative")
    return (
        f"The alignment index showed {strength}{direction} link with how many targets were met "
        f"the next quarter (rank correlation {rho:+.2f} over {len(idx['pairs'])} dates)."
    )


MOVED_WORDS = {
    "better": "better than its history predicts",
    "worse": "worse than its history predicts",
    "no clear change": "no clear change",
}


def action_rows(efficacy: dict[str, Any]) -> list[dict[str, str]]:
    """Each action taken on a finding, in words: was the finding gone by the due date, and
    how its KPI moved after (with the periods compared)."""
    rows: list[dict[str, str]] = []
    for a in efficacy.get("actions") or []:
        outcome = {
            "gone": f"gone by {long_date(a['checked_on'])}" if a["checked_on"] else "gone",
            "still there": (
                f"still there on {long_date(a['checked_on'])}" if a["checked_on"] else ""
            ),
            "not known yet": "not known yet: the due date is after the data",
        }[a["outcome"]]
        kpi = a.get("kpi")
        if kpi is None:
            moved = "–"
        elif kpi.get("moved") is None:
            moved = f"{kpi['kpi']}: not measurable ({kpi.get('note', '')})"
        else:
            period = kpi["comparison_period"]
            moved = (
                f"{kpi['kpi']}: {MOVED_WORDS[kpi['moved']]} "
                f"({long_date(period['after'][0])} to {long_date(period['after'][1])}, against "
                f"{long_date(period['before'][0])} to {long_date(period['before'][1])})"
            )
        rows.append(
            {
                "action": a.get("title") or kind_words(a["kind"]),
                "finding": a["finding"],
                "due": long_date(a["due"]),
                "outcome": outcome,
                "moved": moved,
            }
        )
    return rows


def initiative_rows(efficacy: dict[str, Any]) -> list[dict[str, str]]:
    """Each initiative or automation: the effect declared on the map against the measured."""
    return [
        {
            "work": i["work"],
            "kpi": i["kpi"],
            "declared": "none" if i["declared_effect"] is None else f"{i['declared_effect']:+d}",
            "measured": i["measured"],
            "agrees": {True: "yes", False: "no", None: "–"}[i["agrees"]],
        }
        for i in efficacy.get("initiatives") or []
    ]


def link_rows(efficacy: dict[str, Any]) -> list[dict[str, str]]:
    """Each link of the strategy map: its latest verdict, and on how many dates supported."""
    return [
        {
            "link": f"{link['driver']} → {link['objective']}",
            "latest": link["latest"].replace("_", " "),
            "supported": f"{link['dates'].get('supported', 0)} of {len(link['over_time'])}",
        }
        for link in efficacy.get("links") or []
    ]


def dismissal_rows(efficacy: dict[str, Any]) -> list[dict[str, str]]:
    """The owner's dismissals by kind, with the share of that kind's findings dismissed
    where the replays raised any, and the reasons given."""
    d = efficacy.get("dismissals")
    if not d:
        return []
    rows: list[dict[str, str]] = []
    for k in d["by_kind"]:
        raised = k.get("raised")
        reasons = [r for r in d["by_reason"] if r["kind"] == k["kind"]]
        rows.append(
            {
                "kind": kind_words(k["kind"]),
                "count": str(k["count"]),
                "raised": "–" if not raised else str(raised),
                "reasons": "; ".join(
                    f"{r['reason'] or 'no reason'} ({r['count']})" for r in reasons
                ),
            }
        )
    return rows


def _row_cells(r: KindRow) -> list[str]:
    return [
        kind_words(r.kind),
        str(r.fired),
        str(r.came_true),
        str(r.not_yet_known),
        "–" if r.missed is None else str(r.missed),
        "–" if r.lead_time_months is None else _months(r.lead_time_months),
    ]


HEADERS = ["warning", "fired", "came true", "not known yet", "missed, no warning", "ahead by"]


def text(report: Backtest) -> str:
    from rich.console import Console
    from rich.table import Table

    console = Console(record=True, width=110, highlight=False, file=io.StringIO())
    dates = report.as_of_dates
    console.print(f"[bold]How good were our warnings? {report.company}[/bold]", markup=True)
    if dates:
        console.print(
            f"Replayed every {report.every} on {len(dates)} dates, "
            f"{long_date(dates[0])} to {long_date(dates[-1])}, each with only the data known then."
        )
    console.print()
    console.print(headline(report))
    if line := calibration_line(report):
        console.print(line)
    console.print(index_line(report))
    if report.by_kind:
        table = Table(*HEADERS, title="By kind of warning", title_justify="left")
        for r in report.by_kind:
            table.add_row(*_row_cells(r))
        console.print()
        console.print(table)
    bins = report.calibration.get("bins") or []
    if bins:
        table = Table(
            "we said",
            "forecasts",
            "it happened",
            title="When we gave a chance of …",
            title_justify="left",
        )
        for b in bins:
            table.add_row(f"{b['lo']:.0%}–{b['hi']:.0%}", str(b["n"]), f"{b['observed']:.0%}")
        console.print()
        console.print(table)
    eff = report.efficacy
    if eff.get("initiatives"):
        table = Table(
            "work",
            "KPI",
            "declared",
            "measured",
            "agrees",
            title="Did the work do what the map says?",
            title_justify="left",
        )
        for i in eff["initiatives"]:
            declared = i["declared_effect"]
            table.add_row(
                i["work"],
                i["kpi"],
                "none" if declared is None else f"{declared:+d}",
                i["measured"],
                {True: "yes", False: "no", None: "–"}[i["agrees"]],
            )
        console.print()
        console.print(table)
    if eff.get("links"):
        table = Table(
            "link",
            "latest verdict",
            "dates supported",
            title="Links of the strategy map over time",
            title_justify="left",
        )
        for link in eff["links"]:
            table.add_row(
                f"{link['driver']} → {link['objective']}",
                link["latest"].replace("_", " "),
                f"{link['dates'].get('supported', 0)} of {len(link['over_time'])}",
            )
        console.print()
        console.print(table)
    if actions := action_rows(eff):
        table = Table(
            "action",
            "due",
            "the finding",
            "the KPI after",
            title="Did what we did about the warnings work?",
            title_justify="left",
        )
        for row in actions:
            table.add_row(row["action"], row["due"], row["outcome"], row["moved"])
        console.print()
        console.print(table)
    if dismissed := dismissal_rows(eff):
        table = Table(
            "warning",
            "dismissed",
            "raised",
            "reasons",
            title=f"Warnings you dismissed ({eff['dismissals']['total']}): nothing is retuned "
            "from them",
            title_justify="left",
        )
        for row in dismissed:
            table.add_row(row["kind"], row["count"], row["raised"], row["reasons"])
        console.print()
        console.print(table)
    notes = [*report.notes, *eff.get("notes", [])]
    if notes:
        console.print()
        for note in notes:
            console.print(f"Note: {note}")
    return console.export_text()


def to_json(report: Backtest) -> str:
    return json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"


def html(report: Backtest) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("coxswain.backtest", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("backtest.html").render(**context(report))


def context(report: Backtest) -> dict[str, Any]:
    """What the HTML page and the web page show (the words come from here)."""
    dates = report.as_of_dates
    return {
        "company": report.company,
        "every": report.every,
        "first": long_date(dates[0]) if dates else None,
        "last": long_date(dates[-1]) if dates else None,
        "n_dates": len(dates),
        "headline": headline(report),
        "calibration_line": calibration_line(report),
        "index_line": index_line(report),
        "headers": HEADERS,
        "rows": [_row_cells(r) for r in report.by_kind],
        "bins": report.calibration.get("bins") or [],
        "efficacy": report.efficacy,
        "actions": action_rows(report.efficacy),
        "initiatives": initiative_rows(report.efficacy),
        "links": link_rows(report.efficacy),
        "dismissed": dismissal_rows(report.efficacy),
        "notes": [*report.notes, *report.efficacy.get("notes", [])],
    }
