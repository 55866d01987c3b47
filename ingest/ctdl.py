"""CTDL import: credentials and learning opportunities in Credential Engine's JSON-LD, read as programs.

Accepted shapes: one record; a list of records; an ``@graph``; a registry envelope whose
``decoded_resource`` holds a record or an ``@graph``; a list of envelopes. Keys are read in the
prefixed form the registry publishes (``ceterms:name``), the only form CTDL's JSON-LD uses.

How records become programs (each rule says what happens when a value is missing or odd):

- **Which records.** Credentials (Certificate, DigitalBadge, Degree and its kinds, Diploma,
  License, ...) and learning opportunities (Course, LearningProgram, LearningOpportunityProfile)
  are programs; their type maps to ``CredentialType`` (``PROGRAM_TYPES``; a learning opportunity
  is a ``short-course``). Organisations, quality-assurance bodies included, only name providers.
  Profiles and other supporting records are skipped; a record of another type is a warning.
- **Id.** The CTID (``ceterms:ctid``); a program without one is an error.
- **Texts.** Names, descriptions and keywords are language maps, plain strings or lists. The
  text in the program's language (``ceterms:inLanguage``) is used, else English, else the
  first; ``language`` is ``inLanguage``, else the language of the name used (two letters).
  A program without a name or a description is an error: both are required.
- **Provider.** ``ownedBy`` (else ``offeredBy``) resolved to the name of an organisation record
  of the same import (``read_ctdl_files`` resolves across files); an organisation has one name
  for all its programs (English, else the first), as career centres' scopes match it.
  Registry records are usually fetched one at a time, so a program whose organisation's record
  is not in the import is kept, with a warning naming the file, line and reference; its
  provider is the organisation's mark, ``unimported_provider(ctid)``: "Credential Registry
  organisation not yet imported (ce-…)". The mark says what it is, so a learner never reads a
  bare CTID as a provider's name, and staff find these programs by searching for it; the
  provider is never guessed. A later run that imports the organisation's record (alone or with
  others) gives the stored programs with its mark the organisation's name
  (``with_imported_organisations``; the ingest pipeline reads the current catalogue version for
  them). A reference that names neither an organisation of the import nor a CTID is an error on
  ``ceterms:ownedBy``: no later import could resolve it, so the program is not stored.
- **Cost.** From ``estimatedCost``, one CostProfile (never a sum): tuition
  (``costType:Tuition``), else the aggregate cost, else a profile with no cost type; among
  those, the profiles without an out-of-area residency (out of state, out of district,
  international), or all when every one has one; then the lowest price. Fees alone leave the
  cost empty, with a warning. ``currency`` is the chosen profile's ``ceterms:currency``: an ISO
  4217 code in any case (``USD``, ``usd``) or a currency's name (``US Dollar``, ``Pound
  Sterling``, ``dollar canadien``), read by ``currency_code`` from pycountry's ISO 4217 names and
  Babel's English and French ones. No currency is ever assumed: a profile without one, or with
  a value that names none, leaves the cost without a currency (shown as such), with a warning;
  another profile's currency is never borrowed.
- **Length.** ISO 8601 durations of ``estimatedDuration`` (``exactDuration``, else
  ``maximumDuration``, the upper end as in the CSV ingest, else ``minimumDuration``), read by
  ``isodate``: a year is 52 weeks, a month 4.345 (``P6M`` → 26.1), ``P10W`` → 10, ``P30D`` → 4.3.
  A time-only duration (``PT40H``) is the hours of study in all (``total_hours``); with a
  calendar duration beside it, it also gives hours per week (``P8W`` and ``PT40H`` → 5).
- **Delivery.** ``learningDeliveryType`` and ``deliveryType`` together, as
  CredentialAlignmentObjects (``targetNode``, else ``targetNodeName``) or plain strings (a term
  or its label): OnlineOnly or OnlineDelivery → online, InPerson → in-person, BlendedDelivery →
  hybrid, and in person and online both → hybrid. Other terms (Synchronous, VariableSite...)
  say nothing of online or in person: a warning, and not used.
- **Other fields.** ``occupationType`` names →
  occupations; ``keyword`` → skills; ``audienceLevelType`` Beginner/Intermediate/AdvancedLevel →
  level (other levels left empty); ``creditValue`` (ValueProfile ``schema:value``) → credits;
  ``subjectWebpage`` → url; ``availableAt`` region → region. An optional value the schema
  refuses is a warning and the field is left empty.
- **Stacking, by CTID only.** ``hasPart`` on A listing B, and ``isPartOf`` on B naming A, both
  give B a ``stacks_into`` link to A, for B's own credits (none when B has no ``creditValue``).
  A ``requires`` ConditionProfile with a ``creditValue`` and no targets gives A's
  ``credits_required``. Without credits, the stacking graph requires every part (the plan
  says "all N of these"); with parts' credits and no ``credits_required``, their sum is required.
- **Prerequisites.** The CTIDs of ``targetCredential``, ``targetLearningOpportunity`` and
  ``targetAssessment`` in ``requires`` (and ``prerequisite``) ConditionProfiles.
- **References outside the import** (``isPartOf``, prerequisites) are warnings and are kept, so
  a later import of the other record links them. A ``hasPart`` part outside the import cannot
  be kept (a link is stored on the part): a warning says so.
"""
from __future__ import annotations

