"""The ``textkit`` command line.

Every subcommand reads a corpus folder and writes a CSV table. Problems with the
input are reported in one line on stderr with exit code 2, never as a traceback;
skipped files are reported as warnings, and the number of documents analysed is
printed.

    textkit corpus DIR [--out FILE.csv]   document table with metadata and counts
    textkit build [--out DIR]             regenerate every table (and, later, figure)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from textkit import paths
from textkit.corpus import CorpusError, clean_report, describe_corpus, read_corpus

__all__ = ["main", "write_csv"]


class UserError(Exception):
    """An error in what the user asked for; reported in one line, exit code 2."""


def write_csv(table: pd.DataFrame, path: str | os.PathLike[str], *, inputs: Sequence[Path] = ()) -> Path:
    """Write a table as UTF-8 CSV atomically (temporary file, then rename).

    Parameters
    ----------
    table : DataFrame
    path : path-like
        Destination; its folder is created if needed.
    inputs : sequence of Path
        Input files that must never be overwritten.

    Returns
    -------
    Path
        The path written.
    """
    path = Path(path)
    resolved = path.resolve()
    if any(resolved == Path(p).resolve() for p in inputs):
        raise UserError(f"--out {path} is one of the input files; choose another name")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            table.to_csv(fh, index=False, lineterminator="\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _corpus_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.is_file()] if folder.is_dir() else []


def _corpus_table(folder: Path) -> pd.DataFrame:
    corpus = read_corpus(folder, on_error="skip")
    counts = describe_corpus(corpus)
    return corpus.merge(counts, on="doc_id", how="left", validate="one_to_one")


def cmd_corpus(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    table = _corpus_table(folder)
    if args.out:
        write_csv(table, args.out, inputs=_corpus_files(folder))
    shown = table[["doc_id", "n_chars", "n_sentences", "n_paragraphs", "n_headings"]]
    print(shown.to_string(index=False))
    print(f"{len(table)} documents, {int(table['n_chars'].sum())} characters" + (f"; table written to {args.out}" if args.out else ""))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else paths.TABLES
    folder = Path(args.corpus) if args.corpus else paths.CORPUS
    inputs = _corpus_files(folder)
    written = [
        write_csv(_corpus_table(folder), out / "corpus.csv", inputs=inputs),
        write_csv(clean_report(folder, on_error="skip"), out / "cleaning_audit.csv", inputs=inputs),
    ]
    for p in written:
        print(f"wrote {p}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="textkit", description="Comparative analysis of Chinese official texts.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("corpus", help="document table: metadata and simple counts")
    p.add_argument("dir", help="corpus folder (.txt files, optional metadata.csv)")
    p.add_argument("--out", help="write the table to this CSV file")
    p.set_defaults(func=cmd_corpus)

    p = sub.add_parser("build", help="regenerate every table for the write-up")
    p.add_argument("--out", help=f"folder for tables (default {paths.TABLES})")
    p.add_argument("--corpus", help=f"corpus folder (default {paths.CORPUS})")
    p.set_defaults(func=cmd_build)
    return parser


def _warn_line(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
    print(f"textkit: warning: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 2 user error)."""
    parser = _parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = _warn_line
        try:
            return func(args)
        except (CorpusError, UserError, ValueError, OSError) as exc:
            print(f"textkit: error: {exc}", file=sys.stderr)
            return 2


if __name__ == "__main__":
    sys.exit(main())
