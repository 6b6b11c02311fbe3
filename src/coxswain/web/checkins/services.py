# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Writing check-ins and pulse answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from coxswain.web.accounts.models import Organisation
from coxswain.web.checkins.models import CheckIn, SurveyAnswer
from coxswain.web.strategy.models import Element, Kind, Person, StrategyChange
from coxswain.web.workbook_io import company_mapping, load_workbook
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
