"""From messages to ties: the weighted directed communication graph.

A message from ``s`` to recipients ``r1; …; rk`` is ``k`` directed edges ``s → ri``,
each weighted by the message's ``count`` (1 where the column is empty or absent).
A message to more than ``broadcast_recipients`` people is a broadcast: it reached
people but says nothing about who works with whom, so it is counted and left out of
the ties. The aggregation is vectorised in polars (the recipients are split and
exploded); there is no Python loop per message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl


@dataclass(frozen=True)
class Ties:
    """Aggregated directed ties between people, with node indexes.

    ``nodes`` are person ids (index = position); ``src``, ``dst`` and ``weight``
    are parallel arrays of the distinct directed pairs (no self-loops) and the
    number of messages from ``src`` to ``dst``; ``volume`` shares each message among
    its recipients (a message to ``k`` people adds ``1/k`` to each of its ``k`` ties),
    so that summing it counts every message once.
    """

    nodes: tuple[str, ...]
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray
    volume: np.ndarray
    messages: int  # messages considered (counts included), broadcasts included
    broadcasts: int  # messages left out as broadcasts (counts included)
    no_recipients: int  # messages whose recipients are unknown (empty)

    @property
    def n(self) -> int:
        return len(self.nodes)

    @property
    def m(self) -> int:
        return int(self.src.shape[0])

    def index(self) -> dict[str, int]:
        return {p: i for i, p in enumerate(self.nodes)}

    def adjacency(self, *, weighted: bool = True):  # type: ignore[no-untyped-def]
        """The ``n × n`` sparse adjacency (CSR) of the ties."""
        from scipy import sparse

        data = self.weight.astype(np.float64) if weighted else np.ones(self.m)
        return sparse.csr_matrix((data, (self.src, self.dst)), shape=(self.n, self.n))


def message_frame(
    messages: pl.DataFrame | pl.LazyFrame, *, broadcast_recipients: int
) -> pl.LazyFrame:
    """One row per message: ``timestamp, sender, recipient`` (the list of distinct
    recipients other than the sender), ``weight`` (its count), ``n_recipients`` and
    ``broadcast`` (more than ``broadcast_recipients`` recipients)."""
    lf = messages.lazy()
    has_count = "count" in lf.collect_schema().names()
    weight = pl.col("count").fill_null(1) if has_count else pl.lit(1, dtype=pl.Int64)
    lf = lf.select(
        pl.col("timestamp"),
        pl.col("sender").str.strip_chars(),
        pl.col("recipients")
        .fill_null("")
        .str.split(";")
        .list.eval(pl.element().str.strip_chars())
        .list.eval(pl.element().filter(pl.element() != ""))
        .list.unique(maintain_order=True)
        .alias("recipient"),
        weight.cast(pl.Int64).alias("weight"),
    )
    # The sender is not one of their own recipients.
    lf = lf.with_columns(
        pl.col("recipient").list.set_difference(pl.concat_list(pl.col("sender"))).alias("recipient")
    )
    lf = lf.with_columns(pl.col("recipient").list.len().alias("n_recipients"))
    return lf.with_columns((pl.col("n_recipients") > broadcast_recipients).alias("broadcast"))


def edge_frame(messages: pl.DataFrame | pl.LazyFrame, *, broadcast_recipients: int) -> pl.LazyFrame:
    """One row per (message, recipient) of the non-broadcast messages: columns
    ``timestamp, sender, recipient, weight, volume`` (``volume`` = weight / number of
    recipients)."""
    return (
        message_frame(messages, broadcast_recipients=broadcast_recipients)
        .filter(~pl.col("broadcast") & (pl.col("n_recipients") > 0))
        .with_columns((pl.col("weight") / pl.col("n_recipients")).alias("volume"))
        .explode("recipient")
        .filter(pl.col("recipient").is_not_null())
        .select("timestamp", "sender", "recipient", "weight", "volume")
    )


def build_ties(
    messages: pl.DataFrame,
    *,
    broadcast_recipients: int,
    people: Sequence[str] = (),
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Ties:
    """The ties of the messages sent on days ``start..end`` (inclusive; open ends allowed).

    ``people`` fixes the first nodes (everyone in ``people.csv``, so that silent
    people count); anyone else who sends or receives is added after them.
    """
    frame = messages
    if start is not None:
        frame = frame.filter(pl.col("timestamp").dt.date() >= start)
    if end is not None:
        frame = frame.filter(pl.col("timestamp").dt.date() <= end)
    per_message = message_frame(frame, broadcast_recipients=broadcast_recipients)
    stats = per_message.select(
        pl.col("weight").sum().alias("total"),
        pl.col("weight").filter(pl.col("broadcast")).sum().alias("broadcasts"),
        pl.col("weight").filter(pl.col("n_recipients") == 0).sum().alias("none"),
    ).collect()
    edges = (
        per_message.filter(~pl.col("broadcast") & (pl.col("n_recipients") > 0))
        .with_columns((pl.col("weight") / pl.col("n_recipients")).alias("volume"))
        .explode("recipient")
        .filter(pl.col("recipient").is_not_null())
        .group_by("sender", "recipient")
        .agg(pl.col("weight").sum(), pl.col("volume").sum())
        .collect()
    )
    return _index(
        edges,
        people=people,
        messages=int(stats["total"][0] or 0),
        broadcasts=int(stats["broadcasts"][0] or 0),
        no_recipients=int(stats["none"][0] or 0),
    )


def ties_from_edges(
    edges: pl.DataFrame, *, people: Sequence[str] = (), messages: int = 0, broadcasts: int = 0
) -> Ties:
    """Ties from an edge list with columns ``sender, recipient, weight`` (and optionally
    ``volume``; by default the weight), summed per pair."""
    if "volume" not in edges.columns:
        edges = edges.with_columns(pl.col("weight").cast(pl.Float64).alias("volume"))
    agg = edges.group_by("sender", "recipient").agg(pl.col("weight").sum(), pl.col("volume").sum())
    return _index(agg, people=people, messages=messages, broadcasts=broadcasts, no_recipients=0)


def _index(
    edges: pl.DataFrame,
    *,
    people: Sequence[str],
    messages: int,
    broadcasts: int,
    no_recipients: int,
) -> Ties:
    edges = edges.filter(pl.col("sender") != pl.col("recipient"))
    known = list(dict.fromkeys(people))
    seen = set(known)
    extra = (
        pl.concat([edges["sender"], edges["recipient"]]).unique().sort().to_list()
        if edges.height
        else []
    )
    nodes = known + [p for p in extra if p not in seen]
    lookup = pl.DataFrame(
        {"id": nodes, "i": np.arange(len(nodes), dtype=np.int64)},
        schema={"id": pl.String, "i": pl.Int64},
    )
    joined = (
        edges.join(lookup, left_on="sender", right_on="id")
        .rename({"i": "s"})
        .join(lookup, left_on="recipient", right_on="id")
        .rename({"i": "d"})
        .sort("s", "d")
    )
    return Ties(
        nodes=tuple(nodes),
        src=joined["s"].to_numpy().astype(np.int64),
        dst=joined["d"].to_numpy().astype(np.int64),
        weight=joined["weight"].to_numpy().astype(np.int64),
        volume=joined["volume"].to_numpy().astype(np.float64),
        messages=messages,
        broadcasts=broadcasts,
        no_recipients=no_recipients,
    )
