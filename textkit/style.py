"""Figure style: a CJK font, one fixed colour per document, labels, glosses, reproducible files.

Call :func:`use_style` once (each notebook does, in its first code cell after the
parameters); every ``textplot_*`` function then draws Chinese with the same font.
Files are written only by :func:`savefig` and :func:`savetable`.

The font is Noto Sans CJK SC (SIL Open Font License) as shipped inside the PyPI/conda
package ``mplfonts``: it arrives with ``pip install``, needs no system package and no
font-cache deletion, and is registered by file path, so every machine draws with the
same font file and writes the same bytes. ``mplfonts`` also ships SimHei, which is
proprietary: textkit never uses it. Pass ``use_style(font=PATH)`` to prefer another
font file (a system Noto/Source Han font, say); figures then depend on that file.
"""

from __future__ import annotations

import colorsys
import csv
import importlib.util
import re
import warnings
from collections.abc import Iterable, Sequence
from functools import lru_cache
from os import PathLike
from pathlib import Path
from typing import Literal, get_args

import matplotlib as mpl
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure

from textkit import paths
from textkit._io import atomic_write

__all__ = [
    "GLOSS",
    "GlossMode",
    "MissingGlyphError",
    "cjk_font_path",
    "doc_colors",
    "doc_labels",
    "facet_axes",
    "gloss_labels",
    "load_gloss",
    "savefig",
    "savetable",
    "use_style",
]

GlossMode = Literal["none", "pinyin", "english", "pinyin+english"]
GLOSS = paths.DATA / "gloss.csv"

# Okabe & Ito's colour-blind-safe palette (without yellow and black, which vanish or dominate),
# then darker companions; the first five are the five reports in corpus order.
_PALETTE = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#8C564B",  # brown
    "#7F7F7F",  # grey
    "#332288",  # indigo
    "#882255",  # wine
    "#117733",  # dark green
    "#999933",  # olive
)

# Sized for a one-column figure of 6.5 in (a text column of a journal or thesis) at 100 %.
_RC = {
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.title_fontsize": 8,
    "figure.titlesize": 11,
    "figure.dpi": 100,
    "savefig.dpi": 300,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.05,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.unicode_minus": False,
    # Type 3: outlines of only the glyphs used, written in a fraction of the time fontTools needs to
    # subset the 16 MB CJK font as Type 42 (about 1.5 s per figure); text stays vector and searchable.
    "pdf.fonttype": 3,
    "svg.fonttype": "path",
    "svg.hashsalt": "textkit",
    "image.cmap": "Blues",
}

_GLYPH_WARNING = r"Glyph .* missing from (current )?font"


class MissingGlyphError(RuntimeError):
    """A figure contains a character its font cannot draw (it would show as an empty box)."""


def cjk_font_path() -> Path:
    """Path of the bundled Noto Sans CJK SC font (from the ``mplfonts`` package).

    Returns
    -------
    Path
        ``.../mplfonts/fonts/NotoSansCJKsc-Regular.otf``.

    Examples
    --------
    >>> cjk_font_path().name
    'NotoSansCJKsc-Regular.otf'
    """
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the mplfonts package (which ships Noto Sans CJK SC) is not installed: pip install mplfonts")
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "NotoSansCJKsc-Regular.otf"
    if not path.is_file():
        raise RuntimeError(f"Noto Sans CJK SC not found at {path}; reinstall mplfonts")
    return path


@lru_cache(maxsize=None)
def _register(path: str) -> str:
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def use_style(*, font: str | PathLike[str] | None = None) -> Path:
    """Set matplotlib's style for textkit figures and register a CJK font by file path.

    Parameters
    ----------
    font : path-like, optional
        A font file with CJK glyphs (.otf/.ttf/.ttc). Default: the bundled Noto Sans
        CJK SC (:func:`cjk_font_path`), the same file on every machine.

    Returns
    -------
    Path
        The font file in use; pass it as ``font_path`` to anything drawing text with PIL
        (:func:`textkit.textplot_wordcloud` does).

    Examples
    --------
    >>> use_style().name
    'NotoSansCJKsc-Regular.otf'
    >>> import matplotlib as mpl
    >>> mpl.rcParams["font.family"]
    ['Noto Sans CJK SC']
    """
    path = Path(font) if font is not None else cjk_font_path()
    if not path.is_file():
        raise ValueError(f"font={str(font)!r}: no such font file")
    name = _register(str(path.resolve()))
    mpl.rcParams.update(_RC)
    mpl.rcParams["font.family"] = [name]
    mpl.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
    return path


