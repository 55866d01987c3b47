"""A real PostgreSQL server for the tests: Debian's, in a temporary folder, on a free port.

``scripts/install-postgres.sh`` (run by ``make test``) installs it; where it cannot be installed
the tests that need it are skipped with that message. PostgreSQL refuses to run as root, so as
root the cluster is made and run as the ``postgres`` user the package creates.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from benchmarks.machine import free_port
from stackwise.settings import server_url


def _binaries() -> Path | None:
    initdb = shutil.which("initdb") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))), None)
    return Path(initdb).resolve().parent if initdb else None


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PostgresServer:
    """A cluster in a new folder that the ``postgres`` user can reach (pytest's own folders are
    private to the user running the tests), started and stopped by hand."""

    def __init__(self) -> None:
        binaries = _binaries()
        if binaries is None:
            pytest.skip("PostgreSQL is not installed: run scripts/install-postgres.sh (make test does)")
        self.binaries = binaries
        # As root, in the postgres user's home: a temporary folder may be private to root.
        home = pwd.getpwnam("postgres").pw_dir if os.geteuid() == 0 else None
        self.folder = Path(tempfile.mkdtemp(prefix="stackwise-test-", dir=home))
        if home is not None:
            shutil.chown(self.folder, "postgres")
        self.data = self.folder / "data"
        self.port = free_port()
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "stackwise", "-E", "UTF8", "--no-sync")
        self.url = f"postgresql://stackwise@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(_as_owner([str(self.binaries / program), *args]), check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, cwd=self.folder)

    def start(self) -> None:
        """Start it and wait until it accepts connections (pg_ctl -w)."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "-t", "120",
                  "start")

    def stop(self) -> None:
        """Stop it and wait until it is down."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """A running server for the block; yields it (``.url``: its ``postgres`` database, user
    ``stackwise``, trust auth)."""
    server = PostgresServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
        server.remove()


def new_database(server: str) -> str:
    """A fresh, empty database on the server: each test its own."""
    from sqlalchemy import create_engine, text

    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(server_url(server), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}"))
    finally:
        engine.dispose()
    return server.rsplit("/", 1)[0] + "/" + name
