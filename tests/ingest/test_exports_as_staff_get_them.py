"""Exports as staff really get them: their own words for values, markers for nothing, no
language column, titles in other scripts, and reports staff can act on."""
import json

import pytest
from openpyxl import Workbook

from ingest import ColumnMapping, MappingError
from ingest.cli import main
from tests.conftest import current_store, ingest, mapping_file, write

HEADER = "Course,University,About,Kind,Difficulty,Fee,Length,Link\n"


def test_value_maps_translate_the_exports_own_words(settings, tmp_path):
    path = write(tmp_path, "export.csv", HEADER +
                 "Data Wrangling,Uni A,Cleaning tables.,Specialization,Mixed,$300,4 meses,https://a.example/dw\n"
                 "Bridge Inspection,Uni B,Looking at bridges.,Guided Project,Beginner,$20,2 hours,https://b.example/bi\n")
    mapping = mapping_file(tmp_path, '[values.credential_type]\n"specialization" = "certificate"\n'
                                     '"Guided  Project" = "short-course"\n')
    report = ingest(settings, path, mapping=mapping)
    assert report.ok, report.errors
    programs = {p.title: p for p in current_store(settings).all_programs()}
    wrangling = programs["Data Wrangling"]
    assert wrangling.credential_type.value == "certificate" and wrangling.level is None, "Mixed: every level"
    assert wrangling.duration_weeks == 17.4, "4 meses"
    assert programs["Bridge Inspection"].credential_type.value == "short-course"


