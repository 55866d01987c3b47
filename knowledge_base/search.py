"""Hybrid search: Chroma vectors and BM25 terms, fused by reciprocal rank, under hard filters."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Generic, Protocol, TypeVar

import bm25s
import numpy as np
from threadpoolctl import threadpool_limits

from .columns import ProgramColumns
from .schema import Passage, Program
from .store import PASSAGES, PROGRAMS, VectorHit
from .text import terms

RRF_K = 60
DENSE_POOL = 60
LEXICAL_POOL = 60
# Up to this many allowed records, their vectors are copied out and scored (at most 6 MB);
# beyond, every record is scored in place: a copy per concurrent search of a quarter of a
# 100,000-program catalogue (38 MB each) took the chat process over 2 GB under load.
SUBSET_ROWS = 4096


class Filter(Protocol):
    """What a program search is limited to: a mask over the catalogue's columns, one row per
    program (``guidance.constraints.ProgramFilter`` is the one the assistant uses)."""

    def mask(self, columns: ProgramColumns) -> np.ndarray: ...


R = TypeVar("R", Program, Passage)


@dataclass
class Hit(Generic[R]):
    """One fused result with the evidence behind its rank."""

    record: R
    score: float
    similarity: float  # cosine similarity of query and record
    lexical: float  # BM25 score (0 when no query term occurs)


class _LexicalIndex:
    """BM25 over the records' search texts."""

    def __init__(self, texts: Sequence[str]):
        self.size = len(texts)
        self.bm25 = bm25s.BM25()
        if texts:
            self.bm25.index([terms(t) or ["<empty>"] for t in texts], show_progress=False)

    def scores(self, query_terms: list[str], mask: np.ndarray | None, limit: int) -> list[tuple[int, float]]:
        if not self.size:
            return []
        known = [t for t in query_terms if t in self.bm25.vocab_dict]
        if not known:
            return []
        k = min(limit, self.size)
        # n_threads=0 scores inline: any other value starts a thread pool for every search.
        docs, scores = self.bm25.retrieve([known], k=k, show_progress=False, weight_mask=mask, n_threads=0)
        return [(int(d), float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]


def _fuse(dense: list[tuple[str, float]], lexical: list[tuple[str, float]]) -> dict[str, float]:
    fused: dict[str, float] = {}
    for ranking in (dense, lexical):
        for rank, (record_id, _) in enumerate(ranking):
            fused[record_id] = fused.get(record_id, 0.0) + 1.0 / (RRF_K + rank + 1)
    return fused


class HybridIndex(Generic[R]):
    """Hybrid search over one collection's records: vectors and BM25, fused by RRF.

    The index holds the records' vectors beside them (as stored in Chroma, row for row) and
    scores them itself; it is plain data that is saved with a catalogue snapshot."""

    def __init__(self, records: Sequence[R], vectors: np.ndarray, kind: str):
        if len(vectors) != len(records):
            raise ValueError(f"{len(records)} {kind} but {len(vectors)} vectors")
        self.records: list[R] = list(records)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.kind = kind  # PROGRAMS or PASSAGES
        self.by_id: dict[str, R] = {r.id: r for r in self.records}
        self.position: dict[str, int] = {r.id: i for i, r in enumerate(self.records)}
        self.lexical = _LexicalIndex([r.search_text() for r in self.records])

    def search(self, query: str, vector: np.ndarray, *, allowed: np.ndarray | None = None,
               limit: int = 20) -> list[Hit[R]]:
        """Records for ``query``, best first; ``allowed`` (one flag per record) filters them. Each
        ranking brings at least ``limit`` candidates (``DENSE_POOL`` and ``LEXICAL_POOL`` at least)."""
        if not self.records:
            return []
        if allowed is not None and not allowed.any():
            return []
        dense_hits = self._dense(vector, allowed, max(DENSE_POOL, limit))
        mask = None if allowed is None else allowed.astype(np.float32)
        lexical_hits = [(self.records[i].id, s)
                        for i, s in self.lexical.scores(terms(query), mask, max(LEXICAL_POOL, limit))]
        similarity = {h.id: h.similarity for h in dense_hits}
        similarity.update(self.similarity([i for i, _ in lexical_hits if i not in similarity], vector))
        lexical_score = dict(lexical_hits)
        hits = [
            Hit(record=self.by_id[record_id], score=score, similarity=similarity.get(record_id, 0.0),
                lexical=lexical_score.get(record_id, 0.0))
            for record_id, score in _fuse([(h.id, h.similarity) for h in dense_hits], lexical_hits).items()
        ]
        hits.sort(key=lambda h: h.score, reverse=True)
        return hits[:limit]

    def _dense(self, vector: np.ndarray, allowed: np.ndarray | None, pool: int = DENSE_POOL) -> list[VectorHit]:
        """The ``pool`` nearest allowed records, scored exactly by one matrix product.

        Chroma's HNSW index is not queried while serving. Its filtered query took 90-250 ms at
        100,000 programs with a ``where`` clause on a common field, and filtering a wide
        unfiltered pool misses when the filter is narrow; unfiltered, it answered in about 1 ms
        but held a second copy of every vector (200 MB at 100,000 programs, twice during a
        version switch). The product over every row takes under 1 ms at 10,000 programs and
        about 10 ms at 100,000, and is exact.
        """
        _single_threaded_blas()
        chosen = np.arange(len(self.records)) if allowed is None else np.flatnonzero(allowed)
        if len(chosen) > SUBSET_ROWS:  # one product over every row: no copy of the allowed rows
            scores = (self.vectors @ vector)[chosen]
        else:
            scores = self.vectors[chosen] @ vector
        top = np.arange(len(chosen)) if len(chosen) <= pool else np.argpartition(-scores, pool)[:pool]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [VectorHit(id=self.records[chosen[i]].id, similarity=float(scores[i])) for i in top]

    def similarity(self, ids: Sequence[str], vector: np.ndarray) -> dict[str, float]:
        """Cosine similarity of the query with named records (vectors are unit length)."""
        if not ids:
            return {}
        rows = [self.position[i] for i in ids]
        return dict(zip(ids, (float(s) for s in self.vectors[rows] @ vector)))


@cache
def _single_threaded_blas() -> None:
    """Score vectors with one BLAS thread, for the whole process, from the first search on.

    The products are small (a few milliseconds at most), and OpenBLAS's threads keep spinning
    for a while after each one: on two cores they took the CPU from the model's own thread
    pool, and the next embedding took 50-110 ms instead of 8-13 ms (one turn in ten at 10,000
    programs, found by timing each stage of the slowest turns)."""
    threadpool_limits(limits=1, user_api="blas")


def program_index(programs: Sequence[Program], vectors: np.ndarray) -> HybridIndex[Program]:
    return HybridIndex(programs, vectors, PROGRAMS)


def passage_index(passages: Sequence[Passage], vectors: np.ndarray) -> HybridIndex[Passage]:
    return HybridIndex(passages, vectors, PASSAGES)
