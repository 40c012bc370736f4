"""What each report stresses: themes, where they appear, and how much a report counts.

* :func:`load_themes` reads a theme dictionary (theme → terms or regular
  expressions); the default, ``textkit/data/themes.tsv``, is built around the five
  key measures of the 2023 campaign (理论学习, 调查研究, 推动发展, 检视整改, 建章立制)
  plus 群众民生, 基层党组织, 宣传, 作风 and 干部队伍. The file documents its format.
* :func:`theme_hits` lists every match, :func:`emphasis` summarises them per
  document and theme (hits per 1,000 characters, share of sentences), and
  :func:`theme_profile` shows where in each document a theme appears, by decile.
* :func:`quantified_claims` extracts numbers with their unit and the phrase they
  quantify (覆盖领导干部9645人次, 形成调研报告37篇).

Themes are matched on characters of the cleaned text, so they do not depend on
segmentation.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from textkit.corpus import _SENTENCE_IN_LINE, _sentence_spans, as_corpus, normalize
from textkit.paths import DATA
from textkit.similarity import _WORD
from textkit.tokenize import Tokenizer

__all__ = ["THEMES", "claims_by_unit", "emphasis", "load_themes", "quantified_claims", "theme_hits", "theme_profile"]

THEMES = DATA / "themes.tsv"
_KINDS = ("term", "regex")

ThemesArg = str | PathLike[str] | pd.DataFrame | Mapping[str, Iterable[str]] | None


def load_themes(path: str | PathLike[str] = THEMES) -> pd.DataFrame:
    """Read a theme dictionary.

    Parameters
    ----------
    path : path-like
        A tab-separated file in the format of ``textkit/data/themes.tsv`` (the
        default): ``#`` comment lines, then the header ``theme, kind, pattern, note``;
        ``kind`` is ``term`` or ``regex``.

    Returns
    -------
    pandas.DataFrame
        One row per entry, in file order:

        ======== ===== ================================================
        theme    str   theme name
        kind     str   ``term`` (literal) or ``regex``
        pattern  str   the term (normalised) or the regular expression
        note     str   comment, may be empty
        ======== ===== ================================================

    Raises
    ------
    ValueError
        Missing header, unknown kind or invalid regular expression; the message
        names the file and line.

    Examples
    --------
    >>> themes = load_themes()
    >>> themes["theme"].unique()[:5].tolist()
    ['理论学习', '调查研究', '推动发展', '检视整改', '建章立制']
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read theme dictionary: {exc}") from None
    rows = [(i, line.split("\t")) for i, line in enumerate(lines, start=1) if line.strip() and not line.startswith("#")]
    if not rows or [c.strip() for c in rows[0][1][:3]] != ["theme", "kind", "pattern"]:
        raise ValueError(f"{path}: the first non-comment line must be the header theme, kind, pattern, note (tab-separated)")
    out = []
    for lineno, fields in rows[1:]:
        if len(fields) < 3 or not fields[0].strip() or not fields[2].strip():
            raise ValueError(f"{path}, line {lineno}: needs theme, kind and pattern separated by tabs")
        theme, kind, pattern = fields[0].strip(), fields[1].strip(), fields[2].strip()
        note = fields[3].strip() if len(fields) > 3 else ""
        out.append(_entry(theme, kind, pattern, note, where=f"{path}, line {lineno}"))
    return pd.DataFrame(out, columns=["theme", "kind", "pattern", "note"])


def _entry(theme: str, kind: str, pattern: str, note: str, *, where: str) -> tuple[str, str, str, str]:
    if kind not in _KINDS:
        raise ValueError(f"{where}: kind={kind!r}; allowed: {_KINDS}")
    if kind == "regex":
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"{where}: bad regular expression {pattern!r}: {exc}") from None
    else:
        pattern = normalize(pattern)
    return theme, kind, pattern, note


