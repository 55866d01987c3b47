"""A catalogue's own fields: derived from its words at ingest, reached by those words, with the
list of fields of work only seeding the rest."""
import numpy as np
import pytest

from knowledge_base.fields import FieldMap, catalogue_terms
from knowledge_base.schema import Program

PROGRAMS = [
    # four beekeeping courses: a subject no row of the list names
    ("Beekeeping for Beginners", "Set up a first hive, handle bees safely and harvest honey."),
    ("Backyard Beekeeping and Hive Health", "Inspect colonies, spot mites and disease, keep bees through winter."),
    ("Advanced Beekeeping: Queens and Swarms", "Raise queens, split colonies and catch swarms."),
    ("Beekeeping as a Business", "Sell honey and wax, and keep the records of an apiary."),
    # "online" in titles about anything: a word of the catalogue's kind, not a subject
    ("Online Payroll Basics", "Run a payroll, source deductions and year-end slips."),
    ("Forklift Safety Online", "Operate a counterbalance forklift safely in a warehouse."),
    ("Online Spanish Conversation", "Everyday Spanish for travel and work, speaking from the first class."),
    ("Online Notary Public Exam Prep", "The law and practice a notary needs for the licensing exam."),
    # and the rest of a small catalogue
    ("Bookkeeping Fundamentals", "Journals, ledgers and reconciliations for small business."),
    ("Welding Technology", "Arc and MIG welding in the shop."),
    ("Early Childhood Education", "Care and learning for young children."),
    ("Dental Assistant", "Chairside assisting and infection control."),
    ("Project Management Essentials", "Plan, schedule and control projects."),
    ("Personal Support Worker", "Care for seniors at home and in long-term care."),
    ("Electrician Apprenticeship", "Residential wiring and the electrical code."),
    ("Pharmacy Technician", "Dispensing and pharmacy law."), ("Graphic Design with Inkscape", "Vector logos."),
    ("Truck Driving (Class 1)", "Tractor-trailer driving and air brakes."),
    ("Food Safety Handler", "Safe food handling for kitchens."), ("First Aid and CPR", "Emergency first aid."),
    ("Introduction to Python", "Programming with Python."),
    ("Cybersecurity Foundations", "Networks, threats and defences."),
    ("Customer Service Excellence", "Serving customers well."),
    ("Medical Office Assistant", "Scheduling and medical billing."),
    ("Landscape Horticulture", "Plants, soils and landscape design."),
    ("Small Engine Repair", "Repair lawn mowers and small engines."),
    ("Photography for Beginners", "Exposure, light and composition."),
    ("Social Media Marketing", "Campaigns on social platforms."), ("Massage Therapy Techniques", "Massage."),
    ("Carpentry Framing", "Framing walls and roofs."), ("Plumbing Fundamentals", "Pipes, fixtures and drains."),
    ("Real Estate Licensing", "The real estate salesperson licence."),
]


@pytest.fixture(scope="module")
def catalogue(sample_assistant):
    embedder = sample_assistant.catalogue.store.embedder
    programs = [Program.model_validate(dict(id=f"T-{i}", title=title, description=description,
                                            provider="Test College", credential_type="short-course"))
                for i, (title, description) in enumerate(PROGRAMS)]
    vectors = np.asarray(embedder.embed([f"{p.title}. {p.description}" for p in programs]))
    return embedder, programs, vectors


def test_a_subject_the_titles_share_is_a_field_of_the_catalogue(catalogue):
    _, programs, vectors = catalogue
    terms = catalogue_terms(programs, vectors)
    assert terms["beekeeping"] == [0, 1, 2, 3]


def test_a_word_in_titles_about_anything_is_no_field(catalogue):
    _, programs, vectors = catalogue
    assert "online" in catalogue_terms(programs, None)  # by its words alone it would be one
    assert "online" not in catalogue_terms(programs, vectors)  # its programs are about nothing in common


def test_the_catalogue_s_own_field_is_reached_by_its_words(catalogue):
    embedder, programs, vectors = catalogue
    fields = FieldMap.build(embedder, programs, vectors)
    assert "beekeeping" in fields.derived and "beekeeping" in fields.covered
    assert all("beekeeping" in fields.fields_of(p.id) for p in programs[:4])
    said = "I want to learn beekeeping"
    assert "beekeeping" in [m.name for m in fields.nearest(embedder.embed_queries([said])[0], said)]
    # the same meaning without its words never lands there: a clause is placed by the list then
    vague = "looking after insects in my garden"
    assert "beekeeping" not in [m.name for m in fields.nearest(embedder.embed_queries([vague])[0], vague)]


def test_a_word_of_a_pair_that_names_far_more_is_left_out_when_the_pair_is_said():
    from knowledge_base.fields import _broader

    # "safety": programs about food, forklifts, heights; "food safety" holds few of them
    members = {"food safety": [0, 1, 2, 3], "safety": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], "food": [0, 1, 2, 3, 4]}
    keys = {"food safety": frozenset({"food", "safeti"}), "safety": frozenset({"safeti"}),
            "food": frozenset({"food"})}
    assert _broader(members, keys) == {"food safety": frozenset({"safety"})}
