"""Helpers that the people analyses (sentiment, understanding, talent) share.

Only aggregates of groups with at least ``privacy.min_group`` distinct people are
ever shown; these helpers give each person's team and the names reports use for teams.
"""

from __future__ import annotations

import polars as pl

from coxswain.workbook import Workbook


def team_of_people(workbook: Workbook) -> dict[str, str]:
    """person id → team id, for people with a team in people.csv."""
    people = workbook.people.select("id", "team").drop_nulls()
    return dict(
        zip(people.get_column("id").to_list(), people.get_column("team").to_list(), strict=True)
    )


def team_names(workbook: Workbook) -> dict[str, str]:
    """team id → display name (the team's id where company.yaml does not name it)."""
    names = {t.id: t.name for t in workbook.company.teams}
    for team in workbook.people.get_column("team").drop_nulls().unique().to_list():
        names.setdefault(team, team)
    return names


def survey_with_teams(workbook: Workbook) -> pl.DataFrame:
    """survey.csv with a ``team_id`` column: a named respondent's team from people.csv
    (else the row's ``team``); an ``anon-`` respondent's from the row's ``team`` column."""
    survey = workbook.survey
    mapping = team_of_people(workbook)
    if survey.height == 0:
        return survey.with_columns(pl.lit(None, dtype=pl.String).alias("team_id"))
    team_col = pl.col("team") if "team" in survey.columns else pl.lit(None, dtype=pl.String)
    from_people = pl.col("respondent").replace_strict(mapping, default=None, return_dtype=pl.String)
    anonymous = pl.col("respondent").str.starts_with("anon-")
    return survey.with_columns(
        pl.when(anonymous)
        .then(team_col)
        .otherwise(pl.coalesce(from_people, team_col))
        .alias("team_id")
    )
