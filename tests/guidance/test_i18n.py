"""Learner-facing text from the message catalogues, formatted per locale."""
from __future__ import annotations

import re
from datetime import date

import pytest
from babel.messages.pofile import read_po

from guidance import Conversation
from guidance.i18n import LANGUAGES, catalogue_path, extract, text
from tests.conftest import ROOT


def _strings(value) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


@pytest.fixture(scope="module")
def french():
    with open(catalogue_path("fr"), "rb") as handle:
        return read_po(handle)


def test_every_message_the_code_marks_is_translated_and_nothing_else_is_kept(french):
    marked = {m.id for m in extract(ROOT) if m.id}
    translated = {m.id for m in french if m.id and all(_strings(m.string))}
    assert marked - translated == set(), "run `python -m guidance.i18n` and translate the new messages"
    assert {m.id for m in french if m.id} - marked == set(), "messages no code uses any more"


def test_a_translation_keeps_the_placeholders_of_its_message(french):
    for message in french:
        if not message.id:
            continue
        wanted = set(re.findall(r"\{\w+\}", _strings(message.id)[-1])) - {"{n}"}
        for translated in _strings(message.string):
            assert set(re.findall(r"\{\w+\}", translated)) - {"{n}"} == wanted, message.id


@pytest.mark.parametrize("language, amount, written", [
    ("en", 1845, "$1,845 CAD"), ("en", 12.5, "$12.50 CAD"), ("en", 0, "free"), ("en", None, "cost not listed"),
    ("fr", 1845, "1 845 $"), ("fr", 12.5, "12,50 $"), ("fr", 0, "gratuit"),
])
def test_money_is_written_as_each_locale_writes_it(language, amount, written):
    assert text(language).money(amount, "CAD").replace("\u202f", " ").replace("\xa0", " ") == written


def test_durations_and_dates_follow_each_language():
    en, fr = text("en"), text("fr")
    assert (en.weeks(1), en.weeks(6), en.weeks(1.5)) == ("1 week", "6 weeks", "1.5 weeks")
    assert (fr.weeks(1), fr.weeks(6), fr.weeks(1.5)) == ("1 semaine", "6 semaines", "1,5 semaine")
    assert en.date(date(2027, 2, 8)) == "Feb 8, 2027" and fr.date(date(2027, 2, 8)) == "8 févr. 2027"
    assert text("es").language == "en" and set(LANGUAGES) == {"en", "fr"}


# Words of the English answers that a French answer must not carry.
ENGLISH = re.compile(r"\b(?:weeks?|Why|Requires|Stacks into|next start|credits required|Program page|online|"
                     r"Here (?:is|are)|best match|What it leads to|Cited in)\b")


@pytest.mark.parametrize("turns", [
    ["Je cherche une formation en ligne en analyse de données."],
    ["Je cherche une formation en ligne en analyse de données.", "C'est quoi le deuxième?"],
    ["Qu'est-ce qu'il me faut pour le Certificat en analyse de données?"],
    ["Comparer Cloud Foundations et Linux Administration"],
    ["Est-ce que je peux suivre Infrastructure as Code with Terraform tout de suite?"],
])
def test_a_french_conversation_is_answered_in_french(sample_assistant, turns):
    conversation = Conversation()
    for turn in turns:
        reply = sample_assistant.reply(turn, conversation)
    titles = {p.title for p in sample_assistant.catalogue.programs.values()}
    answer = reply.answer
    for title in sorted(titles, key=len, reverse=True):  # program titles stay as the catalogue has them
        answer = answer.replace(title, "")
    assert not ENGLISH.search(answer), reply.answer


def test_the_language_chosen_in_the_app_wins_over_the_message(sample_assistant):
    conversation = Conversation(language="fr")
    reply = sample_assistant.reply("I want to become a data analyst", conversation)
    assert reply.answer.startswith("Voici")


def test_every_message_is_said_through_a_name_the_extractor_reads():
    """``text(language)("...")`` is never extracted (the extractor reads t(), plural() and N_()),
    so such a message stayed English on French pages."""
    import re

    from tests.conftest import ROOT

    called_directly = [f"{path.relative_to(ROOT)}:{n}" for path in [*(ROOT / "guidance").rglob("*.py"),
                                                                     ROOT / "app.py", ROOT / "staff.py"]
                       for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                       if re.search(r"\btext\([^()]*\)\(\s*[\"']", line)]
    assert called_directly == []


def test_money_says_its_currency_once_and_never_assumes_one():
    english, french = text("en"), text("fr")
    assert english.money(1845, "CAD") == "$1,845 CAD", "a bare $ needs its code"
    assert english.money(200, "USD") == "US$200" and english.money(30, "EUR") == "€30"
    assert english.money(4485, None) == "4,485 (currency not given)"
    assert french.money(4485.5, None) == "4\xa0485,50 (devise non indiquée)"


def test_states_provinces_and_territories_are_named_in_the_learners_language():
    french = text("fr")
    assert [french.place(r) for r in ("Quebec", "Nova Scotia", "British Columbia", "New South Wales")] == [
        "Québec", "Nouvelle-Écosse", "Colombie-Britannique", "Nouvelle-Galles-du-Sud"]
    # a county, a code or a city is shown as the catalogue writes it
    assert [french.place(r) for r in ("Essex", "QC", "Canada-wide", "")] == ["Essex", "QC", "Canada-wide", ""]
    assert text("en").place("Quebec") == "Quebec"
