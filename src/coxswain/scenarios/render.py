"""The faces of a scenario report: JSON, plain text, an HTML page (one section a bigger
report can include) and its PDF. The words come from :mod:`coxswain.wording`."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from coxswain.scenarios.engine import Outcome, Report
from coxswain.wording.numbers import Words


def _r(x: float | None, digits: int = 4) -> float | None:
    return None if x is None else float(round(x, digits))


def to_dict(report: Report) -> dict[str, Any]:
    """The report as JSON data: ``{"seed", "paths", "scenarios": [{"name", "kpis": [{"kpi",
    "p_hit", "p10", "p50", "p90"}], "index": {"p10", "p50", "p90"}}], ...}``."""
    return {
        "company": report.company,
        "as_of": report.as_of.isoformat(),
        "seed": report.seed,
        "paths": report.paths,
        "best": report.best,
        "index_today": _r(report.today_index, 1),
        "scenarios": [_scenario(report, o) for o in report.scenarios],
        "wargames": [
            {
                "name": g.name,
                "responses": [{"name": k, "probability": _r(v)} for k, v in g.responses.items()],
                "moves": [
                    {
                        "move": m.move,
                        "expected": _r(m.expected),
                        "regret": _r(m.regret),
                        "worst_regret": _r(m.worst_regret),
                        "by_response": {k: _r(v) for k, v in m.by_response.items()},
                    }
                    for m in g.moves
                ],
                "best": g.best,
            }
            for g in report.wargames
        ],
        "stress_test": [
            {
                "kpi": b.driver,
                "smallest_shock_percent": _r(b.shock, 1),
                "breaks": b.breaks,
                "p_hit_before": _r(b.p_hit_before),
            }
            for b in report.stress
        ],
        "links": [
            {
                "driver": link.driver,
                "objective": link.objective,
                "lag_months": link.lag,
                "strength": [_r(link.low), _r(link.high)],
                "assumed": link.assumed,
                "verdict": link.verdict,
            }
            for link in report.links
        ],
        "not_simulated": [{"kpi": k, "why": v} for k, v in sorted(report.skipped.items())],
    }


def _scenario(report: Report, o: Outcome) -> dict[str, Any]:
    base = report.baseline
    index = (
        {"p10": _r(o.index[0], 1), "p50": _r(o.index[1], 1), "p90": _r(o.index[2], 1)}
        if o.index
        else None
    )
    return {
        "name": o.name,
        "description": o.description,
        "score": _r(o.score),
        "kpis": [
            {
                "kpi": k.kpi,
                "name": k.name,
                "unit": k.unit,
                "target": k.target,
                "deadline": k.deadline.isoformat() if k.deadline else None,
                "p_hit": _r(k.p_hit),
                "p_hit_baseline": _r(base.kpis[k.kpi].p_hit),
                "at": k.at.isoformat(),
                "p10": _r(k.p10),
                "p50": _r(k.p50),
                "p90": _r(k.p90),
                "assumed": k.assumed,
                "fan": {
                    "dates": [d.isoformat() for d in k.dates],
                    "p10": [_r(v) for v in k.fan[0]],
                    "p50": [_r(v) for v in k.fan[1]],
                    "p90": [_r(v) for v in k.fan[2]],
                },
            }
            for k in o.kpis.values()
        ],
        "index": index,
        "effects": [
            {
                "kpi": e.kpi,
                "what": e.what,
                "low": _r(e.low),
                "high": _r(e.high),
                "from_month": e.start,
                "months": e.months,
                "probability": _r(e.probability),
                "basis": e.basis,
                "assumed": e.assumed,
            }
            for e in o.effects
        ],
        "findings": report.findings.get(o.name, {"resolved": [], "created": []}),
        "money": money(report, o),
        "notes": list(o.plan.notes),
    }


MONEY_KINDS = {"revenue": 1.0, "cost": -1.0, "margin": 1.0, "clv": 1.0}


def money(report: Report, o: Outcome) -> dict[str, Any]:
    """The spending a scenario changes (yearly), and the money its KPIs move over the next
    twelve months against the baseline: a KPI kept in the company's currency by its mean
    change; a margin in percent by its mean change times the revenue KPIs' median (the
    revenue the workbook tracks, monthly KPIs only)."""
    kpis = []
    currency = report.currency.upper()
    revenue = [
        k
        for k in report.baseline.kpis.values()
        if report.kinds.get(k.kpi) == "revenue" and (k.unit or "").strip().upper() == currency
    ]
    for k in o.kpis.values():
        b = report.baseline.kpis[k.kpi]
        unit = (k.unit or "").strip()
        months = [i for i, d in enumerate(k.dates) if (d - report.as_of).days <= 366]
        shift = [k.mean_shift[i] - b.mean_shift[i] for i in months]
        if unit.upper() == currency:
            change = sum(shift) * (-1 if report.kinds.get(k.kpi) == "cost" else 1)
        elif report.kinds.get(k.kpi) == "margin" and unit == "%" and revenue:
            change = 0.0
            for r in revenue:
                dates = {d: i for i, d in enumerate(r.dates)}
                for i, step in zip(months, shift, strict=True):
                    j = dates.get(k.dates[i])
                    if j is not None:
                        change += step / 100 * r.fan[1][j]
        else:
            continue
        if abs(change) >= 0.5:
            kpis.append({"kpi": k.kpi, "next_12_months": _r(change, 0)})
    return {"spending_per_year": _r(o.plan.spend, 0), "kpis": kpis}


def to_json(report: Report) -> str:
    return json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"


# ----------------------------------------------------------------------------- words


def context(report: Report) -> dict[str, Any]:
    """What the text and the HTML page say, in the owner's words."""
    words = Words(locale=report.locale, currency=report.currency)
    names = [o.name for o in report.scenarios]
    rows = []
    for kpi, k in report.baseline.kpis.items():
        if k.p_hit is None:
            continue
        cells = []
        for o in report.scenarios:
            s = o.kpis[kpi]
            cells.append(
                {
                    "p_hit": words.share(s.p_hit) if s.p_hit is not None else "–",
                    "delta": (
                        ""
                        if o is report.baseline or s.p_hit is None or k.p_hit is None
                        else _points(s.p_hit - k.p_hit)
                    ),
                    "range": words.between(s.p10, s.p90, s.unit),
                    "assumed": s.assumed,
                }
            )
        rows.append(
            {
                "kpi": kpi,
                "name": k.name,
                "target": words.amount(k.target, k.unit),
                "deadline": words.date(k.deadline),
                "cells": cells,
            }
        )
    index = [
        words.plain(o.index[1], 0) + f" ({words.plain(o.index[0], 0)}–{words.plain(o.index[2], 0)})"
        if o.index
        else "–"
        for o in report.scenarios
    ]
    scores = [words.share(o.score) if o.score is not None else "–" for o in report.scenarios]
    details = []
    for o in report.scenarios[1:]:
        d = to_dict_money = money(report, o)
        effects = [
            {
                "what": e.what,
                "kpi": report.baseline.kpis[e.kpi].name if e.kpi in report.baseline.kpis else e.kpi,
                "size": _effect_words(words, e.low, e.high, report.baseline.kpis.get(e.kpi)),
                "when": "from now"
                if e.start == 0
                else f"from {words.month(_month(report, e.start))}"
                + (f" for {e.months} months" if e.months else ""),
                "basis": BASIS[e.basis],
                "chance": words.share(e.probability) if e.probability < 1 else "",
            }
            for e in o.effects
        ]
        found = report.findings.get(o.name, {"resolved": [], "created": []})
        details.append(
            {
                "name": o.name,
                "description": o.description or "",
                "effects": effects,
                "resolved": [f["title"] for f in found["resolved"]],
                "created": [f["title"] for f in found["created"]],
                "spend": (
                    words.money(d["spending_per_year"]) + " a year"
                    if d["spending_per_year"]
                    else ""
                ),
                "money": [
                    {
                        "name": o.kpis[m["kpi"]].name,
                        "change": ("+" if m["next_12_months"] > 0 else "−")
                        + words.money(abs(m["next_12_months"])),
                    }
                    for m in to_dict_money["kpis"]
                ],
                "notes": o.plan.notes,
            }
        )
    wargames = [
        {
            "name": g.name,
            "responses": [{"name": k, "chance": words.share(v)} for k, v in g.responses.items()],
            "moves": [
                {
                    "move": m.move,
                    "expected": words.share(m.expected),
                    "regret": _points(-m.regret).lstrip("−") if m.regret else "none",
                    "best": m.move == g.best,
                }
                for m in g.moves
            ],
            "best": g.best,
        }
        for g in report.wargames
    ]
    stress = []
    for b in report.stress:
        k = report.baseline.kpis[b.driver]
        if b.shock is None:
            stress.append(
                {"kpi": k.name, "words": "no lasting drop of up to 90% breaks a target downstream"}
            )
            continue
        assert b.breaks is not None
        target = report.baseline.kpis[b.breaks]
        stress.append(
            {
                "kpi": k.name,
                "words": (
                    f"a lasting {words.plain(b.shock)}% turn for the worse makes "
                    f"“{target.name}” more likely missed than hit (today: "
                    f"{words.chance(b.p_hit_before or 0)} of hitting it)"
                ),
            }
        )
    return {
        "company": report.company,
        "as_of": words.date(report.as_of),
        "paths": words.count(report.paths),
        "seed": report.seed,
        "names": names,
        "rows": rows,
        "index": index,
        "index_today": words.plain(report.today_index, 0) if report.today_index else None,
        "scores": scores,
        "best": report.best,
        "details": details,
        "wargames": wargames,
        "stress": stress,
        "assumed_links": [
            f"{link.driver} → {link.objective}" for link in report.links if link.assumed
        ],
        "skipped": [{"kpi": k, "why": v} for k, v in sorted(report.skipped.items())],
        "charts": charts(report),
    }


