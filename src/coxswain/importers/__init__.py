"""Importers: communication exports → the ``messages.csv`` table.

Each returns an :class:`~coxswain.importers.common.ImportResult`: a polars frame in
the messages table schema and a report (messages kept, skipped by reason, senders and
recipients that could not be resolved to people). Broken exports raise
:class:`~coxswain.workbook.problems.WorkbookError` listing every problem at once.
"""

from coxswain.importers.common import ImportReport, ImportResult

KINDS = ("slack", "mail", "viva", "csv")

__all__ = ["KINDS", "ImportReport", "ImportResult"]
