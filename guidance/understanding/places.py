"""Where the learner asks programs to be, and where they live, read against the places the
catalogue's own programs are in.

The places a learner can ask for are the catalogue's regions (a county, a state, a province),
under the names people use for them: the region as the export writes it and, where it is a
subdivision of a country (ISO 3166-2, from pycountry), its full name, its code and its French
name ("SA" and "South Australia"; "Nova Scotia", "NS" and "Nouvelle-Écosse"). A place attached
to the request ("in salem county", "pm course bc??", "only in Alberta", "cdl training in
union county or essex county") is a requirement on every program. A place said as where the learner lives
("I live in Alberta") keeps in-person programs there (online ones stay in); a city said in
passing ("we are in Halifax now", "I live outside Truro") only ranks programs near it first: it
is never a filter, and never shown back as one.
"""
from __future__ import annotations

import gettext
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry
from rapidfuzz import fuzz, process

from knowledge_base.schema import CANADA_WIDE
from knowledge_base.text import STOPWORDS, fold

Span = tuple[int, int]

# Cities and towns of Canada's provinces: where a learner says they live, for ranking nearby
# programs first. They never make a requirement (a city is not a catalogue region).
CITIES: dict[str, tuple[str, ...]] = {
    "Ontario": ("toronto", "ottawa", "hamilton", "mississauga", "london ontario", "kitchener", "waterloo", "windsor",
                "sudbury", "thunder bay", "kingston", "barrie", "brampton", "markham", "scarborough", "oshawa",
                "guelph", "niagara", "peterborough", "gta"),
    "Quebec": ("montreal", "laval", "gatineau", "sherbrooke", "trois rivieres", "saguenay", "longueuil", "levis",
               "rimouski", "quebec city", "ville de quebec"),
    "British Columbia": ("vancouver", "victoria bc", "surrey", "burnaby", "kelowna", "kamloops", "prince george",
                         "nanaimo", "richmond bc", "abbotsford"),
    "Alberta": ("calgary", "edmonton", "red deer", "lethbridge", "fort mcmurray", "medicine hat", "grande prairie"),
    "Saskatchewan": ("saskatoon", "regina", "moose jaw", "prince albert"),
    "Manitoba": ("winnipeg", "brandon"),
    "Nova Scotia": ("halifax", "dartmouth", "sydney ns", "truro", "cape breton"),
    "New Brunswick": ("moncton", "fredericton", "saint john"),
    "Newfoundland and Labrador": ("st john's", "st johns"),
    "Prince Edward Island": ("charlottetown",),
    "Yukon": ("whitehorse",),
    "Northwest Territories": ("yellowknife",),
    "Nunavut": ("iqaluit",),
}
# Short forms people write in lower case for Canada's provinces (postal and older ones).
LOWERCASE_CODES = {"bc": "CA-BC", "qc": "CA-QC", "ns": "CA-NS", "nb": "CA-NB", "sk": "CA-SK", "mb": "CA-MB",
                   "nl": "CA-NL", "pei": "CA-PE", "nwt": "CA-NT", "ont": "CA-ON", "alta": "CA-AB",
                   "sask": "CA-SK", "nfld": "CA-NL"}
# Values an export uses for "no place" or "anywhere": never asked for by name.
_NOT_PLACES = {fold(CANADA_WIDE), "select one", "none", "n/a", "na", "other", "unknown", "various", "national",
               "out of state", "online"}
# A noun after a name that says it is a place ("salem county", "morris cnty").
_PLACE_NOUN = re.compile(r"\s*(?:county|counties|cnty|cty|co\b\.?|state|province|region|area|territory|district|"
                         r"parish|shire|comte|region)\b")
_JOINED = re.compile(r"^\s*(?:,|or|and|ou|et|/|&)\s*$")  # "union county or essex county": one request, two places
_WORD = re.compile(r"[a-z][a-z']{5,}")

# A few words before a place that say the learner lives or works there, or came from there.
_RESIDENCE = re.compile(
    r"\b(?:live|living|lives|lived|reside|residing|based|moved|moving|move|relocat\w*|from|arrived|came|come|"
    r"settled|here|we'?re|we are|i'?m|im|i am|chu|je suis|j'?habite|habite|demeure|reste|outside|"
    r"back home|home|grew up|born|stuck)(?:\s+(?:in|at|to|a|au|en|of|the|here|now|just|right|out|up|down|"
    r"over|near|outside|from|downtown|north|south|east|west|rural))*\s*$"
    r"|\b(?:at (?:a|an|the|my|our)|chez) [\w' -]{1,30}\b(?:in|a|au|en)\s*$")
