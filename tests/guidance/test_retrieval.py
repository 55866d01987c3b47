"""Retrieval over the shipped catalogue: the pool a ranking draws from, and what a catalogue's own
field lets in."""
import pytest

from guidance.profile import Profile
from guidance.retrieval import Recommender, _title_says


@pytest.mark.parametrize("goal, title, says", [
    ("carpentry", "Carpenter Apprenticeship", True),  # the same word in another form
    ("electrical installation", "Installing Electrical Panels", True),
    ("sign language", "Certificate in Deaf Studies", False),  # its description may say it
    ("veterinary surgery", "Veterinary Assistant", False),
])
def test_a_title_says_the_goal_in_any_form_of_its_words(goal, title, says):
    assert _title_says(goal, title) is says


def test_the_cheapest_is_the_cheapest_of_every_relevant_program(sample_assistant):
    catalogue = sample_assistant.catalogue
    recommender = Recommender(catalogue)
    profile = sample_assistant.reader.read("data analysis", Profile()).profile
    flt = profile.program_filter()
    ordered = recommender.recommend(profile, flt, order="cost")
    costs = [r.program.cost for r in ordered]
    assert costs == sorted(costs)
    # every program the search can reach, judged by the same gate
    vector = recommender.query_vector(profile)
    gate = recommender.gate(profile, vector)
    everything = catalogue.search_programs(recommender.query_text(profile), flt, limit=len(catalogue.programs),
                                           vector=vector)
    relevant = [h.record.cost for h in everything
                if recommender.is_relevant(h, profile, recommender._rank(h, profile).matched, gate)]
    assert costs[0] == min(c for c in relevant if c is not None)


def test_a_search_brings_as_many_candidates_as_asked(sample_assistant):
    index = sample_assistant.catalogue.program_index
    vector = sample_assistant.catalogue.embed("anything at all")
    assert len(index.search("anything at all", vector, limit=len(index.records))) == len(index.records)
