"""The chat and the plan downloads in a real browser."""
import csv
import io
import re
from pathlib import Path

import pytest

from tests.browser.conftest import screenshot, send

pytestmark = pytest.mark.slow


def ask(page, app_url: str, question: str) -> None:
    page.goto(app_url)
    box = page.get_by_test_id("stChatInputTextArea")
    box.wait_for(timeout=90_000)
    box.fill(question)
    box.press("Enter")
    page.get_by_test_id("stChatMessage").nth(1).wait_for(timeout=90_000)


def test_question_in_the_browser_gets_cards_and_sources(page, app_url):
    ask(page, app_url, "I want to become a data analyst, online, under $1,000")
    page.get_by_text("Spreadsheet Analytics for the Workplace").first.wait_for()
    sources = page.get_by_text(re.compile(r"^Sources \(\d+\)$"))
    sources.first.wait_for(timeout=30_000)  # the expander renders after the cards
    assert sources.count() == 1
    # Streamlit streams the cards' elements in one by one: wait for a link rather than count them at once.
    page.get_by_role("link", name="Program page").first.wait_for(timeout=30_000)
    screenshot(page, "chat-recommendations")


def test_plan_downloads_as_csv_and_markdown(page, app_url, tmp_path):
    ask(page, app_url, "What do I need for the cyber defence certificate?")
    page.get_by_text("Your pathway to Certificate in Cyber Defence").wait_for(timeout=60_000)
    with page.expect_download() as csv_download:
        page.get_by_role("button", name="Download plan (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(csv_download.value.path()).read_text(encoding="utf-8"))))
    assert csv_download.value.suggested_filename == "plan-CC-CERT-SEC.csv"
    assert [r["id"] for r in rows] == ["CC-SEC101", "CC-GRC104", "CC-NET102", "CC-IR103"]  # prerequisites first
    assert rows[0]["status"] == "needed" and rows[0]["cost"] == "390"
    with page.expect_download() as md_download:
        page.get_by_role("button", name="Download plan (Markdown)").click()
    markdown = Path(md_download.value.path()).read_text(encoding="utf-8")
    assert markdown.startswith("# Plan: Certificate in Cyber Defence")
    screenshot(page, "pathway-plan")


def assert_fits_the_screen(cells, width: int) -> None:
    """Every cell of the plan tables lies within the screen: nothing cut off on the right."""
    assert cells.count() > 0
    right = max(box["x"] + box["width"] for i in range(cells.count()) if (box := cells.nth(i).bounding_box()))
    assert right <= width, f"the plan table runs to {right:.0f} px on a {width} px screen"


CONVERSATION = {
    "fr": ["Je cherche une formation en ligne en analyse de données, moins de 1 000 $",
           "Comment s'empile Databases and SQL Querying?"],
    "en": ["I want to become a data analyst, online, under $1,000", "How does Databases and SQL Querying stack?"],
}


@pytest.mark.parametrize("language, width", [("fr", 390), ("fr", 1280), ("en", 390), ("en", 1280)])
def test_a_conversation_reads_well_in_both_languages_at_phone_and_desktop_width(browser, app_url, language, width):
    """A search, then the plan of one of its programs, with the browser set to the language."""
    from tests.browser.test_embedding import describe, serious

    context = browser.new_context(viewport={"width": width, "height": 1600}, locale=f"{language}-CA")
    page = context.new_page()
    try:
        page.goto(app_url)
        box = page.get_by_test_id("stChatInputTextArea")
        box.wait_for(timeout=90_000)
        placeholder = box.get_attribute("placeholder") or ""
        assert ("Ask about" in placeholder) == (language == "en"), placeholder
        search, plan = CONVERSATION[language]
        box.fill(search)
        box.press("Enter")
        page.get_by_test_id("stChatMessage").nth(1).wait_for(timeout=90_000)
        link = {"fr": "Page du programme", "en": "Program page"}[language]
        page.get_by_role("link", name=link).first.wait_for(timeout=60_000)
        screenshot(page, f"chat-{language}-{width}")
        box.fill(plan)
        box.press("Enter")
        heading = {"fr": "Votre parcours vers", "en": "Your pathway to"}[language]
        page.get_by_text(re.compile(heading)).first.wait_for(timeout=90_000)
        label = page.locator("[data-testid='stGraphVizChart'] svg g.node text").first
        label.wait_for(timeout=30_000)
        # The height of a box's line of text as drawn on the page (the page's own text is 16 px).
        text_px = label.bounding_box()["height"]
        assert text_px >= 11, f"the diagram's text is {text_px:.1f} px high at {width} px"
        page.locator("table.sw-plan").first.wait_for(timeout=30_000)
        assert_fits_the_screen(page.locator("table.sw-plan td"), width)
        violations = serious(page)
        screenshot(page, f"plan-{language}-{width}")
        assert not violations, describe(violations)
    finally:
        context.close()


SWITCHES = {
    "en": ["I want to become a data analyst", "Et en français, c'est quoi une microcertification?",
           "ok, and which of those is online?"],
    "fr": ["Je veux devenir analyste de données", "What is a micro-credential?",
           "Lesquels sont en ligne?"],
}


@pytest.mark.parametrize("page_language", ["en", "fr"])
def test_every_message_gets_its_reply_when_the_page_switches_language(browser, app_url, page_language):
    """The page follows the language each message is written in; the message sent right after a
    switch (and the one after that) is answered, never lost with the chat box of the old language."""
    context = browser.new_context(viewport={"width": 1280, "height": 1400}, locale=f"{page_language}-CA")
    page = context.new_page()
    try:
        page.goto(app_url)
        for turn, message in enumerate(SWITCHES[page_language], start=1):
            send(page, message, turn)
        messages = page.get_by_test_id("stChatMessage")
        assert messages.count() == 6, [messages.nth(i).inner_text()[:60] for i in range(messages.count())]
        # the box speaks the language of the last reply, not the one before it
        placeholder = page.get_by_test_id("stChatInputTextArea").get_attribute("placeholder") or ""
        assert ("Ask about" in placeholder) == (page_language == "en"), placeholder
        sidebar = page.get_by_test_id("stSidebar").inner_text()
        assert ("Your questions" in sidebar) == (page_language == "en"), "the privacy notice in the page's language"
        screenshot(page, f"language-switches-{page_language}")
    finally:
        context.close()


FRENCH = [
    "Je cherche une formation en comptabilité, en ligne, moins de 2 000 $",  # a search
    "lesquels sont les moins chers?",  # a follow-up
    "c'est quoi un microprogramme?",  # a definition (a Quebec term, answered as itself)
    "montre-moi le plan pour le certificat",  # a plan
    "j'ai déjà fait le premier, qu'est-ce qu'il me reste?",  # progress: "the first" is the plan's step 1
]


def english_fragments() -> set[str]:
    """Every piece of English interface text: each message of the catalogue whose French is not
    the same words, cut at its placeholders and punctuation, kept when it is two words or more."""
    from babel.messages.pofile import read_po

    from guidance.i18n import catalogue_path

    with open(catalogue_path("fr"), "rb") as handle:
        french = read_po(handle)
    found = set()
    for message in french:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        translated = " ".join(message.string if isinstance(message.string, tuple) else (message.string,))
        for english in filter(None, ids):
            for part in re.split(r"\{[^}]*\}|\*\*|[:;()\n\"“”«»]|\s[—–-]\s", english):
                part = " ".join(part.split()).strip(" .,!?")
                if len(part.split()) >= 2 and len(part) >= 10 and part not in translated:
                    found.add(part)
    return found


def english_lines(page_text: str, data: list[str]) -> list[str]:
    """Lines of the page that read as English once the catalogue's own words (``data``: titles,
    providers, skills, the sources' titles) are taken out: more English function words than
    French ones, two at least."""
    from knowledge_base.languages import function_words

    for value in sorted(data, key=len, reverse=True):
        page_text = page_text.replace(value, " ")
    found = []
    for line in page_text.splitlines():
        counts = function_words(line, ("en", "fr"))
        if counts["en"] >= 2 and counts["en"] > counts["fr"]:
            found.append(line)
    return found


def catalogue_words(store_dir) -> list[str]:
    """What the sample catalogue and its documents write in their own language."""
    from stackwise.settings import Settings
    from tests.conftest import current_store

    store = current_store(Settings(store_dir=store_dir))
    words = set()
    for program in store.all_programs():
        words |= {program.title, program.provider, program.id, *program.skills, *program.occupations, *program.funding}
    for passage in store.all_passages():
        words |= {passage.document_title, *(c.strip() for c in (passage.citation or "").split(";"))}
    return [w for w in words if w]


@pytest.mark.parametrize("width", [390, 1280])
def test_a_french_conversation_of_five_turns_has_no_english_interface_text(browser, app_url, sample_store_dir,
                                                                            width):
    """A search, a follow-up, a definition, a plan and a progress question, in French: every
    interface string on the page is French (the catalogue's own titles stay as written), the
    plan table fits the screen, and "the first" is the plan's first step."""
    context = browser.new_context(viewport={"width": width, "height": 1600}, locale="fr-CA")
    page = context.new_page()
    try:
        page.goto(app_url)
        for turn, message in enumerate(FRENCH, start=1):
            send(page, message, turn)
        replies = page.get_by_test_id("stChatMessage")
        replies.nth(9).get_by_text(re.compile("3 crédits sur 12 obtenus")).wait_for(timeout=60_000)
        assert replies.count() == 10
        assert "microprogramme" in replies.nth(5).inner_text() and "Au Québec" in replies.nth(5).inner_text()
        assert "Financial Accounting Basics (fait)" in replies.nth(9).inner_text().replace("\n", " ")
        assert page.locator("html").get_attribute("lang") == "fr"
        body = page.inner_text("body")
        english = sorted(f for f in english_fragments() if f in " ".join(body.split()))
        assert not english, f"English interface text on a French page: {english}"
        lines = english_lines(body, catalogue_words(sample_store_dir))
        assert not lines, f"lines that read as English on a French page: {lines}"
        assert_fits_the_screen(page.locator("table.sw-plan td"), width)
        screenshot(page, f"french-five-turns-{width}")
    finally:
        context.close()
