"""`coxswain import` of sales, bookkeeping and HR exports: each fixture (written from the
vendor's documented layout) becomes a workbook that validates and analyses; every broken
variant is refused with placed problems and nothing written; importing again changes
nothing."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coxswain.analysis.runner import analyze
from coxswain.cli import app
from coxswain.importers.tabular import customer_code, parse_date, parse_money
from coxswain.workbook import read_workbook

FIXTURES = Path(__file__).parent / "fixtures"
FILES = {
    "shopify": "shopify_orders.csv",
    "square": "square_transactions.csv",
    "stripe": "stripe_payments.csv",
    "woocommerce": "woocommerce_orders.csv",
    "quickbooks": "quickbooks_transaction_detail.csv",
    "xero": "xero_account_transactions.csv",
    "bamboohr": "bamboohr_employees.csv",
    "gusto": "gusto_employees.csv",
}
TABLE = {
    "shopify": "transactions",
    "square": "transactions",
    "stripe": "transactions",
    "woocommerce": "transactions",
    "quickbooks": "spend",
    "xero": "spend",
    "bamboohr": "people",
    "gusto": "people",
}
ANALYSIS = {"transactions": "customers", "spend": "resources", "people": "network"}


def _workbook(tmp_path: Path) -> Path:
    folder = tmp_path / "crust"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "company.yaml", folder / "company.yaml")
    return folder


def _args(kind: str, source: Path, folder: Path, *extra: str) -> list[str]:
    args = ["import", kind, str(source), "--workbook", str(folder), *extra]
    if kind in ("quickbooks", "xero"):
        args += ["--rules", str(FIXTURES / f"{kind}_rules.yaml")]
    return args


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize("kind", list(FILES))
def test_fixture_imports_validates_analyses_and_reimports_unchanged(
    kind: str, tmp_path: Path
) -> None:
    folder = _workbook(tmp_path)
    code, out = _run(*_args(kind, FIXTURES / FILES[kind], folder))
    assert code == 0, out
    table = TABLE[kind]
    target = folder / f"{table}.csv"
    first = target.read_bytes()
    book = read_workbook(folder)
    assert book.table(table).height > 0
    result = analyze(book, strict=True, only=[ANALYSIS[table]])
    assert result is not None
    code, again = _run(*_args(kind, FIXTURES / FILES[kind], folder))
    assert code == 0, again
    assert f"{table}.csv: 0 rows added, 0 changed" in again
    assert target.read_bytes() == first


def test_shopify_one_row_per_paid_order_refunds_subtracted(tmp_path: Path) -> None:
    folder = _workbook(tmp_path)
    code, out = _run(*_args("shopify", FIXTURES / FILES["shopify"], folder))
    assert code == 0, out
    rows = read_workbook(folder).transactions
    by_ref = dict(zip(rows["ref"], rows["amount"], strict=True))
    # #1001 spreads over two line-item rows: one order; #1002 had 12.00 refunded
    assert by_ref == {
        "shopify:#1001": 43.40,
        "shopify:#1002": 48.00,
        "shopify:#1003": 23.90,
        "shopify:#1008": 33.40,
    }
    assert "left out 2: cancelled, voided, failed or not paid" in out
    assert "left out 1: test orders" in out
    # the same e-mail in another case is the same customer; no address is stored
    customers = dict(zip(rows["ref"], rows["customer"], strict=True))
    assert customers["shopify:#1001"] == customers["shopify:#1003"]
    assert "example" not in (folder / "transactions.csv").read_text()
    salt = folder / ".coxswain" / "salt"
    assert stat.S_IMODE(salt.stat().st_mode) == 0o600
    assert customers["shopify:#1001"] == customer_code(
        salt.read_text().strip(), "maria.lopez@example.com"
    )


def test_square_stripe_woocommerce_amounts(tmp_path: Path) -> None:
    expected = {
        "square": {"Kq3Zx1AbC9": 10.5, "Np4Wq7GhJ2": 1200.0, "Rs6Vb3KlM8": 9.5, "Vw9Zd2QrS3": 30.5},
        "stripe": {
            "ch_3PkQ1a2eZvKYlo2C0abc0001": 49.0,
            "ch_3PkQ1a2eZvKYlo2C0abc0002": 49.0,
            "ch_3PkQ1a2eZvKYlo2C0abc0003": 50.0,  # 80 less 30 refunded
            "ch_3PkQ1a2eZvKYlo2C0abc0006": 32.2,  # the converted amount, in EUR
        },
        "woocommerce": {"1201": 29.0, "1202": 27.0, "1204": 12.0},  # 1207 is on hold
    }
    for kind, amounts in expected.items():
        folder = _workbook(tmp_path / kind)
        code, out = _run(*_args(kind, FIXTURES / FILES[kind], folder))
        assert code == 0, out
        rows = read_workbook(folder).transactions
        got = {r.split(":", 1)[1]: a for r, a in zip(rows["ref"], rows["amount"], strict=True)}
        assert got == amounts, kind


def test_layout_details_the_vendors_write(tmp_path: Path) -> None:
    """What the checked layouts add (docs/importers.md, "Where the layouts come from"):
    Stripe's Mode column, WooCommerce's status slugs with or without their "wc-" prefix,
    QuickBooks' Beginning Balance rows and numbered accounts."""
    folder = _workbook(tmp_path / "stripe")
    code, out = _run(*_args("stripe", FIXTURES / FILES["stripe"], folder))
    assert code == 0, out
    assert "left out 1: test orders" in out
    assert "stripe:ch_3PkQ1a2eZvKYlo2C0abc0007" not in read_workbook(folder).transactions["ref"]

    folder = _workbook(tmp_path / "woo")
    prefixed = tmp_path / "woo.csv"
    text = (FIXTURES / FILES["woocommerce"]).read_text()
    prefixed.write_text(text.replace('"processing"', '"wc-cancelled"'))
    code, out = _run(*_args("woocommerce", prefixed, folder))
    assert code == 0, out
    refs = read_workbook(folder).transactions["ref"].to_list()
    assert "woocommerce:1202" not in refs and "woocommerce:1201" in refs
    assert "left out 4: cancelled, voided, failed or not paid" in out

    folder = _workbook(tmp_path / "qb")
    code, out = _run(*_args("quickbooks", FIXTURES / FILES["quickbooks"], folder))
    assert code == 0, out
    assert "Business Checking: 2 rows, -3,250.00" in out  # the beginning balance is no row
    numbered = tmp_path / "numbered.csv"
    text = (FIXTURES / FILES["quickbooks"]).read_text()
    numbered.write_text(text.replace("\nStaff Training\n", "\n6300 Staff Training\n"))
    other = _workbook(tmp_path / "qb2")
    code, out = _run(*_args("quickbooks", numbered, other))
    assert code == 0, out
    # the rule says "Staff Training"; the report numbers the account
    assert read_workbook(other).spend["amount"].sum() == pytest.approx(
        read_workbook(folder).spend["amount"].sum()
    )
    assert "6300 Staff Training" not in out