def _themes_table(themes: ThemesArg) -> pd.DataFrame:
    if themes is None:
        return load_themes()
    if isinstance(themes, (str, PathLike)):
        return load_themes(themes)
    if isinstance(themes, pd.DataFrame):
        missing = [c for c in ("theme", "kind", "pattern") if c not in themes.columns]
        if missing:
            raise ValueError(f"themes table is missing column(s) {missing}; see load_themes()")
        rows = [_entry(str(t), str(k), str(p), "", where="themes table") for t, k, p in themes[["theme", "kind", "pattern"]].itertuples(index=False)]
        return pd.DataFrame(rows, columns=["theme", "kind", "pattern", "note"])
    if isinstance(themes, Mapping):
        rows = []
        for theme, terms in themes.items():
            if isinstance(terms, str):
                raise TypeError(f"themes[{theme!r}] must be a list of terms, not a single string")
            rows += [_entry(str(theme), "term", str(t), "", where=f"themes[{theme!r}]") for t in terms]
        return pd.DataFrame(rows, columns=["theme", "kind", "pattern", "note"])
    raise TypeError(f"themes must be a path, a DataFrame or a mapping, not {type(themes).__name__}")


def _compile(table: pd.DataFrame) -> dict[str, re.Pattern[str]]:
    """One alternation per theme: literal terms longest first, then regexes in file order."""
    out = {}
    for theme, group in table.groupby("theme", sort=False):
        terms = sorted(set(group.loc[group["kind"] == "term", "pattern"]), key=lambda t: (-len(t), t))
        parts = [re.escape(t) for t in terms] + [f"(?:{p})" for p in group.loc[group["kind"] == "regex", "pattern"]]
        out[str(theme)] = re.compile("|".join(parts))
    return out


def theme_hits(corpus: pd.DataFrame | Mapping[str, str], *, themes: ThemesArg = None) -> pd.DataFrame:
    """Every match of every theme in every document.

    Parameters
    ----------
    corpus : DataFrame or mapping
        What :func:`textkit.read_corpus` returns, or ``{doc_id: text}``.
    themes : path, DataFrame or mapping, optional
        Theme dictionary: a file (see :func:`load_themes`), a table like the one it
        returns, or ``{theme: [terms]}``. Default: ``textkit/data/themes.tsv``.

    Returns
    -------
    pandas.DataFrame
        One row per match, sorted by document (corpus order), theme (dictionary
        order), ``start``:

        ========== ====== ================================================
        doc_id     str    document
        theme      str    theme
        start      int    offset of the match in the cleaned text
        end        int    offset after it
        match      str    the matched text
        sent_id    int    sentence containing ``start`` (:func:`textkit.sentences`)
        position   float  ``start`` / length of the text, 0–1
        ========== ====== ================================================

    Examples
    --------
    >>> hits = theme_hits({"a": "抓好理论学习。推动检视整改，抓整改。"}, themes={"学": ["理论学习"], "改": ["检视整改", "整改"]})
    >>> hits[["theme", "start", "match", "sent_id"]].values.tolist()
    [['学', 2, '理论学习', 0], ['改', 9, '检视整改', 1], ['改', 15, '整改', 1]]
    """
    corpus = as_corpus(corpus)
    patterns = _compile(_themes_table(themes))
    rows = []
    for doc_id, text in corpus[["doc_id", "text"]].itertuples(index=False):
        doc_id, n = str(doc_id), max(len(text), 1)
        starts = _sentence_starts(text)
        for theme, pattern in patterns.items():
            rows += [(doc_id, theme, m.start(), m.end(), m.group(0), _sentence_of(starts, m.start()), m.start() / n)
                     for m in pattern.finditer(text) if m.end() > m.start()]
    columns = ["doc_id", "theme", "start", "end", "match", "sent_id", "position"]
    out = pd.DataFrame(rows, columns=columns)
    return out.astype({"start": "int64", "end": "int64", "sent_id": "int64", "position": float})


#: White space other than a line break: what :func:`textkit.sentences` trims off a sentence.
_BLANK = re.compile(r"[^\S\n]")


def _sentence_starts(text: str) -> list[int]:
    """Where each sentence of a text starts (the ``start`` of :func:`textkit.sentences`): all that
    theme matches need of the sentences (their table, with each sentence's text, took longer to
    build than the themes took to match).

    A text with no white space but line breaks (most texts) has nothing to trim: its sentences are
    the matches of one pass over the whole text (a pass over each line, through the generator of
    the sentences' spans, took a fifth of the time of emphasis).
    """
    if not _BLANK.search(text):
        return [m.start() for m in _SENTENCE_IN_LINE.finditer(text)]
    return [s for _, s, _ in _sentence_spans(text)]


