"""`coxswain init`: every template, in both forms, is a valid workbook with the answers applied."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from coxswain.cli import app
from coxswain.cli.init import TemplateName
from coxswain.init import (
    check_target,
    end_of_next_year,
    load_template,
    next_quarter,
    render_company_yaml,
    round_nice,
    starter_workbook,
    template_names,
    template_text,
    template_titles,
    write_folder,
    write_xlsx,
    xlsx_path,
)
from coxswain.init.columns import COLUMN_HELP, check_help_covers_tables
from coxswain.init.write import XLSX_CELL_LIMIT
from coxswain.workbook import WorkbookError, read_workbook
from coxswain.workbook.model import Company, KpiKind, Perspective
from coxswain.workbook.tables import TABLES

TEMPLATES = ["agency", "cafe", "clinic", "online-shop", "saas", "shop", "trades"]
TODAY = dt.date(2026, 11, 26)
ANSWERS = {"name": "Crust & Crumb: #1 'Bakery'", "employees": 14, "sells": "sourdough bread"}
runner = CliRunner()
RANK = {"learning": 0, "internal": 1, "customer": 2, "financial": 3}


def test_the_bundled_templates_are_the_cli_choices() -> None:
    assert template_names() == TEMPLATES
    assert sorted(t.value for t in TemplateName) == TEMPLATES
    assert set(template_titles()) == set(TEMPLATES)
    with pytest.raises(KeyError, match="choose one of"):
        template_text("bakery")


@pytest.mark.parametrize("template", TEMPLATES)
def test_template_is_a_balanced_scorecard(template: str) -> None:
    data = load_template(template)
    objectives = {o["id"]: o for o in data["objectives"]}
    assert 3 <= len(data["values"]) <= 4
    assert {o["perspective"] for o in objectives.values()} == {p.value for p in Perspective}
    assert sum(o["weight"] for o in objectives.values()) == pytest.approx(1.0)
    driven: set[str] = set()
    for objective in objectives.values():
        for driver in objective.get("drivers", []):
            # causes sit lower in the chain learning -> internal -> customer -> financial
            assert RANK[objectives[driver]["perspective"]] < RANK[objective["perspective"]], (
                f"{driver} -> {objective['id']}"
            )
            driven.add(driver)
        if objective["perspective"] == "learning":
            assert not objective.get("drivers")
        else:
            assert objective.get("drivers") or objective["perspective"] == "internal"
    # every objective below the financial ones drives something: the chain is connected
    assert driven == {i for i, o in objectives.items() if o["perspective"] != "financial"}

    measured = {k["objective"] for k in data["kpis"]}
    assert measured == set(objectives), "every objective has a KPI"
    for kpi in data["kpis"]:
        KpiKind(kpi["kind"])
        assert kpi["unit"]
        if kpi["direction"] == "up":
            assert kpi["warning"] < kpi["target"], kpi["id"]
        else:
            assert kpi["warning"] > kpi["target"], kpi["id"]
    kinds = {k["kind"] for k in data["kpis"]}
    assert "revenue" in kinds and kinds & {"margin", "cost"}

    assert len(data["teams"]) >= 2
    teams = {t["id"] for t in data["teams"]}
    assert data["goals"] and all(g["owner"] in teams for g in data["goals"])
    assert all(g["parent"] in objectives and g["key_results"] for g in data["goals"])
    assert data["capabilities"]
    assert all(set(c["objectives"]) <= set(objectives) for c in data["capabilities"])
    assert "{name}" in data["mission"] and "{sells}" in data["mission"] + data["vision"]


def test_round_nice_and_dates() -> None:
    assert round_nice(6000 * 14) == 84000
    assert round_nice(14000 * 8) == 110000
    assert round_nice(1.234) == 1.2
    assert round_nice(0) == 0
    assert end_of_next_year(TODAY) == dt.date(2027, 12, 31)
    assert next_quarter(dt.date(2026, 11, 26)) == "2027-Q1"
    assert next_quarter(dt.date(2026, 2, 1)) == "2026-Q2"
    assert next_quarter(dt.date(2026, 9, 30)) == "2026-Q4"


def test_starter_applies_the_answers() -> None:
    company = starter_workbook(template="cafe", today=TODAY, currency="EUR", **ANSWERS)
    assert company["name"] == ANSWERS["name"]
    assert company["employees"] == 14
    assert company["currency"] == "EUR"
    assert ANSWERS["name"] in company["mission"]
    assert "sourdough bread" in company["mission"] and "sourdough bread" in company["vision"]
    kpis = {k["id"]: k for k in company["kpis"]}
    # cafe.yaml: 6000 per employee and month, warning 5000
    assert kpis["monthly_revenue"]["target"] == 84000
    assert kpis["monthly_revenue"]["warning"] == 70000
    assert kpis["monthly_revenue"]["unit"] == "EUR"
    assert "per_employee" not in kpis["monthly_revenue"]
    assert kpis["gross_margin_pct"]["target"] == 68  # not scaled
    assert {k["deadline"] for k in company["kpis"]} == {dt.date(2027, 12, 31)}
    assert {g["period"] for g in company["goals"]} == {"2027-Q1"}
    Company.model_validate(company)


def test_starter_defaults_and_small_teams() -> None:
    company = starter_workbook(template="clinic", today=TODAY, employees=3)
    defaults = load_template("clinic")["defaults"]
    assert company["name"] == defaults["name"]
    assert defaults["sells"] in company["mission"]
    # a 3-person clinic is never asked for 3 specialists
    assert {c["min_people"] for c in company["capabilities"]} == {1}
    with pytest.raises(ValueError, match="at least 1"):
        starter_workbook(template="clinic", today=TODAY, employees=0)


def _csv_header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as f:
        return next(csv.reader(f))


@pytest.mark.parametrize("template", TEMPLATES)
def test_folder_form_is_a_valid_workbook(template: str, tmp_path: Path) -> None:
    company = starter_workbook(template=template, today=TODAY, **ANSWERS)
    written = write_folder(company, tmp_path / "wb", template_title=template_titles()[template])
    assert sorted(p.name for p in written) == sorted(
        ["company.yaml", *(s.file for s in TABLES.values())]
    )
    workbook = read_workbook(tmp_path / "wb")
    assert workbook.company == Company.model_validate(company)
    assert workbook.company.name == ANSWERS["name"]
    assert workbook.company.employees == 14
    for name, spec in TABLES.items():
        assert _csv_header(tmp_path / "wb" / spec.file) == spec.column_names
        assert workbook.table(name).height == 0


@pytest.mark.parametrize("template", TEMPLATES)
def test_xlsx_form_is_a_valid_workbook(template: str, tmp_path: Path) -> None:
    company = starter_workbook(template=template, today=TODAY, **ANSWERS)
    path = write_xlsx(company, tmp_path / "strategy", template_title=template_titles()[template])
    assert path == tmp_path / "strategy.xlsx"
    workbook = read_workbook(path)
    assert workbook.company == Company.model_validate(company)

    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["instructions", "company", *TABLES]
    text = book["company"]["A1"].value
    assert text == render_company_yaml(
        company, template_title=template_titles()[template], xlsx=True, location=path.name
    )
    assert "coxswain validate strategy.xlsx" in text and "kpi_values.csv" not in text
    assert len(text) < XLSX_CELL_LIMIT
    for name, spec in TABLES.items():
        header = next(book[name].iter_rows(min_row=1, max_row=1))
        assert [c.value for c in header] == spec.column_names
        for cell in header:
            assert cell.comment is not None
            assert COLUMN_HELP[name][cell.value] in cell.comment.text
    instructions = " ".join(str(c.value) for row in book["instructions"].iter_rows() for c in row)
    assert "kpi_values" in instructions and ANSWERS["name"] in instructions


def test_every_column_has_help() -> None:
    check_help_covers_tables()


def test_company_yaml_explains_itself() -> None:
    company = starter_workbook(template="saas", today=TODAY)
    text = render_company_yaml(company, template_title="Software")
    assert text.startswith("# company.yaml")
    assert "&id" not in text and "*id" not in text  # no YAML anchors for shared dates
    for line in (
        "direction: up",
        "weight: 0.2",
        "perspective: financial",
        "drivers: [customer_retention, new_customers]",
    ):
        assert re.search(rf"^\s+(- )?{re.escape(line)}\s+# \S", text, re.M), line
    for section in ("values", "objectives", "kpis", "goals", "initiatives", "reviews"):
        assert re.search(rf"^# .*\n{section}:", text, re.M), section


@settings(max_examples=40, deadline=None)
@given(
    name=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40),
    sells=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40),
)
def test_any_answer_gives_valid_yaml(name: str, sells: str) -> None:
    company = starter_workbook(template="agency", today=TODAY, name=name, sells=sells)
    parsed = Company.model_validate(yaml.safe_load(render_company_yaml(company)))
    assert "\n" not in parsed.name and parsed.name.strip() == parsed.name
    assert parsed.name == company["name"]
    assert parsed.mission == company["mission"]


def test_cli_help_lists_templates_and_examples() -> None:
    result = runner.invoke(app, ["init", "--help"])
    assert result.exit_code == 0
    for template in TEMPLATES:
        assert template in result.output
    assert "coxswain init my-bakery --template cafe" in result.output


def test_commented_examples_become_valid_entries_when_uncommented() -> None:
    company = starter_workbook(template="shop", today=TODAY)
    text = render_company_yaml(company)
    lines, out, section = text.splitlines(), [], None
    for line in lines:
        if re.match(r"^[a-z_]+:\s*$", line):
            section = line[:-1]
        elif not line.startswith("#"):
            section = None
        if section in {"initiatives", "automations", "reviews"} and line.startswith("# "):
            line = line[2:]  # the instruction: remove the '# ' in front of the lines
        out.append(line)
    data = yaml.safe_load("\n".join(out))
    parsed = Company.model_validate(data)
    assert len(parsed.initiatives) == len(parsed.automations) == len(parsed.reviews) == 1
    assert parsed.initiatives[0].owner == "shop_floor"


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    company = starter_workbook(template="trades", today=TODAY)
    target = tmp_path / "wb"
    target.mkdir()
    write_folder(company, target)  # an empty folder is fine
    (target / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="not empty"):
        write_folder(company, target)
    write_folder(company, target, force=True)
    assert (target / "notes.txt").read_text() == "mine"  # only the workbook's files
    with pytest.raises(FileExistsError, match="is a file"):
        check_target(target / "notes.txt")

    book = write_xlsx(company, tmp_path / "book.xlsx")
    with pytest.raises(FileExistsError, match="already exists"):
        write_xlsx(company, tmp_path / "book")
    assert write_xlsx(company, tmp_path / "book", force=True) == book
    assert xlsx_path(tmp_path / "x.XLSX") == tmp_path / "x.XLSX"


def test_cli_with_options_asks_nothing(tmp_path: Path) -> None:
    target = tmp_path / "crust"
    result = runner.invoke(
        app,
        [
            "init",
            str(target),
            "--template",
            "cafe",
            "--name",
            "Crust & Crumb",
            "--employees",
            "14",
            "--sells",
            "sourdough bread and coffee",
            "--currency",
            "EUR",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "?" not in result.output and "[" not in result.output
    assert "coxswain validate" in result.output
    company = read_workbook(target).company
    assert (company.name, company.employees, company.currency) == ("Crust & Crumb", 14, "EUR")
    assert company.mission is not None and "sourdough bread and coffee" in company.mission
    assert company.kpis[0].deadline == end_of_next_year(dt.date.today())


def test_cli_prompts_for_missing_answers(tmp_path: Path) -> None:
    target = tmp_path / "shop"
    result = runner.invoke(
        app, ["init", str(target)], input="bakery\nshop\nPage Turners\n0\n6\nbooks and maps\n"
    )
    assert result.exit_code == 0, result.output
    assert "Which kind of business" in result.output
    assert "Company name [High Street Goods]" in result.output
    assert "at least 1" in result.output  # 0 was refused and asked again
    company = read_workbook(target).company
    assert (company.name, company.employees) == ("Page Turners", 6)
    assert company.vision is not None and "books and maps" in company.vision
    assert company.objectives[0].id == "sales_growth"  # the shop template


def test_cli_yes_takes_the_defaults_and_writes_xlsx(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "book"), "--xlsx", "-y", "-t", "saas"])
    assert result.exit_code == 0, result.output
    workbook = read_workbook(tmp_path / "book.xlsx")
    assert workbook.company.name == load_template("saas")["defaults"]["name"]
    assert workbook.company.employees == 25


def test_cli_refuses_a_non_empty_folder_before_asking(tmp_path: Path) -> None:
    (tmp_path / "company.yaml").write_text("format: 1\nname: Mine\n")
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert "not empty" in result.output and "--force" in result.output
    assert "Company name" not in result.output
    assert (tmp_path / "company.yaml").read_text() == "format: 1\nname: Mine\n"
    result = runner.invoke(app, ["init", str(tmp_path), "-y", "--force", "--name", "Theirs"])
    assert result.exit_code == 0, result.output
    assert read_workbook(tmp_path).company.name == "Theirs"


def test_cli_rejects_an_unknown_template(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "x"), "-t", "bakery", "-y"])
    assert result.exit_code == 2
    assert not (tmp_path / "x").exists()


def test_an_invalid_edit_is_reported_by_the_reader(tmp_path: Path) -> None:
    """The starter is the reader's format: breaking it gives the reader's errors."""
    write_folder(starter_workbook(template="agency", today=TODAY), tmp_path)
    text = (tmp_path / "company.yaml").read_text()
    (tmp_path / "company.yaml").write_text(text.replace("direction: up", "direction: upp", 1))
    with pytest.raises(WorkbookError, match=r"company\.yaml:\d+:\d+: kpis\[0\]\.direction"):
        read_workbook(tmp_path)
