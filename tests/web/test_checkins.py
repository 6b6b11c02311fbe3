"""Check-ins and pulse surveys; staff see only their own data; survey privacy threshold."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_employee_checks_in_on_own_goals(tenant, login) -> None:
    from coxswain.web.checkins.models import CheckIn, SurveyAnswer
    from coxswain.web.workbook_io import load_workbook

    c = login(tenant.employee)  # bob, in team bakers: owns g_bakers through the team
    page = c.get(reverse("checkins:mine"))
    assert [g["id"] for g in page.context["goals"]] == ["g_bakers"]
    r = c.post(
        reverse("checkins:mine"),
        {
            "kr-g_bakers-0": "90",
            "conf-g_bakers-0": "4",
            "q-line_of_sight": "4",
            "q-enps": "9",
            "q-priorities": "Good bread",
        },
    )
    assert r.status_code == 302
    goal = next(g for g in load_workbook(tenant.org).company.goals if g.id == "g_bakers")
    assert goal.key_results[0].current == 90
    checkin = CheckIn.objects.for_org(tenant.org).get()
    assert (checkin.value, checkin.confidence, checkin.person.slug) == (90, 4, "bob")
    answers = dict(
        SurveyAnswer.objects.for_org(tenant.org)
        .filter(respondent="bob")
        .values_list("question", "answer")
    )
    assert answers == {"line_of_sight": "4", "enps": "9", "priorities": "Good bread"}


def test_out_of_range_pulse_answer_is_refused(tenant, login) -> None:
    from coxswain.web.checkins.models import SurveyAnswer

    r = login(tenant.employee).post(reverse("checkins:mine"), {"q-line_of_sight": "7"})
    assert r.status_code == 200 and r.context["errors"]
    assert not SurveyAnswer.objects.for_org(tenant.org).exists()


@pytest.mark.parametrize("typed", ["lots", "inf", "nan", "1,2,3", "12,00"])
def test_a_value_that_is_not_a_number_is_refused_and_kept_on_the_page(tenant, login, typed) -> None:
    """Typing mistakes (a word, an infinity, a misplaced separator) were a server error; now
    the page says what to type, stores nothing (not even the pulse answers sent with it) and
    shows the text again as typed."""
    from coxswain.web.checkins.models import CheckIn, SurveyAnswer

    r = login(tenant.employee).post(
        reverse("checkins:mine"),
        {"kr-g_bakers-0": typed, "q-line_of_sight": "4", "q-priorities": "Good bread"},
    )
    assert r.status_code == 200
    assert any("type a plain number" in e for e in r.context["errors"]), r.context["errors"]
    page = r.content.decode()
    assert f'value="{typed}"' in page and ">Good bread</textarea>" in page
    assert not CheckIn.objects.for_org(tenant.org).exists()
    assert not SurveyAnswer.objects.for_org(tenant.org).exists()


def test_a_value_reads_as_the_company_writes_numbers(tenant, login) -> None:
    from coxswain.web.checkins.models import CheckIn

    r = login(tenant.employee).post(reverse("checkins:mine"), {"kr-g_bakers-0": "1,200"})
    assert r.status_code == 302
    assert CheckIn.objects.for_org(tenant.org).get().value == 1200


def test_a_huge_value_is_stored_and_every_page_still_shows(tenant, login) -> None:
    """1e308 is a number (a slip, but the owner must see it to correct it): the check-in
    screen and the goal's page answered 500 on every visit after it was stored."""
    staff = login(tenant.employee)
    assert staff.post(reverse("checkins:mine"), {"kr-g_bakers-0": "1e308"}).status_code == 302
    page = staff.get(reverse("checkins:mine"))
    assert page.status_code == 200 and "→ 1E308" in page.content.decode()
    goal_page = staff.get(reverse("collab:goal", args=["g_bakers"]))
    assert goal_page.status_code == 200 and "1E308" in goal_page.content.decode()
    assert login(tenant.owner).get(reverse("collab:goal", args=["g_bakers"])).status_code == 200


def test_an_empty_check_in_says_nothing_was_saved(tenant, login) -> None:
    r = login(tenant.employee).post(reverse("checkins:mine"), {})
    assert r.status_code == 200 and r.context["errors"] == [
        "Nothing to save: type a new value or answer a question first."
    ]


