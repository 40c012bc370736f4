"""Property-based tests: arbitrary Unicode never crashes textkit, and offsets always map back.

The alphabet mixes what real corpora contain (Chinese characters and punctuation,
ASCII, full-width forms, every kind of white space and line break) with what they
should not but sometimes do: lone surrogates, combining marks, emoji, control
characters, zero-width characters, HTML fragments.
"""

from __future__ import annotations

import pytest
from hypothesis import example, HealthCheck, given, settings
from hypothesis import strategies as st

from textkit import kwic, ngrams, normalize, paragraphs, sentences, slogan_occurrences
from textkit.corpus import clean_text

PIECES = list("学思想强党性重实践建新功走深走实见行见效两个确立主题教育一二三四五第") + list(
    "，。、；：？！“”‘’《》（）【】—…·,.;:?!()\"'<>&#%+-_/ \t\n\r\u3000\u00a0\u200b\u200d\ufeff"
) + ["\ud800", "\udfff", "\u0301", "\u20dd", "😀", "👩‍👩‍👧", "\x00", "\x07", "\x1b", "\u2028", "Ａ", "１", "「", "」", "<br>", "&amp;", "&#", "\r\n"]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.characters()), max_size=60).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(TEXT)
@example("Ａ\u0301")  # found by hypothesis: a full-width letter mapped to A next to a combining accent
@example("A\u200b\u0301")  # a zero-width character removed between a letter and its accent
def test_normalize_never_fails_and_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once
    assert "\r" not in once and "\n\n" not in once
    assert once == once.strip()


@SETTINGS
@given(TEXT)
def test_cleaning_never_fails(text):
    cleaned, removed = clean_text(text)
    assert isinstance(cleaned, str)
    assert all(r["rule"] for r in removed)


@SETTINGS
@given(st.dictionaries(st.sampled_from(["a", "b", "c"]), TEXT.map(normalize), min_size=1))
def test_segmentation_offsets_map_back(docs):
    for table in (paragraphs(docs), sentences(docs)):
        for row in table.itertuples():
            assert docs[row.doc_id][row.start : row.end] == row.text
    # sentences cover every non-space character of every paragraph
    sents = sentences(docs)
    for doc_id, text in docs.items():
        covered = set()
        for row in sents[sents.doc_id == doc_id].itertuples():
            covered.update(range(row.start, row.end))
        assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


@pytest.mark.parametrize("backend", ["jieba", "rjieba"])
def test_tokens_cover_arbitrary_text(backend, tmp_path_factory):
    from textkit import Tokenizer

    tok = Tokenizer(backend=backend, cache_dir=tmp_path_factory.mktemp("cache"), protect=["学思想、强党性"])

    @SETTINGS
    @given(TEXT)
    def check(text):
        tokens = tok.cut(text)
        assert "".join(tokens) == text
        assert all(tokens)

    check()


@SETTINGS
@given(TEXT.map(normalize), st.sampled_from(["学", "走深走实", "，", "“", "a", "😀"]))
def test_kwic_offsets_map_back(text, pattern):
    table = kwic({"d": text}, pattern, window=5)
    for row in table.itertuples():
        assert text[row.start : row.end] == row.match
        assert text[: row.start].endswith(row.left) and text[row.end :].startswith(row.right)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["a", "b"]), TEXT.map(normalize), min_size=1))
def test_ngrams_and_slogans_never_fail(tokenizer, docs):
    ngrams(docs, n=(1, 3), unit="char", min_count=1)
    ngrams(docs, n=(1, 2), tokenizer=tokenizer, min_count=1)
    occurrences = slogan_occurrences(docs, tokenizer=tokenizer)
    for row in occurrences.itertuples():
        assert docs[row.doc_id][row.start : row.end] == row.surface
