"""The "How good are our warnings?" page: a backtest started by a manager runs as a task with
progress, and the page shows its headline, the table by kind, the reliability chart, the
actions' outcomes and the dismissals; employees cannot see it; interrupted runs are swept."""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import workbook_zip

pytestmark = pytest.mark.django_db

MONTHS = 30  # January 2024 to June 2026


def _history() -> str:
    """The rating slides from 4.8 to 4.0 over two and a half years, with a wobble."""
    rows = ["date,kpi,value"]
    for i in range(MONTHS):
        year, month = 2024 + i // 12, i % 12 + 1
        day = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
        rows.append(f"{day},review_rating,{4.8 - 0.8 * i / MONTHS + 0.05 * math.sin(i):.3f}")
    return "\n".join(rows) + "\n"


@pytest.fixture
def org_with_history(make_tenant) -> Any:
    from coxswain.web.workbook_io import store_workbook
    from coxswain.workbook.read import read_workbook

    t = make_tenant()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "wb.zip"
        path.write_bytes(workbook_zip({"kpi_values.csv": _history()}))
        store_workbook(t.org, read_workbook(path))
    return t


def test_a_manager_runs_a_backtest_and_reads_the_page(org_with_history, login) -> None:
    from coxswain.web.backtests.models import BacktestRun
    from coxswain.web.insights import services as insights

    t = org_with_history
    insights.create_action(
        org=t.org,
        title="Ask every customer for a review",
        due=dt.date(2026, 3, 31),
        finding_id="kpi_off_track:review_rating:bread_quality",
    )
    insights.dismiss_finding(
        org=t.org,
        user=t.owner.user,
        finding={"id": "silo:bakers", "kind": "silo", "subjects": ["bakers"]},
        reason="We are one small team",
    )
    browser = login(t.manager)
    assert "No backtest yet" in browser.get("/warnings/").content.decode()
    response = browser.post("/warnings/run/", {"every": "quarter"})
    assert response.status_code == 302
    (run,) = BacktestRun.objects.for_org(t.org)
    assert run.status == "done", run.error
    assert run.progress == 100 and run.attempts == 1
    page = browser.get("/warnings/").content.decode()
    assert run.headline in page
    assert "By kind of warning" in page and "KPI off its target" in page
    assert 'class="chart reliability"' in page
    assert "Ask every customer for a review" in page
    assert "Warnings you dismissed" in page and "we are one small team (1)" in page


def test_the_run_shows_its_progress_while_it_runs(org_with_history, login) -> None:
    from coxswain.web.backtests.models import BacktestRun

    t = org_with_history
    run = BacktestRun.objects.create(
        org=t.org, status="running", progress=42, stage="replayed 2 of 5", heartbeat=_now()
    )
    body = login(t.manager).get(f"/warnings/runs/{run.pk}/").content.decode()
    assert "replayed 2 of 5" in body and 'value="42"' in body
    assert f'hx-get="/warnings/runs/{run.pk}/"' in body  # it keeps asking


def test_one_backtest_at_a_time(org_with_history, login) -> None:
    from coxswain.web.backtests.models import BacktestRun

    t = org_with_history
    BacktestRun.objects.create(org=t.org, status="running", heartbeat=_now())
    response = login(t.manager).post(
        "/warnings/run/", {"every": "month"}, headers={"HX-Request": "true"}
    )
    assert "Not started: a backtest is already queued or running" in response.content.decode()
    assert BacktestRun.objects.for_org(t.org).count() == 1


def test_a_bad_choice_is_refused_with_the_reason(org_with_history, login) -> None:
    response = login(org_with_history.manager).post(
        "/warnings/run/", {"every": "fortnight"}, headers={"HX-Request": "true"}
    )
    assert "Not started: choose month or quarter ends" in response.content.decode()


def test_a_failed_backtest_says_why(org_with_history, login, monkeypatch) -> None:
    from coxswain.web.backtests.models import BacktestRun

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("replay exploded")

    monkeypatch.setattr("coxswain.backtest.backtest", boom)
    t = org_with_history
    login(t.manager).post("/warnings/run/", {"every": "quarter"})
    (run,) = BacktestRun.objects.for_org(t.org)
    assert run.status == "failed" and "replay exploded" in run.error
    body = login(t.manager).get(f"/warnings/runs/{run.pk}/").content.decode()
    assert "The backtest failed" in body


def test_an_interrupted_backtest_is_swept(org_with_history) -> None:
    from coxswain.web.backtests.models import BacktestRun
    from coxswain.web.backtests.services import sweep_interrupted_backtests

    t = org_with_history
    old = _now() - dt.timedelta(hours=1)
    dead = BacktestRun.objects.create(org=t.org, status="running", heartbeat=old, worker="w1")
    alive = BacktestRun.objects.create(org=t.org, status="running", heartbeat=_now())
    assert sweep_interrupted_backtests(org=t.org) == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == "failed" and "w1" in dead.error
    assert alive.status == "running"


def test_employees_cannot_see_the_page(org_with_history, login) -> None:
    browser = login(org_with_history.employee)
    assert browser.get("/warnings/").status_code == 403
    assert browser.post("/warnings/run/", {"every": "quarter"}).status_code == 403


def test_the_nav_links_the_page_for_managers(org_with_history, login) -> None:
    assert 'href="/warnings/"' in login(org_with_history.manager).get("/warnings/").content.decode()


def _now() -> dt.datetime:
    from django.utils import timezone

    return timezone.now()


def test_the_report_carries_the_latest_backtest(org_with_history, login) -> None:
    from coxswain.web.insights import services as insights

    t = org_with_history
    insights.start_analysis(org=t.org, user=t.manager.user)
    browser = login(t.manager)
    assert "How good were our warnings?" not in browser.get("/report.html").content.decode()
    browser.post("/warnings/run/", {"every": "quarter"})
    from coxswain.web.backtests.models import BacktestRun

    (run,) = BacktestRun.objects.for_org(t.org)
    report = browser.get("/report.html").content.decode()
    assert "How good were our warnings?" in report and run.headline in report
