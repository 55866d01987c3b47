"""From a raw record to a validated ``Program``: mapping, normalising, deriving ids, validating."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from knowledge_base import languages
from knowledge_base.errors import InvalidProgram
from knowledge_base.schema import REQUIRED_COLUMNS, Program
from knowledge_base.text import fold

from . import normalise
from .errors import InvalidRow
from .mapping import ResolvedMapping
from .readers import RawRecord

# Fields whose unreadable value rejects the row (a wrong value there means a broken row);
# other unreadable values are left empty and reported.
REJECT_WHEN_UNREADABLE = frozenset({*REQUIRED_COLUMNS, "credential_type", "level", "url"})
NEGATIVE = "negative amount"  # an amount below zero is wrong data, not an unreadable one
# Fields that hold a word or a number: prose there means the row's fields have shifted.
SHORT_FIELDS = frozenset({"credential_type", "level", "duration_weeks", "hours_per_week", "total_hours", "cost",
                          "currency", "delivery", "pace", "language", "credits", "credits_required", "next_start"})
LENGTHS = frozenset({"duration_weeks", "hours_per_week", "total_hours"})
# Fields that never hold a web address: one there is a piece of another record's url column.
NO_ADDRESS = SHORT_FIELDS | {"title", "provider", "skills", "occupations"}
_URL = re.compile(r"https?://", re.IGNORECASE)
# Languages a row without one may be detected as, from its title and description, and how sure
# py3langid must be (knowledge_base.languages.title_language: told apart from more languages than
# these, read in lower case, its function words checked); below that, or on fewer than
# ENOUGH_WORDS words or ENOUGH_LETTERS letters, the language is left empty. Measured on real
# catalogue titles (python -m benchmarks.languages, README): English needs more certainty than
# French or Spanish, as English words run through French and Spanish titles ("Marketing
# international", "Community manager"); French or Spanish without one of its words or letters
# (languages.marked) needs CONFIDENT_UNMARKED, so an English title of English words French also
# has ("Professional Techniques Piano Course") stays English or empty; a language a mapping asks
# for that was not measured needs the most any measured one needs. Portuguese and German titles
# (few: 61 and 31 measured) were never wrong at that; Italian and Dutch are told apart but not given
# unless a mapping asks, as short English titles came out Italian or Dutch.
DETECTED_LANGUAGES = ("en", "fr", "es", "pt", "de")
CONFIDENT = {"en": 0.8, "fr": 0.7, "es": 0.7}
CONFIDENT_UNMARKED = {"en": 0.8, "fr": 0.9, "es": 0.9}
ENOUGH_LETTERS = 10
ENOUGH_WORDS = 2


NAMES = ("title", "provider")
LONGEST_NAME_WORDS = 25  # a title or a provider this long is a paragraph that slid into the column
SHIFTED_URL = "holds a web address: the row's fields have shifted"
SHIFTED_TEXT = "holds text where a short value belongs: the row's fields have shifted"
SHIFTED_BREAK = "holds the start of another record: a quote left open?"
# A line break then a line of several delimited fields: the next record, swallowed by a quote
# left open (a name may have a line break of its own: "Welder (A13)\n(Existing title: ...)").
_RECORD_INSIDE = re.compile(r"\n[^\n]*[,;\t|][^\n]*[,;\t|][^\n]*[,;\t|]")
_SPAN_WORD = re.compile(r"\b(?:for|over|during|pendant|durante|sur)\b.*\d", re.IGNORECASE)


def shifted_field(row: dict[str, Any], keyed: bool = False) -> tuple[str, str, str] | None:
    """The first field whose value shows the row is broken: a web address in a field that never
    holds one (anywhere in it: a quote left open runs a title into the next fields); a name that
    goes on past a line break; or, in a file of rows (not ``keyed`` by name, as JSON is), prose in
    a short field or a name. As (field, reason, the reason's kind to group rows by)."""
    for name, value in row.items():
        text = str(value).strip() if value is not None else ""
        if not text or isinstance(value, (int, float)):
            continue
        if name in NO_ADDRESS and _URL.search(text):
            return name, f"holds a web address ({_around_url(text)}): the row's fields have shifted", SHIFTED_URL
        if name in NAMES and not keyed and _RECORD_INSIDE.search(text):
            return name, f"holds the start of another record ({text[:40]!r}…): a quote left open?", SHIFTED_BREAK
        if keyed:
            continue
        words = len(text.split())
        if (name in SHORT_FIELDS and words >= 6 and name not in LENGTHS | {"cost"}
                or name in LENGTHS | {"cost"} and words >= 10
                or name in NAMES and words >= LONGEST_NAME_WORDS) and not _short_value(name, text):
            return name, f"holds text ({text[:40]}…) where a short value belongs: the row's fields have shifted", \
                SHIFTED_TEXT
    return None


def _around_url(text: str) -> str:
    at = _URL.search(text)
    start = at.start() if at else 0
    return (f"…{text[max(0, start - 20):start + 30]}…" if start > 20 else f"{text[:50]}…").replace("\n", " ")


def _short_value(name: str, text: str) -> bool:
    """A long value that is still one value: a length sentence that reads ("One year full-time or
    one and a half years part-time"), or a list of languages."""
    if name in LENGTHS:
        try:
            normalise.read_length(text)
        except ValueError:
            return False
        return True
    if name == "language":
        return all(len(part.split()) <= 3 for part in re.split(r"[,;/|]", text))
    return False


def _list(value: Any) -> str:
    return ";".join(normalise.parse_list(value))


def _funding(value: Any) -> str:
    """Funding sources by name: a code with no letter in it ("1", "2": yes and no in some
    exports) names none, and a learner could never ask for it."""
    names = normalise.parse_list(value)
    named = [name for name in names if re.search(r"[^\W\d_]", name)]  # a letter in it
    if names and not named:
        raise ValueError(f"{normalise.plain_text(value)!r} is a code, not the name of a funding source "
                         "(name the sources in [values.funding])")
    return ";".join(named)


NORMALISERS: dict[str, Callable[[Any], Any]] = {
    **{name: parser for name, parser in normalise.FIELD_PARSERS.items() if name not in ("credits", "credits_required")},
    "skills": _list, "occupations": _list, "prerequisites": _list, "funding": _funding,
}


@dataclass
class Outcome:
    """What became of one record: a program, or the reasons it was rejected; and notices
    about values that could not be read and were left empty."""

    program: Program | None
    errors: list[InvalidRow] = field(default_factory=list)
    notices: list[InvalidRow] = field(default_factory=list)
    empty_tail: bool = False  # the record's last mapped column, and every one after its last value, is empty
    fragment: bool = False  # rejected as a piece of a record: shifted fields, or a name missing
    derived_id: bool = False  # the id was derived (the file has no id column), so another may be derived


def derive_id(url: str | None, provider: str | None, title: str | None) -> str | None:
    """A stable id for a record without one: from its web address (host, path and query) when
    that names a page of its own, else provider and title (a provider's home page is shared by
    all its programs). Text the id cannot hold (Japanese, Arabic, Ukrainian...) is kept as a
    short hash of it, so different titles never share an id."""
    parsed = urlparse(str(url)) if url and re.match(r"^https?://", str(url)) else None
    if parsed is not None and (parsed.path.strip("/") or parsed.query):
        basis = parsed.netloc.removeprefix("www.").split(".")[0] + parsed.path.rstrip("/")
        basis += f" {parsed.query}" if parsed.query else ""
    elif provider and title:
        basis = f"{provider} {title}"
    else:
        return None
    folded = fold(str(basis)).strip()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    lost = re.sub(r"[^\w]+", "", re.sub(r"[a-z0-9]+", "", folded))  # letters beyond a-z, digits beyond 0-9
    digest = hashlib.sha1(str(basis).strip().encode("utf-8")).hexdigest()[:10]
    if lost:
        slug = f"{slug[:60].rstrip('-')}-{digest}".lstrip("-")
    elif len(slug) > 80:
        slug = slug[:70].rstrip("-") + "-" + digest[:8]
    return slug or None


def derived_id_again(program: Program) -> str | None:
    """Another id for a program whose id was derived from a web address that a different
    program of the file has too (a handbook page for several courses): the address and the title."""
    base = derive_id(program.url, program.provider, program.title)
    if base is None or base != program.id:
        return None
    alternative = derive_id(None, program.id, program.title)
    return alternative if alternative != program.id else None


def detected_language(row: dict[str, Any], allowed: tuple[str, ...]) -> str | None:
    """The language of a row's title and description, when the detector is confident."""
    text = " ".join(str(row.get(name) or "") for name in ("title", "description")).strip()
    if sum(ch.isalpha() for ch in text) < ENOUGH_LETTERS or len(languages.words(text)) < ENOUGH_WORDS:
        return None
    language, probability = languages.title_language(text, allowed)
    if language is None:
        return None
    needed = CONFIDENT if languages.marked(text, language) else CONFIDENT_UNMARKED
    return language if probability >= needed.get(language, max(needed.values())) else None


def build_program(record: RawRecord, mapping: ResolvedMapping, source: str) -> Outcome:
    def problem(field_name: str, reason: str, value: str | None = None) -> InvalidRow:
        kind = reason.replace(repr(value), "…", 1) if value is not None else None
        return InvalidRow(record.file, record.line, field_name, reason, value, kind)

    outcome = Outcome(program=None, empty_tail=_empty_tail(record, mapping))
    if record.problems:
        outcome.errors = [problem(f, r) for f, r in record.problems]
        outcome.fragment = True
        return outcome
    shifted = [h for h in mapping.unnamed if str(record.values.get(h) or "").strip()]
    if shifted:
        outcome.errors.append(problem("record", "has values in columns without a header "
                                                "(fields shifted by an unquoted comma?)"))
        outcome.fragment = True
        return outcome

    raw = mapping.apply(record.values)
    shift = shifted_field(raw, record.keyed)
    if shift:
        outcome.fragment = True
        name, reason, kind = shift
        outcome.errors.append(InvalidRow(record.file, record.line, name, reason, kind=kind))
        return outcome
    missing = [name for name in mapping.required if normalise.is_empty(raw.get(name))]
    if missing:
        outcome.fragment = True
        outcome.errors.append(problem(missing[0], "is empty, but every complete row of this file has it "
                                                  "(a record cut short by a line break inside a field?)"))
        return outcome
    row: dict[str, Any] = {}
    for field_name, value in raw.items():
        if normalise.is_empty(value):
            continue
        try:
            if field_name == "cost":
                amount, currency = normalise.parse_money(value)
                row["cost"] = amount
                if currency and not raw.get("currency"):
                    row["currency"] = currency
            elif field_name == "duration_weeks":
                length = normalise.read_length(value)
                row["duration_weeks"] = length.weeks
                _take_hours(row, raw, length)
                if length.part_time_weeks is not None:
                    outcome.notices.append(problem("duration_weeks", f"{length.weeks:g} weeks full-time stored; "
                                                                     f"part-time {length.part_time_weeks:g} weeks"))
            elif field_name == "total_hours":
                length = normalise.parse_total_hours(value)
                if length.total_hours is None and length.hours_per_week is None:
                    raise ValueError(f"{normalise.plain_text(value)!r} gives no hours (a span belongs in duration)")
                if length.total_hours is not None:  # its own column comes before hours a length cell gives
                    row["total_hours"] = length.total_hours
                _take_hours(row, raw, length)
                if length.weeks is not None and normalise.is_empty(raw.get("duration_weeks")):
                    row["duration_weeks"] = length.weeks
            elif field_name == "hours_per_week" and not isinstance(value, (int, float)):
                span = normalise.read_length(value) if _SPAN_WORD.search(str(value)) else None
                if span and span.hours_per_week is not None:
                    row["hours_per_week"] = span.hours_per_week
                else:
                    row["hours_per_week"] = normalise.parse_effort(value)
                if span and span.weeks is not None and normalise.is_empty(raw.get("duration_weeks")):
                    row["duration_weeks"] = span.weeks  # "5 hrs/week for 4 weeks"
            elif field_name in NORMALISERS:
                row[field_name] = NORMALISERS[field_name](value)
            elif isinstance(value, (int, float)):
                row[field_name] = value
            else:  # text: as plain text, also when the export wrote it as HTML
                row[field_name] = normalise.plain_text(value)
        except ValueError as exc:
            value_text = exc.value if isinstance(exc, normalise.UnknownValue) else None
            if (field_name in REJECT_WHEN_UNREADABLE and not isinstance(exc, normalise.EmailAddress)
                    or NEGATIVE in str(exc)):
                outcome.errors.append(problem(field_name, str(exc), value_text))
            else:
                outcome.notices.append(problem(field_name, f"{exc}; left empty", value_text))
    _lengths_from_each_other(row)
    if "id" not in mapping.columns:  # a file without ids: derive them; a blank id in an id column is an error
        row["id"] = derive_id(row.get("url"), row.get("provider"), row.get("title"))
        outcome.derived_id = True
    if not row.get("language") and mapping.detect_language:
        row["language"] = detected_language(row, mapping.detected_languages or DETECTED_LANGUAGES)
    if outcome.errors:
        return outcome
    if not row.get("description"):
        outcome.notices.append(problem("description", "is empty; the program is stored and found by its title "
                                                      "and other fields"))
    try:
        outcome.program = Program.from_row({**row, "source": source})
    except InvalidProgram as exc:
        outcome.errors = [problem(f, r) for f, r in exc.problems]
        outcome.fragment = any(f in ("title", "provider") and r == "is required" for f, r in exc.problems)
    return outcome


def _take_hours(row: dict[str, Any], raw: dict[str, Any], length: normalise.Length) -> None:
    """The hours in all and the hours a week a length cell gives, where no column of their own does."""
    if length.total_hours is not None and row.get("total_hours") is None:
        row["total_hours"] = length.total_hours
    if length.hours_per_week is not None and normalise.is_empty(raw.get("hours_per_week")):
        row["hours_per_week"] = length.hours_per_week


def _lengths_from_each_other(row: dict[str, Any]) -> None:
    """Of weeks, hours a week and hours in all, the one missing when the other two are known."""
    weeks, effort, total = row.get("duration_weeks"), row.get("hours_per_week"), row.get("total_hours")
    if total is None and weeks and effort:
        row["total_hours"] = round(weeks * effort, 1)
    elif weeks is None and total and effort:
        row["duration_weeks"] = round(total / effort, 1)


def _empty_tail(record: RawRecord, mapping: ResolvedMapping) -> bool:
    """Whether the record stops short: a mapped column after its last value (a record a line
    break cut in two ends with empty columns, and the next line holds the rest)."""
    headers = list(record.values)
    filled = [i for i, h in enumerate(headers) if not normalise.is_empty(record.values[h])]
    if not filled:
        return False
    mapped = {source for sources in mapping.columns.values() for source in sources}
    return any(h in mapped for h in headers[filled[-1] + 1:])


def explain(record: RawRecord, mapping: ResolvedMapping, source: str) -> list[str]:
    """How one record is read, for staff: its cells, each field's cell, its translation by the
    mapping's value map and the value read, and what is stored (or why nothing is)."""
    lines = [f"{record.file}:{record.line}"]
    for name, value in record.values.items():
        if value is not None and str(value).strip():
            marker = " (read as empty)" if normalise.is_empty(value) else ""
            lines.append(f"  cell {name!r}: {_short(value)}{marker}")
    for canonical, sources in mapping.columns.items():
        cells = [record.values.get(s) for s in sources]
        cells = [c for c in cells if not normalise.is_empty(c)]
        if not cells:
            default = mapping.defaults.get(canonical)
            lines.append(f"  {canonical} ← {' + '.join(repr(s) for s in sources)}: empty"
                         + (f", default {default!r}" if default is not None else ""))
            continue
        joined = cells[0] if len(cells) == 1 else "\n\n".join(str(c).strip() for c in cells)
        translated = mapping.translate(canonical, joined)
        via = f" → {_short(translated)} ([values.{canonical}])" if translated != joined else ""
        try:
            read = normalise.read_field(canonical, translated)
            result = "empty" if read is None else _short(read)
        except ValueError as exc:
            result = f"unreadable: {exc}"
        shown = "" if result == _short(translated) else f" → {result}"
        lines.append(f"  {canonical} ← {' + '.join(repr(s) for s in sources)}: {_short(joined)}{via}{shown}")
    for canonical, value in mapping.defaults.items():
        if canonical not in mapping.columns:
            lines.append(f"  {canonical}: {value!r} (default)")
    outcome = build_program(record, mapping, source)
    if outcome.program is not None:
        stored = outcome.program.model_dump(mode="json", exclude_defaults=True, exclude={"source"})
        lines.append(f"  stored as {outcome.program.id}:")
        lines += [f"    {name} = {_short(value)}" for name, value in stored.items() if name != "id"]
        if outcome.program.language and normalise.is_empty(mapping.apply(record.values).get("language")):
            lines.append("  (language detected from the title and description)")
    for problem in outcome.errors:
        lines.append(f"  rejected: {problem.field}: {problem.reason}")
    for notice in outcome.notices:
        lines.append(f"  note: {notice.field}: {notice.reason}")
    return lines


def _short(value: Any, limit: int = 70) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"
