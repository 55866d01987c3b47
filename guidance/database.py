"""The learner-side record every replica shares: the question log, feedback and the staff
sign-in throttle, in one database.

``STACKWISE_QUESTION_LOG`` is a file path (SQLite, the embedded default) or a
``postgresql://`` URL (PostgreSQL, for several app replicas behind a load balancer). Both go
through SQLAlchemy Core: one set of table definitions and queries, each dialect's own driver
(sqlite3, psycopg 3) and a connection pool. The schema is versioned in a ``schema_version``
table: each step of ``MIGRATIONS`` runs once, in order, in one transaction, and every step
also brings a log written before the table existed (today's SQLite files) up to date.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from knowledge_base.store import keep_private
from stackwise.errors import StackwiseError
from stackwise.settings import server_url

CONNECT_TIMEOUT = 3  # seconds to reach the database server before the turn's log is kept for later
metadata = MetaData()

turns = Table(
    "turns", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("centre", Text, nullable=False),
    Column("asked_at", Text, nullable=False),  # ISO 8601 in UTC: sorts as text on every database
    Column("question", Text, nullable=False),
    Column("topic", Text),
    Column("intent", Text, nullable=False),
    Column("programs", Text, nullable=False),  # a JSON list of ids
    Column("nothing_fit", Integer, nullable=False),
    Column("rating", Integer),
    Column("comment", Text),
    Column("conversation", Text),
    Column("wants", Text),  # a JSON object
    Index("turns_centre_time", "centre", "asked_at"),
)

signin_failures = Table(
    "signin_failures", metadata,
    Column("account", String(200), primary_key=True),
    Column("source", String(200), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failed", Float, nullable=False),
    Column("next_allowed", Float, nullable=False),
)

schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))


def _create_tables(connection: Connection) -> None:
    metadata.create_all(connection, tables=[turns, signin_failures])


def _add_learner_columns(connection: Connection) -> None:
    """The conversation hash and what the learner asked for: absent from logs written before them."""
    present = {column["name"] for column in inspect(connection).get_columns("turns")}
    for name in ("conversation", "wants"):
        if name not in present:
            connection.execute(text(f"ALTER TABLE turns ADD COLUMN {name} TEXT"))


# (version, step): a step runs when the database's version is below it. Append, never edit.
MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [
    (1, _create_tables),
    (2, _add_learner_columns),
]
VERSION = MIGRATIONS[-1][0]


class DatabaseError(StackwiseError):
    """The question log's database cannot be reached or read."""


@dataclass(frozen=True)
class Location:
    """Where the record is: a SQLite file, or a database server's URL."""

    url: str
    path: Path | None = None  # the SQLite file, when it is one

    @classmethod
    def of(cls, where: str | Path) -> Location:
        server = server_url(where)
        if server is not None:
            return cls(server)
        if re.match(r"^[a-z][a-z0-9+.-]*:/[^/]", str(where)):  # a URL made a Path: never a file of that name
            raise DatabaseError(f"{where}: a database URL that lost a slash (pass it as text, not as a path)")
        path = Path(where)
        return cls(f"sqlite:///{path}", path)

    @property
    def shown(self) -> str:
        """For messages: the file, or the URL without its password."""
        return str(self.path) if self.path is not None else make_url(self.url).render_as_string(hide_password=True)


class Database:
    """One engine per location and process; tables made and migrated on first open."""

    def __init__(self, location: Location, engine: Engine):
        self.location = location
        self.engine = engine

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self, *, exclusive: str | None = None) -> Iterator[Connection]:
        """A transaction; ``exclusive``: a name only one transaction at a time may hold, across
        processes and replicas (SQLite: the whole file, ``BEGIN IMMEDIATE``; PostgreSQL: an
        advisory lock on the name, released at commit)."""
        try:
            with self.engine.connect() as connection:
                if exclusive and self.is_sqlite:
                    connection.info["begin"] = "BEGIN IMMEDIATE"
                with connection.begin():
                    if exclusive and not self.is_sqlite:
                        connection.execute(select(text("pg_advisory_xact_lock(hashtext(:name))")),
                                           {"name": exclusive})
                    yield connection
        except SQLAlchemyError as exc:
            raise DatabaseError(f"the question log at {self.location.shown}: {exc}") from exc

    def version(self) -> int:
        with self.transaction() as connection:
            return _version(connection)

    def close(self) -> None:
        self.engine.dispose()


