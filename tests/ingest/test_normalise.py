from datetime import date

import pytest

from ingest import normalise


@pytest.mark.parametrize("text, expected", [
    ("$1,250.00", (1250.0, None)), ("CAD 450", (450.0, "CAD")), ("Free", (0.0, None)), ("FREE", (0.0, None)),
    ("FREE-Add a Verified Certificate for $49 USD", (49.0, "USD")), ("1 250 $", (1250.0, None)),
    ("1.250,50 €", (1250.5, "EUR")), ("gratuit", (0.0, None)), ("", (None, None)), (450, (450.0, None)),
])
def test_money(text, expected):
    assert normalise.parse_money(text) == expected


@pytest.mark.parametrize("text", ["Contact us", "Price on request", "-5", "−20"])
def test_money_that_cannot_be_read(text):
    with pytest.raises(ValueError):
        normalise.parse_money(text)


@pytest.mark.parametrize("text, expected", [
    ("12 Weeks", (12.0, None)), ("3 months", (13.0, None)), ("40 hours", (None, 40.0)), ("6–8 weeks", (8.0, None)),
    ("1 year", (52.0, None)), ("6", (6.0, None)), ("10 semaines", (10.0, None)), ("", (None, None)),
])
def test_lengths(text, expected):
    assert normalise.parse_duration(text) == expected


def test_length_without_a_unit_is_refused():
    with pytest.raises(ValueError, match="no unit"):
        normalise.parse_duration("about 3")


@pytest.mark.parametrize("text, expected", [
    ("2–3 hours per week", 2.0), ("8–10 hours per week", 8.0), ("5 hrs/week", 5.0), ("4-6 h par semaine", 4.0),
    ("1 hour per day", 5.0), ("6", 6.0), ("", None),
])
def test_effort(text, expected):
    assert normalise.parse_effort(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("English", "en"), ("Español", "es"), ("Français", "fr"), ("FR", "fr"),
    ("中文", "zh"), ("Italiano", "it"), ("", None),
])
def test_languages(text, expected):
    assert normalise.parse_language(text) == expected


@pytest.mark.parametrize("text", ["English, 中文", "Polish; Russian", "French and Creole", "Arabic/Hindi"])
def test_a_cell_naming_several_languages_names_no_language_of_teaching(text):
    with pytest.raises(normalise.SeveralLanguages, match="names 2 languages"):
        normalise.parse_language(text)


@pytest.mark.parametrize("text, weeks, part_time", [
    ("Two years full-time or four years part-time.", 104.0, 208.0),
    ("Part-time: 6 years; full-time 3 years", 156.0, 312.0),
    ("A year and a half full-time, three years part-time", 78.0, 156.0),
    ("18 months (full-time)", 78.2, None),
    ("3 years part-time", 156.0, None),  # the only length given
    ("un an et demi à temps plein ou trois ans à temps partiel", 78.0, 156.0),
])
def test_a_full_time_and_a_part_time_length_read_as_full_time_with_part_time_noted(text, weeks, part_time):
    length = normalise.read_length(text)
    assert (length.weeks, length.part_time_weeks) == (weeks, part_time)


def test_a_dash_before_a_number_is_no_range():
    assert normalise.read_length("Shortest - 0.5 year(s)").weeks == 26.0


@pytest.mark.parametrize("text, hours", [
    ("3.5 total hours", 3.5), ("Less Than 4 Hours", 4.0), ("90 mins", 1.5), ("2.5", 2.5), (7, 7.0),
    ("12 heures", 12.0),
])
def test_hours_in_all(text, hours):
    assert normalise.parse_total_hours(text).total_hours == hours


@pytest.mark.parametrize("text, expected", [
    ("www.example-college.org", "https://www.example-college.org"),
    ("Example-College.ORG/continuing-ed", "https://Example-College.ORG/continuing-ed"),
    ("http://example.org/a", "http://example.org/a"), ("", None),
    ("call the front desk", "call the front desk"),  # left for the schema to refuse
])
def test_web_addresses_without_their_scheme(text, expected):
    assert normalise.parse_url(text) == expected


@pytest.mark.parametrize("text", ["office@example.org", "mailto:registrar@example.edu"])
def test_an_email_address_is_no_web_address(text):
    with pytest.raises(normalise.EmailAddress):
        normalise.parse_url(text)


