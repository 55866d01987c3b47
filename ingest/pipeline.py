"""The ingest run: read, map, normalise and validate every file, then publish a new catalogue
version holding the changes, or nothing at all when nothing changed."""
from __future__ import annotations

import errno
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path

from knowledge_base import snapshot
from knowledge_base.catalogue import Catalogue
from knowledge_base.coverage import MIN_PROGRAMS, SAMPLE_TITLES
from knowledge_base.fields import MIN_GROUP
from knowledge_base.schema import REQUIRED_COLUMNS, Passage, Program
from knowledge_base.stacking import StackGraph
from knowledge_base.store import Store
from knowledge_base.versions import CatalogueVersions, catalogue_versions
from stackwise.settings import Settings

from . import ctdl
from .documents import DOCUMENT_READERS, PDF_TIMEOUT
from .errors import IngestError, InvalidRow, UnreadableFile, UnsupportedFormat, VersionNotWritten
from .mapping import ColumnMapping
from .publisher import one_publisher
from .readers import DEFAULT_MAX_UNPACKED_MB, READERS, RawRecord
from .records import Outcome, build_program, derived_id_again, explain
from .report import IngestReport

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
    # Called after each batch embedded with (what, records done, records to embed): the app's
    # first start shows it in the page.
    on_progress: Callable[[str, int, int], None] | None = None
    max_file_mb: int | None = None  # None: Settings.ingest_max_file_mb (``ingest_paths`` fills it in)
    max_unpacked_mb: int | None = None  # None: Settings.ingest_max_unpacked_mb
    max_rows: int | None = None  # None: Settings.ingest_max_rows
    # The current catalogue version's programs, read only when a registry import holds organisations
    # (their programs stored before with a marked provider get their names); ``ingest_paths`` fills it in.
    stored_programs: Callable[[], list[Program]] | None = None


def supported_extensions() -> list[str]:
    return sorted(set(READERS) | set(DOCUMENT_READERS))


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and the supported files inside folders named, in a stable order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            known = supported_extensions()
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in known))
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


JSON_SUFFIXES = (".json", ".jsonld", ".jsonl", ".ndjson")


def collect(files: list[Path], options: IngestOptions, report: IngestReport) -> Collected:
    """Every file's valid programs and passages. A file's rows are read one at a time (a CSV or
    a workbook is never held whole), and a file that fails part-way gives none of its rows."""
    collected = Collected()
    mapping = options.mapping or ColumnMapping()
    registry_files: list[Path] = []  # CTDL records, read together: one may name another's provider or parts
    for path in files:
        suffix = path.suffix.lower()
        try:
            if not path.exists():
                raise IngestError(f"{path}: no such file")
            limit = options.max_file_mb
            assert limit is not None, "ingest_paths fills the limits in"
            if path.stat().st_size > limit * 1024 * 1024:
                raise IngestError(f"{path}: is larger than {limit} MB (STACKWISE_INGEST_MAX_FILE_MB); "
                                  "split it, or raise the limit")
            if suffix in DOCUMENT_READERS:
                collected.passages.extend(DOCUMENT_READERS[suffix](path, timeout=options.pdf_timeout))
                continue
            if suffix not in READERS:
                raise UnsupportedFormat(str(path), supported_extensions())
            if suffix in JSON_SUFFIXES and ctdl.looks_like_ctdl(path):
                registry_files.append(path)
                continue
            _collect_file(path, mapping, options, report, collected)
        except IngestError as exc:
            report.file_errors.append(str(exc))
    if registry_files:
        _collect_registry(registry_files, options, report, collected)
    return collected