def test_cannot_check_in_on_someone_elses_goal(tenant) -> None:
    from coxswain.web.checkins import services
    from coxswain.web.strategy.models import Person

    bob = Person.objects.for_org(tenant.org).get(slug="bob")
    with pytest.raises(PermissionError):
        services.record_checkin(
            org=tenant.org,
            person=bob,
            date=dt.date(2026, 4, 1),
            updates=[services.KrUpdate(goal="g_ann", key_result=0, value=5, confidence=None)],
        )


def test_employee_cannot_see_colleagues_checkins_or_results(tenant, login) -> None:
    c = login(tenant.employee)
    assert c.get(reverse("checkins:person", args=["ann"])).status_code == 403
    assert c.get(reverse("checkins:results")).status_code == 403
    assert c.get(reverse("insights:dashboard")).status_code == 403
    assert c.get(reverse("insights:data")).status_code == 403
    assert c.get(reverse("accounts:team")).status_code == 403
    assert login(tenant.manager).get(reverse("checkins:person", args=["ann"])).status_code == 200


def test_manager_cannot_upload_or_download_the_workbook(tenant, login) -> None:
    c = login(tenant.manager)
    assert c.get(reverse("insights:data")).status_code == 403
    assert c.get(reverse("insights:download", args=["zip"])).status_code == 403


def test_owner_downloads_the_workbook(tenant, login, tmp_path) -> None:
    from coxswain.web.workbook_io import load_workbook
    from coxswain.workbook.read import read_workbook

    for fmt in ("zip", "xlsx"):
        r = login(tenant.owner).get(reverse("insights:download", args=[fmt]))
        assert r.status_code == 200
        path = tmp_path / f"out.{fmt}"
        path.write_bytes(b"".join(r.streaming_content))
        assert read_workbook(path) == load_workbook(tenant.org)


def test_survey_results_only_for_groups_of_min_group(tenant) -> None:
    from coxswain.web.checkins.models import SurveyAnswer
    from coxswain.web.checkins.selectors import survey_results

    def answer(who: str, team: str, value: str) -> None:
        SurveyAnswer.objects.create(
            org=tenant.org,
            respondent=who,
            team=team,
            date=dt.date(2026, 3, 1),
            question="line_of_sight",
            answer=value,
        )

    for i in range(4):
        answer(f"p{i}", "bakers", "4")
    results = survey_results(org=tenant.org)
    los = next(q for q in results["questions"] if q["key"] == "line_of_sight")
    assert los["company"] is None and los["teams"] == []  # 4 < min_group 5
    answer("p4", "bakers", "2")
    answer("p5", "sales", "5")
    los = next(
        q for q in survey_results(org=tenant.org)["questions"] if q["key"] == "line_of_sight"
    )
    assert los["company"] == pytest.approx((4 * 4 + 2 + 5) / 6, abs=0.05)  # to 1 decimal
    # sales (1 person) is hidden, and so is bakers: the company minus bakers is sales' answer
    assert los["teams"] == []


def test_invitation_link_joins_the_organisation_once(tenant, login, client) -> None:
    from coxswain.web.accounts.models import Membership

    r = login(tenant.manager).post(
        reverse("accounts:team"), {"role": "employee", "email": "", "person": "ann"}
    )
    link = r.context["link"]
    path = link.split("testserver")[1]
    joined = client.post(
        path, {"username": "ann_new", "email": "", "password": "a sturdy passphrase 7"}
    )
    assert joined.status_code == 302
    m = Membership.objects.for_org(tenant.org).get(user__username="ann_new")
    assert m.role == "employee" and m.person.slug == "ann"
    client.logout()
    assert client.get(path).status_code == 404  # used


def test_manager_cannot_invite_an_owner(tenant, login) -> None:
    r = login(tenant.manager).post(
        reverse("accounts:team"), {"role": "owner", "email": "", "person": ""}
    )
    assert r.status_code == 200 and r.context["form"].errors["role"] and r.context["link"] is None


def test_weekly_digest_and_reminders_respect_opt_outs(tenant, mailoutbox) -> None:
    from coxswain.web.accounts.services import set_preferences
    from coxswain.web.insights import services

    services.create_action(
        org=tenant.org, title="Fix the oven", owner=tenant.manager, due=dt.date(2020, 1, 1)
    )
    mailoutbox.clear()  # the manager's assignment e-mail: not part of the weekly round
    stats = services.send_nudges(today=dt.date(2026, 4, 1))
    to = sorted(m.to[0] for m in mailoutbox)
    assert stats.sent == 3 and len(to) == 3
    digest = next(m for m in mailoutbox if m.to[0] == tenant.owner.user.email)
    assert "Fix the oven" in digest.body
    reminder = next(m for m in mailoutbox if m.to[0] == tenant.employee.user.email)
    assert "check-in" in reminder.subject
    mailoutbox.clear()
    set_preferences(membership=tenant.employee, digest_emails=True, reminder_emails=False)
    set_preferences(membership=tenant.owner, digest_emails=False, reminder_emails=True)
    services.send_nudges(today=dt.date(2026, 4, 1))
    assert [m.to[0] for m in mailoutbox] == [tenant.manager.user.email]


