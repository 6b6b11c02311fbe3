"""Typed payloads of the sections other code reads: stage, cascade, kpi_status, forecast and
strategy_links.

A section's ``tables`` are JSON (they are stored with a run and read back to render a
report). The producer builds them from these classes (``to_json``) and every reader (the
reports, the web pages, the API, later analyses) reads them back through them
(``from_json``, or the ``*_payload(section)`` functions, which give an empty payload for a
missing section), instead of picking keys out of dictionaries. Keys a class does not know
are kept in ``extra`` and written back unchanged, so ``from_json(x).to_json() == x`` and an
older reader is not broken by a newer producer's additions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from coxswain.analysis.rules import KpiState
from coxswain.wording.numbers import Words

JSON = dict[str, Any]


def _known(cls: type, data: Mapping[str, Any]) -> tuple[JSON, JSON]:
    """``data`` split into the keys that are fields of ``cls`` (but ``extra``) and the rest."""
    names = {f.name for f in fields(cls)} - {"extra"}
    return (
        {k: v for k, v in data.items() if k in names},
        {k: v for k, v in data.items() if k not in names},
    )


def _tables(section: Any) -> Mapping[str, Any]:
    tables = getattr(section, "tables", None)
    return tables if isinstance(tables, Mapping) else {}


def _opt_float(value: Any) -> float | None:
    return None if value is None else float(value)


# ---------------------------------------------------------------------------------------------
# stage


@dataclass(frozen=True)
class StageDimension:
    dimension: str
    level: str
    evidence: str
    extra: JSON = field(default_factory=dict)

    def to_json(self) -> JSON:
        return {
            "dimension": self.dimension,
            "level": self.level,
            "evidence": self.evidence,
            **self.extra,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StageDimension:
        known, extra = _known(cls, data)
        return cls(**known, extra=extra)


@dataclass(frozen=True)
class StagePayload:
    assessed: str | None = None
    declared: str | None = None
    evidence: tuple[str, ...] = ()
    dimensions: tuple[StageDimension, ...] = ()
    extra: JSON = field(default_factory=dict)

    def to_json(self) -> JSON:
        return {
            "assessed": self.assessed,
            "declared": self.declared,
            "evidence": list(self.evidence),
            "dimensions": [d.to_json() for d in self.dimensions],
            **self.extra,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StagePayload:
        known, extra = _known(cls, data)
        return cls(
            assessed=known.get("assessed"),
            declared=known.get("declared"),
            evidence=tuple(known.get("evidence", ())),
            dimensions=tuple(StageDimension.from_json(d) for d in known.get("dimensions", ())),
            extra=extra,
        )


def stage_payload(section: Any) -> StagePayload:
    return StagePayload.from_json(_tables(section))


# ---------------------------------------------------------------------------------------------
# cascade


@dataclass(frozen=True)
class CascadeObjective:
    objective: str
    name: str
    perspective: str | None
    drivers: tuple[str, ...]
    weight: float
    kpis: tuple[str, ...]
    initiatives: tuple[str, ...]
    goals: tuple[str, ...]
    progress: float | None
    extra: JSON = field(default_factory=dict)

    def to_json(self) -> JSON:
        return {
            "objective": self.objective,
            "name": self.name,
            "perspective": self.perspective,
            "drivers": list(self.drivers),
            "weight": self.weight,
            "kpis": list(self.kpis),
            "initiatives": list(self.initiatives),
            "goals": list(self.goals),
            "progress": self.progress,
            **self.extra,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CascadeObjective:
        known, extra = _known(cls, data)
        return cls(
            objective=str(known["objective"]),
            name=str(known.get("name") or known["objective"]),
            perspective=known.get("perspective"),
            drivers=tuple(known.get("drivers", ())),
            weight=float(known.get("weight") or 0.0),
            kpis=tuple(known.get("kpis", ())),
            initiatives=tuple(known.get("initiatives", ())),
            goals=tuple(known.get("goals", ())),
            progress=_opt_float(known.get("progress")),
            extra=extra,
        )


@dataclass(frozen=True)
class CascadeGoal:
    goal: str
    owner: str
    parent: str | None
    period: str | None
    progress: float | None
    extra: JSON = field(default_factory=dict)

    def to_json(self) -> JSON:
        return {
            "goal": self.goal,
            "owner": self.owner,
            "parent": self.parent,
            "period": self.period,
            "progress": self.progress,
            **self.extra,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CascadeGoal:
        known, extra = _known(cls, data)
        return cls(
            goal=str(known["goal"]),
            owner=str(known.get("owner", "")),
            parent=known.get("parent"),
            period=known.get("period"),
            progress=_opt_float(known.get("progress")),
            extra=extra,
        )


@dataclass(frozen=True)
class CascadePayload:
    formula: str = ""
    company_progress: float | None = None
    objectives: tuple[CascadeObjective, ...] = ()
    goals: tuple[CascadeGoal, ...] = ()
    extra: JSON = field(default_factory=dict)

    def to_json(self) -> JSON:
        return {
            "formula": self.formula,
            "company_progress": self.company_progress,
            "objectives": [o.to_json() for o in self.objectives],
            "goals": [g.to_json() for g in self.goals],
            **self.extra,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CascadePayload:
        known, extra = _known(cls, data)
        return cls(
            formula=str(known.get("formula", "")),
            company_progress=_opt_float(known.get("company_progress")),
            objectives=tuple(CascadeObjective.from_json(o) for o in known.get("objectives", ())),
            goals=tuple(CascadeGoal.from_json(g) for g in known.get("goals", ())),
            extra=extra,
        )


def cascade_payload(section: Any) -> CascadePayload:
    return CascadePayload.from_json(_tables(section))


# ---------------------------------------------------------------------------------------------
# kpi_status


@dataclass(frozen=True)
class KpiRow:
    kpi: str
    objective: str
    direction: str
    target: float | None
    warning: float | None
    deadline: str | None  # ISO date
    unit: str | None
    status: KpiState
    latest: float | None
    date: str | None  # ISO date of the latest value
    stale: bool
    observations: int | None = None  # None: no observation
    stale_after_days: int | None = None
    extra: JSON = field(default_factory=dict)

    @property
    def state(self) -> KpiState:
        return self.status

    def to_json(self) -> JSON:
        out: JSON = {
            "kpi": self.kpi,
            "objective": self.objective,
            "direction": self.direction,
            "target": self.target,
            "warning": self.warning,
            "deadline": self.deadline,
            "unit": self.unit,
            "status": self.status.value,
            "latest": self.latest,
            "date": self.date,
        }
        if self.observations is not None:
            out["observations"] = self.observations
        out["stale"] = self.stale
        if self.stale_after_days is not None:
            out["stale_after_days"] = self.stale_after_days
        return {**out, **self.extra}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> KpiRow:
        known, extra = _known(cls, data)
        return cls(
            kpi=str(known["kpi"]),
            objective=str(known["objective"]),
            direction=str(known.get("direction", "up")),
            target=_opt_float(known.get("target")),
            warning=_opt_float(known.get("warning")),
            deadline=known.get("deadline"),
            unit=known.get("unit"),
            status=KpiState(known["status"]),
            latest=_opt_float(known.get("latest")),
            date=known.get("date"),
            stale=bool(known.get("stale", False)),
            observations=known.get("observations"),
            stale_after_days=known.get("stale_after_days"),
            extra=extra,
        )


@dataclass(frozen=True)
class KpiStatusPayload:
    kpis: tuple[KpiRow, ...] = ()
    counts: dict[str, int] | None = None  # KPIs per state, when any is judged
    extra: JSON = field(default_factory=dict)

    def to_json(self) -> JSON:
        out: JSON = {"kpis": [r.to_json() for r in self.kpis]}
        if self.counts is not None:
            out["counts"] = dict(self.counts)
        return {**out, **self.extra}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> KpiStatusPayload:
        known, extra = _known(cls, data)
        counts = known.get("counts")
        return cls(
            kpis=tuple(KpiRow.from_json(r) for r in known.get("kpis", ())),
            counts=None if counts is None else {str(k): int(v) for k, v in counts.items()},
            extra=extra,
        )


def kpi_status_payload(section: Any) -> KpiStatusPayload:
    return KpiStatusPayload.from_json(_tables(section))


# ---------------------------------------------------------------------------------------------
# forecast


@dataclass(frozen=True)
class ForecastRow:
    """One KPI's chart: its history and, where a model was fitted, the forecast fan."""

    kpi: str
    history_dates: tuple[str, ...] = ()
    history_values: tuple[float | None, ...] = ()
    p_hit: float | None = None
    model: str | None = None
    forecast: JSON | None = None  # {dates, mean, lo80, hi80, lo95, hi95}
    extra: JSON = field(default_factory=dict)

    def to_json(self) -> JSON:
        out: JSON = {"kpi": self.kpi}
        out.update({k: v for k, v in self.extra.items() if k not in ("history",)})
        out["history"] = {
            **self.extra.get("history", {}),
            "dates": list(self.history_dates),
            "values": list(self.history_values),
        }
        out["model"] = self.model
        out["p_hit"] = self.p_hit
        out["forecast"] = self.forecast
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ForecastRow:
        history = data.get("history") or {}
        extra = {k: v for k, v in data.items() if k not in ("kpi", "model", "p_hit", "forecast")}
        extra["history"] = {k: v for k, v in history.items() if k not in ("dates", "values")}
        fc = data.get("forecast")
        return cls(
            kpi=str(data["kpi"]),
            history_dates=tuple(str(d) for d in history.get("dates", ())),
            history_values=tuple(_opt_float(v) for v in history.get("values", ())),
            p_hit=_opt_float(data.get("p_hit")),
            model=data.get("model"),
            forecast=dict(fc) if isinstance(fc, Mapping) else None,
            extra=extra,
        )


