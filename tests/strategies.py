"""Hypothesis strategies for valid workbooks, and a small hand-written bakery.

``companies()`` draws valid ``company.yaml`` mappings (every reference resolves, ids
are unique across the workbook, weights are not all zero); ``workbooks()`` draws a
:class:`~coxswain.workbook.Workbook` with small typed tables that refer to those ids.
Other helpers may reuse them::

    from tests.strategies import workbooks
    @given(workbooks())
    def test_never_crashes(workbook): ...
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from hypothesis import strategies as st

from coxswain.workbook import Company, Workbook
from coxswain.workbook.tables import TABLES

PERSPECTIVES = ["financial", "customer", "internal", "learning"]
KINDS = ["revenue", "margin", "cost", "churn", "satisfaction", "quality", "acquisition", None]
STATUSES = ["idea", "planned", "active", "done", "stopped"]
BASE = dt.date(2025, 1, 1)


def typed(name: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    """A table of the workbook's types from row dicts (missing columns are null)."""
    schema = TABLES[name].schema
    return pl.DataFrame({c: [r.get(c) for r in rows] for c in schema}, schema=schema)


def _days(lo: int = 0, hi: int = 640) -> st.SearchStrategy[dt.date]:
    return st.integers(lo, hi).map(lambda d: BASE + dt.timedelta(days=d))


@st.composite
def companies(draw: st.DrawFn, *, max_objectives: int = 5) -> dict[str, Any]:
    """A valid company.yaml mapping."""
    n_values = draw(st.integers(0, 3))
    n_obj = draw(st.integers(0, max_objectives))
    values = [{"id": f"v{i}", "name": f"Value {i}"} for i in range(n_values)]
    value_ids = [v["id"] for v in values]
    weights = [draw(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.5])) for _ in range(n_obj)]
    if n_obj and not any(weights):
        weights[0] = 1.0
    objectives = []
    for i in range(n_obj):
        objectives.append(
            {
                "id": f"o{i}",
                "name": f"Objective {i}",
                "perspective": draw(st.sampled_from([*PERSPECTIVES, None])),
                "weight": weights[i],
                "values": draw(st.lists(st.sampled_from(value_ids), unique=True, max_size=2))
                if value_ids
                else [],
                # drivers only point to earlier objectives: no cycles
                "drivers": [f"o{j}" for j in range(i) if draw(st.booleans())][:2],
            }
        )
    obj_ids = [o["id"] for o in objectives]
    teams = [
        {"id": f"t{i}", "name": f"Team {i}", "function": f"f{i % 3}"}
        for i in range(draw(st.integers(0, 3)))
    ]
    team_ids = [t["id"] for t in teams]
    kpis = []
    if obj_ids:
        for i in range(draw(st.integers(0, 4))):
            target = draw(st.floats(1, 100))
            kpis.append(
                {
                    "id": f"k{i}",
                    "name": f"KPI {i}",
                    "objective": draw(st.sampled_from(obj_ids)),
                    "direction": draw(st.sampled_from(["up", "down"])),
                    "target": draw(st.none() | st.just(target)),
                    "warning": draw(st.none() | st.floats(1, 100)),
                    "deadline": draw(st.none() | _days()),
                    "kind": draw(st.sampled_from(KINDS)),
                }
            )
    effect = st.integers(-2, 2)
    initiatives = []
    for i in range(draw(st.integers(0, 4))):
        start = draw(st.none() | _days(0, 400))
        end = draw(st.none() | st.integers(0, 300)) if start else None
        initiatives.append(
            {
                "id": f"i{i}",
                "name": f"Initiative {i}",
                "owner": draw(st.sampled_from(team_ids)) if team_ids else None,
                "objectives": draw(st.lists(st.sampled_from(obj_ids), unique=True, max_size=2))
                if obj_ids
                else [],
                "effects": draw(st.dictionaries(st.sampled_from(obj_ids), effect, max_size=2))
                if obj_ids
                else {},
                "budget": draw(st.sampled_from([0, 1000, 25000])),
                "hours_per_month": draw(st.sampled_from([0, 4, 40])),
                "status": draw(st.sampled_from(STATUSES)),
                "start": start,
                "end": start + dt.timedelta(days=end) if start and end is not None else None,
            }
        )
    goals: list[dict[str, Any]] = []
    if team_ids:
        for i in range(draw(st.integers(0, 3))):
            parents = obj_ids + [g["id"] for g in goals]
            goals.append(
                {
                    "id": f"g{i}",
                    "owner": draw(st.sampled_from(team_ids)),
                    "parent": draw(st.none() | st.sampled_from(parents)) if parents else None,
                    "title": f"Goal {i}",
                    "period": draw(
                        st.sampled_from([None, "2025-Q3", "2026-Q1", "2025", "2026-02"])
                    ),
                    "key_results": [
                        {
                            "title": f"KR {i}.{j}",
                            "start": 0,
                            "target": draw(st.sampled_from([0, 10, 100, -5])),
                            "current": draw(st.none() | st.floats(-10, 120)),
                        }
                        for j in range(draw(st.integers(0, 2)))
                    ],
                }
            )
    automations = [
        {
            "id": f"a{i}",
            "name": f"Automation {i}",
            "touchpoint": "customer service",
            "replaces_human": draw(st.booleans()),
            "human_fallback": draw(st.booleans()),
            "values": draw(st.lists(st.sampled_from(value_ids), unique=True, max_size=2))
            if value_ids
            else [],
            "objectives": draw(st.lists(st.sampled_from(obj_ids), unique=True, max_size=1))
            if obj_ids
            else [],
            "effects": draw(st.dictionaries(st.sampled_from(obj_ids), effect, max_size=1))
            if obj_ids
            else {},
        }
        for i in range(draw(st.integers(0, 2)))
    ]
    reviews = [
        {
            "date": draw(_days()),
            "kind": draw(st.sampled_from(["weekly", "monthly", "quarterly", "annual"])),
            "decisions": draw(st.integers(0, 5)),
            "actions_open": draw(st.integers(0, 5)),
            "actions_closed": draw(st.integers(0, 5)),
        }
        for _ in range(draw(st.integers(0, 4)))
    ]
    return {
        "format": 1,
        "name": "Generated Co",
        "employees": draw(st.none() | st.integers(1, 250)),
        "stage": draw(st.sampled_from([None, "early", "intermediate", "advanced"])),
        "values": values,
        "objectives": objectives,
        "kpis": kpis,
        "teams": teams,
        "initiatives": initiatives,
        "goals": goals,
        "automations": automations,
        "reviews": reviews,
    }


