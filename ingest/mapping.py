"""Column mapping: which source column(s) feed each canonical field, and constant defaults.

A mapping file (``--mapping FILE.toml``):

    [columns]      # canonical field = source column, or a list of columns joined in order
    title = "Program Name"
    description = ["summary", "course_description"]
    [defaults]     # constant values for canonical fields the file lacks
    credential_type = "short-course"
    [rows]         # optional: fields every complete row of this export has
    required = ["url", "level"]

A row lacking a field listed in ``[rows] required`` is rejected as cut short (a line break
inside a field splits a record in exports that do not quote). Without a file, header variants are recognised (case, spaces and synonyms such as
"Program Name", "Institution" or "Tuition").
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from knowledge_base.schema import CANONICAL_COLUMNS

from .errors import IngestError

# Header spellings recognised for each canonical field (compared without case, spaces or punctuation).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("id", "code", "program code", "programme code", "course code", "program id", "course id", "sku"),
    "title": ("title", "program name", "programme name", "program", "programme", "course name", "course",
              "course title", "program title", "name", "credential name", "titre"),
    "provider": ("provider", "institution", "school", "college", "university", "organization", "organisation",
                 "offered by", "issuer", "etablissement"),
    "credential_type": ("credential type", "credential", "type", "program type", "award", "award type",
                        "certification type"),
    "description": ("description", "summary", "overview", "about", "course description", "program description",
                    "details"),
    "skills": ("skills", "competencies", "skills gained", "topics", "tags", "competences"),
    "occupations": ("occupations", "careers", "jobs", "career paths", "job titles", "roles", "metiers"),
    "level": ("level", "difficulty", "niveau"),
    "duration_weeks": ("duration weeks", "duration", "length", "course length", "program length", "weeks", "duree"),
    "hours_per_week": ("hours per week", "effort", "course effort", "workload", "time commitment", "weekly hours"),
    "cost": ("cost", "tuition", "price", "fee", "fees", "tuition fee", "tuition fees", "cout", "prix", "frais"),
    "currency": ("currency", "devise"),
    "delivery": ("delivery", "delivery mode", "format", "mode", "modality", "delivery method", "mode de diffusion"),
    "pace": ("pace", "course type", "schedule", "scheduling", "rythme"),
    "region": ("region", "province", "location", "province territory", "jurisdiction"),
    "language": ("language", "languages", "language of instruction", "langue"),
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
    return re.sub(r"[^a-z0-9]+", " ", str(text).lower()).strip()


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
    from_file: str | None = None

    @classmethod
    def load(cls, path: str | Path) -> "ColumnMapping":
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise MappingError(str(path), "file", "does not exist") from None
        except tomllib.TOMLDecodeError as exc:
            raise MappingError(str(path), "file", f"is not valid TOML ({exc})") from None
        unknown_tables = sorted(set(data) - {"columns", "defaults", "rows"})
        if unknown_tables:
            raise MappingError(str(path), unknown_tables[0], "unknown table (use [columns], [defaults] and [rows])")
        required = data.get("rows", {}).get("required", [])
        if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
            raise MappingError(str(path), "rows.required", "must be a list of catalogue fields")
        for name in required:
            _check_field(path, "rows.required", name)
        columns: dict[str, list[str]] = {}
        for key, value in data.get("columns", {}).items():
            _check_field(path, f"columns.{key}", key)
            if isinstance(value, str):
                columns[key] = [value]
            elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                columns[key] = list(value)
            else:
                raise MappingError(str(path), f"columns.{key}", "must be a column name or a list of column names")
        defaults: dict[str, Any] = {}
        for key, value in data.get("defaults", {}).items():
            _check_field(path, f"defaults.{key}", key)
            if not isinstance(value, (str, int, float, bool)):
                raise MappingError(str(path), f"defaults.{key}", "must be a single value")
            defaults[key] = value
        return cls(columns=columns, defaults=defaults, required=list(required), from_file=str(path))

    def resolve(self, headers: list[str], file: str) -> "ResolvedMapping":
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
            canonical = _SYNONYM_INDEX.get(header_key(header)) if header else None
            if canonical and canonical not in columns and canonical not in self.defaults and header not in used:
                columns[canonical] = [header]
                used.add(header)
        ignored = [h for h in headers if h and h not in used]
        return ResolvedMapping(columns=columns, defaults=dict(self.defaults), ignored=ignored,
                               unnamed=[h for h in headers if not h or not h.strip()], required=list(self.required))


def _check_field(path: Path, key: str, field_name: str) -> None:
    if field_name not in CANONICAL_COLUMNS:
        raise MappingError(str(path), key, f"{field_name!r} is not a catalogue field "
                           f"(fields: {', '.join(CANONICAL_COLUMNS)})")


@dataclass
class ResolvedMapping:
    """A mapping bound to one file's header."""

    columns: dict[str, list[str]]
    defaults: dict[str, Any]
    ignored: list[str]
    unnamed: list[str]  # header cells with no name: data there means a shifted row
    required: list[str] = field(default_factory=list)  # fields a complete row of this file has

    def apply(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Canonical field → raw value (several source columns joined by a blank line)."""
        row: dict[str, Any] = {}
        for canonical, sources in self.columns.items():
            parts = [values.get(s) for s in sources]
            parts = [p for p in parts if p is not None and str(p).strip()]
            if len(parts) == 1:
                row[canonical] = parts[0]
            elif parts:
                row[canonical] = "\n\n".join(str(p).strip() for p in parts)
        for canonical, value in self.defaults.items():
            if canonical not in row or not str(row[canonical]).strip():
                row[canonical] = value
        return row

    def describe(self) -> list[str]:
        lines = [f"{canonical} ← {' + '.join(repr(s) for s in sources)}" for canonical, sources in self.columns.items()]
        lines += [f"{canonical} = {value!r} (default)" for canonical, value in self.defaults.items()
                  if canonical not in self.columns]
        if self.ignored:
            lines.append("ignored: " + ", ".join(repr(h) for h in self.ignored))
        return lines
