"""Catalogue versions: each one complete, published by an atomic pointer switch.

Embedded (a store folder)::

    STORE/
      CURRENT              name of the published version, replaced atomically (os.replace)
      versions/v0007/      a Chroma folder; COMPLETE is written inside once fully built
      .ingest.lock         held (flock) by the one process building a version

On a Chroma server, a version is the pair of collections ``programs_v0007`` and
``passages_v0007``; "complete" is a flag in the programs collection's metadata and CURRENT is
the metadata of the ``stackwise_versions`` collection, changed in one server call.

Chroma's PersistentClient must not be written by two processes at once, so a version is
written by exactly one ingest process and only read once published. Readers look at CURRENT
and switch to a newer version between two questions; a build killed at any point leaves an
unpublished version that the next build removes, and the previous version serving.
"""
from __future__ import annotations

import fcntl
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from stackwise.settings import Settings

from .errors import KnowledgeBaseError, StoreUnavailable
from .store import PASSAGES, PROGRAMS, Store, close_client, keep_private, open_client

KEEP_VERSIONS = 3  # published versions kept besides the current one, for rollback
SNAPSHOT = "catalogue.snapshot"
_NAME = re.compile(r"^v(\d{4,})$")
_COMPLETE = "COMPLETE"
_CHROMA_DB = "chroma.sqlite3"  # PersistentClient's database, beside one folder per vector index


class NoCatalogue(KnowledgeBaseError):
    """The store has no published catalogue version yet."""


def catalogue_versions(settings: Settings) -> CatalogueVersions:
    """The versions of the configured store: a folder, or a Chroma server."""
    return ServerVersions(settings) if settings.chroma_host else CatalogueVersions(settings)


