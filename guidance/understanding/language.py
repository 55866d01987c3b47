"""The language a message is written in, by py3langid restricted to the languages learners
here write (so Québec French with English words is still French, and Spanish is not French)."""
from __future__ import annotations

import threading
from functools import lru_cache

LANGUAGES = ("en", "fr", "es")  # the catalogue's languages and the one most often mistaken for French
CONFIDENT = 0.9  # below this, a short message keeps the conversation's language

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def warm_up() -> None:
    """Load the identifier's model now (0.8 s of decompression) rather than in a learner's
    first question."""
    _identifier()


def detect(text: str, previous: str | None = None) -> str:
    """``en``, ``fr``, ``es``...: the message's language; ``previous`` when it is too short to tell."""
    letters = sum(ch.isalpha() for ch in text)
    if letters < 3:
        return previous or "en"
    with _lock:
        language, confidence = _identifier().classify(text)
    if confidence < CONFIDENT and previous:
        return previous
    return language


def warm_up() -> None:
    _identifier()
