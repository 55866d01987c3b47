"""Ingest: read catalogue files and documents, validate them, and store them."""
from .defaults import ensure_defaults
from .errors import IngestError, InvalidRow, UnreadableFile, UnsupportedFormat
from .pipeline import IngestReport, ingest_paths, supported_extensions

__all__ = [
    "IngestError", "IngestReport", "InvalidRow", "UnreadableFile", "UnsupportedFormat",
    "ensure_defaults", "ingest_paths", "supported_extensions",
]
