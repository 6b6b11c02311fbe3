"""The KPI section templates render self-contained, well-formed SVG and tables."""

import datetime as dt
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from coxswain.analysis.runner import analyze
from coxswain.timeseries.synthetic import month_ends, seasonal_series, workbook
from coxswain.wording.numbers import Words

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "coxswain" / "report" / "templates"
AS_OF = dt.date(2026, 9, 30)


def env():
    import jinja2

    from coxswain.report.html import _environment

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters.update(_environment().filters)  # as the report's own environment has it
    return environment


@pytest.fixture(scope="module")
def result():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))
    from test_customers import saas_transactions

    dates = month_ends(AS_OF, 36)
    rating = 4.55 - 0.01 * np.arange(36) + np.random.default_rng(1).normal(0, 0.03, 36)
    rating[30] -= 0.5
    visits = seasonal_series(36, level=500, amplitude=80, noise=10, seed=2)
    visits[20:] -= 120
    wb = workbook(
        {
            "objectives": [
                {"id": "quality", "name": "Q"},
                {"id": "growth", "name": "G", "drivers": ["quality"], "lag_months": 2},
            ],
            "kpis": [
                {
                    "id": "rating",
                    "name": "Rating <&>",
                    "objective": "quality",
                    "direction": "up",
                    "target": 4.6,
                    "deadline": "2026-12-31",
                },
                {"id": "visits", "name": "Visits", "objective": "growth", "direction": "up"},
            ],
            "initiatives": [{"id": "x", "name": "X", "start": dates[24].isoformat()}],
        },
        kpi_values={"rating": (dates, rating), "visits": (dates, visits)},
        tables={"transactions": saas_transactions()},
    )
    return analyze(wb, as_of=AS_OF)


@pytest.mark.parametrize(
    "name", ["forecast", "strategy_links", "customers", "impact", "diagnostics"]
)
def test_section_renders(result, name):
    html = (
        env()
        .get_template(f"sections/{name}.html")
        .render(section=result.sections[name], result=result)
    )
    assert "http" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    if name == "forecast":
        svgs = html.count("<svg")
        assert svgs >= 2
        for chunk in html.split("<svg")[1:]:
            ET.fromstring("<svg" + chunk.split("</svg>")[0] + "</svg>")  # well-formed
        assert "deadline December 31, 2026" in html and "Rating &lt;&amp;&gt;" in html
        assert "<circle" in html or 'stroke-width="2"' in html  # a mark for the anomaly/shift
    if name == "strategy_links":
        # objectives by name ("Q" is quality's name), not by id
        assert "<table" in html and "<td>Q</td>" in html and "<td>quality</td>" not in html
        # each link's power, and for one not testable yet the months that would settle it
        assert "<th>Power</th>" in html
        [link] = result.sections[name].tables["links"]
        assert f"power {link['power']:.0%}" in html
        if link["verdict"] == "insufficient_data":
            wait = Words().more_months(link["months_to_settle"])
            assert f"about {wait} would settle it" in html
        # the verdict in the words of every face, not its code ("insufficient data")
        from coxswain.analysis.payloads import LINK_VERDICT_WORDS

        assert f"<b>{LINK_VERDICT_WORDS[link['verdict']]}</b>" in html
        shown = re.findall(r'<td class="verdict"><b>(.*?)</b>', html)
        assert shown and set(shown) <= set(LINK_VERDICT_WORDS.values()), shown
    if name == "customers":
        assert "Retention by monthly cohort" in html


def test_text_report_shows_each_link_power_and_the_months_that_would_settle_it(result):
    from coxswain.analysis.payloads import strategy_links_payload
    from coxswain.report.text import render_text

    text = render_text(result, width=200)
    assert "Strategy map links" in text
    for link in strategy_links_payload(result.sections["strategy_links"]).links:
        assert link.power_words in text
        assert link.power_words.startswith("power ")


def test_link_power_words_are_one_rule():
    from coxswain.analysis.payloads import StrategyLink

    untested = StrategyLink.from_json({"driver": "a", "objective": "b", "verdict": "x"})
    assert untested.power_words == "not tested"
    waiting = StrategyLink.from_json(
        {
            "driver": "a",
            "objective": "b",
            "verdict": "insufficient_data",
            "power": 0.341,
            "months_to_settle": 51,
        }
    )
    assert waiting.power_words == "power 34% · about 4 more years would settle it"
    decided = StrategyLink.from_json(
        {
            "driver": "a",
            "objective": "b",
            "verdict": "supported",
            "power": 0.9,
            "months_to_settle": None,
        }
    )
    assert decided.power_words == "power 90%"


def test_the_kpi_table_writes_a_state_in_the_words_of_every_face(result):
    """The report's KPI table said "amber" where the dashboard says "short of target" (a
    walk-through)."""
    from coxswain.analysis.rules import KpiState
    from coxswain.report.html import render_html

    html = render_html(result)
    table = html[html.index('<table tabindex="0" class="kpis">') :]
    table = table[: table.index("</table>")]
    states = {r["status"] for r in result.sections["kpi_status"].tables["kpis"]}
    assert states
    for state in states:
        assert f"{KpiState(state).words}</span>" in table
    assert "amber" not in table
