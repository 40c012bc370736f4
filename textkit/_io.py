"""Atomic file writing, shared by every output textkit produces."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["atomic_write"]


def _umask() -> int:
    # Read, not set-and-restore: os.umask() changes it for every thread for a moment
    # (notebooks run in threads), so prefer Linux's read-only view.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: str | os.PathLike[str], write: Callable[[str], None], *, private: bool = False) -> Path:
    """Write a file through a temporary file in the same folder, then rename it into place.

    An interrupted run therefore never leaves a half-written file under ``path``.

    Parameters
    ----------
    path : path-like
        Destination; its folder is created if needed.
    write : callable
        Called with the temporary file's path; writes the whole content there.
    private : bool, default False
        Keep the file readable by its owner only (mode 0600, for caches). Otherwise the
        file gets the mode a newly created file would get under the current umask,
        like any other output (``tempfile.mkstemp`` alone would leave it at 0600).

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> atomic_write(out, lambda tmp: pathlib.Path(tmp).write_text("主题教育", encoding="utf-8")).read_text(encoding="utf-8")
    '主题教育'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        if not private:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
