"""The packaged model behind the embedder: handles, splitting, concurrency, settings."""
from __future__ import annotations

import threading

import numpy as np

from knowledge_base.embeddings import Embedder
from stackwise.settings import Settings

STORY = ["so I have been a cashier for six years and I am done with it",
         "my cousin is a bookkeeper and she likes it",
         "I can only study in the evenings",
         "where would someone like me start"]


def test_a_long_batch_split_across_handles_gives_the_vectors_of_one_handle():
    one, two = Embedder(threads=1, engines=1, cache_size=0), Embedder(threads=1, engines=2, cache_size=0)
    same = (one.embed_queries(STORY) * two.embed_queries(STORY)).sum(axis=1)
    assert two._split(STORY) != [STORY] and sum(map(len, two._split(STORY))) == len(STORY)
    assert np.all(same > 0.9999)
    assert two._split(["welding"]) == [["welding"]]  # a short batch is not worth splitting


def test_concurrent_callers_share_the_handles_and_each_gets_its_own_vectors():
    embedder = Embedder(threads=1, engines=2, cache_size=0)
    expected = {text: embedder.embed_query(text) for text in STORY}
    results: dict[str, np.ndarray] = {}
    errors: list[Exception] = []

    def ask(text: str) -> None:
        try:
            for _ in range(3):
                results[text] = embedder.embed_queries([text, *STORY])[0]
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=ask, args=(text,)) for text in STORY]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert all(float(results[t] @ expected[t]) > 0.9999 for t in STORY)
    assert embedder._handles.qsize() == 2  # every handle is back


def test_a_serving_process_keeps_a_handle_per_core_and_a_batch_job_one_with_every_thread(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    assert Settings(embedding_threads=1).engines() == 4
    assert Settings(embedding_threads=4).engines() == 1
    assert Settings(embedding_threads=1, embedding_engines=2).engines() == 2


def test_a_text_longer_than_the_model_window_is_embedded_as_its_first_512_tokens():
    from knowledge_base.embeddings import WINDOW_TOKENS, _within_window

    embedder = Embedder(threads=1, engines=1, cache_size=0)
    embedder.load()
    model = embedder._handles.get()
    embedder._handles.put(model)
    for hostile in ("アパート" * 1000, "x" * 6000, "data analyst " * 400):  # 1,200 tokens and more each
        assert model.token_count(hostile, True) > 2 * WINDOW_TOKENS
        kept = _within_window(model, hostile, True)
        assert hostile.startswith(kept) and WINDOW_TOKENS * 0.8 < model.token_count(kept, True) <= WINDOW_TOKENS
        assert float(embedder.embed_query(hostile) @ embedder.embed_query(kept)) > 0.9999
    assert _within_window(model, "welding in Alberta", True) == "welding in Alberta"
