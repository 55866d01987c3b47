"""Programs named exactly, loosely, or by their place in what was just shown (shipped catalogue)."""
import pytest

from guidance.profile import Profile
from guidance.understanding.references import programs_named_in
from knowledge_base.catalogue import Catalogue


@pytest.fixture(scope="module")
def reader(sample_assistant):
    return sample_assistant.reader


def named(reader, message, shown=()):
    programs = [reader.catalogue.program(i) for i in shown]
    return [p.id for p in reader.read(message, Profile(), shown=programs).named]


@pytest.mark.parametrize("message, ids", [
    ("how do i get the cloud cert", ["CC-CERT-CLD"]),
    ("that SQL one, does it count toward anything bigger?", ["HV-SQL102"]),
    ("can I jump straight into the terraform course?", ["CC-IAC203"]),
    ("tableau dashboards vs the stats one - which should come first?", ["HV-VIS103", "HV-STA105"]),
    ("I hold the red maple payroll/accounting cert now. does it go toward a degree?", ["RM-CERT-ACC"]),
])
def test_loose_names(reader, message, ids):
    assert named(reader, message)[:len(ids)] == ids


def test_the_second_one_is_the_second_shown(reader):
    shown = ["HV-DAT101", "HV-SQL102", "HV-CERT-DA"]
    assert named(reader, "the second one, what does it lead to?", shown) == ["HV-SQL102"]
    assert named(reader, "and the last one?", shown) == ["HV-CERT-DA"]


def test_a_type_alone_points_at_what_was_shown(reader):
    assert named(reader, "what's involved in getting that cert?", ["PT-LOG101", "PT-CERT-SCM"]) == ["PT-CERT-SCM"]


@pytest.mark.parametrize("message", [
    "Show me online cybersecurity programs under $700.",  # a field, not the cyber certificate
    "I want to get into cloud computing.",
    "How do those stack?",
    "I want to get into software / web development but NOT a bootcamp.",
])
def test_fields_and_pointers_name_no_program(reader, message):
    assert named(reader, message) == []


def test_completions_are_read_by_sentence(reader):
    profile = reader.read("I've got the payroll, excel and accounting basics ones. what's left for the certificate?",
                          Profile()).profile
    assert set(profile.completed) == {"RM-PAY102", "RM-XLS103", "RM-ACC101"}
    profile = reader.read("done the child development one, am I finished with the certificate?", Profile()).profile
    assert profile.completed == ["FK-ECE101"]


def test_work_experience_is_not_a_completed_program(reader):
    reading = reader.read("I've done the payroll for my husband's company for 15 years. can my experience count?",
                          Profile())
    assert reading.profile.completed == [] and reading.named == []


def test_programs_named_by_full_title_or_id_in_order_of_appearance(fixture_store):
    catalogue = Catalogue.load(fixture_store)
    named = programs_named_in(catalogue, "Compare practical sql and T-WLD1 please")
    assert [p.id for p in named] == ["T-SQL1", "T-WLD1"]
