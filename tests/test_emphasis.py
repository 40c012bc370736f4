"""Theme emphasis, positional profiles and quantified claims."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from textkit import paths
from textkit.cli import main
from textkit.emphasis import THEMES, emphasis, load_themes, quantified_claims, theme_hits, theme_profile

KEY_MEASURES = ["理论学习", "调查研究", "推动发展", "检视整改", "建章立制"]



def test_default_theme_dictionary():
    themes = load_themes()
    names = list(dict.fromkeys(themes["theme"]))
    assert names[:5] == KEY_MEASURES
    assert {"群众民生", "基层党组织", "宣传", "作风", "干部队伍"} <= set(names)
    assert set(themes["kind"]) <= {"term", "regex"}
    for p in themes.loc[themes["kind"] == "regex", "pattern"]:
        re.compile(p)
    for measure in KEY_MEASURES:  # each measure's own name is one of its terms
        assert measure in set(themes.loc[themes["theme"] == measure, "pattern"])


def test_bad_theme_files_name_the_line(tmp_path):
    bad = tmp_path / "t.tsv"
    bad.write_text("# c\ntheme\tkind\tpattern\n学习\tword\t理论学习\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 3.*kind='word'"):
        load_themes(bad)
    bad.write_text("theme\tkind\tpattern\n学习\tregex\t(理论\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 2.*bad regular expression"):
        load_themes(bad)
    bad.write_text("name\tpattern\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header"):
        load_themes(bad)


def test_theme_hits_longest_first_and_offsets():
    text = "加强理论学习中心组学习。开展调研，建立健全长效机制。"
    hits = theme_hits({"a": text}, themes=THEMES)
    assert all(text[s:e] == m for s, e, m in zip(hits["start"], hits["end"], hits["match"]))
    learning = hits[hits["theme"] == "理论学习"]
    assert learning["match"].tolist() == ["理论学习"]
    rules = hits[hits["theme"] == "建章立制"]
    assert rules["match"].tolist() == ["建立健全长效机制"]  # the regex wins over the shorter term here
    assert hits.loc[hits["theme"] == "调查研究", "sent_id"].tolist() == [1]


def test_emphasis_counts_per_document_and_theme():
    docs = {"a": "推进理论学习。理论学习要深入。抓整改。", "b": "抓整改。"}
    e = emphasis(docs, themes={"学习": ["理论学习"], "整改": ["整改"]})
    assert len(e) == 4  # every document × theme, zeros included
    a = e[e["doc_id"] == "a"].set_index("theme")
    assert a.loc["学习", "n_hits"] == 2 and a.loc["学习", "n_sentences"] == 2
    assert a.loc["学习", "sentence_share"] == pytest.approx(2 / 3)
    assert a.loc["学习", "hits_per_1k_chars"] == pytest.approx(2 / len(docs["a"]) * 1000)
    b = e[e["doc_id"] == "b"].set_index("theme")
    assert b.loc["学习", "n_hits"] == 0 and pd.isna(b.loc["学习", "mean_position"])


def test_theme_profile_deciles():
    text = "理论学习" + "。" * 86 + "检视整改" + "。" * 6  # 100 characters
    p = theme_profile({"a": text}, themes={"学": ["理论学习"], "改": ["检视整改"], "无": ["建章立制"]})
    assert len(p) == 30
    got = p[p["n_hits"] > 0][["theme", "decile"]].values.tolist()
    assert got == [["学", 1], ["改", 10]]
    sums = p.groupby("theme")["share"].sum()
    assert sums["学"] == pytest.approx(1.0) and sums["无"] == 0


def test_emphasis_on_the_five_reports(corpus):
    e = emphasis(corpus)
    assert len(e) == 5 * len(load_themes()["theme"].unique())
    assert (e["sentence_share"].between(0, 1)).all()
    # all five reports talk about 调查研究
    assert (e.loc[e["theme"] == "调查研究", "n_hits"] > 0).all()


def test_quantified_claims_examples():
    text = "覆盖领导干部9645人次，读原著。形成调研报告37篇。梳理问题1225个。确定37个调研选题。"
    q = quantified_claims({"a": text}).set_index("surface")
    assert q.loc["9645人次", "phrase"] == "覆盖领导干部" and q.loc["9645人次", "unit"] == "人次"
    assert q.loc["37篇", "phrase"] == "形成调研报告"
    assert q.loc["1225个", "phrase"] == "梳理问题" and q.loc["1225个", "value"] == 1225
    assert q.loc["37个", ["phrase", "side"]].tolist() == ["调研选题", "after"]
    for row in q.reset_index().itertuples():
        assert text[row.start : row.end] == row.surface


def test_quantified_claims_values_and_exclusions():
    text = "9月15日召开会议，2023年以来，落实“1+4+N”机制，第1批单位，发放7万余册，满意度达100%，每月1—2次，投入约4.3亿元。"
    q = quantified_claims({"a": text}).set_index("surface")
    assert sorted(q.index) == sorted(["7万余册", "达100%", "1—2次", "约4.3亿元"])
    assert q.loc["7万余册", "value"] == 70000 and q.loc["7万余册", "approx"]
    assert q.loc["达100%", "unit"] == "%" and not q.loc["达100%", "approx"]
    assert q.loc["1—2次", "value"] == 1 and q.loc["1—2次", "approx"]
    assert q.loc["约4.3亿元", "value"] == pytest.approx(4.3e8)


def test_claim_density_differs_between_reports(corpus, tokenizer):
    q = quantified_claims(corpus, tokenizer=tokenizer)
    n_chars = corpus.set_index("doc_id")["text"].map(lambda t: len(t) - t.count("\n"))
    density = q.groupby("doc_id").size() / n_chars * 1000
    assert density["jiangjin"] > 2 * density["city_speech"]
    assert q.loc[q["doc_id"] == "inner_mongolia", "surface"].str.contains("9645人次").any()


def test_cli_emphasis_and_claims(tmp_path):
    out = tmp_path / "e.csv"
    assert main(["emphasis", str(paths.CORPUS), "--out", str(out)]) == 0
    assert list(pd.read_csv(out).columns[:4]) == ["doc_id", "theme", "n_hits", "hits_per_1k_chars"]
    assert main(["emphasis", str(paths.CORPUS), "--profile", "--out", str(out)]) == 0
    assert list(pd.read_csv(out).columns) == ["doc_id", "theme", "decile", "n_hits", "share"]
    assert main(["claims", str(paths.CORPUS), "--out", str(out)]) == 0
    assert {"doc_id", "start", "end", "surface", "value", "unit", "phrase"} <= set(pd.read_csv(out).columns)


def test_claims_by_unit_by_hand():
    from textkit.emphasis import claims_by_unit

    claims = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "b"], "unit": ["篇", "个", "个", "个", "人次"]})
    table = claims_by_unit(claims)
    # 个 is used three times in all, so it comes first; documents in order of appearance
    assert table.values.tolist() == [["个", "a", 1], ["个", "b", 2], ["篇", "a", 1], ["人次", "b", 1]]
