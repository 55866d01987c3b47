"""Personal details taken out of learner text before it is stored or shown to anyone else.

Every piece of learner text that leaves the conversation passes through ``redact``: the
question log (question, topic, feedback comment), the advisor summary (goal, background, last
questions) and so every export made from them. Each kind of detail is replaced by a label in
square brackets, so a reader still sees that something was said. What it finds is written as
people write it, not as forms ask for it, and is found by its kind rather than by a list of
examples: emails with "(at)" and "dot", phone numbers with any separator, extensions and
country codes, identity numbers of every shape (SIN with any separator, cards, Quebec health
cards as four letters and eight digits, passports as "AB 123456", licences), postal codes,
street addresses by their shape (a number, the street's name, one of Canada Post's street
types in either language), IP addresses, dates of birth in any common format after a word
that says so, social profiles and handles (linkedin.com/in/..., @name), IBANs in any case and
spacing, and names a learner gives ("my name is jane doe", "name: ...", "je m'appelle...",
"I'm First Last"). Text is normalised first (NFKC), so an address written in full-width
letters is found like any other.

It errs on the side of removing: a long run of digits is taken out whatever it is, while
amounts ($1,250), years (2027), lengths ("12 weeks") and program ids (HV-DAT101) stay.

Hostile input cannot make it slow: every pattern runs in time linear in the text (runs are
bounded or possessive, candidates are tokens tested in code), and ``redact`` first cuts text
longer than ``MAX_REDACT_CHARS`` to that length, ending it with "…". The cut also drops the
last word and any digits just before it, so a detail cut in two leaves no readable part.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from knowledge_base.text import STOPWORDS, clean_text, fold

MAX_REDACT_CHARS = 4_000

_DASH = r"[\-\u2010-\u2015\u2212]"  # hyphen, en and em dashes, minus
_SEP = rf"(?:[\s.()/]|{_DASH}){{0,3}}"
_SP = r"[^\S\n]"  # a space on the same line
_BRACKET_AT = r"\s{0,3}[\(\[\{<]\s{0,3}(?:at|arobase)\s{0,3}[\)\]\}>]\s{0,3}"
_WORD_AT = r"\s{1,3}(?:at|arobase)\s{1,3}"
_BRACKET_DOT = r"\s{0,3}[\(\[\{<]\s{0,3}(?:dot|point)\s{0,3}[\)\]\}>]\s{0,3}"
_WORD_DOT = r"\s{1,3}(?:dot|point)\s{1,3}"
_ANY_DOT = rf"(?:\.|{_BRACKET_DOT}|{_WORD_DOT})"
_SPELT_DOT = rf"(?:{_BRACKET_DOT}|{_WORD_DOT})"
_LOCAL = r"[\w.+-]{1,64}"  # an email's local part is at most 64 characters, a domain label 63
_LABEL = r"[\w-]{1,63}"
# Not inside a longer number or word, and not an amount ($1,250) or a decimal (3.11).
_BEFORE = r"(?<![\w$€£¥])(?<!\d[.,])"
_AFTER = r"(?![.,]?\d)(?!\w)"
_ALONE_BEFORE, _ALONE_AFTER = r"(?<![^\W_])", r"(?![^\W_])"  # not inside a longer word or number

_MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|"
          r"apr|jun|jul|aug|sept?|oct|nov|dec|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|"
          r"octobre|novembre|d[ée]cembre|janv|f[ée]vr?|avr|juil)")
_DAY = r"\d{1,2}(?:st|nd|rd|th|er|e)?"
_DATE = (rf"(?:\d{{1,4}}(?:\s?[./\-]\s?|\s)\d{{1,2}}(?:\s?[./\-]\s?|\s)\d{{2,4}}"  # 03/03/1985, 1985-03-03
         rf"|{_DAY}(?:\s{{1,3}}of)?\s{{1,3}}{_MONTH}\b\.?(?:,?\s{{1,3}}\d{{2,4}})?"  # 3 mars 85, 14th of July 1990
         rf"|{_MONTH}\b\.?\s{{1,3}}{_DAY}(?:,?\s{{1,3}}\d{{2,4}})?)(?![\d/])")  # March 3rd, 1985

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # Emails, also written to dodge harvesters: jo (at) example (dot) com, jo at example dot ca.
    # The local part may spell its dots too (jo[dot]smith[at]...), and a top-level domain is
    # up to 24 letters (.example, .museum, .technology).
    ("email", re.compile(rf"(?<![\w.+-])(?:{_LOCAL}@{_LABEL}(?:\.{_LABEL}){{1,8}}"  # jo@example.ca
                         rf"|{_LOCAL}(?:{_BRACKET_DOT}[\w+-]{{1,64}}){{0,6}}{_BRACKET_AT}{_LABEL}"
                         rf"(?:{_ANY_DOT}{_LABEL}){{0,6}}{_ANY_DOT}[a-z]{{2,24}}\b"  # jo (at) ...
                         # jo at example dot ca
                         rf"|{_LOCAL}(?:{_BRACKET_DOT}[\w+-]{{1,64}}){{0,6}}{_WORD_AT}{_LABEL}"
                         rf"(?:{_ANY_DOT}{_LABEL}){{0,6}}{_SPELT_DOT}[a-z]{{2,24}}\b)", re.I)),
    # Profiles on social and professional sites, and handles (@jane_doe) that are not emails.
    ("profile", re.compile(r"\b(?:https?://)?(?:[\w-]{1,63}+\.)?(?:linkedin\.com/in|facebook\.com|fb\.com|"
                           r"instagram\.com|twitter\.com|x\.com|github\.com|tiktok\.com/@?|t\.me|wa\.me)/"
                           r"[\w.\-%@]{1,100}+/?", re.I)),
    ("handle", re.compile(r"(?<![\w.@])@[a-z0-9_][a-z0-9_.]{1,29}(?<![.])\b", re.I)),
    # IBANs in any case and spacing: a country, two check digits, groups of four (after the
    # first, each with a digit, so a following word is not taken), a last short group.
    ("account number", re.compile(rf"{_ALONE_BEFORE}[a-z]{{2}}\d{{2}}(?:[\s\-]?[a-z0-9]{{4}})"
                                  r"(?:[\s\-]?(?=[a-z]{0,3}\d)[a-z0-9]{4}){1,7}"
                                  rf"(?:[\s\-]?(?=[a-z]{{0,2}}\d)[a-z0-9]{{1,3}})?{_ALONE_AFTER}", re.I)),
    # Web and IP addresses (an IP before the digits below).
    ("ip address", re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])|\b(?:[0-9a-f]{1,4}:){4,7}[0-9a-f]{1,4}\b",
                              re.I)),
    # Canadian postal codes: A1A 1A1.
    ("postal code", re.compile(r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][\s-]?\d[ABCEGHJ-NPRSTV-Z]\d\b", re.I)),
    # Dates of birth: a date in any common format after a word that says it is one. A year
    # alone ("born in 1985", "né en 1985") is not a date of birth and stays.
    ("date of birth", re.compile(
        r"\b(?:born|n[ée]e?(?:\(e\))?|d\.?o\.?b\.?|date\s{1,3}of\s{1,3}birth|birth\s?date|birthday|b-?day"
        r"|date\s{1,3}de\s{1,3}naiss(?:ance|\.)?|naissance|ddn)"
        rf"(?:\s{{0,3}}(?:(?:is|was|on|the|est|le|c['’]est)\b|[:=\-]))*+\s{{0,3}}{_DATE}", re.I)),
    # Quebec health cards: four letters and eight digits, the digits a date (YYMMDD + 2, the
    # month plus 50 for women), any separators. Ontario's: ten digits and two letters.
    ("health card", re.compile(rf"{_ALONE_BEFORE}([^\W\d_]{{4}})[\s.\-]?(\d{{4}})[\s.\-]?(\d{{4}}){_ALONE_AFTER}"
                               rf"|{_ALONE_BEFORE}\d{{4}}[\s.\-]?\d{{3}}[\s.\-]?\d{{3}}[\s.\-]?(?-i:[A-Z]{{2}})"
                               rf"{_ALONE_AFTER}", re.I)),
    # Passports: one or two capitals and six to eight digits, spaced or not (AB 123456), but not
    # a currency (CA 120000); in any case after the word passport.
    ("passport", re.compile(rf"(?P<lead>\bpass(?:e?port)s?\b(?:{_SP}{{0,3}}(?:(?:number|no|num[ée]ro|is|"
                            rf"est|le|c['’]est)\b|n°|[.:#]))*+{_SP}{{0,3}})[a-z]{{1,2}}[\s.\-]?\d(?:[\s\-]?\d){{5,7}}+"
                            rf"{_ALONE_AFTER}"
                            rf"|{_ALONE_BEFORE}(?!(?-i:CA|US)\b)(?-i:[A-Z]{{1,2}})[\s\-]?\d(?:[\s\-]?\d){{5,7}}+{_ALONE_AFTER}",
                            re.I)),
    # Identity numbers mixing letters and digits: passports (AB123456), health cards
    # (1234-567-890-AB), licences (A1234-56789-01234). At least five digits in one token; a
    # token is read whole, once (possessive), from its first character only.
    ("id number", re.compile(rf"(?<![a-z0-9])(?<![a-z0-9]{_DASH})[a-z0-9]++(?:{_DASH}[a-z0-9]++)*+", re.I)),
    # Phone numbers of any country and shape, with an extension: and any other long run of
    # digits (SIN, card and account numbers): nine digits or more, whatever separates them.
    ("number", re.compile(
        rf"{_BEFORE}(?:\+|00)?\(?\d(?:{_SEP}\d){{8,18}}(?:,?\s{{0,3}}(?:ext|x|poste|p)\.?\s{{0,3}}\d{{1,6}})?{_AFTER}",
        re.I)),
    # North American numbers of seven digits with separators: 555-0199, 555 0199.
    ("phone", re.compile(rf"{_BEFORE}\d{{3}}(?:{_DASH}|\.|\s)\d{{4}}"
                         rf"(?:,?\s{{0,3}}(?:ext|x|poste)\.?\s{{0,3}}\d{{1,6}})?{_AFTER}", re.I)),
]


def _number_label(match: re.Match[str]) -> str:
    """A long run of digits: a phone number when it is written as one (a country code, an
    extension, or the ten or eleven digits of a North American number), else a number."""
    found = match.group(0)
    digits = sum(ch.isdigit() for ch in found)
    if found.startswith(("+", "00")) or re.search(r"[a-z]", found, re.I) or digits in (10, 11):
        return "[phone]"
    return "[number]"


def _id_label(match: re.Match[str]) -> str:
    token = match.group(0)
    digits = sum(ch.isdigit() for ch in token)
    return "[id number]" if digits >= 5 and any(ch.isalpha() for ch in token) else token


def _iban_label(match: re.Match[str]) -> str:
    """An IBAN when its check digits hold (ISO 13616, mod 97) or it has at least ten digits."""
    compact = re.sub(r"[\s\-]", "", match.group(0)).upper()
    rearranged = "".join(str(int(ch, 36)) for ch in compact[4:] + compact[:4]) if compact.isascii() else "0"
    if int(rearranged) % 97 == 1 or sum(ch.isdigit() for ch in compact) >= 10:
        return "[account number]"
    return match.group(0)


def _health_card_label(match: re.Match[str]) -> str:
    letters, first, second = match.group(1, 2, 3)
    if letters is None:  # Ontario's shape
        return "[id number]"
    month, day = int(first[2:]), int(second[:2])
    if fold(letters) in STOPWORDS or not (1 <= month % 50 <= 12 and month < 63 and 1 <= day <= 31):
        return match.group(0)
    return "[id number]"


def _passport_label(match: re.Match[str]) -> str:
    return f"{match.group('lead') or ''}[id number]"


# ---- Street addresses, read as tokens after a number ------------------------------------
# Street types from Canada Post's Addressing Guidelines, "Street type" table (canadapost.ca,
# Postal Guide, Addressing Guidelines, appendix), English and French, with their abbreviations.
# Those that are also everyday words count only when the whole address is capitalised.
_STRONG_TYPES = frozenset("""street st avenue ave av road rd boulevard blvd boul drive dr lane ln crescent cres crois
terrace terr tsse parkway pkwy pky highway hwy expressway expy freeway fwy quay quai esplanade espl promenade prom
autoroute sideroad townline tline wynd crt cir circt gdns hts ch chemin cdcs cul-de-sac bypass by-pass byway
concession conc rte sq""".split())
_WEAK_TYPES = frozenset("""abbey acres alley bay beach bend cape chase circle circuit close common
corners court cove crossing dale dell diversion downs end estates extension farm field forest front gardens gate glade
glen green grounds grove harbour heath heights highlands hill hollow inlet island key knoll landing limits
lookout loop mall manor maze meadow mews moor mount mountain orchard parade park pk passage pines place pl plateau
plaza port private ramp range ridge rise route row run square towers trail turnabout vale via view village villas vista
walk way wharf wood""".split())
# Left out: Canada Post types that name courses more often than streets here (Centre, Campus,
# Path, Pathway, Point, Line, Link: "3 Data Analytics Pathway courses", "Excel 365 Power Point").
# French types come before the name ("rue Saint-Denis"); the second set are everyday words too.
_FRENCH_TYPES = frozenset("""rue boulevard boul bd blvd avenue av ave chemin ch montée montee côte cote impasse imp
allée allee ruelle rle rang rg autoroute promenade prom terrasse tsse sentier sent quai rond-point rdpt esplanade espl
croissant crois route rte""".split())
_FRENCH_WEAK_TYPES = frozenset("""place parc passage pointe cercle carré carre plateau cour concession île ile voie
carrefour échangeur echangeur""".split())
_ANY_FRENCH_TYPE = _FRENCH_TYPES | _FRENCH_WEAK_TYPES
_PARTICLES = frozenset("de du des la le les of the".split())
_DIRECTIONS = frozenset("north south east west n s e w ne nw se sw est ouest nord sud".split())
_SPELT_DIRECTIONS = frozenset("north south east west ouest nord sud".split())
# A number that could start an address: not an amount, a decimal, a time or part of a longer one.
# A civic number, or a unit and civic number ("12-4410 Lakeshore Blvd W").
_HOUSE_NUMBER = re.compile(r"(?<![\w$€£¥.,:/\-])(?:\d{1,5}[\-–])?\d{1,6}[a-z]?(?![\w.,:/\-]?\d)(?![\w'’\-])", re.I)
_STREET_WORD = re.compile(rf"{_SP}{{1,3}}([^\W\d_][\w'’\-]{{0,39}}+)(?![\w'’\-])")
_FIRST_STREET_WORD = re.compile(rf"(?:{_SP}{{0,3}},)?{_STREET_WORD.pattern}")  # 12, montée Saint-Michel
_UNIT = re.compile(rf",?{_SP}{{0,3}}(?:apt|apartment|appt|app|appartement|unit|suite|bureau|#)"
                   rf"{_SP}{{0,3}}\.?{_SP}{{0,3}}\d{{1,6}}[a-z]?(?!\w)", re.I)


def _abbreviation_stop(text: str, word: tuple[str, int]) -> int:
    """1 when a full stop after ``word`` belongs to it ("boul.", "St.", "W."), else 0: a longer
    word's full stop ends the sentence and stays."""
    return int(text.startswith(".", word[1]) and len(word[0]) <= 4)


