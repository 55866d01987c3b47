"""Constraints as learners state them: direction, ranges, negation, wishes, typos."""
import pytest

from guidance.understanding.constraints import read_constraints
from knowledge_base.text import fold


def read(message):
    return read_constraints(fold(message))


@pytest.mark.parametrize("message, max_cost, min_cost", [
    ("online, under $1,000", 1000, None), ("budget of 750 dollars", 750, None), ("less than $1.5k", 1500, None),
    ("I can spend $400", 400, None), ("moins de 500 $", 500, None), ("under 1500 bucks", 1500, None),
    ("2k max", 2000, None), ("2 grand", 2000, None), ("I can spend five hundred", 500, None),
    ("show me everything under a hundred bucks", 100, None), ("over $5,000, the serious ones", None, 5000),
    ("which programs cost more than 10k?", None, 10000), ("at least $1,000", None, 1000),
    ("between $300 and $800", 800, 300), ("somewhere between 500 and 1,000 dollars", 1000, 500),
    ("moins de 1 000 $", 1000, None), ("entre 500 et 1 500 $", 1500, 500), ("1\u202f200 $ maximum", 1200, None),
    ("nothing over $700", 700, None), ("pas plus que 350$", 350, None),
    # a negated minimum is a ceiling, whatever the verb: "cannot pay more than", "shouldn't cost over"
    ("we cannot pay more than 900 dollars for a course", 900, None), ("it shouldn't cost over 800", 800, None),
    # A number that could be a year is an amount once money follows it; alone it stays a year.
    ("data analyst, under 2000 dollars, online", 2000, None), ("i have 1950 bucks max", 1950, None),
    ("moins de 2000 dollars", 2000, None), ("since 2000 I have worked in retail", None, None),
])
def test_amounts_with_their_direction(message, max_cost, min_cost):
    found = read(message)
    assert (found.max_cost, found.min_cost) == (max_cost, min_cost)


@pytest.mark.parametrize("message, most, least", [
    ("anything I could get through over one weekend?", 16, None), ("en une fin de semaine", 16, None),
    ("short enough to do in an afternoon", 4, None), ("no more than 12 hours in all", 12, None),
    ("something under 3 hours", 3, None), ("a course of 6 hours or less", 6, None),
    ("30+ hours of video, I want depth", None, 30), ("at least 40 hours of content", None, 40),
    ("au moins 25 heures en tout", None, 25),
    # hours a week, hours of a job and a day of the week are no hours in all
    ("8 hours a week max", None, None), ("I work 45 hours at the warehouse", None, None),
    ("I can study one day a week", None, None), ("I'm free during the day", None, None),
])
def test_hours_of_study_in_all(message, most, least):
    found = read(message)
    assert (found.max_total_hours, found.min_total_hours) == (most, least)


def test_a_number_never_swallows_the_next_one():
    found = read("under $1,000 12 weeks")
    assert found.max_cost == 1000


@pytest.mark.parametrize("message", [
    "I'm 38, married, two kids in school", "my daughter is only 3", "free from 9 to 2:30",
    "I have been here 9 years", "I tried a free coding thing on youtube", "so I have full days free",
    "idealement gratuit ou presque", "I have 2 000 hours of experience",
])
def test_numbers_and_words_that_are_not_prices(message):
    found = read(message)
    assert found.max_cost is None and found.min_cost is None and not found.free


@pytest.mark.parametrize("message, weeks", [
    ("within 8 weeks", 8.0), ("en 2 mois", 8.7), ("two weeks or less", 2.0),
    ("about a month", 4.3), ("anything I can finish in 3 weeks?", 3.0),
    ("anything that doesn't drag on past a month?", 4.3),
])
def test_lengths(message, weeks):
    assert read(message).max_weeks == weeks


@pytest.mark.parametrize("message", ["I've been here for the past 2 years", "for about 9 years", "8 months ago"])
def test_a_story_of_time_is_no_length_limit(message):
    assert read(message).max_weeks is None


@pytest.mark.parametrize("message, hours", [
    ("I can only study 3 hours a week", 3), ("10 hrs per week", 10), ("a few hours a week", 3),
    ("3 hrs a week max. what have you got", 3), ("max 4 hrs/wk", 4), ("I only have like 3 hrs a week", 3),
])
def test_hours_per_week(message, hours):
    assert read(message).max_hours == hours


