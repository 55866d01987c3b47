"""Every fair row of a real export comes in right, and a broken one never does: web addresses
without a scheme, ids when a provider has one website, columns staff ignore or remap, columns
that only look like the language taught in, wrappers around JSON records, lengths in sentences,
hours of study in all, types read from titles, and records run together by a quote left open.
Each test ingests a small export written here through the real pipeline (Chroma, the model)."""
import json

from stackwise.settings import Settings
from tests.conftest import current_store, ingest
from tests.conftest import mapping_file as _mapping
from tests.conftest import write as _write

PROVIDER_LIST = ("Program,School,Website,Languages,Tuition\n"
                 "Phlebotomy Technician,Harbor Allied Health,www.harbor-allied.example.org,\"Polish, Russian\",$1200\n"
                 "Medical Billing,Harbor Allied Health,www.harbor-allied.example.org,Spanish,$900\n"
                 "Forklift Operator,Pine Street Works,pinestreet.example.com/forklift,,$300\n"
                 "Truck Driving,Ridge Driving School,office@ridge.example.net,,$4000\n")


def _programs(settings):
    return {p.title: p for p in current_store(settings).all_programs()}


def test_a_provider_list_with_bare_web_addresses_and_shared_websites_comes_in_whole(settings, tmp_path):
    path = _write(tmp_path, "providers.csv", PROVIDER_LIST)
    report = ingest(settings, path, mapping=_mapping(tmp_path, '[defaults]\ncredential_type = "certificate"\n'))
    programs = _programs(settings)
    assert report.rejected == 0 and len(programs) == 4, report.errors
    phlebotomy, billing = programs["Phlebotomy Technician"], programs["Medical Billing"]
    assert phlebotomy.url == "https://www.harbor-allied.example.org"
    assert programs["Forklift Operator"].url == "https://pinestreet.example.com/forklift"
    # One home page for two programs: the ids come from provider and title, not the address.
    assert phlebotomy.id == "harbor-allied-health-phlebotomy-technician" and billing.id != phlebotomy.id
    assert programs["Forklift Operator"].id == "pinestreet-forklift", "a page of its own still gives the id"
    # An email address in the website column is a wrong value, not a broken row.
    assert programs["Truck Driving"].url is None
    assert any(n.field == "url" and "email address" in n.reason for n in report.notices)
    # "Languages" lists the languages the staff speak: it never becomes the language taught in.
    assert "Languages" in " ".join(report.mappings[str(path)]) and not any(
        line.startswith("language ←") for line in report.mappings[str(path)])
    assert billing.language != "es" and phlebotomy.language not in ("pl", "ru")


def test_staff_ignore_a_recognised_column_or_say_a_field_has_none(settings, tmp_path):
    path = _write(tmp_path, "providers.csv", PROVIDER_LIST)
    mapping = _mapping(tmp_path, 'ignore = ["Website"]\n[defaults]\ncredential_type = "certificate"\n')
    report = ingest(settings, path, mapping=mapping)
    assert report.ok and all(p.url is None for p in _programs(settings).values())
    assert not any(line.startswith("url ←") for line in report.mappings[str(path)])
    settings_b = Settings(store_dir=tmp_path / "other")
    mapping = _mapping(tmp_path, '[columns]\nurl = ""\n[defaults]\ncredential_type = "certificate"\n')
    report = ingest(settings_b, path, mapping=mapping)
    assert report.ok and all(p.url is None for p in _programs(settings_b).values())


def test_a_column_explicitly_mapped_to_language_that_lists_several_is_left_to_detection(settings, tmp_path):
    path = _write(tmp_path, "providers.csv", PROVIDER_LIST)
    mapping = _mapping(tmp_path, '[columns]\nlanguage = "Languages"\n[defaults]\ncredential_type = "certificate"\n')
    report = ingest(settings, path, mapping=mapping)
    assert report.rejected == 0, "a list of languages is a value, not a shifted row"
    assert any(n.field == "language" and "names 2 languages" in n.reason for n in report.notices)
    assert _programs(settings)["Medical Billing"].language == "es", "one language named: that one"


def test_two_programs_on_one_handbook_page_get_two_ids(settings, tmp_path):
    path = _write(tmp_path, "courses.csv",
                  "Course,Uni,Link\n"
                  "Master of Education (Leadership),Coastal University,https://coastal.example.edu/master-education\n"
                  "Master of Education (Inclusive Practice),Coastal University,"
                  "https://coastal.example.edu/master-education\n")
    report = ingest(settings, path, mapping=_mapping(tmp_path, '[columns]\ntitle = "Course"\nprovider = "Uni"\n'
                                                              'url = "Link"\n[derive]\ncredential_type = "title"\n'))
    ids = sorted(p.id for p in current_store(settings).all_programs())
    assert report.ok and len(ids) == 2, report.errors
    assert ids[0] == "coastal-master-education" and ids[1].startswith("coastal-master-education-master-of-education")
    again = ingest(settings, path, mapping=_mapping(tmp_path, '[columns]\ntitle = "Course"\nprovider = "Uni"\n'
                                                              'url = "Link"\n[derive]\ncredential_type = "title"\n'))
    assert again.unchanged == 2, "the same ids again"


