"""`coxswain scenario`: the baseline alone without a file, every format, the JSON promised,
placed problems for a broken file, refused options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coxswain.cli import app

SCENARIOS = """\
format: 1
scenarios:
  - name: Course
    changes:
      - kind: start
        initiative: course
        effects: {skill_score: [0.1, 0.3]}
  - name: Price war
    changes:
      - kind: shock
        kpis: [revenue]
        change: -10%..-2%
        probability: 0.5
wargames:
  - name: Rival
    moves:
      - name: wait
      - name: course
        changes:
          - kind: start
            initiative: course
    responses:
      - name: cut
        probability: 0.5
        changes:
          - kind: shock
            kpis: [revenue]
            change: -5%
"""


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["scenario", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def scenarios(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("s") / "scenarios.yaml"
    path.write_text(SCENARIOS, encoding="utf-8")
    return path


def test_without_a_file_the_baseline_alone(folder: Path) -> None:
    code, out, err = _run(str(folder), "--format", "json", "--paths", "2000")
    assert code == 0, err
    data = json.loads(out)
    assert data["seed"] == 0 and data["paths"] == 2000
    assert [s["name"] for s in data["scenarios"]] == ["baseline"]
    for k in data["scenarios"][0]["kpis"]:
        assert {"kpi", "p_hit", "p10", "p50", "p90"} <= set(k)
    assert set(data["scenarios"][0]["index"]) == {"p10", "p50", "p90"}


def test_a_file_in_every_format(folder: Path, scenarios: Path, tmp_path: Path) -> None:
    code, out, err = _run(str(folder), str(scenarios), "-f", "json", "--paths", "2000")
    assert code == 0, err
    data = json.loads(out)
    assert [s["name"] for s in data["scenarios"]] == ["baseline", "Course", "Price war"]
    course = data["scenarios"][1]
    assert any(e["basis"] == "owner" and e["kpi"] == "skill_score" for e in course["effects"])
    assert data["wargames"][0]["best"] in {"wait", "course"}
    code, text, err = _run(str(folder), str(scenarios), "--paths", "2000")
    assert code == 0, err
    assert "Chance of hitting each target" in text and "Wargame: Rival" in text
    page = tmp_path / "s.html"
    code, _, err = _run(str(folder), str(scenarios), "--paths", "2000", "-o", str(page))
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert '<section class="scenarios"' in html and "<svg" in html and "Price war" in html
    pdf = tmp_path / "s.pdf"
    code, _, err = _run(str(folder), str(scenarios), "--paths", "1000", "-o", str(pdf))
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_broken_file_lists_its_problems_and_exits_1(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "scenarios:\n  - name: x\n    changes:\n      - kind: stop\n        initiative: nope\n"
        "      - kind: shock\n        kpis: [revenue]\n",
        encoding="utf-8",
    )
    code, _, err = _run(str(folder), str(bad))
    assert code == 1
    assert "2 problems" in err
    assert "bad.yaml:5:" in err and "'nope' is not an initiative" in err
    assert "bad.yaml:7:" in err or "bad.yaml:6:" in err
    assert "change is missing" in err


@pytest.mark.parametrize(
    "args",
    [["--paths", "10"], ["--format", "docx"], ["missing.yaml"], ["-f", "pdf"]],
)
def test_bad_options_are_refused(folder: Path, args: list[str]) -> None:
    code, _, _ = _run(str(folder), *args)
    assert code == 2
