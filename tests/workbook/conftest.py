from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

GOOD_COMPANY = """\
format: 1
name: Crust & Crumb Bakery
currency: USD
employees: 14
stage: early
values:
  - id: craft
    name: Craftsmanship
objectives:
  - id: bread_quality
    name: Best bread
    perspective: customer
    weight: 0.35
    values: [craft]
    drivers: [baker_skill]
  - id: baker_skill
    name: Skilled bakers
    perspective: learning
    weight: 0.2
  - id: margin
    name: Margin
    perspective: financial
kpis:
  - id: review_rating
    name: Reviews
    objective: bread_quality
    direction: up
    target: 4.6
    deadline: 2026-12-31
teams:
  - id: bakers
    name: Bakers
initiatives:
  - id: cheap_flour
    name: Cheap flour
    owner: bakers
    objectives: [margin]
    effects: {bread_quality: -1, margin: 1}
goals:
  - id: g_bakers
    owner: ann
    parent: bread_quality
    title: Every loaf meets the standard
    period: 2026-Q3
    key_results:
      - title: Loaves passing the check
        start: 70
        target: 98
        current: 81
"""

GOOD_FILES = {
    "company.yaml": GOOD_COMPANY,
    "kpi_values.csv": (
        "date,kpi,value\n2026-01-31,review_rating,4.5\n2026-02-28,review_rating,4.4\n"
    ),
    "people.csv": (
        "id,name,team,role,manager,hired,skills,training_hours\n"
        "ann,Ann,bakers,head baker,,2020-01-01,sourdough:4;sales:2,10\n"
        "bob,Bob,bakers,baker,ann,2022-03-01,sourdough:2,0\n"
    ),
    "messages.csv": (
        "timestamp,sender,recipients,channel,text\n"
        "2026-01-05T09:15:00+01:00,ann,bob,shop,Morning! Dough looks great.\n"
        '2026-01-05T09:20:00Z,bob,ann,shop,"Thanks, on it"\n'
    ),
    "spend.csv": "date,initiative,category,amount\n2026-01-10,cheap_flour,ingredients,120.5\n",
}

WriteWorkbook = Callable[..., Path]


@pytest.fixture
def write_workbook(tmp_path: Path) -> WriteWorkbook:
    """Write a workbook folder from GOOD_FILES with some files replaced (None removes one)."""

    counter = iter(range(1_000))

    def write(**replace: str | bytes | None) -> Path:
        folder = tmp_path / f"wb{next(counter)}"
        folder.mkdir()
        files: dict[str, str | bytes | None] = dict(GOOD_FILES)
        files.update({k.replace("__", "."): v for k, v in replace.items()})
        for name, content in files.items():
            if content is None:
                continue
            data = content.encode() if isinstance(content, str) else content
            (folder / name).write_bytes(data)
        return folder

    return write
