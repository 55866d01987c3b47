import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_chat_json_contract(sample_store_dir):
    lines = [
        {"conversation": "a", "message": "I want to get into cloud computing."},
        {"conversation": "b", "message": "What is a micro-credential?"},
        {"conversation": "a", "message": "Only online options please."},
        "this is not json",
        {"conversation": "c", "message": ""},
        {"conversation": "d", "message": "Do you have programs in veterinary surgery?"},
    ]
    stdin = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    result = subprocess.run([sys.executable, "-m", "guidance", "chat", "--json", "--store", str(sample_store_dir)],
                            input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(replies) == len(lines)
    cloud, definition, online, bad_json, empty, vet = replies
    assert cloud["conversation"] == "a" and cloud["programs"]
    assert set(cloud["programs"][0]) >= {"id", "title", "provider", "credential_type", "cost", "currency",
                                         "delivery", "url", "reason"}
    assert cloud["pathway"] is None and cloud["profile"]["goal"] == "cloud computing"
    assert {"kind", "id", "title"} <= set(cloud["sources"][0])
    assert any(s["kind"] == "document" for s in definition["sources"])
    assert online["profile"]["delivery"] == ["online"] and online["profile"]["goal"] == "cloud computing"
    assert all(p["delivery"] == "online" for p in online["programs"])
    assert "error" in bad_json and "error" in empty and empty["conversation"] == "c"
    assert vet["programs"] == []


@pytest.mark.slow
def test_ask_prints_a_readable_answer_with_sources(sample_store_dir):
    result = subprocess.run([sys.executable, "-m", "guidance", "ask", "What is a micro-credential?",
                             "--store", str(sample_store_dir)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Sources:" in result.stdout and "[document]" in result.stdout
