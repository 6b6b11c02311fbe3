"""Talent alignment: do the people, their skills and their training match what the
strategy needs? (people.csv against company.yaml capabilities, values, objectives)

* **Capabilities**: a person counts for a capability at skill level >= :data:`SKILLED`
  in a skill named like the capability's id (case, spaces, ``-`` and ``_`` ignored);
  a capability needs ``min_people`` such people. Each capability weighs as much as the
  objectives it serves (their normalised weights; a capability tied to none weighs
  the mean).
* **T-shape index**: the share of people with one deep skill (level >= 4) and breadth,
  at least two other skills at level >= 2.
* **Training norm** (a judgement, documented in docs/language.md): training hours in the
  last 12 months are expected to reach :data:`TRAINING_NORM_HOURS` (two working days)
  for everyone when a value speaks of craft, quality, expertise, skill, learning or
  growth, and for the people learning a capability (level 1–2) that is short of people
  and serves a top objective. Where the norm applies, at least
  :data:`TRAINED_SHARE` of those people should meet it.

``talent_gap``: a capability short of people; staff short of the training a value
demands; breadth missing (T-shape index under :data:`MIN_T_SHAPE` with skills recorded
for most people and most people listing three skills or more; thinner skill lists
are not judged for breadth). Aggregates of fewer than ``privacy.min_group`` people (training
hours) are not shown; counts of skilled people per capability are.

Component ``talent`` (0–100): 60 % capability coverage (weighted mean of
min(1, people / min_people)), 25 % training (share meeting the norm where it
applies, else omitted), 15 % breadth (min(1, T-shape index / :data:`GOOD_T_SHAPE`)); the
parts present are re-weighted to sum to one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from coxswain.analysis.base import Context, Finding, Section, Severity
from coxswain.privacy import allowed_group
from coxswain.workbook import Workbook
from coxswain.workbook.model import Capability, Value
from coxswain.workbook.tables import parse_skills

SKILLED = 3
DEEP = 4
BROAD = 2
TRAINING_NORM_HOURS = 16.0
TRAINED_SHARE = 0.5
MIN_T_SHAPE = 0.15
GOOD_T_SHAPE = 0.4
TOP_OBJECTIVES = 3
WEIGHTS = {"capabilities": 0.60, "training": 0.25, "breadth": 0.15}

_LEARNING_WORDS = re.compile(
    r"\b(craft\w*|quality|expert\w*|expertise|skill\w*|learn\w*|master\w*|excellen\w*|"
    r"train\w*|grow(th)?|develop\w*|professional\w*|precision|artisan\w*)\b",
    re.I,
)


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name.lower())


def demands_training(value: Value) -> bool:
    """Whether a value's id, name or statement speaks of craft, quality, skill or learning."""
    text = " ".join(filter(None, (value.id.replace("_", " "), value.name, value.statement)))
    return bool(_LEARNING_WORDS.search(text))


@dataclass
class Person:
    id: str
    skills: dict[str, int]
    training: float | None


def _people(workbook: Workbook) -> list[Person]:
    out = []
    for row in workbook.people.select("id", "skills", "training_hours").iter_rows(named=True):
        try:
            skills = {_norm(k): v for k, v in parse_skills(row["skills"]).items()}
        except ValueError:
            skills = {}
        out.append(Person(row["id"], skills, row["training_hours"]))
    return out


def t_shaped(skills: dict[str, int]) -> bool:
    levels = sorted(skills.values(), reverse=True)
    return bool(levels) and levels[0] >= DEEP and sum(1 for v in levels[1:] if v >= BROAD) >= 2


def _top_objectives(workbook: Workbook) -> set[str]:
    ranked = sorted(workbook.company.objectives, key=lambda o: -o.weight)
    if not ranked:
        return set()
    cut = ranked[min(TOP_OBJECTIVES, len(ranked)) - 1].weight
    return {o.id for o in ranked if o.weight >= cut and o.weight > 0}


def _capability_weight(cap: Capability, weights: dict[str, float]) -> float:
    linked = [weights.get(o, 0.0) for o in cap.objectives]
    if linked:
        return sum(linked)
    return float(np.mean(list(weights.values()))) if weights else 1.0


