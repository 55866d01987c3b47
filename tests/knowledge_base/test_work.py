"""The work a turn asks of the model and the indexes, recorded and done again alone."""
from __future__ import annotations

from guidance import Conversation
from knowledge_base.embeddings import Embedder
from knowledge_base.work import recording


def test_a_turn_records_the_texts_it_embedded_and_the_searches_it_ran(sample_assistant):
    message = "I work nights in a warehouse and want to get into bookkeeping, online, under $900"
    with recording() as work:
        reply = sample_assistant.reply(message, Conversation())
    assert reply.programs
    assert work.texts_embedded >= 1 and all(query for _, query in work.embeddings)
    assert any("bookkeeping" in text for texts, _ in work.embeddings for text in texts)
    assert work.searches
    # The same searches again give the same programs, in the same order.
    first = work.searches[0]()
    assert [hit.record.id for hit in first] == [hit.record.id for hit in work.searches[0]()]
    work.replay(sample_assistant.catalogue.store.embedder)


def test_nothing_is_recorded_outside_a_recording_or_from_the_cache(sample_assistant):
    embedder = sample_assistant.catalogue.store.embedder
    embedder.embed_queries(["cached before the recording"])
    with recording() as work:
        embedder.embed_queries(["cached before the recording", "a text embedded inside it"])
    assert work.embeddings == [(("a text embedded inside it",), True)]
    with recording() as other:
        pass
    embedder.embed_queries(["after the recording"])
    assert other.embeddings == [] and other.searches == []


def test_the_floor_embeds_again_with_the_model_not_the_cache():
    embedder = Embedder(threads=1)
    cached = embedder.embed_queries(["short course in welding"])[0]
    again = embedder.encode_uncached(["short course in welding"], query=True)[0]
    assert again is not cached
    assert float(again @ cached) > 0.999
