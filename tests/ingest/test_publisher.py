"""Two ingest hosts and one Chroma server: one publishes at a time, through a lock held in the
question log's PostgreSQL database; a killed ingest leaves no lock behind."""
import subprocess
import sys
import textwrap
import time

import pytest
from sqlalchemy import create_engine, text

from ingest.publisher import PublisherBusy
from knowledge_base.versions import catalogue_versions
from stackwise.settings import Settings, server_url
from tests.conftest import FIXTURES, ingest
from tests.knowledge_base.test_chroma_server import chroma_server  # noqa: F401 (a fixture)

pytestmark = pytest.mark.slow

HOLDER = textwrap.dedent("""
    import sys
    from ingest.publisher import one_publisher
    from stackwise.settings import Settings
    settings = Settings(store_dir=sys.argv[1], chroma_host="127.0.0.1", chroma_port=int(sys.argv[2]),
                        question_log=sys.argv[3], index_defaults=False)
    with one_publisher(settings):
        print("held", flush=True)
        sys.stdin.read()  # an ingest in the middle of its build, until it is killed
""")


def advisory_locks(url: str) -> int:
    engine = create_engine(server_url(url))
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).scalar()
    finally:
        engine.dispose()


def test_a_second_ingest_host_is_refused_and_a_killed_one_frees_the_lock(chroma_server, postgres_log,  # noqa: F811
                                                                        tmp_path):
    def host(name):
        return Settings(store_dir=tmp_path / name, chroma_host="127.0.0.1", chroma_port=chroma_server,
                        question_log=postgres_log, index_defaults=False)

    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path / "host-a"), str(chroma_server),
                               postgres_log], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(PublisherBusy, match="another ingest is building a version"):
            ingest(host("host-b"), FIXTURES / "programs.csv")
        with catalogue_versions(host("host-b")) as versions:
            assert versions.current() is None, "the refused ingest published nothing"
    finally:
        holder.kill()
        holder.wait(timeout=30)
        holder.stdin.close()
        holder.stdout.close()
    deadline = time.monotonic() + 60  # the server ends the killed session's backend, and its lock
    while advisory_locks(postgres_log):
        assert time.monotonic() < deadline, "the killed ingest's lock was never released"
        time.sleep(0.2)
    assert ingest(host("host-b"), FIXTURES / "programs.csv").version == "v0001"
