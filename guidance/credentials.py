"""Credentials a learner already holds, read from Open Badges 3.0 and CLR 2.0 JSON into typed records.

Accepted, alone or in a JSON list: an ``OpenBadgeCredential`` (or its alias ``AchievementCredential``),
a ``ClrCredential`` whose ``credentialSubject.verifiableCredential`` holds several of them, and a
``VerifiablePresentation`` carrying either. Only what describes the achievement is kept: its name, id,
type and alignments, the issuer's name and the date it was issued. Nothing about the learner (the
subject's ids, emails, results) is read, and the text kept is untrusted: it is escaped wherever it is
shown and redacted before it is stored (``guidance.earned``).

Credentials are read, not verified: no signature or status is checked, so a credential counts as much
as the learner saying "I finished it".

    CredentialError(StackwiseError)   what is wrong and where: ``credentials[2].issuer: missing``
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from knowledge_base.jsonvalues import strict_decoder
from knowledge_base.text import clean_text
from stackwise.errors import StackwiseError

from .i18n import N_, Text

MAX_CREDENTIALS = 50  # credentials read at once, those inside a CLR or a presentation included
MAX_CREDENTIAL_BYTES = 1_000_000  # the JSON handed over at once
MAX_DEPTH = 32  # nesting of JSON objects and lists
MAX_ALIGNMENTS = 50  # alignments of one achievement
MAX_TEXT = 300  # characters kept of a name; longer ones are cut
MAX_REFERENCE = 2_000  # characters of an id, an address or a code

BADGE_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential"})
CLR_TYPE = "ClrCredential"
PRESENTATION_TYPE = "VerifiablePresentation"
_JWT = re.compile(r"^[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*$")


class CredentialError(StackwiseError):
    """Credentials that cannot be read; ``where`` is the JSON path of the problem.

    ``template`` is an English message marked for translation and ``values`` fill it, so the
    error is said in the learner's language where it is shown (``said_in``); ``str()`` is English."""

    def __init__(self, where: str, template: str, **values: object):
        self.where, self.template, self.values = where, template, values
        self.reason = template.format(**values) if values else template
        super().__init__(f"{where}: {self.reason}" if where else self.reason)

    def said_in(self, t: Text) -> str:
        """The error in ``t``'s language; a value that is itself a marked phrase is translated too."""
        values = {key: t(value) if isinstance(value, str) else value for key, value in self.values.items()}
        reason = t(self.template, **values)
        return f"{self.where}: {reason}" if self.where else reason


class Alignment(BaseModel):
    """One ``achievement.alignment`` entry: what the achievement is aligned to."""

    model_config = ConfigDict(frozen=True)

    target_name: str | None = None
    target_url: str | None = None
    target_code: str | None = None
    target_framework: str | None = None
    target_type: str | None = None


class EarnedCredential(BaseModel):
    """One achievement the learner was awarded, as the credential describes it."""

    model_config = ConfigDict(frozen=True)

    name: str  # the achievement's name (the credential's when the achievement has none)
    issuer: str | None = None  # the issuer profile's name
    issuer_id: str | None = None
    achievement_id: str | None = None
    achievement_url: str | None = None
    achievement_type: str | None = None
    issued: date | None = None  # validFrom, issuanceDate or awardedDate
    credential_id: str | None = None
    alignments: tuple[Alignment, ...] = ()
    same_as: tuple[str, ...] = Field(default=())  # ids a CLR says are an exact match of this achievement
    record: str | None = None  # the name of the CLR it came in

    def identity(self) -> tuple:
        """What makes two copies of a credential the same award."""
        if self.credential_id:
            return ("credential", self.credential_id)
        return ("award", self.achievement_id, self.name, self.issuer_id or self.issuer, self.issued)


# ---- reading ----------------------------------------------------------------------------

def read_credentials_text(text: str | bytes, *, label: str = "") -> list[EarnedCredential]:
    """Credentials from JSON text (an uploaded file or a paste): one, a list, a CLR or a presentation.
    ``label`` (a file name, say) opens every error message."""
    try:
        return read_credentials(_decode(text), root="")
    except CredentialError as exc:
        if not label:
            raise
        raise CredentialError(f"{label}: {exc.where}" if exc.where else label, exc.template, **exc.values) from None


