"""Forgetting a person in the web app (owners), through the one registry of everything that
names a person, and the per-person data export for access requests."""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from tests.web.conftest import PASSWORD, workbook_zip

NAME = "Annabel Quixote"
EMAIL = "annabel.q@example.org"
HANDLE = "@aquix"
PEOPLE = (
    "id,name,team,role,manager,hired,skills,training_hours,email,handles\n"
    f"ann,{NAME},bakers,head baker,,2020-01-01,sourdough:4,10,{EMAIL},{HANDLE}\n"
    "bob,Bob,bakers,baker,ann,2022-03-01,sourdough:2,0,bob@example.org,\n"
    "cy,Cy,bakers,baker,ann,2022-03-01,sourdough:2,0,,\n"
)
MESSAGES = (
    "timestamp,sender,recipients,channel,text\n"
    "2026-03-01T09:00:00Z,ann,bob;cy,general,morning all\n"
    "2026-03-01T09:05:00Z,bob,ann,general,thanks\n"
    "2026-03-01T09:06:00Z,bob,ann;cy,general,ask Annabel Quixote about rye\n"
    "2026-03-01T09:07:00Z,cy,bob,general,ok\n"
)


@pytest.fixture
def rich(tenant):
    """Ann named in every place the app stores something: her row, an account, an
    invitation, check-ins, pulse answers (and a colleague's answer naming her), messages,
    the change log, an analysis run, a dismissal, an action and review notes."""
    from django.contrib.auth import get_user_model

    from coxswain.web.accounts.models import Invitation, Membership, Role
    from coxswain.web.checkins import services as checkins
    from coxswain.web.insights import services as insights
    from coxswain.web.insights.models import StrategicReview
    from coxswain.web.strategy import services as strategy
    from coxswain.web.strategy.models import Person
    from coxswain.web.workbook_io import store_workbook
    from coxswain.workbook.read import read_workbook

    org = tenant.org
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "wb.zip"
        path.write_bytes(workbook_zip({"people.csv": PEOPLE, "messages.csv": MESSAGES}))
        store_workbook(org, read_workbook(path))
    ann = Person.objects.for_org(org).get(slug="ann")
    user = get_user_model().objects.create_user(username="annabelq", email=EMAIL, password=PASSWORD)
    Membership.objects.create(org=org, role=Role.employee, user=user, person=ann)
    Invitation.objects.create(
        org=org,
        role=Role.employee,
        email=EMAIL,
        token_hash="x" * 64,
        expires=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
    )
    checkins.record_checkin(
        org=org,
        person=ann,
        updates=[checkins.KrUpdate(goal="g_ann", key_result=0, value=5, confidence=4)],
        date=dt.date(2026, 3, 2),
        user=user,
    )
    checkins.answer_pulse(
        org=org,
        person=ann,
        answers={"line_of_sight": "2", "priorities": "my own secret words"},
        date=dt.date(2026, 3, 2),
    )
    bob = Person.objects.for_org(org).get(slug="bob")
    checkins.answer_pulse(
        org=org,
        person=bob,
        answers={"priorities": f"bread, and {NAME} keeps us going"},
        date=dt.date(2026, 3, 2),
    )
    strategy.save_person(
        org=org,
        user=tenant.owner.user,
        person=ann,
        data={
            "id": "ann",
            "name": NAME,
            "team": "bakers",
            "role": "head baker",
            "manager": "",
            "hired": dt.date(2020, 1, 1),
            "skills": "sourdough:5",
            "training_hours": 12.0,
            "email": EMAIL,
            "handles": HANDLE,
        },
    )
    run = insights.start_analysis(org=org, user=tenant.owner.user, as_of=None)
    run.refresh_from_db()
    assert run.status == "done", run.error
    assert "ann" in run.report
    finding = {"id": "f:ann", "evidence": {"who": "ann"}}
    insights.dismiss_finding(
        org=org, user=tenant.owner.user, finding=finding, reason=f"{NAME} is on leave"
    )
    insights.create_action(
        org=org, title="Pair ann with bob", owner=None, due=dt.date(2026, 5, 1), finding_id="f:ann"
    )
    from coxswain.web.collab.services import add_comment

    ann_member = Membership.objects.for_org(org).get(user=user)
    add_comment(  # hers, and a notification to the manager that names her account
        org=org,
        author=ann_member,
        subject="goal",
        ref="g_ann",
        body=f"Done, @{tenant.manager.user.username}",
        link="/",
        title="a goal",
    )
    add_comment(  # a colleague's, naming her (and notifying her)
        org=org,
        author=tenant.manager,
        subject="goal",
        ref="g_ann",
        body=f"Thanks @annabelq, {NAME} did well",
        link="/",
        title="a goal",
    )
    StrategicReview.objects.create(
        org=org, date=dt.date(2026, 3, 3), kind="monthly", notes=f"{NAME} presented"
    )
    from coxswain.web.backtests.models import BacktestRun

    BacktestRun.objects.create(  # a backtest whose actions name her
        org=org, status="done", result='{"actions": [{"title": "Pair ann with bob"}]}'
    )
    from coxswain.web.scenarios.models import SavedScenario, ScenarioRun

    SavedScenario.objects.create(org=org, name="Cover leave", description=f"If {NAME} leaves")
    ScenarioRun.objects.create(org=org, status="done", page=f"<p>{NAME} leaves</p>")
    return tenant


