"""The analysis result (format 1 of ``shared/spec/findings.md``) and its JSON form."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from coxswain.analysis.base import COMPONENTS, Finding, Section

RESULT_FORMAT = 1


@dataclass(frozen=True)
class StageAssessment:
    assessed: str | None  # early | intermediate | advanced, or None without evidence
    declared: str | None
    evidence: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "assessed": self.assessed,
            "declared": self.declared,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class PlanStep:
    action: str
    finding: str  # a finding id
    expected_gain: float  # index points

    def to_json(self) -> dict[str, Any]:
        return {"action": self.action, "finding": self.finding, "expected_gain": self.expected_gain}


@dataclass
class Result:
    company: str
    as_of: dt.date
    alignment_index: float | None
    components: dict[str, float | None]
    stage: StageAssessment
    findings: list[Finding]
    missing_evidence: list[str]
    plan: list[PlanStep] = field(default_factory=list)
    sections: dict[str, Section] = field(default_factory=dict)
    # workbook id → the name reports show (people by pseudonym); not part of the JSON
    labels: dict[str, str] = field(default_factory=dict)

    def finding(self, id: str) -> Finding | None:
        return next((f for f in self.findings if f.id == id), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": RESULT_FORMAT,
            "company": self.company,
            "as_of": self.as_of.isoformat(),
            "alignment_index": self.alignment_index,
            "components": {name: self.components.get(name) for name in COMPONENTS},
            "stage": self.stage.to_json(),
            "findings": [f.to_json() for f in self.findings],
            "missing_evidence": list(self.missing_evidence),
            "plan": [p.to_json() for p in self.plan],
            "sections": {
                name: {
                    "component": s.component,
                    "score": s.score,
                    "score_note": s.score_note,
                    "missing": list(s.missing),
                    **s.tables,
                }
                for name, s in self.sections.items()
            },
        }

    def dumps(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_json(), indent=indent, ensure_ascii=False, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON-serialisable")
