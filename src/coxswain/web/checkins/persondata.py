# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""What check-ins hold about a person: their key-result check-ins and survey answers."""

from __future__ import annotations

from typing import Any

from coxswain.web.checkins.models import CheckIn, SurveyAnswer, SurveySettings
from coxswain.web.persondata import Source, Subject, register


def _find_checkins(subject: Subject) -> list[dict[str, Any]]:
    return list(
        CheckIn.objects.for_org(subject.org)
        .filter(person_id=subject.person_pk)
        .values("date", "goal", "key_result", "value", "confidence", "created")
    )


def _erase_checkins(subject: Subject) -> int:
    return CheckIn.objects.for_org(subject.org).filter(person_id=subject.person_pk).delete()[0]


def _find_answers(subject: Subject) -> list[dict[str, Any]]:
    """Their answers in full only where the organisation opted in to seeing respondents
    (``privacy.show_survey_respondents``, as for the workbook download); otherwise, as the
    pulse form promises staff, only how many answers they gave and on which dates."""
    theirs = SurveyAnswer.objects.for_org(subject.org).filter(respondent=subject.slug)
    opted_in = bool(
        SurveySettings.objects.for_org(subject.org)
        .values_list("show_respondents", flat=True)
        .first()
    )
    if opted_in:
        mine = list(theirs.values("date", "question", "answer", "team", "from_pulse"))
    else:
        dates = sorted(set(theirs.values_list("date", flat=True)))
        mine = (
            []
            if not dates
            else [
                {
                    "their_answers": theirs.count(),
                    "dates": dates,
                    "content": "not shown: the organisation does not set "
                    "privacy.show_survey_respondents, and staff are told their answers are "
                    "shown only as group averages",
                }
            ]
        )
    about = [
        {"date": a.date, "question": a.question, "mentions_them": a.answer}
        for a in SurveyAnswer.objects.for_org(subject.org).exclude(respondent=subject.slug)
        if subject.mentioned_in(a.answer)
    ]
    return mine + about


def _erase_answers(subject: Subject) -> int:
    """Their answers go; other answers that name them keep their answer, the name redacted."""
    answers = SurveyAnswer.objects.for_org(subject.org)
    n = answers.filter(respondent=subject.slug).delete()[0]
    for a in answers.exclude(respondent=subject.slug).only("answer"):
        if subject.mentioned_in(a.answer):
            a.answer = subject.redact(a.answer)
            a.save(update_fields=["answer"])
            n += 1
    return n


register(
    Source(
        name="check-ins",
        models=(CheckIn,),
        find=_find_checkins,
        erase=_erase_checkins,
        order=20,
        describe="their key-result check-ins",
    )
)
register(
    Source(
        name="survey answers",
        models=(SurveyAnswer,),
        find=_find_answers,
        erase=_erase_answers,
        order=20,
        describe="their survey and pulse answers, and others' answers that name them",
    )
)
