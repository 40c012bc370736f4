"""textkit's benchmark: ``textkit analyze`` side by side with bare jieba, in the same run.

    python3 dev.py bench --sizes 20,100 --repeat 3      # or: .venv/bin/python bench/run.py ...

For each size (MB) a corpus is generated once by ``bench/generate.py`` (seeded; real
sentences recombined, vocabulary growing with size) into ``--work`` (default: the
system temporary folder, never the repository). Then, ``--repeat`` times, alternating
so both see the same noise on a shared machine:

* baseline: ``jieba.lcut`` over the same files on a ``multiprocessing.Pool(--jobs)``
  (``bench/baseline.py``), tokenising only;
* textkit: ``textkit analyze DIR --out TMP --jobs N --no-cache --timings``, the whole
  analysis (reading and cleaning, tokenising, slogans, n-grams, top-k similarity,
  keyness, emphasis, writing every table).

Both run as child processes, timed without sampling their memory (sampling slowed the
run it measured, by up to 1.2 s at 20 MB). Then each runs once more for its memory:
the largest sum of the resident memory of the process and all its children, sampled
every 20 ms (pages shared after fork are counted once per process, so this overstates
rather than understates), and next to it the largest sum of their proportional set
sizes (PSS, ``/proc/PID/smaps_rollup``: a page shared by several processes counts as
its share, so once in the sum), sampled every 0.2 s because reading it for a process
of gigabytes slows that process down.
Then, in this process: Tokenizer start-up for each backend (jieba's dictionary cache
warm) and ``analyze`` on the five reports once warm.

The table gives seconds as min / median / max over the repeats, MB/s on the median,
peak memory, and the ratio of the medians (textkit / baseline). Results also go to
``WORK/results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402


def _corpus(work: Path, mb: float, seed: int) -> Path:
    folder = work / f"corpus_{mb:g}mb_seed{seed}"
    done = folder / ".complete"
    if not done.exists():
        print(f"generating {mb:g} MB into {folder} …", file=sys.stderr)
        generate(folder, mb=mb, seed=seed)
        done.write_text("ok")
    return folder


#: PSS is sampled every this many RSS samples (of 20 ms).
_PSS_EVERY = 10


def _rss(p: psutil.Process) -> int:
    """Resident set size of a process in bytes (cheap: ``/proc/PID/statm``); 0 if it is gone."""
    try:
        return p.memory_info().rss
    except psutil.Error:
        return 0


def _pss(pid: int) -> int:
    """Proportional set size of a process in bytes (``/proc/PID/smaps_rollup``): each page shared by
    several processes counts as its share, so a sum over processes counts it once. 0 if unavailable."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _cpu_children() -> float:
    """User + system CPU seconds of the waited-for children of this process (and theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _sampled(proc: subprocess.Popen) -> tuple[int, int]:
    """Until ``proc`` ends: the peak sum of RSS of its process tree (sampled every 20 ms) and the
    peak sum of PSS (every 0.2 s), in bytes.

    The sampling slows the run it samples: reading smaps_rollup walks the page tables of a process
    of gigabytes under its memory lock (PSS every 20 ms slowed a 20 MB run by about a fifth: 17.9 s
    against 14.7 s under /usr/bin/time), and finding the children scans /proc. Even as here, it
    slowed a 20 MB run: four sampled and four unsampled runs of each, in alternating order, took
    9.08-10.13 against 8.79-9.00 s (textkit) and 9.04-9.36 against 8.68-8.85 s (the baseline).
    So the timed runs are not sampled.
    """
    ps = psutil.Process(proc.pid)
    peak = peak_pss = 0
    tick = 0
    while proc.poll() is None:
        try:
            procs = [ps, *ps.children(recursive=True)]
            peak = max(peak, sum(_rss(p) for p in procs))
            if tick % _PSS_EVERY == 0:
                peak_pss = max(peak_pss, sum(_pss(p.pid) for p in procs))
        except psutil.Error:
            pass
        tick += 1
        time.sleep(0.02)
    return peak, peak_pss


def _measure(cmd: list[str], *, memory: bool = False) -> tuple[float, float, str, float, float]:
    """Wall seconds, peak resident MB of the process tree (sum of RSS), stderr, the peak of the
    sum of PSS of the process tree in MB (0 where ``/proc/PID/smaps_rollup`` does not exist), and
    the CPU seconds (user + system) of the whole process tree.

    Memory is sampled only with ``memory=True`` (both peaks are 0 otherwise; see :func:`_sampled`).
    """
    with tempfile.TemporaryFile() as err:
        cpu = _cpu_children()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=REPO)
        peak = peak_pss = 0
        if memory:
            peak, peak_pss = _sampled(proc)
        else:
            proc.wait()
        seconds = time.perf_counter() - start
        cpu = _cpu_children() - cpu
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{text[-2000:]}")
    return seconds, peak / 1e6, text, peak_pss / 1e6, cpu


def _stages(stderr: str) -> dict[str, float]:
    """Seconds per stage from ``textkit analyze --timings`` ("  stage    1.23 s  detail")."""
    out = {}
    for line in stderr.splitlines():
        m = re.match(r"^  (\S.*?)\s+(\d+\.\d+) s(?:  |$)", line)
        if m:
            out[m.group(1)] = float(m.group(2))
    return out


def _spread(values: list[float]) -> str:
    return f"{min(values):6.2f} / {statistics.median(values):6.2f} / {max(values):6.2f}"


def _in_process(repeat: int) -> dict[str, list[float]]:
    import textkit as tk
    from textkit import paths

    out: dict[str, list[float]] = {}
    for backend in ("jieba", "rjieba"):
        tk.Tokenizer(backend=backend)  # warm jieba's dictionary cache
        times = []
        for _ in range(max(repeat, 3)):
            # each in a fresh process (modules imported first): a process makes rjieba's segmenter
            # once and its later Tokenizers of the same settings share it
            code = (f"import time, {backend}, textkit as tk; start = time.perf_counter(); "
                    f"tk.Tokenizer(backend={backend!r}); print(time.perf_counter() - start)")
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
            times.append(float(done.stdout.split()[-1]))
        out[f"Tokenizer(backend={backend!r}) start-up"] = times
    tok = tk.Tokenizer(backend="rjieba")
    tk.analyze(paths.CORPUS, tokenizer=tok, cache=False)  # warm: imports, dictionaries
    times = []
    for _ in range(max(repeat, 3)):
        start = time.perf_counter()
        tk.analyze(paths.CORPUS, tokenizer=tok, cache=False)
        times.append(time.perf_counter() - start)
    out["five reports: analyze() in-process, warm"] = times
    return out


def _byte_compiled() -> None:
    """Byte-compile textkit's modules, as pip does when it installs a package.

    An editable install leaves them to the first import, which writes them to ``__pycache__``
    unless ``PYTHONDONTWRITEBYTECODE`` is set (as on the machines this runs on): every
    ``textkit analyze`` then compiled textkit's source again before its workers were forked
    (0.06 s of a core alone), while the baseline's jieba was compiled when pip installed it.
    """
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("textkit")
    for folder in spec.submodule_search_locations if spec is not None else ():
        compileall.compile_dir(folder, quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="textkit analyze vs bare jieba, side by side")
    parser.add_argument("--sizes", default="20", help="corpus sizes in MB, comma-separated (default 20)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command per size (default 3)")
    parser.add_argument("--jobs", type=int, default=2, help="processes for both (default 2)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "textkit-bench",
                        help="folder for generated corpora and outputs (default: TMP/textkit-bench)")
    args = parser.parse_args(argv)
    work = args.work.resolve()
    if work == REPO or REPO in work.parents:
        raise SystemExit("--work must be outside the repository")
    work.mkdir(parents=True, exist_ok=True)
    _byte_compiled()
    python = sys.executable
    results: dict[str, object] = {"machine": {"cpus": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 1e9, 1)},
                                  "jobs": args.jobs, "repeat": args.repeat, "sizes": {}}
    rows = []
    for mb in [float(s) for s in args.sizes.split(",") if s.strip()]:
        folder = _corpus(work, mb, args.seed)
        files = list(folder.glob("*.txt"))
        size_mb = sum(p.stat().st_size for p in files) / 1e6
        base, ours, stage_runs = [], [], []
        base_cmd = [python, str(HERE / "baseline.py"), str(folder), "--jobs", str(args.jobs)]
        ours_cmd = [python, "-m", "textkit.cli", "analyze", str(folder), "--out", str(work / f"out_{mb:g}mb"),
                    "--jobs", str(args.jobs), "--no-cache", "--timings"]
        for r in range(args.repeat):
            print(f"{mb:g} MB, run {r + 1}/{args.repeat}: baseline …", file=sys.stderr)
            base.append(_measure(base_cmd))
            print(f"{mb:g} MB, run {r + 1}/{args.repeat}: textkit analyze …", file=sys.stderr)
            ours.append(_measure(ours_cmd))
            stage_runs.append(_stages(ours[-1][2]))
        # then the memory of each, in a run of its own (sampled; its seconds are not reported)
        print(f"{mb:g} MB: memory of the baseline …", file=sys.stderr)
        base_memory = _measure(base_cmd, memory=True)
        print(f"{mb:g} MB: memory of textkit analyze …", file=sys.stderr)
        ours_memory = _measure(ours_cmd, memory=True)
        b_t, o_t = [x[0] for x in base], [x[0] for x in ours]
        ratio = [o / b for o, b in zip(o_t, b_t)]
        entry = {
            "files": len(files), "mb": round(size_mb, 2),
            "baseline_seconds": b_t, "baseline_peak_mb": base_memory[1],
            "baseline_peak_pss_mb": base_memory[3],
            "textkit_seconds": o_t, "textkit_peak_mb": ours_memory[1],
            "textkit_peak_pss_mb": ours_memory[3],
            "baseline_cpu_seconds": [x[4] for x in base], "textkit_cpu_seconds": [x[4] for x in ours],
            "ratio_per_run": ratio,
            "stages_median_seconds": {k: statistics.median(run.get(k, 0.0) for run in stage_runs) for k in stage_runs[0]},
        }
        results["sizes"][f"{mb:g}"] = entry  # type: ignore[index]
        rows.append((f"{mb:g} MB, {len(files)} docs", f"jieba.lcut, Pool({args.jobs}) (tokenise only)", _spread(b_t),
                     size_mb / statistics.median(b_t), entry["baseline_peak_mb"], entry["baseline_peak_pss_mb"], ""))
        rows.append(("", f"textkit analyze --jobs {args.jobs} (everything)", _spread(o_t), size_mb / statistics.median(o_t),
                     entry["textkit_peak_mb"], entry["textkit_peak_pss_mb"],
                     f"{statistics.median(o_t) / statistics.median(b_t):.2f} (runs {min(ratio):.2f}–{max(ratio):.2f})"))
        b_cpu, o_cpu = entry["baseline_cpu_seconds"], entry["textkit_cpu_seconds"]
        rows.append(("", "    CPU seconds (user+sys, process tree)", _spread(b_cpu), None, None, None, ""))
        rows.append(("", "    CPU seconds (user+sys, process tree)", _spread(o_cpu), None, None, None,
                     f"{statistics.median(o_cpu) / statistics.median(b_cpu):.2f}"))
        for stage, seconds in entry["stages_median_seconds"].items():  # type: ignore[union-attr]
            if stage not in ("start", "write") or seconds > 0.05:
                rows.append(("", f"    stage: {stage}", f"{'':>15}{seconds:6.2f}", size_mb / seconds if seconds > 0 else 0, None, None, ""))
    in_proc = _in_process(args.repeat)
    results["in_process"] = in_proc
    (work / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")

    print(f"\ntextkit benchmark: {os.cpu_count()} CPUs, {results['machine']['memory_gb']} GB, "  # type: ignore[index]
          f"--jobs {args.jobs}, {args.repeat} run(s) each; seconds are min / median / max")
    header = f"{'corpus':<22}{'command':<48}{'seconds':>24}{'MB/s':>8}{'peak MB':>9}{'PSS MB':>8}  ratio to baseline (median)"
    print(header)
    print("-" * len(header))
    for corpus, what, secs, mbs, peak, pss, ratio in rows:
        peak_s = f"{peak:9.0f}" if peak is not None else " " * 9
        pss_s = f"{pss:8.0f}" if pss is not None else " " * 8
        mbs_s = f"{mbs:8.2f}" if mbs is not None else " " * 8
        print(f"{corpus:<22}{what:<48}{secs:>24}{mbs_s}{peak_s}{pss_s}  {ratio}")
    print()
    for what, times in in_proc.items():
        print(f"{what:<60}{_spread(times)} s")
    print(f"\nresults in {work / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
