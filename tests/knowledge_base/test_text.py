from knowledge_base.text import fold, keys, terms


def test_fold_removes_case_and_accents():
    assert fold("Données ÉCOLE") == "donnees ecole"


def test_terms_drop_stopwords_and_stem():
    assert terms("I want to learn programs in welding") == ["weld"]


def test_keys_join_word_families():
    assert keys("data analyst") == keys("data analysis") == keys("Data Analytics")