def _needles() -> re.Pattern[str]:
    words = "|".join(re.escape(n) for n in ("ann", NAME, EMAIL, HANDLE, "annabelq"))
    return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE)


def _raw_scan() -> list[str]:
    """Every text or JSON cell of every table in the database that names her."""
    from django.db import connection

    pattern = _needles()
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "ignore")
                    if isinstance(value, str) and pattern.search(value):
                        hits.append(f"{table}.{column}: {value[:120]!r}")
    return hits


def _registered_scan(org) -> list[str]:
    """Every registered model's text cells, and the evidence tables read as tables."""
    import io

    import polars as pl

    from coxswain.web.persondata import covered_models, text_fields
    from coxswain.web.strategy.models import EvidenceTable

    pattern = _needles()
    hits = []
    for model in covered_models():
        for row in model._default_manager.all():
            for f in text_fields(model):
                value = getattr(row, f)
                text = value if isinstance(value, str) else json.dumps(value)
                if pattern.search(text):
                    hits.append(f"{model.__name__}.{f}: {text[:120]!r}")
    for blob in EvidenceTable.objects.for_org(org):
        frame = pl.read_parquet(io.BytesIO(bytes(blob.data)))
        for record in frame.to_dicts():
            if pattern.search(json.dumps(record, default=str)):
                hits.append(f"{blob.name}: {record}")
    return hits


def test_forgetting_leaves_nothing_that_names_them(rich, login) -> None:
    from coxswain.web.insights.models import AnalysisRun
    from coxswain.web.strategy.models import StrategyChange
    from coxswain.web.workbook_io import load_workbook

    assert _raw_scan() and _registered_scan(rich.org)  # she is everywhere before
    r = login(rich.owner).post(reverse("strategy:person_forget", args=["ann"]), {"confirm": "ann"})
    assert r.status_code == 302, r.content.decode()[-2000:]
    assert _registered_scan(rich.org) == []
    assert _raw_scan() == []
    workbook = load_workbook(rich.org)  # still a valid workbook
    assert "ann" not in workbook.people["id"].to_list()
    assert workbook.people.filter(manager="ann").height == 0
    goal = next(g for g in workbook.company.goals if g.id == "g_ann")
    assert goal.owner == "bakers"  # her goal passed to her team
    # the message she sent and the one addressed only to her are gone
    assert workbook.messages.height == 2
    assert "[forgotten]" in workbook.messages["text"].to_list()[0]  # bob's, redacted
    assert all("bob" in (r or "") or "cy" in (r or "") for r in workbook.messages["recipients"])
    run = AnalysisRun.objects.for_org(rich.org).get()
    assert run.result is None and run.report == "" and "forgotten" in run.error
    assert run.alignment_index is not None  # the history keeps the index
    from coxswain.web.backtests.models import BacktestRun

    backtest = BacktestRun.objects.for_org(rich.org).get()
    assert backtest.result == "" and "forgotten" in backtest.error
    log = StrategyChange.objects.for_org(rich.org).filter(action="forget").get()
    assert log.after["changed"]["workbook"] > 0
    # the colleague's answer stays, the name redacted
    from coxswain.web.checkins.models import SurveyAnswer

    assert SurveyAnswer.objects.for_org(rich.org).filter(respondent="bob").get().answer == (
        "bread, and [forgotten] keeps us going"
    )


def test_confirmation_and_self_erasure_are_refused(rich, login) -> None:
    from coxswain.web.accounts.models import Membership
    from coxswain.web.strategy.models import Person

    owner = login(rich.owner)
    r = owner.post(reverse("strategy:person_forget", args=["ann"]), {"confirm": "bob"})
    assert r.status_code == 400
    assert Person.objects.for_org(rich.org).filter(slug="ann").exists()
    rich.owner.person = Person.objects.for_org(rich.org).get(slug="bob")
    rich.owner.save()
    r = owner.post(reverse("strategy:person_forget", args=["bob"]), {"confirm": "bob"})
    assert r.status_code == 400 and "your own account" in r.content.decode()
    assert Person.objects.for_org(rich.org).filter(slug="bob").exists()
    assert Membership.objects.for_org(rich.org).filter(pk=rich.owner.pk).exists()


