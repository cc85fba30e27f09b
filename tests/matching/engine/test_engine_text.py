"""Tokenising, stemming and label normalisation for the matching engine."""

import pytest

from matching.engine.text import (
    STOP_WORDS,
    analyse_labels,
    analyse_text,
    fold,
    stem,
    surface_forms,
)
from matching.engine.vocabulary import parse, vocabulary


def test_fold_lowercases_strips_accents_and_collapses_spaces():
    assert fold("  Café   Société\tLtd ") == "cafe societe ltd"


def test_labels_are_single_tokens_deduplicated():
    assert analyse_labels(["TUPE and HR", "tupe  and hr", "Housing", ""]) == [
        "tupe and hr",
        "housing",
    ]


def test_stemmer_folds_plurals_only():
    assert stem("pensions") == "pension"
    assert stem("companies") == "company"
    assert stem("business") == "business"
    assert stem("housing") == "housing"


def test_text_drops_stop_words_and_adds_bigrams_across_them():
    terms = analyse_text("Recruiting the board and the trustees")
    assert "the" not in terms
    assert "board" in terms
    assert "board trustee" in terms


def test_surface_forms_keep_the_writers_words():
    # Capitals are kept now ("Parks", "ICB"), so explanations read as the person wrote.
    forms = surface_forms("Parks and green  spaces for the ICB")
    assert forms["green space"] == "green spaces"
    assert forms["park green"] == "Parks and green"
    assert forms["icb"] == "ICB"
    assert forms["commissioning"] == "ICB"


@pytest.mark.parametrize(
    ("written", "term"),
    [
        ("our spin-out", "spinout"),
        ("we spun out in 2019", "spinout"),
        ("a Staff  Transfer", "tupe"),
        ("TUPE", "tupe"),
        ("the commissioners", "commissioning"),
        ("a community interest company", "cic"),
        ("Co-operative", "cooperative"),
        ("New Fair Deal", "fairdeal"),
    ],
)
def test_synonyms_become_one_term(written, term):
    assert term in analyse_text(written)


def test_weak_words_of_the_scheme_are_stop_words():
    assert analyse_text("I would like help, we need new work for years") == []
    for word in ("like", "need", "help", "work", "new", "years"):
        assert word in STOP_WORDS


def test_vocabulary_file_is_consistent():
    vocab = vocabulary()
    assert vocab.stage_order[0] == "exploring the mutual model"
    assert "north west" in vocab.neighbours["yorkshire and the humber"]
    assert "yorkshire and the humber" in vocab.neighbours["north west"]  # both ways
    for phrases in vocab.need_evidence.values():
        assert all(analyse_text(p) for p in phrases), "evidence made only of stop words"


def test_a_synonym_under_two_terms_is_refused():
    with pytest.raises(ValueError, match="two terms"):
        parse({"synonyms": {"a": ["staff transfer"], "b": ["Staff transfer"]}})


def test_empty_text_has_no_terms():
    assert analyse_text("") == []
    assert analyse_text("the and of") == []
