"""Learner and catalogue text made safe for the format it is written into.

One helper per output format, used everywhere that format is written: a value is escaped where
it enters the format, never "cleaned" on the way in (the stored text stays as it was said).
"""
from __future__ import annotations

import re

# A spreadsheet reads a cell that starts with one of these as a formula (OWASP, "CSV
# Injection"): =, +, -, @, and tab or carriage return before them. Full-width forms count too,
# since some spreadsheets fold them to ASCII.
_FORMULA_START = re.compile(r"^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]")
_PLAIN_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def csv_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: one that would start a formula gets a leading
    apostrophe (shown by no spreadsheet, and marking the cell as text). Plain numbers, negative
    ones included, are left as they are."""
    text = "" if value is None else str(value)
    if _FORMULA_START.search(text) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def csv_row(values: list[object]) -> list[str]:
    return [csv_cell(v) for v in values]
