"""Ingest: read catalogue files and documents, map and normalise them, publish catalogue versions."""
from .defaults import ensure_defaults
from .errors import IngestError, InvalidRow, UnreadableFile, UnsupportedFormat
from .mapping import ColumnMapping, MappingError
from .pipeline import IngestOptions, IngestReport, ingest_paths, supported_extensions

__all__ = [
    "ColumnMapping", "IngestError", "IngestOptions", "IngestReport", "InvalidRow", "MappingError",
    "UnreadableFile", "UnsupportedFormat", "ensure_defaults", "ingest_paths", "supported_extensions",
]