def test_a_minimum_of_hours_is_a_willingness_not_a_limit():
    assert read("at least 10 hours a week is fine, I can do full days").max_hours is None


@pytest.mark.parametrize("message, delivery", [
    ("no in-person classes at all, I can't get to a campus", ["online"]),
    # Half of a hybrid program is online: refusing online refuses it, refusing "fully online" does not.
    ("no online please, I learn way better in a room with people", ["in-person"]),
    ("what's in Alberta that isn't online?", ["in-person"]),
    ("I won't take online courses, I want a teacher in the room", ["in-person"]),
    ("nothing fully online please, I need an instructor in the room", ["hybrid", "in-person"]),
    ("pas entièrement en ligne", ["hybrid", "in-person"]),
    ("it has to be done from home, the nearest campus is two hours away", ["online"]),
    ("cyber sec cert onlne cheap", ["online"]),
    ("hybrid format, part online part in class", ["hybrid"]),
])
def test_delivery_with_negation_and_typos(message, delivery):
    assert read(message).delivery == delivery


@pytest.mark.parametrize("message", [
    "ideally online but I could do the odd evening in person", "full time in person is fine",
    "en francais si possible",
])
def test_wishes_and_permissions_set_nothing(message):
    found = read(message)
    assert not found.delivery and found.language is None


@pytest.mark.parametrize("message, pace", [
    ("I can't do self-paced, I need a class with a teacher and deadlines", "cohort"),
    ("3 hours a week tops, at my own speed, no class schedule", "self-paced"),
    ("I want live online classes with an instructor, set schedule", "cohort"),
    ("any course has to be something I can do at my own pace", "self-paced"),
])
def test_pace(message, pace):
    assert read(message).pace == pace


@pytest.mark.parametrize("message", [
    "Cybersecurity, but nothing for beginners please", "skip the basics", "4 hrs a week and nothing beginner level",
    "the intro material would bore me to tears", "only advanced-level programs please",
])
def test_past_the_basics(message):
    assert set(read(message).level) <= {"intermediate", "advanced"} and read(message).level


def test_types_ruled_out_and_language_asked_for():
    assert read("web development but NOT a bootcamp").exclude_types == ["bootcamp"]
    assert read("ok mais en francais svp").language == "fr"
    assert read("Do you have anything taught in French?").language == "fr"
    assert read("besoin d'ameliorer mon francais pour la job").language is None


@pytest.mark.parametrize("shape", ["1 " * 5000, "9" * 10000, "$1,000 " * 1400, "under " * 1600 + "5",
                                   "online no " * 1000])
def test_long_messages_of_any_shape_are_read(shape):
    """Every pattern is linear: these used to take tens of seconds (the benchmark
    ``python -m benchmarks.reading`` prints the time per message length)."""
    read(shape)


def test_the_words_of_hours_in_all_are_part_of_the_constraint_not_of_the_aim():
    message = "ok but 20+ hours of video"
    found = read(message)
    assert found.min_total_hours == 20 and [message[a:b] for a, b in found.spans] == ["20+ hours of video"]


@pytest.mark.parametrize("message, at_most, below", [
    ("anything shorter than a year?", None, 52.0), ("done in under 2 weeks", None, 2.0),
    ("in under 3 months", None, 13.0),
    ("less than 3 months please", None, 13.0), ("moins de 6 mois", None, 26.1),
    ("a year at most", 52.0, None), ("8 weeks or less", 8.0, None), ("no more than 18 months", 78.2, None),
])
def test_a_limit_said_as_shorter_than_is_strict(message, at_most, below):
    found = read(message)
    assert (found.max_weeks, found.below_weeks) == (at_most, below)


@pytest.mark.parametrize("message", ["je cherche une formation le soir ou en ligne", "evenings or online is fine",
                                     "online or on weekends, I work days"])
def test_a_mode_offered_beside_a_time_to_study_is_no_requirement(message):
    assert read(message).delivery == []


def test_a_mode_beside_another_mode_still_counts():
    assert read("in class or online").delivery == [] and read("online only, I work evenings").delivery == ["online"]
