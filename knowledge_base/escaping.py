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


def _is_formula(text: str) -> bool:
    return csv_cell(text) != text


def spreadsheet_cell(value: object) -> str:
    """``csv_cell`` made reversible, for files that are read back (the catalogue export):
    ``=SUM(A1)`` → ``'=SUM(A1)``; ``'=x`` → ``''=x``, so ``plain_cell`` can tell the mark from
    the value; anything else unchanged."""
    text = "" if value is None else str(value)
    return "'" + text if _is_formula(text.lstrip("'")) else text


def plain_cell(text: str) -> str:
    """The value ``spreadsheet_cell`` marked: ``plain_cell(spreadsheet_cell(v)) == v`` for every v."""
    return text[1:] if text.startswith("'") and _is_formula(text[1:].lstrip("'")) else text


# Markdown: the characters that can make a link, an image, HTML, emphasis, strikethrough or
# (in Streamlit) LaTeX inside a line; and the starts of bare addresses that GitHub-flavoured
# Markdown would turn into links.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>~$])")
_BARE_LINK = re.compile(r"(?i)\b(https?|ftp)(:)(?=//)|\b(www)(\.)")


def _one_line(value: object) -> str:
    return " ".join(("" if value is None else str(value)).split())


def md(value: object) -> str:
    """Text shown as itself inside a line of Markdown: no link, image, HTML or formatting it
    carries takes effect, and it stays on its line."""
    text = _MD_SPECIAL.sub(r"\\\1", _one_line(value))
    return _BARE_LINK.sub(lambda m: f"{m.group(1) or m.group(3)}\\{m.group(2) or m.group(4)}", text)


# Every other character of an address is percent-encoded, ' and * too (Markdown reads them).
_URL_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#@!$&+,;=%]")


def md_link(label: str, url: str | None) -> str:
    """``[label](url)`` for a web address, with the address percent-encoded so that nothing in
    it can end the link early; only the label when the address is not http(s)."""
    if not url or not re.match(r"^https?://", url, re.I):
        return md(label)
    safe = _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), url)
    return f"[{md(label)}]({safe})"


def md_cell(value: object) -> str:
    """Text inside a Markdown table cell: as ``md``, and a ``|`` does not end the cell."""
    return md(value).replace("|", "\\|")


def dot_label(value: object) -> str:
    """Text inside a double-quoted Graphviz string."""
    return _one_line(value).replace("\\", "\\\\").replace('"', '\\"')