def _address_end(text: str, start: int) -> int | None:
    """Where the street address beginning with the number that ends at ``start`` ends, if it is one."""
    words: list[tuple[str, int]] = []  # each word and where it ends
    position = start
    while len(words) < 6 and (word := (_STREET_WORD if words else _FIRST_STREET_WORD).match(text, position)):
        words.append((word.group(1), word.end()))
        position = word.end() + _abbreviation_stop(text, words[-1])
    if not words:
        return None
    folded = [fold(w) for w, _ in words]
    end = _french_order(words, folded) if folded[0] in _ANY_FRENCH_TYPE else \
        _english_order(words, folded)
    if end is None:
        return None
    last = next(i for i, (_, e) in enumerate(words) if e == end)
    if last + 1 < len(words) and folded[last + 1] in _DIRECTIONS \
            and (words[last + 1][0][0].isupper() or folded[last + 1] in _SPELT_DIRECTIONS):  # lowercase "est" is "is"
        last += 1
    end = words[last][1] + _abbreviation_stop(text, words[last])
    unit = _UNIT.match(text, end)
    return unit.end() if unit else end


def _english_order(words: list[tuple[str, int]], folded: list[str]) -> int | None:
    """42 Maple Grove, 12 Wellington Street, 10 Downing St: one to four words, then a type."""
    for i in range(1, min(len(words), 5)):
        before = folded[:i]
        if any(w in STOPWORDS for w in before):
            return None
        kind = folded[i]
        capitalised = all(w[0].isupper() for w, _ in words[: i + 1])
        if kind in _STRONG_TYPES or (kind in _WEAK_TYPES and capitalised):
            return words[i][1]
    return None


