"""The shared evaluation: ingest its catalogue into a temporary store and score the chat command."""
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED_EVAL


@pytest.mark.slow
def test_eval_questions_meet_the_foundation_thresholds(tmp_path):
    store = str(tmp_path / "eval-store")
    ingest = subprocess.run([sys.executable, "-m", "ingest", str(SHARED_EVAL / "catalogue.csv"), "--store", store],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert ingest.returncode == 0, ingest.stderr
    score = subprocess.run(
        [sys.executable, str(SHARED_EVAL / "score.py"), "--questions", str(SHARED_EVAL / "questions.jsonl"),
         "--catalogue", str(SHARED_EVAL / "catalogue.csv"), "--store", store,
         "--cmd", f"{sys.executable} -m guidance chat --json --store {store}",
         "--min-hit3", "0.9", "--min-recall5", "0.75", "--min-documents", "1.0", "--min-no-match", "1.0",
         "--min-mentions", "0.9", "--min-pathway", "1.0", "--max-violations", "0"],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    print(score.stdout)
    assert score.returncode == 0, score.stdout + score.stderr
    assert "SUMMARY" in score.stdout
