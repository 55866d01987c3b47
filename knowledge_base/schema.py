"""The catalogue schema: one typed model for a program and one for a document passage."""
from __future__ import annotations

import hashlib
import json
import re
import sys
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import InvalidProgram

# The canonical CSV header, in order.
CANONICAL_COLUMNS: tuple[str, ...] = (
    "id", "title", "provider", "credential_type", "description", "skills", "occupations",
    "level", "duration_weeks", "hours_per_week", "total_hours", "cost", "currency", "delivery", "pace",
    "region", "language", "prerequisites", "stacks_into", "credits", "credits_required",
    "assessment", "funding", "url", "next_start",
)
# A program needs these; a description is expected but some exports have none for a real program.
REQUIRED_COLUMNS: tuple[str, ...] = ("id", "title", "provider", "credential_type")
LIST_COLUMNS: tuple[str, ...] = ("skills", "occupations", "prerequisites", "funding")

EMBEDDING_CHARS = 700  # about 150 tokens: what a record's vector is made from

CANADA_WIDE = "Canada-wide"
WEEKS_PER_MONTH = 4.345  # 365.25 / 12 / 7: how every reader turns months into weeks
WEEKS_PER_YEAR = 52.0
# A full-time week of study: how many hours in all fit in a span of weeks when a program gives
# only its hours ("12 hours of video" fits "within a month").
FULL_TIME_HOURS_PER_WEEK = 40.0


class CredentialType(StrEnum):
    MICRO_CREDENTIAL = "micro-credential"
    DIGITAL_BADGE = "digital-badge"
    CERTIFICATE = "certificate"
    DIPLOMA = "diploma"
    DEGREE = "degree"
    BOOTCAMP = "bootcamp"
    SHORT_COURSE = "short-course"
    LICENCE = "licence"


class Delivery(StrEnum):
    ONLINE = "online"
    IN_PERSON = "in-person"
    HYBRID = "hybrid"


class Pace(StrEnum):
    SELF_PACED = "self-paced"
    COHORT = "cohort"


class Level(StrEnum):
    INTRODUCTORY = "introductory"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


_SHARED_TEXT_LENGTH = 100  # shorter strings (names, regions, skills) recur across records


@lru_cache(maxsize=1024)
def _shared_names(names: frozenset[str]) -> set[str]:
    return set(names)


def _shared(value: Any) -> Any:
    if type(value) is str:  # not the enums, which pickle by name anyway
        return sys.intern(value) if len(value) < _SHARED_TEXT_LENGTH else value
    if isinstance(value, tuple):
        return tuple(_shared(v) for v in value)
    return value


class Record(BaseModel):
    """Base of the stored records, which catalogue snapshots pickle by the hundred thousand.

    A record's pickled state shares what records have in common: one set of field names per
    combination (pydantic keeps a 2 KB set of the fields given in every instance) and one copy
    of each short string (providers, regions, skills). Records are frozen, so nothing shared is
    ever changed in place; pydantic copies the field-name set before a ``model_copy`` changes it.
    """

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state["__pydantic_fields_set__"] = _shared_names(frozenset(self.__pydantic_fields_set__))
        state["__dict__"] = {name: _shared(value) for name, value in self.__dict__.items()}
        return state


class StackLink(Record):
    """One ``stacks_into`` entry: this program counts for ``credits`` towards ``target``."""

    model_config = ConfigDict(frozen=True)

    target: str
    credits: float | None = None

    def __str__(self) -> str:
        return self.target if self.credits is None else f"{self.target}:{_number_text(self.credits)}"


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _split_list(value: Any) -> Any:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(";") if part.strip())
    return value


_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
_LANGUAGE_PATTERN = re.compile(r"^[a-z]{2}$")


