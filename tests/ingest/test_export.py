"""Exporting the catalogue: canonical CSV back through the real ingest, CTDL back through the CTDL import."""
import csv
import io
import json

import pytest

from guidance.constraints import ProgramFilter
from guidance.pathways import plan_pathway
from ingest.ctdl import is_ctid, looks_like_ctdl, read_ctdl, read_ctdl_files, unimported_provider
from ingest.export import ctid_for, export_csv, export_ctdl, organisation_ctid, plain_cell, spreadsheet_cell
from knowledge_base.defaults import sample_catalogue
from knowledge_base.escaping import csv_cell
from knowledge_base.schema import CANONICAL_COLUMNS, Program
from knowledge_base.stacking import StackGraph
from stackwise.settings import Settings
from tests.conftest import FIXTURES, current_store, ingest

SHIPPED = sample_catalogue()
RESOURCES = "https://credentialengineregistry.org/resources/"


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory) -> list[Program]:
    """The shipped catalogue as the ingest stores it, in a real store."""
    settings = Settings(store_dir=tmp_path_factory.mktemp("catalogue-store"))
    report = ingest(settings, SHIPPED)
    assert report.ok, report.errors
    return current_store(settings).all_programs()


def test_the_csv_export_reingests_to_the_same_programs(catalogue, tmp_path):
    path = tmp_path / "export.csv"
    assert export_csv(catalogue, path) == len(catalogue) == 85
    assert next(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))) == list(CANONICAL_COLUMNS)
    settings = Settings(store_dir=tmp_path / "again")
    report = ingest(settings, path, source=SHIPPED.name)  # source is a tag, not a column
    assert report.ok and report.errors == [] and report.notices == []
    again = current_store(settings)
    assert again.program_hashes() == {p.id: p.content_hash() for p in catalogue}


def formula_program() -> Program:
    return Program(id="F-1", title="=HYPERLINK(\"http://evil.example\",\"open\")", provider="@Provider",
                   credential_type="short-course", description="-2+3 is a sum a spreadsheet would run",
                   skills=("+cmd|' /C calc'!A0", "'=already marked"), cost=5, region="-")


def test_formula_cells_are_neutralised_and_plain_cell_restores_every_value(tmp_path):
    program = formula_program()
    path = tmp_path / "export.csv"
    export_csv([program], path)
    [header, cells] = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    row = dict(zip(header, cells))
    assert row["title"].startswith("'=") and row["provider"] == "'@Provider" and row["region"] == "'-"
    assert row["description"].startswith("'-2+3") and row["skills"].startswith("'+cmd")
    assert row["cost"] == "5"
    assert {column: plain_cell(cell) for column, cell in row.items()} == program.to_row()


@pytest.mark.parametrize("value", ["=1+1", "'=1+1", "''=1+1", "+1", "-x", "@SUM(A1)", " =1", "\t1", "'tis the season",
                                   "''", "'", "", "-5", "-2.5", "plain text", "＝1"])
def test_spreadsheet_cells_are_inverted_by_plain_cell(value):
    cell = spreadsheet_cell(value)
    assert plain_cell(cell) == value
    assert csv_cell(cell) == cell  # what the project's own check sees as no formula


def test_ctids_are_stable_and_a_ctid_stays_itself():
    assert ctid_for("HV-DAT101") == ctid_for("HV-DAT101") != ctid_for("HV-SQL102")
    assert is_ctid(ctid_for("HV-DAT101")) and is_ctid(organisation_ctid("Harbourview College"))
    existing = "ce-9e5e986b-bc8d-4793-8c50-24a9d75eead3"
    assert ctid_for(existing) == existing


def test_the_ctdl_export_of_the_catalogue_reads_back_the_same(catalogue, tmp_path):
    path = tmp_path / "catalogue.jsonld"
    assert export_ctdl(catalogue, path) == 85
    assert looks_like_ctdl(path)
    result = read_ctdl(path, SHIPPED.name)
    assert result.errors == [] and result.warnings == []
    back = {program.id: program for program, _ in result.programs}
    assert set(back) == {ctid_for(p.id) for p in catalogue}
    for original in catalogue:
        copy = back[ctid_for(original.id)]
        assert (copy.title, copy.provider, copy.description, copy.language) == (
            original.title, original.provider, original.description, original.language)
        assert (copy.cost, copy.duration_weeks, copy.hours_per_week) == (
            original.cost, original.duration_weeks, original.hours_per_week)
        # A currency is written in the cost profile with its amount; without an amount it says nothing.
        assert copy.currency == (original.currency if original.cost is not None else None)
        assert [(link.target, link.credits) for link in copy.stacks_into] == [
            (ctid_for(link.target), link.credits) for link in original.stacks_into]
        assert sorted(copy.prerequisites) == sorted(ctid_for(pid) for pid in original.prerequisites)
        assert (copy.credits, copy.credits_required) == (original.credits, original.credits_required)
        assert (copy.skills, copy.occupations, copy.level, copy.delivery, copy.region, copy.url) == (
            original.skills, original.occupations, original.level, original.delivery, original.region, original.url)
        expected_type = "short-course" if original.credential_type == "bootcamp" else original.credential_type
        assert copy.credential_type == expected_type  # a bootcamp is a LearningProgram in CTDL


