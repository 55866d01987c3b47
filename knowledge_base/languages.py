"""Telling which language a text is in: py3langid, restricted to the languages that can occur
(so Québec French with English words is still French, and Spanish is not taken for French).
One identifier per set of languages, loaded once (0.8 s of decompression) and shared."""
from __future__ import annotations

import threading
from functools import lru_cache

ANSWERED = ("en", "fr")  # the languages learners are answered in (messages, documents)

_lock = threading.Lock()


@lru_cache(maxsize=8)
def _identifier(languages: tuple[str, ...]):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(languages))
    return identifier


def identify(text: str, languages: tuple[str, ...]) -> tuple[str, float]:
    """The most likely of ``languages`` for ``text``, and its probability among them."""
    identifier = _identifier(tuple(languages))
    with _lock:
        language, probability = identifier.classify(text)
    return language, float(probability)


def warm_up(languages: tuple[str, ...]) -> None:
    _identifier(tuple(languages))
