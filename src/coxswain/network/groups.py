"""Team-level network measures: internal share, E-I index against a size-fair null
model, the team-to-team matrix, communities and their overlap with the teams.

Internal share of a team ``T``: of the messages its members send, the share that go to
other members (``I / (I + E)``, ``E`` the messages they send outside the team; a
message to several people is shared among them, so a channel post to the whole team
counts once, like a direct message);
Krackhardt's E-I index ``(E - I) / (E + I)`` on the same (sent) volume. Counting what
the team *sends* keeps a silo visible even when other teams keep writing to it.

A raw E-I index is unfair to small teams: a team of 3 in a company of 60 *must* write
mostly outside even if it prefers itself. So each team is compared with a null model
where the same people keep the same ties but team labels are shuffled among them
(team sizes kept): the expected internal share ``e_T`` and its spread come from
``permutations`` shuffles. *Excess inwardness* ``x_T = (s_T - e_T) / (1 - e_T)`` is
how far the team is from random mixing (0) towards talking only to itself (1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from coxswain.network.metrics import team_codes
from coxswain.network.ties import Ties


@dataclass(frozen=True)
class TeamMixing:
    team: str
    size: int
    internal: float  # messages from team members to team members
    external: float  # messages from team members to people outside the team
    received: float  # messages from outside the team to its members
    internal_share: float | None
    ei_index: float | None
    expected_share: float | None  # mean under the label-shuffling null
    expected_ei: float | None
    excess_inwardness: float | None
    p_value: float | None  # share of shuffles at least as inward as observed


def internal_external(
    src: np.ndarray, dst: np.ndarray, weight: np.ndarray, codes: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per team code ``0..k-1``: message volume inside the team, sent out of it (to
    other teams or people without one) and received from outside it."""
    cs, cd = codes[src], codes[dst]
    same = (cs == cd) & (cs >= 0)
    internal = np.bincount(cs[same], weights=weight[same], minlength=k)
    diff = ~same
    e_src = diff & (cs >= 0)
    e_dst = diff & (cd >= 0)
    sent = np.bincount(cs[e_src], weights=weight[e_src], minlength=k)
    received = np.bincount(cd[e_dst], weights=weight[e_dst], minlength=k)
    # Volumes are fractions (a message to three people is 1/3 each) summed by polars in an
    # order that varies from run to run; rounding off the last bits keeps results identical.
    return tuple(np.round(a[:k], 9) for a in (internal, sent, received))  # type: ignore[return-value]


def team_mixing(
    ties: Ties,
    *,
    teams: Sequence[str | None],
    permutations: int = 200,
    seed: int = 0,
) -> list[TeamMixing]:
    """Internal share, E-I index and the size-fair comparison for every team."""
    codes, names = team_codes(teams)
    k = len(names)
    w = ties.volume
    internal, external, received = internal_external(ties.src, ties.dst, w, codes, k)
    sizes = np.bincount(codes[codes >= 0], minlength=k)
    rng = np.random.default_rng(seed)
    labelled = np.flatnonzero(codes >= 0)
    null_share = np.full((permutations, k), np.nan)
    for r in range(permutations):
        shuffled = codes.copy()
        shuffled[labelled] = rng.permutation(codes[labelled])
        i_r, e_r, _ = internal_external(ties.src, ties.dst, w, shuffled, k)
        tot = i_r + e_r
        null_share[r] = np.divide(i_r, tot, out=np.full(k, np.nan), where=tot > 0)
    out: list[TeamMixing] = []
    for t, name in enumerate(names):
        tot = internal[t] + external[t]
        share = internal[t] / tot if tot > 0 else None
        column = null_share[:, t]
        column = column[~np.isnan(column)]
        expected = float(column.mean()) if column.size else None
        excess = None
        p_value = None
        if share is not None and expected is not None:
            excess = (share - expected) / (1 - expected) if expected < 1 else 0.0
            p_value = float((1 + np.sum(column >= share - 1e-12)) / (1 + column.size))
        out.append(
            TeamMixing(
                team=name,
                size=int(sizes[t]),
                internal=float(internal[t]),
                external=float(external[t]),
                received=float(received[t]),
                internal_share=share,
                ei_index=None if share is None else 1 - 2 * share,
                expected_share=expected,
                expected_ei=None if expected is None else 1 - 2 * expected,
                excess_inwardness=excess,
                p_value=p_value,
            )
        )
    return out


