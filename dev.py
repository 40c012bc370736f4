#!/usr/bin/env python3
"""Set up textkit in a private virtual environment, then build or test.

    python3 dev.py build     # regenerate every figure and table
    python3 dev.py test      # run the test suite (extra arguments go to pytest)
    python3 dev.py bench     # the benchmark (extra arguments go to bench/run.py)

Needs only Python >= 3.11 with its standard ``venv`` module. The environment lives in
``.venv/`` inside the repository and is reinstalled only when ``pyproject.toml``
changes. Conda users can instead ``conda env create -f environment.yml`` and run
``textkit build`` / ``pytest`` directly.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / "textkit-install.sha256"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
USAGE = "usage: python3 dev.py {build,test,bench} [extra arguments]"


def _run(cmd: list[str]) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], cwd=ROOT)


def setup() -> None:
    """Create .venv and install textkit with its test extra, unless already current."""
    if sys.version_info < (3, 11):
        sys.exit(f"textkit needs Python >= 3.11; this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    if not PYTHON.exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    code = _run([PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", ".[dev]"])
    if code:
        sys.exit(f"installing textkit into {VENV} failed (pip exit code {code})")
    STAMP.write_text(wanted + "\n")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("build", "test", "bench"):
        print(USAGE, file=sys.stderr)
        return 2
    setup()
    if argv[0] == "build":
        return _run([BIN / "textkit", "build", *argv[1:]])
    if argv[0] == "bench":
        return _run([PYTHON, ROOT / "bench" / "run.py", *argv[1:]])
    code = _run([PYTHON, "-m", "pytest", *argv[1:]])
    if code == 5:
        print("pytest collected no tests (exit code 5)", file=sys.stderr)
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
