"""Precision and recall of find_slogans against the hand annotations.

Usage::

    .venv/bin/python tools/eval_slogans.py [--fixture tests/fixtures/slogans_annotated.csv]
                                           [--reference-fixture tests/fixtures/reference_annotated.csv]
                                           [--quiet] [--known] [--heldout [FIXTURE]]

Two annotations: the five reports (``slogans_annotated.csv``, corpus ``corpus/``) and
three national reports of the reference corpus (``reference_annotated.csv``: gwr_2016,
gwr_2023, cpc_congress_19), a second, independent development set that stands in for
texts the code was not developed on. The second is evaluated only when the reference
corpus is present, twice: on the three annotated documents alone (precision over all
returned rows; then each document alone, over the rows it uses and the formulas
annotated for it) and on the whole reference corpus (rows used by none of the three
documents are left out of precision; doc_ids are compared on the three documents).

A returned row matches an annotated formula when any of its forms (``slogan`` or one
of its ``variants``) equals one of the annotation's forms, ignoring 、，“”‘’ and
spaces and the order of the middle characters of ABAC patterns (入脑入心 = 入心入脑).
Precision is over all returned rows; recall over annotated formulas; doc_ids are
checked for the annotated formulas used by several documents.

``--heldout`` scores a held-out annotation instead (default
``heldout_gwr_2021.csv``: gwr_2021, annotated by reading before the discovery
rules were revised and never inspected item by item while developing), and prints
only the numbers: the documents it annotates alone (with recall by kind and how many
misses lie where, :func:`where_missed`), then within the whole reference corpus.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from textkit import Tokenizer, paths, read_corpus
from textkit.slogans import _PUNCT_STRIP, _pattern_key, find_slogans, slogan_candidates


def _key(form: str) -> str:
    return _pattern_key(_PUNCT_STRIP.sub("", form))


def _forms(slogan: str, variants: str) -> set[str]:
    return {_key(f) for f in [slogan, *str(variants or "").split(";")] if f and f != "nan"}


def evaluate(table: pd.DataFrame, gold: pd.DataFrame, *, doc_ids: set[str] | None = None) -> dict[str, object]:
    """Match ``table`` against ``gold``.

    ``doc_ids`` restricts the comparison to those documents: rows used by none of
    them do not count for precision, and a row's doc_ids are intersected with them
    before they are compared with the annotation's.
    """
    if "variants" not in gold.columns:
        gold = gold.assign(variants="")
    if doc_ids is not None:
        keep = table["doc_ids"].str.split(";").map(lambda ds: bool(set(ds) & doc_ids))
        table = table[keep].reset_index(drop=True)
    gold_forms = [_forms(s, v) for s, v in gold[["slogan", "variants"]].fillna("").itertuples(index=False)]
    row_forms = [_forms(s, v) for s, v in table[["slogan", "variants"]].itertuples(index=False)]
    row_docs = [set(d.split(";")) & doc_ids if doc_ids is not None else set(d.split(";")) for d in table["doc_ids"]]
    matched_rows = [any(rf & gf for gf in gold_forms) for rf in row_forms]
    found = []
    for gf in gold_forms:
        hits = [i for i, rf in enumerate(row_forms) if rf & gf]
        found.append(hits)
    shared = [i for i, d in enumerate(gold["doc_ids"]) if len(d.split(";")) >= 2]
    right_docs = [
        i for i in shared
        if found[i] and any(row_docs[j] == set(gold.iloc[i]["doc_ids"].split(";")) for j in found[i])
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


def where_missed(table: pd.DataFrame, candidates: pd.DataFrame, misses: pd.DataFrame) -> dict[str, int]:
    """How many misses lie where: numbers, not items (held-out misses are not to be looked at).

    Each miss counts once, in the first of: ``inside`` a longer returned form (the annotation
    marks a part of what was returned), ``holds`` a returned form (a part was returned),
    ``proposed`` by a signal but not accepted (a row of ``candidates``, what
    :func:`textkit.slogans.slogan_candidates` returns, has its form), ``not_proposed``.
    Only the last are out of reach of any change to the acceptance rules.
    """
    forms = {_PUNCT_STRIP.sub("", f) for s, v in table[["slogan", "variants"]].itertuples(index=False)
             for f in [s, *str(v or "").split(";")] if f}
    proposed = {_key(k) for k in candidates["key"]} | {_key(s) for s in candidates["surface"]}
    counts = dict.fromkeys(["inside", "holds", "proposed", "not_proposed"], 0)
    for slogan in misses["slogan"]:
        bare = _PUNCT_STRIP.sub("", slogan)
        if any(bare in f for f in forms if len(f) > len(bare)):
            counts["inside"] += 1
        elif any(f in bare for f in forms if 2 <= len(f) < len(bare)):
            counts["holds"] += 1
        elif _key(slogan) in proposed:
            counts["proposed"] += 1
        else:
            counts["not_proposed"] += 1
    return counts


def _report(title: str, r: dict[str, object], elapsed: float, *, quiet: bool) -> None:
    print(f"== {title}: {r['n_rows']} rows returned, {r['n_gold']} annotated formulas, {elapsed:.2f} s")
    print(f"precision {r['precision']:.3f}  recall {r['recall']:.3f}  "
          f"right doc_ids for {r['shared_doc_ids']:.3f} of {r['n_shared']} shared formulas")
    if quiet:
        return
    print("\nfalse positives (returned, not annotated):")
    print(r["false_positives"].to_string(index=False))
    print("\nmisses (annotated, not returned):")
    print(r["misses"].to_string(index=False))
    print("\nshared formulas with wrong doc_ids:")
    print(r["wrong_docs"].to_string(index=False))
    print()


def _timed(corpus: pd.DataFrame, tokenizer: Tokenizer, known: bool) -> tuple[pd.DataFrame, float]:
    start = time.perf_counter()
    table = find_slogans(corpus, tokenizer=tokenizer, known=known)
    return table, time.perf_counter() - start


def _reference(reference_dir: Path) -> pd.DataFrame:
    reference = read_corpus(reference_dir)
    return reference[reference["doc_id"] != "README"].reset_index(drop=True)


def _heldout(fixture: Path, reference_dir: Path, tokenizer: Tokenizer, known: bool) -> int:
    """Numbers only: the misses of a held-out set are not to be looked at while developing."""
    if not reference_dir.is_dir():
        print(f"(reference corpus {reference_dir} not present: held-out annotation skipped)")
        return 0
    gold = pd.read_csv(fixture, dtype=str, keep_default_na=False)
    annotated = {d for ds in gold["doc_ids"] for d in ds.split(";")}
    reference = _reference(reference_dir)
    alone = reference[reference["doc_id"].isin(annotated)].reset_index(drop=True)
    table, elapsed = _timed(alone, tokenizer, known)
    r = evaluate(table, gold)
    _report(f"held-out {fixture.name}, its {len(alone)} document(s) alone", r, elapsed, quiet=True)
    _by_kind(gold, r)
    where = where_missed(table, slogan_candidates(alone, tokenizer=tokenizer), r["misses"])  # type: ignore[arg-type]
    print("   misses: " + "  ".join(f"{k} {v}" for k, v in where.items()))
    table, elapsed = _timed(reference, tokenizer, known)
    r = evaluate(table, gold, doc_ids=annotated)
    _report(f"held-out {fixture.name}, within the whole reference corpus", r, elapsed, quiet=True)
    _by_kind(gold, r)
    return 0


def _by_kind(gold: pd.DataFrame, r: dict[str, object]) -> None:
    """Recall per annotated kind: a number per kind, not the items."""
    missed = r["misses"]["kind"].value_counts()  # type: ignore[index]
    total = gold["kind"].value_counts()
    print("   recall by kind: " + "  ".join(
        f"{kind} {1 - missed.get(kind, 0) / n:.2f} ({n})" for kind, n in sorted(total.items())))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixture", default=str(paths.ROOT / "tests" / "fixtures" / "slogans_annotated.csv"))
    parser.add_argument("--corpus", default=str(paths.CORPUS))
    parser.add_argument("--reference-fixture", default=str(paths.ROOT / "tests" / "fixtures" / "reference_annotated.csv"))
    parser.add_argument("--reference-corpus", default=str(paths.REFERENCE_CORPUS))
    parser.add_argument("--quiet", action="store_true", help="only the summary lines")
    parser.add_argument("--known", action="store_true",
                        help="with the registry of known formulas (default: discovery alone, find_slogans(known=False))")
    parser.add_argument("--heldout", nargs="?", const=str(paths.ROOT / "tests" / "fixtures" / "heldout_gwr_2021.csv"),
                        help="score only this held-out annotation of reference documents (numbers only)")
    args = parser.parse_args(argv)
    pd.set_option("display.width", 200)
    pd.set_option("display.max_rows", 1000)
    tokenizer = Tokenizer()
    tokenizer.cut("预热")

    if args.heldout:
        return _heldout(Path(args.heldout), Path(args.reference_corpus), tokenizer, args.known)
    gold = pd.read_csv(args.fixture, dtype=str, keep_default_na=False)
    table, elapsed = _timed(read_corpus(Path(args.corpus)), tokenizer, args.known)
    _report("five reports", evaluate(table, gold), elapsed, quiet=args.quiet)

    reference_dir = Path(args.reference_corpus)
    if not reference_dir.is_dir():
        print(f"(reference corpus {reference_dir} not present: second annotation skipped)")
        return 0
    ref_gold = pd.read_csv(args.reference_fixture, dtype=str, keep_default_na=False)
    annotated = {d for ds in ref_gold["doc_ids"] for d in ds.split(";")}
    reference = _reference(reference_dir)
    three = reference[reference["doc_id"].isin(annotated)].reset_index(drop=True)
    table, elapsed = _timed(three, tokenizer, args.known)
    _report(f"reference, the {len(three)} annotated documents", evaluate(table, ref_gold), elapsed, quiet=args.quiet)
    for doc_id in three["doc_id"]:
        # each document alone: rows it uses, formulas annotated for it (to compare development and held-out documents)
        own = ref_gold[ref_gold["doc_ids"].str.split(";").map(lambda ds, d=doc_id: d in ds)].reset_index(drop=True)
        r = evaluate(table, own, doc_ids={doc_id})
        print(f"   {doc_id}: {r['n_rows']} rows, {r['n_gold']} annotated: precision {r['precision']:.3f}  recall {r['recall']:.3f}")
    table, elapsed = _timed(reference, tokenizer, args.known)
    r = evaluate(table, ref_gold, doc_ids=annotated)
    print(f"(whole reference corpus: {len(table)} rows in all)")
    _report(f"whole reference corpus ({len(reference)} documents), scored on the annotated ones", r, elapsed, quiet=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
