"""Earned credentials matched to catalogue programs by their alignments, never by their names.

An achievement counts as a catalogue program when, in this order of strength:

1. ``targetCode``: an alignment's code is the program's id (a CTID compared without regard to case);
2. ``ctid``: an alignment's ``targetUrl``, the achievement's id or url, or an id a CLR calls its exact
   match ends with the program's CTID (``https://credentialengineregistry.org/resources/ce-…``);
3. ``targetUrl``: an alignment's address is the program's page, compared normalised (http or https,
   host in any case, with or without a trailing slash).

The strongest rule that finds anything decides; when it finds two programs or more, the credential
matches none of them (it is listed with a note). An achievement whose name equals a program's title,
with nothing else, matches nothing: names are never matched.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, Field

from knowledge_base.schema import Program

from .credentials import EarnedCredential
from .redaction import redact

_CTID = re.compile(r"^ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_TRAILING_CTID = re.compile(
    r"(?:^|[/:#=])(ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/?$", re.I)

MatchRule = Literal["targetCode", "ctid", "targetUrl"]


class Earned(BaseModel):
    """A credential the learner holds, as the profile keeps it: redacted, with the program it counts as."""

    name: str
    issuer: str | None = None
    issued: date | None = None
    matched: str | None = None  # the catalogue program it marks completed
    matched_by: MatchRule | None = None
    note: str | None = None  # why it counts as nothing, when it was aligned to several programs
    key: str = Field(default="", exclude=True, repr=False)  # a hash of what identifies the award


def normalise_url(url: str | None) -> str | None:
    """An http(s) address compared as one: scheme and host in lower case, https for http, no default
    port, no trailing slash, no fragment. None for anything that is not an http(s) address."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    return urlunsplit(("https", host, parts.path.rstrip("/"), parts.query, ""))


def trailing_ctid(value: str | None) -> str | None:
    """The CTID an address or an id ends with (lower case), if any."""
    if not value:
        return None
    found = _TRAILING_CTID.search(value.strip())
    return found.group(1).lower() if found else None


class ProgramIndex:
    """The catalogue's program ids, CTIDs and page addresses, for matching credentials."""

    def __init__(self, programs: Iterable[Program]):
        self.ids: set[str] = set()
        self.ctids: dict[str, str] = {}
        self.urls: dict[str, set[str]] = {}
        for program in programs:
            self.ids.add(program.id)
            if _CTID.match(program.id):
                self.ctids[program.id.lower()] = program.id
            url = normalise_url(program.url)
            if url:
                self.urls.setdefault(url, set()).add(program.id)

    def candidates(self, credential: EarnedCredential) -> tuple[MatchRule | None, list[str]]:
        """The strongest rule that finds programs, and the programs it finds (sorted)."""
        by_code = set()
        for alignment in credential.alignments:
            code = (alignment.target_code or "").strip()
            if code in self.ids:
                by_code.add(code)
            elif code.lower() in self.ctids:
                by_code.add(self.ctids[code.lower()])
        if by_code:
            return "targetCode", sorted(by_code)
        references = [a.target_url for a in credential.alignments]
        references += [credential.achievement_id, credential.achievement_url, *credential.same_as]
        by_ctid = {self.ctids[c] for c in map(trailing_ctid, references) if c in self.ctids}
        if by_ctid:
            return "ctid", sorted(by_ctid)
        by_url = set()
        for alignment in credential.alignments:
            by_url |= self.urls.get(normalise_url(alignment.target_url) or "", set())
        if by_url:
            return "targetUrl", sorted(by_url)
        return None, []


def match_credentials(credentials: Iterable[EarnedCredential], programs: Iterable[Program]) -> list[Earned]:
    """Each credential with the program it counts as (or none), its text redacted for keeping."""
    index = ProgramIndex(programs)
    out = []
    for credential in credentials:
        rule, found = index.candidates(credential)
        matched = found[0] if len(found) == 1 else None
        note = f"aligned to {len(found)} catalogue programs ({', '.join(found)}), so it counts as none of " \
               "them" if len(found) > 1 else None
        out.append(Earned(name=redact(credential.name), issuer=redact(credential.issuer) if credential.issuer else None,
                          issued=credential.issued, matched=matched, matched_by=rule if matched else None, note=note,
                          key=award_key(credential)))
    return out


def award_key(credential: EarnedCredential) -> str:
    """A stable hash of what identifies the award, so the same credential handed over twice counts once
    (the hash keeps no text of the credential)."""
    return hashlib.sha256(repr(credential.identity()).encode("utf-8")).hexdigest()[:32]
