"""The assistant: answers from the published catalogue version, switching to a newer one
between two questions without a restart.

A newer version is loaded in a background thread while every question is still answered
from the current one; the switch happens once it is ready, so no learner waits for a load.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from knowledge_base.catalogue import Catalogue
from knowledge_base.snapshot import open_catalogue
from knowledge_base.store import Store
from knowledge_base.versions import CatalogueVersions, NoCatalogue, catalogue_versions
from stackwise.settings import Settings, get_settings

from .credentials import EarnedCredential
from .models import Conversation, Reply
from .responder import Responder
from .understanding import language

if TYPE_CHECKING:
    from .llm.phrasing import Phraser

RETIRE_AFTER = 60.0  # seconds an old version stays open for replies still using it
WATCH_EVERY = 2.0  # seconds between two looks at the published version, when watching (the app does)

log = logging.getLogger(__name__)


ResponderFactory = Callable[[Catalogue], Responder]


class Assistant:
    """The entry point for every interface: ``Assistant.open().reply(message, conversation)``.

    ``responder_for`` makes the responder of each catalogue version it loads: by default the
    rule reader, the hybrid recommender and the grounded composer (``Responder.for_catalogue``);
    another reader or composer plugs in here."""

    def __init__(self, responder: Responder, versions: CatalogueVersions | None = None, version: str | None = None,
                 responder_for: ResponderFactory = Responder.for_catalogue, phraser: Phraser | None = None):
        self.phraser = phraser  # rewords replies with a language model (guidance.llm), when one is set up
        self._responder = responder
        self._responder_for = responder_for
        self._versions = versions
        self._version = version
        self._lock = threading.Lock()  # held only to start a load or swap versions, never during a load
        self._loading: threading.Thread | None = None
        self._retired: list[tuple[float, Store]] = []
        self._watcher: threading.Thread | None = None
        self._stop = threading.Event()

    @classmethod
    def open(cls, settings: Settings | None = None, *, responder_for: ResponderFactory | None = None,
             phraser: Phraser | None = None) -> Assistant:
        """Load the published version. Reading never writes: a store without a catalogue is an
        error, and the shipped content is indexed beforehand by ``ingest.ensure_defaults`` (the
        app and the chat CLI do it on first start).

        Without a ``responder_for``, the settings decide: the rules' responder, or with
        ``llm_model`` set, one whose reader asks that model first, and a phraser."""
        settings = settings or get_settings()
        if responder_for is None:
            from .llm import model_parts

            responder_for, made = model_parts(settings)
            phraser = phraser or made
        versions = catalogue_versions(settings)
        name = versions.current()
        if name is None:
            raise NoCatalogue(f"no catalogue in {settings.store_dir}: run python -m ingest FILE --store "
                              f"{settings.store_dir}")
        return cls(_load(versions, name, responder_for), versions, name, responder_for, phraser)

    @property
    def version(self) -> str | None:
        return self._version

    @property
    def responder(self) -> Responder:
        self.refresh()
        return self._responder

    @property
    def catalogue(self) -> Catalogue:
        return self.responder.catalogue

    @property
    def reader(self):
        return self.responder.reader

    @property
    def recommender(self):
        return self.responder.recommender

    def reply(self, message: str, conversation: Conversation) -> Reply:
        return self.responder.reply(message, conversation)

    def add_credentials(self, credentials: list[EarnedCredential], conversation: Conversation) -> Reply:
        """Keep credentials the learner holds (read with ``guidance.credentials``); those aligned to a
        catalogue program mark it completed. The reply says what each one counts as."""
        return self.responder.add_credentials(credentials, conversation)

    def title_of(self, program_id: str) -> str:
        return self.responder.title_of(program_id)

    def watch(self, every: float = WATCH_EVERY) -> None:
        """Look for a newly published version every ``every`` seconds in a background thread,
        so that a new version is loaded before the next question rather than because of it.
        Idempotent: one watcher per assistant."""
        with self._lock:
            if self._watcher is not None or self._versions is None:
                return
            self._watcher = threading.Thread(target=self._watch, args=(every,), name="watch-versions", daemon=True)
            self._watcher.start()

    def _watch(self, every: float) -> None:
        while not self._stop.wait(every):
            try:
                self.refresh()
            except Exception:  # a store being replaced mid-read: the next look tries again
                log.exception("could not look for a new catalogue version")

    def stop_watching(self) -> None:
        self._stop.set()

    def close(self) -> None:
        """Stop watching, let a load in progress finish, and release every store this assistant
        opened (a server client's connections; a folder's files stay as they are)."""
        self.stop_watching()
        with self._lock:
            watcher, loading = self._watcher, self._loading
        for thread in (watcher, loading):
            if thread is not None:
                thread.join()
        with self._lock:
            stores = [store for _, store in self._retired] + [self._responder.catalogue.store]
            self._retired = []
        for store in stores:
            store.close()
        if self._versions is not None:
            self._versions.close()

    def __enter__(self) -> Assistant:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def refresh(self, wait: bool = False) -> bool:
        """Switch to a newer published version when there is one; True when it switched.

        The new version loads in a background thread and this returns at once (the caller
        answers from the current version meanwhile); with ``wait``, it returns once the load
        is done and the switch made.
        """
        if self._versions is None:
            return False
        name = self._versions.current()
        if name is None or name == self._version:
            self._close_retired()
            return False
        with self._lock:
            if self._loading is None:
                self._loading = threading.Thread(target=self._load_and_switch, args=(name,),
                                                 name=f"load-{name}", daemon=True)
                self._loading.start()
            loading = self._loading
        if wait:
            loading.join()
            return self._version == name
        return False

    def _load_and_switch(self, name: str) -> None:
        try:
            assert self._versions is not None, "only an assistant over versions refreshes"
            responder = _load(self._versions, name, self._responder_for)
        except Exception:  # the next question tries again; this one is answered from the current version
            log.exception("could not load catalogue version %s", name)
            with self._lock:
                self._loading = None
            return
        with self._lock:
            self._retired.append((time.monotonic(), self._responder.catalogue.store))
            self._responder, self._version = responder, name  # replies in flight keep the old one
            self._loading = None

    def _close_retired(self) -> None:
        if not self._retired or not self._lock.acquire(blocking=False):
            return
        try:
            now = time.monotonic()
            due = [store for retired_at, store in self._retired if now - retired_at > RETIRE_AFTER]
            self._retired = [(t, s) for t, s in self._retired if now - t <= RETIRE_AFTER]
        finally:
            self._lock.release()
        for store in due:
            store.close()


def _load(versions: CatalogueVersions, name: str, responder_for: ResponderFactory) -> Responder:
    catalogue = open_catalogue(versions.open(name), versions.snapshot_path(name))
    catalogue.warm_up()
    language.warm_up()
    return responder_for(catalogue)
