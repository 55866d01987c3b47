"""The shipped vectors: every text a first start embeds, as the model gives it."""
import numpy as np

import ingest.defaults
import knowledge_base.store
from ingest import ensure_defaults
from knowledge_base.defaults import shipped_vectors
from knowledge_base.embeddings import Embedder
from knowledge_base.work import recording
from stackwise.settings import Settings


def test_a_first_start_runs_the_model_on_nothing_the_shipped_vectors_hold(monkeypatch, tmp_path):
    """Fails when the shipped content changed and the vectors were not made again: run
    ``python -m ingest.defaults``."""
    embedder = Embedder(threads=2)  # a cache of its own: nothing computed by earlier tests
    monkeypatch.setattr(knowledge_base.store, "get_embedder", lambda: embedder)
    monkeypatch.setattr(ingest.defaults, "get_embedder", lambda: embedder)
    with recording() as work:
        report = ensure_defaults(Settings(store_dir=tmp_path / "store"))
    assert report is not None and report.stored > 0 and report.documents_stored > 0
    missed = sorted({text[:60] for texts, _ in work.embeddings for text in texts})
    assert work.texts_embedded == 0, f"not in the shipped vectors (python -m ingest.defaults): {missed[:5]}"


def test_the_shipped_vectors_are_the_models():
    entries = shipped_vectors()
    assert len(entries) > 300 and {query for query, _, _ in entries} == {False, True}
    model = Embedder()
    for query in (False, True):
        sample = [(text, vector) for q, text, vector in entries if q == query][:12]
        fresh = model.encode_uncached([text for text, _ in sample], query)
        assert np.allclose(fresh, np.stack([vector for _, vector in sample]), atol=1e-4)
