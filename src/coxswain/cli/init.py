"""``coxswain init``: create a starter workbook from a template and a few answers."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from coxswain.cli.app import app


class TemplateName(StrEnum):
    """The bundled templates (``src/coxswain/templates/<name>.yaml``)."""

    cafe = "cafe"
    shop = "shop"
    online_shop = "online-shop"
    saas = "saas"
    agency = "agency"
    clinic = "clinic"
    trades = "trades"


HELP = (
    "Create a starter workbook to fill in, with an example strategy map for your business."
    "\n\n"
    "Asks for the company name, the head count and what the business sells unless they are "
    "given as options, and drafts the mission, vision, values, objectives, KPIs, teams, a "
    "goal and the capabilities from a template. The result is a folder with company.yaml "
    "(explained in its comments) and empty CSV files with their header rows, or with --xlsx "
    "one Excel file with the same sheets and an instructions sheet. An existing folder or "
    "file is never overwritten without --force."
    "\n\n"
    "Templates: cafe (café or bakery), shop (independent shop), online-shop, saas (software "
    "as a service), agency (creative, marketing or consulting), clinic (health, therapy, "
    "dental, veterinary), trades (plumbing, electrical, building)."
)

EPILOG = """Examples:

  coxswain init my-bakery --template cafe
  coxswain init crust --template cafe --name "Crust & Crumb" --employees 14 --yes
  coxswain init strategy.xlsx --xlsx --template saas --yes
"""


@app.command("init", help=HELP, epilog=EPILOG)
def init(
    directory: Annotated[
        Path,
        typer.Argument(
            metavar="DIR",
            help="Folder to create; with --xlsx the Excel file to create "
            "(.xlsx is added if missing).",
            show_default=False,
        ),
    ],
    template: Annotated[
        TemplateName | None,
        typer.Option(
            "--template",
            "-t",
            help="Kind of business whose example strategy map to start from (asked when missing).",
            show_default=False,
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option("--name", help="The company's name (asked when missing).", show_default=False),
    ] = None,
    employees: Annotated[
        int | None,
        typer.Option(
            "--employees",
            min=1,
            help="Head count: how many people work there (asked when missing).",
            show_default=False,
        ),
    ] = None,
    sells: Annotated[
        str | None,
        typer.Option(
            "--sells",
            help="What the business sells, in a few words (asked when missing).",
            show_default=False,
        ),
    ] = None,
    currency: Annotated[
        str, typer.Option("--currency", help="Currency of all money amounts.")
    ] = "USD",
    xlsx: Annotated[
        bool, typer.Option("--xlsx", help="Write one Excel file instead of a folder of files.")
    ] = False,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes", "-y", help="Ask nothing: take the template's examples for missing answers."
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Write even if DIR exists and is not empty (overwrites files)."
        ),
    ] = False,
) -> None:
    from rich.console import Console
    from rich.markup import escape

    from coxswain.init import (
        check_target,
        starter_workbook,
        template_defaults,
        template_titles,
        write_folder,
        write_xlsx,
    )

    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)

    def fail(message: str) -> typer.Exit:
        err.print(f"[red]error:[/red] {escape(message)}")
        return typer.Exit(1)

    try:  # refuse before asking anything
        target = check_target(directory, xlsx=xlsx, force=force)
    except FileExistsError as e:
        raise fail(str(e)) from e

    titles = template_titles()
    if template is None:
        if yes:
            template = TemplateName.cafe
        else:
            out.print("Templates:")
            for key in TemplateName:
                out.print(f"  [bold]{key.value:<12}[/bold] {escape(titles[key.value])}")
            template = typer.prompt("Which kind of business", default="cafe", type=TemplateName)
    title = titles[template.value]
    defaults = template_defaults(template.value)
    if name is None:
        name = defaults["name"] if yes else typer.prompt("Company name", default=defaults["name"])
    while employees is None or employees < 1:
        if yes:
            employees = int(defaults["employees"])
            break
        employees = typer.prompt(
            "How many people work there", default=int(defaults["employees"]), type=int
        )
        if employees < 1:
            err.print("The head count must be at least 1.")
    if sells is None:
        sells = (
            defaults["sells"]
            if yes
            else typer.prompt(
                "What does the business sell (a few words)", default=defaults["sells"]
            )
        )

    company = starter_workbook(
        template=template.value,
        name=name,
        employees=employees,
        sells=sells,
        currency=currency,
        today=dt.date.today(),
    )
    try:
        if xlsx:
            target = write_xlsx(company, target, template_title=title, force=force)
            what = "the Excel file"
            steps = [
                "Read the instructions sheet, then edit the company sheet (cell A1).",
                "Add KPI measurements to the kpi_values sheet.",
            ]
        else:
            write_folder(company, target, template_title=title, force=force)
            what = "the folder"
            steps = [
                "Edit company.yaml: the comments explain every part.",
                "Add KPI measurements to kpi_values.csv (date,kpi,value).",
            ]
    except (FileExistsError, ValueError) as e:
        raise fail(str(e)) from e
    shown = escape(str(target))
    out.print(
        f"Created a starter workbook for {escape(company['name'])} (template: {template.value}) "
        f"in {what} [bold]{shown}[/bold]."
    )
    steps += [f"Check it:   coxswain validate {shown}", f"Analyse it: coxswain analyze {shown}"]
    out.print("Next steps:")
    for i, step in enumerate(steps, 1):
        out.print(f"  {i}. {step}")
