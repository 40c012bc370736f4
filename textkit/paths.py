"""Project paths, anchored at the repository, never at the working directory.

Every notebook, script and test takes its paths from here, so that a notebook
opened from any folder (or executed headlessly) reads the same corpus and
writes to the same ``figures/`` and ``tables/``.

Attributes
----------
ROOT : Path
    The repository root (the folder holding ``pyproject.toml``).
CORPUS : Path
    ``corpus/``: the five reports, byte-for-byte, and ``metadata.csv``.
FIGURES : Path
    ``figures/``: generated figures (PNG and PDF).
TABLES : Path
    ``tables/``: generated tables (CSV).
BUILD : Path
    ``build/``: executed notebooks and other intermediate output.
DATA : Path
    ``textkit/data/``: the shipped dictionary, stopwords and cleaning rules.
SHARED : Path
    ``../shared`` beside the repository: development and evaluation data
    that is never copied into the project (may be absent).
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
FIGURES = ROOT / "figures"
TABLES = ROOT / "tables"
BUILD = ROOT / "build"
SHARED = ROOT.parent / "shared"
REFERENCE_CORPUS = SHARED / "reference-corpus"

__all__ = ["ROOT", "CORPUS", "FIGURES", "TABLES", "BUILD", "DATA", "SHARED", "REFERENCE_CORPUS"]
