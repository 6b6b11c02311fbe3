"""How reports present numbers and the absence of evidence to an owner."""

from __future__ import annotations

import re

from coxswain.analysis.runner import analyze
from coxswain.report import render
from coxswain.report.html import render_html
from tests.strategies import bakery, workbook_of


def test_no_evidence_is_not_reported_as_no_drift() -> None:
    result = analyze(workbook_of({}), strict=True)
    assert result.alignment_index is None and not result.findings
    text = render(result, "text")
    assert isinstance(text, str)
    assert "nothing in the evidence shows the business drifting" not in text
    assert "too little in the workbook to judge" in text
    html = render_html(result)
    assert "nothing in the evidence shows the business drifting" not in html
    assert "too little in the workbook to judge" in html


def test_a_fresh_starter_reports_too_little_evidence_not_an_index(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from coxswain.init import starter_workbook, write_folder
    from coxswain.workbook import read_workbook

    today = dt.date(2026, 11, 26)
    write_folder(starter_workbook(template="cafe", today=today), tmp_path / "wb")
    result = analyze(read_workbook(tmp_path / "wb"), as_of=today, strict=True)
    assert result.alignment_index is None
    text = render(result, "text")
    assert isinstance(text, str)
    assert "Too little evidence for an alignment index" in text
    assert "only the declared strategy (cascade)" in text
    assert "Alignment index — / 100" in text
    html = render_html(result)
    assert "Too little evidence for an alignment index" in html
    assert ">n/a<" in html
    # the one component that has evidence is not shown as if it were the index
    assert re.search(r'font-size="34"[^>]*>100<', html) is None
    # sections with nothing to show are left out rather than shown as empty tables
    assert "<h2>How fast ideas move</h2>" not in html
    assert "<h2>KPI forecasts</h2>" not in html


def test_kpi_table_numbers_are_formatted_alike() -> None:
    html = render_html(analyze(bakery(), strict=True))
    kpis = html[html.index("<h2>KPIs</h2>") :]
    kpis = kpis[: kpis.index("</table>")]
    assert not re.search(r">\s*\d+\.0\s*<", kpis), "warning and target shown as 4.0 or 36000.0"
    assert not re.search(r"\d %", kpis), "a percent unit is written 68%, as in the findings"


def test_long_objective_names_are_not_cut_mid_word_in_the_resource_chart() -> None:
    wb = bakery()
    result = analyze(wb, strict=True)
    html = render_html(result)
    chart = html[html.index("Money and time against the weights") :]
    chart = chart[: chart.index("</svg>")]
    for name in (o.name for o in wb.company.objectives):
        assert name in chart  # in full, at least in the tooltip
    assert "neighbourh<" not in chart


def test_missing_files_say_what_they_would_hold() -> None:
    html = render_html(analyze(workbook_of({}), strict=True))
    missing = html[html.index("<h2>Missing evidence</h2>") :]
    assert "kpi_values.csv</b>: KPI observations" in missing
    assert "people.csv</b>: staff, their teams" in missing


def test_person_ids_in_finding_ids_are_shown_by_pseudonym() -> None:
    # A bottleneck's id names the person (findings.md: kind and subject ids); person ids
    # are often names (maria_gomez), so readable reports show the pseudonym instead.
    from coxswain.analysis.base import Finding, Severity

    wb = workbook_of(
        {"objectives": [{"id": "o", "name": "O"}], "teams": [{"id": "t", "name": "T"}]},
        people=[{"id": "maria_gomez", "name": "Maria Gomez", "team": "t"}],
    )
    res = analyze(wb, strict=True)
    assert res.people == frozenset({"maria_gomez"})
    res.findings.insert(
        0,
        Finding(
            kind="bottleneck",
            severity=Severity.high,
            subjects=("maria_gomez", "t"),
            title="All messages go through one person",
            evidence={"person": "maria_gomez"},
            recommendation="Spread the load.",
        ),
    )
    pseudonym = res.labels["maria_gomez"]
    for fmt in ("text", "html"):
        out = render(res, fmt)
        assert isinstance(out, str)
        assert "maria_gomez" not in out and "Maria Gomez" not in out
        assert pseudonym in out  # the finding names the person as every page does
    assert res.finding("bottleneck:maria_gomez:t") is not None  # the id itself is unchanged


def test_text_report_says_where_the_rest_of_the_findings_are() -> None:
    from pathlib import Path

    from coxswain.report.text import TOP
    from coxswain.workbook import read_workbook

    example = Path(__file__).resolve().parents[2] / "examples" / "driftwood_roasters"
    result = analyze(read_workbook(example), strict=True)
    assert len(result.findings) > TOP
    text = render(result, "text")
    assert isinstance(text, str)
    text = " ".join(text.split())  # however the terminal width wraps it
    rest = len(result.findings) - TOP
    assert f"{rest} more finding{'s' if rest != 1 else ''} in the full report" in text
    assert "-o report.html" in text


def test_a_stale_kpi_reads_as_stale_in_the_report() -> None:
    import datetime as dt

    wb = workbook_of(
        {
            "objectives": [{"id": "o", "name": "O"}],
            "kpis": [
                {
                    "id": "k",
                    "name": "Rating",
                    "objective": "o",
                    "direction": "up",
                    "target": 4.6,
                    "warning": 4.3,
                }
            ],
        },
        kpi_values=[
            {"date": dt.date(2026, 1, 31), "kpi": "k", "value": 3.0},
            {"date": dt.date(2026, 2, 28), "kpi": "k", "value": 3.1},
        ],
    )
    result = analyze(wb, as_of=dt.date(2026, 9, 30), strict=True)
    html = render_html(result)
    table = html[html.index('<table tabindex="0" class="kpis">') :]
    table = table[: table.index("</table>")]
    assert "stale" in table and "off track" not in table
    assert "no value since February 28, 2026" in table
    assert not [f for f in result.findings if f.kind == "kpi_off_track"]


def test_network_tables_name_teams_not_ids() -> None:
    from pathlib import Path

    import pytest

    from coxswain.workbook import read_workbook

    folder = Path(__file__).resolve().parents[2] / "examples" / "crust_and_crumb"
    if not (folder / "company.yaml").exists():
        pytest.skip("examples/crust_and_crumb is not present")
    result = analyze(read_workbook(folder), only={"network"})
    html = render_html(result)
    net = html[html.index("<h2>Who talks to whom</h2>") :]
    brokers = net[net.index("<h3>Who connects the teams</h3>") :]
    brokers = brokers[: brokers.index("</table>")]
    assert '<td class="name">Counter</td>' in brokers
    assert '<td class="name">counter</td>' not in brokers


def test_sentiment_chart_keeps_its_axis_labels_inside() -> None:
    """The last month label is anchored at its end, so it is not cut off at the edge."""
    from pathlib import Path

    import pytest

    from coxswain.workbook import read_workbook

    folder = Path(__file__).resolve().parents[2] / "examples" / "crust_and_crumb"
    if not (folder / "company.yaml").exists():
        pytest.skip("examples/crust_and_crumb is not present")
    result = analyze(read_workbook(folder), only={"sentiment"})
    html = render_html(result)
    chart = html[html.index('aria-label="Monthly mean tone"') :]
    chart = chart[: chart.index("</svg>")]
    labels = re.findall(r'<text x="([\d.]+)"[^>]*text-anchor="(\w+)"[^>]*>(\d{4}-\d{2})<', chart)
    assert labels and labels[-1][1] == "end" and labels[0][1] == "start"


def test_analysis_tables_name_work_kpis_and_objectives() -> None:
    """The impact and strategy-link tables show names, not workbook ids, and round numbers."""
    from pathlib import Path

    import pytest

    from coxswain.workbook import read_workbook

    folder = Path(__file__).resolve().parents[2] / "examples" / "crust_and_crumb"
    if not (folder / "company.yaml").exists():
        pytest.skip("examples/crust_and_crumb is not present")
    result = analyze(read_workbook(folder), only={"impact", "strategy_links"})
    html = render_html(result)
    impact = html[html.index("<h2>Initiatives and their KPIs</h2>") :]
    impact = impact[: impact.index("</table>")]
    assert "<td>cheap_flour</td>" not in impact and "<td>review_rating</td>" not in impact
    assert result.labels["cheap_flour"] in impact
    p_cells = re.findall(r'<td class="num nowrap">(?:<b>)?([^<]*)', impact)
    assert p_cells and all(re.fullmatch(r"&lt; 0\.001|[01]\.\d{3}", p) for p in p_cells)
    links = html[html.index("<h2>Does the strategy map hold?</h2>") :]
    links = links[: links.index("</table>")]
    assert "<td>baker_skill</td>" not in links
    assert result.labels["baker_skill"] in links


def test_the_phone_layout_never_applies_on_paper() -> None:
    """An A4 page is about 700 CSS px wide: a width query without ``screen`` would put a
    report printed from the browser (and WeasyPrint's PDF) in the phone layout."""
    import re
    from importlib import resources

    css = (resources.files("coxswain.report") / "templates" / "report.css").read_text()
    queries = re.findall(r"@media([^{]*)\{", css)
    narrow = [q for q in queries if "max-width" in q]
    assert narrow, "the report has a phone layout"
    assert all(q.split()[0] == "screen" for q in narrow), narrow


def test_the_report_writes_the_index_as_the_dashboard_does() -> None:
    """The report's ring said "20 of 100" where the dashboard said 19.6 (a walk-through)."""
    result = analyze(bakery())
    assert result.alignment_index is not None
    assert f">{result.alignment_index:.1f}</text>" in render_html(result)
