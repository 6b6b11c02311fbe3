"""``coxswain import shopify`` of 100,000 orders (about 150,000 rows: a third of the orders
have two line items), into a fresh workbook, then the same file again (every order already
there: the merge finds nothing to add).

Figures: the wall time of each ``coxswain import`` run in-process (reading, grouping,
hashing customers, merging, validating the whole would-be workbook, writing
transactions.csv), and the rows written.

Run: ``uv run python -m benchmarks import`` (or ``make bench``).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

ORDERS = 100_000
HEADER = [
    "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Currency",
    "Subtotal", "Shipping", "Taxes", "Total", "Created at", "Lineitem quantity",
    "Lineitem name", "Lineitem price", "Billing Name", "Cancelled at", "Payment Method",
    "Refunded Amount", "Id",
]  # fmt: skip


def write_orders(path: Path, n: int = ORDERS, seed: int = 7) -> int:
    """A Shopify orders export of ``n`` orders from 8,000 customers over two years."""
    rng = random.Random(seed)
    start = dt.datetime(2024, 1, 1, 8, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i in range(n):
            when = start + dt.timedelta(minutes=int(i * 10.5))
            total = round(rng.uniform(5, 120), 2)
            status = rng.choices(["paid", "partially_refunded", "voided"], [0.95, 0.03, 0.02])[0]
            refunded = round(total / 3, 2) if status == "partially_refunded" else 0.0
            stamp = when.strftime("%Y-%m-%d %H:%M:%S %z")
            w.writerow(
                [f"#{1000 + i}", f"customer{rng.randrange(8000)}@example.com", status, stamp,
                 "fulfilled", "EUR", total, 0, 0, total, stamp, 1, "Sourdough loaf", total,
                 "", "", "Shopify Payments", refunded, 5_500_000_000_000 + i]
            )  # fmt: skip
            rows += 1
            if i % 3 == 0:
                w.writerow([f"#{1000 + i}", *[""] * 10, 1, "Rye loaf", 4.5, *[""] * 5])
                rows += 1
    return rows


def run() -> None:
    from typer.testing import CliRunner

    from coxswain.cli import app

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "shop"
        folder.mkdir()
        (folder / "company.yaml").write_text("format: 1\nname: Shop\ncurrency: EUR\n")
        export = Path(tmp) / "orders_export.csv"
        rows = write_orders(export)
        size = export.stat().st_size / 1e6
        print(f"export: {ORDERS:,} orders, {rows:,} rows, {size:.1f} MB")
        for label in ("first import", "same file again"):
            t0 = time.perf_counter()
            result = CliRunner().invoke(
                app, ["import", "shopify", str(export), "--workbook", str(folder)]
            )
            took = time.perf_counter() - t0
            assert result.exit_code == 0, result.output
            print(f"{label}: {took:.2f} s — {result.output.strip().splitlines()[-1]}")


if __name__ == "__main__":
    run()
