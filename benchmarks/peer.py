"""The retriever a developer would otherwise pick: langchain-chroma's ``similarity_search``.

Same model (through a langchain ``Embeddings`` over Stackwise's embedder), same record texts,
same metadata and the same Chroma ``where`` filter as the turn it stands beside; the learner's
whole message as the query and the five nearest programs as the answer. Nothing else: no
reading, no fields, no "nothing fits".

Needs ``pip install -r requirements-bench.txt``.
"""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from chromadb.config import Settings as ChromaSettings
from langchain_core.embeddings import Embeddings

from knowledge_base.embeddings import Embedder
from knowledge_base.schema import Program
from knowledge_base.store import Store, program_metadata

COLLECTION = "peer_programs"
BATCH = 256


class StackwiseEmbeddings(Embeddings):
    """The packaged e5 model as langchain sees an embedding model."""

    def __init__(self, embedder: Embedder):
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()


class Peer:
    """A langchain-chroma vector store over a catalogue, in its own folder."""

    def __init__(self, folder: Path, embedder: Embedder):
        from langchain_chroma import Chroma

        self.store = Chroma(collection_name=COLLECTION, embedding_function=StackwiseEmbeddings(embedder),
                            persist_directory=str(folder), collection_metadata={"hnsw:space": "cosine"},
                            client_settings=ChromaSettings(anonymized_telemetry=False, is_persistent=True,
                                                           persist_directory=str(folder)))

    def ingest(self, programs: list[Program]) -> float:
        """Embed and add the programs as langchain does (``add_texts``); the seconds it took."""
        started = time.perf_counter()
        for start in range(0, len(programs), BATCH):
            chunk = programs[start:start + BATCH]
            self.store.add_texts([p.embedding_text() for p in chunk], metadatas=[program_metadata(p) for p in chunk],
                                 ids=[p.id for p in chunk])
        return time.perf_counter() - started

    def copy_from(self, store: Store) -> None:
        """Fill the peer with a Stackwise store's programs and their very vectors (the same
        model's output, without embedding 10,000 texts a second time)."""
        programs, vectors = store.programs_with_vectors()
        collection = self.store._collection
        for start in range(0, len(programs), BATCH):
            chunk = programs[start:start + BATCH]
            collection.upsert(ids=[p.id for p in chunk], embeddings=np.asarray(vectors[start:start + len(chunk)]),
                              documents=[p.embedding_text() for p in chunk],
                              metadatas=[program_metadata(p) for p in chunk])

    def search(self, message: str, where: dict | None, k: int = 5) -> list[str]:
        """The ids of the ``k`` programs nearest the message that pass ``where``."""
        return [doc.id for doc in self.store.similarity_search(message, k=k, filter=where)]

    def count(self) -> int:
        return self.store._collection.count()
