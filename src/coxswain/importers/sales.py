"""Sales exports → ``transactions.csv``: one row per paid order, refunds subtracted.

Shopify's orders export, Square's transactions export, Stripe's payments export and
WooCommerce Analytics' orders download. Each importer finds its columns by the header
names of the vendor's documented layout (``--map`` renames them), groups the rows of one
order (however the export spreads its line items or refunds), leaves out cancelled,
voided, failed, unpaid and test orders, and names the customer by a salted hash of their
e-mail (or the vendor's customer id where the export has no e-mail). The ``ref`` column
holds the vendor's order or payment id, so that importing the same export again changes
nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from coxswain.importers.common import raise_problems
from coxswain.importers.tabular import (
    MONTH_FIRST,
    Col,
    Export,
    TableImport,
    TableReport,
    bounded_date,
    customer_code,
    date_message,
    iter_groups,
    parse_date,
    parse_money,
    read_export,
)
from coxswain.workbook.problems import Problem

SCHEMA: dict[str, pl.DataType] = {
    "customer": pl.String(),
    "date": pl.Date(),
    "amount": pl.Float64(),
    "ref": pl.String(),
}

NOT_PAID = "cancelled, voided, failed or not paid"
TEST = "test orders"
NO_CUSTOMER = "no customer e-mail or id (walk-in or guest sales)"
REFUNDED = "refunded in full"


@dataclass
class Order:
    line: int
    ref: str
    date: dt.date
    who: str  # the e-mail or customer id (hashed before it is kept)
    amount: float


class _Reader:
    """Collects the problems of one export while its cells are read."""

    def __init__(self, export: Export, date_format: str | None, formats: tuple[str, ...]):
        self.export = export
        self.problems: list[Problem] = []
        self.date_format = date_format
        self.formats = formats

    def money(self, line: int, row: list[str], name: str) -> float | None:
        text = self.export.get(row, name)
        value = parse_money(text)
        if value is None:
            self.problems.append(
                Problem(
                    self.export.label,
                    line,
                    self.export.header_of(name),
                    f"{text!r} is not an amount",
                )
            )
        return value

    def date(self, line: int, row: list[str], name: str) -> dt.date | None:
        text = self.export.get(row, name)
        column = self.export.header_of(name)
        if not text:
            self.problems.append(Problem(self.export.label, line, column, "the date is empty"))
            return None
        value = parse_date(text, formats=self.formats, date_format=self.date_format)
        if value is None:
            self.problems.append(
                Problem(self.export.label, line, column, date_message(text, self.date_format))
            )
            return None
        if (p := bounded_date(value, self.export.label, line, column)) is not None:
            self.problems.append(p)
            return None
        return value


def _finish(
    kind: str,
    export: Export,
    reader: _Reader,
    orders: list[Order],
    left_out: Counter[str],
    dropped: list[str],
    *,
    salt: str,
    notes: list[str] | None = None,
) -> TableImport:
    """The kept orders as rows of ``transactions.csv``; the ids of the orders left out
    (``dropped``, and those without a customer or refunded in full) go with them, so that a
    row an earlier import made of such an order is removed."""
    raise_problems(reader.problems)
    report = TableReport(kind=kind, source=export.label, table="transactions")
    report.read = len(export.rows)
    report.left_out = left_out
    report.notes = list(notes or [])
    kept: list[Order] = []
    for o in orders:
        if not o.who:
            left_out[NO_CUSTOMER] += 1
            dropped.append(o.ref)
        elif o.amount <= 0:
            left_out[REFUNDED] += 1
            dropped.append(o.ref)
        else:
            kept.append(o)
    frame = pl.DataFrame(
        {
            "customer": [customer_code(salt, o.who) for o in kept],
            "date": [o.date for o in kept],
            "amount": [round(o.amount, 2) for o in kept],
            "ref": [f"{kind}:{o.ref}" for o in kept],
        },
        schema=SCHEMA,
    )
    report.rows = frame.height
    gone = frozenset(f"{kind}:{ref}" for ref in dropped)
    return TableImport("transactions", frame, report, key="ref", dropped=gone)


def _no_customer_columns(export: Export, fields: dict[str, str]) -> list[str]:
    """A note when the export has none of the columns that name the customer: every sale is
    then left out, and the owner should know why (Square's exports of some years have no
    Customer ID column; a column renamed in an export is a ``--map`` away)."""
    if any(export.has(f) for f in fields):
        return []
    return [
        "the export has no column naming the customer ("
        + " or ".join(repr(h) for h in fields.values())
        + "), so every sale was left out; if it has one under another name, add --map "
        + f"{next(iter(fields))}=HEADER"
    ]


# --------------------------------------------------------------------------- Shopify

SHOPIFY = (
    Col("order", ("Name",)),
    Col("created", ("Created at",)),
    Col("total", ("Total",)),
    Col("email", ("Email",), required=False),
    Col("financial_status", ("Financial Status",), required=False),
    Col("cancelled", ("Cancelled at",), required=False),
    Col("refunded", ("Refunded Amount",), required=False),
    Col("payment_method", ("Payment Method",), required=False),
    Col("customer_id", ("Customer ID",), required=False),
)
SHOPIFY_NOT_PAID = {"voided", "pending", "authorized", "expired", "unpaid"}


def import_shopify(
    path: Path,
    *,
    salt: str,
    mapping: Mapping[str, str] | None = None,
    date_format: str | None = None,
    label: str | None = None,
) -> TableImport:
    """Shopify's orders export (Orders → Export, CSV): one row per line item, the order's
    fields (``Email``, ``Financial Status``, ``Total``, ``Refunded Amount``, ``Cancelled
    at``) on its first row only."""
    export = read_export(path, SHOPIFY, kind="shopify", mapping=mapping, label=label)
    reader = _Reader(export, date_format, MONTH_FIRST)
    orders: list[Order] = []
    left_out: Counter[str] = Counter()
    dropped: list[str] = []
    for name, rows in iter_groups(export, "order"):
        line, first = rows[0]
        if not name:
            reader.problems.append(
                Problem(export.label, line, export.header_of("order"), "the order has no name")
            )
            continue
        status = export.get(first, "financial_status").casefold()
        method = export.get(first, "payment_method").casefold()
        date = reader.date(line, first, "created")
        total = reader.money(line, first, "total")
        refunded = reader.money(line, first, "refunded") if export.has("refunded") else 0.0
        if export.get(first, "cancelled") or status in SHOPIFY_NOT_PAID:
            left_out[NOT_PAID] += 1
            dropped.append(name)
            continue
        if "bogus" in method:  # Shopify's test gateway
            left_out[TEST] += 1
            dropped.append(name)
            continue
        if date is None or total is None or refunded is None:
            continue
        who = export.get(first, "email") or export.get(first, "customer_id")
        orders.append(Order(line, name, date, who, total - abs(refunded)))
    notes = _no_customer_columns(export, {"email": "Email", "customer_id": "Customer ID"})
    return _finish("shopify", export, reader, orders, left_out, dropped, salt=salt, notes=notes)


# --------------------------------------------------------------------------- Square

SQUARE = (
    Col("date", ("Date",)),
    Col("transaction", ("Transaction ID",)),
    Col("total", ("Total Collected",)),
    Col("event", ("Event Type",), required=False),
    Col("status", ("Transaction Status",), required=False),
    Col("customer_id", ("Customer ID",), required=False),
    Col("customer_ref", ("Customer Reference ID",), required=False),
)
BAD_STATUS = ("void", "cancel", "fail", "pending", "declin")


def import_square(
    path: Path,
    *,
    salt: str,
    mapping: Mapping[str, str] | None = None,
    date_format: str | None = None,
    label: str | None = None,
) -> TableImport:
    """Square's transactions export (Transactions → Export → Transactions CSV): one row per
    payment; a refund is a row of its own (``Event Type`` Refund, a negative ``Total
    Collected``) under the same ``Transaction ID``. Square names the customer by its
    ``Customer ID``; sales without one are left out."""
    export = read_export(path, SQUARE, kind="square", mapping=mapping, label=label)
    reader = _Reader(export, date_format, MONTH_FIRST)
    orders: list[Order] = []
    left_out: Counter[str] = Counter()
    dropped: list[str] = []
    for tid, rows in iter_groups(export, "transaction"):
        payments = [
            (line, row)
            for line, row in rows
            if export.get(row, "event").casefold() not in {"refund", "refunds"}
        ]
        line, first = (payments or rows)[0]
        if not tid:
            reader.problems.append(
                Problem(export.label, line, export.header_of("transaction"), "no transaction id")
            )
            continue
        amounts = [reader.money(ln, row, "total") for ln, row in rows]
        date = reader.date(line, first, "date")
        status = export.get(first, "status").casefold()
        if any(bad in status for bad in BAD_STATUS):
            left_out[NOT_PAID] += 1
            dropped.append(tid)
            continue
        if date is None or any(a is None for a in amounts):
            continue
        if not payments:  # a refund of a sale before the export's dates
            left_out["refunds of sales outside the export"] += 1
            dropped.append(tid)
            continue
        who = export.get(first, "customer_id") or export.get(first, "customer_ref")
        orders.append(Order(line, tid, date, who, sum(a for a in amounts if a is not None)))
    notes = _no_customer_columns(
        export, {"customer_id": "Customer ID", "customer_ref": "Customer Reference ID"}
    )
    return _finish("square", export, reader, orders, left_out, dropped, salt=salt, notes=notes)


# --------------------------------------------------------------------------- Stripe

STRIPE = (
    Col("id", ("id", "ID", "Payment ID")),
    Col("created", ("Created date (UTC)", "Created (UTC)", "Created")),
    Col("amount", ("Amount",)),
    Col("refunded", ("Amount Refunded",), required=False),
    Col("converted", ("Converted Amount",), required=False),
    Col("converted_refunded", ("Converted Amount Refunded",), required=False),
    Col("status", ("Status",), required=False),
    Col("captured", ("Captured",), required=False),
    Col("email", ("Customer Email",), required=False),
    Col("customer_id", ("Customer ID",), required=False),
    Col("mode", ("Mode", "Livemode"), required=False),
)
STRIPE_PAID = {"paid", "succeeded", "refunded", "partially refunded", "partially_refunded"}


def import_stripe(
    path: Path,
    *,
    salt: str,
    mapping: Mapping[str, str] | None = None,
    date_format: str | None = None,
    label: str | None = None,
) -> TableImport:
    """Stripe's payments export (Payments → Export, ``unified_payments.csv``): one row per
    payment. Where it has ``Converted Amount`` (the payment in the account's currency) that
    counts, less ``Converted Amount Refunded``; else ``Amount`` less ``Amount Refunded``.
    Failed, cancelled and uncaptured payments are left out; test-mode rows too, where the
    export says."""
    export = read_export(path, STRIPE, kind="stripe", mapping=mapping, label=label)
    reader = _Reader(export, date_format, MONTH_FIRST)
    orders: list[Order] = []
    left_out: Counter[str] = Counter()
    dropped: list[str] = []
    converted = export.has("converted")
    seen: set[str] = set()
    for line, row in export.rows:
        pid = export.get(row, "id")
        if not pid:
            reader.problems.append(
                Problem(export.label, line, export.header_of("id"), "no payment id")
            )
            continue
        if pid in seen:
            reader.problems.append(
                Problem(export.label, line, export.header_of("id"), f"payment {pid} twice")
            )
            continue
        seen.add(pid)
        date = reader.date(line, row, "created")
        gross = reader.money(line, row, "converted" if converted else "amount")
        back_col = "converted_refunded" if converted else "refunded"
        back = reader.money(line, row, back_col) if export.has(back_col) else 0.0
        status = export.get(row, "status").casefold()
        mode = export.get(row, "mode").casefold()
        if mode in {"test", "false"}:
            left_out[TEST] += 1
            dropped.append(pid)
            continue
        if (status and status not in STRIPE_PAID) or export.get(row, "captured").casefold() == (
            "false"
        ):
            left_out[NOT_PAID] += 1
            dropped.append(pid)
            continue
        if date is None or gross is None or back is None:
            continue
        who = export.get(row, "email") or export.get(row, "customer_id")
        orders.append(Order(line, pid, date, who, gross - abs(back)))
    notes = _no_customer_columns(export, {"email": "Customer Email", "customer_id": "Customer ID"})
    return _finish("stripe", export, reader, orders, left_out, dropped, salt=salt, notes=notes)


# --------------------------------------------------------------------------- WooCommerce

WOOCOMMERCE = (
    Col("date", ("Date",)),
    Col("order", ("Order #", "Order", "Order ID")),
    # "Net Sales" in the e-mailed export, "Net sales" in the browser's download (case does not
    # matter), "N. Revenue" in older versions of both
    Col("net", ("Net Sales", "N. Revenue")),
    Col("status", ("Status",), required=False),
    Col("email", ("Customer email", "Email", "Billing Email"), required=False),
    Col("customer", ("Customer",), required=False),
)
# WooCommerce's order statuses (Automattic\WooCommerce\Enums\OrderStatus): "pending" has no
# payment, "on-hold" awaits payment confirmation (a bank transfer), "failed", "cancelled"
# and the drafts were never paid; "processing", "completed" and "refunded" were paid.
WOO_NOT_PAID = {
    "cancelled",
    "failed",
    "pending",
    "pending payment",
    "on-hold",
    "on hold",
    "draft",
    "auto-draft",
    "checkout-draft",
    "new",
    "trash",
}


def import_woocommerce(
    path: Path,
    *,
    salt: str,
    mapping: Mapping[str, str] | None = None,
    date_format: str | None = None,
    label: str | None = None,
) -> TableImport:
    """WooCommerce Analytics' orders download (Analytics → Orders → Download): one row per
    order, a refund as a row of its own with a negative ``Net Sales`` under the same ``Order
    #``. The download names the customer (``Customer``) but gives no e-mail; customers are
    then told apart by that name (hashed), unless an e-mail column is mapped."""
    export = read_export(path, WOOCOMMERCE, kind="woocommerce", mapping=mapping, label=label)
    reader = _Reader(export, date_format, MONTH_FIRST)
    orders: list[Order] = []
    left_out: Counter[str] = Counter()
    dropped: list[str] = []
    for number, rows in iter_groups(export, "order"):
        line, first = rows[0]
        sales = [(ln, r) for ln, r in rows if (parse_money(export.get(r, "net")) or 0) >= 0]
        if sales:
            line, first = sales[0]
        if not number:
            reader.problems.append(
                Problem(export.label, line, export.header_of("order"), "no order number")
            )
            continue
        amounts = [reader.money(ln, r, "net") for ln, r in rows]
        date = reader.date(line, first, "date")
        # the status slug ("completed", "on-hold"), sometimes with its "wc-" prefix
        status = export.get(first, "status").casefold().removeprefix("wc-")
        if status in WOO_NOT_PAID:
            left_out[NOT_PAID] += 1
            dropped.append(number.lstrip("#"))
            continue
        if date is None or any(a is None for a in amounts):
            continue
        email = export.get(first, "email")
        who = email or (
            f"name:{export.get(first, 'customer')}" if export.get(first, "customer") else ""
        )
        orders.append(Order(line, number.lstrip("#"), date, who, sum(a or 0.0 for a in amounts)))
    notes = []
    if not export.has("email"):
        notes.append(
            "the download gives no customer e-mail: customers are told apart by name, so two "
            "customers of the same name count as one"
        )
    return _finish("woocommerce", export, reader, orders, left_out, dropped, salt=salt, notes=notes)


Importer = Callable[..., TableImport]
SALES: dict[str, Importer] = {
    "shopify": import_shopify,
    "square": import_square,
    "stripe": import_stripe,
    "woocommerce": import_woocommerce,
}
