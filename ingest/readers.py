"""Readers: one function per file format, each yielding raw records with their line numbers."""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from .errors import UnreadableFile


@dataclass(frozen=True)
class RawRecord:
    """A record as read from a file, before validation."""

    file: str
    line: int  # 1-based line where the record starts
    values: dict[str, Any]
    problems: tuple[tuple[str, str], ...] = field(default=())  # (field, reason) found while reading


def read_csv(path: Path) -> Iterator[RawRecord]:
    """Rows of a CSV file with a header line; a row with too many or too few fields is flagged."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
        handle.read(1)
        handle.seek(0)
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFile(str(path), f"cannot read: {exc}") from exc
    with handle:
        reader = csv.reader(handle)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as exc:
            raise UnreadableFile(str(path), f"cannot read the header: {exc}") from exc
        start = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:
                raise UnreadableFile(str(path), f"line {start}: not valid UTF-8 text ({exc.reason})") from exc
            except csv.Error as exc:
                yield RawRecord(str(path), start, {}, (("record", f"cannot parse the line: {exc}"),))
                start = reader.line_num + 1
                continue
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            problems: tuple[tuple[str, str], ...] = ()
            if len(row) != len(header):
                problems = (("record", f"has {len(row)} fields where the header has {len(header)} "
                                       "(an unquoted comma or a missing field?)"),)
            yield RawRecord(str(path), line, dict(zip(header, row)), problems)


def read_json(path: Path) -> Iterator[RawRecord]:
    """Objects of a JSON array (or one object), each with the line it starts on."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFile(str(path), f"cannot read: {exc}") from exc
    decoder = json.JSONDecoder()
    position = _skip_space(text, 0)
    if position >= len(text):
        return
    if text[position] == "{":
        value, _ = _decode(decoder, text, position, path)
        yield _json_record(path, text, position, value)
        return
    if text[position] != "[":
        raise UnreadableFile(str(path), f"line {_line_of(text, position)}: expected a JSON array of objects")
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


def _json_record(path: Path, text: str, position: int, value: Any) -> RawRecord:
    line = _line_of(text, position)
    if not isinstance(value, dict):
        return RawRecord(str(path), line, {}, (("record", "is not a JSON object"),))
    values = {str(k): _json_value(v) for k, v in value.items()}
    return RawRecord(str(path), line, values)


def _json_value(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


Reader = Callable[[Path], Iterator[RawRecord]]

READERS: dict[str, Reader] = {".csv": read_csv, ".json": read_json}
