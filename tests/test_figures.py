"""The notebooks, as the build runs them: every figure, on the five reports and on a user's corpus."""

from __future__ import annotations

import ast
import hashlib
import json

import pytest

from textkit import paths
from textkit.cli import main
from textkit.figures import NotebookError, notebook_paths, run_notebooks

FIGURES = {
    "01_corpus": ["corpus_size", "cleaning_audit"],
    "02_vocabulary": ["top_terms", "keyness_one_vs_rest", "keyness_pairwise", "wordclouds"],
    "03_slogans": ["slogan_matrix", "slogan_kinds", "slogan_density"],
    "04_phrasing": ["shared_ngrams", "collocations", "reuse_spans", "phrasing_style"],
    "05_similarity": ["similarity_heatmap", "similarity_map", "passage_alignment", "similarity_words_vs_chars"],
    "06_emphasis": ["theme_shares", "theme_xray", "claims_density"],
}


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """`textkit figures --out DIR` on the five reports, once for the module."""
    out = tmp_path_factory.mktemp("figures-build")
    assert main(["figures", "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.stem)
def test_notebook_follows_the_house_style(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb["cells"]
    assert cells[0]["cell_type"] == "markdown" and "**Question.**" in "".join(cells[0]["source"])
    assert cells[1]["cell_type"] == "code" and "parameters" in cells[1]["metadata"].get("tags", [])
    assert "paths." in "".join(cells[1]["source"])
    assert any("What this shows" in "".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert cells[-1]["cell_type"] == "code" and "Markdown(" in "".join(cells[-1]["source"])
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        assert cell["outputs"] == [] and cell["execution_count"] is None, "commit notebooks without outputs"
        tree = ast.parse("".join(cell["source"]))
        defined = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.Lambda))]
        assert not defined, "no def/class/lambda in notebooks: analysis logic belongs in textkit"
        assert "open(" not in "".join(cell["source"]) and "../" not in "".join(cell["source"])


def test_every_notebook_runs_and_writes_its_figures(built):
    names = {p.name for p in (built / "figures").iterdir()}
    for notebook, figures in FIGURES.items():
        for figure in figures:
            assert {f"{figure}.png", f"{figure}.pdf"} <= names, f"{notebook} did not write {figure}"
    assert len(names) == 2 * sum(map(len, FIGURES.values())), "a figure is written by exactly one notebook"
    assert {p.stem for p in (built / "notebooks").glob("*.html")} == set(FIGURES)
    assert {"corpus_overview.csv", "slogan_wording.csv", "similarity_words_vs_chars.csv"} <= {p.name for p in (built / "tables").iterdir()}


def test_executed_notebooks_show_no_errors_and_computed_conclusions(built):
    html = (built / "notebooks" / "05_similarity.html").read_text(encoding="utf-8")
    assert "Traceback" not in html and "missing from font" not in html
    assert "The closest pair is" in html and "{labels" not in html


def test_rerunning_gives_identical_png_files(built, tmp_path):
    again = tmp_path / "again"
    run_notebooks([p for p in notebook_paths() if p.stem in ("01_corpus", "02_vocabulary")], figures=again, tables=tmp_path, html=None)
    for name in FIGURES["01_corpus"] + FIGURES["02_vocabulary"]:
        assert _sha(again / f"{name}.png") == _sha(built / "figures" / f"{name}.png"), name
        assert _sha(again / f"{name}.pdf") == _sha(built / "figures" / f"{name}.pdf"), name


def test_a_notebook_runs_on_a_corpus_of_seven_documents_without_metadata(tmp_path, corpus):
    folder = tmp_path / "mine"
    folder.mkdir()
    for row in corpus.itertuples():
        half = len(row.text) // 2
        (folder / f"{row.doc_id}.txt").write_text(row.text[:half], encoding="utf-8")
        if row.doc_id in ("chengdu", "jiangjin"):
            (folder / f"{row.doc_id}_part2.txt").write_text(row.text[half:], encoding="utf-8")
    out = tmp_path / "out"
    notebooks = [p for p in notebook_paths() if p.stem in ("05_similarity", "06_emphasis")]
    run_notebooks(notebooks, corpus=folder, figures=out, tables=out, html=out, gloss="pinyin")
    for name in FIGURES["05_similarity"] + FIGURES["06_emphasis"]:
        assert (out / f"{name}.png").stat().st_size > 10_000
    assert "jiangjin_part2" in (out / "06_emphasis.html").read_text(encoding="utf-8")


def test_a_failing_cell_names_the_notebook_and_the_cell(tmp_path):
    with pytest.raises(NotebookError, match=r"01_corpus.ipynb.*not a folder|corpus="):
        run_notebooks(corpus=tmp_path / "missing", figures=tmp_path, tables=tmp_path, html=None)
    broken = tmp_path / "01_broken.ipynb"
    nb = json.loads((paths.ROOT / "notebooks" / "01_corpus.ipynb").read_text(encoding="utf-8"))
    nb["cells"][2]["source"] = "1 / 0"
    broken.write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(NotebookError, match=r"01_broken.ipynb, cell 4 .*ZeroDivisionError"):
        run_notebooks([broken], figures=tmp_path, tables=tmp_path, html=tmp_path)
    assert (tmp_path / "01_broken.html").exists()
