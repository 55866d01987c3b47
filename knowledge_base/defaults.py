"""The default content shipped with Stackwise: a sample catalogue, definitions documents, and
the model's vectors for every text that indexing them embeds (``vectors.npz``), so that a first
start reads them instead of running the model on two cores for half a minute."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .embeddings import MODEL_NAME

CONTENT_DIR = Path(__file__).resolve().parent / "content"


def sample_catalogue() -> Path:
    return CONTENT_DIR / "catalogue.csv"


def definitions_dir() -> Path:
    return CONTENT_DIR / "documents"


def shipped_vectors_path() -> Path:
    return CONTENT_DIR / "vectors.npz"


def shipped_vectors(path: Path | None = None) -> list[tuple[bool, str, np.ndarray]]:
    """The shipped vectors as (query side, text, vector); none when the file is missing or was
    made by another model (then the first start computes them, as for any catalogue)."""
    path = path or shipped_vectors_path()
    if not path.exists():
        return []
    with np.load(path, allow_pickle=False) as data:
        if str(data["model"]) != MODEL_NAME:
            return []
        return [(bool(q), str(t), v) for q, t, v in zip(data["query"], data["texts"], data["vectors"])]


def write_shipped_vectors(entries: list[tuple[bool, str, np.ndarray]], path: Path | None = None) -> Path:
    """Write (query side, text, vector) entries as the shipped vectors."""
    path = path or shipped_vectors_path()
    np.savez_compressed(path, model=np.array(MODEL_NAME), query=np.array([q for q, _, _ in entries], dtype=bool),
                        texts=np.array([t for _, t, _ in entries], dtype=str),
                        vectors=np.stack([v for _, _, v in entries]).astype(np.float32))
    return path
