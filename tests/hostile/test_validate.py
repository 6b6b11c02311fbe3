"""Every hostile workbook of the corpus through ``coxswain validate``: exit 1 with the
placed problem, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from coxswain.cli import app
from tests.hostile.corpus import CASES, Case


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_validate_refuses_with_a_placed_problem(case: Case, tmp_path: Path) -> None:
    path = case.build(tmp_path, False)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert case.expect in result.output, result.output


def test_a_wide_row_far_down_is_placed_on_its_line(tmp_path: Path) -> None:
    from coxswain.workbook.read import csv_over_limits

    file = tmp_path / "kpi_values.csv"
    rows = "2026-01-31,sales,1\n" * 100_000
    file.write_text("date,kpi,value\n" + rows + "2026-01-31,sales,1" + ",x" * 20_000 + "\n")
    problem = csv_over_limits(file, "kpi_values.csv")
    assert problem is not None and problem.line == 100_002, problem
    file.write_text("date,kpi,value\n" + rows + '2026-01-31,sales,"a, b, c"\n')
    assert csv_over_limits(file, "kpi_values.csv") is None