def _collect_registry(paths: list[Path], options: IngestOptions, report: IngestReport, collected: Collected) -> None:
    """CTDL records (Credential Registry JSON-LD), found by their content: no mapping is needed.
    An unreadable file is skipped; the others are read together. Programs stored before with the
    mark of an organisation this import has the record of are staged again with its name."""
    unreadable: list[UnreadableFile] = []
    result = ctdl.read_ctdl_files(paths, options.source, unreadable)
    report.file_errors += [str(exc) for exc in unreadable]
    skipped = {exc.file for exc in unreadable}
    for path in paths:
        if str(path) not in skipped:
            report.mappings[str(path)] = ["CTDL JSON-LD (Credential Registry records), read by their terms"]
    staged = _Staged(report, collected)
    staged.errors += result.errors
    staged.rejected += len({(e.file, e.line) for e in result.errors})
    report.warnings += list(dict.fromkeys(w for w in result.warnings if w not in report.warnings))
    for program, line in result.programs:
        staged.add_program(program, result.files[program.id], line)
    if result.organisations and options.stored_programs is not None:
        stored = ctdl.with_imported_organisations(options.stored_programs(), result.organisations)
        for program, organisation in stored:
            if program.id in staged.programs or program.id in collected.programs:
                continue  # read again in this run: what it says now stands
            staged.add_program(program, organisation.file, organisation.line)
            staged.notices.append(InvalidRow(
                organisation.file, organisation.line, "ceterms:name",
                f"{organisation.name} is now the provider of {program.id}, stored before with the provider "
                f"\"{ctdl.unimported_provider(organisation.ctid)}\"",
                kind="names the provider of programs stored before with their organisation not yet imported"))
    # Only the sources of programs read here: a program named again keeps its own, and --prune
    # must not take the sources of programs this run did not read.
    collected.sources |= {p.source for p, _ in result.programs if p.source is not None}
    staged.commit(None)


def _collect_file(path: Path, mapping: ColumnMapping, options: IngestOptions, report: IngestReport,
                  collected: Collected) -> None:
    """One file's records into ``collected``, or, when the file fails, nothing of it."""
    notes: list[str] = []  # what the reader found of the file's shape ("the records are under 'data'")
    records: Iterable[RawRecord] = READERS[path.suffix.lower()](path, sheet=options.sheet, notes=notes,
                                                                max_unpacked_mb=options.max_unpacked_mb)
    if path.suffix.lower() in JSON_SUFFIXES:  # objects may each have their own keys
        records = list(records)
        headers = list(dict.fromkeys(h for r in records for h in r.values))
    else:  # every row has the header's columns
        records = iter(records)
        first = next(records, None)
        if first is None:
            return
        headers = list(first.values)
        records = chain([first], records)
    if not headers:
        return
    resolved = mapping.resolve(headers, str(path))
    report.mappings[str(path)] = notes + resolved.describe()
    unmapped = [c for c in REQUIRED_COLUMNS if c != "id" and c not in resolved.columns and c not in resolved.defaults
                and c not in resolved.derive]
    if unmapped:
        raise IngestError(f"{path}: no column for required field(s) {', '.join(unmapped)}; "
                          "name them in a mapping file (--mapping) or add them to [defaults]")
    source = options.source or path.name
    staged = _Staged(report, collected)
    assert options.max_rows is not None, "ingest_paths fills the limits in"
    for count, record in enumerate(records, start=1):
        if count > options.max_rows:
            raise IngestError(f"{path}: has more than {options.max_rows:,} records (STACKWISE_INGEST_MAX_ROWS); "
                              "split it, or raise the limit; nothing of it was stored")
        staged.add(record, build_program(record, resolved, source))
    staged.commit(source)
    if resolved.from_titles:
        counts = ", ".join(f"{kind} {n:,}" for kind, n in resolved.from_titles.most_common() if kind != "default")
        default = resolved.from_titles.get("default", 0)
        report.mappings[str(path)].append(f"credential_type from titles: {counts or 'none'}; "
                                          f"{default:,} rows' titles name no type")


def explain_line(paths: Iterable[str | Path], line: int, options: IngestOptions | None = None) -> list[str]:
    """How the record at ``line`` (the one starting there, or holding it) of each file is read;
    nothing is written."""
    options = options or IngestOptions()
    mapping = options.mapping or ColumnMapping()
    lines: list[str] = []
    for path in expand(paths):
        if path.suffix.lower() not in READERS:
            continue
        if path.suffix.lower() in JSON_SUFFIXES and ctdl.looks_like_ctdl(path):
            lines += _explain_registry(path, line, options)
            continue
        try:
            unpacked = options.max_unpacked_mb or DEFAULT_MAX_UNPACKED_MB
            records = list(READERS[path.suffix.lower()](path, sheet=options.sheet, max_unpacked_mb=unpacked))
            headers = list(dict.fromkeys(h for r in records for h in r.values))
            resolved = mapping.resolve(headers, str(path))
        except IngestError as exc:
            lines.append(f"{path}: {exc}")
            continue
        holding = [r for r in records if r.line <= line]
        if not holding:
            lines.append(f"{path}: no record at line {line}")
            continue
        lines += explain(holding[-1], resolved, options.source or path.name)
    return lines