import bisect
import functools
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import isodate
import pycountry
from babel import Locale
from babel.numbers import get_currency_name, list_currencies

from knowledge_base.errors import InvalidProgram
from knowledge_base.jsonvalues import strict_decoder
from knowledge_base.schema import REQUIRED_COLUMNS, WEEKS_PER_MONTH, WEEKS_PER_YEAR, CredentialType, Program, StackLink

from .errors import InvalidRow, UnreadableFile

__all__ = ["CtdlImport", "PROGRAM_TYPES", "RegistryOrganisation", "currency_code", "is_ctid", "looks_like_ctdl",
           "read_ctdl", "read_ctdl_files", "unimported_organisation", "unimported_provider",
           "with_imported_organisations"]

_CERTIFICATE, _DEGREE = CredentialType.CERTIFICATE, CredentialType.DEGREE
PROGRAM_TYPES: dict[str, CredentialType] = {
    "MicroCredential": CredentialType.MICRO_CREDENTIAL,
    "DigitalBadge": CredentialType.DIGITAL_BADGE, "Badge": CredentialType.DIGITAL_BADGE,
    "OpenBadge": CredentialType.DIGITAL_BADGE,
    "Certificate": _CERTIFICATE, "Certification": _CERTIFICATE, "ApprenticeshipCertificate": _CERTIFICATE,
    "JourneymanCertificate": _CERTIFICATE, "MasterCertificate": _CERTIFICATE, "ProficiencyCertificate": _CERTIFICATE,
    "CertificateOfCompletion": _CERTIFICATE, "AcademicCertificate": _CERTIFICATE,
    "BasicTechnicalCertificate": _CERTIFICATE, "CertificateOfParticipation": _CERTIFICATE,
    "Diploma": CredentialType.DIPLOMA, "SecondarySchoolDiploma": CredentialType.DIPLOMA,
    "GeneralEducationDevelopment": CredentialType.DIPLOMA,
    "Degree": _DEGREE, "AssociateDegree": _DEGREE, "BachelorDegree": _DEGREE, "MasterDegree": _DEGREE,
    "DoctoralDegree": _DEGREE, "ProfessionalDoctorate": _DEGREE, "ResearchDoctorate": _DEGREE,
    "License": CredentialType.LICENCE,
    "Course": CredentialType.SHORT_COURSE, "LearningProgram": CredentialType.SHORT_COURSE,
    "LearningOpportunityProfile": CredentialType.SHORT_COURSE,
}
ORGANISATION_TYPES = frozenset({"CredentialOrganization", "QACredentialOrganization", "Organization"})
# Records that describe something about a program or organisation, never a program themselves.
SUPPORTING_TYPES = frozenset({
    "ConditionProfile", "CostProfile", "DurationProfile", "ValueProfile", "CredentialAlignmentObject",
    "Place", "ContactPoint", "JurisdictionProfile", "IdentifierValue", "AggregateDataProfile",
    "FinancialAssistanceProfile", "ProcessProfile", "RevocationProfile", "VerificationServiceProfile",
    "ConditionManifest", "CostManifest", "HoldersProfile", "EarningsProfile", "EmploymentOutcomeProfile",
})

