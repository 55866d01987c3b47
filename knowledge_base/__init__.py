"""The knowledge base: catalogue schema, Chroma store, embeddings and hybrid search."""
from .catalogue import Catalogue
from .errors import InvalidProgram, KnowledgeBaseError, StoreUnavailable
from .schema import CANONICAL_COLUMNS, CredentialType, Delivery, Level, Pace, Passage, Program, StackLink
from .search import Filter, Hit
from .store import Store

__all__ = [
    "CANONICAL_COLUMNS", "Catalogue", "CredentialType", "Delivery", "Filter", "Hit", "InvalidProgram",
    "KnowledgeBaseError", "Level", "Pace", "Passage", "Program", "StackLink", "Store", "StoreUnavailable",
]
