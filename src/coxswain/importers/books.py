"""Bookkeeping exports → ``spend.csv``, through a rules file.

QuickBooks Online's transaction detail report (Reports → Transaction Detail by Account →
Export to CSV) and Xero's account transactions report (Reports → Account Transactions →
Export, CSV). Both put a title above the header and group rows under a heading per account
(a row with the account's name alone, then its rows, then ``Total for …``); where the export
has an ``Account`` column, that is used instead.

Which rows are spending, and on what, is the owner's to say: a rules file (YAML) maps an
account, or words in a row's description, to an initiative of ``company.yaml`` and a
category. The first rule that matches a row decides; rows no rule matches are left out and
listed by account, with their count and total, so that the owner can add rules::

    rules:
      - account: Advertising & Marketing
        category: marketing
      - account: Staff Training
        initiative: barista_academy
        category: training
      - account: Contractors
        description: website          # both must match
        initiative: online_shop
        category: web

Each row's ``ref`` is a digest of its cells (the reports give no id per line), so that
importing the same report again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from coxswain.importers.common import raise_problems
from coxswain.importers.tabular import (
    DAY_FIRST,
    MONTH_FIRST,
    Col,
    Export,
    TableImport,
    TableReport,
    bounded_date,
    date_message,
    parse_date,
    parse_money,
    read_export,
    row_ref,
)
from coxswain.workbook.problems import Problem

SCHEMA: dict[str, pl.DataType] = {
    "date": pl.Date(),
    "initiative": pl.String(),
    "category": pl.String(),
    "amount": pl.Float64(),
    "ref": pl.String(),
}
RULE_KEYS = ("account", "description", "initiative", "category")


@dataclass(frozen=True)
class Rule:
    line: int
    account: str | None
    description: str | None
    initiative: str | None
    category: str | None

    def matches(self, account: str, description: str) -> bool:
        if self.account is not None and self.account.casefold() not in _account_names(account):
            return False
        return self.description is None or self.description.casefold() in description.casefold()


def _account_names(account: str) -> set[str]:
    """The names a rule's ``account`` may give: the account as the report prints it, and
    without its number where the chart of accounts has numbers (``6000 Advertising``)."""
    return {account.casefold(), _ACCOUNT_NUMBER.sub("", account).casefold()}


def read_rules(path: Path, *, initiatives: Collection[str], label: str | None = None) -> list[Rule]:
    """The rules of a rules file; raises WorkbookError with every problem (placed by line)."""
    label = label or path.name
    if not path.is_file():
        raise_problems([Problem(label, None, None, "no such file")])
    try:
        text = path.read_text(encoding="utf-8-sig")
        node = yaml.compose(text)
        data: Any = yaml.safe_load(text)
    except UnicodeDecodeError:
        raise_problems([Problem(label, None, None, "not valid UTF-8")])
        raise AssertionError("unreachable") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise_problems([Problem(label, line, None, f"not valid YAML: {exc}")])
        raise AssertionError("unreachable") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise_problems([Problem(label, 1, None, "write the rules as a list under 'rules:'")])
    items = data["rules"]
    lines: list[int] = []
    assert node is not None
    for key, value in node.value:
        if key.value == "rules":
            lines = [n.start_mark.line + 1 for n in value.value]
    problems: list[Problem] = []
    rules: list[Rule] = []
    for i, item in enumerate(items):
        line = lines[i] if i < len(lines) else None
        where = f"rules[{i}]"
        if not isinstance(item, dict):
            problems.append(Problem(label, line, None, "a rule is a mapping", path=where))
            continue
        for key in sorted(set(item) - set(RULE_KEYS)):
            problems.append(
                Problem(
                    label,
                    line,
                    None,
                    f"unknown key {key!r}; a rule has {', '.join(RULE_KEYS)}",
                    path=where,
                )
            )
        values = {k: (None if item.get(k) is None else str(item[k]).strip()) for k in RULE_KEYS}
        if not values["account"] and not values["description"]:
            problems.append(
                Problem(
                    label, line, None, "say which rows: an account or a description", path=where
                )
            )
        if not values["initiative"] and not values["category"]:
            problems.append(
                Problem(
                    label, line, None, "say what they are: an initiative or a category", path=where
                )
            )
        initiative = values["initiative"]
        if initiative and initiative not in initiatives:
            known = ", ".join(sorted(initiatives)) or "none yet"
            problems.append(
                Problem(
                    label,
                    line,
                    None,
                    f"{initiative!r} is not an initiative of company.yaml (it has: {known})",
                    path=f"{where}.initiative",
                )
            )
        rules.append(
            Rule(
                line or 0,
                values["account"] or None,
                values["description"] or None,
                initiative or None,
                values["category"] or None,
            )
        )
    raise_problems(problems)
    return rules


QUICKBOOKS = (
    Col("date", ("Date", "Transaction Date")),
    Col("amount", ("Amount",)),
    Col("type", ("Transaction Type",), required=False),
    Col("num", ("Num", "No.", "Number"), required=False),
    Col("name", ("Name", "Vendor", "Payee"), required=False),
    Col("description", ("Memo/Description", "Memo", "Description"), required=False),
    Col("account", ("Account", "Account Name", "Account full name"), required=False),
    Col("split", ("Split",), required=False),
)
XERO = (
    Col("date", ("Date",)),
    Col("debit", ("Debit",)),
    Col("credit", ("Credit",)),
    Col("source", ("Source",), required=False),
    Col("description", ("Description",), required=False),
    Col("reference", ("Reference",), required=False),
    Col("contact", ("Contact",), required=False),
    Col("account", ("Account", "Account Name"), required=False),
    Col("account_code", ("Account Code",), required=False),
)
# QuickBooks: "Total for …", "TOTAL", and "Beginning Balance" (in the Date column) where the
# report shows balances; Xero: "Total …", "Opening Balance", "Closing Balance"
_TOTAL = re.compile(r"^\s*(total( for)?|opening balance|closing balance|beginning balance)\b", re.I)
# an account number before the name: "6000 Advertising", "400 - Advertising"
_ACCOUNT_NUMBER = re.compile(r"^\s*\d[\d.]*\s+(-\s*)?")


def _rows(
    export: Export, *, formats: tuple[str, ...], date_format: str | None, problems: list[Problem]
) -> list[tuple[int, list[str], str, dt.date]]:
    """The report's transaction rows with their account and date: headings (a lone first
    cell) set the account of the rows under them; totals, balances and footers (no date)
    are skipped."""
    out: list[tuple[int, list[str], str, dt.date]] = []
    heading = ""
    column = export.header_of("date")
    for line, row in export.rows:
        cells = [c.strip() for c in row]
        filled = [c for c in cells if c]
        date_text = export.get(row, "date")
        if _TOTAL.match(date_text) or _TOTAL.match(cells[0] if cells else ""):
            continue
        when = parse_date(date_text, formats=formats, date_format=date_format)
        if when is None and len(filled) == 1:
            # an account's heading (its name alone on the row); the last one of a report
            # is its footer ("Accrual Basis Monday, 6 April 2026"), with no rows under it
            heading = filled[0]
            continue
        if not date_text:
            continue
        if when is None:
            problems.append(
                Problem(export.label, line, column, date_message(date_text, date_format))
            )
            continue
        if (p := bounded_date(when, export.label, line, column)) is not None:
            problems.append(p)
            continue
        account = export.get(row, "account") or heading
        out.append((line, row, account, when))
    return out


def _spend(
    kind: str,
    export: Export,
    rules: list[Rule],
    *,
    formats: tuple[str, ...],
    date_format: str | None,
    amount_of: Any,
    ref_fields: tuple[str, ...],
) -> TableImport:
    problems: list[Problem] = []
    rows = _rows(export, formats=formats, date_format=date_format, problems=problems)
    report = TableReport(kind=kind, source=export.label, table="spend")
    report.read = len(export.rows)
    unmapped: dict[str, tuple[int, float]] = {}
    out: dict[str, list[Any]] = {k: [] for k in SCHEMA}
    seen: Counter[str] = Counter()
    no_account = 0
    dropped: set[str] = set()
    for line, row, account, when in rows:
        amount = amount_of(line, row, problems)
        if amount is None:
            continue
        description = " ".join(
            export.get(row, k) for k in ("description", "name", "contact") if export.has(k)
        )
        base = row_ref(
            kind,
            when.isoformat(),
            account,
            f"{amount:.2f}",
            *(export.get(row, k) for k in ref_fields),
        )
        seen[base] += 1
        ref = base if seen[base] == 1 else f"{base}-{seen[base]}"
        rule = next((r for r in rules if r.matches(account, description)), None)
        if rule is None:  # left out; a row an earlier import made of it (other rules) goes
            dropped.add(ref)
            label = account or "(no account)"
            no_account += not account
            count, total = unmapped.get(label, (0, 0.0))
            unmapped[label] = (count + 1, total + amount)
            continue
        out["date"].append(when)
        out["initiative"].append(rule.initiative)
        out["category"].append(rule.category)
        out["amount"].append(round(amount, 2))
        out["ref"].append(ref)
    raise_problems(problems)
    report.unmapped = unmapped
    report.left_out = Counter(
        {"no rule matched (see unmapped)": sum(c for c, _ in unmapped.values())} if unmapped else {}
    )
    if no_account:
        report.notes.append(
            "some rows have no account: the export has no Account column and no account headings"
        )
    frame = pl.DataFrame(out, schema=SCHEMA)
    report.rows = frame.height
    return TableImport("spend", frame, report, key="ref", dropped=frozenset(dropped))


def _money_reader(export: Export, name: str) -> Any:
    def read(line: int, row: list[str], problems: list[Problem]) -> float | None:
        text = export.get(row, name)
        value = parse_money(text)
        if value is None:
            problems.append(
                Problem(export.label, line, export.header_of(name), f"{text!r} is not an amount")
            )
        return value

    return read


def import_quickbooks(
    path: Path,
    *,
    rules: list[Rule],
    mapping: Mapping[str, str] | None = None,
    date_format: str | None = None,
    label: str | None = None,
) -> TableImport:
    """QuickBooks Online's transaction detail report (``Amount``: money out of an expense
    account is positive). Dates month first (``01/31/2026``) unless ``date_format``."""
    export = read_export(path, QUICKBOOKS, kind="quickbooks", mapping=mapping, label=label)
    return _spend(
        "quickbooks",
        export,
        rules,
        formats=MONTH_FIRST,
        date_format=date_format,
        amount_of=_money_reader(export, "amount"),
        ref_fields=("type", "num", "name", "description", "split"),
    )


def import_xero(
    path: Path,
    *,
    rules: list[Rule],
    mapping: Mapping[str, str] | None = None,
    date_format: str | None = None,
    label: str | None = None,
) -> TableImport:
    """Xero's account transactions report: ``Debit`` less ``Credit`` (spending debits an
    expense account). Dates day first (``31 Jan 2026``, ``31/01/2026``) unless
    ``date_format``."""
    export = read_export(path, XERO, kind="xero", mapping=mapping, label=label)
    debit, credit = _money_reader(export, "debit"), _money_reader(export, "credit")

    def amount(line: int, row: list[str], problems: list[Problem]) -> float | None:
        d, c = debit(line, row, problems), credit(line, row, problems)
        return None if d is None or c is None else d - c

    return _spend(
        "xero",
        export,
        rules,
        formats=DAY_FIRST,
        date_format=date_format,
        amount_of=amount,
        ref_fields=("source", "description", "reference", "contact", "account_code"),
    )