def _month(report: Report, months: int) -> dt.date:
    """The first day of the month ``months`` after the as-of month."""
    index = report.as_of.year * 12 + report.as_of.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


BASIS = {
    "owner": "your range",
    "history": "measured in your history",
    "map": "assumed from the map",
    "assumed": "assumed",
}


def _points(diff: float) -> str:
    pts = round(diff * 100)
    if pts == 0:
        return "±0"
    return f"+{pts}" if pts > 0 else f"−{abs(pts)}"


def _effect_words(words: Words, low: float, high: float, k: Any) -> str:
    unit = k.unit if k is not None else None

    def signed(x: float) -> str:
        return ("+" if x > 0 else "−" if x < 0 else "") + words.difference(x, unit)

    if low == high:
        return signed(low)
    if high <= 0:  # a fall: the smaller fall first
        low, high = high, low
    return f"{signed(low)} to {signed(high)}"


# ----------------------------------------------------------------------------- text


def text(report: Report) -> str:
    c = context(report)
    out = [
        f"Scenarios for {c['company']}, as of {c['as_of']} ({c['paths']} simulated futures, "
        f"seed {c['seed']})",
        "",
        "Chance of hitting each target by its deadline:",
    ]
    width = max([len(r["name"]) for r in c["rows"]] + [10])
    header = " " * (width + 2) + "  ".join(f"{_short(n):>18}" for n in c["names"])
    out.append(header)
    for r in c["rows"]:
        cells = "  ".join(f"{_cell(cell):>18}" for cell in r["cells"])
        out.append(f"  {r['name'][:width]:<{width}}{cells}")
    out.append(
        "  " + f"{'Weighted objectives':<{width}}" + "  ".join(f"{s:>18}" for s in c["scores"])
    )
    out.append("  " + f"{'Alignment index':<{width}}" + "  ".join(f"{s:>18}" for s in c["index"]))
    out.append("  (* an assumed effect reaches this KPI; ±n: points against the baseline)")
    if c["best"]:
        out += ["", f"Best for the weighted objectives: {c['best']}"]
    for d in c["details"]:
        out += ["", f"{d['name']}" + (f": {d['description']}" if d["description"] else "")]
        for e in d["effects"]:
            chance = f", {e['chance']} chance" if e["chance"] else ""
            out.append(
                f"  - {e['what']}: {e['kpi']} {e['size']} {e['when']}{chance} ({e['basis']})"
            )
        for t in d["resolved"]:
            out.append(f"  resolves: {t}")
        for t in d["created"]:
            out.append(f"  creates: {t}")
        if d["spend"]:
            out.append(f"  spending changes by {d['spend']}")
        for m in d["money"]:
            out.append(f"  {m['name']}: {m['change']} over the next 12 months")
        for n in d["notes"]:
            out.append(f"  note: {n}")
    for g in c["wargames"]:
        out += ["", f"Wargame: {g['name']}"]
        out.append(
            "  their responses: "
            + "; ".join(f"{r['name']} ({r['chance']})" for r in g["responses"])
        )
        for m in g["moves"]:
            mark = "  ← best" if m["best"] else ""
            out.append(
                f"  {m['move']}: expected {m['expected']} weighted chance, "
                f"regret {m['regret']}{mark}"
            )
    if c["stress"]:
        out += ["", "What breaks first:"]
        out += [f"  {s['kpi']}: {s['words']}" for s in c["stress"]]
    if c["assumed_links"]:
        out += [
            "",
            "Links of the map the data do not settle yet (strength assumed): "
            + ", ".join(c["assumed_links"]),
        ]
    if c["skipped"]:
        out += ["", "Not simulated: " + "; ".join(f"{s['kpi']} ({s['why']})" for s in c["skipped"])]
    return "\n".join(out) + "\n"


