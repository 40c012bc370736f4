"""TF-IDF similarity, passage alignment and verbatim reuse."""

from __future__ import annotations

import random
import time

import numpy as np
import pandas as pd
import pytest

from textkit import paths
from textkit.cli import main
from textkit.similarity import align_passages, similarity, similarity_matrix, text_reuse, tfidf

SLOGAN = "学思想、强党性、重实践、建新功"



def test_tfidf_uses_tokens_not_sklearn_token_pattern(tokenizer):
    docs = {"a": f"围绕“{SLOGAN}”的总要求，推动主题教育走深走实。", "b": "推动主题教育见行见效。党"}
    table = tfidf(docs, tokenizer=tokenizer, protect=[SLOGAN])
    terms = set(table["term"])
    assert SLOGAN in terms  # a protected phrase with punctuation is one feature
    assert {"主题教育", "走深走实", "见行见效", "党"} <= terms  # one-character words survive
    assert not terms & {"的", "，", "“", "。"}  # stopwords and punctuation are out
    a = table[table["doc_id"] == "a"]
    assert np.sqrt((a["tfidf"] ** 2).sum()) == pytest.approx(1.0)
    assert table.set_index(["doc_id", "term"]).loc[("a", "主题教育"), "df"] == 2
    # shared terms weigh less than terms only in one document
    assert a.set_index("term").loc["主题教育", "tfidf"] < a.set_index("term").loc["走深走实", "tfidf"]


def test_tfidf_char_ngrams_stay_inside_punctuation():
    table = tfidf({"a": "学思想、强党性"}, features="chars", char_ngrams=(2, 2))
    assert sorted(table["term"]) == sorted(["学思", "思想", "强党", "党性"])


def test_similarity_is_a_complete_symmetric_long_table(tokenizer):
    docs = {"a": "推动主题教育走深走实", "b": "推动主题教育走深走实", "c": "乡村振兴产业发展"}
    s = similarity(docs, tokenizer=tokenizer)
    assert list(s.columns) == ["doc_id_a", "doc_id_b", "similarity"]
    assert len(s) == 9
    m = s.set_index(["doc_id_a", "doc_id_b"])["similarity"]
    assert m["a", "b"] == pytest.approx(1.0)
    assert m["a", "c"] == pytest.approx(0.0)
    assert m["b", "a"] == pytest.approx(m["a", "b"])
    assert all(m[d, d] == pytest.approx(1.0) for d in "abc")


def test_similarity_on_the_five_reports(corpus, tokenizer):
    s = similarity(corpus, tokenizer=tokenizer)
    assert len(s) == 25
    off = s[s["doc_id_a"] != s["doc_id_b"]]["similarity"]
    assert off.between(0.05, 0.95).all()
    square = similarity_matrix(s)
    assert sorted(square.index) == sorted(corpus["doc_id"])
    assert list(square.index) == list(square.columns)
    assert np.allclose(square.to_numpy(), square.to_numpy().T)


def test_similarity_matrix_puts_similar_documents_next_to_each_other():
    ids = ["a", "b", "c", "d"]
    sim = np.array([[1, 0.1, 0.9, 0.1], [0.1, 1, 0.1, 0.8], [0.9, 0.1, 1, 0.1], [0.1, 0.8, 0.1, 1]])
    table = pd.DataFrame([(x, y, sim[i, j]) for i, x in enumerate(ids) for j, y in enumerate(ids)], columns=["doc_id_a", "doc_id_b", "similarity"])
    order = list(similarity_matrix(table).index)
    assert abs(order.index("a") - order.index("c")) == 1 and abs(order.index("b") - order.index("d")) == 1
    assert list(similarity_matrix(table, order="input").index) == ids
    with pytest.raises(ValueError, match=r"order='random'.*allowed"):
        similarity_matrix(table, order="random")


def test_features_option_is_validated():
    with pytest.raises(ValueError, match=r"features='words'.*allowed.*tokens.*chars"):
        similarity({"a": "学思想"}, features="words")


