"""Problems found in a workbook, reported all at once as ``file:line:column: message``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a workbook.

    ``file`` is as the owner knows it: ``company.yaml``, ``kpi_values.csv`` or
    ``book.xlsx[kpi_values]``. ``line`` and ``column`` count from 1 in the file as
    written; ``column`` may be a CSV header name. Either may be ``None`` where the
    problem concerns a whole file.
    """

    file: str
    line: int | None
    column: int | str | None
    message: str
    path: str | None = None  # the key path in company.yaml, e.g. ``objectives[2].weight``

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        prefix = f"{self.path}: " if self.path else ""
        return f"{where}: {prefix}{self.message}"


class WorkbookError(Exception):
    """A workbook was refused. ``problems`` holds every problem found, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(problems, key=_order)
        n = len(self.problems)
        super().__init__(
            f"the workbook has {n} problem{'s' if n != 1 else ''}:\n"
            + "\n".join(str(p) for p in self.problems)
        )


def _order(p: Problem) -> tuple[int, str, int, str, str]:
    # company.yaml first, then files by name; within a file by line.
    return (
        0 if p.file.startswith("company") or p.file.endswith("[company]") else 1,
        p.file,
        p.line or 0,
        str(p.column or ""),
        p.message,
    )
