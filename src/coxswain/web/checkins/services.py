# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Writing check-ins and pulse answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from coxswain.web.accounts.models import Organisation
from coxswain.web.checkins.models import CheckIn, SurveyAnswer
from coxswain.web.strategy.models import Element, Kind, Person, StrategyChange
from coxswain.web.workbook_io import company_mapping, load_workbook
from coxswain.wording import Words
from coxswain.workbook import WorkbookError

PULSE_QUESTIONS: dict[str, tuple[str, tuple[int, int] | None]] = {
    "line_of_sight": ("I understand how my work contributes to our goals.", (1, 5)),
    "values_lived": ("Our values guide everyday decisions here.", (1, 5)),
    "enps": ("How likely are you to recommend working here?", (0, 10)),
    "priorities": ("In your own words, what are the company's top priorities?", None),
}


@dataclass(frozen=True)
class KrUpdate:
    goal: str
    key_result: int  # index in the goal's key_results
    value: float
    confidence: int | None


@dataclass(frozen=True)
class CheckinForm:
    """What one person typed on the check-in screen, read: the key-result updates and pulse
    answers to store, every problem at once, and the text as typed (to show again)."""

    updates: list[KrUpdate]
    answers: dict[str, str]
    problems: list[str]
    typed: dict[str, str]

    @property
    def empty(self) -> bool:
        return not self.updates and not any(a.strip() for a in self.answers.values())


def read_checkin_form(
    *, goals: list[dict[str, Any]], data: Mapping[str, str], words: Words
) -> CheckinForm:
    """Read the check-in form against the person's goals (:func:`selectors.checkin_goals`):
    a key result measured by a KPI takes nothing; an unchanged value without a confidence is
    no update; a value is a number as the company's locale writes it (``1,200``; ``55%``
    for a percentage), finite;
    a confidence 1-5; a pulse answer within its question's range."""
    updates: list[KrUpdate] = []
    problems: list[str] = []
    typed = {k: str(v) for k, v in data.items() if k.startswith(("kr-", "conf-", "q-"))}
    for g in goals:
        for i, kr in enumerate(g.get("key_results", [])):
            if kr.get("measured_by"):  # its KPI measures it: nothing to type
                continue
            raw = str(data.get(f"kr-{g['id']}-{i}", "")).strip()
            conf = str(data.get(f"conf-{g['id']}-{i}", "")).strip()
            if raw == "":
                continue
            try:
                value = words.read_number(raw, unit=kr.get("unit"))
            except ValueError as exc:
                problems.append(f"{kr['title']}: {exc}.")
                continue
            if conf and conf not in {"1", "2", "3", "4", "5"}:
                problems.append(f"{kr['title']}: choose a confidence from 1 to 5.")
                continue
            if kr.get("current") is not None and value == kr["current"] and not conf:
                continue
            updates.append(
                KrUpdate(
                    goal=g["id"], key_result=i, value=value, confidence=int(conf) if conf else None
                )
            )
    answers = {q: str(data.get(f"q-{q}", "")) for q in PULSE_QUESTIONS}
    for q, (text, rng) in PULSE_QUESTIONS.items():
        a = answers[q].strip()
        if rng and a and (not a.isdigit() or not rng[0] <= int(a) <= rng[1]):
            problems.append(
                f"“{text}”: {a!r} is not an answer; type a whole number from {rng[0]} to {rng[1]}."
            )
    return CheckinForm(updates=updates, answers=answers, problems=problems, typed=typed)


@transaction.atomic
def record_checkin(
    *, org: Organisation, person: Person, updates: list[KrUpdate], date: dt.date, user: Any = None
) -> int:
    """Store the updates and set each key result's ``current``; only the person's own goals
    (or their team's) may be updated. Returns the number stored; raises WorkbookError when the
    resulting workbook would be invalid (nothing stored then)."""
    own = {person.slug, person.team} - {""}
    goals = {
        e.slug: e for e in Element.objects.for_org(org).filter(kind=Kind.goal).select_for_update()
    }
    mapping = company_mapping(org)
    by_id = {g["id"]: g for g in mapping["goals"]}
    changed: dict[str, dict[str, Any]] = {}
    for u in updates:
        goal = by_id.get(u.goal)
        if (
            goal is None
            or goal["owner"] not in own
            or not 0 <= u.key_result < len(goal.get("key_results", []))
        ):
            raise PermissionError(f"not your key result: {u.goal}[{u.key_result}]")
        goal["key_results"][u.key_result]["current"] = u.value
        changed[u.goal] = goal
    load_workbook(org, company=mapping)  # raises WorkbookError
    for slug, goal in changed.items():
        element = goals[slug]
        before = element.data
        element.data = goal
        element.save(update_fields=["data", "updated"])
        StrategyChange.objects.create(
            org=org, user=user, action="checkin", kind="goals", slug=slug, before=before, after=goal
        )
    stored = CheckIn.dangerously_unscoped.bulk_create(
        CheckIn(
            org=org,
            person=person,
            goal=u.goal,
            key_result=u.key_result,
            date=date,
            value=u.value,
            confidence=u.confidence,
        )
        for u in updates
    )
    from coxswain.web.collab.webhooks import checkin_events

    checkin_events(org=org, checkins=stored)  # to the webhooks that asked for them
    return len(updates)


def answer_pulse(
    *, org: Organisation, person: Person, answers: dict[str, str], date: dt.date
) -> int:
    """Store one person's pulse answers (replacing theirs of the same day)."""
    with transaction.atomic():
        SurveyAnswer.objects.for_org(org).filter(
            respondent=person.slug, date=date, from_pulse=True
        ).delete()
        rows = [
            SurveyAnswer(
                org=org,
                respondent=person.slug,
                date=date,
                question=q,
                answer=a.strip(),
                team=person.team,
                from_pulse=True,
            )
            for q, a in answers.items()
            if q in PULSE_QUESTIONS and str(a).strip() != ""
        ]
        SurveyAnswer.dangerously_unscoped.bulk_create(rows)
        try:
            load_workbook(org)
        except WorkbookError:
            transaction.set_rollback(True)
            raise
    return len(rows)