def team_matrix(ties: Ties, *, teams: Sequence[str | None]) -> pl.DataFrame:
    """Messages from each team (rows, ``from_team``) to each team (``to_team``);
    people without a team are ``None``."""
    codes, names = team_codes(teams)
    frame = pl.DataFrame(
        {
            "s": codes[ties.src] if ties.m else np.zeros(0, dtype=np.int64),
            "d": codes[ties.dst] if ties.m else np.zeros(0, dtype=np.int64),
            "weight": ties.weight,
        }
    )
    agg = frame.group_by("s", "d").agg(pl.col("weight").sum()).sort("s", "d")
    label = dict(enumerate(names))
    return agg.select(
        pl.col("s").replace_strict(label, default=None, return_dtype=pl.String).alias("from_team"),
        pl.col("d").replace_strict(label, default=None, return_dtype=pl.String).alias("to_team"),
        pl.col("weight").alias("messages"),
    )


def communities(ties: Ties, *, seed: int = 0, resolution: float = 1.0) -> np.ndarray:
    """Louvain communities (networkx) of the undirected weighted ties: a label per node.

    Isolated people get a community of their own each.
    """
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(range(ties.n))
    lo = np.minimum(ties.src, ties.dst)
    hi = np.maximum(ties.src, ties.dst)
    key = lo * max(ties.n, 1) + hi
    uniq, inv = np.unique(key, return_inverse=True)
    weights = np.bincount(inv, weights=ties.weight.astype(np.float64))
    graph.add_weighted_edges_from(
        zip(
            (uniq // max(ties.n, 1)).tolist(),
            (uniq % max(ties.n, 1)).tolist(),
            weights.tolist(),
            strict=True,
        )
    )
    if graph.size(weight="weight") <= 0:  # no ties at all: everyone on their own
        return np.arange(ties.n, dtype=np.int64)
    parts = nx.community.louvain_communities(
        graph, weight="weight", resolution=resolution, seed=seed
    )
    labels = np.zeros(ties.n, dtype=np.int64)
    for c, members in enumerate(sorted(parts, key=lambda p: (-len(p), min(p)))):
        labels[list(members)] = c
    return labels


def _contingency(a: Sequence[object], b: Sequence[object]) -> np.ndarray:
    _, ai = np.unique(np.asarray(a, dtype=object).astype(str), return_inverse=True)
    _, bi = np.unique(np.asarray(b, dtype=object).astype(str), return_inverse=True)
    table = np.zeros((ai.max() + 1, bi.max() + 1))
    np.add.at(table, (ai, bi), 1)
    return table


def nmi(a: Sequence[object], b: Sequence[object]) -> float:
    """Normalised mutual information of two labelings (arithmetic-mean normalisation,
    as scikit-learn's default ``normalized_mutual_info_score``)."""
    if len(a) == 0:
        return 1.0
    table = _contingency(a, b)
    n = table.sum()
    pij = table / n
    pi = pij.sum(axis=1)
    pj = pij.sum(axis=0)
    nz = pij > 0
    mi = float(np.sum(pij[nz] * np.log(pij[nz] / np.outer(pi, pj)[nz])))
    hi = float(-np.sum(pi[pi > 0] * np.log(pi[pi > 0])))
    hj = float(-np.sum(pj[pj > 0] * np.log(pj[pj > 0])))
    if hi == 0 and hj == 0:
        return 1.0
    denom = (hi + hj) / 2
    return max(0.0, mi / denom) if denom > 0 else 0.0


def ari(a: Sequence[object], b: Sequence[object]) -> float:
    """Adjusted Rand index of two labelings (Hubert & Arabie 1985)."""
    table = _contingency(a, b)
    n = table.sum()

    def comb2(x: np.ndarray | float) -> np.ndarray | float:
        return x * (x - 1) / 2

    index = float(np.sum(comb2(table)))
    rows = float(np.sum(comb2(table.sum(axis=1))))
    cols = float(np.sum(comb2(table.sum(axis=0))))
    total = float(comb2(n))
    expected = rows * cols / total if total > 0 else 0.0
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def undirected_triangles(ties: Ties) -> tuple[int, float, np.ndarray]:
    """Triangles and the average clustering coefficient of the undirected, simple
    version of the ties (self-loops dropped, direction and weight ignored), as SNAP
    and networkx define them: nodes of degree < 2 have coefficient 0 and count in the
    average. Returns (triangles, average clustering, per-node clustering)."""
    from scipy import sparse

    n = ties.n
    a = sparse.csr_matrix((np.ones(ties.m), (ties.src, ties.dst)), shape=(n, n))
    u = ((a + a.T) > 0).astype(np.float64).tocsr()
    u.setdiag(0)
    u.eliminate_zeros()
    per_node = np.asarray((u @ u).multiply(u).sum(axis=1)).ravel() / 2  # triangles at node
    degree = np.asarray(u.sum(axis=1)).ravel()
    possible = degree * (degree - 1) / 2
    clustering = np.divide(per_node, possible, out=np.zeros(n), where=possible > 0)
    return int(np.rint(per_node.sum() / 3)), float(clustering.mean()) if n else 0.0, clustering


def pair_gatekeepers(ties: Ties, *, teams: Sequence[str | None]) -> pl.DataFrame:
    """For every pair of teams, each person's share of the messages between them.

    One row per (team_a, team_b, person) with ``team_a < team_b`` and the person in
    one of the two: ``messages`` (sent or received by the person across that pair),
    ``pair_messages`` (all messages between the two teams) and ``share``. A share near
    1 means the person is the only channel between the two teams."""
    codes, names = team_codes(teams)
    cs, cd = codes[ties.src], codes[ties.dst]
    keep = (cs >= 0) & (cd >= 0) & (cs != cd)
    schema = {
        "team_a": pl.String,
        "team_b": pl.String,
        "person": pl.String,
        "messages": pl.Int64,
        "pair_messages": pl.Int64,
        "share": pl.Float64,
    }
    if not keep.any():
        return pl.DataFrame(schema=schema)
    a = np.minimum(cs[keep], cd[keep])
    b = np.maximum(cs[keep], cd[keep])
    w = ties.weight[keep]
    edges = pl.DataFrame({"a": a, "b": b, "s": ties.src[keep], "d": ties.dst[keep], "w": w})
    long = pl.concat(
        [
            edges.select("a", "b", pl.col("s").alias("v"), "w"),
            edges.select("a", "b", pl.col("d").alias("v"), "w"),
        ]
    )
    totals = edges.group_by("a", "b").agg(pl.col("w").sum().alias("pair_messages"))
    label = dict(enumerate(names))
    nodes = dict(enumerate(ties.nodes))
    return (
        long.group_by("a", "b", "v")
        .agg(pl.col("w").sum().alias("messages"))
        .join(totals, on=["a", "b"])
        .with_columns((pl.col("messages") / pl.col("pair_messages")).alias("share"))
        .sort(["share", "pair_messages"], descending=True)
        .select(
            pl.col("a").replace_strict(label, return_dtype=pl.String).alias("team_a"),
            pl.col("b").replace_strict(label, return_dtype=pl.String).alias("team_b"),
            pl.col("v").replace_strict(nodes, return_dtype=pl.String).alias("person"),
            pl.col("messages").cast(pl.Int64),
            pl.col("pair_messages").cast(pl.Int64),
            pl.col("share").cast(pl.Float64),
        )
    )
