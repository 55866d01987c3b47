import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.cli import main
from tests.conftest import FIXTURES, ROOT


def test_cli_prints_each_rejection_and_exits_non_zero(tmp_path, capsys):
    code = main([str(FIXTURES / "bad_rows.csv"), "--store", str(tmp_path / "s"), "--report", str(tmp_path / "r.json")])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"{FIXTURES / 'bad_rows.csv'}:4 id: is required" in err.splitlines()
    assert "1 programs stored (1 added, 0 changed), 0 unchanged, 5 rejected." in out
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["rejected"] == 5 and {"file", "line", "field", "reason"} <= set(report["errors"][0])


def test_cli_says_when_nothing_changed(tmp_path, capsys):
    store = str(tmp_path / "s")
    assert main([str(FIXTURES / "programs.csv"), "--store", store]) == 0
    capsys.readouterr()
    assert main([str(FIXTURES / "programs.csv"), "--store", store]) == 0
    summary = "0 programs stored (0 added, 0 changed), 5 unchanged, 0 rejected. Nothing changed."
    assert summary in capsys.readouterr().out


def test_cli_says_what_the_published_catalogue_covers(tmp_path, capsys):
    from tests.conftest import SHARED_EVAL

    assert main([str(SHARED_EVAL / "catalogue.csv"), "--store", str(tmp_path / "s")]) == 0
    out = capsys.readouterr().out
    assert "catalogue: fields of work from the list: " in out and "cybersecurity (" in out
    # its own, from the occupations it tags and the words its titles share
    assert "catalogue: fields of its own" in out and "data analyst (6)" in out
    assert "stands out less than" in out  # 62 programs: the abstention is measured on its titles


@pytest.mark.slow
def test_module_entry_point_runs_as_staff_would(tmp_path):
    result = subprocess.run([sys.executable, "-m", "ingest", str(FIXTURES / "programs.csv"), "--store", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "5 programs stored" in result.stdout


@pytest.mark.slow
def test_the_staff_ingest_runs_at_a_lower_priority_than_chat(tmp_path):
    """A refresh yields the CPU to the chat processes on the same machine: its niceness, read
    from outside while it ingests, is the configured step above the parent's."""
    process = subprocess.Popen([sys.executable, "-m", "ingest", str(FIXTURES / "programs.csv"), "--store",
                                str(tmp_path)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "STACKWISE_INGEST_NICENESS": "7"})
    wanted, seen = os.nice(0) + 7, set()
    while process.poll() is None and wanted not in seen:
        try:
            stat = Path(f"/proc/{process.pid}/stat").read_text()
        except OSError:
            break
        seen.add(int(stat.rsplit(")", 1)[1].split()[16]))  # field 19: nice
    process.kill()
    process.wait()
    assert wanted in seen, seen
