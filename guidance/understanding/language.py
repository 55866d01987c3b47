"""The language a message is written in, among the languages learners here write (the
catalogue's languages, and Spanish, the one most often mistaken for French)."""
from __future__ import annotations

from knowledge_base import languages

LANGUAGES = ("en", "fr", "es")
CONFIDENT = 0.9  # below this, a short message keeps the conversation's language


def warm_up() -> None:
    """Load the identifier's model now rather than in a learner's first question."""
    languages.warm_up(LANGUAGES)


def detect(text: str, previous: str | None = None) -> str:
    """``en``, ``fr``, ``es``...: the message's language; ``previous`` when it is too short to tell."""
    letters = sum(ch.isalpha() for ch in text)
    if letters < 3:
        return previous or "en"
    language, confidence = languages.identify(text, LANGUAGES)
    if confidence < CONFIDENT and previous:
        return previous
    return language
