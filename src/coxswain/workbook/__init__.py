"""The workbook format: types, reading (folder, zip, xlsx), validation, writing."""

from coxswain.workbook.model import Company
from coxswain.workbook.problems import Problem, WorkbookError
from coxswain.workbook.read import build_workbook, read_workbook
from coxswain.workbook.workbook import Workbook

__all__ = ["Company", "Problem", "Workbook", "WorkbookError", "build_workbook", "read_workbook"]
