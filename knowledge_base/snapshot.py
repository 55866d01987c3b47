"""Catalogue snapshots: a version's records and search indexes, saved beside it.

Opening a large catalogue from Chroma means reading every record back, validating it and
rebuilding BM25, the stacking graph and the title indexes; a snapshot holds all of that
ready-made and loads in a fraction of the time. The ingest that builds a version writes its
snapshot before publishing it, so no reader waits for one. A process that opens a version
without a usable snapshot builds the catalogue from the store and saves the snapshot for
the next process (on a Chroma server deployment, each replica keeps them on its own disk).

A snapshot is trusted only when its fingerprint matches the running code: the data format's
version (``FORMAT``, raised by hand when the pickled objects change shape), the records'
schemas, the fields taxonomy and the versions of the libraries whose objects it holds. Any
change to those makes it stale, and the catalogue is rebuilt from the store; editing a comment
or a function does not (a rebuild costs about 20 s per replica at 100,000 programs).
Snapshots are pickles, and a pickle can name any function to call as it loads: a file planted
in the store folder must not become code execution. So a snapshot is written 0600 in a 0700
folder; one whose file or folder another user owns, or that the group or others may write, is
not read; and the unpickler resolves only the classes a catalogue is made of (``_ALLOWED``), so
a crafted file fails to load (and the catalogue is rebuilt from the store) rather than run.
"""
from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import pickle
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from .catalogue import Catalogue
from .store import Store

log = logging.getLogger(__name__)

_MAGIC = b"stackwise-snapshot"


# Raise when a pickled object changes shape: an attribute of Catalogue, HybridIndex,
# ProgramColumns, FieldMap or StackGraph added, removed or holding another kind of value.
# (The records' own fields need no raise: their schemas are part of the fingerprint.)
# 5: the catalogue's own fields (FieldMap.derived); 4: the catalogue's coverage (title words,
# focus floor); 3: read by the allowlisting unpickler
FORMAT = 6

# Everything a catalogue's pickle refers to (module, name). Anything else (os.system, eval, a
# function of any library) is refused. A class added to the catalogue's objects goes here too;
# until it does, snapshots fail to load and the catalogue is rebuilt (slower, never wrong).
_ALLOWED = frozenset({
    ("builtins", "list"), ("builtins", "dict"), ("builtins", "set"), ("builtins", "frozenset"),
    ("builtins", "tuple"), ("collections", "defaultdict"), ("collections", "OrderedDict"),
    ("datetime", "date"), ("datetime", "datetime"),
    ("numpy", "dtype"), ("numpy", "ndarray"), ("numpy._core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "scalar"), ("numpy._core.numeric", "_frombuffer"),
    ("numpy.core.multiarray", "_reconstruct"), ("numpy.core.multiarray", "scalar"),
    ("numpy.core.numeric", "_frombuffer"), ("bm25s", "BM25"),
    ("knowledge_base.catalogue", "Catalogue"), ("knowledge_base.catalogue", "Vocabulary"),
    ("knowledge_base.coverage", "Coverage"), ("knowledge_base.coverage", "TitleWords"),
    ("knowledge_base.columns", "ProgramColumns"), ("knowledge_base.fields", "FieldMap"),
    ("knowledge_base.schema", "CredentialType"), ("knowledge_base.schema", "Delivery"),
    ("knowledge_base.schema", "Level"), ("knowledge_base.schema", "Pace"), ("knowledge_base.schema", "Passage"),
    ("knowledge_base.schema", "Program"), ("knowledge_base.schema", "StackLink"),
    ("knowledge_base.search", "HybridIndex"), ("knowledge_base.search", "_LexicalIndex"),
    ("knowledge_base.stacking", "Component"), ("knowledge_base.stacking", "StackGraph"),
    ("knowledge_base.text", "TokenIndex"),
})


class _CatalogueUnpickler(pickle.Unpickler):
    """An unpickler that resolves only the names in ``_ALLOWED``."""

    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a catalogue")
        return super().find_class(module, name)


class UntrustedSnapshot(Exception):
    """A snapshot file another user could have written."""


def _check_private(info: os.stat_result, what: Path) -> None:
    if info.st_uid != os.geteuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UntrustedSnapshot(f"{what} is not owned by this user alone "
                                f"(owner {info.st_uid}, mode {stat.filemode(info.st_mode)})")


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A digest of what defines the pickled objects: the format's version, the records'
    schemas, the fields taxonomy, and the Python and library versions."""
    import bm25s
    import numpy
    import pydantic

    from .schema import Passage, Program

    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for model in (Program, Passage):
        digest.update(json.dumps(model.model_json_schema(), sort_keys=True).encode())
    fields = Path(__file__).resolve().parent / "content" / "fields.csv"
    digest.update(fields.read_bytes())  # the fields taxonomy is part of a snapshot
    digest.update(f"{sys.version_info[:2]} {pydantic.VERSION} {numpy.__version__} {bm25s.__version__}".encode())
    return digest.hexdigest()[:20]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of objects are created: it would
    otherwise walk them all again and again (a 100,000-program snapshot loads 4x faster)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def save(catalogue: Catalogue, path: Path) -> None:
    """Write ``catalogue`` (prepared) to ``path`` atomically: readers see the old file or the new one."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)  # also when the file was left behind by a crash
            handle.write(_MAGIC + b" " + fingerprint().encode() + b"\n")
            pickle.dump(catalogue.prepare(), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def load(path: Path, store: Store) -> Catalogue | None:
    """The catalogue saved at ``path`` bound to ``store``; None when there is no usable snapshot."""
    try:
        with open(path, "rb") as handle:
            _check_private(os.fstat(handle.fileno()), path)  # the file opened, not one swapped in after
            _check_private(os.stat(path.parent), path.parent)
            if handle.readline().split() != [_MAGIC, fingerprint().encode()]:
                log.info("snapshot %s is from other code: rebuilding from the store", path)
                return None
            with paused_gc():
                catalogue = _CatalogueUnpickler(handle).load()
    except FileNotFoundError:
        return None
    except UntrustedSnapshot as exc:
        log.warning("snapshot %s not read: %s; rebuilding from the store", path, exc)
        return None
    except Exception as exc:  # a torn or foreign file is never fatal: the store has everything
        log.warning("snapshot %s is unreadable (%s): rebuilding from the store", path, exc)
        return None
    if not isinstance(catalogue, Catalogue):
        return None
    return catalogue.bind(store)


def open_catalogue(store: Store, path: Path | None) -> Catalogue:
    """The catalogue of ``store``, from its snapshot when there is a usable one; otherwise built
    from the store, and its snapshot saved for the next process."""
    if path is None:
        return Catalogue.load(store)
    catalogue = load(path, store)
    if catalogue is not None:
        return catalogue
    with paused_gc():
        catalogue = Catalogue.load(store)
    try:
        save(catalogue, path)
    except OSError as exc:  # a read-only store still serves, only more slowly
        log.warning("cannot save the catalogue snapshot %s: %s", path, exc)
    return catalogue