def _short(name: str, size: int = 18) -> str:
    return name if len(name) <= size else name[: size - 1] + "…"


def _cell(cell: dict[str, Any]) -> str:
    delta = f" {cell['delta']}" if cell["delta"] else ""
    return str(cell["p_hit"]) + delta + ("*" if cell["assumed"] else "")


# ----------------------------------------------------------------------------- charts


def charts(report: Report) -> list[dict[str, Any]]:
    """Per targeted KPI, an SVG fan chart: the baseline's P10–P90 band and median, and each
    scenario's median."""
    out = []
    words = Words(locale=report.locale, currency=report.currency)
    width, height, pad = 320.0, 120.0, 6.0
    for kpi, base in report.baseline.kpis.items():
        if base.p_hit is None:
            continue
        series = [o.kpis[kpi].fan for o in report.scenarios]
        values = [v for fan in series for band in fan for v in band]
        if base.target is not None:
            values.append(base.target)
        lo, hi = min(values), max(values)
        span = hi - lo or 1.0
        n = len(base.dates)

        def xy(i: int, v: float, n: int = n, lo: float = lo, span: float = span) -> str:
            x = pad + (width - 2 * pad) * (i / max(n - 1, 1))
            y = height - pad - (height - 2 * pad) * ((v - lo) / span)
            return f"{x:.1f},{y:.1f}"

        band = [xy(i, v) for i, v in enumerate(base.fan[2])] + [
            xy(i, v) for i, v in reversed(list(enumerate(base.fan[0])))
        ]
        medians = [
            {"name": o.name, "points": " ".join(xy(i, v) for i, v in enumerate(o.kpis[kpi].fan[1]))}
            for o in report.scenarios
        ]
        target_y = (
            None
            if base.target is None
            else height - pad - (height - 2 * pad) * ((base.target - lo) / span)
        )
        out.append(
            {
                "name": base.name,
                "band": " ".join(band),
                "medians": medians,
                "target_y": f"{target_y:.1f}" if target_y is not None else None,
                "width": width,
                "height": height,
                "first": words.month(base.dates[0]),
                "last": words.month(base.dates[-1]),
            }
        )
    return out


def html(report: Report) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("coxswain.scenarios", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("scenarios.html").render(**context(report))


def pdf(report: Report) -> bytes:
    import logging
    import os

    from weasyprint import HTML

    from coxswain.report.pdf import FONT_TIMESTAMP_EPOCH

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    os.environ.setdefault("SOURCE_DATE_EPOCH", FONT_TIMESTAMP_EPOCH)
    out: bytes = HTML(string=html(report)).write_pdf()
    return out
