"""Shared fixtures: isolated settings, real Chroma stores in temporary folders, the real model."""
from __future__ import annotations

import gc
import os
import warnings
from pathlib import Path

import pytest

from guidance import Assistant
from guidance.database import close_databases
from ingest import ColumnMapping, IngestOptions, IngestReport, ensure_defaults, ingest_paths
from knowledge_base.defaults import definitions_dir
from knowledge_base.store import Store
from knowledge_base.versions import CatalogueVersions
from stackwise.settings import Settings, get_settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_EVAL = ROOT.parent / "shared" / "eval"


def ingest(settings: Settings, *paths, **options) -> IngestReport:
    """Run the ingest as the CLI does, without a progress bar."""
    return ingest_paths(list(paths), settings, IngestOptions(progress=False, **options))


def write(tmp_path: Path, name: str, text: str) -> Path:
    """A file of ``text`` (UTF-8) in ``tmp_path``: an export as staff get it."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def mapping_file(tmp_path: Path, text: str) -> ColumnMapping:
    """A mapping file of ``text`` in ``tmp_path``, loaded as ``--mapping`` loads it."""
    return ColumnMapping.load(write(tmp_path, "map.toml", text))


def current_store(settings: Settings) -> Store:
    """The published catalogue version of a store folder."""
    versions = CatalogueVersions(settings)
    return versions.open(versions.current())


@pytest.fixture(autouse=True)
def nothing_left_open():
    """A file, socket or process a test leaves open fails that test: the garbage collector runs
    when it ends, so the ResourceWarning of what it left is raised there, not in a later test."""
    yield
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        gc.collect()
    left = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    assert not left, f"left open by this test: {left}"


@pytest.fixture(autouse=True)
def isolated_settings(monkeypatch, tmp_path):
    """No STACKWISE_* variable leaks in; the default store is a fresh temporary folder."""
    for key in list(os.environ):
        if key.startswith("STACKWISE_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("STACKWISE_STORE_DIR", str(tmp_path / "default-store"))
    monkeypatch.setenv("STACKWISE_QUESTION_LOG", str(tmp_path / "questions.sqlite3"))
    monkeypatch.setenv("STACKWISE_EMBEDDING_THREADS", str(os.cpu_count() or 1))  # the suite is a batch job
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
    close_databases()  # each test's question log is its own: no pool outlives it


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(store_dir=tmp_path / "store")


@pytest.fixture
def store(settings) -> Store:
    return Store.open(settings)


@pytest.fixture(scope="session")
def sample_store_dir(tmp_path_factory) -> Path:
    """A store holding the shipped sample catalogue and definitions, built as on first start."""
    path = tmp_path_factory.mktemp("sample-store")
    ensure_defaults(Settings(store_dir=path))
    return path


@pytest.fixture(scope="session")
def sample_assistant(sample_store_dir) -> Assistant:
    return Assistant.open(Settings(store_dir=sample_store_dir))


@pytest.fixture(scope="session")
def fixture_store_dir(tmp_path_factory) -> Path:
    """A store with the tiny fixture catalogue and fixture definitions."""
    path = tmp_path_factory.mktemp("fixture-store")
    report = ingest(Settings(store_dir=path), FIXTURES / "programs.csv", FIXTURES / "definitions.md")
    assert report.ok, report.errors
    return path


@pytest.fixture(scope="session")
def fixture_store(fixture_store_dir) -> Store:
    return current_store(Settings(store_dir=fixture_store_dir))


@pytest.fixture(scope="session")
def eval_assistant(tmp_path_factory) -> Assistant:
    """The evaluation catalogue, with the shipped definitions documents."""
    path = tmp_path_factory.mktemp("eval-store")
    ingest(Settings(store_dir=path), SHARED_EVAL / "catalogue.csv", definitions_dir())
    return Assistant.open(Settings(store_dir=path))


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server for the session (tests/postgres.py); its URL."""
    from tests.postgres import postgres_server

    with postgres_server() as server:
        yield server.url


@pytest.fixture
def postgres_log(postgres) -> str:
    """The URL of a fresh database on the session's server, as STACKWISE_QUESTION_LOG takes it."""
    from tests.postgres import new_database

    return new_database(postgres)
