"""Index the shipped default content into an empty store, once, even with several processes."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from knowledge_base.defaults import definitions_dir, sample_catalogue, shipped_vectors, write_shipped_vectors
from knowledge_base.embeddings import get_embedder
from knowledge_base.versions import catalogue_versions
from stackwise.settings import Settings

from .pipeline import IngestOptions, IngestReport, ingest_paths


def missing_defaults(settings: Settings) -> list[Path]:
    """The shipped content a store still lacks: the sample catalogue when it has no programs,
    the definitions documents when it has no passages."""
    with catalogue_versions(settings) as versions:
        current = versions.current()
        if current is None:
            return [sample_catalogue(), definitions_dir()]
        store = versions.open(current)
    try:
        counts = store.counts()
    finally:
        store.close()
    return [path for path, kind in ((sample_catalogue(), "programs"), (definitions_dir(), "passages"))
            if counts[kind] == 0]


def ensure_defaults(settings: Settings, on_progress: Callable[[str, int, int], None] | None = None
                    ) -> IngestReport | None:
    """Index the shipped content a store lacks (first start); a store with both is left alone.
    Two processes starting at once are safe: the ingest runs under the store's lock and the
    second finds nothing left to change. ``on_progress(what, done, total)`` follows the embedding."""
    if not settings.index_defaults:
        return None
    missing = missing_defaults(settings)
    if not missing:
        return None
    get_embedder().seed(shipped_vectors())  # what the model would compute, computed once before shipping
    return ingest_paths(missing, settings, IngestOptions(progress=False, on_progress=on_progress))


def build_shipped_vectors() -> Path:
    """Index the shipped content into a fresh store with an empty cache and write every vector
    that took as the shipped vectors (``python -m ingest.defaults`` after changing the content)."""
    import tempfile

    embedder = get_embedder()
    assert not embedder.cached(), "run in a fresh process: the cache must start empty"
    with tempfile.TemporaryDirectory() as folder:
        ingest_paths([sample_catalogue(), definitions_dir()], Settings(store_dir=Path(folder)),
                     IngestOptions(progress=False))
    return write_shipped_vectors(embedder.cached())


if __name__ == "__main__":
    print(f"wrote {build_shipped_vectors()}")
