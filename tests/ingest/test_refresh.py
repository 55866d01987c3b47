"""Refreshing a catalogue: sources, dry runs, pruning, strict runs, reports, versions, rollback."""
import json
import time

import numpy as np

from guidance import Assistant, Conversation
from ingest.cli import main
from knowledge_base.versions import CatalogueVersions
from tests.conftest import FIXTURES, current_store, ingest

HEADER = "id,title,provider,credential_type,description,cost\n"


def write(path, *rows):
    path.write_text(HEADER + "".join(f"{r}\n" for r in rows))
    return path


def ids(settings):
    return sorted(p.id for p in current_store(settings).all_programs())


def test_dry_run_reports_added_changed_removed_without_writing(settings, tmp_path):
    feed = write(tmp_path / "feed.csv", "A,Alpha,P,badge,a,10", "B,Beta,P,badge,b,20")
    ingest(settings, feed)
    write(feed, "A,Alpha,P,badge,a,15", "C,Gamma,P,badge,c,30")
    report = ingest(settings, feed, dry_run=True, prune=True)
    assert (report.added, report.changed, report.removed_ids, report.unchanged) == (["C"], ["A"], ["B"], 0)
    assert report.summary().startswith("Dry run: 2 programs would be stored") and report.version is None
    assert ids(settings) == ["A", "B"] and CatalogueVersions(settings).current() == "v0001"


def test_prune_removes_only_records_of_the_same_source(settings, tmp_path):
    ingest(settings, write(tmp_path / "fall.csv", "F1,Fall one,P,badge,a,1", "F2,Fall two,P,badge,b,2"))
    ingest(settings, write(tmp_path / "spring.csv", "S1,Spring one,P,badge,c,3"))
    report = ingest(settings, write(tmp_path / "fall.csv", "F1,Fall one,P,badge,a,1"), prune=True)
    assert report.removed_ids == ["F2"] and ids(settings) == ["F1", "S1"]
    without_prune = ingest(settings, write(tmp_path / "spring.csv", "S2,Spring two,P,badge,d,4"))
    assert without_prune.removed == 0 and ids(settings) == ["F1", "S1", "S2"]


def test_source_tags_records_and_defaults_to_the_file_name(settings, tmp_path):
    ingest(settings, write(tmp_path / "a.csv", "A,Alpha,P,badge,a,1"))
    ingest(settings, write(tmp_path / "b.csv", "B,Beta,P,badge,b,2"), source="registrar")
    sources = {p.id: p.source for p in current_store(settings).all_programs()}
    assert sources == {"A": "a.csv", "B": "registrar"}


def test_an_unchanged_rerun_publishes_no_version(settings, tmp_path):
    feed = write(tmp_path / "feed.csv", "A,Alpha,P,badge,a,10")
    first, again = ingest(settings, feed), ingest(settings, feed)
    assert first.version == "v0001" and again.version is None and again.unchanged == 1
    assert CatalogueVersions(settings).published() == ["v0001"]


def test_strict_rejects_the_whole_file_on_any_error(settings, tmp_path):
    ingest(settings, write(tmp_path / "feed.csv", "A,Alpha,P,badge,a,10"))
    report = ingest(settings, FIXTURES / "bad_rows.csv", strict=True)
    assert report.aborted and not report.ok and report.summary().startswith("Nothing written")
    assert ids(settings) == ["A"]


def test_report_file_lists_every_error(settings, tmp_path, capsys):
    report_path = tmp_path / "report.json"
    code = main([str(FIXTURES / "bad_rows.csv"), "--store", str(settings.store_dir), "--report", str(report_path),
                 "--quiet"])
    report = json.loads(report_path.read_text())
    assert code == 1
    assert (report["stored"], report["rejected"], report["unchanged"]) == (1, 5, 0)
    expected = {"file": str(FIXTURES / "bad_rows.csv"), "line": 4, "field": "id", "reason": "is required"}
    assert expected in report["errors"]


def test_rollback_returns_to_the_previous_version_and_old_versions_are_cleaned(settings, tmp_path, capsys):
    feed = tmp_path / "feed.csv"
    for cost in range(1, 7):
        ingest(settings, write(feed, f"A,Alpha,P,badge,a,{cost}"))
    versions = CatalogueVersions(settings)
    assert versions.current() == "v0006" and versions.published() == ["v0003", "v0004", "v0005", "v0006"]
    assert main(["--rollback", "--store", str(settings.store_dir)]) == 0
    assert "v0005 is current again" in capsys.readouterr().out
    assert current_store(settings).all_programs()[0].cost == 5


def test_the_assistant_switches_to_a_new_version_between_questions(settings, tmp_path):
    ingest(settings, write(tmp_path / "feed.csv", "W-1,Welding Basics,P,short-course,Arc welding on steel,900"))
    assistant = Assistant.open(settings.model_copy(update={"index_defaults": False}))
    conversation = Conversation()
    assert [p.id for p in assistant.reply("welding", conversation).programs] == ["W-1"]
    ingest(settings, write(tmp_path / "feed2.csv", "W-2,Advanced Welding,P,short-course,Pipe welding,1200"))
    assert assistant.refresh(wait=True) and assistant.version == "v0002"
    assert {p.id for p in assistant.reply("welding", conversation).programs} == {"W-1", "W-2"}


