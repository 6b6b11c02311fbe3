"""A workbook downloaded from the web app leaves survey respondents out unless it opts in."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import polars as pl

from coxswain.privacy import without_respondents
from coxswain.workbook import Workbook
from coxswain.workbook.model import Company
from coxswain.workbook.tables import TABLES


def _book(*, opt_in: bool = False) -> Workbook:
    people = [(f"b{i}", "bakers") for i in range(5)] + [("solo", "owner_team")]
    survey = [
        (pid, dt.date(2026, 3, day), q, str(v), None)
        for day in (1, 20)
        for i, (pid, _) in enumerate(people)
        for q, v in (("line_of_sight", 1 + i % 5), ("priorities", f"bread {i}"))
    ]
    survey.append(("anon-x", dt.date(2026, 3, 1), "enps", "9", "bakers"))
    return Workbook(
        company=Company.model_validate(
            {
                "format": 1,
                "name": "Co",
                "teams": [{"id": "bakers", "name": "B"}, {"id": "owner_team", "name": "O"}],
                "privacy": {"show_survey_respondents": opt_in},
            }
        ),
        tables={
            "people": pl.DataFrame(
                [{"id": p, "team": t} for p, t in people], schema=TABLES["people"].schema
            ),
            "survey": pl.DataFrame(
                survey,
                schema=TABLES["survey"].schema,
                orient="row",
            ),
        },
    )


def test_respondents_become_unlinkable_tokens() -> None:
    book = _book()
    out = without_respondents(book).survey
    ids = set(book.people["id"].to_list())
    assert not ids & set(out["respondent"].to_list())
    assert all(r.startswith("anon-") for r in out["respondent"].to_list())
    # every answer is kept
    key = ["date", "question", "answer"]
    assert Counter(out.select(key).rows()) == Counter(book.survey.select(key).rows())
    # one token per person and day: the answers of a round stay together, two days do not link
    per_day = out.group_by("date").agg(pl.col("respondent").n_unique())
    assert sorted(per_day.rows()) == [(dt.date(2026, 3, 1), 7), (dt.date(2026, 3, 20), 6)]
    assert not set(out.filter(pl.col("date") == dt.date(2026, 3, 1))["respondent"]) & set(
        out.filter(pl.col("date") == dt.date(2026, 3, 20))["respondent"]
    )
    # the one-person team is not named; the team of 5 (plus an anonymous answer) is
    solo_answers = out.filter(pl.col("answer") == "bread 5")
    assert solo_answers["team"].to_list() == [None, None]
    assert set(out["team"].drop_nulls().to_list()) == {"bakers"}
    # a new download draws new tokens
    assert set(without_respondents(book).survey["respondent"]) != set(out["respondent"])


def test_opting_in_keeps_the_respondents() -> None:
    book = _book(opt_in=True)
    assert without_respondents(book) is book
