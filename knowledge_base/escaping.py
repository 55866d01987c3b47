"""Learner and catalogue text made safe for the format it is written into.

One helper per output format, used everywhere that format is written: a value is escaped where
it enters the format, never "cleaned" on the way in (the stored text stays as it was said).
"""
from __future__ import annotations

import html
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


# Markdown as Streamlit renders it (react-markdown with GFM, math, directives and emoji). A
# backslash escape is enough where the parser reads the syntax (links, images, HTML, emphasis,
# code, tables, ``$`` maths); it is not where a plugin searches the text after escapes are
# resolved: GFM's bare addresses (``https://…``, ``www.…``, ``name@host.tld``), emoji shortcodes
# (``:smile:``), and Streamlit's ``:material/…:`` icons, which it finds in the raw source.
# There an invisible WORD JOINER (U+2060) breaks the pattern: after a colon that something
# follows (also ``:red[…]`` colour directives), between ``www`` and its dot, before an ``@``.
# Checked in Chromium by tests/browser/test_hostile_catalogue.py.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>~$|&])")
_BLOCK_START = re.compile(r"^[#>+\-=]|^\d+(?=[.)])")
_JOINER = "\u2060"
_PLUGIN_PATTERN = re.compile(r"(:)(?=[\w+\-/])|(?<![A-Za-z0-9])((?i:www))(?=\.)|(?=@)")


def _one_line(value: object) -> str:
    return " ".join(("" if value is None else str(value)).split())


def md(value: object) -> str:
    """Text shown as itself in Streamlit Markdown, inside a line, a heading, a caption or a table
    cell: no link, image, HTML, formatting, maths, icon, colour or emoji it carries takes
    effect, and it stays on its line. The one escaping of every catalogue and learner value."""
    text = _MD_SPECIAL.sub(r"\\\1", _one_line(value))
    text = _PLUGIN_PATTERN.sub(lambda m: (m.group(1) or m.group(2) or "") + _JOINER, text)
    # A value written at the start of a line must not open a heading, quote or list there.
    return _BLOCK_START.sub(lambda m: m.group(0) + "\\" if m.group(0)[0].isdigit() else "\\" + m.group(0),
                            text, count=1)


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
    """Text inside a Markdown table cell: ``md`` already escapes the ``|`` that would end the cell
    (named for the places that write cells)."""
    return md(value)


def dot_label(value: object) -> str:
    """Text inside a double-quoted Graphviz string."""
    return _one_line(value).replace("\\", "\\\\").replace('"', '\\"')


def html_text(value: object) -> str:
    """Text inside an HTML element or a double-quoted attribute: no tag, entity or quote it
    carries takes effect, and it stays on its line."""
    return html.escape(_one_line(value), quote=True)


def html_link(label: str, url: str | None) -> str:
    """``<a href="url">label</a>`` for a web address; only the label when it is not http(s)."""
    if not url or not re.match(r"^https?://", url, re.I):
        return html_text(label)
    return f'<a href="{html_text(url)}">{html_text(label)}</a>'