def _decode(text: str | bytes) -> object:
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_CREDENTIAL_BYTES:
        raise CredentialError("", N_("{size} MB is too large: at most {limit} MB of credentials can be read at once"),
                              size=round(size / 1_000_000, 1), limit=MAX_CREDENTIAL_BYTES // 1_000_000)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CredentialError("", N_("not JSON: the file is not UTF-8 text")) from None
    text = text.strip()
    if not text:
        raise CredentialError("", N_("empty: paste or upload the credential's JSON"))
    if _JWT.match(text):
        raise CredentialError("", _JWT_REASON)
    try:
        return strict_decoder().decode(text)
    except json.JSONDecodeError as exc:
        raise CredentialError("", N_("not JSON: {problem} at line {line} column {column}"),
                              problem=exc.msg, line=exc.lineno, column=exc.colno) from None
    except RecursionError:
        raise CredentialError("", N_("nested more than {limit} levels deep"), limit=MAX_DEPTH) from None
    except ValueError as exc:  # a number that is not finite
        raise CredentialError("", N_("not JSON: {problem}"), problem=str(exc)) from None


def read_credentials(value: object, *, root: str = "") -> list[EarnedCredential]:
    """Credentials from decoded JSON: a credential object or a list of them; duplicates are kept once."""
    _check_size(value, root)
    found: list[EarnedCredential] = []
    if isinstance(value, list):
        if not value:
            raise CredentialError(root, N_("an empty list: there is no credential in it"))
        for index, item in enumerate(value):
            found += _read_any(item, f"{root}[{index}]", presentation=True)
            _check_count(found, root)
    else:
        found = _read_any(value, root, presentation=True)
    _check_count(found, root)
    unique: dict[tuple, EarnedCredential] = {}
    for credential in found:
        unique.setdefault(credential.identity(), credential)
    return list(unique.values())


_JWT_REASON = N_("a signed token (VC-JWT), not the credential's JSON: download the credential as JSON "
                 "(an OpenBadgeCredential) and use that")


def _read_any(node: object, where: str, *, presentation: bool) -> list[EarnedCredential]:
    """One credential, record or (when ``presentation``) presentation of them."""
    if isinstance(node, str) and _JWT.match(node.strip()):
        raise CredentialError(where, _JWT_REASON)
    obj = _object(node, where, N_("a credential (a JSON object)"))
    types = _types(obj, where)
    if PRESENTATION_TYPE in types and presentation:
        held_where = _at(where, "verifiableCredential")
        held = _objects(obj.get("verifiableCredential"), held_where, N_("a credential"))
        if not held:
            raise CredentialError(held_where, N_("missing: the presentation holds no credential"))
        _check_count(held, where)
        found = []
        for index, item in enumerate(held):
            found += _read_any(item, f"{held_where}[{index}]", presentation=False)
            _check_count(found, where)
        return found
    if CLR_TYPE in types:
        return _read_clr(obj, where)
    if types & BADGE_TYPES:
        return [_read_badge(obj, where)]
    raise CredentialError(where, _not_a_credential(obj, types))


def _not_a_credential(obj: dict, types: set[str]) -> str:
    if "Assertion" in types or ("badge" in obj and "recipient" in obj):
        return N_("an Open Badges 2.0 assertion: only Open Badges 3.0 credentials (OpenBadgeCredential) "
                  "and CLR 2.0 records (ClrCredential) are read")
    if "EndorsementCredential" in types:
        return N_("an endorsement of an achievement, not a credential awarded to you")
    if not types:
        return N_('type: missing: an Open Badges 3.0 credential has type ["VerifiableCredential", '
                  '"OpenBadgeCredential"]')
    return N_("not an Open Badges 3.0 credential: its type names none of OpenBadgeCredential, "
              "AchievementCredential, ClrCredential or VerifiablePresentation")


def _read_badge(obj: dict, where: str, *, definitions: dict[str, list[Alignment]] | None = None,
                same_as: dict[str, list[str]] | None = None, record: str | None = None) -> EarnedCredential:
    issuer_name, issuer_id = _issuer(obj.get("issuer"), _at(where, "issuer"))
    subject_where = _at(where, "credentialSubject")
    subject = obj.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1:
        subject, subject_where = subject[0], f"{subject_where}[0]"
    subject = _object(subject, subject_where, N_("the AchievementSubject (an object)"),
                      list_reason=N_("must be one AchievementSubject, not a list"))
    achievement_where = _at(subject_where, "achievement")
    achievement = subject.get("achievement")
    if isinstance(achievement, str):
        raise CredentialError(achievement_where, N_("only an address: the credential must include the achievement "
                                                    "itself (its name and alignments)"))
    achievement = _object(achievement, achievement_where, N_("the Achievement (an object with its name)"))
    achievement_id = _reference(achievement.get("id"), _at(achievement_where, "id"))
    alignments = _alignments(achievement.get("alignment"), _at(achievement_where, "alignment"))
    equivalent = (same_as or {}).get(achievement_id, []) if achievement_id else []
    for described in ([achievement_id, *equivalent] if achievement_id else []):
        # the CLR's own description of this achievement (or of its exact match) may carry more alignments
        alignments += [a for a in (definitions or {}).get(described, []) if a not in alignments]
    name = _text(achievement.get("name"), _at(achievement_where, "name")) \
        or _text(obj.get("name"), _at(where, "name"))
    if not name:
        raise CredentialError(_at(achievement_where, "name"), N_("missing: the achievement has no name"))
    return EarnedCredential(
        name=name, issuer=issuer_name, issuer_id=issuer_id, achievement_id=achievement_id,
        achievement_url=_reference(achievement.get("url"), _at(achievement_where, "url")),
        achievement_type=_text(achievement.get("achievementType"), _at(achievement_where, "achievementType")),
        issued=_issued(obj, where), credential_id=_reference(obj.get("id"), _at(where, "id")),
        alignments=tuple(alignments[:MAX_ALIGNMENTS]),
        same_as=tuple(equivalent), record=record,
    )


def _read_clr(obj: dict, where: str) -> list[EarnedCredential]:
    """The credentials a CLR holds. Its ``achievement`` list only describes achievements: one counts
    as earned when a credential in ``verifiableCredential`` awards it."""
    subject_where = _at(where, "credentialSubject")
    subject = _object(obj.get("credentialSubject"), subject_where, N_("the ClrSubject (an object)"))
    held_where = _at(subject_where, "verifiableCredential")
    if subject.get("verifiableCredential") in (None, []):
        if subject.get("achievement"):
            raise CredentialError(held_where, N_("missing: a ClrCredential holds the credentials it records here; "
                                                 "it lists achievements without the credentials that award them, "
                                                 "so none can be counted"))
        raise CredentialError(held_where, N_("missing: a ClrCredential holds the credentials it records here"))
    held = _objects(subject.get("verifiableCredential"), held_where, N_("a credential"))
    _check_count(held, where)
    definitions: dict[str, list[Alignment]] = {}
    listed_where = _at(subject_where, "achievement")
    for index, achievement in enumerate(_objects(subject.get("achievement"), listed_where, N_("an Achievement"))):
        at = f"{listed_where}[{index}]" if isinstance(subject.get("achievement"), list) else listed_where
        achievement_id = _reference(achievement.get("id"), f"{at}.id")
        if achievement_id:
            definitions[achievement_id] = _alignments(achievement.get("alignment"), f"{at}.alignment")
    same_as: dict[str, list[str]] = {}
    for index, association in enumerate(_objects(subject.get("association"), _at(subject_where, "association"),
                                                 N_("an Association"))):
        at = f"{_at(subject_where, 'association')}[{index}]"
        kind = _text(association.get("associationType"), f"{at}.associationType")
        source = _reference(association.get("sourceId"), f"{at}.sourceId")
        target = _reference(association.get("targetId"), f"{at}.targetId")
        if kind == "exactMatchOf" and source and target:
            same_as.setdefault(source, []).append(target)
            same_as.setdefault(target, []).append(source)
    record = _text(obj.get("name"), _at(where, "name"))
    found = []
    for index, item in enumerate(held):
        item_where = f"{held_where}[{index}]"
        if not (_types(item, item_where) & BADGE_TYPES):
            raise CredentialError(item_where, N_("not an OpenBadgeCredential or AchievementCredential"))
        found.append(_read_badge(item, item_where, definitions=definitions, same_as=same_as, record=record))
    return found


# ---- fields -----------------------------------------------------------------------------

def _issuer(value: object, where: str) -> tuple[str | None, str | None]:
    if value is None:
        raise CredentialError(where, N_("missing: a credential names its issuer"))
    if isinstance(value, str):
        return None, _reference(value, where)
    issuer = _object(value, where, N_("the issuer's Profile (an object) or its address"))
    return _text(issuer.get("name"), f"{where}.name"), _reference(issuer.get("id"), f"{where}.id")


def _issued(obj: dict, where: str) -> date | None:
    for key in ("validFrom", "issuanceDate", "awardedDate"):
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise CredentialError(_at(where, key), N_("must be a date and time such as 2024-05-01T00:00:00Z"))
        try:
            return datetime.fromisoformat(value.strip()).date()
        except ValueError:
            raise CredentialError(_at(where, key), N_("not a date and time such as 2024-05-01T00:00:00Z")) from None
    return None


def _alignments(value: object, where: str) -> list[Alignment]:
    if value is None:
        return []
    entries = value if isinstance(value, list) else [value]
    if len(entries) > MAX_ALIGNMENTS:
        raise CredentialError(where, N_("{count} alignments: at most {limit} are read"), count=len(entries),
                              limit=MAX_ALIGNMENTS)
    out = []
    for index, entry in enumerate(entries):
        at = f"{where}[{index}]" if isinstance(value, list) else where
        entry = _object(entry, at, N_("an Alignment (an object with targetName and targetUrl)"))
        out.append(Alignment(
            target_name=_text(entry.get("targetName"), f"{at}.targetName"),
            target_url=_reference(entry.get("targetUrl"), f"{at}.targetUrl"),
            target_code=_reference(entry.get("targetCode"), f"{at}.targetCode"),
            target_framework=_text(entry.get("targetFramework"), f"{at}.targetFramework"),
            target_type=_text(entry.get("targetType"), f"{at}.targetType"),
        ))
    return out


def _types(obj: object, where: str) -> set[str]:
    if not isinstance(obj, dict):
        return set()
    value = obj.get("type")
    if value is None:
        return set()
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str) for v in values):
        raise CredentialError(_at(where, "type"), N_("must be a name or a list of names"))
    return {v.strip() for v in values}


