"""Writing a starter workbook: a folder (commented ``company.yaml`` and header-only CSVs)
or one ``.xlsx`` file with the same sheets, an instructions sheet and header comments."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from coxswain.init.columns import COLUMN_HELP, TABLE_HELP
from coxswain.workbook.model import SECTIONS
from coxswain.workbook.tables import TABLES

# Excel refuses longer cell texts.
XLSX_CELL_LIMIT = 32767

_SECTION_HELP: dict[str, str] = {
    "values": (
        "Values: what the company stands for. Objectives and automations name the values\n"
        "they express, so that Coxswain can tell when work goes against them."
    ),
    "objectives": (
        "Objectives: the strategy map, in four perspectives (balanced scorecard):\n"
        "learning (people, skills) -> internal (how we work) -> customer -> financial.\n"
        "`drivers` are the objectives you believe cause this one; `weight` is its priority\n"
        "(weights are scaled to sum to 1, so 0.2 against a total of 1 means 20%)."
    ),
    "kpis": (
        "KPIs: how you measure each objective. Record their values in {kpi_values}\n"
        "(date,kpi,value). The targets below are examples: set your own."
    ),
    "teams": "Teams: who does the work. {people} names each person's team by its id.",
    "initiatives": (
        "Initiatives: projects and recurring work you spend money or hours on. Add yours by\n"
        "removing the '# ' in front of the example lines and changing them. `effects` says\n"
        "what you expect the work to do to objectives, from -2 (hurts) to +2 (helps a lot)."
    ),
    "goals": (
        "Goals (OKRs): company -> team -> person. `parent` is the objective or goal this one\n"
        "serves; key results measure it (start, target and the current level)."
    ),
    "automations": (
        "Automations: machines or software that serve customers or staff (chatbots,\n"
        "automatic replies, self-checkout, ...). Add yours like the example."
    ),
    "capabilities": (
        "Capabilities: skills the strategy needs. `min_people` people with a level of at\n"
        "least 3 in the skills column of {people} are needed (a skill named like the\n"
        "capability id counts)."
    ),
    "privacy": "Privacy: these are the defaults; they protect your staff.",
    "reviews": (
        "Reviews: the strategy meetings you hold, with the decisions taken and the actions\n"
        "still open or closed. Add one after each review, like the example."
    ),
}

_FIELD_HELP: dict[str, dict[str, str]] = {
    "": {
        "format": "the version of this file format: leave it at 1",
        "name": "the company's name",
        "currency": "all money in the workbook is in this currency",
        "employees": "head count",
        "mission": "why the company exists (a draft: rewrite it in your words)",
        "vision": "where it is going (a draft too)",
    },
    "values": {
        "id": "a short id: lowercase letters, digits, _ and -",
        "statement": "what living this value looks like",
    },
    "objectives": {
        "perspective": "financial | customer | internal | learning",
        "weight": "relative priority",
        "drivers": "objectives believed to cause this one",
        "lag_months": "how long a driver takes to show here",
        "values": "values this objective expresses",
    },
    "kpis": {
        "objective": "the objective this KPI measures",
        "kind": "what sort of number it is (revenue, margin, churn, ...)",
        "direction": "up: higher is better; down: lower is better",
        "target": "the level you aim for by the deadline",
        "warning": "the level at which it turns amber",
        "deadline": "when the target should be reached",
    },
    "teams": {"function": "free text: production, sales, marketing, support, ..."},
    "goals": {
        "owner": "a team id or a person id",
        "parent": "the objective or goal this serves",
        "period": "2026-Q3 | 2026-07 | 2026 | 2026-07-01..2026-09-30",
        "key_results": "how you will know the goal is reached",
        "start": "level when the goal was set",
        "target": "level that means done",
    },
    "capabilities": {
        "objectives": "objectives this capability serves",
        "min_people": "people needed at level 3 or more",
    },
    "privacy": {
        "min_group": "no people analytics for smaller groups (never below 3)",
        "show_names": "reports use pseudonyms for people unless true",
        "keep_message_text": "message text is scored for tone, then dropped",
        "show_survey_respondents": "a web download leaves survey respondents out unless true",
    },
}

_KEY_LINE = re.compile(r"^(\s*)(- )?([a-z_]+):(.*)$")
_COMMENT_COLUMN = 40


class _Dumper(yaml.SafeDumper):
    """Indented block lists, with short lists of ids in flow style (``[a, b]``)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = bool(data) and all(isinstance(v, str | int | float) for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    # effects such as {bread_quality: -1, margin: 1} read best on one line
    flow = bool(data) and all(type(v) is int for v in data.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _represent_dict)


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=4096,
        default_flow_style=False,
    )