def test_an_export_without_customer_columns_says_why_nothing_came(tmp_path: Path) -> None:
    """Square's Transactions CSV of some years has no Customer ID column (a 2022 header seen
    in a public parser): every sale is left out, and the report says why."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO((FIXTURES / FILES["square"]).read_text(), newline="")))
    drop = {rows[0].index(h) for h in ("Customer ID", "Customer Name", "Customer Reference ID")}
    export = tmp_path / "transactions.csv"
    with export.open("w", newline="") as f:
        csv.writer(f).writerows([[c for i, c in enumerate(r) if i not in drop] for r in rows])
    folder = _workbook(tmp_path)
    code, out = _run(*_args("square", export, folder))
    assert code == 0, out
    assert "the export has no column naming the customer ('Customer ID' or" in out
    assert "add --map customer_id=HEADER" in out
    assert read_workbook(folder).transactions.height == 0


def test_a_quickbooks_report_with_an_account_column(tmp_path: Path) -> None:
    """The other layout seen (docs/importers.md): the report's name first, no empty first
    column, and an Account column on every row instead of account headings."""
    export = tmp_path / "detail.csv"
    export.write_text(
        "Transaction Detail by Account,,,,,,\n"
        "January 1 - March 31 2026,,,,,,\n"
        "Date,Transaction Type,Num,Name,Memo/Description,Account,Amount\n"
        '01/06/2026,Bill,B-91,Print Hub,Flyers,Advertising & Marketing,"1,180.00"\n'
        "01/07/2026,Expense,E-17,Bread School Ltd,Course,Staff Training,900.00\n"
        '01/08/2026,Check,2201,High Street Estates,Rent,Rent or Lease,"2,800.00"\n'
    )
    folder = _workbook(tmp_path)
    code, out = _run(*_args("quickbooks", export, folder))
    assert code == 0, out
    spend = read_workbook(folder).spend
    assert sorted(spend["amount"].to_list()) == [900.0, 1180.0]
    assert "Rent or Lease: 1 row, 2,800.00" in out


def test_a_later_export_updates_an_order_in_place(tmp_path: Path) -> None:
    folder = _workbook(tmp_path)
    _run(*_args("shopify", FIXTURES / FILES["shopify"], folder))
    later = tmp_path / "later.csv"
    text = (FIXTURES / FILES["shopify"]).read_text()
    later.write_text(text.replace("c2458.1,0.00,", "c2458.1,10.00,"))
    code, out = _run(*_args("shopify", later, folder))
    assert code == 0, out
    assert "transactions.csv: 0 rows added, 1 changed, 4 in all" in out
    rows = read_workbook(folder).transactions
    assert rows.filter(rows["ref"] == "shopify:#1008")["amount"].to_list() == [23.40]


def test_an_order_cancelled_since_is_removed(tmp_path: Path) -> None:
    folder = _workbook(tmp_path)
    _run(*_args("shopify", FIXTURES / FILES["shopify"], folder))
    later = tmp_path / "later.csv"
    text = (FIXTURES / FILES["shopify"]).read_text()
    later.write_text(
        text.replace("#1003,Maria.Lopez@example.com,paid,", "#1003,Maria.Lopez@example.com,voided,")
    )
    code, out = _run(*_args("shopify", later, folder))
    assert code == 0, out
    assert "transactions.csv: 0 rows added, 0 changed, 1 removed, 3 in all" in out
    assert "shopify:#1003" not in read_workbook(folder).transactions["ref"].to_list()


def test_books_rules_and_unmapped_accounts(tmp_path: Path) -> None:
    folder = _workbook(tmp_path)
    code, out = _run(*_args("quickbooks", FIXTURES / FILES["quickbooks"], folder))
    assert code == 0, out
    spend = read_workbook(folder).spend
    assert spend.height == 6
    assert sorted(spend["initiative"].drop_nulls().unique()) == ["barista_academy", "online_shop"]
    assert spend["amount"].sum() == pytest.approx(450 + 420 + 1180 + 900 - 300 + 2400)
    assert "Rent or Lease: 2 rows, 5,600.00" in out
    assert "Contractors: 1 row, 260.00" in out  # the cleaning bill matched no description
    fewer = tmp_path / "rules.yaml"
    fewer.write_text("rules:\n  - account: Staff Training\n    category: training\n")
    code, out = _run(
        "import", "quickbooks", str(FIXTURES / FILES["quickbooks"]), "-w", str(folder),
        "--rules", str(fewer),
    )  # fmt: skip
    assert code == 0, out
    assert "spend.csv: 0 rows added, 2 changed, 4 removed, 2 in all" in out  # rules changed
    folder = _workbook(tmp_path / "x")
    code, out = _run(*_args("xero", FIXTURES / FILES["xero"], folder))
    assert code == 0, out
    spend = read_workbook(folder).spend
    assert spend["amount"].sum() == pytest.approx(450 + 420 + 1180 + 900 - 300)
    assert "Rent: 1 row, 2,800.00" in out


def test_staff_teams_managers_and_leavers(tmp_path: Path) -> None:
    folder = _workbook(tmp_path)
    (folder / "people.csv").write_text(
        "id,name,team,role,manager,hired,skills,training_hours,email\n"
        "greta,Greta,management,Owner,,,baking:5,12,greta@crustandcrumb.example\n"
    )
    code, out = _run(*_args("bamboohr", FIXTURES / FILES["bamboohr"], folder))
    assert code == 0, out
    people = read_workbook(folder).people
    row = {r["id"]: r for r in people.iter_rows(named=True)}
    assert "1007" not in row  # Frank has left
    assert "greta" in row and "1001" not in row  # the same work e-mail keeps her id
    assert row["greta"]["skills"] == "baking:5"  # what the export lacks is kept
    assert row["1002"]["manager"] == "greta"
    assert row["1003"]["manager"] == "1002"
    assert row["1005"]["team"] is None
    assert "Delivery: 1 person" in out
    assert "left out 1: people who have left" in out
    code, out = _run(*_args("gusto", FIXTURES / FILES["gusto"], folder))
    assert code == 0, out
    assert "people.csv: 0 rows added, 0 changed, 6 in all" in out


def test_snake_case_headers_match_as_gusto_writes_them_in_its_csv_template(
    tmp_path: Path,
) -> None:
    """Gusto's payroll CSV template and API write ``gusto_employee_id``, ``first_name``,
    ``last_name``, ``title`` (support.gusto.com, "Run payroll with CSV upload"): underscores
    match the spaces of a report's headers, so the same people come in either way."""
    folder = _workbook(tmp_path)
    lines = (FIXTURES / FILES["gusto"]).read_text().splitlines()
    header = (
        "gusto_employee_id,first_name,last_name,preferred_first_name,work_email,personal_email,"
        "title,department,manager,start_date,employment_status,employment_type,work_address"
    )
    snake = tmp_path / "employees.csv"
    snake.write_text("\n".join([header, *lines[1:]]) + "\n")
    code, out = _run(*_args("gusto", snake, folder))
    assert code == 0, out
    people = read_workbook(folder).people
    spaced = _workbook(tmp_path / "spaced")
    code, out = _run(*_args("gusto", FIXTURES / FILES["gusto"], spaced))
    assert code == 0, out
    assert people.equals(read_workbook(spaced).people)
    assert people.height == 5 and people["role"].null_count() == 0  # one has left


