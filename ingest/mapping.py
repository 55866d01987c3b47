"""Column mapping: which source column(s) feed each canonical field, and constant defaults.

A mapping file (``--mapping FILE.toml``):

    ignore = ["Website", "Languages"]   # columns never read, even when their header is recognised
    [columns]      # canonical field = source column, or a list of columns joined in order
    title = "Program Name"
    description = ["summary", "course_description"]
    url = ""       # "": no column feeds url (none is recognised for it)
    [derive]       # a field read from another's words
    credential_type = "title"   # "Graduate Certificate in ...": [values.credential_type] words too
    [defaults]     # constant values for canonical fields the file lacks
    credential_type = "short-course"
    [values.credential_type]   # optional: the export's own words for a field's values
    "Specialization" = "certificate"
    [values.level]
    "Mixed" = ""                # "" reads as empty: no level restriction
    [rows]         # optional
    required = ["url", "level"]   # fields every complete row of this export has
    detect_language = true        # a row with no language: detected from title and description

A row lacking a field listed in ``[rows] required`` is rejected as cut short (a line break
inside a field splits a record in exports that do not quote). Without a file, header variants
are recognised (case, spaces and synonyms such as "Program Name", "Institution" or "Tuition").

Nothing takes precedence silently: a column comes first and a default fills its blank cells; a
default that could never apply, a column feeding two fields, a value map to a value the field
cannot hold, or a required field with a default is an error naming the key.
"""
from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge_base.schema import CANONICAL_COLUMNS, LIST_COLUMNS
from knowledge_base.text import fold

from . import normalise
from .errors import IngestError

# Header spellings recognised for each canonical field (compared without case, spaces or punctuation).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("id", "code", "program code", "programme code", "course code", "program id", "course id", "sku"),
    "title": ("title", "program name", "programme name", "program", "programme", "course name", "course",
              "course title", "program title", "name", "credential name", "titre", "titre du programme",
              "titre du cours", "nom du programme", "nom du cours", "intitule", "formation"),
    "provider": ("provider", "institution", "school", "college", "university", "organization", "organisation",
                 "offered by", "issuer", "etablissement", "etablissement d enseignement", "ecole",
                 "partner", "partenaire"),
    "credential_type": ("credential type", "credential", "type", "kind", "program type", "award", "award type",
                        "certification type"),
    "description": ("description", "summary", "overview", "about", "course description", "program description",
                    "details", "resume", "apercu"),
    "skills": ("skills", "competencies", "skills gained", "topics", "tags", "competences"),
    "occupations": ("occupations", "careers", "jobs", "career paths", "job titles", "roles", "metiers"),
    "level": ("level", "difficulty", "difficulty level", "skill level", "niveau", "niveau de difficulte"),
    "duration_weeks": ("duration weeks", "duration", "length", "course length", "program length", "weeks", "duree",
                       "duree du programme"),
    "hours_per_week": ("hours per week", "effort", "course effort", "workload", "time commitment", "weekly hours"),
    "total_hours": ("total hours", "hours", "clock hours", "total clock hours", "contact hours",
                    "instructional hours", "content duration", "content hours", "video hours", "hours of video",
                    "hours of content", "duration hours", "length hours", "nombre d heures", "heures",
                    "duree en heures", "horas", "total horas"),
    "cost": ("cost", "tuition", "price", "fee", "fees", "tuition fee", "tuition fees", "cout", "prix", "frais",
             "frais de scolarite", "droits de scolarite"),
    "currency": ("currency", "devise"),
    "delivery": ("delivery", "delivery mode", "format", "mode", "modality", "delivery method", "mode de diffusion",
                 "mode d enseignement", "mode de formation", "modalite"),
    "pace": ("pace", "course type", "schedule", "scheduling", "rythme"),
    "region": ("region", "province", "location", "province territory", "jurisdiction"),
    # One language, the one taught in: "Languages", "Languages spoken" or "Staff languages" list
    # what people speak, and are never taken for it unless a mapping says so.
    "language": ("language", "language of instruction", "teaching language", "instruction language",
                 "course language", "program language", "langue", "langue d enseignement", "idioma"),
    "prerequisites": ("prerequisites", "prerequisite", "requirements", "prereqs", "prealables"),
    "stacks_into": ("stacks into", "stacks to", "counts towards", "pathway", "laddering"),
    "credits": ("credits", "credit value", "credit hours", "credits awarded", "credits earned"),
    "credits_required": ("credits required", "required credits", "total credits"),
    "assessment": ("assessment", "evaluation", "assessment method"),
    "funding": ("funding", "financial aid", "funding eligibility", "grants", "financement"),
    "url": ("url", "link", "website", "web page", "webpage", "course url", "program url", "program link",
            "course link", "lien"),
    "next_start": ("next start", "start date", "start", "next start date", "intake", "date de debut"),
}


