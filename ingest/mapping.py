"""Column mapping: which source column(s) feed each canonical field, and constant defaults.

A mapping file (``--mapping FILE.toml``):

    [columns]      # canonical field = source column, or a list of columns joined in order
    title = "Program Name"
    description = ["summary", "course_description"]
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
    "cost": ("cost", "tuition", "price", "fee", "fees", "tuition fee", "tuition fees", "cout", "prix", "frais",
             "frais de scolarite", "droits de scolarite"),
    "currency": ("currency", "devise"),
    "delivery": ("delivery", "delivery mode", "format", "mode", "modality", "delivery method", "mode de diffusion",
                 "mode d enseignement", "mode de formation", "modalite"),
    "pace": ("pace", "course type", "schedule", "scheduling", "rythme"),
    "region": ("region", "province", "location", "province territory", "jurisdiction"),
    "language": ("language", "languages", "language of instruction", "langue", "langue d enseignement"),
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


_SYNONYM_INDEX = {header_key(s): canonical for canonical, names in SYNONYMS.items() for s in names}


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
        unknown_tables = sorted(set(data) - {"columns", "defaults", "rows", "values"})
        if unknown_tables:
            raise MappingError(where, unknown_tables[0], "unknown table (use [columns], [defaults], [values.FIELD] "
                                                         "and [rows])")
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
            if isinstance(value, str):
                value = [value]
            if not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
                raise MappingError(where, f"columns.{key}", "must be a column name or a list of column names")
            for column in value:
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
        return cls(columns=columns, defaults=defaults, required=list(required), values=values,
                   detect_language=detect, detected_languages=detected, from_file=where)

    def resolve(self, headers: list[str], file: str) -> ResolvedMapping:
        """This mapping for one file's headers; unmapped canonical fields are matched by synonym."""
        by_key = {header_key(h): h for h in headers if h and h.strip()}
        columns: dict[str, list[str]] = {}
        for canonical, sources in self.columns.items():
            missing = [s for s in sources if s not in headers and header_key(s) not in by_key]
            if missing:
                where = self.from_file or "mapping"
                raise MappingError(where, f"columns.{canonical}", f"column {missing[0]!r} is not in {file} "
                                   f"(its columns: {', '.join(h for h in headers if h)})")
            columns[canonical] = [s if s in headers else by_key[header_key(s)] for s in sources]
        used = {s for sources in columns.values() for s in sources}
        for header in headers:
            synonym = _SYNONYM_INDEX.get(header_key(header)) if header else None
            if synonym and synonym not in columns and header not in used:
                columns[synonym] = [header]
                used.add(header)
        ignored = [h for h in headers if h and h not in used]
        where = self.from_file or "mapping"
        for canonical in self.values:
            if canonical not in columns:
                raise MappingError(where, f"values.{canonical}", f"no column of {file} feeds {canonical}, so its "
                                                                 "values are never read (map one in [columns])")
        return ResolvedMapping(columns=columns, defaults=dict(self.defaults), ignored=ignored,
                               unnamed=[h for h in headers if not h or not h.strip()], required=list(self.required),
                               values=self.values, detect_language=self.detect_language,
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
    detect_language: bool = True
    detected_languages: tuple[str, ...] | None = None

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
        if normalise.is_empty(row.get("credential_type")) and "credential_type" not in self.columns:
            named = normalise.credential_type_in_title(row.get("title"))
            if named is not None:  # no type column: "Graduate Certificate in ...", "Master of ..." say it
                row["credential_type"] = named
        for canonical, value in self.defaults.items():
            if normalise.is_empty(row.get(canonical)):
                row[canonical] = value
        return row

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
        if "credential_type" not in self.columns:
            lines.append("credential_type ← the title, where its first words name one (\"Graduate Certificate in\", "
                         "\"Master of\"); else the default")
        lines += [f"{canonical}: {len(table)} values translated ([values.{canonical}])"
                  for canonical, table in self.values.items()]
        if self.ignored:
            lines.append("ignored: " + ", ".join(repr(h) for h in self.ignored))
        return lines