def test_a_manager_who_has_left_is_left_empty(tmp_path: Path) -> None:
    folder = _workbook(tmp_path)
    export = tmp_path / "employees.csv"
    text = (FIXTURES / FILES["bamboohr"]).read_text()
    export.write_text(
        text.replace(
            'Apprentice Baker,High Street,2025-08-01,"Schmidt, Anna"',
            'Apprentice Baker,High Street,2025-08-01,"Wolf, Frank"',
        )
    )
    code, out = _run(*_args("bamboohr", export, folder))
    assert code == 0, out
    people = read_workbook(folder).people
    assert people.filter(people["id"] == "1006")["manager"].to_list() == [None]
    assert "manager is not among the people imported, or has left" in out


def test_map_finds_a_renamed_column(tmp_path: Path) -> None:
    folder = _workbook(tmp_path)
    renamed = tmp_path / "employees.csv"
    renamed.write_text(
        (FIXTURES / FILES["bamboohr"]).read_text().replace("Department", "Team name")
    )
    code, out = _run(*_args("bamboohr", renamed, folder, "--map", "team=Team name"))
    assert code == 0, out
    assert read_workbook(folder).people["team"].drop_nulls().len() == 5


# Each broken variant: (kind, text replaced, replacement, what the owner reads)
BROKEN = [
    ("shopify", "Name,Email", "Order,Email", "no column 'Name' (order) in the header"),
    ("shopify", ",43.40,", ",43.40x,", ":2:Total: '43.40x' is not an amount"),
    ("shopify", ",2026-03-05 17:40:01 +0100,", ",yesterday,", ":4:Created at: 'yesterday'"),
    ("square", "Total Collected", "Collected", "no column 'Total Collected' (total)"),
    ("square", "$19.00,Point", "19 EUR?,Point", ":5:Total Collected: '19 EUR?' is not an amount"),
    ("square", "-$9.50,Point", "-$9.5O,Point", ":6:Total Collected: '-$9.5O' is not an amount"),
    ("stripe", "2026-03-10 18:40:02", "10.03.2026", ":4:Created date (UTC): '10.03.2026'"),
    ("stripe", "ch_3PkQ1a2eZvKYlo2C0abc0002", "ch_3PkQ1a2eZvKYlo2C0abc0001", ":3:id: payment"),
    ("woocommerce", '"Net Sales"', '"Revenue"', "no column 'Net Sales' or 'N. Revenue'"),
    ("woocommerce", '"2026-03-04 17:40', '"3026-03-04 17:40', ":3:Date: 3026-03-04 is outside"),
    ("woocommerce", '"-6"', '"-6,00 €?"', ":6:Net Sales: '-6,00 €?' is not an amount"),
    ("quickbooks", ",Amount,", ",Total,", "no column 'Amount' (amount)"),
    ("quickbooks", ",01/20/2026,", ",13/20/2026,", ":17:Date: '13/20/2026' is not a date"),
    ("quickbooks", ",Beginning Balance,", ",Balance b/f,", ":7:Date: 'Balance b/f' is not a date"),
    ("xero", "Debit,Credit", "Dr,Cr", "no column 'Debit' (debit)"),
    ("xero", '"1,180.00",,', '"1,180.00",abc,', ":10:Credit: 'abc' is not an amount"),
    ("bamboohr", "Employee #", "Employee", "no column 'Employee #'"),
    ("bamboohr", "1003,Bob", "1002,Bob", ":4:Employee #: employee '1002' again (line 3)"),
    ("bamboohr", "2021-09-01", "31/31/2021", ":4:Hire Date: '31/31/2021' is not a date"),
    ("gusto", "9TB4R6,Carla", "9TB4 R6?,Carla", ":5:Employee ID: '9TB4 R6?' cannot be a person id"),
    ("gusto", "3HX8P0,Bob", ",Bob", ":4:Employee ID: the employee id is empty"),
]