def _sentence_of(starts: list[int], at: int) -> int:
    """The sentence containing offset ``at``: the last one starting at or before it (0 if none)."""
    return max(bisect_right(starts, at) - 1, 0)


def emphasis(corpus: pd.DataFrame | Mapping[str, str], *, themes: ThemesArg = None) -> pd.DataFrame:
    """How much each document stresses each theme.

    Parameters
    ----------
    corpus : DataFrame or mapping
        What :func:`textkit.read_corpus` returns, or ``{doc_id: text}``.
    themes : path, DataFrame or mapping, optional
        See :func:`theme_hits`.

    Returns
    -------
    pandas.DataFrame
        One row per document and theme (every combination, zeros included), in
        corpus and dictionary order:

        ================= ====== ==========================================
        doc_id            str    document
        theme             str    theme
        n_hits            int    matches of the theme
        hits_per_1k_chars float  matches per 1,000 characters (line breaks
                                 not counted)
        n_sentences       int    sentences with at least one match
        sentence_share    float  ``n_sentences`` / number of sentences
        mean_position     float  mean relative position of the matches,
                                 0 (start) – 1 (end); NaN without matches
        ================= ====== ==========================================

    Examples
    --------
    >>> e = emphasis({"a": "抓好理论学习。推动检视整改，抓整改。"}, themes={"学": ["理论学习"], "改": ["整改"]})
    >>> e[["theme", "n_hits", "n_sentences", "sentence_share"]].values.tolist()
    [['学', 1, 1, 0.5], ['改', 2, 1, 0.5]]
    """
    corpus = as_corpus(corpus)
    patterns = _compile(_themes_table(themes))
    rows = []
    # counted document by document from the matches' offsets: no table of every match and every
    # sentence of the corpus (building those was most of the time)
    for doc_id, text in corpus[["doc_id", "text"]].itertuples(index=False):
        doc_id, n = str(doc_id), max(len(text), 1)
        n_chars = max(len(text) - text.count("\n"), 1)
        starts = _sentence_starts(text)
        n_sents = max(len(starts), 1)
        for theme, pattern in patterns.items():
            at = [m.start() for m in pattern.finditer(text) if m.end() > m.start()]
            n_with = len({_sentence_of(starts, a) for a in at})
            # the mean of the same array of positions as theme_hits gives (numpy's summation; each
            # offset divided by n as a float, as a / n divides the integers, both exact below 2**53)
            mean = (np.array(at, dtype=float) / n).mean() if at else np.nan
            rows.append((doc_id, theme, len(at), len(at) / n_chars * 1000, n_with, n_with / n_sents, mean))
    columns = ["doc_id", "theme", "n_hits", "hits_per_1k_chars", "n_sentences", "sentence_share", "mean_position"]
    return pd.DataFrame(rows, columns=columns).astype({"n_hits": "int64", "n_sentences": "int64"})


def theme_profile(corpus: pd.DataFrame | Mapping[str, str], *, themes: ThemesArg = None) -> pd.DataFrame:
    """Where in each document each theme appears, by tenths of the text.

    Parameters
    ----------
    corpus : DataFrame or mapping
        What :func:`textkit.read_corpus` returns, or ``{doc_id: text}``.
    themes : path, DataFrame or mapping, optional
        See :func:`theme_hits`.

    Returns
    -------
    pandas.DataFrame
        One row per document, theme and decile (all 10 deciles, zeros included):

        ======== ====== ===============================================
        doc_id   str    document
        theme    str    theme
        decile   int    1 (first tenth of the characters) … 10 (last)
        n_hits   int    matches starting in that tenth
        share    float  ``n_hits`` / the theme's matches in the document
                        (0 when it has none)
        ======== ====== ===============================================

    Examples
    --------
    >>> p = theme_profile({"a": "理论学习" + "。" * 16}, themes={"学": ["理论学习"]})
    >>> p[p["n_hits"] > 0][["decile", "n_hits", "share"]].to_dict("records")
    [{'decile': 1, 'n_hits': 1, 'share': 1.0}]
    """
    corpus = as_corpus(corpus)
    table = _themes_table(themes)
    names = list(dict.fromkeys(table["theme"]))
    hits = theme_hits(corpus, themes=table)
    hits["decile"] = np.minimum((hits["position"] * 10).astype(int), 9) + 1
    counts = hits.groupby(["doc_id", "theme", "decile"]).size().to_dict()
    totals = hits.groupby(["doc_id", "theme"]).size().to_dict()
    rows = []
    for doc_id in corpus["doc_id"].astype(str):
        for theme in names:
            total = int(totals.get((doc_id, theme), 0))
            for decile in range(1, 11):
                n = int(counts.get((doc_id, theme, decile), 0))
                rows.append((doc_id, theme, decile, n, n / total if total else 0.0))
    return pd.DataFrame(rows, columns=["doc_id", "theme", "decile", "n_hits", "share"])


