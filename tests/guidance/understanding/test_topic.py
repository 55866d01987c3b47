"""Topics from meaning: indirect goals reach the catalogue's fields; fields it lacks, and
messages about nothing in particular, give no topic (shipped catalogue, real model)."""
import pytest

from guidance.models import Conversation
from guidance.profile import Profile
from guidance.understanding import Intent
from guidance.understanding.topic import _label, aim_words, clauses
from knowledge_base.text import fold


@pytest.fixture(scope="module")
def reader(sample_assistant):
    return sample_assistant.reader


def fields(reader, message):
    reading = reader.read(message, Profile())
    return reading.new_topic.fields if reading.new_topic else []


@pytest.mark.parametrize("message, field", [
    ("I want to work with little kids", "early childhood education and child care"),
    ("I'd like to help older people in their homes", "personal support and elder care"),
    ("something with computers but not coding", "IT support and computer systems"),
    ("I want to fix computers", "IT support and computer systems"),
    ("j'aimerais travailler dans les données, faire des rapports", "data analysis and business intelligence"),
    ("I want to work with my hands, outside, not in an office", "electrical trades"),
])
def test_indirect_goals_reach_a_field(reader, message, field):
    assert field in fields(reader, message)


def test_refused_fields_are_left_out(reader):
    reading = reader.read("something with computers but not coding", Profile())
    assert "software development and programming" not in reading.new_topic.fields
    assert "software development and programming" in reading.new_topic.avoid


@pytest.mark.parametrize("message", [
    "looking for a veterinary technician program in ontario", "I want to become an airline pilot",
    "I want to learn music production, mixing and mastering beats",
])
def test_a_field_the_catalogue_lacks_is_named_not_guessed(sample_assistant, message):
    reply = sample_assistant.reply(message, Conversation())
    assert reply.nothing_fits and not reply.programs and reply.topic


@pytest.mark.parametrize("message", ["what would you suggest?", "anything I can finish in 3 weeks?", "what's free?"])
def test_a_message_about_nothing_in_particular_has_no_topic(reader, message):
    reading = reader.read(message, Profile())
    assert reading.new_topic is None and reading.intent == Intent.SEARCH


def test_the_aim_outweighs_the_story(reader):
    story = ("I was a nurse back home for 7 years. The registration here takes years. Meanwhile I need a job in "
             "healthcare, maybe front desk in a clinic.")
    assert "medical office and health administration" in fields(reader, story)


@pytest.mark.parametrize("message", [
    "I never properly learned excel, I use it every day",
    "every job ad asks for SQL and I have none",
    "les offres demandent Excel et je ne l'ai jamais appris",
])
def test_a_gap_is_an_aim(message):
    folded = fold(message)
    assert any(c.role == "aim" for c in clauses(folded, folded))


def test_a_wish_adverb_is_not_part_of_the_aim(reader):
    reading = reader.read("je cherche un cours de comptabilité, idéalement en français", Profile())
    assert reading.profile.goal is not None and "idealement" not in fold(reading.profile.goal)


@pytest.mark.parametrize("aim, words", [
    ("Est-ce qu'il y a du Photoshop", ["photoshop"]),  # "est-ce", "qu'il": function words
    ("j'aimerais apprendre l'infographie", ["infographie"]),  # elisions read without their article
    ("chu tanné j'veux la soudure", ["tanne", "soudure"]),
])
def test_the_words_of_a_french_aim(aim, words):
    assert aim_words(aim) == words


def test_the_aim_is_named_back_in_the_learner_s_words_or_the_catalogue_s():
    assert _label("sign language", [], ["languages"], []) == "sign language"  # their few words
    # a story: the catalogue's own field it reached, not the leftover words
    assert _label("layout old never learned indesign takes ready", [], ["indesign", "graphic design"],
                  ["indesign"]) == "indesign"
    assert _label("back healthcare english part first think", [], ["truck driving and transportation",
                                                                     "warehouse and material handling"],
                  []) == "truck driving and transportation"


def test_where_the_learner_lives_is_their_story_not_their_aim():
    folded = fold("Looking for electrician training, I live in Round Rock")
    assert [c.role for c in clauses(folded, folded)] == ["aim", "background"]


def test_no_and_something_the_catalogue_offers_is_a_refusal(reader):
    reading = reader.read("I want to work with my hands, so no welding and no forklift", Profile())
    assert {"welding", "forklift"} <= set(reading.profile.avoid_words)
    # what the learner lacks, or "no idea", refuses nothing
    assert not reader.read("I have no idea what to do, maybe something in child care", Profile()).profile.avoid_words