def test_digest_lists_only_findings_new_this_week(tenant, mailoutbox) -> None:
    from django.utils import timezone

    from coxswain.web.insights import services
    from coxswain.web.insights.models import AnalysisRun

    def finding(fid: str) -> dict:
        return {
            "id": fid,
            "kind": "silo",
            "severity": "low",
            "subjects": fid.split(":")[1:],  # the id is kind:subjects (findings.md)
            "title": f"T {fid}",
            "evidence": {},
        }

    now = timezone.now()
    AnalysisRun.objects.create(
        org=tenant.org,
        status="done",
        finished=now - dt.timedelta(days=20),
        result={"findings": [finding("silo:old")]},
    )
    AnalysisRun.objects.create(
        org=tenant.org,
        status="done",
        finished=now,
        result={"findings": [finding("silo:old"), finding("silo:new")]},
    )
    services.send_nudges(today=timezone.localdate())
    digest = next(m for m in mailoutbox if m.to[0] == tenant.owner.user.email)
    assert "T silo:new" in digest.body and "T silo:old" not in digest.body


def test_invitation_with_an_address_is_e_mailed(tenant, login, mailoutbox) -> None:
    r = login(tenant.owner).post(
        reverse("accounts:team"), {"role": "manager", "email": "new@example.com", "person": ""}
    )
    assert [m.to for m in mailoutbox] == [["new@example.com"]]
    assert r.context["link"] in mailoutbox[0].body


def test_pages_name_people_by_pseudonym_unless_show_names(tenant, login) -> None:
    from coxswain.web.strategy.models import CompanyProfile

    c = login(tenant.manager)
    page = c.get(reverse("strategy:cascade")).content.decode()
    labels = c.get(reverse("strategy:cascade")).context["labels"]
    assert labels["ann"].startswith("Person ") and labels["bakers"] == "Bakers"
    assert labels["ann"] in page and ">ann<" not in page.replace(" ", "")
    profile = CompanyProfile.objects.for_org(tenant.org).get()
    profile.show_names = True
    profile.save()
    assert c.get(reverse("strategy:cascade")).context["labels"]["ann"] == "Ann"


def test_nudges_go_out_once_a_week(tenant, mailoutbox) -> None:
    from django.utils import timezone

    from coxswain.web.insights import services
    from coxswain.web.insights.models import NudgeRound

    monday = timezone.now()
    first = services.send_nudges_if_due(now=monday)
    assert first is not None and first.sent == len(mailoutbox) > 0
    sent = len(mailoutbox)
    # The hourly check later the same week sends nothing more; a week later it does.
    assert services.send_nudges_if_due(now=monday + dt.timedelta(days=6, hours=23)) is None
    assert len(mailoutbox) == sent
    assert services.send_nudges_if_due(now=monday + dt.timedelta(days=7)) is not None
    assert len(mailoutbox) > sent
    assert NudgeRound.objects.count() == 2


def test_checkins_are_exported_to_the_workbook_and_survive_a_reimport(tenant) -> None:
    import polars as pl

    from coxswain.web.checkins import services
    from coxswain.web.checkins.models import CheckIn
    from coxswain.web.strategy.models import Person
    from coxswain.web.workbook_io import load_workbook, store_workbook

    bob = Person.objects.for_org(tenant.org).get(slug="bob")
    for day, value in ((dt.date(2026, 3, 1), 80.0), (dt.date(2026, 4, 1), 85.0)):
        services.record_checkin(
            org=tenant.org,
            person=bob,
            date=day,
            updates=[services.KrUpdate(goal="g_bakers", key_result=0, value=value, confidence=3)],
        )
    workbook = load_workbook(tenant.org)
    rows = workbook.checkins.select("date", "person", "goal", "key_result", "value").rows()
    assert rows == [
        (dt.date(2026, 3, 1), "bob", "g_bakers", "morning_check", 80.0),
        (dt.date(2026, 4, 1), "bob", "g_bakers", "morning_check", 85.0),
    ]  # the key result by its id, where it has one
    # a row whose person the app does not know is kept as it was, beside the app's own
    extra = pl.DataFrame(
        {
            "date": [dt.date(2026, 2, 1)],
            "person": [None],
            "goal": ["g_bakers"],
            "key_result": ["0"],
            "value": [75.0],
            "confidence": [None],
        },
        schema=workbook.checkins.schema,
    )
    tables = {**workbook.tables, "checkins": pl.concat([extra, workbook.checkins])}
    from coxswain.workbook import Workbook

    store_workbook(tenant.org, Workbook(company=workbook.company, tables=tables))
    assert CheckIn.objects.for_org(tenant.org).count() == 2
    again = load_workbook(tenant.org).checkins
    assert again.get_column("value").to_list() == [75.0, 80.0, 85.0]
    assert again.get_column("person").to_list() == [None, "bob", "bob"]


