"""The store, its snapshots and the question log are readable by the service's user alone."""
from __future__ import annotations

import os
import stat

import pytest

from guidance import Conversation
from guidance.journal import QuestionLog
from tests.conftest import FIXTURES, ingest


@pytest.fixture(autouse=True)
def usual_umask():
    """Start from the usual umask (022), as a service would: the code must tighten it itself."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def loose(root) -> list[str]:
    """Every file or folder under ``root`` (itself included) that the group or others can use."""
    paths = [root, *root.rglob("*")]
    return [f"{p} {stat.filemode(p.stat().st_mode)}" for p in paths
            if stat.S_IMODE(p.lstat().st_mode) & 0o077 and not p.is_symlink()]


def test_the_store_its_versions_and_snapshots_are_private(settings):
    report = ingest(settings, FIXTURES / "programs.csv", FIXTURES / "definitions.md")
    assert report.ok
    assert any(settings.store_dir.rglob("*.snapshot*")) and any(settings.store_dir.rglob("*.sqlite3"))
    assert loose(settings.store_dir) == []


def test_a_store_folder_made_before_is_tightened(settings):
    settings.store_dir.mkdir(mode=0o755)
    ingest(settings, FIXTURES / "programs.csv")
    assert stat.S_IMODE(settings.store_dir.stat().st_mode) == 0o700


def test_the_question_log_and_its_journal_files_are_private(sample_assistant, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    (folder / "questions.sqlite3").touch(mode=0o644)  # one made by an older version
    log = QuestionLog(folder / "questions.sqlite3", retention_days=30)
    turn = log.record(centre="c", question="welding?", reply=sample_assistant.reply("welding?", Conversation()))
    log.set_feedback(turn, 1, "useful")
    files = sorted(p.name for p in folder.iterdir())
    assert "questions.sqlite3" in files
    assert loose(folder) == []
