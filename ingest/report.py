"""What an ingest run did, and the same told the way staff can act on it: rejections grouped
by reason with their counts and two examples, unknown values with what was seen of them."""
from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field

from .errors import InvalidRow

EXAMPLES = 2  # rows shown for each reason on the terminal; --report has every row


@dataclass
class IngestReport:
    """What one run did (or, with ``dry_run``, would do)."""

    stored: int = 0
    unchanged: int = 0
    rejected: int = 0
    removed: int = 0
    embedded: int = 0  # stored programs whose text changed, so embedded again (the rest kept their vectors)
    documents_stored: int = 0
    documents_unchanged: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed_ids: list[str] = field(default_factory=list)
    errors: list[InvalidRow] = field(default_factory=list)
    notices: list[InvalidRow] = field(default_factory=list)  # values left empty, rows kept
    file_errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    mappings: dict[str, list[str]] = field(default_factory=dict)
    version: str | None = None  # the version published by this run
    catalogue: list[str] = field(default_factory=list)  # what the published catalogue covers, in lines
    dry_run: bool = False
    aborted: bool = False  # --strict and something was wrong: nothing written

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.file_errors and not self.aborted

    @property
    def changed_anything(self) -> bool:
        return bool(self.stored or self.removed or self.documents_stored)

    def summary(self) -> str:
        if self.aborted:
            return (f"Nothing written: --strict and {self.rejected} rejected rows, "
                    f"{len(self.file_errors)} unreadable files.")
        verb = "would be" if self.dry_run else ""
        parts = [f"{self.stored} programs {verb + ' ' if verb else ''}stored "
                 f"({len(self.added)} added, {len(self.changed)} changed)",
                 f"{self.unchanged} unchanged", f"{self.rejected} rejected"]
        if self.removed:
            parts.append(f"{self.removed} removed")
        if self.documents_stored or self.documents_unchanged:
            parts.append(f"{self.documents_stored} passages stored, {self.documents_unchanged} unchanged")
        if self.file_errors:
            parts.append(f"{len(self.file_errors)} files skipped")
        text = ", ".join(parts) + "."
        if self.dry_run:
            text = "Dry run: " + text + " Nothing was written."
        elif self.version:
            text += f" Published catalogue version {self.version}."
        elif not self.changed_anything and not self.rejected and not self.file_errors:
            text += " Nothing changed."
        return text

    def to_dict(self) -> dict:
        return {
            "stored": self.stored, "unchanged": self.unchanged, "rejected": self.rejected, "removed": self.removed,
            "embedded": self.embedded,
            "added": self.added, "changed": self.changed, "removed_ids": self.removed_ids,
            "documents_stored": self.documents_stored, "documents_unchanged": self.documents_unchanged,
            "errors": [e.to_dict() for e in self.errors], "notices": [n.to_dict() for n in self.notices],
            "file_errors": self.file_errors, "warnings": self.warnings, "mappings": self.mappings,
            "version": self.version, "dry_run": self.dry_run, "aborted": self.aborted,
            "rejections_by_reason": [g.to_dict() for g in group(self.errors)],
            "unknown_values": [u.to_dict() for u in unknown_values(self.errors + self.notices)],
        }


@dataclass
class Group:
    """Rows that share one reason: the field, the reason with its particular values left out."""

    field: str
    reason: str
    count: int
    examples: list[InvalidRow]

    def to_dict(self) -> dict:
        return {"field": self.field, "reason": self.reason, "count": self.count,
                "examples": [f"{e.file}:{e.line}" for e in self.examples]}


_PARTICULAR = re.compile(r"https?://\S+|'[^']*'|\"[^\"]*\"|\S*\d\S*")


def reason_kind(reason: str) -> str:
    """A reason without what is particular to its row (quoted values, numbers, ids, places)."""
    return re.sub(r"\s+", " ", _PARTICULAR.sub("…", reason)).strip()


def group(problems: list[InvalidRow]) -> list[Group]:
    """Problems grouped by field and kind of reason, the largest group first."""
    groups: dict[tuple[str, str], Group] = {}
    for problem in problems:
        key = (problem.field, problem.kind or reason_kind(problem.reason))
        found = groups.setdefault(key, Group(problem.field, key[1], 0, []))
        found.count += 1
        if len(found.examples) < EXAMPLES:
            found.examples.append(problem)
    return sorted(groups.values(), key=lambda g: (-g.count, g.field, g.reason))


@dataclass
class UnknownValues:
    """The values of one field that it does not know, with how many rows had each."""

    field: str
    seen: Counter[str] = dataclasses.field(default_factory=Counter)

    @property
    def rows(self) -> int:
        return sum(self.seen.values())

    def to_dict(self) -> dict:
        return {"field": self.field, "rows": self.rows, "values": dict(self.seen.most_common())}

    def advice(self, shown: int = 8) -> str:
        values = ", ".join(f"{value!r} ({count})" for value, count in self.seen.most_common(shown))
        more = f" and {len(self.seen) - shown} more" if len(self.seen) > shown else ""
        first = self.seen.most_common(1)[0][0]
        rows = "1 row has a value" if self.rows == 1 else f"{self.rows} rows have values"
        return (f"{self.field}: {rows} it does not know: {values}{more}. Translate them in "
                f"the mapping file, for example [values.{self.field}] \"{first}\" = \"...\" (\"\" for none)")


def unknown_values(problems: list[InvalidRow]) -> list[UnknownValues]:
    by_field: dict[str, UnknownValues] = {}
    for problem in problems:
        if problem.value is not None:
            by_field.setdefault(problem.field, UnknownValues(problem.field)).seen[problem.value] += 1
    return sorted(by_field.values(), key=lambda u: -u.rows)
