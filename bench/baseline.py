"""The baseline a user would write: ``jieba.lcut`` over every file, on a process pool.

    python bench/baseline.py DIR --jobs 2

Only tokenises (no cleaning, no analysis). Uses jieba's module-level function on
purpose: this is what textkit is measured against, not how textkit works.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from pathlib import Path


def _cut(path: Path) -> int:
    import jieba

    return len(jieba.lcut(path.read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("dir", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    files = sorted(args.dir.glob("*.txt"))
    start = time.perf_counter()
    with multiprocessing.Pool(args.jobs) as pool:
        n_tokens = sum(pool.imap(_cut, files, chunksize=8))
    print(f"{len(files)} files, {n_tokens} tokens in {time.perf_counter() - start:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
