"""What a model's rewrite of a reply may say: only what the reply already says.

``RewriteCheck`` holds a rewrite to the grounded reply it rewords:

- programs: it names only programs of the reply (a catalogue title or code that the reply does
  not name fails, and so does a name-like phrase, "Advanced Quantum Analytics Certificate",
  that appears neither in the reply nor among the catalogue's own names);
- facts: every number in it (a cost, a length, hours, credits, a date's day and year) is one the
  reply or its programs' records give, whatever the locale's way of writing it ("$1,250" and
  "1 250 $" are one amount); "free" only when the reply says so;
- links: only the reply's own;
- citations: every document the reply cites is still named.

A sentence can be checked alone, so a streamed rewrite is shown sentence by sentence as each
passes; the citations and the length are checked on the whole text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge_base.catalogue import Catalogue
from knowledge_base.schema import Program
from knowledge_base.text import fold
from knowledge_base.text import number_value as parse_number

from ..models import Reply
from ..understanding.references import programs_named_in

_NUMBER = re.compile(r"(?<![\w.])\d+(?:[ \u00a0\u202f,.]\d+)*(?![\w])")
_LIST_MARKER = re.compile(r"(?m)^\s*\d+[.)]\s")
_URL = re.compile(r"https?://[^\s)>\]]+")
_FREE = re.compile(r"\b(?:free|no cost|at no charge|gratuit\w*|sans frais|sans (?:aucun )?cout)\b")
# Words that may open a sentence or a name without being part of one.
_LEADING = {"the", "a", "an", "this", "that", "these", "those", "your", "our", "my", "its", "their", "le", "la",
            "les", "l", "un", "une", "ce", "cette", "ces", "votre", "vos", "notre", "nos", "mon", "ma", "mes",
            "both", "each", "and", "or", "et", "ou", "de", "du", "des", "d", "for", "pour", "with", "avec", "in", "en",
            "after", "apres", "then", "puis", "next", "ensuite", "if", "si", "since", "because", "start", "take",
            "here", "voici", "there", "it", "you", "i", "we", "vous", "je", "nous", "il", "elle", "ils"}
_CONNECTORS = r"(?:for|and|of|in|with|to|the|on|de|des|du|la|le|les|et|en|pour|à|a|d'|l')"
_CAPITALISED = r"[A-ZÀ-Ý][\w'’\-]*"
_NAME_LIKE = re.compile(rf"{_CAPITALISED}(?:\s+(?:{_CONNECTORS}\s+)*{_CAPITALISED})+")
MAX_GROWTH = 2.5  # a rewrite this many times longer than the reply (plus a few sentences) is not a rewording
SLACK_CHARS = 400
# Spelt numbers a rewrite may use for the reply's digits. Not the readers' lists: those read "a"
# and "few" as numbers, which in a rewrite are only words.
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "un": 1, "une": 1, "deux": 2, "trois": 3,
                "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12}
_NUMBER_WORD = re.compile(rf"\b(?:{'|'.join(NUMBER_WORDS)})\b")


def number_value(token: str) -> float | None:
    """The value of a number as a reply or a locale writes it ("1,250", "1 250", "2,5"), or None."""
    try:
        return parse_number(token)
    except ValueError:
        return None


# What a number counts, from the words around it: a rewrite's "15 credits" must be credits the
# reply gives, not any 15 it holds (a start on the 15th).
_UNITS = [
    ("money", re.compile(r"^\s*(?:\$|cad\b|dollars?\b|\$ ?cad)"), re.compile(r"\$\s*$")),
    ("credits", re.compile(r"^\s*(?:credits?|credit hours?|credits? d'?etudes|unites?)\b"), None),
    ("weeks", re.compile(r"^\s*(?:weeks?|wks?|semaines?)\b"), None),
    ("hours", re.compile(r"^\s*(?:h\b|hrs?\b|hours?\b|heures?\b)"), None),
]


def _unit(folded: str, start: int, end: int) -> str:
    after, before = folded[end:end + 20], folded[max(0, start - 3):start]
    for unit, follows, precedes in _UNITS:
        if follows.search(after) or (precedes is not None and precedes.search(before)):
            return unit
    return "other"


def stated(text: str) -> set[tuple[str, float]]:
    """Every number ``text`` states, with what it counts ("money", "credits", "weeks", "hours",
    "other"); list markers ("1." at a line's start) are not statements."""
    text = fold(_LIST_MARKER.sub(" ", text))
    found = set()
    for match in _NUMBER.finditer(text):
        value = number_value(match.group(0))
        if value is not None:
            found.add((_unit(text, match.start(), match.end()), value))
    for match in _NUMBER_WORD.finditer(text):
        found.add((_unit(text, match.start(), match.end()), float(NUMBER_WORDS[match.group(0)])))
    return found


def numbers_in(text: str) -> set[float]:
    """The values of every number ``text`` states."""
    return {value for _, value in stated(text)}


def record_numbers(program: Program) -> set[tuple[str, float]]:
    """The numbers a program's record gives, with what each counts."""
    found: set[tuple[str, float]] = set()
    for unit, values in (("money", [program.cost]), ("weeks", [program.duration_weeks]),
                         ("hours", [program.hours_per_week]),
                         ("credits", [program.credits, program.credits_required,
                                      *(link.credits for link in program.stacks_into)])):
        found |= {(unit, float(v)) for v in values if v is not None}
    if program.next_start is not None:
        start = program.next_start
        found |= {("other", float(start.day)), ("other", float(start.year)), ("other", float(start.month))}
    return found


@dataclass
class RewriteCheck:
    """The rules one rewrite is held to, made from the grounded reply and its catalogue."""

    grounded: str  # the reply's own text that the model rewords
    numbers: set[tuple[str, float]]  # (what it counts, value)
    program_ids: set[str]
    known_names: str  # folded: the reply's text and the catalogue's own names, for name-like phrases
    links: set[str]
    citations: list[str]  # document titles the rewrite must still name
    says_free: bool
    catalogue: Catalogue = field(repr=False)

    @classmethod
    def for_reply(cls, reply: Reply, grounded: str, catalogue: Catalogue) -> RewriteCheck:
        ids = {card.id for card in reply.programs} | {s.id for s in reply.sources if s.kind == "program"}
        if reply.pathway is not None:
            ids |= {reply.pathway.target} | {step.id for step in reply.pathway.steps}
        ids |= {p.id for p in programs_named_in(catalogue, grounded)}
        programs = [p for p in (catalogue.program(i) for i in ids) if p is not None]
        numbers = stated(grounded)
        for program in programs:
            numbers |= record_numbers(program)
        vocabulary = catalogue.vocabulary
        names = [grounded, *(p.title for p in programs), *vocabulary.providers, *vocabulary.regions,
                 *vocabulary.funding, *(s.title for s in reply.sources)]
        return cls(grounded=grounded, numbers=numbers, program_ids={p.id for p in programs},
                   known_names=fold(" | ".join(names)),
                   links=set(_URL.findall(grounded)) | {s.url for s in reply.sources if s.url},
                   citations=[s.title for s in reply.sources if s.kind == "document"],
                   says_free=bool(_FREE.search(fold(grounded))), catalogue=catalogue)

    def sentence(self, text: str) -> list[str]:
        """What in one sentence (or any part of a rewrite) the reply does not say."""
        problems: list[str] = []
        for program in programs_named_in(self.catalogue, text):
            if program.id not in self.program_ids:
                problems.append(f"names a program the reply does not: {program.title}")
        for phrase in _NAME_LIKE.findall(text):
            name = _without_leading(phrase)
            if name and fold(name) not in self.known_names:
                problems.append(f"names something the reply does not: {name}")
        for unit, value in sorted(stated(text) - self.numbers):
            # A number with a unit must be one the reply gives in that unit; without one, any
            # number the reply gives ("the 3 programs", "in 2027").
            given = [v for u, v in self.numbers if u == unit or unit == "other"]
            if not any(abs(value - known) < 0.005 for known in given):
                problems.append(f"states a number the reply does not: {value:g}"
                                + ("" if unit == "other" else f" ({unit})"))
        for link in _URL.findall(text):
            if link.rstrip(".,;") not in self.links:
                problems.append(f"links where the reply does not: {link}")
        if _FREE.search(fold(text)) and not self.says_free:
            problems.append("says something is free; the reply does not")
        return problems

    def whole(self, text: str) -> list[str]:
        """What a finished rewrite gets wrong: all of ``sentence`` and of ``closing``."""
        return self.sentence(text) + self.closing(text)

    def closing(self, text: str) -> list[str]:
        """What only the finished text can get wrong: a missing citation, or a length no
        rewording reaches (its sentences are checked one by one as they arrive)."""
        problems: list[str] = []
        folded = fold(text)
        problems += [f"drops the citation of {title}" for title in self.citations if fold(title) not in folded]
        if not text.strip():
            problems.append("is empty")
        elif len(text) > MAX_GROWTH * len(self.grounded) + SLACK_CHARS:
            problems.append(f"is {len(text)} characters long for a reply of {len(self.grounded)}")
        return problems


def _without_leading(phrase: str) -> str:
    words = phrase.split()
    while words and fold(words[0]).strip("'’") in _LEADING:
        words = words[1:]
    return " ".join(words) if len(words) >= 2 else ""