@st.composite
def workbooks(draw: st.DrawFn) -> Workbook:
    """A valid workbook: a company and, sometimes, small kpi_values, spend and people tables."""
    data = draw(companies())
    company = Company.model_validate(data)
    tables: dict[str, pl.DataFrame] = {}
    kpi_ids = [k.id for k in company.kpis]
    if kpi_ids and draw(st.booleans()):
        rows = {}
        for _ in range(draw(st.integers(0, 12))):
            key = (draw(_days()), draw(st.sampled_from(kpi_ids)))
            rows[key] = draw(st.floats(-50, 150))
        tables["kpi_values"] = typed(
            "kpi_values", [{"date": d, "kpi": k, "value": v} for (d, k), v in rows.items()]
        )
    if draw(st.booleans()):
        ids = [i.id for i in company.initiatives]
        tables["spend"] = typed(
            "spend",
            [
                {
                    "date": draw(_days()),
                    "initiative": draw(st.none() | st.sampled_from(ids)) if ids else None,
                    "category": draw(st.sampled_from(["marketing", "training", None])),
                    "amount": draw(st.floats(0, 10000)),
                }
                for _ in range(draw(st.integers(0, 8)))
            ],
        )
    if draw(st.booleans()):
        team_ids = [t.id for t in company.teams]
        tables["people"] = typed(
            "people",
            [
                {
                    "id": f"p{i}",
                    "name": f"Staff Member {i}",
                    "team": draw(st.sampled_from(team_ids)) if team_ids else None,
                    "skills": draw(st.sampled_from(["", "a:4", "a:2;b:3", "c:5;d:5"])),
                    "training_hours": draw(st.none() | st.floats(0, 80)),
                }
                for i in range(draw(st.integers(0, 6)))
            ],
        )
    return Workbook(company=company, tables=tables)


