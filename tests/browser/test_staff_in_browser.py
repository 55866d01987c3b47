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
