"""The ingest run: read, map, normalise and validate every file, then publish a new catalogue
version holding the changes, or nothing at all when nothing changed."""
from __future__ import annotations

import errno
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

from knowledge_base import snapshot
from knowledge_base.catalogue import Catalogue
from knowledge_base.schema import REQUIRED_COLUMNS, Passage, Program
from knowledge_base.settings import Settings
from knowledge_base.stacking import StackGraph
from knowledge_base.store import Store
from knowledge_base.versions import CatalogueVersions, catalogue_versions

from .documents import DOCUMENT_READERS, PDF_TIMEOUT
from .errors import IngestError, InvalidRow, UnsupportedFormat, VersionNotWritten
from .mapping import ColumnMapping
from .readers import READERS
from .records import build_program

PROGRESS_THRESHOLD = 500  # show a progress bar for runs that embed more records than this
EMBED_BATCH = 256


@dataclass
class IngestOptions:
    mapping: ColumnMapping | None = None
    sheet: str | None = None
    source: str | None = None  # tag for every record; default: each file's name
    dry_run: bool = False
    prune: bool = False  # remove records of the same source that the new files no longer have
    strict: bool = False  # any error rejects the whole run
    pdf_timeout: float = PDF_TIMEOUT
    progress: bool | None = None  # None: a bar on long runs in a terminal
    max_file_mb: int | None = None  # None: Settings.ingest_max_file_mb (``ingest_paths`` fills it in)
    max_unpacked_mb: int | None = None  # None: Settings.ingest_max_unpacked_mb


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
        }


def supported_extensions() -> list[str]:
    return sorted(set(READERS) | set(DOCUMENT_READERS))


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


# ---- reading and validating -----------------------------------------------------------

@dataclass
class Collected:
    programs: dict[str, Program] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)  # id → "file:line"
    passages: list[Passage] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)  # sources that yielded valid programs


def collect(files: list[Path], options: IngestOptions, report: IngestReport) -> Collected:
    collected = Collected()
    mapping = options.mapping or ColumnMapping()
    for path in files:
        suffix = path.suffix.lower()
        try:
            if not path.exists():
                raise IngestError(f"{path}: no such file")
            limit = options.max_file_mb
            if path.stat().st_size > limit * 1024 * 1024:
                raise IngestError(f"{path}: is larger than {limit} MB (STACKWISE_INGEST_MAX_FILE_MB); "
                                  "split it, or raise the limit")
            if suffix in DOCUMENT_READERS:
                collected.passages.extend(DOCUMENT_READERS[suffix](path, timeout=options.pdf_timeout))
                continue
            if suffix not in READERS:
                raise UnsupportedFormat(str(path), supported_extensions())
            records = list(READERS[suffix](path, sheet=options.sheet, max_unpacked_mb=options.max_unpacked_mb))
            headers = list(dict.fromkeys(h for r in records[:1] for h in r.values)) if records else []
            if records and suffix in (".json", ".jsonl", ".ndjson"):
                headers = list(dict.fromkeys(h for r in records for h in r.values))
            resolved = mapping.resolve(headers, str(path)) if records else None
        except IngestError as exc:
            report.file_errors.append(str(exc))
            continue
        if resolved is None:
            continue
        report.mappings[str(path)] = resolved.describe()
        unmapped = [c for c in REQUIRED_COLUMNS if c != "id" and c not in resolved.columns and c not in resolved.defaults]
        if unmapped:
            report.file_errors.append(f"{path}: no column for required field(s) {', '.join(unmapped)}; "
                                      "name them in a mapping file (--mapping) or add them to [defaults]")
            continue
        source = options.source or path.name
        for record in records:
            outcome = build_program(record, resolved, source)
            report.notices += outcome.notices
            if outcome.program is None:
                report.errors += outcome.errors
                report.rejected += 1
                continue
            program = outcome.program
            if program.id in collected.programs:
                report.errors.append(InvalidRow(record.file, record.line, "id",
                                                f"duplicate id {program.id} (first at {collected.places[program.id]})"))
                report.rejected += 1
                continue
            collected.programs[program.id] = program
            collected.places[program.id] = f"{record.file}:{record.line}"
            collected.sources.add(source)
    return collected


def check_references(programs: dict[str, Program], places: dict[str, str], stored: dict[str, Program],
                     report: IngestReport) -> None:
    """Warn about ``stacks_into`` and ``prerequisites`` naming unknown programs, and about
    prerequisite cycles, naming the rows; the rows are stored all the same."""
    graph = StackGraph({**stored, **programs})
    for broken in graph.broken_references():
        if broken.program_id in places:
            report.warnings.append(f"{places[broken.program_id]} {broken.field}: unknown program {broken.missing_id}")
    for program_id in graph.stacking_into_themselves():
        if program_id in places:
            report.warnings.append(f"{places[program_id]} stacks_into: {program_id} stacks into itself")
    for cycle in graph.prerequisite_cycles():
        if any(pid in places for pid in cycle):
            around = " → ".join(cycle + cycle[:1])
            rows = ", ".join(places[pid] for pid in cycle if pid in places)
            report.warnings.append(f"{rows} prerequisites: cycle {around}")


# ---- writing a new version ------------------------------------------------------------

