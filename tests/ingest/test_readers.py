import pytest

from ingest.documents import read_markdown, read_text
from ingest.errors import UnreadableFile
from ingest.readers import read_csv, read_json
from tests.conftest import FIXTURES


def test_csv_records_start_at_their_own_line_even_after_a_multiline_field():
    records = list(read_csv(FIXTURES / "programs.csv"))
    assert [(r.values["id"], r.line) for r in records] == [
        ("T-SQL1", 2), ("T-VIZ2", 3), ("T-CERT", 5), ("T-WLD1", 6), ("T-FR1", 7)]


def test_csv_row_with_an_unquoted_comma_is_flagged_not_shifted():
    records = {r.values.get("id"): r for r in read_csv(FIXTURES / "bad_rows.csv")}
    shifted = records["B-SHIFT"]
    assert shifted.line == 6
    assert shifted.problems[0][0] == "record" and "25 fields" in shifted.problems[0][1]


def test_csv_with_a_byte_order_mark_reads_its_first_column(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffid,title\nA-1,Thing\n".encode("utf-8"))
    assert list(read_csv(path))[0].values == {"id": "A-1", "title": "Thing"}


def test_json_objects_carry_their_line_numbers_and_lists():
    records = list(read_json(FIXTURES / "programs.json"))
    assert [r.line for r in records] == [2, 5]
    assert records[0].values["skills"] == "project management;scheduling"


def test_broken_json_names_the_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[\n {"id": "A"},\n {"id": \n]\n')
    with pytest.raises(UnreadableFile, match=r"broken.json: line 4: invalid JSON"):
        list(read_json(path))


def test_a_document_is_in_the_language_its_name_gives_or_else_the_one_it_is_written_in(tmp_path):
    named = tmp_path / "paying.fr.md"
    named.write_text("# Paying\n\n## Grants\nSome provinces fund short programs.\n", encoding="utf-8")
    written = tmp_path / "guide.md"
    written.write_text("# Payer sa formation\n\n## Les prêts\nCertaines provinces financent les programmes courts "
                       "et les microcertifications offertes par les collèges publics.\n", encoding="utf-8")
    english = tmp_path / "notes.txt"
    english.write_text("Stacking\n\nSeveral micro-credentials can count towards a certificate.\n", encoding="utf-8")
    assert {p.language for p in read_markdown(named)} == {"fr"}
    assert {p.language for p in read_markdown(written)} == {"fr"}
    assert {p.language for p in read_text(english)} == {"en"}
    assert read_markdown(named)[0].document_id == "paying-fr"
