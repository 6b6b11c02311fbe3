"""Bottlenecks relative to the company's own distribution, at any size, and a network
component without evidence where privacy hides every team."""

from __future__ import annotations

import pytest

from coxswain.analysis.base import Context, Settings
from coxswain.analysis.index import evidenced
from coxswain.analysis.network import analyze

from .network_companies import AS_OF, company


def _run(workbook):  # type: ignore[no-untyped-def]
    return analyze(workbook, Context(as_of=AS_OF, settings=Settings()))


def _bottlenecks(section):  # type: ignore[no-untyped-def]
    return [f for f in section.findings if f.kind == "bottleneck"]


@pytest.mark.parametrize("seed", [0, 1])
def test_owner_hub_in_a_35_person_company_is_a_bottleneck(seed: int) -> None:
    """The owner (in no team) receives eight times the median person's messages and is on
    about a fifth of the cross-team paths, many times anyone else: below the fixed 30% of
    paths, and no team pair to gatekeep, but an outlier in this company."""
    wb, hub = company(35, teams=5, hub=True, seed=seed, to_hub=0.2, hub_cross=0.5, hub_team=None)
    section = _run(wb)
    [f] = _bottlenecks(section)
    assert f.subjects == (hub,)
    e = f.evidence
    assert e["received_vs_median"] >= 3
    assert e["cross_team_path_share"] < 0.3  # the fixed threshold alone would miss it
    assert e["cross_team_path_share_robust_z"] >= 3.5
    assert e["people"] == 35
    ratio = round(e["received_vs_median"])
    assert f"who receives {ratio} times the median person's messages" in f.title
    assert f"{round(100 * e['cross_team_path_share'])}% of cross-team paths run through" in (
        f.title
    )
    assert hub.upper() not in f.title  # a pseudonym, not the name


@pytest.mark.parametrize(("n", "teams"), [(5, 2), (35, 5), (250, 10)])
def test_uniform_companies_have_no_bottleneck(n: int, teams: int) -> None:
    for seed in (0, 1):
        wb, _ = company(n, teams=teams, hub=False, seed=seed, min_group=3 if n < 10 else None)
        assert _bottlenecks(_run(wb)) == []


def test_five_person_company_with_one_go_between() -> None:
    wb, hub = company(5, teams=2, hub=True, seed=0, to_hub=0.5, hub_cross=0.0, min_group=3)
    [f] = _bottlenecks(_run(wb))
    assert f.subjects[0] == hub
    assert f.evidence["cross_team_path_share"] > 0.5


def test_250_person_company_with_one_hub() -> None:
    """One person in 250 on an eighth of the cross-team paths and receiving 14 times the
    median: a small share in absolute terms, a bottleneck in this company."""
    wb, hub = company(250, teams=10, hub=True, seed=0, to_hub=0.05, hub_cross=1.0)
    [f] = _bottlenecks(_run(wb))
    assert f.subjects[0] == hub
    assert f.evidence["received_vs_median"] >= 10
    assert 0.1 <= f.evidence["cross_team_path_share"] < 0.3


def test_every_team_under_min_group_leaves_the_component_without_evidence() -> None:
    """12 people in three teams of four, min_group 5: no team can be shown, so the network
    is not scored (null), not 100."""
    wb, _ = company(12, teams=3, hub=False, seed=0)
    section = _run(wb)
    assert section.score is None
    assert "every team has fewer than 5 people" in section.score_note
    assert "network" not in evidenced({"network": section})
    assert section.tables["teams"] == []
    # the same company with min_group 3 is scored
    wb, _ = company(12, teams=3, hub=False, seed=0, min_group=3)
    scored = _run(wb)
    assert scored.score is not None and "network" in evidenced({"network": scored})


def test_a_sparse_small_company_has_no_bottleneck() -> None:
    """Six people and a handful of messages: someone may sit on every cross-team path by
    chance, but carries no load worth the name (fewer than 30 cross-team messages)."""
    wb, _ = company(6, teams=2, hub=True, seed=3, per_day=0.05, min_group=3)
    section = _run(wb)
    assert section.tables["volume"]["ties"] > 0
    assert _bottlenecks(section) == []