def current_font_path() -> Path:
    """The font file matplotlib uses for the current ``font.family`` (for wordcloud/PIL)."""
    return Path(font_manager.findfont(font_manager.FontProperties(family=mpl.rcParams["font.family"])))


def _extended_color(i: int) -> str:
    # Beyond the fixed palette: golden-angle hues at two lightness levels, same for everyone.
    hue = (0.11 + i * 0.381966) % 1.0
    light = 0.42 if i % 2 else 0.55
    r, g, b = colorsys.hls_to_rgb(hue, light, 0.65)
    return f"#{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}"


def doc_colors(doc_ids: Iterable[str]) -> dict[str, str]:
    """One fixed colour per document, by position in the corpus.

    Parameters
    ----------
    doc_ids : iterable of str
        Document ids in corpus order (``corpus["doc_id"]``). Always pass the whole corpus,
        not the documents one figure happens to show, so a document keeps its colour in
        every figure.

    Returns
    -------
    dict
        ``doc_id -> "#RRGGBB"``. The first twelve documents take a colour-blind-safe
        palette (Okabe–Ito first); further ones get distinct, deterministic hues.

    Examples
    --------
    >>> doc_colors(["chengdu", "inner_mongolia"])
    {'chengdu': '#0072B2', 'inner_mongolia': '#D55E00'}
    >>> len(set(doc_colors([f"d{i}" for i in range(30)]).values()))
    30
    """
    if isinstance(doc_ids, str):
        raise TypeError("doc_ids: expected a list of document ids, got one string")
    ids = list(dict.fromkeys(doc_ids))
    return {d: _PALETTE[i] if i < len(_PALETTE) else _extended_color(i - len(_PALETTE)) for i, d in enumerate(ids)}


def _short_place(place: object) -> str:
    text = "" if place is None or (isinstance(place, float) and pd.isna(place)) else str(place).strip()
    return re.split(r"[,，、]", text, maxsplit=1)[0].strip()


def doc_labels(corpus: pd.DataFrame, *, by: str = "place", gloss: GlossMode = "none", table: pd.DataFrame | None = None) -> dict[str, str]:
    """Readable names for documents, for legends and axes: the place where metadata has one.

    Parameters
    ----------
    corpus : DataFrame
        At least ``doc_id``; the ``by`` column is used when present.
    by : str
        Metadata column to name documents by (first comma-separated part, so
        "青山湖区, 南昌市" becomes "青山湖区"). Empty values fall back to the ``doc_id``.
    gloss : {"none", "pinyin", "english", "pinyin+english"}
        Add a gloss to Chinese names (see :func:`gloss_labels`); ``"english"`` with a
        gloss table entry replaces the name by its English form.
    table : DataFrame, optional
        Gloss table (default :func:`load_gloss`).

    Returns
    -------
    dict
        ``doc_id -> label``; labels are unique (a repeated label gets its doc_id added).

    Examples
    --------
    >>> import pandas as pd
    >>> doc_labels(pd.DataFrame({"doc_id": ["a", "b"], "place": ["青山湖区, 南昌市", None]}))
    {'a': '青山湖区', 'b': 'b'}
    """
    _check_gloss(gloss)
    ids = corpus["doc_id"].astype(str).tolist()
    places = corpus[by].tolist() if by in corpus.columns else [None] * len(ids)
    names = [_short_place(p) or d for d, p in zip(ids, places)]
    if gloss != "none":
        names = gloss_labels(names, gloss=gloss, table=table, sep=" ", replace=True)
    seen: dict[str, int] = {}
    for n in names:
        seen[n] = seen.get(n, 0) + 1
    return {d: (f"{n} ({d})" if seen[n] > 1 else n) for d, n in zip(ids, names)}