@pytest.mark.parametrize(("kind", "old", "new", "message"), BROKEN)
def test_broken_variant_is_refused_with_its_place(
    kind: str, old: str, new: str, message: str, tmp_path: Path
) -> None:
    folder = _workbook(tmp_path)
    text = (FIXTURES / FILES[kind]).read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / FILES[kind]
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, out = _run(*_args(kind, broken, folder))
    assert code == 1, out
    assert message in out, out
    assert "Nothing was written." in out
    assert not (folder / f"{TABLE[kind]}.csv").exists()


def test_every_problem_at_once(tmp_path: Path) -> None:
    folder = _workbook(tmp_path)
    text = (FIXTURES / FILES["stripe"]).read_text()
    broken = tmp_path / "payments.csv"
    broken.write_text(text.replace(",49.00,0.00,eur,", ",forty,0.00,eur,"))
    code, out = _run(*_args("stripe", broken, folder))
    assert code == 1
    assert "The export has 3 problems:" in out  # every row that says "forty"


def test_not_utf8_and_wrong_kind(tmp_path: Path) -> None:
    folder = _workbook(tmp_path)
    latin = tmp_path / "orders.csv"
    latin.write_bytes((FIXTURES / FILES["woocommerce"]).read_bytes().replace(b"Oak", b"\xd6ak"))
    code, out = _run(*_args("woocommerce", latin, folder))
    assert code == 1 and "not valid UTF-8" in out and "save the export as CSV UTF-8" in out
    code, out = _run(*_args("stripe", FIXTURES / FILES["shopify"], folder))
    assert code == 1 and "is this a stripe export?" in out


