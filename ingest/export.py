"""Export: the catalogue written out, as the canonical CSV the ingest reads back or as CTDL JSON-LD.

**CSV.** The header is ``CANONICAL_COLUMNS`` and each row ``Program.to_row()``, in UTF-8 with a
byte-order mark (so spreadsheets read accents right; the ingest reads either). A cell a
spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``...) is neutralised with a leading
apostrophe by ``knowledge_base.escaping.spreadsheet_cell``, which the CSV reader undoes with
``plain_cell``, so the round trip is exact (every other value is written as it is). ``source`` is not a catalogue
column: re-ingest with ``--source NAME`` to keep the programs' source, and so their content hashes.

**CTDL.** One ``@graph``: an organisation record per distinct provider, then one record per
program. A program's CTID is its id when that is a CTID, else ``ce-`` and a UUID derived from the
id (``ctid_for``, stable across runs), with the id kept as a ``ceterms:identifier``. What the
import (``ingest.ctdl``) reads back: type (a bootcamp is written as a LearningProgram, read back
as a short course), title, description and keywords in the program's language, provider, cost
(a tuition CostProfile, with the currency's ISO 4217 code when the program has one and no
currency when it has none), length (``P6W``, and the hours of study in all as ``PT30H``:
``total_hours``, else weeks times hours per week), delivery (``deliveryType:OnlineOnly``,
``InPerson`` or ``BlendedDelivery``), language, occupations, level, credits, region
(``availableAt``), url, stacking (``isPartOf`` on the part and ``hasPart`` on the whole),
prerequisites (a ``requires`` ConditionProfile naming them) and credits required (a ``requires``
ConditionProfile with only a ``creditValue``). The import gives a link the part's credits: a
program without credits of its own is written with its links' credits when they agree. A
program whose provider is the mark of a Credential Registry organisation not yet imported
(``ingest.ctdl.unimported_provider``) is written ``ownedBy`` that organisation's registry
address, and no organisation record is written for the mark, so the import marks it again and
a later import of the organisation's record names it. Pace, assessment, funding and next start
have no place here and are not written.
"""
from __future__ import annotations

import csv
import json
import os
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from knowledge_base.escaping import plain_cell, spreadsheet_cell
from knowledge_base.schema import CANONICAL_COLUMNS, CredentialType, Program

from .ctdl import is_ctid, unimported_organisation

__all__ = ["CTDL_CONTEXT", "ctid_for", "export_csv", "export_ctdl", "organisation_ctid", "plain_cell",
           "spreadsheet_cell"]

CTDL_CONTEXT = "https://credreg.net/ctdl/schema/context/json"
RESOURCES = "https://credentialengineregistry.org/resources/"
# Fixed for good: the CTIDs derived from it are how other systems know the exported records.
_NAMESPACE = uuid.UUID("5b7f0d64-3c1e-4f8a-9d2b-6a4e8c1f0b37")
_TYPES = {
    CredentialType.MICRO_CREDENTIAL: "MicroCredential", CredentialType.DIGITAL_BADGE: "DigitalBadge",
    CredentialType.CERTIFICATE: "Certificate", CredentialType.DIPLOMA: "Diploma", CredentialType.DEGREE: "Degree",
    CredentialType.BOOTCAMP: "LearningProgram", CredentialType.SHORT_COURSE: "Course",
    CredentialType.LICENCE: "License",
}
_LEARNING_OPPORTUNITIES = frozenset({"Course", "LearningProgram"})
_DELIVERY = {"online": "deliveryType:OnlineOnly", "in-person": "deliveryType:InPerson",
             "hybrid": "deliveryType:BlendedDelivery"}
_LEVELS = {"introductory": "audLevel:BeginnerLevel", "intermediate": "audLevel:IntermediateLevel",
           "advanced": "audLevel:AdvancedLevel"}


# ---- CSV ------------------------------------------------------------------------------------------


def export_csv(programs: Iterable[Program], path: Path) -> int:
    """Write ``programs`` as the canonical catalogue CSV; returns how many rows were written."""
    count = 0
    with _ReplacingFile(path) as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(CANONICAL_COLUMNS)
        for program in programs:
            row = program.to_row()
            writer.writerow([spreadsheet_cell(row[column]) for column in CANONICAL_COLUMNS])
            count += 1
    return count


