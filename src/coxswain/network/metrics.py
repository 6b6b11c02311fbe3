"""Person-level network metrics on :class:`~coxswain.network.ties.Ties`.

- degree (distinct people written to / heard from), strength (messages), network
  size (distinct contacts either way);
- betweenness on the unweighted directed tie graph (rustworkx, Brandes);
- cross-team betweenness share: of all shortest paths between people of *different*
  teams, the expected share that pass through a person (Brandes' accumulation with
  only cross-team targets counted, done for many sources at once with sparse matrix
  products);
- Burt's constraint (brokerage: low constraint = the person bridges otherwise
  unconnected contacts), on the symmetrised weighted ties.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from coxswain.network.ties import Ties


def betweenness(ties: Ties, *, normalized: bool = True) -> np.ndarray:
    """Directed betweenness of every node (rustworkx; unweighted shortest paths)."""
    import rustworkx as rx

    graph = rx.PyDiGraph(multigraph=False)
    graph.add_nodes_from(range(ties.n))
    graph.add_edges_from_no_data(list(zip(ties.src.tolist(), ties.dst.tolist(), strict=True)))
    scores = rx.digraph_betweenness_centrality(graph, normalized=normalized, endpoints=False)
    out = np.zeros(ties.n)
    for node, value in scores.items():
        out[node] = value
    return out


def pair_betweenness(
    ties: Ties, *, groups: Sequence[int] | np.ndarray, batch: int = 256
) -> tuple[np.ndarray, float]:
    """Betweenness counted only over pairs ``(s, t)`` with ``groups[s] != groups[t]``.

    Nodes whose group is negative belong to no group: they neither start nor end a
    counted pair (they may still lie on one). Returns the (unnormalised) pair
    dependency sum of every node and the number of counted ordered pairs that are
    connected, so that ``scores / pairs`` is each node's share of the cross-group
    shortest-path traffic.

    This is Brandes' algorithm with the target indicator restricted to cross-group
    targets, run for ``batch`` sources at a time: breadth-first levels and the
    dependency back-propagation are sparse-matrix × dense-block products.
    """
    from scipy import sparse

    n = ties.n
    g = np.asarray(groups, dtype=np.int64)
    scores = np.zeros(n)
    pairs = 0.0
    if n == 0 or ties.m == 0:
        return scores, pairs
    adj = sparse.csr_matrix((np.ones(ties.m), (ties.src, ties.dst)), shape=(n, n), dtype=np.float64)
    adj_t = adj.T.tocsr()
    sources = np.flatnonzero(g >= 0)
    for start in range(0, sources.shape[0], batch):
        src = sources[start : start + batch]
        b = src.shape[0]
        rows = np.arange(b)
        dist = np.full((b, n), -1, dtype=np.int32)
        sigma = np.zeros((b, n))
        dist[rows, src] = 0
        sigma[rows, src] = 1.0
        frontier = np.zeros((b, n))
        frontier[rows, src] = 1.0
        level = 0
        while True:
            # paths into each node through the current frontier: frontier @ adj
            cand = np.asarray(adj_t @ frontier.T).T
            new = (cand > 0) & (dist < 0)
            if not new.any():
                break
            level += 1
            dist[new] = level
            sigma[new] = cand[new]
            frontier = np.where(new, cand, 0.0)
        target = (g[src][:, None] != g[None, :]) & (g[None, :] >= 0) & (dist > 0)
        pairs += float(target.sum())
        indicator = target.astype(np.float64)
        delta = np.zeros((b, n))
        safe_sigma = np.where(sigma > 0, sigma, 1.0)
        for d in range(level - 1, 0, -1):
            nxt = dist == d + 1
            coef = np.where(nxt, (indicator + delta) / safe_sigma, 0.0)
            back = np.asarray(adj @ coef.T).T  # sum over successors w of coef[., w]
            here = dist == d
            delta[here] = (sigma * back)[here]
        scores += delta.sum(axis=0)
    return scores, pairs


def constraint(ties: Ties) -> np.ndarray:
    """Burt's constraint of every node (NaN for isolates), as networkx defines it:
    ``c_i = Σ_j (p_ij + Σ_q p_iq p_qj)^2`` over i's contacts j, with ``p_ij`` the
    share of i's (in + out) message volume that goes to or comes from j."""
    from scipy import sparse

    a = ties.adjacency(weighted=True)
    w = (a + a.T).tocsr()
    w.setdiag(0)
    w.eliminate_zeros()
    volume = np.asarray(w.sum(axis=1)).ravel()
    inv = np.divide(1.0, volume, out=np.zeros_like(volume), where=volume > 0)
    p = sparse.diags(inv) @ w  # row-normalised
    p = p.tocsr()
    mask = p.copy()
    mask.data = np.ones_like(mask.data)
    indirect = (p @ p).multiply(mask)
    total = (p + indirect).tocsr()
    total.data = total.data**2
    out = np.asarray(total.sum(axis=1)).ravel()
    out[volume == 0] = np.nan
    return out


def person_metrics(ties: Ties, *, teams: Sequence[str | None]) -> tuple[pl.DataFrame, int]:
    """One row per node: ``person, team, sent, received, out_degree, in_degree,
    network_size, betweenness, constraint, cross_team_share, cross_team_messages``;
    and the number of ordered cross-team pairs joined by a path (the denominator of
    ``cross_team_share``)."""
    n = ties.n
    sent = np.bincount(ties.src, weights=ties.weight, minlength=n)
    received = np.bincount(ties.dst, weights=ties.weight, minlength=n)
    out_degree = np.bincount(ties.src, minlength=n)
    in_degree = np.bincount(ties.dst, minlength=n)
    lo = np.minimum(ties.src, ties.dst)
    hi = np.maximum(ties.src, ties.dst)
    pairs = np.unique(lo * max(n, 1) + hi)
    size = np.bincount(pairs // max(n, 1), minlength=n) + np.bincount(
        pairs % max(n, 1), minlength=n
    )
    codes, _ = team_codes(teams)
    cross = (codes[ties.src] != codes[ties.dst]) & (codes[ties.src] >= 0) & (codes[ties.dst] >= 0)
    cross_msgs = np.bincount(
        ties.src[cross], weights=ties.weight[cross], minlength=n
    ) + np.bincount(ties.dst[cross], weights=ties.weight[cross], minlength=n)
    scores, total_pairs = pair_betweenness(ties, groups=codes)
    share = scores / total_pairs if total_pairs > 0 else np.zeros(n)
    frame = pl.DataFrame(
        {
            "person": list(ties.nodes),
            "team": list(teams),
            "sent": sent.astype(np.int64),
            "received": received.astype(np.int64),
            "out_degree": out_degree.astype(np.int64),
            "in_degree": in_degree.astype(np.int64),
            "network_size": size.astype(np.int64),
            "betweenness": betweenness(ties),
            "constraint": constraint(ties),
            "cross_team_share": share,
            "cross_team_messages": cross_msgs.astype(np.int64),
        },
        schema_overrides={"team": pl.String},
    )
    return frame, int(total_pairs)


def team_codes(teams: Sequence[str | None]) -> tuple[np.ndarray, list[str]]:
    """Integer codes of the teams (``-1`` for no team) and the team names by code."""
    names = sorted({t for t in teams if t})
    code = {t: i for i, t in enumerate(names)}
    return np.array([code[t] if t else -1 for t in teams], dtype=np.int64), names
