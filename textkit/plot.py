"""Plots for comparing documents: ``textplot_*(table, *, ax=None) -> Axes``.

Each function takes a table returned by a textkit function, draws on ``ax`` (a new
figure when None) and returns the Axes; none of them shows or saves anything
(:func:`textkit.savefig` writes files). Documents are named by ``labels`` (see
:func:`textkit.doc_labels`) and coloured by ``colors`` (:func:`textkit.doc_colors`);
pass both, built once from the whole corpus, so that every figure agrees. The order
of ``colors`` is the order documents are drawn in. Chinese terms can carry pinyin or
an English gloss: ``gloss="pinyin"`` etc. (see :func:`textkit.gloss_labels`).

Call :func:`textkit.use_style` first so that Chinese is drawn with a CJK font.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.patches import Patch, Polygon

from textkit.style import GlossMode, current_font_path, doc_colors, gloss_labels, load_gloss

__all__ = [
    "textplot_alignment",
    "textplot_bars",
    "textplot_cleaning",
    "textplot_collocations",
    "textplot_dendrogram",
    "textplot_keyness",
    "textplot_keyness_pairwise",
    "textplot_map",
    "textplot_reuse",
    "textplot_similarity",
    "textplot_slogan_kinds",
    "textplot_slogan_matrix",
    "textplot_terms",
    "textplot_theme_shares",
    "textplot_wordcloud",
    "textplot_xray",
    "legend_patches",
]

_CATEGORICAL = plt.get_cmap("tab10").colors + plt.get_cmap("Set2").colors + plt.get_cmap("Dark2").colors


def _ax(ax: Axes | None, size: tuple[float, float] = (6.5, 3.0)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _wrap(text: str, width: int = 22) -> str:
    # Chinese has no spaces to break at, so a long Chinese label is cut anywhere; other labels at spaces.
    text = str(text)
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=" " not in text, break_on_hyphens=False)) or text


def _docs(present: Sequence[str], colors: Mapping[str, str] | None, labels: Mapping[str, str] | None) -> tuple[list[str], dict, dict]:
    """Documents to draw (in the colour map's order), their colours and labels."""
    present = list(dict.fromkeys(map(str, present)))
    if colors is None:
        colors = doc_colors(present)
    ids = [d for d in colors if d in set(present)] + [d for d in present if d not in colors]
    colors = {**doc_colors(ids), **colors}
    labels = {d: str((labels or {}).get(d, d)) for d in ids}
    return ids, colors, labels


def _ids_labels(present: Iterable[str], labels: Mapping[str, str] | None) -> tuple[list[str], dict[str, str]]:
    """Document ids in order of first appearance, and the label of each (the id where none is given)."""
    ids = [str(d) for d in dict.fromkeys(present)]
    return ids, {d: str((labels or {}).get(d, d)) for d in ids}


def _text_color(rgba) -> str:  # noqa: ANN001
    r, g, b = to_rgb(rgba)
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.5 else "black"


def _heatmap(ax: Axes, values: np.ndarray, rows: list[str], cols: list[str], *, cmap: str, fmt: str, vmin=None, vmax=None, annot: np.ndarray | None = None, fontsize: float = 7) -> None:  # noqa: ANN001
    img = ax.imshow(values, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
    ax.set_xticks(range(len(cols)), cols, rotation=30 if max(map(len, cols), default=0) > 4 else 0, ha="right" if max(map(len, cols), default=0) > 4 else "center")
    ax.set_yticks(range(len(rows)), rows)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            if np.isnan(v):
                continue
            text = annot[i, j] if annot is not None else format(v, fmt)
            ax.text(j, i, text, ha="center", va="center", fontsize=fontsize, color=_text_color(img.cmap(img.norm(v))))


def textplot_bars(
    table: pd.DataFrame,
    *,
    value: str,
    colors: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    xlabel: str | None = None,
    fmt: str = ".0f",
    ax: Axes | None = None,
) -> Axes:
    """One horizontal bar per document, in the document's colour, value written at its end.

    Parameters
    ----------
    table : DataFrame
        One row per document: ``doc_id`` and the ``value`` column (e.g. from
        :func:`textkit.describe_corpus` or :func:`textkit.text_stats`).
    value : str
        Column to draw.
    colors, labels : mapping, optional
        ``doc_id -> colour`` / ``doc_id -> label``.
    xlabel : str, optional
        Axis label (default: the column name).
    fmt : str
        Format of the number written beside each bar.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> ax = textplot_bars(pd.DataFrame({"doc_id": ["a", "b"], "n": [3, 5]}), value="n")
    >>> len(ax.patches)
    2
    """
    if value not in table.columns:
        raise ValueError(f"value={value!r}: no such column (have {', '.join(table.columns)})")
    ids, colors, labels = _docs(table["doc_id"], colors, labels)
    ax = _ax(ax, (6.5, 0.35 * len(ids) + 0.8))
    values = table.set_index(table["doc_id"].astype(str))[value].reindex(ids)
    y = np.arange(len(ids))
    ax.barh(y, values, color=[colors[d] for d in ids])
    ax.set_yticks(y, [_wrap(labels[d]) for d in ids])
    ax.invert_yaxis()
    for yi, v in zip(y, values):
        if pd.notna(v):
            ax.text(v, yi, " " + format(v, fmt), va="center", ha="left", fontsize=7)
    ax.set_xlabel(xlabel or value)
    ax.margins(x=0.15)
    return ax


def textplot_cleaning(report: pd.DataFrame, *, labels: Mapping[str, str] | None = None, doc_ids: Sequence[str] | None = None, ax: Axes | None = None) -> Axes:
    """Characters each cleaning rule removed from each document (stacked bars).

    Parameters
    ----------
    report : DataFrame
        From :func:`textkit.clean_report`: ``doc_id, rule, n_chars``.
    labels : mapping, optional
        ``doc_id -> label``.
    doc_ids : sequence of str, optional
        Documents to show, in order (default: those in ``report``); a document with
        nothing removed shows an empty bar.
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    ids, labels = _ids_labels(doc_ids if doc_ids is not None else report["doc_id"], labels)
    ax = _ax(ax, (6.5, 0.35 * len(ids) + 1.5))
    pivot = report.pivot_table(index="doc_id", columns="rule", values="n_chars", aggfunc="sum", fill_value=0).reindex(ids, fill_value=0)
    pivot = pivot[pivot.sum().sort_values(ascending=False).index]
    left = np.zeros(len(ids))
    y = np.arange(len(ids))
    for k, rule in enumerate(pivot.columns):
        ax.barh(y, pivot[rule], left=left, color=_CATEGORICAL[k % len(_CATEGORICAL)], label=rule)
        left += pivot[rule].to_numpy()
    ax.set_yticks(y, [_wrap(labels[d]) for d in ids])
    ax.invert_yaxis()
    ax.set_xlabel("characters removed")
    ax.legend(title="cleaning rule", loc="upper left", bbox_to_anchor=(1.01, 1), ncols=1 if len(pivot.columns) <= 12 else 2, frameon=False)
    return ax


def textplot_keyness(
    table: pd.DataFrame,
    *,
    doc_id: str,
    reference: str = "rest",
    n: int = 10,
    color: str = "#0072B2",
    gloss: GlossMode = "none",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Key terms of one document: G² of the ``n`` most over- and under-used terms.

    Over-use is drawn to the right in the document's colour, under-use to the left in grey.

    Parameters
    ----------
    table : DataFrame
        From :func:`textkit.keyness` (``doc_id, reference, term, g2, direction``).
    doc_id : str
        The target document.
    reference : str
        ``"rest"`` for one-vs-rest, or another ``doc_id`` for a pairwise table.
    n : int
        Terms per direction.
    color : str
    gloss : {"none", "pinyin", "english", "pinyin+english"}
    title : str, optional
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    rows = table[(table["doc_id"] == doc_id) & (table["reference"] == reference)]
    if rows.empty:
        raise ValueError(f"doc_id={doc_id!r}, reference={reference!r}: no such rows in the keyness table")
    over = rows[rows["direction"] == "over"].nlargest(n, "g2")
    under = rows[rows["direction"] == "under"].nlargest(n, "g2")
    shown = pd.concat([over, under.iloc[::-1]])
    signed = np.where(shown["direction"] == "over", shown["g2"], -shown["g2"])
    ax = _ax(ax, (3.2, 0.22 * len(shown) + 0.8))
    y = np.arange(len(shown))
    ax.barh(y, signed, color=[color if s > 0 else "#B0B0B0" for s in signed])
    ax.set_yticks(y, gloss_labels(shown["term"], gloss=gloss, sep=" "))
    ax.invert_yaxis()
    ax.axvline(0, color="black", lw=0.6)
    ax.set_xlabel("G² (← under-used   over-used →)")
    if title:
        ax.set_title(title, color=color)
    return ax


def textplot_keyness_pairwise(
    table: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    doc_ids: Sequence[str] | None = None,
    p: float = 0.01,
    gloss: GlossMode = "none",
    ax: Axes | None = None,
) -> Axes:
    """How different each pair is: terms over-used in the row document against the column one.

    Each cell counts the terms with ``direction == "over"`` and ``p_value < p`` and names
    the strongest of them (highest G²).

    Parameters
    ----------
    table : DataFrame
        From ``keyness(corpus, compare="pairwise")``.
    labels : mapping, optional
    doc_ids : sequence of str, optional
        Order of rows and columns (default: order in the table).
    p : float
        Significance threshold.
    gloss : {"none", "pinyin", "english", "pinyin+english"}
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    ids, labels = _ids_labels(doc_ids if doc_ids is not None else table["doc_id"], labels)
    key = table[(table["direction"] == "over") & (table["p_value"] < p)]
    counts = np.full((len(ids), len(ids)), np.nan)
    annot = np.full((len(ids), len(ids)), "", dtype=object)
    top = key.sort_values(["g2", "term"], ascending=[False, True]).drop_duplicates(["doc_id", "reference"]).set_index(["doc_id", "reference"])["term"]
    n_key = key.groupby(["doc_id", "reference"]).size()
    for i, a in enumerate(ids):
        for j, b in enumerate(ids):
            if a == b:
                continue
            counts[i, j] = n_key.get((a, b), 0)
            term = top.get((a, b))
            label = gloss_labels([term], gloss=gloss, sep="\n")[0] if term is not None else ""
            annot[i, j] = f"{int(counts[i, j])}\n{_wrap(label, 10)}" if label else f"{int(counts[i, j])}"
    ax = _ax(ax, (6.5, 0.7 * len(ids) + 1.2))
    _heatmap(ax, counts, [_wrap(labels[d], 16) for d in ids], [_wrap(labels[d], 10) for d in ids], cmap="Purples", fmt=".0f", annot=annot, fontsize=7 if len(ids) <= 6 else 5.5)
    ax.set_ylabel("over-uses (row)")
    ax.set_xlabel(f"compared with (column); cell: number of key terms at p < {p}, and the strongest")
    return ax


def textplot_wordcloud(
    table: pd.DataFrame,
    *,
    doc_id: str,
    weight: str = "tfidf",
    term: str = "term",
    color: str = "#0072B2",
    max_words: int = 60,
    font: str | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Word cloud of one document from term weights, in the document's colour.

    Built from frequencies (``WordCloud.generate_from_frequencies``), never from raw
    text: wordcloud's own tokeniser drops one-character words such as 党.

    Parameters
    ----------
    table : DataFrame
        ``doc_id``, ``term`` and a ``weight`` column, e.g. from :func:`textkit.tfidf`.
    doc_id : str
    weight, term : str
        Column names.
    color : str
        The document's colour; all words are drawn in it.
    max_words : int
    font : str, optional
        Font file for PIL (default: the font set by :func:`textkit.use_style`).
    title : str, optional
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    from wordcloud import WordCloud

    rows = table[(table["doc_id"] == doc_id) & (table[weight] > 0)]
    if rows.empty:
        raise ValueError(f"doc_id={doc_id!r}: no terms with a positive {weight!r} in the table")
    freqs = rows.groupby(term)[weight].sum().sort_values(ascending=False, kind="stable").head(max_words).to_dict()
    cloud = WordCloud(
        font_path=str(font or current_font_path()),
        width=900,
        height=600,
        background_color="white",
        prefer_horizontal=1.0,
        max_words=max_words,
        random_state=0,
        margin=4,
        color_func=lambda *args, **kwargs: color,
    ).generate_from_frequencies(freqs)
    ax = _ax(ax, (3.2, 2.2))
    ax.imshow(cloud.to_array(), interpolation="bilinear")
    ax.set_axis_off()
    if title:
        ax.set_title(title, color=color)
    return ax


def textplot_terms(
    table: pd.DataFrame,
    *,
    term: str = "term",
    count: str = "count",
    n: int = 20,
    colors: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    gloss: GlossMode = "none",
    xlabel: str = "occurrences",
    ax: Axes | None = None,
) -> Axes:
    """The ``n`` most frequent terms, each bar split by document (stacked, in document colours).

    Parameters
    ----------
    table : DataFrame
        One row per term and document: ``doc_id``, ``term`` and ``count`` columns (e.g.
        :func:`textkit.tfidf` or :func:`textkit.shared_ngrams` with ``term="ngram"``).
    term, count : str
        Column names.
    n : int
        Terms to show, by total count.
    colors, labels : mapping, optional
    gloss : {"none", "pinyin", "english", "pinyin+english"}
    xlabel : str
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    ids, colors, labels = _docs(table["doc_id"], colors, labels)
    pivot = table.pivot_table(index=term, columns="doc_id", values=count, aggfunc="sum", fill_value=0)
    pivot = pivot.reindex(columns=ids, fill_value=0)
    totals = pivot.sum(axis=1)
    order = sorted(totals.index, key=lambda t: (-totals[t], str(t)))[:n]
    pivot = pivot.loc[order]
    ax = _ax(ax, (6.5, 0.2 * len(order) + 1.2))
    y = np.arange(len(order))
    left = np.zeros(len(order))
    for d in ids:
        ax.barh(y, pivot[d], left=left, color=colors[d], label=labels[d])
        left += pivot[d].to_numpy()
    ax.set_yticks(y, gloss_labels([str(t).replace(" ", "") for t in order], gloss=gloss, sep=" "))
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.legend(loc="lower right", frameon=False, ncols=1 if len(ids) <= 8 else 2)
    return ax


def _slogan_users(occurrences: pd.DataFrame, slogans: pd.DataFrame) -> pd.Series:
    """The documents using each slogan of ``occurrences``: its own hits, and (from ``doc_ids``
    of ``find_slogans``) those using it only inside a longer formula."""
    users = occurrences.groupby("slogan")["doc_id"].agg(lambda d: set(map(str, d)))
    if "doc_ids" in slogans.columns:
        listed = slogans.set_index("slogan")["doc_ids"].astype(str).str.split(";").map(set)
        users = users.combine(listed.reindex(users.index), lambda own, all_: own | (all_ if isinstance(all_, set) else set()))
    return users


def _slogan_rows(occurrences: pd.DataFrame, slogans: pd.DataFrame, n_shared: int, n_local: int) -> tuple[list[str], int]:
    info = slogans.drop_duplicates("slogan").set_index("slogan")
    users = _slogan_users(occurrences, slogans)
    info = info.reindex(users.index)
    info["docs_used"] = users.map(len)
    shared = info[info["docs_used"] >= 2].sort_values(["docs_used", "score"], ascending=[False, False], kind="stable").head(n_shared)
    local = info[info["docs_used"] == 1].copy()
    local["doc"] = occurrences.drop_duplicates("slogan").set_index("slogan")["doc_id"].reindex(local.index)
    local = local.sort_values(["doc", "score"], ascending=[True, False], kind="stable").groupby("doc", sort=False).head(n_local)
    return list(shared.index) + list(local.index), len(shared)


def textplot_slogan_matrix(
    occurrences: pd.DataFrame,
    slogans: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    doc_ids: Sequence[str] | None = None,
    n_shared: int = 20,
    n_local: int = 2,
    gloss: GlossMode = "none",
    ax: Axes | None = None,
) -> Axes:
    """Slogan × document counts: shared formulas on top, each document's own below a line.

    Parameters
    ----------
    occurrences : DataFrame
        From :func:`textkit.slogan_occurrences` (``doc_id, slogan``): the counts in the cells.
    slogans : DataFrame
        From :func:`textkit.find_slogans` (``slogan, score``, and ``doc_ids``), to rank
        formulas. A document listed in ``doc_ids`` that uses a formula only inside a longer
        one (以学促干 in 以学铸魂、…、以学促干), so with no occurrence of its own, gets ⊂.
    labels : mapping, optional
    doc_ids : sequence of str, optional
        Column order (default: order in ``occurrences``).
    n_shared : int
        Formulas used by two or more documents, most widely shared first.
    n_local : int
        Formulas used by one document only, the highest-scoring per document.
    gloss : {"none", "pinyin", "english", "pinyin+english"}
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    ids, labels = _ids_labels(doc_ids if doc_ids is not None else occurrences["doc_id"], labels)
    rows, n_top = _slogan_rows(occurrences, slogans, n_shared, n_local)
    counts = occurrences.groupby(["slogan", "doc_id"]).size().unstack(fill_value=0).reindex(index=rows, columns=ids, fill_value=0)
    values = counts.to_numpy(dtype=float, copy=True)
    users = _slogan_users(occurrences, slogans)
    nested = np.array([[values[i, j] == 0 and d in users.get(r, set()) for j, d in enumerate(ids)] for i, r in enumerate(rows)], dtype=bool).reshape(values.shape)
    annot = np.where(nested, "⊂", counts.astype(int).astype(str).to_numpy())
    values[(values == 0) & ~nested] = np.nan
    ax = _ax(ax, (6.5, 0.22 * len(rows) + 1.2))
    names = gloss_labels(rows, gloss=gloss, sep=" ")
    _heatmap(ax, values, [_wrap(r, 30 if gloss == "none" else 60) for r in names], [_wrap(labels[d], 10) for d in ids], cmap="YlOrBr", fmt=".0f", vmin=0, vmax=max(np.nanmax(values) if np.isfinite(values).any() else 1, 3), annot=annot)
    ax.set_xticks(np.arange(len(ids) + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(len(rows) + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="#E0E0E0", lw=0.5)
    ax.tick_params(which="minor", length=0)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    plt.setp(ax.get_xticklabels(), rotation=0, ha="center")
    if 0 < n_top < len(rows):
        ax.axhline(n_top - 0.5, color="black", lw=1.2)
        ax.text(len(ids) - 0.45, n_top - 0.6, "shared ↑  local ↓", ha="left", va="center", fontsize=7)
    ax.set_xlabel("occurrences per document (⊂: only inside a longer formula; blank: not used)")
    return ax


def textplot_slogan_kinds(
    occurrences: pd.DataFrame,
    slogans: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    doc_ids: Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Kinds of formula each document uses: distinct slogans per kind (stacked bars).

    Parameters
    ----------
    occurrences : DataFrame
        From :func:`textkit.slogan_occurrences`.
    slogans : DataFrame
        From :func:`textkit.find_slogans` (``slogan, kind``).
    labels : mapping, optional
    doc_ids : sequence of str, optional
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    ids, labels = _ids_labels(doc_ids if doc_ids is not None else occurrences["doc_id"], labels)
    kinds = occurrences.drop_duplicates(["doc_id", "slogan"]).merge(slogans[["slogan", "kind"]], on="slogan", how="left")
    pivot = kinds.groupby(["doc_id", "kind"]).size().unstack(fill_value=0).reindex(ids, fill_value=0)
    pivot = pivot[pivot.sum().sort_values(ascending=False, kind="stable").index]
    ax = _ax(ax, (6.5, 0.35 * len(ids) + 1.0))
    y = np.arange(len(ids))
    left = np.zeros(len(ids))
    for k, kind in enumerate(pivot.columns):
        ax.barh(y, pivot[kind], left=left, color=_CATEGORICAL[k % 10], label=kind)
        left += pivot[kind].to_numpy()
    ax.set_yticks(y, [_wrap(labels[d]) for d in ids])
    ax.invert_yaxis()
    ax.set_xlabel("distinct formulas used")
    ax.legend(title="kind", loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return ax


def _pair_labels(firsts: list[str], seconds: list[str], *, gloss: GlossMode) -> list[str]:
    """"实现 · 新 shíxiàn xīn": the two words apart, so a pair is not read as a fragment.

    The gloss is the pair's own entry of the gloss table when it has one (主题教育), else
    the two words' glosses side by side.
    """
    labels = [f"{a} · {b}" for a, b in zip(firsts, seconds)]
    if gloss == "none":
        return labels
    table = load_gloss()
    known = set(table["term"])
    out = []
    for label, a, b in zip(labels, firsts, seconds):
        if a + b in known:
            out.append(label + gloss_labels([a + b], gloss=gloss, table=table, sep=" ")[0][len(a + b):])
        else:
            ga, gb = (g[len(w) + 1:] for w, g in zip((a, b), gloss_labels([a, b], gloss=gloss, table=table, sep=" ")))
            out.append(f"{label} {ga} {gb}")
    return out


def textplot_collocations(table: pd.DataFrame, *, n: int = 15, score: str = "g2", gloss: GlossMode = "none", ax: Axes | None = None) -> Axes:
    """The strongest collocations (word pairs), by an association score.

    Each bar is labelled with its two units separated by " · " (实现 · 新), so a pair of
    words is not mistaken for a fragment of a phrase.

    Parameters
    ----------
    table : DataFrame
        From :func:`textkit.collocations` (``first, second, count, npmi`` and ``score``).
    n : int
    score : str
        Column to rank and draw (default G²); count and NPMI are written beside each bar.
    gloss : {"none", "pinyin", "english", "pinyin+english"}
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    top = table.sort_values([score, "first", "second"], ascending=[False, True, True]).head(n)
    ax = _ax(ax, (6.5, 0.22 * len(top) + 0.8))
    y = np.arange(len(top))
    ax.barh(y, top[score], color="#7F7F7F")
    ax.set_yticks(y, _pair_labels(top["first"].tolist(), top["second"].tolist(), gloss=gloss))
    ax.invert_yaxis()
    for yi, (s, c, m) in enumerate(zip(top[score], top["count"], top["npmi"])):
        ax.text(s, yi, f" n={c}, NPMI={m:.2f}", va="center", fontsize=7)
    ax.set_xlabel("log-likelihood G²" if score == "g2" else score)
    ax.margins(x=0.3)
    return ax


def _tracks(ax: Axes, ids: list[str], lengths: Mapping[str, int], colors: Mapping[str, str], labels: Mapping[str, str], height: float = 0.18) -> dict[str, float]:
    ys = {d: float(i) for i, d in enumerate(ids)}
    for d in ids:
        ax.add_patch(plt.Rectangle((0, ys[d] - height / 2), lengths[d], height, color=colors[d], alpha=0.25, lw=0))
    ax.set_yticks([ys[d] for d in ids], [_wrap(labels[d], 14) for d in ids])
    for tick, d in zip(ax.get_yticklabels(), ids):
        tick.set_color(colors[d])
    ax.set_ylim(len(ids) - 0.5, -0.5)
    ax.set_xlim(0, max(lengths[d] for d in ids) * 1.01)
    ax.set_xlabel("position in the document (characters)")
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    return ys


def textplot_reuse(
    reuse: pd.DataFrame,
    lengths: Mapping[str, int],
    *,
    colors: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Which passages travel: each document a track, each shared span a band between two tracks.

    Parameters
    ----------
    reuse : DataFrame
        From :func:`textkit.text_reuse` (``doc_id_a, doc_id_b, start_a, end_a, start_b, end_b``).
    lengths : mapping
        ``doc_id -> length`` of the cleaned text in characters (all documents to draw).
    colors, labels : mapping, optional
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    ids, colors, labels = _docs(list(lengths), colors, labels)
    ax = _ax(ax, (6.5, 0.55 * len(ids) + 0.8))
    ys = _tracks(ax, ids, lengths, colors, labels)
    h = 0.09
    for row in reuse.itertuples(index=False):
        a, b = str(row.doc_id_a), str(row.doc_id_b)
        if a not in ys or b not in ys:
            continue
        if ys[a] > ys[b]:
            a, b = b, a
            sa, ea, sb, eb = row.start_b, row.end_b, row.start_a, row.end_a
        else:
            sa, ea, sb, eb = row.start_a, row.end_a, row.start_b, row.end_b
        ya, yb = ys[a] + h, ys[b] - h
        ax.add_patch(Polygon([(sa, ya), (ea, ya), (eb, yb), (sb, yb)], closed=True, color=colors[a], alpha=0.35, lw=0))
        for y0, s, e, d in ((ys[a], sa, ea, a), (ys[b], sb, eb, b)):
            ax.add_patch(plt.Rectangle((s, y0 - h), e - s, 2 * h, color=colors[d], lw=0))
    return ax


def _square(table: pd.DataFrame, order: Sequence[str] | None) -> pd.DataFrame:
    from textkit.similarity import similarity_matrix

    matrix = similarity_matrix(table)
    if order is not None:
        order = [str(d) for d in order]
        matrix = matrix.reindex(index=order, columns=order)
    return matrix


def textplot_similarity(
    table: pd.DataFrame,
    *,
    order: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    colors: Mapping[str, str] | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Similarity heatmap, documents in clustering order (or ``order``), values written in.

    Parameters
    ----------
    table : DataFrame
        From :func:`textkit.similarity` (``doc_id_a, doc_id_b, similarity``).
    order : sequence of str, optional
        Row and column order; default the clustering order of
        :func:`textkit.similarity_matrix`. Pass one order to compare two heatmaps.
    labels, colors : mapping, optional
        Tick labels are coloured by document when ``colors`` is given.
    vmin, vmax : float, optional
        Colour scale (default: the smallest and largest off-diagonal value).
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    matrix = _square(table, order)
    ids, labels = _ids_labels(matrix.index, labels)
    values = matrix.to_numpy(dtype=float).copy()
    off = values[~np.eye(len(ids), dtype=bool)]
    np.fill_diagonal(values, np.nan)
    ax = _ax(ax, (3.6, 3.0))
    _heatmap(ax, values, [_wrap(labels[d], 12) for d in ids], [_wrap(labels[d], 8) for d in ids], cmap="Blues", fmt=".2f",
             vmin=np.nanmin(off) if vmin is None and off.size else vmin, vmax=np.nanmax(off) if vmax is None and off.size else vmax,
             fontsize=7 if len(ids) <= 7 else 5.5)
    if colors:
        for tick, d in zip(ax.get_yticklabels(), ids):
            tick.set_color(colors.get(d, "black"))
        for tick, d in zip(ax.get_xticklabels(), ids):
            tick.set_color(colors.get(d, "black"))
    return ax


def textplot_dendrogram(
    table: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    colors: Mapping[str, str] | None = None,
    method: str = "average",
    ax: Axes | None = None,
) -> Axes:
    """Agglomerative clustering of the documents on ``1 - similarity`` (the heatmap's order).

    Parameters
    ----------
    table : DataFrame
        From :func:`textkit.similarity`.
    labels, colors : mapping, optional
    method : str
        scipy linkage method, as in :func:`textkit.similarity_matrix`.
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    from scipy.cluster.hierarchy import dendrogram, linkage
    from scipy.spatial.distance import squareform

    matrix = _square(table, None)
    ids, labels = _ids_labels(matrix.index, labels)
    dist = np.clip(1 - matrix.to_numpy(dtype=float), 0, None)
    np.fill_diagonal(dist, 0)
    links = linkage(squareform((dist + dist.T) / 2, checks=False), method=method, optimal_ordering=True)
    ax = _ax(ax, (3.0, 3.0))
    tree = dendrogram(links, labels=[_wrap(labels[d], 12) for d in ids], orientation="left", ax=ax, color_threshold=0, above_threshold_color="#555555")
    leaf_ids = [ids[i] for i in tree["leaves"]]
    for tick, d in zip(ax.get_yticklabels(), leaf_ids):
        tick.set_color((colors or {}).get(d, "black"))
    ax.invert_yaxis()  # first leaf on top, as the first row of textplot_similarity
    ax.set_xlabel("distance (1 − cosine similarity)")
    ax.spines["left"].set_visible(False)
    return ax


def textplot_map(
    table: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    colors: Mapping[str, str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """2-D map of the documents: classical (Torgerson) multidimensional scaling of ``1 - similarity``.

    Documents close on the map are similar; the axes have no meaning of their own. Classical
    MDS is an eigen-decomposition, so the map is the same on every run (signs are fixed so
    that the first document lies at non-negative coordinates).

    Parameters
    ----------
    table : DataFrame
        From :func:`textkit.similarity`.
    labels, colors : mapping, optional
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    ids_in = list(dict.fromkeys(table["doc_id_a"].astype(str)))
    ids, colors, labels = _docs(ids_in, colors, labels)
    matrix = _square(table, ids)
    d2 = np.clip(1 - matrix.to_numpy(dtype=float), 0, None) ** 2
    n = len(ids)
    centre = np.eye(n) - np.ones((n, n)) / n
    b = -0.5 * centre @ ((d2 + d2.T) / 2) @ centre
    vals, vecs = np.linalg.eigh(b)
    top = np.argsort(vals)[::-1][:2]
    coords = vecs[:, top] * np.sqrt(np.clip(vals[top], 0, None))
    if coords.shape[1] < 2:
        coords = np.column_stack([coords, np.zeros(n)])
    coords = coords * np.where(coords[0] < 0, -1, 1)
    ax = _ax(ax, (4.0, 3.4))
    ax.scatter(coords[:, 0], coords[:, 1], s=60, c=[colors[d] for d in ids], zorder=3)
    span = np.ptp(coords, axis=0).max() or 1.0
    for (x, y), d in zip(coords, ids):
        ax.annotate(_wrap(labels[d], 14), (x, y), xytext=(5, 4), textcoords="offset points", fontsize=8, color=colors[d])
    ax.set_xlim(coords[:, 0].min() - 0.15 * span, coords[:, 0].max() + 0.35 * span)
    ax.set_ylim(coords[:, 1].min() - 0.15 * span, coords[:, 1].max() + 0.2 * span)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel("dimension 1")
    ax.set_ylabel("dimension 2")
    ax.grid(True, color="#EEEEEE", lw=0.6)
    return ax


def textplot_alignment(
    passages: pd.DataFrame,
    lengths: Mapping[str, int],
    *,
    doc_a: str,
    doc_b: str,
    colors: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Aligned passages between two documents: lines join matching sentences, darker when closer.

    Parameters
    ----------
    passages : DataFrame
        From :func:`textkit.align_passages` (``doc_id_a, start_a, end_a, doc_id_b, start_b,
        end_b, similarity``); both directions may be present.
    lengths : mapping
        ``doc_id -> length`` in characters.
    doc_a, doc_b : str
        The pair; ``doc_a`` is drawn on top.
    colors, labels : mapping, optional
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    ids, colors, labels = _docs([doc_a, doc_b], colors, labels)
    ids = [doc_a, doc_b]
    rows = passages[(passages["doc_id_a"] == doc_a) & (passages["doc_id_b"] == doc_b)]
    back = passages[(passages["doc_id_a"] == doc_b) & (passages["doc_id_b"] == doc_a)].rename(
        columns={"start_a": "start_b", "end_a": "end_b", "start_b": "start_a", "end_b": "end_a"}
    )
    rows = pd.concat([rows, back]).drop_duplicates(["start_a", "end_a", "start_b", "end_b"])
    ax = _ax(ax, (6.5, 1.8))
    ys = _tracks(ax, ids, {d: lengths[d] for d in ids}, colors, labels, height=0.12)
    lo, hi = (rows["similarity"].min(), rows["similarity"].max()) if len(rows) else (0, 1)
    cmap = plt.get_cmap("Greys")
    for r in rows.sort_values("similarity").itertuples(index=False):
        strength = 0.35 + 0.65 * ((r.similarity - lo) / (hi - lo) if hi > lo else 1.0)
        xa, xb = (r.start_a + r.end_a) / 2, (r.start_b + r.end_b) / 2
        ax.add_patch(plt.Rectangle((r.start_a, ys[doc_a] - 0.06), r.end_a - r.start_a, 0.12, color=colors[doc_a], lw=0))
        ax.add_patch(plt.Rectangle((r.start_b, ys[doc_b] - 0.06), r.end_b - r.start_b, 0.12, color=colors[doc_b], lw=0))
        ax.plot([xa, xb], [ys[doc_a] + 0.06, ys[doc_b] - 0.06], color=cmap(strength), lw=0.6 + 1.4 * strength)
    return ax


def textplot_theme_shares(
    table: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    doc_ids: Sequence[str] | None = None,
    gloss: GlossMode = "none",
    ax: Axes | None = None,
) -> Axes:
    """Share of each theme among a document's theme hits (stacked bars summing to 100 %).

    Parameters
    ----------
    table : DataFrame
        From :func:`textkit.emphasis` (``doc_id, theme, n_hits``).
    labels : mapping, optional
    doc_ids : sequence of str, optional
    gloss : {"none", "pinyin", "english", "pinyin+english"}
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    ids, labels = _ids_labels(doc_ids if doc_ids is not None else table["doc_id"], labels)
    themes = list(dict.fromkeys(table["theme"]))
    pivot = table.pivot_table(index="doc_id", columns="theme", values="n_hits", aggfunc="sum", fill_value=0).reindex(index=ids, columns=themes, fill_value=0)
    shares = pivot.div(pivot.sum(axis=1).replace(0, np.nan), axis=0).fillna(0) * 100
    ax = _ax(ax, (6.5, 0.4 * len(ids) + 1.4))
    y = np.arange(len(ids))
    left = np.zeros(len(ids))
    names = gloss_labels(themes, gloss=gloss, sep=" ")
    for k, (theme, name) in enumerate(zip(themes, names)):
        color = _CATEGORICAL[k % len(_CATEGORICAL)]
        ax.barh(y, shares[theme], left=left, color=color, label=name, edgecolor="white", lw=0.4)
        for yi, (l, s) in enumerate(zip(left, shares[theme])):
            if s >= 7:
                ax.text(l + s / 2, yi, f"{s:.0f}", ha="center", va="center", fontsize=6.5, color=_text_color(color))
        left += shares[theme].to_numpy()
    ax.set_yticks(y, [_wrap(labels[d]) for d in ids])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of theme hits (%)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18 - 0.02 * max(0, 6 - len(ids))), ncols=5 if gloss == "none" else 2, frameon=False)
    return ax


def textplot_xray(
    hits: pd.DataFrame,
    *,
    doc_id: str,
    themes: Sequence[str] | None = None,
    color: str = "#0072B2",
    gloss: GlossMode = "none",
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Lexical dispersion ("x-ray") of one document: where in the text each theme is mentioned.

    Parameters
    ----------
    hits : DataFrame
        From :func:`textkit.theme_hits` (``doc_id, theme, position``; position 0–1).
    doc_id : str
    themes : sequence of str, optional
        Rows, top to bottom (default: all themes in ``hits``, so panels line up).
    color : str
    gloss : {"none", "pinyin", "english", "pinyin+english"}
    title : str, optional
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    themes = list(themes if themes is not None else dict.fromkeys(hits["theme"]))
    rows = hits[hits["doc_id"] == doc_id]
    ax = _ax(ax, (6.5, 0.18 * len(themes) + 0.6))
    y = {t: i for i, t in enumerate(themes)}
    keep = rows[rows["theme"].isin(y)]
    ax.scatter(keep["position"] * 100, keep["theme"].map(y), marker="|", s=60, color=color, lw=1.2)
    ax.set_yticks(range(len(themes)), gloss_labels(themes, gloss=gloss, sep=" "))
    ax.set_ylim(len(themes) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.grid(axis="y", color="#EEEEEE", lw=0.6)
    ax.tick_params(axis="y", length=0)
    if title:
        ax.set_title(title, color=color, loc="left")
    return ax


def legend_patches(colors: Mapping[str, str], labels: Mapping[str, str]) -> list[Patch]:
    """Legend handles naming each document (by its label) in its colour."""
    return [Patch(color=colors[d], label=labels.get(d, d)) for d in colors]
