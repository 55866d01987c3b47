"""Index the shipped default content into an empty store, once, even with several processes."""
from __future__ import annotations

import fcntl
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from knowledge_base.defaults import default_sources
from knowledge_base.settings import Settings
from knowledge_base.store import Store

from .pipeline import IngestReport, ingest_paths


@contextmanager
def _store_lock(settings: Settings) -> Iterator[None]:
    if settings.chroma_host:  # a server serialises writes itself
        yield
        return
    settings.store_dir.mkdir(parents=True, exist_ok=True)
    with open(Path(settings.store_dir) / ".stackwise.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_defaults(store: Store, settings: Settings) -> IngestReport | None:
    """Index the sample catalogue and definitions when the store is empty; else do nothing."""
    if not settings.index_defaults or not store.is_empty():
        return None
    with _store_lock(settings):
        if not store.is_empty():  # another process got there first
            return None
        return ingest_paths(default_sources(), store, progress=False)
