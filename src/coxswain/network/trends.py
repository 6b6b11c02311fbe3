"""Team mixing month by month over the whole message history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import polars as pl

from coxswain.network.groups import internal_external
from coxswain.network.ties import edge_frame


def monthly_team_mixing(
    messages: pl.DataFrame,
    *,
    team_of: Mapping[str, str | None],
    broadcast_recipients: int,
    end: dt.date | None = None,
    permutations: int = 50,
    seed: int = 0,
) -> pl.DataFrame:
    """One row per (month, team): ``month, team, internal, external, internal_share,
    ei_index, expected_share, excess_inwardness``; the null model shuffles team labels
    among everyone with a team (as :func:`coxswain.network.groups.team_mixing`)."""
    frame = messages
    if end is not None:
        frame = frame.filter(pl.col("timestamp").dt.date() <= end)
    names = sorted({t for t in team_of.values() if t})
    people = sorted(team_of)
    code_of = {t: i for i, t in enumerate(names)}
    codes = np.array([code_of.get(team_of[p] or "", -1) for p in people], dtype=np.int64)
    lookup = pl.DataFrame(
        {"id": people, "i": np.arange(len(people), dtype=np.int64)},
        schema={"id": pl.String, "i": pl.Int64},
    )
    edges = (
        edge_frame(frame, broadcast_recipients=broadcast_recipients)
        .with_columns(pl.col("timestamp").dt.truncate("1mo").dt.date().alias("month"))
        .group_by("month", "sender", "recipient")
        .agg(pl.col("volume").sum())
        .join(lookup.lazy(), left_on="sender", right_on="id")
        .rename({"i": "s"})
        .join(lookup.lazy(), left_on="recipient", right_on="id")
        .rename({"i": "d"})
        .filter(pl.col("s") != pl.col("d"))
        .sort("month", "s", "d")
        .collect()
    )
    schema = {
        "month": pl.Date,
        "team": pl.String,
        "internal": pl.Float64,
        "external": pl.Float64,
        "internal_share": pl.Float64,
        "ei_index": pl.Float64,
        "expected_share": pl.Float64,
        "excess_inwardness": pl.Float64,
    }
    k = len(names)
    if edges.height == 0 or k == 0:
        return pl.DataFrame(schema=schema)
    rng = np.random.default_rng(seed)
    labelled = np.flatnonzero(codes >= 0)
    shuffles = []
    for _ in range(permutations):
        shuffled = codes.copy()
        shuffled[labelled] = rng.permutation(codes[labelled])
        shuffles.append(shuffled)
    rows: list[dict[str, object]] = []
    for (month,), part in edges.group_by(["month"], maintain_order=True):
        src = part["s"].to_numpy()
        dst = part["d"].to_numpy()
        w = part["volume"].to_numpy().astype(np.float64)
        internal, external, _ = internal_external(src, dst, w, codes, k)
        null = np.full((permutations, k), np.nan)
        for r, shuffled in enumerate(shuffles):
            i_r, e_r, _ = internal_external(src, dst, w, shuffled, k)
            tot = i_r + e_r
            null[r] = np.divide(i_r, tot, out=np.full(k, np.nan), where=tot > 0)
        seen = (~np.isnan(null)).sum(axis=0)
        expected = np.divide(np.nansum(null, axis=0), seen, out=np.full(k, np.nan), where=seen > 0)
        for t, name in enumerate(names):
            tot = internal[t] + external[t]
            if tot <= 0:
                continue
            share = internal[t] / tot
            e = float(expected[t]) if not np.isnan(expected[t]) else None
            excess = None if e is None else ((share - e) / (1 - e) if e < 1 else 0.0)
            rows.append(
                {
                    "month": month,
                    "team": name,
                    "internal": float(internal[t]),
                    "external": float(external[t]),
                    "internal_share": float(share),
                    "ei_index": float(1 - 2 * share),
                    "expected_share": e,
                    "excess_inwardness": excess,
                }
            )
    return pl.DataFrame(rows, schema=schema)