# Words before a place that ask for programs there.
_ASKED = re.compile(
    r"\b(?:only in|just in|somewhere in|anywhere in|must be in|has to be in|needs to be in|what about(?: in)?|"
    r"how about(?: in)?|and in|et (?:en|au|a)|what'?s in|whats in|ou (?:en|au|a)|near|close to|around|"
    r"pres de|proche de|dans (?:le|la|les))\s*$")


@dataclass
class Places:
    required: list[str] = field(default_factory=list)  # every program must be in one of these (or anywhere)
    home: str | None = None  # the region the learner says they live in: in-person programs there
    near: str | None = None  # the region of a city they mention: programs there first, never a filter
    spans: list[Span] = field(default_factory=list)


@lru_cache(maxsize=1)
def _french_names() -> gettext.NullTranslations:
    return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)


@lru_cache(maxsize=1)
def _subdivision_index() -> tuple[dict[str, list], dict[str, list]]:
    """Every ISO 3166-2 subdivision by its folded name and by its code (without the country)."""
    by_name: dict[str, list] = {}
    by_code: dict[str, list] = {}
    for sub in pycountry.subdivisions:
        by_name.setdefault(fold(sub.name), []).append(sub)
        by_code.setdefault(sub.code.split("-", 1)[1], []).append(sub)
    return by_name, by_code


def _subdivisions(regions: list[str]) -> dict[str, str]:
    """For the catalogue's regions that are subdivisions of one country (the country most of
    them belong to), their other names: the full name, the code and the French name, each
    mapped to the region as the catalogue writes it."""
    by_name, by_code = _subdivision_index()
    by_country: Counter[str] = Counter()
    matches: dict[str, list] = {}
    for region in regions:
        subs = by_name.get(fold(region), []) + (by_code.get(region, []) if region.isupper() else [])
        for country in {sub.country_code for sub in subs}:
            by_country[country] += 1
        if subs:
            matches[region] = subs
    if not by_country:
        return {}
    country, count = by_country.most_common(1)[0]
    if count < 2 or count * 2 < len(regions):
        return {}  # a few regions that happen to share subdivisions' names ("Essex", "Camden") say nothing
    french = _french_names()
    names: dict[str, str] = {}
    as_codes = all(region.isupper() for region in matches)  # the export writes "SA", not "South Australia"
    for sub in pycountry.subdivisions.get(country_code=country) or []:
        code = sub.code.split("-", 1)[1]
        # A subdivision with no program here is still a place a learner can ask for: asked for,
        # nothing fits, and the reply says so.
        region = next((r for r, subs in matches.items() if sub in subs), code if as_codes else sub.name)
        for alias in (sub.name, code, french.gettext(sub.name)):
            names.setdefault(alias, region)
    return names


