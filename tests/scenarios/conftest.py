"""A small company whose strategy map has one driver link (skill → quality, 2 months) and
whose KPIs have three years of monthly history: quick to simulate, every change kind."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from coxswain.workbook import Workbook
from coxswain.workbook.read import build_workbook

MONTHS = 36


def month_end(i: int) -> dt.date:
    y, m = divmod(i, 12)
    first = dt.date(2023 + y, m + 1, 1)
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def company() -> dict[str, Any]:
    return {
        "format": 1,
        "name": "Test Bakery",
        "currency": "USD",
        "objectives": [
            {"id": "skill", "name": "Skilled bakers", "weight": 1},
            {
                "id": "quality",
                "name": "Great bread",
                "weight": 2,
                "drivers": ["skill"],
                "lag_months": 2,
            },
            {"id": "sales", "name": "Sales", "weight": 1},
        ],
        "kpis": [
            {
                "id": "skill_score",
                "name": "Skill score",
                "objective": "skill",
                "unit": "points",
                "direction": "up",
                "target": 2.4,
                "deadline": "2026-12-31",
            },
            {
                "id": "rating",
                "name": "Rating",
                "objective": "quality",
                "unit": "stars",
                "direction": "up",
                "target": 3.9,
                "deadline": "2026-12-31",
            },
            {
                "id": "revenue",
                "name": "Revenue",
                "objective": "sales",
                "unit": "USD",
                "direction": "up",
                "target": 51300,
                "deadline": "2026-12-31",
                "kind": "revenue",
            },
        ],
        "initiatives": [
            {
                "id": "promo",
                "name": "Promotion",
                "objectives": ["sales"],
                "effects": {"sales": 1},
                "budget": 10000,
                "status": "active",
            },
            {
                "id": "course",
                "name": "Course",
                "objectives": ["skill"],
                "effects": {"skill": 2},
                "budget": 2000,
                "status": "planned",
            },
        ],
        "automations": [
            {
                "id": "bot",
                "name": "Order bot",
                "replaces_human": True,
                "human_fallback": False,
                "effects": {"quality": -1},
            }
        ],
        "capabilities": [{"id": "sourdough", "name": "Sourdough", "objectives": ["quality"]}],
    }


def values() -> pl.DataFrame:
    rng = np.random.default_rng(7)
    dates = [month_end(i) for i in range(MONTHS)]
    skill = 3.0 + np.cumsum(rng.normal(0, 0.03, MONTHS)) + rng.normal(0, 0.05, MONTHS)
    rating = 4.2 + 0.5 * (skill - 3.0) + rng.normal(0, 0.05, MONTHS)
    revenue = 50000 + 50 * np.arange(MONTHS) + rng.normal(0, 800, MONTHS)
    rows = [
        (d, kpi, float(v))
        for kpi, series in (("skill_score", skill), ("rating", rating), ("revenue", revenue))
        for d, v in zip(dates, series, strict=True)
    ]
    return pl.DataFrame(
        {
            "date": [r[0] for r in rows],
            "kpi": [r[1] for r in rows],
            "value": [r[2] for r in rows],
        }
    )


@pytest.fixture(scope="session")
def workbook() -> Workbook:
    return build_workbook(company(), {"kpi_values": values()})


@pytest.fixture(scope="session")
def folder(workbook: Workbook, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from coxswain.workbook.write import write_folder

    out = tmp_path_factory.mktemp("scenarios") / "book"
    write_folder(workbook, out)
    return out
