"""CTDL JSON-LD import: small spec-shaped files in tests/fixtures/ctdl/, and real Credential Registry
records (tests/fixtures/ctdl/registry/) through the real pipeline."""
import json

import pytest

from guidance.constraints import ProgramFilter
from guidance.pathways import plan_pathway
from ingest.ctdl import looks_like_ctdl, read_ctdl, read_ctdl_files, unimported_organisation, unimported_provider
from ingest.errors import UnreadableFile
from ingest.pipeline import explain_line
from knowledge_base.stacking import StackGraph
from stackwise.settings import Settings
from tests.conftest import FIXTURES, current_store, ingest

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


@pytest.mark.parametrize("name", sorted(str(p.relative_to(CTDL)) for p in CTDL.rglob("*.json")))
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


def test_a_provider_outside_the_import_is_kept_marked_and_reported_never_guessed():
    path = CTDL / "certificate.json"
    result = read_ctdl(path, "registry")
    assert result.errors == []
    [(program, line)] = result.programs
    assert program.provider == unimported_provider(NORTHSHORE) == (
        f"Credential Registry organisation not yet imported ({NORTHSHORE})")
    assert unimported_organisation(program.provider) == NORTHSHORE
    assert unimported_organisation("Northshore Polytechnic") is None
    assert result.warnings == [
        f"{path}:{line} ceterms:ownedBy: {RESOURCES}{NORTHSHORE} is an organisation this import has no record of; "
        f"the program is kept with the provider \"{program.provider}\" until a run imports that organisation's record"]


def test_a_provider_reference_naming_no_ctid_is_an_error(tmp_path):
    record = json.loads((CTDL / "certificate.json").read_text())
    record["ceterms:ownedBy"] = ["https://northshore-poly.example/about-us"]
    path = write(tmp_path, "no_ctid_owner.json", record)
    result = read_ctdl(path, "registry")
    assert result.programs == []
    [error] = result.errors
    assert (error.file, error.line, error.field) == (str(path), 1, "ceterms:ownedBy")
    assert "https://northshore-poly.example/about-us" in error.reason and "never guessed" in error.reason


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


def with_currency(tmp_path, currency):
    records = json.loads((CTDL / "cost_profiles.json").read_text())
    for profile in records[1]["ceterms:estimatedCost"]:
        profile["ceterms:currency"] = currency
    return read_ctdl(write(tmp_path, "currency.json", records), "registry")


@pytest.mark.parametrize("given, code", [
    ("US Dollar", "USD"), ("Canadian Dollar", "CAD"), ("Euro", "EUR"), ("Pound Sterling", "GBP"),
    ("British pounds", "GBP"), ("dollar canadien", "CAD"), ("USD", "USD"), ("usd", "USD"), (" eur ", "EUR"),
    ({"en-US": "US Dollar"}, "USD"),
])
def test_currency_names_and_codes_are_read_as_iso_codes(tmp_path, given, code):
    result = with_currency(tmp_path, given)
    [(program, _)] = result.programs
    assert (program.cost, program.currency) == (3200, code)
    assert not any("ceterms:currency" in w for w in result.warnings)


@pytest.mark.parametrize("given", ["dollars", "$", "XYZ", "", None])
def test_a_currency_that_names_none_leaves_the_cost_without_one_never_cad(tmp_path, given):
    result = with_currency(tmp_path, given)
    [(program, line)] = result.programs
    assert (program.cost, program.currency) == (3200, None)
    [warning] = [w for w in result.warnings if "ceterms:currency" in w]
    assert warning.startswith(f"{tmp_path / 'currency.json'}:{line} ceterms:currency: ")
    assert warning.endswith("the cost is kept without a currency (none is assumed)")


def delivery_of(tmp_path, terms):
    record = json.loads((CTDL / "certificate.json").read_text())
    del record["ceterms:learningDeliveryType"]
    record.update(terms)
    path = write(tmp_path, "delivery.json", [record, *json.loads((CTDL / "organisations.json").read_text())])
    result = read_ctdl(path, "registry")
    [(program, _)] = result.programs
    return program.delivery, result.warnings