def _comment_lines(text: str) -> str:
    return "".join(f"# {line}\n" if line else "#\n" for line in text.split("\n"))


def _annotate(text: str, help_: dict[str, str]) -> str:
    """Add each field's help as a comment on its first occurrence only: at the end of the
    line, or on the line above when the line is too long for that."""
    used: set[str] = set()
    out = []
    for line in text.rstrip("\n").split("\n"):
        m = _KEY_LINE.match(line)
        if m and m[3] in help_ and m[3] not in used:
            used.add(m[3])
            if len(line) < _COMMENT_COLUMN + 20:
                line = f"{line.ljust(_COMMENT_COLUMN - 1)} # {help_[m[3]]}"
            else:
                indent = len(m[1]) + (2 if m[2] else 0)
                note = help_[m[3]]
                out.append(f"{' ' * indent}# {note[:1].upper()}{note[1:]}:")
        out.append(line)
    return "\n".join(out) + "\n"


def _examples(company: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Commented examples for the lists a starter leaves empty, using the starter's ids."""
    team = company["teams"][0]["id"] if company["teams"] else "team_id"
    objectives = [o["id"] for o in company["objectives"]]
    by_perspective = {o.get("perspective"): o["id"] for o in reversed(company["objectives"])}
    internal = by_perspective.get("internal", objectives[0] if objectives else "objective_id")
    customer = by_perspective.get("customer", internal)
    values = [v["id"] for v in company["values"]] or ["value_id"]
    deadline = next((k["deadline"] for k in company["kpis"] if "deadline" in k), None)
    year = deadline.year - 1 if isinstance(deadline, dt.date) else dt.date.today().year
    return {
        "initiatives": {
            "id": "new_initiative",
            "name": "What the work is",
            "owner": team,
            "objectives": [internal],
            "effects": {internal: 1},
            "budget": 5000,
            "hours_per_month": 10,
            "status": "planned",
            "start": dt.date(year + 1, 1, 1),
            "description": "Why you do it and what it should change.",
        },
        "automations": {
            "id": "auto_replies",
            "name": "Automatic replies to customer e-mails",
            "touchpoint": "customer service",
            "replaces_human": True,
            "human_fallback": True,
            "values": [values[-1]],
            "objectives": [customer],
            "start": dt.date(year + 1, 1, 1),
        },
        "reviews": {
            "date": dt.date(year + 1, 3, 31),
            "kind": "quarterly",
            "decisions": 3,
            "actions_open": 2,
            "actions_closed": 0,
        },
    }


def render_company_yaml(
    company: dict[str, Any],
    *,
    template_title: str = "",
    xlsx: bool = False,
    location: str | None = None,
) -> str:
    """``company.yaml`` text with comments that explain every section and field.

    ``xlsx`` says the text goes into the ``company`` sheet of an Excel workbook rather
    than a folder; ``location`` is the folder or file name shown in the commands to run.
    """
    kind = f" from the template {template_title!r}" if template_title else ""
    if xlsx:
        evidence = (
            "The other sheets of this Excel file hold your evidence; each has a header row,\n"
            "and a sheet with only the header simply means no evidence yet:\n"
        )
        where = location or "<this file>.xlsx"
    else:
        evidence = (
            "The CSV files next to this one hold your evidence; each has a header row, and an\n"
            "empty file simply means no evidence yet:\n"
        )
        where = location or "<this folder>"
    table_names = (
        ((spec.name, spec) for spec in TABLES.values())
        if xlsx
        else ((spec.file, spec) for spec in TABLES.values())
    )
    parts = [
        _comment_lines(
            f"company.yaml: the strategy of {company['name']}.\n"
            f"A starter made by `coxswain init`{kind}.\n"
            "Everything below is an example: keep what fits, change names and numbers to\n"
            "yours, delete what does not apply.\n"
            "\n"
            "Ids (`id:`) are short names: lowercase letters, digits, _ and -, unique across\n"
            "the whole file. Other entries refer to things by their id. Dates are written\n"
            "2026-12-31. Text after a '#' is a comment and is ignored.\n"
            "\n"
            + evidence
            + "".join(
                f"  {label:<17} {','.join(spec.column_names)}\n" for label, spec in table_names
            )
            + "\n"
            f"Check the workbook at any time:  coxswain validate {where}\n"
            "Every field is described in the Coxswain documentation (docs/workbook.md)."
        ),
        "\n",
    ]
    top: dict[str, Any] = {
        k: company[k] for k in ("format", "name", "currency", "employees") if k in company
    }
    parts.append(_annotate(_dump(top), _FIELD_HELP[""]))
    stage = "# stage: early".ljust(_COMMENT_COLUMN - 1)
    parts.append(f"{stage} # optional: early | intermediate | advanced\n")
    statements: dict[str, Any] = {k: company[k] for k in ("mission", "vision") if k in company}
    parts.append(_annotate(_dump(statements), _FIELD_HELP[""]))
    examples = _examples(company)
    for section in (*SECTIONS[:-1], "privacy", SECTIONS[-1]):  # privacy before reviews
        files = {
            name: f"the {name} sheet" if xlsx else f"{name}.csv"
            for name in ("kpi_values", "people")
        }
        parts.append("\n" + _comment_lines(_SECTION_HELP[section].format_map(files)))
        value = company.get(section)
        if value:
            parts.append(_annotate(_dump({section: value}), _FIELD_HELP.get(section, {})))
        else:
            # an empty key reads as an empty list; uncommenting the example just works
            parts.append(f"{section}:\n")
            if section in examples:
                example = _dump({section: [examples[section]]}).rstrip("\n").split("\n")[1:]
                parts.append("".join(f"#{line[1:]}\n" for line in example))
    return "".join(parts)


def check_target(path: Path, *, xlsx: bool = False, force: bool = False) -> Path:
    """Where the starter will be written; FileExistsError when that would overwrite
    something (a non-empty folder, an existing file) and ``force`` is not given, or when
    the path is of the wrong sort (a file where a folder is wanted, or the reverse)."""
    if xlsx:
        path = xlsx_path(path)
        if path.is_dir():
            raise FileExistsError(f"{path} is a folder, not an Excel file")
        if path.exists() and not force:
            raise FileExistsError(f"{path} already exists; use --force to overwrite it")
        return path
    if path.exists():
        if not path.is_dir():
            raise FileExistsError(f"{path} is a file, not a folder")
        if not force and any(path.iterdir()):
            raise FileExistsError(
                f"{path} is not empty; choose a new folder, or use --force to overwrite"
            )
    return path


def write_folder(
    company: dict[str, Any], path: Path, *, template_title: str = "", force: bool = False
) -> list[Path]:
    """Write the folder form: ``company.yaml`` and one header-only CSV per table.

    Refuses (FileExistsError) a non-empty folder or an existing file unless ``force``;
    with ``force`` only the workbook's own files are overwritten. Returns the files written.
    """
    check_target(path, force=force)
    path.mkdir(parents=True, exist_ok=True)
    written = [path / "company.yaml"]
    written[0].write_text(
        render_company_yaml(company, template_title=template_title, location=str(path)),
        encoding="utf-8",
    )
    for spec in TABLES.values():
        target = path / spec.file
        with target.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerow(spec.column_names)
        written.append(target)
    return written


def xlsx_path(path: Path) -> Path:
    """Where ``--xlsx`` writes: the path itself when it ends in ``.xlsx``, else with it added."""
    return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")


def _instructions(company: dict[str, Any], filename: str) -> list[tuple[str, str]]:
    rows = [
        ("How to use this workbook", ""),
        (
            "",
            f"This is the strategy workbook of {company['name']}, made by `coxswain init`. "
            "The examples in it are a starting point: change them to fit your business.",
        ),
        (
            "1.",
            "Sheet company: your mission, values and strategy map, as YAML text in cell A1 "
            "(click A1 and edit it in the formula bar, or copy it to a text editor and "
            "back). Lines starting with # are explanations and are ignored.",
        ),
        (
            "2.",
            "Sheet kpi_values: add one row per KPI and date with the measured value. "
            "This is the most useful evidence; start here.",
        ),
        (
            "3.",
            "The other sheets add more evidence when you have it. An empty sheet simply "
            "means no evidence yet. Hover over a column header to see what it holds.",
        ),
        (
            "4.",
            f"Check it:  coxswain validate {filename}   then analyse it:  "
            f"coxswain analyze {filename}",
        ),
        ("", ""),
        ("Rules", ""),
        (
            "",
            "Keep the sheet names and the header row as they are. Extra columns are kept "
            "and ignored; this instructions sheet is ignored too.",
        ),
        (
            "",
            "Dates as 2026-03-31 or as Excel dates (one way throughout a column); numbers "
            "without currency signs or thousands separators.",
        ),
        ("", "Ids are short names: lowercase letters, digits, _ and -."),
        ("", ""),
        ("Sheets", ""),
        ("company", "Mission, values, objectives, KPIs, teams, goals, capabilities (YAML)."),
    ]
    rows += [(name, TABLE_HELP[name]) for name in TABLES]
    return rows


def write_xlsx(
    company: dict[str, Any], path: Path, *, template_title: str = "", force: bool = False
) -> Path:
    """Write the xlsx form: an ``instructions`` sheet, a ``company`` sheet with the
    commented YAML in A1, and one sheet per table with its header row (each header cell
    carries a comment explaining the column). Returns the file written."""
    import xlsxwriter

    path = check_target(path, xlsx=True, force=force)
    text = render_company_yaml(
        company, template_title=template_title, xlsx=True, location=path.name
    )
    if len(text) > XLSX_CELL_LIMIT:
        raise ValueError(
            f"company.yaml is {len(text)} characters, more than an Excel cell holds "
            f"({XLSX_CELL_LIMIT})"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    try:
        bold = book.add_format({"bold": True})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})

        sheet = book.add_worksheet("instructions")
        sheet.set_column(0, 0, 26)
        sheet.set_column(1, 1, 110, wrap)
        for row, (first, second) in enumerate(_instructions(company, path.name)):
            sheet.write_string(row, 0, first, bold)
            sheet.write_string(row, 1, second, wrap)

        sheet = book.add_worksheet("company")
        sheet.set_column(0, 0, 120)
        sheet.set_row(0, 409)  # Excel's tallest row; the text scrolls in the formula bar
        sheet.write_string(0, 0, text, wrap)
        sheet.write_comment(
            0,
            0,
            "Your company.yaml. Edit it here or in a text editor; keep the indentation.",
            {"x_scale": 2, "y_scale": 1.5},
        )

        for name, spec in TABLES.items():
            sheet = book.add_worksheet(name)
            for col, column in enumerate(spec.columns):
                sheet.write_string(0, col, column.name, header)
                note = COLUMN_HELP[name][column.name]
                if not column.required:
                    note += " (This column may be left out.)"
                sheet.write_comment(0, col, note, {"x_scale": 2.5, "y_scale": 1.2})
                sheet.set_column(col, col, max(14, len(column.name) + 4))
            sheet.freeze_panes(1, 0)
    finally:
        book.close()
    return path
