"""The default content shipped with Stackwise: a sample catalogue and definitions documents."""
from __future__ import annotations

from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent / "content"


def sample_catalogue() -> Path:
    return CONTENT_DIR / "catalogue.csv"


def definitions_dir() -> Path:
    return CONTENT_DIR / "documents"

