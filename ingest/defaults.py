"""Index the shipped default content into an empty store, once, even with several processes."""
from __future__ import annotations

import fcntl
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from knowledge_base.defaults import definitions_dir, sample_catalogue
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


def _missing_defaults(store: Store) -> list[Path]:
    counts = store.counts()
    missing = []
    if counts["programs"] == 0:
        missing.append(sample_catalogue())
    if counts["passages"] == 0:
        missing.append(definitions_dir())
    return missing


def ensure_defaults(store: Store, settings: Settings) -> IngestReport | None:
    """Index the sample catalogue into a store without programs, and the definitions
    documents into one without passages; a store with both is left as it is."""
    if not settings.index_defaults or not _missing_defaults(store):
        return None
    with _store_lock(settings):
        missing = _missing_defaults(store)  # another process may have got there first
        return ingest_paths(missing, store, progress=False) if missing else None