def load_gloss(path: str | PathLike[str] = GLOSS) -> pd.DataFrame:
    """Read a gloss table: Chinese term → English gloss (and optional pinyin override).

    Parameters
    ----------
    path : path-like
        UTF-8 CSV with columns ``term, english`` and optionally ``pinyin``; lines starting
        with ``#`` are comments. Default: ``textkit/data/gloss.csv`` (edit a copy and pass it
        as ``table=`` to the plot functions).

    Returns
    -------
    DataFrame
        ``term`` (str), ``english`` (str, may be empty), ``pinyin`` (str, may be empty).

    Examples
    --------
    >>> g = load_gloss()
    >>> g.loc[g["term"] == "主题教育", "english"].item()
    'thematic education campaign'
    """
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(line for line in fh if not line.startswith("#")) if r]
    header, body = rows[0], rows[1:]
    if not {"term", "english"} <= set(header):
        raise ValueError(f"{path}: a gloss table needs the columns term, english (got {', '.join(header)})")
    table = pd.DataFrame(body, columns=header).fillna("")
    if "pinyin" not in table.columns:
        table["pinyin"] = ""
    return table[["term", "english", "pinyin"]].drop_duplicates("term", keep="last").reset_index(drop=True)


def _check_gloss(gloss: str) -> None:
    if gloss not in get_args(GlossMode):
        raise ValueError(f"gloss={gloss!r}: expected one of {', '.join(map(repr, get_args(GlossMode)))}")


def _pinyin(term: str) -> str:
    """Tone-marked pinyin, syllables written together per two characters (四字 terms read 2+2)."""
    from pypinyin import Style, lazy_pinyin

    if not re.search(r"[\u3400-\u9fff]", term):
        return ""
    words = []
    for chunk in re.findall(r"[\u3400-\u9fff]+|[A-Za-z0-9+.%]+", term):
        if not re.match(r"[\u3400-\u9fff]", chunk):
            words.append(chunk)
            continue
        syllables = lazy_pinyin(chunk, style=Style.TONE)
        size = len(syllables) if len(syllables) <= 3 else 2
        for i in range(0, len(syllables), size):
            group = syllables[i : i + size]
            words.append(group[0] + "".join(("'" if re.match(r"[aoeāáǎàōóǒòēéěè]", s) else "") + s for s in group[1:]))
    return " ".join(words)


def gloss_labels(
    terms: Iterable[str],
    *,
    gloss: GlossMode = "pinyin",
    table: pd.DataFrame | None = None,
    sep: str = "\n",
    replace: bool = False,
) -> list[str]:
    """Labels for Chinese terms in an English write-up: pinyin and/or an English gloss.

    Parameters
    ----------
    terms : iterable of str
    gloss : {"none", "pinyin", "english", "pinyin+english"}
        ``"pinyin"`` adds tone-marked pinyin (pypinyin); ``"english"`` adds the gloss from
        the table, or pinyin for a term the table lacks; ``"pinyin+english"`` adds both.
    table : DataFrame, optional
        ``term, english, pinyin`` (default :func:`load_gloss`); a ``pinyin`` value overrides
        the computed reading.
    sep : str
        Between the term and its gloss.
    replace : bool
        With ``gloss="english"``, show only the English where the table has it.

    Returns
    -------
    list of str

    Examples
    --------
    >>> gloss_labels(["主题教育", "党"], gloss="pinyin", sep=" ")
    ['主题教育 zhǔtí jiàoyù', '党 dǎng']
    >>> gloss_labels(["主题教育"], gloss="english", sep=" ")
    ['主题教育 thematic education campaign']
    """
    _check_gloss(gloss)
    if isinstance(terms, str):
        raise TypeError("terms: expected a list of terms, got one string")
    terms = [str(t) for t in terms]
    if gloss == "none":
        return terms
    table = load_gloss() if table is None else table
    english = dict(zip(table["term"], table["english"]))
    pinyin = {t: p for t, p in zip(table["term"], table["pinyin"]) if p}
    labels = []
    for t in terms:
        py = pinyin.get(t) or _pinyin(t)
        en = english.get(t, "")
        if gloss == "pinyin":
            extra = py
        elif gloss == "english":
            if replace and en:
                labels.append(en)
                continue
            extra = en or py
        else:
            extra = ", ".join(x for x in (py, en) if x)
        labels.append(f"{t}{sep}{extra}" if extra and extra != t else t)
    return labels


