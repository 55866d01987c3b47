"""Catalogue snapshots: written by the ingest, equal to a catalogue rebuilt from the store,
and never trusted when stale or damaged."""
import numpy as np
import pytest

from guidance.constraints import ProgramFilter
from knowledge_base import snapshot
from knowledge_base.catalogue import Catalogue
from knowledge_base.versions import SNAPSHOT, CatalogueVersions
from tests.conftest import FIXTURES, ingest

QUERIES = [("welding", ProgramFilter()), ("data analysis with SQL", ProgramFilter(max_cost=2000)),
           ("care for older adults", ProgramFilter(delivery=frozenset({"online"}))),
           ("what is a digital badge", ProgramFilter())]


@pytest.fixture
def version(settings):
    ingest(settings, FIXTURES / "programs.csv", FIXTURES / "definitions.md")
    versions = CatalogueVersions(settings)
    return versions, versions.current()


def results(catalogue: Catalogue) -> list:
    found = []
    for query, flt in QUERIES:
        vector = catalogue.embed(query)
        found.append([(h.record.id, round(h.score, 6)) for h in catalogue.search_programs(query, flt, vector=vector)])
        found.append([h.record.id for h in catalogue.search_passages(query, vector=vector)])
    return found


def test_the_ingest_writes_a_snapshot_equal_to_the_catalogue_rebuilt_from_the_store(version):
    versions, name = version
    path = versions.snapshot_path(name)
    assert path == versions.path(name) / SNAPSHOT and path.exists()
    store = versions.open(name)
    saved, rebuilt = snapshot.load(path, store), Catalogue.load(store)
    assert saved is not None and saved.store is store
    assert saved.programs == rebuilt.programs and saved.passages == rebuilt.passages
    assert results(saved) == results(rebuilt)
    assert saved.graph.components("T-CERT") == rebuilt.graph.components("T-CERT")
    assert saved.vocabulary == rebuilt.vocabulary
    under_500 = ProgramFilter(max_cost=500)
    assert np.array_equal(under_500.mask(saved.columns), under_500.mask(rebuilt.columns))


@pytest.mark.parametrize("damage", ["stale", "truncated", "missing"])
def test_a_stale_damaged_or_missing_snapshot_is_rebuilt_from_the_store(version, damage):
    versions, name = version
    path = versions.snapshot_path(name)
    content = path.read_bytes()
    if damage == "stale":
        path.write_bytes(content.replace(snapshot.fingerprint().encode(), b"0" * len(snapshot.fingerprint()), 1))
    elif damage == "truncated":
        path.write_bytes(content[:len(content) // 2])
    else:
        path.unlink()
    store = versions.open(name)
    assert snapshot.load(path, store) is None
    catalogue = snapshot.open_catalogue(store, path)
    assert sorted(catalogue.programs) == sorted(p.id for p in store.all_programs())
    assert snapshot.load(path, store) is not None, "the rebuilt catalogue's snapshot was saved again"


def test_a_refresh_snapshot_holds_each_records_stored_vector(version, settings, tmp_path):
    """The ingest builds the snapshot's vectors from the ones it copied and the ones it wrote:
    row for row, they are the vectors stored in the new version."""
    versions, _ = version
    refresh = tmp_path / "refresh.csv"
    refresh.write_text("id,title,provider,credential_type,description\n"
                       "T-NEW,Underwater Welding Certification,Tidewater Dive School,licence,Wet welding for divers\n")
    definitions = tmp_path / "definitions.md"
    definitions.write_text((FIXTURES / "definitions.md").read_text() + "\n\nA badge can also be shared online.\n")
    ingest(settings, refresh, definitions)
    name = versions.current()
    store = versions.open(name)
    saved = snapshot.load(versions.snapshot_path(name), store)
    for index, (records, stored) in ((saved.program_index, store.programs_with_vectors()),
                                     (saved.passage_index, store.passages_with_vectors())):
        by_id = dict(zip((r.id for r in records), stored))
        assert [r.id for r in index.records] and sorted(by_id) == sorted(r.id for r in index.records)
        assert np.allclose(index.vectors, np.stack([by_id[r.id] for r in index.records]), atol=1e-6)
    assert "T-NEW" in saved.programs


def test_the_fingerprint_follows_the_data_format_not_the_source_files(monkeypatch):
    """A new format version makes every snapshot stale; reading it again gives the same one."""
    before = snapshot.fingerprint()
    snapshot.fingerprint.cache_clear()
    assert snapshot.fingerprint() == before  # computed from the format, not from when it is asked
    monkeypatch.setattr(snapshot, "FORMAT", snapshot.FORMAT + 1)
    snapshot.fingerprint.cache_clear()
    try:
        assert snapshot.fingerprint() != before
    finally:
        monkeypatch.undo()
        snapshot.fingerprint.cache_clear()
    assert snapshot.fingerprint() == before


class _Planted:
    """What an attacker with write access to the store would pickle: a call made on load."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        import os
        return os.system, (f"touch {self.marker}",)


def _plant(path, marker) -> None:
    import pickle

    header = b"stackwise-snapshot " + snapshot.fingerprint().encode() + b"\n"
    path.write_bytes(header + pickle.dumps(_Planted(marker)))
    path.chmod(0o600)


def test_a_crafted_pickle_in_the_snapshots_place_is_never_run(version, tmp_path):
    versions, name = version
    path, marker = versions.snapshot_path(name), tmp_path / "pwned"
    _plant(path, marker)
    store = versions.open(name)
    assert snapshot.load(path, store) is None and not marker.exists()
    catalogue = snapshot.open_catalogue(store, path)  # rebuilt from the store, and a good snapshot saved
    assert catalogue.programs and not marker.exists()
    assert snapshot.load(path, store) is not None


@pytest.mark.parametrize("loose", ["file", "folder"])
def test_a_snapshot_others_may_write_is_not_read(version, loose):
    versions, name = version
    path = versions.snapshot_path(name)
    store = versions.open(name)
    assert snapshot.load(path, store) is not None
    (path if loose == "file" else path.parent).chmod(0o666 if loose == "file" else 0o777)
    assert snapshot.load(path, store) is None


def test_a_snapshot_is_written_for_its_owner_alone(version):
    import stat

    versions, name = version
    path = versions.snapshot_path(name)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