_PREFIXES = ("ceterms:", "https://purl.org/ctdl/terms/", "http://purl.org/ctdl/terms/")
_CTID = re.compile(r"ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
_CONTAINER_KEYS = frozenset({"decoded_resource", "@graph"})
# Delivery concepts of CTDL's Delivery scheme, and their labels, as letters only ("In-Person Only").
_DELIVERY = {"onlineonly": "online", "onlinedelivery": "online", "online": "online", "inperson": "in-person",
             "inpersononly": "in-person", "blendeddelivery": "hybrid", "blended": "hybrid", "hybrid": "hybrid"}
_LEVELS = {"beginnerlevel": "introductory", "intermediatelevel": "intermediate", "advancedlevel": "advanced"}
_OUT_OF_AREA = re.compile(r"outof|international|nonresident", re.IGNORECASE)
_FIELD_TERMS = {
    "id": "ceterms:ctid", "title": "ceterms:name", "provider": "ceterms:ownedBy", "description": "ceterms:description",
    "credential_type": "@type", "cost": "ceterms:estimatedCost", "currency": "ceterms:currency",
    "duration_weeks": "ceterms:estimatedDuration", "hours_per_week": "ceterms:estimatedDuration",
    "total_hours": "ceterms:estimatedDuration",
    "delivery": "ceterms:learningDeliveryType", "language": "ceterms:inLanguage", "skills": "ceterms:keyword",
    "occupations": "ceterms:occupationType", "level": "ceterms:audienceLevelType", "credits": "ceterms:creditValue",
    "credits_required": "ceterms:requires", "prerequisites": "ceterms:requires", "stacks_into": "ceterms:isPartOf",
    "url": "ceterms:subjectWebpage", "region": "ceterms:availableAt",
}

# The provider of a program whose organisation's record has not been imported yet. One place
# writes it and one reads it back: a learner reads what it is, staff search for it, and a
# later import of the organisation's record replaces it (``with_imported_organisations``).
_UNIMPORTED = "Credential Registry organisation not yet imported ({ctid})"
_UNIMPORTED_PATTERN = re.compile(re.escape(_UNIMPORTED).replace(re.escape("{ctid}"), f"({_CTID.pattern})"),
                                 re.IGNORECASE)


def unimported_provider(ctid: str) -> str:
    """The provider a program is stored with while its organisation (``ctid``) is not imported."""
    return _UNIMPORTED.format(ctid=ctid.strip().lower())


def unimported_organisation(provider: str) -> str | None:
    """The CTID of the organisation a marked provider stands for; None for a provider's name."""
    match = _UNIMPORTED_PATTERN.fullmatch(provider.strip())
    return match.group(1).lower() if match else None


@dataclass(frozen=True)
class RegistryOrganisation:
    """An organisation record of an import, with the name programs show and where it is."""

    ctid: str
    name: str
    file: str
    line: int


@dataclass
class CtdlImport:
    """What one import read: programs with the line their record starts on, the organisations
    (by CTID) that name providers, rejected records, warnings."""

    programs: list[tuple[Program, int]] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # program id → the file its record is in
    organisations: dict[str, RegistryOrganisation] = field(default_factory=dict)
    errors: list[InvalidRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def with_imported_organisations(stored: Iterable[Program], organisations: Mapping[str, RegistryOrganisation]
                                ) -> list[tuple[Program, RegistryOrganisation]]:
    """The ``stored`` programs marked with an organisation of ``organisations`` (by CTID), each
    with that organisation's name as provider, beside the organisation."""
    resolved = []
    for program in stored:
        ctid = unimported_organisation(program.provider)
        if ctid is not None and ctid in organisations:
            organisation = organisations[ctid]
            resolved.append((program.model_copy(update={"provider": organisation.name}), organisation))
    return resolved


# ---- reading JSON with the lines records start on ---------------------------------------------


class _Located(dict):
    """A JSON object that knows the line it starts on."""

    __slots__ = ("line",)
    line: int


class _Parser:
    """JSON decoded as usual, except that the objects of arrays, ``@graph`` and ``decoded_resource``
    (where records sit) are ``_Located``; values inside a record are decoded whole, at C speed."""

    def __init__(self, text: str):
        self.text = text
        self.decoder = strict_decoder()
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(self, position: int) -> int:
        return bisect.bisect_right(self.line_starts, position)

    def skip(self, position: int) -> int:
        while position < len(self.text) and self.text[position] in " \t\r\n":
            position += 1
        return position

    def document(self) -> Any:
        value, end = self.value(self.skip(0), located=True)
        if self.skip(end) != len(self.text):
            raise json.JSONDecodeError("Extra data", self.text, self.skip(end))
        return value

    def value(self, position: int, *, located: bool) -> tuple[Any, int]:
        position = self.skip(position)
        if located and self.text.startswith("{", position):
            return self._object(position)
        if located and self.text.startswith("[", position):
            return self._array(position)
        return self.decoder.raw_decode(self.text, position)

    def _object(self, position: int) -> tuple[_Located, int]:
        node = _Located()
        node.line = self.line_of(position)
        position = self.skip(position + 1)
        if self.text.startswith("}", position):
            return node, position + 1
        while True:
            if not self.text.startswith('"', position):
                raise json.JSONDecodeError("Expecting property name enclosed in double quotes", self.text, position)
            key, position = self.decoder.raw_decode(self.text, position)
            position = self._expect(":", position)
            node[key], position = self.value(position, located=key in _CONTAINER_KEYS)
            position = self.skip(position)
            if self.text.startswith("}", position):
                return node, position + 1
            position = self.skip(self._expect(",", position))

    def _array(self, position: int) -> tuple[list[Any], int]:
        items: list[Any] = []
        position = self.skip(position + 1)
        if self.text.startswith("]", position):
            return items, position + 1
        while True:
            item, position = self.value(position, located=True)
            items.append(item)
            position = self.skip(position)
            if self.text.startswith("]", position):
                return items, position + 1
            position = self._expect(",", position)

    def _expect(self, mark: str, position: int) -> int:
        position = self.skip(position)
        if not self.text.startswith(mark, position):
            raise json.JSONDecodeError(f"Expecting '{mark}' delimiter", self.text, position)
        return position + 1


def _read_document(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFile(str(path), f"cannot read: {exc}") from exc
    parser = _Parser(text)
    try:
        return parser.document()
    except json.JSONDecodeError as exc:
        raise UnreadableFile(str(path), f"line {exc.lineno}: invalid JSON ({exc.msg})") from exc
    except RecursionError:
        raise UnreadableFile(str(path), "the JSON is nested too deeply") from None
    except ValueError as exc:  # a number that is not finite, or of thousands of digits
        raise UnreadableFile(str(path), f"a value cannot be read ({exc})") from None


# ---- recognising CTDL -----------------------------------------------------------------------


def looks_like_ctdl(path: Path) -> bool:
    """Whether a JSON file holds CTDL: records typed ``ceterms:…``, a Credential Engine
    ``@context``, or registry envelopes or an ``@graph`` holding such records. Never raises."""
    try:
        value = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return False
    return _looks_like_ctdl_value(value, depth=0)


def _looks_like_ctdl_value(value: Any, depth: int) -> bool:
    if depth > 3:
        return False
    if isinstance(value, list):
        return any(_looks_like_ctdl_value(item, depth + 1) for item in value[:50])
    if not isinstance(value, dict):
        return False
    context = value.get("@context")
    if context is not None and re.search(r"credreg|credentialengine", json.dumps(context), re.IGNORECASE):
        return True
    if any(t.startswith(_PREFIXES) for t in _type_names(value)):
        return True
    return any(_looks_like_ctdl_value(value.get(key), depth + 1) for key in _CONTAINER_KEYS if key in value)


def _type_names(record: dict[str, Any]) -> list[str]:
    types = record.get("@type")
    return [t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)]


def _local_type(record: dict[str, Any]) -> str | None:
    """``ceterms:Certificate`` → ``Certificate``; None when the record has no CTDL type."""
    for name in _type_names(record):
        for prefix in _PREFIXES:
            if name.startswith(prefix):
                return name[len(prefix):]
    return None


# ---- the records of an import -----------------------------------------------------------------


@dataclass
class _Node:
    file: str
    line: int
    data: dict[str, Any]
    kind: str | None

    def where(self) -> str:
        return f"{self.file}:{self.line}"


def _nodes(path: Path) -> list[_Node]:
    """Every record of a file, wherever it sits: alone, in a list, an ``@graph`` or an envelope."""
    found: list[_Node] = []

    def walk(value: Any, line: int) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item, line)
        elif isinstance(value, dict):
            here = getattr(value, "line", line)
            if "decoded_resource" in value:
                walk(value["decoded_resource"], here)
            elif "@graph" in value:
                walk(value["@graph"], here)
            else:
                found.append(_Node(str(path), here, value, _local_type(value)))

    walk(_read_document(path), 1)
    return found


def is_ctid(text: str) -> bool:
    """Whether ``text`` is a CTID: ``ce-`` and a UUID."""
    return bool(_CTID.fullmatch(text.strip()))


def _ctid_in(reference: str) -> str | None:
    """The CTID a reference names: ``ce-…``, or a registry address ending in one."""
    matches = _CTID.findall(reference)
    return matches[-1].lower() if matches else None


def _reference(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("ceterms:ctid")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


class _Index:
    """Records of the import by CTID and by ``@id``."""

    def __init__(self, nodes: list[_Node]):
        self.by_key: dict[str, _Node] = {}
        for node in nodes:
            for key in (node.data.get("@id"), node.data.get("ceterms:ctid")):
                if isinstance(key, str) and key.strip():
                    self.by_key.setdefault(key.strip(), node)
                    if ctid := _ctid_in(key):
                        self.by_key.setdefault(ctid, node)

    def find(self, reference: str) -> _Node | None:
        ctid = _ctid_in(reference)
        return self.by_key.get(reference) or (self.by_key.get(ctid) if ctid else None)


# ---- values -------------------------------------------------------------------------------------


def _two_letters(code: Any) -> str | None:
    if not isinstance(code, str):
        return None
    base = code.strip().replace("_", "-").split("-")[0].lower()
    return base if re.fullmatch(r"[a-z]{2}", base) else None


def _texts(value: Any, language: str | None = None) -> list[tuple[str | None, str]]:
    """(language, text) pairs of a language map, a JSON-LD value object, a string or a list of them."""
    if isinstance(value, str):
        return [(language, value.strip())] if value.strip() else []
    if isinstance(value, list):
        return [pair for item in value for pair in _texts(item, language)]
    if isinstance(value, dict):
        if "@value" in value:
            return _texts(value["@value"], value.get("@language") or language)
        return [pair for key, item in value.items() if not key.startswith("@") for pair in _texts(item, key)]
    return []


def _preferred_language(pairs: list[tuple[str | None, str]], prefer: str | None) -> str | None:
    languages = [lang for lang, _ in pairs]
    for wanted in (prefer, "en"):
        for lang in languages:
            if wanted and _two_letters(lang) == wanted:
                return lang
    return languages[0] if languages else None


def _pick_text(value: Any, prefer: str | None) -> tuple[str | None, str | None]:
    """The text in ``prefer``'s language, else English, else the first; with its language key."""
    pairs = _texts(value)
    if not pairs:
        return None, None
    chosen = _preferred_language(pairs, prefer)
    return chosen, next(text for lang, text in pairs if lang == chosen)


def _pick_texts(value: Any, prefer: str | None) -> list[str]:
    """Every text of the chosen language (a keyword list), in order, without repeats."""
    pairs = _texts(value)
    chosen = _preferred_language(pairs, prefer)
    return list(dict.fromkeys(text for lang, text in pairs if lang == chosen))


def _concept(item: Any) -> str | None:
    """The concept a CredentialAlignmentObject (or a bare ``scheme:Term`` string) names, lower-cased."""
    node = item.get("ceterms:targetNode") if isinstance(item, dict) else item
    if not isinstance(node, str) or not node.strip():
        return None
    return re.split(r"[:/#]", node.strip())[-1].lower()


def _delivery_key(item: Any) -> str | None:
    """A delivery value as letters only, lower-cased: a CredentialAlignmentObject's concept (else
    its label) or a plain string, a term or a label (``deliveryType:InPerson``, "In-Person Only")."""
    if isinstance(item, dict):
        concept = _concept(item)
        item = concept if concept else _pick_text(item.get("ceterms:targetNodeName"), "en")[1]
    if not isinstance(item, str):
        return None
    key = re.sub(r"[^a-z]", "", re.split(r"[:/#]", item.strip())[-1].lower())
    return key or None


def currency_code(value: Any) -> str | None:
    """The ISO 4217 code a ``ceterms:currency`` gives: a code in any case (``usd``) or a
    currency's name ("US Dollar", "Pound Sterling", "dollar canadien"); None when it names none."""
    text = _pick_text(value, "en")[1] if not isinstance(value, str) else value.strip()
    if not text:
        return None
    if re.fullmatch(r"[A-Za-z]{3}", text) and text.upper() in _currency_codes():
        return text.upper()
    return _currency_names().get(_folded(text))


def _folded(name: str) -> str:
    return " ".join(name.replace("’", "'").casefold().split())


@functools.cache
def _currency_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies) | frozenset(list_currencies())


@functools.cache
def _currency_names() -> dict[str, str]:
    """Currency names, case-folded, to their codes: ISO 4217's (pycountry: "Pound Sterling") and
    CLDR's English and French ones, singular and plural (Babel: "British pounds", "euros").
    A name two currencies share (a renamed one's) is left out: it tells neither."""
    codes: dict[str, set[str]] = defaultdict(set)
    for currency in pycountry.currencies:
        codes[_folded(currency.name)].add(currency.alpha_3)
    for language in ("en", "fr"):
        for code, name in Locale(language).currencies.items():
            codes[_folded(name)].add(code)
            codes[_folded(get_currency_name(code, count=2, locale=language))].add(code)
    return {name: next(iter(found)) for name, found in codes.items() if len(found) == 1}


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", "").strip())
        except ValueError:
            return None
    return None


def _credit_value(value: Any) -> float | None:
    """The number of the first ValueProfile (``schema:value``, or ``ceterms:value``) that has one."""
    for profile in _as_list(value):
        if isinstance(profile, dict):
            for key in ("schema:value", "ceterms:value"):
                if (number := _number(profile.get(key))) is not None:
                    return number
        elif (number := _number(profile)) is not None:
            return number
    return None


def _iso_length(text: str) -> tuple[float | None, float | None]:
    """(calendar weeks, hours of study) of an ISO 8601 duration: ``P6M`` → (26.1, None);
    ``PT40H`` → (None, 40); ``P6WT30H`` → (6, 30). Raises ``ValueError`` when it is not one."""
    value = text.strip().upper()
    if not value.startswith("P") or value in ("P", "PT"):
        raise ValueError(f"{text!r} is not an ISO 8601 duration such as P6M or PT40H")
    date_part, _, time_part = value.partition("T")
    weeks = _calendar_weeks(isodate.parse_duration(date_part)) if date_part != "P" else None
    hours = isodate.parse_duration("PT" + time_part).total_seconds() / 3600 if time_part else None
    return weeks, hours


def _calendar_weeks(duration: Any) -> float:
    if isinstance(duration, isodate.Duration):
        days = duration.tdelta.total_seconds() / 86400
        weeks = float(duration.years) * WEEKS_PER_YEAR + float(duration.months) * WEEKS_PER_MONTH + days / 7
    else:
        weeks = duration.total_seconds() / 86400 / 7
    return round(weeks, 1)


# ---- one program --------------------------------------------------------------------------------


class _Draft:
    """A program record being read: its canonical row, and what was wrong with it."""

    def __init__(self, node: _Node, ctid: str, source: str):
        self.node = node
        self.ctid = ctid
        self.row: dict[str, Any] = {"id": ctid, "source": source}
        self.errors: list[InvalidRow] = []
        self.warnings: list[str] = []
        self.links: dict[str, None] = {}  # stacks_into targets, in order

    def get(self, term: str) -> Any:
        return self.node.data.get(term)

    def error(self, term: str, reason: str) -> None:
        self.errors.append(InvalidRow(file=self.node.file, line=self.node.line, field=term, reason=reason))

    def warn(self, term: str, message: str) -> None:
        warning = f"{self.node.where()} {term}: {message}"
        if warning not in self.warnings:  # two conditions naming one record say it once
            self.warnings.append(warning)


def _read_texts(draft: _Draft) -> None:
    language = next((code for code in map(_two_letters, _as_list(draft.get("ceterms:inLanguage"))) if code), None)
    name_language, title = _pick_text(draft.get("ceterms:name"), language)
    language = language or _two_letters(name_language)
    _, description = _pick_text(draft.get("ceterms:description"), language)
    if title is None:
        draft.error("ceterms:name", "is required (the program's title)")
    if description is None:
        draft.error("ceterms:description", "is required (the catalogue describes every program)")
    draft.row.update(title=title, description=description, language=language)
    draft.row["skills"] = _list_value(_pick_texts(draft.get("ceterms:keyword"), language))
    occupations = [_pick_text(item.get("ceterms:targetNodeName") if isinstance(item, dict) else item, language)[1]
                   for item in _as_list(draft.get("ceterms:occupationType"))]
    draft.row["occupations"] = _list_value(o for o in occupations if o)
    places = [p for p in _as_list(draft.get("ceterms:availableAt")) if isinstance(p, dict)]
    regions = [_pick_text(p.get("ceterms:addressRegion"), language)[1] for p in places]
    draft.row["region"] = next((r for r in regions if r), None)


def _list_value(items: Iterable[str]) -> tuple[str, ...]:
    """A catalogue list: ``;`` separates items in the catalogue's files, so an item holding one is split."""
    parts = (part.strip() for item in items for part in item.split(";"))
    return tuple(dict.fromkeys(part for part in parts if part))


def _read_provider(draft: _Draft, index: _Index, organisations: dict[int, str | None]) -> None:
    term = "ceterms:ownedBy" if draft.get("ceterms:ownedBy") else "ceterms:offeredBy"
    references = [r for r in map(_reference, _as_list(draft.get(term))) if r]
    if not references:
        draft.error("ceterms:ownedBy", "is required (the organisation that owns or offers the program)")
        return
    found = [(reference, index.find(reference)) for reference in references]
    records = [(reference, id(node)) for reference, node in found if node is not None and id(node) in organisations]
    named = [organisations[key] for _, key in records if organisations[key]]
    if named:
        draft.row["provider"] = named[0]
        return
    if records:
        draft.error(term, f"names {records[0][0]}, an organisation whose record has no ceterms:name")
        return
    outside = next(((reference, ctid) for reference in references if (ctid := _ctid_in(reference))), None)
    if outside is None:
        draft.error(term, f"names {references[0]}, which is neither an organisation of this import nor a "
                          "Credential Registry CTID; the provider is never guessed: import the organisation's "
                          "record with the program")
        return
    reference, ctid = outside
    draft.row["provider"] = unimported_provider(ctid)
    draft.warn(term, f"{reference} is an organisation this import has no record of; the program is kept with the "
                     f"provider \"{unimported_provider(ctid)}\" until a run imports that organisation's record")


@dataclass(frozen=True)
class _Cost:
    """One priced CostProfile."""

    price: float
    kind: str | None  # the cost type's concept, lower-cased: "tuition", "aggregatecost", ...
    out_of_area: bool  # for students out of state or district, or international ones
    profile: dict[str, Any]


def _costs(draft: _Draft) -> list[_Cost]:
    costs = []
    for profile in _as_list(draft.get("ceterms:estimatedCost")):
        if not isinstance(profile, dict) or profile.get("ceterms:price") is None:
            continue
        price = _number(profile.get("ceterms:price"))
        if price is None:
            draft.warn("ceterms:price", f"{profile.get('ceterms:price')!r} is not a number; that cost is ignored")
            continue
        kind = next((c for c in map(_concept, _as_list(profile.get("ceterms:directCostType"))) if c), None)
        residency = " ".join(c for c in map(_concept, _as_list(profile.get("ceterms:residencyType"))) if c)
        costs.append(_Cost(price, kind, bool(_OUT_OF_AREA.search(residency)), profile))
    return costs


def _read_cost(draft: _Draft) -> None:
    costs = _costs(draft)
    if not costs:
        return
    pool = ([c for c in costs if c.kind == "tuition"] or [c for c in costs if c.kind == "aggregatecost"]
            or [c for c in costs if c.kind is None])
    if not pool:
        kinds = ", ".join(sorted({str(c.kind) for c in costs}))
        draft.warn("ceterms:estimatedCost", f"gives only other costs ({kinds}), no tuition; cost left empty")
        return
    chosen = min([c for c in pool if not c.out_of_area] or pool, key=lambda c: c.price)
    draft.row["cost"] = chosen.price
    given = chosen.profile.get("ceterms:currency")
    draft.row["currency"] = code = currency_code(given)
    if code is not None:
        return
    if given is None or (isinstance(given, str) and not given.strip()):
        draft.warn("ceterms:currency", "is missing from the cost profile; the cost is kept without a currency "
                                       "(none is assumed)")
    else:
        draft.warn("ceterms:currency", f"{given!r} is neither an ISO 4217 code nor a currency's name; the cost is "
                                       "kept without a currency (none is assumed)")


def _read_length(draft: _Draft) -> None:
    weeks: float | None = None
    hours: float | None = None
    for profile in _as_list(draft.get("ceterms:estimatedDuration")):
        if not isinstance(profile, dict):
            continue
        text = next((profile[k] for k in ("ceterms:exactDuration", "ceterms:maximumDuration",
                                           "ceterms:minimumDuration") if isinstance(profile.get(k), str)), None)
        if text is None:
            continue
        try:
            span, effort = _iso_length(text)
        except (ValueError, isodate.ISO8601Error, OverflowError) as exc:
            draft.warn("ceterms:estimatedDuration", f"{text!r} cannot be read ({exc}); left empty")
            continue
        weeks = weeks if weeks is not None else span
        hours = hours if hours is not None else effort
    draft.row["duration_weeks"] = weeks
    draft.row["total_hours"] = hours
    if hours is not None and weeks:
        draft.row["hours_per_week"] = round(hours / weeks, 1)


def _read_delivery_and_level(draft: _Draft) -> None:
    modes: set[str] = set()
    for term in ("ceterms:learningDeliveryType", "ceterms:deliveryType"):
        keys = [k for k in map(_delivery_key, _as_list(draft.get(term))) if k]
        modes |= {_DELIVERY[k] for k in keys if k in _DELIVERY}
        if unknown := [k for k in keys if k not in _DELIVERY]:
            draft.warn(term, f"{', '.join(unknown)} says nothing of online, in person or blended; not used")
    if modes:
        draft.row["delivery"] = modes.pop() if len(modes) == 1 else "hybrid"
    levels = [_LEVELS[c] for c in map(_concept, _as_list(draft.get("ceterms:audienceLevelType"))) if c in _LEVELS]
    draft.row["level"] = levels[0] if levels else None


def _read_credits(draft: _Draft) -> None:
    credits = _credit_value(draft.get("ceterms:creditValue"))
    if credits is None:
        credits = _number(draft.get("ceterms:creditUnitValue") or draft.get("ceterms:creditHourValue"))
    draft.row["credits"] = credits
    conditions = [c for c in _as_list(draft.get("ceterms:requires")) if isinstance(c, dict)]
    required = [_credit_value(c.get("ceterms:creditValue")) for c in conditions if not _condition_targets(c)]
    draft.row["credits_required"] = next((r for r in required if r is not None), None)
    webpages = [w for w in _as_list(draft.get("ceterms:subjectWebpage")) if isinstance(w, str) and w.strip()]
    draft.row["url"] = webpages[0].strip() if webpages else None


def _condition_targets(condition: dict[str, Any]) -> list[str]:
    terms = ("ceterms:targetCredential", "ceterms:targetLearningOpportunity", "ceterms:targetAssessment")
    return [r for term in terms for r in map(_reference, _as_list(condition.get(term))) if r]


# ---- links between programs -------------------------------------------------------------------------


def _target_ctid(draft: _Draft, term: str, reference: str, index: _Index, known: dict[str, _Draft]) -> str | None:
    """The CTID a reference names; a warning when it is outside the import (or no CTID at all)."""
    node = index.find(reference)
    ctid = node.data.get("ceterms:ctid") if node is not None else None
    ctid = ctid.strip().lower() if isinstance(ctid, str) and ctid.strip() else _ctid_in(reference)
    if ctid is None:
        draft.warn(term, f"{reference} names no CTID; programs are linked by CTID only, so it is not used")
    elif ctid not in known:
        draft.warn(term, f"{ctid} is not a program of this import; kept, so that importing it later links them")
    return ctid


def _link_stacks(drafts: dict[str, _Draft], index: _Index) -> None:
    for whole in drafts.values():
        for reference in filter(None, map(_reference, _as_list(whole.get("ceterms:hasPart")))):
            node = index.find(reference)
            part_ctid = _ctid_in(str(node.data.get("ceterms:ctid"))) if node is not None else _ctid_in(reference)
            if part_ctid in drafts:
                drafts[part_ctid].links.setdefault(whole.ctid)
            else:
                whole.warn("ceterms:hasPart", f"{part_ctid or reference} is not a program of this import; the "
                                              "link is stored on the part, so it is not kept")
    for part in drafts.values():
        for reference in filter(None, map(_reference, _as_list(part.get("ceterms:isPartOf")))):
            if target := _target_ctid(part, "ceterms:isPartOf", reference, index, drafts):
                part.links.setdefault(target)
    for part in drafts.values():
        part.row["stacks_into"] = tuple(StackLink(target=t, credits=part.row.get("credits"))
                                        for t in part.links if t != part.ctid)


def _link_prerequisites(drafts: dict[str, _Draft], index: _Index) -> None:
    for draft in drafts.values():
        found: dict[str, None] = {}
        for term in ("ceterms:requires", "ceterms:prerequisite"):
            for condition in _as_list(draft.get(term)):
                if not isinstance(condition, dict):
                    continue
                for reference in _condition_targets(condition):
                    if (ctid := _target_ctid(draft, term, reference, index, drafts)) and ctid != draft.ctid:
                        found.setdefault(ctid)
        draft.row["prerequisites"] = tuple(found)


# ---- the import -------------------------------------------------------------------------------------


def read_ctdl(path: Path, source: str) -> CtdlImport:
    """Programs of one CTDL file; ``source`` tags each program (as the ingest's ``--source``)."""
    return read_ctdl_files([path], source)


def read_ctdl_files(paths: Sequence[Path], source: str | None = None,
                    unreadable: list[UnreadableFile] | None = None) -> CtdlImport:
    """Programs of several CTDL files read as one import: a program's provider, parts and
    prerequisites may be in any of them. ``source`` tags every program (default: its file's name).
    A file that is not readable JSON raises ``UnreadableFile``, or, given ``unreadable``, is put
    there and the others are read."""
    nodes: list[_Node] = []
    for path in paths:
        try:
            nodes += _nodes(Path(path))
        except UnreadableFile as exc:
            if unreadable is None:
                raise
            unreadable.append(exc)
    result = CtdlImport()
    index = _Index(nodes)
    organisations = _organisations(nodes)
    result.organisations = _registry_organisations(nodes, organisations)
    drafts: dict[str, _Draft] = {}
    for node in nodes:
        draft = _draft(node, source or Path(node.file).name, drafts, result)
        if draft is not None:
            for read in (_read_texts, _read_cost, _read_length, _read_delivery_and_level, _read_credits):
                read(draft)
            _read_provider(draft, index, organisations)
            drafts[draft.ctid] = draft
    _link_stacks(drafts, index)
    _link_prerequisites(drafts, index)
    for draft in drafts.values():
        program = _program(draft)
        if program is not None:
            result.programs.append((program, draft.node.line))
            result.files[program.id] = draft.node.file
        result.warnings += draft.warnings
        result.errors += draft.errors
    return result


def _organisations(nodes: list[_Node]) -> dict[int, str | None]:
    """The name of each organisation record (by the record's identity; None when it has none)."""
    return {id(node): _pick_text(node.data.get("ceterms:name"), None)[1]
            for node in nodes if node.kind in ORGANISATION_TYPES}


def _registry_organisations(nodes: list[_Node], names: dict[int, str | None]) -> dict[str, RegistryOrganisation]:
    """The named organisation records that have a CTID, by CTID (the first record of each)."""
    found: dict[str, RegistryOrganisation] = {}
    for node in nodes:
        raw, name = node.data.get("ceterms:ctid"), names.get(id(node))
        ctid = _ctid_in(raw) if isinstance(raw, str) else None
        if ctid and name and ctid not in found:
            found[ctid] = RegistryOrganisation(ctid, name, node.file, node.line)
    return found


def _draft(node: _Node, source: str, drafts: dict[str, _Draft], result: CtdlImport) -> _Draft | None:
    """A draft for a program record; None (with a warning or an error) for any other record."""
    if node.kind is None:
        if node.data:
            types = ", ".join(_type_names(node.data)) or "no @type"
            result.warnings.append(f"{node.where()} @type: {types} is not a CTDL type; record skipped")
        return None
    if node.kind not in PROGRAM_TYPES:
        if node.kind not in ORGANISATION_TYPES and node.kind not in SUPPORTING_TYPES:
            result.warnings.append(f"{node.where()} @type: ceterms:{node.kind} is not a type Stackwise reads as a "
                                   "program or an organisation; record skipped")
        return None
    raw = node.data.get("ceterms:ctid")
    ctid = raw.strip().lower() if isinstance(raw, str) else ""
    problem = None
    if not ctid:
        problem = "is required: a program is identified by its CTID (ce- and a UUID)"
    elif not _CTID.fullmatch(ctid):
        problem = f"{raw!r} is not a CTID (ce- and a UUID)"
    elif ctid in drafts:
        problem = f"duplicate CTID {ctid} (first at {drafts[ctid].node.where()})"
    if problem:
        result.errors.append(InvalidRow(file=node.file, line=node.line, field="ceterms:ctid", reason=problem))
        return None
    draft = _Draft(node, ctid, source)
    draft.row["credential_type"] = PROGRAM_TYPES[node.kind]
    return draft


def _program(draft: _Draft) -> Program | None:
    """The validated program; an optional value the schema refuses is dropped with a warning."""
    if draft.errors:
        return None
    row = {key: value for key, value in draft.row.items() if value is not None}
    for _ in range(2):
        try:
            return Program.from_row(row)
        except InvalidProgram as exc:
            required = [(f, r) for f, r in exc.problems if f in REQUIRED_COLUMNS or f not in row]
            for name, reason in required:
                draft.error(_FIELD_TERMS.get(name, name), reason)
            if required:
                return None
            for name, reason in exc.problems:
                draft.warn(_FIELD_TERMS.get(name, name), f"{reason}; left empty")
                row.pop(name, None)
    return None
