"""The one registry of finding kinds: for each, the index component it penalises, the roles
of its subjects (most specific first, as recommendations name them) and whether it is good
news (severity ``info``: it never lowers the index and never enters the plan).

The kinds are those of the findings contract (``shared/spec/findings.md``, "Finding kinds");
a test checks the two lists against each other, and that every kind that is not good news
has a recommendation for every stage in :data:`coxswain.recommend.catalogue.CATALOGUE`.
:data:`coxswain.analysis.index.KIND_COMPONENT` and
:data:`coxswain.recommend.catalogue.ROLES` are read from here.

``name`` is the kind's plain name, which every face shows instead of the code.

Roles: a name per subject in order; a leading ``*`` collects the remaining subjects.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KindSpec:
    kind: str
    name: str  # what the interface calls the kind (never the code)
    component: str  # one of base.COMPONENTS
    roles: tuple[str, ...]
    good_news: bool = False  # severity info: never lowers the index, never in the plan


def _spec(kind: str, name: str, component: str, *roles: str, good_news: bool = False) -> KindSpec:
    return KindSpec(kind=kind, name=name, component=component, roles=roles, good_news=good_news)


KINDS: dict[str, KindSpec] = {
    s.kind: s
    for s in (
        _spec(
            "value_conflict",
            "Work that goes against a value",
            "values",
            "work",
            "objective",
            "*values",
        ),
        _spec(
            "resource_misallocation",
            "Money and time not where the priorities are",
            "resources",
            "over",
            "under",
        ),
        _spec("orphan_work", "Work that serves no objective", "cascade", "work", "owner"),
        _spec("uncovered_objective", "An objective nobody works on", "cascade", "objective"),
        _spec("kpi_off_track", "A KPI past its warning level", "kpis", "kpi", "objective"),
        _spec("kpi_at_risk", "A KPI likely to miss its target", "kpis", "kpi", "objective"),
        _spec("kpi_shift", "A KPI changed level", "kpis", "kpi", "objective"),
        _spec("kpi_anomaly", "An unusual value", "kpis", "kpi", "objective"),
        _spec(
            "expectation_gap", "Customers leave although marketing brings them in", "kpis", "*kpis"
        ),
        _spec("kpi_tension", "One KPI rises while another falls", "kpis", "kpi", "other_kpi"),
        _spec(
            "initiative_harm", "An initiative that made a KPI worse", "values", "work", "*affected"
        ),
        _spec(
            "strategy_link_unsupported",
            "A link in the strategy map the data do not show",
            "cascade",
            "*link",
        ),
        _spec(
            "initiative_win",
            "An initiative that worked",
            "values",
            "work",
            "*affected",
            good_news=True,
        ),
        _spec("silo", "A team that keeps to itself", "network", "team"),
        _spec("bottleneck", "One person many questions go through", "network", "person", "*teams"),
        _spec("low_understanding", "Staff do not know the priorities", "understanding", "*group"),
        _spec("sentiment_decline", "The mood in messages is falling", "understanding", "*group"),
        _spec("slow_innovation", "Ideas wait long for a decision", "talent", "*area"),
        _spec(
            "talent_gap", "Too few people with a needed skill", "talent", "capability", "*others_"
        ),
        _spec(
            "automation_risk",
            "An automation where customers expect a person",
            "values",
            "automation",
            "*values",
        ),
        _spec("review_lapsed", "Strategy reviews are overdue or their actions stay open", "review"),
        _spec("goal_behind", "A goal behind its time", "cascade", "goal", "owner"),
    )
}


NOT_A_SHORTFALL = frozenset({"over"})
"""Roles whose subject the finding does not find short: an objective that gets more money and
time than its weight (``resource_misallocation``'s ``over``) is not behind for it."""


def subjects_found_short(kind: str, subjects: tuple[str, ...] | list[str]) -> list[str]:
    """The subjects of a finding of ``kind`` that it finds short or at risk: all but those
    in a role of :data:`NOT_A_SHORTFALL` (an unknown kind: all)."""
    spec = KINDS.get(kind)
    if spec is None:
        return list(subjects)
    out: list[str] = []
    for i, subject in enumerate(subjects):
        role = spec.roles[i] if i < len(spec.roles) else ""
        if role not in NOT_A_SHORTFALL:
            out.append(subject)
    return out


def kind(name: str) -> KindSpec | None:
    """The registered kind of that name, or None."""
    return KINDS.get(name)


def kind_name(code: str) -> str:
    """The plain name of a kind (``kpi_at_risk`` → "A KPI likely to miss its target"); an
    unknown code (from a newer result) reads as "A finding"."""
    spec = KINDS.get(code)
    return spec.name if spec is not None else "A finding"


def kind_words(name: str) -> str:
    """The kind in plain words, as pages and filters show it (:func:`kind_name`)."""
    return kind_name(name)
