"""Errors raised by the knowledge base (the whole tree is drawn in ``stackwise.errors``).

    KnowledgeBaseError        the store or its configuration cannot be used
     ├── StoreUnavailable     the Chroma folder or server cannot be opened
     └── InvalidProgram       a record does not fit the catalogue schema
"""
from __future__ import annotations

from stackwise.errors import StackwiseError


class KnowledgeBaseError(StackwiseError):
    """The knowledge base cannot do what was asked."""


class StoreUnavailable(KnowledgeBaseError):
    """The Chroma store (folder or server) cannot be opened."""


class InvalidProgram(KnowledgeBaseError):
    """A program record breaks the catalogue schema.

    ``problems`` holds ``(field, reason)`` pairs so the ingest can report each one.
    """

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{field}: {reason}" for field, reason in problems))