def bakery() -> Workbook:
    """A small bakery with the problems the example README names: cheap flour against
    bread quality (craft), money poured into donut marketing, canned review replies."""
    company = Company.model_validate(
        {
            "format": 1,
            "name": "Crust & Crumb Bakery",
            "currency": "USD",
            "employees": 14,
            "stage": "early",
            "values": [
                {"id": "craft", "name": "Craftsmanship"},
                {"id": "warmth", "name": "Neighbourly warmth"},
            ],
            "objectives": [
                {
                    "id": "bread_quality",
                    "name": "Best artisanal bread in the neighbourhood",
                    "perspective": "customer",
                    "weight": 0.35,
                    "values": ["craft"],
                    "drivers": ["baker_skill"],
                },
                {
                    "id": "customer_loyalty",
                    "name": "Regulars come back every week",
                    "perspective": "customer",
                    "weight": 0.2,
                    "values": ["warmth"],
                },
                {
                    "id": "margin",
                    "name": "Healthy margin",
                    "perspective": "financial",
                    "weight": 0.2,
                    "drivers": ["bread_quality", "customer_loyalty"],
                },
                {
                    "id": "baker_skill",
                    "name": "Skilled bakers",
                    "perspective": "learning",
                    "weight": 0.15,
                },
                {
                    "id": "donut_sales",
                    "name": "Sell more donuts",
                    "perspective": "financial",
                    "weight": 0.1,
                },
            ],
            "kpis": [
                {
                    "id": "review_rating",
                    "name": "Average online review rating",
                    "objective": "bread_quality",
                    "unit": "stars",
                    "direction": "up",
                    "target": 4.6,
                    "warning": 4.3,
                    "deadline": "2026-12-31",
                    "kind": "satisfaction",
                },
                {
                    "id": "repeat_rate",
                    "name": "Weekly repeat customers",
                    "objective": "customer_loyalty",
                    "unit": "%",
                    "direction": "up",
                    "target": 60,
                    "warning": 45,
                    "kind": "retention",
                },
                {
                    "id": "gross_margin",
                    "name": "Gross margin",
                    "objective": "margin",
                    "unit": "%",
                    "direction": "up",
                    "target": 35,
                    "warning": 28,
                    "kind": "margin",
                },
                {
                    "id": "donuts_sold",
                    "name": "Donuts sold per week",
                    "objective": "donut_sales",
                    "direction": "up",
                    "target": 800,
                    "kind": "revenue",
                },
            ],
            "teams": [
                {"id": "bakers", "name": "Bakers", "function": "production"},
                {"id": "counter", "name": "Counter", "function": "sales"},
                {"id": "ops", "name": "Operations", "function": "operations"},
            ],
            "initiatives": [
                {
                    "id": "cheap_flour",
                    "name": "Switch to the cheapest bulk flour supplier",
                    "owner": "ops",
                    "objectives": ["margin"],
                    "effects": {"bread_quality": -1, "margin": 1},
                    "budget": 0,
                    "hours_per_month": 4,
                    "start": "2026-03-01",
                },
                {
                    "id": "donut_marketing",
                    "name": "Instagram donut campaign",
                    "owner": "counter",
                    "objectives": ["donut_sales"],
                    "effects": {"donut_sales": 2},
                    "budget": 30000,
                    "hours_per_month": 40,
                    "start": "2025-10-01",
                },
                {
                    "id": "apprentice",
                    "name": "Apprentice programme",
                    "owner": "bakers",
                    "objectives": ["baker_skill", "bread_quality"],
                    "budget": 3000,
                    "hours_per_month": 10,
                    "start": "2026-01-01",
                },
                {
                    "id": "loyalty_card",
                    "name": "Loyalty card",
                    "owner": "counter",
                    "objectives": ["customer_loyalty"],
                    "budget": 1000,
                    "hours_per_month": 6,
                    "start": "2026-01-01",
                },
            ],
            "goals": [
                {
                    "id": "g_bakers_q3",
                    "owner": "bakers",
                    "parent": "bread_quality",
                    "title": "Every loaf meets the house standard",
                    "period": "2026-Q3",
                    "key_results": [
                        {
                            "id": "morning_check",
                            "title": "Loaves passing the check",
                            "unit": "%",
                            "start": 70,
                            "target": 98,
                            "current": 72,
                        }
                    ],
                },
            ],
            "automations": [
                {
                    "id": "canned_replies",
                    "name": "Automated replies to customer reviews",
                    "touchpoint": "customer service",
                    "replaces_human": True,
                    "human_fallback": False,
                    "values": ["warmth"],
                    "objectives": ["margin"],
                    "effects": {"customer_loyalty": -1},
                },
            ],
            "reviews": [
                {
                    "date": "2026-01-15",
                    "kind": "quarterly",
                    "decisions": 3,
                    "actions_open": 4,
                    "actions_closed": 1,
                },
            ],
        }
    )
    kpi_rows = []
    for month in range(1, 10):
        date = dt.date(2026, month + 1, 1) - dt.timedelta(days=1)
        kpi_rows += [
            {"date": date, "kpi": "review_rating", "value": 4.7 - 0.06 * month},
            {"date": date, "kpi": "repeat_rate", "value": 50.0},
            {"date": date, "kpi": "gross_margin", "value": 30.0 + 0.3 * month},
            {"date": date, "kpi": "donuts_sold", "value": 500.0 + 20 * month},
        ]
    spend_rows = [
        {
            "date": dt.date(2026, m, 15),
            "initiative": "donut_marketing",
            "category": "marketing",
            "amount": 2500.0,
        }
        for m in range(1, 10)
    ] + [
        {"date": dt.date(2026, m, 20), "initiative": None, "category": "rent", "amount": 3000.0}
        for m in range(1, 10)
    ]
    return Workbook(
        company=company,
        tables={"kpi_values": typed("kpi_values", kpi_rows), "spend": typed("spend", spend_rows)},
    )


