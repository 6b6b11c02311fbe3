"""A large synthetic workbook for benchmarks: many people in teams and a big messages.csv.

``write_messages_workbook(folder, rows=1_000_000, people=2_000, seed=0)`` writes a valid
workbook folder (``company.yaml``, ``people.csv``, ``messages.csv``) in a few seconds: every
column is drawn with numpy in bulk and written with polars, with no Python loop per row.

The structure is realistic enough for team metrics: people sit in teams of 8–40, grouped
in departments; about 70% of messages stay inside the sender's team, most of the rest go to
teams of the same department, and a few people (managers) are much more active than others.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import yaml

_OPENERS = (
    "Quick update on",
    "Can you look at",
    "Thanks for sorting",
    "Still waiting on",
    "Great work on",
    "Worried about",
    "Notes from",
    "Reminder about",
    "Question on",
    "Frustrated with",
    "Happy with",
    "Moving",
)
_THINGS = (
    "the release",
    "the customer call",
    "the invoice run",
    "the rota",
    "the Q3 plan",
    "the onboarding flow",
    "the supplier order",
    "the budget",
    "the dashboard",
    "the backlog",
    "the training plan",
    "the launch",
    "the support queue",
    "the pricing page",
)
_ENDINGS = (
    ".",
    " today.",
    " before Friday.",
    ", thanks!",
    " - this is getting urgent.",
    " again, not great.",
    ", nice job everyone.",
    " when you have a minute.",
)


def _text_pool(rng: np.random.Generator, size: int = 2_000) -> np.ndarray:
    o = rng.integers(len(_OPENERS), size=size)
    t = rng.integers(len(_THINGS), size=size)
    e = rng.integers(len(_ENDINGS), size=size)
    return np.array(
        [f"{_OPENERS[a]} {_THINGS[b]}{_ENDINGS[c]}" for a, b, c in zip(o, t, e, strict=True)]
    )


def write_messages_workbook(
    directory: str | Path,
    *,
    rows: int = 1_000_000,
    people: int = 2_000,
    seed: int = 0,
    with_text: bool = True,
    start: dt.date = dt.date(2025, 10, 1),
    days: int = 365,
) -> Path:
    """Write ``company.yaml``, ``people.csv`` and ``messages.csv`` (``rows`` messages among
    ``people`` people) into ``directory``; returns the folder."""
    if people < 10:
        raise ValueError("people must be at least 10")
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)

    # teams of 8..40 people, in departments of about 6 teams
    sizes: list[int] = []
    while sum(sizes) < people:
        sizes.append(int(rng.integers(8, 41)))
    sizes[-1] -= sum(sizes) - people
    if sizes[-1] < 2:
        sizes[-2] += sizes.pop()
    team_size = np.array(sizes)
    n_teams = len(team_size)
    team_start = np.concatenate([[0], np.cumsum(team_size)[:-1]])
    team_of = np.repeat(np.arange(n_teams), team_size)
    dept_of_team = np.arange(n_teams) // 6

    ids = np.char.add("p", np.char.zfill(np.arange(1, people + 1).astype(str), 5))
    team_ids = np.char.add("t", np.char.zfill(np.arange(1, n_teams + 1).astype(str), 3))
    lead = team_start  # the first person of each team leads it
    manager = np.where(np.isin(np.arange(people), lead), 0, lead[team_of])
    manager_ids = np.where(np.arange(people) == 0, "", ids[manager])
    hired = np.datetime64("2015-01-01") + rng.integers(0, 3000, people).astype("timedelta64[D]")
    pl.DataFrame(
        {
            "id": ids,
            "name": np.char.add("Person ", np.arange(1, people + 1).astype(str)),
            "team": team_ids[team_of],
            "role": np.where(np.isin(np.arange(people), lead), "Team lead", "Member"),
            "manager": manager_ids,
            "hired": hired.astype("datetime64[D]").astype(str),
            "skills": np.char.add(np.char.add("skill_", (team_of % 7).astype(str)), ":3"),
            "training_hours": np.round(rng.gamma(2.0, 8.0, people), 1),
        }
    ).with_columns(pl.col("manager").replace("", None)).write_csv(folder / "people.csv")

    # senders: heavy-tailed activity, leads three times as active
    activity = rng.lognormal(0.0, 0.8, people)
    activity[lead] *= 3.0
    sender = rng.choice(people, size=rows, p=activity / activity.sum())
    s_team = team_of[sender]
    internal = rng.random(rows) < 0.7
    same_dept = rng.random(rows) < 0.75
    # target team: own team, a team of the same department, or any other team
    dept_first = (dept_of_team[s_team]) * 6
    dept_span = np.minimum(6, n_teams - dept_first)
    in_dept = dept_first + (rng.random(rows) * dept_span).astype(np.int64)
    anywhere = rng.integers(0, n_teams, rows)
    target_team = np.where(internal, s_team, np.where(same_dept, in_dept, anywhere))
    recipient = team_start[target_team] + (rng.random(rows) * team_size[target_team]).astype(
        np.int64
    )
    clash = recipient == sender
    recipient[clash] = team_start[target_team[clash]] + (
        (recipient[clash] - team_start[target_team[clash]] + 1) % team_size[target_team[clash]]
    )
    second = team_start[target_team] + (rng.random(rows) * team_size[target_team]).astype(np.int64)
    two = (rng.random(rows) < 0.12) & (second != recipient) & (second != sender)

    # timestamps: weekdays weighted, working hours, then sorted
    day = rng.integers(0, days, rows)
    weekday = (np.datetime64(start) + day.astype("timedelta64[D]")).astype("datetime64[D]")
    weekend = ((weekday.astype(np.int64) - 4) % 7) >= 5  # 1970-01-01 was a Thursday
    day = np.where(weekend & (rng.random(rows) < 0.85), (day + 2) % days, day)
    seconds = day * 86_400 + rng.integers(7 * 3600, 19 * 3600, rows)
    order = np.argsort(seconds, kind="stable")
    epoch = int(dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC).timestamp())

    channel_pick = rng.random(rows)
    frame = pl.DataFrame(
        {
            "ts": (seconds[order] + epoch) * 1_000_000,
            "sender": ids[sender[order]],
            "r1": ids[recipient[order]],
            "r2": ids[second[order]],
            "two": two[order],
            "team": team_ids[target_team[order]],
            "internal": internal[order],
            "pick": channel_pick[order],
        }
    )
    columns = [
        pl.col("ts")
        .cast(pl.Datetime("us", "UTC"))
        .dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")
        .alias("timestamp"),
        pl.col("sender"),
        pl.when(pl.col("two"))
        .then(pl.concat_str(["r1", "r2"], separator=";"))
        .otherwise(pl.col("r1"))
        .alias("recipients"),
        pl.when(pl.col("internal") & (pl.col("pick") < 0.2))
        .then(pl.concat_str([pl.lit("#"), pl.col("team")]))
        .when(pl.col("pick") < 0.45)
        .then(pl.lit("email"))
        .otherwise(pl.lit("dm"))
        .alias("channel"),
    ]
    out = frame.select(columns)
    if with_text:
        pool = _text_pool(rng)
        out = out.with_columns(pl.Series("text", pool[rng.integers(0, len(pool), rows)]))
    out.write_csv(folder / "messages.csv")

    company = {
        "format": 1,
        "name": "Benchmark Company",
        "currency": "USD",
        "employees": people,
        "stage": "advanced",
        "teams": [
            {"id": str(t), "name": f"Team {i + 1}", "function": f"department {d + 1}"}
            for i, (t, d) in enumerate(zip(team_ids, dept_of_team, strict=True))
        ],
        "objectives": [{"id": "growth", "name": "Grow", "weight": 1}],
    }
    (folder / "company.yaml").write_text(yaml.safe_dump(company, sort_keys=False), encoding="utf-8")
    return folder


if __name__ == "__main__":
    import sys
    import time

    t0 = time.perf_counter()
    path = write_messages_workbook(sys.argv[1] if len(sys.argv) > 1 else "big_workbook")
    print(f"wrote {path} in {time.perf_counter() - t0:.1f} s")
