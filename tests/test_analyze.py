"""textkit.analyze: one pipeline, identical on every backend, with a token cache that is never stale."""

from __future__ import annotations

import os
import pickle
import sys

import numpy as np
import pandas as pd
import pytest

import textkit as tk
from textkit import paths
from textkit.analyze import (_char_key, _csv_bytes, _docs_per_id, _neighbours, _similar, _similarity_split,
                             _similarity_table, _strip_stops, analyze)
from textkit.cli import main

TEXTS = {
    "a": "深入开展主题教育，推动各项工作走深走实。坚持“学思想、强党性、重实践、建新功”总要求。\n围绕急难愁盼问题，办成一批民生实事。",
    "b": "扎实推进主题教育走深走实、见行见效。聚焦急难愁盼问题，推动检视整改。\n坚持“学思想、强党性、重实践、建新功”。",
    "c": "推动高质量发展，建设现代化产业体系。坚持稳中求进工作总基调，推动经济运行整体好转。",
    "d": "扎实推进乡村振兴，推动城乡融合发展。聚焦急难愁盼问题，持续改善民生。\n推动主题教育成果转化。",
    "e": "加强基层党组织建设，推动全面从严治党向纵深发展。以学铸魂、以学增智、以学正风、以学促干。",
    "f": "坚持以人民为中心的发展思想，推动高质量发展，办好民生实事，以学促干见实效。",
}


