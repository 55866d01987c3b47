"""CTDL JSON-LD import, on small spec-shaped files in tests/fixtures/ctdl/."""
import json

import pytest

from guidance.constraints import ProgramFilter
from guidance.pathways import plan_pathway
from ingest.ctdl import looks_like_ctdl, read_ctdl, read_ctdl_files
from ingest.errors import UnreadableFile
from knowledge_base.stacking import StackGraph
from tests.conftest import FIXTURES

CTDL = FIXTURES / "ctdl"
RESOURCES = "https://credentialengineregistry.org/resources/"
NORTHSHORE = "ce-761bc06b-84f2-4eb4-9a35-19ae0d1ede07"
QA_COUNCIL = "ce-6b50bdab-6ff0-47c6-b8ec-bb08bf995b7a"
CYBER = "ce-9e5e986b-bc8d-4793-8c50-24a9d75eead3"
BADGE, WHMIS, FIRST_AID, DEGREE = ("ce-9d379487-4216-4cef-a75f-77ddd5429a5c", "ce-9da26373-e466-4467-babc-bfee9d61b468",
                                   "ce-082a1bb5-cfd4-4a47-aa22-81ff52e8a853", "ce-fa475523-9a53-456a-86f5-019fb273045d")
CLOUD = "ce-bb44361d-9d37-48b0-8afe-2ddd41b465b1"
OUTSIDE_WHOLE, OUTSIDE_PRE, OUTSIDE_PART = ("ce-fa858e2a-776c-423a-9053-dcdd562bc02b",
                                            "ce-2d03b8d5-940a-4442-8ace-197975deee57",
                                            "ce-68174b19-7dbe-42b4-b635-43a5cd61f513")


def by_id(result):
    return {program.id: program for program, _ in result.programs}


def record_line(path, ctid):
    """The line of the ``{`` that opens the record whose ``@id`` names ``ctid``."""
    lines = path.read_text().splitlines()
    at = next(i for i, line in enumerate(lines, 1) if f'"@id": "{RESOURCES}{ctid}"' in line)
    return at - 1


def write(tmp_path, name, value):
    path = tmp_path / name
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False))
    return path


@pytest.mark.parametrize("name", sorted(p.name for p in CTDL.glob("*.json")))
def test_every_fixture_shape_is_recognised_as_ctdl(name):
    assert looks_like_ctdl(CTDL / name)


@pytest.mark.parametrize("content", [
    json.dumps([{"id": "J-1", "title": "Plain JSON", "provider": "P"}]),
    json.dumps({"@context": "https://schema.org", "@graph": [{"@type": "Course", "name": "Not CTDL"}]}),
    json.dumps({"decoded_resource": {"name": "A learning registry resource"}}),
    "3", "null", "", "{not json", '{"a": [1, 2, {"b": NaN}]}',
])
def test_ordinary_json_is_not_ctdl_and_never_raises(tmp_path, content):
    path = tmp_path / "other.json"
    path.write_text(content)
    assert not looks_like_ctdl(path)
    assert not looks_like_ctdl(tmp_path / "absent.json")


def test_the_catalogue_json_fixture_is_not_ctdl():
    assert not looks_like_ctdl(FIXTURES / "programs.json")


def test_a_certificate_reads_its_english_texts_and_every_field():
    result = read_ctdl_files([CTDL / "certificate.json", CTDL / "organisations.json"], "registry")
    assert result.errors == [] and result.warnings == []
    [(program, line)] = result.programs
    assert line == 1
    assert program.id == CYBER and program.credential_type == "certificate" and program.source == "registry"
    assert program.title == "Applied Cybersecurity Certificate" and program.language == "en"
    assert program.description.startswith("Protect small-business networks")
    assert program.provider == "Northshore Polytechnic"
    assert (program.cost, program.currency) == (2400, "CAD")
    assert program.duration_weeks == 26.1 and program.hours_per_week is None  # P6M, as the CSV reads "6 months"
    assert program.delivery == "online" and program.level == "intermediate" and program.credits == 12
    assert program.skills == ("threat modelling", "server hardening", "incident response")
    assert program.occupations == ("Cybersecurity specialists", "Information systems specialists")
    assert program.url == "https://northshore-poly.example/programs/applied-cybersecurity"


