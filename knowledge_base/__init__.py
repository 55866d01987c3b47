"""The knowledge base: catalogue schema, Chroma store, embeddings and hybrid search."""
from .catalogue import Catalogue
from .errors import InvalidProgram, KnowledgeBaseError, StackwiseError, StoreUnavailable
from .schema import CANONICAL_COLUMNS, CredentialType, Delivery, Level, Pace, Passage, Program, StackLink
from .search import Hit, ProgramFilter
from .settings import Settings, get_settings
from .store import Store

__all__ = [
    "CANONICAL_COLUMNS", "Catalogue", "CredentialType", "Delivery", "Hit", "InvalidProgram",
    "KnowledgeBaseError", "Level", "Pace", "Passage", "Program", "ProgramFilter", "Settings",
    "StackLink", "StackwiseError", "Store", "StoreUnavailable", "get_settings",
]