def _french_order(words: list[tuple[str, int]], folded: list[str]) -> int | None:
    """7 chemin du Lac, 3450 rue Saint-Urbain, 221 avenue des Pins: a type, then the name."""
    i = 1
    while i < len(words) and folded[i] in _PARTICLES:
        i += 1
    if i >= len(words) or folded[i] in STOPWORDS:
        return None
    if folded[0] in _FRENCH_WEAK_TYPES and not words[i][0][0].isupper():
        return None
    end, i = words[i][1], i + 1
    while i < len(words) and (words[i][0][0].isupper() or folded[i] in _PARTICLES):
        if words[i][0][0].isupper() and folded[i] not in _DIRECTIONS:
            end = words[i][1]
        elif folded[i] in _DIRECTIONS:
            break
        i += 1
    return end


def _addresses(text: str) -> str:
    out, position = [], 0
    for number in _HOUSE_NUMBER.finditer(text):
        if number.start() < position:
            continue
        end = _address_end(text, number.end())
        if end is not None:
            out += [text[position:number.start()], "[address]"]
            position = end
    return "".join(out) + text[position:]


# ---- Names a learner gives ------------------------------------------------------------------
# After a self-introduction the name is taken in any case ("my name is jane doe"); after a
# sign-off or "name is" only when capitalised ("thanks, Priya", not "thanks again").
_ANY_CASE_LEAD = re.compile(r"\b(?:my name is|my name's|i am called|i['’]m called|call me|je m['’]appelle|"
                            r"mon nom est|moi c['’]est|(?:full |first |last )?name\s{0,3}:|(?:pr[ée])?nom\s{0,3}:)"
                            r"(?![\w'’])\s{0,3},?", re.I)
