"""Runtime settings, read from STACKWISE_* environment variables when first asked for."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Where the store lives and how to reach it.

    ``store_dir`` is the embedded Chroma folder; setting ``chroma_host`` switches every
    component to a Chroma server instead (``HttpClient``).
    """

    model_config = SettingsConfigDict(env_prefix="STACKWISE_", env_ignore_empty=True, extra="ignore")

    store_dir: Path = PROJECT_ROOT / "data" / "store"
    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_ssl: bool = False
    embedding_threads: int = 1  # threads of the embedding engine in each handle
    embedding_engines: int = 0  # handles of the model in a process (0: one per core when each has one thread)
    embedding_cache: int = 20_000  # vectors a process keeps by text (0: none, as the benchmarks measure)
    ingest_niceness: int = 10  # how far the staff ingest yields the CPU to chat processes (os.nice; 0: not at all)
    index_defaults: bool = True  # index the sample catalogue and documents into an empty store
    ingest_max_file_mb: int = 200  # a file larger than this is refused before it is read
    ingest_max_unpacked_mb: int = 500  # an XLSX workbook that unpacks to more is refused (a zip bomb)
    ingest_max_rows: int = 500_000  # a file with more records is refused (split it)
    centres_dir: Path = PROJECT_ROOT / "centres"  # one TOML profile per career centre
    default_centre: str = "default"  # the profile used when the address has no ?centre=
    staff_password: SecretStr | None = None  # opens the staff insights page; unset: the page stays locked
    question_log: Path = PROJECT_ROOT / "data" / "questions.sqlite3"
    log_retention_days: int = 180

    @field_validator("log_retention_days")
    @classmethod
    def _positive_days(cls, days: int) -> int:
        if days < 1:
            raise ValueError("must be at least 1 day")
        return days

    @field_validator("chroma_port")
    @classmethod
    def _port_in_range(cls, port: int) -> int:
        if not 0 < port < 65536:
            raise ValueError("must be between 1 and 65535")
        return port

    def engines(self) -> int:
        """Handles of the embedding model a process keeps: as set, else one per core when
        each handle runs one thread (serving), else one (a batch job's threads use the cores)."""
        if self.embedding_engines > 0:
            return self.embedding_engines
        return (os.cpu_count() or 1) if self.embedding_threads == 1 else 1

    def with_store(self, store_dir: str | Path | None) -> Settings:
        """A copy pointing at another store folder (the CLIs' ``--store DIR``)."""
        if store_dir is None:
            return self
        return self.model_copy(update={"store_dir": Path(store_dir)})


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings()
