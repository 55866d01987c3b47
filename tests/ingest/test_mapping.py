"""Column mappings: files, header variants, defaults, derived ids, and mistakes in mappings."""
import pytest

from ingest import ColumnMapping, MappingError
from tests.conftest import current_store, ingest

EXPORT = ("Program Name,Institution,summary,course_description,Tuition,Length,Effort,Level,Language,Format,Link\n"
          "Cloud Basics,Cedar Coast,Short intro.,Longer text.,$390,6 Weeks,2–3 hours per week,Beginner,English,"
          "Online,https://example.org/programs/cloud-basics\n")


def test_header_variants_are_recognised_and_the_mapping_is_described(settings, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(EXPORT)
    report = ingest(settings, path, mapping=ColumnMapping(defaults={"credential_type": "micro-credential"}))
    assert report.ok, report.errors
    described = report.mappings[str(path)]
    assert "title ← 'Program Name'" in described and "provider ← 'Institution'" in described
    assert "cost ← 'Tuition'" in described and "credential_type = 'micro-credential' (default)" in described
    program = current_store(settings).all_programs()[0]
    assert (program.cost, program.duration_weeks, program.hours_per_week) == (390, 6, 2)
    assert (program.level.value, program.language, program.delivery.value) == ("introductory", "en", "online")
    assert program.id == "example-programs-cloud-basics", "derived from the web address"


def test_mapping_file_joins_columns_and_applies_defaults(settings, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(EXPORT)
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\ndescription = ["summary", "course_description"]\nurl = "Link"\n'
                       '[defaults]\ncredential_type = "short-course"\nregion = "Canada-wide"\n')
    report = ingest(settings, path, mapping=ColumnMapping.load(mapping))
    program = current_store(settings).all_programs()[0]
    assert report.ok and program.description == "Short intro.\n\nLonger text."
    assert program.credential_type.value == "short-course" and program.region == "Canada-wide"


def test_with_no_type_column_a_title_that_names_its_type_gives_it(settings, tmp_path):
    """An export of postgraduate courses has no type column: "Graduate Certificate in..." is a
    certificate and "Master of..." a degree, whatever the default; "Mastering Excel" keeps it."""
    path = tmp_path / "courses.csv"
    path.write_text("Course,Uni\nGraduate Certificate in Nursing,Avondale\nGraduate Diploma of Data Science,UNE\n"
                    "Master of Teaching (Primary),Avondale\nMastering Excel,UNE\n")
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\ntitle = "Course"\nprovider = "Uni"\n[defaults]\ncredential_type = "short-course"\n')
    report = ingest(settings, path, mapping=ColumnMapping.load(mapping))
    types = {p.title: p.credential_type.value for p in current_store(settings).all_programs()}
    assert report.ok and types == {"Graduate Certificate in Nursing": "certificate",
                                   "Graduate Diploma of Data Science": "diploma",
                                   "Master of Teaching (Primary)": "degree", "Mastering Excel": "short-course"}


def test_ids_are_derived_stably(settings, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("title,provider,credential_type,description\nWelding,Aspen Ridge,short-course,Arc welding.\n")
    ingest(settings, path)
    again = ingest(settings, path)
    assert again.unchanged == 1 and current_store(settings).all_programs()[0].id == "aspen-ridge-welding"


@pytest.mark.parametrize("toml, key, reason", [
    ('[columns]\ntitel = "Name"\n', "columns.titel", "'titel' is not a catalogue field"),
    ('[columns]\ntitle = 3\n', "columns.title", 'must be a column name, a list of column names, or "" for none'),
    ('ignore = "url"\n', "ignore", "must be a list of column names"),
    ('ignore = ["Link"]\n[columns]\nurl = "Link"\n', "columns.url", "'Link' is also in ignore"),
    ('[derive]\nlevel = "title"\n', "derive.level", "only credential_type can be read"),
    ('[derive]\ncredential_type = "description"\n', "derive.credential_type", "can be read from title"),
    ('[defaults]\ncost = [1, 2]\n', "defaults.cost", "must be a single value"),
    ('[colums]\ntitle = "Name"\n', "colums", "unknown table"),
    ('[columns\n', "file", "is not valid TOML"),
])
def test_mistakes_in_a_mapping_file_name_the_file_and_key(tmp_path, toml, key, reason):
    path = tmp_path / "map.toml"
    path.write_text(toml)
    with pytest.raises(MappingError) as caught:
        ColumnMapping.load(path)
    assert caught.value.key == key and reason in caught.value.reason
    assert str(caught.value).startswith(f"{path}: {key}: ")


def test_a_mapped_column_missing_from_the_file_is_named(settings, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(EXPORT)
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\ntitle = "Course Title"\n')
    report = ingest(settings, path, mapping=ColumnMapping.load(mapping))
    assert report.file_errors[0].startswith(f"{mapping}: columns.title: column 'Course Title' is not in {path}")


def test_rows_cut_short_or_shifted_are_rejected_never_stored_garbled(settings, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "title,institution,summary,Level,course_type,course_url,,\n"
        "Good Course,Uni,Fine.,Introductory,Self-paced on your time,https://example.org/good,,\n"
        "Cut Course,Uni,Cut short by a line break,Intermediate,Self-paced on your time,,,\n"
        "the rest of a broken description,,,,,,,\n"
        "Shifted Course,Uni,Text, with a comma,Introductory,Self-paced on your time,https://example.org/shifted,\n"
        "Prose Course,Uni,Fine.,Introductory,and then the description goes on for several words,https://example.org/p,,\n")
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\nprovider = "institution"\ndescription = "summary"\npace = "course_type"\n'
                       'url = "course_url"\n[defaults]\ncredential_type = "short-course"\n[rows]\nrequired = ["url"]\n')
    report = ingest(settings, path, mapping=ColumnMapping.load(mapping))
    assert [p.title for p in current_store(settings).all_programs()] == ["Good Course"]
    reasons = {e.line: f"{e.field}: {e.reason}" for e in report.errors}
    cut = ("url: is empty, but every complete row of this file has it (a record cut short by a line break "
           "inside a field?)")
    assert reasons == {
        3: cut,
        4: cut,
        5: "level: 'with a comma' is not a known level (introductory, intermediate, advanced)",
        6: "pace: holds text (and then the description goes on for sev…) where a short value belongs: "
           "the row's fields have shifted",
    }


def test_a_web_address_in_a_short_field_or_values_without_a_header_mean_a_shifted_row(settings, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("title,provider,credential_type,description,pace,\n"
                    "Fine,Uni,badge,Ok.,self-paced,\n"
                    "Moved,Uni,badge,Ok.,https://example.org/moved,\n"
                    "Spilled,Uni,badge,Ok.,cohort,an extra value\n")
    report = ingest(settings, path)
    assert [p.title for p in current_store(settings).all_programs()] == ["Fine"]
    assert {e.line: f"{e.field}: {e.reason}" for e in report.errors} == {
        3: "pace: holds a web address (https://example.org/moved…): the row's fields have shifted",
        4: "record: has values in columns without a header (fields shifted by an unquoted comma?)",
    }


@pytest.mark.parametrize("name", ["edx.toml", "nj_etpl.toml", "au_csp.toml"])
def test_the_example_mappings_load(name):
    from pathlib import Path
    mapping = ColumnMapping.load(Path(__file__).resolve().parents[2] / "examples" / "mappings" / name)
    assert mapping.columns["title"]
