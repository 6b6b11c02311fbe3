"""No web request runs an analysis: analyses run as tasks (``execute_run``); the report and
every page read the stored result."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from coxswain.web.insights import services

WEB = Path(__file__).resolve().parents[2] / "src" / "coxswain" / "web"
ANALYSING = {"analyze", "analyze_org"}
# the task that runs a queued analysis, and the service tests analyse with directly
ALLOWED = {("insights/services.py", "execute_run"), ("insights/services.py", "analyze_org")}


def _callers() -> set[tuple[str, str]]:
    """(file, function) of every call to an analysing function in the web package."""
    found: set[tuple[str, str]] = set()
    for path in sorted(WEB.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.Call):
                    callee = node.func
                    name = callee.attr if isinstance(callee, ast.Attribute) else None
                    name = callee.id if isinstance(callee, ast.Name) else name
                    if name in ANALYSING:
                        found.add((path.relative_to(WEB).as_posix(), func.name))
    return found


def test_only_the_task_analyses() -> None:
    callers = _callers()
    assert callers - ALLOWED == set(), "an analysis would run inside a web request"
    assert ("insights/services.py", "execute_run") in callers  # the check sees calls


@pytest.mark.django_db
def test_no_page_analyses(tenant, login, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    from coxswain.analysis import runner
    from coxswain.web.accounts.services import create_api_token

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a web request analysed")

    c = login(tenant.manager)
    client = Client(
        headers={"Authorization": f"Bearer {create_api_token(membership=tenant.manager, name='t')}"}
    )
    pages = [
        reverse("insights:dashboard"),
        reverse("strategy:map"),
        reverse("strategy:cascade"),
        reverse("insights:report", args=["html"]),
        reverse("insights:report", args=["pdf"]),
    ]
    api = ["/api/findings", "/api/kpis", "/api/objectives"]
    for state in ("no run", "a run", "names hidden since the run"):
        if state == "a run":
            services.start_analysis(org=tenant.org, user=None)  # the task, not a request
        if state == "names hidden since the run":
            tenant.org.privacy_salt = "another-salt-since-the-run"
            tenant.org.save()
        with monkeypatch.context() as m:
            m.setattr(runner, "analyze", refuse)
            m.setattr(services, "analyze_org", refuse)
            for url in pages:
                assert c.get(url).status_code in (200, 409), (state, url)
            for url in api:
                assert client.get(url).status_code == 200, (state, url)
