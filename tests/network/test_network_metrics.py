"""Graph metrics against networkx (the reference implementation) on small graphs."""

from __future__ import annotations

import datetime as dt
import itertools

import networkx as nx
import numpy as np
import polars as pl
import pytest

from coxswain.network.groups import (
    ari,
    communities,
    internal_external,
    nmi,
    team_matrix,
    team_mixing,
    undirected_triangles,
)
from coxswain.network.metrics import (
    betweenness,
    constraint,
    pair_betweenness,
    person_metrics,
    team_codes,
)
from coxswain.network.ties import Ties, build_ties, ties_from_edges


def _random_ties(n: int, p: float, seed: int) -> Ties:
    rng = np.random.default_rng(seed)
    rows = [
        (f"p{i:02d}", f"p{j:02d}", int(rng.integers(1, 5)))
        for i in range(n)
        for j in range(n)
        if i != j and rng.random() < p
    ]
    edges = pl.DataFrame(rows, schema=["sender", "recipient", "weight"], orient="row")
    return ties_from_edges(edges, people=[f"p{i:02d}" for i in range(n)])


def _nx(ties: Ties) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(range(ties.n))
    for s, d, w in zip(ties.src, ties.dst, ties.weight, strict=True):
        g.add_edge(int(s), int(d), weight=float(w))
    return g


def _messages(rows: list[tuple[str, str, str, int | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "timestamp": [dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)] * len(rows),
            "sender": [r[0] for r in rows],
            "recipients": [r[1] for r in rows],
            "channel": [r[2] for r in rows],
            "count": [r[3] for r in rows],
        },
        schema={
            "timestamp": pl.Datetime("us", "UTC"),
            "sender": pl.String,
            "recipients": pl.String,
            "channel": pl.String,
            "count": pl.Int64,
        },
    )


def test_ties_count_recipients_counts_and_broadcasts() -> None:
    msgs = _messages(
        [
            ("a", "b;c", "x", None),  # two edges
            ("a", "b", "x", 3),  # three messages
            ("b", "a; a ;b", "x", None),  # duplicates and self removed
            ("c", ";".join("defghijkl"), "all", 2),  # 9 recipients > 8: broadcast
            ("d", "", "x", None),  # recipients unknown
        ]
    )
    ties = build_ties(msgs, broadcast_recipients=8, people=["a", "b", "c"])
    pairs = {
        (ties.nodes[s], ties.nodes[d]): int(w)
        for s, d, w in zip(ties.src, ties.dst, ties.weight, strict=True)
    }
    assert pairs == {("a", "b"): 4, ("a", "c"): 1, ("b", "a"): 1}
    assert ties.broadcasts == 2
    assert ties.no_recipients == 1
    assert ties.messages == 1 + 3 + 1 + 2 + 1
    assert ties.nodes[:3] == ("a", "b", "c")


