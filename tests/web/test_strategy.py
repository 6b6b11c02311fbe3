"""The strategy editor: the workbook's validation, with errors at the field, and the audit log."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _objective_form(**overrides):
    data = {
        "id": "bread_quality",
        "name": "Best bread in town",
        "perspective": "customer",
        "weight": "0.5",
        "values": ["craft"],
        "drivers": ["baker_skill"],
        "lag_months": "2",
        "description": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_edit_an_objective(tenant, login) -> None:
    from coxswain.web.strategy.models import StrategyChange
    from coxswain.web.workbook_io import load_workbook

    c = login(tenant.manager)
    response = c.post(
        reverse("strategy:edit", args=["objectives", "bread_quality"]), _objective_form()
    )
    assert response.status_code == 302
    objective = load_workbook(tenant.org).company.objective("bread_quality")
    assert (
        objective is not None and objective.name == "Best bread in town" and objective.weight == 0.5
    )
    assert objective.lag_months == 2
    change = StrategyChange.objects.for_org(tenant.org).first()
    assert change.action == "update" and change.slug == "bread_quality"
    assert (
        change.before["name"] == "Best bread in the neighbourhood"
        and change.after["name"] == "Best bread in town"
    )
    assert change.user == tenant.manager.user
    # the change log says what changed, before and after (a walk-through read only
    # "update | objectives bread_quality")
    log = c.get(reverse("strategy:audit")).content.decode()
    assert "name: Best bread in the neighbourhood → Best bread in town" in log


def test_the_change_log_summary_lists_changed_fields_and_no_more_than_four() -> None:
    from coxswain.web.strategy.selectors import change_summary

    before = {"id": "k", "target": 6, "warning": 8, "name": "No-shows", "unit": "%", "a": 1}
    after = {"id": "k", "target": -20, "warning": -50, "name": "No-shows", "unit": "pct", "a": 2}
    said = change_summary(action="update", before=before, after=after)
    assert said.startswith("a: 1 → 2; target: 6 → -20; unit: % → pct; warning: 8 → -50")
    assert "name" not in said and "more" not in said
    many = {f"f{i}": i for i in range(6)}
    assert change_summary(action="update", before={}, after=many).endswith("; and 2 more")
    assert change_summary(action="create", before=None, after={"name": "Kindness"}) == "Kindness"
    assert change_summary(action="import", before=None, after={"file": "o.csv", "kind": "shopify"})


def test_a_field_error_shows_at_the_field(tenant, login) -> None:
    c = login(tenant.manager)
    response = c.post(
        reverse("strategy:edit", args=["objectives", "bread_quality"]), _objective_form(weight="-1")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["weight"]


def test_a_number_out_of_range_is_said_plainly_and_kinds_read_as_words(tenant, login) -> None:
    c = login(tenant.manager)
    response = c.post(
        reverse("strategy:edit", args=["objectives", "bread_quality"]),
        _objective_form(lag_months="-3"),
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["lag_months"]
    assert message == "-3 is too small: give 0 or more", message
    assert "Input should be" not in response.content.decode()
    from coxswain.web.strategy.forms import ElementForm

    form = ElementForm(kind="kpis", choices={})
    labels = dict(form.fields["kind"].choices)
    assert labels["marketing_spend"] == "Marketing spend" and labels["nps"].startswith("Net")


def test_a_cross_reference_error_maps_to_the_field(tenant, login) -> None:
    """A new KPI whose deadline is fine but whose objective is missing is caught by the field
    form; a driver cycle is only caught by the workbook validation, which names the field."""
    from coxswain.web.workbook_io import load_workbook

    c = login(tenant.manager)
    # baker_skill <- margin <- bread_quality <- baker_skill: a cycle.
    response = c.post(
        reverse("strategy:edit", args=["objectives", "baker_skill"]),
        {
            "id": "baker_skill",
            "name": "Skilled bakers",
            "perspective": "learning",
            "weight": "0.2",
            "drivers": ["margin"],
            "lag_months": "0",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors, "a driver cycle must be refused"
    assert "cycle" in errors["drivers"][0]  # the workbook's problem, at the field it names
    assert load_workbook(tenant.org).company.objective("baker_skill").drivers == ()


def test_renaming_an_id_that_others_use_is_refused(tenant, login) -> None:
    c = login(tenant.manager)
    response = c.post(
        reverse("strategy:edit", args=["values", "craft"]),
        {"id": "handmade", "name": "Craftsmanship"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_duplicate_id_is_refused_at_the_id_field(tenant, login) -> None:
    c = login(tenant.manager)
    response = c.post(
        reverse("strategy:new", args=["values"]), {"id": "bread_quality", "name": "Clash"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["id"]


def test_create_initiative_with_effects_and_goal_with_key_results(tenant, login) -> None:
    from coxswain.web.workbook_io import load_workbook

    c = login(tenant.manager)
    r = c.post(
        reverse("strategy:new", args=["initiatives"]),
        {
            "id": "new_oven",
            "name": "A new oven",
            "owner": "bakers",
            "objectives": ["bread_quality"],
            "effects": "bread_quality: +2, margin: -1",
            "budget": "5000",
            "hours_per_month": "3",
            "status": "planned",
        },
    )
    assert r.status_code == 302, r.context["form"].errors
    r = c.post(
        reverse("strategy:new", args=["goals"]),
        {
            "id": "g_oven",
            "owner": "ann",
            "parent": "g_bakers",
            "title": "Oven running",
            "period": "2026-Q4",
            "weight": "1",
            **_krs(
                [
                    {
                        "id": "batches",
                        "title": "Batches a day",
                        "start": "0",
                        "target": "40",
                        "current": "12",
                        "weight": "1",
                    },
                    {},
                ]
            ),
        },
    )
    assert r.status_code == 302, r.context["form"].errors
    company = load_workbook(tenant.org).company
    oven = next(i for i in company.initiatives if i.id == "new_oven")
    assert oven.effects == {"bread_quality": 2, "margin": -1} and oven.budget == 5000
    goal = next(g for g in company.goals if g.id == "g_oven")
    assert goal.key_results[0].target == 40 and goal.key_results[0].current == 12


def _krs(rows: list[dict[str, str]]) -> dict[str, str]:
    """Key-result rows as the editor's formset posts them."""
    data = {
        "kr-TOTAL_FORMS": str(len(rows)),
        "kr-INITIAL_FORMS": "0",
        "kr-MIN_NUM_FORMS": "0",
        "kr-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"kr-{i}-{k}": v for k, v in row.items()})
    return data


def test_key_result_rows_edit_and_errors_at_the_row(tenant, login) -> None:
    from coxswain.web.workbook_io import load_workbook

    c = login(tenant.manager)
    url = reverse("strategy:edit", args=["goals", "g_bakers"])
    page = c.get(url)
    assert page.context["krs"].forms[0].initial["title"] == "Loaves passing the check"
    base = {
        "id": "g_bakers",
        "owner": "bakers",
        "parent": "bread_quality",
        "title": "Every loaf",
        "weight": "1",
    }
    # A row without a target, and an id the workbook refuses: errors at the row's fields.
    r = c.post(
        url,
        {
            **base,
            **_krs(
                [{"title": "Loaves", "start": "70"}, {"id": "Bad", "title": "X", "target": "1"}]
            ),
        },
    )
    assert r.status_code == 200
    rows = r.context["krs"].forms
    assert rows[0].errors["target"] and not rows[0].errors.get("title")
    r = c.post(url, {**base, **_krs([{"id": "Bad", "title": "X", "target": "1"}])})
    assert r.status_code == 200 and r.context["krs"].forms[0].errors.get("id"), r.context[
        "form"
    ].errors
    # Delete the old row, add two.
    r = c.post(
        url,
        {
            **base,
            **_krs(
                [
                    {"title": "Loaves", "target": "98", "DELETE": "on"},
                    {"title": "A", "target": "1"},
                    {"title": "B", "target": "2", "current": "1"},
                ]
            ),
        },
    )
    assert r.status_code == 302
    goal = next(g for g in load_workbook(tenant.org).company.goals if g.id == "g_bakers")
    assert [(k.title, k.target, k.current) for k in goal.key_results] == [
        ("A", 1, None),
        ("B", 2, 1),
    ]


def test_delete_refused_while_referenced(tenant, login) -> None:
    from coxswain.web.strategy.models import Element

    c = login(tenant.manager)
    c.post(reverse("strategy:delete", args=["values", "craft"]))
    assert Element.objects.for_org(tenant.org).filter(slug="craft").exists()
    # spend.csv spends on cheap_flour: refused too, with the reason.
    r = c.post(reverse("strategy:delete", args=["initiatives", "cheap_flour"]), follow=True)
    assert Element.objects.for_org(tenant.org).filter(slug="cheap_flour").exists()
    assert "spend.csv" in r.content.decode()
    c.post(reverse("strategy:new", args=["values"]), {"id": "kindness", "name": "Kindness"})
    assert Element.objects.for_org(tenant.org).filter(slug="kindness").exists()
    c.post(reverse("strategy:delete", args=["values", "kindness"]))
    assert not Element.objects.for_org(tenant.org).filter(slug="kindness").exists()


def test_employee_cannot_edit_the_strategy(tenant, login) -> None:
    c = login(tenant.employee)
    assert c.get(reverse("strategy:overview")).status_code == 200  # can read it
    assert c.get(reverse("strategy:edit", args=["objectives", "bread_quality"])).status_code == 403
    assert (
        c.post(
            reverse("strategy:edit", args=["objectives", "bread_quality"]), _objective_form()
        ).status_code
        == 403
    )
    assert (
        c.post(reverse("strategy:delete", args=["initiatives", "cheap_flour"])).status_code == 403
    )
    assert c.get(reverse("strategy:profile")).status_code == 403


def test_cascade_rolls_up_weighted_progress(tenant, login) -> None:
    c = login(tenant.employee)
    tree = c.get(reverse("strategy:cascade")).context["cascade"]["tree"]
    quality = next(o for o in tree.objectives if o.objective_id == "bread_quality")
    bakers = quality.goals[0]
    # g_bakers: its key result (81-70)/(98-70) and its sub-goal g_ann (2/10), equal weights.
    assert bakers.progress == pytest.approx(((81 - 70) / 28 + 0.2) / 2)
    assert tree.progress == pytest.approx(bakers.progress)  # the only objective with progress


def test_the_cascade_links_each_goal_to_its_page_and_writes_values_in_their_unit(
    tenant, login
) -> None:
    """The cascade had no link to a goal's page, and wrote "1200.0 / 2.0 %" (a walk-through)."""
    page = login(tenant.employee).get(reverse("strategy:cascade")).content.decode()
    for goal in ("g_bakers", "g_ann"):
        assert f'href="{reverse("collab:goal", args=[goal])}"' in page
    assert "81% / 98%" in page and "81.0" not in page


def test_cascade_leaves_out_an_unmet_hold_as_the_analysis_does(tenant, login) -> None:
    """A level to hold that is not held is not measurable (which side is better is unknown):
    the page used to count it as 0 where the analysis left it out."""
    from coxswain.analysis.runner import analyze
    from coxswain.web.strategy.models import Element
    from coxswain.web.workbook_io import load_workbook

    goal = Element.objects.for_org(tenant.org).get(kind="goals", slug="g_ann")
    goal.data = {
        **goal.data,
        "key_results": [
            *goal.data["key_results"],
            {"title": "Hold the waste at 3%", "start": 3, "target": 3, "current": 5},
        ],
    }
    goal.save()
    tree = login(tenant.employee).get(reverse("strategy:cascade")).context["cascade"]["tree"]
    assert tree.by_goal["g_ann"].progress == pytest.approx(0.2)
    stored = analyze(load_workbook(tenant.org)).sections["cascade"].tables["goals"]
    assert {g["goal"]: g["progress"] for g in stored}["g_ann"] == pytest.approx(0.2)


def test_strategy_map_places_objectives_and_arrows(tenant, login) -> None:
    c = login(tenant.employee)
    m = c.get(reverse("strategy:map")).context["map"]
    assert m["rows"] == ["financial", "customer", "learning"]
    assert {(a["from"], a["to"]) for a in m["arrows"]} == {
        ("baker_skill", "bread_quality"),
        ("bread_quality", "margin"),
    }


def test_strategy_map_in_words_lists_each_objective_with_its_drivers(tenant, login) -> None:
    c = login(tenant.employee)
    response = c.get(reverse("strategy:map"))
    outline = response.context["map"]["outline"]
    assert [row["perspective"] for row in outline] == ["financial", "customer", "learning"]
    by_id = {item["objective"].id: item for row in outline for item in row["objectives"]}
    assert [d["id"] for d in by_id["bread_quality"]["drivers"]] == ["baker_skill"]
    assert by_id["baker_skill"]["drivers"] == []
    html = response.content.decode()
    assert "The map in words" in html and "driven by" in html


def test_strategy_map_marks_link_evidence() -> None:
    from coxswain.analysis.result import Result
    from coxswain.web.strategy.selectors import strategy_map
    from coxswain.workbook import Company

    company = Company.model_validate(
        {
            "format": 1,
            "name": "Co",
            "objectives": [
                {"id": "a", "name": "A", "perspective": "learning"},
                {"id": "b", "name": "B", "perspective": "customer", "drivers": ["a"]},
            ],
        }
    )
    result = Result.from_json(
        {
            "format": 1,
            "company": "Co",
            "as_of": "2026-09-30",
            "alignment_index": None,
            "components": {},
            "stage": {"assessed": None, "declared": None, "evidence": []},
            "findings": [],
            "missing_evidence": [],
            "plan": [],
            "sections": {
                "strategy_links": {
                    "component": None,
                    "score": None,
                    "score_note": "",
                    "missing": [],
                    "links": [
                        {
                            "driver": "a",
                            "objective": "b",
                            "verdict": "contradicted",
                            "correlation": 0.05,
                        },
                        {"driver": "x", "objective": "y", "verdict": "not_testable_yet"},
                    ],
                }
            },
        }
    )
    drawn = strategy_map(company=company, result=result)
    arrows = drawn["arrows"]
    assert arrows[0]["supported"] is False and arrows[0]["evidence"]["correlation"] == 0.05
    (customer,) = [row for row in drawn["outline"] if row["perspective"] == "customer"]
    assert customer["objectives"][0]["drivers"] == [{"id": "a", "name": "A", "supported": False}]


def test_profile_edit(tenant, login) -> None:
    from coxswain.web.workbook_io import load_workbook

    c = login(tenant.owner)
    r = c.post(
        reverse("strategy:profile"),
        {
            "name": "Crust & Crumb",
            "mission": "Bread.",
            "vision": "",
            "currency": "EUR",
            "employees": "15",
            "stage": "intermediate",
            "min_group": "5",
        },
    )
    assert r.status_code == 302
    company = load_workbook(tenant.org).company
    assert (company.name, company.currency, company.employees, company.mission) == (
        "Crust & Crumb",
        "EUR",
        15,
        "Bread.",
    )
    r = c.post(reverse("strategy:profile"), {"name": "X", "currency": "EUR", "min_group": "2"})
    assert r.status_code == 200 and r.context["form"].errors["min_group"]


def test_people_editor(tenant, login) -> None:
    from coxswain.web.workbook_io import load_workbook

    c = login(tenant.manager)
    r = c.post(
        reverse("strategy:person_new"),
        {
            "id": "cat",
            "name": "Cat",
            "team": "bakers",
            "manager": "ann",
            "skills": "sourdough:3",
            "training_hours": "4",
        },
    )
    assert r.status_code == 302, r.context["form"].errors
    people = load_workbook(tenant.org).people
    cat = people.filter(people["id"] == "cat").row(0, named=True)
    assert (cat["team"], cat["manager"], cat["training_hours"]) == ("bakers", "ann", 4.0)
    # A bad skills cell is refused at its field, and nothing changes.
    r = c.post(
        reverse("strategy:person_edit", args=["cat"]), {"id": "cat", "skills": "sourdough:9"}
    )
    assert r.status_code == 200 and r.context["form"].errors
    assert "skills" in r.context["form"].errors or "__all__" in r.context["form"].errors
    r = c.post(reverse("strategy:person_new"), {"id": "bread_quality"})
    assert r.status_code == 200 and r.context["form"].errors["id"]
    assert (
        login(tenant.employee).get(reverse("strategy:person_edit", args=["cat"])).status_code == 403
    )


def test_first_person_in_an_organisation_without_people(make_tenant, login) -> None:
    from coxswain.web.workbook_io import load_workbook

    t = make_tenant(loaded=False)
    r = login(t.owner).post(reverse("strategy:person_new"), {"id": "zoe", "hired": "2024-02-01"})
    assert r.status_code == 302, r.context["form"].errors
    assert load_workbook(t.org).people["id"].to_list() == ["zoe"]
