"""Atomic writes: the one helper every table, figure and HTML page goes through."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from textkit._io import atomic_write


def test_output_files_get_the_umask_mode_not_mkstemps_0600(tmp_path):
    old = os.umask(0o022)
    try:
        out = atomic_write(tmp_path / "sub" / "t.csv", lambda tmp: Path(tmp).write_text("a\n"))
    finally:
        os.umask(old)
    assert out.read_text() == "a\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_private_files_stay_owner_only(tmp_path):
    out = atomic_write(tmp_path / "cache.bin", lambda tmp: Path(tmp).write_bytes(b"x"), private=True)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_a_failing_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "t.csv"
    target.write_text("old")

    def boom(tmp: str) -> None:
        Path(tmp).write_text("half")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        atomic_write(target, boom)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]