# ---------------------------------------------------------------------------
# Quantified claims
# ---------------------------------------------------------------------------

# Measure words after a number. 年/月/日/号 are left out on purpose: after a number they are
# almost always dates (9月15日, 2023年), not counts.
_UNITS = sorted(
    """人次 件次 场次 条次 户次 批次 个 名 人 篇 份 次 条 项 家 场 件 期 户 批 所 处 支 本 册 种 类 部 轮
    天 周 小时 分钟 元 列 座 间 台 套 辆 公里 千米 米 亩 吨 起 单 封 张 首 幅 段 节 门 堂 课 组 队 村 镇 %""".split(),
    key=lambda u: (-len(u), u),
)
_MULTIPLIER = {"万": 1e4, "亿": 1e8, "千": 1e3}
_NUMBER = re.compile(
    r"(?<![\d.+第])(?P<pre>近|约|超过|超|逾|达)?"
    r"(?P<num>\d+(?:\.\d+)?)(?:[—\-~～至到](?P<num2>\d+(?:\.\d+)?))?"
    r"(?P<a1>余|多)?(?P<mult>[万亿千])?(?P<a2>余|多)?"
    rf"(?P<unit>{'|'.join(map(re.escape, _UNITS))})"
    r"(?![\d+])"
)
_CLAUSE_END = re.compile(r"[，。、；：！？（）()\n]")
_QUOTES = frozenset("“”‘’《》")


def _phrase(tokens: list[str], tokenizer: Tokenizer, n: int) -> list[str]:
    """Up to ``n`` content tokens, stopping at the first stopword, punctuation or number.

    Quotation marks and book-title marks at the start are skipped (5760家“五上”企业).
    """
    out: list[str] = []
    skip = 0
    while skip < len(tokens) and tokens[skip] in _QUOTES:
        skip += 1
    for t in tokens[skip:]:
        if not _WORD.search(t) or tokenizer.is_stopword(t) or any(ch.isdigit() for ch in t):
            break
        out.append(t)
        if len(out) == n:
            break
    return out