class PlaceReader:
    """Reads places against one catalogue's regions (``regions``; ``words``: the words of its
    titles, so that a code that is also a word, such as "ACT", is read only in capitals)."""

    def __init__(self, regions: Iterable[str], words: Iterable[str] = ()):
        known = sorted({r for r in regions if r and fold(r) not in _NOT_PLACES and re.search(r"[a-z]", fold(r))})
        aliases = {**{r: r for r in known}, **_subdivisions(known)}
        common = set(words) | set(STOPWORDS)
        self._common = common
        self.names: dict[str, str] = {}  # folded name, matched in any case -> region
        self.codes: dict[str, str] = {}  # short code, matched in capitals only -> region
        for alias, region in aliases.items():
            folded = fold(alias)
            short = len(folded) <= 3 and " " not in folded
            if short and (alias.isupper() or folded in common):
                self.codes[alias.upper()] = region
                if len(folded) == 3 and (folded not in common or not re.search(r"[aeiou]", folded)):
                    self.names[folded] = region  # "nsw", "qld": no word a learner writes otherwise
            else:
                self.names[folded] = region
        for lower, code in LOWERCASE_CODES.items():
            sub = pycountry.subdivisions.get(code=code)
            province = self.names.get(fold(sub.name)) if sub is not None else None
            if province is not None:
                self.names.setdefault(lower, province)
        self.cities = {city: self.names[fold(p)] for p, cities in CITIES.items() if fold(p) in self.names
                       for city in cities}
        self._pattern = _alternatives(self.names)
        self._code_pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(self.codes, key=len, reverse=True)))
                                        + r")\b") if self.codes else None
        self._city_pattern = _alternatives(self.cities)
        self._long = [n for n in [*self.names, *self.cities] if len(n) >= 7 and " " not in n]

    def _found(self, text: str, original: str | None) -> list[tuple[int, int, str, bool]]:
        """(start, end, region, is a city) for each place in ``text`` (folded)."""
        found = [(m.start(), m.end(), self.names[m.group(1)], False) for m in self._pattern.finditer(text)] \
            if self._pattern else []
        if self._code_pattern is not None and original is not None:
            found += [(m.start(), m.end(), self.codes[m.group(1)], False) for m in self._code_pattern.finditer(original)
                      if text[m.start():m.end()].strip()]
        found = [f for i, f in enumerate(found) if not any(g[0] < f[1] and f[0] < g[1] for g in found[:i])]
        taken = [(s, e) for s, e, _, _ in found]
        if self._city_pattern is not None:
            found += [(m.start(), m.end(), self.cities[m.group(1)], True) for m in self._city_pattern.finditer(text)
                      if not any(s < m.end() and m.start() < e for s, e in taken)]
        taken = [(s, e) for s, e, _, _ in found]
        for match in _WORD.finditer(text):  # a misspelt long name ("missisauga", "queensland")
            if any(s <= match.start() < e for s, e in taken) or match.group(0) in STOPWORDS:
                continue
            best = process.extractOne(match.group(0), self._long, scorer=fuzz.ratio, score_cutoff=88)
            if best:
                name = best[0]
                found.append((match.start(), match.end(), self.names.get(name) or self.cities[name],
                              name not in self.names))
            elif (region := self._diminutive(match.group(0))) is not None:
                found.append((match.start(), match.end(), region, False))
        return sorted(found)

    def _diminutive(self, word: str) -> str | None:
        """The region a pet name stands for: the start of its name with -ie, -y or -o ("tassie" for
        Tasmania, "newfie" for Newfoundland), when one region's name starts so and the word is no
        word of the catalogue's."""
        match = re.fullmatch(r"([a-z]{3,}?)(?:ie|y|o)", word)
        if match is None or len(word) < 5 or word in self._common:
            return None
        stem = re.sub(r"(.)\1$", r"\1", match.group(1))  # "tass" is "tas"
        regions = {region for name, region in self.names.items()
                   if len(name.split()[0]) >= 7 and name.split()[0].startswith(stem)}
        return regions.pop() if len(regions) == 1 else None

    @staticmethod
    def _plain_word(name: str, original: str | None, start: int) -> bool:
        """A region named by one ordinary word written in lower case ("union", "ocean"): a place
        only when the message says it is one ("in ocean county", "in Ocean")."""
        written = original[start:start + len(name)] if original is not None else name
        return " " not in name and len(name) > 4 and name not in LOWERCASE_CODES and written.islower()

    def read(self, text: str, *, short_request: bool, original: str | None = None) -> Places:
        """Places in ``text`` (folded, other readings blanked); ``original``: the same text as
        written, same length, for codes read in capitals. ``short_request``: the message is a
        request fragment ("psw course ns", "what about Alberta"), where a place is asked for."""
        places = Places()
        previous_required = -1
        for start, end, region, city in self._found(text, original):
            places.spans.append((start, end))
            before = text[max(0, start - 60):start]
            clause = before[max(before.rfind(c) for c in ".;!?\n") + 1:]
            after = text[end:end + 14]
            noun = _PLACE_NOUN.match(after)
            if noun:
                places.spans.append((end, end + noun.end()))
            residence = _RESIDENCE.search(clause)
            if residence and not re.match(r"at |chez", residence.group()):
                # "I live in", "j'habite à": words about where, never part of the aim
                places.spans.append((start - len(clause) + residence.start(), start))
            if city:
                places.near = places.near or region
                continue
            if previous_required >= 0 and _JOINED.match(text[previous_required:start]):
                asked = True
            elif residence:
                asked = False
            else:
                asked = bool(_ASKED.search(clause) or re.search(r"\b(?:only|just|somewhere|anywhere)\b[^,]{0,12}$",
                                                                 clause)
                             or re.match(r"\s*(?:only|\?)", after)
                             or (short_request and (noun is not None or (re.match(r"\s*(?:[,?!.;]|$)", after)
                                                         and not self._plain_word(text[start:end], original, start))))
                             or (re.search(r"\b(?:in|en|au|dans)(?: the)?\s*$", clause)
                                 and (noun is not None or _asks_for_programs(clause)
                                      # a fragment that ends on the place: "and in victoria?"
                                      or (short_request and re.match(r"\s*(?:[,?!.;]|$)", after)))))
            if asked:
                if region not in places.required:
                    places.required.append(region)
                previous_required = end + (noun.end() if noun else 0)
            else:
                places.home = places.home or region
        return places


def _alternatives(names: dict[str, str]) -> re.Pattern[str] | None:
    if not names:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b")


def _asks_for_programs(clause: str) -> bool:
    """A clause that asks for something to study or become, so a place in it is asked for."""
    return bool(re.search(r"\b(?:programs?|courses?|training|options?|anything|something|certificates?|certs?|"
                          r"classes?|school|what|which|any|become|becoming|want|wanna|learn|looking|need|find|study|"
                          r"do|get into|cours|formations?|programmes?|devenir|cherche)\b", clause))
