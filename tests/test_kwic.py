"""Keyword in context on characters."""

from __future__ import annotations


import pandas as pd
import pytest

from textkit import paths
from textkit.cli import main
from textkit.kwic import kwic

SLOGAN = "学思想、强党性、重实践、建新功"



def test_literal_phrase_with_punctuation_and_offsets():
    text = "第一段。\n紧紧围绕“学思想、强党性、重实践、建新功”的总要求，推进。"
    k = kwic({"a": text}, SLOGAN, window=8)
    assert list(k.columns) == ["doc_id", "start", "end", "left", "match", "right"]
    row = k.iloc[0]
    assert text[row["start"] : row["end"]] == SLOGAN == row["match"]
    assert row["left"] == "紧紧围绕“"  # stops at the line break
    assert row["right"] == "”的总要求，推进"
    doc = kwic({"a": text}, SLOGAN, window=8, context="document")
    assert doc.iloc[0]["left"] == "段。\n紧紧围绕“"


def test_half_width_query_is_normalised_like_the_corpus():
    k = kwic({"a": "坚持以学促干，推动发展"}, "以学促干,推动", window=2)
    assert k["match"].tolist() == ["以学促干，推动"]


def test_regex_and_several_patterns():
    text = "走深走实，走心走实，走深走细。"
    assert kwic({"a": text}, r"走.走实", regex=True)["match"].tolist() == ["走深走实", "走心走实"]
    both = kwic({"a": text}, ["走深", "走深走细"], window=0)
    assert both["match"].tolist() == ["走深", "走深走细"] and (both["left"] == "").all()
    with pytest.raises(ValueError, match="not a valid regular expression"):
        kwic({"a": text}, "(走", regex=True)
    with pytest.raises(ValueError, match=r"context='sentence'.*allowed"):
        kwic({"a": text}, "走", context="sentence")
    with pytest.raises(ValueError, match="window=-1"):
        kwic({"a": text}, "走", window=-1)


def test_the_campaign_requirement_in_the_five_reports(corpus):
    k = kwic(corpus, SLOGAN)
    assert set(k["doc_id"]) == {"chengdu", "qingshanhu", "jiangjin"}
    assert k.groupby("doc_id").size()["qingshanhu"] == 3
    texts = corpus.set_index("doc_id")["text"]
    for r in k.itertuples():
        assert texts[r.doc_id][r.start - len(r.left) : r.end + len(r.right)] == r.left + r.match + r.right


def test_cli_kwic(tmp_path):
    out = tmp_path / "k.csv"
    assert main(["kwic", str(paths.CORPUS), SLOGAN, "--window", "8", "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns) == ["doc_id", "start", "end", "left", "match", "right"] and len(table) == 5
    assert main(["kwic", str(paths.CORPUS), "以学.{2}", "--regex", "--out", str(out)]) == 0
    assert pd.read_csv(out)["match"].str.startswith("以学").all()


def test_in_context_adds_left_and_right_to_any_table_of_hits():
    from textkit.kwic import in_context

    docs = {"a": "第一段。\n紧紧围绕“学思想、强党性、重实践、建新功”的总要求，推进。", "b": "推动走深走实"}
    start = docs["a"].index(SLOGAN)
    hits = pd.DataFrame({"doc_id": ["b", "a"], "start": [2, start], "end": [6, start + len(SLOGAN)], "tag": ["x", "y"]})
    out = in_context(docs, hits, window=5)
    assert out["tag"].tolist() == ["x", "y"]  # rows and extra columns kept
    # the context stops at the paragraph break, as in kwic
    assert out[["left", "right"]].values.tolist() == [["推动", ""], ["紧紧围绕“", "”的总要求"]]
    assert in_context(docs, hits, window=7, context="document")["left"].iloc[1] == "。\n紧紧围绕“"
    # and equals kwic's context for the same matches
    k = kwic(docs, SLOGAN, window=5)
    assert (k["left"].item(), k["right"].item()) == tuple(out.iloc[1][["left", "right"]])


def test_in_context_refuses_spans_it_cannot_place():
    from textkit.kwic import in_context

    with pytest.raises(ValueError, match="'z'"):
        in_context({"a": "推动"}, pd.DataFrame({"doc_id": ["z"], "start": [0], "end": [1]}))
    with pytest.raises(ValueError, match="outside"):
        in_context({"a": "推动"}, pd.DataFrame({"doc_id": ["a"], "start": [1], "end": [9]}))
    with pytest.raises(ValueError, match="start"):
        in_context({"a": "推动"}, pd.DataFrame({"doc_id": ["a"], "end": [1]}))
