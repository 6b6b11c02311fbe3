"""The one registry of finding kinds: for each, the index component it penalises, the roles
of its subjects (most specific first, as recommendations name them) and whether it is good
news (severity ``info``: it never lowers the index and never enters the plan).

The kinds are those of the findings contract (``shared/spec/findings.md``, "Finding kinds");
a test checks the two lists against each other, and that every kind that is not good news
has a recommendation for every stage in :data:`coxswain.recommend.catalogue.CATALOGUE`.
:data:`coxswain.analysis.index.KIND_COMPONENT` and
:data:`coxswain.recommend.catalogue.ROLES` are read from here.

Roles: a name per subject in order; a leading ``*`` collects the remaining subjects.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KindSpec:
    kind: str
    component: str  # one of base.COMPONENTS
    roles: tuple[str, ...]
    good_news: bool = False  # severity info: never lowers the index, never in the plan


def _spec(kind: str, component: str, *roles: str, good_news: bool = False) -> KindSpec:
    return KindSpec(kind=kind, component=component, roles=roles, good_news=good_news)


KINDS: dict[str, KindSpec] = {
    s.kind: s
    for s in (
        _spec("value_conflict", "values", "work", "objective", "*values"),
        _spec("resource_misallocation", "resources", "over", "under"),
        _spec("orphan_work", "cascade", "work", "owner"),
        _spec("uncovered_objective", "cascade", "objective"),
        _spec("kpi_off_track", "kpis", "kpi", "objective"),
        _spec("kpi_at_risk", "kpis", "kpi", "objective"),
        _spec("kpi_shift", "kpis", "kpi", "objective"),
        _spec("kpi_anomaly", "kpis", "kpi", "objective"),
        _spec("expectation_gap", "kpis", "*kpis"),
        _spec("kpi_tension", "kpis", "kpi", "other_kpi"),
        _spec("initiative_harm", "values", "work", "*affected"),
        _spec("strategy_link_unsupported", "cascade", "*link"),
        _spec("initiative_win", "values", "work", "*affected", good_news=True),
        _spec("silo", "network", "team"),
        _spec("bottleneck", "network", "person", "*teams"),
        _spec("low_understanding", "understanding", "*group"),
        _spec("sentiment_decline", "understanding", "*group"),
        _spec("slow_innovation", "talent", "*area"),
        _spec("talent_gap", "talent", "capability", "*others_"),
        _spec("automation_risk", "values", "automation", "*values"),
        _spec("review_lapsed", "review"),
        _spec("goal_behind", "cascade", "goal", "owner"),
    )
}


def kind(name: str) -> KindSpec | None:
    """The registered kind of that name, or None."""
    return KINDS.get(name)
