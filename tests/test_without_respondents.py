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
    # the one-person team is not named; nor is the team of 5 (plus an anonymous answer):
    # naming it would leave the one-person team as exactly the rows with an empty team
    solo_answers = out.filter(pl.col("answer") == "bread 5")
    assert solo_answers["team"].to_list() == [None, None]
    assert out["team"].drop_nulls().to_list() == []
    # a new download draws new tokens
    assert set(without_respondents(book).survey["respondent"]) != set(out["respondent"])


def test_opting_in_keeps_the_respondents() -> None:
    book = _book(opt_in=True)
    assert without_respondents(book) is book


def _teams_book(teams: dict[str, int], days: dict[str, list[int]] | None = None) -> Workbook:
    """People in teams of the given sizes; each answers once on each day of ``days``
    (team → days of March, default the 1st)."""
    people = [(f"{t}{i}", t) for t, n in teams.items() for i in range(n)]
    survey = [
        (pid, dt.date(2026, 3, day), "enps", "7", None)
        for pid, team in people
        for day in (days or {}).get(team, [1])
    ]
    return Workbook(
        company=Company.model_validate(
            {"format": 1, "name": "Co", "teams": [{"id": t, "name": t} for t in teams]}
        ),
        tables={
            "people": pl.DataFrame(
                [{"id": p, "team": t} for p, t in people], schema=TABLES["people"].schema
            ),
            "survey": pl.DataFrame(survey, schema=TABLES["survey"].schema, orient="row"),
        },
    )


def test_a_hidden_small_team_is_not_the_rows_with_an_empty_team() -> None:
    out = without_respondents(_teams_book({"a": 6, "b": 6, "c": 1})).survey
    unnamed = out.filter(pl.col("team").is_null())
    # the one-person team's row is not alone among the unnamed rows: a second team is blanked
    assert unnamed.height >= 1 + 5
    assert set(out["team"].drop_nulls().to_list()) == {"b"}


def test_a_team_is_named_only_on_days_it_has_enough_respondents() -> None:
    # teams of 6 all answer on the 1st; on the 2nd all of team a and 3 of team c answer
    book = _teams_book(
        {"a": 6, "b": 6, "c": 6},
        days={"a": [1, 2], "b": [1], "c": [1]},
    )
    # three of team c also answer on the 2nd
    extra = pl.DataFrame(
        [(f"c{i}", dt.date(2026, 3, 2), "enps", "7", None) for i in range(3)],
        schema=TABLES["survey"].schema,
        orient="row",
    )
    book = Workbook(
        company=book.company,
        tables={**book.tables, "survey": pl.concat([book.survey, extra])},
    )
    out = without_respondents(book).survey
    first = out.filter(pl.col("date") == dt.date(2026, 3, 1))
    second = out.filter(pl.col("date") == dt.date(2026, 3, 2))
    assert set(first["team"].drop_nulls().to_list()) == {"a", "b", "c"}
    # on the 2nd, team c's 3 answers are not named, and a is blanked too so that the
    # unnamed rows are not exactly team c's
    assert second["team"].drop_nulls().to_list() == []