def _explain_registry(path: Path, line: int, options: IngestOptions) -> list[str]:
    """The registry record starting at or holding ``line``: what it is stored as, or why not."""
    try:
        result = ctdl.read_ctdl(path, options.source or path.name)
    except IngestError as exc:
        return [f"{path}: {exc}"]
    starts = sorted({n for _, n in result.programs} | {e.line for e in result.errors})
    holding = [n for n in starts if n <= line]
    if not holding:
        return [f"{path}: no program record at line {line} (CTDL records: {', '.join(map(str, starts[:10]))}...)"]
    at = holding[-1]
    lines = [f"{path}:{at} (a CTDL record)"]
    for program, start in result.programs:
        if start == at:
            stored = program.model_dump(mode="json", exclude_defaults=True, exclude={"source"})
            lines.append(f"  stored as {program.id}:")
            # The provider whole: a marked one ends with the organisation's CTID, which staff look up.
            lines += [f"    {name} = {value!r}"[:None if name == "provider" else 90]
                      for name, value in stored.items() if name != "id"]
    lines += [f"  rejected: {e.field}: {e.reason}" for e in result.errors if e.line == at]
    lines += [f"  warning: {w}" for w in result.warnings if w.startswith(f"{path}:{at} ")]
    return lines


def _unfinished(record: RawRecord) -> bool:
    """Whether a record's last cell stops mid-sentence (a line break cut it), rather than ending
    as text ends: a short line after a finished record is a footer, not the rest of it."""
    last = str(list(record.values.values())[-1] or "").strip() if record.values else ""
    return bool(last) and not re.search(r"[.!?…)\]»\"”'0-9]$", last) and " " in last


@dataclass
class _Staged:
    """One file's outcomes, kept apart until the whole file has been read."""

    report: IngestReport
    collected: Collected
    programs: dict[str, Program] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)
    errors: list[InvalidRow] = field(default_factory=list)
    notices: list[InvalidRow] = field(default_factory=list)
    rejected: int = 0
    previous: tuple[RawRecord, Outcome] | None = None  # the record before, when it was stored

    def add(self, record: RawRecord, outcome: Outcome) -> None:
        self.notices += outcome.notices
        previous, self.previous = self.previous, None
        if outcome.program is None:
            self.errors += outcome.errors
            self.rejected += 1
            # A line break inside an unquoted field cuts a record in two: the head stops short
            # (empty last columns) and this line is a piece; or the head's last field goes on here
            # (a line with fewer fields than the header).
            if previous is not None:
                head, stored = previous
                if (stored.empty_tail and outcome.fragment) or (record.short and _unfinished(head)):
                    assert stored.program is not None, "only a stored record is held as the one before"
                    self._retract(head, stored.program, record)
            return
        program = outcome.program
        if outcome.derived_id and self._taken_by_another(program):
            again = derived_id_again(program)
            if again:
                program = outcome.program = program.model_copy(update={"id": again})
        if self.add_program(program, record.file, record.line):
            self.previous = (record, outcome)

    def _taken_by_another(self, program: Program) -> bool:
        first = self._holding(program.id)
        return first is not None and first.content_hash() != program.content_hash()

    def _holding(self, program_id: str) -> Program | None:
        """The program already staged, or collected from an earlier file, under ``program_id``."""
        return self.programs.get(program_id) or self.collected.programs.get(program_id)

    def _retract(self, record: RawRecord, program: Program, next_record: RawRecord) -> None:
        """The previous record stopped short and this line is a piece of a record: a line break
        inside an unquoted field cut it, so what it would store lacks its last fields."""
        del self.programs[program.id]
        del self.places[program.id]
        self.errors.append(InvalidRow(record.file, record.line, "record", f"is cut short: line {next_record.line} "
                                      "holds the rest of a record (a line break inside an unquoted field?)",
                                      kind="is cut short: the next line holds the rest of a record (a line break "
                                           "inside an unquoted field?)"))
        self.rejected += 1

    def add_program(self, program: Program, file: str, line: int) -> bool:
        """Stage ``program``; False when its id was taken (a repeat, or a collision reported)."""
        first = self._holding(program.id)
        if first is not None:
            where = self.places.get(program.id) or self.collected.places[program.id]
            if first.content_hash() == program.content_hash():
                self.notices.append(InvalidRow(file, line, "id", f"the same program as {where}; kept once"))
            else:
                self.errors.append(InvalidRow(file, line, "id", f"{program.id} is also the id of a "
                                              f"different program at {where}; give one of them another id"))
                self.rejected += 1
            return False
        self.programs[program.id] = program
        self.places[program.id] = f"{file}:{line}"
        return True

    def commit(self, source: str | None) -> None:
        self.report.errors += self.errors
        self.report.notices += self.notices
        self.report.rejected += self.rejected
        self.collected.programs.update(self.programs)
        self.collected.places.update(self.places)
        if self.programs and source is not None:
            self.collected.sources.add(source)


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
                      max_unpacked_mb=options.max_unpacked_mb or settings.ingest_max_unpacked_mb,
                      max_rows=options.max_rows or settings.ingest_max_rows,
                      stored_programs=options.stored_programs or (lambda: _current_programs(settings)))
    report = IngestReport(dry_run=options.dry_run)
    collected = collect(expand(paths), options, report)
    if options.strict and (report.errors or report.file_errors):
        report.aborted = True
        return report

    with catalogue_versions(settings) as versions, versions.lock(), one_publisher(settings):
        current_name = versions.current()
        current = versions.open(current_name) if current_name else None
        try:
            _build(collected, current_name, current, versions, options, report)
        finally:
            if current is not None:
                current.close()
    return report


