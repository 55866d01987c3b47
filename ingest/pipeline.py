"""The ingest run: read every file, validate every record, write only what changed."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from knowledge_base.errors import InvalidProgram
from knowledge_base.schema import CANONICAL_COLUMNS, REQUIRED_COLUMNS, Passage, Program
from knowledge_base.stacking import StackGraph
from knowledge_base.store import Store

from .documents import DOCUMENT_READERS
from .errors import IngestError, InvalidRow, UnsupportedFormat
from .readers import READERS, RawRecord

PROGRESS_THRESHOLD = 500  # show a progress bar for runs with more records than this


@dataclass
class IngestReport:
    """What one run did: counts, and every rejected field with its place."""

    stored: int = 0
    unchanged: int = 0
    rejected: int = 0
    documents_stored: int = 0
    documents_unchanged: int = 0
    errors: list[InvalidRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.file_errors

    @property
    def changed_anything(self) -> bool:
        return bool(self.stored or self.documents_stored)

    def summary(self) -> str:
        parts = [f"{self.stored} programs stored", f"{self.unchanged} unchanged", f"{self.rejected} rejected"]
        if self.documents_stored or self.documents_unchanged:
            parts.append(f"{self.documents_stored} passages stored, {self.documents_unchanged} unchanged")
        if self.file_errors:
            parts.append(f"{len(self.file_errors)} files skipped")
        text = ", ".join(parts) + "."
        if not self.changed_anything and not self.rejected and not self.file_errors:
            text += " Nothing changed."
        return text

    def to_dict(self) -> dict:
        return {
            "stored": self.stored, "unchanged": self.unchanged, "rejected": self.rejected,
            "documents_stored": self.documents_stored, "documents_unchanged": self.documents_unchanged,
            "errors": [e.to_dict() for e in self.errors], "file_errors": self.file_errors,
            "warnings": self.warnings,
        }


def supported_extensions() -> list[str]:
    return sorted(set(READERS) | set(DOCUMENT_READERS))


def validate(record: RawRecord, report: IngestReport) -> Program | None:
    """The record as a ``Program``, or ``None`` after adding its problems to the report."""
    problems = list(record.problems)
    values = {k: v for k, v in record.values.items() if k in CANONICAL_COLUMNS}
    if not problems:
        try:
            return Program.from_row(values)
        except InvalidProgram as exc:
            problems = exc.problems
    for field_name, reason in problems:
        report.errors.append(InvalidRow(record.file, record.line, field_name, reason))
    report.rejected += 1
    return None


def _check_header(path: Path, records: list[RawRecord], report: IngestReport) -> bool:
    columns: set[str] = set()
    for record in records:
        columns.update(record.values)
    if not records:
        return True
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        report.file_errors.append(f"{path}: missing required column(s) {', '.join(missing)}")
        return False
    unknown = sorted(c for c in columns if c not in CANONICAL_COLUMNS)
    if unknown:
        report.warnings.append(f"{path}: ignored column(s) that are not catalogue columns: {', '.join(unknown)}")
    return True


def check_references(programs: list[Program], places: dict[str, str], stored: Iterable[Program],
                     report: IngestReport) -> None:
    """Warn about ``stacks_into`` and ``prerequisites`` naming unknown programs, and about
    prerequisite cycles, naming the rows; the rows are stored all the same."""
    known = {p.id: p for p in stored}
    known.update({p.id: p for p in programs})
    graph = StackGraph(known)
    for broken in graph.broken_references():
        if broken.program_id in places:
            report.warnings.append(f"{places[broken.program_id]} {broken.field}: unknown program {broken.missing_id}")
    for cycle in graph.prerequisite_cycles():
        if any(pid in places for pid in cycle):
            around = " → ".join(cycle + cycle[:1])
            rows = ", ".join(places[pid] for pid in cycle if pid in places)
            report.warnings.append(f"{rows} prerequisites: cycle {around}")


def collect(paths: Iterable[Path], report: IngestReport) -> tuple[list[Program], list[Passage], dict[str, str]]:
    """Read and validate every file; a later record with an id already seen is rejected.
    Also returns where each program was read (``file:line``)."""
    programs: dict[str, Program] = {}
    first_line: dict[str, str] = {}
    passages: list[Passage] = []
    for path in paths:
        suffix = path.suffix.lower()
        try:
            if suffix in DOCUMENT_READERS:
                passages.extend(DOCUMENT_READERS[suffix](path))
                continue
            if suffix not in READERS:
                raise UnsupportedFormat(str(path), supported_extensions())
            records = list(READERS[suffix](path))
        except IngestError as exc:
            report.file_errors.append(str(exc))
            continue
        if not _check_header(path, records, report):
            continue
        for record in records:
            program = validate(record, report)
            if program is None:
                continue
            if program.id in programs:
                report.errors.append(InvalidRow(record.file, record.line, "id",
                                                f"duplicate id {program.id} (first at {first_line[program.id]})"))
                report.rejected += 1
                continue
            programs[program.id] = program
            first_line[program.id] = f"{record.file}:{record.line}"
    return list(programs.values()), passages, first_line


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and the supported files inside folders named, in a stable order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in supported_extensions()))
        else:
            files.append(path)
    return files


def ingest_paths(paths: Iterable[str | Path], store: Store, *, progress: bool | None = None) -> IngestReport:
    """Ingest files into ``store``; unchanged records are not re-embedded nor rewritten."""
    report = IngestReport()
    files = expand(paths)
    for path in files:
        if not path.exists():
            report.file_errors.append(f"{path}: no such file")
    programs, passages, places = collect([p for p in files if p.exists()], report)
    if programs:
        check_references(programs, places, store.all_programs(), report)

    known = store.program_hashes()
    changed = [p for p in programs if known.get(p.id) != p.content_hash()]
    report.unchanged = len(programs) - len(changed)
    _write(changed, store.upsert_programs, store, progress, "programs")
    report.stored = len(changed)

    known_passages = store.passage_hashes()
    changed_passages = [p for p in passages if known_passages.get(p.id) != p.content_hash()]
    report.documents_unchanged = len(passages) - len(changed_passages)
    # A document that got shorter leaves passages behind: drop those of re-read documents.
    reread = {p.document_id for p in passages}
    current = {p.id for p in passages}
    stale = [pid for pid in known_passages if pid.split("#")[0] in reread and pid not in current]
    if stale:
        store.delete_passages(stale)
    _write(changed_passages, store.upsert_passages, store, progress, "passages")
    report.documents_stored = len(changed_passages)
    return report


def _write(records: list, upsert: Callable, store: Store, progress: bool | None, label: str) -> None:
    if not records:
        return
    show = progress if progress is not None else (len(records) > PROGRESS_THRESHOLD and sys.stderr.isatty())
    batch = 256
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(total=len(records), desc=f"Embedding {label}", unit="rec", file=sys.stderr)
    for start in range(0, len(records), batch):
        chunk = records[start:start + batch]
        upsert(chunk, store.embedder.embed([r.search_text() for r in chunk]))
        if bar:
            bar.update(len(chunk))
    if bar:
        bar.close()
