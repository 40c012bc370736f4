"""Tokenizer: whole party vocabulary, isolation, protected phrases, offsets, backends."""

from __future__ import annotations

import os
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textkit import DictEntry, Tokenizer, load_stopwords, load_userdict, paths, read_corpus, sentences
from textkit.tokenize import DOMAIN_DICT, STOPWORDS

# Core terms of the 2023 campaign as they occur in the five reports: the campaign's
# name and requirements, its measures, numbered formulas, watchwords and the
# vocabulary of party building. Chosen by reading the reports, independently of
# the domain dictionary's construction.
CORE_TERMS = [
    "主题教育", "学思想", "强党性", "重实践", "建新功", "总要求",
    "以学铸魂", "以学增智", "以学正风", "以学促干",
    "理论学习", "调查研究", "推动发展", "检视整改", "建章立制", "整改整治",
    "两个确立", "两个维护", "四下基层", "三会一课", "一岗双责", "第一议题", "关键少数",
    "走深走实", "见行见效", "入脑入心", "入心入脑", "立行立改", "落细落实", "落地见效",
    "急难愁盼", "接诉即办", "民呼我为", "一盘棋",
    "学深悟透", "原原本本", "问题导向", "真抓实干", "务求实效", "求真务实", "动真碰硬", "对标对表",
    "全面从严治党", "党的创新理论", "高质量发展", "基层党组织", "领导班子", "领导干部",
    "读书班", "主题党日", "专题党课", "中心组", "党性教育", "政绩观", "长效机制",
    "流动党员", "新就业群体", "新经济组织", "新社会组织", "巡回督导组", "为民办实事",
    "担当作为", "比学赶超", "见贤思齐", "问题清单", "典型案例", "调研成果", "党史学习教育",
]


def _boundaries(tokenizer, corpus):
    """Token boundaries (character offsets) per document."""
    table = tokenizer.tokens(corpus)
    return {doc: set(g["start"]) | set(g["end"]) for doc, g in table.groupby("doc_id")}


def _share_kept_whole(tokenizer, corpus) -> tuple[float, list[str]]:
    """Share of CORE_TERMS never split by a token boundary at any occurrence."""
    bounds = _boundaries(tokenizer, corpus)
    split = []
    for term in CORE_TERMS:
        for doc_id, text in corpus[["doc_id", "text"]].itertuples(index=False):
            i = text.find(term)
            while i >= 0:
                if any(b in bounds[doc_id] for b in range(i + 1, i + len(term))):
                    split.append(term)
                    break
                i = text.find(term, i + 1)
            if split and split[-1] == term:
                break
    return 1 - len(split) / len(CORE_TERMS), split


def test_core_terms_occur_in_the_reports(corpus):
    assert len(CORE_TERMS) >= 40 and len(set(CORE_TERMS)) == len(CORE_TERMS)
    joined = "\n".join(corpus["text"])
    assert [t for t in CORE_TERMS if t not in joined] == []


def test_domain_dictionary_keeps_core_terms_whole(corpus, tokenizer, tmp_path):
    share, split = _share_kept_whole(tokenizer, corpus)
    assert share >= 0.9, f"split: {split}"
    plain = Tokenizer(domain_dict=False, cache_dir=tmp_path)
    plain_share, _ = _share_kept_whole(plain, corpus)
    assert plain_share < 0.5, "plain jieba should split most of these terms; the dictionary does the work"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("两个确立", ["两个确立"]),
        ("学思想", ["学思想"]),
        ("走深走实", ["走深走实"]),
        ("接诉即办", ["接诉即办"]),
        ("主题教育", ["主题教育"]),
    ],
)
def test_issue_examples_stay_whole(tokenizer, text, expected):
    assert tokenizer.cut(text) == expected


# --- isolation and safety ----------------------------------------------------


