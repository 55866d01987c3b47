"""Where the learner lives, and where they ask programs to be.

A place said in passing ("we are in Halifax now", "I live outside Truro") is where the
learner lives: in-person and hybrid programs must be within reach, online ones open to
Canada stay in. A place attached to the request ("pm course bc??", "what about in Alberta",
"only in BC", "somewhere in Alberta") is a requirement on every program.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

Span = tuple[int, int]

PROVINCES: dict[str, tuple[str, ...]] = {
    "Ontario": ("ontario", "toronto", "ottawa", "hamilton", "mississauga", "london ontario", "kitchener",
                "waterloo", "windsor", "sudbury", "thunder bay", "kingston", "barrie", "brampton", "markham",
                "scarborough", "oshawa", "guelph", "niagara", "peterborough", "gta"),
    "Quebec": ("quebec", "montreal", "laval", "gatineau", "sherbrooke", "trois rivieres", "saguenay", "longueuil",
               "levis", "rimouski"),
    "British Columbia": ("british columbia", "colombie britannique", "vancouver", "victoria bc", "surrey",
                         "burnaby", "kelowna", "kamloops", "prince george", "nanaimo", "richmond bc", "abbotsford"),
    "Alberta": ("alberta", "calgary", "edmonton", "red deer", "lethbridge", "fort mcmurray", "medicine hat",
                "grande prairie"),
    "Saskatchewan": ("saskatchewan", "saskatoon", "regina", "moose jaw", "prince albert"),
    "Manitoba": ("manitoba", "winnipeg", "brandon"),
    "Nova Scotia": ("nova scotia", "nouvelle ecosse", "halifax", "dartmouth", "sydney ns", "truro", "cape breton"),
    "New Brunswick": ("new brunswick", "nouveau brunswick", "moncton", "fredericton", "saint john"),
    "Newfoundland and Labrador": ("newfoundland", "labrador", "terre neuve", "st john's", "st johns"),
    "Prince Edward Island": ("prince edward island", "ile du prince edouard", "charlottetown"),
    "Yukon": ("yukon", "whitehorse"),
    "Northwest Territories": ("northwest territories", "yellowknife"),
    "Nunavut": ("nunavut", "iqaluit"),
}
# Postal abbreviations: standalone tokens only, and never "on" (a word) or "ab".
ABBREVIATIONS = {"bc": "British Columbia", "qc": "Quebec", "ns": "Nova Scotia", "nb": "New Brunswick",
                 "sk": "Saskatchewan", "mb": "Manitoba", "nl": "Newfoundland and Labrador",
                 "pei": "Prince Edward Island", "nwt": "Northwest Territories", "ont": "Ontario", "alta": "Alberta",
                 "sask": "Saskatchewan", "man": "Manitoba", "nfld": "Newfoundland and Labrador"}

_NAMES = {name: province for province, names in PROVINCES.items() for name in names}
_NAME_PATTERN = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(_NAMES, key=len, reverse=True))
                           + r"|" + "|".join(ABBREVIATIONS) + r")\b")
_WORD = re.compile(r"[a-z][a-z']{5,}")

# A few words before a place that say the learner lives or works there, or came from there.
_RESIDENCE = re.compile(
    r"\b(?:live|living|lives|lived|reside|residing|based|moved|moving|move|relocat\w*|from|arrived|came|come|"
    r"settled|here|we'?re|we are|i'?m|im|i am|chu|je suis|j'?habite|habite|demeure|reste|outside|near|close to|"
    r"around|back home|home|grew up|born|stuck)(?:\s+(?:in|at|to|a|au|en|of|the|here|now|just|right|out|up|down|"
    r"over|near|outside|from|downtown|north|south|east|west|rural))*\s*$"
    r"|\b(?:at (?:a|an|the|my|our)|chez) [\w' -]{1,30}\b(?:in|a|au|en)\s*$")
# Words before a place that ask for programs there.
_ASKED = re.compile(
    r"\b(?:only in|just in|somewhere in|anywhere in|must be in|has to be in|needs to be in|what about(?: in)?|"
    r"how about(?: in)?|and in|et (?:en|au|a)|what'?s in|whats in|ou (?:en|au|a))\s*$")


@dataclass
class Places:
    required: str | None = None  # every program must be there (or open to all of Canada)
    home: str | None = None  # in-person and hybrid programs must be there
    spans: list[Span] = field(default_factory=list)


def _known_places(text: str) -> list[tuple[int, int, str]]:
    found = [(m.start(), m.end(), _NAMES.get(m.group(1)) or ABBREVIATIONS[m.group(1)])
             for m in _NAME_PATTERN.finditer(text)]
    taken = {(s, e) for s, e, _ in found}
    # Misspelt names of provinces and cities ("missisauga", "edmonten"): long words only.
    for match in _WORD.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        best = process.extractOne(match.group(0), _LONG_NAMES, scorer=fuzz.ratio, score_cutoff=88)
        if best:
            found.append((match.start(), match.end(), _NAMES[best[0]]))
    return sorted(found)


_LONG_NAMES = [n for n in _NAMES if len(n) >= 7 and " " not in n]


def read_places(text: str, *, short_request: bool) -> Places:
    """Places in ``text`` (folded). ``short_request``: the message is a request fragment
    ("psw course ns", "what about Alberta"), where a place is asked for, not lived in."""
    places = Places()
    for start, end, province in _known_places(text):
        places.spans.append((start, end))
        before = text[max(0, start - 60):start]
        clause = before[max(before.rfind(c) for c in ".;!?\n") + 1:]
        after = text[end:end + 12]
        if _ASKED.search(clause) or re.search(r"\b(?:only|just|somewhere|anywhere)\b[^,]{0,12}$", clause) \
                or re.match(r"\s*(?:only|\?)", after):
            places.required = province
        elif _RESIDENCE.search(clause):
            places.home = places.home or province
        elif short_request or (re.search(r"\b(?:in|en|au|a|near)\s*$", clause) and _asks_for_programs(clause)):
            places.required = province
        else:
            places.home = places.home or province
    return places


def _asks_for_programs(clause: str) -> bool:
    """A clause that asks for something to study or become, so a place in it is asked for."""
    return bool(re.search(r"\b(?:programs?|courses?|training|options?|anything|something|certificates?|certs?|"
                          r"classes?|what|which|any|become|becoming|want|wanna|learn|looking|need|find|study|do|"
                          r"get into|cours|formations?|programmes?|devenir|cherche)\b", clause))
