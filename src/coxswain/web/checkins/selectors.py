# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Reading check-ins and survey results (never for groups smaller than privacy.min_group)."""

from __future__ import annotations

from statistics import mean
from typing import Any

from coxswain.web.accounts.models import Organisation
from coxswain.web.checkins.models import CheckIn, SurveyAnswer
from coxswain.web.checkins.services import PULSE_QUESTIONS
from coxswain.web.strategy.models import Person
from coxswain.web.workbook_io import profile_for


def my_goals(*, company: dict[str, Any], person: Person) -> list[dict[str, Any]]:
    own = {person.slug, person.team} - {""}
    return [g for g in company.get("goals", []) if g["owner"] in own]


def recent_checkins(*, org: Organisation, person: Person, limit: int = 20) -> list[CheckIn]:
    return list(CheckIn.objects.for_org(org).filter(person=person)[:limit])


def survey_results(*, org: Organisation) -> dict[str, Any]:
    """Mean answers per Likert question (each respondent's latest answer), for the whole
    company and per team, through :func:`coxswain.privacy.suppress`: a team of fewer than
    ``min_group`` respondents is hidden, and so is the next smallest team while the company
    minus the teams shown would leave fewer than ``min_group`` people (secondary
    suppression); respondents without a team count in the company only. Hidden groups are
    counted in ``suppressed``."""
    from coxswain.privacy import suppress

    min_group = profile_for(org).min_group
    scored = [q for q, (_, rng) in PULSE_QUESTIONS.items() if rng]
    rows = (
        SurveyAnswer.objects.for_org(org)
        .filter(question__in=scored)
        .values_list("question", "respondent", "team", "answer", "date")
    )
    latest: dict[tuple[str, str], tuple[Any, str, float]] = {}
    for q, respondent, team, answer, date in rows:
        try:
            value = float(answer)
        except ValueError:
            continue
        key = (q, respondent)
        if key not in latest or latest[key][0] <= date:
            latest[key] = (date, team, value)
    out: dict[str, Any] = {"min_group": min_group, "questions": [], "suppressed": 0}
    for q in scored:
        answers = [(team, v) for (qq, _), (_, team, v) in latest.items() if qq == q]
        teams: dict[str, list[float]] = {}
        for team, v in answers:
            if team:
                teams.setdefault(team, []).append(v)
        rule = suppress(
            sizes={t: len(vs) for t, vs in teams.items()}, total=len(answers), min_group=min_group
        )
        if answers:
            out["suppressed"] += len(rule.hidden) + (0 if rule.total_shown else 1)
        company = round(mean(v for _, v in answers), 2) if rule.total_shown else None
        by_team = [
            (team, round(mean(values), 2), len(values))
            for team, values in sorted(teams.items())
            if team in rule.shown
        ]
        out["questions"].append(
            {
                "key": q,
                "text": PULSE_QUESTIONS[q][0],
                "company": company,
                "n": len(answers) if company is not None else None,
                "teams": by_team,
            }
        )
    return out