def test_two_tokenizers_never_affect_each_other(tmp_path):
    text = "江理论津宣讲队伍"
    before = Tokenizer(domain_dict=False, cache_dir=tmp_path).cut(text)
    assert "江理论津" not in before
    user = tmp_path / "local.txt"
    user.write_text("江理论津 nz\n", encoding="utf-8")
    local = Tokenizer(userdict=user, cache_dir=tmp_path)
    plain = Tokenizer(domain_dict=False, cache_dir=tmp_path)
    assert local.cut(text)[0] == "江理论津"
    assert plain.cut(text) == before
    assert local.cut(text)[0] == "江理论津"


def test_jieba_module_state_is_never_touched(tokenizer):
    import jieba
    import jieba.finalseg

    tokenizer.cut("推动主题教育走深走实")
    assert not jieba.dt.initialized, "textkit must not initialise jieba's module-level tokenizer"
    assert jieba.finalseg.Force_Split_Words == set()


def test_zero_frequency_entries_are_rejected(tmp_path):
    user = tmp_path / "bad.txt"
    user.write_text("主题教育 5\n走深走实 0\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.txt, line 2 .*frequency 0 is not positive"):
        load_userdict(user)
    with pytest.raises(ValueError, match="line 2"):
        Tokenizer(userdict=user, cache_dir=tmp_path)


def test_dictionary_words_with_punctuation_point_to_protect(tmp_path):
    user = tmp_path / "bad.txt"
    user.write_text("学思想、强党性\n", encoding="utf-8")
    with pytest.raises(ValueError, match="protect="):
        load_userdict(user)


def test_userdict_format():
    user_entries = load_userdict(DOMAIN_DICT)
    assert len(user_entries) >= 300
    assert DictEntry("主题教育", None, "n") in user_entries
    assert all(e.freq is None or e.freq > 0 for e in user_entries)


def test_cached_dictionary_gives_the_same_tokens_and_is_never_stale(corpus, tmp_path):
    text = "\n".join(corpus["text"])
    fresh = Tokenizer(cache_dir=tmp_path).cut(text)
    cached_files = sorted(p.name for p in tmp_path.glob("jieba.*.cache"))
    assert len(cached_files) == 2, "default dictionary plus textkit's entries"
    assert Tokenizer(cache_dir=tmp_path).cut(text) == fresh
    user = tmp_path / "mine.txt"
    user.write_text("江理论津 nz\n", encoding="utf-8")
    assert Tokenizer(userdict=user, cache_dir=tmp_path).cut("江理论津")[0] == "江理论津"
    user.write_text("帅乡党旗红 nz\n", encoding="utf-8")
    changed = Tokenizer(userdict=user, cache_dir=tmp_path)
    assert changed.cut("江理论津")[0] != "江理论津" and changed.cut("帅乡党旗红") == ["帅乡党旗红"]
    ours = [name for name in cached_files if name != "jieba.default.cache"]
    assert len(ours) == 1
    (tmp_path / ours[0]).write_bytes(b"garbage")
    assert Tokenizer(cache_dir=tmp_path).cut(text) == fresh


def test_cache_lives_in_a_private_folder(tmp_path):
    cache = tmp_path / "cache"
    Tokenizer(cache_dir=cache)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert (cache / "jieba.default.cache").is_file()
    loose = tmp_path / "loose"
    loose.mkdir(mode=0o777)
    os.chmod(loose, 0o777)
    Tokenizer(cache_dir=loose, domain_dict=False)
    assert stat.S_IMODE(loose.stat().st_mode) == 0o700


def test_a_cache_folder_of_another_user_is_refused(tmp_path):
    if os.getuid() != 0:
        pytest.skip("needs root to give the folder to another user")
    other = tmp_path / "other"
    other.mkdir(mode=0o700)
    os.chown(other, 65534, 65534)
    with pytest.raises(PermissionError, match="belongs to another user"):
        Tokenizer(cache_dir=other)


# --- protected phrases ---------------------------------------------------------


