"""The textkit command line: tables out, one-line errors, exit code 2."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from textkit import paths
from textkit.cli import main


def test_corpus_writes_the_document_table(tmp_path, capsys):
    out = tmp_path / "corpus.csv"
    assert main(["corpus", str(paths.CORPUS), "--out", str(out)]) == 0
    table = pd.read_csv(out, dtype={"batch": str})
    assert table["doc_id"].tolist() == ["chengdu", "inner_mongolia", "city_speech", "qingshanhu", "jiangjin"]
    for column in ["doc_id", "text", "place", "level", "date", "genre", "batch", "n_chars", "n_sentences", "n_paragraphs"]:
        assert column in table.columns
    assert (table["n_chars"] > 1500).all()
    printed = capsys.readouterr().out
    assert "5 documents" in printed and "jiangjin" in printed
    assert not list(tmp_path.glob(".*.tmp")), "temporary file left behind"


def test_corpus_skips_unreadable_files_with_a_warning(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("推动主题教育走深走实。", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")
    assert main(["corpus", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "textkit: warning:" in captured.err and "b.txt" in captured.err and "skipped" in captured.err
    assert "1 documents" in captured.out


@pytest.mark.parametrize(
    "args, message",
    [
        (["corpus", "no/such/folder"], "no such folder"),
        (["corpus", str(paths.CORPUS / "chengdu.txt")], "not a folder"),
    ],
)
def test_user_errors_exit_2_with_one_line(args, message, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("textkit: error:") and message in err


def test_out_never_overwrites_an_input(tmp_path, capsys):
    folder = tmp_path / "c"
    shutil.copytree(paths.CORPUS, folder)
    before = (folder / "chengdu.txt").read_bytes()
    assert main(["corpus", str(folder), "--out", str(folder / "chengdu.txt")]) == 2
    assert "is one of the input files" in capsys.readouterr().err
    assert (folder / "chengdu.txt").read_bytes() == before


def test_build_writes_tables(tmp_path):
    assert main(["build", "--out", str(tmp_path), "--no-figures"]) == 0
    expected = {
        "corpus.csv", "cleaning_audit.csv", "slogans.csv", "slogan_occurrences.csv", "ngrams.csv",
        "similarity.csv", "similarity_chars.csv", "passages.csv", "reuse.csv", "keyness.csv",
        "keyness_pairwise.csv", "keyness_slogans.csv", "emphasis.csv", "theme_profile.csv", "claims.csv", "stats.csv",
    }
    assert {p.name for p in tmp_path.iterdir()} == expected
    audit = pd.read_csv(tmp_path / "cleaning_audit.csv")
    assert {"doc_id", "rule", "removed"} <= set(audit.columns)
    stats = pd.read_csv(tmp_path / "stats.csv")
    assert stats["slogans_per_1k_chars"].notna().all() and (stats["slogans_per_1k_chars"] > 0).all()
    similarity = pd.read_csv(tmp_path / "similarity.csv")
    assert len(similarity) == 25 and list(similarity.columns) == ["doc_id_a", "doc_id_b", "similarity"]


def test_console_script_reports_errors_without_traceback(tmp_path):
    exe = Path(sys.executable).parent / "textkit"
    if not exe.exists():
        pytest.skip("textkit console script not installed in this environment")
    result = subprocess.run([str(exe), "corpus", str(tmp_path / "missing")], capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("textkit: error:")


def test_an_interrupted_write_leaves_no_file(tmp_path, monkeypatch):
    from textkit.cli import write_csv

    table = pd.DataFrame({"doc_id": ["a", "b"], "text": ["学思想", "强党性"]})

    def fail_halfway(self, fh, **kwargs):
        fh.write("doc_id,te")
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_csv", fail_halfway)
    with pytest.raises(KeyboardInterrupt):
        write_csv(table, tmp_path / "out.csv")
    assert list(tmp_path.iterdir()) == []


def test_an_existing_output_survives_an_interrupted_rewrite(tmp_path, monkeypatch):
    from textkit.cli import write_csv

    out = write_csv(pd.DataFrame({"a": [1]}), tmp_path / "out.csv")
    before = out.read_bytes()

    def fail(self, fh, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", fail)
    with pytest.raises(OSError):
        write_csv(pd.DataFrame({"a": [2]}), out)
    assert out.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_run_exits_with_the_code_of_main_and_freezes_only_then(monkeypatch):
    # the command's entry point (console script and python -m textkit.cli) freezes the objects for
    # the garbage collector once main has returned, as the process ends; main freezes nothing
    import gc

    import textkit.cli as cli

    seen = []
    monkeypatch.setattr(cli, "main", lambda: seen.append(gc.get_freeze_count()) or 2)
    frozen = gc.get_freeze_count()
    try:
        with pytest.raises(SystemExit) as exited:
            cli.run()
        assert exited.value.code == 2 and seen == [frozen]
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()
    result = subprocess.run([sys.executable, "-m", "textkit.cli", "corpus", "/nonexistent/textkit"], capture_output=True, text=True)
    assert result.returncode == 2 and result.stderr.startswith("textkit: error:")
