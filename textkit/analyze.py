"""The whole analysis of a corpus in one call, from five reports to tens of thousands.

:func:`analyze` reads and cleans a folder, tokenises every document once (in
parallel, with a disk cache), then finds slogans, counts n-grams, finds each
document's most similar documents, and computes keyness and theme emphasis,
writing every table into one folder.

It is built for corpora far larger than the five reports:

* The per-document stages — reading and cleaning, tokenising, theme emphasis and
  document counts — run serially, on ``n_jobs`` local processes, or on a Dask
  cluster (``backend="dask"``; ``scheduler="tcp://host:8786"`` for a remote one).
  Each backend gives byte-identical tables: documents are cut into chunks in a
  fixed way and the chunks' results are put back together in corpus order.
* Tokens are cached on disk, one small file per document, keyed by the SHA-256 of
  the tokenizer's settings (backend and version, HMM, dictionary entries,
  stopwords, protected phrases) and of the document's cleaned text. A changed
  document or setting gives a new key: a stale entry is never read.
* Everything across documents works on integer codes with numpy and scipy:
  n-grams are counted by factorising token codes, TF-IDF similarity keeps each
  document's ``top_k`` neighbours from a chunked product (never an N × N
  matrix), keyness keeps each document's ``keyness_top`` most over-used terms.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import marshal
import multiprocessing
import os
import pickle
import re
import time
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from textkit._gc import gc_frozen, gc_paused
from textkit._io import atomic_write
from textkit._progress import AUTO_THRESHOLD, progress
from textkit.corpus import CorpusError, CorpusWarning, _corpus_frame, _count_han, _Document, _load, _plan, as_corpus, default_rules
from textkit.emphasis import emphasis
from textkit.keyness import g2_only, keyness_stats
# a token is an n-gram unit if it has a letter or digit (as in textkit.ngrams), and a
# TF-IDF and keyness term if it has a letter and is no stopword (as in textkit.similarity)
from textkit.ngrams import _WORD as _NGRAM_WORD
from textkit.similarity import _WORD as _TERM_WORD
from textkit.slogans import (_check_signals, _chunk_candidates, _dictionary_entries, _find, _first_positions,
                             _framed_phrases, _general_vocabulary, _locate_chunk, _locate_nested,
                             _numbered, _run_starts, _SurfaceIndex)
from textkit.tokenize import Tokenizer, _private_dir, default_cache_dir

__all__ = ["analyze"]

Backend = Literal["serial", "processes", "dask"]
Format = Literal["csv", "parquet", "auto"]
OnError = Literal["raise", "skip"]
_BACKENDS = ("serial", "processes", "dask")
_FORMATS = ("csv", "parquet", "auto")
#: With ``format="auto"``, tables with more rows than this are written as Parquet.
PARQUET_ROWS = 1_000_000
_CHUNKS_PER_WORKER = 4
#: Chunks per worker for locating slogans: this process takes them from the first on and hands the
#: last ones to idle workers, looking for idle ones after each chunk of its own, so smaller chunks
#: keep it from locating alone at the end (with 4 per worker on the 20 MB corpus, both workers were
#: idle for its last 0.5-0.8 s). Still at most ``_CHUNK_CHARS`` characters each.
_LOCATE_CHUNKS_PER_WORKER = 16
_CHUNK_CHARS = 1_000_000
#: Similarity is computed by a worker of its own once its pairs (by :data:`_PAIR_COST`) cost at least
#: this share of what the other task's tokens cost: each task codes the tokens again (0.3-0.45 CPU s
#: at 20 MB), which costs more than running similarity beside the n-grams saves while the two tasks
#: are far from the critical path (20 MB, 2,899 documents: similarity 0.3 of the tokens; five
#: alternating pairs together against apart, CPU 16.44-17.46 against 17.45-17.98 s, wall 9.13-9.66
#: against 9.39-9.75 s). At 100 MB (1.5 of the tokens) the corpus tables end last, and apart.
_SIMILARITY_APART_SHARE = 0.5
#: What comparing a pair of documents costs in similarity's strips, against counting a token for the
#: n-grams and keyness (both with coding, writing): about 0.16-0.26 against 0.6-0.7 µs (generated corpus,
#: 20 and 100 MB) with the dense block in double precision, when this was 0.25. In single precision the
#: pairs cost less: at 100 MB, with 0.25 the task of the n-grams ended 1.8 s after similarity's, with 0.22
#: 1.8 s, with 0.19 0.6 s. Similarity grows with the square of the documents, the rest with the tokens.
_PAIR_COST = 0.19
#: Bytes of similarities computed at once (a block of rows against every document).
_SIMILARITY_BLOCK = 16 << 20
_SIGNALS = _check_signals(None)


def _check(name: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name}={value!r}; allowed: {allowed}")


# ---------------------------------------------------------------------------
# Running per-document work: serially, on processes, or on Dask
# ---------------------------------------------------------------------------


#: How far the workers forked after tokenising lower their priority below the calling process's
#: (``os.nice``; they end with the run). The calling process then discovers the slogans while the
#: workers count and locate: it is the critical path, and three processes taking turns on two cores
#: slowed it. With the workers at +5, 20 MB on 2 cores took 8.45 against 8.80 s (median of six
#: alternating pairs, faster in five, the sixth equal) and 8.78 against 8.93 s (five pairs, faster in
#: four), with 0.1-0.5 s less CPU; +10 and +19 did about as well, +1 nothing, and a lower priority for
#: the workers that read as well nothing more; 100 MB two pairs, 47.7 and 48.0 against 50.6 and
#: 48.3 s. On a machine busy with other work, these workers yield to it more than other processes do.
_WORKER_NICENESS = 5


def _lower_priority(niceness: int) -> None:
    """Lower this worker process's priority by ``niceness`` (a pool's initializer); where the
    system refuses, the worker runs as it is (a failing initializer would break the pool)."""
    try:
        os.nice(niceness)
    except OSError:
        pass


#: Objects the calling process lends to the workers it forks, by key (:meth:`_Runner.lend`).
_LENT: dict[int, Any] = {}
_LENT_KEYS = itertools.count()


class _Lent:
    """A task's argument that a forked worker holds already, inherited from the calling process:
    pickled as its key in ``_LENT`` (and the rows ``part``, to take a slice of it), unpickled as the
    worker's own copy. The texts and token lengths sent to the workers of the 20 MB corpus's tasks
    came to 100 MB of pickles (about 0.3 CPU s to pickle, pass through pipes and unpickle)."""

    def __init__(self, key: int, part: tuple[int, int] | None = None) -> None:
        self.key, self.part = key, part

    def __reduce__(self):  # noqa: ANN204
        return _lent, (self.key, self.part)


def _lent(key: int, part: tuple[int, int] | None) -> Any:
    """What a :class:`_Lent` stands for, in a worker forked after it was lent."""
    value = _LENT[key]
    return value if part is None else _rows(value, range(*part))


def _rows(value: Any, rows: range) -> Any:
    """The rows ``rows`` of a list or a DataFrame (``iloc``), or of what a :class:`_Lent` stands for."""
    if isinstance(value, _Lent):
        return _Lent(value.key, (rows.start, rows.stop))
    return value.iloc[rows.start : rows.stop] if isinstance(value, pd.DataFrame) else value[rows.start : rows.stop]


class _Runner:
    """Maps a function over chunks, returning results in chunk order."""

    def __init__(self, backend: Backend, n_jobs: int, scheduler: str | None, stack: ExitStack) -> None:
        self.backend, self.n_jobs = backend, n_jobs
        self._pool: Any = None
        self._client: Any = None
        self._stack = stack
        # fork shares the already imported modules; spawn elsewhere
        self.forks = backend == "processes" and n_jobs > 1 and "fork" in multiprocessing.get_all_start_methods()
        if backend == "processes" and n_jobs > 1:
            self._pool = self._new_pool()
        elif backend == "dask":
            from dask.distributed import Client, LocalCluster

            if scheduler is None:
                cluster = stack.enter_context(
                    LocalCluster(n_workers=n_jobs, threads_per_worker=1, processes=True, dashboard_address=None)
                )
                self._client = stack.enter_context(Client(cluster))
            else:
                self._client = stack.enter_context(Client(scheduler, timeout="10s"))

    @property
    def local(self) -> bool:
        """Whether the workers are processes of this machine running this interpreter (a process pool)."""
        return self._pool is not None

    @property
    def workers(self) -> int:
        if self._client is not None:
            return max(len(self._client.scheduler_info().get("workers", {})), 1)
        return self.n_jobs if self._pool is not None else 1

    def _new_pool(self, *, niceness: int = 0) -> Any:
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if self.forks else "spawn"
        lowered = {"initializer": _lower_priority, "initargs": (niceness,)} if niceness else {}
        return self._stack.enter_context(
            ProcessPoolExecutor(self.n_jobs, mp_context=multiprocessing.get_context(method), **lowered))

    def lend(self, value: Any) -> Any:
        """``value`` as an argument of the tasks of the workers :meth:`fork_again` forks next: a
        :class:`_Lent` (they inherit ``value``, and receive only its key) when it forks them, else
        ``value`` itself. Call it before :meth:`fork_again`; lent until the runner's block ends."""
        if not self.forks:
            return value
        key = next(_LENT_KEYS)
        _LENT[key] = value
        self._stack.callback(_LENT.pop, key, None)
        return _Lent(key)

    def fork_again(self) -> None:
        """Replace the worker processes by new ones forked from this process as it is now (when
        workers are forked): they share what it has made since the first were forked instead of
        making it again or receiving copies. The first ones end.

        The new workers run at a lower priority (:data:`_WORKER_NICENESS`): from then on this
        process is the critical path (it discovers the slogans while they work), and the
        system gives it a core of its own rather than three processes turns on two cores.
        """
        if self.forks:
            self._pool.shutdown(wait=True)
            self._pool = self._new_pool(niceness=_WORKER_NICENESS)

    def map(self, func: Callable[..., Any], chunks: Sequence[Any], *args: Any, desc: str, show: bool,
            meanwhile: Callable[[], None] | None = None) -> list[Any]:
        """``func(chunk, *args)`` of each chunk, in chunk order; ``meanwhile()`` is called in this
        process once the chunks are handed out (serially: before they are worked on)."""
        if self._client is not None:
            futures = self._client.map(func, chunks, *[[a] * len(chunks) for a in args], pure=False)
            results: Iterable[Any] = (f.result() for f in futures)
        elif self._pool is not None:
            results = self._pool.map(func, chunks, *[[a] * len(chunks) for a in args])
        else:
            results = (func(c, *args) for c in chunks)
        if meanwhile is not None:
            meanwhile()
        return list(progress(results, total=len(chunks), desc=desc, show=show))

    def submit(self, func: Callable[..., Any], *args: Any) -> Any:
        """Start ``func(*args)`` on a worker while the caller goes on: a future, with ``result()``
        (wait for the value) and ``done()``."""
        if self._client is not None:
            return self._client.submit(func, *args, pure=False)
        if self._pool is not None:
            return self._pool.submit(func, *args)
        return _Done(func(*args))


