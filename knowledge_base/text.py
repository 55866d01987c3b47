"""Text normalisation shared by lexical search and by reading learners' messages."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Generic, TypeVar

T = TypeVar("T")

# Lone UTF-16 halves (JSON's "\ud800" decodes to one) cannot be written as UTF-8 anywhere, and
# control characters other than tab and line breaks only hide or garble text.
_UNWRITABLE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

# Words that carry no topic: English and French function words, and the vocabulary every
# learner's question shares ("program", "course", "want") that would match every record.
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing done down during each either else ever every few for from further get gets
getting got had has have having he her here hers him his how i if in into is it its itself just like ll me might
more most much must my myself need needs no nor not now of off on once one only or other our ours out over own
please re really same she should show so some such than that the their theirs them then there these they this
those through to too under until up us ve very want wants was we were what when where which while who whom why
will with would you your yours yourself able already im i'm i've id i'd let lets tell give find looking look
something anything thing things way ways good best better new start started starting where's what's
program programs programme programmes course courses training train class classes option options credential
credentials learn learning study studying studies career careers job jobs work working field area move moving
into get become becoming interested interest help know skill skills offer offers available there's
le la les un une des du de d l et ou en au aux dans pour par sur avec sans ce cet cette ces je j me m mon ma mes
tu te ton ta tes il elle nous vous ils elles leur leurs qui que qu quoi dont est sont suis être etre avoir ai
a as ont avons avez pas ne plus très tres aussi comme mais donc car cherche chercher veux voudrais souhaite
aimerais aimerait formation
formations cours programme programmes apprendre devenir travailler
""".split())

_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*")


def clean_text(text: str, limit: int | None = None) -> str:
    """Untrusted text made safe to read, store and show: compatibility forms normalised first
    (NFKC: a character such as U+FDFA that stands for eighteen expands before the limit is
    applied, never after), lone surrogates replaced by U+FFFD, control and direction-override
    characters dropped, then cut to ``limit`` characters."""
    text = unicodedata.normalize("NFKC", _CONTROL.sub("", _UNWRITABLE.sub("\ufffd", text)))
    return text[:limit] if limit is not None else text


def number_value(raw: str) -> float:
    """A number as exports and locales write it: ``1,250.50``, ``1.250,50``, ``1 250``, ``2,5``
    (a comma with other than three digits after it is a decimal one). ValueError when it is none."""
    raw = re.sub(r"[ \u00a0\u202f]", "", raw)
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", raw):
        raw = raw.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", raw):  # 1.250,00
        raw = raw.replace(".", "").replace(",", ".")
    else:
        raw = raw.replace(",", ".")
    return float(raw)


def fold(text: str) -> str:
    """Lower-case and strip accents: ``Données`` → ``donnees``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def blanked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with the characters of ``spans`` replaced by spaces (positions kept)."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(end, len(chars))):
            chars[i] = " "
    return "".join(chars)


def words(text: str) -> list[str]:
    """Folded word tokens, stopwords kept."""
    return _TOKEN.findall(fold(text))


def terms(text: str) -> list[str]:
    """Search terms: folded, stopwords removed, stemmed."""
    kept = [w for w in words(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
    return _stemmer().stemWords(kept)



KEY_LENGTH = 5


def term_key(stem: str) -> str:
    """A stem without its last two letters (five at least): ``analyst``, ``analysis`` and
    ``analytics`` meet in ``analy``, while ``electrician`` and ``electronic`` stay apart."""
    return stem[:max(KEY_LENGTH, len(stem) - 2)]


def keys(text: str) -> set[str]:
    """Loose term keys of a text, for matching word families."""
    return {term_key(t) for t in terms(text)}


class TokenIndex(Generic[T]):
    """Items by the tokens they hold (words or term keys), to find the items whose tokens all
    appear in a text, or that hold all of a text's tokens, without scanning every item."""

    def __init__(self, entries: Iterable[tuple[T, Iterable[str]]]):
        self._items: list[T] = []
        self._sizes: list[int] = []
        self._postings: dict[str, list[int]] = defaultdict(list)
        for item, tokens in entries:
            tokens = set(tokens)
            if not tokens:
                continue
            for token in tokens:
                self._postings[token].append(len(self._items))
            self._items.append(item)
            self._sizes.append(len(tokens))

    def _counts(self, tokens: Iterable[str]) -> Counter[int]:
        counts: Counter[int] = Counter()
        for token in set(tokens):
            counts.update(self._postings.get(token, ()))
        return counts

    def within(self, tokens: Iterable[str]) -> list[T]:
        """Items all of whose tokens are among ``tokens``, in the order they were indexed."""
        counts = self._counts(tokens)
        return [self._items[i] for i in sorted(i for i, n in counts.items() if n == self._sizes[i])]

    def covering(self, tokens: Iterable[str]) -> list[T]:
        """Items that hold every one of ``tokens`` (none when ``tokens`` is empty)."""
        wanted = set(tokens)
        counts = self._counts(wanted)
        return [self._items[i] for i in sorted(i for i, n in counts.items() if wanted and n == len(wanted))]
