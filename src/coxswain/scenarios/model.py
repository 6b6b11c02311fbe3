"""The scenarios an owner asks about, as plain typed objects.

The YAML file (:mod:`coxswain.scenarios.load`) and, later, a web form build the same
objects; the engine (:mod:`coxswain.scenarios.engine`) reads only these. Months are the
first day of a month (``dt.date(2026, 9, 1)``); ``None`` means "from now".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class EffectRange:
    """An effect on a KPI, in the KPI's units or in percent of its latest value: drawn
    uniformly between ``low`` and ``high`` on each path (equal ends: a fixed effect)."""

    low: float
    high: float
    percent: bool = False

    @property
    def fixed(self) -> bool:
        return self.low == self.high


@dataclass(frozen=True)
class BudgetMove:
    """Move ``amount`` of yearly budget from one initiative to another."""

    source: str
    target: str
    amount: float
    when: dt.date | None = None


@dataclass(frozen=True)
class StartInitiative:
    """Start (or restart) an initiative of the workbook; ``effects`` the owner's own ranges
    per KPI, overriding what the map and the history say."""

    initiative: str
    when: dt.date | None = None
    effects: dict[str, EffectRange] = field(default_factory=dict)
    cost: float | None = None  # yearly; default the initiative's budget


@dataclass(frozen=True)
class StopInitiative:
    initiative: str
    when: dt.date | None = None
    effects: dict[str, EffectRange] = field(default_factory=dict)


@dataclass(frozen=True)
class AutomationChange:
    """Change an automation: add or remove its human fallback, stop it replacing people,
    or switch it off (``stop``)."""

    automation: str
    human_fallback: bool | None = None
    replaces_human: bool | None = None
    stop: bool = False
    when: dt.date | None = None
    effects: dict[str, EffectRange] = field(default_factory=dict)


@dataclass(frozen=True)
class TargetChange:
    kpi: str
    target: float | None = None
    deadline: dt.date | None = None


@dataclass(frozen=True)
class CapabilityChange:
    """Hire (``how="hire"``) or train people for a capability."""

    capability: str
    people: int = 1
    how: str = "hire"
    cost: float = 0.0  # yearly
    when: dt.date | None = None
    effects: dict[str, EffectRange] = field(default_factory=dict)


@dataclass(frozen=True)
class Shock:
    """A change of the named KPIs from ``when`` for ``months`` (None: for good), happening
    on a share ``probability`` of the paths: the market's or a competitor's move."""

    kpis: tuple[str, ...]
    change: EffectRange
    when: dt.date | None = None
    months: int | None = None
    probability: float = 1.0
    name: str | None = None


Change = (
    BudgetMove
    | StartInitiative
    | StopInitiative
    | AutomationChange
    | TargetChange
    | CapabilityChange
    | Shock
)


@dataclass(frozen=True)
class Scenario:
    name: str
    changes: tuple[Change, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class Move:
    """One of our moves, or one of the other side's responses (with its probability)."""

    name: str
    changes: tuple[Change, ...] = ()
    probability: float = 1.0


@dataclass(frozen=True)
class Wargame:
    """Our possible moves against the responses of a competitor or the market; the chance
    that none of the responses happens is what their probabilities leave."""

    name: str
    moves: tuple[Move, ...]
    responses: tuple[Move, ...]


@dataclass(frozen=True)
class ScenarioFile:
    scenarios: tuple[Scenario, ...] = ()
    wargames: tuple[Wargame, ...] = ()
