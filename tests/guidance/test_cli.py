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


def _strict(line: str) -> dict:
    """Parse as a strict JSON reader would: NaN and Infinity are not JSON."""
    def refuse(name):
        raise AssertionError(f"{name} written")
    return json.loads(line, parse_constant=refuse)


def test_every_line_written_is_valid_json_whatever_the_conversation_id(sample_assistant):
    import io

    from guidance.cli import serve_json_lines

    lines = ['{"conversation": 1e999, "message": "welding"}', '{"conversation": NaN, "message": "welding"}',
             '{"conversation": -Infinity, "message": "welding"}', '{"conversation": [1, 2], "message": "welding"}',
             '{"conversation": {"a": 1}, "message": "welding"}', '{"conversation": true, "message": "welding"}',
             '{"conversation": 7, "message": "welding", "extra": 1e400}', '{"conversation": 7, "message": "welding"}']
    out = io.StringIO()
    serve_json_lines(sample_assistant, io.StringIO("\n".join(lines) + "\n"), out)
    replies = [_strict(line) for line in out.getvalue().splitlines()]
    assert len(replies) == len(lines)
    assert all("error" in r and r["conversation"] is None for r in replies[:7])
    assert "too large" in replies[0]["error"] and "not a JSON value" in replies[1]["error"]
    assert replies[7]["conversation"] == 7 and "error" not in replies[7]


def test_the_chat_command_forgets_the_least_recent_conversation_past_its_limit(sample_assistant, monkeypatch):
    import io

    from guidance import cli

    def follow_up_goal(limit: int) -> str | None:
        monkeypatch.setattr(cli, "MAX_CONVERSATIONS", limit)
        lines = [{"conversation": "first", "message": "I want to become a welder"}]
        lines += [{"conversation": f"other{n}", "message": "how do badges differ from certificates"}
                  for n in range(3)]
        lines += [{"conversation": "first", "message": "any of those online?"}]
        out = io.StringIO()
        cli.serve_json_lines(sample_assistant, io.StringIO("\n".join(map(json.dumps, lines)) + "\n"), out)
        return _strict(out.getvalue().splitlines()[-1])["profile"].get("goal")

    assert follow_up_goal(10) is not None
    assert follow_up_goal(2) is None


def test_a_conversation_keeps_only_its_last_turns(sample_assistant):
    from guidance import Conversation
    from guidance.models import HISTORY_TURNS

    conversation = Conversation()
    reply = sample_assistant.reply("welding", conversation)
    for n in range(HISTORY_TURNS + 20):
        conversation.remember(f"turn {n}", reply)
    assert len(conversation.history) == HISTORY_TURNS
    assert conversation.history[-1][0] == f"turn {HISTORY_TURNS + 19}"


def test_half_surrogates_anywhere_in_a_line_never_end_the_command(sample_assistant):
    """JSON's "\\ud800" decodes to a string no UTF-8 stream can hold: writing it once ended the
    whole chat command for everyone."""
    import io

    from guidance.cli import serve_json_lines

    lines = ['{"conversation": "\\udfff", "message": "welding"}',
             '{"conversation": "a", "message": "welding \\ud800 courses"}',
             '{"conversation": "b", "message": "welding", "\\ud800": "\\udc00"}',
             '{"conversation": "' + "c" * 300 + '", "message": "welding"}',
             '{"conversation": "d", "message": "welding"}']
    out = io.StringIO()
    serve_json_lines(sample_assistant, io.StringIO("\n".join(lines) + "\n"), out)
    written = out.getvalue()
    written.encode("utf-8")
    replies = [_strict(line) for line in written.splitlines()]
    assert len(replies) == len(lines)
    assert "conversation" in replies[0]["error"] and "conversation" in replies[3]["error"]
    assert all("error" not in r and r["programs"] for r in (replies[1], replies[2], replies[4]))


def test_conversation_ids_1_and_text_1_are_two_conversations(sample_assistant):
    import io

    from guidance.cli import serve_json_lines

    lines = [{"conversation": 1, "message": "I want to become a welder"},
             {"conversation": "1", "message": "What is a micro-credential?"},
             {"conversation": 1, "message": "only online ones"},
             {"conversation": "1", "message": "only online ones"},
             {"message": "I want to become a welder"}, {"conversation": "default", "message": "only online ones"}]
    out = io.StringIO()
    serve_json_lines(sample_assistant, io.StringIO("".join(json.dumps(line) + "\n" for line in lines)), out)
    replies = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["conversation"] for r in replies] == [1, "1", 1, "1", "default", "default"]
    assert [type(r["conversation"]) for r in replies[:4]] == [int, str, int, str]
    # The number's conversation kept its goal; the text's never had one; no id is not "default".
    assert replies[2]["profile"].get("goal") and not replies[3]["profile"].get("goal")
    assert replies[4]["profile"].get("goal") and not replies[5]["profile"].get("goal")
