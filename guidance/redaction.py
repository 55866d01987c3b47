"""Personal details taken out of learner text before it is stored or shown to anyone else.

Every piece of learner text that leaves the conversation passes through ``redact``: the
question log (question, topic, feedback comment), the advisor summary (goal, background, last
questions) and so every export made from them. Each kind of detail is replaced by a label in
square brackets, so a reader still sees that something was said. What it finds is written as
people write it, not as forms ask for it: emails with "(at)" and "dot", phone numbers with
any separator, extensions and country codes, identity numbers of every shape (SIN, cards,
health cards, passports, licences), postal codes, street addresses, IP addresses, dates of
birth, social profiles and handles (linkedin.com/in/..., @name), IBANs, and names a learner
gives ("my name is...", "name: ...", "je m'appelle...", "I'm First Last"). Text is normalised
first (NFKC), so
an address written in full-width letters is found like any other.

It errs on the side of removing: a long run of digits is taken out whatever it is, while
amounts ($1,250), years (2027), lengths ("12 weeks") and program ids (HV-DAT101) stay.
"""
from __future__ import annotations

import re

from knowledge_base.text import STOPWORDS, clean_text, fold

_DASH = r"[\-\u2010-\u2015\u2212]"  # hyphen, en and em dashes, minus
_SEP = rf"(?:[\s.()/]|{_DASH}){{0,3}}"
_BRACKET_AT = r"\s*[\(\[\{<]\s*(?:at|arobase)\s*[\)\]\}>]\s*"
_WORD_AT = r"\s+(?:at|arobase)\s+"
_BRACKET_DOT = r"\s*[\(\[\{<]\s*(?:dot|point)\s*[\)\]\}>]\s*"
_WORD_DOT = r"\s+(?:dot|point)\s+"
_ANY_DOT = rf"(?:\.|{_BRACKET_DOT}|{_WORD_DOT})"
_SPELT_DOT = rf"(?:{_BRACKET_DOT}|{_WORD_DOT})"
# Not inside a longer number or word, and not an amount ($1,250) or a decimal (3.11).
_BEFORE = r"(?<![\w$€£¥])(?<!\d[.,])"
_AFTER = r"(?![.,]?\d)(?!\w)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # Emails, also written to dodge harvesters: jo (at) example (dot) com, jo at example dot ca.
    # The local part may spell its dots too (jo[dot]smith[at]...), and a top-level domain is
    # up to 24 letters (.example, .museum, .technology).
    ("email", re.compile(rf"(?<![\w.+-])(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # jo@example.ca
                         rf"|[\w.+-]+(?:{_BRACKET_DOT}[\w+-]+)*{_BRACKET_AT}[\w-]+(?:{_ANY_DOT}[\w-]+)*{_ANY_DOT}"
                         rf"[a-z]{{2,24}}\b"  # jo (at) ...
                         # jo at example dot ca
                         rf"|[\w.+-]+(?:{_BRACKET_DOT}[\w+-]+)*{_WORD_AT}[\w-]+(?:{_ANY_DOT}[\w-]+)*{_SPELT_DOT}"
                         rf"[a-z]{{2,24}}\b)", re.I)),
    # Profiles on social and professional sites, and handles (@jane_doe) that are not emails.
    ("profile", re.compile(r"\b(?:https?://)?(?:[\w-]+\.)?(?:linkedin\.com/in|facebook\.com|fb\.com|instagram\.com|"
                           r"twitter\.com|x\.com|github\.com|tiktok\.com/@?|t\.me|wa\.me)/[\w.\-%@]+/?", re.I)),
    ("handle", re.compile(r"(?<![\w.@])@[a-z0-9_][a-z0-9_.]{1,29}(?<![.])\b", re.I)),
    # IBANs: two capitals, two check digits, then groups of letters and digits.
    ("account number", re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b")),
    # Web and IP addresses (an IP before the digits below).
    ("ip address", re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])|\b(?:[0-9a-f]{1,4}:){4,7}[0-9a-f]{1,4}\b",
                              re.I)),
    # Canadian postal codes: A1A 1A1.
    ("postal code", re.compile(r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][\s-]?\d[ABCEGHJ-NPRSTV-Z]\d\b", re.I)),
    # Dates of birth: a date after a word that says it is one.
    ("date of birth", re.compile(
        r"\b(?:born(?:\s+on)?|d\.?o\.?b\.?|date of birth|birth ?date|birthday|n[ée]e?\s+le|date de naissance)"
        r"\s*[:\-]?\s*(?:\d{1,4}[\s./\-]\d{1,2}[\s./\-]\d{1,4}|\d{1,2}(?:st|nd|rd|th|er)?\s+[a-zéû]+\.?,?\s+\d{4}"
        r"|[a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})", re.I)),
    # Street addresses: a number, up to four words, a kind of street (English or French).
    ("address", re.compile(
        r"\b\d{1,6}[a-z]?,?\s+(?:(?:rue|avenue|av\.?|boulevard|boul\.?|chemin|ch\.?|route|rang|place|côte)\s+"
        r"(?:[\w'’\-]+\s*){1,4}|(?:[\w'’\-]+\s+){1,4}"
        r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane|ln|crescent|cres|court|ct|way|place|pl|"
        r"terrace|parkway|pkwy|highway|hwy|circle|trail)\b\.?)"
        r"(?:\s*(?:apt|apartment|unit|suite|app|#)\.?\s*\d+)?", re.I)),
    # Identity numbers mixing letters and digits: passports (AB123456), health cards
    # (1234-567-890-AB), licences (A1234-56789-01234). At least five digits in one token.
    ("id number", re.compile(rf"\b[a-z0-9]+(?:{_DASH}[a-z0-9]+)*\b", re.I)),  # kept when not an id (_id_label)
    # Phone numbers of any country and shape, with an extension: and any other long run of
    # digits (SIN, card and account numbers): nine digits or more, whatever separates them.
    ("number", re.compile(
        rf"{_BEFORE}(?:\+|00)?\(?\d(?:{_SEP}\d){{8,18}}(?:\s*(?:ext|x|poste|p)\.?\s*\d{{1,6}})?{_AFTER}", re.I)),
    # North American numbers of seven digits with separators: 555-0199, 555 0199.
    ("phone", re.compile(rf"{_BEFORE}\d{{3}}(?:{_DASH}|\.|\s)\d{{4}}(?:\s*(?:ext|x|poste)\.?\s*\d{{1,6}})?{_AFTER}",
                         re.I)),
]

