"""The shared evaluation: ingest its catalogue into a temporary store and score the chat command
on the tidy questions and on the questions written the way learners write."""
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED_EVAL

THRESHOLDS = {
    "questions.jsonl": ["--min-hit3", "1.0", "--min-recall5", "1.0", "--min-documents", "1.0", "--min-no-match", "1.0",
                        "--min-mentions", "1.0", "--min-pathway", "1.0", "--max-violations", "0"],
    "questions_messy.jsonl": ["--min-hit3", "0.9", "--min-recall5", "0.8", "--min-documents", "0.9",
                              "--min-no-match", "1.0", "--min-pathway", "0.9", "--max-violations", "0"],
}


@pytest.fixture(scope="module")
def eval_store(tmp_path_factory) -> str:
    store = str(tmp_path_factory.mktemp("quality") / "eval-store")
    ingest = subprocess.run([sys.executable, "-m", "ingest", str(SHARED_EVAL / "catalogue.csv"), "--store", store],
                            cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert ingest.returncode == 0, ingest.stderr
    return store


@pytest.mark.slow
@pytest.mark.parametrize("questions", sorted(THRESHOLDS))
def test_eval_questions_meet_their_thresholds(eval_store, questions):
    score = subprocess.run(
        [sys.executable, str(SHARED_EVAL / "score.py"), "--questions", str(SHARED_EVAL / questions),
         "--catalogue", str(SHARED_EVAL / "catalogue.csv"), "--store", eval_store,
         "--cmd", f"{sys.executable} -m guidance chat --json --store {eval_store}", *THRESHOLDS[questions]],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    print(score.stdout)
    assert score.returncode == 0, score.stdout + score.stderr
    assert "SUMMARY" in score.stdout