_CAPITAL_LEAD = re.compile(r"\b(?:name is|signed|regards|cheers|thanks|thank you|merci|sincerely|cordialement|"
                           r"salutations|bien [àa] vous|[àa] bient[ôo]t)(?![\w'’])\s{0,3},?", re.I)
_NAME_WORD = re.compile(r"\s{0,3}([^\W\d_]++(?:['’\-][^\W\d_]++)*+)(?![\w'’\-])")
_NAME_WORDS_MAX = 3
_NOT_NAMES = frozenset("""I Im I'm A An The This That Hi Hello Bonjour Ok Okay Yes No Thanks Merci Online
Beaucoup So Much Again Stackwise
Ontario Quebec Québec Alberta Manitoba Saskatchewan Canada BC Toronto Montreal Montréal Vancouver Ottawa Calgary
Edmonton Winnipeg Halifax Nova Scotia New Brunswick British Columbia Prince Edward Island Newfoundland""".split())
_FOLDED_NOT_NAMES = frozenset(fold(w) for w in _NOT_NAMES)
# Words that follow "call me", "moi c'est"... without being a name (folded).
_NOT_NAME_WORDS = frozenset("""looking interested trying hoping wondering planning thinking currently here back
tomorrow today tonight anytime anyway later maybe asap soon sometime whenever anything nothing please thanks
monday tuesday wednesday thursday friday saturday sunday morning evening afternoon night weekend weekends
nurse student teacher cashier welder driver mom dad mother father parent newcomer immigrant retired unemployed
french english canadian tired ready curious not nobody anonymous unknown irrelevant important private confidential
secret sure fine okay ok yes yeah hi hello
plutot pareil pareille surtout vraiment juste simple infirmier infirmiere etudiant etudiante interesse interessee
nouveau nouvelle maman papa immigrante retraite retraitee personne anonyme confidentiel prive privee ici demain
bientot lundi mardi mercredi jeudi vendredi samedi dimanche matin soir oui bon""".split())