def test_another_tenants_checkins_are_not_exported(tenant, other_tenant) -> None:
    from coxswain.web.checkins import services
    from coxswain.web.strategy.models import Person
    from coxswain.web.workbook_io import load_workbook

    bob = Person.objects.for_org(tenant.org).get(slug="bob")
    services.record_checkin(
        org=tenant.org,
        person=bob,
        date=dt.date(2026, 3, 1),
        updates=[services.KrUpdate(goal="g_bakers", key_result=0, value=80, confidence=None)],
    )
    assert not load_workbook(other_tenant.org).has("checkins")


def test_a_key_result_measured_by_a_kpi_is_read_not_typed(tenant, login) -> None:
    """A key result that names a KPI (``kpi:``) has the KPI's latest value on the check-in
    form, the cascade and in the analysis alike; typing a value for it stores nothing."""
    import copy

    from coxswain.web.checkins.models import CheckIn
    from coxswain.web.strategy import services
    from coxswain.web.strategy.models import Element, KpiValue
    from coxswain.web.workbook_io import company_for, load_workbook

    latest = KpiValue.objects.for_org(tenant.org).order_by("-date", "kpi").first()
    assert latest is not None
    goal = Element.objects.for_org(tenant.org).get(kind="goals", slug="g_bakers")
    item = copy.deepcopy(goal.data)
    item["key_results"][0]["kpi"] = latest.kpi
    item["key_results"][0]["current"] = latest.value + 1000  # stale: the KPI wins
    services.save_element(
        org=tenant.org, user=tenant.owner.user, kind="goals", item=item, element=goal
    )
    typed = next(g for g in company_for(tenant.org).goals if g.id == "g_bakers")
    assert typed.key_results[0].current == latest.value
    # the analysis reads it the same way (Workbook.until)
    visible = load_workbook(tenant.org).until(latest.date)
    assert (
        next(g for g in visible.company.goals if g.id == "g_bakers").key_results[0].current
        == latest.value
    )

    c = login(tenant.employee)
    page = c.get(reverse("checkins:mine"))
    html = page.content.decode()
    assert 'name="kr-g_bakers-0"' not in html and "read from the KPI" in html
    # the value as the KPI's tile writes it: one formatter, the KPI's unit
    from coxswain.wording import Words

    unit = next(k for k in company_for(tenant.org).kpis if k.id == latest.kpi).unit
    shown = Words().amount(latest.value, unit)
    assert f'class="measured">{shown}</output>' in html
    r = c.post(reverse("checkins:mine"), {"kr-g_bakers-0": "12345"})
    assert r.status_code == 200 and r.context["errors"][0].startswith("Nothing to save")
    assert not CheckIn.objects.for_org(tenant.org).exists()


def test_a_key_result_naming_an_unknown_kpi_is_refused_with_its_place(tenant) -> None:
    import copy

    from coxswain.web.strategy import services
    from coxswain.web.strategy.models import Element

    goal = Element.objects.for_org(tenant.org).get(kind="goals", slug="g_bakers")
    item = copy.deepcopy(goal.data)
    item["key_results"][0]["kpi"] = "no_such_kpi"
    with pytest.raises(services.Invalid) as refused:
        services.save_element(
            org=tenant.org, user=tenant.owner.user, kind="goals", item=item, element=goal
        )
    # placed on the key result's row of the editor, in words
    errors = refused.value.errors
    assert list(errors) == ["key_results.0.kpi"], errors
    assert "'no_such_kpi' is not a known KPI" in errors["key_results.0.kpi"][0]