@dataclass(frozen=True)
class ForecastPayload:
    kpis: tuple[ForecastRow, ...] = ()
    notes: tuple[JSON, ...] = ()
    extra: JSON = field(default_factory=dict)

    def by_kpi(self) -> dict[str, ForecastRow]:
        return {r.kpi: r for r in self.kpis}

    def to_json(self) -> JSON:
        return {
            "kpis": [r.to_json() for r in self.kpis],
            "notes": [dict(n) for n in self.notes],
            **self.extra,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ForecastPayload:
        known, extra = _known(cls, data)
        return cls(
            kpis=tuple(
                ForecastRow.from_json(r)
                for r in known.get("kpis", ())
                if isinstance(r, Mapping) and "kpi" in r
            ),
            notes=tuple(dict(n) for n in known.get("notes", ())),
            extra=extra,
        )


def forecast_payload(section: Any) -> ForecastPayload:
    return ForecastPayload.from_json(_tables(section))


# ---------------------------------------------------------------------------------------------
# strategy_links

LINK_BORNE_OUT: dict[str, bool | None] = {
    "supported": True,
    "contradicted": False,
    "unsupported": False,
}
"""Whether a verdict on a driver link says the data bear it out (True), not (False); any
other verdict (not testable yet, too little data) says neither."""

LINK_VERDICT_WORDS: dict[str, str] = {
    "supported": "borne out",
    "contradicted": "contradicted",
    "unsupported": "not borne out",
    "insufficient_data": "not testable yet",
}
"""A verdict on a driver link in words: the data bear it out, go against it, rule out an
effect worth acting on, or cannot tell yet."""


@dataclass(frozen=True)
class StrategyLink:
    driver: str
    objective: str
    verdict: str
    extra: JSON = field(default_factory=dict)

    @property
    def borne_out(self) -> bool | None:
        return LINK_BORNE_OUT.get(self.verdict)

    @property
    def verdict_words(self) -> str:
        """The verdict as every face writes it (``docs/analyses.md``, strategy links)."""
        return LINK_VERDICT_WORDS.get(self.verdict, self.verdict.replace("_", " "))

    @property
    def power(self) -> float | None:
        """The chance that the paired changes there are detect a correlation of the
        smallest effect of interest (``strategy_links.power``), None where untested."""
        value = self.extra.get("power")
        return float(value) if isinstance(value, int | float) else None

    @property
    def months_to_settle(self) -> int | None:
        """How many more months of data would settle a link that is not testable yet."""
        value = self.extra.get("months_to_settle")
        return int(value) if isinstance(value, int | float) and value > 0 else None

    @property
    def power_words(self) -> str:
        """The power and, for a link not testable yet, what would settle it, in the
        words every face shows: "power 34% · about 51 more months would settle it"."""
        if self.power is None:
            return "not tested"
        words = f"power {self.power:.0%}"
        if self.months_to_settle is not None and self.borne_out is None:
            words += f" · about {Words().more_months(self.months_to_settle)} would settle it"
        return words

    def to_json(self) -> JSON:
        return {
            "driver": self.driver,
            "objective": self.objective,
            **self.extra,
            "verdict": self.verdict,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StrategyLink:
        known, extra = _known(cls, data)
        return cls(
            driver=str(known["driver"]),
            objective=str(known["objective"]),
            verdict=str(known.get("verdict", "insufficient_data")),
            extra=extra,
        )


@dataclass(frozen=True)
class StrategyLinksPayload:
    links: tuple[StrategyLink, ...] = ()
    extra: JSON = field(default_factory=dict)

    def by_pair(self) -> dict[tuple[str, str], StrategyLink]:
        return {(link.driver, link.objective): link for link in self.links}

    def to_json(self) -> JSON:
        return {"links": [link.to_json() for link in self.links], **self.extra}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StrategyLinksPayload:
        known, extra = _known(cls, data)
        return cls(
            links=tuple(
                StrategyLink.from_json(link)
                for link in known.get("links", ())
                if isinstance(link, Mapping) and "driver" in link and "objective" in link
            ),
            extra=extra,
        )


def strategy_links_payload(section: Any) -> StrategyLinksPayload:
    return StrategyLinksPayload.from_json(_tables(section))