def facet_axes(n: int, *, ncols: int = 3, width: float = 6.5, row_height: float = 2.2, **subplot_kw) -> tuple[Figure, list]:
    """A figure with ``n`` panels in a grid (small multiples), unused panels removed.

    Parameters
    ----------
    n : int
        Number of panels (documents, usually).
    ncols : int
        Panels per row (fewer when ``n`` is smaller).
    width, row_height : float
        Figure width and the height of one row, in inches.

    Returns
    -------
    (Figure, list of Axes)
        The list has exactly ``n`` Axes, row by row.

    Examples
    --------
    >>> fig, axes = facet_axes(5, ncols=3)
    >>> len(axes), len(fig.axes)
    (5, 5)
    """
    import matplotlib.pyplot as plt

    if n < 1:
        raise ValueError(f"n={n}: need at least one panel")
    ncols = max(1, min(ncols, n))
    nrows = -(-n // ncols)
    fig, grid = plt.subplots(nrows, ncols, figsize=(width, row_height * nrows), squeeze=False, layout="constrained", **subplot_kw)
    axes = list(grid.ravel())
    for ax in axes[n:]:
        fig.delaxes(ax)
    return fig, axes[:n]


_METADATA = {
    "png": {"Software": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None},
    "svg": {"Creator": None, "Date": None, "Format": None, "Type": None},
}


def savefig(
    fig: Figure,
    name: str,
    *,
    out: str | PathLike[str] = paths.FIGURES,
    formats: Sequence[Literal["png", "pdf", "svg"]] = ("png", "pdf"),
    dpi: int = 300,
) -> list[Path]:
    """Write a figure as PNG (300 dpi) and PDF, byte-identical on every re-run.

    Metadata that changes between runs (software version, creation date) is left out,
    SVG ids use a fixed salt, and each file is written to a temporary file and renamed
    into place. A character the font cannot draw raises :class:`MissingGlyphError`
    instead of producing an empty box.

    Parameters
    ----------
    fig : Figure
    name : str
        File name without extension, e.g. ``"similarity_heatmap"``.
    out : path-like
        Folder (default ``figures/``).
    formats : sequence of {"png", "pdf", "svg"}
    dpi : int
        Resolution of the PNG.

    Returns
    -------
    list of Path
        The files written.
    """
    if not re.fullmatch(r"[A-Za-z0-9_.\-]+", name):
        raise ValueError(f"name={name!r}: use letters, digits, '_', '-' or '.' (no extension, no folder)")
    bad = [f for f in formats if f not in _METADATA]
    if bad:
        raise ValueError(f"formats={list(formats)!r}: {bad[0]!r} is not one of 'png', 'pdf', 'svg'")
    written = []
    with warnings.catch_warnings(record=True) as caught, mpl.rc_context({"svg.hashsalt": "textkit"}):
        warnings.simplefilter("always")
        for fmt in formats:
            path = Path(out) / f"{name}.{fmt}"
            atomic_write(path, lambda tmp, fmt=fmt: fig.savefig(tmp, format=fmt, dpi=dpi, metadata=_METADATA[fmt]))
            written.append(path)
    for w in caught:
        if re.search(_GLYPH_WARNING, str(w.message)):
            for path in written:
                path.unlink(missing_ok=True)
            raise MissingGlyphError(f"figure {name!r}: {w.message} (call textkit.use_style() before plotting)")
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return written


def savetable(table: pd.DataFrame, name: str, *, out: str | PathLike[str] = paths.TABLES) -> Path:
    """Write a table as UTF-8 CSV into ``tables/`` (atomically; same bytes on a re-run).

    Parameters
    ----------
    table : DataFrame
    name : str
        File name without extension.
    out : path-like
        Folder (default ``tables/``).

    Returns
    -------
    Path
    """
    from textkit.cli import write_csv

    if not re.fullmatch(r"[A-Za-z0-9_.\-]+", name):
        raise ValueError(f"name={name!r}: use letters, digits, '_', '-' or '.' (no extension, no folder)")
    return write_csv(table, Path(out) / f"{name}.csv")