def test_the_program_language_chooses_among_the_language_map(tmp_path):
    record = json.loads((CTDL / "certificate.json").read_text())
    record["ceterms:inLanguage"] = ["fr-CA"]
    path = write(tmp_path, "french.json", [record, *json.loads((CTDL / "organisations.json").read_text())])
    [(program, _)] = read_ctdl(path, "registry").programs
    assert program.language == "fr" and program.title == "Certificat en cybersécurité appliquée"
    assert program.description.startswith("Protéger les réseaux")
    assert program.skills[0] == "modélisation des menaces"
    assert program.occupations == ("Spécialistes de la cybersécurité", "Information systems specialists")
    assert program.provider == "Northshore Polytechnic"  # one organisation, one provider name for all its programs


def test_a_provider_outside_the_import_is_an_error_not_a_guess():
    path = CTDL / "certificate.json"
    result = read_ctdl(path, "registry")
    assert result.programs == []
    [error] = result.errors
    assert (error.file, error.line, error.field) == (str(path), 1, "ceterms:ownedBy")
    assert f"{RESOURCES}{NORTHSHORE}" in error.reason and "never guessed" in error.reason


def test_organisations_and_quality_assurance_bodies_only_name_providers(tmp_path):
    alone = read_ctdl(CTDL / "organisations.json", "registry")
    assert (alone.programs, alone.errors, alone.warnings) == ([], [], [])
    record = json.loads((CTDL / "certificate.json").read_text())
    record["ceterms:ownedBy"] = [{"@id": f"{RESOURCES}{QA_COUNCIL}"}]
    path = write(tmp_path, "owned_by_qa.json", record)
    [(program, _)] = read_ctdl_files([path, CTDL / "organisations.json"], "registry").programs
    assert program.provider == "Atlantic Programs Quality Council"


def test_an_envelope_holding_a_graph_gives_every_program_with_its_line():
    path = CTDL / "envelope_graph.json"
    result = read_ctdl(path, "registry")
    assert result.errors == [] and result.warnings == []
    lines = {program.id: line for program, line in result.programs}
    assert lines == {ctid: record_line(path, ctid) for ctid in (BADGE, WHMIS, FIRST_AID, DEGREE)}
    programs = by_id(result)
    assert {pid: p.credential_type.value for pid, p in programs.items()} == {
        BADGE: "digital-badge", WHMIS: "short-course", FIRST_AID: "short-course", DEGREE: "degree"}
    assert {p.provider for p in programs.values()} == {"Lakeside Community College"}
    assert programs[BADGE].prerequisites == (WHMIS,)
    assert programs[FIRST_AID].language == "fr" and programs[FIRST_AID].title == "Secourisme en milieu de travail"
    assert (programs[WHMIS].delivery, programs[FIRST_AID].delivery, programs[DEGREE].delivery) == (
        "in-person", "hybrid", "hybrid")  # in person and online both: hybrid; blended: hybrid


def test_has_part_without_credits_plans_every_part_as_required():
    programs = by_id(read_ctdl(CTDL / "envelope_graph.json", "registry"))
    assert [str(link) for link in programs[WHMIS].stacks_into] == [DEGREE]
    assert [str(link) for link in programs[FIRST_AID].stacks_into] == [DEGREE]
    assert programs[DEGREE].credits_required is None
    graph = StackGraph(programs)
    assert graph.broken_references() == []
    plan = plan_pathway(graph, DEGREE, completed=set(), flt=ProgramFilter())
    assert plan.rule == "both of these" and plan.credits_required is None
    assert {(step.id, step.status) for step in plan.steps} == {(WHMIS, "needed"), (FIRST_AID, "needed")}


def test_is_part_of_on_the_part_links_as_has_part_on_the_whole_does(tmp_path):
    envelope = json.loads((CTDL / "envelope_graph.json").read_text())
    graph = envelope["decoded_resource"]["@graph"]
    degree = next(r for r in graph if r["ceterms:ctid"] == DEGREE)
    del degree["ceterms:hasPart"]
    for record in graph:
        if record["ceterms:ctid"] in (WHMIS, FIRST_AID):
            record["ceterms:isPartOf"] = [f"{RESOURCES}{DEGREE}"]
    degree["ceterms:requires"] = [{"@type": "ceterms:ConditionProfile",
                                   "ceterms:creditValue": [{"@type": "ceterms:ValueProfile", "schema:value": 60}]}]
    programs = by_id(read_ctdl(write(tmp_path, "parts.json", envelope), "registry"))
    assert [str(link) for link in programs[WHMIS].stacks_into] == [DEGREE]
    assert programs[DEGREE].credits_required == 60 and programs[DEGREE].prerequisites == ()


