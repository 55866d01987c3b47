import pytest

from guidance.understanding import message_language


@pytest.mark.parametrize("message, language", [
    ("Je cherche une formation en ligne en analyse de données.", "fr"),
    ("chu caissier chez IGA a Laval pis j'aimerais ca travailler dans les donnees", "fr"),
    ("Je veux devenir scrum master, y a-tu une formation en francais? je travaille full time", "fr"),
    ("busco un curso de programacion en linea", "es"),
    ("I want to learn data analysis", "en"), ("wanna do payroll stuff, 2k max", "en"),
])
def test_languages(message, language):
    assert message_language(message) == language


def test_a_short_message_keeps_the_conversations_language():
    assert message_language("cheaper?", "fr") == "fr"
    assert message_language("ok", "fr") == "fr"
