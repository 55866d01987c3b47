"""Registry records and exports through the staff command: detected by content, no flag."""
import json

from ingest.cli import main
from tests.conftest import FIXTURES, ROOT, current_store, ingest

CTDL = FIXTURES / "ctdl"


def test_registry_records_are_found_by_their_content_and_stored_under_their_ctids(settings):
    report = ingest(settings, CTDL / "envelope_graph.json", CTDL / "organisations.json", CTDL / "certificate.json")
    programs = {p.id: p for p in current_store(settings).all_programs()}
    assert programs and all(pid.startswith("ce-") for pid in programs)
    assert all("CTDL JSON-LD" in lines[0] for lines in report.mappings.values())
    stacked = [p for p in programs.values() if p.stacks_into]
    assert stacked and all(link.target in programs for p in stacked for link in p.stacks_into), "linked by CTID"
    assert not any(p.provider.startswith(("http", "ce-")) for p in programs.values()), "names, never references"


def test_a_registry_file_beside_a_csv_in_one_run(settings):
    report = ingest(settings, FIXTURES / "programs.csv", CTDL / "certificate.json", CTDL / "organisations.json")
    ids = {p.id for p in current_store(settings).all_programs()}
    assert any(i.startswith("ce-") for i in ids) and any(not i.startswith("ce-") for i in ids)
    assert report.stored == len(ids)


def test_a_record_with_no_ctid_is_rejected_by_file_and_line(settings):
    report = ingest(settings, CTDL / "missing_ctid.json")
    assert report.rejected and all(e.file == str(CTDL / "missing_ctid.json") and e.line > 0 for e in report.errors)


def test_export_then_reingest_gives_the_same_catalogue(tmp_path, capsys):
    store, again = str(tmp_path / "s"), str(tmp_path / "again")
    shipped = ROOT / "knowledge_base" / "content" / "catalogue.csv"
    assert main([str(shipped), "--store", store, "--quiet", "--source", "catalogue.csv"]) == 0
    assert main(["--store", store, "--export", str(tmp_path / "out.csv")]) == 0
    assert main(["--store", store, "--export", str(tmp_path / "out.jsonld")]) == 0
    out = capsys.readouterr().out
    assert "programs of catalogue version v0001 to" in out
    graph = json.loads((tmp_path / "out.jsonld").read_text())["@graph"]
    assert any(r["@type"].startswith("ceterms:") for r in graph)
    assert main([str(tmp_path / "out.csv"), "--store", again, "--quiet", "--source", "catalogue.csv"]) == 0
    capsys.readouterr()
    assert main([str(shipped), "--store", again, "--source", "catalogue.csv"]) == 0
    assert "Nothing changed." in capsys.readouterr().out, "the CSV export is the catalogue, value for value"


def test_export_refuses_an_unknown_format_and_an_empty_store(tmp_path, capsys):
    assert main(["--store", str(tmp_path / "s"), "--export", str(tmp_path / "out.xml")]) == 2
    assert main(["--store", str(tmp_path / "s"), "--export", str(tmp_path / "out.csv")]) == 2
    err = capsys.readouterr().err
    assert ".csv (canonical columns) or .jsonld" in err and "no catalogue version to export yet" in err