def test_several_cost_profiles_give_the_base_tuition_never_a_sum():
    [(program, _)] = read_ctdl(CTDL / "cost_profiles.json", "registry").programs
    assert (program.cost, program.currency) == (3200, "USD")  # in-state tuition: not 6400, 9600 nor 3380


@pytest.mark.parametrize("profiles, cost, warning", [
    ([{"ceterms:price": 120, "ceterms:currency": "CAD",
       "ceterms:directCostType": {"ceterms:targetNode": "costType:Application"}}], None, "no tuition"),
    ([{"ceterms:price": 950}], 950, "CAD) is assumed"),
    ([{"ceterms:price": 700, "ceterms:currency": "CAD",
       "ceterms:residencyType": [{"ceterms:targetNode": "residency:International"}]}], 700, None),
    ([{"ceterms:price": "1,250.00", "ceterms:currency": "CAD",
       "ceterms:directCostType": {"ceterms:targetNode": "costType:AggregateCost"}}], 1250, None),
])
def test_the_cost_rule(tmp_path, profiles, cost, warning):
    records = json.loads((CTDL / "cost_profiles.json").read_text())
    records[1]["ceterms:estimatedCost"] = [{"@type": "ceterms:CostProfile", **p} for p in profiles]
    result = read_ctdl(write(tmp_path, "costs.json", records), "registry")
    [(program, _)] = result.programs
    assert program.cost == cost
    if warning:
        assert any(warning in w for w in result.warnings), result.warnings
    else:
        assert result.warnings == []


@pytest.mark.parametrize("ctid, weeks, hours", [
    ("ce-a65b8fe6-64c6-444a-a7f8-0250bf85529d", 26.1, None),  # P6M
    ("ce-2dd42652-7bc8-4765-a94e-497d356747bf", 60.7, None),  # P1Y2M
    ("ce-288c6617-2461-4fae-b0d7-839af04b3277", 10, None),  # P10W
    ("ce-d7caee30-514b-4a58-9be5-5d3cf407060f", 4.3, None),  # P30D
    ("ce-54f53f0b-9533-4924-9fe8-160155c28c46", None, None),  # PT40H alone: hours per week unknown
    ("ce-290652e8-e317-4f1a-9cbb-978e2f6316c7", 8, 5),  # P8W and PT40H
    ("ce-78959934-dcf4-4abc-ba4c-217e7901b344", 8, None),  # P4W to P8W: the upper end
    ("ce-b08e15f0-6abc-4190-a79b-40259bad6e16", None, None),  # "six months" is no ISO 8601 duration
])
def test_iso_8601_durations(ctid, weeks, hours):
    programs = by_id(read_ctdl(CTDL / "durations.json", "registry"))
    assert (programs[ctid].duration_weeks, programs[ctid].hours_per_week) == (weeks, hours)


def test_durations_that_give_no_weeks_are_warnings_naming_the_record():
    path = CTDL / "durations.json"
    warnings = read_ctdl(path, "registry").warnings
    hours_line = record_line(path, "ce-54f53f0b-9533-4924-9fe8-160155c28c46")
    text_line = record_line(path, "ce-b08e15f0-6abc-4190-a79b-40259bad6e16")
    assert [w.split(" ceterms:estimatedDuration: ")[0] for w in warnings] == [f"{path}:{hours_line}",
                                                                             f"{path}:{text_line}"]
    assert "40 hours of study" in warnings[0] and "'six months' cannot be read" in warnings[1]


def test_references_outside_the_import_are_warnings_and_kept():
    path = CTDL / "outside_reference.json"
    result = read_ctdl(path, "registry")
    [(program, line)] = result.programs
    assert [(link.target, link.credits) for link in program.stacks_into] == [(OUTSIDE_WHOLE, 3)]
    assert program.prerequisites == (OUTSIDE_PRE,)
    assert result.errors == []
    assert sorted(result.warnings) == sorted([
        f"{path}:{line} ceterms:hasPart: {OUTSIDE_PART} is not a program of this import; the link is stored on "
        "the part, so it is not kept",
        f"{path}:{line} ceterms:isPartOf: {OUTSIDE_WHOLE} is not a program of this import; kept, so that "
        "importing it later links them",
        f"{path}:{line} ceterms:requires: {OUTSIDE_PRE} is not a program of this import; kept, so that "
        "importing it later links them",
    ])


