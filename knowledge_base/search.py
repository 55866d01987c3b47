"""Hybrid search: Chroma vectors and BM25 terms, fused by reciprocal rank, under hard filters."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Generic, Sequence, TypeVar

import bm25s
import numpy as np
from threadpoolctl import threadpool_limits

from .columns import ProgramColumns
from .schema import CANADA_WIDE, Passage, Program
from .store import PASSAGES, PROGRAMS, VectorHit
from .text import fold, terms

RRF_K = 60
DENSE_POOL = 60
LEXICAL_POOL = 60
# Up to this many allowed records, their vectors are copied out and scored (at most 6 MB);
# beyond, every record is scored in place: a copy per concurrent search of a quarter of a
# 100,000-program catalogue (38 MB each) took the chat process over 2 GB under load.
SUBSET_ROWS = 4096
ANY_FUNDING = "*"  # a funding constraint met by any listed funding source


@dataclass(frozen=True)
class ProgramFilter:
    """Constraints a recommended program must meet. Unknown values never pass a constraint."""

    max_cost: float | None = None
    min_cost: float | None = None
    max_weeks: float | None = None
    max_hours: float | None = None
    delivery: frozenset[str] = frozenset()
    pace: str | None = None
    regions: frozenset[str] = frozenset()
    language: str | None = None
    levels: frozenset[str] = frozenset()
    funding: str | None = None
    exclude_types: frozenset[str] = frozenset()
    # Where the learner lives: in-person and hybrid programs must be there (or Canada-wide).
    home_region: str | None = None
    exclude_ids: frozenset[str] = frozenset()
    # A career centre's scope: never relaxed, whatever the learner asks.
    providers: frozenset[str] = frozenset()
    scope_regions: frozenset[str] = frozenset()
    scope_languages: frozenset[str] = frozenset()

    def failures(self, program: Program) -> list[str]:
        """Names of the constraints ``program`` breaks (empty when it fits)."""
        failed = []
        if self.max_cost is not None and (program.cost is None or program.cost > self.max_cost):
            failed.append("max_cost")
        if self.min_cost is not None and (program.cost is None or program.cost < self.min_cost):
            failed.append("min_cost")
        if self.max_weeks is not None and (program.duration_weeks is None or program.duration_weeks > self.max_weeks):
            failed.append("max_weeks")
        if self.max_hours is not None and (program.hours_per_week is None or program.hours_per_week > self.max_hours):
            failed.append("max_hours")
        if self.delivery and (program.delivery is None or program.delivery.value not in self.delivery):
            failed.append("delivery")
        if self.pace and (program.pace is None or program.pace.value != self.pace):
            failed.append("pace")
        if self.regions and program.region not in self.regions | {CANADA_WIDE}:
            failed.append("region")
        if self.language and program.language != self.language:
            failed.append("language")
        if self.levels and (program.level is None or program.level.value not in self.levels):
            failed.append("level")
        if self.funding == ANY_FUNDING and not program.funding:
            failed.append("funding")
        elif self.funding and self.funding != ANY_FUNDING and not any(fold(self.funding) in fold(f) for f in program.funding):
            failed.append("funding")
        if self.exclude_types and program.credential_type.value in self.exclude_types:
            failed.append("credential_type")
        if self.home_region and program.delivery is not None and program.delivery.value != "online" \
                and program.region not in {self.home_region, CANADA_WIDE}:
            failed.append("home_region")
        if program.id in self.exclude_ids:
            failed.append("completed")
        if self.providers and program.provider not in self.providers:
            failed.append("scope")
        elif self.scope_regions and program.region not in self.scope_regions | {CANADA_WIDE}:
            failed.append("scope")
        elif self.scope_languages and program.language not in self.scope_languages:
            failed.append("scope")
        return failed

    def accepts(self, program: Program) -> bool:
        return not self.failures(program)

    def mask(self, columns: ProgramColumns) -> np.ndarray:
        """The same test as ``accepts``, for every program of ``columns`` at once."""
        mask = columns.everything()
        if self.max_cost is not None:
            mask &= columns.at_most("cost", self.max_cost)
        if self.min_cost is not None:
            mask &= columns.at_least("cost", self.min_cost)
        if self.max_weeks is not None:
            mask &= columns.at_most("duration_weeks", self.max_weeks)
        if self.max_hours is not None:
            mask &= columns.at_most("hours_per_week", self.max_hours)
        if self.delivery:
            mask &= columns.among("delivery", self.delivery)
        if self.pace:
            mask &= columns.among("pace", [self.pace])
        if self.regions:
            mask &= columns.among("region", self.regions | {CANADA_WIDE})
        if self.language:
            mask &= columns.among("language", [self.language])
        if self.levels:
            mask &= columns.among("level", self.levels)
        if self.funding == ANY_FUNDING:
            mask &= columns.with_any_funding()
        elif self.funding:
            mask &= columns.with_funding_like(self.funding)
        if self.exclude_types:
            mask &= ~columns.among("credential_type", self.exclude_types)
        if self.home_region:
            mask &= columns.among("delivery", ["online"]) | columns.among("region", [self.home_region, CANADA_WIDE])
        if self.exclude_ids:
            mask &= columns.excluding(self.exclude_ids)
        if self.providers:
            mask &= columns.among("provider", self.providers)
        if self.scope_regions:
            mask &= columns.among("region", self.scope_regions | {CANADA_WIDE})
        if self.scope_languages:
            mask &= columns.among("language", self.scope_languages)
        return mask

    def where(self) -> dict | None:
        """The same constraints as a Chroma ``where`` clause (funding is checked afterwards),
        for querying the store directly; retrieval filters in memory, and the tests hold its
        answers equal to Chroma's under this clause."""
        clauses: list[dict] = []
        if self.max_cost is not None:
            clauses.append({"cost": {"$lte": self.max_cost}})
        if self.min_cost is not None:
            clauses.append({"cost": {"$gte": self.min_cost}})
        if self.max_weeks is not None:
            clauses.append({"duration_weeks": {"$lte": self.max_weeks}})
        if self.max_hours is not None:
            clauses.append({"hours_per_week": {"$lte": self.max_hours}})
        if self.delivery:
            clauses.append({"delivery": {"$in": sorted(self.delivery)}})
        if self.pace:
            clauses.append({"pace": self.pace})
        if self.regions:
            clauses.append({"region": {"$in": sorted(self.regions | {CANADA_WIDE})}})
        if self.language:
            clauses.append({"language": self.language})
        if self.levels:
            clauses.append({"level": {"$in": sorted(self.levels)}})
        if self.exclude_types:
            clauses.append({"credential_type": {"$nin": sorted(self.exclude_types)}})
        if self.home_region:
            clauses.append({"$or": [{"delivery": "online"},
                                    {"region": {"$in": sorted({self.home_region, CANADA_WIDE})}}]})
        if self.providers:
            clauses.append({"provider": {"$in": sorted(self.providers)}})
        if self.scope_regions:
            clauses.append({"region": {"$in": sorted(self.scope_regions | {CANADA_WIDE})}})
        if self.scope_languages:
            clauses.append({"language": {"$in": sorted(self.scope_languages)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


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
        self.records = list(records)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.kind = kind  # PROGRAMS or PASSAGES
        self.by_id = {r.id: r for r in self.records}
        self.position = {r.id: i for i, r in enumerate(self.records)}
        self.lexical = _LexicalIndex([r.search_text() for r in self.records])

    def search(self, query: str, vector: np.ndarray, *, allowed: np.ndarray | None = None,
               limit: int = 20) -> list[Hit[R]]:
        """Records for ``query``, best first; ``allowed`` (one flag per record) filters them."""
        if not self.records:
            return []
        if allowed is not None and not allowed.any():
            return []
        dense_hits = self._dense(vector, allowed)
        mask = None if allowed is None else allowed.astype(np.float32)
        lexical_hits = [(self.records[i].id, s) for i, s in self.lexical.scores(terms(query), mask, LEXICAL_POOL)]
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

    def _dense(self, vector: np.ndarray, allowed: np.ndarray | None) -> list[VectorHit]:
        """The ``DENSE_POOL`` nearest allowed records, scored exactly by one matrix product.

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
        top = np.arange(len(chosen)) if len(chosen) <= DENSE_POOL else np.argpartition(-scores, DENSE_POOL)[:DENSE_POOL]
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