def test_protect_keeps_phrases_with_punctuation_whole(tmp_path):
    phrases = ["学思想、强党性、重实践、建新功", "学思想", "感党恩,听党话,跟党走"]
    tok = Tokenizer(protect=phrases, cache_dir=tmp_path)
    text = "紧紧围绕“学思想、强党性、重实践、建新功”的总要求，引导群众感党恩，听党话，跟党走。学思想是基础"
    tokens = tok.cut(text)
    assert "学思想、强党性、重实践、建新功" in tokens
    assert "感党恩，听党话，跟党走" in tokens, "protected phrases are normalised like the corpus"
    assert tokens[-2:] == ["学思想", "是基础"] or "学思想" in tokens
    assert "".join(tokens) == text
    assert tok.protect_[0] == "学思想、强党性、重实践、建新功"


def test_protect_rejects_a_bare_string(tmp_path):
    with pytest.raises(TypeError, match="not a single string"):
        Tokenizer(protect="学思想", cache_dir=tmp_path)


# --- offsets and coverage ----------------------------------------------------


def test_cut_covers_every_character_of_the_reports(corpus, tokenizer):
    for text in corpus["text"]:
        assert "".join(tokenizer.cut(text)) == text


def test_token_table_offsets_index_the_cleaned_text(corpus, tokenizer):
    table = tokenizer.tokens(corpus)
    assert list(table.columns) == ["doc_id", "sent_id", "token", "start", "end", "is_stopword"]
    texts = dict(zip(corpus["doc_id"], corpus["text"]))
    for row in table.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.token
    # every character of every sentence is covered exactly once
    sents = sentences(corpus)
    assert (table["end"] - table["start"]).sum() == (sents["end"] - sents["start"]).sum()


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_cut_covers_arbitrary_text(tokenizer, text):
    tokens = tokenizer.cut(text)
    assert "".join(tokens) == text
    assert all(tokens)


def test_stopwords(tokenizer, tmp_path):
    words = load_stopwords(STOPWORDS)
    assert {"的", "了", "和", "，", "。"} <= words
    assert not {"工作", "发展", "群众", "党员", "干部", "问题", "推进"} & words
    assert tokenizer.is_stopword("的") and tokenizer.is_stopword(" ") and not tokenizer.is_stopword("主题教育")
    table = Tokenizer(stopwords=["主题教育"], cache_dir=tmp_path).tokens({"a": "主题教育的"})
    assert table[["token", "is_stopword"]].values.tolist() == [["主题教育", True], ["的", False]]
    assert not Tokenizer(stopwords=None, cache_dir=tmp_path).is_stopword("的")


def test_options_are_validated(tmp_path):
    with pytest.raises(ValueError, match=r"backend='hanlp'; allowed: \('jieba', 'rjieba'\)"):
        Tokenizer(backend="hanlp", cache_dir=tmp_path)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="text must be a str"):
        Tokenizer(cache_dir=tmp_path).cut(["学思想"])  # type: ignore[arg-type]


# --- backends ------------------------------------------------------------------


def _sentences_of(corpus):
    return sentences(corpus)["text"].tolist()


@pytest.mark.parametrize("hmm", [False, True])
def test_rjieba_gives_the_same_tokens_as_jieba(corpus, hmm, tmp_path):
    texts = _sentences_of(corpus) + ["UTF-8编码", "C++和C#", "COVID-19疫情", "“1+4+N”线上宣传", "2.93万件e.g.a_b"]
    if paths.REFERENCE_CORPUS.is_dir():
        reference = read_corpus(paths.REFERENCE_CORPUS)
        texts += _sentences_of(reference[reference["doc_id"] != "README"])
    jieba_tok = Tokenizer(hmm=hmm, cache_dir=tmp_path)
    rust_tok = Tokenizer(hmm=hmm, backend="rjieba", cache_dir=tmp_path)
    differ = [t for t in texts if jieba_tok.cut(t) != rust_tok.cut(t)]
    assert differ == []


def _every_token_resplit(text, seg):
    """rjieba's tokens with jieba's re-split of ASCII runs, every token tested (the code before perf24)."""
    from textkit.tokenize import _ASCII_SYMBOL_RUN, _FINALSEG_PIECE

    out = []
    for token in seg.cut(text, True):
        if len(token) > 1 and token.isascii() and _ASCII_SYMBOL_RUN.match(token) and not seg.has_word(token):
            out += _FINALSEG_PIECE.findall(token)
        else:
            out.append(token)
    return out