def test_bare_string_corpus_is_refused():
    with pytest.raises(TypeError, match="single string"):
        similarity("学思想、强党性", features="chars")


def test_align_passages_finds_the_shared_sentence_with_offsets(tokenizer):
    docs = {
        "a": "今年以来全区经济平稳运行。坚持把调查研究作为以学增智的重要抓手。",
        "b": "天气晴朗，气温适宜。区委把调查研究作为以学增智的重要抓手。群众满意度持续提高。",
    }
    al = align_passages(docs, tokenizer=tokenizer, min_similarity=0.5)
    row = al[(al["doc_id_a"] == "a") & (al["doc_id_b"] == "b")].iloc[0]
    assert row["text_a"] == "坚持把调查研究作为以学增智的重要抓手。"
    assert row["text_b"] == "区委把调查研究作为以学增智的重要抓手。"
    assert docs["a"][row["start_a"] : row["end_a"]] == row["text_a"]
    assert docs["b"][row["start_b"] : row["end_b"]] == row["text_b"]
    assert row["similarity"] > 0.5 and row["rank"] == 1 and row["mutual"]
    assert set(al["text_a"]) == {row["text_a"], row["text_b"]}  # unrelated sentences are below the threshold


def test_align_passages_top_n_and_unit(corpus, tokenizer):
    al = align_passages(corpus, unit="paragraph", tokenizer=tokenizer, top_n=2, min_similarity=0.0)
    assert set(al["rank"]) == {1, 2}
    assert (al["doc_id_a"] != al["doc_id_b"]).all()
    for r in al.sample(20, random_state=0).itertuples():
        text_a = corpus.set_index("doc_id").loc[r.doc_id_a, "text"]
        assert text_a[r.start_a : r.end_a] == r.text_a
    with pytest.raises(ValueError, match="unit='word'"):
        align_passages(corpus, unit="word", tokenizer=tokenizer)


# --- verbatim reuse ---------------------------------------------------------


def test_reuse_finds_a_known_span_inline():
    shared = "坚持以学铸魂、以学增智、以学正风、以学促干"
    docs = {"a": f"今年，市委{shared}，取得成效。", "b": f"区委同样{shared}。另有一句话。"}
    r = text_reuse(docs, min_chars=10)
    assert len(r) == 1
    row = r.iloc[0]
    assert row["text"] == shared
    assert docs["a"][row["start_a"] : row["end_a"]] == shared
    assert docs["b"][row["start_b"] : row["end_b"]] == shared
    assert row["n_chars"] == len(shared)
    assert text_reuse(docs, min_chars=len(shared) + 1).empty


def test_reuse_normalises_punctuation_but_keeps_offsets():
    docs = {"a": "紧紧围绕“学思想、强党性、重实践、建新功”的总要求", "b": '围绕"学思想、强党性、重实践、建新功"的总要求'}
    r = text_reuse(docs)
    assert r["text"].tolist() == ["围绕“学思想、强党性、重实践、建新功”的总要求"]
    assert docs["b"][r["start_b"][0] : r["end_b"][0]] == docs["b"]
    assert text_reuse(docs, punctuation="exact")["n_chars"].max() < 20
    ignore = text_reuse({"a": "学思想、强党性、重实践、建新功", "b": "学思想，强党性；重实践 建新功"}, punctuation="ignore")
    assert ignore["n_chars"].tolist() == [12]
    with pytest.raises(ValueError, match=r"punctuation='strip'.*allowed"):
        text_reuse(docs, punctuation="strip")


def test_reuse_never_crosses_a_line_break():
    docs = {"a": "推动主题教育走深走实\n见行见效确保取得实效", "b": "推动主题教育走深走实见行见效确保取得实效"}
    r = text_reuse(docs, min_chars=8)
    assert sorted(r["text"]) == ["推动主题教育走深走实", "见行见效确保取得实效"]


