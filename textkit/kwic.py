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

__all__ = ["kwic"]

Context = Literal["paragraph", "document"]
_CONTEXT = ("paragraph", "document")


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
    if context not in _CONTEXT:
        raise ValueError(f"context={context!r}; allowed: {_CONTEXT}")
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise ValueError(f"window={window!r}; must be a non-negative integer")
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
            lo, hi = max(0, s - window), min(len(text), e + window)
            if context == "paragraph":
                lo = max(lo, text.rfind("\n", 0, s) + 1)
                nl = text.find("\n", e)
                hi = min(hi, nl if nl != -1 else len(text))
            rows.append((str(doc_id), s, e, text[lo:s], m.group(0), text[e:hi]))
    out = pd.DataFrame(rows, columns=["doc_id", "start", "end", "left", "match", "right"])
    return out.astype({"start": "int64", "end": "int64"})