def analyze(workbook: Workbook, context: Context) -> Section:
    section = Section(name="talent", component="talent")
    company = workbook.company
    if not workbook.has("people") or workbook.people.height == 0:
        # a header-only people.csv (as `coxswain init` writes it) observes nobody either
        section.missing.append("people.csv")
        section.score_note = "no staff list (people.csv)"
        return section
    people = _people(workbook)
    # capabilities are judged against recorded skills; with none recorded at all, a
    # shortfall would only show that the skills column is empty, not that people lack them
    judged = company.capabilities if any(p.skills for p in people) else ()
    weights = company.normalised_weights()
    top = _top_objectives(workbook)
    parts: dict[str, float] = {}
    findings: list[Finding] = []

    # capabilities against skills
    cap_rows: list[dict[str, Any]] = []
    cap_weights, cap_cover = [], []
    short_learners: set[str] = set()
    for cap in judged:
        key = _norm(cap.id)
        skilled = sum(1 for p in people if p.skills.get(key, 0) >= SKILLED)
        learners = [p for p in people if 0 < p.skills.get(key, 0) < SKILLED]
        cover = 1.0 if cap.min_people == 0 else min(1.0, skilled / cap.min_people)
        serves_top = bool(set(cap.objectives) & top)
        cap_weights.append(_capability_weight(cap, weights))
        cap_cover.append(cover)
        cap_rows.append(
            {
                "capability": cap.id,
                "name": cap.name,
                "needed": cap.min_people,
                "skilled": skilled,
                "learning": len(learners),
                "objectives": list(cap.objectives),
                "serves_top_objective": serves_top,
            }
        )
        if skilled < cap.min_people:
            if serves_top:
                short_learners |= {p.id for p in learners}
            shortfall = cap.min_people - skilled
            severe = serves_top and (skilled == 0 or shortfall / cap.min_people >= 0.5)
            evidence: dict[str, Any] = {
                "needed": cap.min_people,
                "skilled_people": skilled,
                "people_learning": len(learners),
                "level_counted": SKILLED,
                "objectives": list(cap.objectives),
            }
            learner_hours = [p.training for p in learners if p.training is not None]
            if allowed_group(len(learner_hours), workbook):
                evidence["learners_median_training_hours"] = float(np.median(learner_hours))
            findings.append(
                Finding(
                    kind="talent_gap",
                    severity=Severity.high
                    if severe
                    else Severity.medium
                    if serves_top
                    else Severity.low,
                    subjects=(cap.id, *cap.objectives),
                    title=f"{cap.name}: {skilled} of the {cap.min_people} skilled people needed",
                    evidence=evidence,
                )
            )
    if cap_weights:
        w = np.array(cap_weights)
        w = w if w.sum() > 0 else np.ones_like(w)
        parts["capabilities"] = float(100 * np.average(cap_cover, weights=w))
    elif company.capabilities == ():
        section.missing.append("company.yaml: capabilities")

    # training against the norm
    demanding = [v for v in company.values if demands_training(v)]
    training_rows: dict[str, Any] = {
        "norm_hours": TRAINING_NORM_HOURS,
        "values_demanding_training": [v.id for v in demanding],
    }
    hours = {p.id: p.training for p in people if p.training is not None}
    applies = set(hours) if demanding else {p for p in short_learners if p in hours}
    if allowed_group(len(applies), workbook):
        meeting = [hours[p] >= TRAINING_NORM_HOURS for p in applies]
        share = float(np.mean(meeting))
        median = float(np.median([hours[p] for p in applies]))
        parts["training"] = 100 * share
        training_rows |= {
            "people": len(applies),
            "share_meeting_norm": round(share, 3),
            "median_hours": round(median, 1),
        }
        if share < TRAINED_SHARE:
            if demanding:
                subjects = tuple(v.id for v in demanding)
                reason = (
                    f"the value{'s' if len(demanding) > 1 else ''} "
                    f"{', '.join(f'“{v.name}”' for v in demanding)} "
                    f"demand{'' if len(demanding) > 1 else 's'} skill and learning"
                )
            else:
                subjects = tuple(
                    sorted(
                        r["capability"]
                        for r in cap_rows
                        if r["serves_top_objective"] and r["skilled"] < r["needed"]
                    )
                )
                reason = "capabilities that top objectives need are short of people"
            severe = share < 0.25 and median < TRAINING_NORM_HOURS / 2
            findings.append(
                Finding(
                    kind="talent_gap",
                    severity=Severity.high if severe else Severity.medium,
                    subjects=subjects,
                    title=f"Training falls short: {round(100 * share)}% of staff reach "
                    f"{TRAINING_NORM_HOURS:.0f} hours a year although {reason}",
                    evidence={
                        "people": len(applies),
                        "share_meeting_norm": round(share, 3),
                        "median_training_hours": round(median, 1),
                        "norm_hours": TRAINING_NORM_HOURS,
                        "values": [v.id for v in demanding],
                    },
                )
            )
    elif hours == {} and demanding:
        section.missing.append("people.csv: training_hours")

    # breadth: T-shape index, judged only where skill lists are rich enough to show breadth
    with_skills = [p for p in people if p.skills]
    t_index = None
    rich = bool(with_skills) and float(np.median([len(p.skills) for p in with_skills])) >= 3
    if allowed_group(len(with_skills), workbook):
        t_index = float(np.mean([t_shaped(p.skills) for p in with_skills]))
    if t_index is not None and rich:
        parts["breadth"] = 100 * min(1.0, t_index / GOOD_T_SHAPE)
        if t_index < MIN_T_SHAPE and len(with_skills) >= 0.5 * len(people):
            findings.append(
                Finding(
                    kind="talent_gap",
                    severity=Severity.low,
                    subjects=(),
                    title=f"Breadth is missing: {round(100 * t_index)}% of staff combine a deep "
                    "skill with two others",
                    evidence={
                        "t_shape_index": round(t_index, 3),
                        "people_with_skills": len(with_skills),
                        "deep_level": DEEP,
                        "broad_level": BROAD,
                    },
                )
            )
    elif not with_skills:
        section.missing.append("people.csv: skills")

    if parts:
        total = sum(WEIGHTS[k] for k in parts)
        section.score = sum(WEIGHTS[k] * v for k, v in parts.items()) / total
    else:
        section.score_note = "no capabilities, skills or training hours to compare"
    section.tables = {
        "capabilities": cap_rows,
        "training": training_rows,
        "t_shape_index": None if t_index is None else round(t_index, 3),
        "t_shape_judged": t_index is not None and rich,
        "people": len(people),
        "score_parts": {k: round(v, 1) for k, v in parts.items()},
    }
    section.findings = findings
    return section
