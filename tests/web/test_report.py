"""The report download renders the latest run's stored result; it never analyses inside the
request (without a stored result it can show, it says why and offers to analyse)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coxswain.report.html import render_html
from coxswain.report.pdf import render_pdf
from coxswain.web.insights import services
from coxswain.web.insights.models import AnalysisRun

pytestmark = pytest.mark.django_db


def _analysed(tenant) -> AnalysisRun:  # type: ignore[no-untyped-def]
    run = services.start_analysis(org=tenant.org, user=tenant.manager.user)
    run = AnalysisRun.objects.for_org(tenant.org).get(pk=run.pk)
    assert run.status == "done" and run.report
    return run


def _refuse_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, fail the test if anything analyses."""
    from coxswain.analysis import runner

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the report analysed again")

    monkeypatch.setattr(runner, "analyze", refuse)
    monkeypatch.setattr(services, "analyze_org", refuse)


def _count_analyses(monkeypatch: pytest.MonkeyPatch) -> list[dt.date | None]:
    """From now on, record the as_of of every analysis the report runs (and run it)."""
    calls: list[dt.date | None] = []
    analyze_org = services.analyze_org

    def counted(*, org, as_of):  # type: ignore[no-untyped-def]
        calls.append(as_of)
        return analyze_org(org=org, as_of=as_of)

    monkeypatch.setattr(services, "analyze_org", counted)
    return calls


def test_report_is_the_stored_run_not_a_new_analysis(tenant, login, monkeypatch) -> None:
    run = _analysed(tenant)
    fresh = services.analyze_org(org=tenant.org, as_of=run.as_of)
    expected_html, expected_pdf = render_html(fresh), render_pdf(fresh)
    # the data changes after the run (the latest rating is corrected): the report stays the run's
    services.paste_kpi_values(org=tenant.org, text="date,kpi,value\n2026-03-31,review_rating,2.1\n")
    changed = render_html(services.analyze_org(org=tenant.org, as_of=run.as_of))
    assert changed != expected_html

    _refuse_analysis(monkeypatch)
    c = login(tenant.manager)
    html = c.get(reverse("insights:report", args=["html"]))
    assert html.status_code == 200
    assert html.content == expected_html.encode()
    assert html["Content-Disposition"] == (
        f'inline; filename="coxswain-report-{run.as_of.isoformat()}.html"'
    )
    pdf = c.get(reverse("insights:report", args=["pdf"]))
    assert pdf.status_code == 200 and pdf.content == expected_pdf


def test_report_reads_one_run_row(tenant, login, monkeypatch) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _analysed(tenant)
    _refuse_analysis(monkeypatch)
    c = login(tenant.manager)
    with CaptureQueriesContext(connection) as queries:
        assert c.get(reverse("insights:report", args=["html"])).status_code == 200
    runs = [q["sql"] for q in queries.captured_queries if "insights_analysisrun" in q["sql"]]
    assert len(runs) == 1 and '"result"' not in runs[0]  # the report text only


