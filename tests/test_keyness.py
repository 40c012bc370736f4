"""Keyness statistics, checked against values computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from textkit import paths
from textkit.cli import main
from textkit.keyness import keyness, keyness_stats

SLOGAN = "学思想、强党性、重实践、建新功"



def test_two_by_two_table_by_hand():
    # term: 20 of 1,000 tokens in the target, 10 of 2,000 in the reference
    a, b, n1, n2 = 20, 10, 1000, 2000
    # expected counts: E = row total * column total / 3000
    e11, e12, e21, e22 = 30 * 1000 / 3000, 30 * 2000 / 3000, 2970 * 1000 / 3000, 2970 * 2000 / 3000
    assert (e11, e12, e21, e22) == (10, 20, 990, 1980)
    g2 = 2 * (20 * math.log(20 / 10) + 10 * math.log(10 / 20) + 980 * math.log(980 / 990) + 1990 * math.log(1990 / 1980))
    chi2 = (20 - 10) ** 2 / 10 + (10 - 20) ** 2 / 20 + (980 - 990) ** 2 / 990 + (1990 - 1980) ** 2 / 1980
    log_ratio = math.log2((20 / 1000) / (10 / 2000))
    se = math.sqrt(1 / 20 + 1 / 10) / math.log(2)
    p_value = math.erfc(math.sqrt(g2 / 2))  # survival function of chi-square with 1 df
    assert g2 == pytest.approx(14.0147, abs=1e-4)
    assert chi2 == pytest.approx(15.1515, abs=1e-4)
    assert log_ratio == 2.0

    row = keyness_stats(a, b, n1, n2).iloc[0]
    assert row["g2"] == pytest.approx(g2)
    assert row["chi2"] == pytest.approx(chi2)
    assert row["p_value"] == pytest.approx(p_value)
    assert row["p_value"] == pytest.approx(1.81e-4, rel=0.01)
    assert row["log_ratio"] == pytest.approx(2.0)
    assert row["log_ratio_low"] == pytest.approx(2.0 - 1.959964 * se, abs=1e-5)
    assert row["log_ratio_high"] == pytest.approx(2.0 + 1.959964 * se, abs=1e-5)
    assert (row["log_ratio_low"], row["log_ratio_high"]) == pytest.approx((0.9049, 3.0951), abs=1e-4)
    assert row["direction"] == "over"
    narrow = keyness_stats(a, b, n1, n2, conf_level=0.5).iloc[0]
    assert narrow["log_ratio_high"] - narrow["log_ratio_low"] == pytest.approx(2 * 0.6744898 * se, abs=1e-5)


def test_zero_frequency_by_hand():
    # 5 of 1,000 in the target, none of 1,000 in the reference
    row = keyness_stats(5, 0, 1000, 1000).iloc[0]
    g2 = 2 * (5 * math.log(5 / 2.5) + 995 * math.log(995 / 997.5) + 1000 * math.log(1000 / 997.5))
    assert row["g2"] == pytest.approx(g2)
    assert row["log_ratio"] == pytest.approx(math.log2(5 / 0.5))  # zero replaced by 0.5
    assert row["log_ratio_low"] == pytest.approx(math.log2(10) - 1.959964 * math.sqrt(1 / 5 + 1 / 0.5) / math.log(2), abs=1e-5)
    assert keyness_stats(0, 5, 1000, 1000).iloc[0]["direction"] == "under"
    assert keyness_stats(3, 3, 1000, 1000).iloc[0]["direction"] == "equal"
    assert keyness_stats(3, 3, 1000, 1000).iloc[0]["g2"] == pytest.approx(0.0)


def test_agrees_with_scipy_contingency_tables():
    rng = np.random.default_rng(1)
    a, b = rng.integers(1, 50, 30), rng.integers(1, 50, 30)
    n1, n2 = rng.integers(500, 5000, 30), rng.integers(500, 5000, 30)
    stats = keyness_stats(a, b, n1, n2)
    for i in range(30):
        table = [[a[i], b[i]], [n1[i] - a[i], n2[i] - b[i]]]
        g2 = chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
        chi2 = chi2_contingency(table, correction=False)[0]
        assert stats["g2"][i] == pytest.approx(g2)
        assert stats["chi2"][i] == pytest.approx(chi2)


def test_keyness_stats_rejects_impossible_tables():
    with pytest.raises(ValueError, match="between 0 and the corpus sizes"):
        keyness_stats(20, 10, 10, 2000)
    with pytest.raises(ValueError, match="conf_level=1.5"):
        keyness_stats(1, 1, 10, 10, conf_level=1.5)


def test_one_vs_rest_counts_and_sorting(tokenizer):
    docs = {
        "a": "检视整改，检视整改，检视整改，检视整改，检视整改。理论学习。调查研究。",
        "b": "理论学习，理论学习，理论学习。检视整改。调查研究。",
        "c": "理论学习，理论学习。调查研究，调查研究。",
    }
    k = keyness(docs, tokenizer=tokenizer, min_freq=1)
    assert list(k.columns[:5]) == ["doc_id", "reference", "term", "n_target", "n_reference"]
    assert (k["reference"] == "rest").all()
    assert k["doc_id"].drop_duplicates().tolist() == ["a", "b", "c"]
    a = k[k["doc_id"] == "a"].set_index("term")
    # totals: a has 7 content tokens, the rest (b + c) 9
    assert a.loc["检视整改", ["n_target", "n_reference"]].tolist() == [5, 1]
    expected = keyness_stats(5, 1, 7, 9).iloc[0]
    assert a.loc["检视整改", "g2"] == pytest.approx(expected["g2"])
    assert a.loc["检视整改", "per_10k_target"] == pytest.approx(5 / 7 * 10_000)
    assert a.index[0] == "检视整改" and a.loc["检视整改", "direction"] == "over"
    assert a.loc["理论学习", "direction"] == "under"
    # within a document: over-used first (G² descending), then under-used (G² ascending)
    for _, part in k.groupby("doc_id"):
        signed = np.where(part["direction"] == "under", -part["g2"], part["g2"])
        assert (np.diff(signed) <= 1e-12).all()


def test_min_freq_and_pairwise(tokenizer):
    docs = {"a": "检视整改，检视整改，检视整改。建章立制。", "b": "理论学习，检视整改。", "c": "理论学习。"}
    assert "建章立制" not in set(keyness(docs, tokenizer=tokenizer, min_freq=2)["term"])
    assert "建章立制" in set(keyness(docs, tokenizer=tokenizer, min_freq=1)["term"])
    pw = keyness(docs, tokenizer=tokenizer, compare="pairwise", min_freq=1)
    assert set(zip(pw["doc_id"], pw["reference"])) == {(x, y) for x in "abc" for y in "abc" if x != y}
    ab = pw[(pw["doc_id"] == "a") & (pw["reference"] == "b")].set_index("term")
    ba = pw[(pw["doc_id"] == "b") & (pw["reference"] == "a")].set_index("term")
    assert ab.loc["检视整改", ["n_target", "n_reference"]].tolist() == [3, 1]
    assert ab.loc["检视整改", "g2"] == pytest.approx(ba.loc["检视整改", "g2"])
    assert ab.loc["检视整改", "log_ratio"] == pytest.approx(-ba.loc["检视整改", "log_ratio"])


def test_keyness_on_slogans(tokenizer):
    docs = {"a": f"围绕“{SLOGAN}”，走深走实。又一次“{SLOGAN}”。", "b": "推动主题教育走深走实。做到走深走实。"}
    k = keyness(docs, tokenizer=tokenizer, units="slogans", slogans=[SLOGAN, "走深走实"], min_freq=1)
    assert set(k["term"]) == {SLOGAN, "走深走实"}
    a = k[k["doc_id"] == "a"].set_index("term")
    assert a.loc[SLOGAN, ["n_target", "n_reference", "direction"]].tolist() == [2, 0, "over"]
    occurrences = pd.DataFrame(
        {"doc_id": ["a", "a", "b"], "start": [0, 0, 0], "end": [0, 0, 0], "surface": [SLOGAN, "走深走实", "走深走实"], "slogan": [SLOGAN, "走深走实", "走深走实"]}
    )
    k2 = keyness(docs, tokenizer=tokenizer, units="slogans", slogans=occurrences, min_freq=1)
    assert k2[k2["doc_id"] == "a"].set_index("term").loc[SLOGAN, "n_target"] == 1  # the table's counts are used
    with pytest.raises(ValueError, match="needs slogans="):
        keyness(docs, tokenizer=tokenizer, units="slogans")


def test_options_are_validated(tokenizer):
    with pytest.raises(ValueError, match=r"compare='all'.*allowed.*one_vs_rest.*pairwise"):
        keyness({"a": "学思想"}, tokenizer=tokenizer, compare="all")
    with pytest.raises(ValueError, match=r"sort_by='p'"):
        keyness({"a": "学思想"}, tokenizer=tokenizer, sort_by="p")


def test_keyness_of_the_five_reports(corpus, tokenizer):
    k = keyness(corpus, tokenizer=tokenizer)
    top = {d: g.head(5)["term"].tolist() for d, g in k.groupby("doc_id", sort=False)}
    # each report's own place name is among its strongest keywords
    assert "成都" in top["chengdu"] and "自治区" in top["inner_mongolia"]
    assert "青山湖区" in top["qingshanhu"] and "江津" in top["jiangjin"]
    assert (k["p_value"].between(0, 1)).all() and (k["g2"] >= 0).all()
    assert (k["n_target"] + k["n_reference"] >= 3).all()


def test_cli_keyness(tmp_path):
    out = tmp_path / "k.csv"
    assert main(["keyness", str(paths.CORPUS), "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns[:3]) == ["doc_id", "reference", "term"] and "g2" in table.columns
    assert main(["keyness", str(paths.CORPUS), "--pairwise", "--min-freq", "5", "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert table["reference"].nunique() == 5 and (table["doc_id"] != table["reference"]).all()
