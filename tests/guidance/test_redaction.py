"""Personal details out of every piece of learner text that is stored or shown to others."""
from __future__ import annotations

import time

import pytest

from benchmarks.redaction import ADVERSARIAL_SHAPES, NEGATIVES, PHRASINGS, adversarial, leaked
from guidance import Conversation
from guidance.centres import CentreProfile
from guidance.handoff import conversation_summary
from guidance.journal import QuestionLog
from guidance.redaction import MAX_REDACT_CHARS, _scrub, redact

# Written as people write them, in the shapes that got through before.
DETAILS = {
    "jo (at) example (dot) com": "[email]", "marie[at]gmail[dot]ca": "[email]", "sam at example dot org": "[email]",
    "jo.smith+jobs@example.co.uk": "[email]",
    "416–555–1234": "[phone]", "416 555 1234 ext. 22": "[phone]", "+44 20 7946 0958": "[phone]",
    "+33 1 23 45 67 89": "[phone]", "(902) 555-0142": "[phone]", "555-0199": "[phone]",
    "123 456 789": "[number]", "123-456-789": "[number]", "123456789": "[number]", "4111 1111 1111 1111": "[number]",
    "1234-567-890-AB": "[id number]", "AB123456": "[id number]", "A1234-56789-01234": "[id number]",
    "M5V 2T6": "[postal code]", "h2j2l3": "[postal code]",
    "123 Main Street": "[address]", "4500 rue Saint-Denis": "[address]", "77 Bloor St. W": "[address]",
    "192.168.0.12": "[ip address]",
    "born on 12/03/1985": "[date of birth]", "DOB: 1985-03-12": "[date of birth]",
    "date of birth March 3, 1985": "[date of birth]", "née le 3 mars 1985": "[date of birth]",
    # Found by a later attack: full-width letters, social profiles and handles, IBANs, a labelled name.
    "ｊｏ＠ｅｘａｍｐｌｅ．ｃｏｍ": "[email]", "linkedin.com/in/sam-okafor": "[profile]",
    "https://www.instagram.com/sam.draws/": "[profile]", "@sam_okafor": "[handle]",
    "FR76 3000 6000 0112 3456 7890 189": "[account number]", "name: Sam Okafor": "name: [name]",
    "jo[dot]q[at]mailbox[dot]example": "[email]", "jo.q (at) mailbox (dot) example": "[email]",
    "Nom : Marie Tremblay": "Nom : [name]",
}


@pytest.mark.parametrize("detail", list(DETAILS))
def test_each_kind_of_detail_is_replaced_by_its_label_inside_a_sentence(detail):
    assert redact(f"ok so {detail}, thanks") == f"ok so {DETAILS[detail]}, thanks"


@pytest.mark.parametrize("text,expected", [
    ("My name is Jo Smith and I want to weld", "My name is [name] and I want to weld"),
    ("je m'appelle Marie-Claire Tremblay, infirmière", "je m'appelle [name], infirmière"),
    ("thanks, Priya", "thanks, [name]"),
    ("I'm Oluwaseun Brightwater-Kaye and I want welding", "I'm [name] and I want welding"),
    ("hi, moi c'est Théodorine Pflaumbaum", "hi, moi c'est [name]"),
])
def test_names_a_learner_gives_are_taken_out(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "I want HV-DAT101 and FV-CERT-CLOUD under $2,400, 3-6 months, 10 hours a week, from 2027-01-15",
    "between 1000 and 2000 dollars", "1 000 $ max", "$12,500.00", "Python 3.11, Excel 365", "I'm tired of retail",
    "I live in Ontario", "I have 15 years of experience", "meet at 5.30", "Merci beaucoup",
    "I'm French and I want welding", "Im Looking For A Welding Course", "I'm in Toronto Ontario",
])
def test_what_the_assistant_needs_to_read_is_left(text):
    assert redact(text) == text


@pytest.mark.parametrize("shape", ["a1", "1 ", "a", "@", ". ", "at ", "1-", "(1)", "a at b dot ", "123 rue ", "A1A "])
def test_a_long_message_of_any_shape_is_redacted_fast(shape):
    text = (shape * (2000 // len(shape)))[:2000]
    started = time.perf_counter()
    redact(text)
    # A generous bound, not a benchmark: quadratic patterns took over 0.2 s on these.
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("shape", ADVERSARIAL_SHAPES)
def test_every_pattern_is_linear_on_50000_hostile_characters(shape):
    text = adversarial(shape, 50_000)
    started = time.perf_counter()
    _scrub(text)  # every pattern over the whole text, without the cap redact applies first
    uncapped = time.perf_counter() - started
    started = time.perf_counter()
    redact(text)
    # Generous bounds on a clear gap: linear patterns take a tenth of a second here, the
    # quadratic ones they replaced took 18 s and more.
    assert uncapped < 2.0 and time.perf_counter() - started < 0.5


@pytest.mark.parametrize("kind,sentence,detail",
                         [(kind, s, d) for kind, cases in PHRASINGS.items() for s, d in cases])
def test_each_kind_is_found_however_a_learner_writes_it(kind, sentence, detail):
    assert leaked(sentence, detail, redact(sentence)) == []


def test_the_phrasing_set_has_eight_of_each_kind_half_in_french():
    assert len(PHRASINGS) == 9 and all(len(cases) >= 8 for cases in PHRASINGS.values())
    assert len(NEGATIVES) >= 20


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_budgets_years_lengths_and_places_come_back_unchanged(sentence):
    assert redact(sentence) == sentence


def test_long_text_is_cut_before_any_pattern_runs_and_a_detail_at_the_cut_does_not_leak():
    text = "I want welding " * 400
    cut = redact(text)
    assert len(cut) <= MAX_REDACT_CHARS + 2 and cut.endswith("…")
    for detail in ("call 416 555 1234 now", "write jo.smith@example.com", "SIN 046 454 286"):
        for shift in range(1, len(detail)):
            at_the_limit = "x " * ((MAX_REDACT_CHARS - shift) // 2) + detail + " and more" * 50
            kept = redact(at_the_limit)
            assert not any(part in kept for part in ("416", "555", "1234", "jo.smith", "046", "454", "286")), kept


def test_the_topic_and_the_question_are_stored_redacted(sample_assistant, tmp_path):
    log = QuestionLog(tmp_path / "q.sqlite3", retention_days=30)
    question = "nurse call me 416 555 1234"
    reply = sample_assistant.reply(question, Conversation())
    log.record(centre="c", question=question, reply=reply)
    stored = log.turns("c")[0]
    assert "416" not in stored.question and "416" not in (stored.topic or "")
    assert "555" not in repr(stored)


def test_the_advisor_summary_shows_no_detail_the_learner_gave(sample_assistant):
    conversation = Conversation()
    sample_assistant.reply("I'm a cashier, my name is Jo Smith, reach me at jo (at) mail (dot) com or 416-555-1234. "
                           "I want to become a bookkeeper", conversation)
    summary = conversation_summary(conversation, sample_assistant.title_of)
    for detail in ("Jo Smith", "mail (dot) com", "416", "1234"):
        assert detail not in summary


def test_the_default_privacy_notice_says_what_is_kept_and_taken_out():
    notice = CentreProfile(id="x", name="X").privacy
    assert "without names" not in notice
    assert all(word in notice for word in ("questions", "feedback", "emails", "phone numbers", "names you give"))