def test_a_later_import_of_the_other_record_links_it(tmp_path):
    whole = {"@type": "ceterms:Certificate", "ceterms:ctid": OUTSIDE_WHOLE, "@id": f"{RESOURCES}{OUTSIDE_WHOLE}",
             "ceterms:name": "Cloud Infrastructure Certificate",
             "ceterms:description": "Three micro-credentials on cloud networks, storage and security.",
             "ceterms:ownedBy": [NORTHSHORE]}
    path = write(tmp_path, "whole.json", whole)
    first = by_id(read_ctdl(CTDL / "outside_reference.json", "registry"))
    later = by_id(read_ctdl_files([path, CTDL / "organisations.json"], "registry"))
    graph = StackGraph({**first, **later})
    assert [c.program.id for c in graph.components(OUTSIDE_WHOLE)] == [CLOUD]
    assert later[OUTSIDE_WHOLE].language is None  # a plain-string name says no language


def test_a_record_of_an_unknown_type_is_a_warning_not_a_crash():
    path = CTDL / "unknown_type.json"
    result = read_ctdl(path, "registry")
    assert (result.programs, result.errors) == ([], [])
    assert result.warnings == [
        f"{path}:8 @type: ceterms:LearningWidget is not a type Stackwise reads as a program or an organisation; "
        "record skipped",
        f"{path}:19 @type: schema:Event is not a CTDL type; record skipped",
    ]


def test_a_program_without_ctid_or_description_is_an_error_naming_file_line_and_field():
    path = CTDL / "missing_ctid.json"
    result = read_ctdl(path, "registry")
    assert result.programs == []
    assert [(e.file, e.line, e.field) for e in result.errors] == [
        (str(path), 8, "ceterms:ctid"), (str(path), 14, "ceterms:description")]
    assert str(result.errors[0]).startswith(f"{path}:8 ceterms:ctid: is required")


def test_a_repeated_ctid_is_an_error_pointing_at_the_first(tmp_path):
    record = json.loads((CTDL / "certificate.json").read_text())
    organisations = json.loads((CTDL / "organisations.json").read_text())
    path = write(tmp_path, "twice.json", [*organisations, record, record])
    result = read_ctdl(path, "registry")
    assert len(result.programs) == 1
    [error] = result.errors
    assert error.field == "ceterms:ctid" and f"duplicate CTID {CYBER} (first at {path}:" in error.reason


def test_a_list_of_envelopes_is_read_whole(tmp_path):
    envelopes = [{"envelope_id": "1", "decoded_resource": record}
                 for record in [json.loads((CTDL / "certificate.json").read_text()),
                                *json.loads((CTDL / "organisations.json").read_text())]]
    result = read_ctdl(write(tmp_path, "envelopes.json", envelopes), "registry")
    assert [p.provider for p, _ in result.programs] == ["Northshore Polytechnic"] and result.errors == []


def test_an_optional_value_the_schema_refuses_is_left_empty_with_a_warning(tmp_path):
    records = json.loads((CTDL / "cost_profiles.json").read_text())
    records[1]["ceterms:subjectWebpage"] = "ftp://files.prairie-state.example/nursing"
    records[1]["ceterms:estimatedCost"][0]["ceterms:currency"] = "dollars"
    path = write(tmp_path, "odd.json", records)
    result = read_ctdl(path, "registry")
    [(program, line)] = result.programs
    assert program.url is None and program.currency == "CAD" and program.cost == 3200
    assert {w.split(": ")[0] for w in result.warnings} == {f"{path}:{line} ceterms:subjectWebpage",
                                                          f"{path}:{line} ceterms:currency"}


def test_invalid_json_is_an_unreadable_file_with_its_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "@type": "ceterms:Certificate",\n  "ceterms:name": \n}\n')
    with pytest.raises(UnreadableFile, match=r"line 4: invalid JSON"):
        read_ctdl(path, "registry")


def test_an_organisation_record_without_a_name_is_named_in_the_error(tmp_path):
    organisations = json.loads((CTDL / "organisations.json").read_text())
    del organisations[0]["ceterms:name"]
    path = write(tmp_path, "nameless.json", [*organisations, json.loads((CTDL / "certificate.json").read_text())])
    [error] = read_ctdl(path, "registry").errors
    assert error.field == "ceterms:ownedBy" and error.reason.endswith("whose record has no ceterms:name")
