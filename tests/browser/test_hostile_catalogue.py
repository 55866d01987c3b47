"""A catalogue and a learner that write Markdown, HTML, addresses, icons and maths into their
fields: in a real browser, none of it becomes a link, an image, an icon, a colour or a request.

Streamlit renders Markdown with plugins that search the text after escapes are resolved (bare
addresses, emails, emoji, ``:material/`` icons), so only the browser shows what really comes out.
"""
from __future__ import annotations

import csv
from urllib.parse import urlsplit

import pytest

from knowledge_base.schema import CANONICAL_COLUMNS
from stackwise.settings import Settings
from tests.browser.conftest import running_app, screenshot
from tests.conftest import ingest

pytestmark = pytest.mark.slow

IMAGE, LINK = "![x](http://127.0.0.1:9/p.png)", "[click](https://phish.example)"
HOSTILE = [IMAGE, LINK, "https://phish.example", "www.phish.example", "jo@phish.example",
           "<img src=x onerror=alert(1)>", ":material/warning:", ":red[alarm]", "$x^2$", ":smile:"]
EVERYTHING = " ".join(HOSTILE)
# Names hold them scheme-relative: a title or provider with a whole web address in it is rejected at
# ingest as a broken row (tests/ingest/test_fair_rows.py), and "//host" is as live a link if rendered.
IN_NAMES = EVERYTHING.replace("https://", "//").replace("http://", "//")
HOSTILE_HOSTS = {"phish.example", "www.phish.example", "evil.example"}
PASSWORD = "hostile-test-password"
OWN_PAGES = {"https://ok.example/weld-1", "https://ok.example/weld-2", "https://ok.example/weld-cert"}


def program(**fields: str) -> dict[str, str]:
    base = {"credential_type": "micro-credential", "skills": "welding", "occupations": "welder", "cost": "300",
            "currency": "CAD", "delivery": "in-person", "language": "en", "duration_weeks": "6", "credits": "3",
            "next_start": "2030-01-07", "description": "Hands-on welding: MIG and stick welding for beginners."}
    return base | fields


def hostile_catalogue(path) -> None:
    rows = [
        program(id="H-WLD1", title="Welding Basics", provider="[click](//phish.example) College",
                region=f"{IMAGE} Ontario",
                funding=f"www.phish.example;jo@phish.example;{LINK}", stacks_into="H-CERT:3",
                url="https://ok.example/weld-1"),
        program(id="H-WLD2", title="Welding Advanced", provider="<img src=x onerror=alert(1)> Institute",
                region=":material/warning: :red[alarm] $x^2$ :smile: https://phish.example", prerequisites="H-WLD1",
                funding=":red-background[free] $5 or $x$", stacks_into="H-CERT:3", url="https://ok.example/weld-2"),
        program(id="H-CERT", title=f"Welding Certificate {IN_NAMES}", provider=IN_NAMES,
                credential_type="certificate", credits="", credits_required="6", region=EVERYTHING,
                url="https://ok.example/weld-cert"),
    ]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CANONICAL_COLUMNS, extrasaction="raise")
        writer.writeheader()
        writer.writerows(rows)


def ask(page, question: str, answers_before: int) -> None:
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    page.get_by_test_id("stChatMessage").nth(answers_before * 2 + 1).wait_for(timeout=90_000)
    page.wait_for_load_state("networkidle")


def shown(page) -> str:
    """The main block's text as a reader sees it (without the invisible word joiners)."""
    return page.get_by_test_id("stMainBlockContainer").inner_text().replace("\u2060", "")


def rendered_nothing_live(page, scope: str) -> None:
    """No link but the programs' own pages, no image, icon, colour, maths or emoji in ``scope``."""
    area = page.locator(scope)
    links = [a.get_attribute("href") or "" for a in area.locator("a").all()]
    foreign = [href for href in links if href not in OWN_PAGES and not href.startswith("#")]
    assert not foreign, foreign
    assert area.locator("img, script, iframe").count() == 0, area.locator("img, script, iframe").first.evaluate(
        "e => e.outerHTML")
    # Streamlit's own widgets draw icons (the feedback thumbs, an expander's arrow): only the
    # Markdown written from the catalogue and the learner's words must have none.
    text = area.locator("[data-testid='stMarkdownContainer']")
    for what, selector in {"icon": "span[role=img]", "maths": ".katex",
                           "colour": "span[style*=color], span[class*=olor]"}.items():
        assert text.locator(selector).count() == 0, (what, text.locator(selector).first.evaluate("e => e.outerHTML"))
    shown = " ".join(area.all_inner_texts())
    assert area.count() and "😄" not in shown and "⚠" not in shown


def test_a_hostile_catalogue_and_comment_render_as_text(browser, tmp_path):
    settings = Settings(store_dir=tmp_path / "store")
    hostile_catalogue(tmp_path / "hostile.csv")
    report = ingest(settings, tmp_path / "hostile.csv")
    assert report.ok, report.errors
    requests: list[str] = []
    context = browser.new_context(viewport={"width": 1200, "height": 1600})
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    try:
        with running_app(settings.store_dir, STACKWISE_INDEX_DEFAULTS="false",
                         STACKWISE_STAFF_PASSWORD=PASSWORD) as url:
            page.goto(url)
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=90_000)
            ask(page, f"I want to learn welding {LINK} jo@phish.example :material/warning:", 0)
            page.get_by_text("Welding Basics").first.wait_for(timeout=60_000)
            page.get_by_role("link", name="Program page").first.wait_for(timeout=30_000)
            page.get_by_text("Sources (").first.click()
            page.get_by_text("Catalogue:").first.wait_for(timeout=30_000)
            assert f"{IMAGE} Ontario" in shown(page)  # the region is shown, as text

            ask(page, "Compare Welding Basics and Welding Advanced", 1)
            page.locator("[data-testid='stChatMessage'] table").first.wait_for(timeout=60_000)

            ask(page, "What do I need for the Welding Certificate?", 2)
            page.wait_for_timeout(2000)

            first_answer = page.get_by_test_id("stChatMessage").nth(1)
            first_answer.get_by_test_id("stFeedbackButton").last.click()  # thumbs down
            comment = first_answer.get_by_label("Anything to add? (optional)")
            comment.wait_for(timeout=30_000)
            comment.fill(f"Bad {EVERYTHING}")
            comment.press("Enter")
            page.wait_for_timeout(1500)
            for value in HOSTILE:  # the ingest drops HTML tags from the catalogue; the learner's stay
                assert value in shown(page) or value.startswith("<img"), value
            rendered_nothing_live(page, "[data-testid='stChatMessage']")  # not the centre's logo above
            rendered_nothing_live(page, "[data-testid='stSidebarUserContent']")
            screenshot(page, "hostile-catalogue-chat")

            page.goto(url + "/staff")
            page.get_by_label("Staff password").fill(PASSWORD)
            page.get_by_role("button", name="Open").click()
            page.get_by_text("Feedback comments").wait_for(timeout=60_000)
            page.get_by_text("Bad ").first.wait_for(timeout=30_000)
            for value in HOSTILE[5:]:  # addresses in a comment may be redacted before it is kept
                assert value in shown(page), value
            page.wait_for_load_state("networkidle")
            rendered_nothing_live(page, "[data-testid='stMainBlockContainer']")
            screenshot(page, "hostile-catalogue-staff")
    finally:
        context.close()
    hostile = [r for r in requests if urlsplit(r).hostname in HOSTILE_HOSTS or urlsplit(r).port == 9]
    assert not hostile, hostile
