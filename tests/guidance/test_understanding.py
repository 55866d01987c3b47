import pytest

from guidance.profile import Profile
from guidance.understanding import Intent, MessageReader, message_language


@pytest.fixture(scope="module")
def reader(sample_assistant) -> MessageReader:
    return sample_assistant.reader


def read(reader, message, previous=None, costs=None):
    return reader.read(message, previous or Profile(), costs)


@pytest.mark.parametrize("message, cost", [
    ("online, under $1,000", 1000), ("budget of 750 dollars", 750), ("less than $1.5k", 1500),
    ("I can spend $400", 400), ("moins de 500 $", 500), ("something free", 0), ("no-cost options", 0),
])
def test_budget(reader, message, cost):
    assert read(reader, f"data analysis {message}").profile.max_cost == cost


def test_free_time_is_not_a_budget(reader):
    assert read(reader, "I want to learn SQL in my free time").profile.max_cost is None


@pytest.mark.parametrize("message, weeks", [("in under 3 months", 13.0), ("within 8 weeks", 8.0), ("en 2 mois", 8.7)])
def test_length(reader, message, weeks):
    assert read(reader, f"cybersecurity {message}").profile.max_weeks == weeks


@pytest.mark.parametrize("message, hours", [("I can only study 3 hours a week", 3), ("10 hrs per week", 10),
                                            ("a few hours a week", 5)])
def test_hours_per_week(reader, message, hours):
    assert read(reader, f"marketing, {message}").profile.max_hours == hours


@pytest.mark.parametrize("message, region", [("I'm in Alberta", "Alberta"), ("I live in Halifax", "Nova Scotia"),
                                             ("near Vancouver, BC", "British Columbia"), ("à Montréal", "Quebec")])
def test_province_from_names_and_cities(reader, message, region):
    assert read(reader, f"welding. {message}").profile.region == region


def test_delivery_pace_and_level(reader):
    profile = read(reader, "Beginner cybersecurity courses, online and self-paced please").profile
    assert profile.delivery == ["online"] and profile.pace == "self-paced" and profile.level == ["introductory"]
    assert profile.beginner


def test_a_french_message_means_french_unless_it_says_otherwise(reader):
    assert message_language("Je cherche une formation en ligne en analyse de données.") == "fr"
    assert read(reader, "Je cherche une formation en ligne en analyse de données.").profile.language == "fr"
    assert read(reader, "Je cherche une formation en anglais en marketing").profile.language == "en"
    assert read(reader, "I want to learn data analysis").profile.language is None


def test_goal_is_separated_from_background_and_constraints(reader):
    reading = read(reader, "I work in retail and want to move into data analysis, online, under $1,000. Where do I start?")
    assert reading.profile.goal == "data analysis"
    assert reading.profile.background == "retail"
    assert reading.profile.beginner
    assert "data analyst" in reading.profile.occupations


def test_goal_keeps_the_learners_spelling(reader):
    assert read(reader, "Je voudrais devenir préposé aux bénéficiaires").profile.goal == "préposé aux bénéficiaires"


def test_funding_by_acronym_and_by_name(reader):
    assert read(reader, "Which data programs are eligible for OSAP?").profile.funding == "OSAP"
    assert read(reader, "cloud with the StrongerBC future skills grant").profile.funding == "StrongerBC future skills grant"


def test_follow_ups_refine_and_keep_the_goal(reader):
    first = read(reader, "I want to become a data analyst").profile
    second = read(reader, "Only online ones please", first).profile
    third = read(reader, "I'm in Ontario", second).profile
    assert third.goal == "data analyst" and third.delivery == ["online"] and third.region == "Ontario"
    changed = read(reader, "Actually I'd rather learn welding", third).profile
    assert changed.goal == "welding" and changed.delivery == ["online"]


def test_cheaper_lowers_the_budget_below_what_was_shown(reader):
    profile = read(reader, "cheaper?", Profile(goal="sql"), costs=[425, 475, 575]).profile
    assert profile.max_cost is not None and profile.max_cost < 575


def test_completed_programs_are_recognised_by_title(reader):
    profile = read(reader, "I've finished Financial Accounting Basics. What next?").profile
    assert profile.completed == ["RM-ACC101"]


@pytest.mark.parametrize("message, intent", [
    ("What is a micro-credential?", Intent.DEFINITION),
    ("How do I pay for a micro-credential?", Intent.DEFINITION),
    ("Can I get credit for what I already know from work?", Intent.DEFINITION),
    ("Compare Cloud Foundations and Linux Administration", Intent.COMPARE),
    ("Can I take Residential Wiring Fundamentals right away?", Intent.PREREQUISITES),
    ("Tell me about Residential Wiring Fundamentals", Intent.PROGRAM),
    ("How does Child Development Basics stack?", Intent.STACK),
    ("What do I need for the cyber defence certificate?", Intent.REQUIREMENTS),
    ("I've finished Financial Accounting Basics. What's left?", Intent.PROGRESS),
    ("How do those stack?", Intent.STACK),
    ("I want to move into data analysis. What does it lead to?", Intent.SEARCH),
    ("Which micro-credentials are there in data analysis?", Intent.SEARCH),
    ("Start over", Intent.RESET),
    ("Hello!", Intent.GREETING),
])
def test_intents(reader, message, intent):
    assert read(reader, message).intent == intent
