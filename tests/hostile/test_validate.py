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


def test_a_row_spread_over_lines_by_quoted_breaks_is_counted_whole(tmp_path: Path) -> None:
    """Commas are counted per row, not per line: quoted line breaks do not end a row, and
    commas inside quotes (also after an escaped "") are not cells."""
    from coxswain.workbook.read import csv_over_limits

    file = tmp_path / "kpi_values.csv"
    rows = '2026-01-31,sales,"a\n""b"",\nc"\n' * 1_000
    file.write_text("date,kpi,value\n" + rows + '2026-01-31,k,"\n"' + ',"\n"' * 20_000 + "\n")
    problem = csv_over_limits(file, "kpi_values.csv")
    assert problem is not None and problem.line == 3_002, problem
    file.write_text("date,kpi,value\n" + rows + '2026-01-31,k,"' + ",\n" * 20_000 + '"\n')
    assert csv_over_limits(file, "kpi_values.csv") is None


def test_analyze_as_of_year_9999_is_refused() -> None:
    """Six analyses failed with "year 10000 is out of range"; the CLI and the core refuse."""
    import datetime as dt

    from coxswain.analysis.runner import analyze
    from coxswain.workbook import read_workbook

    bakery = Path(__file__).resolve().parents[2] / "examples" / "crust_and_crumb"
    result = CliRunner().invoke(app, ["analyze", str(bakery), "--as-of", "9999-12-31"])
    assert result.exit_code == 2
    assert "--as-of 9999-12-31 is outside the years 1900–2100" in result.output
    with pytest.raises(ValueError, match="outside the years 1900–2100"):
        analyze(read_workbook(bakery), as_of=dt.date(9999, 12, 31))


def test_a_huge_bad_cell_is_quoted_by_its_start(tmp_path: Path) -> None:
    from tests.hostile.corpus import COMPANY

    folder = tmp_path / "huge_cell"
    folder.mkdir()
    (folder / "company.yaml").write_text(COMPANY + "employees: '" + "x" * 500_000 + "'\n")
    (folder / "kpi_values.csv").write_text("date,kpi,value\n2026-01-31,sales," + "9x" * 200_000)
    result = CliRunner().invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1
    assert "kpi_values.csv:2:value: '9x9x" in result.output
    assert "company.yaml:11:12: employees:" in result.output
    assert len(result.output) < 2_000, result.output[:3000]


def test_a_recursion_error_while_reading_yaml_is_a_placed_refusal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A backstop behind the depth cap: were the YAML ever too deep to turn into data, the
    reader reports it on the file rather than crash."""
    from coxswain.workbook import read

    def too_deep(text: str) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(read, "load_with_positions", too_deep)
    problems: list[read.Problem] = []
    assert read._parse_yaml(b"format: 1\n", "company.yaml", problems) == (None, None)
    assert [(p.line, p.message) for p in problems] == [(1, "refused: nested too deeply to read")]
