"""Keyness: which words (or slogans) a document uses more, or less, than the others.

Each comparison is a 2×2 table of a term's frequency and the number of all other
tokens in a target and a reference text:

==================  ==========  ==============
                    target      reference
==================  ==========  ==============
the term            a           b
all other tokens    c = N1 − a  d = N2 − b
==================  ==========  ==============

From it :func:`keyness_stats` computes

* **G²** (log-likelihood ratio), ``2 Σ O ln(O / E)`` over all four cells, with
  expected counts ``E`` from the margins (0 · ln 0 = 0), and its p-value from the
  χ² distribution with 1 degree of freedom. This is the four-cell statistic of the
  contingency table; Rayson's two-cell version (used by e.g. Wmatrix) omits the
  cells c and d and is slightly different;
* **χ²**, Pearson's statistic ``Σ (O − E)² / E`` without continuity correction;
* **log ratio** (Hardie 2014), ``log2((a / N1) / (b / N2))``: +1 means twice as
  frequent in the target. A zero frequency is replaced by 0.5. Its confidence
  interval treats both counts as Poisson, ``SE = sqrt(1/a + 1/b) / ln 2`` (zeros
  again as 0.5), ``log_ratio ± z · SE``.

:func:`keyness` applies this to every term of a corpus, one document against the
rest of the corpus or against every other document. p-values are not corrected
for the many terms tested; with thousands of terms, read them as a ranking, or
apply a correction (e.g. Bonferroni) yourself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Literal

import numpy as np
import pandas as pd

from textkit.corpus import as_corpus, normalize
from textkit.similarity import _check, _content_tokens
from textkit.tokenize import Tokenizer, protect_pattern

__all__ = ["keyness", "keyness_stats"]

Compare = Literal["one_vs_rest", "pairwise"]
_COMPARE = ("one_vs_rest", "pairwise")
Units = Literal["tokens", "slogans"]
_UNITS = ("tokens", "slogans")
SortBy = Literal["g2", "chi2", "log_ratio"]
_SORT_BY = ("g2", "chi2", "log_ratio")
REST = "rest"


def _cells(a: np.ndarray, b: np.ndarray, n1: np.ndarray, n2: np.ndarray) -> tuple[tuple, tuple]:
    """Observed and expected cells of the 2×2 tables."""
    n = n1 + n2
    c, d = n1 - a, n2 - b
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = (n1 * (a + b) / n, n2 * (a + b) / n, n1 * (c + d) / n, n2 * (c + d) / n)
    return (a, b, c, d), expected


def _g2(observed: tuple, expected: tuple) -> np.ndarray:
    """Log-likelihood G² of 2×2 tables (one function, so a pre-selection by G² matches keyness_stats)."""
    from scipy.special import xlogy

    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * sum(np.where(o > 0, xlogy(o, o) - xlogy(o, e), 0.0) for o, e in zip(observed, expected))
    return np.maximum(g2, 0.0)


def g2_only(a: np.ndarray, b: np.ndarray, n1: np.ndarray, n2: np.ndarray) -> np.ndarray:
    """G² exactly as :func:`keyness_stats` computes it, without the other statistics.

    Examples
    --------
    >>> round(float(g2_only(np.array([20.0]), np.array([10.0]), np.array([1000.0]), np.array([2000.0]))[0]), 4)
    14.0147
    """
    return _g2(*_cells(a, b, n1, n2))


def keyness_stats(
    a: Iterable[float] | float,
    b: Iterable[float] | float,
    n_target: Iterable[float] | float,
    n_reference: Iterable[float] | float,
    *,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Keyness statistics of 2×2 tables (vectorised).

    Parameters
    ----------
    a, b : int or array-like
        Frequency of the term in the target and in the reference.
    n_target, n_reference : int or array-like
        Total number of tokens in the target and in the reference.
    conf_level : float
        Confidence level of the log-ratio interval, between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        One row per table:

        ============== ====== ============================================
        g2             float  log-likelihood ratio G² (four cells)
        p_value        float  P(χ²₁ ≥ G²)
        chi2           float  Pearson's χ², no continuity correction
        log_ratio      float  log2 of the ratio of relative frequencies
        log_ratio_low  float  lower bound of its confidence interval
        log_ratio_high float  upper bound
        direction      str    ``over`` (more frequent in the target),
                              ``under``, or ``equal``
        ============== ====== ============================================

    Examples
    --------
    >>> keyness_stats(20, 10, 1000, 2000).round(4).iloc[0].to_dict()
    {'g2': 14.0147, 'p_value': 0.0002, 'chi2': 15.1515, 'log_ratio': 2.0, 'log_ratio_low': 0.9049, 'log_ratio_high': 3.0951, 'direction': 'over'}
    """
    # scipy.special holds what chi2.sf and norm.ppf compute (the same values), without the
    # second of importing scipy.stats
    from scipy.special import chdtrc, ndtri

    if not 0 < conf_level < 1:
        raise ValueError(f"conf_level={conf_level!r}; must be between 0 and 1")
    a, b, n1, n2 = (np.atleast_1d(np.asarray(v, dtype=float)) for v in (a, b, n_target, n_reference))
    a, b, n1, n2 = np.broadcast_arrays(a, b, n1, n2)
    if (a < 0).any() or (b < 0).any() or (a > n1).any() or (b > n2).any():
        raise ValueError("frequencies must be between 0 and the corpus sizes")
    observed, expected = _cells(a, b, n1, n2)
    g2 = _g2(observed, expected)
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = sum(np.where(e > 0, (o - e) ** 2 / e, 0.0) for o, e in zip(observed, expected))
        a0, b0 = np.where(a > 0, a, 0.5), np.where(b > 0, b, 0.5)
        log_ratio = np.log2((a0 / n1) / (b0 / n2))
    se = np.sqrt(1 / a0 + 1 / b0) / np.log(2)
    z = ndtri(1 - (1 - conf_level) / 2)
    rate_a, rate_b = a / n1, b / n2
    direction = np.where(rate_a > rate_b, "over", np.where(rate_a < rate_b, "under", "equal"))
    return pd.DataFrame(
        {
            "g2": g2,
            "p_value": np.where(g2 <= 0, 1.0, chdtrc(1, g2)),  # chi2.sf(g2, 1)
            "chi2": chi2,
            "log_ratio": log_ratio,
            "log_ratio_low": log_ratio - z * se,
            "log_ratio_high": log_ratio + z * se,
            "direction": direction.astype(object),
        }
    )


