"""Places are read against the catalogue's own regions: one asked for is a requirement, one said
as where the learner lives (a city, most often) only ranks nearby programs first."""
import pytest

from guidance.understanding.places import PlaceReader
from knowledge_base.text import fold

PROVINCES = PlaceReader(["Ontario", "Quebec", "British Columbia", "Alberta", "Saskatchewan", "Manitoba",
                         "Nova Scotia", "Canada-wide"])
COUNTIES = PlaceReader(["Camden", "Essex", "Bergen", "Monmouth", "Ocean", "Union", "Hudson", "Cape May",
                        "Select One", "Out of State"])
STATES = PlaceReader(["NSW", "QLD", "VIC", "WA", "SA", "TAS", "NT", "ACT", "Canada-wide"],
                     words={"act", "master", "teaching", "nursing", "victoria"})


def places(message, reader=PROVINCES):
    folded = fold(message)
    return reader.read(folded, short_request=len(message.split()) <= 8,
                       original=message if len(message) == len(folded) else None)


@pytest.mark.parametrize("message, near", [
    ("we are in Halifax now", "Nova Scotia"),
    ("I'm a shift manager at a Tim's in Sudbury", "Ontario"), ("Moved to Saskatoon this winter", "Saskatchewan"),
    ("chu caissier chez IGA a Laval", "Quebec"), ("ok find me something in healthcare near halifax", "Nova Scotia"),
    ("I have been teaching grade 5 in Winnipeg for twelve years", "Manitoba"),
    ("pm course toronto??", "Ontario"),  # a city is where someone is, never a requirement
])
def test_a_city_said_in_passing_is_only_near(message, near):
    found = places(message)
    assert found.near == near and found.home is None and found.required == []


def test_the_region_the_learner_lives_in():
    found = places("I live in Alberta and want hands-on welding")
    assert found.home == "Alberta" and found.required == []


@pytest.mark.parametrize("message, required", [
    ("pm course bc??", ["British Columbia"]), ("what about in Alberta", ["Alberta"]),
    ("hw do i become a welder in alberta whats 1st step", ["Alberta"]), ("only in BC please", ["British Columbia"]),
    ("anything in clean energy or green building stuff in BC?", ["British Columbia"]),
    ("forklift tix sask, $$?", ["Saskatchewan"]), ("psw course ns, start asap", ["Nova Scotia"]),
    ("je cherche une formation en Nouvelle-Écosse", ["Nova Scotia"]), ("cours au Québec?", ["Quebec"]),
])
def test_where_programs_must_be(message, required):
    assert places(message).required == required


@pytest.mark.parametrize("message, required", [
    ("an hvac program, Camden county", ["Camden"]), ("med billing essex cnty", ["Essex"]),
    ("cdl school in monmouth county or ocean county", ["Monmouth", "Ocean"]),
    ("and in ocean?", ["Ocean"]),  # a follow-up that is only a place asks for it, even one that is a word
    ("what do you have for phlebotomy in hudson county?", ["Hudson"]), ("ESL classes in Bergen", ["Bergen"]),
])
def test_counties_of_a_county_catalogue(message, required):
    assert places(message, COUNTIES).required == required


@pytest.mark.parametrize("message", ["ocean shipping jobs, what do you have", "I want to join a union",
                                     "anything I can select one of?"])
def test_a_region_that_is_also_a_word_needs_to_be_said_as_a_place(message):
    assert places(message, COUNTIES).required == []


@pytest.mark.parametrize("message, required", [
    ("is there a teaching degree in South Australia?", ["SA"]), ("something in NSW", ["NSW"]),
    ("teaching masters qld", ["QLD"]), ("un master en Australie-Méridionale ?", ["SA"]),
    ("I'd study in Victoria or WA", ["VIC", "WA"]),
    ("in victoria", ["VIC"]),  # also a word of titles ("Victoria University"), but nothing else is said
])
def test_states_by_name_or_code(message, required):
    assert places(message, STATES).required == required


def test_a_code_that_is_a_word_counts_only_in_capitals():
    assert places("I want to act in plays", STATES).required == []
    assert places("a master of teaching in the ACT", STATES).required == ["ACT"]


def test_misspelt_city():
    assert places("I live in missisauga").near == "Ontario"


@pytest.mark.parametrize("message, required", [
    ("environmental management in tassie", ["TAS"]),  # a pet name: the start of Tasmania and -ie
])
def test_a_pet_name_of_a_region(message, required):
    assert places(message, STATES).required == required


@pytest.mark.parametrize("message", ["anything for a newbie", "something easy please", "I am an albino"])
def test_words_with_a_pet_name_s_ending_name_no_region(message):
    assert places(message, STATES).required == [] and places(message).required == []
