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


def _binaries() -> Path | None:
    initdb = shutil.which("initdb") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))), None)
    return Path(initdb).resolve().parent if initdb else None


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def postgres_server() -> Iterator[str]:
    """A running server; yields the URL of its ``postgres`` database (user ``stackwise``, trust auth).
    Its folder is a new one that the ``postgres`` user can reach (pytest's own are private to
    the user running the tests)."""
    binaries = _binaries()
    if binaries is None:
        pytest.skip("PostgreSQL is not installed: run scripts/install-postgres.sh (make test does)")
    # As root, in the postgres user's home: a temporary folder may be private to root.
    home = pwd.getpwnam("postgres").pw_dir if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="stackwise-test-", dir=home))
    data = folder / "data"
    if home is not None:
        shutil.chown(folder, "postgres")
    port = free_port()
    run = dict(check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=folder)
    subprocess.run(_as_owner([str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "stackwise",
                              "-E", "UTF8", "--no-sync"]), **run)
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(_as_owner([str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"),
                              "-w", "-t", "120", "start"]), **run)
    try:
        yield f"postgresql://stackwise@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_owner([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]), **run)
        shutil.rmtree(folder, ignore_errors=True)


def new_database(server_url: str) -> str:
    """A fresh, empty database on the server: each test its own."""
    from sqlalchemy import create_engine, text

    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(server_url.replace("postgresql://", "postgresql+psycopg://"),
                           isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}"))
    finally:
        engine.dispose()
    return server_url.rsplit("/", 1)[0] + "/" + name