def test_rules_file_problems(tmp_path: Path) -> None:
    folder = _workbook(tmp_path)
    code, out = _run("import", "xero", str(FIXTURES / FILES["xero"]), "-w", str(folder))
    assert code == 1 and "xero needs a rules file (--rules)" in out
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "rules:\n"
        "  - account: Advertising\n"
        "    initiative: billboards\n"
        "  - category: rent\n"
        "  - account: Rent\n"
        "    colour: red\n"
        "    category: rent\n"
    )
    code, out = _run(
        "import", "xero", str(FIXTURES / FILES["xero"]), "-w", str(folder), "--rules", str(rules)
    )
    assert code == 1, out
    assert "rules.yaml:2: rules[0].initiative: 'billboards' is not an initiative" in out
    assert "rules.yaml:4: rules[1]: say which rows: an account or a description" in out
    assert "rules.yaml:5: rules[2]: unknown key 'colour'" in out
    assert not (folder / "spend.csv").exists()


def test_unknown_kind_and_bad_map(tmp_path: Path) -> None:
    folder = _workbook(tmp_path)
    code, out = _run("import", "etsy", "x.csv", "-w", str(folder))
    assert code == 2 and "use one of shopify" in out
    code, out = _run(*_args("shopify", FIXTURES / FILES["shopify"], folder, "--map", "total"))
    assert code == 2 and "write FIELD=HEADER" in out
    code, out = _run(*_args("shopify", FIXTURES / FILES["shopify"], folder, "--map", "colour=X"))
    assert code == 1 and "shopify has no field 'colour'" in out


