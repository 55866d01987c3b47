"""One publisher at a time across hosts: on a Chroma server, two ingest hosts must not both
build and publish a version.

The versions' own lock is local (a ``flock`` on the ingest host's disk). When the catalogue
lives on a Chroma server and the question log is a database server (``STACKWISE_QUESTION_LOG``
a ``postgresql://`` URL), an ingest also holds a PostgreSQL advisory lock there for the whole
build; a second ingest host is refused with a clear message, and an ingest that is killed
loses its connection and, with it, the lock. With the question log in a SQLite file there is
no shared place to hold it: run refreshes from one host (docs/operations.md).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from stackwise.settings import Settings

from .errors import IngestError

LOCK_NAME = "stackwise-ingest"


class PublisherBusy(IngestError):
    """Another ingest host is building a version on the same Chroma server."""


@contextmanager
def one_publisher(settings: Settings) -> Iterator[None]:
    """Hold the lock across hosts for the block (nothing to hold for an embedded store)."""
    if not settings.chroma_host or "://" not in settings.question_log:
        yield
        return
    from guidance.database import open_database

    database = open_database(settings.question_log)
    with database.session_lock(LOCK_NAME) as held:
        if not held:
            raise PublisherBusy(
                f"another ingest is building a version on the Chroma server {settings.chroma_host}:"
                f"{settings.chroma_port} (it holds the lock '{LOCK_NAME}' in {database.location.shown}); "
                "nothing was changed: run this one again when it has finished")
        yield
