import numpy as np
import pytest

from guidance.constraints import ProgramFilter
from knowledge_base import search
from knowledge_base.catalogue import Catalogue
from knowledge_base.schema import Program
from knowledge_base.store import Store
from stackwise.settings import Settings
from tests.conftest import current_store


def program(**overrides) -> Program:
    base = dict(id="S-1", title="Practical SQL", provider="Test College", credential_type="micro-credential",
                description="Query relational databases with SQL.", cost=400, delivery="online", region="Ontario")
    return Program.model_validate({**base, **overrides})


def test_programs_round_trip_through_chroma_with_hashes(store: Store):
    records = [program(), program(id="S-2", title="Welding", description="Arc welding.", cost=2000)]
    store.upsert_programs(records)
    assert sorted(p.id for p in store.all_programs()) == ["S-1", "S-2"]
    assert store.program_hashes() == {p.id: p.content_hash() for p in records}
    store.delete_programs(["S-2"])
    assert [p.id for p in store.all_programs()] == ["S-1"]


def test_vectors_come_from_the_packaged_model_and_are_unit_length(store: Store):
    vectors = store.embedder.embed(["data analysis", "welding"])
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert store.programs.configuration_json["embedding_function"]["name"] == "stackwise-e5"


def test_nearest_programs_respect_a_chroma_where_clause(store: Store):
    store.upsert_programs([program(), program(id="S-2", title="Advanced SQL", cost=900)])
    vector = store.embedder.embed_query("SQL queries")
    hits = store.nearest_programs(vector, 5, ProgramFilter(max_cost=500).where())
    assert [h.id for h in hits] == ["S-1"]


def test_filter_names_each_broken_constraint():
    flt = ProgramFilter(max_cost=300, delivery=frozenset({"in-person"}), regions=frozenset({"Alberta"}))
    assert flt.failures(program()) == ["delivery", "region", "max_cost"]  # in the table's order
    assert ProgramFilter(regions=frozenset({"Alberta"})).accepts(program(region="Canada-wide"))
    assert not ProgramFilter(max_cost=1000).accepts(program(cost=None)), "an unknown cost cannot be promised"


def test_funding_filter_matches_part_of_a_funding_name():
    funded = program(funding="OSAP micro-credential;Canada Training Credit")
    assert ProgramFilter(funding="osap").accepts(funded)
    assert ProgramFilter(funding="*").accepts(funded)
    assert not ProgramFilter(funding="*").accepts(program())


def test_hybrid_search_finds_by_meaning_and_by_words(fixture_store):
    catalogue = Catalogue.load(fixture_store)
    by_meaning = catalogue.search_programs("writing database queries", ProgramFilter())
    assert by_meaning[0].record.id == "T-SQL1"
    by_word = catalogue.search_programs("welding", ProgramFilter())
    assert by_word[0].record.id == "T-WLD1" and by_word[0].lexical > 0
    filtered = catalogue.search_programs("welding", ProgramFilter(regions=frozenset({"Ontario"})))
    assert "T-WLD1" not in [h.record.id for h in filtered]


@pytest.fixture(scope="module")
def sample_catalogue(sample_store_dir):
    return Catalogue.load(current_store(Settings(store_dir=sample_store_dir)))


@pytest.mark.parametrize("flt", [
    ProgramFilter(delivery=frozenset({"online"})),
    ProgramFilter(language="fr"),
    ProgramFilter(max_cost=1500, regions=frozenset({"Alberta"})),
    ProgramFilter(providers=frozenset({"Harbourview College"}), max_weeks=12),
], ids=repr)
@pytest.mark.parametrize("subset_rows", [0, search.SUBSET_ROWS], ids=["every-row", "allowed-rows"])
def test_filtered_dense_pool_equals_chromas_filtered_query(sample_catalogue, monkeypatch, flt, subset_rows):
    """Scoring the allowed programs' vectors in memory, in place or copied out, gives Chroma's
    own filtered answer, in order."""
    monkeypatch.setattr(search, "SUBSET_ROWS", subset_rows)
    index, store = sample_catalogue.program_index, sample_catalogue.store
    allowed = flt.mask(sample_catalogue.columns)
    assert 0 < allowed.sum() < len(index.records)
    for query in ("data analysis with spreadsheets", "caring for older adults at home", "soudage"):
        vector = sample_catalogue.embed(query)
        reference = store.nearest_programs(vector, search.DENSE_POOL, flt.where())
        found = index._dense(vector, allowed)
        assert [h.id for h in found] == [h.id for h in reference if allowed[index.position[h.id]]]
        assert [h.similarity for h in found] == pytest.approx([h.similarity for h in reference], abs=1e-5)


def test_unfiltered_dense_pool_comes_from_chroma_and_matches_the_vectors_in_memory(sample_catalogue):
    index = sample_catalogue.program_index
    vector = sample_catalogue.embed("project management for construction sites")
    from_chroma = index._dense(vector, None)
    in_memory = index._dense(vector, np.ones(len(index.records), dtype=bool))
    assert [h.id for h in from_chroma] == [h.id for h in in_memory]
    assert index.similarity([from_chroma[0].id], vector)[from_chroma[0].id] == pytest.approx(from_chroma[0].similarity,
                                                                                              abs=1e-5)
