"""Text, JSON, HTML and PDF reports, and the analyze command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from coxswain.analysis.runner import analyze
from coxswain.cli import app
from coxswain.report import objective_status, render
from coxswain.report.html import render_html
from coxswain.workbook.write import write_folder
from tests.strategies import bakery, workbook_of, workbooks


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return analyze(bakery(), strict=True)


def test_text_report_shows_index_plan_and_findings(result) -> None:  # type: ignore[no-untyped-def]
    text = render(result, "text")
    assert isinstance(text, str)
    assert f"Alignment index {result.alignment_index:.1f} / 100" in text
    assert "Next 90 days" in text
    assert "Work that goes against a value" in text  # the kind's plain name, not its code
    assert "value_conflict" not in text


def test_html_is_self_contained(result) -> None:  # type: ignore[no-untyped-def]
    html = render_html(result)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<link" not in html and "<script" not in html
    assert "<svg" in html and "<style>" in html
    assert "Strategy map" in html and "Next 90 days" in html
    # every objective of the map is drawn, coloured by status
    status = objective_status(result)
    assert status["bread_quality"] == "off_track"
    assert "Best artisanal bread in" in html


def test_section_templates_are_included(result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "resources.html").write_text(
        "<h2>Extra {{ section.name }} for {{ result.company }}</h2>"
    )
    html = render_html(result, template_dirs=[tmp_path])
    assert "Extra resources for Crust &amp; Crumb Bakery" in html


def test_people_appear_by_pseudonym() -> None:
    wb = workbook_of(
        {
            "stage": "intermediate",
            "objectives": [{"id": "o", "name": "O"}],
            "goals": [
                {
                    "id": "g",
                    "owner": "maria",
                    "parent": "o",
                    "title": "Ship it",
                    "period": "2026-Q3",
                    "key_results": [{"title": "k", "target": 10, "current": 1}],
                }
            ],
        },
        people=[{"id": "maria", "name": "Maria Gomez"}],
        kpi_values=[],
    )
    res = analyze(wb, strict=True)
    (behind,) = [f for f in res.findings if f.kind == "goal_behind"]
    assert behind.id == "goal_behind:g"  # a person owner stays out of the id
    assert "Person " in behind.recommendation
    for fmt in ("text", "json", "html"):
        out = render(res, fmt)
        assert isinstance(out, str) and "Maria Gomez" not in out
    assert "Person " in render(res, "html")


@pytest.mark.slow
def test_pdf(result) -> None:  # type: ignore[no-untyped-def]
    pdf = render(result, "pdf")
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")


def test_cli_formats(tmp_path: Path) -> None:
    folder = write_folder(bakery(), tmp_path / "bakery")
    runner = CliRunner()
    out = runner.invoke(app, ["analyze", str(folder), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["company"] == "Crust & Crumb Bakery" and data["as_of"] == "2026-09-30"
    out = runner.invoke(app, ["analyze", str(folder), "--as-of", "2026-06-30", "-f", "json"])
    assert json.loads(out.stdout)["as_of"] == "2026-06-30"
    html = tmp_path / "r.html"
    assert (
        runner.invoke(app, ["analyze", str(folder), "-f", "html", "-o", str(html)]).exit_code == 0
    )
    assert html.read_text().startswith("<!DOCTYPE html>")
    assert runner.invoke(app, ["analyze", str(folder), "-f", "pdf"]).exit_code == 2
    text = runner.invoke(app, ["analyze", str(folder)])
    assert text.exit_code == 0 and "Alignment index" in text.stdout


def test_cli_refuses_an_as_of_outside_the_data(tmp_path: Path) -> None:
    """The web's rule on the command line: a date outside the data analyses nothing, and
    says so in plain dates."""
    folder = write_folder(bakery(), tmp_path / "bakery")
    runner = CliRunner()
    early = runner.invoke(app, ["analyze", str(folder), "--as-of", "1999-01-01"])
    assert early.exit_code == 2 and "before the first date in the data" in early.output
    late = runner.invoke(app, ["analyze", str(folder), "--as-of", "2099-01-01"])
    assert late.exit_code == 2 and "January 1, 2099 is after today" in late.output


def test_cli_bad_workbook_lists_problems(tmp_path: Path) -> None:
    (tmp_path / "company.yaml").write_text("format: 1\nname: X\nobjectives:\n  - id: Bad Id\n")
    out = CliRunner().invoke(app, ["analyze", str(tmp_path)])
    assert out.exit_code == 1
    assert "company.yaml" in out.output


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbooks())
def test_every_generated_workbook_renders(workbook) -> None:  # type: ignore[no-untyped-def]
    res = analyze(workbook, strict=True)
    text = render(res, "text")
    html = render(res, "html")
    assert isinstance(text, str) and "Alignment index" in text
    assert isinstance(html, str) and html.rstrip().endswith("</html>")
    assert json.loads(render(res, "json"))["company"] == workbook.company.name


def test_reports_open_with_the_stories(result) -> None:  # type: ignore[no-untyped-def]
    """The text and the HTML report open with the drift stories: the top five, then how
    many more; the HTML lists the rest."""
    from coxswain.analysis.stories import TOP_STORIES

    assert len(result.stories) > TOP_STORIES  # the bakery tells more than five stories
    text = render(result, "text")
    assert isinstance(text, str)
    opening = text.index("What to look at first")
    assert opening < text.index("Next 90 days") < text.index("Findings (")
    flat = " ".join(text.split())
    first = " ".join(result.stories[0].title.split())
    assert flat.index(first) < flat.index("Next 90 days")
    rest = len(result.stories) - TOP_STORIES
    assert f"… and {rest} more stor" in flat
    assert " ".join(result.stories[TOP_STORIES].title.split()) not in flat.split("Next 90 days")[0]
    html = render_html(result)
    assert html.index('id="stories"') < html.index('id="plan"')
    for story in result.stories:
        assert story.title.replace("'", "&#39;") in html or story.title in html
    assert html.count('class="story ') == TOP_STORIES


def test_forecast_charts_write_dates_and_numbers_as_the_report_does(result) -> None:  # type: ignore[no-untyped-def]
    """The KPI charts' axes, target and tooltips use the report's locale filters: month
    names, not ISO dates; numbers rounded to what matters, not 3.588 or -923.221; the target
    in the KPI's unit."""
    html = render_html(result)
    charts = re.findall(r'<svg class="kpi-chart".*?</svg>', html, flags=re.S)
    assert charts, "the report has KPI charts"
    text = " ".join(re.findall(r">([^<>]+)<", " ".join(charts)))
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), "an ISO date on a chart"
    assert not re.search(r"\d\.\d{3}", text), "a number with more decimals than matter"
    assert not re.search(r"target \d+(\.\d+)?k\b", text)
