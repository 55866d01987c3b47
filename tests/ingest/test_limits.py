"""Hostile files: each is refused with its name and what is wrong, and the rest of the run goes on."""
from __future__ import annotations

import pytest

from ingest.readers import CHUNK, detect_encoding
from tests.conftest import current_store, ingest

HEADER = "id,title,provider,credential_type,description,cost,language\n"
GOOD = HEADER + "G-1,Good Program,Good College,micro-credential,A good program about welding.,300,en\n"


def run_beside_a_good_file(settings, tmp_path, bad_name: str, bad: bytes, **options):
    good = tmp_path / "good.csv"
    good.write_text(GOOD)
    path = tmp_path / bad_name
    path.write_bytes(bad)
    report = ingest(settings, path, good, **options)
    assert report.stored == 1 and {p.id for p in current_store(settings).all_programs()} == {"G-1"}
    assert len(report.file_errors) == 1 and report.file_errors[0].startswith(str(path))
    return report.file_errors[0]


@pytest.mark.parametrize("name, content, reason", [
    ("deep.json", b"[" * 100_000 + b"]" * 100_000, "line 1: the JSON is nested too deeply"),
    ("deep-lines.jsonl", b'{"id": "A-1"}\n{"id": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n",
     "line 2: the JSON is nested too deeply"),
    ("digits.json", b'[{"id": "D-1", "title": "x", "cost": ' + b"9" * 5000 + b"}]", "line 1: a value cannot be read"),
    ("huge.json", b'[{"id": "H-1", "cost": 1e999}]', "too large"),
    ("nan.json", b'[{"id": "N-1", "cost": NaN}]', "NaN is not a number"),
])
def test_json_that_would_crash_the_parser_is_reported_by_file_and_line(settings, tmp_path, name, content, reason):
    assert reason in run_beside_a_good_file(settings, tmp_path, name, content)


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_opened(settings, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["id", "title", "provider", "credential_type", "description", "cost", "language"])
    for n in range(20_000):  # compresses to a fraction of what it unpacks to
        sheet.append([f"Z-{n}", "Same title", "Same college", "micro-credential", "Same text " * 5, 100, "en"])
    bomb = tmp_path / "bomb.xlsx"
    workbook.save(bomb)
    error = run_beside_a_good_file(settings, tmp_path, "bomb.xlsx", bomb.read_bytes(), max_unpacked_mb=1)
    assert "unpacks to" in error and "more than 1 MB (STACKWISE_INGEST_MAX_UNPACKED_MB)" in error


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings, tmp_path):
    big = (HEADER + "B-1,Big,Big College,micro-credential," + "x" * (2 * 1024 * 1024) + ",1,en\n").encode()
    error = run_beside_a_good_file(settings, tmp_path, "big.csv", big, max_file_mb=1)
    assert "is larger than 1 MB (STACKWISE_INGEST_MAX_FILE_MB)" in error


def test_the_encoding_is_read_a_chunk_at_a_time_across_chunk_boundaries(tmp_path):
    utf8 = tmp_path / "utf8.csv"
    utf8.write_bytes(b"a" * (CHUNK - 1) + "é".encode() + b"\n")  # the two bytes of é straddle the boundary
    assert detect_encoding(utf8) == "utf-8-sig"
    windows = tmp_path / "cp1252.csv"
    windows.write_bytes(b"a" * (3 * CHUNK) + "é".encode("cp1252") + b"\n")  # only after three megabytes
    assert detect_encoding(windows) == "cp1252"


def test_the_limits_are_settings(tmp_path, monkeypatch):
    from stackwise.settings import Settings

    monkeypatch.setenv("STACKWISE_INGEST_MAX_FILE_MB", "1")
    limited = Settings(store_dir=tmp_path / "store")
    big = (HEADER + "B-1,Big,Big College,micro-credential," + "x" * (2 * 1024 * 1024) + ",1,en\n").encode()
    error = run_beside_a_good_file(limited, tmp_path, "big.csv", big)
    assert "is larger than 1 MB" in error


@pytest.fixture
def small_disk(tmp_path):
    """A real file system of its own, whose size the test sets (tmpfs; needs root)."""
    import subprocess

    folder = tmp_path / "disk"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")

    def resize(megabytes: float) -> None:
        subprocess.run(["mount", "-o", f"remount,size={int(megabytes * 1024)}k", str(folder)], check=True)

    yield folder, resize
    subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_leaves_the_published_version_serving_and_nothing_half_written(small_disk, tmp_path):
    import shutil

    from guidance import Assistant, Conversation
    from knowledge_base.versions import CatalogueVersions
    from stackwise.settings import Settings
    from tests.conftest import FIXTURES

    folder, resize = small_disk
    settings = Settings(store_dir=folder / "store")
    assert ingest(settings, FIXTURES / "programs.csv").version == "v0001"
    used = shutil.disk_usage(folder).used / 1024 ** 2
    resize(used + 0.5)  # room for a little, not for a new version
    more = tmp_path / "more.csv"
    rows = [f"M-{n},Program {n},College,micro-credential,{'A long description of welding work. ' * 40},100,en"
            for n in range(300)]
    more.write_text(HEADER + "\n".join(rows) + "\n")
    from ingest.errors import VersionNotWritten

    with pytest.raises(VersionNotWritten) as caught:
        ingest(settings, FIXTURES / "programs.csv", more)
    assert "the disk is full" in str(caught.value) and "version v0001 is still current" in str(caught.value)
    versions = CatalogueVersions(settings)
    assert versions.current() == "v0001"
    assert [p.name for p in versions.path("v0001").parent.iterdir()] == ["v0001"]
    resize(64)
    reply = Assistant.open(settings).reply("I want to learn SQL", Conversation())
    assert reply.programs
