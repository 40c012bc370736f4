"""textkit.ngrams: counts, shared n-grams, and association scores checked by hand."""

from __future__ import annotations

import math

import pytest

from textkit.ngrams import association_scores, collocations, ngrams, shared_ngrams


def test_char_ngrams_never_cross_punctuation():
    table = ngrams({"a": "走深走实，见行见效。"}, n=2, unit="char")
    assert "实见" not in set(table["ngram"])
    assert dict(zip(table["ngram"], table["count"]))["走深"] == 1
    assert set(table["n"]) == {2}


def test_word_ngrams_use_the_tokenizer_and_drop_stopword_edges(tokenizer):
    corpus = {"a": "推动主题教育走深走实。推动主题教育的工作。"}
    table = ngrams(corpus, n=(1, 2), tokenizer=tokenizer, min_count=2)
    counts = dict(zip(table["ngram"], table["count"]))
    assert counts["推动 主题教育"] == 2
    assert "的" not in counts
    kept = ngrams(corpus, n=1, tokenizer=tokenizer, stopwords="keep")
    assert "的" in set(kept["ngram"])


def test_shared_ngrams_lists_each_document():
    table = shared_ngrams({"a": "坚持以学铸魂", "b": "以学铸魂，以学增智", "c": "无关内容"}, n=4, unit="char")
    rows = table[table["ngram"] == "以学铸魂"]
    assert rows["doc_id"].tolist() == ["a", "b"]
    assert rows["n_docs"].tolist() == [2, 2]
    assert "无关内容" not in set(table["ngram"])


def test_association_scores_match_a_hand_computed_table():
    # O11=2, R1=3, C1=2, N=6  ->  E11 = 3*2/6 = 1
    s = association_scores(2, 3, 2, 6)
    assert s["pmi"] == pytest.approx(1.0)
    assert s["npmi"] == pytest.approx(1 / math.log2(3))
    assert s["t_score"] == pytest.approx(1 / math.sqrt(2))
    # cells O = (2, 1, 0, 3), E = (1, 2, 1, 2)
    g2 = 2 * (2 * math.log(2) + 1 * math.log(1 / 2) + 3 * math.log(3 / 2))
    assert s["g2"] == pytest.approx(g2)
    assert s["g2"] == pytest.approx(3.819085, abs=1e-6)


def test_collocations_count_the_contingency_table():
    corpus = {"a": "甲乙。甲乙。甲丙。丁丙。丁戊。丁戊。"}
    table = collocations(corpus, unit="char", min_count=2, sort_by="pmi")
    row = table[(table["first"] == "甲") & (table["second"] == "乙")].iloc[0]
    assert (row["count"], row["count_first"], row["count_second"]) == (2, 3, 2)
    assert row["pmi"] == pytest.approx(1.0)
    assert row["g2"] == pytest.approx(3.819085, abs=1e-6)
    assert set(zip(table["first"], table["second"])) == {("甲", "乙"), ("丁", "戊")}


@pytest.mark.parametrize(
    "kwargs, message",
    [({"unit": "sentence"}, "unit='sentence'"), ({"n": 7}, "n=7"), ({"n": (3, 2)}, "n=(3, 2)"), ({"stopwords": "all"}, "stopwords='all'")],
)
def test_bad_options_name_the_argument(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ngrams({"a": "主题教育"}, **{"unit": "char", **kwargs})


def test_a_bare_string_is_refused():
    with pytest.raises(TypeError, match="single string"):
        ngrams("主题教育", unit="char")