def header_key(text: str) -> str:
    """A header as compared: no case, accents, spaces or punctuation (``Coût`` is ``cout``)."""
    return re.sub(r"[^a-z0-9]+", " ", fold(str(text))).strip()


def value_key(text: object) -> str:
    """How a value map's keys are compared: without case, accents or extra spaces."""
    return re.sub(r"\s+", " ", fold(str(text)).strip())


def _squeezed(header: str) -> str:
    """A header as synonyms are looked up: also without spaces, so ``TotalClockHours``,
    ``total_clock_hours`` and ``Total clock hours`` are one."""
    return header_key(header).replace(" ", "")


# Fields a mapping can read from another field's words (``[derive]``), and from which.
DERIVABLE: dict[str, tuple[str, ...]] = {"credential_type": ("title",)}

_SYNONYM_INDEX = {_squeezed(s): canonical for canonical, names in SYNONYMS.items() for s in names}


class MappingError(IngestError):
    """A mapping file that cannot be used; names the file and the key."""

    def __init__(self, file: str, key: str, reason: str):
        self.file, self.key, self.reason = file, key, reason
        super().__init__(f"{file}: {key}: {reason}")


@dataclass
class ColumnMapping:
    """Canonical field → source columns (joined in order), plus constant defaults."""

    columns: dict[str, list[str]] = field(default_factory=dict)
    defaults: dict[str, Any] = field(default_factory=dict)
    required: list[str] = field(default_factory=list)
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field → value key → canonical text
    ignore: list[str] = field(default_factory=list)  # columns never read; and fields fed by nothing: columns[f] == []
    derive: dict[str, str] = field(default_factory=dict)  # field → the field whose words it is read from
    detect_language: bool = True
    detected_languages: tuple[str, ...] | None = None  # None: records.DETECTED_LANGUAGES
    from_file: str | None = None

    @classmethod
    def load(cls, path: str | Path) -> ColumnMapping:
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise MappingError(str(path), "file", "does not exist") from None
        except tomllib.TOMLDecodeError as exc:
            raise MappingError(str(path), "file", f"is not valid TOML ({exc})") from None
        where = str(path)
        unknown_tables = sorted(set(data) - {"columns", "defaults", "rows", "values", "derive", "ignore"})
        if unknown_tables:
            raise MappingError(where, unknown_tables[0], "unknown table (use ignore, [columns], [defaults], "
                                                         "[derive], [values.FIELD] and [rows])")
        ignore = data.get("ignore", [])
        if not (isinstance(ignore, list) and all(isinstance(c, str) and c.strip() for c in ignore)):
            raise MappingError(where, "ignore", 'must be a list of column names (ignore = ["Website"])')
        derive: dict[str, str] = {}
        for key, value in _table(where, data, "derive").items():
            _check_field(where, f"derive.{key}", key)
            if key not in DERIVABLE:
                raise MappingError(where, f"derive.{key}", f"only {', '.join(DERIVABLE)} can be read from "
                                                           "another field's words")
            if value not in DERIVABLE[key]:
                raise MappingError(where, f"derive.{key}", f"{key} can be read from {', '.join(DERIVABLE[key])}, "
                                                           f"not {value!r}")
            derive[key] = value
        rows = _table(where, data, "rows")
        unknown_keys = sorted(set(rows) - {"required", "detect_language"})
        if unknown_keys:
            raise MappingError(where, f"rows.{unknown_keys[0]}", "unknown key (use required and detect_language)")
        required = rows.get("required", [])
        if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
            raise MappingError(where, "rows.required", "must be a list of catalogue fields")
        for name in required:
            _check_field(where, "rows.required", name)
        detect = rows.get("detect_language", True)
        detected: tuple[str, ...] | None = None
        if isinstance(detect, list) and detect and all(isinstance(c, str) and re.fullmatch(r"[a-z]{2}", c)
                                                       for c in detect):
            detected = tuple(detect)
            detect = True
        if not isinstance(detect, bool):
            raise MappingError(where, "rows.detect_language", 'must be true, false, or a list of two-letter codes '
                                                              '(["en", "fr"])')
        columns: dict[str, list[str]] = {}
        fed_by: dict[str, str] = {}
        for key, value in _table(where, data, "columns").items():
            _check_field(where, f"columns.{key}", key)
            if value == "":  # fed by no column: a recognised header is not taken for it
                columns[key] = []
                continue
            if isinstance(value, str):
                value = [value]
            if not (isinstance(value, list) and value and all(isinstance(v, str) and v for v in value)):
                raise MappingError(where, f"columns.{key}", "must be a column name, a list of column names, "
                                                            'or "" for none')
            for column in value:
                if column in ignore:
                    raise MappingError(where, f"columns.{key}", f"column {column!r} is also in ignore")
                if column in fed_by:
                    raise MappingError(where, f"columns.{key}",
                                       f"column {column!r} already feeds columns.{fed_by[column]}")
                fed_by[column] = key
            columns[key] = list(value)
        defaults: dict[str, Any] = {}
        for key, value in _table(where, data, "defaults").items():
            _check_field(where, f"defaults.{key}", key)
            if not isinstance(value, (str, int, float, bool)):
                raise MappingError(where, f"defaults.{key}", "must be a single value")
            if key == "id":
                raise MappingError(where, "defaults.id", "one id for every row would make them all the same program")
            if key in required:
                raise MappingError(where, f"defaults.{key}", f"{key} is in rows.required, so a row without it is "
                                                             "rejected, and the default would never apply")
            _check_value(where, f"defaults.{key}", key, value)
            defaults[key] = value
        values: dict[str, dict[str, str]] = {}
        for key, table in _table(where, data, "values").items():
            _check_field(where, f"values.{key}", key)
            if not isinstance(table, dict):
                raise MappingError(where, f"values.{key}", 'must be a table of "export value" = "catalogue value"')
            values[key] = {}
            for source, target in table.items():
                name = f'values.{key}."{source}"'
                if not isinstance(target, (str, int, float)) or isinstance(target, bool):
                    raise MappingError(where, name, "must be a single value (\"\" for none)")
                _check_value(where, name, key, target)
                values[key][value_key(source)] = str(target)
        for key in values:
            if columns.get(key) == [] and derive.get(key) is None:
                raise MappingError(where, f"values.{key}", f'columns.{key} is "", so its values are never read')
        return cls(columns=columns, defaults=defaults, required=list(required), values=values, ignore=list(ignore),
                   derive=derive, detect_language=detect, detected_languages=detected, from_file=where)

    def resolve(self, headers: list[str], file: str) -> ResolvedMapping:
        """This mapping for one file's headers; unmapped canonical fields are matched by synonym."""
        by_key = {header_key(h): h for h in headers if h and h.strip()}
        where = self.from_file or "mapping"
        ignored_keys = {header_key(c) for c in self.ignore}
        absent = [c for c in self.ignore if c not in headers and header_key(c) not in by_key]
        if absent:
            raise MappingError(where, "ignore", f"column {absent[0]!r} is not in {file} "
                               f"(its columns: {', '.join(h for h in headers if h)})")
        columns: dict[str, list[str]] = {}
        for canonical, sources in self.columns.items():
            if not sources:
                continue
            missing = [s for s in sources if s not in headers and header_key(s) not in by_key]
            if missing:
                where = self.from_file or "mapping"
                raise MappingError(where, f"columns.{canonical}", f"column {missing[0]!r} is not in {file} "
                                   f"(its columns: {', '.join(h for h in headers if h)})")
            columns[canonical] = [s if s in headers else by_key[header_key(s)] for s in sources]
        used = {s for sources in columns.values() for s in sources}
        for header in headers:
            synonym = _SYNONYM_INDEX.get(_squeezed(header)) if header else None
            if (synonym and synonym not in columns and synonym not in self.columns and header not in used
                    and header_key(header) not in ignored_keys):
                columns[synonym] = [header]
                used.add(header)
        ignored = [h for h in headers if h and h not in used]
        return ResolvedMapping(columns=columns, defaults=dict(self.defaults), ignored=ignored,
                               unnamed=[h for h in headers if not h or not h.strip()], required=list(self.required),
                               values=self.values, derive=dict(self.derive), detect_language=self.detect_language,
                               detected_languages=self.detected_languages)


