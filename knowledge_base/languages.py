"""Telling which language a text is in: py3langid, restricted to the languages that can occur
(so Québec French with English words is still French, and Spanish is not taken for French).
One identifier per set of languages, loaded once (0.8 s of decompression) and shared.

A catalogue title is a harder text than a message: a few words, often in Title Case or capitals,
with English words inside French and Spanish titles ("Community manager", "Marketing digital").
``title_language`` tells it apart from more languages than it may be given (``TOLD_APART``), reads
it in lower case, and checks its function words; the caller decides how sure is sure enough
(``ingest.records``, measured by ``python -m benchmarks.languages``)."""
from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

ANSWERED = ("en", "fr")  # the languages learners are answered in (messages, documents)

# A title is identified among these as well as the languages it may be given, and its language
# kept only when it is one of those: a Portuguese title is then not taken for Spanish (nor an
# Italian one for French), and a Japanese or Arabic one is not forced into a Latin-script language.
TOLD_APART = ("en", "fr", "es", "pt", "it", "de", "nl", "zh", "ja", "ko", "ar", "ru", "el", "he", "hi", "th")

# Function words of the Latin-script languages of TOLD_APART. A word several of them use ("de",
# "la", "en", "a") is listed under each, and so tells nothing; a word one language alone uses ("et",
# "y", "the", "und") is evidence for it. A title with more such words of another language than of
# the one identified is left unknown: "MANAGER MARKETING DATA ET COMMERCE ELECTRONIQUE" is not English.
FUNCTION_WORDS = {
    "en": "the and of for with from your how into by to an is you our my what why using about through on in do "
          "die come van par per",
    "fr": "et les pour avec aux au dans sur une l d à où vos votre sa ses leur leurs du des le il la de en un entre "
          "tu par je",
    "es": "y el los las del para con por al sin cómo qué tus su sus una desde hasta sobre lo como la de en un a "
          "entre tu",
    "pt": "e do da dos das em com ao à às nos nas um uma seu sua você na para por como sobre de a entre",
    "it": "il di della delle dei degli nel nella alla gli per con al e un una come su lo la le a in",
    "de": "der die das und mit für von zu im ein eine den dem auf wie ist zum zur du des an in",
    "nl": "het een voor met op naar bij je van de en is in",
}
# Letters that mark a language among TOLD_APART's Latin-script ones (not alone: é is French and Spanish).
LETTERS = {"fr": "éèêëàâçîïôùûœ", "es": "ñáéíóúü¿¡", "pt": "ãõçáéíóúâêô", "it": "àèéìòù", "de": "äöüß"}
_OWNERS: dict[str, frozenset[str]] = {}
for _language, _words in FUNCTION_WORDS.items():
    for _word in _words.split():
        _OWNERS[_word] = _OWNERS.get(_word, frozenset()) | {_language}
_WORD = re.compile(r"[^\W\d_]+")

_lock = threading.Lock()


@lru_cache(maxsize=8)
def _identifier(languages: tuple[str, ...]):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    known = set(identifier.nb_classes)  # a code the model lacks is left out rather than refused
    identifier.set_languages([language for language in languages if language in known])
    return identifier


def identify(text: str, languages: tuple[str, ...]) -> tuple[str, float]:
    """The most likely of ``languages`` for ``text``, and its probability among them."""
    identifier = _identifier(tuple(languages))
    with _lock:
        language, probability = identifier.classify(text)
    return language, float(probability)


def words(text: str) -> list[str]:
    """The words of ``text`` (runs of letters), lower case."""
    return _WORD.findall(text.lower())


def function_words(text: str, languages: Iterable[str] = TOLD_APART) -> Counter[str]:
    """How many of ``text``'s words belong to each of ``languages`` alone (FUNCTION_WORDS)."""
    among = frozenset(languages)
    found: Counter[str] = Counter()
    for word in words(text):
        owners = _OWNERS.get(word, frozenset()) & among
        if len(owners) == 1:
            found.update(owners)
    return found


def marked(text: str, language: str) -> bool:
    """Whether ``text`` holds one of ``language``'s function words or letters (FUNCTION_WORDS,
    LETTERS), shared with other languages or not: "Techniques Piano Course" holds none of French's."""
    return bool(set(words(text)) & set(FUNCTION_WORDS.get(language, "").split())
                or set(text.lower()) & set(LETTERS.get(language, "")))


def title_language(text: str, allowed: Iterable[str]) -> tuple[str | None, float]:
    """The language of a short text (a title, with its description if any) when it is one of
    ``allowed``, and its probability among ``allowed`` and TOLD_APART; None for the language when
    the most likely one is not allowed, or when the text holds more function words of another
    language than of that one."""
    allowed = tuple(dict.fromkeys(allowed))
    among = tuple(dict.fromkeys((*allowed, *TOLD_APART)))
    if not set(allowed) & set(_identifier(among).nb_classes):
        return None, 0.0  # none of the languages asked for is one py3langid knows
    language, probability = identify(text.lower(), among)  # Title Case and capitals read as words
    if language not in allowed:
        return None, probability
    found = function_words(text, among)
    if max((n for other, n in found.items() if other != language), default=0) > found[language]:
        return None, probability
    return language, probability


def warm_up(languages: tuple[str, ...]) -> None:
    _identifier(tuple(languages))