def aligned(term=None, label=None):
    node = {"@type": "ceterms:CredentialAlignmentObject"}
    if term:
        node["ceterms:targetNode"] = term
    if label:
        node["ceterms:targetNodeName"] = {"en-US": label}
    return node


@pytest.mark.parametrize("terms, delivery", [
    ({"ceterms:deliveryType": [aligned("deliveryType:InPerson")]}, "in-person"),
    ({"ceterms:deliveryType": [aligned("deliveryType:OnlineOnly")]}, "online"),
    ({"ceterms:deliveryType": [aligned("deliveryType:OnlineDelivery")]}, "online"),
    ({"ceterms:learningDeliveryType": [aligned("deliveryType:OnlineDelivery")]}, "online"),
    ({"ceterms:deliveryType": [aligned("deliveryType:BlendedDelivery")]}, "hybrid"),
    ({"ceterms:deliveryType": [aligned("deliveryType:InPerson"), aligned("deliveryType:OnlineOnly")]}, "hybrid"),
    ({"ceterms:learningDeliveryType": [aligned("deliveryType:InPerson")],
      "ceterms:deliveryType": [aligned("deliveryType:OnlineDelivery")]}, "hybrid"),  # both terms are read
    ({"ceterms:deliveryType": ["deliveryType:OnlineDelivery"]}, "online"),  # plain strings
    ({"ceterms:deliveryType": ["deliveryType:InPerson", "deliveryType:OnlineOnly"]}, "hybrid"),
    ({"ceterms:deliveryType": "In-Person Only"}, "in-person"),  # a label
    ({"ceterms:deliveryType": [aligned(label="Blended Delivery")]}, "hybrid"),  # no targetNode: its label
    ({"ceterms:deliveryType": ["https://credreg.net/ctdl/vocabs/deliveryType/OnlineOnly"]}, "online"),
])
def test_every_ctdl_delivery_term(tmp_path, terms, delivery):
    found, warnings = delivery_of(tmp_path, terms)
    assert found == delivery and warnings == []


def test_a_delivery_term_that_is_no_mode_is_a_warning(tmp_path):
    found, warnings = delivery_of(tmp_path, {"ceterms:deliveryType": [aligned("deliveryType:Synchronous"),
                                                                      aligned("deliveryType:OnlineDelivery")]})
    assert found == "online"
    [warning] = warnings
    assert "ceterms:deliveryType: synchronous says nothing of online, in person or blended" in warning


@pytest.mark.parametrize("profiles, cost, currency, warning", [
    ([{"ceterms:price": 120, "ceterms:currency": "CAD",
       "ceterms:directCostType": {"ceterms:targetNode": "costType:Application"}}], None, None, "no tuition"),
    ([{"ceterms:price": 950}], 950, None, "kept without a currency (none is assumed)"),
    ([{"ceterms:price": 700, "ceterms:currency": "CAD",
       "ceterms:residencyType": [{"ceterms:targetNode": "residency:International"}]}], 700, "CAD", None),
    ([{"ceterms:price": "1,250.00", "ceterms:currency": "CAD",
       "ceterms:directCostType": {"ceterms:targetNode": "costType:AggregateCost"}}], 1250, "CAD", None),
    # the fees profile's currency is not the tuition's: none is borrowed
    ([{"ceterms:price": 800, "ceterms:directCostType": {"ceterms:targetNode": "costType:Tuition"}},
      {"ceterms:price": 90, "ceterms:currency": "EUR",
       "ceterms:directCostType": {"ceterms:targetNode": "costType:ApplicationFee"}}], 800, None, "none is assumed"),
])
def test_the_cost_rule(tmp_path, profiles, cost, currency, warning):
    records = json.loads((CTDL / "cost_profiles.json").read_text())
    records[1]["ceterms:estimatedCost"] = [{"@type": "ceterms:CostProfile", **p} for p in profiles]
    result = read_ctdl(write(tmp_path, "costs.json", records), "registry")
    [(program, _)] = result.programs
    assert (program.cost, program.currency) == (cost, currency)
    if warning:
        assert any(warning in w for w in result.warnings), result.warnings
    else:
        assert result.warnings == []


