"""From a raw record to a validated ``Program``: mapping, normalising, deriving ids, validating."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urlparse

from knowledge_base.errors import InvalidProgram
from knowledge_base.schema import REQUIRED_COLUMNS, Program

from . import normalise
from .errors import InvalidRow
from .mapping import ResolvedMapping
from .readers import RawRecord

# Fields whose unreadable value rejects the row (a wrong value there means a broken row);
# other unreadable values are left empty and reported.
REJECT_WHEN_UNREADABLE = frozenset({*REQUIRED_COLUMNS, "credential_type", "level", "url"})
NEGATIVE = "negative amount"  # an amount below zero is wrong data, not an unreadable one
# Fields that hold a word or a number: prose there means the row's fields have shifted.
SHORT_FIELDS = frozenset({"credential_type", "level", "duration_weeks", "hours_per_week", "cost", "currency",
                          "delivery", "pace", "language", "credits", "credits_required", "next_start"})
_URL = re.compile(r"https?://", re.IGNORECASE)


def shifted_field(row: dict[str, Any]) -> tuple[str, str] | None:
    """The first field whose value shows the row is shifted: prose in a short field, or a web
    address outside the url field."""
    for name, value in row.items():
        text = str(value).strip() if value is not None else ""
        if not text or isinstance(value, (int, float)):
            continue
        if name != "url" and name in SHORT_FIELDS and _URL.search(text):
            return name, f"holds a web address ({text[:40]}…): the row's fields have shifted"
        if name in SHORT_FIELDS and len(text.split()) >= 6 and name not in {"cost", "duration_weeks", "hours_per_week"}:
            return name, f"holds text ({text[:40]}…) where a short value belongs: the row's fields have shifted"
        if name in {"cost", "duration_weeks", "hours_per_week"} and len(text.split()) >= 10:
            return name, f"holds text ({text[:40]}…) where a short value belongs: the row's fields have shifted"
    return None


def _list(value: Any) -> str:
    return ";".join(normalise.parse_list(value))


NORMALISERS: dict[str, Callable[[Any], Any]] = {
    "credential_type": normalise.parse_credential_type, "level": normalise.parse_level,
    "hours_per_week": normalise.parse_effort, "language": normalise.parse_language,
    "delivery": normalise.parse_delivery, "pace": normalise.parse_pace, "next_start": normalise.parse_date,
    "skills": _list, "occupations": _list, "prerequisites": _list, "funding": _list,
}


@dataclass
class Outcome:
    """What became of one record: a program, or the reasons it was rejected; and notices
    about values that could not be read and were left empty."""

    program: Program | None
    errors: list[InvalidRow] = field(default_factory=list)
    notices: list[InvalidRow] = field(default_factory=list)


def derive_id(url: str | None, provider: str | None, title: str | None) -> str | None:
    """A stable id for a record without one: from its web address, else provider and title."""
    if url and re.match(r"^https?://", str(url)):
        parsed = urlparse(str(url))
        basis = parsed.netloc.removeprefix("www.").split(".")[0] + parsed.path
    elif provider and title:
        basis = f"{provider} {title}"
    else:
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", normalise._fold(str(basis))).strip("-")
    if len(slug) > 80:
        slug = slug[:70].rstrip("-") + "-" + hashlib.sha1(slug.encode()).hexdigest()[:8]
    return slug or None


def build_program(record: RawRecord, mapping: ResolvedMapping, source: str) -> Outcome:
    def problem(field_name: str, reason: str) -> InvalidRow:
        return InvalidRow(record.file, record.line, field_name, reason)

    outcome = Outcome(program=None)
    if record.problems:
        outcome.errors = [problem(f, r) for f, r in record.problems]
        return outcome
    shifted = [h for h in mapping.unnamed if str(record.values.get(h) or "").strip()]
    if shifted:
        outcome.errors.append(problem("record", "has values in columns without a header "
                                                "(fields shifted by an unquoted comma?)"))
        return outcome

    raw = mapping.apply(record.values)
    shift = shifted_field(raw)
    if shift:
        outcome.errors.append(problem(*shift))
        return outcome
    missing = [name for name in mapping.required if raw.get(name) is None or not str(raw.get(name)).strip()]
    if missing:
        outcome.errors.append(problem(missing[0], "is empty, but every complete row of this file has it "
                                                  "(a record cut short by a line break inside a field?)"))
        return outcome
    row: dict[str, Any] = {}
    for field_name, value in raw.items():
        if value is None or not str(value).strip():
            continue
        try:
            if field_name == "cost":
                amount, currency = normalise.parse_money(value)
                row["cost"] = amount
                if currency and not raw.get("currency"):
                    row["currency"] = currency
            elif field_name == "duration_weeks":
                weeks, hours = normalise.parse_duration(value)
                row["duration_weeks"] = weeks
                if hours is not None:
                    row["_total_hours"] = hours
            elif field_name in NORMALISERS:
                row[field_name] = NORMALISERS[field_name](value)
            else:
                row[field_name] = str(value).strip() if not isinstance(value, (int, float)) else value
        except ValueError as exc:
            if field_name in REJECT_WHEN_UNREADABLE or NEGATIVE in str(exc):
                outcome.errors.append(problem(field_name, str(exc)))
            else:
                outcome.notices.append(problem(field_name, f"{exc}; left empty"))
    total_hours = row.pop("_total_hours", None)
    if total_hours is not None:
        if row.get("hours_per_week"):
            row["duration_weeks"] = round(total_hours / row["hours_per_week"], 1)
        else:
            outcome.notices.append(problem("duration_weeks", f"{total_hours:g} hours in all, but no hours per "
                                                             "week to turn them into weeks; left empty"))
    if "id" not in mapping.columns:  # a file without ids: derive them; a blank id in an id column is an error
        row["id"] = derive_id(row.get("url"), row.get("provider"), row.get("title"))
    if outcome.errors:
        return outcome
    try:
        outcome.program = Program.from_row({**row, "source": source})
    except InvalidProgram as exc:
        outcome.errors = [problem(f, r) for f, r in exc.problems]
    return outcome
