"""Whether a catalogue has anything about an aim: the words its titles use, as learners write
them, and how far an aim's best program stands out, measured on the catalogue itself."""
import numpy as np
import pytest

from knowledge_base.coverage import Coverage, TitleWords, focus

TITLES = ["Certified Pharmacy Technician", "Dental Assistant W/Out X-Ray", "Master of Speech Pathology",
          "Welding Technology", "Personal Support Worker Certificate", "Project Management Essentials",
          "Electrician Apprenticeship", "Early Childhood Education"]
WORDS = TitleWords.of(TITLES)


@pytest.mark.parametrize("word", [
    "pharmacy", "pharm",  # a prefix
    "patho",  # a prefix of pathology
    "welder", "welding",  # the word family, a suffix
    "electrican",  # a typo
    "asst", "mgmt",  # consonant abbreviations
    "psw", "ece",  # initials of title words
    "technicians",  # a plural
])
def test_words_learners_write_for_title_words(word):
    assert WORDS.names(word)


@pytest.mark.parametrize("word", ["taxidermy", "scuba", "falconry", "harp", "surveyor", "act", "origami"])
def test_words_no_title_uses(word):
    assert not WORDS.names(word)


def test_focus_is_the_best_similarity_above_the_median_in_standard_deviations():
    similarities = np.array([0.5, 0.5, 0.5, 0.5, 0.9], dtype=np.float32)
    assert focus(similarities) == pytest.approx((0.9 - 0.5) / similarities.std())
    assert focus(similarities, exclude=4) == pytest.approx(0.0)


def test_an_aim_is_not_covered_only_when_its_words_and_its_focus_agree():
    coverage = Coverage(WORDS, floor=4.0)
    flat = np.random.default_rng(0).normal(0.5, 0.02, 200).astype(np.float32)  # nothing stands out
    sharp = flat.copy()
    sharp[0] = 0.95  # one program stands out like a title searched for
    assert focus(flat) < 4.0 < focus(sharp)
    assert not coverage.covers(["dental", "taxidermy", "scuba"], flat)  # most words unknown, and flat
    assert coverage.covers(["dental", "taxidermy", "scuba"], sharp)  # it stands out like a title
    assert coverage.covers(["dental", "assistant"], flat)  # the titles use its words
    assert coverage.covers(["scuba"], flat, judge_words=False)  # another language: words not judged
    assert not coverage.covers(["scuba"], sharp, near_programs=False)  # nothing places it near a program
    assert Coverage(WORDS, floor=None).covers(["scuba"], flat)  # a catalogue too small to measure
