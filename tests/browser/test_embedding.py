"""A career centre's page embeds Stackwise in an iframe from another origin, with
third-party cookies blocked: the chat answers in the centre's branding and scope, and axe-core
finds no serious or critical accessibility violations."""
import functools
import http.server
import re
import threading
import time

import pytest

from tests.browser.conftest import OUTPUT, free_port, running_app, screenshot
from tests.conftest import ROOT

pytestmark = pytest.mark.slow
PROVIDERS = {"Harbourview College", "Red Maple University", "Open Skills Canada"}


@pytest.fixture
def host_page(tmp_path):
    """The example host page as shipped, served by another origin and pointed at the app by its
    ``?app=`` parameter."""
    def serve(app_url: str) -> str:
        page = (ROOT / "examples" / "embed" / "index.html").read_text()
        (tmp_path / "index.html").write_text(page)
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/index.html?app={app_url}/"

    servers: list = []
    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def app_frame(page, app_url: str, deadline_s: float = 120):
    """The page's frame showing the app, once the iframe has been pointed at it."""
    deadline = time.monotonic() + deadline_s
    while not (frames := [f for f in page.frames if f.url.startswith(app_url)]):
        assert time.monotonic() < deadline, f"no frame reached {app_url}: {[f.url for f in page.frames]}"
        page.wait_for_timeout(100)  # lets the browser's events in while polling
    return frames[0]


def serious(frame) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(frame)
    return [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                     for v in violations)


def test_embedded_chat_in_a_centres_page(page, host_page, sample_store_dir):
    with running_app(sample_store_dir, centre="harbourview") as app_url:
        app_url = app_url.replace("127.0.0.1", "localhost")  # another site than the host page
        page.goto(host_page(app_url))
        # The iframe first loads the page's own src, then its script points it at the app: wait
        # for the frame at the app's address, then for its chat box (a wait begun on the first
        # frame never ended once in CI).
        inner = app_frame(page, app_url)
        frame = page.frame_locator("iframe#stackwise")
        box = frame.get_by_test_id("stChatInputTextArea")
        # A fresh app process loads the model and the catalogue before its first page: on a
        # loaded machine that took over 90 s once, so the deadline only catches a hang.
        inner.get_by_test_id("stChatInputTextArea").wait_for(timeout=300_000)
        assert inner.evaluate("document.cookie = 'probe=1'; document.cookie") == "", "third-party cookies are blocked"

        brand = frame.get_by_test_id("centre-brand")
        assert brand.inner_text().strip() == "Harbourview Career Centre"
        assert brand.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(11, 79, 124)"
        violations = serious(inner)
        assert not violations, describe(violations)

        box.fill("I want to become a data analyst. Where do I start?")
        colour = frame.get_by_test_id("stChatInputSubmitButton").evaluate("e => getComputedStyle(e).backgroundColor")
        red, green, blue = (float(c) for c in re.findall(r"[\d.]+", colour)[:3])
        assert blue > red, "the Streamlit theme carries the centre's primary colour (#0b4f7c), not the default red"
        box.press("Enter")
        frame.get_by_test_id("stChatMessage").nth(1).wait_for(timeout=90_000)
        frame.get_by_text(re.compile(r"^Sources \(\d+\)$")).first.wait_for(timeout=60_000)
        # The cards' elements arrive one by one: wait for them instead of counting at once.
        frame.get_by_role("link", name="Program page").first.wait_for(timeout=30_000)
        captions = frame.get_by_text(re.compile(r" · (micro-credential|certificate|digital badge|short course|licence|"
                                                r"bootcamp|diploma|degree)$"))
        captions.first.wait_for(timeout=30_000)
        providers = {text.splitlines()[-1].split(" · ")[0] for text in captions.all_inner_texts()}
        assert providers and providers <= PROVIDERS, providers
        violations = serious(inner)
        screenshot(page, "embedded-harbourview")
        assert not violations, describe(violations)
    assert (OUTPUT / "embedded-harbourview.png").exists()
