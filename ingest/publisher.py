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

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from stackwise.settings import Settings

from .errors import IngestError

LOCK_NAME = "stackwise-ingest"


class PublisherBusy(IngestError):
    """Another ingest host is building a version on the same Chroma server."""


@contextmanager
def one_publisher(settings: Settings) -> Iterator[None]:
    """Hold the lock across hosts for the block (nothing to hold for an embedded store). The
    lock lives on a connection of its own; a process that dies ends it, and the server
    releases the lock with it."""
    server = settings.log_server_url()
    if not settings.chroma_host or server is None:
        yield
        return
    shown = make_url(server).render_as_string(hide_password=True)
    engine = create_engine(server, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            held = connection.execute(text("SELECT pg_try_advisory_lock(hashtext(:name))"),
                                      {"name": LOCK_NAME}).scalar()
            connection.commit()
            if not held:
                raise PublisherBusy(
                    f"another ingest is building a version on the Chroma server {settings.chroma_host}:"
                    f"{settings.chroma_port} (it holds the lock '{LOCK_NAME}' in {shown}); "
                    "nothing was changed: run this one again when it has finished")
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(hashtext(:name))"), {"name": LOCK_NAME})
                connection.commit()
    except SQLAlchemyError as exc:
        raise IngestError(f"the ingest lock in {shown} cannot be taken: {exc}") from exc
    finally:
        engine.dispose()