@pytest.mark.parametrize("ctid, weeks, hours, total", [
    ("ce-a65b8fe6-64c6-444a-a7f8-0250bf85529d", 26.1, None, None),  # P6M
    ("ce-2dd42652-7bc8-4765-a94e-497d356747bf", 60.7, None, None),  # P1Y2M
    ("ce-288c6617-2461-4fae-b0d7-839af04b3277", 10, None, None),  # P10W
    ("ce-d7caee30-514b-4a58-9be5-5d3cf407060f", 4.3, None, None),  # P30D
    ("ce-54f53f0b-9533-4924-9fe8-160155c28c46", None, None, 40),  # PT40H alone: hours in all, no length
    ("ce-290652e8-e317-4f1a-9cbb-978e2f6316c7", 8, 5, 40),  # P8W and PT40H
    ("ce-78959934-dcf4-4abc-ba4c-217e7901b344", 8, None, None),  # P4W to P8W: the upper end
    ("ce-b08e15f0-6abc-4190-a79b-40259bad6e16", None, None, None),  # "six months" is no ISO 8601 duration
])
def test_iso_8601_durations(ctid, weeks, hours, total):
    programs = by_id(read_ctdl(CTDL / "durations.json", "registry"))
    program = programs[ctid]
    assert (program.duration_weeks, program.hours_per_week, program.total_hours) == (weeks, hours, total)


def test_a_duration_that_cannot_be_read_is_a_warning_naming_the_record():
    path = CTDL / "durations.json"
    warnings = read_ctdl(path, "registry").warnings
    text_line = record_line(path, "ce-b08e15f0-6abc-4190-a79b-40259bad6e16")
    [warning] = warnings  # PT40H alone is read (hours in all): no warning
    assert warning.startswith(f"{path}:{text_line} ceterms:estimatedDuration: 'six months' cannot be read")


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
    assert program.url is None and program.currency is None and program.cost == 3200  # no CAD for "dollars"
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


# ---- real Credential Registry records (tests/fixtures/ctdl/registry, sources in SOURCE.md), through
# the real pipeline: a real Chroma store and the real embedding model ---------------------------

REGISTRY = CTDL / "registry"
NOCTI_CERTIFICATE, NOCTI = "ce-14525aea-57c5-4f5a-8f1c-bdc95c7f8b9b", "ce-6a62b250-a1a2-4d31-a702-cdc2437efd31"
NOCTI_TEST_COURSE = "ce-1fc5d594-6786-4d58-8306-dd3ee14aea52"  # a 2017 staging record NOCTI owns
RIO_SALADO, RIO_SALADO_ORG = "ce-0b6f0c2f-01b9-4776-b861-894b78f81eda", "ce-2198982c-edc9-4e80-8938-d6c73b258858"
LICENCE, LICENCE_ORG = "ce-8a871edc-9fbc-43bd-b671-afe33f26059e", "ce-eca0b54d-05d3-4ef8-ba63-f6af26483ae4"
DRIVING_COURSE = "ce-f8885b28-134d-4188-8c86-063aadff14ea"
CSP, COURSE_DESIGN = "ce-438f33f1-c0be-4c22-a8ba-67b7f0bf172e", "ce-32cf4120-867e-4d6f-939f-d5c6ed85cf78"
BADGE_2017, BIOLOGY, BIOLOGY_COURSEWORK = ("ce-6ec1d33a-92ae-4557-af19-7219b4ece7dd",
                                          "ce-017baa86-3b1b-4bd0-bd81-ee38e61b8d82",
                                          "ce-0d9c779d-b7dc-42cd-a57c-c7024549f7a7")
