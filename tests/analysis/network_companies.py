"""Synthetic companies for the network analysis: realistic volumes (about one message a
working day per person), most of it inside the team, some of it across; optionally one
hub through whom much of the company's communication, and most cross-team traffic, runs."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from coxswain.workbook import Workbook
from coxswain.workbook.model import Company

AS_OF = dt.date(2026, 6, 30)
COLUMNS = ["id", "name", "team", "role", "manager", "hired", "skills", "training_hours", "email",
           "handles"]  # fmt: skip


def people_frame(ids: list[str], teams: list[str | None], roles: list[str]) -> pl.DataFrame:
    return (
        pl.DataFrame(
            {"id": ids, "name": [i.upper() for i in ids], "team": teams, "role": roles},
            schema={"id": pl.String, "name": pl.String, "team": pl.String, "role": pl.String},
        )
        .with_columns(
            pl.lit(None, dtype=pl.String).alias("manager"),
            pl.lit(None, dtype=pl.Date).alias("hired"),
            pl.lit(None, dtype=pl.String).alias("skills"),
            pl.lit(None, dtype=pl.Float64).alias("training_hours"),
            pl.lit(None, dtype=pl.String).alias("email"),
            pl.lit(None, dtype=pl.String).alias("handles"),
        )
        .select(COLUMNS)
    )


def company(
    n: int,
    *,
    teams: int,
    hub: bool,
    seed: int = 0,
    per_day: float = 1.0,
    cross: float = 0.2,
    to_hub: float = 0.35,
    hub_cross: float = 0.25,
    min_group: int | None = None,
    hub_team: str | None = "t0",
) -> tuple[Workbook, str]:
    """A company of ``n`` people in ``teams`` teams of near-equal size; returns the workbook
    and the id of the hub (the person who would be the hub when ``hub`` is False). The hub
    is in team ``hub_team`` (None: in no team, as an owner often is)."""
    rng = np.random.default_rng(seed)
    ids = [f"p{i:03d}" for i in range(n)]
    team_of = {p: f"t{i % teams}" for i, p in enumerate(ids)}
    hub_id = ids[0]
    team_of[hub_id] = hub_team  # type: ignore[assignment]
    roles = ["Operations manager" if p == hub_id else "Staff" for p in ids]
    by_team: dict[str, list[str]] = {}
    for p, t in team_of.items():
        by_team.setdefault(t or "", []).append(p)
    days = 90
    start = dt.datetime.combine(AS_OF - dt.timedelta(days=days - 1), dt.time(9), tzinfo=dt.UTC)
    rows: list[tuple[dt.datetime, str, str]] = []
    for s in ids:
        for _ in range(rng.poisson(per_day * days * (3 if hub and s == hub_id else 1))):
            ts = start + dt.timedelta(minutes=int(rng.integers(0, days * 24 * 60)))
            own = [p for p in by_team[team_of[s] or ""] if p != s and team_of[s]]
            others = [p for p in ids if team_of[p] != team_of[s]]
            if hub and s == hub_id:
                pool = [p for p in ids if p != s]  # the hub writes to everyone
            elif hub and rng.random() < to_hub:
                pool = [hub_id]  # a share of everyone's messages go to the hub
            elif others and (rng.random() < (cross * hub_cross if hub else cross)):
                pool = others  # with a hub, little goes across directly
            else:
                pool = own or others
            if pool:
                rows.append((ts, s, pool[int(rng.integers(len(pool)))]))
    messages = pl.DataFrame(
        {
            "timestamp": [r[0] for r in rows],
            "sender": [r[1] for r in rows],
            "recipients": [r[2] for r in rows],
            "channel": ["dm"] * len(rows),
        },
        schema={
            "timestamp": pl.Datetime("us", "UTC"),
            "sender": pl.String,
            "recipients": pl.String,
            "channel": pl.String,
        },
    )
    spec: dict[str, object] = {
        "format": 1,
        "name": f"Synthetic {n}",
        "teams": [{"id": t, "name": f"Team {t[1:]}"} for t in sorted(by_team) if t],
    }
    if min_group is not None:
        spec["privacy"] = {"min_group": min_group}
    wb = Workbook(
        company=Company.model_validate(spec),
        tables={
            "people": people_frame(ids, [team_of[p] for p in ids], roles),
            "messages": messages,
        },
    )
    return wb, hub_id