class _Done:
    """The future of a task run at once (serial backend)."""

    def __init__(self, value: Any) -> None:
        self._value = value

    def result(self) -> Any:
        return self._value

    def done(self) -> bool:
        return True


def _chunks(sizes: Sequence[int], n_chunks: int) -> list[range]:
    """Consecutive index ranges of about equal total size (at most ``_CHUNK_CHARS`` each)."""
    total = sum(sizes)
    target = max(min(total / max(n_chunks, 1), _CHUNK_CHARS), 1)
    out, start, acc = [], 0, 0
    for i, size in enumerate(sizes):
        acc += size
        if acc >= target:
            out.append(range(start, i + 1))
            start, acc = i + 1, 0
    if start < len(sizes):
        out.append(range(start, len(sizes)))
    return out


# ---------------------------------------------------------------------------
# Per-document stages (run in workers)
# ---------------------------------------------------------------------------


def _read_chunk(docs: list[_Document], rules: tuple, on_error: str) -> tuple[list[_Document], list[str]]:
    """Load documents; warnings come back as messages, re-issued by the caller in corpus order."""
    loaded, messages = [], []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for doc in docs:
            try:
                _load(doc, rules)
            except CorpusError as exc:
                if on_error == "raise":
                    raise
                warnings.warn(f"{exc}; skipped", CorpusWarning, stacklevel=2)
                continue
            doc.raw = ""
            loaded.append(doc)
    messages = [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]
    return loaded, messages


def _cache_path(root: Path, settings: str, text: str) -> Path:
    key = hashlib.sha256(settings.encode("ascii") + b"\0" + text.encode("utf-8", "surrogatepass")).hexdigest()
    return root / settings[:24] / key[:2] / f"{key[2:]}.u32"


def _tokenize_chunk(texts: list[str], tokenizer: Tokenizer, cache: str | None) -> tuple[list[np.ndarray], int]:
    """Token lengths of each text (``"".join(tokens) == text``), from the cache when it has them,
    and how many came from the cache."""
    root = Path(cache) if cache is not None else None
    # (asked only for the cache: it looks the segmenter's version up, 1-9 ms a chunk)
    settings = tokenizer.settings_key if root is not None else ""
    out, hits = [], 0
    for text in texts:
        path = _cache_path(root, settings, text) if root is not None else None
        if path is not None:
            try:
                lengths = np.frombuffer(path.read_bytes(), dtype="<u4")
                if int(lengths.sum()) == len(text):
                    out.append(lengths)
                    hits += 1
                    continue
            except OSError:
                pass
        lengths = np.fromiter(map(len, tokenizer.cut(text)), dtype="<u4")
        if path is not None:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            atomic_write(path, lambda tmp, data=lengths.tobytes(): Path(tmp).write_bytes(data), private=True)
        out.append(lengths)
    return out, hits


def _read_tokenize_chunk(docs: list[_Document], rules: tuple, on_error: str, tokenizer: Tokenizer, cache: str | None,
                         ) -> tuple[list[_Document], list[str], list[np.ndarray], int]:
    """:func:`_read_chunk`, then :func:`_tokenize_chunk` of the documents loaded, in one task: the
    texts are tokenised where they were read instead of sent back to the workers to be tokenised
    (and the workers tokenise while the calling process parses the general dictionary)."""
    loaded, messages = _read_chunk(docs, rules, on_error)
    lengths, hits = _tokenize_chunk([doc.text for doc in loaded], tokenizer, cache)
    return loaded, messages, lengths, hits


def _document_chunk(chunk: pd.DataFrame, lengths: list[np.ndarray], packed: bool = False):  # noqa: ANN201
    """The other per-document steps of a chunk of the corpus (``doc_id``, ``text``) that slogan
    discovery waits for, in one task: the slogan candidates each document proposes on its own (the
    statistical ones need the corpus), and each document's counts (:func:`_doc_counts`). ``packed``:
    the candidates as :mod:`marshal` bytes (:func:`_unpacked`), for a worker of the same interpreter."""
    doc_ids, texts = chunk["doc_id"].astype(str).tolist(), chunk["text"].tolist()
    candidates = _chunk_candidates(doc_ids, texts, lengths, _SIGNALS)
    # (lists of plain tuples of strings, numbers and booleans, which marshal writes in C about three
    # times faster than pickle: 0.04 against 0.12 CPU s for the 112k candidates of the 20 MB corpus)
    return marshal.dumps(candidates) if packed else candidates, _doc_counts(chunk)


def _emphasis_chunk(chunk: pd.DataFrame, themes: Any) -> pd.DataFrame:
    """:func:`textkit.emphasis` of a chunk of the corpus: a task of its own, queued after those that
    slogan discovery waits for (in them, it made discovery wait about 0.5 s longer on the 20 MB corpus, and
    it fills the time a worker would otherwise be idle while this process judges the candidates)."""
    return emphasis(chunk, themes=themes)


def _unpacked(result: tuple[Any, Any]) -> tuple[Any, Any]:
    """A :func:`_document_chunk` result with its candidates as lists of tuples again."""
    candidates, tables = result
    return (marshal.loads(candidates) if isinstance(candidates, bytes) else candidates), tables


def _locate_args(chunk: tuple[list[str], list[str], list[np.ndarray]],  # noqa: ANN202
                 surfaces: tuple[dict[str, str], _SurfaceIndex]):
    return _locate_chunk(*chunk, *surfaces)


class _PickledOnce:
    """An argument of several tasks, pickled once: each task is sent its bytes (unpickled by the
    worker as the value). The surfaces and their index (about 3 MB at 20 MB) were pickled again
    for every chunk a worker located."""

    def __init__(self, value: Any) -> None:
        self.data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def __reduce__(self):  # noqa: ANN204
        return pickle.loads, (self.data,)


def _doc_counts(corpus: pd.DataFrame) -> pd.DataFrame:
    """Each document's ``n_chars``, ``n_han`` and ``n_paragraphs`` (as :func:`textkit.describe_corpus`)."""
    texts = corpus["text"].tolist()
    counts = pd.DataFrame(
        {
            "doc_id": corpus["doc_id"].to_numpy(),
            "n_chars": [len(t) - t.count("\n") for t in texts],
            "n_han": _count_han(texts),
            "n_paragraphs": [sum(1 for line in t.split("\n") if line.strip()) for t in texts],
        }
    ).astype({"n_chars": "int64", "n_han": "int64", "n_paragraphs": "int64"})
    return counts


# ---------------------------------------------------------------------------
# Corpus-wide stages (on integer codes)
# ---------------------------------------------------------------------------


#: Tokens whose keys :func:`_char_key` computes at once: its temporaries stay a few MB.
_KEY_TOKENS = 1 << 20