def _is_name_word(word: str, *, any_case: bool) -> bool:
    folded = fold(word)
    if folded in STOPWORDS or folded in _FOLDED_NOT_NAMES or word in _NOT_NAMES:
        return False
    return folded not in _NOT_NAME_WORDS if any_case else word[0].isupper()


def _name_after(text: str, position: int, *, any_case: bool) -> tuple[int, int] | None:
    """One to three name words right after ``position``, stopping at the first that is not one."""
    start = end = None
    for _ in range(_NAME_WORDS_MAX):
        word = _NAME_WORD.match(text, position)
        if not word or not _is_name_word(word.group(1), any_case=any_case):
            break
        start = word.start(1) if start is None else start
        end = position = word.end()
    return (start, end) if start is not None and end is not None else None


# "I'm ..." introduces a name only when a first and a last name follow, capitalised ("I'm Sarah
# Connor", not "I'm French" nor "I'm looking"): a full name is what identifies someone.
_INTRODUCTION = re.compile(r"\b(?:i'?m|i am|im|je suis|moi|c'est moi)\s{1,3}", re.I)
_FULL_NAME = re.compile(r"[A-ZÀ-Ý][a-zà-ÿ'’]{1,40}+(?:-[A-ZÀ-Ý][a-zà-ÿ'’]{1,40}+)?"
                        r"(?:\s{1,3}[A-ZÀ-Ý][\w'’]{0,40}+(?:-[A-ZÀ-Ý][\w'’]{1,40}+)?){1,2}+(?![\w'’-])")