def _text(value: object, where: str) -> str | None:
    """A name or a label: one line, at most ``MAX_TEXT`` characters."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise CredentialError(where, N_("must be text"))
    text = " ".join(clean_text(value, 4 * MAX_TEXT).split())
    return (text[:MAX_TEXT - 1] + "…" if len(text) > MAX_TEXT else text) or None


def _reference(value: object, where: str) -> str | None:
    """An id, an address or a code: kept whole, so it is refused rather than cut when too long."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise CredentialError(where, N_("must be text (an id or an address)"))
    value = value.strip()
    if len(value) > MAX_REFERENCE:
        raise CredentialError(where, N_("longer than {limit} characters"), limit=MAX_REFERENCE)
    return value or None


def _object(value: object, where: str, what: str, *, list_reason: str | None = None) -> dict:
    if value is None:
        raise CredentialError(where, N_("missing: expected {what}"), what=what)
    if isinstance(value, list) and list_reason:
        raise CredentialError(where, list_reason)
    if not isinstance(value, dict):
        raise CredentialError(where, N_("expected {what}, found {kind}"), what=what, kind=_kind(value))
    return value


def _objects(value: object, where: str, what: str) -> list[dict]:
    if value is None:
        return []
    items: list = value if isinstance(value, list) else [value]
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            at = f"{where}[{index}]" if isinstance(value, list) else where
            raise CredentialError(at, N_("expected {what} (an object), found {kind}"), what=what, kind=_kind(item))
    return items


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return N_("true or false")
    return {str: N_("text"), int: N_("a number"), float: N_("a number"), list: N_("a list"),
            dict: N_("an object")}.get(type(value), N_("nothing") if value is None else N_("a value"))


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


# ---- limits -----------------------------------------------------------------------------

def _check_size(value: object, root: str) -> None:
    """Depth and (roughly) bytes of decoded JSON, walked without recursion."""
    size, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise CredentialError(root, N_("nested more than {limit} levels deep"), limit=MAX_DEPTH)
        if isinstance(node, dict):
            size += 2 + sum(len(k) + 4 for k in node)
            stack += [(v, depth + 1) for v in node.values()]
        elif isinstance(node, list):
            size += 2 + len(node)
            stack += [(v, depth + 1) for v in node]
        elif isinstance(node, str):
            size += len(node) + 2
        else:
            size += 8
        if size > MAX_CREDENTIAL_BYTES:
            raise CredentialError(root, N_("too large: at most {limit} MB of credentials can be read at once"),
                                  limit=MAX_CREDENTIAL_BYTES // 1_000_000)


def _check_count(found: list, root: str) -> None:
    if len(found) > MAX_CREDENTIALS:
        raise CredentialError(root, N_("more than {limit} credentials: at most {limit} can be read at once"),
                              limit=MAX_CREDENTIALS)
