"""Generate a large, realistic corpus of official Chinese texts for the benchmark.

Real sentences from the national reports (``../shared/reference-corpus``) and the five
regional reports (``corpus/``) are recombined into documents of varied length. Each
document also gets its own place name and a few coined compound words (新质生产力-style
``XX工程``, ``XX行动``), made from a seeded random generator, so the vocabulary keeps
growing with the corpus — one text repeated would hide the cost of a large vocabulary.
The source files are read at run time and never copied.

    python bench/generate.py OUT_DIR --mb 20 [--seed 0] [--sources DIR ...]

Same seed and size, same files (byte for byte).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = (REPO.parent / "shared" / "reference-corpus", REPO / "corpus")
_SENTENCE = re.compile(r"[^。！？\n]*[。！？]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_PLACE_SUFFIX = ("市", "县", "区", "镇", "乡", "街道")
_TERM_SUFFIX = ("工程", "行动", "计划", "模式", "机制", "品牌", "体系", "示范区", "攻坚战", "服务站")
_TEMPLATES = (
    "{place}深入实施“{term}”，推动各项工作走深走实。",
    "{place}坚持以“{term}”为抓手，持续提升群众获得感。",
    "全{kind}上下围绕“{term}”，聚焦急难愁盼问题，办成了一批实事。",
    "{place}把{term}作为重要抓手，形成了“{term}+{term2}”的工作格局。",
    "今年以来，{place}累计开展{term}活动{n}场次，覆盖群众{m}万人次。",
)


def source_sentences(sources: list[Path]) -> list[str]:
    """Real sentences (10–200 characters, mostly Chinese) from every .txt file in ``sources``."""
    out = []
    for folder in sources:
        for path in sorted(folder.glob("*.txt")):
            if path.name.lower() == "readme.txt":
                continue
            text = path.read_text(encoding="utf-8-sig", errors="ignore")
            for m in _SENTENCE.finditer(text):
                s = m.group(0).strip()
                if 10 <= len(s) <= 200 and len(_HAN.findall(s)) >= 0.6 * len(s):
                    out.append(s)
    if not out:
        raise SystemExit(f"no sentences found in {[str(s) for s in sources]}")
    return out


def _word(rng: random.Random, chars: str, lo: int, hi: int) -> str:
    return "".join(rng.choice(chars) for _ in range(rng.randint(lo, hi)))


def generate(out: Path, *, mb: float, seed: int = 0, sources: list[Path] | None = None) -> list[Path]:
    """Write about ``mb`` megabytes of UTF-8 ``.txt`` files into ``out``; return their paths."""
    rng = random.Random(seed)
    sents = source_sentences(list(sources or DEFAULT_SOURCES))
    chars = "".join(_HAN.findall("".join(sents)))  # characters in their natural frequencies
    out.mkdir(parents=True, exist_ok=True)
    target = int(mb * 1_000_000)
    written, paths, i = 0, [], 0
    # places are reused across a few "years", so coinages recur between documents
    places: list[tuple[str, str, list[str]]] = []
    while written < target:
        if not places or rng.random() < 0.6:
            kind = rng.choice(_PLACE_SUFFIX)
            place = _word(rng, chars, 2, 3) + kind
            terms = [_word(rng, chars, 2, 4) + rng.choice(_TERM_SUFFIX) for _ in range(rng.randint(2, 5))]
            places.append((place, kind, terms))
        place, kind, terms = rng.choice(places)
        terms = terms + [_word(rng, chars, 2, 4) + rng.choice(_TERM_SUFFIX)]  # one new term per document
        n_chars = int(min(max(rng.lognormvariate(7.4, 0.8), 200), 60_000))
        paras, para, length = [f"{place}{rng.randint(2015, 2025)}年工作报告"], [], 0
        while length < n_chars:
            if rng.random() < 0.15:
                t1, t2 = rng.sample(terms, 2)
                s = rng.choice(_TEMPLATES).format(place=place, kind=kind[-1], term=t1, term2=t2,
                                                  n=rng.randint(2, 900), m=rng.randint(1, 99))
            else:
                s = rng.choice(sents)
                if rng.random() < 0.3:
                    s = s.replace("全国", place, 1).replace("我国", place, 1)
            para.append(s)
            length += len(s)
            if rng.random() < 0.2:
                paras.append("".join(para))
                para = []
        if para:
            paras.append("".join(para))
        path = out / f"doc{i:06d}.txt"
        data = ("\n".join(paras) + "\n").encode("utf-8")
        path.write_bytes(data)
        paths.append(path)
        written += len(data)
        i += 1
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the .txt files into (created)")
    parser.add_argument("--mb", type=float, default=20, help="total size in MB (default 20)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sources", type=Path, nargs="*", help="folders of real reports (default: reference corpus and corpus/)")
    args = parser.parse_args(argv)
    paths = generate(args.out, mb=args.mb, seed=args.seed, sources=args.sources)
    print(f"{len(paths)} files, {sum(p.stat().st_size for p in paths) / 1e6:.1f} MB in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
