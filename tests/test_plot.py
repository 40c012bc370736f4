"""Figure style and plots: CJK rendering, fixed colours, reproducible files, textplot_* contract."""

from __future__ import annotations

import hashlib
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import textkit as tk  # noqa: E402
from textkit import plot, style  # noqa: E402


@pytest.fixture(autouse=True)
def _style():
    with matplotlib.rc_context():
        tk.use_style()
        yield
    plt.close("all")


def _chinese_figure() -> Figure:
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.barh([0, 1], [3, 5])
    ax.set_yticks([0, 1], ["学思想、强党性", "党"])
    ax.set_title("主题教育 zhǔtí jiàoyù “走深走实”（12%）")
    return fig


def test_bundled_font_is_noto_sans_cjk_never_simhei():
    path = tk.cjk_font_path()
    assert path.name == "NotoSansCJKsc-Regular.otf"
    assert matplotlib.rcParams["font.family"] == ["Noto Sans CJK SC"]
    assert "SimHei" not in matplotlib.rcParams["font.sans-serif"]


def test_chinese_renders_without_missing_glyph_warnings(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        written = tk.savefig(_chinese_figure(), "cjk", out=tmp_path, formats=("png", "pdf", "svg"))
    assert [p.suffix for p in written] == [".png", ".pdf", ".svg"]
    assert all(p.stat().st_size > 1000 for p in written)


def test_a_missing_glyph_fails_the_figure(tmp_path):
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig = _chinese_figure()
        with pytest.raises(tk.MissingGlyphError, match="missing"):
            tk.savefig(fig, "tofu", out=tmp_path)
    assert not list(tmp_path.iterdir())


def test_savefig_twice_gives_identical_bytes(tmp_path):
    digests = []
    for run in ("a", "b"):
        files = tk.savefig(_chinese_figure(), "same", out=tmp_path / run, formats=("png", "pdf", "svg"))
        digests.append([hashlib.sha256(p.read_bytes()).hexdigest() for p in files])
    assert digests[0] == digests[1]


def test_savefig_strips_metadata(tmp_path):
    png, pdf = tk.savefig(_chinese_figure(), "meta", out=tmp_path)
    assert b"matplotlib" not in png.read_bytes().lower()
    assert b"CreationDate" not in pdf.read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_savefig_checks_its_arguments(tmp_path):
    with pytest.raises(ValueError, match="name="):
        tk.savefig(_chinese_figure(), "sub/dir", out=tmp_path)
    with pytest.raises(ValueError, match="formats="):
        tk.savefig(_chinese_figure(), "x", out=tmp_path, formats=("jpg",))


def test_document_colours_are_fixed_and_cope_with_many_documents():
    five = ["chengdu", "inner_mongolia", "city_speech", "qingshanhu", "jiangjin"]
    colors = tk.doc_colors(five)
    assert colors == {"chengdu": "#0072B2", "inner_mongolia": "#D55E00", "city_speech": "#009E73",
                      "qingshanhu": "#CC79A7", "jiangjin": "#E69F00"}
    many = tk.doc_colors(five + [f"extra_{i}" for i in range(25)])
    assert len(set(many.values())) == 30
    assert {d: many[d] for d in five} == colors
    assert tk.doc_colors(list(many)) == many
    with pytest.raises(TypeError, match="one string"):
        tk.doc_colors("chengdu")


def test_documents_are_labelled_by_place(corpus):
    labels = tk.doc_labels(corpus)
    assert labels["chengdu"] == "成都市" and labels["qingshanhu"] == "青山湖区"
    assert tk.doc_labels(corpus, gloss="english")["inner_mongolia"] == "Inner Mongolia"
    assert tk.doc_labels(pd.DataFrame({"doc_id": ["a", "b"]})) == {"a": "a", "b": "b"}


def test_gloss_labels_add_pinyin_and_english():
    assert tk.gloss_labels(["党", "两个确立"], gloss="pinyin", sep=" ") == ["党 dǎng", "两个确立 liǎnggè quèlì"]
    assert tk.gloss_labels(["两个确立"], gloss="english", sep=" ") == ["两个确立 Two Establishes"]
    assert tk.gloss_labels(["不在表里"], gloss="english", sep=" ") == ["不在表里 bùzài biǎolǐ"]
    assert tk.gloss_labels(["党"], gloss="none") == ["党"]
    with pytest.raises(ValueError, match="gloss='latin'"):
        tk.gloss_labels(["党"], gloss="latin")


def test_gloss_table_is_user_editable(tmp_path):
    mine = tmp_path / "gloss.csv"
    mine.write_text("# my glosses\nterm,english\n主题教育,the campaign\n", encoding="utf-8")
    table = tk.load_gloss(mine)
    assert tk.gloss_labels(["主题教育"], gloss="english", table=table, sep=" ") == ["主题教育 the campaign"]


def test_wordcloud_keeps_one_character_words(tmp_path):
    weights = pd.DataFrame({"doc_id": ["a"] * 3, "term": ["党", "主题教育", "学"], "tfidf": [5.0, 3.0, 1.0]})
    ax = tk.textplot_wordcloud(weights, doc_id="a")
    assert isinstance(ax, Axes)
    image = ax.get_images()[0].get_array()
    assert image.shape[:2] == (600, 900) and (image < 250).any()


@pytest.fixture(scope="module")
def tables(corpus, tokenizer):
    slogans = tk.find_slogans(corpus, tokenizer=tokenizer)
    hits = tk.slogan_occurrences(corpus, slogans, tokenizer=tokenizer)
    sim = tk.similarity(corpus, tokenizer=tokenizer)
    return {
        "corpus": corpus,
        "lengths": dict(zip(corpus["doc_id"], corpus["text"].str.len())),
        "counts": tk.describe_corpus(corpus),
        "audit": tk.clean_report(tk.paths.CORPUS),
        "weights": tk.tfidf(corpus, tokenizer=tokenizer),
        "key": tk.keyness(corpus, tokenizer=tokenizer),
        "pairwise": tk.keyness(corpus, compare="pairwise", tokenizer=tokenizer),
        "slogans": slogans,
        "hits": hits,
        "shared": tk.shared_ngrams(corpus, tokenizer=tokenizer),
        "colloc": tk.collocations(corpus, tokenizer=tokenizer),
        "reuse": tk.text_reuse(corpus),
        "sim": sim,
        "passages": tk.align_passages(corpus, tokenizer=tokenizer),
        "emphasis": tk.emphasis(corpus),
        "theme_hits": tk.theme_hits(corpus),
    }


def test_every_plot_function_returns_its_axes_and_never_shows_or_saves(tables, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("plot functions must not show or save")

    monkeypatch.setattr(plt, "show", forbidden)
    monkeypatch.setattr(Figure, "savefig", forbidden)
    t = tables
    docs = t["corpus"]["doc_id"].tolist()
    colors, labels = tk.doc_colors(docs), tk.doc_labels(t["corpus"])
    calls = {
        "textplot_bars": lambda ax: tk.textplot_bars(t["counts"], value="n_chars", colors=colors, labels=labels, ax=ax),
        "textplot_cleaning": lambda ax: tk.textplot_cleaning(t["audit"], labels=labels, doc_ids=docs, ax=ax),
        "textplot_keyness": lambda ax: tk.textplot_keyness(t["key"], doc_id="chengdu", gloss="pinyin", ax=ax),
        "textplot_keyness_pairwise": lambda ax: tk.textplot_keyness_pairwise(t["pairwise"], labels=labels, ax=ax),
        "textplot_wordcloud": lambda ax: tk.textplot_wordcloud(t["weights"], doc_id="jiangjin", ax=ax),
        "textplot_terms": lambda ax: tk.textplot_terms(t["weights"], colors=colors, labels=labels, ax=ax),
        "textplot_slogan_matrix": lambda ax: tk.textplot_slogan_matrix(t["hits"], t["slogans"], labels=labels, ax=ax),
        "textplot_slogan_kinds": lambda ax: tk.textplot_slogan_kinds(t["hits"], t["slogans"], labels=labels, ax=ax),
        "textplot_collocations": lambda ax: tk.textplot_collocations(t["colloc"], gloss="english", ax=ax),
        "textplot_reuse": lambda ax: tk.textplot_reuse(t["reuse"], t["lengths"], colors=colors, labels=labels, ax=ax),
        "textplot_similarity": lambda ax: tk.textplot_similarity(t["sim"], labels=labels, colors=colors, ax=ax),
        "textplot_dendrogram": lambda ax: tk.textplot_dendrogram(t["sim"], labels=labels, colors=colors, ax=ax),
        "textplot_map": lambda ax: tk.textplot_map(t["sim"], labels=labels, colors=colors, ax=ax),
        "textplot_alignment": lambda ax: tk.textplot_alignment(t["passages"], t["lengths"], doc_a="chengdu", doc_b="city_speech", colors=colors, ax=ax),
        "textplot_theme_shares": lambda ax: tk.textplot_theme_shares(t["emphasis"], labels=labels, ax=ax),
        "textplot_xray": lambda ax: tk.textplot_xray(t["theme_hits"], doc_id="qingshanhu", ax=ax),
    }
    assert set(calls) == {name for name in plot.__all__ if name.startswith("textplot_")}
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph")
        for name, call in calls.items():
            fig, ax = plt.subplots()
            assert call(ax) is ax, name
            fig.canvas.draw()
            plt.close(fig)
            made = call(None)
            assert isinstance(made, Axes), name
            plt.close(made.figure)


def test_dendrogram_and_heatmap_agree_on_the_order(tables):
    sim = tables["sim"]
    tree = tk.textplot_dendrogram(sim)
    heat = tk.textplot_similarity(sim)
    assert [t.get_text() for t in tree.get_yticklabels()] == [t.get_text() for t in heat.get_yticklabels()]


def test_similarity_map_is_deterministic_and_separates_documents(tables):
    first = tk.textplot_map(tables["sim"]).collections[0].get_offsets().copy()
    second = tk.textplot_map(tables["sim"]).collections[0].get_offsets()
    assert (first == second).all()
    assert len({tuple(p) for p in first.round(6)}) == 5


def test_facet_axes_gives_exactly_n_panels():
    fig, axes = style.facet_axes(7, ncols=3)
    assert len(axes) == 7 and len(fig.axes) == 7


def test_slogan_matrix_counts_a_formula_used_only_inside_a_longer_one_as_shared():
    slogans = pd.DataFrame({
        "slogan": ["以学铸魂、以学增智、以学正风、以学促干", "以学促干", "蓉漂"],
        "score": [3.0, 2.0, 1.0],
        "doc_ids": ["b", "a;b", "a"],
    })
    hits = pd.DataFrame({"doc_id": ["b", "a", "a"], "slogan": ["以学铸魂、以学增智、以学正风、以学促干", "以学促干", "蓉漂"]})
    fig, ax = plt.subplots()
    plot.textplot_slogan_matrix(hits, slogans, doc_ids=["a", "b"], ax=ax)
    rows = [t.get_text() for t in ax.get_yticklabels()]
    # 以学促干 is used by a on its own and by b inside the series: shared, above the line
    assert rows == ["以学促干", "蓉漂", "以学铸魂、以学增智、以学正风、以学促干"]
    cells = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts if t.get_text() in "1⊂"}
    assert cells[(0, 0)] == "1" and cells[(0, 1)] == "⊂"
    assert cells[(1, 0)] == "1" and (1, 1) not in cells  # 蓉漂 is not used by b at all: blank


def test_collocation_labels_separate_the_two_words():
    table = pd.DataFrame({"first": ["实现", "主题"], "second": ["新", "教育"], "count": [4, 9],
                          "npmi": [0.8, 0.9], "g2": [40.0, 90.0]})
    ax = tk.textplot_collocations(table, gloss="none")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["主题 · 教育", "实现 · 新"]
    ax = tk.textplot_collocations(table, gloss="pinyin")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["主题 · 教育 zhǔtí jiàoyù", "实现 · 新 shíxiàn xīn"]
