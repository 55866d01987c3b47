"""A catalogue row's language from a short title, with the real identifier (py3langid): right on
short English, French and Spanish titles, empty where a title is too short or could be several
languages, and empty, not forced into an allowed one, for a title in another language. The titles
are written here, not taken from the measured sets (benchmarks/languages.py)."""
import pytest

from ingest.records import DETECTED_LANGUAGES, detected_language
from knowledge_base import languages


def detect(title: str, description: str = "", allowed: tuple[str, ...] = DETECTED_LANGUAGES) -> str | None:
    return detected_language({"title": title, "description": description}, allowed)


@pytest.mark.parametrize(("title", "language"), [
    ("Forklift Safety for Warehouse Staff", "en"),
    ("Introduction to Bookkeeping", "en"),
    ("Welding Fundamentals and Shop Safety", "en"),
    ("Home Care Aide Training Program", "en"),
    ("Getting Started with Spreadsheets", "en"),
    ("Comptabilité pour les petites entreprises", "fr"),
    ("Initiation à la soudure", "fr"),
    ("Préposé aux bénéficiaires", "fr"),
    ("Santé et sécurité au travail", "fr"),
    ("Conduite de chariot élévateur", "fr"),
    ("Service à la clientèle en magasin", "fr"),
    ("Introducción a la soldadura", "es"),
    ("Atención al cliente en tiendas", "es"),
    ("Gestión de proyectos comunitarios", "es"),
    ("Seguridad y salud en el trabajo", "es"),
    ("Curso de inglés para el trabajo", "es"),
])
def test_a_short_title_alone_gives_its_language(title, language):
    assert detect(title) == language


def test_title_case_and_capitals_are_read_as_words():
    assert detect("SANTÉ ET SÉCURITÉ AU TRAVAIL") == "fr"
    assert detect("Introduction To Commercial Bookkeeping") == "en"


@pytest.mark.parametrize("title", [
    "Marketing",  # one word
    "Python 3",
    "Excel 2019",
    "Marketing Digital",  # English, French and Spanish alike
    "Data Science",
    "Web Design",
    "Photoshop CC",
])
def test_a_title_too_short_or_shared_by_several_languages_is_left_empty(title):
    assert detect(title) is None


def test_a_description_settles_a_title_that_cannot_tell():
    assert detect("Marketing Digital", "Apprenez à bâtir une campagne sur les réseaux sociaux et à en mesurer "
                                       "les résultats.") == "fr"


@pytest.mark.parametrize("title", [
    "Corso completo di fotografia digitale",  # Italian, not French or Spanish
    "Inleiding tot boekhouden voor beginners",  # Dutch
    "データ分析入門講座",
    "Введение в программирование",
])
def test_a_title_in_a_language_outside_the_allowed_ones_is_left_empty(title):
    assert detect(title) is None


def test_portuguese_is_told_from_spanish():
    assert detect("Introdução à programação para iniciantes") == "pt"
    assert detect("Introdução à programação para iniciantes", allowed=("en", "fr", "es")) is None
    assert detect("Grundlagen der Buchhaltung für Einsteiger") == "de"


def test_a_mapping_that_allows_fewer_languages_does_not_force_a_title_into_them():
    spanish = "Introducción a la soldadura"
    assert detect(spanish) == "es"
    assert detect(spanish, allowed=("en", "fr")) is None
    assert detect("Initiation à la soudure", allowed=("en", "fr")) == "fr"


def test_english_words_french_also_has_do_not_make_a_title_french():
    assert languages.marked("Initiation à la soudure", "fr")
    assert not languages.marked("Professional Techniques Piano Course", "fr")
    assert detect("Professional Techniques Piano Course") != "fr"


def test_function_words_of_another_language_keep_english_words_from_making_a_title_english():
    # English job words in a French title: "et" is French alone, so the title is not English.
    assert languages.function_words("MANAGER MARKETING DATA ET COMMERCE") == {"fr": 1}
    assert detect("MANAGER MARKETING DATA ET COMMERCE ELECTRONIQUE") != "en"


def test_a_language_code_the_identifier_does_not_know_is_left_out_not_refused():
    assert detect("Forklift Safety for Warehouse Staff", allowed=("en", "xx")) == "en"
    assert detect("Forklift Safety for Warehouse Staff", allowed=("xx",)) is None
