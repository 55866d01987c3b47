"""The staff page in a real browser: a sign-in holds across reruns of its own connection."""
import pytest

from tests.browser.conftest import running_app, screenshot

pytestmark = pytest.mark.slow

PASSWORD = "correct horse battery staple"


def test_staff_sign_in_holds_on_its_connection_in_a_browser(page, sample_store_dir):
    with running_app(sample_store_dir, STACKWISE_STAFF_PASSWORD=PASSWORD) as url:
        page.goto(f"{url}/staff")
        page.get_by_label("Staff password").fill(PASSWORD)
        page.get_by_role("button", name="Open").click()
        page.get_by_test_id("stMetric").first.wait_for(timeout=60_000)
        # Another period reruns the page over the same websocket: still signed in.
        page.get_by_test_id("stSlider").wait_for()
        page.get_by_role("slider").press("ArrowRight")
        page.get_by_text("last 90 days").wait_for(timeout=30_000)
        assert page.get_by_test_id("stMetric").count() == 3
        assert page.get_by_label("Staff password").count() == 0
        screenshot(page, "staff-signed-in")


def test_the_insights_of_realistic_conversations_at_desktop_width(browser, sample_store_dir, sample_assistant,
                                                                  tmp_path):
    """A log of learners' conversations with the real assistant, read on the staff page: the
    screenshot shows topics with learners and questions, and gaps with what learners wanted."""
    from datetime import UTC, datetime, timedelta

    from guidance import Conversation
    from guidance.journal import QuestionLog

    log_path = tmp_path / "questions.sqlite3"
    log = QuestionLog(log_path, retention_days=365)
    start = datetime.now(UTC) - timedelta(days=3)
    chats = [["I work days in a warehouse and want to get into data analysis, online", "cheaper?"],
             ["data analysis, something I can do at night", "is any of it online?"],
             ["scuba diving instructor in Nova Scotia, under $1,500"],
             ["I'd love to become a scuba diving instructor, Nova Scotia, budget 1200"],
             ["je cherche une formation en comptabilité le soir ou en ligne", "moins cher?"]]
    for number, turns in enumerate(chats):
        conversation = Conversation(id=f"learner-{number}")
        for step, question in enumerate(turns):
            log.record(centre="default", question=question, reply=sample_assistant.reply(question, conversation),
                       conversation=conversation.id, now=start + timedelta(hours=number, minutes=step))
    context = browser.new_context(viewport={"width": 1280, "height": 1800})
    page = context.new_page()
    try:
        with running_app(sample_store_dir, STACKWISE_STAFF_PASSWORD=PASSWORD,
                         STACKWISE_QUESTION_LOG=str(log_path)) as url:
            page.goto(f"{url}/staff")
            page.get_by_label("Staff password").fill(PASSWORD)
            page.get_by_role("button", name="Open").click()
            page.get_by_text("Catalogue gaps: questions nothing fit").wait_for(timeout=60_000)
            page.get_by_test_id("stDataFrame").nth(1).wait_for(timeout=30_000)
            assert page.get_by_test_id("stMetric").nth(0).inner_text().endswith("8")
            # the page is wide: the gaps table, example question included, gets the whole width
            gaps = page.get_by_test_id("stDataFrame").nth(1)
            box = gaps.bounding_box()
            assert box is not None and box["width"] >= 1000, box
            # every column of it fits: the grid has nothing to scroll sideways
            scrolls = gaps.locator(".dvn-scroller").first.evaluate("e => e.scrollWidth - e.clientWidth")
            assert scrolls <= 1, f"the gaps table scrolls {scrolls} px sideways at 1280 px"
            screenshot(page, "staff-insights")
    finally:
        context.close()
