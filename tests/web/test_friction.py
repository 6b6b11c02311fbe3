"""The friction list of issue 11: names of things, the invitation form, plain errors, deleting
with confirmation and undo, the pulse results, the check-in and the report links."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_editors_name_each_kind_properly(tenant, login) -> None:
    html = login(tenant.manager).get(reverse("strategy:overview")).content.decode()
    headings = re.findall(r"<h2>([^<]*)</h2>", html)
    assert "Capabilities" in headings and "KPIs" in headings and "Capabilitys" not in headings
    assert "Add KPI" in html and "Add capability" in html and "Add kpi" not in html
    new = login(tenant.manager).get(reverse("strategy:new", args=["kpis"])).content.decode()
    assert "New KPI" in new


def _role_options(html: str) -> list[tuple[str, bool]]:
    select = re.search(r'<select name="role".*?</select>', html, re.S)
    assert select is not None
    return [
        (re.search(r'value="(\w+)"', tag).group(1), " selected" in tag)
        for tag in re.findall(r"<option[^>]*>", select.group(0))
    ]


def test_the_invitation_offers_only_what_the_inviter_may_give(tenant, login) -> None:
    from coxswain.web.accounts.models import Invitation

    manager = login(tenant.manager)
    options = _role_options(manager.get(reverse("accounts:team")).content.decode())
    assert options == [("manager", True), ("employee", False)]
    # the default as it comes is accepted: a manager is never refused what the form chose
    r = manager.post(reverse("accounts:team"), {"role": "manager", "email": "", "person": ""})
    assert r.status_code == 200 and r.context["link"]
    refused = manager.post(reverse("accounts:team"), {"role": "owner", "email": "", "person": ""})
    assert refused.context["form"].errors["role"] == ["You can invite as manager or employee."]
    assert list(Invitation.objects.for_org(tenant.org).values_list("role", flat=True)) == [
        "manager"
    ]
    owner = _role_options(login(tenant.owner).get(reverse("accounts:team")).content.decode())
    assert owner == [("owner", True), ("manager", False), ("employee", False)]


def test_ids_and_answers_are_explained_in_plain_words(tenant, login) -> None:
    c = login(tenant.manager)
    r = c.post(reverse("strategy:new", args=["values"]), {"id": "Bread Quality!", "name": "x"})
    (message,) = r.context["form"].errors["id"]
    assert "slug" not in message and "^" not in message
    assert "lowercase letters, digits, _ and -" in message and "bread_quality" in message
    staff = login(tenant.employee)
    r = staff.post(reverse("checkins:mine"), {"q-line_of_sight": "7"})
    (error,) = r.context["errors"]
    assert "line_of_sight" not in error
    assert "I understand how my work contributes to our goals." in error
    assert "whole number from 1 to 5" in error


def test_an_id_that_breaks_the_rule_in_a_file_is_explained_not_shown_as_a_regex(
    make_zip,
) -> None:
    import tempfile
    from pathlib import Path

    from coxswain.workbook import WorkbookError
    from coxswain.workbook.read import read_workbook
    from tests.web.conftest import COMPANY

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "wb.zip"
        path.write_bytes(make_zip({"company.yaml": COMPANY.replace("id: craft", "id: Craft")}))
        with pytest.raises(WorkbookError) as caught:
            read_workbook(path)
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "'Craft' is not a valid id: use lowercase letters" in text
    assert "pattern" not in text and "[a-z" not in text


def test_an_untouched_check_in_is_not_an_update(tenant, login) -> None:
    """The form comes pre-filled with each key result's current value: sending it back as it
    came stores nothing."""
    from coxswain.web.checkins.models import CheckIn

    staff = login(tenant.employee)
    page = staff.get(reverse("checkins:mine")).content.decode()
    form = dict(re.findall(r'name="(kr-[^"]+)"[^>]*value="([^"]*)"', page))
    assert form == {"kr-g_bakers-0": "81.0"} or form == {"kr-g_bakers-0": "81"}
    r = staff.post(reverse("checkins:mine"), form, follow=True)
    assert not CheckIn.objects.for_org(tenant.org).exists()
    assert "Saved 0 key result updates" in r.content.decode() or "Nothing to save" in (
        r.content.decode()
    )


def test_deleting_asks_first_then_can_be_undone(tenant, login) -> None:
    from coxswain.web.strategy.models import Element, StrategyChange

    c = login(tenant.manager)
    c.post(reverse("strategy:new", args=["values"]), {"id": "kindness", "name": "Kindness"})
    url = reverse("strategy:delete", args=["values", "kindness"])
    # The editor's Delete is a link to a confirmation page (no JavaScript needed).
    editor = c.get(reverse("strategy:edit", args=["values", "kindness"])).content.decode()
    assert f'href="{url}"' in editor
    confirm = c.get(url)
    assert confirm.status_code == 200 and "Delete Kindness?" in confirm.content.decode()
    assert Element.objects.for_org(tenant.org).filter(slug="kindness").exists()  # GET deletes not
    r = c.post(url)
    assert r.status_code == 302 and not Element.objects.for_org(tenant.org).filter(slug="kindness")
    overview = c.get(r["Location"]).content.decode()
    change = StrategyChange.objects.for_org(tenant.org).get(action="delete", slug="kindness")
    restore = reverse("strategy:restore", args=[change.pk])
    assert "Deleted Kindness." in overview and f'action="{restore}"' in overview
    assert f'action="{restore}"' in c.get(reverse("strategy:audit")).content.decode()
    assert c.post(restore).status_code == 302
    assert Element.objects.for_org(tenant.org).get(slug="kindness").data == {
        "id": "kindness",
        "name": "Kindness",
    }
    assert StrategyChange.objects.for_org(tenant.org).filter(action="restore").count() == 1
    # restored once: the undo is gone
    assert f'action="{restore}"' not in c.get(reverse("strategy:audit")).content.decode()


def test_deleting_what_is_in_use_says_what_uses_it_by_name(tenant, login) -> None:
    from coxswain.web.strategy.models import Element

    c = login(tenant.manager)
    url = reverse("strategy:delete", args=["objectives", "bread_quality"])
    page = c.get(url).content.decode()
    assert "Best bread in the neighbourhood is still in use" in page
    text = re.sub(r"<[^>]+>", "", page)
    assert "Objective: Healthy margin" in text
    assert "KPI: Average review rating" in text
    assert "Goal: Every loaf meets the standard" in text
    assert "Initiative: Cheap flour" in text
    assert (
        "drivers[0]" not in page
        and "did you mean" not in page
        and 'type="submit">Delete' not in page
    )
    assert reverse("strategy:edit", args=["kpis", "review_rating"]) in page  # a way forward
    r = c.post(url)
    assert r.status_code == 409 and Element.objects.for_org(tenant.org).filter(slug="bread_quality")
    # rows of a table are counted, not listed
    text = re.sub(
        r"<[^>]+>",
        "",
        c.get(reverse("strategy:delete", args=["initiatives", "cheap_flour"])).content.decode(),
    )
    assert "1 row of spend.csv" in text


def test_many_references_are_summarised(tenant) -> None:
    from coxswain.web.strategy import services

    mapping = {"kpis": [{"id": f"k{i}", "name": f"KPI {i}"} for i in range(8)]}
    problems = [
        type("P", (), {"path": f"kpis[{i}].objective", "file": "company.yaml", "line": None})()
        for i in range(8)
    ]
    (group,) = services._reference_groups(problems, mapping)
    assert group.what == "KPIs" and len(group.links) == 5 and group.more == 3
    assert services.Referenced([group]).summary("Margin") == (
        "Margin is still used by KPIs: KPI 0, KPI 1, KPI 2, KPI 3, KPI 4 and 3 more."
    )


def test_delete_and_restore_are_tenant_scoped_and_for_managers(tenant, other_tenant, login):
    from coxswain.web.strategy.models import StrategyChange

    c = login(tenant.manager)
    c.post(reverse("strategy:new", args=["values"]), {"id": "kindness", "name": "Kindness"})
    c.post(reverse("strategy:delete", args=["values", "kindness"]))
    change = StrategyChange.objects.for_org(tenant.org).get(action="delete")
    restore = reverse("strategy:restore", args=[change.pk])
    assert login(other_tenant.owner).post(restore).status_code == 404
    assert (
        login(other_tenant.owner)
        .get(reverse("strategy:delete", args=["values", "craft"]))
        .status_code
        == 200
    )  # their own craft
    assert login(tenant.employee).post(restore).status_code == 403
    assert (
        login(tenant.employee).get(reverse("strategy:delete", args=["values", "craft"])).status_code
        == 403
    )
    assert c.get(restore).status_code == 405


def test_the_html_report_opens_in_the_browser_with_a_separate_download(tenant, login) -> None:
    from coxswain.web.insights import services

    services.start_analysis(org=tenant.org, user=tenant.manager.user)
    c = login(tenant.manager)
    url = reverse("insights:report", args=["html"])
    opened = c.get(url)
    assert opened.status_code == 200 and opened["Content-Disposition"].startswith("inline;")
    # its inline style applies; still nothing runs and nothing is loaded
    policy = opened["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy and "default-src 'none'" in policy
    assert "script-src" not in policy and "<script" not in opened.content.decode()
    saved = c.get(url + "?download=1")
    assert saved["Content-Disposition"].startswith("attachment;")
    assert saved.content == opened.content
    dashboard = c.get(reverse("insights:dashboard")).content.decode()
    assert f'href="{url}"' in dashboard and f'href="{url}?download=1"' in dashboard
    assert f'href="{reverse("insights:report_pdf")}"' in dashboard  # the PDF via its busy page


def test_the_pdf_link_shows_that_it_is_being_made_without_javascript(tenant, login) -> None:
    c = login(tenant.manager)
    page = c.get(reverse("insights:report_pdf"))
    html = page.content.decode()
    pdf = reverse("insights:report", args=["pdf"])
    assert page.status_code == 200 and "Preparing the PDF" in html and 'role="status"' in html
    assert f'<meta http-equiv="refresh" content="0;url={pdf}">' in html
    assert f'href="{pdf}"' in html  # and a plain link if the refresh does not happen
    assert login(tenant.employee).get(reverse("insights:report_pdf")).status_code == 403


def test_pulse_results_are_linked_and_read_plainly(tenant, login) -> None:
    import datetime as dt

    from coxswain.analysis.rules import enps
    from coxswain.web.checkins.models import CheckIn, SurveyAnswer
    from coxswain.web.strategy.models import Person

    answers = [10, 10, 9, 7, 2]  # 3 promoters, 1 detractor of 5: eNPS 40 (the mean is 7.6)
    for i, a in enumerate(answers):
        SurveyAnswer.objects.create(
            org=tenant.org,
            respondent=f"anon-{i}",
            date=dt.date(2026, 3, 1),
            question="enps",
            answer=str(a),
            team="bakers",
        )
    CheckIn.objects.create(
        org=tenant.org,
        person=Person.objects.for_org(tenant.org).get(slug="bob"),
        goal="g_bakers",
        key_result=0,
        date=dt.date(2026, 3, 2),
        value=85,
        confidence=4,
    )
    c = login(tenant.manager)
    results = reverse("checkins:results")
    assert f'href="{results}"' in c.get(reverse("checkins:mine")).content.decode()
    assert f'href="{results}"' in c.get(reverse("accounts:team")).content.decode()
    page = c.get(results)
    enps_row = next(q for q in page.context["survey"]["questions"] if q["key"] == "enps")
    assert enps_row["company"] == 40 == enps([float(a) for a in answers])
    assert enps_row["teams"] == [("bakers", 40, 5)]
    text = re.sub(r"<[^>]+>", "", page.content.decode())
    assert "Bakers: 40" in text and "−100 to 100" in text and "7.6" not in text
    assert "Every loaf meets the standard: Loaves passing the check → 85%" in text
    assert "g_bakers" not in text and "#1" not in text
    # a question without a team large enough says so in words, not "—"
    assert "no team shown: none has 5 answers or more" in text


def test_enps_is_promoters_minus_detractors() -> None:
    from coxswain.analysis.rules import enps

    assert enps([]) is None
    assert enps([10, 9, 8, 7]) == 50.0
    assert enps([0, 6, 7, 8]) == -50.0
    assert enps([9] * 3) == 100.0 and enps([6] * 3) == -100.0


def test_an_action_is_assigned_to_a_person_of_the_workbook(tenant, login) -> None:
    """The form offers the workbook's people; the member linked to the person (bob's
    account) owns it and sees it; a person without an account can be assigned too; the
    assignment survives a re-import of the workbook."""
    import tempfile
    from pathlib import Path

    from coxswain.web.insights.models import Action
    from coxswain.web.workbook_io import store_workbook
    from coxswain.workbook.read import read_workbook
    from tests.web.conftest import workbook_zip

    c = login(tenant.manager)
    page = c.get(reverse("insights:actions")).content.decode()
    assert re.search(r'<select name="assignee"[^>]*>.*value="bob"', page, re.S)
    for who in ("bob", "ann"):
        r = c.post(
            reverse("insights:create_action"),
            {"title": f"Taste test ({who})", "assignee": who, "due": "2026-05-01"},
        )
        assert r.status_code == 302
    bob, ann = (
        Action.objects.for_org(tenant.org).get(title=f"Taste test ({w})") for w in ("bob", "ann")
    )
    assert bob.person.slug == "bob" and bob.owner == tenant.employee  # linked member
    assert ann.person.slug == "ann" and ann.owner is None  # no account: still assigned
    mine = login(tenant.employee).get(reverse("insights:actions")).context["actions"]
    assert [a.title for a in mine] == ["Taste test (bob)"]
    # an older form naming a member: their person becomes the assignee
    c.post(
        reverse("insights:create_action"),
        {"title": "By member", "owner": str(tenant.employee.pk), "due": "2026-05-01"},
    )
    assert Action.objects.for_org(tenant.org).get(title="By member").person.slug == "bob"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "wb.zip"
        path.write_bytes(workbook_zip())
        store_workbook(tenant.org, read_workbook(path))
    ann.refresh_from_db()
    assert ann.person is not None and ann.person.slug == "ann"


def test_an_action_for_another_organisations_person_is_refused(tenant, other_tenant, login):
    from coxswain.web.insights.models import Action
    from coxswain.web.strategy.models import Person

    Person.objects.create(org=other_tenant.org, slug="theirs_only")
    r = login(tenant.manager).post(
        reverse("insights:create_action"),
        {"title": "x", "assignee": "theirs_only", "due": "2026-05-01"},
    )
    assert r.status_code == 302 and not Action.objects.for_org(tenant.org).exists()


def test_a_name_of_ten_thousand_letters_and_an_overflowing_number_are_refused(
    tenant, login
) -> None:
    """A 10,000-letter objective name was saved and made five pages 120,000 px wide; a head
    count past what the database stores was a server error."""
    c = login(tenant.owner)
    r = c.post(reverse("strategy:new", args=["values"]), {"id": "long", "name": "N" * 10_000})
    assert r.status_code == 200 and "at most 300 characters" in str(r.context["form"].errors)
    r = c.post(
        reverse("strategy:profile"),
        {"name": "Bakery", "currency": "GBP", "employees": "9223372036854775808", "min_group": "5"},
    )
    assert r.status_code == 200 and "less than or equal to" in r.content.decode()