def _current_programs(settings: Settings) -> list[Program]:
    """The programs of the published catalogue version (none before the first)."""
    with catalogue_versions(settings) as versions:
        name = versions.current()
        if name is None:
            return []
        store = versions.open(name)
    try:
        return store.all_programs()
    finally:
        store.close()


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
        _write(to_embed, draft.upsert_programs, draft, options.progress, "programs", options.on_progress)
        _write(changed_passages, draft.upsert_passages, draft, options.progress, "passages", options.on_progress)
        # The version's snapshot: the records in hand with the vectors as stored, in the draft's
        # order, so that no reader rebuilds the indexes or reads the records back.
        records = stored_programs | {pid: programs[pid] for pid in report.added + report.changed}
        ids, program_vectors = draft.program_vectors()
        passages, passage_vectors = draft.passages_with_vectors()
        catalogue = Catalogue(draft, [records[i] for i in ids], passages, program_vectors, passage_vectors)
        snapshot.save(catalogue, versions.snapshot_path(name))
        report.catalogue = _what_it_covers(catalogue)
    finally:
        draft.close()


def _what_it_covers(catalogue: Catalogue) -> list[str]:
    """What the published catalogue covers, as the assistant will read it: its largest fields of
    work and how its abstention is calibrated (``knowledge_base.coverage``)."""
    if not catalogue.programs:
        return []
    fields = catalogue.fields
    sizes = Counter(f for held in fields.program_fields.values() for f in held if f not in fields.derived)
    largest = ", ".join(f"{name} ({count})" for name, count in sizes.most_common(6))
    lines = [f"fields of work from the list: {len(sizes)} hold programs; the largest: {largest}"]
    own = Counter(f for held in fields.program_fields.values() for f in held if f in fields.derived)
    if own:
        lines.append(f"fields of its own (its subjects and the words its titles share, each about one thing): "
                     f"{len(own)}; the largest: " + ", ".join(f"{n} ({c})" for n, c in own.most_common(8)))
    else:
        lines.append(f"fields of its own: none (no subject or title word names {MIN_GROUP} programs about one thing)")
    coverage = catalogue.coverage
    if coverage.floor is not None:
        lines.append(f"'nothing here about that': a brief request whose words no title uses and whose best program "
                     f"stands out less than {coverage.floor:.2f} standard deviations (the median of "
                     f"{min(SAMPLE_TITLES, len(catalogue.programs))} of its titles searched for)")
    else:
        lines.append(f"'nothing here about that' is not judged: fewer than {MIN_PROGRAMS} programs")
    return lines


def _write(records: list, upsert, store: Store, progress: bool | None, label: str,
           on_progress: Callable[[str, int, int], None] | None = None) -> None:
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
        if on_progress is not None:
            on_progress(label, min(start + EMBED_BATCH, len(records)), len(records))
    if bar:
        bar.close()