def workbook_of(data: dict[str, Any], **tables: list[dict[str, Any]]) -> Workbook:
    """A workbook from a company mapping (``format`` and ``name`` filled in) and row dicts."""
    company = Company.model_validate({"format": 1, "name": "Test Co", **data})
    return Workbook(company=company, tables={n: typed(n, rows) for n, rows in tables.items()})


def context(as_of: str = "2026-09-30") -> Any:
    from coxswain.analysis.base import Context

    return Context(as_of=dt.date.fromisoformat(as_of))


@st.composite
def evidence_tables(draw: st.DrawFn, company: Company) -> dict[str, pl.DataFrame]:
    """Small people-side tables (people, messages, survey, ideas, transactions) that refer
    to ``company``'s ids; each table present or not."""
    tables: dict[str, pl.DataFrame] = {}
    team_ids = [t.id for t in company.teams]
    people = [f"p{i}" for i in range(draw(st.integers(0, 7)))]
    if people:
        tables["people"] = typed(
            "people",
            [
                {
                    "id": p,
                    "name": f"Staff Member {p}",
                    "team": draw(st.sampled_from(team_ids)) if team_ids else None,
                    "role": draw(st.sampled_from(["baker", "clerk", None])),
                    "manager": people[0] if n else None,
                    "hired": draw(st.none() | _days(-900, 0)),
                    "skills": draw(st.sampled_from(["", "a:4", "a:2;b:3", "c:5;d:5"])),
                    "training_hours": draw(st.none() | st.floats(0, 80)),
                }
                for n, p in enumerate(people)
            ],
        )
        if draw(st.booleans()):
            ts = st.integers(0, 600 * 24).map(
                lambda h: dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=h)
            )
            tables["messages"] = typed(
                "messages",
                [
                    {
                        "timestamp": draw(ts),
                        "sender": draw(st.sampled_from(people)),
                        "recipients": ";".join(
                            draw(st.lists(st.sampled_from(people), unique=True, max_size=3))
                        )
                        or None,
                        "channel": draw(st.sampled_from(["general", "dm", None])),
                        "text": draw(st.sampled_from(["thanks!", "this is late again", None])),
                    }
                    for _ in range(draw(st.integers(0, 15)))
                ],
            )
        if draw(st.booleans()):
            answers = {
                "line_of_sight": st.integers(1, 5).map(str),
                "values_lived": st.integers(1, 5).map(str),
                "enps": st.integers(0, 10).map(str),
                "priorities": st.sampled_from(["quality first", "sell more", "no idea"]),
            }
            rows = []
            for _ in range(draw(st.integers(0, 12))):
                question = draw(st.sampled_from(sorted(answers)))
                rows.append(
                    {
                        "respondent": draw(st.sampled_from(people)),
                        "date": draw(_days()),
                        "question": question,
                        "answer": draw(answers[question]),
                    }
                )
            tables["survey"] = typed("survey", rows)
    obj_ids = [o.id for o in company.objectives]
    if draw(st.booleans()):
        rows = []
        for i in range(draw(st.integers(0, 6))):
            created = draw(_days())
            status = draw(st.sampled_from(["open", "decided", "launched", "dropped"]))
            decided = created + dt.timedelta(days=draw(st.integers(0, 90)))
            rows.append(
                {
                    "id": f"idea{i}",
                    "title": f"Idea {i}",
                    "objective": draw(st.sampled_from(obj_ids)) if obj_ids else None,
                    "created": created,
                    "decided": decided if status != "open" else None,
                    "launched": decided + dt.timedelta(days=10) if status == "launched" else None,
                    "status": status,
                }
            )
        tables["ideas"] = typed("ideas", rows)
    if draw(st.booleans()):
        tables["transactions"] = typed(
            "transactions",
            [
                {
                    "customer": f"c{draw(st.integers(0, 5))}",
                    "date": draw(_days()),
                    "amount": draw(st.floats(1, 500)),
                }
                for _ in range(draw(st.integers(0, 20)))
            ],
        )
    return tables


@st.composite
def full_workbooks(draw: st.DrawFn) -> Workbook:
    """Like :func:`workbooks`, plus the people-side evidence tables."""
    workbook = draw(workbooks())
    tables = dict(workbook.tables)
    tables.pop("people", None)
    tables.update(draw(evidence_tables(workbook.company)))
    return Workbook(company=workbook.company, tables=tables)
