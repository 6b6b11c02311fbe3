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
from coxswain.wording import Words


def my_goals(*, company: dict[str, Any], person: Person) -> list[dict[str, Any]]:
    own = {person.slug, person.team} - {""}
    return [g for g in company.get("goals", []) if g["owner"] in own]


def company_words(*, org: Organisation) -> Words:
    """How the organisation writes numbers (its workbook's ``locale`` and ``currency``)."""
    profile = profile_for(org)
    return Words(locale=profile.locale or "en", currency=profile.currency or "USD")


def checkin_goals(*, org: Organisation, person: Person) -> list[dict[str, Any]]:
    """The person's goals for the check-in form. A key result measured by a KPI (``kpi:``)
    is not typed in: it carries ``measured_by`` (the KPI's name) and its ``current`` is the
    KPI's latest value, the same value the KPI's tile and the analysis show
    (:func:`coxswain.web.workbook_io.company_for`)."""
    import copy

    from coxswain.web.workbook_io import company_for, company_mapping
    from coxswain.wording import Words

    mapping = company_mapping(org)
    goals = copy.deepcopy(my_goals(company=mapping, person=person))
    say = Words(locale=mapping.get("locale") or "en", currency=mapping.get("currency") or "USD")
    if any(kr.get("kpi") for g in goals for kr in g.get("key_results", [])):
        typed = company_for(org)
        kpis = {k.id: k for k in typed.kpis}
        measured = {g.id: g.key_results for g in typed.goals}
        for g in goals:
            for i, kr in enumerate(g.get("key_results", [])):
                if kr.get("kpi"):
                    kpi = kpis.get(kr["kpi"])
                    kr["measured_by"] = kpi.name if kpi else kr["kpi"]
                    kr["current"] = measured[g["id"]][i].current
                    kr["unit"] = (kpi.unit if kpi else None) or kr.get("unit") or ""
    for g in goals:  # written as the KPI tiles write them: "3.9 out of 5", "68%"
        for kr in g.get("key_results", []):
            unit = kr.get("unit")
            kr["start_text"] = say.amount(float(kr.get("start") or 0), unit)
            kr["target_text"] = (
                say.amount(float(kr["target"]), unit) if kr.get("target") is not None else ""
            )
            if kr.get("current") is not None:
                kr["current_text"] = say.amount(float(kr["current"]), unit)
    return goals


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
        score = _SCORES.get(q, _average)
        company = score([v for _, v in answers]) if rule.total_shown else None
        by_team = [
            (team, score(values), len(values))
            for team, values in sorted(teams.items())
            if team in rule.shown
        ]
        low, high = PULSE_QUESTIONS[q][1] or (0, 0)
        out["questions"].append(
            {
                "key": q,
                "text": PULSE_QUESTIONS[q][0],
                "measure": _MEASURES.get(q, f"average answer, {low} to {high}"),
                "company": company,
                "n": len(answers) if company is not None else None,
                "teams": by_team,
            }
        )
    return out


def _average(values: list[float]) -> float:
    return round(mean(values), 1)


def _enps(values: list[float]) -> float | None:
    from coxswain.analysis.rules import enps

    score = enps(values)
    return round(score) if score is not None else None


# eNPS is not an average: % promoters minus % detractors (coxswain.analysis.rules.enps).
_SCORES = {"enps": _enps}
_MEASURES = {"enps": "eNPS: % who would recommend (9–10) minus % who would not (0–6), −100 to 100"}


def checkin_rows(*, org: Organisation, checkins: list[CheckIn]) -> list[dict[str, Any]]:
    """Check-ins as people read them: the goal's title and the key result's, not their ids."""
    from coxswain.web.workbook_io import company_mapping

    goals = {g["id"]: g for g in company_mapping(org).get("goals", [])}
    rows = []
    for c in checkins:
        goal = goals.get(c.goal, {})
        krs = goal.get("key_results", [])
        kr = krs[c.key_result] if 0 <= c.key_result < len(krs) else {}
        rows.append(
            {
                "checkin": c,
                "goal": goal.get("title") or c.goal,
                "key_result": kr.get("title") or f"key result {c.key_result + 1}",
                "unit": kr.get("unit") or "",
            }
        )
    return rows