def test_records_wrapped_in_one_object_are_read_and_the_run_says_so(settings, tmp_path):
    records = [{"Course": "Graduate Certificate in Wildlife Care", "Uni": "Inland University",
                "Duration": "One year full-time or two years part-time."},
               {"Course": "Master of Rural Nursing", "Uni": "Inland University",
                "Duration": "Two years full-time or four years part-time, depending on the electives a learner takes"
                            " in the second year"}]
    path = _write(tmp_path, "courses.json", json.dumps({"updated": "2026-11-30", "count": 2, "results": records},
                                                       indent=2))
    mapping = _mapping(tmp_path, '[columns]\ntitle = "Course"\nprovider = "Uni"\nduration_weeks = "Duration"\n'
                                 '[derive]\ncredential_type = "title"\n[defaults]\ncredential_type = "degree"\n')
    report = ingest(settings, path, mapping=mapping)
    described = report.mappings[str(path)]
    assert report.ok, report.errors
    assert any("under the key 'results'" in line for line in described)
    programs = _programs(settings)
    certificate, master = programs["Graduate Certificate in Wildlife Care"], programs["Master of Rural Nursing"]
    assert (certificate.duration_weeks, master.duration_weeks) == (52.0, 104.0), "full-time lengths"
    assert any("part-time 208 weeks" in n.reason for n in report.notices)
    assert (certificate.credential_type.value, master.credential_type.value) == ("certificate", "degree")
    assert any(line.startswith("credential_type from titles: certificate 1, degree 1") for line in described)


def test_the_exports_own_words_for_types_are_read_in_titles(settings, tmp_path):
    path = _write(tmp_path, "courses.csv", "Course,Uni\nWildlife Care (Grad Cert),Inland University\n"
                                           "Applied Welding Techniques,Inland University\n")
    mapping = _mapping(tmp_path, '[columns]\ntitle = "Course"\nprovider = "Uni"\n[derive]\ncredential_type = "title"\n'
                                 '[values.credential_type]\n"grad cert" = "certificate"\n'
                                 '[defaults]\ncredential_type = "short-course"\n')
    report = ingest(settings, path, mapping=mapping)
    programs = _programs(settings)
    assert programs["Wildlife Care (Grad Cert)"].credential_type.value == "certificate"
    assert programs["Applied Welding Techniques"].credential_type.value == "short-course"
    assert "credential_type from titles: certificate 1; 1 rows' titles name no type" in report.mappings[str(path)]


def test_hours_of_video_hours_a_week_and_weeks_give_the_hours_in_all(settings, tmp_path):
    path = _write(tmp_path, "courses.csv",
                  "title,provider,Content Duration,Length,Effort\n"
                  "Spreadsheet Shortcuts,Loop Academy,1.5 total hours,,\n"
                  "Pivot Tables Quickly,Loop Academy,45 mins,,\n"
                  "Data Cleaning Basics,Loop Academy,,6 weeks,3 hours per week\n"
                  "Reporting Foundations,Loop Academy,,4 weeks,\n")
    report = ingest(settings, path, mapping=_mapping(tmp_path, '[defaults]\ncredential_type = "short-course"\n'))
    assert report.ok, report.errors
    assert "total_hours ← 'Content Duration'" in report.mappings[str(path)]
    hours = {title: (p.total_hours, p.duration_weeks) for title, p in _programs(settings).items()}
    assert hours == {"Spreadsheet Shortcuts": (1.5, None), "Pivot Tables Quickly": (0.75, None),
                     "Data Cleaning Basics": (18.0, 6.0), "Reporting Foundations": (None, 4.0)}


def test_records_run_together_by_a_quote_left_open_are_rejected_wherever_the_address_lands(settings, tmp_path):
    path = _write(tmp_path, "courses.csv",
                  "id,title,url,price,level,duration\n"
                  "101,Knots for Sailors,https://learn.example.com/knots,20,Beginner,2 hours\n"
                  "102,\"Reading 'Tide Tables,https://learn.example.com/tides,25,Beginner,3 hours\n"
                  "103,Night Navigation\",https://learn.example.com/night,30,Advanced,4 hours\n"
                  "104,Rope Splicing,https://learn.example.com/splice,https://learn.example.com/x,Beginner,1 hour\n"
                  "105,Sail Trim,https://learn.example.com/trim,15,Intermediate,90 mins\n")
    mapping = _mapping(tmp_path, '[columns]\ncost = "price"\nduration_weeks = "duration"\n'
                                 '[defaults]\nprovider = "Harbour School"\ncredential_type = "short-course"\n')
    report = ingest(settings, path, mapping=mapping)
    titles = set(_programs(settings))
    assert titles == {"Knots for Sailors", "Sail Trim"}, titles
    rejected = {(e.line, e.field) for e in report.errors}
    assert (3, "title") in rejected and (5, "cost") in rejected
    assert all("://" not in t and "\n" not in t for t in titles)


def test_a_funding_column_of_codes_names_no_funding(settings, tmp_path):
    path = _write(tmp_path, "providers.csv", "title,provider,Financial Aid\nWelding,Harbor Works,1\n"
                                             "Plumbing,Harbor Works,WIOA; Pell\n")
    report = ingest(settings, path, mapping=_mapping(tmp_path, '[defaults]\ncredential_type = "certificate"\n'))
    programs = _programs(settings)
    assert report.ok and programs["Welding"].funding == () and programs["Plumbing"].funding == ("WIOA", "Pell")
    assert any(n.field == "funding" and "is a code" in n.reason for n in report.notices)