def _char_key(chars: np.ndarray, start: np.ndarray, size: np.ndarray, skip: int) -> np.ndarray:
    """Characters ``skip`` to ``skip + 2`` of each token (``start``, ``size``) as one integer:
    their code points + 1, 21 bits each, 0 past the token's end (so distinct for distinct strings)."""
    key = np.zeros(len(size), dtype=np.int64)
    if not len(chars):
        return key
    # _KEY_TOKENS tokens at a time: temporaries of every token of a large corpus (tens of MB each,
    # allocated afresh each time) made this step grow faster than the corpus
    for lo in range(0, len(size), _KEY_TOKENS):
        part, first, sizes = key[lo : lo + _KEY_TOKENS], start[lo : lo + _KEY_TOKENS], size[lo : lo + _KEY_TOKENS]
        for i in range(3):
            at = first + (skip + i)
            np.minimum(at, len(chars) - 1, out=at)
            value = chars[at].astype(np.int64)
            value += 1
            value <<= 21 * i
            value[sizes <= skip + i] = 0
            part += value
    return key


def _index_dtype(n: int) -> type:
    """int32 for numbers below ``n`` when they fit in it (below 2**31), else int64."""
    return np.int32 if n < 2**31 else np.int64


class _Coded:
    """Every token of the corpus as an integer code, documents separated by a line break."""

    def __init__(self, texts: list[str], lengths: list[np.ndarray], tokenizer: Tokenizer) -> None:
        # Codes as pd.factorize of the token strings gives them (numbered by first appearance),
        # without a string per token: a token of up to three characters is one integer (its code
        # points + 1, 21 bits each), a longer one a negative number, the same for the same string.
        joined = "".join(text + "\n" for text in texts)
        # sizes and starts of the tokens in 4 bytes when the text's length fits
        index = _index_dtype(len(joined))
        # (each document's lengths put in place in one array of ones, the line breaks' ones left: an
        # array appended per document was a tenth of the time of coding the tokens)
        ends = np.cumsum([len(n) + 1 for n in lengths], dtype=np.int64)
        size = np.ones(int(ends[-1]) if lengths else 0, dtype=index)
        tokens = np.ones(len(size), dtype=bool)
        tokens[ends - 1] = False
        size[tokens] = np.concatenate([np.zeros(0, index), *lengths])
        del ends, tokens
        start = np.cumsum(size, dtype=index)
        start -= size
        # the code points stay 4 bytes each: only those at the first three characters of each
        # token are widened (a copy of the whole text as int64 was the peak memory of this step)
        chars = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        key = _char_key(chars, start, size, 0)
        # a token of four to six characters: the numbers of its first three and of its other
        # characters (each as one integer) make one number; only longer ones become strings
        middle = np.flatnonzero((size > 3) & (size <= 6))
        head = _numbered(key[middle])
        tail = _numbered(_char_key(chars, start[middle], size[middle], 3))
        n_tails = int(tail.max()) + 1 if len(middle) else 0
        n_pairs = (int(head.max()) + 1) * n_tails if len(middle) else 0
        key[middle] = -1 - (head * n_tails + tail)
        del chars, head, tail, middle
        longer = np.flatnonzero(size > 6)
        strings = np.array([joined[a : a + n] for a, n in zip(start[longer].tolist(), size[longer].tolist())], dtype=object)
        key[longer] = -1 - n_pairs - pd.factorize(strings)[0].astype(np.int64)
        del strings
        # codes, documents and the n-gram numbers per token in 4 bytes where they fit (half the
        # memory of the corpus-tables workers' arrays)
        codes = _numbered(key).astype(_index_dtype(len(key)))
        del key
        first = _first_positions(codes)
        self.codes = codes
        self.uniques = np.array([joined[a : a + n] for a, n in zip(start[first].tolist(), size[first].tolist())], dtype=object)
        del joined, size, start, first, longer
        self.doc = np.repeat(np.arange(len(texts), dtype=_index_dtype(len(texts))), [len(n) + 1 for n in lengths])
        stop = np.array([tokenizer.is_stopword(u) for u in self.uniques], dtype=bool)
        self.unit = np.array([bool(_NGRAM_WORD.search(u)) for u in self.uniques], dtype=bool)[self.codes]
        self.stop = stop[self.codes]
        self.term = np.array([bool(_TERM_WORD.search(u)) for u in self.uniques], dtype=bool) & ~stop


