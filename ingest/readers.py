"""Readers: one function per file format, each yielding raw records with their line numbers."""
from __future__ import annotations

import codecs
import csv
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge_base.escaping import plain_cell
from knowledge_base.jsonvalues import strict_decoder

from .errors import UnreadableFile


@dataclass(frozen=True)
class RawRecord:
    """A record as read from a file, before validation."""

    file: str
    line: int  # 1-based line where the record starts
    values: dict[str, Any]
    problems: tuple[tuple[str, str], ...] = field(default=())  # (field, reason) found while reading
    short: bool = False  # fewer fields than the header: the record may go on on the next line
    keyed: bool = False  # each value named by its key (JSON): its fields cannot have shifted


ENCODINGS = ("utf-8-sig", "cp1252")  # UTF-8 (with or without BOM), else Windows-1252
DEFAULT_MAX_UNPACKED_MB = 500
CHUNK = 1024 * 1024
DELIMITERS = ",;\t|"


def detect_encoding(path: Path) -> str:
    """UTF-8 when the whole file decodes as UTF-8, else Windows-1252 (what spreadsheets export).
    Read a megabyte at a time, so a large export is never held whole in memory."""
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(str(path), "is neither UTF-8 nor Windows-1252 text")


def detect_delimiter(sample: str) -> str:
    header = sample.splitlines()[0] if sample else ""
    try:
        return csv.Sniffer().sniff(header, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return max(DELIMITERS, key=header.count) if header else ","


def read_csv(path: Path, **_: object) -> Iterator[RawRecord]:
    """Rows of a delimited file with a header line (encoding and delimiter detected).

    A row with more or fewer fields than the header is flagged, never shifted into place.
    """
    try:
        encoding = detect_encoding(path)
        handle = path.open(encoding=encoding, newline="")
    except OSError as exc:
        raise UnreadableFile(str(path), f"cannot read: {exc}") from exc
    csv.field_size_limit(2**31 - 1)
    with handle:
        delimiter = detect_delimiter(handle.read(64 * 1024))
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            return
        except csv.Error as exc:
            raise UnreadableFile(str(path), f"cannot read the header: {exc}") from exc
        start = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield RawRecord(str(path), start, {}, (("record", f"cannot parse the line: {exc}"),))
                start = reader.line_num + 1
                continue
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            problems: tuple[tuple[str, str], ...] = ()
            if len(row) != len(header):
                fields = "field" if len(row) == 1 else "fields"
                problems = (("record", f"has {len(row)} {fields} where the header has {len(header)} "
                                       "(an unquoted comma or a line break inside a field?)"),)
            yield RawRecord(str(path), line, dict(zip(header, (plain_cell(c) for c in row))), problems,
                            short=len(row) < len(header))


def read_xlsx(path: Path, sheet: str | None = None, max_unpacked_mb: int = DEFAULT_MAX_UNPACKED_MB,
              **_: object) -> Iterator[RawRecord]:
    """Rows of one worksheet (``sheet``, default the first); the first non-empty row is the header.
    A workbook is a zip archive: one that would unpack to more than ``max_unpacked_mb`` is
    refused before it is opened (a few hundred kilobytes can unpack to gigabytes)."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableFile(str(path), f"cannot open as an XLSX workbook: {exc}") from exc
    if unpacked > max_unpacked_mb * 1024 * 1024:
        raise UnreadableFile(str(path), f"unpacks to {unpacked / 1024 ** 2:,.0f} MB, more than "
                                        f"{max_unpacked_mb} MB (STACKWISE_INGEST_MAX_UNPACKED_MB)")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError and its own errors
        raise UnreadableFile(str(path), f"cannot open as an XLSX workbook: {exc}") from exc
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise UnreadableFile(str(path), f"has no sheet {sheet!r} (sheets: {', '.join(workbook.sheetnames)})")
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        header: list[str] | None = None
        for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
            cells = ["" if v is None else v for v in row]
            if not any(str(c).strip() for c in cells):
                continue
            if header is None:
                header = [str(c).strip() for c in cells]
                continue
            values = {h: (c.strip() if isinstance(c, str) else c) for h, c in zip(header, cells) if h}
            beyond = [i for i, c in enumerate(cells) if str(c).strip() and (i >= len(header) or not header[i])]
            problems: tuple[tuple[str, str], ...] = ()
            if beyond:
                problems = (("record", f"has a value in column {_column_letter(beyond[0])}, which has no header "
                                       "(a row shifted out of its columns?)"),)
            yield RawRecord(str(path), number, values, problems)
    finally:
        workbook.close()


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# Keys under which an export wraps its records in one object: {"data": [...]}, {"results": [...]}.
WRAPPER_KEYS = ("data", "items", "results", "records", "courses", "programs", "programmes", "rows", "entries")


def read_json(path: Path, notes: list[str] | None = None, **_: object) -> Iterator[RawRecord]:
    """Objects of a JSON array, of JSON Lines (one object per line), of an object holding them
    under one key (``{"data": [...]}``: said in ``notes``), or one object; each with the line it
    starts on."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFile(str(path), f"cannot read: {exc}") from exc
    decoder = strict_decoder()
    position = _skip_space(text, 0)
    if position >= len(text):
        return
    if text[position] == "{":  # one object, a wrapper of records, or JSON Lines
        value, end = _decode(decoder, text, position, path)
        if _skip_space(text, end) >= len(text) and (key := _wrapper_key(value)) is not None:
            if notes is not None:
                notes.append(f"the records are the {len(value[key]):,} objects under the key {key!r} of the file's "
                             "one object")
            yield from _array(decoder, text, _member_start(decoder, text, position, key, path), path)
            return
        while True:  # the first object is decoded already
            yield _json_record(path, text, position, value)
            position = _skip_space(text, end)
            if position >= len(text):
                return
            value, end = _decode(decoder, text, position, path)
    if text[position] != "[":
        raise UnreadableFile(str(path), f"line {_line_of(text, position)}: expected a JSON array of objects")
    yield from _array(decoder, text, position, path)


def _wrapper_key(value: Any) -> str | None:
    """The key of an object that holds the records: one of ``WRAPPER_KEYS`` whose value is a list
    of objects, the object's only list of objects (its other keys are counts, pages, metadata)."""
    if not isinstance(value, dict):
        return None
    lists = [k for k, v in value.items() if isinstance(v, list) and v and all(isinstance(i, dict) for i in v)]
    if len(lists) == 1 and lists[0].strip().lower() in WRAPPER_KEYS:
        return lists[0]
    return None


def _member_start(decoder: json.JSONDecoder, text: str, position: int, key: str, path: Path) -> int:
    """Where the value of ``key`` starts in the object at ``position`` (so records keep their lines)."""
    position = _skip_space(text, position + 1)
    while position < len(text) and text[position] != "}":
        name, position = _decode(decoder, text, position, path)
        position = _skip_space(text, position)
        position = _skip_space(text, position + 1)  # the ':'
        if name == key:
            return position
        _, position = _decode(decoder, text, position, path)
        position = _skip_space(text, position)
        if position < len(text) and text[position] == ",":
            position = _skip_space(text, position + 1)
    raise UnreadableFile(str(path), f"has no key {key!r}")


def _array(decoder: json.JSONDecoder, text: str, position: int, path: Path) -> Iterator[RawRecord]:
    """The records of the JSON array starting at ``position``."""
    position = _skip_space(text, position + 1)
    while position < len(text) and text[position] != "]":
        value, end = _decode(decoder, text, position, path)
        yield _json_record(path, text, position, value)
        position = _skip_space(text, end)
        if position < len(text) and text[position] == ",":
            position = _skip_space(text, position + 1)
        elif position < len(text) and text[position] != "]":
            raise UnreadableFile(str(path), f"line {_line_of(text, position)}: expected ',' or ']' in the array")


def _decode(decoder: json.JSONDecoder, text: str, position: int, path: Path) -> tuple[Any, int]:
    try:
        return decoder.raw_decode(text, position)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(str(path), f"line {exc.lineno}: invalid JSON ({exc.msg})") from exc
    except RecursionError:
        raise UnreadableFile(str(path), f"line {_line_of(text, position)}: the JSON is nested too deeply") from None
    except ValueError as exc:  # a number of thousands of digits (Python's limit on int conversion)
        raise UnreadableFile(str(path), f"line {_line_of(text, position)}: a value cannot be read ({exc})") from None


def _json_record(path: Path, text: str, position: int, value: Any) -> RawRecord:
    line = _line_of(text, position)
    if not isinstance(value, dict):
        return RawRecord(str(path), line, {}, (("record", "is not a JSON object"),))
    return RawRecord(str(path), line, dict(_flat(value)), keyed=True)


def _flat(value: dict, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """An object's values by dotted key: ``{"partner": {"name": "X"}}`` gives ``partner.name``,
    so a mapping can name what is inside, and an object is never stored as text."""
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict):
            yield from _flat(item, f"{name}.")
        elif isinstance(item, list):
            yield name, ";".join(_list_item(v) for v in item if v is not None)
        else:
            yield name, item


def _list_item(value: Any) -> str:
    if isinstance(value, dict):  # {"id": "CERT", "credits": 3} in stacks_into; {"name": "SQL"} in skills
        target = value.get("id") or value.get("target") or value.get("name") or value.get("label") or ""
        return f"{target}:{value['credits']}" if value.get("credits") is not None else str(target)
    return str(value)


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


Reader = Callable[..., Iterator[RawRecord]]  # (path, sheet=..., max_unpacked_mb=...)

READERS: dict[str, Reader] = {
    ".csv": read_csv, ".tsv": read_csv, ".xlsx": read_xlsx, ".xlsm": read_xlsx,
    ".json": read_json, ".jsonld": read_json, ".jsonl": read_json, ".ndjson": read_json,
}