# Every registry file but the NOCTI organisation's: most organisations are outside the import.
PROGRAM_FILES = ["nocti_certification_envelope.json", "rio_salado_insurance_studies_envelope.json",
                 "driving_academy_license.json", "driving_academy_learning_opportunity.json",
                 "staging_credentials_2017.json", "staging_learning_opportunities_2017.json"]


@pytest.fixture(scope="module")
def registry_run(tmp_path_factory):
    """The real records imported in one run into a fresh store: the report and the stored programs."""
    settings = Settings(store_dir=tmp_path_factory.mktemp("registry-store"))
    report = ingest(settings, *(REGISTRY / name for name in PROGRAM_FILES))
    store = current_store(settings)
    try:
        return report, {p.id: p for p in store.all_programs()}
    finally:
        store.close()


def test_real_registry_records_are_all_stored_none_rejected(registry_run):
    report, programs = registry_run
    assert report.ok and report.errors == [] and report.version == "v0001"
    assert len(programs) == report.stored == 27  # 4 single records, 13 and 10 in the 2017 files
    assert all("CTDL JSON-LD" in report.mappings[str(REGISTRY / name)][0] for name in PROGRAM_FILES)


def test_a_real_envelope_whose_organisation_is_outside_is_kept_marked_and_reported(registry_run):
    report, programs = registry_run
    certificate = programs[NOCTI_CERTIFICATE]  # an envelope for NOCTI's certification, NOCTI's record not in it
    assert certificate.credential_type == "certificate" and certificate.title == (
        "21st Century Skills for Workplace Success")
    assert certificate.provider == f"Credential Registry organisation not yet imported ({NOCTI})"
    path = REGISTRY / "nocti_certification_envelope.json"
    reference = "https://credentialengineregistry.org/graph/ce-6A62B250-A1A2-4D31-A702-CDC2437EFD31"
    assert (f"{path}:12 ceterms:ownedBy: {reference} is an organisation this import has no record of; the "
            f"program is kept with the provider \"{certificate.provider}\" until a run imports that organisation's "
            "record") in report.warnings
    # its only costs are in its renewal conditions: no cost, and no currency either
    assert (certificate.cost, certificate.currency) == (None, None)


def test_a_real_licence_whose_organisation_is_outside_is_kept(registry_run):
    report, programs = registry_run
    licence = programs[LICENCE]
    assert (licence.credential_type, licence.title) == ("licence", "160 Driving Academy")
    assert licence.provider == unimported_provider(LICENCE_ORG)
    assert any(w.startswith(f"{REGISTRY / 'driving_academy_license.json'}:5 ceterms:ownedBy: https://sandbox."
                            f"credentialengineregistry.org/resources/{LICENCE_ORG} is an organisation")
               for w in report.warnings)


def test_learners_never_see_a_bare_ctid_or_address_as_a_provider(registry_run):
    _, programs = registry_run
    for program in programs.values():
        assert not program.provider.startswith(("ce-", "http", "_:"))
        ctid = unimported_organisation(program.provider)
        assert ctid is None or program.provider == unimported_provider(ctid)
    marked = {p.id for p in programs.values() if unimported_organisation(p.provider)}
    assert DRIVING_COURSE not in marked and len(marked) == 26  # its organisation is in its own graph


def test_a_real_us_dollar_cost_is_usd_and_in_person_and_online_is_hybrid(registry_run):
    _, programs = registry_run
    insurance = programs[RIO_SALADO]  # "US Dollar"; in-state tuition 1535, out-of-state 5886
    assert (insurance.cost, insurance.currency, insurance.delivery) == (1535, "USD", "hybrid")
    assert insurance.provider == unimported_provider(RIO_SALADO_ORG)
    csp = programs[CSP]  # BlendedDelivery, InPerson and OnlineOnly; "US Dollar"
    assert (csp.cost, csp.currency, csp.delivery) == (150, "USD", "hybrid")