def _corpus_tables(texts: list[str], lengths: list[np.ndarray], ids: list[str], tokenizer: Tokenizer,
                   names: tuple[str, ...], options: dict[str, Any], similarity_rows: tuple[int, int] | None = None,
                   ) -> tuple[dict[str, pd.DataFrame], dict[str, tuple[str, bytes]], list[str], np.ndarray,
                              dict[str, float], _Neighbours | None]:
    """Tables counted over the whole corpus (``names``, of n-grams, similarity, keyness), encoded
    for writing when ``options["format"]`` is set (and written into the folder
    ``options["write_to"]`` when that is set: the names of those written), each document's number
    of content tokens, the seconds of each step, and, with ``similarity_rows`` (start, stop), only
    the strips of those rows of similarity (:func:`_neighbours`) instead of its table: a task run
    on a worker while the calling process discovers slogans."""
    clock = time.perf_counter()
    seconds: dict[str, float] = {}

    def done(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = now - clock
        clock = now

    coded = _Coded(texts, lengths, tokenizer)
    counts, terms = _term_counts(coded, len(texts))
    n_terms = np.asarray(counts.sum(axis=1)).ravel().astype("int64")
    tables = {}
    if "ngrams" in names:
        tables["ngrams"] = _ngram_table(coded, n=options["ngram_n"], min_count=options["ngram_min_count"])
        done("ngrams")
    del coded
    neighbours = None
    if "similarity" in names and similarity_rows is not None:
        neighbours = _neighbours(counts, top_k=options["top_k"], rows=similarity_rows)
        done(f"similarity of rows {similarity_rows[0]}-{similarity_rows[1]}")
    elif "similarity" in names:
        tables["similarity"] = _similar(counts, ids, top_k=options["top_k"])
        done("similarity")
    if "keyness" in names:
        tables["keyness"] = _keyness_top(counts, np.asarray(terms, dtype=object), ids, top=options["keyness_top"],
                                         min_freq=options["keyness_min_freq"])
        done("keyness")
    encoded, written = {}, []
    if options["format"] is not None:
        encoded = {name: _encode(table, name, options["format"]) for name, table in tables.items()}
        done("encoding")
    if encoded and options["write_to"] is not None:
        # written here, not sent back: the calling process received keyness's bytes (27 MB at 20 MB,
        # 134 MB at 100 MB) while it was locating slogans, then wrote them, at the end of the run
        folder = Path(options["write_to"])
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in encoded.items():
            _write(data, folder, name)
        encoded, written = {}, list(encoded)
        done("writing")
    return tables, encoded, written, n_terms, seconds, neighbours


def _ngram_table(coded: _Coded, *, n: tuple[int, int], min_count: int) -> pd.DataFrame:
    """Word n-grams of the whole corpus: the counts of :func:`textkit.ngrams` (``stopwords="edge"``)."""
    lo, hi = n
    unit, stop, codes, size = coded.unit, coded.stop, coded.codes, len(coded.codes)
    run = np.cumsum(~unit, dtype=_index_dtype(size))
    n_units = len(coded.uniques) + 1
    parts = []
    ids = np.where(unit, codes, -1).astype(_index_dtype(size), copy=False)
    for k in range(1, hi + 1):
        m = size - k + 1
        if m <= 0:
            break
        if k > 1:
            valid = unit[:m] & unit[k - 1 :] & (run[:m] == run[k - 1 :])
            # only the valid positions are numbered (the others are -1): hashing every position
            # numbered the invalid ones too, to throw their numbers away
            at = np.flatnonzero(valid)
            key = ids[at].astype(np.int64)
            key *= n_units
            key += codes[k - 1 :][at]
            ids = np.full(m, -1, dtype=_index_dtype(size))
            ids[at] = _numbered(key)
            del key, at
        else:
            valid = unit
        if k < lo:
            continue
        counted = valid & ~stop[:m] & ~stop[k - 1 :]
        sel = ids[counted]
        if not len(sel):
            continue
        n_ids = int(ids.max()) + 1
        count = np.bincount(sel, minlength=n_ids)
        n_docs = _docs_per_id(coded.doc[:m][counted], sel, n_ids)
        seen = _first_positions(ids)
        first = np.full(n_ids, -1, dtype=np.int64)
        first[ids[seen]] = seen
        keep = np.flatnonzero(count >= max(min_count, 1))
        # the j-th token of every kept n-gram at once, then joined row by row: a slice and a
        # join per n-gram was a third of this function's time
        at = first[keep]
        words = [coded.uniques[codes[at + j]].tolist() for j in range(k)]
        grams = words[0] if k == 1 else list(map(" ".join, zip(*words)))
        del at, words
        parts.append(pd.DataFrame({"ngram": grams, "n": k, "count": count[keep], "n_docs": n_docs[keep]}))
    columns = {"ngram": object, "n": "int64", "count": "int64", "n_docs": "int64"}
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
    table = pd.concat(parts, ignore_index=True).astype({"n": "int64", "count": "int64", "n_docs": "int64"})
    return table.sort_values(["count", "n", "ngram"], ascending=[False, True, True], kind="stable").reset_index(drop=True)


#: Positions whose distinct (document, id) pairs :func:`_docs_per_id` finds at once.
_PAIRS_STEP = 1 << 18


def _docs_per_id(doc: np.ndarray, ids: np.ndarray, n_ids: int) -> np.ndarray:
    """How many documents each of the ids ``0 .. n_ids - 1`` occurs in, given the document
    (non-decreasing) and the id of each position.

    Pairs of different documents are different pairs, so the distinct pairs are found in ranges
    of whole documents of about ``_PAIRS_STEP`` positions each: one hash table of every distinct
    pair of the corpus outgrew the CPU caches, and made this step grow faster than the corpus
    (3.5 of the 6.2 CPU seconds of n-grams at 100 MB).
    """
    # each range starts at the first position of the document at every _PAIRS_STEP-th position
    cuts = np.unique(np.concatenate([[0], np.searchsorted(doc, doc[_PAIRS_STEP::_PAIRS_STEP]), [len(doc)]]))
    distinct = [pd.unique(doc[lo:hi].astype(np.int64) * n_ids + ids[lo:hi]) % n_ids
                for lo, hi in zip(cuts[:-1].tolist(), cuts[1:].tolist())]
    return np.bincount(np.concatenate([np.zeros(0, dtype=np.int64), *distinct]), minlength=n_ids)


def _term_counts(coded: _Coded, n_docs: int):  # -> (scipy.sparse.csr_matrix, np.ndarray)
    """Document × term counts of content tokens (stopwords, punctuation and bare numbers left out)."""
    from scipy import sparse

    is_term = coded.term[coded.codes]
    term_codes, terms = pd.factorize(coded.codes[is_term])
    # each (document, term) pair of the tokens as one integer, sorted: the runs of equal ones are
    # the counts, by document and term, the CSR matrix's rows in order (the same arrays as a COO
    # matrix of every token made CSR and its duplicates summed, in half the time or less: 1.0 ->
    # 0.4-0.6 s at 100 MB, in each corpus-tables task)
    n_terms = len(terms)
    pairs = coded.doc[is_term].astype(np.int64)
    pairs *= n_terms
    pairs += term_codes
    pairs.sort()
    at = _run_starts(pairs)
    count = np.diff(np.append(at, len(pairs))).astype(np.float64)
    pairs = pairs[at]
    # (index arrays of int64: scipy makes them int32 when they fit, as it does for a COO matrix)
    indptr = np.searchsorted(pairs, np.arange(n_docs + 1, dtype=np.int64) * n_terms)
    counts = sparse.csr_matrix((count, pairs % max(n_terms, 1), indptr), shape=(n_docs, n_terms))
    return counts, coded.uniques[terms]


def _similar(counts, ids: list[str], *, top_k: int) -> pd.DataFrame:  # noqa: ANN001
    """Each document's ``top_k`` most similar documents by TF-IDF cosine, without an N × N matrix.

    TF-IDF as scikit-learn's default (smooth idf, raw counts, L2 norm). Frequent
    terms (in a sixteenth of the documents and at least 8) go into a dense block
    multiplied with BLAS in single precision, the rest stays sparse and double;
    rows are processed in strips against the documents from the strip on (the
    upper triangle), keeping only each document's top ``k``.
    """
    return _similarity_table([_neighbours(counts, top_k=top_k)], ids)


@dataclass
class _Neighbours:
    """What the similarity strips of rows ``start`` to ``stop`` found (:func:`_neighbours`).

    ``best_sim`` and ``best_doc`` hold, for each of those rows, its ``k`` best neighbours among the
    documents from its strip on and those these strips offered it, by similarity descending, then
    document (values not above 0 are no neighbours); ``offered_sim`` and ``offered_doc``, for each
    later row (``stop`` to the last), the ``k`` best these strips offered it (-1: none).
    """

    start: int
    stop: int
    best_sim: np.ndarray
    best_doc: np.ndarray
    offered_sim: np.ndarray
    offered_doc: np.ndarray


def _strip_stops(n: int) -> list[int]:
    """Where the similarity strips of ``n`` documents end: each of at most ``_SIMILARITY_BLOCK``
    bytes of similarities (its rows against the documents from its first row on)."""
    stops, r0 = [], 0
    while r0 < n:
        r0 = min(r0 + max(1, _SIMILARITY_BLOCK // (8 * (n - r0))), n)
        stops.append(r0)
    return stops


def _similarity_apart(n_docs: int, n_tokens: int) -> bool:
    """Whether similarity goes to a task of its own: when its pairs cost at least
    :data:`_SIMILARITY_APART_SHARE` of what counting the n-grams and keyness of ``n_tokens`` costs.

    Examples
    --------
    >>> _similarity_apart(2_899, 3_530_833), _similarity_apart(14_458, 17_600_000)
    (False, True)
    """
    return _pairs_cost(n_docs) >= _SIMILARITY_APART_SHARE * n_tokens


def _pairs_cost(n_docs: int) -> float:
    """What similarity's strips of ``n_docs`` documents cost, in tokens counted (:data:`_PAIR_COST`)."""
    return n_docs * n_docs / 2 * _PAIR_COST


def _similarity_split(n_docs: int, n_tokens: int) -> int:
    """The first row of the similarity strips left to the task of the n-grams and keyness (after
    those; ``n_docs``: none), when similarity, on a worker of its own, would end well after them:
    the last strips (of the fewest pairs each) such that both tasks end about together, by
    :data:`_PAIR_COST` (at 100 MB similarity ended 5 s after the other task, alone on the last
    core)."""
    total = _pairs_cost(n_docs)
    if total <= n_tokens:
        return n_docs
    share = (total - n_tokens) / 2 / total  # of the pairs, to even the two tasks
    stops = _strip_stops(n_docs)
    starts = [0, *stops[:-1]]
    pairs = [(r1 - r0) * (n_docs - r0) for r0, r1 in zip(starts, stops)]
    budget, cut = share * sum(pairs), n_docs
    for r0, n_pairs in zip(reversed(starts), reversed(pairs)):
        if n_pairs > budget:
            break
        budget -= n_pairs
        cut = r0
    return cut


def _neighbours(counts, *, top_k: int, rows: tuple[int, int] | None = None) -> _Neighbours:  # noqa: ANN001
    """The strips of rows ``rows`` (start and stop, each the end of a strip of
    :func:`_strip_stops`, or 0; default every row) of the similarities (see :func:`_similar`).

    Strips give each pair's similarity to the same bits whichever task computes them, so the
    strips can be split between tasks, and each row's best merged afterwards
    (:func:`_similarity_table`).
    """
    from scipy import sparse
    from threadpoolctl import threadpool_limits

    n = counts.shape[0]
    start, stop = rows if rows is not None else (0, n)
    k = max(min(top_k, n - 1), 0) if counts.shape[1] else 0
    best_sim = np.full((n - start, k), -1.0)  # -1: no neighbour (similarity 0 or none offered yet)
    best_doc = np.full((n - start, k), n, dtype=np.int64)
    found = _Neighbours(start, stop, best_sim[: stop - start].copy(), best_doc[: stop - start].copy(),
                        best_sim[stop - start :], best_doc[stop - start :])
    if k == 0 or start == stop:
        return found
    df = np.bincount(counts.indices, minlength=counts.shape[1])  # documents of each term (no CSC copy)
    x = counts.multiply(np.log((1 + n) / (1 + df)) + 1).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    x = sparse.diags(np.where(norms > 0, 1 / np.where(norms > 0, norms, 1), 0.0)) @ x
    # dense block: columns frequent enough that BLAS beats sparse products, at most ~128 MB. It is
    # multiplied in single precision, twice as fast: the BLAS product runs at about the core's peak
    # and was most of similarity's time (5.4 of 11.2 CPU s at 100 MB). The strips stay double, the
    # sparse rest is added in double: on the generated 20 and 100 MB corpora every document kept the
    # same neighbours in the same order, each similarity within 2.2e-7 of the double product's
    order = np.argsort(-df, kind="stable")
    n_dense = int(min(np.sum(df >= max(n / 16, 8)), (128 << 20) // (4 * n)))  # (4 bytes a cell)
    dense_cols = np.sort(order[:n_dense])
    sparse_cols = np.setdiff1d(np.arange(x.shape[1]), dense_cols)
    # (the columns made single before they are made dense: no dense double copy on the way)
    xd = x[:, dense_cols].astype(np.float32).toarray() if n_dense else None
    xs = x[:, sparse_cols].tocsr()
    xs_t = xs.T.tocsr()
    del x
    # The similarities are symmetric, so only the upper triangle is computed (half the products
    # of all pairs, which grow with the square of the documents): a strip of rows r0:r1 against
    # the documents from r0 on gives these rows' similarities with every later document, and
    # the later documents' with these rows: each pair's similarity is computed once, for the
    # earlier document, and is the same number both ways. Each later document keeps the best
    # ``k`` the strips before its own have offered it. Strips are of at most _SIMILARITY_BLOCK
    # bytes: the strip, the sparse product's dense copy, the dense product and the copies for
    # partitioning are all of about that size.
    # BLAS on one thread for the dense products: how it splits a product between threads changes
    # the last bits of some sums (so the table would depend on the machine's cores; it still may
    # across BLAS builds and CPUs), and on a worker beside the others its threads only wait for a
    # core. Set once for the loop (threadpoolctl changes it for the whole process meanwhile)
    with threadpool_limits(limits=1, user_api="blas"):
        r0 = start
        for r1 in [r for r in _strip_stops(n) if start < r <= stop]:
            s = (xs[r0:r1] @ xs_t[:, r0:]).toarray()
            if xd is not None:
                s += xd[r0:r1] @ xd[r0:].T
            np.clip(s, 0.0, 1.0, out=s)
            s[np.arange(r1 - r0), np.arange(r1 - r0)] = -1.0
            if r1 < n:
                # the later documents that some row of the strip may enter the best of: a similarity
                # at least their k-th best so far (ties too, which may win on the document). The others
                # keep their best as they are (the same k that merging them would keep)
                offered = s[:, r1 - r0 :]
                hit = np.flatnonzero((offered >= best_sim[r1 - start :].min(axis=1)).any(axis=0))
                rows_hit = hit + (r1 - start)
                later = np.empty((len(hit), k + r1 - r0))
                later[:, :k] = best_sim[rows_hit]
                later[:, k:] = offered[:, hit].T
                docs = np.empty(later.shape, dtype=np.int64)
                docs[:, :k] = best_doc[rows_hit]
                docs[:, k:] = np.arange(r0, r1)
                best_sim[rows_hit], best_doc[rows_hit] = _top(later, docs, k)
                del later, docs, offered
            # these rows: what earlier strips offered them, then their similarities from r0 on
            here = np.concatenate([best_sim[r0 - start : r1 - start], s], axis=1)
            docs_here = np.concatenate([best_doc[r0 - start : r1 - start], np.broadcast_to(np.arange(r0, n), s.shape)], axis=1)
            del s
            _sort_best(here, docs_here, k, found.best_sim[r0 - start : r1 - start], found.best_doc[r0 - start : r1 - start])
            del here, docs_here
            r0 = r1
    return found


def _sort_best(values: np.ndarray, docs: np.ndarray, k: int, out_sim: np.ndarray, out_doc: np.ndarray) -> None:
    """Each row's ``k`` best of ``values`` (similarity descending, then document ascending) and
    their ``docs``, in that order, into ``out_sim`` and ``out_doc``."""
    width = values.shape[1]
    kth = np.partition(values, width - k, axis=1)[:, width - k]  # each row's k-th largest value
    for i in range(len(values)):
        best = _best_in_row(values[i], docs[i], kth[i], k)
        out_sim[i], out_doc[i] = values[i, best], docs[i, best]


def _similarity_table(parts: list[_Neighbours], ids: list[str]) -> pd.DataFrame:
    """The similarity table (``doc_id_a, rank, doc_id_b, similarity``) from the strips of every
    row (:func:`_neighbours`), in consecutive parts: each part's rows merged with what the parts
    before offered them (the same best ``k``, ties to the earlier document, as from one pass)."""
    columns = ["doc_id_a", "rank", "doc_id_b", "similarity"]
    k = parts[0].best_sim.shape[1]
    if k == 0:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(columns, [object, "int64", object, float])})
    best_sim, best_doc = [], []
    for i, part in enumerate(parts):
        sim, doc = part.best_sim, part.best_doc
        if i:
            offered = [(p.offered_sim[part.start - p.stop : part.stop - p.stop], p.offered_doc[part.start - p.stop : part.stop - p.stop])
                       for p in parts[:i]]
            values = np.concatenate([sim, *(o for o, _ in offered)], axis=1)
            docs = np.concatenate([doc, *(d for _, d in offered)], axis=1)
            sim, doc = np.empty((len(values), k)), np.empty((len(values), k), dtype=np.int64)
            _sort_best(values, docs, k, sim, doc)
        best_sim.append(sim)
        best_doc.append(doc)
    sim, doc = np.concatenate(best_sim), np.concatenate(best_doc)
    # each row's neighbours are its best with a similarity above 0: the first ones of its row
    keep = sim > 0
    rows_a = np.repeat(np.arange(len(sim)), keep.sum(axis=1))
    ranks = (np.cumsum(keep, axis=1) - 1)[keep] + 1
    names = np.array(ids, dtype=object)
    return pd.DataFrame(
        {"doc_id_a": names[rows_a], "rank": ranks.astype("int64"), "doc_id_b": names[doc[keep]],
         "similarity": sim[keep].tolist()}
    )


def _top(values: np.ndarray, docs: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``k`` best of ``values`` (similarity descending, then document ascending) and
    their ``docs``, in no particular order; any of them not above 0 becomes -1 (no neighbour)."""
    width = values.shape[1]
    at = np.argpartition(values, width - k, axis=1)[:, width - k :]
    top, top_docs = np.take_along_axis(values, at, axis=1), np.take_along_axis(docs, at, axis=1)
    # argpartition breaks ties at the k-th value arbitrarily: rows with more such ties than it
    # kept take the lowest documents among them
    kth = top.min(axis=1)
    tied = (kth > 0) & (np.count_nonzero(values == kth[:, None], axis=1) > np.count_nonzero(top == kth[:, None], axis=1))
    for i in np.flatnonzero(tied).tolist():
        keep = _best_in_row(values[i], docs[i], kth[i], k)
        top[i], top_docs[i] = values[i, keep], docs[i, keep]
    top[top <= 0] = -1.0
    return top, top_docs


def _best_in_row(values: np.ndarray, docs: np.ndarray, kth: float, k: int) -> np.ndarray:
    """Indices of the ``k`` best of one row, given its ``k``-th largest value ``kth``: every value
    at or above it, ties included, by similarity descending, then document ascending."""
    cand = np.flatnonzero(values >= kth)
    return cand[np.lexsort((docs[cand], -values[cand]))][:k]


#: (Document, term) pairs tested at once by :func:`_keyness_top`: arrays of a few MB each.
_KEYNESS_PAIRS = 1 << 20


def _keyness_top(counts, terms: np.ndarray, ids: list[str], *, top: int, min_freq: int) -> pd.DataFrame:  # noqa: ANN001
    """Each document against the rest: its ``top`` most over-used terms, as :func:`textkit.keyness`."""
    counts = counts.tocsr()
    n1 = np.asarray(counts.sum(axis=1)).ravel()
    freq = np.asarray(counts.sum(axis=0)).ravel()
    # Documents are tested in ranges of about _KEYNESS_PAIRS pairs, each document's pairs in one
    # range: each step over every pair of a large corpus allocated arrays of tens of MB afresh
    # (which made this step grow faster than the corpus: 3.2 CPU seconds at 100 MB, 8 times 20 MB)
    cuts = np.searchsorted(counts.indptr, np.arange(0, counts.nnz, _KEYNESS_PAIRS), side="right") - 1
    cuts = np.unique(np.concatenate([[0], cuts, [counts.shape[0]]]))
    found = [_keyness_candidates(counts, lo, hi, n1, freq, top=top, min_freq=min_freq)
             for lo, hi in zip(cuts[:-1].tolist(), cuts[1:].tolist())]
    rows, cols, a, b, t1, t2, g2 = (np.concatenate(column) for column in zip(*found))
    term = terms[cols]
    # by document, G² descending, term ascending; then the first ``top`` of each document. Terms
    # are compared by their rank among the distinct terms: converting every (document, term)
    # pair's term to a fixed-width string cost time and memory on large corpora
    rank = np.unique(terms.astype(str), return_inverse=True)[1].ravel()
    order = np.lexsort((rank[cols], -g2, rows))
    rows_sorted = rows[order]
    starts = np.searchsorted(rows_sorted, rows_sorted, side="left")
    order = order[np.arange(len(order)) - starts < top]
    stats = keyness_stats(a[order], b[order], t1[order], t2[order])
    table = pd.DataFrame(
        {
            "doc_id": np.array(ids, dtype=object)[rows[order]],
            "reference": "rest",
            "term": term[order].astype(object),
            "n_target": a[order].astype("int64"),
            "n_reference": b[order].astype("int64"),
            "per_10k_target": a[order] / t1[order] * 10_000,
            "per_10k_reference": b[order] / t2[order] * 10_000,
        }
    )
    return pd.concat([table, stats], axis=1)


def _keyness_candidates(counts, lo: int, hi: int, n1: np.ndarray, freq: np.ndarray, *, top: int,  # noqa: ANN001
                        min_freq: int) -> tuple[np.ndarray, ...]:
    """The pairs of documents ``lo`` to ``hi`` that can be among their document's ``top`` most
    over-used terms: ``rows, cols, a, b, t1, t2, g2`` (document, term, the four counts and G²),
    by document as the rows of the CSR matrix ``counts``."""
    # from CSR, the COO rows come in order, which the search for each document's rows below needs
    coo = counts[lo:hi].tocoo()
    rows, cols, a = coo.row.astype(np.int64) + lo, coo.col.astype(np.int64), coo.data
    total = n1.sum()
    b = freq[cols] - a
    t1, t2 = n1[rows], total - n1[rows]
    # over-used (a / n1 > b / n2) and frequent enough: the only rows kept, so the statistics
    # are computed for them alone
    with np.errstate(divide="ignore", invalid="ignore"):
        keep = (a + b >= max(int(min_freq), 1)) & (t2 > 0) & (a / t1 > b / t2)
    rows, cols, a, b, t1, t2 = rows[keep], cols[keep], a[keep], b[keep], t1[keep], t2[keep]
    g2 = g2_only(a, b, t1, t2)
    # only the pairs at or above their document's ``top``-th largest G² can be among its first
    # ``top`` (ties at that value included): sorting these alone, not every pair, saves most of
    # the time of sorting (the pairs come by document, as the rows of ``counts``)
    bounds = np.searchsorted(rows, np.arange(lo, hi + 1))
    least = np.full(hi - lo, -np.inf)
    for doc in np.flatnonzero(np.diff(bounds) > max(top, 1)).tolist():
        values = g2[bounds[doc] : bounds[doc + 1]]
        least[doc] = np.partition(values, len(values) - max(top, 1))[len(values) - max(top, 1)]
    keep = g2 >= least[rows - lo]
    return rows[keep], cols[keep], a[keep], b[keep], t1[keep], t2[keep], g2[keep]


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _has_pyarrow() -> bool:
    import importlib.util

    return importlib.util.find_spec("pyarrow") is not None


def _encode(table: pd.DataFrame, name: str, fmt: Format) -> tuple[str, bytes]:
    """File name and bytes of a table as CSV or Parquet (done on a worker for the large tables:
    formatting floats is the slow part of writing)."""
    parquet = fmt == "parquet" or (fmt == "auto" and len(table) > PARQUET_ROWS and _has_pyarrow())
    if parquet:
        buffer = io.BytesIO()
        table.to_parquet(buffer, index=False)
        return f"{name}.parquet", buffer.getvalue()
    return f"{name}.csv", _csv_bytes(table)


def _csv_column(column: pd.Series) -> list[Any] | None:
    """The cells of a column as ``DataFrame.to_csv`` writes them (strings), for the csv module;
    None for a column of a kind not handled here."""
    kind = column.dtype.kind
    values = column.to_numpy()
    if values.dtype == np.float64:
        # repr is the shortest round-trip form, as pandas writes floats; missing values are empty.
        # Each distinct value (told apart by its bits: 0.0 and -0.0 differ) is formatted once
        # (keyness's 8 float columns hold about 56% distinct values: formatting was most of the
        # time of writing it)
        cells = _formatted(values.view(np.int64), lambda bits: map(float.__repr__, bits.view(np.float64).tolist()))
        for i in np.flatnonzero(np.isnan(values)).tolist():
            cells[i] = ""
        return cells
    if values.dtype.kind in "iub":
        # numbers (and True/False) as str writes them, each distinct one formatted once: counts
        # and offsets repeat (three to five times faster than str of every cell)
        return _formatted(values, lambda distinct: map(str, distinct.tolist()))
    if kind == "O" or isinstance(column.dtype, pd.StringDtype):
        # (other floats, and numbers that may be missing, are left to DataFrame.to_csv)
        cells = column.tolist()
        # (the set of the cells' types, made in C, rather than a test of each cell in Python)
        return cells if not cells or set(map(type, cells)) == {str} else None
    return None


def _formatted(values: np.ndarray, format_distinct: Callable[[np.ndarray], Iterable[str]]) -> list[str]:
    """``values`` as strings: ``format_distinct`` of their distinct values (an array), each
    formatted once, put back at every position."""
    codes, distinct = pd.factorize(values)
    return np.array(list(format_distinct(distinct)), dtype=object)[codes].tolist()


#: Rows formatted at once when writing CSV: the cells of a block are Python strings, so
#: formatting a whole large table at once was the peak memory of its worker.
_CSV_ROWS = 1 << 16


def _csv_bytes(table: pd.DataFrame) -> bytes:
    """``table.to_csv(index=False, lineterminator="\n")`` as UTF-8, byte for byte, about three
    times faster on tables of floats (formatting them was the slow part of writing).

    Rows are formatted ``_CSV_ROWS`` at a time; a block with nothing to quote is joined directly,
    as the csv module would write it, and any other goes through the csv module.
    """
    import csv

    if not table.columns.is_unique or not all(isinstance(c, str) for c in table.columns):
        return table.to_csv(index=False, lineterminator="\n").encode("utf-8")
    special = re.compile('[,"\r\n]')
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", delimiter=",", quoting=csv.QUOTE_MINIMAL, doublequote=True,
                        escapechar=None, quotechar='"')
    writer.writerow(table.columns)
    # each block encoded as it is done: the text of a whole large table, then its bytes, were two
    # copies of it at once (and the text two bytes a character for the Chinese in it)
    parts = [buffer.getvalue().encode("utf-8")]
    for lo in range(0, len(table), _CSV_ROWS):
        block = table.iloc[lo : lo + _CSV_ROWS]
        cells = [_csv_column(block[c]) for c in block.columns]
        if any(c is None for c in cells):
            return table.to_csv(index=False, lineterminator="\n").encode("utf-8")
        # numbers never need quoting: only the cells of the columns of text are searched
        text = [c for c, name in zip(cells, block.columns) if block[name].dtype.kind not in "fiub"]
        if len(cells) > 1 and not any(special.search("".join(c)) for c in text):
            # nothing to quote: the rows joined directly, as the csv module would write them
            parts.append(("\n".join(map(",".join, zip(*cells))) + "\n").encode("utf-8"))
        else:
            buffer.seek(0)
            buffer.truncate()
            writer.writerows(zip(*cells))
            parts.append(buffer.getvalue().encode("utf-8"))
        del block, cells
    return b"".join(parts)


def _write(encoded: tuple[str, bytes], folder: Path, name: str) -> Path:
    """Write an encoded table atomically (temporary file, then rename); remove its other format."""
    filename, data = encoded
    path = atomic_write(folder / filename, lambda tmp: Path(tmp).write_bytes(data))
    for stale in (folder / f"{name}.csv", folder / f"{name}.parquet"):
        if stale != path:
            stale.unlink(missing_ok=True)
    return path


# ---------------------------------------------------------------------------
# The pipeline
# ---------------------------------------------------------------------------


def analyze(
    corpus: str | PathLike[str] | pd.DataFrame | Mapping[str, str],
    *,
    out: str | PathLike[str] | None = None,
    n_jobs: int = 1,
    backend: Backend | None = None,
    scheduler: str | None = None,
    tokenizer: Tokenizer | None = None,
    cache: bool = True,
    cache_dir: str | PathLike[str] | None = None,
    top_k: int = 10,
    keyness_top: int = 50,
    keyness_min_freq: int = 3,
    ngram_n: tuple[int, int] = (1, 3),
    ngram_min_count: int = 2,
    themes: Any = None,
    known: bool = True,
    format: Format = "auto",
    on_error: OnError = "raise",
    show_progress: bool | None = None,
) -> dict[str, pd.DataFrame]:
    """Analyse a whole corpus: documents, slogans, n-grams, similarity, keyness, emphasis.

    Parameters
    ----------
    corpus : path-like, DataFrame or mapping
        A corpus folder (read and cleaned as by :func:`textkit.read_corpus`, in
        parallel), or an already read corpus, or ``{doc_id: text}``.
    out : path-like, optional
        Folder to write every table into (created; never the corpus folder). Each
        table is written to a temporary file and renamed into place.
    n_jobs : int
        Worker processes for the per-document stages (reading and cleaning,
        tokenising, counts and emphasis); with ``backend="dask"`` and no
        ``scheduler``, the number of workers of the local cluster. With
        ``"processes"``, the workers started after tokenising run at a lower
        priority than the calling process (nice +5), which discovers the slogans
        meanwhile.
    backend : {"serial", "processes", "dask"}, optional
        Default: ``"dask"`` when ``scheduler`` is given, else ``"processes"`` when
        ``n_jobs > 1``, else ``"serial"``. Every backend gives identical tables.
    scheduler : str, optional
        Address of a running Dask scheduler, e.g. ``"tcp://10.0.0.5:8786"``; its
        workers need textkit installed. None with ``backend="dask"`` starts a
        ``LocalCluster`` of ``n_jobs`` processes for this call.
    tokenizer : Tokenizer, optional
        Default ``Tokenizer(backend="rjieba")``: the Rust segmenter gives the same
        tokens as jieba (tested) at about 15 times the speed.
    cache : bool
        Keep tokens on disk and reuse them when document and settings are unchanged.
    cache_dir : path-like, optional
        Root of the cache; default ``~/.cache/textkit`` (mode 0700). Tokens go to
        ``CACHE_DIR/tokens/``.
    top_k : int
        Neighbours kept per document in ``similarity``.
    keyness_top, keyness_min_freq : int
        Over-used terms kept per document in ``keyness``, and the smallest
        frequency (target + rest) tested.
    ngram_n, ngram_min_count
        Word n-gram sizes and the smallest corpus count kept.
    themes : optional
        Theme dictionary for ``emphasis`` (see :func:`textkit.theme_hits`).
    known : bool
        Add the registry columns ``known`` and ``expansion`` to ``slogans``.
    format : {"auto", "csv", "parquet"}
        Table format. ``"auto"`` writes CSV, and Parquet for tables of more than
        ``PARQUET_ROWS`` (1,000,000) rows when pyarrow is installed. Parquet needs
        pyarrow (``pip install pyarrow``), an optional dependency: with pandas 3 it
        also becomes the storage of every string column, which cannot hold the lone
        surrogates textkit otherwise reads.
    on_error : {"raise", "skip"}
        Files that cannot be read: raise, or skip with a warning.
    show_progress : bool or None
        Progress bars for the long stages; None shows them from 200 documents on.

    Returns
    -------
    dict of str to DataFrame
        The tables, written to ``out`` under the same names:

        ===================== ==================================================
        documents             one row per document: metadata, ``sha256``,
                              ``encoding``, ``script``, ``converted`` (as
                              :func:`textkit.read_corpus`), ``n_chars``, ``n_han``,
                              ``n_paragraphs`` (as :func:`textkit.describe_corpus`),
                              ``n_tokens`` and ``n_terms`` (content tokens)
        slogans               :func:`textkit.find_slogans`
        slogan_occurrences    :func:`textkit.slogan_occurrences`
        ngrams                ``ngram, n, count, n_docs`` as :func:`textkit.ngrams`
                              (word units, ``stopwords="edge"``), without ``doc_ids``
        similarity            ``doc_id_a, rank, doc_id_b, similarity``: each
                              document's ``top_k`` most similar documents (TF-IDF
                              cosine as :func:`textkit.similarity`, similarity > 0;
                              ties in corpus order). The share of the terms in a
                              sixteenth of the documents (and at least 8) is
                              summed in single precision: values agree with
                              :func:`textkit.similarity` to about 1e-6
        keyness               columns of :func:`textkit.keyness` (one vs rest): each
                              document's ``keyness_top`` most over-used terms by G²
        emphasis              :func:`textkit.emphasis`
        ===================== ==================================================

        plus ``stages`` (not written): ``stage, seconds, detail`` for each stage,
        with the cache's hits.

    Examples
    --------
    >>> tables = analyze({"a": "推动主题教育走深走实。", "b": "推动工作走深走实。"}, cache=False)
    >>> tables["similarity"][["doc_id_a", "doc_id_b"]].values.tolist()
    [['a', 'b'], ['b', 'a']]
    >>> tables["ngrams"].head(2).values.tolist()
    [['推动', 1, 2, 2], ['走深走实', 1, 2, 2]]
    """
    if backend is None:
        backend = "dask" if scheduler is not None else ("processes" if n_jobs > 1 else "serial")
    _check("backend", backend, _BACKENDS)
    _check("format", format, _FORMATS)
    _check("on_error", on_error, ("raise", "skip"))
    if format == "parquet" and not _has_pyarrow():
        raise ValueError("format='parquet' needs pyarrow, which is not installed: pip install pyarrow, or use format='csv'")
    if not isinstance(n_jobs, int) or n_jobs < 1:
        raise ValueError(f"n_jobs={n_jobs!r}; must be a positive integer")
    if scheduler is not None and backend != "dask":
        raise ValueError(f"scheduler={scheduler!r} needs backend='dask', not {backend!r}")
    if not isinstance(top_k, int) or top_k < 1:
        raise ValueError(f"top_k={top_k!r}; must be a positive integer")
    folder = None if isinstance(corpus, (pd.DataFrame, Mapping)) else Path(corpus)
    out_dir = Path(out) if out is not None else None
    if out_dir is not None and folder is not None and out_dir.resolve() == folder.resolve():
        raise ValueError(f"out={out_dir}: that is the corpus folder; choose another folder for the tables")
    tokenizer = Tokenizer(backend="rjieba") if tokenizer is None else tokenizer
    root = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    cache_root = str(_private_dir(_private_dir(root) / "tokens")) if cache else None

    stages: list[tuple[str, float, str]] = []
    clock = time.perf_counter()

    def done(stage: str, detail: str = "") -> None:
        nonlocal clock
        now = time.perf_counter()
        stages.append((stage, now - clock, detail))
        clock = now

    with ExitStack() as stack:
        # before the workers are forked: their collections then skip what they inherit
        freeze_more = stack.enter_context(gc_frozen())
        runner = _Runner(backend, n_jobs, scheduler, stack)
        n_chunks = runner.workers * _CHUNKS_PER_WORKER if runner.workers > 1 else 1

        def prepare() -> None:
            # the general dictionary, which slogan discovery reads in every process: parsed once,
            # while the workers read the corpus, and shared by the workers forked again after
            # tokenising (0.5 s before the first workers were forked, with a core idle). The garbage
            # collector is paused meanwhile: the 349k entries (and scipy's modules) made it walk every
            # object of this process again and again (500 collections, 0.2-0.4 s on the 20 MB corpus)
            with gc_paused():
                _general_vocabulary()
                _dictionary_entries()
                if runner.forks:
                    # and scipy, which only the workers use (for the corpus tables): imported once
                    # here (0.26 s) rather than by each forked worker, and shared
                    import scipy.sparse  # noqa: F401
                    import scipy.special  # noqa: F401
                # and frozen before the collector is back: otherwise its first collection walked
                # every entry (0.07 s at 20 MB, as young objects) and the next ones again (0.04 s)
                freeze_more()

        done("start", f"{backend}, {runner.workers} worker(s)")

        if folder is not None:
            plan = _plan(folder)
            show = show_progress if show_progress is not None else len(plan) >= AUTO_THRESHOLD
            sizes = [d.path.stat().st_size for d in plan]
            pieces = [plan[r.start : r.stop] for r in _chunks(sizes, n_chunks)]
            # each document is tokenised by the worker that read it (a stage of its own, the texts
            # went back to the workers once all were read, while this process had nothing to do)
            loaded = runner.map(_read_tokenize_chunk, pieces, default_rules(), on_error, tokenizer, cache_root,
                                desc="reading", show=show, meanwhile=prepare)
            for _, messages, _, _ in loaded:
                for message in messages:
                    warnings.warn(message, CorpusWarning, stacklevel=2)
            corpus = _corpus_frame((d for docs, _, _, _ in loaded for d in docs), folder)
            hits = sum(h for _, _, _, h in loaded)
            lengths_of = [x for _, _, lens, _ in loaded for x in lens]
            del loaded
        else:
            corpus = as_corpus(corpus)
            show = show_progress if show_progress is not None else len(corpus) >= AUTO_THRESHOLD
            prepare()
        texts = corpus["text"].tolist()
        ids = corpus["doc_id"].astype(str).tolist()
        done("read", f"{len(corpus)} documents, {sum(map(len, texts))} characters")

        ranges = _chunks([len(t) for t in texts], n_chunks)
        if folder is None:
            results = runner.map(
                _tokenize_chunk, [texts[r.start : r.stop] for r in ranges], tokenizer, cache_root, desc="tokenising", show=show,
            )
            hits = sum(h for _, h in results)
            lengths_of = [x for lens, _ in results for x in lens]
            del results
        # the workers that read and tokenised end; the ones forked now share the general
        # dictionary, scipy and the tokens with this process
        freeze_more()
        # what the tasks of the workers forked now need of the corpus: lent, not sent (they have it)
        lent_texts, lent_lengths, lent_ids = runner.lend(texts), runner.lend(lengths_of), runner.lend(ids)
        lent_frame = runner.lend(corpus[["doc_id", "text"]])
        runner.fork_again()
        done("tokenise", f"{hits} of {len(texts)} documents from the cache")

        # n-grams, similarity and keyness need the whole corpus but not the slogans: workers count
        # them while this process judges the slogan candidates; on large corpora similarity
        # (quadratic in the documents) goes to a worker of its own (each task codes the tokens
        # again, which costs more than it saves on small ones: _SIMILARITY_APART_SHARE)
        options = {"ngram_n": ngram_n, "ngram_min_count": ngram_min_count, "top_k": top_k, "keyness_top": keyness_top,
                   "keyness_min_freq": keyness_min_freq, "format": format if out_dir is not None else None,
                   # the tasks write their tables where they run in this machine (on a Dask cluster, the
                   # calling process writes them)
                   "write_to": str(out_dir) if out_dir is not None and backend != "dask" else None}
        # each task's tables, and the rows of similarity's strips it computes (None: its whole table)
        parts: list[tuple[tuple[str, ...], tuple[int, int] | None]] = [(("ngrams", "similarity", "keyness"), None)]
        n_tokens = sum(len(n) for n in lengths_of)
        if runner.workers > 1 and _similarity_apart(len(texts), n_tokens):
            parts = [(("similarity",), None), (("ngrams", "keyness"), None)]
            cut = _similarity_split(len(texts), n_tokens)
            if cut < len(texts):
                # the last strips go to the other task, after its n-grams (when its own memory is
                # lowest): similarity alone ended 5 s after it at 100 MB, its core idle meanwhile
                parts = [(("similarity",), (0, cut)), (("ngrams", "similarity", "keyness"), (cut, len(texts)))]
        corpus_tables: list[Any] = []  # futures

        # the other per-document steps (each document's own slogan candidates, counts and
        # emphasis) go to the workers first, while this process counts the corpus's character
        # n-grams for statistical slogan discovery, which needs only the texts and tokens
        # (the candidates marshalled where the workers run this interpreter: a local process pool).
        # The corpus tables in one task (a corpus too small for similarity to go apart) are queued
        # before the last of them: that task takes longer than what is left of this process's work
        # once the documents' tasks are done (judging the candidates, locating the slogans), so it
        # must start before they end. Queued behind them, once discovery asked for the framed
        # phrases, it ended 0.9 s after this process had nothing left to do on the 20 MB benchmark
        # corpus (its 3.0 s against 2.2), a core idle meanwhile; queued so, 12 alternating pairs
        # took 8.75-9.10 s against 8.82-9.30 (faster in 11)
        def queue_tables(names: tuple[str, ...], rows: tuple[int, int] | None) -> None:
            corpus_tables.append(runner.submit(_corpus_tables, lent_texts, lent_lengths, lent_ids, tokenizer, names, options, rows))

        early = len(parts) == 1 and runner.workers > 1
        documents_done = []
        for i, r in enumerate(ranges):
            if early and i == len(ranges) - 1:
                queue_tables(*parts[0])
            documents_done.append(runner.submit(_document_chunk, _rows(lent_frame, r), _rows(lent_lengths, r), runner.local))
        if len(parts) > 1:
            # similarity is queued behind the documents' tasks at once: the first worker done with
            # those starts it while this process is still discovering slogans (the corpus tables had
            # ended last, and at 100 MB the workers had waited 5 s for the discovery to end, then left
            # this process to locate slogans alone). It goes first because it grows fastest: with the
            # n-grams and keyness first, it ended last at 100 MB (14.4 CPU s against 10.3; 1.0 against
            # 1.7 at 20 MB, where either order ends before slogan discovery), a core idle for its last
            # 2.3 s. Its memory is highest while it codes the tokens, early on (as the other task's)
            queue_tables(*parts[0])
        # emphasis, which nothing waits for until the end, is queued behind all the corpus tables
        # (:func:`queue_corpus_tables`)
        emphasis_done: list[Any] = []
        emphasis_chunks = [_rows(lent_frame, r) for r in ranges]
        del lent_frame
        document_tables: list[pd.DataFrame] = []  # each chunk's counts

        fetched: list[Any] = []  # each document task's result, once fetched

        def documents_results() -> list[Any]:
            # Each document task's result is fetched once: a Dask future gathers its result from
            # the cluster on every call (a process pool's are in this process once done)
            fetched.extend(_unpacked(future.result()) for future in documents_done[len(fetched):])
            return fetched

        def queue_corpus_tables() -> None:
            # the other corpus tables of a large corpus (the single task of a smaller one is queued
            # already, with the documents' tasks) are queued behind the documents' tasks only once slogan
            # discovery has counted the character n-grams and let the counts go, so that their peak
            # memory (keyness's, at the end) does not meet that of the n-gram counting in this
            # process: when it asks for the framed phrases, before waiting for the documents' tasks.
            # Queued after that wait and once the candidates were unpacked, the second task (then
            # similarity) had left a worker idle for 1.5 s on the 20 MB corpus (for 5 s at 100 MB),
            # and its texts were sent to it while this process was busy
            for names, rows in parts[len(corpus_tables):]:
                queue_tables(names, rows)
            if not emphasis_done:
                emphasis_done.extend(runner.submit(_emphasis_chunk, chunk, themes) for chunk in emphasis_chunks)

        def framed_phrases() -> set[str]:
            # the phrases framed by a verb of commitment, asked for once the character n-grams are
            # counted: read from the documents' candidates as the workers sent them (plain tuples),
            # instead of found again here (0.25 CPU seconds on the 20 MB corpus); waiting for them
            # leaves the cores to the workers. They become candidates only after discovery (made
            # during it, they took the PSS sum at 100 MB to 4.2-4.4 GB in perf13)
            queue_corpus_tables()
            return _framed_phrases(c for chunk_candidates, _ in documents_results() for cands in chunk_candidates for c in cands)

        def per_doc_candidates() -> list[list[tuple]]:
            # called once slogan discovery has counted and tested the character n-grams (the
            # corpus tables are queued already unless the framed phrases were not asked for)
            queue_corpus_tables()
            # the candidates stay the plain tuples the workers sent (slogans._accept reads them so)
            candidates = []
            for chunk_candidates, tables_of_chunk in documents_results():
                candidates += chunk_candidates
                document_tables.append(tables_of_chunk)
            fetched.clear()
            documents_done.clear()
            return candidates

        # slogans: the per-document steps (each document's own candidates, above, and finding
        # every slogan in every document, here) run on the workers, the rest needs the corpus
        def locate(surface_to_key: dict[str, str], docs: list[Any]) -> tuple[list, list]:
            # This process locates the chunks from the first on; a worker with nothing to do
            # (the corpus tables may keep both busy for long on a large corpus) takes the last
            # one not yet taken. Chunks handed out beforehand waited in a busy worker's queue
            # while this process had nothing left to do.
            pieces = _chunks([len(t) for t in texts], runner.workers * _LOCATE_CHUNKS_PER_WORKER) if runner.workers > 1 else ranges
            # (a worker's chunk: lent, it receives only the surfaces, their index and the rows)
            chunks = [(_rows(lent_ids, r), _rows(lent_texts, r), _rows(lent_lengths, r)) for r in pieces]
            index = _SurfaceIndex(surface_to_key)  # once, not again for every chunk
            found: list[Any] = [None] * len(chunks)
            elsewhere: dict[int, Any] = {}
            surfaces = None  # (pickled once, for the first chunk a worker takes)
            first, last = 0, len(chunks)
            while first < last:
                busy = sum(not f.done() for f in [*corpus_tables, *emphasis_done, *elsewhere.values()])
                for _ in range(runner.workers - busy if runner.workers > 1 else 0):
                    if last - first > 1:
                        last -= 1
                        surfaces = surfaces or _PickledOnce((surface_to_key, index))
                        elsewhere[last] = runner.submit(_locate_args, chunks[last], surfaces)
                # this process's own documents, already prepared by discovery, rather than made again
                found[first] = _locate_nested(docs[pieces[first].start : pieces[first].stop], surface_to_key, index)
                first += 1
            for i, future in elsewhere.items():
                found[i] = future.result()
            return [h for hits, _ in found for h in hits], [n for _, nested in found for n in nested]

        found = _find(corpus, tokenizer=tokenizer, signals=None, known=known, registry=None, min_score=0.0,
                      per_doc=per_doc_candidates, framed=framed_phrases, locate=locate, lengths=lengths_of)
        counts_table = pd.concat(document_tables, ignore_index=True)
        queue_corpus_tables()  # (if discovery asked for neither the framed phrases nor the candidates)
        emphasis_table = pd.concat([future.result() for future in emphasis_done], ignore_index=True)
        done("slogans", f"{len(found.slogans)} slogans; on the workers meanwhile: each document's slogan candidates, counts and emphasis")
        counted: dict[str, pd.DataFrame] = {}
        encoded: dict[str, tuple[str, bytes]] = {}
        # the tables this process writes that are ready, encoded before waiting for the corpus tables:
        # while they are still counted, this process has nothing else to do. The largest of them
        # (slogan_occurrences, 200k rows on the 20 MB corpus, 0.13-0.15 CPU s), handed to an idle
        # worker instead, came back 0.3-0.35 s after (the table sent there and back, while this process
        # waited), and queued behind the corpus tables it waited for them
        if out_dir is not None:
            for name, table in (("slogans", found.slogans), ("slogan_occurrences", found.occurrences),
                                ("emphasis", emphasis_table)):
                encoded[name] = _encode(table, name, format)
        steps = []
        written: set[str] = set()  # by the corpus tables' tasks
        strips: list[_Neighbours] = []  # of similarity, when its strips were split between tasks
        for future in corpus_tables:
            tables_part, encoded_part, written_part, n_terms, seconds, found_part = future.result()
            counted.update(tables_part)
            encoded.update(encoded_part)
            written.update(written_part)
            steps += [f"{k} {v:.2f} s" for k, v in seconds.items()]
            strips += [found_part] if found_part is not None else []
        if strips:
            counted["similarity"] = _similarity_table(sorted(strips, key=lambda part: part.start), ids)
        counted = {name: counted[name] for name in ("ngrams", "similarity", "keyness")}
        done("corpus tables (wait)", ", ".join(steps))

    tables: dict[str, pd.DataFrame] = {}
    documents = corpus.drop(columns=["text"]).merge(counts_table, on="doc_id", how="left", validate="one_to_one")
    documents["n_tokens"] = np.array([len(n) for n in lengths_of], dtype="int64")
    documents["n_terms"] = n_terms
    tables["documents"] = documents
    tables["slogans"] = found.slogans
    tables["slogan_occurrences"] = found.occurrences
    tables.update(counted)
    tables["emphasis"] = emphasis_table

    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, table in tables.items():
            if name not in written:
                _write(encoded[name] if name in encoded else _encode(table, name, format), out_dir, name)
        done("write", str(out_dir))
    tables["stages"] = pd.DataFrame(stages, columns=["stage", "seconds", "detail"])
    return tables