def quantified_claims(
    corpus: pd.DataFrame | Mapping[str, str],
    *,
    tokenizer: Tokenizer | None = None,
    max_tokens: int = 2,
) -> pd.DataFrame:
    """Numbers with their unit and the phrase they quantify.

    A claim is an Arabic number followed by a measure word (个, 篇, 人次, 项 …) or
    ``%``, optionally with 余/多 (approximate), 万/亿/千 (multiplier), a range
    (1—2次) or a prefix 近/约/超过/逾/达. Dates (9月15日, 2023年), ordinals (第1批)
    and formula labels (“1+4+N”) are not claims. Chinese numerals are not read:
    in these texts they mostly belong to formulas (两个确立, 十大亮点).

    The quantified phrase is found by a heuristic, to be checked against
    ``context``: when the measure word is followed by more text (37个调研选题) it is
    the ``max_tokens`` content tokens after it; when it ends the clause
    (形成调研报告37篇。) it is the ``max_tokens`` content tokens before the number.
    Stopwords, punctuation and numbers end the phrase.

    Parameters
    ----------
    corpus : DataFrame or mapping
        What :func:`textkit.read_corpus` returns, or ``{doc_id: text}``.
    tokenizer : Tokenizer, optional
        Used to delimit the phrase; default ``Tokenizer()``.
    max_tokens : int
        Longest phrase, in tokens.

    Returns
    -------
    pandas.DataFrame
        One row per claim, by document (corpus order) and ``start``:

        ========== ====== ================================================
        doc_id     str    document
        start      int    offset of the number (with its prefix) in the
                          cleaned text
        end        int    offset after the measure word
        surface    str    the text matched, e.g. ``9645人次``, ``3000余次``
        value      float  the number with its multiplier (7万余册 → 70000);
                          for a range its lower end
        unit       str    the measure word, e.g. ``人次``, ``篇``, ``%``
        approx     bool   marked as approximate (余, 多, 近, 约, 超过 …) or a
                          range
        phrase     str    what is counted (heuristic, may be empty)
        side       str    ``before`` or ``after``: where ``phrase`` stands
        context    str    the clause around the claim, for checking
        ========== ====== ================================================

    Examples
    --------
    >>> q = quantified_claims({"a": "覆盖领导干部9645人次，形成调研报告37篇。"})
    >>> q[["surface", "value", "unit", "phrase", "side"]].values.tolist()
    [['9645人次', 9645.0, '人次', '覆盖领导干部', 'before'], ['37篇', 37.0, '篇', '形成调研报告', 'before']]
    """
    if max_tokens < 1:
        raise ValueError(f"max_tokens={max_tokens!r}; must be at least 1")
    corpus = as_corpus(corpus)
    tokenizer = Tokenizer() if tokenizer is None else tokenizer
    rows = []
    for doc_id, text in corpus[["doc_id", "text"]].itertuples(index=False):
        for m in _NUMBER.finditer(text):
            value = float(m.group("num")) * _MULTIPLIER.get(m.group("mult") or "", 1.0)
            approx = bool(m.group("pre") in ("近", "约", "超过", "超", "逾") or m.group("a1") or m.group("a2") or m.group("num2"))
            before_start = max((c.end() for c in _CLAUSE_END.finditer(text, 0, m.start())), default=0)
            after = _CLAUSE_END.search(text, m.end())
            after_end = after.start() if after else len(text)
            following = text[m.end() : after_end]
            phrase, side = "", "before"
            if following.lstrip("“‘《")[:1] and _WORD.match(following.lstrip("“‘《")):
                phrase, side = "".join(_phrase(tokenizer.cut(following), tokenizer, max_tokens)), "after"
            if not phrase:
                preceding = tokenizer.cut(text[before_start : m.start()])[::-1]
                phrase, side = "".join(_phrase(preceding, tokenizer, max_tokens)[::-1]), "before"
            rows.append(
                (str(doc_id), m.start(), m.end(), m.group(0), value, m.group("unit"), approx, phrase, side, text[before_start:after_end])
            )
    columns = ["doc_id", "start", "end", "surface", "value", "unit", "approx", "phrase", "side", "context"]
    return pd.DataFrame(rows, columns=columns).astype({"start": "int64", "end": "int64", "value": float, "approx": bool})


def claims_by_unit(claims: pd.DataFrame) -> pd.DataFrame:
    """What the documents count: quantified claims per unit and document.

    Parameters
    ----------
    claims : DataFrame
        From :func:`quantified_claims` (``doc_id, unit``).

    Returns
    -------
    pandas.DataFrame
        One row per unit and document that uses it; units by their total count
        (most frequent first, ties by first appearance), documents in order of
        first appearance:

        ======== ====== ============================================
        unit     str    unit of the number (个, 人次, 篇, %, …)
        doc_id   str    document
        n_claims int    claims with that unit in the document
        ======== ====== ============================================

    Examples
    --------
    >>> claims_by_unit(quantified_claims({"a": "形成调研报告37篇，解决问题1225个。", "b": "开展调研12次，解决问题25个。"})).values.tolist()
    [['个', 'a', 1], ['个', 'b', 1], ['篇', 'a', 1], ['次', 'b', 1]]
    """
    columns = ["unit", "doc_id", "n_claims"]
    units = list(claims["unit"].value_counts(sort=False).sort_values(ascending=False, kind="stable").index)
    docs = list(dict.fromkeys(claims["doc_id"]))
    table = claims.groupby(["unit", "doc_id"], sort=False).size().rename("n_claims").reset_index()
    table["unit"] = pd.Categorical(table["unit"], categories=units, ordered=True)
    table["doc_id"] = pd.Categorical(table["doc_id"], categories=docs, ordered=True)
    table = table.sort_values(["unit", "doc_id"]).astype({"unit": str, "doc_id": str})
    return table[columns].reset_index(drop=True).astype({"n_claims": "int64"})