def test_a_real_record_in_its_organisations_graph_reads_code_length_and_hours(registry_run):
    _, programs = registry_run
    course = programs[DRIVING_COURSE]  # "USD", P4W and PT160H, organisation as a blank node of the graph
    assert (course.provider, course.cost, course.currency, course.delivery) == (
        "160 Driving Academy", 4695, "USD", "hybrid")
    assert (course.duration_weeks, course.hours_per_week, course.total_hours) == (4, 40, 160)


def test_no_cad_anywhere_a_real_record_did_not_give_it(registry_run):
    _, programs = registry_run
    assert {p.currency for p in programs.values()} == {"USD", None}
    assert all(p.currency is None for p in programs.values() if p.cost is None)
    design = programs[COURSE_DESIGN]  # Quality Matters' workshop: 200 and 300, no currency given
    assert (design.cost, design.currency, design.delivery, design.duration_weeks) == (200, None, "online", 2)


def test_real_parts_link_by_ctid_and_say_what_cannot_be_kept(registry_run):
    report, programs = registry_run
    badge = programs[BADGE_2017]  # isPartOf a record outside the run: kept, so that a later import links it
    assert [(link.target, link.credits) for link in badge.stacks_into] == [
        ("ce-f54b16d7-6bb2-4a86-84cd-b823ed6bc530", None)]
    path = REGISTRY / "staging_credentials_2017.json"
    parts = sorted(w.split(" ceterms:hasPart: ")[1].split(" ")[0] for w in report.warnings
                   if w.startswith(f"{path}:20 ceterms:hasPart: "))
    assert parts == sorted(["ce-9ae8fd44-3268-4ec9-8bf1-5d1884bddacd", "ce-202b37ef-340f-489b-a26f-d982298173c5",
                            "ce-1c0222b9-e6ef-4c18-bde1-4992073b2dac", "ce-d70c36cf-d86b-4d1b-96a3-cef3fdc8e8de"])
    biology = programs[BIOLOGY]  # requires its coursework, a record of the other 2017 file of the run
    assert biology.prerequisites == (BIOLOGY_COURSEWORK,) and BIOLOGY_COURSEWORK in programs
    assert BIOLOGY_COURSEWORK not in {b.missing_id for b in StackGraph(programs).broken_references()}


def test_a_later_import_of_the_organisation_names_the_programs_stored_before(tmp_path):
    settings = Settings(store_dir=tmp_path / "store")
    first = ingest(settings, REGISTRY / "nocti_certification_envelope.json",
                   REGISTRY / "staging_learning_opportunities_2017.json")
    assert first.ok and first.version == "v0001"
    organisation = REGISTRY / "nocti_organization_envelope.json"
    later = ingest(settings, organisation)  # the organisation's record alone
    assert later.ok and later.version == "v0002" and later.added == []
    assert sorted(later.changed) == sorted([NOCTI_CERTIFICATE, NOCTI_TEST_COURSE])
    assert sorted(str(n) for n in later.notices) == sorted(
        f"{organisation}:12 ceterms:name: NOCTI is now the provider of {pid}, stored before with the provider "
        f"\"{unimported_provider(NOCTI)}\"" for pid in (NOCTI_CERTIFICATE, NOCTI_TEST_COURSE))
    store = current_store(settings)
    try:
        programs = {p.id: p for p in store.all_programs()}
    finally:
        store.close()
    assert programs[NOCTI_CERTIFICATE].provider == programs[NOCTI_TEST_COURSE].provider == "NOCTI"
    assert programs[NOCTI_CERTIFICATE].source == "nocti_certification_envelope.json"  # its own source kept
    assert programs[COURSE_DESIGN].provider == unimported_provider("ce-82d95877-bc8b-403a-9bd5-b7e1e8cd38a9")
    again = ingest(settings, organisation)
    assert again.ok and again.version is None and again.stored == 0  # nothing marked with NOCTI is left


def test_explain_shows_a_marked_provider_whole():
    lines = explain_line([REGISTRY / "nocti_certification_envelope.json"], 12)
    assert f"    provider = '{unimported_provider(NOCTI)}'" in lines
