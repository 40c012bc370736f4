"""Text statistics per document."""

from __future__ import annotations


import pandas as pd
import pytest

from textkit import paths
from textkit.cli import main
from textkit.stats import mattr, text_stats



def test_mattr_by_hand():
    tokens = ["a", "b", "a", "c", "c"]
    # windows of 3: (a b a) 2/3, (b a c) 3/3, (a c c) 2/3
    assert mattr(tokens, window=3) == pytest.approx((2 / 3 + 1 + 2 / 3) / 3)
    assert mattr(tokens, window=10) == pytest.approx(3 / 5)  # shorter than the window: plain TTR
    assert pd.isna(mattr([], window=3))
    # unlike the plain ratio, MATTR does not fall when the same kind of text gets longer
    short, long = list("abcdefgh") * 2, list("abcdefgh") * 20
    assert mattr(short, window=8) == pytest.approx(mattr(long, window=8))
    with pytest.raises(ValueError, match="window=0"):
        mattr(tokens, window=0)


def test_text_stats_by_hand(tokenizer):
    text = "系统谋划、精心组织。\n覆盖领导干部9645人次，形成调研报告37篇。"
    s = text_stats({"a": text}, tokenizer=tokenizer, slogans=["精心组织", "系统谋划"]).iloc[0]
    assert s["n_chars"] == len(text) - 1
    assert s["n_sentences"] == 2
    assert s["mean_sentence_chars"] == pytest.approx((10 + 23) / 2)
    # clauses: 系统谋划 / 精心组织 / 覆盖领导干部9645人次 / 形成调研报告37篇
    assert s["four_char_clause_share"] == pytest.approx(2 / 4)
    assert s["n_claims"] == 2
    assert s["claims_per_1k_chars"] == pytest.approx(2 / (len(text) - 1) * 1000)
    assert s["slogans_per_1k_chars"] == pytest.approx(2 / (len(text) - 1) * 1000)
    words = [t for t in tokenizer.cut(text) if any(ch.isalpha() for ch in t) and not t.isdigit()]
    assert s["n_tokens"] == len(words) and s["n_types"] == len(set(words))
    assert s["four_char_token_share"] == pytest.approx(sum(len(w) == 4 for w in words) / len(words))
    assert pd.isna(text_stats({"a": text}, tokenizer=tokenizer).iloc[0]["slogans_per_1k_chars"])


def test_slogans_from_an_occurrence_table(tokenizer):
    occurrences = pd.DataFrame({"doc_id": ["a", "a", "b"], "slogan": ["x", "y", "x"]})
    s = text_stats({"a": "学" * 1000, "b": "学" * 500}, tokenizer=tokenizer, slogans=occurrences).set_index("doc_id")
    assert s.loc["a", "slogans_per_1k_chars"] == pytest.approx(2.0)
    assert s.loc["b", "slogans_per_1k_chars"] == pytest.approx(2.0)


def test_text_stats_of_the_five_reports(corpus, tokenizer):
    s = text_stats(corpus, tokenizer=tokenizer)
    assert s["doc_id"].tolist() == corpus["doc_id"].tolist()
    assert (s["mattr"] > s["ttr"]).all()  # windows of 100 tokens repeat less than whole texts
    assert s["mattr"].between(0.5, 1).all()
    assert (s["mean_sentence_chars"] > 20).all()


def test_cli_stats(tmp_path):
    out = tmp_path / "s.csv"
    assert main(["stats", str(paths.CORPUS), "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert len(table) == 5 and {"doc_id", "n_chars", "mattr", "claims_per_1k_chars", "slogans_per_1k_chars"} <= set(table.columns)


def test_phrasing_style_by_hand():
    from textkit.stats import phrasing_style

    stats = pd.DataFrame({"doc_id": ["a", "b"], "n_chars": [2000, 500], "four_char_clause_share": [0.1, 0.4]})
    hits = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "slogan": ["走深走实", "走深走实", "两个确立", "学思想、强党性"]})
    kinds = pd.DataFrame({"slogan": ["走深走实", "两个确立", "学思想、强党性"], "kind": ["pattern", "numbered", "enumeration"]})
    style = phrasing_style(stats, occurrences=hits, slogans=kinds).set_index("doc_id")
    # a: 2 patterns in 2,000 characters = 1.0 per 1,000; b: 1 enumeration in 500 = 2.0
    assert style.loc["a", "pattern_per_1k_chars"] == pytest.approx(1.0)
    assert style.loc["a", "numbered_per_1k_chars"] == pytest.approx(0.5)
    assert style.loc["b", "enumeration_per_1k_chars"] == pytest.approx(2.0)
    assert style.loc["b", "pattern_per_1k_chars"] == 0
    assert style["four_char_clause_share"].tolist() == [0.1, 0.4]
