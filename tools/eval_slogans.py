"""Precision and recall of find_slogans against the hand annotation of the five reports.

Usage::

    .venv/bin/python tools/eval_slogans.py [--fixture tests/fixtures/slogans_annotated.csv]

A returned row matches an annotated formula when any of its forms (``slogan`` or one
of its ``variants``) equals one of the annotation's forms, ignoring 、，“”‘’ and
spaces and the order of the middle characters of ABAC patterns (入脑入心 = 入心入脑).
Precision is over all returned rows; recall over annotated formulas; doc_ids are
checked for the annotated formulas used by several reports.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from textkit import Tokenizer, paths, read_corpus
from textkit.slogans import _PUNCT_STRIP, _pattern_key, find_slogans


def _key(form: str) -> str:
    return _pattern_key(_PUNCT_STRIP.sub("", form))


def _forms(slogan: str, variants: str) -> set[str]:
    return {_key(f) for f in [slogan, *str(variants or "").split(";")] if f and f != "nan"}


def evaluate(table: pd.DataFrame, gold: pd.DataFrame) -> dict[str, object]:
    gold_forms = [_forms(s, v) for s, v in gold[["slogan", "variants"]].fillna("").itertuples(index=False)]
    row_forms = [_forms(s, v) for s, v in table[["slogan", "variants"]].itertuples(index=False)]
    matched_rows = [any(rf & gf for gf in gold_forms) for rf in row_forms]
    found = []
    for gf in gold_forms:
        hits = [i for i, rf in enumerate(row_forms) if rf & gf]
        found.append(hits)
    shared = [i for i, d in enumerate(gold["doc_ids"]) if len(d.split(";")) >= 2]
    right_docs = [
        i for i in shared
        if found[i] and any(set(table.iloc[j]["doc_ids"].split(";")) == set(gold.iloc[i]["doc_ids"].split(";")) for j in found[i])
    ]
    return {
        "n_rows": len(table),
        "n_gold": len(gold),
        "precision": sum(matched_rows) / max(len(table), 1),
        "recall": sum(bool(h) for h in found) / max(len(gold), 1),
        "shared_doc_ids": len(right_docs) / max(len(shared), 1),
        "n_shared": len(shared),
        "false_positives": table.loc[[not m for m in matched_rows], ["slogan", "kind", "doc_ids", "count"]],
        "misses": gold.loc[[not h for h in found], ["slogan", "kind", "doc_ids"]],
        "wrong_docs": gold.iloc[[i for i in shared if found[i] and i not in right_docs]][["slogan", "doc_ids"]],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixture", default=str(paths.ROOT / "tests" / "fixtures" / "slogans_annotated.csv"))
    parser.add_argument("--corpus", default=str(paths.CORPUS))
    args = parser.parse_args(argv)
    gold = pd.read_csv(args.fixture, dtype=str, keep_default_na=False)
    corpus = read_corpus(Path(args.corpus))
    tokenizer = Tokenizer()
    tokenizer.cut("预热")
    start = time.perf_counter()
    table = find_slogans(corpus, tokenizer=tokenizer, known=False)
    elapsed = time.perf_counter() - start
    r = evaluate(table, gold)
    pd.set_option("display.width", 200)
    pd.set_option("display.max_rows", 500)
    print(f"{r['n_rows']} rows returned, {r['n_gold']} annotated formulas, {elapsed:.2f} s")
    print(f"precision {r['precision']:.3f}  recall {r['recall']:.3f}  "
          f"right doc_ids for {r['shared_doc_ids']:.3f} of {r['n_shared']} shared formulas")
    print("\nfalse positives (returned, not annotated):")
    print(r["false_positives"].to_string(index=False))
    print("\nmisses (annotated, not returned):")
    print(r["misses"].to_string(index=False))
    print("\nshared formulas with wrong doc_ids:")
    print(r["wrong_docs"].to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
