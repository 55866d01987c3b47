"""Whether a catalogue has anything about an aim: the words its titles use, and how far a
search's best program stands out, on that catalogue's own scale.

Two signals, each measured on the catalogue being served rather than fixed:

- **Focus.** For an aim's vector, the best program's similarity less the median program's, in
  standard deviations of all the similarities. A request about something the catalogue
  teaches stands out from the bulk the way one of its own titles does; the floor is the lower
  quartile of the focus of a sample of the catalogue's titles, each searched for as a learner
  would (its own program left out), so it follows the model's and the catalogue's scale.
- **Title words.** The words the catalogue's titles (and skills and occupations) use, matched
  as learners write them, initials included ("psw" for personal support worker): the
  same word family, a prefix ("patho", "pharm"), a near spelling, or an abbreviation whose
  letters come in order ("asst" for assistant, "mgmt" for management). A word no title uses
  names something the catalogue does not offer ("hygienist", "yoga", "grooming"), even when
  nearby programs exist (dental assisting, veterinary assisting).

``Coverage.covers`` says no only when half a short aim's words are used by no title, and either the
aim stands out less than half of the catalogue's own titles do, or nothing else places it near
this catalogue's programs: the titles' words are always needed, so no list decides alone what
a catalogue covers.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from .text import STOPWORDS, fold, term_key, terms, words

FLOOR_QUANTILE = 50  # percent of the catalogue's titles that stand out less than the floor
SAMPLE_TITLES = 120  # titles searched to measure the floor
MIN_PROGRAMS = 20  # below this, similarities say too little: every aim is taken as covered
SHORT_AIM = 8  # words: a longer aim is never judged by its words


def focus(similarities: np.ndarray, exclude: int | None = None) -> float:
    """How far the best similarity stands above the median, in standard deviations."""
    spread = float(similarities.std()) or 1e-6
    median = float(np.median(similarities))
    if exclude is not None:
        similarities = similarities.copy()
        similarities[exclude] = -np.inf
    return (float(similarities.max()) - median) / spread


@dataclass
class TitleWords:
    """Every folded word of a catalogue's titles, by first letter, with their word families."""

    by_letter: dict[str, list[str]] = field(default_factory=dict)
    families: set[str] = field(default_factory=set)
    acronyms: set[str] = field(default_factory=set)  # initials of runs of title words ("psw", "hvac")

    @classmethod
    def of(cls, titles: Iterable[str]) -> TitleWords:
        titles = list(titles)
        vocabulary = sorted({w for title in titles for w in words(title) if len(w) >= 2 and not w.isdigit()})
        by_letter: dict[str, list[str]] = {}
        for word in vocabulary:
            by_letter.setdefault(word[0], []).append(word)
        acronyms: set[str] = set()
        for title in titles:
            content = [w for w in words(title) if w not in STOPWORDS]
            for size in range(2, 6):
                acronyms |= {"".join(w[0] for w in content[i:i + size]) for i in range(len(content) - size + 1)}
        return cls(by_letter, {term_key(t) for t in terms(" ".join(vocabulary))}, acronyms)

    def names(self, word: str) -> bool:
        """Whether some title uses ``word`` (folded), as a learner may write it."""
        stems = terms(word)
        if stems and term_key(stems[0]) in self.families:
            return True
        if 2 <= len(word) <= 5 and word in self.acronyms:
            return True  # "psw" for Personal Support Worker
        for title_word in self.by_letter.get(word[:1], ()):
            if title_word == word:
                return True
            if len(word) >= 4 and title_word.startswith(word):
                return True  # "patho" for pathology, "pharm" for pharmacy
            if len(title_word) >= 4 and word.startswith(title_word) and word[len(title_word):] in _SUFFIXES:
                return True  # "welder" for weld, "pharmacists" for pharmacist
            if len(word) >= 6 and len(title_word) >= 6 and fuzz.ratio(word, title_word) >= 88:
                return True  # a typo ("electrican")
            if _abbreviates(word, title_word):
                return True  # "asst" for assistant, "mgmt" for management
            if _root(word) == _root(title_word):
                return True  # "welder" and "welding"
        return False


_SUFFIXES = frozenset({"s", "es", "er", "ers", "ing", "ist", "ists", "ian", "ians", "or", "ors", "ed"})


def _root(word: str) -> str:
    """A word without its longest common suffix, when at least four letters are left."""
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word


def _abbreviates(short: str, long: str) -> bool:
    """"asst" for assistant, "cnty" for county: a short word of consonants (one vowel at most
    after its first letter) whose letters come in order in the longer one."""
    vowels = sum(ch in "aeiouy" for ch in short[1:])
    return 3 <= len(short) <= 5 and len(long) > len(short) and vowels <= 1 and _letters_in_order(short, long)


def _letters_in_order(short: str, long: str) -> bool:
    position = 0
    for letter in short:
        position = long.find(letter, position) + 1
        if position == 0:
            return False
    return True


@dataclass
class Coverage:
    """A catalogue's title words and its focus floor (None when it is too small to measure)."""

    titles: TitleWords
    floor: float | None

    @classmethod
    def measure(cls, titles: Sequence[str], vectors: np.ndarray, embed_queries, names: Sequence[str] = ()) -> Coverage:
        """``titles`` and ``vectors``: the programs' titles and vectors, row for row;
        ``embed_queries``: texts to query vectors, as a learner's message is embedded;
        ``names``: the skills and occupations the programs give, whose words count as titles'."""
        title_words = TitleWords.of([*titles, *names])
        if len(titles) < MIN_PROGRAMS:
            return cls(title_words, None)
        rng = np.random.default_rng(0)
        rows = rng.choice(len(titles), min(SAMPLE_TITLES, len(titles)), replace=False)
        queries = embed_queries([titles[int(i)] for i in rows])
        found = [focus(vectors @ query, exclude=int(row)) for row, query in zip(rows, queries)]
        return cls(title_words, float(np.percentile(found, FLOOR_QUANTILE)))

    def covers(self, aim: Sequence[str], similarities: np.ndarray | None, judge_words: bool = True,
               near_programs: bool = True) -> bool:
        """Whether the catalogue has something about an aim (``aim``: its content words, folded),
        given the aim's similarities to every program. ``judge_words``: the aim is written in
        the catalogue's language, so its words can be looked for in the titles.
        ``near_programs``: another reading places the aim among this catalogue's programs (the
        fields of work, in ``guidance``); when it does not, the titles' words alone decide."""
        if self.floor is None or similarities is None or not len(similarities):
            return True
        if near_programs and focus(similarities) >= self.floor:
            return True
        content = [w for w in aim if w not in STOPWORDS and len(w) >= 2 and not w.isdigit()]
        if not judge_words or not content or len(content) > SHORT_AIM:
            return True
        unknown = sum(not self.titles.names(fold(w)) for w in content)
        return unknown * 2 < len(content)  # at least half its words named by no title: nothing here is about it