@pytest.mark.parametrize("title, expected", [
    ("Master of Public Health", "degree"), ("Masters in Nursing", "degree"), ("Master Excel Pivot Tables", None),
    ("Graduate Certificate in Law", "certificate"), ("Cisco Certification Bootcamp", "bootcamp"),
    ("CCNA Certification Prep", None), ("Diploma of Nursing", "diploma"),
])
def test_credential_types_in_titles(title, expected):
    assert normalise.credential_type_in_title(title) == expected


@pytest.mark.parametrize("text, expected", [
    ("Introductory", "introductory"), ("Beginner", "introductory"), ("Débutant", "introductory"),
    ("Intermediate", "intermediate"), ("ADVANCED", "advanced"), ("Expert", "advanced"),
])
def test_levels(text, expected):
    assert normalise.parse_level(text) == expected


def test_unknown_level_is_refused():
    with pytest.raises(ValueError, match="is not a known level"):
        normalise.parse_level("taste")


@pytest.mark.parametrize("text, expected", [
    ("Online", "online"), ("Remote / virtual", "online"), ("En ligne", "online"), ("On campus", "in-person"),
    ("Face-to-face", "in-person"), ("Blended", "hybrid"),
])
def test_delivery(text, expected):
    assert normalise.parse_delivery(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Self-paced on your time", "self-paced"), ("Instructor-led on a course schedule", "cohort"),
    ("Cohort", "cohort"), ("self paced", "self-paced"),
])
def test_pace(text, expected):
    assert normalise.parse_pace(text) == expected


@pytest.mark.parametrize("text, expected", [("Yes", True), ("oui", True), ("N", False), ("", None)])
def test_yes_no(text, expected):
    assert normalise.parse_yes_no(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("SQL; Python", ["SQL", "Python"]), ("SQL | Python", ["SQL", "Python"]), ("SQL, Python", ["SQL", "Python"]),
    ("Excel; charts, graphs", ["Excel", "charts, graphs"]), ("", []),
])
def test_lists(text, expected):
    assert normalise.parse_list(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Micro-credential", "micro-credential"), ("Digital Badge", "digital-badge"), ("Professional Certificate",
    "certificate"), ("Bootcamp", "bootcamp"), ("Short course", "short-course"), ("Licence", "licence"),
    ("Bachelor of Arts", "degree"), ("Diploma", "diploma"),
])
def test_credential_types(text, expected):
    assert normalise.parse_credential_type(text) == expected


def test_dates():
    assert normalise.parse_date("2027-01-04") == date(2027, 1, 4)
    assert normalise.parse_date("January 4, 2027") == date(2027, 1, 4)
    with pytest.raises(ValueError):
        normalise.parse_date("next spring")


@pytest.mark.parametrize("text, weeks, total, per_week", [
    ("4 meses", 17.4, None, None), ("3 mois", 13.0, None, None), ("8 semanas", 8.0, None, None),
    ("six weeks", 6.0, None, None), ("2 to 4 years depending on credits", 208.0, None, None),
    ("2 ans", 104.0, None, None), ("3 semestres", 78.0, None, None), ("4 trimester(s)", 69.3, None, None),
    ("un trimestre", 13.0, None, None), ("Approx. 5 months at 6 hours a week", 21.7, None, 6.0),
    ("12 Wochen, 3 Stunden pro Woche", 12.0, None, 3.0), ("30 horas", None, 30.0, None),
])
def test_lengths_in_other_wordings_and_languages(text, weeks, total, per_week):
    assert normalise.read_length(text) == normalise.Length(weeks, total, per_week)


@pytest.mark.parametrize("text, expected", [
    ("2-4 horas por semana", 2.0), ("3 h/sem", 3.0), ("10 Stunden pro Woche", 10.0), ("8 hours per month", 1.8),
])
def test_effort_in_other_wordings(text, expected):
    assert normalise.parse_effort(text) == expected


@pytest.mark.parametrize("text", ["All levels", "Mixed", "Any", "tous niveaux", "Beginner to Advanced", "N/A"])
def test_values_for_every_level_mean_no_restriction(text):
    assert normalise.parse_level(text) is None


@pytest.mark.parametrize("text", ["None", "N/A", "n/a", "-", "null", "TBD", " tba ", "—"])
def test_empty_markers(text):
    assert normalise.is_empty(text) and normalise.parse_money(text) == (None, None)