def test_the_would_be_workbook_is_checked_whole(tmp_path: Path) -> None:
    """A person id that company.yaml already uses is refused, placed in people.csv."""
    folder = _workbook(tmp_path)
    export = tmp_path / "gusto.csv"
    export.write_text((FIXTURES / FILES["gusto"]).read_text().replace("7KQ2M1,", "bakery,"))
    code, out = _run(*_args("gusto", export, folder))
    assert code == 1, out
    assert "With this import, people.csv would have" in out
    assert "person id 'bakery' is also used in company.yaml" in out
    assert not (folder / "people.csv").exists()


def test_message_kinds_are_kinds_of_import(tmp_path: Path) -> None:
    folder = _workbook(tmp_path)
    (folder / "people.csv").write_text(
        "id,name,team,role,manager,hired,skills,training_hours,email\n"
        "anna,Anna,bakery,,,,,,anna@x.test\nbob,Bob,bakery,,,,,,bob@x.test\n"
    )
    chat = tmp_path / "chat.csv"
    chat.write_text("timestamp,sender,recipients\n2026-03-01T10:00:00Z,anna@x.test,bob@x.test\n")
    code, out = _run("import", "messages-csv", str(chat), "-w", str(folder))
    assert code == 0, out
    assert "messages.csv: 1 rows added" in out
    assert read_workbook(folder).messages["sender"].to_list() == ["anna"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("$1,234.56", 1234.56),
        ("(5.00)", -5.0),
        ("-€12,50", -12.5),
        ("1.234.567", 1234567.0),
        ("1,234", 1234.0),
        ("12,5", 12.5),
        ("", 0.0),
        ("12.50-", -12.5),
        ("abc", None),
        ("1-2", None),
        # as the vendors write them (docs/importers.md, "Where the layouts come from")
        ("-$0.95", -0.95),  # Square, 2022 on
        ("$1,149.00 ", 1149.0),  # Square, 2018 (a space after the amount)
        ("($33.62)", -33.62),  # Square, 2018; QuickBooks and Xero negatives
        ("$-3,250.00", -3250.0),  # QuickBooks total rows
    ],
)
def test_parse_money(text: str, value: float | None) -> None:
    assert parse_money(text) == value


