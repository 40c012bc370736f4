"""Run the notebooks headlessly: every figure and table for the write-up, from one command.

:func:`run_notebooks` executes ``notebooks/0*.ipynb`` in order, each in a fresh kernel
(nbclient), with the corpus and output folders injected after the cell tagged
``parameters`` (as papermill does), and writes an HTML copy of each executed notebook.
It stops at the first failing cell and names the notebook and the cell; a figure with
a character its font cannot draw counts as a failure.
"""

from __future__ import annotations

import os
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor, wait
from collections.abc import Callable, Sequence
from os import PathLike
from pathlib import Path

from textkit import paths
from textkit._io import atomic_write

__all__ = ["NOTEBOOKS", "NotebookError", "notebook_paths", "run_notebook", "run_notebooks"]

NOTEBOOKS = paths.ROOT / "notebooks"
_GLYPH = re.compile(r"Glyph \d+ .*missing from (current )?font")


class NotebookError(RuntimeError):
    """A notebook failed: a cell raised, or it drew a character its font lacks."""


def notebook_paths(folder: str | PathLike[str] = NOTEBOOKS) -> list[Path]:
    """The analysis notebooks in run order: ``0*.ipynb``, sorted by name."""
    found = sorted(Path(folder).glob("0*.ipynb"))
    if not found:
        raise NotebookError(f"no notebooks (0*.ipynb) in {folder}")
    return found


def _inject(nb, params: dict[str, object]) -> None:  # noqa: ANN001
    import nbformat

    index = next((i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if index is None:
        raise NotebookError("it has no cell tagged 'parameters'")
    source = "# Parameters injected by textkit figures\n" + "\n".join(f"{k} = {v!r}" for k, v in params.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    cell["id"] = "injected-parameters"
    nb.cells.insert(index + 1, cell)


def _cell_label(nb, index: int) -> str:  # noqa: ANN001
    first = next((line for line in nb.cells[index].source.splitlines() if line.strip()), "")
    return f"cell {index + 1} ({first[:60]!r})"


def _glyph_problems(nb) -> list[str]:  # noqa: ANN001
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            text = out.get("text", "") if out.get("output_type") == "stream" else ""
            if _GLYPH.search(text):
                found.append(f"{_cell_label(nb, i)}: {_GLYPH.search(text).group(0)}")
    return found


def _write_html(nb, path: Path) -> None:  # noqa: ANN001
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(nb)
    atomic_write(path, lambda tmp: Path(tmp).write_text(body, encoding="utf-8"))


def run_notebook(
    notebook: str | PathLike[str],
    *,
    corpus: str | PathLike[str] = paths.CORPUS,
    figures: str | PathLike[str] = paths.FIGURES,
    tables: str | PathLike[str] = paths.TABLES,
    html: str | PathLike[str] | None = paths.BUILD / "notebooks",
    gloss: str = "none",
    timeout: int = 600,
) -> Path | None:
    """Execute one notebook in a fresh kernel; write its HTML copy.

    Parameters
    ----------
    notebook : path-like
    corpus, figures, tables : path-like
        Injected as ``corpus_dir``, ``figures_dir``, ``tables_dir``.
    html : path-like or None
        Folder for the executed notebook as HTML (None: none written).
    gloss : str
        Injected as ``gloss`` (see :func:`textkit.gloss_labels`).
    timeout : int
        Seconds one cell may run.

    Returns
    -------
    Path or None
        The HTML file written.

    Raises
    ------
    NotebookError
        Naming the notebook and the cell that failed.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = Path(notebook)
    nb = nbformat.read(notebook, as_version=4)
    try:
        _inject(nb, {"corpus_dir": str(corpus), "figures_dir": str(figures), "tables_dir": str(tables), "gloss": gloss})
    except NotebookError as exc:
        raise NotebookError(f"{notebook.name}: {exc}") from None
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    out = Path(html) / f"{notebook.stem}.html" if html is not None else None
    try:
        client.execute()
    except CellExecutionError as exc:
        failed = next((i for i, c in enumerate(nb.cells) if any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
        where = _cell_label(nb, failed) if failed is not None else "a cell"
        if out is not None:
            _write_html(nb, out)
        summary = str(exc).strip().splitlines()
        raise NotebookError(f"{notebook.name}, {where}: {summary[-1] if summary else exc}") from None
    problems = _glyph_problems(nb)
    if out is not None:
        _write_html(nb, out)
    if problems:
        raise NotebookError(f"{notebook.name}: missing glyphs (text would show as empty boxes): {'; '.join(problems)}")
    return out


def run_notebooks(
    notebooks: Sequence[str | PathLike[str]] | None = None,
    *,
    corpus: str | PathLike[str] = paths.CORPUS,
    figures: str | PathLike[str] = paths.FIGURES,
    tables: str | PathLike[str] = paths.TABLES,
    html: str | PathLike[str] | None = paths.BUILD / "notebooks",
    gloss: str = "none",
    timeout: int = 600,
    jobs: int | None = None,
    log: Callable[[str], None] | None = None,
) -> list[Path]:
    """Execute every analysis notebook, each in a fresh kernel, ``jobs`` at a time.

    Notebooks are independent (each reads the corpus and writes its own figures and
    tables), so they can run side by side; the first failure (in notebook order) is raised
    once all have finished.

    Parameters
    ----------
    notebooks : sequence of path-like, optional
        Default: ``notebooks/0*.ipynb`` (:func:`notebook_paths`).
    corpus, figures, tables, html, gloss, timeout
        As in :func:`run_notebook`.
    jobs : int, optional
        Notebooks run at once (default: the number of CPUs, at most 2; 1 runs them in order).
    log : callable, optional
        Called with one progress line per notebook (default: print to stderr).

    Returns
    -------
    list of Path
        The HTML copies written.
    """
    from textkit.style import _check_gloss

    _check_gloss(gloss)
    if not Path(corpus).is_dir():
        raise NotebookError(f"corpus={str(corpus)!r}: not a folder")
    log = log or (lambda line: print(line, file=sys.stderr, flush=True))
    todo = [Path(n) for n in (notebooks if notebooks is not None else notebook_paths())]
    jobs = jobs if jobs is not None else max(1, min(2, os.cpu_count() or 1))
    if jobs < 1:
        raise ValueError(f"jobs={jobs}: need at least 1")

    def one(notebook: Path) -> Path | None:
        started = time.perf_counter()
        out = run_notebook(notebook, corpus=corpus, figures=figures, tables=tables, html=html, gloss=gloss, timeout=timeout)
        log(f"ran {notebook.name} in {time.perf_counter() - started:.1f} s")
        return out

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(one, n) for n in todo]
        wait(futures)
    for future in futures:
        future.result()  # re-raises the first failure, in notebook order
    return [f.result() for f in futures if f.result() is not None]
