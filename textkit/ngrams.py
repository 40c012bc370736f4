"""Word and character n-grams, collocations, and n-grams shared between documents.

N-grams never cross punctuation, white space or line breaks: official Chinese
packs its formulas between 、，“” and 。, and a bigram that spans a comma is not a
unit of the language. Word n-grams come from a :class:`~textkit.tokenize.Tokenizer`
(pass yours; ``None`` builds the default one); character n-grams are taken from
runs of Chinese characters, letters and digits.

Association scores for :func:`collocations` follow Evert (2005), *The Statistics
of Word Cooccurrences*, on the 2x2 contingency table of each adjacent pair:
``O11`` pair count, ``R1`` count of the first unit in first position, ``C1``
count of the second unit in second position, ``N`` number of pairs, and
expected ``E11 = R1 * C1 / N``.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from typing import Literal

import pandas as pd

from textkit.corpus import as_corpus
from textkit.tokenize import Tokenizer

__all__ = ["association_scores", "collocations", "ngrams", "shared_ngrams"]

Unit = Literal["word", "char"]
StopwordPolicy = Literal["keep", "edge", "any"]
SortBy = Literal["g2", "pmi", "npmi", "t_score", "count"]
_UNITS = ("word", "char")
_STOPWORD_POLICIES = ("keep", "edge", "any")
_SORT_BY = ("g2", "pmi", "npmi", "t_score", "count")
_MAX_N = 6
_CHAR_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z0-9]+")
_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z0-9]")


def _check_choice(name: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name}={value!r}; allowed: {allowed}")


def _check_n(n: int | tuple[int, int]) -> tuple[int, int]:
    lo, hi = (n, n) if isinstance(n, int) else tuple(n)
    if not (isinstance(lo, int) and isinstance(hi, int)) or not 1 <= lo <= hi <= _MAX_N:
        raise ValueError(f"n={n!r}; allowed: an int or a (min, max) pair with 1 <= min <= max <= {_MAX_N}")
    return lo, hi


def _runs(
    text: str, unit: Unit, tokenizer: Tokenizer | None, stopwords: StopwordPolicy
) -> Iterator[list[tuple[str, bool]]]:
    """Runs of (unit, is_stopword) between punctuation, white space and line breaks."""
    if unit == "char":
        for m in _CHAR_RUN.finditer(text):
            yield [(ch, False) for ch in m.group(0)]
        return
    assert tokenizer is not None
    run: list[tuple[str, bool]] = []
    for line in text.split("\n"):
        for token in tokenizer.cut(line):
            if not _WORD.search(token):
                if run:
                    yield run
                run = []
                continue
            run.append((token, tokenizer.is_stopword(token)))
        if run:
            yield run
        run = []


def _doc_counts(
    corpus: pd.DataFrame, n: tuple[int, int], unit: Unit, tokenizer: Tokenizer | None, stopwords: StopwordPolicy
) -> dict[str, Counter[tuple[str, ...]]]:
    out: dict[str, Counter[tuple[str, ...]]] = {}
    lo, hi = n
    for doc_id, text in corpus[["doc_id", "text"]].itertuples(index=False):
        counts: Counter[tuple[str, ...]] = Counter()
        for run in _runs(text, unit, tokenizer, stopwords):
            units = [u for u, _ in run]
            stop = [s for _, s in run]
            for size in range(lo, hi + 1):
                for i in range(len(units) - size + 1):
                    if stopwords == "any" and any(stop[i : i + size]):
                        continue
                    if stopwords == "edge" and (stop[i] or stop[i + size - 1]):
                        continue
                    counts[tuple(units[i : i + size])] += 1
        out[doc_id] = counts
    return out


def _prepare(corpus, unit, tokenizer, stopwords, n):  # noqa: ANN001, ANN202
    _check_choice("unit", unit, _UNITS)
    _check_choice("stopwords", stopwords, _STOPWORD_POLICIES)
    n = _check_n(n)
    corpus = as_corpus(corpus)
    if unit == "word" and tokenizer is None:
        tokenizer = Tokenizer(stopwords="default")
    return corpus, n, tokenizer


def _join(gram: tuple[str, ...], unit: Unit) -> str:
    return "".join(gram) if unit == "char" else " ".join(gram)


def ngrams(
    corpus: pd.DataFrame | Mapping[str, str],
    *,
    n: int | tuple[int, int] = (1, 3),
    unit: Unit = "word",
    tokenizer: Tokenizer | None = None,
    stopwords: StopwordPolicy = "edge",
    min_count: int = 1,
) -> pd.DataFrame:
    """Count word or character n-grams in a corpus.

    Parameters
    ----------
    corpus : DataFrame or mapping
        What :func:`textkit.read_corpus` returns, or ``{doc_id: text}``.
    n : int or (int, int)
        N-gram size, or an inclusive range; 1 to 6.
    unit : {"word", "char"}
        Tokens from ``tokenizer``, or single characters.
    tokenizer : Tokenizer, optional
        For ``unit="word"``; ``None`` builds ``Tokenizer(stopwords="default")``.
        Its stopwords drive ``stopwords``.
    stopwords : {"keep", "edge", "any"}
        Keep every n-gram, drop those that start or end with a stopword, or drop
        those containing one. Characters are never stopwords.
    min_count : int
        Keep n-grams occurring at least this often in the whole corpus.

    Returns
    -------
    pandas.DataFrame
        One row per n-gram, sorted by ``count`` (descending), then ``n``, then ``ngram``:

        ======== ===== ===================================================
        ngram    str   the n-gram; words joined by one space, characters not
        n        int   its length in units
        count    int   occurrences in the corpus
        n_docs   int   documents it occurs in
        doc_ids  str   those documents' ``doc_id``, corpus order, joined by ``;``
        ======== ===== ===================================================

    Examples
    --------
    >>> ngrams({"a": "走深走实，走深。"}, n=2, unit="char").values.tolist()
    [['走深', 2, 2, 1, 'a'], ['深走', 2, 1, 1, 'a'], ['走实', 2, 1, 1, 'a']]
    """
    corpus, n, tokenizer = _prepare(corpus, unit, tokenizer, stopwords, n)
    per_doc = _doc_counts(corpus, n, unit, tokenizer, stopwords)
    total: Counter[tuple[str, ...]] = Counter()
    docs: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for doc_id, counts in per_doc.items():
        total.update(counts)
        for gram in counts:
            docs[gram].append(doc_id)
    rows = [
        (_join(g, unit), len(g), c, len(docs[g]), ";".join(docs[g]))
        for g, c in total.items()
        if c >= min_count
    ]
    table = pd.DataFrame(rows, columns=["ngram", "n", "count", "n_docs", "doc_ids"])
    order = sorted(range(len(rows)), key=lambda i: (-rows[i][2], rows[i][1], rows[i][0]))
    return table.iloc[order].reset_index(drop=True).astype({"n": "int64", "count": "int64", "n_docs": "int64"})


def shared_ngrams(
    corpus: pd.DataFrame | Mapping[str, str],
    *,
    n: int | tuple[int, int] = (2, 4),
    unit: Unit = "word",
    tokenizer: Tokenizer | None = None,
    stopwords: StopwordPolicy = "edge",
    min_docs: int = 2,
) -> pd.DataFrame:
    """Which n-grams occur in which documents (n-grams in at least ``min_docs`` documents).

    Parameters
    ----------
    corpus : DataFrame or mapping
        See :func:`ngrams`.
    n, unit, tokenizer, stopwords
        As for :func:`ngrams`.
    min_docs : int
        Keep n-grams found in at least this many documents.

    Returns
    -------
    pandas.DataFrame
        Long format, one row per (n-gram, document) where it occurs; pivot it with
        ``table.pivot(index="ngram", columns="doc_id", values="count")``. Sorted by
        ``n_docs`` (descending), ``n`` (descending), ``ngram``, then corpus order.

        ======== ===== ===================================================
        ngram    str   the n-gram (as in :func:`ngrams`)
        n        int   its length in units
        n_docs   int   documents it occurs in
        doc_id   str   one of them
        count    int   occurrences in that document
        ======== ===== ===================================================

    Examples
    --------
    >>> shared_ngrams({"a": "以学铸魂", "b": "要以学铸魂"}, n=4, unit="char")[["ngram", "doc_id"]].values.tolist()
    [['以学铸魂', 'a'], ['以学铸魂', 'b']]
    """
    corpus, n, tokenizer = _prepare(corpus, unit, tokenizer, stopwords, n)
    per_doc = _doc_counts(corpus, n, unit, tokenizer, stopwords)
    order = {d: i for i, d in enumerate(per_doc)}
    where: dict[tuple[str, ...], list[tuple[str, int]]] = defaultdict(list)
    for doc_id, counts in per_doc.items():
        for gram, c in counts.items():
            where[gram].append((doc_id, c))
    rows = [
        (_join(g, unit), len(g), len(hits), doc_id, c)
        for g, hits in where.items()
        if len(hits) >= min_docs
        for doc_id, c in hits
    ]
    rows.sort(key=lambda r: (-r[2], -r[1], r[0], order[r[3]]))
    table = pd.DataFrame(rows, columns=["ngram", "n", "n_docs", "doc_id", "count"])
    return table.astype({"n": "int64", "n_docs": "int64", "count": "int64"})


def association_scores(o11: float, r1: float, c1: float, n: float) -> dict[str, float]:
    """PMI, NPMI, log-likelihood G² and t-score of one pair.

    Parameters
    ----------
    o11 : float
        Count of the pair.
    r1 : float
        Count of the first unit in first position of any pair.
    c1 : float
        Count of the second unit in second position of any pair.
    n : float
        Number of pairs.

    Returns
    -------
    dict
        ``pmi`` = log2(O11 / E11); ``npmi`` = PMI / -log2(O11 / N) (1 when the
        units only occur together; defined as 1 when O11 = N); ``g2`` = 2 Σ O ln(O / E)
        over the four cells of the 2x2 table (0·ln 0 = 0); ``t_score`` = (O11 − E11) / √O11.

    Examples
    --------
    >>> s = association_scores(2, 2, 2, 4)
    >>> round(s["pmi"], 3), round(s["npmi"], 3), round(s["g2"], 3), round(s["t_score"], 3)
    (1.0, 1.0, 5.545, 0.707)
    """
    e11 = r1 * c1 / n
    pmi = math.log2(o11 / e11)
    p = o11 / n
    npmi = 1.0 if p >= 1 else pmi / -math.log2(p)
    observed = (o11, r1 - o11, c1 - o11, n - r1 - c1 + o11)
    expected = (e11, r1 * (n - c1) / n, (n - r1) * c1 / n, (n - r1) * (n - c1) / n)
    g2 = 2 * sum(o * math.log(o / e) for o, e in zip(observed, expected) if o > 0)
    t_score = (o11 - e11) / math.sqrt(o11)
    return {"pmi": pmi, "npmi": npmi, "g2": g2, "t_score": t_score}


def collocations(
    corpus: pd.DataFrame | Mapping[str, str],
    *,
    unit: Unit = "word",
    tokenizer: Tokenizer | None = None,
    stopwords: StopwordPolicy = "any",
    min_count: int = 3,
    sort_by: SortBy = "g2",
) -> pd.DataFrame:
    """Adjacent pairs of words (or characters) that occur together more than by chance.

    Parameters
    ----------
    corpus : DataFrame or mapping
        See :func:`ngrams`.
    unit : {"word", "char"}
        Pairs of tokens, or of characters.
    tokenizer : Tokenizer, optional
        As for :func:`ngrams`.
    stopwords : {"keep", "edge", "any"}
        Drop pairs that contain a stopword (``"edge"`` and ``"any"`` are the same
        for pairs), or keep them. The marginal counts always include every pair.
    min_count : int
        Keep pairs occurring at least this often.
    sort_by : {"g2", "pmi", "npmi", "t_score", "count"}
        Sort by this column (descending), ties by ``first`` then ``second``.

    Returns
    -------
    pandas.DataFrame
        One row per pair (see the module docstring for the notation):

        =========== ====== ====================================================
        first       str    the first unit
        second      str    the second unit
        count       int    O11, occurrences of the pair
        count_first int    R1, pairs with ``first`` in first position
        count_second int   C1, pairs with ``second`` in second position
        pmi         float  pointwise mutual information, log2(O11 / E11)
        npmi        float  PMI normalised to [-1, 1] by -log2(O11 / N)
        g2          float  log-likelihood ratio G² (natural log)
        t_score     float  (O11 − E11) / √O11
        =========== ====== ====================================================

    Examples
    --------
    >>> table = collocations({"a": "走深走实。走深走实。见行见效。"}, unit="char", min_count=2)
    >>> table[["first", "second", "count"]].values.tolist()
    [['深', '走', 2], ['走', '实', 2], ['走', '深', 2]]
    """
    _check_choice("sort_by", sort_by, _SORT_BY)
    corpus, _, tokenizer = _prepare(corpus, unit, tokenizer, stopwords, 2)
    pairs: Counter[tuple[str, str]] = Counter()
    stop_pairs: set[tuple[str, str]] = set()
    for text in corpus["text"]:
        for run in _runs(text, unit, tokenizer, stopwords):
            for (a, sa), (b, sb) in zip(run, run[1:]):
                pairs[(a, b)] += 1
                if sa or sb:
                    stop_pairs.add((a, b))
    n = sum(pairs.values())
    firsts: Counter[str] = Counter()
    seconds: Counter[str] = Counter()
    for (a, b), c in pairs.items():
        firsts[a] += c
        seconds[b] += c
    rows = []
    for (a, b), c in pairs.items():
        if c < min_count or (stopwords != "keep" and (a, b) in stop_pairs):
            continue
        s = association_scores(c, firsts[a], seconds[b], n)
        rows.append((a, b, c, firsts[a], seconds[b], s["pmi"], s["npmi"], s["g2"], s["t_score"]))
    columns = ["first", "second", "count", "count_first", "count_second", "pmi", "npmi", "g2", "t_score"]
    table = pd.DataFrame(rows, columns=columns)
    if table.empty:
        return table.astype({"count": "int64", "count_first": "int64", "count_second": "int64", "pmi": float, "npmi": float, "g2": float, "t_score": float})
    key = columns.index(sort_by)
    rows.sort(key=lambda r: (-r[key], r[0], r[1]))
    return pd.DataFrame(rows, columns=columns)