class _ReplacingFile:
    """A text file written beside ``path`` and moved over it when complete: a reader never sees half."""

    def __init__(self, path: Path, encoding: str = "utf-8-sig"):
        self.path = Path(path)
        self.partial = self.path.with_name(f".{self.path.name}.partial")
        self.encoding = encoding

    def __enter__(self):
        self.handle = self.partial.open("w", encoding=self.encoding, newline="")
        return self.handle

    def __exit__(self, kind, error, trace) -> None:
        self.handle.close()
        if kind is None:
            os.replace(self.partial, self.path)
        else:
            self.partial.unlink(missing_ok=True)


# ---- CTDL -----------------------------------------------------------------------------------------


def ctid_for(program_id: str) -> str:
    """The CTID a program is exported under: its id when that is a CTID, else one derived from it."""
    if is_ctid(program_id):
        return program_id.strip().lower()
    return f"ce-{uuid.uuid5(_NAMESPACE, 'program:' + program_id)}"


def organisation_ctid(provider: str) -> str:
    """The CTID of the organisation record written for a provider name."""
    return f"ce-{uuid.uuid5(_NAMESPACE, 'organisation:' + provider)}"


def export_ctdl(programs: Iterable[Program], path: Path) -> int:
    """Write ``programs`` as CTDL JSON-LD (one ``@graph``); returns how many program records were written."""
    listed = list(programs)
    kinds = {p.id: _TYPES[p.credential_type] for p in listed}
    parts: dict[str, list[str]] = {}
    for program in listed:
        for link in program.stacks_into:
            parts.setdefault(link.target, []).append(program.id)
    graph = _organisation_records(listed) + [_program_record(p, kinds, parts.get(p.id, [])) for p in listed]
    with _ReplacingFile(path, encoding="utf-8") as handle:
        json.dump({"@context": CTDL_CONTEXT, "@graph": graph}, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    return len(listed)


def _uri(ctid: str) -> str:
    return RESOURCES + ctid


def _text(value: str | None, language: str | None) -> Any:
    """A language map in the program's language; a plain string when the language is unknown."""
    return {language: value} if language else value


def _json_number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _alignment(node: str, name: str | None = None, language: str | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {"@type": "ceterms:CredentialAlignmentObject"}
    if node:
        record["ceterms:targetNode"] = node
    if name:
        record["ceterms:targetNodeName"] = _text(name, language)
    return record


def _organisation_records(programs: list[Program]) -> list[dict[str, Any]]:
    languages: dict[str, str | None] = {}
    for program in programs:
        if unimported_organisation(program.provider) is None:  # a mark names no organisation to write
            languages.setdefault(program.provider, program.language)
    return [{"@id": _uri(organisation_ctid(name)), "@type": "ceterms:CredentialOrganization",
             "ceterms:ctid": organisation_ctid(name), "ceterms:name": _text(name, language)}
            for name, language in languages.items()]


def _program_record(program: Program, kinds: dict[str, str], part_ids: list[str]) -> dict[str, Any]:
    ctid, kind, language = ctid_for(program.id), kinds[program.id], program.language
    record: dict[str, Any] = {
        "@id": _uri(ctid), "@type": f"ceterms:{kind}", "ceterms:ctid": ctid,
        "ceterms:name": _text(program.title, language), "ceterms:description": _text(program.description, language),
        "ceterms:ownedBy": [_uri(_owner_ctid(program.provider))],
    }
    if program.id != ctid:
        record["ceterms:identifier"] = [{
            "@type": "ceterms:IdentifierValue", "ceterms:identifierTypeName": {"en": "Stackwise program id"},
            "ceterms:identifierValueCode": program.id}]
    if language:
        record["ceterms:inLanguage"] = [language]
    if program.url:
        record["ceterms:subjectWebpage"] = program.url
    record.update(_descriptive_terms(program, kind))
    record.update(_cost_and_length(program))
    record.update(_links(program, kinds, part_ids))
    return record


def _owner_ctid(provider: str) -> str:
    """The CTID of the organisation a program is written ``ownedBy``: the registry organisation a
    marked provider stands for, else the organisation record written for the provider's name."""
    return unimported_organisation(provider) or organisation_ctid(provider)


def _descriptive_terms(program: Program, kind: str) -> dict[str, Any]:
    language = program.language
    terms: dict[str, Any] = {}
    if program.skills:
        terms["ceterms:keyword"] = {language: list(program.skills)} if language else list(program.skills)
    if program.occupations:
        terms["ceterms:occupationType"] = [_alignment("", name, language) for name in program.occupations]
    if program.level:
        terms["ceterms:audienceLevelType"] = [_alignment(_LEVELS[program.level.value])]
    if program.delivery:
        term = "ceterms:deliveryType" if kind in _LEARNING_OPPORTUNITIES else "ceterms:learningDeliveryType"
        terms[term] = [_alignment(_DELIVERY[program.delivery.value])]
    if program.region:
        terms["ceterms:availableAt"] = [{"@type": "ceterms:Place", "ceterms:addressRegion": _text(program.region,
                                                                                                  language)}]
    credits = program.credits if program.credits is not None else _agreed_link_credits(program)
    if credits is not None:
        terms["ceterms:creditValue"] = [{"@type": "ceterms:ValueProfile", "schema:value": _json_number(credits)}]
    return terms


def _agreed_link_credits(program: Program) -> float | None:
    values = {link.credits for link in program.stacks_into}
    return values.pop() if len(values) == 1 else None


def _cost_and_length(program: Program) -> dict[str, Any]:
    terms: dict[str, Any] = {}
    if program.cost is not None:
        profile: dict[str, Any] = {
            "@type": "ceterms:CostProfile", "ceterms:description": {"en": "Tuition"},
            "ceterms:directCostType": _alignment("costType:Tuition"), "ceterms:price": _json_number(program.cost)}
        if program.currency:  # a cost whose record gave no currency is written with none
            profile["ceterms:currency"] = program.currency
        if program.url:
            profile["ceterms:costDetails"] = program.url
        terms["ceterms:estimatedCost"] = [profile]
    durations: list[dict[str, Any]] = []
    if program.duration_weeks is not None:
        durations.append({"@type": "ceterms:DurationProfile",
                          "ceterms:exactDuration": f"P{program.duration_weeks:g}W"})
    if (total := program.hours_in_all) is not None:
        durations.append({"@type": "ceterms:DurationProfile", "ceterms:exactDuration": f"PT{total:g}H",
                          "ceterms:description": {"en": "Hours of study in all"}})
    if durations:
        terms["ceterms:estimatedDuration"] = durations
    return terms


def _links(program: Program, kinds: dict[str, str], part_ids: list[str]) -> dict[str, Any]:
    terms: dict[str, Any] = {}
    if program.stacks_into:
        terms["ceterms:isPartOf"] = [_uri(ctid_for(link.target)) for link in program.stacks_into]
    if part_ids:
        terms["ceterms:hasPart"] = [_uri(ctid_for(pid)) for pid in dict.fromkeys(part_ids)]
    conditions = []
    if program.prerequisites:
        condition: dict[str, Any] = {"@type": "ceterms:ConditionProfile",
                                     "ceterms:description": {"en": "Complete these first"}}
        for pid in program.prerequisites:
            term = ("ceterms:targetLearningOpportunity" if kinds.get(pid) in _LEARNING_OPPORTUNITIES
                    else "ceterms:targetCredential")
            condition.setdefault(term, []).append(_uri(ctid_for(pid)))
        conditions.append(condition)
    if program.credits_required is not None:
        conditions.append({"@type": "ceterms:ConditionProfile",
                           "ceterms:description": {"en": f"{program.credits_required:g} credits"},
                           "ceterms:creditValue": [{"@type": "ceterms:ValueProfile",
                                                    "schema:value": _json_number(program.credits_required)}]})
    if conditions:
        terms["ceterms:requires"] = conditions
    return terms