def _version(connection: Connection) -> int:
    if not inspect(connection).has_table("schema_version"):
        return 0
    return connection.execute(select(schema_version.c.version)).scalar() or 0


def _migrate(database: Database) -> None:
    with database.transaction(exclusive="stackwise-schema") as connection:
        metadata.create_all(connection, tables=[schema_version])
        current = _version(connection)
        for version, step in MIGRATIONS:
            if version > current:
                step(connection)
        if current < VERSION:
            connection.execute(schema_version.delete())
            connection.execute(schema_version.insert().values(version=VERSION))


_engines: dict[str, Database] = {}
_lock = threading.Lock()


def open_database(where: str | Path) -> Database:
    """The database at ``where`` (a path or a URL), made and migrated on first open; one per
    process and location, its pool shared by every session."""
    location = Location.of(where)
    with _lock:
        database = _engines.get(location.url)
        if database is None:
            database = Database(location, _engine(location))
            _migrate(database)
            if location.path is not None:
                _tighten(location.path)
            _engines[location.url] = database
        return database


def close_databases() -> None:
    """Close every pool this process opened (tests, and a process that ends)."""
    with _lock:
        for database in _engines.values():
            database.close()
        _engines.clear()


def _engine(location: Location) -> Engine:
    if location.path is None:
        # A server that does not answer costs a turn's log at most a few seconds, never the reply.
        return create_engine(location.url, pool_pre_ping=True, pool_size=5, max_overflow=5, pool_timeout=5,
                             connect_args={"connect_timeout": CONNECT_TIMEOUT})
    keep_private(location.path.parent)  # questions and comments are for the service's user alone
    # SQLAlchemy's recipe for SQLite transactions: the driver begins none of its own, and each
    # begins with BEGIN (or BEGIN IMMEDIATE for an exclusive one), so a read sees one snapshot.
    engine = create_engine(location.url, connect_args={"timeout": 10, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        connection.exec_driver_sql(connection.info.pop("begin", "BEGIN"))

    return engine


def _tighten(path: Path) -> None:
    """A log made before the umask: its files readable by the service's user alone."""
    for suffix in ("", "-wal", "-shm"):
        part = path.with_name(path.name + suffix)
        if part.exists():
            with suppress(OSError):  # another user's file: used as it is, as its folder is
                part.chmod(0o600)


COPY_BATCH = 1000  # rows per insert when a log is moved


def move_log(source: str | Path, target: str | Path) -> int:
    """Copy every turn (with its feedback) and the sign-in counts from the log at ``source`` to
    the one at ``target`` (``python -m guidance move-log``): today's SQLite file to the
    PostgreSQL database several replicas share. The target must hold no turns yet, so nothing is
    counted twice; the source is left as it was. Returns how many turns were copied."""
    origin, destination = open_database(source), open_database(target)
    if origin.location == destination.location:
        raise DatabaseError(f"{origin.location.shown} is already where the log is")
    with destination.transaction(exclusive="stackwise-move") as into:
        if into.execute(select(turns.c.id).limit(1)).first() is not None:
            raise DatabaseError(f"{destination.location.shown} already holds turns: move into an empty log")
        moved = 0
        with origin.transaction() as out:
            columns = [c for c in turns.c if c.name != "id"]  # the target numbers them itself
            rows = out.execute(select(*columns).order_by(turns.c.id))
            while batch := rows.fetchmany(COPY_BATCH):
                into.execute(turns.insert(), [dict(row._mapping) for row in batch])
                moved += len(batch)
            counts = [dict(row._mapping) for row in out.execute(select(signin_failures))]
        into.execute(signin_failures.delete())
        if counts:
            into.execute(signin_failures.insert(), counts)
    return moved