def test_a_new_version_loads_in_the_background_while_questions_are_answered(settings, tmp_path):
    ingest(settings, write(tmp_path / "feed.csv", "W-1,Welding Basics,P,short-course,Arc welding on steel,900"))
    assistant = Assistant.open(settings.model_copy(update={"index_defaults": False}))
    ingest(settings, write(tmp_path / "feed2.csv", "W-2,Advanced Welding,P,short-course,Pipe welding,1200"))
    reply = assistant.reply("welding", Conversation())  # starts the load, does not wait for it
    assert [p.id for p in reply.programs] == ["W-1"], "answered from the version in use"
    deadline = time.monotonic() + 60
    while assistant.version != "v0002" and time.monotonic() < deadline:
        assert "W-1" in [p.id for p in assistant.reply("welding", Conversation()).programs]
        time.sleep(0.05)
    assert assistant.version == "v0002"
    assert {p.id for p in assistant.reply("welding", Conversation()).programs} == {"W-1", "W-2"}


def test_a_new_version_starts_as_a_copy_of_the_current_folder_and_stays_apart_from_it(settings, tmp_path):
    """The build copies the current version's Chroma folder and applies only the changes; both
    versions then answer from their own records and vectors, even open in one process."""
    feed = write(tmp_path / "feed.csv", "A,Welding basics,P,badge,arc welding,10", "B,Bookkeeping,P,badge,ledgers,20",
                 "C,Carpentry,P,badge,framing,30")
    ingest(settings, feed)
    write(feed, "A,Welding basics,P,badge,arc welding,15", "C,Carpentry,P,badge,framing,30",
          "D,Pipe welding,P,badge,welding pipes,40")
    report = ingest(settings, feed, prune=True)
    versions = CatalogueVersions(settings)
    assert report.version == "v0002"
    old, new = versions.open("v0001"), versions.open("v0002")
    assert old.programs.id == new.programs.id, "a copy of the folder, not a new collection"
    assert sorted(p.id for p in old.all_programs()) == ["A", "B", "C"]
    assert {p.id: p.cost for p in new.all_programs()} == {"A": 15, "C": 30, "D": 40}
    welding = new.embedder.embed_query("welding")
    assert {h.id for h in old.nearest_programs(welding, 5)} == {"A", "B", "C"}
    assert {h.id for h in new.nearest_programs(welding, 5)} == {"A", "C", "D"}
    assert new.nearest_programs(welding, 1)[0].id in {"A", "D"}


def test_a_new_price_or_file_name_keeps_the_stored_vector_and_a_blanked_field_leaves_no_trace(settings, tmp_path):
    """Only a change to what is searched (title, description, skills...) is embedded again; a
    new price or a renamed export rewrites the metadata, and a field emptied in the new file is
    gone from the stored metadata too (Chroma merges metadata on overwrite unless told)."""
    ingest(settings, write(tmp_path / "programs-october.csv", "A,Welding basics,P,badge,arc welding,100",
                           "B,Bookkeeping,P,badge,ledgers,200", "C,Carpentry,P,badge,framing,300"))
    before = dict(zip(*current_store(settings).program_vectors()))
    report = ingest(settings, write(tmp_path / "programs-november.csv", "A,Welding basics,P,badge,arc welding,150",
                                    "B,Bookkeeping,P,badge,ledgers,", "C,Carpentry,P,badge,timber framing,300"))
    assert sorted(report.changed) == ["A", "B", "C"] and report.embedded == 1
    store = current_store(settings)
    after = dict(zip(*store.program_vectors()))
    assert np.array_equal(after["A"], before["A"]) and np.array_equal(after["B"], before["B"])
    assert not np.allclose(after["C"], before["C"])
    stored = store.programs.get(ids=["A", "B"], include=["metadatas", "documents"])
    metadata = dict(zip(stored["ids"], stored["metadatas"]))
    assert metadata["A"]["cost"] == 150 and metadata["A"]["source"] == "programs-november.csv"
    assert "cost" not in metadata["B"]
    assert {h.id for h in store.nearest_programs(after["B"], 3, {"cost": {"$gte": 0}})} == {"A", "C"}


def test_a_watching_assistant_loads_a_new_version_before_any_question(settings, tmp_path):
    ingest(settings, write(tmp_path / "feed.csv", "W-1,Welding Basics,P,short-course,Arc welding on steel,900"))
    assistant = Assistant.open(settings.model_copy(update={"index_defaults": False}))
    assistant.watch(every=0.05)
    try:
        ingest(settings, write(tmp_path / "feed2.csv", "W-2,Advanced Welding,P,short-course,Pipe welding,1200"))
        deadline = time.monotonic() + 300  # a condition: the deadline only ends a hung run
        while assistant.version != "v0002" and time.monotonic() < deadline:  # no question asked meanwhile
            time.sleep(0.02)
        assert assistant.version == "v0002"
        assert {p.id for p in assistant.reply("welding", Conversation()).programs} == {"W-1", "W-2"}
    finally:
        assistant.stop_watching()
