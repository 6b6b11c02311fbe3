"""The company part of a workbook (``company.yaml``), as typed pydantic models.

The format is specified in ``docs/workbook.md`` (and the fixed contract
``shared/spec/workbook.md``). Field-level rules live here; rules that relate
several parts of the workbook (references, cycles, uniqueness) live in
:mod:`coxswain.workbook.validate`.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from coxswain.workbook.limits import (
    MAX_YEAR,
    MIN_YEAR,
    control_character,
    control_message,
    date_in_range,
    date_range_message,
)

ID_PATTERN = r"^[a-z0-9_-]{1,64}$"
ID_RE = re.compile(ID_PATTERN)
# How an id is written, in the owner's words (every face says it this way, never the regex).
ID_RULE = "use lowercase letters, digits, _ and - (at most 64); for example bread_quality"


def id_message(value: object) -> str:
    """The problem with a value that is not an id."""
    return f"{value!r} is not a valid id: {ID_RULE}"


Id = Annotated[str, Field(pattern=ID_PATTERN)]
Effect = Annotated[int, Field(ge=-2, le=2)]


class Perspective(StrEnum):
    financial = "financial"
    customer = "customer"
    internal = "internal"
    learning = "learning"


class Stage(StrEnum):
    early = "early"
    intermediate = "intermediate"
    advanced = "advanced"


class Direction(StrEnum):
    up = "up"
    down = "down"


class InitiativeStatus(StrEnum):
    idea = "idea"
    planned = "planned"
    active = "active"
    done = "done"
    stopped = "stopped"


class ReviewKind(StrEnum):
    weekly = "weekly"
    monthly = "monthly"
    quarterly = "quarterly"
    annual = "annual"


class KpiKind(StrEnum):
    revenue = "revenue"
    margin = "margin"
    cost = "cost"
    churn = "churn"
    retention = "retention"
    acquisition = "acquisition"
    marketing_spend = "marketing_spend"
    satisfaction = "satisfaction"
    nps = "nps"
    clv = "clv"
    employee_satisfaction = "employee_satisfaction"
    feature_adoption = "feature_adoption"
    quality = "quality"
    lead_time = "lead_time"
    other = "other"


class _Model(BaseModel):
    """Strict about unknown keys: a misspelt key is an error, not a silent default."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)

    @field_validator("*", mode="after")
    @classmethod
    def _plain_text_and_dates(cls, v: Any) -> Any:
        """Every text holds no control characters but tab and line breaks; every date is
        within the years 1900–2100 (:mod:`coxswain.workbook.limits`)."""
        if isinstance(v, str) and (index := control_character(v)) is not None:
            raise ValueError(control_message(v, index))
        if isinstance(v, dt.date) and not date_in_range(v):
            raise ValueError(date_range_message(v))
        return v


class Value(_Model):
    id: Id
    name: str
    statement: str | None = None


class Objective(_Model):
    id: Id
    name: str
    perspective: Perspective | None = None
    weight: float = Field(default=1.0, ge=0)
    values: tuple[Id, ...] = ()
    drivers: tuple[Id, ...] = ()
    lag_months: int = Field(default=0, ge=0, le=60)
    description: str | None = None


class Kpi(_Model):
    id: Id
    name: str
    objective: Id
    unit: str | None = None
    direction: Direction
    target: float | None = None
    deadline: dt.date | None = None
    warning: float | None = None
    kind: KpiKind | None = None
    description: str | None = None


class Team(_Model):
    id: Id
    name: str
    function: str | None = None


class Initiative(_Model):
    id: Id
    name: str
    owner: Id | None = None
    objectives: tuple[Id, ...] = ()
    effects: dict[Id, Effect] = Field(default_factory=dict)
    budget: float = Field(default=0.0, ge=0)
    hours_per_month: float = Field(default=0.0, ge=0)
    status: InitiativeStatus = InitiativeStatus.active
    start: dt.date | None = None
    end: dt.date | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> Initiative:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class KeyResult(_Model):
    id: Id | None = None
    title: str
    unit: str | None = None
    start: float = 0.0
    target: float
    current: float | None = None
    weight: float = Field(default=1.0, ge=0)
    # the KPI this key result is measured by: its current level is the KPI's latest value
    # (``Workbook.until``), so a goal and the KPI's tile never disagree
    kpi: Id | None = None