def test_an_unknown_value_is_reported_once_with_its_count_and_what_was_seen(settings, tmp_path, capsys):
    rows = "".join(f"Course {i},Uni,Text {i}.,{kind},Beginner,$10,2 weeks,https://u.example/c{i}\n"
                   for i, kind in enumerate(["Specialization"] * 3 + ["Guided Project"] * 2 + ["Certificate"]))
    path = write(tmp_path, "export.csv", HEADER + rows)
    code = main([str(path), "--store", str(tmp_path / "s"), "--report", str(tmp_path / "r.json"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    values_lines = [line for line in err.splitlines() if line.startswith("values: ")]
    assert values_lines == [
        "values: credential_type: 5 rows have values it does not know: 'Specialization' (3), 'Guided Project' (2). "
        'Translate them in the mapping file, for example [values.credential_type] "Specialization" = "..." '
        '("" for none)']
    assert "rejected: 5 rows, credential_type: … is not a known credential type" in err, "grouped, not five lines"
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["unknown_values"] == [{"field": "credential_type", "rows": 5,
                                         "values": {"Specialization": 3, "Guided Project": 2}}]
    assert len(report["errors"]) == 5 and report["rejections_by_reason"][0]["count"] == 5


@pytest.mark.parametrize("marker", ["None", "N/A", "n/a", "-", "null", "TBD"])
def test_empty_markers_read_as_empty_in_every_field(settings, tmp_path, marker):
    path = write(tmp_path, "export.csv", "title,provider,credential_type,description,level,cost,next_start,region\n"
                 f"Forklift Safety,Depot College,licence,Operate lifts safely.,{marker},{marker},{marker},{marker}\n")
    report = ingest(settings, path)
    assert report.ok and not report.notices, report.errors + report.notices
    program = current_store(settings).all_programs()[0]
    assert (program.level, program.cost, program.next_start, program.region) == (None, None, None, None)


def test_a_row_with_no_description_is_kept_and_noted(settings, tmp_path):
    path = write(tmp_path, "export.csv", "title,provider,credential_type,description\n"
                 "Law for Coders,Uni,short-course,NA\n")
    report = ingest(settings, path)
    assert report.stored == 1 and report.notices[0].field == "description"


def test_a_default_beside_a_column_fills_only_its_blank_cells(settings, tmp_path):
    path = write(tmp_path, "export.csv", "title,provider,credential_type,description,format\n"
                 "One,P,short-course,First.,In person\nTwo,P,short-course,Second.,\n")
    report = ingest(settings, path, mapping=ColumnMapping(defaults={"delivery": "online"}))
    assert report.ok
    delivery = {p.title: p.delivery.value for p in current_store(settings).all_programs()}
    assert delivery == {"One": "in-person", "Two": "online"}
    assert "delivery = 'online' (default for blank cells)" in report.mappings[str(path)]


@pytest.mark.parametrize("toml, key, reason", [
    ('[defaults]\nid = "X-1"\n', "defaults.id", "the same program"),
    ('[rows]\nrequired = ["url"]\n[defaults]\nurl = "https://x.example"\n', "defaults.url", "never apply"),
    ('[defaults]\nlevel = "guru"\n', "defaults.level", "is not a known level"),
    ('[values.level]\n"Mixed" = "guru"\n', 'values.level."Mixed"', "is not a known level"),
    ('[values.level]\n"Mixed" = true\n', 'values.level."Mixed"', "single value"),
    ('[columns]\ntitle = "Name"\ndescription = ["About", "Name"]\n', "columns.description", "already feeds"),
    ('[rows]\ndetect_language = "yes"\n', "rows.detect_language", "true, false"),
    ('[rows]\nlanguages = ["en"]\n', "rows.languages", "unknown key"),
])
def test_conflicts_in_a_mapping_are_errors_naming_the_key(tmp_path, toml, key, reason):
    with pytest.raises(MappingError) as caught:
        mapping_file(tmp_path, toml)
    assert caught.value.key == key and reason in caught.value.reason


def test_a_value_map_for_a_field_no_column_feeds_is_said_never_read(settings, tmp_path):
    """A harmless leftover (a map for a column this export lacks) is said, and the rows come in."""
    path = write(tmp_path, "export.csv", "title,provider,credential_type,description\nA,P,short-course,D.\n")
    report = ingest(settings, path, mapping=mapping_file(tmp_path, '[values.pace]\n"Live" = "cohort"\n'))
    assert "[values.pace] is never read: no column of this file feeds pace" in report.mappings[str(path)]
    assert report.stored == 1


FRENCH = ("Infonuagique pour débutants", "Découvrez les services infonuagiques, le stockage et la sécurité des données "
                                         "dans un environnement en ligne.")
ENGLISH = ("Payroll Essentials", "Learn to run a payroll, calculate deductions and file remittances on time.")


def test_language_is_detected_per_row_when_the_export_has_no_language_column(settings, tmp_path):
    path = write(tmp_path, "export.csv", "title,provider,credential_type,description\n"
                 f'"{FRENCH[0]}",Cégep,short-course,"{FRENCH[1]}"\n"{ENGLISH[0]}",College,short-course,"{ENGLISH[1]}"\n'
                 "Knots,College,short-course,Ties.\n")
    ingest(settings, path)
    languages = {p.title: p.language for p in current_store(settings).all_programs()}
    assert languages == {FRENCH[0]: "fr", ENGLISH[0]: "en", "Knots": None}, "too little text to be sure: left empty"


def test_language_detection_can_be_switched_off_or_limited(settings, tmp_path):
    path = write(tmp_path, "export.csv", "title,provider,credential_type,description\n"
                 f'"{FRENCH[0]}",Cégep,short-course,"{FRENCH[1]}"\n')
    ingest(settings, path, mapping=mapping_file(tmp_path, "[rows]\ndetect_language = false\n"))
    assert current_store(settings).all_programs()[0].language is None
    assert mapping_file(tmp_path, '[rows]\ndetect_language = ["en", "fr"]\n').detected_languages == ("en", "fr")


def test_titles_in_other_scripts_get_ids_of_their_own(settings, tmp_path):
    titles = ["データ分析入門", "مقدمة في تحليل البيانات", "Вступ до аналізу даних", "Intro to Data Analysis"]
    path = write(tmp_path, "export.csv", "title,provider,credential_type,description\n" +
                 "".join(f"{t},Open Uni,short-course,A course.\n" for t in titles))
    report = ingest(settings, path)
    assert report.ok and report.stored == 4, report.errors
    ids = [p.id for p in current_store(settings).all_programs()]
    assert len(set(ids)) == 4 and "open-uni-intro-to-data-analysis" in ids
    again = ingest(settings, path)
    assert again.unchanged == 4, "stable from run to run"


def test_ids_from_web_addresses_keep_the_query(settings, tmp_path):
    path = write(tmp_path, "export.csv", "title,provider,credential_type,description,url\n"
                 "A,P,short-course,D.,https://cat.example/course.php?id=1\n"
                 "B,P,short-course,D.,https://cat.example/course.php?id=2\n")
    assert ingest(settings, path).stored == 2


def test_a_workbook_row_with_values_beyond_the_header_is_rejected(settings, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["title", "provider", "credential_type", "description", "url"])
    sheet.append(["Good", "P", "short-course", "Fine.", "https://p.example/good"])
    sheet.append(["Spilled", "P", "short-course", "Text", "", "https://p.example/spilled"])
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    report = ingest(settings, path)
    assert [p.title for p in current_store(settings).all_programs()] == ["Good"]
    assert str(report.errors[0]) == f"{path}:3 record: has a value in column F, which has no header " \
                                    "(a row shifted out of its columns?)"


def test_a_file_over_the_row_limit_gives_none_of_its_rows(settings, tmp_path):
    rows = "".join(f"Course {i},P,short-course,D.\n" for i in range(5))
    path = write(tmp_path, "big.csv", "title,provider,credential_type,description\n" + rows)
    report = ingest(settings, path, max_rows=3)
    assert report.stored == 0 and "has more than 3 records (STACKWISE_INGEST_MAX_ROWS)" in report.file_errors[0]


def test_explain_shows_how_one_row_is_read_and_writes_nothing(tmp_path, capsys):
    path = write(tmp_path, "export.csv", HEADER +
                 "Data Wrangling,Uni A,Cleaning tables.,Specialization,All levels,N/A,2 to 4 years depending on "
                 "credits,https://a.example/dw\n")
    store = tmp_path / "s"
    assert main([str(path), "--store", str(store), "--explain", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}:2" and "  cell 'Kind': 'Specialization'" in out
    assert "  level ← 'Difficulty': 'All levels' → empty" in out
    assert "  duration_weeks ← 'Length': '2 to 4 years depending on credits' → 208.0" in out
    assert "  rejected: credential_type: 'Specialization' is not a known credential type" in out
    assert not store.exists(), "nothing written"


CUT = ("title,provider,summary,level,url,,\n"
       "Team Leadership,Uni Q,Lead teams well.,Intermediate,https://q.example/lead,,\n"
       "Grant Writing,Uni Q,Write grants. Module 1: budgets,,,,\n"        # a line break inside the summary...
       "the rest of module 1 and module 2,,,,,,\n"                        # ...and here is the rest
       "Safe Lifting,Uni Q,Lift safely.,Introductory,,,\n"                # no page: a real, complete row
       "Crane Signals,Uni Q,Signal cranes.,Introductory,https://q.example/crane,,\n")


def test_a_record_a_line_break_cut_in_two_is_rejected_whole_without_a_mapping(settings, tmp_path):
    path = write(tmp_path, "export.csv", CUT)
    report = ingest(settings, path, mapping=ColumnMapping(defaults={"credential_type": "short-course"}))
    titles = {p.title for p in current_store(settings).all_programs()}
    assert titles == {"Team Leadership", "Safe Lifting", "Crane Signals"}, "the head of the cut record is not stored"
    assert f"{path}:3 record: is cut short: line 4 holds the rest of a record" in "\n".join(map(str, report.errors))


def test_a_row_with_empty_last_columns_before_an_ordinary_bad_row_is_kept(settings, tmp_path):
    path = write(tmp_path, "export.csv", "title,provider,description,cost,url\n"
                 "Safe Lifting,Uni Q,Lift safely.,$100,\nCrane Signals,Uni Q,Signal cranes.,-$5,\n")
    report = ingest(settings, path, mapping=ColumnMapping(defaults={"credential_type": "short-course"}))
    assert [p.title for p in current_store(settings).all_programs()] == ["Safe Lifting"] and report.rejected == 1


def test_a_web_address_or_a_paragraph_as_a_name_is_a_shifted_row(settings, tmp_path):
    long_title = " ".join(["word"] * 30)
    path = write(tmp_path, "export.csv", "title,provider,credential_type,description\n"
                 "Welding,https://weld.example/course,short-course,Arc welding.\n"
                 f"{long_title},Uni,short-course,Text.\n")
    report = ingest(settings, path)
    assert report.stored == 0 and {e.field for e in report.errors} == {"provider", "title"}


def test_a_last_field_a_line_break_cut_is_rejected_and_a_footer_is_not(settings, tmp_path):
    path = write(tmp_path, "export.csv", "title,provider,credential_type,description\n"
                 "Pharmacy Assistant,CDI,diploma,Dispensing procedures\nand inventory control.\n"
                 "Dental Assisting,Algonquin,certificate,Chairside assisting and radiography.\n"
                 "Exported 2026-11-30 by the registrar\n")
    report = ingest(settings, path)
    assert [p.title for p in current_store(settings).all_programs()] == ["Dental Assisting"]
    assert f"{path}:2 record: is cut short: line 3 holds the rest" in "\n".join(map(str, report.errors))


def test_nested_json_is_mapped_by_dotted_keys_and_never_stored_as_text(settings, tmp_path):
    records = [{"code": "SN-1", "name": "Power BI", "partner": {"name": "SkillsNorth", "country": "CA"},
                "kind": "short-course", "body": "<p>Build <b>dashboards</b> &amp; DAX.</p>",
                "start": "2025-09-15T00:00:00Z", "tags": [{"name": "BI"}, {"name": "DAX"}]}]
    path = tmp_path / "api.json"
    path.write_text(json.dumps(records))
    mapping = mapping_file(tmp_path, '[columns]\nid = "code"\ntitle = "name"\nprovider = "partner.name"\n'
                                     'credential_type = "kind"\ndescription = "body"\nnext_start = "start"\n'
                                     'skills = "tags"\n')
    report = ingest(settings, path, mapping=mapping)
    assert report.ok, report.errors + report.notices
    program = current_store(settings).all_programs()[0]
    assert program.provider == "SkillsNorth" and program.description == "Build dashboards & DAX."
    assert str(program.next_start) == "2025-09-15" and program.skills == ("BI", "DAX")


def test_french_headers_and_values_are_recognised(settings, tmp_path):
    path = write(tmp_path, "export.csv", "Titre du programme,Établissement,Type,Durée,Coût,Mode de diffusion,Niveau\n"
                 "Soins infirmiers auxiliaires,Cégep Nord,Diplôme,1 800 heures,1 200 $,En classe,Tous niveaux\n")
    ingest(settings, path)
    program = current_store(settings).all_programs()[0]
    assert (program.title, program.provider, program.credential_type.value) == (
        "Soins infirmiers auxiliaires", "Cégep Nord", "diploma")
    assert (program.cost, program.delivery.value, program.level) == (1200, "in-person", None)
    assert program.total_hours == 1800, "1 800, not 800: hours in all"


def test_an_effort_cell_that_also_gives_the_length_fills_both(settings, tmp_path):
    path = write(tmp_path, "export.csv", "title,provider,credential_type,description,effort\n"
                 "Excel for Finance,Academy,short-course,Models.,5 hrs/week for 4 weeks\n")
    ingest(settings, path)
    program = current_store(settings).all_programs()[0]
    assert (program.hours_per_week, program.duration_weeks) == (5, 4)


def test_explain_reads_a_registry_record(tmp_path, capsys):
    from tests.conftest import FIXTURES
    assert main([str(FIXTURES / "ctdl" / "certificate.json"), "--explain", "3"]) == 0
    out = capsys.readouterr().out
    assert "(a CTDL record)" in out and ("stored as ce-" in out or "rejected:" in out)