def _brute_force(a: str, b: str, min_chars: int) -> set[tuple[int, int, int]]:
    """Maximal spans of b occurring in a, by the definition, in quadratic time and worse."""
    out = set()
    for i in range(len(b)):
        for j in range(i + min_chars, len(b) + 1):
            sub = b[i:j]
            if sub not in a:
                break
            left = i > 0 and b[i - 1 : j] in a
            right = j < len(b) and b[i : j + 1] in a
            if not left and not right:
                out |= {(k, i, j) for k in range(len(a)) if a.startswith(sub, k)}
    return out


def test_reuse_agrees_with_brute_force_on_random_texts():
    rng = random.Random(4)
    for _ in range(40):
        alphabet = "学思想强党性"[: rng.randint(2, 6)]
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        b = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        r = text_reuse({"a": a, "b": b}, min_chars=4, punctuation="exact")
        found = {(x.start_a, x.start_b, x.end_b) for x in r.itertuples()}
        assert found == _brute_force(a, b, 4)
        assert all(a[x.start_a : x.end_a] == b[x.start_b : x.end_b] for x in r.itertuples())


def test_reuse_is_near_linear():
    rng = random.Random(0)
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    planted = "紧紧围绕学思想强党性重实践建新功的总要求"
    a = "".join(rng.choice(chars) for _ in range(60_000))
    b = "".join(rng.choice(chars) for _ in range(60_000))
    a, b = a[:30_000] + planted + a[30_000:], b[:5_000] + planted + b[5_000:]
    t = time.perf_counter()
    r = text_reuse({"a": a, "b": b}, min_chars=10)
    elapsed = time.perf_counter() - t
    assert r["text"].tolist() == [planted]
    assert (r["start_a"][0], r["start_b"][0]) == (30_000, 5_000)
    assert elapsed < 5, f"120,000 characters took {elapsed:.1f} s"


def test_reuse_in_the_five_reports(corpus):
    r = text_reuse(corpus)
    pair = r[(r["doc_id_a"] == "chengdu") & (r["doc_id_b"] == "qingshanhu")]
    target = "紧紧围绕“学思想、强党性、重实践、建新功”的总要求"
    hit = pair[pair["text"].str.contains(target, regex=False)]
    assert len(hit) == 1
    text = corpus.set_index("doc_id")["text"]
    row = hit.iloc[0]
    assert target in text["qingshanhu"][row["start_b"] : row["end_b"]]
    assert (r["n_chars"] >= 10).all()
    for x in r.itertuples():
        a, b = text[x.doc_id_a][x.start_a : x.end_a], text[x.doc_id_b][x.start_b : x.end_b]
        assert a == x.text and "\n" not in a and "\n" not in b


def test_cli_similarity_and_reuse_write_their_column_contracts(tmp_path, capsys):
    out = tmp_path / "sim.csv"
    assert main(["similarity", str(paths.CORPUS), "--features", "chars", "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns) == ["doc_id_a", "doc_id_b", "similarity"] and len(table) == 25
    out = tmp_path / "reuse.csv"
    assert main(["reuse", str(paths.CORPUS), "--min-chars", "15", "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns)[:7] == ["doc_id_a", "doc_id_b", "start_a", "end_a", "start_b", "end_b", "text"]
    assert (table["n_chars"] >= 15).all() and len(table) > 0
    assert main(["reuse", str(paths.CORPUS), "--min-chars", "0"]) == 2
    assert "min_chars=0" in capsys.readouterr().err


def test_travelling_passages_counts_documents_and_pairs_once():
    from textkit.similarity import travelling_passages

    docs = {"a": "紧紧围绕“学思想、强党性、重实践、建新功”的总要求。", "b": "区委围绕“学思想、强党性、重实践、建新功”，推进。",
            "c": "全市围绕“学思想、强党性、重实践、建新功”抓落实。", "d": "推动主题教育走深走实见行见效。", "e": "全区推动主题教育走深走实见行见效。"}
    table = travelling_passages(text_reuse(docs))
    assert table[["n_docs", "doc_ids", "n_pairs", "pairs"]].values.tolist() == [
        [3, "a;b;c", 3, "a–b a–c b–c"],
        [2, "d;e", 1, "d–e"],
    ]
    assert travelling_passages(text_reuse({"a": "甲", "b": "乙"})).empty
