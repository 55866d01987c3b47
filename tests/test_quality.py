"""The shared evaluation: ingest its catalogue into a temporary store and score the chat command
on the tidy questions and on the questions written the way learners write; the two real exports
of ../shared/eval/real, and the two fresh ones of benchmarks/questions, each with its staff
mapping and questions."""
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED_EVAL

THRESHOLDS = {
    "questions.jsonl": ["--min-hit3", "1.0", "--min-recall5", "1.0", "--min-documents", "1.0", "--min-no-match", "1.0",
                        "--min-mentions", "1.0", "--min-pathway", "1.0", "--max-violations", "0"],
    "questions_messy.jsonl": ["--min-hit3", "0.95", "--min-recall5", "0.8", "--min-documents", "0.9",
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


# Real exports nobody here wrote (../shared/eval/real, and the fresh sets written by helpers who had
# not read the code, benchmarks/questions): each ingested once per run with the staff's mapping, then
# scored; score.py looks repeated titles up by title alone, so for au_csp the violations are counted
# again by title and provider (recheck.py). The floors are where the reading stands today
# (docs/architecture.md, "Measured on six question sets"), held so that nothing slips back. Texas's
# violations are books and supplies its labels add to tuition, which the catalogue cannot hold.
REAL = SHARED_EVAL / "real"
FRESH = ROOT / "benchmarks" / "questions"
REAL_SETS = {
    "nj_etpl": (REAL, "nj_etpl.csv", ["--min-hit3", "0.85", "--min-no-match", "0.9", "--max-violations", "0"], None),
    "au_csp": (REAL, "csp_data.json", ["--min-hit3", "0.85", "--min-no-match", "0.9"], 1),
    "udemy_courses": (FRESH, "udemy_courses.csv", ["--min-hit3", "0.85", "--min-no-match", "0.85",
                                                   "--max-violations", "0"], None),
    "tx_etpl": (FRESH, "twc.csv", ["--min-hit3", "0.85", "--min-no-match", "0.85", "--max-violations", "9"], None),
}


@pytest.fixture(scope="module", params=sorted(REAL_SETS))
def real_store(request, tmp_path_factory) -> tuple[str, str]:
    name = request.param
    folder, export = REAL_SETS[name][:2]
    store = str(tmp_path_factory.mktemp("real") / name)
    mapping = str(folder / name / "mapping.toml")
    ingest = subprocess.run([sys.executable, "-m", "ingest", str(folder / name / export), "--mapping", mapping,
                             "--source", name, "--store", store],
                            cwd=ROOT, capture_output=True, text=True, timeout=3000)
    assert "programs stored" in ingest.stdout, ingest.stdout + ingest.stderr  # exit 1: the export's bad rows
    return name, store


@pytest.mark.slow
def test_real_exports_meet_their_floors(real_store):
    name, store = real_store
    folder, _, thresholds, most_violations = REAL_SETS[name]
    score = subprocess.run(
        [sys.executable, str(SHARED_EVAL / "score.py"), "--questions", str(folder / name / "questions.jsonl"),
         "--catalogue", str(folder / name / "labels.csv"), "--store", store,
         "--cmd", f"{sys.executable} -m guidance chat --json --store {store}", *thresholds],
        cwd=ROOT, capture_output=True, text=True, timeout=1800)
    print(score.stdout)
    assert score.returncode == 0, score.stdout + score.stderr
    if most_violations is not None:
        recheck = subprocess.run([sys.executable, str(REAL / "recheck.py"), name, store], cwd=ROOT,
                                 capture_output=True, text=True, timeout=1800)
        found = re.search(r"violations by title\+provider=(\d+)", recheck.stdout)
        assert found and int(found.group(1)) <= most_violations, recheck.stdout + recheck.stderr
