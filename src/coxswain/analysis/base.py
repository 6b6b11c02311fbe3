"""The contract every analysis follows.

An analysis is a module in :mod:`coxswain.analysis` with one entry point::

    def analyze(workbook: Workbook, context: Context) -> Section: ...

It reads the workbook (never a file, the database or the web layer) and returns
its :class:`Section`: the findings it makes, the component score it contributes
(or ``None`` with the reason), the tables and chart data that reports show, and
the evidence files it lacked. The runner (:mod:`coxswain.analysis.runner`) calls
them in order and assembles the :class:`~coxswain.analysis.result.Result`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from coxswain.workbook import Workbook

T = TypeVar("T")

# The components of the alignment index, as named in the result format.
COMPONENTS = (
    "cascade",
    "resources",
    "values",
    "kpis",
    "understanding",
    "network",
    "talent",
    "review",
)


# How reports and pages name them.
COMPONENT_TITLES = {
    "cascade": "Cascade",
    "resources": "Resources",
    "values": "Values",
    "kpis": "KPIs",
    "understanding": "Understanding",
    "network": "Network",
    "talent": "Talent",
    "review": "Review",
}


class Severity(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"
    info = "info"  # good news (initiative_win): never lowers the index, never in the plan

    @property
    def rank(self) -> int:
        """0 for the most severe (:func:`coxswain.analysis.rules.severity_rank`)."""
        from coxswain.analysis.rules import severity_rank

        return severity_rank(self.value)


@dataclass(frozen=True)
class Dismissed:
    """A dismissal of a finding, as the face that knows of it shows it (the web app)."""

    reason: str
    by: str
    on: dt.date

    def to_json(self) -> dict[str, Any]:
        return {"reason": self.reason, "by": self.by, "on": self.on.isoformat()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Dismissed:
        return cls(reason=data["reason"], by=data["by"], on=dt.date.fromisoformat(data["on"]))


@dataclass(frozen=True)
class Finding:
    """One place where the business drifts, with the evidence that shows it.

    ``subjects`` are workbook ids, most specific first; the id is ``kind:`` and the
    subjects joined by ``:``, so the same problem keeps its id from run to run.
    ``evidence`` must be JSON-serialisable (numbers rounded sensibly, dates as ISO
    strings). ``recommendation`` is filled in by :mod:`coxswain.recommend` unless the
    analysis has a more specific one.
    """

    kind: str
    severity: Severity
    subjects: tuple[str, ...]
    title: str
    evidence: dict[str, Any]
    recommendation: str = ""
    # set by Result.with_dismissals where a dismissal is known (the web app), else None
    dismissed: Dismissed | None = None

    @property
    def id(self) -> str:
        return ":".join((self.kind, *self.subjects))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "severity": self.severity.value,
            "subjects": list(self.subjects),
            "title": self.title,
            "evidence": self.evidence,
            "recommendation": self.recommendation,
            "dismissed": None if self.dismissed is None else self.dismissed.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Finding:
        """The finding of :meth:`to_json`'s form; its ``id`` must match its kind and subjects."""
        finding = cls(
            kind=data["kind"],
            severity=Severity(data["severity"]),
            subjects=tuple(data["subjects"]),
            title=data["title"],
            evidence=data["evidence"],
            recommendation=data.get("recommendation", ""),
            dismissed=Dismissed.from_json(data["dismissed"]) if data.get("dismissed") else None,
        )
        if "id" in data and data["id"] != finding.id:
            raise ValueError(f"finding id {data['id']!r} does not match {finding.id!r}")
        return finding


@dataclass
class Section:
    """What one analysis found.

    ``component`` names the index component this section scores (one of
    :data:`COMPONENTS`) or is ``None`` for sections that only add findings;
    ``score`` is 0–100, or ``None`` when the workbook lacks the evidence, and then
    ``score_note`` says why. ``missing`` lists evidence files (``messages.csv``) or
    workbook parts (``company.yaml: goals``) whose absence limited the analysis.
    ``tables`` is free-form JSON-serialisable data for reports.
    """

    name: str
    component: str | None = None
    score: float | None = None
    score_note: str = ""
    findings: list[Finding] = field(default_factory=list)
    tables: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TrackedActions:
    """Counts of the actions an owner tracks in the web app (recommendations turned into
    work with an owner and a due date)."""

    open: int
    overdue: int  # open and past their due date
    closed: int


@dataclass(frozen=True)
class Settings:
    """Knobs of the analyses; defaults suit a typical small business."""

    broadcast_recipients: int = 8  # a message to more people than this is a broadcast
    resource_window_months: int = 12
    # The secret that pseudonyms are derived from (coxswain.privacy); the CLI keeps one per
    # workbook folder, the web app one per organisation. None: derived from the company name.
    privacy_salt: str | None = None
    # Actions tracked outside the workbook (the web app's action list) as of the analysis;
    # None where there is no such list (the CLI), and only the reviews' own counts count.
    tracked_actions: TrackedActions | None = None


@dataclass
class Context:
    """What every analysis shares: the date of the analysis, settings, and a cache
    for intermediate results that several analyses need (compute them once with
    :meth:`shared`)."""

    as_of: dt.date
    settings: Settings = field(default_factory=Settings)
    sections: dict[str, Section] = field(default_factory=dict)  # earlier sections, by name
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def salt(self, workbook: Workbook) -> str:
        """The salt for pseudonyms: the settings' own, else one derived from the company."""
        if self.settings.privacy_salt:
            return self.settings.privacy_salt
        from coxswain.privacy import default_salt

        return default_salt(workbook)

    def shared(self, key: str, compute: Callable[[], T]) -> T:
        """The cached value under ``key``, computed by ``compute()`` on first use."""
        if key not in self._cache:
            self._cache[key] = compute()
        value: T = self._cache[key]
        return value


Analysis = Callable[[Workbook, Context], Section]
