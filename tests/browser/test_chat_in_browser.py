"""The chat and the plan downloads in a real browser."""
import csv
import io
import re
from pathlib import Path

import pytest

from tests.browser.conftest import screenshot

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
        table = page.locator("[data-testid='stMarkdownContainer'] table").first
        table.wait_for(timeout=30_000)
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
        box = page.get_by_test_id("stChatInputTextArea")
        box.wait_for(timeout=90_000)
        for turn, message in enumerate(SWITCHES[page_language], start=1):
            box = page.get_by_test_id("stChatInputTextArea")
            box.wait_for(timeout=90_000)
            box.fill(message)
            box.press("Enter")
            # the learner's message and its reply: two more chat messages for each one sent
            page.get_by_test_id("stChatMessage").nth(2 * turn - 1).wait_for(timeout=90_000)
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=90_000)
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
