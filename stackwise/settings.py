"""Runtime settings, read from STACKWISE_* environment variables when first asked for."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

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
    # A reverse proxy in front sets X-Forwarded-For to the client's address (overwriting what the
    # client sent): the staff sign-in then counts failures by its first entry, not by the proxy's address.
    trusted_proxy: bool = False
    # The question log, feedback and the sign-in throttle: a SQLite file (the embedded default),
    # or a postgresql:// URL that every app replica shares (guidance.database).
    question_log: str = str(PROJECT_ROOT / "data" / "questions.sqlite3")
    log_retention_days: int = 180
    # An optional language model (docs/language-model.md): off while llm_model is unset.
    llm_provider: str = "openai"  # init_chat_model's provider: "openai" for any OpenAI-compatible server, "ollama"
    llm_model: str | None = None  # the model's name on that server; unset: no model, the rules alone
    llm_base_url: str | None = None  # the server's address ("http://127.0.0.1:8080/v1" for llama.cpp's server)
    llm_api_key_env: str = "OPENAI_API_KEY"  # the environment variable that holds the key (never the key itself)
    llm_timeout_s: float = 20.0  # a reading or a rewrite taking longer is dropped for the rules' own
    llm_read: bool = True  # the model reads messages (the rule reader stands in when it fails)
    llm_phrase: bool = True  # the model rewords replies (the checker holds it to the grounded reply)
    llm_structured: Literal["json", "function_calling", "json_schema"] = "json"  # how a reading is asked for

    @field_validator("log_retention_days")
    @classmethod
    def _positive_days(cls, days: int) -> int:
        if days < 1:
            raise ValueError("must be at least 1 day")
        return days

    @field_validator("llm_timeout_s")
    @classmethod
    def _positive_timeout(cls, seconds: float) -> float:
        if seconds <= 0:
            raise ValueError("must be more than 0 seconds")
        return seconds

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

    def llm_signature(self) -> str | None:
        """The language model settings in one string (None: no model), to tell assistants apart."""
        if not self.llm_model:
            return None
        return self.model_dump_json(include={name for name in type(self).model_fields if name.startswith("llm_")})

    def log_server_url(self) -> str | None:
        """The question log's database server as SQLAlchemy names it, or None for a SQLite file."""
        return server_url(self.question_log)

    def with_store(self, store_dir: str | Path | None) -> Settings:
        """A copy pointing at another store folder (the CLIs' ``--store DIR``)."""
        if store_dir is None:
            return self
        return self.model_copy(update={"store_dir": Path(store_dir)})


def server_url(where: str | Path) -> str | None:
    """A database server's URL as SQLAlchemy names it (psycopg 3 for ``postgresql://``, not the
    default psycopg2), or None when ``where`` is a file."""
    value = str(where)
    if "://" not in value:
        return None
    scheme, rest = value.split("://", 1)
    return f"postgresql+psycopg://{rest}" if scheme in ("postgresql", "postgres") else value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings()
