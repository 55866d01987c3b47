"""Errors raised by the knowledge base.

    StackwiseError                 base of every error the project raises on purpose
     └── KnowledgeBaseError        the store or its configuration cannot be used
          ├── StoreUnavailable     the Chroma folder or server cannot be opened
          └── InvalidProgram       a record does not fit the catalogue schema

Callers at the edges (CLI, UI) catch ``StackwiseError`` and show its message.
"""
from __future__ import annotations


class StackwiseError(Exception):
    """Base class for every error Stackwise raises deliberately."""


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
