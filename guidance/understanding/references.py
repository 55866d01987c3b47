"""Which programs a message points at: full titles and ids, loose names ("the cloud cert",
"that SQL one", "the stats one", "the french one at the cegep"), and references to what was
just shown ("the second one", "the last one").

A loose name is matched word by word against each title's distinctive words, forgiving
prefixes ("stats" for statistics, "grad" for graduate), typos and standard abbreviations
("PM" for project management); the credential type named ("cert", "diploma", "badge"), the
language, the level ("intro") and the provider break ties, and so does what the conversation
has already shown.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from knowledge_base.catalogue import Catalogue
from knowledge_base.schema import Program
from knowledge_base.text import STOPWORDS, fold, term_key, words

_ORDINALS = {"first": 0, "1st": 0, "premier": 0, "premiere": 0, "second": 1, "2nd": 1, "deuxieme": 1,
             "seconde": 1, "third": 2, "3rd": 2, "troisieme": 2, "fourth": 3, "4th": 3, "quatrieme": 3,
             "fifth": 4, "5th": 4, "cinquieme": 4, "last": -1, "dernier": -1, "derniere": -1}
_ORDINAL = re.compile(r"\b(?:the|that|le|la|ce|cette)\s+(" + "|".join(_ORDINALS) + r")\b(?:\s+(?:one|option|program|"
                      r"course|un|une))?|\b(?:#|number |no\. ?|option )([1-5])\b")
_SEGMENTS = re.compile(r"\s+(?:and|or|vs\.?|versus|then|et|ou|plus|but)\s+|\s*[+,&;.!?]\s*|\s+/\s+|\s+-\s+|—|–|"
                       r"\s+(?=(?:i|i'?ve|i'?m|i'?d|je|j'?ai|we)\s)")
_TYPE_WORDS = {"cert": "certificate", "certs": "certificate", "certificate": "certificate",
               "certification": "certificate", "certificat": "certificate", "attestation": "certificate",
               "diploma": "diploma", "diplome": "diploma", "degree": "degree", "bachelor": "degree",
               "masters": "degree", "master": "degree", "badge": "digital-badge", "badges": "digital-badge",
               "bootcamp": "bootcamp", "licence": "licence", "license": "licence"}
_DETERMINERS = frozenset({"the", "that", "this", "my", "your", "le", "la", "l", "ce", "cette"})
_HEADS = frozenset({"one", "ones", "course", "courses", "program", "programme", "thing", "class", "module",
                    "micro-credential", "microcredential", "cours", "formation", *_TYPE_WORDS})
# Standard abbreviations of the words in program titles.
ABBREVIATIONS = {"pm": "project management", "ux": "user experience ux", "ui": "user interface ui",
                 "hr": "human resources", "ai": "artificial intelligence ai", "bi": "business intelligence bi",
                 "psw": "personal support worker", "ece": "early childhood education",
                 "ml": "machine learning", "k8s": "kubernetes", "seo": "search engine optimization seo",
                 "ev": "electric vehicle ev", "pv": "solar photovoltaic pv", "cca": "continuing care assistant",
                 "ohs": "occupational health safety", "qbo": "quickbooks online", "cyber": "cybersecurity",
                 "stats": "statistics", "intro": "introduction", "dev": "development", "ops": "operations"}
_GENERIC = frozenset(w for w in """
certificate certificat certification diploma diplome degree bachelor master masters graduate professional program
programme micro-credential microcredential badge bootcamp course attestation etudes collegiales in of and for the
with to a an de du des la le les et en pour
stack stacks stacking left need needed count counts lead leads path pathway order first next finished done took taken
completed remaining required requirements prerequisite prerequisites before after right away start take get go
toward towards bigger involved more many much else already also still only
""".split())
_PLURAL_HEADS = frozenset({"programs", "programmes", "courses", "options", "certificates", "certs", "classes",
                           "trainings", "formations", "micro-credentials", "badges", "diplomas"})
_LANGUAGE_WORDS = {"french": "fr", "francais": "fr", "english": "en", "anglais": "en"}
_LEVEL_WORDS = {"intro": "introductory", "introductory": "introductory", "beginner": "introductory",
                "basic": "introductory", "basics": "introductory", "advanced": "advanced",
                "intermediate": "intermediate"}
MIN_SCORE = 0.5
PREFIX = 3  # letters a learner's word shares with a title word it can name (typos come later in words)
# Words of wanting: "want to move into data analysis" names a field, not a program.
_WANTS = re.compile(r"\b(?:want|wanna|would like|'d like|move into|get into|getting into|become|learn|looking for|"
                    r"interested in|j'?aimerais|je veux|j'?veux|devenir|apprendre|je cherche|on cherche|"
                    r"je recherche|je voudrais)\b")


_ROMAN = re.compile(r"[ivxlcdm]+")
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*[0-9][A-Za-z0-9._-]*|[A-Z]{2,}-[A-Z0-9-]+")  # T-SQL1, HV-DAT101


def programs_named_in(catalogue: Catalogue, text: str) -> list[Program]:
    """Programs whose full title or id appears in ``text``, in order of appearance."""
    text_words = words(text)
    folded = f" {' '.join(text_words)} "
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    candidates = sorted(catalogue.title_words.within(text_words), key=lambda e: -len(e[0]))
    for title, program_id in candidates:  # longest titles first, so no title is read twice
        start = folded.find(f" {title} ")
        if start < 0 or any(a <= start < b for a, b in taken):
            continue
        taken.append((start, start + len(title) + 1))
        found.append((start, program_id))
    for match in _CODE.finditer(text):
        token = match.group(0).rstrip(".")
        for program_id in (token, token.upper()):
            if program_id in catalogue.programs and program_id not in {f[1] for f in found}:
                found.append((len(folded) + match.start(), program_id))
                break
    return [catalogue.programs[i] for _, i in sorted(found)]


@lru_cache(maxsize=1 << 16)
def _word_match(wanted: str, title_word: str) -> float:
    """How well a learner's word names a title word: 1 for the same word family, less for a
    shared prefix or a near spelling."""
    if wanted == title_word or term_key(wanted) == term_key(title_word):
        return 1.0
    shorter, longer = sorted((wanted, title_word), key=len)
    if len(shorter) >= 4 and longer.startswith(shorter):
        return 0.9
    if len(shorter) >= 4 and longer.startswith(shorter[:4]) and fuzz.ratio(wanted, title_word) >= 70:
        return 0.8  # "welding" for "welder", "apprentice" for "apprenticeship"
    if len(shorter) >= 5 and fuzz.ratio(wanted, title_word) >= 85:
        return 0.8  # a typo
    return 0.0


@dataclass
class _Segment:
    words: list[str]
    has_head: bool  # "the ...", "that ...", or a noun such as "one", "course", "cert"
    has_noun: bool  # a noun that names a program ("the SQL one", "the cloud cert")
    type_named: str | None
    language: str | None
    level: str | None
    start: int = 0
    end: int = 0
    sentence: int = 0  # segments of one sentence can share a head ("the bookkeeping, quickbooks and tax ones")
    plural: bool = False  # "the evening ones", "those": what was shown, all of it, not one program


@dataclass(frozen=True)
class Mention:
    """A program named in the message, and where."""

    program: Program
    start: int
    end: int


class ProgramNamer:
    """Finds the programs a message names, exactly or loosely, in one catalogue."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self._titles = {p.id: [w for w in words(p.title) if w not in _GENERIC and w not in STOPWORDS]
                        for p in catalogue.programs.values()}
        self._providers = {p.id: set(words(p.provider)) - _GENERIC for p in catalogue.programs.values()}
        self._skills = {p.id: [words(x) for x in p.skills if len(words(x)) >= 2] for p in catalogue.programs.values()}
        counts: dict[str, int] = {}
        for title in self._titles.values():
            for word in set(title):
                counts[word] = counts.get(word, 0) + 1
        self._rare = {w for w, n in counts.items() if n <= 2}  # words that name one or two programs
        self._topical: dict[str, bool] = {}  # folded title -> whether it is a topic too (worked out when met)
        # Programs by the first letters of their title and skill words: a loose name is matched
        # against the programs that could match it, not the whole catalogue.
        self._order = {program_id: i for i, program_id in enumerate(catalogue.programs)}
        self._by_prefix: dict[str, set[str]] = {}
        self._by_title_word: dict[str, set[str]] = {}
        self._title_words_by_prefix: dict[str, set[str]] = {}
        for program in catalogue.programs.values():
            for word in self._titles[program.id] + [w for skill in self._skills[program.id] for w in skill]:
                self._by_prefix.setdefault(word[:PREFIX], set()).add(program.id)
            for word in self._titles[program.id]:
                self._by_title_word.setdefault(word, set()).add(program.id)
                self._title_words_by_prefix.setdefault(word[:PREFIX], set()).add(word)

    def is_topical(self, title: str) -> bool:
        """A title that names a subject as much as a program: other programs' titles hold it too
        ("Welding" in "Welding Technology"), or it has no word of three letters or more that is
        not a common word or a roman numeral (a short or non-Latin title that folds to little)."""
        key = " ".join(words(title))
        known = self._topical.get(key)
        if known is None:
            significant = [w for w in key.split() if len(w) >= 3 and w not in STOPWORDS and not _ROMAN.fullmatch(w)]
            if not significant:
                known = True
            else:
                holders = {program_id for other, program_id in self.catalogue.title_words.covering(key.split())
                           if f" {key} " in f" {other} "}
                known = len(holders) >= 2
            self._topical[key] = known
        return known

    def ordinal(self, text: str, shown: list[Program]) -> list[Mention]:
        """"the second one", "#2", "the last one": programs by their place in what was shown."""
        found: list[Mention] = []
        for match in _ORDINAL.finditer(text):
            index = _ORDINALS[match.group(1)] if match.group(1) else int(match.group(2)) - 1
            if shown and -len(shown) <= index < len(shown) and shown[index] not in [m.program for m in found]:
                found.append(Mention(shown[index], *match.span()))
        return found

    def exact(self, text: str, *, topics_too: bool = False) -> list[Mention]:
        """Programs named by their whole title or id. A title that is also a topic ("Welding",
        "Pharmacy Technician": words that other titles hold too) names a program only when
        ``topics_too`` (the message asks about a program: how it stacks, what it needs...);
        otherwise those words say what the learner wants to study."""
        folded = fold(text)
        found = []
        for program in programs_named_in(self.catalogue, text):
            if not topics_too and self.is_topical(program.title) and fold(program.id) not in folded:
                continue
            start = folded.find(fold(program.title))
            if start < 0:
                start = folded.find(fold(program.id))
            found.append(Mention(program, max(start, 0), max(start, 0) + len(program.title)))
        return found

    def loose(self, text: str, context: list[Program], *, require_head: bool,
              exclude: Sequence[Mention] = (), bare: bool = False, strict: bool = False) -> list[Mention]:
        """Programs named loosely, one per segment of the message ("X and Y", "X vs Y"), in
        order. A list shares its head ("the bookkeeping, quickbooks and tax ones"); a segment
        with only a language or type ("the french one") reuses the words of the one before;
        one with only a type or a pointer ("that cert", "that one") means what was shown.
        ``bare``: the message asks about programs it has done or wants to stack, so a bare name
        with a distinctive word ("bookkeeping, quickbooks") counts without "the ... one".
        ``strict``: the message asks for nothing about a program, so only a name said as one
        ("the plumbing one", "that SQL course") names a program: "carpentry or masonry" is a
        wish for a field."""
        found: list[Mention] = []
        taken = [m.program for m in exclude]
        previous_words: list[str] = []
        segments = self._segments(text)
        for index, segment in enumerate(segments):
            if any(m.start < segment.end and segment.start < m.end for m in exclude):
                continue  # this part of the message names a program by its title already
            following = []
            for later in segments[index + 1:index + 4]:
                if later.sentence != segment.sentence:
                    break
                following.append(later)
            shared_head = any(s.has_noun for s in following) and not segment.has_head
            if require_head and not segment.has_head and not segment.words:
                previous_words = segment.words or previous_words
                continue
            if not segment.words and segment.has_head and context and not segment.plural:
                pointed = next((p for p in context if p not in taken and (
                    segment.type_named is None or p.credential_type.value == segment.type_named)), None)
                if pointed is not None and (segment.type_named or segment.has_noun):
                    found.append(Mention(pointed, segment.start, segment.end))
                    taken.append(pointed)
                continue
            if strict and not segment.has_noun:
                previous_words = segment.words or previous_words
                continue
            subject = segment.words or (previous_words if (segment.language or segment.type_named) else [])
            program = self._best(subject, segment, context, exclude=taken,
                                 whole_title=require_head and not segment.has_noun and not shared_head,
                                 bare=bare)
            if program is not None:
                found.append(Mention(program, segment.start, segment.end))
                taken.append(program)
            previous_words = segment.words or previous_words
        return found

    def _segments(self, text: str) -> list[_Segment]:
        segments = []
        folded = fold(text)
        position = 0
        for piece in _SEGMENTS.split(folded):
            start = folded.find(piece, position)
            position = start + len(piece) if start >= 0 else position
            tokens = words(piece)
            expanded: list[str] = []
            for token in tokens:
                expanded += ABBREVIATIONS.get(token, token).split()
            type_named = next((_TYPE_WORDS[t] for t in tokens if t in _TYPE_WORDS), None)
            language = next((_LANGUAGE_WORDS[t] for t in tokens if t in _LANGUAGE_WORDS), None)
            level = next((_LEVEL_WORDS[t] for t in tokens if t in _LEVEL_WORDS), None)
            content = [t for t in expanded if t not in STOPWORDS and t not in _GENERIC and t not in _TYPE_WORDS
                       and t not in _LANGUAGE_WORDS and t not in _HEADS and len(t) > 1]
            determiner = bool(re.search(r"\b(?:the|that|this|my|your|le|la|ce|cette)\b", piece))
            singular = any(t in _HEADS and not t.endswith("s") or t in ("class", "bootcamp", "ones") for t in tokens)
            # the determiner is the head's ("the SQL one", "le cours de paie"), not another noun's
            # ("une formation ... le soir" names no program)
            has_noun = singular and any(token in _DETERMINERS and any(t in _HEADS for t in tokens[i + 1:i + 5])
                                        for i, token in enumerate(tokens))
            if _WANTS.search(piece) and not has_noun:
                content = []  # a wish for a field
            if any(t in _PLURAL_HEADS for t in tokens) and not singular:
                content = []  # "cybersecurity programs" asks for a field, it names no one program
            has_head = has_noun or determiner
            sentence = len(re.findall(r"[.!?;]", folded[:max(start, 0)]))
            plural = any(t in ("ones", "those", "these", "them", "all") or t in _PLURAL_HEADS for t in tokens)
            segments.append(_Segment(content, has_head, has_noun, type_named, language, level,
                                     max(start, 0), max(start, 0) + len(piece), sentence, plural))
        return segments

    def _best(self, wanted: list[str], segment: _Segment, context: list[Program],
              exclude: list[Program], whole_title: bool = False, bare: bool = False) -> Program | None:
        """The program ``wanted`` names best; with ``whole_title`` (no noun such as "one" or
        "course" says a program is meant), only one whose every title word is named."""
        if not wanted:
            return None
        in_context = {p.id for p in context}
        best: tuple[float, int, Program] | None = None
        # For each title or provider word, how well each wanted word names it: worked out once
        # per word of the message, not once per program that has it.
        matches: dict[str, tuple[float, ...]] = {}

        def scores(word: str) -> tuple[float, ...]:
            found = matches.get(word)
            if found is None:
                found = matches[word] = tuple(_word_match(w, word) for w in wanted)
            return found

        def naming(title_word: str) -> float:  # how well the best of the wanted words names it
            return max(scores(title_word))

        def named_by(word: str) -> frozenset[str]:  # the wanted words that name it at all
            return frozenset(w for w, score in zip(wanted, scores(word)) if score)

        if segment.has_noun or bare:  # a skill named whole can name a program too
            candidates = set().union(*(self._by_prefix.get(w[:PREFIX], ()) for w in wanted))
        else:  # a program is named through a title word named well enough (0.8), or not at all
            title_words = {t for w in wanted for t in self._title_words_by_prefix.get(w[:PREFIX], ())}
            candidates = set().union(*(self._by_title_word[t] for t in title_words if naming(t) >= 0.8))

        for program_id in sorted(candidates, key=self._order.__getitem__):
            program, order = self.catalogue.programs[program_id], self._order[program_id]
            if program in exclude:
                continue
            title = self._titles[program.id]
            if not title:
                continue
            matched = sum(naming(title_word) for title_word in title)
            if (segment.has_noun or bare) and matched < 0.8 * len(title) and any(
                    all(any(_word_match(w, k) >= 0.9 for w in wanted) for k in skill)
                                                  for skill in self._skills[program.id]):
                matched = 0.8 * len(title)  # "the stick welding one": a skill the program teaches, named whole
            typed = segment.type_named is not None and program.credential_type.value == segment.type_named \
                and (segment.has_head or bare)
            rare = bare and any(_word_match(w, t) >= 0.9 for w in wanted for t in title
                                if t in self._rare and len(t) >= 5)
            pointed = program.id in in_context and (segment.has_head or bare)  # "the fundamentals" of that cert
            if matched < 0.8 or (whole_title and not typed and not rare and not pointed
                                 and (matched < 0.8 * len(title) or len(title) < 2)):
                continue
            # A loose name names half the title, or a word that names this program and hardly
            # any other: one title word of three, met by a near spelling ("employers" for
            # "Pre-Employment"), is a coincidence, whatever type of credential is named.
            distinctive = any(_word_match(w, t) >= 0.9 for w in wanted for t in title if t in self._rare)
            if matched < 0.5 * len(title) and not distinctive and not pointed:
                continue
            naming_words = frozenset().union(*map(named_by, title), *map(named_by, self._providers[program.id]))
            used = sum(1 for w in wanted if w in naming_words)
            score = matched / len(title) + 0.25 * used / len(wanted)
            if any(_word_match(w, t) == 1.0 for w in wanted for t in title if t in self._rare):
                score += 0.2  # a word that names this program and hardly any other ("terraform")
            if segment.type_named:
                score += 0.4 if program.credential_type.value == segment.type_named else -0.3
            if segment.language:
                score += 0.3 if program.language == segment.language else -0.3
            if segment.level and program.level is not None:
                score += 0.15 if program.level.value == segment.level else -0.2
            if program.id in in_context:
                score += 0.3
            if self._providers[program.id] & set(wanted):
                score += 0.2
            if score >= MIN_SCORE and (best is None or score > best[0]):
                best = (score, order, program)
        return best[2] if best else None
