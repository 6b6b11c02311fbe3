"""import → export → import gives an equal workbook, for the folder, zip and xlsx forms."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coxswain.workbook import Workbook, build_workbook, read_workbook
from coxswain.workbook.write import write_folder, write_xlsx, write_zip

ids = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
# Owners type text with punctuation, accents, quotes and the odd newline.
text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() == s and s != "")
# Excel keeps 15 significant digits; business figures have far fewer.
numbers = st.decimals(min_value=-1_000_000, max_value=1_000_000, places=3).map(float)
dates = st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2030, 12, 31))


@st.composite
def workbooks(draw: Any) -> Workbook:
    names = draw(st.lists(ids, min_size=3, max_size=12, unique=True))
    value_ids, objective_ids, rest = names[:1], names[1:3], names[3:]
    kpi_ids, team_ids = rest[: len(rest) // 2], rest[len(rest) // 2 :]
    company: dict[str, Any] = {
        "format": 1,
        "name": draw(text),
        "currency": draw(st.sampled_from(["USD", "EUR", "GBP"])),
        "employees": draw(st.none() | st.integers(1, 250)),
        "mission": draw(st.none() | text),
        "values": [{"id": v, "name": draw(text)} for v in value_ids],
        "objectives": [
            {
                "id": o,
                "name": draw(text),
                "weight": draw(st.floats(0.1, 5).map(lambda x: round(x, 3))),
                "values": value_ids,
                "perspective": draw(st.sampled_from(["financial", "customer", "internal"])),
            }
            for o in objective_ids
        ],
        "kpis": [
            {
                "id": k,
                "name": draw(text),
                "objective": draw(st.sampled_from(objective_ids)),
                "direction": draw(st.sampled_from(["up", "down"])),
                "target": draw(st.none() | numbers),
                "deadline": draw(st.none() | dates),
            }
            for k in kpi_ids
        ],
        "teams": [{"id": t, "name": draw(text)} for t in team_ids],
    }
    if len(objective_ids) == 2:
        company["objectives"][0]["drivers"] = [objective_ids[1]]
    tables: dict[str, pl.DataFrame] = {}
    if kpi_ids:
        rows = draw(st.lists(st.tuples(dates, st.sampled_from(kpi_ids)), max_size=15, unique=True))
        tables["kpi_values"] = pl.DataFrame(
            {
                "date": [d for d, _ in rows],
                "kpi": [k for _, k in rows],
                "value": [draw(numbers) for _ in rows],
            },
            schema={"date": pl.Date, "kpi": pl.String, "value": pl.Float64},
        )
    if draw(st.booleans()) and team_ids:
        people = draw(st.lists(ids.map(lambda s: "p_" + s), min_size=1, max_size=6, unique=True))
        tables["people"] = pl.DataFrame(
            {
                "id": people,
                "name": [draw(text) for _ in people],
                "team": [draw(st.sampled_from(team_ids)) for _ in people],
                "hired": [draw(st.none() | dates) for _ in people],
                "training_hours": [draw(st.none() | st.floats(0, 200).map(round)) for _ in people],
                "notes": [draw(st.none() | text) for _ in people],  # an unknown column is kept
            },
            schema_overrides={"hired": pl.Date, "training_hours": pl.Float64},
        )
        if len(people) > 1:
            stamps = draw(
                st.lists(
                    st.datetimes(
                        min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1)
                    ),
                    max_size=8,
                )
            )
            tables["messages"] = pl.DataFrame(
                {
                    "timestamp": [s.replace(microsecond=0) for s in stamps],
                    "sender": [people[0]] * len(stamps),
                    "recipients": [";".join(people[1:])] * len(stamps),
                    "channel": [draw(st.none() | text) for _ in stamps],
                    "text": [draw(st.none() | text) for _ in stamps],
                },
                schema_overrides={"timestamp": pl.Datetime("us", "UTC")},
            )
    return build_workbook(company, tables)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbook=workbooks())
def test_folder_and_zip_round_trip(workbook: Workbook) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        assert read_workbook(write_folder(workbook, Path(tmp) / "wb")) == workbook
        assert read_workbook(write_zip(workbook, Path(tmp) / "wb.zip")) == workbook


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbook=workbooks())
def test_xlsx_round_trip(workbook: Workbook) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        assert read_workbook(write_xlsx(workbook, Path(tmp) / "wb.xlsx")) == workbook