def test_the_ctdl_export_keeps_ids_and_writes_one_organisation_per_provider(catalogue, tmp_path):
    path = tmp_path / "catalogue.jsonld"
    export_ctdl(catalogue, path)
    document = json.loads(path.read_text())
    assert document["@context"] == "https://credreg.net/ctdl/schema/context/json"
    organisations = [r for r in document["@graph"] if r["@type"] == "ceterms:CredentialOrganization"]
    providers = {p.provider for p in catalogue}
    assert len(organisations) == len(providers)
    assert {r["ceterms:ctid"] for r in organisations} == {organisation_ctid(name) for name in providers}
    records = {r["ceterms:ctid"]: r for r in document["@graph"]}
    record = records[ctid_for("HV-DAT101")]
    assert record["ceterms:identifier"][0]["ceterms:identifierValueCode"] == "HV-DAT101"
    assert record["ceterms:name"] == {"en": "Spreadsheet Analytics for the Workplace"}
    assert record["ceterms:estimatedDuration"][0]["ceterms:exactDuration"] == "P6W"
    assert record["ceterms:estimatedDuration"][1]["ceterms:exactDuration"] == "PT30H"  # 6 weeks at 5 hours
    assert f"https://credentialengineregistry.org/resources/{ctid_for('HV-DAT101')}" in \
        records[ctid_for("HV-CERT-DA")]["ceterms:hasPart"]


def test_plans_read_from_the_ctdl_export_match_the_catalogue_plans(catalogue, tmp_path):
    path = tmp_path / "catalogue.jsonld"
    export_ctdl(catalogue, path)
    original = StackGraph({p.id: p for p in catalogue})
    copy = StackGraph({p.id: p for p, _ in read_ctdl(path, SHIPPED.name).programs})
    targets = [pid for pid in original.programs if original.is_stack_target(pid)]
    assert len(targets) >= 5
    for target in targets:
        before = plan_pathway(original, target, completed=set(), flt=ProgramFilter())
        after = plan_pathway(copy, ctid_for(target), completed=set(), flt=ProgramFilter())
        assert (after.rule, after.credits_required, after.outside_credits) == (
            before.rule, before.credits_required, before.outside_credits)
        assert [(s.id, s.status, s.credits) for s in after.steps] == [
            (ctid_for(s.id), s.status, s.credits) for s in before.steps]


def test_an_imported_ctdl_catalogue_exports_under_its_own_ctids(tmp_path):
    imported = [p for p, _ in read_ctdl(FIXTURES / "ctdl" / "envelope_graph.json", "registry").programs]
    path = tmp_path / "again.jsonld"
    export_ctdl(imported, path)
    back = {p.id: p for p, _ in read_ctdl(path, "registry").programs}
    assert {p.id: (p.title, p.provider, p.stacks_into, p.prerequisites) for p in imported} == {
        pid: (p.title, p.provider, p.stacks_into, p.prerequisites) for pid, p in back.items()}
    assert "ceterms:identifier" not in json.loads(path.read_text())["@graph"][1]


REGISTRY = FIXTURES / "ctdl" / "registry"
RIO_SALADO, RIO_SALADO_ORG = "ce-0b6f0c2f-01b9-4776-b861-894b78f81eda", "ce-2198982c-edc9-4e80-8938-d6c73b258858"
DRIVING_COURSE, COURSE_DESIGN = "ce-f8885b28-134d-4188-8c86-063aadff14ea", "ce-32cf4120-867e-4d6f-939f-d5c6ed85cf78"
LICENCE, LICENCE_ORG = "ce-8a871edc-9fbc-43bd-b671-afe33f26059e", "ce-eca0b54d-05d3-4ef8-ba63-f6af26483ae4"


def test_real_registry_records_export_what_they_said_and_read_back_the_same(tmp_path):
    files = ["rio_salado_insurance_studies_envelope.json", "driving_academy_learning_opportunity.json",
             "driving_academy_license.json", "staging_learning_opportunities_2017.json"]
    imported = {p.id: p for p, _ in read_ctdl_files([REGISTRY / name for name in files], "registry").programs}
    path = tmp_path / "again.jsonld"
    export_ctdl(list(imported.values()), path)
    records = {r["ceterms:ctid"]: r for r in json.loads(path.read_text())["@graph"]}

    rio = records[RIO_SALADO]  # "US Dollar", in person and online, owned by an organisation not imported
    assert rio["ceterms:estimatedCost"][0]["ceterms:currency"] == "USD"
    assert rio["ceterms:deliveryType"][0]["ceterms:targetNode"] == "deliveryType:BlendedDelivery"
    assert rio["ceterms:ownedBy"] == [f"{RESOURCES}{RIO_SALADO_ORG}"]
    assert records[LICENCE]["ceterms:ownedBy"] == [f"{RESOURCES}{LICENCE_ORG}"]
    assert "ceterms:currency" not in records[COURSE_DESIGN]["ceterms:estimatedCost"][0]  # its record gave none
    assert [d["ceterms:exactDuration"] for d in records[DRIVING_COURSE]["ceterms:estimatedDuration"]] == [
        "P4W", "PT160H"]
    organisations = [r for r in records.values() if r["@type"] == "ceterms:CredentialOrganization"]
    assert [r["ceterms:name"] for r in organisations] == [{"en": "160 Driving Academy"}]  # no record for a mark
    assert RIO_SALADO_ORG not in records and LICENCE_ORG not in records

    back = {p.id: p for p, _ in read_ctdl(path, "registry").programs}
    fields = ("provider", "cost", "currency", "delivery", "duration_weeks", "hours_per_week", "total_hours",
              "credits", "stacks_into", "prerequisites")
    assert {pid: [getattr(p, f) for f in fields] for pid, p in back.items()} == {
        pid: [getattr(p, f) for f in fields] for pid, p in imported.items()}
    assert back[RIO_SALADO].provider == unimported_provider(RIO_SALADO_ORG)
    assert (back[RIO_SALADO].currency, back[RIO_SALADO].delivery) == ("USD", "hybrid")
    assert back[COURSE_DESIGN].currency is None and back[COURSE_DESIGN].cost == 200
