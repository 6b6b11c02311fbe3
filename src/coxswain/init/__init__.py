"""`coxswain init`: a starter workbook an owner can fill in, from a template and a few answers."""

from coxswain.init.starter import (
    end_of_next_year,
    next_quarter,
    round_nice,
    starter_workbook,
    template_defaults,
)
from coxswain.init.templates import load_template, template_names, template_text, template_titles
from coxswain.init.write import (
    check_target,
    render_company_yaml,
    write_folder,
    write_xlsx,
    xlsx_path,
)

__all__ = [
    "check_target",
    "end_of_next_year",
    "load_template",
    "next_quarter",
    "render_company_yaml",
    "round_nice",
    "starter_workbook",
    "template_defaults",
    "template_names",
    "template_text",
    "template_titles",
    "write_folder",
    "write_xlsx",
    "xlsx_path",
]