def _table(where: str, data: dict, name: str) -> dict:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise MappingError(where, name, "must be a table")
    return table


def _check_field(where: str, key: str, field_name: str) -> None:
    if field_name not in CANONICAL_COLUMNS:
        raise MappingError(where, key, f"{field_name!r} is not a catalogue field "
                           f"(fields: {', '.join(CANONICAL_COLUMNS)})")


def _check_value(where: str, key: str, field_name: str, value: object) -> None:
    """A default or a value map's target must be a value the field can hold."""
    try:
        normalise.read_field(field_name, value)
    except ValueError as exc:
        raise MappingError(where, key, str(exc)) from None


@dataclass
class ResolvedMapping:
    """A mapping bound to one file's header."""

    columns: dict[str, list[str]]
    defaults: dict[str, Any]
    ignored: list[str]
    unnamed: list[str]  # header cells with no name: data there means a shifted row
    required: list[str] = field(default_factory=list)  # fields a complete row of this file has
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    derive: dict[str, str] = field(default_factory=dict)
    detect_language: bool = True
    detected_languages: tuple[str, ...] | None = None
    # How many rows took each credential type from their title, and how many the default
    # (a title naming none), for the run's report.
    from_titles: Counter[str] = field(default_factory=Counter)

    def apply(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Canonical field → raw value: its columns joined by a blank line, translated by the
        value map, and the default where that leaves it empty."""
        row: dict[str, Any] = {}
        for canonical, sources in self.columns.items():
            parts = [values.get(s) for s in sources]
            parts = [p for p in parts if not normalise.is_empty(p)]
            if len(parts) == 1:
                row[canonical] = self.translate(canonical, parts[0])
            elif parts:
                row[canonical] = self.translate(canonical, "\n\n".join(str(p).strip() for p in parts))
        if normalise.is_empty(row.get("credential_type")) and ("credential_type" not in self.columns
                                                               or "credential_type" in self.derive):
            named = self.type_in_title(row.get("title"))
            if named is not None:  # "Graduate Certificate in ...", "Master of ..." say it
                row["credential_type"] = named
            self.from_titles[named or "default"] += 1
        for canonical, value in self.defaults.items():
            if normalise.is_empty(row.get(canonical)):
                row[canonical] = value
        return row

    def type_in_title(self, title: object) -> str | None:
        """The credential type a title names: the export's own words for types
        (``[values.credential_type]``, anywhere in the title, the first one said), else the words
        that name a type at a title's start ("Graduate Certificate in", "Master of")."""
        if normalise.is_empty(title):
            return None
        words = value_key(title)
        own = self.values.get("credential_type", {}) if "credential_type" in self.derive else {}
        found = [(match.start(), target) for key, target in own.items() if target
                 for match in [re.search(rf"(?<!\w){re.escape(key)}(?!\w)", words)] if match]
        if found:
            return min(found)[1]
        return normalise.credential_type_in_title(title)

    def translate(self, canonical: str, value: Any) -> Any:
        """``value`` in the catalogue's words, by the mapping's ``[values.FIELD]`` (each item of a list)."""
        table = self.values.get(canonical)
        if not table:
            return value
        if canonical in LIST_COLUMNS:
            return ";".join(table.get(value_key(item), item) for item in normalise.parse_list(value))
        return table.get(value_key(value), value)

    def describe(self) -> list[str]:
        lines = [f"{canonical} ← {' + '.join(repr(s) for s in sources)}" for canonical, sources in self.columns.items()]
        lines += [f"{canonical} = {value!r} (default{' for blank cells' if canonical in self.columns else ''})"
                  for canonical, value in self.defaults.items()]
        if "credential_type" in self.derive or "credential_type" not in self.columns:
            own = " ([values.credential_type] words anywhere in it, then its" if "credential_type" in self.derive \
                else " (its"
            lines.append(f"credential_type ← the title{own} first words that name a type: \"Graduate Certificate "
                         "in\", \"Master of\"); else the default")
        lines += [f"{canonical}: {len(table)} values translated ([values.{canonical}])"
                  if canonical in self.columns or canonical in self.derive else
                  f"[values.{canonical}] is never read: no column of this file feeds {canonical}"
                  for canonical, table in self.values.items()]
        if self.ignored:
            lines.append("ignored: " + ", ".join(repr(h) for h in self.ignored))
        return lines