def ingest_paths(paths: Iterable[str | Path], settings: Settings, options: IngestOptions | None = None) -> IngestReport:
    """Ingest files into the store of ``settings`` as a new catalogue version.

    Unchanged records are neither re-embedded nor rewritten; when nothing changed no version
    is published. With ``strict``, any rejected row or unreadable file writes nothing.
    """
    options = options or IngestOptions()
    options = replace(options, max_file_mb=options.max_file_mb or settings.ingest_max_file_mb,
                      max_unpacked_mb=options.max_unpacked_mb or settings.ingest_max_unpacked_mb)
    report = IngestReport(dry_run=options.dry_run)
    collected = collect(expand(paths), options, report)
    if options.strict and (report.errors or report.file_errors):
        report.aborted = True
        return report

    versions = catalogue_versions(settings)
    with versions.lock():
        current_name = versions.current()
        current = versions.open(current_name) if current_name else None
        try:
            _build(collected, current_name, current, versions, options, report)
        finally:
            if current is not None:
                current.close()
    return report


def _build(collected: Collected, current_name: str | None, current: Store | None, versions: CatalogueVersions,
           options: IngestOptions, report: IngestReport) -> None:
    stored = current.programs_with_hashes() if current else []
    stored_programs = {p.id: p for p, _ in stored}
    known = {p.id: stored_hash for p, stored_hash in stored}  # hashes kept at write time, not recomputed
    programs = collected.programs
    if programs:
        check_references(programs, collected.places, stored_programs, report)
    report.added = [pid for pid in programs if pid not in known]
    report.changed = [pid for pid, p in programs.items() if pid in known and known[pid] != p.content_hash()]
    report.unchanged = len(programs) - len(report.added) - len(report.changed)
    if options.prune:
        report.removed_ids = sorted(pid for pid, p in stored_programs.items()
                                    if p.source in collected.sources and pid not in programs)
    report.stored, report.removed = len(report.added) + len(report.changed), len(report.removed_ids)

    known_passages = current.passage_hashes() if current else {}
    changed_passages = [p for p in collected.passages if known_passages.get(p.id) != p.content_hash()]
    reread = {p.document_id for p in collected.passages}
    current_ids = {p.id for p in collected.passages}
    stale_passages = [pid for pid in known_passages if pid.split("#")[0] in reread and pid not in current_ids]
    report.documents_unchanged = len(collected.passages) - len(changed_passages)
    report.documents_stored = len(changed_passages)

    # A changed program whose search text is the same (a new price, a new source file) keeps
    # its stored vector: only its metadata is rewritten.
    relabelled = [programs[pid] for pid in report.changed
                  if programs[pid].embedding_text() == stored_programs[pid].embedding_text()]
    kept_vectors = {p.id for p in relabelled}
    to_embed = [programs[pid] for pid in report.added + report.changed if pid not in kept_vectors]
    report.embedded = len(to_embed)

    if options.dry_run or not (report.stored or report.removed or changed_passages or stale_passages):
        return
    name = versions.new_draft()
    try:
        _write_version(name, versions, current, current_name, report, stale_passages, changed_passages,
                       relabelled, to_embed, stored_programs, programs, options)
    except Exception as exc:
        versions.discard(name)  # nothing half-written stays behind
        raise VersionNotWritten(_why(exc), current_name) from exc
    versions.publish(name)
    report.version = name


def _why(exc: Exception) -> str:
    text = str(exc)
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "disk is full" in text or "No space left" in text:
        return "the disk is full"
    return f"{type(exc).__name__}: {text[:200]}"


def _write_version(name, versions, current, current_name, report, stale_passages, changed_passages, relabelled,
                   to_embed, stored_programs, programs, options) -> None:
    """Write the new version ``name``: the current one's records, the changes, the snapshot."""
    copied = current is not None and versions.start_from(current_name, name)
    draft = versions.open(name)
    try:
        if copied:  # the draft holds the current version: remove what goes, overwrite what changed
            draft.delete_programs(report.removed_ids)
            draft.delete_passages(stale_passages)
        elif current is not None:
            current.copy_to(draft, skip_programs={p.id for p in to_embed} | set(report.removed_ids),
                            skip_passages={p.id for p in changed_passages} | set(stale_passages))
        draft.update_program_metadata(relabelled)
        _write(to_embed, draft.upsert_programs, draft, options.progress, "programs")
        _write(changed_passages, draft.upsert_passages, draft, options.progress, "passages")
        # The version's snapshot: the records in hand with the vectors as stored, in the draft's
        # order, so that no reader rebuilds the indexes or reads the records back.
        records = stored_programs | {pid: programs[pid] for pid in report.added + report.changed}
        ids, program_vectors = draft.program_vectors()
        passages, passage_vectors = draft.passages_with_vectors()
        snapshot.save(Catalogue(draft, [records[i] for i in ids], passages, program_vectors, passage_vectors),
                      versions.snapshot_path(name))
    finally:
        draft.close()


def _write(records: list, upsert, store: Store, progress: bool | None, label: str) -> None:
    if not records:
        return
    show = progress if progress is not None else (len(records) > PROGRESS_THRESHOLD and sys.stderr.isatty())
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(total=len(records), desc=f"Embedding {label}", unit="rec", file=sys.stderr)
    for start in range(0, len(records), EMBED_BATCH):
        chunk = records[start:start + EMBED_BATCH]
        upsert(chunk, store.embedder.embed([r.embedding_text() for r in chunk]))
        if bar:
            bar.update(len(chunk))
    if bar:
        bar.close()
