"""A place said in passing is where the learner lives; a place asked for is a requirement."""
import pytest

from guidance.understanding.places import read_places
from knowledge_base.text import fold


def places(message):
    return read_places(fold(message), short_request=len(message.split()) <= 8)


@pytest.mark.parametrize("message, home", [
    ("I live in Alberta and want hands-on welding", "Alberta"), ("we are in Halifax now", "Nova Scotia"),
    ("I'm a shift manager at a Tim's in Sudbury", "Ontario"), ("Moved to Saskatoon this winter", "Saskatchewan"),
    ("chu caissier chez IGA a Laval", "Quebec"), ("ok find me something in healthcare near halifax", "Nova Scotia"),
    ("I have been teaching grade 5 in Winnipeg for twelve years", "Manitoba"),
])
def test_where_the_learner_lives(message, home):
    found = places(message)
    assert found.home == home and found.required is None


@pytest.mark.parametrize("message, required", [
    ("pm course bc??", "British Columbia"), ("what about in Alberta", "Alberta"),
    ("hw do i become a welder in alberta whats 1st step", "Alberta"), ("only in BC please", "British Columbia"),
    ("anything in clean energy or green building stuff in BC?", "British Columbia"),
    ("forklift tix sask, $$?", "Saskatchewan"), ("psw course ns, start asap", "Nova Scotia"),
])
def test_where_programs_must_be(message, required):
    assert places(message).required == required


def test_misspelt_city():
    assert places("I live in missisauga").home == "Ontario"
