"""The Chroma store: one collection of programs, one of document passages.

Each record keeps its full JSON and a content hash in its metadata, beside the flat fields
used for filtering, so the store can be read back into typed models and re-ingests can
skip what has not changed.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from stackwise.settings import Settings, get_settings

from .embeddings import DIMENSIONS, FUNCTION_NAME, Embedder, StackwiseEmbeddingFunction, get_embedder
from .errors import StoreUnavailable
from .schema import Passage, Program

PROGRAMS = "programs"
PASSAGES = "passages"
_PAGE = 2000

T = TypeVar("T", Program, Passage)
log = logging.getLogger(__name__)


def keep_private(folder: Path) -> None:
    """Make the data this process writes readable by its own user alone: ``folder`` 0700, and
    from now on every file and folder the process creates 0600 / 0700 (a umask of 077 for the
    whole process: Chroma creates its database, index segments and their journals, and SQLite
    its -wal and -shm files, as they write, out of reach of a chmod at start)."""
    os.umask(0o077)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        folder.chmod(0o700)  # one made before, by an older version, is tightened too
    except OSError as exc:  # a folder of another user (a read-only mount): used as it is
        log.warning("cannot make %s private: %s", folder, exc)


def open_client(settings: Settings) -> chromadb.ClientAPI:
    """An embedded ``PersistentClient``, or an ``HttpClient`` when a server is configured."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if settings.chroma_host:
            return chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, ssl=settings.chroma_ssl,
                settings=chroma_settings,
            )
        keep_private(settings.store_dir)
        return chromadb.PersistentClient(path=str(settings.store_dir), settings=chroma_settings)
    except Exception as exc:  # chroma raises many types; the edge needs one message
        where = f"{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else settings.store_dir
        raise StoreUnavailable(f"cannot open the Chroma store at {where}: {exc}") from exc


def close_client(client: chromadb.ClientAPI) -> None:
    """Release a Chroma client: chromadb's ``Client`` has ``close``, its ``ClientAPI`` protocol does not.
    An ``HttpClient``'s connection pools are closed too: chromadb 1.5 stops its Systems (the
    client's and its admin client's, one each per HTTP client) but leaves their sockets open."""
    close = getattr(client, "close", None)
    if close is None:
        return
    close()
    for part in (client, getattr(client, "_admin_client", None)):
        session = getattr(getattr(part, "_server", None), "_session", None)
        if session is not None and hasattr(session, "close"):
            session.close()


@dataclass(frozen=True)
class VectorHit:
    id: str
    similarity: float  # cosine similarity, 1.0 is identical


def program_metadata(program: Program) -> dict[str, Any]:
    """Flat metadata for Chroma filters, plus the full record and its hash."""
    meta: dict[str, Any] = {
        "record": program.model_dump_json(),
        "hash": program.content_hash(),
        "credential_type": program.credential_type.value,
        "provider": program.provider,
        "source": program.source or "",
        "funding": ";".join(program.funding),
    }
    optional: dict[str, object] = {
        "level": program.level, "delivery": program.delivery, "pace": program.pace,
        "region": program.region, "language": program.language, "cost": program.cost,
        "duration_weeks": program.duration_weeks, "hours_per_week": program.hours_per_week,
        "total_hours": program.total_hours, "least_weeks": program.least_weeks,
        "hours_in_all": program.hours_in_all,
    }
    for key, value in optional.items():  # None removes a field an overwritten record had
        meta[key] = value.value if isinstance(value, Enum) else value
    return meta


def passage_metadata(passage: Passage) -> dict[str, Any]:
    return {"record": passage.model_dump_json(), "hash": passage.content_hash(), "document_id": passage.document_id}


