"""Text statistics per document: length, sentences, vocabulary richness, style."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from textkit.corpus import as_corpus, sentences
from textkit.emphasis import quantified_claims
from textkit.similarity import _WORD
from textkit.tokenize import Tokenizer, protect_pattern

__all__ = ["mattr", "phrasing_style", "text_stats"]

SLOGAN_KINDS = ("enumeration", "numbered", "pattern", "watchword", "coinage")

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_FOUR_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{4}$")
_CLAUSE_SPLIT = re.compile(r"[^\w]+")


def mattr(tokens: Iterable[str], *, window: int = 100) -> float:
    """Moving-average type–token ratio (Covington & McFall 2010).

    The type–token ratio of every window of ``window`` consecutive tokens,
    averaged. Unlike the plain ratio it does not fall as a text gets longer, so
    texts of different length can be compared. A text shorter than the window
    gets its plain type–token ratio.

    Parameters
    ----------
    tokens : iterable of str
    window : int
        Window length in tokens.

    Returns
    -------
    float
        Between 0 and 1; NaN for no tokens.

    Examples
    --------
    >>> mattr(["学", "思想", "学", "思想"], window=2)
    1.0
    >>> mattr(["学", "学", "学", "思想"], window=2)
    0.6666666666666666
    """
    if window < 1:
        raise ValueError(f"window={window!r}; must be at least 1")
    tokens = list(tokens)
    if not tokens:
        return float("nan")
    if len(tokens) <= window:
        return len(set(tokens)) / len(tokens)
    counts = Counter(tokens[:window])
    ratios = [len(counts) / window]
    for i in range(window, len(tokens)):
        old = tokens[i - window]
        counts[old] -= 1
        if not counts[old]:
            del counts[old]
        counts[tokens[i]] += 1
        ratios.append(len(counts) / window)
    return float(np.mean(ratios))


def _slogan_counts(corpus: pd.DataFrame, slogans: Iterable[str] | pd.DataFrame) -> dict[str, int]:
    if isinstance(slogans, pd.DataFrame):
        if "doc_id" not in slogans.columns:
            raise ValueError("slogans table needs a doc_id column (find_slogans' occurrence table)")
        return slogans["doc_id"].astype(str).value_counts().to_dict()
    pattern = protect_pattern(slogans)
    return {
        str(d): (len(pattern.findall(t)) if pattern else 0) for d, t in corpus[["doc_id", "text"]].itertuples(index=False)
    }


def text_stats(
    corpus: pd.DataFrame | Mapping[str, str],
    *,
    tokenizer: Tokenizer | None = None,
    slogans: Iterable[str] | pd.DataFrame | None = None,
    window: int = 100,
) -> pd.DataFrame:
    """Length, sentence length, vocabulary richness and style markers per document.

    Parameters
    ----------
    corpus : DataFrame or mapping
        What :func:`textkit.read_corpus` returns, or ``{doc_id: text}``.
    tokenizer : Tokenizer, optional
        Default ``Tokenizer()``.
    slogans : list of str or DataFrame, optional
        Slogans to count: a list of strings (matched on characters, longest first,
        without overlaps) or ``find_slogans``' occurrence table (one row per
        occurrence, column ``doc_id``). Without them ``slogans_per_1k_chars`` is NaN.
    window : int
        Window of the moving-average type–token ratio, in tokens (see :func:`mattr`).

    Returns
    -------
    pandas.DataFrame
        One row per document, in corpus order:

        ====================== ====== =====================================
        doc_id                 str    document
        n_chars                int    characters (line breaks not counted)
        n_han                  int    Chinese characters
        n_sentences            int    sentences (:func:`textkit.sentences`)
        mean_sentence_chars    float  mean sentence length in characters
        median_sentence_chars  float  median sentence length
        n_tokens               int    word tokens: tokens with at least one
                                      letter (stopwords included; punctuation,
                                      white space and bare numbers not)
        n_types                int    distinct word tokens
        ttr                    float  ``n_types / n_tokens`` (falls with length)
        mattr                  float  moving-average type–token ratio over
                                      ``window`` word tokens
        four_char_token_share  float  share of word tokens made of exactly four
                                      Chinese characters (走深走实, 检视整改, also
                                      compounds such as 主题教育)
        four_char_clause_share float  share of clauses (text between two
                                      punctuation marks) that are exactly four
                                      Chinese characters: the parallel formulas
                                      of officialese (系统谋划、精心组织)
        n_claims               int    quantified claims
                                      (:func:`textkit.quantified_claims`)
        claims_per_1k_chars    float  claims per 1,000 characters
        slogans_per_1k_chars   float  slogan occurrences per 1,000 characters;
                                      NaN when ``slogans`` is not given
        ====================== ====== =====================================

    Examples
    --------
    >>> s = text_stats({"a": "系统谋划、精心组织，覆盖领导干部9645人次。"}, slogans=["精心组织"])
    >>> s[["n_chars", "n_sentences", "four_char_clause_share", "n_claims", "slogans_per_1k_chars"]].round(2).to_dict("records")
    [{'n_chars': 23, 'n_sentences': 1, 'four_char_clause_share': 0.67, 'n_claims': 1, 'slogans_per_1k_chars': 43.48}]
    """
    corpus = as_corpus(corpus)
    tokenizer = Tokenizer() if tokenizer is None else tokenizer
    sents = sentences(corpus)
    sent_len = {str(d): g.to_numpy() for d, g in (sents["end"] - sents["start"]).groupby(sents["doc_id"].astype(str))}
    claims = quantified_claims(corpus, tokenizer=tokenizer)["doc_id"].value_counts().to_dict()
    slogan_counts = None if slogans is None else _slogan_counts(corpus, slogans)
    rows = []
    for doc_id, text in corpus[["doc_id", "text"]].itertuples(index=False):
        doc_id = str(doc_id)
        n_chars = len(text) - text.count("\n")
        words = [t for t in tokenizer.cut(text) if _WORD.search(t)]
        clauses = [c for c in _CLAUSE_SPLIT.split(text) if c]
        lengths = sent_len.get(doc_id, np.array([]))
        per_1k = 1000 / n_chars if n_chars else float("nan")
        rows.append(
            {
                "doc_id": doc_id,
                "n_chars": n_chars,
                "n_han": len(_HAN.findall(text)),
                "n_sentences": len(lengths),
                "mean_sentence_chars": float(np.mean(lengths)) if len(lengths) else float("nan"),
                "median_sentence_chars": float(np.median(lengths)) if len(lengths) else float("nan"),
                "n_tokens": len(words),
                "n_types": len(set(words)),
                "ttr": len(set(words)) / len(words) if words else float("nan"),
                "mattr": mattr(words, window=window),
                "four_char_token_share": sum(bool(_FOUR_HAN.match(w)) for w in words) / len(words) if words else float("nan"),
                "four_char_clause_share": sum(bool(_FOUR_HAN.match(c)) for c in clauses) / len(clauses) if clauses else float("nan"),
                "n_claims": int(claims.get(doc_id, 0)),
                "claims_per_1k_chars": claims.get(doc_id, 0) * per_1k,
                "slogans_per_1k_chars": float("nan") if slogan_counts is None else slogan_counts.get(doc_id, 0) * per_1k,
            }
        )
    return pd.DataFrame(rows)


def phrasing_style(stats: pd.DataFrame, *, occurrences: pd.DataFrame, slogans: pd.DataFrame) -> pd.DataFrame:
    """How formulaic each document's phrasing is: formula density by kind, and four-character clauses.

    Parameters
    ----------
    stats : DataFrame
        From :func:`text_stats` (``doc_id, n_chars, four_char_clause_share``);
        sets the documents and their order.
    occurrences : DataFrame
        From :func:`textkit.slogan_occurrences` (``doc_id, slogan``).
    slogans : DataFrame
        From :func:`textkit.find_slogans` (``slogan, kind``).

    Returns
    -------
    pandas.DataFrame
        One row per document, in the order of ``stats``:

        ============================ ====== ==================================
        doc_id                       str    document
        n_chars                      int    characters
        enumeration_per_1k_chars     float  occurrences of enumerations
                                            (学思想、强党性、…) per 1,000 characters
        numbered_per_1k_chars        float  numbered formulas (两个确立)
        pattern_per_1k_chars         float  ABAC/AABB patterns (走深走实)
        watchword_per_1k_chars       float  watchwords shared with other
                                            documents (接诉即办)
        coinage_per_1k_chars         float  the document's own coinages
        four_char_clause_share       float  share of clauses of exactly four
                                            Chinese characters
        ============================ ====== ==================================

    Examples
    --------
    >>> stats = pd.DataFrame({"doc_id": ["a"], "n_chars": [500], "four_char_clause_share": [0.25]})
    >>> hits = pd.DataFrame({"doc_id": ["a", "a"], "slogan": ["走深走实", "两个确立"]})
    >>> kinds = pd.DataFrame({"slogan": ["走深走实", "两个确立"], "kind": ["pattern", "numbered"]})
    >>> phrasing_style(stats, occurrences=hits, slogans=kinds).iloc[0, 2:].tolist()
    [0.0, 2.0, 2.0, 0.0, 0.0, 0.25]
    """
    kinds = occurrences[["doc_id", "slogan"]].merge(slogans[["slogan", "kind"]], on="slogan", how="left")
    counts = (
        pd.crosstab(kinds["doc_id"].astype(str), kinds["kind"])
        .reindex(index=stats["doc_id"].astype(str), columns=list(SLOGAN_KINDS), fill_value=0)
    )
    n_chars = stats["n_chars"].to_numpy()
    out = stats[["doc_id", "n_chars"]].reset_index(drop=True).copy()
    for kind in SLOGAN_KINDS:
        out[f"{kind}_per_1k_chars"] = counts[kind].to_numpy() / np.maximum(n_chars, 1) * 1000
    out["four_char_clause_share"] = stats["four_char_clause_share"].to_numpy()
    return out

