"""Importing a county's existing paper register from an XLSX file (登记册导入).

The official downloads a template, fills one row per licence and uploads it.
Every row is checked first and all problems are reported together, with the
row number and the column, so the file can be corrected in one pass; only a
file without a single problem is imported, in one transaction. The rules are
the register's own: validate_uscc, the territorial and competence rules of
territory.py, and services.save_institution / save_licence, which also write
the audit log.
"""

from .checking import validate
from .columns import COLUMNS, MAX_ROWS, ImportFileError
from .reading import parse
from .saving import import_rows
from .template import build_template

__all__ = ["COLUMNS", "MAX_ROWS", "ImportFileError", "build_template", "import_rows", "parse",
           "validate"]