class Store:
    """Typed access to the programs and passages collections."""

    def __init__(self, client: chromadb.ClientAPI, embedder: Embedder, suffix: str = ""):
        self.client = client
        self.embedder = embedder
        self.programs = _collection(client, PROGRAMS + suffix)
        self.passages = _collection(client, PASSAGES + suffix)

    @classmethod
    def open(cls, settings: Settings | None = None, suffix: str = "") -> Store:
        """The collections of a store folder, or, on a Chroma server, those named with ``suffix``."""
        settings = settings or get_settings()
        return cls(open_client(settings), get_embedder(), suffix)

    # ---- reading -------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        return {PROGRAMS: self.programs.count(), PASSAGES: self.passages.count()}

    def program_hashes(self) -> dict[str, str]:
        return dict(_hashes(self.programs))

    def passage_hashes(self) -> dict[str, str]:
        return dict(_hashes(self.passages))

    def all_programs(self) -> list[Program]:
        return [program for program, _ in _records(self.programs, Program)]

    def programs_with_hashes(self) -> list[tuple[Program, str]]:
        """Every program with the content hash stored beside it (one read, no re-hashing)."""
        return list(_records(self.programs, Program))

    def all_passages(self) -> list[Passage]:
        return [passage for passage, _ in _records(self.passages, Passage)]

    def programs_with_vectors(self) -> tuple[list[Program], np.ndarray]:
        """Every program and, row for row, its stored vector (one read)."""
        return _with_vectors(self.programs, ["metadatas"], _parser(Program))

    def passages_with_vectors(self) -> tuple[list[Passage], np.ndarray]:
        return _with_vectors(self.passages, ["metadatas"], _parser(Passage))

    def program_vectors(self) -> tuple[list[str], np.ndarray]:
        """Every program's id and vector, in store order (without reading the records)."""
        return _with_vectors(self.programs, [], lambda page: page["ids"])

    def nearest_programs(self, vector: np.ndarray, limit: int, where: dict | None = None) -> list[VectorHit]:
        return _nearest(self.programs, vector, limit, where)

    def nearest_passages(self, vector: np.ndarray, limit: int) -> list[VectorHit]:
        return _nearest(self.passages, vector, limit, None)

    # ---- writing -------------------------------------------------------------------

    def upsert_programs(self, programs: Sequence[Program], vectors: np.ndarray | None = None) -> None:
        self._upsert(self.programs, programs, vectors, program_metadata)

    def update_program_metadata(self, programs: Sequence[Program]) -> None:
        """Rewrite programs whose search text is unchanged (a new price, a new source): their
        stored text and vector stay as they are."""
        batch = self._batch()
        for start in range(0, len(programs), batch):
            chunk = programs[start:start + batch]
            self.programs.update(ids=[p.id for p in chunk], metadatas=[program_metadata(p) for p in chunk])

    def upsert_passages(self, passages: Sequence[Passage], vectors: np.ndarray | None = None) -> None:
        self._upsert(self.passages, passages, vectors, passage_metadata)

    def _upsert(self, collection: Any, records: Sequence[T], vectors: np.ndarray | None, metadata) -> None:
        if vectors is None:
            vectors = self.embedder.embed([r.embedding_text() for r in records])
        batch = self._batch()
        for start in range(0, len(records), batch):
            chunk = records[start:start + batch]
            collection.upsert(
                ids=[r.id for r in chunk], embeddings=vectors[start:start + len(chunk)],
                documents=[r.search_text() for r in chunk], metadatas=[metadata(r) for r in chunk],
            )

    def delete_programs(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        for start in range(0, len(ids), self._batch()):
            self.programs.delete(ids=ids[start:start + self._batch()])

    def delete_passages(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        for start in range(0, len(ids), self._batch()):
            self.passages.delete(ids=ids[start:start + self._batch()])

    def copy_to(self, other: Store, *, skip_programs: set[str], skip_passages: set[str]) -> None:
        """Copy every record but the skipped ones into ``other``, with its stored vector (no
        re-embedding): how a new version starts from the current one on a Chroma server."""
        for source, target, skip in ((self.programs, other.programs, skip_programs),
                                     (self.passages, other.passages, skip_passages)):
            for page in _pages(source, ["embeddings", "documents", "metadatas"]):
                keep = [i for i, record_id in enumerate(page["ids"]) if record_id not in skip]
                for start in range(0, len(keep), self._batch()):
                    chunk = keep[start:start + self._batch()]
                    target.upsert(
                        ids=[page["ids"][i] for i in chunk],
                        embeddings=np.asarray(page["embeddings"])[chunk],
                        documents=[page["documents"][i] for i in chunk],
                        metadatas=[page["metadatas"][i] for i in chunk],
                    )

    def close(self) -> None:
        """Release the Chroma client (its files stay as they are)."""
        close_client(self.client)

    def _batch(self) -> int:
        return min(self.client.get_max_batch_size(), 1000)


def _pages(collection: Any, include: list[str]) -> Iterator[dict]:
    offset = 0
    while True:
        page = collection.get(include=include, limit=_PAGE, offset=offset)
        if not page["ids"]:
            return
        yield page
        offset += len(page["ids"])


def _hashes(collection: Any) -> Iterator[tuple[str, str]]:
    for page in _pages(collection, ["metadatas"]):
        for record_id, meta in zip(page["ids"], page["metadatas"]):
            yield record_id, (meta or {}).get("hash", "")


def _records(collection: Any, model: type[T]) -> Iterator[tuple[T, str]]:
    parse = _parser(model)
    for page in _pages(collection, ["metadatas"]):
        yield from zip(parse(page), (meta.get("hash", "") for meta in page["metadatas"]))


def _with_vectors(collection: Any, include: list[str], items: Callable[[dict], Iterable]) -> tuple[list, np.ndarray]:
    """What ``items`` reads from each page of ``collection`` and, row for row, the stored vectors."""
    found: list = []
    vectors: list[np.ndarray] = []
    for page in _pages(collection, [*include, "embeddings"]):
        found.extend(items(page))
        vectors.append(np.asarray(page["embeddings"], dtype=np.float32))
    return found, np.concatenate(vectors) if vectors else np.zeros((0, DIMENSIONS), dtype=np.float32)


def _parser(model: type[T]) -> Callable[[dict], Iterator[T]]:
    """Reads the records of a page from their metadata, where each is kept whole as JSON."""
    return lambda page: (model.model_validate_json(meta["record"]) for meta in page["metadatas"])


def _nearest(collection: Any, vector: np.ndarray, limit: int, where: dict | None) -> list[VectorHit]:
    """Up to ``limit`` nearest records. Chroma returns fewer when the collection holds fewer,
    so nothing is counted first (a count costs 10 ms at 100,000 records)."""
    if limit <= 0:
        return []
    result = collection.query(query_embeddings=[vector], n_results=limit, where=where or None, include=["distances"])
    return [VectorHit(id=i, similarity=1.0 - float(d)) for i, d in zip(result["ids"][0], result["distances"][0])]


def _collection(client: chromadb.ClientAPI, name: str):
    """A collection opened with the project's embedding function; one written with another
    model cannot be searched with this one, so it is refused with what to do."""
    try:
        existing = client.get_collection(name)
    except Exception:  # not there yet (each Chroma version names this error differently)
        existing = None
    if existing is not None:
        configured = (existing.configuration_json or {}).get("embedding_function") or {}
        if configured.get("name") not in (None, FUNCTION_NAME):
            raise StoreUnavailable(
                f"the collection {name!r} was embedded with another model ({configured.get('name')}); "
                f"delete the store folder and run python -m ingest again to rebuild it")
    return client.get_or_create_collection(name, embedding_function=StackwiseEmbeddingFunction(),  # type: ignore[arg-type]
                                           metadata={"hnsw:space": "cosine"})
