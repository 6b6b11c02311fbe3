"""What several analysis tests share: an analysis run on an example company as of its
latest data, and a section's report partial rendered strictly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from coxswain.analysis.base import Context, Section
from coxswain.workbook import Workbook

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def on_example(analyze: Callable[[Workbook, Context], Section], name: str) -> Section:
    """``analyze`` on the example workbook ``examples/NAME`` up to its latest date; skips
    where the examples are absent."""
    from coxswain.workbook.read import read_workbook

    folder = EXAMPLES / name
    if not (folder / "company.yaml").exists():
        pytest.skip(f"example {name} absent ({folder})")
    workbook = read_workbook(folder)
    as_of = workbook.latest_date()
    assert as_of is not None
    return analyze(workbook.until(as_of), Context(as_of=as_of))


def render_partial(section: Section) -> str:
    """The report partial of this section, rendered strictly (any missing key fails)."""
    from types import SimpleNamespace

    import jinja2

    from coxswain.report.html import _environment

    env = _environment()  # the report's own filters (dates, numbers in the locale)
    env.undefined = jinja2.StrictUndefined
    result = SimpleNamespace(labels={})
    return env.get_template(f"sections/{section.name}.html").render(section=section, result=result)
