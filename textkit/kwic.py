"""Keyword in context, on characters.

Matching works on the cleaned text, not on tokens, so it does not depend on
segmentation: multi-word phrases and slogans with punctuation
(学思想、强党性、重实践、建新功) are found wherever they are written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Literal

import pandas as pd

from textkit.corpus import as_corpus, normalize

__all__ = ["in_context", "kwic"]

Context = Literal["paragraph", "document"]
_CONTEXT = ("paragraph", "document")


def _check_window(window: object, context: object) -> None:
    if context not in _CONTEXT:
        raise ValueError(f"context={context!r}; allowed: {_CONTEXT}")
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise ValueError(f"window={window!r}; must be a non-negative integer")


def _around(text: str, start: int, end: int, window: int, context: Context) -> tuple[str, str]:
    """Up to ``window`` characters left and right of ``text[start:end]``."""
    lo, hi = max(0, start - window), min(len(text), end + window)
    if context == "paragraph":
        lo = max(lo, text.rfind("\n", 0, start) + 1)
        nl = text.find("\n", end)
        hi = min(hi, nl if nl != -1 else len(text))
    return text[lo:start], text[end:hi]


def kwic(
    corpus: pd.DataFrame | Mapping[str, str],
    pattern: str | Iterable[str],
    *,
    window: int = 20,
    regex: bool = False,
    context: Context = "paragraph",
) -> pd.DataFrame:
    """Every occurrence of a pattern with the characters around it.

    Parameters
    ----------
    corpus : DataFrame or mapping
        What :func:`textkit.read_corpus` returns, or ``{doc_id: text}``.
    pattern : str or iterable of str
        What to find. Literal text by default: it is normalised like the corpus
        (:func:`textkit.normalize`), so ``"学思想`` (straight quote) finds
        ``“学思想`` and ``以学促干,`` finds ``以学促干，``. Several patterns are searched together, longest first;
        matches never overlap.
    window : int
        Characters of context on each side.
    regex : bool
        Treat ``pattern`` as Python regular expression(s), searched in the
        cleaned text as given.
    context : {"paragraph", "document"}
        Whether the context stops at line breaks (paragraph boundaries) or runs
        on through the document (line breaks then appear as ``\\n``).

    Returns
    -------
    pandas.DataFrame
        One row per match, by document (corpus order) and ``start``:

        ======== ====== ==================================================
        doc_id   str    document
        start    int    offset of the match in the cleaned text
        end      int    offset after it
        left     str    up to ``window`` characters before the match
        match    str    the matched text
        right    str    up to ``window`` characters after the match
        ======== ====== ==================================================

    Examples
    --------
    >>> docs = {"a": "紧紧围绕“学思想、强党性、重实践、建新功”的总要求", "b": "推动主题教育走深走实"}
    >>> kwic(docs, '"学思想、强党性', window=4).values.tolist()
    [['a', 4, 12, '紧紧围绕', '“学思想、强党性', '、重实践']]
    >>> kwic(docs, "走深走?实", regex=True, window=2)[["doc_id", "left", "match"]].values.tolist()
    [['b', '教育', '走深走实']]
    """
    _check_window(window, context)
    patterns = [pattern] if isinstance(pattern, str) else list(pattern)
    if not patterns or any(not isinstance(p, str) for p in patterns):
        raise TypeError("pattern must be a string or a list of strings")
    if regex:
        try:
            compiled = re.compile("|".join(f"(?:{p})" for p in patterns))
        except re.error as exc:
            raise ValueError(f"pattern={pattern!r} is not a valid regular expression: {exc}") from None
    else:
        literals = sorted({normalize(p) for p in patterns} - {""}, key=lambda p: (-len(p), p))
        if not literals:
            raise ValueError(f"pattern={pattern!r} is empty after normalisation")
        compiled = re.compile("|".join(map(re.escape, literals)))
    corpus = as_corpus(corpus)
    rows = []
    for doc_id, text in corpus[["doc_id", "text"]].itertuples(index=False):
        for m in compiled.finditer(text):
            s, e = m.span()
            if s == e:
                continue
            left, right = _around(text, s, e, window, context)
            rows.append((str(doc_id), s, e, left, m.group(0), right))
    out = pd.DataFrame(rows, columns=["doc_id", "start", "end", "left", "match", "right"])
    return out.astype({"start": "int64", "end": "int64"})


def in_context(
    corpus: pd.DataFrame | Mapping[str, str],
    spans: pd.DataFrame,
    *,
    window: int = 20,
    context: Context = "paragraph",
) -> pd.DataFrame:
    """Show any table of hits in context: add the characters left and right of each span.

    Every textkit table of hits (slogan occurrences, theme hits, quantified claims,
    reuse spans once renamed) carries ``doc_id, start, end`` into the cleaned text;
    this adds what :func:`kwic` shows for a pattern.

    Parameters
    ----------
    corpus : DataFrame or mapping
        The corpus the offsets refer to: what :func:`textkit.read_corpus` returns,
        or ``{doc_id: text}``.
    spans : DataFrame
        At least ``doc_id``, ``start`` and ``end``; other columns are kept.
    window : int
        Characters of context on each side.
    context : {"paragraph", "document"}
        Whether the context stops at line breaks or runs on through the document.

    Returns
    -------
    pandas.DataFrame
        ``spans`` in its own row order, with two more columns:

        ======== ====== ==================================================
        left     str    up to ``window`` characters before ``start``
        right    str    up to ``window`` characters after ``end``
        ======== ====== ==================================================

    Raises
    ------
    ValueError
        If a column is missing, a ``doc_id`` is not in the corpus or a span lies
        outside its document.

    Examples
    --------
    >>> docs = {"a": "推动主题教育走深走实，见行见效"}
    >>> hits = pd.DataFrame({"doc_id": ["a"], "start": [6], "end": [10], "slogan": ["走深走实"]})
    >>> in_context(docs, hits, window=2)[["left", "slogan", "right"]].values.tolist()
    [['教育', '走深走实', '，见']]
    """
    _check_window(window, context)
    missing = [c for c in ("doc_id", "start", "end") if c not in spans.columns]
    if missing:
        raise ValueError(f"spans lacks the column(s) {missing}; it needs doc_id, start, end")
    corpus = as_corpus(corpus)
    texts = dict(zip(corpus["doc_id"].astype(str), corpus["text"]))
    left, right = [], []
    for doc_id, start, end in spans[["doc_id", "start", "end"]].itertuples(index=False):
        text = texts.get(str(doc_id))
        if text is None:
            raise ValueError(f"spans names doc_id {doc_id!r}, which is not in the corpus")
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"span {start}–{end} lies outside document {doc_id!r} ({len(text)} characters)")
        a, b = _around(text, int(start), int(end), window, context)
        left.append(a)
        right.append(b)
    return spans.assign(left=left, right=right)