@pytest.fixture
def folder(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc_id, text in TEXTS.items():
        (corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return corpus


def _files(out):
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_serial_processes_and_dask_cluster_write_identical_tables(folder, tmp_path):
    cache = tmp_path / "cache"
    serial = analyze(folder, out=tmp_path / "serial", cache_dir=cache)
    procs = analyze(folder, out=tmp_path / "procs", n_jobs=2, cache_dir=cache)
    from dask.distributed import Client, LocalCluster

    # a real cluster: a scheduler and two worker processes, reached by its address
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster):
            dask = analyze(folder, out=tmp_path / "dask", scheduler=cluster.scheduler_address, cache=False)
    assert "dask" in dask["stages"]["detail"].iloc[0] and "2 worker" in dask["stages"]["detail"].iloc[0]
    assert "processes, 2 worker" in procs["stages"]["detail"].iloc[0]
    for name in serial:
        if name != "stages":
            pd.testing.assert_frame_equal(serial[name], procs[name])
            pd.testing.assert_frame_equal(serial[name], dask[name])
    files = _files(tmp_path / "serial")
    assert set(files) == {f"{n}.csv" for n in serial if n != "stages"}
    assert files == _files(tmp_path / "procs") == _files(tmp_path / "dask")


@pytest.mark.parametrize("pair_cost", [None, 1e6])
def test_similarity_on_a_worker_of_its_own_gives_the_same_tables(folder, tmp_path, monkeypatch, pair_cost):
    # a corpus this small keeps similarity in the task of the n-grams and keyness; forced apart
    # (and, with pairs made costly and strips small, its last strips cut off to that task), the tables
    # are the same
    analyze_module = sys.modules["textkit.analyze"]  # (textkit.analyze is also the function)
    serial = analyze(folder, out=tmp_path / "serial", cache=False)
    monkeypatch.setattr(analyze_module, "_SIMILARITY_APART_SHARE", 0.0)
    if pair_cost is not None:
        monkeypatch.setattr(analyze_module, "_PAIR_COST", pair_cost)
        monkeypatch.setattr(analyze_module, "_SIMILARITY_BLOCK", 8 * len(TEXTS))  # strips of a row or two
        assert analyze_module._similarity_split(len(TEXTS), 200) < len(TEXTS)
    procs = analyze(folder, out=tmp_path / "procs", n_jobs=2, cache=False)
    steps = procs["stages"].set_index("stage").loc["corpus tables (wait)", "detail"]
    assert steps.startswith("similarity") and ("similarity of rows" in steps) == (pair_cost is not None)
    assert serial["stages"].set_index("stage").loc["corpus tables (wait)", "detail"].startswith("ngrams")
    for name in serial:
        if name != "stages":
            pd.testing.assert_frame_equal(serial[name], procs[name])
    assert _files(tmp_path / "serial") == _files(tmp_path / "procs")


def test_corpus_tables_in_one_task_are_queued_before_the_last_documents_task(folder, tmp_path, monkeypatch):
    # that task takes longer than what is left of the calling process's work once the documents'
    # tasks are done: queued behind them, it ended last, a core idle meanwhile
    runner = sys.modules["textkit.analyze"]._Runner
    submitted = []
    submit = runner.submit

    def recording(self, func, *args):  # noqa: ANN001, ANN202
        submitted.append(func.__name__)
        return submit(self, func, *args)

    monkeypatch.setattr(runner, "submit", recording)
    procs = analyze(folder, out=tmp_path / "procs", n_jobs=2, cache=False)
    queued = [name for name in submitted if name in ("_document_chunk", "_corpus_tables")]
    assert queued.count("_corpus_tables") == 1 and queued.count("_document_chunk") >= 2
    assert queued[-2:] == ["_corpus_tables", "_document_chunk"]
    # emphasis, which nothing waits for until the end, comes after all of them (inside the
    # documents' tasks, it made slogan discovery wait for it)
    emphasis = [i for i, name in enumerate(submitted) if name == "_emphasis_chunk"]
    assert len(emphasis) == queued.count("_document_chunk")
    assert min(emphasis) > max(i for i, name in enumerate(submitted) if name in ("_document_chunk", "_corpus_tables"))
    serial = analyze(folder, out=tmp_path / "serial", cache=False)
    assert _files(tmp_path / "serial") == _files(tmp_path / "procs")
    for name in serial:
        if name != "stages":
            pd.testing.assert_frame_equal(serial[name], procs[name])


def test_tables_agree_with_the_single_functions():
    corpus = tk.read_corpus(paths.CORPUS)
    tok = tk.Tokenizer(backend="rjieba")
    tables = analyze(corpus, tokenizer=tok, cache=False)
    ngrams = tk.ngrams(corpus, n=(1, 3), tokenizer=tok, min_count=2).drop(columns="doc_ids")
    pd.testing.assert_frame_equal(tables["ngrams"], ngrams, check_dtype=False)
    pd.testing.assert_frame_equal(tables["emphasis"], tk.emphasis(corpus))
    pd.testing.assert_frame_equal(tables["slogans"], tk.find_slogans(corpus, tokenizer=tok))
    sim = tk.similarity(corpus, tokenizer=tok).set_index(["doc_id_a", "doc_id_b"])["similarity"]
    top = tables["similarity"]
    assert len(top) == 5 * 4  # every other document: 4 neighbours each
    assert top["similarity"].to_numpy() == pytest.approx(sim.loc[list(zip(top["doc_id_a"], top["doc_id_b"]))].to_numpy())
    assert (top.groupby("doc_id_a")["similarity"].diff().dropna() <= 0).all()
    key = tk.keyness(corpus, tokenizer=tok)
    key = key[key["direction"] == "over"].groupby("doc_id", sort=False).head(50).reset_index(drop=True)
    pd.testing.assert_frame_equal(tables["keyness"], key, check_dtype=False)
    docs = tables["documents"]
    assert docs["doc_id"].tolist() == corpus["doc_id"].tolist()
    assert (docs["n_tokens"] > docs["n_terms"]).all() and "text" not in docs


@pytest.mark.parametrize("block_rows", [40, 3])
def test_top_k_equals_brute_force_and_breaks_ties_in_corpus_order(block_rows, monkeypatch):
    from scipy import sparse

    # strips of 3 rows (shorter towards the end): the later rows are offered their neighbours
    # among earlier ones strip by strip
    monkeypatch.setattr(sys.modules["textkit.analyze"], "_SIMILARITY_BLOCK", 8 * 40 * block_rows)
    rng = np.random.default_rng(0)
    dense = rng.poisson(0.3, size=(40, 60)).astype(float)
    dense[7] = dense[3]  # an exact tie for everyone's neighbours
    dense[30:37] = dense[12]  # more ties than neighbours kept, across strips
    counts = sparse.csr_matrix(dense)
    ids = [f"d{i}" for i in range(40)]
    top = _similar(counts, ids, top_k=5)
    n, df = counts.shape[0], np.diff(counts.tocsc().indptr)
    x = counts.multiply(np.log((1 + n) / (1 + df)) + 1).toarray()
    x /= np.where(np.linalg.norm(x, axis=1) > 0, np.linalg.norm(x, axis=1), 1)[:, None]
    full = np.clip(x @ x.T, 0, 1)
    assert (df >= 8).sum() > 5  # terms for the dense block, multiplied in single precision
    for i in range(n):
        row = [(-full[i, j], j) for j in range(n) if j != i and full[i, j] > 0]
        expected = [f"d{j}" for _, j in sorted(row)[:5]]
        mine = top[top["doc_id_a"] == f"d{i}"]
        assert mine["doc_id_b"].tolist() == expected
        assert mine["similarity"].to_numpy() == pytest.approx([-s for s, _ in sorted(row)[:5]], rel=0, abs=1e-6)


@pytest.mark.parametrize("block_rows", [40, 3])
def test_similarity_strips_split_between_tasks_give_the_same_table(block_rows, monkeypatch):
    from scipy import sparse

    # the strips cut into consecutive parts (as two or three tasks compute them), each part's rows
    # merged with what the parts before offered them: ties across parts go to the earlier document
    monkeypatch.setattr(sys.modules["textkit.analyze"], "_SIMILARITY_BLOCK", 8 * 40 * block_rows)
    rng = np.random.default_rng(0)
    dense = rng.poisson(0.3, size=(40, 60)).astype(float)
    dense[7] = dense[3]
    dense[30:37] = dense[12]
    dense[20] = 0  # a document with no terms: no neighbours, nobody's neighbour
    counts = sparse.csr_matrix(dense)
    ids = [f"d{i}" for i in range(40)]
    whole = _similar(counts, ids, top_k=5)
    stops = _strip_stops(40)
    cuts = [[0, c, 40] for c in [0, *stops]] + ([[0, stops[0], stops[-2], 40]] if len(stops) > 2 else [])
    for cut in cuts:
        parts = [_neighbours(counts, top_k=5, rows=(a, b)) for a, b in zip(cut[:-1], cut[1:])]
        pd.testing.assert_frame_equal(_similarity_table(parts, ids), whole)
    assert _similarity_split(40, 10**6) == 40  # few documents: similarity stays one task
    big = _similarity_split(14_000, 17_000_000)
    assert 0 < big < 14_000 and big in _strip_stops(14_000)


@pytest.mark.parametrize("step", [1, 7, 1 << 18])
def test_documents_per_id_are_counted_range_by_range_as_over_the_whole(step, monkeypatch):
    # ranges of whole documents: a document longer than a range, and ranges that would otherwise
    # cut documents in two, must not count a document twice
    monkeypatch.setattr(sys.modules["textkit.analyze"], "_PAIRS_STEP", step)
    rng = np.random.default_rng(1)
    doc = np.sort(rng.integers(0, 12, size=200)).astype(np.int32)
    doc[50:90] = 5  # a long document
    doc.sort()
    ids = rng.integers(0, 9, size=200).astype(np.int32)
    expected = [len({d for d, i in zip(doc, ids) if i == x}) for x in range(10)]
    assert _docs_per_id(doc, ids, 10).tolist() == expected
    assert _docs_per_id(doc[:0], ids[:0], 3).tolist() == [0, 0, 0]


def test_csv_bytes_are_those_of_to_csv(monkeypatch):
    # blocks of 2 rows: some with text to quote (comma, quote, line break), some without; numbers,
    # missing and negative zero floats, and booleans are never searched for what to quote
    monkeypatch.setattr(sys.modules["textkit.analyze"], "_CSV_ROWS", 2)
    table = pd.DataFrame({
        "term": ["学思想", "a,b", "强党性", "重实践", 'say "hi"', "x\ny", "建新功"],
        "count": [1, -2, 3, 40, 5, 6, 7],
        "share": [0.1, np.nan, -0.0, 1e-300, 2.5e16, 1 / 3, 0.0],
        "kept": [True, False, True, True, False, True, False],
    })
    assert _csv_bytes(table) == table.to_csv(index=False, lineterminator="\n").encode("utf-8")
    assert _csv_bytes(table.iloc[:1]) == table.iloc[:1].to_csv(index=False, lineterminator="\n").encode("utf-8")
    # numbers repeated within and across blocks (each distinct one formatted once), unsigned and
    # float32 columns, and a single column (always written by the csv module: "" for a missing value)
    repeated = pd.DataFrame({
        "n": np.array([3, 3, -1, 3, 10**12, -1, 0], dtype=np.int64),
        "u": np.array([1, 1, 2, 2, 1, 0, 0], dtype=np.uint32),
        "f": np.array([0.5, 0.5, np.nan, 0.5, 1e-7, np.nan, 0.5], dtype=np.float32),
        "doc_id": ["d1", "d1", "d1", "d2", "d2", "d3", "d3"],
    })
    for t in (repeated, repeated[["f"]], repeated[["n"]]):
        assert _csv_bytes(t) == t.to_csv(index=False, lineterminator="\n").encode("utf-8")


@pytest.mark.parametrize("pairs", [1, 1000])
def test_keyness_in_ranges_of_documents_equals_keyness_at_once(pairs, monkeypatch):
    corpus = tk.read_corpus(paths.CORPUS)
    tok = tk.Tokenizer(backend="rjieba")
    at_once = analyze(corpus, tokenizer=tok, cache=False)["keyness"]
    # a range for each document, or ranges of a few documents (each document's pairs in one)
    monkeypatch.setattr(sys.modules["textkit.analyze"], "_KEYNESS_PAIRS", pairs)
    pd.testing.assert_frame_equal(analyze(corpus, tokenizer=tok, cache=False)["keyness"], at_once)


@pytest.mark.parametrize("step", [2, 1 << 20])
@pytest.mark.parametrize("skip", [0, 3])
def test_char_keys_in_steps_are_the_characters_of_each_token(step, skip, monkeypatch):
    monkeypatch.setattr(sys.modules["textkit.analyze"], "_KEY_TOKENS", step)
    text = "推动主题教育走深走实\n见行见效e.g.\n"
    size = np.array([2, 4, 4, 1, 4, 3, 1], dtype=np.int32)
    start = (np.cumsum(size) - size).astype(np.int32)
    chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    expected = [sum((ord(text[a + skip + i]) + 1) << (21 * i) for i in range(3) if skip + i < n)
                for a, n in zip(start.tolist(), size.tolist())]
    assert _char_key(chars, start, size, skip).tolist() == expected


def test_cache_is_used_and_never_stale(folder, tmp_path):
    cache = tmp_path / "cache"

    def hits(**kwargs):
        stages = analyze(folder, cache_dir=cache, **kwargs)["stages"].set_index("stage")
        return stages.loc["tokenise", "detail"].split(";")[0]

    assert hits() == "0 of 6 documents from the cache"
    assert hits() == "6 of 6 documents from the cache"
    assert cache.stat().st_mode & 0o077 == 0 and (cache / "tokens").stat().st_mode & 0o077 == 0
    (folder / "c.txt").write_text(TEXTS["c"] + "推动新质生产力发展。", encoding="utf-8")
    assert hits() == "5 of 6 documents from the cache"
    assert hits(tokenizer=tk.Tokenizer(backend="rjieba", hmm=False)) == "0 of 6 documents from the cache"
    assert hits(tokenizer=tk.Tokenizer(backend="rjieba", protect=["急难愁盼问题"])) == "0 of 6 documents from the cache"
    assert hits(cache=False) == "0 of 6 documents from the cache"
    # a cached entry that does not fit its text (truncated, tampered) is recomputed
    for entry in (cache / "tokens").rglob("*.u32"):
        entry.write_bytes(entry.read_bytes()[:-4])
    assert hits() == "0 of 6 documents from the cache"


def test_cached_tokens_equal_fresh_ones(folder, tmp_path):
    first = analyze(folder, cache_dir=tmp_path / "cache")
    again = analyze(folder, cache_dir=tmp_path / "cache")
    for name in first:
        if name != "stages":
            pd.testing.assert_frame_equal(first[name], again[name])


def test_tokenizer_pickles_with_its_settings():
    tok = tk.Tokenizer(backend="rjieba", protect=["学思想、强党性"], stopwords=["的"])
    copy = pickle.loads(pickle.dumps(tok))
    assert copy.cut("学思想、强党性的要求") == tok.cut("学思想、强党性的要求") == ["学思想、强党性", "的", "要求"]
    assert copy.settings_key == tok.settings_key
    assert tk.Tokenizer(backend="rjieba", hmm=False).settings_key != tk.Tokenizer(backend="rjieba").settings_key


def test_parquet_format(folder, tmp_path):
    pytest.importorskip("pyarrow")
    tables = analyze(folder, out=tmp_path / "out", format="parquet", cache=False)
    back = pd.read_parquet(tmp_path / "out" / "ngrams.parquet")
    pd.testing.assert_frame_equal(back, tables["ngrams"], check_dtype=False)
    assert not list((tmp_path / "out").glob("*.csv"))


def test_parquet_without_pyarrow_is_a_clear_error(folder, tmp_path, monkeypatch):
    import sys

    monkeypatch.setattr(sys.modules["textkit.analyze"], "_has_pyarrow", lambda: False)
    with pytest.raises(ValueError, match="pyarrow"):
        analyze(folder, out=tmp_path / "out", format="parquet", cache=False)
    assert main(["analyze", str(folder), "--out", str(tmp_path / "out"), "--format", "parquet"]) == 2


def test_bad_options():
    with pytest.raises(ValueError, match="backend="):
        analyze(TEXTS, backend="threads")
    with pytest.raises(ValueError, match="n_jobs="):
        analyze(TEXTS, n_jobs=0)
    with pytest.raises(ValueError, match="scheduler="):
        analyze(TEXTS, backend="processes", scheduler="tcp://127.0.0.1:8786")


def test_cli_analyze(folder, tmp_path, capsys):
    out = tmp_path / "tables"
    assert main(["analyze", str(folder), "--out", str(out), "--jobs", "2", "--no-cache"]) == 0
    assert "6 documents analysed" in capsys.readouterr().out
    assert (out / "slogans.csv").exists() and (out / "similarity.csv").exists()
    assert not list(out.glob(".*.tmp"))
    assert main(["analyze", str(tmp_path / "missing"), "--out", str(out)]) == 2
    assert main(["analyze", str(folder), "--out", str(folder)]) == 2
    assert main(["analyze", str(folder), "--out", str(out), "--jobs", "0"]) == 2
    err = capsys.readouterr().err
    assert err.count("textkit: error:") == 3 and "Traceback" not in err
    assert sorted(p.name for p in folder.iterdir()) == [f"{d}.txt" for d in TEXTS]


def test_slogans_agree_with_find_slogans_when_a_framed_phrase_decides(tmp_path):
    # 健康中国 and 工匠精神 are watchwords only because one document frames them (实施…战略,
    # 弘扬…): the statistical signal must see the framed candidates that workers find
    texts = {"a": "实施健康中国战略。弘扬劳模精神和工匠精神。推动经济发展。实施区域重大战略。",
             "b": "推进健康中国建设，培育工匠精神。促进经济发展。落实区域重大战略。",
             "c": "建设健康中国。工匠精神代代传。经济发展良好。区域重大战略取得进展。",
             "d": "打造健康中国，大力弘扬工匠精神，经济发展加快。"}
    corpus = tk.as_corpus(texts)
    tok = tk.Tokenizer(backend="rjieba")
    expected = tk.find_slogans(corpus, tokenizer=tok)
    assert {"健康中国", "工匠精神"} <= set(expected["slogan"])
    for n_jobs in (1, 2):
        tables = analyze(corpus, tokenizer=tok, cache=False, n_jobs=n_jobs)
        pd.testing.assert_frame_equal(tables["slogans"], expected)


def test_slogans_agree_with_find_slogans_when_a_national_project_decides(tmp_path):
    # 平安中国 is built in one document only (建设平安中国): it is a watchword because three
    # documents use it, which the statistical signal sees only with the workers' framed phrases
    texts = {"a": "加快建设平安中国。经济发展良好。", "b": "平安中国成效明显，促进经济发展。",
             "c": "推进平安中国，经济发展加快。", "d": "各地平安中国取得进展。"}
    corpus = tk.as_corpus(texts)
    tok = tk.Tokenizer(backend="rjieba")
    expected = tk.find_slogans(corpus, tokenizer=tok)
    assert "平安中国" in set(expected["slogan"])
    for n_jobs in (1, 2):
        tables = analyze(corpus, tokenizer=tok, cache=False, n_jobs=n_jobs)
        pd.testing.assert_frame_equal(tables["slogans"], expected)


def test_candidates_cross_to_workers_as_plain_tuples_and_come_back_equal():
    # workers send each document's candidates as plain tuples (pickled in C, several times faster
    # than objects); the calling process gets the same candidates back
    from textkit.slogans import _accept, _as_tuples, _chunk_candidates, _doc_candidates, _general_vocabulary, _make_doc

    tok = tk.Tokenizer(backend="rjieba")
    ids, texts = list(TEXTS), list(TEXTS.values())
    lengths = [np.fromiter(map(len, tok.cut(t)), dtype="<u4") for t in texts]
    signals = ("quoted", "enumeration", "numbered", "pattern", "framed")
    expected = _doc_candidates([_make_doc(d, t, n) for d, t, n in zip(ids, texts, lengths)], signals)
    assert sum(map(len, expected)) > 5
    sent = _chunk_candidates(ids, texts, lengths, signals)
    assert all(type(c) is tuple for cands in sent for c in cands)
    back = pickle.loads(pickle.dumps(sent))
    assert back == expected == _as_tuples(expected)
    # the calling process judges them as they came (read by position), as it judges candidates
    vocab = _general_vocabulary()
    assert _accept([c for cands in back for c in cands], vocab) == _accept([c for cands in expected for c in cands], vocab)
    assert len(_accept([c for cands in back for c in cands], vocab)) > 0


def test_objects_are_frozen_for_the_workers_and_given_back(monkeypatch):
    # the workers are forked while the calling process's objects are frozen (their collections
    # skip them); afterwards nothing stays frozen, and objects frozen by the caller stay frozen
    import gc

    analyze_module = sys.modules["textkit.analyze"]  # (textkit.analyze is also the function)
    runner = analyze_module._Runner
    seen = []

    def spy(*args, **kwargs):
        seen.append(gc.get_freeze_count())
        return runner(*args, **kwargs)

    monkeypatch.setattr(analyze_module, "_Runner", spy)
    analyze(TEXTS, n_jobs=2, cache=False)
    assert seen[0] > 0 and gc.get_freeze_count() == 0
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        analyze(TEXTS, n_jobs=2, cache=False)
        assert 0 < gc.get_freeze_count() <= before  # (frozen objects freed since leave the count)
    finally:
        gc.unfreeze()


def test_the_general_dictionary_is_frozen_as_soon_as_it_is_parsed(monkeypatch):
    # parsed while the collector is paused, its entries are frozen before it runs again: the first
    # collection after the parse walked every one of them (0.07 s at 20 MB), the next ones again
    import gc

    from textkit.slogans import _dictionary_entries, _general_vocabulary, _pieces

    analyze_module = sys.modules["textkit.analyze"]  # (textkit.analyze is also the function)
    runner = analyze_module._Runner
    counts = []

    class Spy(runner):
        def __init__(self, *args, **kwargs):
            counts.append(gc.get_freeze_count())
            super().__init__(*args, **kwargs)

        def map(self, *args, **kwargs):  # (after the dictionary is parsed)
            counts.append(gc.get_freeze_count())
            return super().map(*args, **kwargs)

    _general_vocabulary.cache_clear()
    _dictionary_entries.cache_clear()
    # and the phrases split against the old vocabulary: a lookup of a phrase cached with it compared
    # the two sets of 349k words (made the next tests of this file 30 s slower)
    _pieces.cache_clear()
    monkeypatch.setattr(analyze_module, "_Runner", Spy)
    analyze(TEXTS, n_jobs=2, cache=False)
    assert counts[1] - counts[0] >= len(_dictionary_entries()) > 300_000
    assert gc.get_freeze_count() == 0


def test_lent_arguments_reach_the_forked_workers_as_their_inherited_copies():
    # a lent object (or a slice of it) travels as its key; a worker forked after it was lent
    # unpickles the copy it inherited. Not forking, the runner lends the object itself
    import copy
    from contextlib import ExitStack

    from textkit.analyze import _LENT, _Lent, _rows, _Runner

    frame = pd.DataFrame({"doc_id": list("abcd"), "text": ["甲", "乙乙", "丙", "丁"]}, index=[5, 6, 7, 8])
    texts = frame["text"].tolist()
    with ExitStack() as stack:
        runner = _Runner("processes", 2, None, stack)
        if not runner.forks:
            pytest.skip("workers are not forked on this platform")
        lent_frame, lent_texts = runner.lend(frame), runner.lend(texts)
        assert isinstance(lent_texts, _Lent) and len(pickle.dumps(_rows(lent_texts, range(1, 3)))) < 100
        runner.fork_again()
        assert runner.submit(list, _rows(lent_texts, range(1, 3))).result() == ["乙乙", "丙"]
        assert runner.submit(copy.copy, lent_texts).result() == texts
        assert runner.submit(copy.copy, _rows(lent_frame, range(1, 3))).result().equals(frame.iloc[1:3])
    assert not _LENT  # given back when the runner's block ends
    with ExitStack() as stack:
        runner = _Runner("serial", 1, None, stack)
        assert runner.lend(texts) is texts and _rows(frame, range(1, 3)).equals(frame.iloc[1:3])


def _niceness() -> int:
    return os.nice(0)


def test_the_workers_forked_again_run_at_a_lower_priority_than_the_caller():
    # the workers that read share the machine equally with the calling process; the ones forked
    # after tokenising, while the calling process discovers the slogans, yield to it
    from contextlib import ExitStack

    from textkit.analyze import _WORKER_NICENESS, _Runner

    assert _WORKER_NICENESS > 0
    with ExitStack() as stack:
        runner = _Runner("processes", 2, None, stack)
        if not runner.forks:
            pytest.skip("workers are not forked on this platform")
        mine = os.nice(0)
        assert runner.submit(_niceness).result() == mine
        runner.fork_again()
        assert {runner.submit(_niceness).result() for _ in range(4)} == {min(mine + _WORKER_NICENESS, 19)}
        assert os.nice(0) == mine


def test_a_worker_whose_priority_cannot_be_lowered_still_works(monkeypatch):
    # the pool's initializer must not fail: a failing one breaks the whole pool
    from textkit.analyze import _lower_priority

    def refused(increment: int) -> int:
        raise PermissionError("not permitted")

    monkeypatch.setattr(os, "nice", refused)
    assert _lower_priority(5) is None


class _CountsItsPickling:
    pickled = 0

    def __reduce__(self):
        type(self).pickled += 1
        return _CountsItsPickling, ()


def test_an_argument_of_several_tasks_is_pickled_once():
    # the surfaces and their index go to every chunk a worker locates: pickled once, sent as bytes
    from textkit.analyze import _PickledOnce

    value = ({"两个确立": "k"}, [_CountsItsPickling()])
    once = _PickledOnce(value)
    back = [pickle.loads(pickle.dumps(once)) for _ in range(3)]
    assert _CountsItsPickling.pickled == 1
    assert all(b[0] == value[0] and isinstance(b[1][0], _CountsItsPickling) for b in back)


def test_candidates_marshalled_by_a_local_worker_come_back_equal():
    # a process pool's workers send each chunk's candidates as marshal bytes: unpacked, the same
    # lists of the same plain tuples (bools stay bools, lone surrogates stay), and the same tables
    from textkit.analyze import _document_chunk, _unpacked

    tok = tk.Tokenizer(backend="rjieba")
    texts = {**TEXTS, "s": "坚持“两个确立”、“两个维护”\ud800，做到学思想、强党性、重实践、建新功。"}
    chunk = tk.as_corpus(texts)[["doc_id", "text"]]
    lengths = [np.fromiter(map(len, tok.cut(t)), dtype="<u4") for t in chunk["text"]]
    plain = _document_chunk(chunk, lengths)
    packed = _document_chunk(chunk, lengths, packed=True)
    assert isinstance(packed[0], bytes) and _unpacked(plain)[0] is plain[0]
    back = _unpacked(pickle.loads(pickle.dumps(packed)))
    assert back[0] == plain[0] and sum(map(len, back[0])) > 5
    assert [type(v) for cands in back[0] for c in cands for v in c] == [type(v) for cands in plain[0] for c in cands for v in c]
    pd.testing.assert_frame_equal(back[1], plain[1])


def test_documents_read_and_tokenised_together_keep_their_tokens_when_some_are_skipped(folder, tmp_path):
    # each worker tokenises the documents it read: the token counts stay with their documents when
    # a file in between cannot be read (skipped), serially and on processes
    texts = dict(zip(*tk.read_corpus(folder)[["doc_id", "text"]].to_dict("list").values()))
    (folder / "b0.txt").write_text("  \n", encoding="utf-8")  # empty: skipped
    with pytest.warns(tk.CorpusWarning, match="empty file"):
        serial = analyze(folder, cache=False, on_error="skip")
    with pytest.warns(tk.CorpusWarning, match="empty file"):
        procs = analyze(folder, cache=False, on_error="skip", n_jobs=2)
    tok = tk.Tokenizer(backend="rjieba")
    assert "b0" not in texts and len(texts) == len(TEXTS)
    expected = [len(tok.cut(texts[d])) for d in serial["documents"]["doc_id"]]
    for tables in (serial, procs):
        assert tables["documents"]["n_tokens"].tolist() == expected
    pd.testing.assert_frame_equal(serial["documents"], procs["documents"])
