from knowledge_base.text import TokenIndex, fold, keys, terms


def test_fold_removes_case_and_accents():
    assert fold("Données ÉCOLE") == "donnees ecole"


def test_terms_drop_stopwords_and_stem():
    assert terms("I want to learn programs in welding") == ["weld"]


def test_keys_join_word_families():
    assert keys("data analyst") == keys("data analysis") == keys("Data Analytics")



def test_token_index_finds_items_within_and_covering_a_text():
    index = TokenIndex([("data analysis", keys("data analysis")), ("data", keys("data")),
                        ("data analysis tools", keys("data analysis tools")), ("welding", keys("welding")),
                        ("nothing", keys("the of"))])
    assert index.within(keys("I want a data analyst role")) == ["data analysis", "data"]
    assert index.covering(keys("data analytics")) == ["data analysis", "data analysis tools"]
    assert index.covering(set()) == [] and index.within(set()) == []
