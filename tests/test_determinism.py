"""Same input and settings, byte-identical tables: across runs and across fresh processes."""

from __future__ import annotations

import hashlib
import os
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


_WRITES: list[tuple[str, str]] = []
_WATCHED: list[str] = []


def _audit(event: str, args: tuple) -> None:
    # Audit hooks cannot be removed, so this one only records while a test has set _WATCHED.
    if event != "open" or not _WATCHED or not isinstance(args[0], str):
        return
    path, mode, flags = args
    writing = (mode is not None and any(c in mode for c in "wax+")) or (
        flags is not None and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND)
    )
    if writing and os.path.abspath(path).startswith(_WATCHED[0]):
        _WRITES.append((path, mode or oct(flags)))


sys.addaudithook(_audit)


def test_no_input_file_is_ever_opened_for_writing(tmp_path):
    # Root ignores a read-only folder, so watch every open() instead: the whole build,
    # reading, tokenising (with a fresh segmenter cache) and every table, must only read the corpus.
    corpus = tmp_path / "corpus"
    shutil.copytree(paths.CORPUS, corpus)
    _WATCHED.append(str(corpus))
    try:
        code = main(["build", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--no-figures"])
        with open(corpus / "chengdu.txt", "a", encoding="utf-8"):
            pass  # the watcher itself must see a write
    finally:
        _WATCHED.clear()
    assert code == 0
    assert _WRITES == [(str(corpus / "chengdu.txt"), "a")]
