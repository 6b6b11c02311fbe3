"""Network analysis of 1,000,000 messages among 2,000 people, against networkx.

Measures, on one generated workbook (``benchmarks.generate_messages``: a year of
messages, teams of 8-40 people in departments):

1. messages → ties: polars (split and explode the recipients) vs a Python loop per
   message (the plain approach);
2. every person and team metric for the 90-day period and the team metrics by month
   (the whole network analysis, as ``coxswain analyze`` runs it): the target is
   under 60 s;
3. per metric on the same period graph: betweenness (rustworkx vs networkx, exact),
   cross-team path shares (our batched Brandes vs networkx's
   ``betweenness_centrality_subset`` once per team), Burt's constraint (scipy vs
   networkx). networkx runs in a child process capped at ``NX_CAP_S`` seconds per
   metric; a capped run is reported as a lower bound (``>600 s``).

``COXSWAIN_BENCH_ROWS`` / ``COXSWAIN_BENCH_PEOPLE`` shrink it for a quick look.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

ROWS = int(os.environ.get("COXSWAIN_BENCH_ROWS", 1_000_000))
PEOPLE = int(os.environ.get("COXSWAIN_BENCH_PEOPLE", 2_000))
NX_CAP_S = float(os.environ.get("COXSWAIN_BENCH_NX_CAP", 600))


def plain_ties(messages: pl.DataFrame, broadcast: int) -> dict[tuple[str, str], int]:
    """The plain approach: a Python loop over every message."""
    out: dict[tuple[str, str], int] = {}
    for sender, recipients in messages.select("sender", "recipients").iter_rows():
        rs = [r for r in dict.fromkeys((recipients or "").split(";")) if r and r != sender]
        if len(rs) > broadcast:
            continue
        for r in rs:
            out[(sender, r)] = out.get((sender, r), 0) + 1
    return out


def _nx_worker(kind: str, payload: dict[str, Any], queue: Any) -> None:
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(range(payload["n"]))
    g.add_weighted_edges_from(zip(payload["src"], payload["dst"], payload["w"], strict=True))
    start = time.perf_counter()
    if kind == "betweenness":
        nx.betweenness_centrality(g, normalized=True)
    elif kind == "cross_team":
        teams = payload["teams"]
        by_team: dict[int, list[int]] = {}
        for node, t in enumerate(teams):
            if t >= 0:
                by_team.setdefault(t, []).append(node)
        everyone = [v for v, t in enumerate(teams) if t >= 0]
        for _t, nodes in by_team.items():
            inside = set(nodes)
            nx.betweenness_centrality_subset(
                g, nodes, [v for v in everyone if v not in inside], normalized=False
            )
    elif kind == "constraint":
        nx.constraint(g, weight="weight")
    queue.put(time.perf_counter() - start)


def time_networkx(kind: str, payload: dict[str, Any]) -> tuple[float, bool]:
    """Seconds networkx takes, and whether it hit the cap (then a lower bound)."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_nx_worker, args=(kind, payload, queue))
    start = time.perf_counter()
    proc.start()
    proc.join(NX_CAP_S)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        return time.perf_counter() - start, True
    return float(queue.get()), False


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def run() -> None:
    from benchmarks.generate_messages import write_messages_workbook
    from coxswain.analysis.base import Context, Settings
    from coxswain.analysis.network import analyze
    from coxswain.network.metrics import betweenness, constraint, pair_betweenness, team_codes
    from coxswain.network.ties import build_ties
    from coxswain.workbook import read_workbook

    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bench"
        t_gen, _ = _timed(
            lambda: write_messages_workbook(
                folder, rows=ROWS, people=PEOPLE, seed=0, with_text=False
            )
        )
        print(f"generated {ROWS:,} messages among {PEOPLE:,} people in {t_gen:.1f} s")
        t_read, workbook = _timed(lambda: read_workbook(folder))
    messages = workbook.messages
    as_of = workbook.latest_date()
    assert as_of is not None
    print(f"read_workbook: {t_read:.1f} s")

    # 1. messages -> ties, whole history
    t_ours, ties_all = _timed(
        lambda: build_ties(messages, broadcast_recipients=settings.broadcast_recipients)
    )
    t_plain, plain = _timed(lambda: plain_ties(messages, settings.broadcast_recipients))
    assert len(plain) == ties_all.m and sum(plain.values()) == int(ties_all.weight.sum())
    print(
        f"messages -> ties ({ROWS:,} messages, {ties_all.m:,} ties): polars {t_ours:.2f} s, "
        f"Python loop {t_plain:.2f} s, ratio {t_plain / t_ours:.1f}x"
    )

    # 2. the whole network analysis (period metrics + monthly team metrics)
    t_all, section = _timed(
        lambda: analyze(workbook.until(as_of), Context(as_of=as_of, settings=settings))
    )
    print(
        f"network analysis (all person and team metrics for the 90-day period + "
        f"{len({r['month'] for r in section.tables['monthly']})} months of team metrics): "
        f"{t_all:.1f} s (target < 60 s); score {section.score}, "
        f"{len(section.findings)} findings"
    )

    # 3. per metric against networkx on the period graph
    people_ids = workbook.people["id"].to_list()
    team_of = dict(zip(people_ids, workbook.people["team"].to_list(), strict=True))
    ties = build_ties(
        messages,
        broadcast_recipients=settings.broadcast_recipients,
        people=people_ids,
        start=as_of - dt.timedelta(days=89),
        end=as_of,
    )
    codes, _ = team_codes([team_of.get(p) for p in ties.nodes])
    print(f"period graph: {ties.n:,} people, {ties.m:,} directed ties")
    payload = {
        "n": ties.n,
        "src": ties.src.tolist(),
        "dst": ties.dst.tolist(),
        "w": ties.weight.astype(float).tolist(),
        "teams": codes.tolist(),
    }
    ours = {
        "betweenness": ("rustworkx", lambda: betweenness(ties)),
        "cross_team": ("batched Brandes", lambda: pair_betweenness(ties, groups=codes)),
        "constraint": ("scipy sparse", lambda: constraint(ties)),
    }
    for kind, (label, fn) in ours.items():
        t_us, _ = _timed(fn)
        t_nx, capped = time_networkx(kind, payload)
        bound = ">" if capped else ""
        print(
            f"{kind}: {label} {t_us:.2f} s, networkx {bound}{t_nx:.1f} s, "
            f"ratio {bound}{t_nx / t_us:.0f}x"
            + (" (networkx capped: lower bound)" if capped else "")
        )