def _not_ready(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 409
    assert "Content-Disposition" not in response
    return response.content.decode()


def test_without_a_run_the_report_asks_for_an_analysis(tenant, login, monkeypatch) -> None:
    _refuse_analysis(monkeypatch)
    page = _not_ready(login(tenant.manager).get(reverse("insights:report", args=["html"])))
    assert "no analysis yet" in page and "Analyse now" in page
    assert AnalysisRun.objects.for_org(tenant.org).count() == 0  # it starts nothing by itself


def test_a_run_stored_without_its_report_asks_for_an_analysis_as_of_its_date(
    tenant, login, monkeypatch
) -> None:
    """Runs from before the report was kept with them: analysed again, as of their date, as a
    task the owner starts from the page."""
    from django.utils import timezone

    AnalysisRun.objects.create(
        org=tenant.org,
        status="done",
        as_of=dt.date(2026, 2, 28),
        result={"format": 1, "findings": []},
        finished=timezone.now(),
    )
    calls = _count_analyses(monkeypatch)
    c = login(tenant.manager)
    page = _not_ready(c.get(reverse("insights:report", args=["html"])))
    assert calls == [] and 'name="as_of" value="2026-02-28"' in page
    assert c.post(reverse("insights:analyse"), {"as_of": "2026-02-28"}).status_code == 302
    response = c.get(reverse("insights:report", args=["html"]))
    assert response.status_code == 200
    assert "coxswain-report-2026-02-28.html" in response["Content-Disposition"]


def test_an_unreadable_stored_report_asks_for_an_analysis(tenant, login, monkeypatch) -> None:
    run = _analysed(tenant)
    AnalysisRun.objects.for_org(tenant.org).filter(pk=run.pk).update(report='{"result": {}}')
    _refuse_analysis(monkeypatch)
    _not_ready(login(tenant.manager).get(reverse("insights:report", args=["html"])))


def test_while_an_analysis_runs_the_page_says_so(tenant, login, monkeypatch) -> None:
    AnalysisRun.objects.create(org=tenant.org, status="running", stage="analysing")
    page = _not_ready(login(tenant.manager).get(reverse("insights:report", args=["pdf"])))
    assert "An analysis is running (analysing)" in page and "Analyse now" not in page


def test_report_is_the_members_own_organisations(make_tenant, login, monkeypatch) -> None:
    me, other = make_tenant(), make_tenant(name="Other", loaded=False)
    mine, theirs = _analysed(me), _analysed(other)
    _refuse_analysis(monkeypatch)
    assert theirs.result["company"] != mine.result["company"]
    for member, run, not_run in ((me, mine, theirs), (other, theirs, mine)):
        html = login(member.manager).get(reverse("insights:report", args=["html"])).content
        assert f"<h1>{run.result['company']}".encode() in html.replace(b"&amp;", b"&")
        assert f"<h1>{not_run.result['company']}".encode() not in html.replace(b"&amp;", b"&")


def test_employees_and_outsiders_cannot_download_reports(tenant, login, django_user_model) -> None:
    _analysed(tenant)
    for fmt in ("html", "pdf"):
        url = reverse("insights:report", args=[fmt])
        assert login(tenant.employee).get(url).status_code == 403
        outsider = django_user_model.objects.create_user(username=f"nobody-{fmt}", password="x")
        from django.test import Client

        c = Client()
        c.force_login(outsider)
        assert c.get(url).status_code == 403
        assert Client().get(url).status_code == 302  # to the sign-in page
    assert login(tenant.manager).get(reverse("insights:report", args=["docx"])).status_code == 404


def _show_names(org, value: bool) -> None:  # type: ignore[no-untyped-def]
    from coxswain.web.strategy.models import CompanyProfile

    CompanyProfile.objects.for_org(org).update(show_names=value)


def _names(html: bytes) -> set[str]:
    import re

    return set(re.findall(r"\b(Ann|Bob)\b", html.decode()))


def test_a_stored_report_is_not_shown_once_names_are_hidden(tenant, login, monkeypatch) -> None:
    """Names shown at the run, hidden since: the report is not shown until a new analysis,
    rather than keep showing the names."""
    from coxswain.web import privacy

    _show_names(tenant.org, True)
    run = _analysed(tenant)
    c = login(tenant.manager)
    assert "Ann" in _names(c.get(reverse("insights:report", args=["html"])).content)
    _show_names(tenant.org, False)
    assert privacy.report_privacy(org=tenant.org)["show_names"] is False
    calls = _count_analyses(monkeypatch)
    page = _not_ready(c.get(reverse("insights:report", args=["html"])))
    assert "Ann" not in _names(page.encode()) and calls == []
    c.post(reverse("insights:analyse"), {"as_of": run.as_of.isoformat()})
    hidden = c.get(reverse("insights:report", args=["html"])).content
    assert "Ann" not in _names(hidden)
    assert hidden == render_html(services.analyze_org(org=tenant.org, as_of=run.as_of)).encode()


def test_a_stored_report_is_not_shown_after_a_new_salt_or_a_removed_person(
    tenant, login, monkeypatch
) -> None:
    from coxswain.web.strategy.models import Person

    # someone nobody's goal or team refers to, so that removing them leaves a valid workbook
    Person.objects.create(org=tenant.org, slug="carl", name="Carl")
    _analysed(tenant)
    c = login(tenant.manager)
    assert c.get(reverse("insights:report", args=["html"])).status_code == 200  # as stored
    tenant.org.privacy_salt = "a-new-salt-for-new-pseudonyms"
    tenant.org.save()
    assert "pseudonyms renewed" in _not_ready(c.get(reverse("insights:report", args=["html"])))
    # a fresh run under the new salt is shown as stored, until a person in it is removed
    _analysed(tenant)
    assert c.get(reverse("insights:report", args=["html"])).status_code == 200
    assert "carl" in services.report_result(org=tenant.org).people
    Person.objects.for_org(tenant.org).filter(slug="carl").delete()
    assert "removed since" in _not_ready(c.get(reverse("insights:report", args=["html"])))
