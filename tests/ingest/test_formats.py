"""Every supported format, on small files the tests write."""
import json

import pytest

from tests.conftest import FIXTURES, current_store, ingest
from tests.ingest.pdfs import corrupt_pdf, encrypted_pdf, text_pdf

HEADER = "id,title,provider,credential_type,description,cost,language\n"
FIXTURES_PROGRAMS = FIXTURES / "programs.csv"


def stored(settings):
    return {p.id: p for p in current_store(settings).all_programs()}


@pytest.mark.parametrize("encoding, bom", [("utf-8", False), ("utf-8", True), ("cp1252", False)])
def test_csv_encodings(settings, tmp_path, encoding, bom):
    path = tmp_path / "programs.csv"
    text = HEADER + "E-1,Rédaction d'affaires,Cégep Été,short-course,Écrire au travail – 20 h,\"$1,250.00\",Français\n"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode(encoding))
    report = ingest(settings, path)
    assert report.ok and report.stored == 1
    program = stored(settings)["E-1"]
    assert program.title == "Rédaction d'affaires" and program.provider == "Cégep Été"
    assert program.cost == 1250 and program.language == "fr"


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_csv_delimiters(settings, tmp_path, delimiter):
    path = tmp_path / "programs.csv"
    rows = [["id", "title", "provider", "credential_type", "description"], ["D-1", "Semi", "P", "badge", "A, b and c"]]
    path.write_text("\n".join(delimiter.join(r) for r in rows) + "\n")
    report = ingest(settings, path)
    assert report.ok and stored(settings)["D-1"].description == "A, b and c"


def test_xlsx_first_sheet_and_named_sheet(settings, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    first.title = "Fall"
    first.append(["Program Name", "Institution", "Type", "Summary", "Tuition", "Start date"])
    first.append(["Excel for Finance", "Red Maple", "Micro-credential", "Budgets in Excel.", 450, "2027-01-04"])
    second = workbook.create_sheet("Winter")
    second.append(["Program Name", "Institution", "Type", "Summary", "Tuition"])
    second.append(["Payroll Basics", "Red Maple", "Micro-credential", "Canadian payroll.", "CAD 495"])
    path = tmp_path / "registrar.xlsx"
    workbook.save(path)
    assert ingest(settings, path).stored == 1
    assert [p.title for p in stored(settings).values()] == ["Excel for Finance"]
    report = ingest(settings, path, sheet="Winter")
    assert report.stored == 1 and report.mappings[str(path)][0] == "title ← 'Program Name'"
    payroll = next(p for p in stored(settings).values() if p.title == "Payroll Basics")
    assert payroll.cost == 495 and payroll.currency == "CAD" and payroll.id == "red-maple-payroll-basics"


def test_xlsx_unknown_sheet_is_a_file_error(settings, tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "book.xlsx"
    Workbook().save(path)
    report = ingest(settings, path, sheet="Nope")
    assert report.file_errors == [f"{path}: has no sheet 'Nope' (sheets: Sheet)"]


def test_json_lines(settings, tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [{"id": "L-1", "title": "One", "provider": "P", "credential_type": "bootcamp", "description": "d"},
             {"id": "L-2", "title": "Two", "provider": "P", "credential_type": "nonsense", "description": "d"}]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    report = ingest(settings, path)
    assert report.stored == 1 and len(report.errors) == 1
    assert str(report.errors[0]).startswith(f"{path}:2 credential_type: 'nonsense' is not a known credential type")
    assert report.errors[0].value == "nonsense"


def test_plain_text_and_markdown_documents(settings, tmp_path):
    (tmp_path / "guide.txt").write_text("Funding guide\n\nStudent aid can cover short programs.\n")
    (tmp_path / "faq.md").write_text("# FAQ\n\n## Credits\nCredits measure learning.\n")
    report = ingest(settings, tmp_path)
    passages = current_store(settings).all_passages()
    assert report.documents_stored == 2
    assert {(p.document_title, p.section) for p in passages} == {("Funding guide", ""), ("FAQ", "Credits")}


def test_pdf_passages_keep_their_page_numbers(settings, tmp_path):
    path = tmp_path / "brochure.pdf"
    path.write_bytes(text_pdf(["Stackable Skills Brochure\nMicro-credentials stack into certificates.",
                               "Recognition of prior learning\nChallenge exams give credit for experience."]))
    report = ingest(settings, path)
    passages = sorted(current_store(settings).all_passages(), key=lambda p: p.page)
    assert report.ok and report.documents_stored == 2
    assert [p.page for p in passages] == [1, 2]
    assert passages[1].document_title == "Stackable Skills Brochure" and "Challenge exams" in passages[1].text


@pytest.mark.parametrize("make, reason", [
    (encrypted_pdf, "is encrypted (password protected)"),
    (corrupt_pdf, "is not a readable PDF"),
])
def test_bad_pdfs_are_reported_and_skipped_while_the_rest_goes_in(settings, tmp_path, make, reason):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(make())
    good = tmp_path / "good.md"
    good.write_text("# Good\n\n## Part\nStill ingested.\n")
    report = ingest(settings, bad, good)
    assert len(report.file_errors) == 1 and report.file_errors[0].startswith(f"{bad}: {reason}")
    assert report.documents_stored == 1


def test_a_pdf_that_takes_too_long_is_stopped(settings, tmp_path):
    path = tmp_path / "slow.pdf"
    path.write_bytes(text_pdf(["Some text"]))
    report = ingest(settings, path, pdf_timeout=0.01)
    assert report.file_errors == [f"{path}: took longer than 0.01 s to read; skipped"]


def test_answers_cite_a_pdf_with_its_page(settings, tmp_path):
    from guidance import Assistant, Conversation

    path = tmp_path / "guide.pdf"
    path.write_bytes(text_pdf(["Learner Guide\nWelcome to the guide.",
                               "Prior learning\nA challenge exam lets you earn credit for what you already know "
                               "from work, without taking the course."]))
    ingest(settings, FIXTURES_PROGRAMS, path)
    reply = Assistant.open(settings.model_copy(update={"index_defaults": False})).reply(
        "Can I get credit for what I already know from work?", Conversation())
    assert reply.sources[0].kind == "document" and reply.sources[0].page == 2
    assert "Learner Guide, page 2" in reply.answer
