"""A catalogue refresh reaches the running app between two questions, without a restart."""
import pytest

from stackwise.settings import Settings
from tests.browser.conftest import running_app, screenshot, send
from tests.conftest import FIXTURES, ingest

pytestmark = pytest.mark.slow


def test_the_running_app_answers_from_a_new_version(page, tmp_path):
    settings = Settings(store_dir=tmp_path / "store")
    ingest(settings, FIXTURES / "programs.csv", FIXTURES / "definitions.md")
    with running_app(settings.store_dir, STACKWISE_INDEX_DEFAULTS="false") as url:
        page.goto(url)
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=90_000)
        send(page, "I want to learn welding", 1)
        assert page.get_by_text("Underwater Welding Certification").count() == 0
        refresh = tmp_path / "refresh.csv"
        refresh.write_text("id,title,provider,credential_type,description,skills\n"
                           "T-UWW,Underwater Welding Certification,Tidewater Dive School,licence,"
                           "Wet welding and cutting below the surface for commercial divers,welding\n")
        assert ingest(settings, refresh).version == "v0002"
        # The app loads the new version in the background and answers from the old one until
        # it is ready: within a few questions, the new program is there.
        for asked in range(1, 11):
            send(page, "Show me welding programs again", asked + 1)
            if page.get_by_text("Underwater Welding Certification").count():
                break
            page.wait_for_timeout(1000)
        assert page.get_by_text("Underwater Welding Certification").count() > 0
        screenshot(page, "refresh-while-serving")