def _slogan_counts(
    corpus: pd.DataFrame, slogans: Iterable[str] | pd.DataFrame, tokenizer: Tokenizer
) -> tuple[dict[str, Counter[str]], dict[str, int]]:
    """Slogan counts per document and token totals with slogans counted as one token."""
    ids = [str(d) for d in corpus["doc_id"]]
    if isinstance(slogans, pd.DataFrame):
        missing = [c for c in ("doc_id", "surface", "slogan") if c not in slogans.columns]
        if missing:
            raise ValueError(f"slogans table is missing column(s) {missing}; pass find_slogans' occurrence table or a list of slogans")
        pattern = protect_pattern(slogans["surface"].astype(str))
        counts = {d: Counter() for d in ids}
        for doc_id, slogan in slogans[["doc_id", "slogan"]].astype(str).itertuples(index=False):
            if doc_id in counts:
                counts[doc_id][slogan] += 1
        totals = {d: len(_content_tokens(t, tokenizer, pattern)) for d, t in zip(ids, corpus["text"])}
        return counts, totals
    if isinstance(slogans, str):
        raise TypeError("slogans must be a list of slogans or an occurrence table, not a single string")
    wanted = {normalize(s) for s in slogans} - {""}
    pattern = protect_pattern(wanted)
    counts, totals = {}, {}
    for d, text in zip(ids, corpus["text"]):
        tokens = _content_tokens(text, tokenizer, pattern)
        totals[d] = len(tokens)
        counts[d] = Counter(t for t in tokens if t in wanted)
    return counts, totals


