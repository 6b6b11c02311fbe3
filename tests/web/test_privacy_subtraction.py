"""The subtraction attack on pulse results: teams of 6, 6 and 1; the one-person team answers.
Nothing on the results page (nor in the API) gives their answers back."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from itertools import combinations
from pathlib import Path

import pytest
from django.urls import reverse

from tests.web.conftest import COMPANY, workbook_zip

TEAMS = {"bakers": 6, "sales": 6, "owner_team": 1}
SOLO = {"line_of_sight": "1", "values_lived": "2", "enps": "3"}  # the one person's answers
OTHERS = {"line_of_sight": "4", "values_lived": "5", "enps": "9"}


def _people_csv() -> str:
    rows = ["id,name,team,role,manager,hired,skills,training_hours"]
    for team, size in TEAMS.items():
        rows += [f"{team}_{i},{team.title()} {i},{team},staff,,2020-01-01,,5" for i in range(size)]
    return "\n".join(rows) + "\n"


@pytest.fixture
def thirteen(tenant):
    """The tenant's workbook replaced by 13 people in teams of 6, 6 and 1, all answering."""
    from coxswain.web.checkins.services import answer_pulse
    from coxswain.web.strategy.models import Person
    from coxswain.web.workbook_io import store_workbook
    from coxswain.workbook.read import read_workbook

    company = COMPANY.replace(
        "teams:\n  - id: bakers\n    name: Bakers\n",
        "teams:\n  - id: bakers\n    name: Bakers\n  - id: sales\n    name: Sales\n"
        "  - id: owner_team\n    name: Owner\n",
    ).replace("owner: ann", "owner: bakers_0")
    zipped = workbook_zip({"company.yaml": company, "people.csv": _people_csv()})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "wb.zip"
        path.write_bytes(zipped)
        store_workbook(tenant.org, read_workbook(path))
    for person in Person.objects.for_org(tenant.org):
        answers = SOLO if person.team == "owner_team" else OTHERS
        answer_pulse(org=tenant.org, person=person, answers=answers, date=dt.date(2026, 3, 2))
    return tenant


def _figures(html: str) -> list[tuple[str, float, int]]:
    """Every 'team: figure (N answers)' and company 'figure (N answers)' the page shows."""
    return [
        (label.strip(), float(value), int(n))
        for label, value, n in re.findall(
            r"(?:>|<br>)\s*([A-Za-z_ ]*):?\s*(-?[0-9]+(?:\.[0-9]+)?) "
            r"<span class=\"muted small\">\((\d+) answers?\)",
            html,
        )
    ]


def test_results_page_gives_no_small_group_back_by_subtraction(thirteen, login) -> None:
    html = login(thirteen.manager).get(reverse("checkins:results")).content.decode()
    figures = _figures(html)
    assert figures, "the page shows the company figures"
    # group the figures by question row
    rows = html.split("<tr>")[2:]
    assert len(rows) == 3
    for row in rows:
        shown = _figures(row)
        company = [(v, n) for label, v, n in shown if label == ""]
        teams = {label: (v, n) for label, v, n in shown if label}
        assert company and company[0][1] == 13
        assert "Owner" not in teams  # primary suppression
        assert len(teams) <= 1  # secondary: showing both teams of 6 would give the 13th away
        _, c_n = company[0]
        # every subtraction a reader can do leaves 0 people or at least min_group
        for r in range(1, len(teams) + 1):
            for subset in combinations(teams.values(), r):
                rest = c_n - sum(n for _, n in subset)
                assert rest == 0 or rest >= 5
    # and the one person's answers are not derivable: the old attack
    # (13 * company - 6 * bakers - 6 * sales) needs both teams, which are never both shown
    assert html.count("Bakers:") + html.count("Sales:") <= 3


def test_results_selector_matches_the_rule(thirteen) -> None:
    from coxswain.web.checkins.selectors import survey_results

    for q in survey_results(org=thirteen.org)["questions"]:
        assert q["n"] == 13
        assert [t for t, _, _ in q["teams"]] in (["bakers"], ["sales"])
        assert [n for _, _, n in q["teams"]] == [6]


def test_api_and_stored_result_expose_no_small_group(thirteen) -> None:
    """The API's aggregates are the analysis' (its findings and the run's result): after an
    analysis of the thirteen answers, the understanding section shows the company and at
    most one of the teams of 6, never the one-person team."""
    import json

    from django.test import Client

    from coxswain.web.accounts.services import create_api_token
    from coxswain.web.insights.services import start_analysis

    token = create_api_token(membership=thirteen.manager, name="t")
    api = Client(headers={"Authorization": f"Bearer {token}"})
    run = start_analysis(org=thirteen.org, user=thirteen.manager.user, as_of=None)
    body = api.get(f"/api/analyses/{run.pk}")
    assert body.status_code == 200 and body.json()["status"] == "done", body.content
    run.refresh_from_db()
    result = run.result
    understanding = result["sections"]["understanding"]
    teams = [t["id"] for t in understanding["teams"]]
    assert "owner_team" not in teams and len(teams) <= 1
    assert understanding["company"]["respondents"] == 13
    findings = api.get("/api/findings")
    assert findings.status_code == 200
    assert "owner_team" not in json.dumps(findings.json())
