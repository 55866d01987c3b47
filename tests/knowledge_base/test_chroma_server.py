"""The same code against a Chroma server (`chroma run`, HttpClient): ingest, chat, new versions."""
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from guidance import Assistant, Conversation
from knowledge_base.versions import ServerVersions, catalogue_versions
from stackwise.settings import Settings
from tests.browser.conftest import free_port
from tests.conftest import FIXTURES, ingest

pytestmark = pytest.mark.slow


@pytest.fixture
def chroma_server(tmp_path):
    """A local Chroma server on a free port, from the chromadb package's own CLI."""
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    port = free_port()
    process = subprocess.Popen([chroma, "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1",
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2):
                break
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, "the Chroma server did not start"
            time.sleep(0.3)
    yield port
    process.terminate()
    process.wait(timeout=30)


def test_ingest_and_chat_through_a_chroma_server(chroma_server, tmp_path):
    settings = Settings(store_dir=tmp_path / "lock-only", chroma_host="127.0.0.1", chroma_port=chroma_server,
                        index_defaults=False)
    versions = catalogue_versions(settings)
    assert isinstance(versions, ServerVersions)
    first = ingest(settings, FIXTURES / "programs.csv", FIXTURES / "definitions.md")
    assert first.version == "v0001" and versions.current() == "v0001"
    assert not (tmp_path / "lock-only" / "versions").exists(), "no catalogue was written to a local folder"

    assistant = Assistant.open(settings)
    conversation = Conversation()
    assert [p.id for p in assistant.reply("welding", conversation).programs] == ["T-WLD1"]
    assert assistant.reply("What is a digital badge?", conversation).sources[0].kind == "document"

    refresh = tmp_path / "refresh.csv"
    refresh.write_text("id,title,provider,credential_type,description,skills\n"
                       "T-WLD2,Pipe Welding,Prairie Test Institute,short-course,Welding pipe joints,welding\n")
    assert ingest(settings, refresh).version == "v0002"
    assert assistant.refresh(wait=True) and assistant.version == "v0002"
    assert {p.id for p in assistant.reply("welding", conversation).programs} == {"T-WLD1", "T-WLD2"}

    assert versions.rollback() == "v0001"
    assert assistant.refresh(wait=True) and assistant.version == "v0001"
    assert [p.id for p in assistant.reply("welding", Conversation()).programs] == ["T-WLD1"]
    snapshots = sorted(p.name.split("-")[0] for p in (tmp_path / "lock-only" / "snapshots").iterdir())
    assert snapshots == ["v0001", "v0002"], "snapshots are cached on this machine, per version"
    assistant.close()
    versions.close()