def keyness(
    corpus: pd.DataFrame | Mapping[str, str],
    *,
    compare: Compare = "one_vs_rest",
    units: Units = "tokens",
    slogans: Iterable[str] | pd.DataFrame | None = None,
    tokenizer: Tokenizer | None = None,
    min_freq: int = 3,
    conf_level: float = 0.95,
    sort_by: SortBy = "g2",
) -> pd.DataFrame:
    """Keyness of every term, one document against the rest or against each other one.

    Terms are content tokens: stopwords, punctuation, white space and bare numbers
    are dropped, before and after counting (so the totals ``N1``, ``N2`` are
    numbers of content tokens). See the module documentation for the statistics.

    Parameters
    ----------
    corpus : DataFrame or mapping
        What :func:`textkit.read_corpus` returns, or ``{doc_id: text}``.
    compare : {"one_vs_rest", "pairwise"}
        Each document against all the others pooled, or against each other
        document separately (every ordered pair).
    units : {"tokens", "slogans"}
        Test every token, or only the slogans given in ``slogans``.
    slogans : list of str or DataFrame, optional
        Slogans (formulas, 提法), kept as single tokens when counting, longest
        first. Either a list of strings, or the occurrence table of
        ``textkit.find_slogans`` (columns ``doc_id``, ``surface``, ``slogan``), whose
        rows are then the counts. Required for ``units="slogans"``; with
        ``units="tokens"`` they are counted as tokens among the others.
    tokenizer : Tokenizer, optional
        Default ``Tokenizer()``.
    min_freq : int
        Leave out terms with ``a + b < min_freq`` (frequency in the two texts
        compared).
    conf_level : float
        Confidence level of the log-ratio interval.
    sort_by : {"g2", "chi2", "log_ratio"}
        Statistic that orders the rows within each comparison.

    Returns
    -------
    pandas.DataFrame
        One row per comparison and term. Sorted by ``doc_id`` (corpus order),
        ``reference`` (corpus order, ``rest`` for one-vs-rest), then from the
        most over-used to the most under-used term: over-used terms by
        ``sort_by`` descending, then under-used terms by ``sort_by`` ascending
        (``log_ratio`` simply descending), ties by term.

        ================= ====== ==========================================
        doc_id            str    target document
        reference         str    ``rest`` (all other documents) or the
                                 ``doc_id`` of the reference document
        term              str    token or slogan
        n_target          int    frequency in the target (a)
        n_reference       int    frequency in the reference (b)
        per_10k_target    float  a per 10,000 content tokens of the target
        per_10k_reference float  b per 10,000 content tokens of the reference
        g2                float  log-likelihood G²
        p_value           float  P(χ²₁ ≥ G²), uncorrected
        chi2              float  Pearson's χ²
        log_ratio         float  log2 ratio of relative frequencies
        log_ratio_low     float  lower bound of its confidence interval
        log_ratio_high    float  upper bound
        direction         str    ``over``, ``under`` or ``equal``
        ================= ====== ==========================================

    Examples
    --------
    >>> docs = {"a": "检视整改，检视整改，检视整改，检视整改。理论学习。",
    ...         "b": "理论学习，理论学习，理论学习。检视整改。"}
    >>> k = keyness(docs, min_freq=1)
    >>> k[["doc_id", "term", "n_target", "n_reference", "direction"]].values.tolist()
    [['a', '检视整改', 4, 1, 'over'], ['a', '理论学习', 1, 3, 'under'], ['b', '理论学习', 3, 1, 'over'], ['b', '检视整改', 1, 4, 'under']]
    """
    _check("compare", compare, _COMPARE)
    _check("units", units, _UNITS)
    _check("sort_by", sort_by, _SORT_BY)
    if units == "slogans" and slogans is None:
        raise ValueError("units='slogans' needs slogans= (a list of slogans or find_slogans' occurrence table)")
    corpus = as_corpus(corpus)
    tokenizer = Tokenizer() if tokenizer is None else tokenizer
    ids = [str(d) for d in corpus["doc_id"]]
    if units == "slogans":
        counts, totals = _slogan_counts(corpus, slogans, tokenizer)  # type: ignore[arg-type]
    else:
        pattern = None
        if slogans is not None:
            surfaces = slogans["surface"].astype(str) if isinstance(slogans, pd.DataFrame) else slogans
            pattern = protect_pattern(surfaces)
        tokens = {d: _content_tokens(t, tokenizer, pattern) for d, t in zip(ids, corpus["text"])}
        counts = {d: Counter(t) for d, t in tokens.items()}
        totals = {d: len(t) for d, t in tokens.items()}
    freq = pd.DataFrame(counts).fillna(0).astype("int64").reindex(columns=ids, fill_value=0).sort_index()
    if compare == "one_vs_rest":
        pairs = [(d, REST) for d in ids]
    else:
        pairs = [(d, r) for d in ids for r in ids if d != r]
    parts = []
    for target, ref in pairs:
        a = freq[target]
        b = freq.drop(columns=target).sum(axis=1) if ref == REST else freq[ref]
        n1 = totals[target]
        n2 = sum(v for k, v in totals.items() if k != target) if ref == REST else totals[ref]
        keep = (a + b >= max(int(min_freq), 1)) & (a + b > 0)
        if not keep.any() or n1 == 0 or n2 == 0:
            continue
        a, b = a[keep], b[keep]
        stats = keyness_stats(a.to_numpy(), b.to_numpy(), n1, n2, conf_level=conf_level)
        part = pd.DataFrame(
            {
                "doc_id": target,
                "reference": ref,
                "term": a.index.astype(str),
                "n_target": a.to_numpy(),
                "n_reference": b.to_numpy(),
                "per_10k_target": a.to_numpy() / n1 * 10_000,
                "per_10k_reference": b.to_numpy() / n2 * 10_000,
            }
        )
        part = pd.concat([part, stats], axis=1)
        if sort_by == "log_ratio":
            key = part["log_ratio"]
        else:
            key = np.where(part["direction"] == "under", -part[sort_by], part[sort_by])
        part["_key"] = key
        parts.append(part.sort_values(["_key", "term"], ascending=[False, True], kind="stable").drop(columns="_key"))
    columns = ["doc_id", "reference", "term", "n_target", "n_reference", "per_10k_target", "per_10k_reference",
               "g2", "p_value", "chi2", "log_ratio", "log_ratio_low", "log_ratio_high", "direction"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]
