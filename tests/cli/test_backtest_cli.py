"""`coxswain backtest`: text, json and html of the same replays; bad options refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coxswain.cli import app
from coxswain.workbook.read import build_workbook
from coxswain.workbook.write import write_folder


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.backtest.test_backtest import _company, _values

    out = tmp_path_factory.mktemp("bt") / "book"
    write_folder(build_workbook(_company(), {"kpi_values": _values()}), out)
    return out


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["backtest", *args])
    return result.exit_code, result.output


def test_json_text_and_html(folder: Path, tmp_path: Path) -> None:
    common = [str(folder), "--from", "2024-12-31", "--workers", "1"]
    code, out = _run(*common, "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["as_of_dates"] == [
        "2024-12-31",
        "2025-03-31",
        "2025-06-30",
        "2025-09-30",
        "2025-12-31",
    ]
    assert any(w["kind"] == "kpi_at_risk" and w["came_true"] for w in data["warnings"])
    code, out = _run(*common)
    assert code == 0, out
    assert "How good were our warnings? Test Co" in out
    assert "Of 2 warnings, 2 came true, a median 3 months ahead of the miss." in out
    page = tmp_path / "bt.html"
    code, out = _run(*common, "-o", str(page))
    assert code == 0, out
    html = page.read_text()
    assert "<svg" in html and "By kind of warning" in html and "Test Co" in html


def test_bad_options_are_refused(folder: Path) -> None:
    assert _run(str(folder), "--every", "week")[0] == 2
    assert _run(str(folder), "--from", "last year")[0] == 2
    assert _run(str(folder), "--format", "pdf")[0] == 2
