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
    words: str = ""  # the kind in plain words, as the interface names it (never the code)


def _spec(kind: str, component: str, *roles: str, words: str, good_news: bool = False) -> KindSpec:
    return KindSpec(kind=kind, component=component, roles=roles, good_news=good_news, words=words)


KINDS: dict[str, KindSpec] = {
    s.kind: s
    for s in (
        _spec(
            "value_conflict", "values", "work", "objective", "*values", words="Work against a value"
        ),
        _spec(
            "resource_misallocation",
            "resources",
            "over",
            "under",
            words="Money or time in the wrong place",
        ),
        _spec("orphan_work", "cascade", "work", "owner", words="Work that serves no objective"),
        _spec("uncovered_objective", "cascade", "objective", words="An objective nobody works on"),
        _spec("kpi_off_track", "kpis", "kpi", "objective", words="A KPI off track"),
        _spec("kpi_at_risk", "kpis", "kpi", "objective", words="A KPI likely to miss its target"),
        _spec("kpi_shift", "kpis", "kpi", "objective", words="A KPI changed level"),
        _spec("kpi_anomaly", "kpis", "kpi", "objective", words="An unusual KPI value"),
        _spec("expectation_gap", "kpis", "*kpis", words="Customers get less than promised"),
        _spec("kpi_tension", "kpis", "kpi", "other_kpi", words="Two KPIs pulling apart"),
        _spec("initiative_harm", "values", "work", "*affected", words="An initiative doing harm"),
        _spec(
            "strategy_link_unsupported",
            "cascade",
            "*link",
            words="A link in the strategy the data do not show",
        ),
        _spec(
            "initiative_win",
            "values",
            "work",
            "*affected",
            words="An initiative that works",
            good_news=True,
        ),
        _spec("silo", "network", "team", words="A team that talks only among itself"),
        _spec(
            "bottleneck",
            "network",
            "person",
            "*teams",
            words="Questions that all go through one person",
        ),
        _spec("low_understanding", "understanding", "*group", words="Staff unsure of the strategy"),
        _spec("sentiment_decline", "understanding", "*group", words="Staff mood getting worse"),
        _spec("slow_innovation", "talent", "*area", words="Few ideas taken up"),
        _spec(
            "talent_gap",
            "talent",
            "capability",
            "*others_",
            words="A skill the plan needs and lacks",
        ),
        _spec(
            "automation_risk",
            "values",
            "automation",
            "*values",
            words="An automation against a value",
        ),
        _spec("review_lapsed", "review", words="Strategy reviews stopped"),
        _spec("goal_behind", "cascade", "goal", "owner", words="A goal behind its time"),
    )
}


def kind(name: str) -> KindSpec | None:
    """The registered kind of that name, or None."""
    return KINDS.get(name)


def kind_words(name: str) -> str:
    """The kind in plain words, as pages and filters show it; an unknown kind (of a result
    stored by another version) as its code with underscores as spaces."""
    spec = KINDS.get(name)
    return spec.words if spec is not None else name.replace("_", " ").capitalize()
