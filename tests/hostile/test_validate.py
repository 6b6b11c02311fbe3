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