def test_period_filter() -> None:
    msgs = _messages([("a", "b", "x", None), ("b", "a", "x", None)]).with_columns(
        pl.Series(
            "timestamp",
            [dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 3, 1, tzinfo=dt.UTC)],
            dtype=pl.Datetime("us", "UTC"),
        )
    )
    ties = build_ties(msgs, broadcast_recipients=8, start=dt.date(2026, 2, 1))
    assert [(ties.nodes[s], ties.nodes[d]) for s, d in zip(ties.src, ties.dst, strict=True)] == [
        ("b", "a")
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_betweenness_matches_networkx(seed: int) -> None:
    ties = _random_ties(25, 0.12, seed)
    expected = nx.betweenness_centrality(_nx(ties), normalized=True)
    np.testing.assert_allclose(betweenness(ties), [expected[i] for i in range(ties.n)], atol=1e-9)


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_pair_betweenness_all_pairs_equals_plain_betweenness(seed: int) -> None:
    ties = _random_ties(30, 0.1, seed)
    groups = np.arange(ties.n)  # everyone in their own group: every pair counts
    scores, pairs = pair_betweenness(ties, groups=groups, batch=7)
    plain = betweenness(ties, normalized=False)
    np.testing.assert_allclose(scores, plain, atol=1e-8)
    reach = sum(len(nx.descendants(_nx(ties), v)) for v in range(ties.n))
    assert pairs == reach


@pytest.mark.parametrize("seed", [7, 8])
def test_pair_betweenness_cross_group_matches_brute_force(seed: int) -> None:
    ties = _random_ties(18, 0.15, seed)
    rng = np.random.default_rng(seed)
    groups = rng.integers(-1, 3, size=ties.n)  # -1: no group
    g = _nx(ties)
    expected = np.zeros(ties.n)
    pairs = 0
    for s, t in itertools.permutations(range(ties.n), 2):
        if groups[s] < 0 or groups[t] < 0 or groups[s] == groups[t]:
            continue
        if not nx.has_path(g, s, t):
            continue
        pairs += 1
        paths = list(nx.all_shortest_paths(g, s, t))
        for path in paths:
            for v in path[1:-1]:
                expected[v] += 1 / len(paths)
    scores, counted = pair_betweenness(ties, groups=groups, batch=5)
    assert counted == pairs
    np.testing.assert_allclose(scores, expected, atol=1e-9)


def test_constraint_matches_networkx() -> None:
    ties = _random_ties(20, 0.2, 11)
    g = _nx(ties)
    expected = nx.constraint(g, weight="weight")
    got = constraint(ties)
    for i in range(ties.n):
        if np.isnan(expected[i]):
            assert np.isnan(got[i])
        else:
            assert got[i] == pytest.approx(expected[i], rel=1e-9)


def test_person_metrics_sizes_and_cross_team() -> None:
    # two teams joined only through "hub": hub carries all cross-team shortest paths
    edges = pl.DataFrame(
        [
            ("a1", "a2", 5),
            ("a2", "a1", 5),
            ("a1", "hub", 2),
            ("hub", "a1", 2),
            ("b1", "b2", 5),
            ("b2", "b1", 5),
            ("b1", "hub", 1),
            ("hub", "b1", 1),
        ],
        schema=["sender", "recipient", "weight"],
        orient="row",
    )
    ties = ties_from_edges(edges, people=["a1", "a2", "hub", "b1", "b2"])
    teams = ["a", "a", "a", "b", "b"]
    frame, pairs = person_metrics(ties, teams=teams)
    assert pairs == 12
    row = {r["person"]: r for r in frame.iter_rows(named=True)}
    assert row["hub"]["network_size"] == 2
    assert row["a1"]["network_size"] == 2
    assert row["hub"]["sent"] == 3 and row["hub"]["received"] == 3
    # cross-team pairs: {a1,a2,hub} x {b1,b2} both ways = 12; hub is inside all but
    # those where it is an endpoint (4), and b1 inside all that involve b2 and a-side (6)
    assert row["hub"]["cross_team_share"] == pytest.approx(8 / 12)
    assert row["b1"]["cross_team_share"] == pytest.approx(6 / 12)
    assert row["a2"]["cross_team_share"] == 0
    assert row["hub"]["cross_team_messages"] == 2


def test_team_mixing_and_matrix() -> None:
    edges = pl.DataFrame(
        [("a1", "a2", 8), ("a2", "b1", 2), ("b1", "b2", 1), ("b2", "a1", 1), ("c1", "a1", 1)],
        schema=["sender", "recipient", "weight"],
        orient="row",
    )
    ties = ties_from_edges(edges, people=["a1", "a2", "b1", "b2", "c1"])
    teams = ["a", "a", "b", "b", None]
    mixing = {m.team: m for m in team_mixing(ties, teams=teams, permutations=50)}
    assert mixing["a"].internal == 8 and mixing["a"].external == 2
    assert mixing["a"].received == 2
    assert mixing["a"].ei_index == pytest.approx((2 - 8) / 10)
    assert mixing["b"].internal_share == pytest.approx(1 / 2)
    assert mixing["a"].expected_share is not None and mixing["a"].expected_share < 8 / 12
    matrix = team_matrix(ties, teams=teams)
    cells = {(r["from_team"], r["to_team"]): r["messages"] for r in matrix.iter_rows(named=True)}
    assert cells == {("a", "a"): 8, ("a", "b"): 2, ("b", "b"): 1, ("b", "a"): 1, (None, "a"): 1}
    codes, names = team_codes(teams)
    i, out, into = internal_external(
        ties.src, ties.dst, ties.weight.astype(float), codes, len(names)
    )
    assert list(i) == [8, 1] and list(out) == [2, 1] and list(into) == [2, 2]


def test_small_team_is_judged_against_its_size() -> None:
    # 40 people, team "s" of 3 sends 40% of its messages inside: raw E-I is outward
    # (0.2 > 0) but random mixing would give 2/39 ≈ 5%, so it is strongly inward.
    rng = np.random.default_rng(0)
    people = [f"p{i}" for i in range(40)]
    teams = ["s"] * 3 + ["big"] * 37
    rows = []
    for _ in range(3000):
        s = int(rng.integers(0, 40))
        if s < 3 and rng.random() < 0.4:
            r = int(rng.choice([x for x in range(3) if x != s]))
        else:
            r = int(rng.choice([x for x in range(40) if x != s]))
        rows.append((people[s], people[r], 1))
    ties = ties_from_edges(
        pl.DataFrame(rows, schema=["sender", "recipient", "weight"], orient="row"), people=people
    )
    small = next(m for m in team_mixing(ties, teams=teams, permutations=100) if m.team == "s")
    assert small.ei_index is not None and small.ei_index > 0
    assert small.expected_share is not None and small.expected_share < 0.12
    assert small.excess_inwardness is not None and small.excess_inwardness > 0.15
    assert small.p_value is not None and small.p_value < 0.02


def test_nmi_and_ari_reference_values() -> None:
    # sklearn.metrics.normalized_mutual_info_score([0,0,1,1],[0,0,1,2]) = 0.8
    # sklearn.metrics.adjusted_rand_score([0,0,1,1],[0,0,1,2]) = 0.5714285714285715
    assert nmi([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(0.8)
    assert ari([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(0.5714285714285715)
    assert nmi(["x", "x", "y"], [5, 5, 7]) == pytest.approx(1.0)
    assert ari([1, 1, 2, 2], [2, 2, 1, 1]) == pytest.approx(1.0)
    assert nmi([0, 1, 0, 1], [0, 0, 1, 1]) == pytest.approx(0.0)


def test_communities_find_planted_groups() -> None:
    rng = np.random.default_rng(3)
    rows = []
    for i, j in itertools.permutations(range(30), 2):
        same = i // 10 == j // 10
        if rng.random() < (0.6 if same else 0.03):
            rows.append((f"p{i:02d}", f"p{j:02d}", 1))
    ties = ties_from_edges(
        pl.DataFrame(rows, schema=["sender", "recipient", "weight"], orient="row"),
        people=[f"p{i:02d}" for i in range(30)],
    )
    labels = communities(ties, seed=1)
    assert nmi(labels, [i // 10 for i in range(30)]) > 0.9


def test_triangles_and_clustering_match_networkx() -> None:
    ties = _random_ties(30, 0.1, 21)
    u = _nx(ties).to_undirected()
    tri, avg, _ = undirected_triangles(ties)
    assert tri == sum(nx.triangles(u).values()) // 3
    assert avg == pytest.approx(nx.average_clustering(u))
