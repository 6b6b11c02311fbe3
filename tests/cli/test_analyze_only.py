"""`coxswain analyze --only` runs the named analyses (and the stage) only."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from coxswain.cli import app

BAKERY = Path(__file__).resolve().parents[2] / "examples" / "crust_and_crumb"


def test_only_runs_the_named_analyses() -> None:
    result = CliRunner().invoke(
        app, ["analyze", str(BAKERY), "--format", "json", "--only", "values,resources"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data["sections"]) >= {"stage", "values", "resources"}
    assert not set(data["sections"]) & {"forecast", "network", "sentiment", "cascade"}
    assert "value_conflict:cheap_flour:bread_quality:craft" in {f["id"] for f in data["findings"]}
    assert data["components"]["network"] is None and data["components"]["values"] is not None


def test_unknown_analysis_is_refused_with_the_known_ones() -> None:
    result = CliRunner().invoke(app, ["analyze", str(BAKERY), "--only", "vibes"])
    assert result.exit_code == 2
    assert "unknown analyses: vibes" in result.output and "strategy_links" in result.output
