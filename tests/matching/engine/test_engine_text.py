"""Tokenising, stemming and label normalisation for the matching engine."""

from matching.engine.text import analyse_labels, analyse_text, fold, stem, surface_forms


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
    forms = surface_forms("Parks and green spaces for the council")
    assert forms["green space"] == "green spaces"
    assert forms["park green"] == "parks and green"


def test_empty_text_has_no_terms():
    assert analyse_text("") == []
    assert analyse_text("the and of") == []
