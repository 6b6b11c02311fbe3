"""The analysis result (format 1 of ``shared/spec/findings.md``) and its JSON form."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from coxswain.analysis.base import COMPONENTS, Dismissed, Finding, Section

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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StageAssessment:
        return cls(
            assessed=data["assessed"], declared=data["declared"], evidence=tuple(data["evidence"])
        )


@dataclass(frozen=True)
class PlanStep:
    action: str
    finding: str  # a finding id
    expected_gain: float  # index points

    def to_json(self) -> dict[str, Any]:
        return {"action": self.action, "finding": self.finding, "expected_gain": self.expected_gain}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlanStep:
        return cls(
            action=data["action"], finding=data["finding"], expected_gain=data["expected_gain"]
        )


@dataclass(frozen=True)
class Stake:
    """What a story puts at stake: index points, and money where the data allow."""

    index_points: float
    money: float | None = None
    # the currency of ``money`` (the workbook's ``currency``), and what the sum is, in words
    currency: str | None = None
    money_basis: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "index_points": self.index_points,
            "money": self.money,
            "currency": self.currency,
            "money_basis": self.money_basis,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Stake:
        return cls(
            index_points=data["index_points"],
            money=data.get("money"),
            currency=data.get("currency"),
            money_basis=data.get("money_basis"),
        )


@dataclass(frozen=True)
class Story:
    """Findings grouped by their cause (``stories`` in ``shared/spec/findings.md``).

    ``id`` is ``story:`` followed by the cause ids joined by ``:``, stable across runs;
    ``findings`` are finding ids (every finding is in exactly one story), the cause chain
    first; ``confidence`` is ``high``, ``medium`` or ``low``."""

    id: str
    title: str
    cause: tuple[str, ...]
    findings: tuple[str, ...]
    stake: Stake
    confidence: str
    recommendation: str
    first_step: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "cause": list(self.cause),
            "findings": list(self.findings),
            "stake": self.stake.to_json(),
            "confidence": self.confidence,
            "recommendation": self.recommendation,
            "first_step": self.first_step,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Story:
        return cls(
            id=data["id"],
            title=data["title"],
            cause=tuple(data["cause"]),
            findings=tuple(data["findings"]),
            stake=Stake.from_json(data["stake"]),
            confidence=data["confidence"],
            recommendation=data["recommendation"],
            first_step=data["first_step"],
        )


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
    # aligned | drifting | off_course (coxswain.analysis.index.BANDS); None without an index
    alignment_band: str | None = None
    # the index's plausible range where evidence is thin (equal ends otherwise)
    alignment_range: tuple[float, float] | None = None
    # findings grouped by cause, most at stake first (coxswain.analysis.stories)
    stories: list[Story] = field(default_factory=list)
    # how the company writes numbers and dates (workbook ``locale``, Babel's name) and its
    # money; absent from results stored before them: en and USD
    locale: str = "en"
    currency: str = "USD"
    # workbook id → the name reports show (people by pseudonym); not part of the JSON
    labels: dict[str, str] = field(default_factory=dict)
    # person ids readable reports keep out of sight (all of people.csv unless
    # privacy.show_names): ids are often names; not part of the JSON
    people: frozenset[str] = frozenset()

    def finding(self, id: str) -> Finding | None:
        return next((f for f in self.findings if f.id == id), None)

    def shown_id(self, finding: Finding) -> str:
        """The finding's id as readable reports show it: person ids by their pseudonym."""
        return ":".join(
            (
                finding.kind,
                *(self.labels.get(s, s) if s in self.people else s for s in finding.subjects),
            )
        )

    def unscored_components(self) -> dict[str, str]:
        """Each index component without a score, with why: its sections' ``score_note``
        ("every team has fewer than 5 people …"), else the evidence files they miss, else
        that the workbook holds too little to judge."""
        out: dict[str, str] = {}
        for name, score in self.components.items():
            if score is not None:
                continue
            sections = [s for s in self.sections.values() if s.component == name]
            notes = [s.score_note for s in sections if s.score_note]
            missing = sorted({m for s in sections for m in s.missing})
            if notes:
                out[name] = notes[0]
            elif missing:
                out[name] = f"add {', '.join(missing)}"
            else:
                out[name] = "too little in the workbook to judge"
        return out

    def with_dismissals(self, dismissals: Mapping[str, Dismissed]) -> Result:
        """This result as a face that knows of dismissals shows it: the findings whose id is
        in ``dismissals`` marked dismissed, and the 90-day plan recomputed from the index's
        gains among the findings left open, and the stories in their order with those whose
        findings are all dismissed moved to the end (above "what works";
        :func:`coxswain.analysis.stories.reorder`; apply it to the stored result, whose stories
        are in their analysed order), a story whose head finding is dismissed headed by its
        first open finding's title and recommendation
        (:func:`coxswain.analysis.stories.led_by_open_findings`).
        The index, its band and range, and every story's stake
        do not change: a
        dismissal is the owner's judgement, not evidence, and every face shows the same
        number. (Which dismissal still holds for a finding is decided by
        :func:`coxswain.analysis.dismissals.match`.)"""
        from coxswain.analysis import index

        findings = [dataclasses.replace(f, dismissed=dismissals.get(f.id)) for f in self.findings]
        index_section = self.sections.get("index")
        evidence = {c for c, v in self.components.items() if v is not None}
        stakes = index.stored_stakes(index_section)
        plan = [
            PlanStep(action=f.recommendation, finding=f.id, expected_gain=gain)
            for f, gain in index.gains(
                evidence=evidence,
                findings=findings,
                stakes=stakes,
                exclude={f.id for f in findings if f.dismissed is not None},
            )
        ]
        from coxswain.analysis.stories import led_by_open_findings, reorder

        dismissed = {f.id for f in findings if f.dismissed is not None}
        stories = led_by_open_findings(reorder(self.stories, dismissed=dismissed), findings)
        return dataclasses.replace(self, findings=findings, plan=plan, stories=stories)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": RESULT_FORMAT,
            "company": self.company,
            "as_of": self.as_of.isoformat(),
            "alignment_index": self.alignment_index,
            "alignment_band": self.alignment_band,
            "alignment_range": None if self.alignment_range is None else list(self.alignment_range),
            "components": {name: self.components.get(name) for name in COMPONENTS},
            "stage": self.stage.to_json(),
            "findings": [f.to_json() for f in self.findings],
            "missing_evidence": list(self.missing_evidence),
            "plan": [p.to_json() for p in self.plan],
            "stories": [s.to_json() for s in self.stories],
            "locale": self.locale,
            "currency": self.currency,
            "sections": {name: _section_json(s) for name, s in self.sections.items()},
        }

    def dumps(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_json(), indent=indent, ensure_ascii=False, default=_json_default)

    @classmethod
    def from_json(
        cls,
        data: dict[str, Any],
        *,
        labels: dict[str, str] | None = None,
        people: Collection[str] = (),
    ) -> Result:
        """The result whose :meth:`to_json` is ``data`` (a stored result, read back to render
        a report without analysing again): ``Result.from_json(j).to_json() == j``.

        ``labels`` and ``people`` are not part of the JSON; pass those of the analysis (or
        of its workbook) for readable reports that show people by pseudonym. The sections'
        own finding lists are not in the JSON either: a parsed section has none, and
        ``findings`` holds them all."""
        if data.get("format") != RESULT_FORMAT:
            raise ValueError(
                f"result format {data.get('format')!r} is not {RESULT_FORMAT}: "
                "analyse again to read it"
            )
        return cls(
            company=data["company"],
            as_of=dt.date.fromisoformat(data["as_of"]),
            alignment_index=data["alignment_index"],
            # absent from results stored before bands: shown without one
            alignment_band=data.get("alignment_band"),
            alignment_range=_pair(data.get("alignment_range")),
            components=dict(data["components"]),
            stage=StageAssessment.from_json(data["stage"]),
            findings=[Finding.from_json(f) for f in data["findings"]],
            missing_evidence=list(data["missing_evidence"]),
            plan=[PlanStep.from_json(p) for p in data["plan"]],
            # absent from results stored before stories: shown without them
            stories=[Story.from_json(s) for s in data.get("stories") or ()],
            locale=data.get("locale") or "en",
            currency=data.get("currency") or "USD",
            sections={name: _section(name, s) for name, s in data["sections"].items()},
            labels=dict(labels or {}),
            people=frozenset(people),
        )


def _section_json(section: Section) -> dict[str, Any]:
    """A section's own fields, then its free-form tables (which cannot replace them)."""
    own: dict[str, Any] = {
        "component": section.component,
        "score": section.score,
        "score_note": section.score_note,
        "missing": list(section.missing),
    }
    return {**own, **{k: v for k, v in section.tables.items() if k not in own}}


def _section(name: str, data: dict[str, Any]) -> Section:
    """The section of :func:`_section_json`'s form (its tables are the keys besides its own)."""
    own = {"component", "score", "score_note", "missing"}
    return Section(
        name=name,
        component=data["component"],
        score=data["score"],
        score_note=data["score_note"],
        missing=list(data["missing"]),
        tables={k: v for k, v in data.items() if k not in own},
    )


def _pair(value: Any) -> tuple[float, float] | None:
    if isinstance(value, list | tuple) and len(value) == 2:
        return (float(value[0]), float(value[1]))
    return None


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON-serialisable")
