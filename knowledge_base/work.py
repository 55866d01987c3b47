"""What a turn asked of the model and the indexes, recorded so it can be done again alone.

The benchmark's floor for a chat turn is the same work without the reading, ranking and
writing around it: embedding exactly the texts the turn embedded and running exactly the
searches it ran. ``recording()`` collects both for the calling thread; the embedder and the
catalogue report to it, and nothing is kept when no recording is open.

    with recording() as work:
        assistant.reply(message, conversation)
    work.replay(embedder)   # the same embeddings and searches, nothing else
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .embeddings import Embedder

_open = threading.local()


@dataclass
class Work:
    """Embedding calls (their texts and side) and searches (ready to run again), in order."""

    embeddings: list[tuple[tuple[str, ...], bool]] = field(default_factory=list)
    searches: list[Callable[[], object]] = field(default_factory=list)

    @property
    def texts_embedded(self) -> int:
        return sum(len(texts) for texts, _ in self.embeddings)

    def replay(self, embedder: Embedder) -> None:
        """Embed the same texts with the model (never from a cache), then run the same searches."""
        for texts, query in self.embeddings:
            embedder.encode_uncached(texts, query)
        for search in self.searches:
            search()


@contextmanager
def recording() -> Iterator[Work]:
    """Record the work this thread asks for until the block ends."""
    work, previous = Work(), getattr(_open, "work", None)
    _open.work = work
    try:
        yield work
    finally:
        _open.work = previous


def note_embedding(texts: tuple[str, ...], query: bool) -> None:
    work = getattr(_open, "work", None)
    if work is not None and texts:
        work.embeddings.append((texts, query))


def note_search(search: Callable[[], object]) -> None:
    work = getattr(_open, "work", None)
    if work is not None:
        work.searches.append(search)