def test_rjieba_is_loaded_without_the_segmenter_its_package_makes(tmp_path):
    # ``import rjieba`` makes a default segmenter (its dictionary loaded, 0.09 s) textkit never uses:
    # the Tokenizer loads rjieba's extension module alone, and a later ``import rjieba`` still works,
    # with the same class (in a fresh interpreter: this one may have imported rjieba already)
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from textkit import Tokenizer\n"
        f"tok = Tokenizer(backend='rjieba', cache_dir={str(tmp_path)!r})\n"
        "assert 'rjieba' not in sys.modules and 'rjieba.rjieba' in sys.modules\n"
        "assert tok.cut('推动主题教育走深走实，PM2.5下降') == ['推动', '主题教育', '走深走实', '，', 'PM2.5', '下降']\n"
        "import rjieba\n"
        "assert rjieba.Jieba is sys.modules['rjieba.rjieba'].Jieba\n"
        "assert rjieba.cut('主题教育') == ['主题', '教育']\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_rjieba_already_imported_is_used_as_it_is():
    import rjieba

    from textkit.tokenize import _rjieba_jieba

    assert _rjieba_jieba() is rjieba.Jieba


@pytest.fixture(scope="module")
def rjieba_pair(tmp_path_factory):
    """A Tokenizer on rjieba and a bare rjieba segmenter with the same entries."""
    import rjieba

    tok = Tokenizer(backend="rjieba", cache_dir=tmp_path_factory.mktemp("cache"))
    seg = rjieba.Jieba()
    for e in tok.entries_:
        seg.add_word(e.word, e.freq, e.tag)
    return tok, seg


# ASCII letters, digits and jieba's symbols, white space, a few CJK characters and words (some in
# the domain dictionary), so that runs such as 2.5%、UTF-8、e.g. or 1.2.3 sit between Chinese tokens.
_MIXED = st.lists(
    st.sampled_from(list("aZx09.5%+-#&_ ") + ["PM2.5", "G20", "5G", "COVID-19", "1.2.3", "e.g.", "..", "%%"]
                    + ["中", "国", "的", "主题教育", "增长", "万件", "，", "。", "“", "”"]),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_MIXED)
def test_rjieba_tests_only_ascii_tokens_and_resplits_like_every_token(rjieba_pair, text):
    # cut_like_jieba keeps rjieba's tokens unless one of its ASCII tokens is re-split: the same
    # tokens as testing every token.
    tok, seg = rjieba_pair
    assert tok.cut(text) == _every_token_resplit(text, seg)


def test_rjieba_resplit_fast_path_on_the_reports(corpus, rjieba_pair):
    tok, seg = rjieba_pair
    texts = corpus["text"].tolist() + ["增长2.5%，PM2.5下降", "1.2.3版", "UTF-8编码e.g.", "A.B-C_D&E#F"]
    if paths.REFERENCE_CORPUS.is_dir():
        reference = read_corpus(paths.REFERENCE_CORPUS)
        texts += reference.loc[reference["doc_id"] != "README", "text"].tolist()
    assert [tok.cut(t) for t in texts] == [_every_token_resplit(t, seg) for t in texts]


@pytest.mark.parametrize("hmm", [False, True])
def test_rjieba_gives_lone_surrogates_a_token_each(hmm, tmp_path):
    # rjieba refuses such a text (UnicodeEncodeError): the Tokenizer then cuts around them.
    tok = Tokenizer(hmm=hmm, backend="rjieba", cache_dir=tmp_path)
    assert tok.cut("主题教育\ud800\udfff走深走实") == ["主题教育", "\ud800", "\udfff", "走深走实"]
    assert tok.cut("\udc80") == ["\udc80"]
    assert tok.cut("UTF-8\ud800e.g") == Tokenizer(hmm=hmm, cache_dir=tmp_path).cut("UTF-8\ud800e.g")
