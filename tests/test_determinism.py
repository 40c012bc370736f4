"""Same input and settings, byte-identical tables: across runs and across fresh processes."""

from __future__ import annotations

import hashlib
import shutil
import stat
import subprocess
import sys

from textkit import paths
from textkit.cli import main


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_build_twice_gives_identical_tables(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    assert main(["build", "--out", str(first), "--no-figures"]) == 0
    # a fresh process, so nothing cached in memory (segmenter, rules) can hide a difference
    code = subprocess.call([sys.executable, "-m", "textkit.cli", "build", "--out", str(second), "--no-figures"])
    assert code == 0
    assert _digests(first) == _digests(second)
    assert len(_digests(first)) >= 16


def test_build_on_a_read_only_corpus_changes_nothing(tmp_path):
    corpus = tmp_path / "ro"
    shutil.copytree(paths.CORPUS, corpus)
    before = _digests(corpus)
    for p in corpus.iterdir():
        p.chmod(stat.S_IRUSR)
    corpus.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert main(["build", "--corpus", str(corpus), "--out", str(tmp_path / "tables"), "--no-figures"]) == 0
    finally:
        corpus.chmod(stat.S_IRWXU)
        for p in corpus.iterdir():
            p.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert _digests(corpus) == before
