"""Which stored dismissals still hold for the findings of a result.

A dismissal is the owner's judgement that a finding needs no action ("known: the new oven
arrives in May"). It is kept by the face that knows of it (the web app) with the finding as
it was when dismissed: its id, kind, subjects, severity and evidence. It holds for a finding
of a later result when

* it is **the same problem**: the same id; or, after an upgrade that renames or reorders
  subjects, the same kind and the same subjects in any order, or the same kind where one
  list of subjects starts with the other (a subject added or dropped at the less specific
  end, both lists non-empty); and
* the finding has **not materially worsened** (:func:`materially_worse`): its severity did
  not rise, and its key evidence number (:data:`KEY_EVIDENCE`) did not move the worse way
  by :data:`RELATIVE_CHANGE` (a quarter) of its value at the dismissal or more, and by at
  least :data:`SHARE_FLOOR` (5 points) for shares and probabilities.

New data that leaves a problem as it was (another month of the same shortfall) keeps the
dismissal; a problem that gets worse comes back. Dismissals stored before severity and
evidence were kept hold while the evidence is exactly the same (their old rule).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from coxswain.analysis.base import Dismissed, Finding, Severity

RELATIVE_CHANGE = 0.25
"""A key number this much worse (relative to its value when dismissed) is material."""

SHARE_FLOOR = 0.05
"""For shares and probabilities (0–1) the change must also be at least this much."""


def evidence_hash(evidence: Any) -> str:
    """A stable hash of a finding's evidence (key order does not matter)."""
    return hashlib.sha256(json.dumps(evidence, sort_keys=True, default=str).encode()).hexdigest()


def _get(*path: str) -> Callable[[Mapping[str, Any]], Any]:
    def read(evidence: Mapping[str, Any]) -> Any:
        value: Any = evidence
        for key in path:
            if not isinstance(value, Mapping):
                return None
            value = value.get(key)
        return value

    return read


def _abs(read: Callable[[Mapping[str, Any]], Any]) -> Callable[[Mapping[str, Any]], Any]:
    def value(evidence: Mapping[str, Any]) -> Any:
        got = read(evidence)
        return abs(got) if _number(got) else None

    return value


def _gap_to_target(evidence: Mapping[str, Any]) -> float | None:
    latest: Any = evidence.get("latest")
    target: Any = evidence.get("target")
    return abs(float(latest) - float(target)) if _number(latest) and _number(target) else None


def _behind(evidence: Mapping[str, Any]) -> float | None:
    elapsed: Any = evidence.get("elapsed")
    progress: Any = evidence.get("progress")
    return float(elapsed) - float(progress) if _number(elapsed) and _number(progress) else None


def _count(key: str) -> Callable[[Mapping[str, Any]], Any]:
    def count(evidence: Mapping[str, Any]) -> Any:
        value = evidence.get(key)
        return len(value) if isinstance(value, list) else None

    return count


@dataclass(frozen=True)
class KeyNumber:
    """The evidence number whose change decides whether a finding worsened."""

    read: Callable[[Mapping[str, Any]], Any]
    worse: str  # "up" or "down": which way is worse
    share: bool = False  # a share or probability (0–1): SHARE_FLOOR applies
    what: str = ""  # how docs/index.md names it


KEY_EVIDENCE: dict[str, KeyNumber] = {
    "kpi_off_track": KeyNumber(_gap_to_target, "up", what="distance of the latest from the target"),
    "kpi_at_risk": KeyNumber(_get("p_hit"), "down", share=True, what="chance of reaching target"),
    "kpi_shift": KeyNumber(_abs(_get("jump")), "up", what="size of the change of level"),
    "initiative_harm": KeyNumber(_abs(_get("difference")), "up", what="difference from expected"),
    "value_conflict": KeyNumber(_abs(_get("effect")), "up", what="declared effect against"),
    "resource_misallocation": KeyNumber(_get("tvd"), "up", share=True, what="share misallocated"),
    "uncovered_objective": KeyNumber(_count("lacking"), "up", what="parts lacking"),
    "goal_behind": KeyNumber(_behind, "up", share=True, what="time elapsed less progress"),
    "low_understanding": KeyNumber(
        _get("stating_a_top_objective"), "down", share=True, what="staff stating a top objective"
    ),
    "sentiment_decline": KeyNumber(_get("drop"), "up", what="drop of tone"),
    "silo": KeyNumber(_get("internal_share"), "up", share=True, what="share of messages inside"),
    "bottleneck": KeyNumber(
        _get("cross_team_path_share"), "up", share=True, what="share of cross-team paths"
    ),
    "slow_innovation": KeyNumber(_get("decision", "median_days"), "up", what="days to a decision"),
    "talent_gap": KeyNumber(
        _get("share_meeting_norm"), "down", share=True, what="share meeting the training norm"
    ),
    "review_lapsed": KeyNumber(_get("days_since_last"), "up", what="days since the last review"),
}
"""The key evidence number of each kind; kinds not here worsen only by severity."""


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass(frozen=True)
class Dismissal:
    """A stored dismissal: the finding as it was when dismissed, and who said why."""

    finding_id: str
    reason: str
    by: str
    on: dt.date
    kind: str = ""
    subjects: tuple[str, ...] = ()
    # None: stored before severity and evidence were kept (holds on equal evidence only)
    severity: Severity | None = None
    evidence: Mapping[str, Any] | None = None
    evidence_hash: str = ""

    @property
    def shown(self) -> Dismissed:
        return Dismissed(reason=self.reason, by=self.by, on=self.on)


def same_problem(dismissal: Dismissal, finding: Finding) -> bool:
    """Whether ``dismissal`` was made for the problem ``finding`` reports (see the module)."""
    if dismissal.finding_id == finding.id:
        return True
    if not dismissal.kind or dismissal.kind != finding.kind:
        return False
    old, new = tuple(dismissal.subjects), tuple(finding.subjects)
    if sorted(old) == sorted(new):
        return True
    shorter, longer = sorted((old, new), key=len)
    return bool(shorter) and longer[: len(shorter)] == shorter


def materially_worse(dismissal: Dismissal, finding: Finding) -> bool:
    """Whether ``finding`` is materially worse than when ``dismissal`` was made."""
    if dismissal.severity is None or dismissal.evidence is None:  # an old dismissal
        return evidence_hash(finding.evidence) != dismissal.evidence_hash
    if finding.severity.rank < dismissal.severity.rank:
        return True
    key = KEY_EVIDENCE.get(finding.kind)
    if key is None:
        return False
    then, now = key.read(dismissal.evidence), key.read(finding.evidence)
    if not (_number(then) and _number(now)):
        return False
    change = (now - then) if key.worse == "up" else (then - now)
    if change <= 0:
        return False
    if key.share and change < SHARE_FLOOR:
        return False
    return bool(change >= RELATIVE_CHANGE * abs(then))


def match(findings: Iterable[Finding], dismissals: Iterable[Dismissal]) -> dict[str, Dismissed]:
    """Finding id → its dismissal, for the findings a dismissal still holds for (the latest
    dismissal of the same problem decides)."""
    stored = list(dismissals)
    out: dict[str, Dismissed] = {}
    for finding in findings:
        candidates = [d for d in stored if same_problem(d, finding)]
        exact = [d for d in candidates if d.finding_id == finding.id]
        chosen = exact or candidates
        if chosen and not materially_worse(chosen[-1], finding):
            out[finding.id] = chosen[-1].shown
    return out
