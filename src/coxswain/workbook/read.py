"""Reading a workbook from a folder, a zip or an xlsx file, or from data in memory.

(Lead is filling this in; the signatures are the contract.)
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from coxswain.workbook.workbook import Workbook

DEFAULT_MAX_BYTES = 1 << 30  # 1 GiB, per file


def read_workbook(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Workbook:
    """Read and validate a workbook folder, ``.zip`` or ``.xlsx``; raise WorkbookError with
    every problem at once."""
    raise NotImplementedError


def build_workbook(
    company: Mapping[str, Any], tables: Mapping[str, pl.DataFrame] | None = None
) -> Workbook:
    """Validate a workbook given in memory: ``company`` is the parsed company.yaml mapping;
    ``tables`` maps table names (``kpi_values``, ``people``, …) to frames whose columns are
    text (as read from a CSV) or already of the table's types. Raises WorkbookError."""
    raise NotImplementedError
