"""Who sounds like whom, and who copied which passage.

* :func:`tfidf` — TF-IDF document vectors as a tidy table, over tokens (stopwords
  out, protected slogans kept whole) or over character n-grams.
* :func:`similarity` — cosine similarity of those vectors for every ordered pair of
  documents, diagonal included; :func:`similarity_matrix` turns it into a square
  table ordered by hierarchical clustering, ready for a heatmap.
* :func:`align_passages` — the same at passage level: for each sentence (or
  paragraph) of one document, the best-matching passages of every other document.
* :func:`text_reuse` — verbatim reuse: every maximal character span of at least
  ``min_chars`` characters that two documents share, found with a suffix automaton
  (linear in the length of the texts); :func:`travelling_passages` says which of
  those spans travel between the most documents.

Tokens reach scikit-learn as lists through a callable analyzer: its default
``token_pattern`` would glue Chinese clauses into single "words".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from textkit.corpus import as_corpus, paragraphs, sentences
from textkit.tokenize import Tokenizer, protect_pattern, split_protected

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = ["align_passages", "similarity", "similarity_matrix", "text_reuse", "tfidf", "travelling_passages"]

Features = Literal["tokens", "chars"]
_FEATURES = ("tokens", "chars")
Unit = Literal["sentence", "paragraph"]
_UNITS = ("sentence", "paragraph")
Order = Literal["cluster", "input"]
_ORDERS = ("cluster", "input")
Punctuation = Literal["normalize", "ignore", "exact"]
_PUNCTUATION = ("normalize", "ignore", "exact")

# A token counts as a word if it has at least one letter (Han characters are letters):
# pure numbers, punctuation and white space never become features.
_WORD = re.compile(r"[^\W\d_]")
_RUN = re.compile(r"[^\W_]+")


def _check(name: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name}={value!r}; allowed: {allowed}")


def _identity(doc: list[str]) -> list[str]:
    return doc


def _cut(text: str, tokenizer: Tokenizer, protect: re.Pattern[str] | None) -> list[str]:
    """All tokens of ``text``; matches of ``protect`` stay single tokens."""
    return split_protected(text, protect, tokenizer.cut)


def _content_tokens(text: str, tokenizer: Tokenizer, protect: re.Pattern[str] | None) -> list[str]:
    """Tokens that carry content: no stopwords, punctuation, white space or bare numbers."""
    return [t for t in _cut(text, tokenizer, protect) if _WORD.search(t) and not tokenizer.is_stopword(t)]


def _char_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """Character n-grams inside runs of letters and digits (never across punctuation)."""
    lo, hi = ngram_range
    out = []
    for run in _RUN.findall(text):
        for n in range(lo, hi + 1):
            out += [run[i : i + n] for i in range(len(run) - n + 1)]
    return out


def _features(
    texts: Iterable[str],
    features: str,
    tokenizer: Tokenizer | None,
    protect: Iterable[str],
    char_ngrams: tuple[int, int],
) -> list[list[str]]:
    _check("features", features, _FEATURES)
    if features == "chars":
        lo, hi = char_ngrams
        if not 1 <= lo <= hi:
            raise ValueError(f"char_ngrams={char_ngrams!r}; need 1 <= min <= max")
        return [_char_ngrams(t, char_ngrams) for t in texts]
    tokenizer = Tokenizer() if tokenizer is None else tokenizer
    pattern = protect_pattern(protect)
    return [_content_tokens(t, tokenizer, pattern) for t in texts]


def _vectorizer(sublinear_tf: bool) -> TfidfVectorizer:
    # imported here: scikit-learn takes about a second to import, textkit itself should not
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer=_identity, lowercase=False, sublinear_tf=sublinear_tf, norm="l2")


def tfidf(
    corpus: pd.DataFrame | Mapping[str, str],
    *,
    features: Features = "tokens",
    tokenizer: Tokenizer | None = None,
    protect: Iterable[str] = (),
    char_ngrams: tuple[int, int] = (2, 3),
    sublinear_tf: bool = False,
) -> pd.DataFrame:
    """TF-IDF weights of every term in every document, as a tidy table.

    Terms are content tokens (stopwords, punctuation, white space and bare numbers
    dropped; ``protect`` phrases kept as single tokens) or, with
    ``features="chars"``, character n-grams taken inside runs of letters and digits.
    Weights are scikit-learn's smoothed TF-IDF, ``tf * (ln((1 + n) / (1 + df)) + 1)``,
    L2-normalised per document.

    Parameters
    ----------
    corpus : DataFrame or mapping
        What :func:`textkit.read_corpus` returns, or ``{doc_id: text}``.
    features : {"tokens", "chars"}
        Tokens from ``tokenizer``, or character n-grams.
    tokenizer : Tokenizer, optional
        Segmenter for ``features="tokens"``; default ``Tokenizer()``.
    protect : iterable of str
        Phrases (e.g. slogans, which may contain punctuation) counted as one token,
        longest first, in addition to the tokenizer's own protected phrases.
    char_ngrams : (int, int)
        Smallest and largest n for ``features="chars"``.
    sublinear_tf : bool
        Use ``1 + ln(tf)`` instead of raw counts.

    Returns
    -------
    pandas.DataFrame
        One row per document and term present in it, sorted by document (corpus
        order), then weight (descending), then term:

        ======== ======= ==================================================
        doc_id   str     document
        term     str     token or character n-gram
        count    int     occurrences of the term in the document
        df       int     number of documents containing the term
        tfidf    float   L2-normalised TF-IDF weight
        ======== ======= ==================================================

    Examples
    --------
    >>> t = tfidf({"a": "学思想、强党性", "b": "学思想、重实践"}, features="chars", char_ngrams=(3, 3))
    >>> t[["doc_id", "term", "count", "df"]].values.tolist()
    [['a', '强党性', 1, 1], ['a', '学思想', 1, 2], ['b', '重实践', 1, 1], ['b', '学思想', 1, 2]]
    """
    corpus = as_corpus(corpus)
    docs = _features(corpus["text"], features, tokenizer, protect, char_ngrams)
    ids = corpus["doc_id"].astype(str).tolist()
    columns = ["doc_id", "term", "count", "df", "tfidf"]
    if not any(docs):
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(columns, [str, str, "int64", "int64", float])})
    vec = _vectorizer(sublinear_tf)
    weights = vec.fit_transform(docs).tocoo()
    vocab = vec.get_feature_names_out()
    df = np.bincount(weights.col, minlength=len(vocab))
    counts = [pd.Series(d).value_counts() if d else pd.Series(dtype="int64") for d in docs]
    table = pd.DataFrame(
        {
            "doc_id": np.array(ids, dtype=object)[weights.row],
            "term": vocab[weights.col],
            "count": [int(counts[r][vocab[c]]) for r, c in zip(weights.row, weights.col)],
            "df": df[weights.col].astype("int64"),
            "tfidf": weights.data,
        }
    )
    table["_order"] = table["doc_id"].map({d: i for i, d in enumerate(ids)})
    table = table.sort_values(["_order", "tfidf", "term"], ascending=[True, False, True], kind="stable")
    return table.drop(columns="_order").reset_index(drop=True)


def similarity(
    corpus: pd.DataFrame | Mapping[str, str],
    *,
    features: Features = "tokens",
    tokenizer: Tokenizer | None = None,
    protect: Iterable[str] = (),
    char_ngrams: tuple[int, int] = (2, 3),
    sublinear_tf: bool = False,
) -> pd.DataFrame:
    """Cosine similarity of the documents' TF-IDF vectors, for every ordered pair.

    Parameters
    ----------
    corpus : DataFrame or mapping
        What :func:`textkit.read_corpus` returns, or ``{doc_id: text}``.
    features, tokenizer, protect, char_ngrams, sublinear_tf
        As for :func:`tfidf`.

    Returns
    -------
    pandas.DataFrame
        ``n * n`` rows (diagonal included, both orders), in corpus order of
        ``doc_id_a`` then ``doc_id_b``:

        ============ ====== ================================================
        doc_id_a     str    first document
        doc_id_b     str    second document
        similarity   float  cosine similarity, 0–1 (1 on the diagonal; 0 for
                            a document without any feature)
        ============ ====== ================================================

    Examples
    --------
    >>> s = similarity({"a": "学思想、强党性", "b": "学思想、重实践", "c": "建新功"}, features="chars")
    >>> s.pivot(index="doc_id_a", columns="doc_id_b", values="similarity").round(2).values.tolist()
    [[1.0, 0.37, 0.0], [0.37, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """
    corpus = as_corpus(corpus)
    ids = corpus["doc_id"].astype(str).tolist()
    docs = _features(corpus["text"], features, tokenizer, protect, char_ngrams)
    if any(docs):
        x = _vectorizer(sublinear_tf).fit_transform(docs)
        sim = (x @ x.T).toarray()
    else:
        sim = np.zeros((len(ids), len(ids)))
    sim = np.clip(sim, 0.0, 1.0)
    empty = [i for i, d in enumerate(docs) if not d]
    np.fill_diagonal(sim, 1.0)
    for i in empty:
        sim[i, i] = 0.0
    n = len(ids)
    return pd.DataFrame(
        {
            "doc_id_a": np.repeat(np.array(ids, dtype=object), n),
            "doc_id_b": np.tile(np.array(ids, dtype=object), n),
            "similarity": sim.ravel(),
        }
    )


def similarity_matrix(
    table: pd.DataFrame,
    *,
    order: Order = "cluster",
    method: Literal["average", "complete", "single", "weighted"] = "average",
) -> pd.DataFrame:
    """Square similarity matrix from the long table of :func:`similarity`.

    Parameters
    ----------
    table : DataFrame
        Columns ``doc_id_a``, ``doc_id_b``, ``similarity`` for every ordered pair.
    order : {"cluster", "input"}
        ``"cluster"``: rows and columns in the leaf order of an agglomerative
        clustering on the distance ``1 - similarity`` (scipy ``linkage`` with
        optimal leaf ordering), so that similar documents sit next to each other in
        a heatmap. ``"input"``: order of first appearance in ``table``.
    method : {"average", "complete", "single", "weighted"}
        Linkage method for ``order="cluster"``.

    Returns
    -------
    pandas.DataFrame
        Square, index and columns are ``doc_id`` values (index named ``doc_id_a``,
        columns named ``doc_id_b``), float similarities.

    Examples
    --------
    >>> s = similarity({"a": "学思想、强党性", "b": "建新功", "c": "学思想、重实践"}, features="chars")
    >>> similarity_matrix(s).index.tolist()
    ['b', 'c', 'a']
    """
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    _check("order", order, _ORDERS)
    _check("method", method, ("average", "complete", "single", "weighted"))
    missing = [c for c in ("doc_id_a", "doc_id_b", "similarity") if c not in table.columns]
    if missing:
        raise ValueError(f"table is missing column(s) {missing}; pass what similarity() returns")
    ids = list(dict.fromkeys(list(table["doc_id_a"]) + list(table["doc_id_b"])))
    square = table.pivot(index="doc_id_a", columns="doc_id_b", values="similarity").reindex(index=ids, columns=ids)
    if square.isna().any().any():
        raise ValueError("table does not hold every ordered pair of documents")
    if order == "cluster" and len(ids) > 2:
        values = square.to_numpy(dtype=float)
        distance = np.clip(1.0 - (values + values.T) / 2, 0.0, None)
        np.fill_diagonal(distance, 0.0)
        tree = linkage(squareform(distance, checks=False), method=method, optimal_ordering=True)
        ids = [ids[i] for i in leaves_list(tree)]
        square = square.reindex(index=ids, columns=ids)
    square.index.name, square.columns.name = "doc_id_a", "doc_id_b"
    return square


def align_passages(
    corpus: pd.DataFrame | Mapping[str, str],
    *,
    unit: Unit = "sentence",
    features: Features = "tokens",
    tokenizer: Tokenizer | None = None,
    protect: Iterable[str] = (),
    char_ngrams: tuple[int, int] = (2, 3),
    top_n: int = 1,
    min_similarity: float = 0.3,
    min_chars: int = 10,
) -> pd.DataFrame:
    """Best-matching passages between documents, by TF-IDF cosine similarity.

    Every passage (sentence or paragraph) of every document becomes a TF-IDF vector
    (IDF over all passages of the corpus). For each ordered pair of documents
    (a, b) and each passage of a, the ``top_n`` most similar passages of b are
    kept if their similarity is at least ``min_similarity``.

    Parameters
    ----------
    corpus : DataFrame or mapping
        What :func:`textkit.read_corpus` returns, or ``{doc_id: text}``.
    unit : {"sentence", "paragraph"}
        Passages: :func:`textkit.sentences` or :func:`textkit.paragraphs`.
    features, tokenizer, protect, char_ngrams
        As for :func:`tfidf`.
    top_n : int
        How many passages of b to keep for each passage of a.
    min_similarity : float
        Smallest cosine similarity kept.
    min_chars : int
        Passages shorter than this (in characters) are left out.

    Returns
    -------
    pandas.DataFrame
        One row per passage of a and matching passage of b; sorted by ``doc_id_a``
        and ``doc_id_b`` (corpus order), similarity (descending), ``passage_a``:

        ============ ====== ================================================
        doc_id_a     str    document of the passage
        passage_a    int    its ``sent_id`` or ``para_id``
        start_a      int    offset in the cleaned text of ``doc_id_a``
        end_a        int    offset after it
        text_a       str    the passage
        doc_id_b     str    the other document
        passage_b    int    ``sent_id`` or ``para_id`` of the match
        start_b      int    offset in the cleaned text of ``doc_id_b``
        end_b        int    offset after it
        text_b       str    the matching passage
        similarity   float  cosine similarity, 0–1
        rank         int    1 for the best match of ``passage_a`` in ``doc_id_b``
        mutual       bool   ``passage_a`` is also the best match of
                            ``passage_b`` in ``doc_id_a``
        ============ ====== ================================================

    Examples
    --------
    >>> docs = {"a": "坚持学思想。推动发展。", "b": "我们坚持学思想。另一句话。"}
    >>> al = align_passages(docs, features="chars", min_chars=1)
    >>> al[["doc_id_a", "text_a", "text_b", "mutual"]].values.tolist()
    [['a', '坚持学思想。', '我们坚持学思想。', True], ['b', '我们坚持学思想。', '坚持学思想。', True]]
    """
    _check("unit", unit, _UNITS)
    if top_n < 1:
        raise ValueError(f"top_n={top_n!r}; must be at least 1")
    corpus = as_corpus(corpus)
    passages = sentences(corpus) if unit == "sentence" else paragraphs(corpus)
    passages = passages.rename(columns={"sent_id" if unit == "sentence" else "para_id": "passage"})
    passages = passages[passages["end"] - passages["start"] >= min_chars].reset_index(drop=True)
    feats = _features(passages["text"], features, tokenizer, protect, char_ngrams)
    keep = [i for i, f in enumerate(feats) if f]
    passages = passages.iloc[keep].reset_index(drop=True)
    feats = [feats[i] for i in keep]
    columns = ["doc_id_a", "passage_a", "start_a", "end_a", "text_a", "doc_id_b", "passage_b", "start_b", "end_b", "text_b", "similarity", "rank", "mutual"]
    if passages.empty:
        return pd.DataFrame(columns=columns)
    x = _vectorizer(False).fit_transform(feats)
    sim = (x @ x.T).toarray()
    doc_of = passages["doc_id"].astype(str).to_numpy()
    ids = [str(d) for d in corpus["doc_id"]]
    rows_of = {d: np.flatnonzero(doc_of == d) for d in ids}
    rows = []
    for a in ids:
        for b in ids:
            ra, rb = rows_of[a], rows_of[b]
            if a == b or not len(ra) or not len(rb):
                continue
            block = sim[np.ix_(ra, rb)]
            best_in_a = block.argmax(axis=0)
            for i, row in enumerate(block):
                # ties broken by passage order (stable sort on -similarity)
                for rank, j in enumerate(np.argsort(-row, kind="stable")[:top_n], start=1):
                    if row[j] < min_similarity:
                        break
                    pa, pb = passages.iloc[ra[i]], passages.iloc[rb[j]]
                    rows.append(
                        (a, pa.passage, pa.start, pa.end, pa.text, b, pb.passage, pb.start, pb.end, pb.text,
                         float(min(row[j], 1.0)), rank, bool(best_in_a[j] == i))
                    )
    out = pd.DataFrame(rows, columns=columns)
    order = {d: i for i, d in enumerate(ids)}
    out["_a"], out["_b"] = out["doc_id_a"].map(order), out["doc_id_b"].map(order)
    out = out.sort_values(["_a", "_b", "similarity", "passage_a", "rank"], ascending=[True, True, False, True, True], kind="stable")
    return out.drop(columns=["_a", "_b"]).reset_index(drop=True).astype(
        {"passage_a": "int64", "start_a": "int64", "end_a": "int64", "passage_b": "int64", "start_b": "int64", "end_b": "int64", "rank": "int64", "mutual": bool}
    )


# ---------------------------------------------------------------------------
# Verbatim reuse
# ---------------------------------------------------------------------------

# One-to-one replacements, so that variants of the same punctuation mark compare equal.
_PUNCT_VARIANTS = str.maketrans(
    {
        ",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）",
        "[": "【", "]": "】", "〔": "【", "〕": "】",
        '"': "“", "”": "“", "'": "“", "‘": "“", "’": "“", "「": "“", "」": "“", "『": "“", "』": "“",
        "〈": "《", "〉": "》", "<": "《", ">": "》",
        "．": "。", "–": "—", "－": "—", "~": "—", "～": "—",
    }
)
_PUNCT_OR_SPACE = re.compile(r"[^\w]|_")
# Line breaks are replaced by a private-use character unique to each document.
_SEP_BASE = 0xF0000


def _reuse_key(text: str, punctuation: str, sep: str) -> tuple[str, list[int]]:
    """The string compared for reuse, and the offset in ``text`` of each of its characters.

    Line breaks become ``sep``, a character that is different for every document, so a
    span never crosses a paragraph boundary; other white space is dropped.
    """
    if punctuation == "exact":
        return text.replace("\n", sep), list(range(len(text)))
    mapped = text.translate(_PUNCT_VARIANTS).replace("\n", sep)
    keep = [
        i
        for i, ch in enumerate(mapped)
        if ch == sep or not (ch.isspace() or (punctuation == "ignore" and _PUNCT_OR_SPACE.match(ch)))
    ]
    return "".join(mapped[i] for i in keep), keep


class _SuffixAutomaton:
    """Suffix automaton of one string: recognises all its substrings in linear space."""

    def __init__(self, s: str) -> None:
        nxt: list[dict[str, int]] = [{}]
        link = [-1]
        length = [0]
        last = 0
        for ch in s:
            cur = len(nxt)
            nxt.append({})
            length.append(length[last] + 1)
            link.append(0)
            p = last
            while p != -1 and ch not in nxt[p]:
                nxt[p][ch] = cur
                p = link[p]
            if p != -1:
                q = nxt[p][ch]
                if length[p] + 1 == length[q]:
                    link[cur] = q
                else:
                    clone = len(nxt)
                    nxt.append(dict(nxt[q]))
                    length.append(length[p] + 1)
                    link.append(link[q])
                    while p != -1 and nxt[p].get(ch) == q:
                        nxt[p][ch] = clone
                        p = link[p]
                    link[q] = link[cur] = clone
            last = cur
        self.next, self.link, self.length = nxt, link, length

    def matching_lengths(self, t: str) -> list[int]:
        """For each position j of ``t``: length of the longest substring of the
        automaton's string that ends ``t[: j + 1]``."""
        nxt, link, length = self.next, self.link, self.length
        v = size = 0
        out = []
        for ch in t:
            while v and ch not in nxt[v]:
                v = link[v]
                size = length[v]
            if ch in nxt[v]:
                v = nxt[v][ch]
                size += 1
            else:
                v = size = 0
            out.append(size)
        return out


def _occurrences(s: str, sub: str) -> list[int]:
    out = []
    i = s.find(sub)
    while i != -1:
        out.append(i)
        i = s.find(sub, i + 1)
    return out


def text_reuse(
    corpus: pd.DataFrame | Mapping[str, str],
    *,
    min_chars: int = 10,
    punctuation: Punctuation = "normalize",
) -> pd.DataFrame:
    """Verbatim reuse: maximal character spans shared by two documents.

    For each pair of documents (a, b), in corpus order with a before b, a suffix
    automaton of a is built and b is scanned through it (time linear in the length
    of both texts). A span of b is reported when it occurs in a, is at least
    ``min_chars`` characters long, and cannot be extended to the left or right in b
    while still occurring in a; it is reported once for each place where it occurs
    in a. Shared passages shorter than a reported span that contains them are not
    listed again. Spans never cross a line break (paragraph boundary).

    Parameters
    ----------
    corpus : DataFrame or mapping
        What :func:`textkit.read_corpus` returns, or ``{doc_id: text}``.
    min_chars : int
        Minimum length of a span, counted in compared characters (see
        ``punctuation``).
    punctuation : {"normalize", "ignore", "exact"}
        How texts are compared. ``"normalize"`` (default): variants of one mark are
        equal (``,`` and ``，``; all quotation marks, so “ ” ‘ ’ match each other; 〈 and 《 …),
        other white space is skipped. ``"ignore"``: additionally
        all punctuation is skipped, so 学思想、强党性 matches 学思想，强党性.
        ``"exact"``: characters as they are.

    Returns
    -------
    pandas.DataFrame
        One row per shared span and occurrence, sorted by pair (corpus order),
        ``start_b``, ``start_a``:

        ========== ====== ==================================================
        doc_id_a   str    first document of the pair
        doc_id_b   str    second document
        start_a    int    offset of the span in the cleaned text of a
        end_a      int    offset after it
        start_b    int    offset of the span in the cleaned text of b
        end_b      int    offset after it
        text       str    the span as written in a
        n_chars    int    its length in compared characters
        ========== ====== ==================================================

    Examples
    --------
    >>> docs = {"a": "紧紧围绕“学思想、强党性、重实践、建新功”的总要求。", "b": "区委围绕‘学思想、强党性、重实践、建新功’，推进。"}
    >>> text_reuse(docs)[["start_a", "end_a", "start_b", "end_b", "text"]].values.tolist()
    [[2, 21, 2, 21, '围绕“学思想、强党性、重实践、建新功”']]
    """
    _check("punctuation", punctuation, _PUNCTUATION)
    if int(min_chars) < 1:
        raise ValueError(f"min_chars={min_chars!r}; must be at least 1")
    corpus = as_corpus(corpus)
    ids = [str(d) for d in corpus["doc_id"]]
    texts = list(corpus["text"])
    keys = [_reuse_key(t, punctuation, chr(_SEP_BASE + i)) for i, t in enumerate(texts)]
    rows = []
    for ia in range(len(ids)):
        key_a, map_a = keys[ia]
        automaton = _SuffixAutomaton(key_a)
        for ib in range(ia + 1, len(ids)):
            key_b, map_b = keys[ib]
            lengths = automaton.matching_lengths(key_b)
            for j, size in enumerate(lengths):
                if size < min_chars or (j + 1 < len(lengths) and lengths[j + 1] > size):
                    continue
                kb = j - size + 1
                span = key_b[kb : j + 1]
                sb, eb = map_b[kb], map_b[j] + 1
                for ka in _occurrences(key_a, span):
                    sa, ea = map_a[ka], map_a[ka + size - 1] + 1
                    rows.append((ids[ia], ids[ib], sa, ea, sb, eb, texts[ia][sa:ea], size))
    columns = ["doc_id_a", "doc_id_b", "start_a", "end_a", "start_b", "end_b", "text", "n_chars"]
    out = pd.DataFrame(rows, columns=columns)
    order = {d: i for i, d in enumerate(ids)}
    out["_a"], out["_b"] = out["doc_id_a"].map(order), out["doc_id_b"].map(order)
    out = out.sort_values(["_a", "_b", "start_b", "start_a"], kind="stable").drop(columns=["_a", "_b"])
    ints = {c: "int64" for c in ("start_a", "end_a", "start_b", "end_b", "n_chars")}
    return out.reset_index(drop=True).astype(ints)


def travelling_passages(reuse: pd.DataFrame) -> pd.DataFrame:
    """The passages that travel: each verbatim span with every document pair that shares it.

    Parameters
    ----------
    reuse : DataFrame
        From :func:`text_reuse`.

    Returns
    -------
    pandas.DataFrame
        One row per distinct span text, the most widely shared first (then the
        longest, then by text):

        ======== ====== ==================================================
        text     str    the span as written in the first document of a pair
        n_chars  int    its length in compared characters
        n_docs   int    documents sharing it
        doc_ids  str    those documents, ``;``-joined, in order of appearance
        n_pairs  int    pairs of documents sharing it
        pairs    str    those pairs, ``a–b``, space-joined
        ======== ====== ==================================================

    Examples
    --------
    >>> docs = {"a": "紧紧围绕“学思想、强党性、重实践、建新功”的总要求。", "b": "区委围绕“学思想、强党性、重实践、建新功”，推进。",
    ...         "c": "全市围绕“学思想、强党性、重实践、建新功”抓落实。"}
    >>> travelling_passages(text_reuse(docs))[["text", "n_docs", "doc_ids", "n_pairs"]].values.tolist()
    [['围绕“学思想、强党性、重实践、建新功”', 3, 'a;b;c', 3]]
    """
    columns = ["text", "n_chars", "n_docs", "doc_ids", "n_pairs", "pairs"]
    if reuse.empty:
        return pd.DataFrame(columns=columns).astype({"n_chars": "int64", "n_docs": "int64", "n_pairs": "int64"})
    rows = []
    for text, g in reuse.groupby("text", sort=False):
        pairs = list(dict.fromkeys(f"{a}–{b}" for a, b in zip(g["doc_id_a"], g["doc_id_b"])))
        docs = list(dict.fromkeys(d for a, b in zip(g["doc_id_a"], g["doc_id_b"]) for d in (a, b)))
        rows.append((text, int(g["n_chars"].iloc[0]), len(docs), ";".join(docs), len(pairs), " ".join(pairs)))
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["n_docs", "n_chars", "text"], ascending=[False, False, True], kind="stable").reset_index(drop=True)