# Names a learner gives. The lead-in is matched in any case, the name must be capitalised.
_NAME_LEAD = re.compile(r"\b(?:(?:full |first |last )?name\s*:|(?:pr[ée])?nom\s*:|"
                        r"my name is|my name's|name is|i am called|i'm called|call me|"
                        r"je m'appelle|je m’appelle|mon nom est|moi c'est|moi c’est|signed|regards|cheers|"
                        r"thanks|thank you|merci)\s*,?\s+", re.I)
_NAME = re.compile(r"(?:[A-ZÀ-Ý][\w'’\-]+)(?:\s+[A-ZÀ-Ý][\w'’\-]+){0,2}")
_NOT_NAMES = frozenset("""I Im I'm A An The This That Hi Hello Bonjour Ok Okay Yes No Thanks Merci Online
Beaucoup So Much Again Stackwise
Ontario Quebec Québec Alberta Manitoba Saskatchewan Canada BC Toronto Montreal Montréal Vancouver Ottawa Calgary
Edmonton Winnipeg Halifax Nova Scotia New Brunswick British Columbia Prince Edward Island Newfoundland""".split())


# "I'm ..." introduces a name only when a first and a last name follow, capitalised ("I'm Sarah
# Connor", not "I'm French" nor "I'm looking"): a full name is what identifies someone.
_INTRODUCTION = re.compile(r"\b(?:i'?m|i am|im|je suis|moi|c'est moi)\s+", re.I)
_FULL_NAME = re.compile(r"[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[A-ZÀ-Ý][a-zà-ÿ'’]+)?(?:\s+[A-ZÀ-Ý][\w'’]*(?:-[A-ZÀ-Ý][\w'’]+)?){1,2}"
                        r"(?![\w'’-])")


def name_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` gives a name: after "my name is", "nom :", "je m'appelle", a sign-off,
    or a full name after "I'm"."""
    spans: list[tuple[int, int]] = []
    for leads, pattern in ((_NAME_LEAD, _NAME), (_INTRODUCTION, _FULL_NAME)):
        for lead in leads.finditer(text):
            name = pattern.match(text, lead.end())
            if name and name.group(0).split()[0] not in _NOT_NAMES \
                    and not (pattern is _FULL_NAME and _has_common_words(name.group(0))) \
                    and not any(a < name.end() and name.start() < b for a, b in spans):
                spans.append(name.span())
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


# Each pattern with what replaces it: its label, or a function that decides the label.
_REPLACEMENTS = [(pattern, {"number": _number_label, "id number": _id_label}.get(label, f"[{label}]"))
                 for label, pattern in _PATTERNS]


def redact(text: str) -> str:
    """``text`` with personal details replaced by ``[email]``, ``[phone]``, ``[name]``..."""
    if not text:
        return text
    text = clean_text(text)
    for pattern, replacement in _REPLACEMENTS:
        text = pattern.sub(replacement, text)
    return _names(text)