def test_erasure_waits_for_a_running_analysis(rich, login) -> None:
    """A running analysis read the workbook with her in it and would store a result naming
    her after the erasure: refused until it has finished."""
    from coxswain.web.insights.models import AnalysisRun
    from coxswain.web.strategy.models import Person

    run = AnalysisRun.objects.create(org=rich.org, status="running")
    url = reverse("strategy:person_forget", args=["ann"])
    r = login(rich.owner).post(url, {"confirm": "ann"})
    assert r.status_code == 400 and "running" in r.content.decode()
    assert Person.objects.for_org(rich.org).filter(slug="ann").exists()
    run.status = "done"
    run.save()
    assert login(rich.owner).post(url, {"confirm": "ann"}).status_code == 302


def test_person_export_holds_what_the_registry_finds(rich, login) -> None:
    r = login(rich.owner).get(reverse("strategy:person_export", args=["ann"]))
    assert r.status_code == 200
    assert r["Content-Disposition"].startswith("attachment")
    data = json.loads(r.content)
    sources = data["sources"]
    assert {"workbook", "check-ins", "survey answers", "accounts", "analysis runs"} <= set(sources)
    row = next(x for x in sources["workbook"] if x["kind"] == "people.csv")
    assert row["name"] == NAME and row["email"] == EMAIL
    assert any(x.get("sender") == "ann" for x in sources["workbook"])  # her messages
    assert sources["check-ins"][0]["goal"] == "g_ann"
    assert sources["accounts"][0]["email"] == EMAIL
    assert sources["analysis runs"]
    assert sources["dismissals"] and sources["actions"] and sources["strategic reviews"]
    # nothing of bob's own answers
    assert "bob" not in {a.get("respondent") for a in sources["survey answers"]}


def _opt_in(org, on: bool) -> None:
    from coxswain.web.checkins.models import SurveySettings

    SurveySettings.objects.for_org(org).update_or_create(org=org, defaults={"show_respondents": on})


def _export(rich, login) -> tuple[str, list[dict]]:
    r = login(rich.owner).get(reverse("strategy:person_export", args=["ann"]))
    assert r.status_code == 200
    return r.content.decode(), json.loads(r.content)["sources"]["survey answers"]


def test_person_export_without_opt_in_holds_no_answer_content(rich, login) -> None:
    """Staff are told their answers are shown only as group averages: without
    privacy.show_survey_respondents the owner's export counts her answers and their dates."""
    _opt_in(rich.org, False)
    text, answers = _export(rich, login)
    assert "my own secret words" not in text
    theirs = [a for a in answers if "their_answers" in a]
    assert theirs == [
        {"their_answers": 2, "dates": ["2026-03-02"], "content": theirs[0]["content"]}
    ]
    assert not any("answer" in a or "question" in a for a in theirs)
    # erasure still deletes them all
    from coxswain.web.checkins.models import SurveyAnswer

    assert (
        login(rich.owner)
        .post(reverse("strategy:person_forget", args=["ann"]), {"confirm": "ann"})
        .status_code
        == 302
    )
    assert not SurveyAnswer.objects.for_org(rich.org).filter(respondent="ann").exists()


def test_person_export_with_opt_in_holds_her_answers(rich, login) -> None:
    _opt_in(rich.org, True)
    _, answers = _export(rich, login)
    assert any(a.get("answer") == "my own secret words" for a in answers)
    assert any(a.get("answer") == "2" and a["question"] == "line_of_sight" for a in answers)


@pytest.mark.parametrize("on", [False, True])
def test_the_pulse_form_says_who_can_see_answers(rich, login, on) -> None:
    from coxswain.web.accounts.models import Membership

    _opt_in(rich.org, on)
    member = Membership.objects.for_org(rich.org).get(person__slug="ann")
    page = login(member).get(reverse("checkins:mine")).content.decode()
    averages_only = "Answers are shown only as averages of groups"
    if on:
        assert averages_only not in page
        assert "owners can see each answer with your name" in page
    else:
        assert averages_only in page
        assert "with your name" not in page


