"""The language-model benchmark replays a question set through both assistants (against a
stand-in OpenAI-compatible server) and prints what it measured."""
from __future__ import annotations

import json

from benchmarks.language_model import main
from tests.fake_openai import model_server


def test_the_benchmark_prints_both_summaries_and_the_rewrites_share(monkeypatch, tmp_path, sample_store_dir, capsys):
    from knowledge_base.defaults import sample_catalogue
    from stackwise.settings import get_settings

    questions = tmp_path / "questions.jsonl"
    questions.write_text("\n".join(json.dumps(case) for case in [
        {"id": "a", "turns": ["need sumthin with data, online pls"], "top3_any": ["HV-DAT101"]},
        {"id": "b", "turns": ["What is a micro-credential?"]},
    ]) + "\n")
    with model_server() as (url, received):
        monkeypatch.setenv("STACKWISE_LLM_MODEL", "local")
        monkeypatch.setenv("STACKWISE_LLM_BASE_URL", url)
        get_settings.cache_clear()
        assert main(["--questions", str(questions), "--catalogue", str(sample_catalogue()),
                     "--store", str(sample_store_dir)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("rules: SUMMARY hit3=") and printed[1].startswith("model: SUMMARY hit3=")
    summary = next(line for line in printed if line.startswith("SUMMARY turns=2"))
    assert "read_by_model=" in summary and "rewrites=2 used=1.00 refused=0.00" in summary
    assert received, "the model was asked"


def test_without_a_model_it_says_so(tmp_path, capsys):
    assert main(["--questions", str(tmp_path / "q.jsonl"), "--catalogue", str(tmp_path / "c.csv")]) == 1
    assert "No language model configured" in capsys.readouterr().out