def name_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` gives a name: after "my name is", "nom :", "je m'appelle", a sign-off,
    or a full name after "I'm"."""
    candidates: list[tuple[int, int]] = []
    for leads, any_case in ((_ANY_CASE_LEAD, True), (_CAPITAL_LEAD, False)):
        for lead in leads.finditer(text):
            if span := _name_after(text, lead.end(), any_case=any_case):
                candidates.append(span)
    for lead in _INTRODUCTION.finditer(text):
        name = _FULL_NAME.match(text, lead.end())
        if name and name.group(0).split()[0] not in _NOT_NAMES and not _has_common_words(name.group(0)):
            candidates.append(name.span())
    # Earlier kinds of lead win where two overlap; marking what is taken keeps this linear.
    taken, spans = bytearray(len(text)), []
    for start, end in candidates:
        if taken.find(1, start, end) == -1:
            taken[start:end] = b"\x01" * (end - start)
            spans.append((start, end))
    return sorted(spans)


def _has_common_words(name: str) -> bool:
    """A capitalised phrase with a word such as "For" or "Toronto" in it is not a full name."""
    return any(fold(w) in STOPWORDS or w in _NOT_NAMES for w in re.split(r"[\s-]+", name))


def _names(text: str) -> str:
    out, position = [], 0
    for start, end in name_spans(text):
        out += [text[position:start], "[name]"]
        position = end
    return "".join(out) + text[position:]


def _substitution(pattern: re.Pattern[str], replacement: str | Callable[[re.Match[str]], str]) -> Callable[[str], str]:
    return lambda text: pattern.sub(replacement, text)


_LABELLERS: dict[str, Callable[[re.Match[str]], str]] = {
    "number": _number_label, "id number": _id_label, "account number": _iban_label,
    "health card": _health_card_label, "passport": _passport_label}
# Each step in order: a pattern with its label (or a function that decides it), or a reader.
_STEPS: list[Callable[[str], str]] = [
    _substitution(pattern, _LABELLERS.get(label, f"[{label}]")) for label, pattern in _PATTERNS]
_STEPS.insert(next(i for i, (label, _) in enumerate(_PATTERNS) if label == "id number"), _addresses)
_STEPS.append(_names)


def _cut(text: str) -> str:
    """``text`` cut to ``MAX_REDACT_CHARS``, without the word cut in two nor the digits just
    before it (a phone number or an address cut at the limit would no longer look like one)."""
    kept = text[:MAX_REDACT_CHARS].rsplit(None, 1)[0] if len(text) > MAX_REDACT_CHARS else text
    if len(kept) == len(text):
        return text
    for _ in range(8):
        head, _, last = kept.rstrip().rpartition(" ")
        if not head or not re.search(r"[\d@]", last):
            break
        kept = head
    return kept.rstrip() + " …"


def _scrub(text: str) -> str:
    """Every step over the whole of ``text``, however long (``redact`` cuts it first)."""
    for step in _STEPS:
        text = step(text)
    return text


def redact(text: str) -> str:
    """``text`` with personal details replaced by ``[email]``, ``[phone]``, ``[name]``...;
    longer than ``MAX_REDACT_CHARS``, cut to that length first and ended with "…"."""
    if not text:
        return text
    return _scrub(_cut(clean_text(text)))