def test_forgetting_removes_an_unlinked_account_with_their_email(rich, other_tenant, login):
    """An account of this organisation never linked to her, with her e-mail in another case,
    is hers too; an account with her e-mail in another organisation only is not touched."""
    from django.contrib.auth import get_user_model

    from coxswain.web.accounts.models import Membership, Role

    users = get_user_model().objects
    unlinked = users.create_user(username="annq2", email=EMAIL.upper(), password=PASSWORD)
    Membership.objects.create(org=rich.org, role=Role.employee, user=unlinked)
    elsewhere = users.create_user(username="annq3", email=EMAIL, password=PASSWORD)
    Membership.objects.create(org=other_tenant.org, role=Role.employee, user=elsewhere)
    both = users.create_user(username="annq4", email=EMAIL, password=PASSWORD)
    Membership.objects.create(org=rich.org, role=Role.employee, user=both)
    Membership.objects.create(org=other_tenant.org, role=Role.employee, user=both)

    found = json.loads(
        login(rich.owner).get(reverse("strategy:person_export", args=["ann"])).content
    )["sources"]["accounts"]
    assert {"annq2", "annq4"} <= {a.get("username") for a in found}
    assert "annq3" not in {a.get("username") for a in found}

    r = login(rich.owner).post(reverse("strategy:person_forget", args=["ann"]), {"confirm": "ann"})
    assert r.status_code == 302
    assert not users.filter(pk=unlinked.pk).exists()  # in no organisation any more
    assert users.filter(pk=elsewhere.pk).exists()
    assert Membership.objects.for_org(other_tenant.org).filter(user=elsewhere).exists()
    assert users.filter(pk=both.pk).exists()  # still a member of the other organisation
    assert not Membership.objects.for_org(rich.org).filter(user=both).exists()
    assert Membership.objects.for_org(other_tenant.org).filter(user=both).exists()


@pytest.mark.parametrize("name", ["person_forget", "person_export"])
def test_only_owners_reach_erasure_and_export(tenant, other_tenant, login, name) -> None:
    from coxswain.web.strategy.models import Person

    Person.objects.create(org=tenant.org, slug="zed", name="Zed")
    url = reverse(f"strategy:{name}", args=["zed"])
    assert login(tenant.owner).get(url).status_code == 200
    assert login(tenant.manager).get(url).status_code == 403
    assert login(tenant.employee).get(url).status_code == 403
    assert login(tenant.manager).post(url, {"confirm": "zed"}).status_code == 403
    assert login(other_tenant.owner).get(url).status_code == 404  # another org's person
    assert login(other_tenant.owner).post(url, {"confirm": "zed"}).status_code == 404
    assert Person.objects.for_org(tenant.org).filter(slug="zed").exists()


def test_every_model_is_registered_or_names_nobody() -> None:
    """A new model that stores something must register a source (persondata.py of its app)
    or say here why it names nobody."""
    from django.apps import apps

    from coxswain.web.persondata import NAMES_NOBODY, covered_models, deleted_with_a_person

    covered = covered_models()
    missing = [
        m._meta.label
        for m in apps.get_models()
        if m.__module__.startswith("coxswain.")
        and m not in covered
        and m._meta.label not in NAMES_NOBODY
        and not deleted_with_a_person(m)
    ]
    assert missing == []


def test_mentions_are_whole_words_and_short_ids_case_sensitive(tenant) -> None:
    from coxswain.web.persondata import Subject

    ann = Subject(org=tenant.org, slug="ann", name="Ann Lee", email="a@x.org")
    assert ann.redact("Ann Lee and ann met for the annual review; g_ann stays") == (
        "[forgotten] and [forgotten] met for the annual review; g_ann stays"
    )
    assert ann.redact({"ann": ["a@x.org"]}) == {"[forgotten]": ["[forgotten]"]}
    al = Subject(org=tenant.org, slug="al")
    assert al.redact("Al said al is here") == "Al said [forgotten] is here"
    assert not al.mentioned_in("a total")


def test_erasure_and_export_keep_to_the_organisations_own_task_records(
    tenant, other_tenant, login
) -> None:
    """The task queue is shared by all organisations: forgetting a person named like a queue
    ("default") leaves other organisations' records alone, and the export shows none of them."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from coxswain.web.insights.models import AnalysisRun
    from coxswain.web.strategy.models import Person

    def task(org, args, status) -> DBTaskResult:
        row = DBTaskResult.objects.create(
            queue_name="default",
            backend_name="default",
            task_path="coxswain.web.insights.tasks.run_analysis",
            args_kwargs={"args": args, "kwargs": {}},
            run_after=timezone.now(),
            exception_class_path="",
            traceback="",
        )
        AnalysisRun.objects.create(org=org, status=status, task_id=str(row.pk))
        return row

    mine = task(tenant.org, ["default"], "done")  # names her: its arguments say "default"
    theirs = task(other_tenant.org, [1], "queued")
    Person.objects.create(org=tenant.org, slug="default", name="default")
    owner = login(tenant.owner)
    r = owner.get(reverse("strategy:person_export", args=["default"]))
    assert r.status_code == 200
    tasks = json.loads(r.content)["sources"].get("task records", [])
    assert [t["task"] for t in tasks] == [str(mine.pk)]
    r = owner.post(reverse("strategy:person_forget", args=["default"]), {"confirm": "default"})
    assert r.status_code == 302, r.content.decode()[-2000:]
    assert not DBTaskResult.objects.filter(pk=mine.pk).exists()
    assert DBTaskResult.objects.filter(pk=theirs.pk).exists()
