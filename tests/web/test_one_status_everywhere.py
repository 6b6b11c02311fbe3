"""Done when: every example, loaded into the web app, shows each objective with the same
status and colour on the dashboard, the strategy map, the cascade page, the report and the
API, and the same as the CLI's analysis of the same files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from coxswain.analysis.rules import COLOUR_HEX, ObjectiveStatus, objective_statuses_of

EXAMPLES = sorted(
    p for p in (Path(__file__).resolve().parents[2] / "examples").iterdir()
    if (p / "company.yaml").exists()
)  # fmt: skip
HEX_COLOUR = {hex_: colour.value for colour, hex_ in COLOUR_HEX.items()}

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

Faces = dict[str, tuple[str, str]]  # objective → (status, colour)


def _tags(html: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag}\b[^>]*\bdata-objective=[^>]*>", html)


def _attr(tag: str, name: str) -> str:
    found = re.search(rf'\b{name}="([^"]*)"', tag)
    assert found, (name, tag)
    return found.group(1)


def _page(html: str, tag: str, colour_of: str = "class") -> Faces:
    """objective → (status, colour) from the elements that carry ``data-objective``: the
    colour from their ``colour-*`` class, or that of the chip inside them."""
    out: Faces = {}
    for match in re.finditer(rf"<{tag}\b[^>]*\bdata-objective=[^>]*>", html):
        start = match.group(0)
        colour = re.search(r"\bcolour-(\w+)", start) or re.search(
            r"\bcolour-(\w+)", html[match.end() : match.end() + 400]
        )
        assert colour, start
        out[_attr(start, "data-objective")] = (_attr(start, "data-status"), colour.group(1))
    return out


def _report(html: str) -> Faces:
    out: Faces = {}
    for match in re.finditer(r'<g class="objective"[^>]*>', html):
        stroke = re.search(r'stroke="(#[0-9a-f]{6})"', html[match.end() : match.end() + 600])
        assert stroke
        out[_attr(match.group(0), "data-objective")] = (
            _attr(match.group(0), "data-status"),
            HEX_COLOUR[stroke.group(1)],
        )
    return out


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_each_objective_has_one_status_and_colour_in_every_face(
    example: Path, make_tenant, login
) -> None:  # type: ignore[no-untyped-def]
    from coxswain.analysis.runner import analyze
    from coxswain.web.accounts.services import create_api_token
    from coxswain.web.insights import services
    from coxswain.web.workbook_io import store_workbook
    from coxswain.workbook.read import read_workbook

    tenant = make_tenant(loaded=False, name=example.name)
    store_workbook(tenant.org, read_workbook(example))
    services.start_analysis(org=tenant.org, user=None)  # the task (immediate in tests)
    c = login(tenant.manager)
    api = Client(
        headers={"Authorization": f"Bearer {create_api_token(membership=tenant.manager, name='t')}"}
    )

    dashboard = c.get(reverse("insights:dashboard")).content.decode()
    strategy_map = c.get(reverse("strategy:map")).content.decode()
    report = c.get(reverse("insights:report", args=["html"]))
    assert report.status_code == 200
    faces: dict[str, Faces] = {
        "dashboard": _page(dashboard, "li"),
        "map": _page(strategy_map, "g"),
        "map in words": _page(strategy_map, "li"),
        "cascade": _page(c.get(reverse("strategy:cascade")).content.decode(), "li"),
        "report": _report(report.content.decode()),
        "api": {o["id"]: (o["status"], o["colour"]) for o in api.get("/api/objectives").json()},
    }
    cli = objective_statuses_of(analyze(read_workbook(example)))
    faces["cli"] = {k: (s.value, s.colour.value) for k, s in cli.items()}

    objectives = [o.id for o in read_workbook(example).company.objectives]
    for face, seen in faces.items():
        assert sorted(seen) == sorted(objectives), face
    for objective in objectives:
        shown = {face: seen[objective] for face, seen in faces.items()}
        assert len(set(shown.values())) == 1, (objective, shown)
        status, colour = shown["api"]
        assert ObjectiveStatus(status).colour.value == colour
    # and each judged status says what decided it, in the same words on the three pages
    from django.utils.html import escape

    from coxswain.analysis.rules import objective_status_reasons_of

    wb = read_workbook(example)
    why = objective_status_reasons_of(analyze(wb), names={k.id: k.name for k in wb.company.kpis})
    assert set(why) == {o for o, (s, _) in faces["cli"].items() if s != "no_data"}
    for page in (dashboard, strategy_map, c.get(reverse("strategy:cascade")).content.decode()):
        for objective, words in why.items():
            assert (
                f"Why {ObjectiveStatus(faces['cli'][objective][0]).words}: {escape(words)}" in page
            )


def test_the_examples_show_more_than_one_status() -> None:
    """The comparison above means something: the examples' objectives are not all alike."""
    from coxswain.analysis.runner import analyze
    from coxswain.workbook.read import read_workbook

    seen = {
        status
        for example in EXAMPLES[:2]
        for status in objective_statuses_of(analyze(read_workbook(example))).values()
    }
    assert len(seen) >= 2, seen


@pytest.mark.parametrize(("score", "colour"), [(90.0, "green"), (70.0, "amber"), (50.0, "red")])
def test_a_score_has_one_colour_on_the_dashboard_and_in_the_reports(
    score: float, colour: str
) -> None:
    """The dashboard's bars were banded at 70/40, the reports at 85/60."""
    import dataclasses

    from coxswain.analysis.rules import Colour
    from coxswain.analysis.runner import analyze
    from coxswain.report.html import render_html
    from coxswain.report.text import BAND_STYLE
    from coxswain.web import charts
    from tests.strategies import bakery

    bars = charts.bar_chart([("Cascade", score)], title="components")
    assert f"colour-{colour}" in bars
    result = analyze(bakery(), strict=True)
    result = dataclasses.replace(result, components={**result.components, "cascade": score})
    html = render_html(result)
    row = html[html.index('id="component-cascade"') :][:900]
    assert f'fill="{COLOUR_HEX[Colour(colour)]}"' in row
    assert BAND_STYLE[Colour(colour)]


def test_the_css_draws_the_colours_of_the_rules() -> None:
    css = (
        Path(__file__).resolve().parents[2] / "src/coxswain/web/static/coxswain/coxswain.css"
    ).read_text()
    for colour, hex_ in COLOUR_HEX.items():
        assert f"--{colour.value}: {hex_};" in css