class CatalogueVersions:
    """The versions of one store folder."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.root = Path(settings.store_dir)
        self.folder = self.root / "versions"

    def close(self) -> None:
        """Release what listing the versions holds (a folder holds nothing; a server, a client)."""

    def __enter__(self) -> CatalogueVersions:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def open(self, name: str) -> Store:
        """The collections of version ``name``."""
        return Store.open(self.settings_for(name))

    # ---- reading -------------------------------------------------------------------

    def current(self) -> str | None:
        """The published version's name (a small file read: cheap enough for every question)."""
        try:
            name = (self.root / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name if _NAME.match(name) and self.is_complete(name) else None

    def path(self, name: str) -> Path:
        return self.folder / name

    def is_complete(self, name: str) -> bool:
        return (self.path(name) / _COMPLETE).exists()

    def published(self) -> list[str]:
        """Complete versions, oldest first."""
        return [n for n in self._names() if self.is_complete(n)]

    def settings_for(self, name: str) -> Settings:
        return self.settings.with_store(self.path(name))

    def snapshot_path(self, name: str) -> Path:
        """Where version ``name``'s catalogue snapshot lives: inside its folder, removed with it."""
        return self.path(name) / SNAPSHOT

    # ---- writing (under the lock) --------------------------------------------------

    @contextmanager
    def lock(self) -> Iterator[None]:
        """One builder at a time; a killed builder's lock is released by the kernel."""
        keep_private(self.root)
        with open(self.root / ".ingest.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def new_draft(self) -> str:
        """Name (and, for a folder, create) the next version; call under the lock."""
        self.remove_abandoned()
        name = f"v{max((_number(n) for n in self._names()), default=0) + 1:04d}"
        self.path(name).mkdir(parents=True)
        return name

    def start_from(self, name: str, draft: str) -> bool:
        """Make the empty ``draft`` a copy of version ``name``, so that a build only applies its
        changes (call under the lock, before opening the draft). The Chroma folder is copied
        file by file: its SQLite database through SQLite's backup API (a consistent copy even
        while readers have it open), the vector index folders as they are (nothing writes them
        once a version is published). Returns False where versions cannot be copied this way."""
        source, target = self.path(name).resolve(), self.path(draft)
        with closing(sqlite3.connect(f"{(source / _CHROMA_DB).as_uri()}?mode=ro", uri=True)) as original, \
                closing(sqlite3.connect(target / _CHROMA_DB)) as copy:
            original.backup(copy)
        for folder in source.iterdir():
            if folder.is_dir():
                shutil.copytree(folder, target / folder.name)
        return True

    def publish(self, name: str) -> None:
        """Mark ``name`` complete, make it current in one atomic step, then tidy up."""
        self._mark_complete(name)
        self._set_current(name)
        self.remove_old()

    def _mark_complete(self, name: str) -> None:
        if not self.path(name).exists():
            raise StoreUnavailable(f"version {name} does not exist")
        _write_atomically(self.path(name) / _COMPLETE, name)

    def rollback(self) -> str:
        """Make the newest published version older than the current one current again."""
        current = self.current()
        older = [n for n in self.published() if current is None or _number(n) < _number(current)]
        if not older:
            raise NoCatalogue("there is no earlier catalogue version to roll back to")
        self._set_current(older[-1])
        return older[-1]

    def remove_abandoned(self) -> list[str]:
        """Delete drafts that were never completed (a build that was killed)."""
        current = self.current()
        doomed = [n for n in self._names() if not self.is_complete(n) and n != current]
        for name in doomed:
            self._drop(name)
        return doomed

    def remove_old(self, keep: int = KEEP_VERSIONS) -> list[str]:
        """Delete all but the newest ``keep`` versions before the current one (and any after it
        stay, as a rollback may have moved CURRENT back)."""
        current = self.current()
        if current is None:
            return []
        older = [n for n in self.published() if _number(n) < _number(current)]
        doomed = older[:-keep] if keep else older
        for name in doomed:
            self._drop(name)
        return doomed

    # ---- what differs between a folder and a server --------------------------------

    def _names(self) -> list[str]:
        """Every version, complete or not, oldest first."""
        if not self.folder.exists():
            return []
        return sorted((p.name for p in self.folder.iterdir() if _NAME.match(p.name)), key=_number)

    def _set_current(self, name: str) -> None:
        _write_atomically(self.root / "CURRENT", name)

    def discard(self, name: str) -> None:
        """Remove an unpublished draft (a build that failed)."""
        if name != self.current():
            self._drop(name)

    def _drop(self, name: str) -> None:
        shutil.rmtree(self.path(name), ignore_errors=True)


def _number(name: str) -> int:
    match = _NAME.match(name)
    if match is None:
        raise ValueError(f"{name!r} is not a version name")
    return int(match.group(1))


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


class ServerVersions(CatalogueVersions):
    """Versions as collections on a Chroma server (``HttpClient``); the lock stays local, so
    catalogue refreshes run from one place (the ingest host)."""

    POINTER = "stackwise_versions"

    def __init__(self, settings: Settings):
        super().__init__(settings)
        self.client = open_client(settings)

    def close(self) -> None:
        close_client(self.client)

    def open(self, name: str) -> Store:
        return Store.open(self.settings, suffix=f"_{name}")

    def current(self) -> str | None:
        name = (self._pointer().metadata or {}).get("current")
        return name if name and self.is_complete(name) else None

    def is_complete(self, name: str) -> bool:
        try:
            collection = self.client.get_collection(f"{PROGRAMS}_{name}")
        except Exception:  # chroma raises NotFoundError or ValueError depending on version
            return False
        return bool((collection.metadata or {}).get("complete"))

    def new_draft(self) -> str:
        self.remove_abandoned()
        return f"v{max((_number(n) for n in self._names()), default=0) + 1:04d}"

    def start_from(self, name: str, draft: str) -> bool:
        return False  # a server has no collection copy: the build copies the records (Store.copy_to)

    def snapshot_path(self, name: str) -> Path:
        """A cache on this machine's disk, named after the collection's id: a server reset that
        reuses a version name never serves an old snapshot. Older snapshots are removed."""
        collection_id = self.client.get_collection(f"{PROGRAMS}_{name}").id
        cache = self.root / "snapshots"
        if cache.exists():
            stale = sorted(cache.glob(f"*{SNAPSHOT}"), key=lambda p: p.stat().st_mtime)[:-(KEEP_VERSIONS + 1)]
            for path in stale:
                path.unlink(missing_ok=True)
        return cache / f"{name}-{collection_id}.{SNAPSHOT}"

    def _pointer(self):
        return self.client.get_or_create_collection(self.POINTER)

    def _names(self) -> list[str]:
        names = {c.name.removeprefix(PROGRAMS + "_") for c in self.client.list_collections()
                 if c.name.startswith(PROGRAMS + "_")}
        return sorted((n for n in names if _NAME.match(n)), key=_number)

    def _mark_complete(self, name: str) -> None:
        programs = self.client.get_collection(f"{PROGRAMS}_{name}")
        kept = {k: v for k, v in (programs.metadata or {}).items() if not k.startswith("hnsw:")}  # fixed at creation
        programs.modify(metadata={**kept, "complete": True})

    def _set_current(self, name: str) -> None:
        self._pointer().modify(metadata={"current": name})

    def _drop(self, name: str) -> None:
        for kind in (PROGRAMS, PASSAGES):
            try:
                self.client.delete_collection(f"{kind}_{name}")
            except Exception:  # already gone
                pass