_PERIOD_RE = re.compile(
    r"^(?:(?P<year>\d{4})(?:-(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?"
    r"|(?P<start>\d{4}-\d{2}-\d{2})\.\.(?P<end>\d{4}-\d{2}-\d{2}))$"
)


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """``2026-Q3`` | ``2026-07`` | ``2026`` | ``2026-07-01..2026-09-30`` → (first day, last day)."""
    m = _PERIOD_RE.match(text.strip())
    if not m:
        raise ValueError(
            f"period {text!r} is not one of 2026-Q3, 2026-07, 2026 or 2026-07-01..2026-09-30"
        )
    if m["start"]:
        start, end = dt.date.fromisoformat(m["start"]), dt.date.fromisoformat(m["end"])
        if not (date_in_range(start) and date_in_range(end)):
            raise ValueError(f"period {text!r}: the year is outside {MIN_YEAR}–{MAX_YEAR}")
        if end < start:
            raise ValueError(f"period {text!r} ends before it starts")
        return start, end
    year = int(m["year"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"period {text!r}: the year is outside {MIN_YEAR}–{MAX_YEAR}")
    if m["quarter"]:
        q = int(m["quarter"])
        first_month, last_month = 3 * q - 2, 3 * q
    elif m["month"]:
        first_month = last_month = int(m["month"])
    else:
        first_month, last_month = 1, 12
    start = dt.date(year, first_month, 1)
    next_month = dt.date(year + (last_month == 12), last_month % 12 + 1, 1)
    return start, next_month - dt.timedelta(days=1)


class Goal(_Model):
    id: Id
    owner: Id
    parent: Id | None = None
    title: str
    period: str | None = None
    weight: float = Field(default=1.0, ge=0)
    key_results: tuple[KeyResult, ...] = ()

    @field_validator("period", mode="before")
    @classmethod
    def _period_is_text(cls, v: Any) -> Any:
        # YAML reads `period: 2026` as an int; it is still a valid period.
        return str(v) if isinstance(v, int) else v

    @field_validator("period")
    @classmethod
    def _valid_period(cls, v: str | None) -> str | None:
        if v is not None:
            parse_period(v)
        return v

    @property
    def dates(self) -> tuple[dt.date, dt.date] | None:
        return parse_period(self.period) if self.period else None

    @model_validator(mode="after")
    def _unique_key_results(self) -> Goal:
        seen: set[str] = set()
        for kr in self.key_results:
            if kr.id is not None:
                if kr.id in seen:
                    raise ValueError(f"key result id {kr.id!r} is used twice in goal {self.id!r}")
                seen.add(kr.id)
        return self


class Automation(_Model):
    id: Id
    name: str
    touchpoint: str | None = None
    replaces_human: bool = False
    human_fallback: bool = True
    values: tuple[Id, ...] = ()
    objectives: tuple[Id, ...] = ()
    effects: dict[Id, Effect] = Field(default_factory=dict)
    start: dt.date | None = None
    description: str | None = None


class Capability(_Model):
    id: Id
    name: str
    objectives: tuple[Id, ...] = ()
    min_people: int = Field(default=1, ge=0)
    description: str | None = None


class Privacy(_Model):
    min_group: int = Field(default=5, ge=3)
    show_names: bool = False
    keep_message_text: bool = False
    show_survey_respondents: bool = False


class Review(_Model):
    date: dt.date
    kind: ReviewKind
    decisions: int = Field(default=0, ge=0)
    actions_open: int = Field(default=0, ge=0)
    actions_closed: int = Field(default=0, ge=0)
    notes: str | None = None


SECTIONS = (
    "values",
    "objectives",
    "kpis",
    "teams",
    "initiatives",
    "goals",
    "automations",
    "capabilities",
    "reviews",
)
"""The list-valued parts of ``company.yaml``, in the order of the format."""


class Company(_Model):
    """Everything in ``company.yaml``."""

    format: Literal[1]
    name: str = Field(min_length=1)
    currency: str = "USD"
    country: str | None = None  # ISO 3166 code: whose public holidays shape daily KPIs
    locale: str = "en"  # how numbers and dates are written for this company (Babel's names)
    employees: int | None = Field(default=None, ge=0)
    stage: Stage | None = None
    mission: str | None = None
    vision: str | None = None
    values: tuple[Value, ...] = ()
    objectives: tuple[Objective, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    teams: tuple[Team, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    goals: tuple[Goal, ...] = ()
    automations: tuple[Automation, ...] = ()
    capabilities: tuple[Capability, ...] = ()
    privacy: Privacy = Field(default_factory=Privacy)
    reviews: tuple[Review, ...] = ()

    @field_validator(*SECTIONS, mode="before")
    @classmethod
    def _null_list_is_empty(cls, v: Any) -> Any:
        return () if v is None else v

    @field_validator("country")
    @classmethod
    def _known_country(cls, v: str | None) -> str | None:
        """An ISO 3166 code whose public holidays the ``holidays`` package knows: a country
        (``GB``) or a country and subdivision (``GB-ENG``, ``US-CA``)."""
        if v is None:
            return None
        from holidays import list_supported_countries

        code = v.strip().upper()
        country, _, subdivision = code.partition("-")
        known = list_supported_countries()
        if country not in known:
            raise ValueError(
                f"unknown country {v!r}: give an ISO 3166 code such as GB, US, DE or FR "
                "(a country whose public holidays are known)"
            )
        if subdivision and subdivision not in known[country]:
            raise ValueError(
                f"unknown subdivision {subdivision!r} of {country}: one of "
                f"{', '.join(known[country][:12])}{', …' if len(known[country]) > 12 else ''}"
            )
        return code

    @field_validator("locale", mode="before")
    @classmethod
    def _known_locale(cls, v: Any) -> Any:
        """A locale Babel knows (``en``, ``en_GB``, ``de-DE``), kept in Babel's spelling."""
        if v is None:
            return "en"
        if not isinstance(v, str):
            return v  # pydantic reports the wrong type
        from coxswain.wording.numbers import known_locale

        found = known_locale(v)
        if found is None:
            raise ValueError(
                f"unknown locale {v!r}: give a language, optionally with its country, such as "
                "en, en_GB, de_DE or fr_FR"
            )
        return found

    @field_validator("privacy", mode="before")
    @classmethod
    def _null_privacy_is_default(cls, v: Any) -> Any:
        return {} if v is None else v

    def objective(self, id: str) -> Objective | None:
        return next((o for o in self.objectives if o.id == id), None)

    def kpi(self, id: str) -> Kpi | None:
        return next((k for k in self.kpis if k.id == id), None)

    def normalised_weights(self) -> dict[str, float]:
        """Objective weights scaled to sum to 1 (all-zero weights are refused at validation)."""
        top = max((o.weight for o in self.objectives), default=0.0)
        if top <= 0:
            return {o.id: 0.0 for o in self.objectives}
        # scaled by the largest first, so that weights near the float limit do not add up to
        # infinity (two weights of 1e308 are each half, not each nothing)
        total = sum(o.weight / top for o in self.objectives)
        return {o.id: o.weight / top / total for o in self.objectives}