class Program(Record):
    """A program in the catalogue, in the canonical columns."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    id: str = Field(min_length=1, max_length=120)
    title: str = Field(min_length=1)
    provider: str = Field(min_length=1)
    credential_type: CredentialType
    description: str | None = None
    skills: tuple[str, ...] = ()
    occupations: tuple[str, ...] = ()
    level: Level | None = None
    duration_weeks: float | None = Field(default=None, ge=0, le=520)
    hours_per_week: float | None = Field(default=None, ge=0, le=80)
    total_hours: float | None = Field(default=None, ge=0, le=20000)  # hours of study in all (video, class, work)
    cost: float | None = Field(default=None, ge=0)
    currency: str | None = None  # never assumed: a cost whose record gives no currency is shown without one
    delivery: Delivery | None = None
    pace: Pace | None = None
    region: str | None = None
    language: str | None = None
    prerequisites: tuple[str, ...] = ()
    stacks_into: tuple[StackLink, ...] = ()
    credits: float | None = Field(default=None, ge=0)
    credits_required: float | None = Field(default=None, ge=0)
    assessment: str | None = None
    funding: tuple[str, ...] = ()
    url: str | None = None
    next_start: date | None = None
    source: str | None = None  # the file or feed the record came from (not a catalogue column)

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_missing(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("skills", "occupations", "prerequisites", "funding", mode="before")
    @classmethod
    def _semicolon_list(cls, value: Any) -> Any:
        return _split_list(value)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _ID_PATTERN.match(value):
            raise ValueError("use letters, digits, '.', '_' or '-' only")
        return value

    @field_validator("stacks_into", mode="before")
    @classmethod
    def _stack_links(cls, value: Any) -> Any:
        links = []
        for entry in _split_list(value):
            if not isinstance(entry, str):
                links.append(entry)
                continue
            target, _, credits = entry.partition(":")
            if not target.strip():
                raise ValueError(f"entry {entry!r} has no program id")
            try:
                links.append(StackLink(target=target.strip(), credits=float(credits) if credits.strip() else None))
            except ValueError:
                raise ValueError(f"entry {entry!r} must be ID:credits with a number of credits") from None
        return tuple(links)

    @field_validator("currency", mode="before")
    @classmethod
    def _currency_code(cls, value: Any) -> Any:
        if value is None or not str(value).strip():
            return None
        code = str(value).strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise ValueError("must be a three-letter currency code such as CAD")
        return code

    @field_validator("language", mode="before")
    @classmethod
    def _language_code(cls, value: Any) -> Any:
        if value is None:
            return None
        code = str(value).strip().lower()
        if not _LANGUAGE_PATTERN.match(code):
            raise ValueError("must be a two-letter ISO 639-1 code such as en or fr")
        return code

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
            raise ValueError("must be a web address starting with http:// or https://")
        return value

    # ---- derived views -------------------------------------------------------------

    @property
    def least_weeks(self) -> float | None:
        """The fewest weeks the program takes: its length, else its hours in all at a full-time
        week (a length limit is met by either)."""
        if self.duration_weeks is not None:
            return self.duration_weeks
        if self.total_hours is not None:
            return round(self.total_hours / FULL_TIME_HOURS_PER_WEEK, 3)
        return None

    @property
    def hours_in_all(self) -> float | None:
        """Hours of study in all: as the record gives them, else its weeks times its hours a week."""
        if self.total_hours is not None:
            return self.total_hours
        if self.duration_weeks is not None and self.hours_per_week is not None:
            return round(self.duration_weeks * self.hours_per_week, 1)
        return None

    def content_hash(self) -> str:
        """A stable hash of every field: equal records give equal hashes."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def search_text(self) -> str:
        """The text that represents the program for dense and lexical search."""
        return self._text(self.description or "")

    def embedding_text(self) -> str:
        """``search_text`` with the description cut to fit ``EMBEDDING_CHARS``: the model reads
        about a paragraph well, and a long description costs time without changing much what
        the program is about (its title, skills and careers are always kept)."""
        room = max(EMBEDDING_CHARS - len(self._text("")), 160)
        description = self.description or ""
        if len(description) > room:
            description = description[:room].rsplit(" ", 1)[0] + "…"
        return self._text(description)

    def _text(self, description: str) -> str:
        parts = [f"{self.title}.", f"{self.credential_type.value.replace('-', ' ')}.", description]
        if self.skills:
            parts.append("Skills: " + ", ".join(self.skills) + ".")
        if self.occupations:
            parts.append("Careers: " + ", ".join(self.occupations) + ".")
        return " ".join(p for p in parts if p)

    def to_row(self) -> dict[str, str]:
        """The record in canonical CSV columns (lists joined with ``;``)."""
        data = self.model_dump(mode="json")
        row: dict[str, str] = {}
        for column in CANONICAL_COLUMNS:
            value = data[column]
            if column == "stacks_into":
                row[column] = ";".join(str(link) for link in self.stacks_into)
            elif isinstance(value, list):
                row[column] = ";".join(value)
            elif isinstance(value, float):
                row[column] = _number_text(value)
            else:
                row[column] = "" if value is None else str(value)
        return row

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Program:
        """Validate one record; raises ``InvalidProgram`` listing every bad field."""
        try:
            return cls.model_validate(row)
        except ValidationError as exc:
            raise InvalidProgram(_problems(exc)) from None


def _problems(exc: ValidationError) -> list[tuple[str, str]]:
    problems = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "record"
        if error["type"] == "missing" or (error.get("input", "") is None and error["type"].endswith("_type")):
            reason = "is required"
        elif error["type"] == "extra_forbidden":
            reason = "is not a catalogue column"
        elif error["type"] == "enum":
            reason = f"must be one of {error['ctx']['expected']}"
        else:
            reason = error["msg"].removeprefix("Value error, ")
        problems.append((field, reason))
    return problems


class Passage(Record):
    """A chunk of a knowledge-base document (definitions, guides, brochures)."""

    model_config = ConfigDict(frozen=True)

    id: str
    document_id: str
    document_title: str
    section: str = ""
    text: str
    source: str  # file name the passage came from
    page: int | None = None
    citation: str | None = None  # the external source the document cites, when it has one
    language: str | None = None  # ISO 639-1 code of the document's language ("en", "fr"), when known

    def content_hash(self) -> str:
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def search_text(self) -> str:
        heading = f"{self.document_title} — {self.section}" if self.section else self.document_title
        return f"{heading}. {self.text}"

    def embedding_text(self) -> str:
        text = self.search_text()
        return text if len(text) <= 2 * EMBEDDING_CHARS else text[:2 * EMBEDDING_CHARS].rsplit(" ", 1)[0]
