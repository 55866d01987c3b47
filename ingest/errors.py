"""Errors raised while ingesting files.

    StackwiseError                      (stackwise.errors, where the whole tree is drawn)
     └── IngestError                    a file cannot be ingested
          ├── UnsupportedFormat         no reader for the file's extension
          ├── UnreadableFile            the file cannot be opened or decoded at all
          ├── VersionNotWritten         the new version could not be written (a full disk)
          └── InvalidRow                one record breaks the schema (file, line, field, reason)

Row errors are collected into the run's report rather than raised, so one bad row never
stops the good ones; the CLI prints each as ``file:line field: reason``.
"""
from __future__ import annotations

from dataclasses import dataclass

from stackwise.errors import StackwiseError


class IngestError(StackwiseError):
    """A file cannot be ingested."""


class UnsupportedFormat(IngestError):
    def __init__(self, file: str, supported: list[str]):
        self.file = file
        super().__init__(f"{file}: unsupported file type (supported: {', '.join(supported)})")


class VersionNotWritten(IngestError):
    """Writing the new catalogue version failed; it was removed and nothing was published."""

    def __init__(self, reason: str, current: str | None):
        self.reason, self.current = reason, current
        still = f"version {current} is still current" if current else "no version was published"
        super().__init__(f"the new catalogue version could not be written ({reason}); it was removed, "
                         f"nothing was published, and {still}")


class UnreadableFile(IngestError):
    def __init__(self, file: str, reason: str):
        self.file = file
        self.reason = reason
        super().__init__(f"{file}: {reason}")


@dataclass(frozen=True)
class InvalidRow(IngestError):
    """One problem with one field of one record."""

    file: str
    line: int
    field: str
    reason: str
    value: str | None = None  # the value the field does not know, when that is the reason
    kind: str | None = None  # the reason without what is particular to this row, to group rows by

    def __str__(self) -> str:
        return f"{self.file}:{self.line} {self.field}: {self.reason}"

    def to_dict(self) -> dict:
        data = {"file": self.file, "line": self.line, "field": self.field, "reason": self.reason}
        return data | ({"value": self.value} if self.value is not None else {})
