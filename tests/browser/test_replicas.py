"""Two app replicas, one Chroma server, one PostgreSQL: what a centre that outgrows one machine
runs (examples/deploy/). Questions asked on each are logged once in the shared record, staff on
either see them, a publish reaches both, and when one replica dies the other keeps answering."""
import os
import subprocess
import sys
import time

import pytest

from benchmarks.machine import free_port, wait_until_up
from guidance.journal import QuestionLog
from stackwise.settings import Settings
from tests.browser.conftest import screenshot, send
from tests.conftest import FIXTURES, ROOT, ingest
from tests.knowledge_base.test_chroma_server import chroma_server  # noqa: F401 (a fixture)

pytestmark = pytest.mark.slow
PASSWORD = "replicas-staff-pass-2026"


def start_replica(store_dir, chroma_port: int, log_url: str) -> tuple[subprocess.Popen, str]:
    """`streamlit run app.py` as a replica of the deployment: the catalogue on the Chroma server,
    the record on PostgreSQL, a snapshot cache of its own."""
    port = free_port()
    env = {**os.environ, "STACKWISE_STORE_DIR": str(store_dir), "STACKWISE_CHROMA_HOST": "127.0.0.1",
           "STACKWISE_CHROMA_PORT": str(chroma_port), "STACKWISE_QUESTION_LOG": log_url,
           "STACKWISE_INDEX_DEFAULTS": "false", "STACKWISE_STAFF_PASSWORD": PASSWORD}
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port",
                                str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
                                "--browser.gatherUsageStats", "false"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until_up(f"http://127.0.0.1:{port}/_stcore/health", process)
    return process, f"http://127.0.0.1:{port}"


def test_two_replicas_share_one_catalogue_and_one_record(browser, chroma_server, postgres_log,  # noqa: F811
                                                         tmp_path):
    ingest_host = Settings(store_dir=tmp_path / "ingest-host", chroma_host="127.0.0.1", chroma_port=chroma_server,
                           question_log=postgres_log, index_defaults=False)
    assert ingest(ingest_host, FIXTURES / "programs.csv", FIXTURES / "definitions.md").version == "v0001"
    replicas = [start_replica(tmp_path / f"replica-{n}", chroma_server, postgres_log) for n in (1, 2)]
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    try:
        pages = [context.new_page() for _ in replicas]
        for page, (_, url) in zip(pages, replicas):
            page.goto(url)
            assert "Welding Basics" in send(page, "I want to learn welding", 1).inner_text()
        turns = QuestionLog(postgres_log, retention_days=30).turns()
        assert [t.question for t in turns] == ["I want to learn welding"] * 2
        assert len({t.conversation for t in turns}) == 2, "one turn per replica's learner, each logged once"

        # a publish by the ingest host reaches both replicas, between two questions
        refresh = tmp_path / "refresh.csv"
        refresh.write_text("id,title,provider,credential_type,description,skills\n"
                           "T-WLD2,Pipe Welding,Prairie Test Institute,short-course,Welding pipe joints,welding\n")
        assert ingest(ingest_host, refresh).version == "v0002"
        for page in pages:  # each loads it in the background and answers from v0001 until it is ready
            turn, deadline = 2, time.monotonic() + 240
            while "Pipe Welding" not in send(page, "show me welding programs again", turn).inner_text():
                assert time.monotonic() < deadline, "the new version never reached a replica"
                turn += 1
                page.wait_for_timeout(1000)

        # staff on the second replica see every replica's questions
        staff = context.new_page()
        staff.goto(f"{replicas[1][1]}/staff")
        staff.get_by_label("Staff password").fill(PASSWORD)
        staff.get_by_role("button", name="Open").click()
        staff.get_by_test_id("stMetric").first.wait_for(timeout=60_000)
        logged = len(QuestionLog(postgres_log, retention_days=30).turns())
        assert staff.get_by_test_id("stMetric").nth(0).inner_text().endswith(str(logged))

        # the first replica dies mid-conversation; the second keeps answering
        replicas[0][0].kill()
        replicas[0][0].wait(timeout=30)
        assert "Welding Basics" in send(pages[1], "and which welding course is for beginners?",
                                        pages[1].get_by_test_id("stChatMessage").count() // 2 + 1).inner_text()
        screenshot(pages[1], "replicas-after-one-died")
    finally:
        context.close()
        for process, _ in replicas:
            process.terminate()
            process.wait(timeout=30)