def test_parse_date_forms() -> None:
    import datetime as dt

    from coxswain.importers.tabular import DAY_FIRST, MONTH_FIRST

    d = dt.date(2026, 3, 4)
    assert parse_date("2026-03-04 23:30:00 -0500", formats=MONTH_FIRST) == d
    assert parse_date("03/04/2026", formats=MONTH_FIRST) == d
    assert parse_date("3/4/2026", formats=MONTH_FIRST) == d  # Square, 2018: no leading zeros
    # BambooHR follows the company's setting: 09-10-2023 could be either order, so it needs
    # --date-format rather than a guess
    assert parse_date("09-10-2023", formats=MONTH_FIRST) is None
    assert parse_date("04/03/2026", formats=DAY_FIRST) == d
    assert parse_date("4 Mar 2026", formats=DAY_FIRST) == d
    assert parse_date("04.03.2026", formats=DAY_FIRST, date_format="%d.%m.%Y") == d
    # with its time after it, as Shopify writes a date (the pattern read only a bare date)
    assert parse_date("04.03.2026 09:13:58 +0100", formats=MONTH_FIRST, date_format="%d.%m.%Y") == d
    assert parse_date("2026-02-30", formats=MONTH_FIRST) is None


def test_a_semicolon_csv_with_decimal_commas(tmp_path: Path) -> None:
    """Excel in much of Europe saves "CSV" with semicolons and decimal commas."""
    folder = _workbook(tmp_path)
    export = tmp_path / "orders.csv"
    export.write_text(
        "Date;Order #;Status;Customer;Net Sales\n"
        "2026-03-02;1201;Completed;Maria Lopez;29,50\n"
        "2026-03-04;1202;Completed;Tom Berg;1.027,00\n"
    )
    code, out = _run(*_args("woocommerce", export, folder))
    assert code == 0, out
    assert read_workbook(folder).transactions["amount"].to_list() == [29.5, 1027.0]


def _as_xlsx(csv_path: Path, target: Path) -> Path:
    """The CSV fixture as Excel would hold it: dates as dates, amounts as numbers."""
    import csv
    import datetime as dt

    import openpyxl

    from coxswain.importers.tabular import parse_money

    book = openpyxl.Workbook()
    sheet = book.active
    with csv_path.open(newline="", encoding="utf-8") as f:
        for row in csv.reader(f):
            cells: list[object] = []
            for cell in row:
                try:
                    cells.append(dt.datetime.strptime(cell, "%m/%d/%Y"))
                    continue
                except ValueError:
                    pass
                number = parse_money(cell) if cell and cell[-1].isdigit() else None
                cells.append(number if number is not None and "/" not in cell else cell or None)
            sheet.append(cells)
    book.save(target)
    return target


def test_an_excel_export_reads_like_its_csv(tmp_path: Path) -> None:
    """QuickBooks and Xero export to Excel by default."""
    from_csv = _workbook(tmp_path / "csv")
    _run(*_args("quickbooks", FIXTURES / FILES["quickbooks"], from_csv))
    from_xlsx = _workbook(tmp_path / "xlsx")
    xlsx = _as_xlsx(FIXTURES / FILES["quickbooks"], tmp_path / "transaction_detail.xlsx")
    code, out = _run(*_args("quickbooks", xlsx, from_xlsx))
    assert code == 0, out
    assert "Rent or Lease: 2 rows, 5,600.00" in out
    a, b = read_workbook(from_csv).spend, read_workbook(from_xlsx).spend
    assert a.select("date", "initiative", "category", "amount").equals(
        b.select("date", "initiative", "category", "amount")
    )
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    code, out = _run(*_args("quickbooks", broken, from_xlsx))
    assert code == 1 and "broken.xlsx" in out and "Nothing was written." in out
