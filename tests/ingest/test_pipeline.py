from knowledge_base.versions import CatalogueVersions
from tests.conftest import FIXTURES, current_store, ingest


def test_good_rows_are_stored_and_each_bad_field_is_reported_with_file_and_line(settings):
    report = ingest(settings, FIXTURES / "bad_rows.csv")
    assert report.stored == 1 and report.rejected == 5 and not report.ok
    lines = {str(e) for e in report.errors}
    path = FIXTURES / "bad_rows.csv"
    assert f"{path}:3 credential_type: 'masterclass' is not a known credential type" in lines
    assert f"{path}:4 id: is required" in lines
    assert f"{path}:5 cost: '-5' is a negative amount" in lines
    assert any(line.startswith(f"{path}:6 record: has 25 fields") for line in lines)
    assert f"{path}:7 url: must be a web address starting with http:// or https://" in lines
    assert [p.id for p in current_store(settings).all_programs()] == ["B-OK1"]


def test_rerunning_an_unchanged_file_writes_nothing(settings):
    first = ingest(settings, FIXTURES / "programs.csv")
    again = ingest(settings, FIXTURES / "programs.csv")
    assert (first.stored, first.unchanged) == (5, 0)
    assert (again.stored, again.unchanged) == (0, 5)
    assert "Nothing changed" in again.summary()


def test_a_changed_record_is_rewritten_alone(settings, tmp_path):
    ingest(settings, FIXTURES / "programs.csv")
    edited = tmp_path / "programs.csv"
    edited.write_text((FIXTURES / "programs.csv").read_text().replace(",400,CAD,", ",425,CAD,"))
    report = ingest(settings, edited)
    assert (report.stored, report.unchanged) == (1, 4)
    assert {p.id: p.cost for p in current_store(settings).all_programs()}["T-SQL1"] == 425


def test_json_values_that_cannot_be_read_are_left_empty_and_reported(settings):
    report = ingest(settings, FIXTURES / "programs.json")
    assert report.stored == 2 and report.rejected == 0
    assert [str(n) for n in report.notices] == [
        f"{FIXTURES / 'programs.json'}:5 delivery: 'pigeon' is not a known delivery (online, in-person, hybrid); "
        "left empty"]
    stored = {p.id: p for p in current_store(settings).all_programs()}
    assert stored["J-BAD"].delivery is None and stored["J-PM1"].skills == ("project management", "scheduling")


def test_a_repeated_id_is_rejected_and_points_at_the_first(settings, tmp_path):
    path = tmp_path / "dupes.csv"
    path.write_text("id,title,provider,credential_type,description\n"
                    "D-1,One,P,micro-credential,First\nD-1,Two,P,micro-credential,Second\n"
                    "D-1,One,P,micro-credential,First\n")
    report = ingest(settings, path)
    assert report.stored == 1 and report.rejected == 1
    assert str(report.errors[0]) == (f"{path}:3 id: D-1 is also the id of a different program at {path}:2; "
                                     "give one of them another id")
    assert str(report.notices[0]) == f"{path}:4 id: the same program as {path}:2; kept once", "a true repeat"


def test_a_file_missing_required_columns_is_skipped_whole(settings, tmp_path):
    path = tmp_path / "partial.csv"
    path.write_text("id,title\nP-1,Only a title\n")
    report = ingest(settings, path)
    assert report.file_errors == [f"{path}: no column for required field(s) provider, credential_type; "
                                  "name them in a mapping file (--mapping) or add them to [defaults]"]
    assert CatalogueVersions(settings).current() is None, "nothing was published"


def test_unsupported_and_missing_files_are_reported(settings, tmp_path):
    other = tmp_path / "notes.docx"
    other.write_text("x")
    report = ingest(settings, other, tmp_path / "absent.csv")
    assert any("unsupported file type" in e for e in report.file_errors)
    assert any("absent.csv: no such file" in e for e in report.file_errors)


def test_markdown_documents_become_cited_passages(settings):
    report = ingest(settings, FIXTURES / "definitions.md")
    passages = current_store(settings).all_passages()
    assert report.documents_stored == 2
    assert {p.section for p in passages} == {"Badges", "Stacking"}
    assert all(p.document_title == "Test definitions" and p.citation == "Test source, 2026." for p in passages)


def test_folders_are_ingested_file_by_file(settings, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# A\n\n## One\nText one.\n")
    (tmp_path / "docs" / "ignored.bin").write_bytes(b"\x00")
    report = ingest(settings, tmp_path / "docs")
    assert report.documents_stored == 1 and report.ok


def test_broken_references_and_cycles_are_warnings_naming_rows(settings, tmp_path):
    path = tmp_path / "refs.csv"
    path.write_text("id,title,provider,credential_type,description,prerequisites,stacks_into\n"
                    "R-A,Alpha,P,micro-credential,First,R-B,R-CERT:3\n"
                    "R-B,Beta,P,micro-credential,Second,R-A,\n")
    report = ingest(settings, path)
    assert report.stored == 2 and report.ok, "warnings do not reject rows"
    assert report.warnings == [f"{path}:2 stacks_into: unknown program R-CERT",
                               f"{path}:2, {path}:3 prerequisites: cycle R-A → R-B → R-A"]


def test_references_to_programs_already_stored_are_fine(settings, tmp_path):
    ingest(settings, FIXTURES / "programs.csv")
    path = tmp_path / "more.csv"
    path.write_text("id,title,provider,credential_type,description,prerequisites,stacks_into\n"
                    "M-1,More,P,micro-credential,Builds on SQL,T-SQL1,T-CERT:3\n")
    assert ingest(settings, path).warnings == []


def test_a_credential_that_stacks_into_itself_is_a_warning_naming_its_row(settings, tmp_path):
    path = tmp_path / "self.csv"
    path.write_text("id,title,provider,credential_type,description,stacks_into,credits_required\n"
                    "S-CERT,Loop Certificate,P,certificate,Itself,S-CERT:3,6\n")
    report = ingest(settings, path)
    assert report.stored == 1
    assert f"{path}:2 stacks_into: S-CERT stacks into itself" in report.warnings
