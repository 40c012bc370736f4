"""The catalogue of bad input (README, "Bad input"): each row is a case here, for the library and the CLI.

Every case builds a small corpus folder, then checks what ``read_corpus`` does with
it and what ``textkit corpus`` does with it: a correct result, or a clear message
naming the file and the problem; in the CLI never a traceback, exit code 2 when
nothing can be analysed, and a count of the documents analysed.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from textkit import CorpusError, CorpusWarning, Tokenizer, clean_report, paths, read_corpus, sentences
from textkit.cli import main

GOOD = "学思想、强党性、重实践、建新功。推动主题教育走深走实，见行见效。\n"
TRADITIONAL = "學思想、強黨性、重實踐、建新功。推動主題教育走深走實，見行見效。各級黨組織要堅決貫徹落實黨中央的工作部署。\n"


@dataclass
class Case:
    """One row of the catalogue."""

    files: dict[str, bytes | str]
    library: Callable[[Path], None]
    cli_exit: int
    cli_message: str = ""


def _reads_as(expected: str, encoding: str) -> Callable[[Path], None]:
    def check(folder: Path) -> None:
        corpus = read_corpus(folder)
        assert corpus["text"].tolist() == [expected]
        assert corpus["encoding"].tolist() == [encoding]

    return check


def _refused(message: str) -> Callable[[Path], None]:
    def check(folder: Path) -> None:
        with pytest.raises(CorpusError, match=message) as err:
            read_corpus(folder)
        assert "bad.txt" in str(err.value) or "metadata.csv" in str(err.value)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            corpus = read_corpus(folder, on_error="skip")
        assert corpus["doc_id"].tolist() == ["good"]
        assert any("bad.txt" in str(w.message) and "skipped" in str(w.message) for w in caught)

    return check


def _mixed_encodings(folder: Path) -> None:
    corpus = read_corpus(folder)
    assert set(corpus["text"]) == {GOOD.strip()}
    assert dict(zip(corpus["doc_id"], corpus["encoding"])) == {
        "a_utf8": "utf-8",
        "b_bom": "utf-8-sig",
        "c_utf16": "utf-16",
        "d_gbk": "gb18030",
    }


def _traditional(folder: Path) -> None:
    with pytest.warns(CorpusWarning, match=r"bad\.txt: looks like traditional Chinese.*to_simplified=True"):
        kept = read_corpus(folder)
    assert kept.set_index("doc_id").loc["bad", "script"] == "traditional"
    assert kept.set_index("doc_id").loc["bad", "text"] == TRADITIONAL.strip(), "never converted silently"
    converted = read_corpus(folder, to_simplified=True).set_index("doc_id")
    assert converted.loc["bad", "text"].startswith("学思想、强党性、重实践、建新功。推动主题教育走深走实")
    assert bool(converted.loc["bad", "converted"]) and not bool(converted.loc["good", "converted"])
    assert converted.loc["good", "script"] == "simplified"


def _mixed_languages(folder: Path) -> None:
    text = read_corpus(folder).loc[0, "text"]
    assert text == "COVID-19疫情期间，U.S. delegates said \"don't worry\" today。学思想（study），“走深走实”"
    tokens = Tokenizer().cut(text)
    assert "".join(tokens) == text and "COVID" in tokens and "学思想" in tokens


def _html(folder: Path) -> None:
    corpus = read_corpus(folder)
    assert corpus.loc[0, "text"] == "主题教育 & 调查研究\n走深走实，见行见效"
    audit = clean_report(folder)
    assert "html_tag" in set(audit["rule"])


def _long_line(folder: Path) -> None:
    corpus = read_corpus(folder)
    text = corpus.loc[0, "text"]
    assert len(text) == 1_000_000 and "\n" not in text
    sents = sentences(corpus)
    assert len(sents) == 1 and sents.loc[0, "end"] == 1_000_000
    assert "".join(Tokenizer().cut(text[:200_000])) == text[:200_000]


def _metadata_error(message: str) -> Callable[[Path], None]:
    def check(folder: Path) -> None:
        with pytest.raises(CorpusError, match=message) as err:
            read_corpus(folder)
        assert "metadata.csv" in str(err.value)

    return check


def _metadata_warning(message: str, doc_ids: list[str]) -> Callable[[Path], None]:
    def check(folder: Path) -> None:
        with pytest.warns(CorpusWarning, match=message):
            corpus = read_corpus(folder)
        assert corpus["doc_id"].tolist() == doc_ids

    return check


CHROME = "人民网>>四川频道\n小字号\n分享让更多人看到\n返回顶部\n"

CATALOGUE: dict[str, Case] = {
    "utf8_bom": Case({"good.txt": b"\xef\xbb\xbf" + GOOD.encode()}, _reads_as(GOOD.strip(), "utf-8-sig"), 0),
    "utf16": Case({"good.txt": GOOD.encode("utf-16")}, _reads_as(GOOD.strip(), "utf-16"), 0),
    "gbk": Case({"good.txt": GOOD.encode("gbk")}, _reads_as(GOOD.strip(), "gb18030"), 0),
    "gb18030": Case({"good.txt": (GOOD + "𠀀").encode("gb18030")}, _reads_as(GOOD + "𠀀", "gb18030"), 0),
    "mixed_encodings": Case(
        {
            "a_utf8.txt": GOOD.encode(),
            "b_bom.txt": b"\xef\xbb\xbf" + GOOD.encode(),
            "c_utf16.txt": GOOD.encode("utf-16"),
            "d_gbk.txt": GOOD.encode("gbk"),
        },
        _mixed_encodings,
        0,
    ),
    "broken_utf8": Case(
        {"good.txt": GOOD, "bad.txt": GOOD.encode() * 5 + b"\xff\xfe" + GOOD.encode() * 5},
        _refused(rf"bad\.txt: broken UTF-8: .* the first at byte {len(GOOD.encode()) * 5} \(line 6\)"),
        0,
        "bad.txt: broken UTF-8",
    ),
    "binary_txt": Case(
        {"good.txt": GOOD, "bad.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))},
        _refused(r"bad\.txt: contains NUL bytes"),
        0,
        "bad.txt: contains NUL bytes",
    ),
    "pdf_renamed": Case(
        {"good.txt": GOOD, "bad.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(128, 256)) * 20},
        _refused(r"bad\.txt: not text in UTF-8"),
        0,
        "bad.txt: not text",
    ),
    "empty": Case({"good.txt": GOOD, "bad.txt": b""}, _refused(r"bad\.txt: empty file"), 0, "bad.txt: empty file"),
    "whitespace_only": Case(
        {"good.txt": GOOD, "bad.txt": " \n\t\u3000\n\u200b\n"}, _refused(r"bad\.txt: empty file"), 0, "bad.txt: empty file"
    ),
    "chrome_only": Case(
        {"good.txt": GOOD, "bad.txt": CHROME}, _refused(r"bad\.txt: no text left after cleaning"), 0, "no text left"
    ),
    "only_bad_files": Case({"bad.txt": b""}, lambda f: _refused_alone(f), 2, "no document could be read"),
    "traditional": Case({"good.txt": GOOD, "bad.txt": TRADITIONAL}, _traditional, 0, "looks like traditional Chinese"),
    "mixed_chinese_english": Case(
        {"good.txt": "COVID-19疫情期间,U.S. delegates said \"don't worry\" today。学思想(study),\"走深走实\"\n"},
        _mixed_languages,
        0,
    ),
    "html_remnants": Case(
        {"good.txt": "<div class=\"c\">主题教育&nbsp;&amp; 调查研究<br/>走深走实,<b>见行见效</b></div>\n"}, _html, 0
    ),
    "long_line": Case({"good.txt": "学思想强党性重实践建新功走深走实" * 62_500}, _long_line, 0),
    "metadata_missing_file": Case(
        {"good.txt": GOOD, "metadata.csv": "doc_id,file\ngood,good.txt\ngone,gone.txt\n"},
        _metadata_warning(r"'gone.txt', which does not exist; skipped", ["good"]),
        0,
        "gone.txt",
    ),
    "metadata_file_without_row": Case(
        {"good.txt": GOOD, "extra.txt": GOOD, "metadata.csv": "doc_id,file\ngood,good.txt\n"},
        _metadata_warning(r"extra\.txt: not listed in metadata\.csv", ["good", "extra"]),
        0,
        "extra.txt: not listed",
    ),
    "metadata_duplicate_doc_id": Case(
        {"good.txt": GOOD, "b.txt": GOOD, "metadata.csv": "doc_id,file\nx,good.txt\nx,b.txt\n"},
        _metadata_error(r"duplicate doc_id \['x'\]"),
        2,
        "duplicate doc_id",
    ),
    "metadata_missing_column": Case(
        {"good.txt": GOOD, "metadata.csv": "doc_id,path\ngood,good.txt\n"},
        _metadata_error(r"missing required column\(s\) \['file'\]"),
        2,
        "missing required column",
    ),
    "metadata_wrong_sha256": Case(
        {"good.txt": GOOD, "metadata.csv": "doc_id,file,sha256\ngood,good.txt," + "ab" * 32 + "\n"},
        _metadata_warning(r"good\.txt: sha256 .* differs from metadata\.csv", ["good"]),
        0,
        "differs from metadata.csv",
    ),
}


def _refused_alone(folder: Path) -> None:
    with pytest.raises(CorpusError, match=r"bad\.txt: empty file"):
        read_corpus(folder)
    with pytest.warns(CorpusWarning, match="skipped"), pytest.raises(CorpusError, match="no document could be read"):
        read_corpus(folder, on_error="skip")


def _make(folder: Path, files: dict[str, bytes | str]) -> Path:
    folder.mkdir()
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_library(tmp_path, name):
    case = CATALOGUE[name]
    case.library(_make(tmp_path / "corpus", case.files))


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_cli(tmp_path, name, capsys):
    case = CATALOGUE[name]
    folder = _make(tmp_path / "corpus", case.files)
    code = main(["corpus", str(folder), "--out", str(tmp_path / "out.csv")])
    captured = capsys.readouterr()
    assert code == case.cli_exit, captured.err
    assert "Traceback" not in captured.err
    assert case.cli_message in captured.err
    if code == 0:
        assert re.search(r"^\d+ documents, \d+ characters", captured.out, re.M)
    else:
        assert captured.err.strip().splitlines()[-1].startswith("textkit: error:")
        assert not (tmp_path / "out.csv").exists()


def test_readme_catalogue_lists_every_case():
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Bad input", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `([a-z0-9_]+)` \|", section, re.M)
    assert sorted(listed) == sorted(CATALOGUE)


def test_large_file_is_read_in_chunks(tmp_path):
    """A 100 MB file is read with peak memory below twice its size (measured in a fresh process)."""
    folder = tmp_path / "big"
    folder.mkdir()
    block = "\n".join((paths.CORPUS / f"{d}.txt").read_text(encoding="utf-8") for d in ("chengdu", "jiangjin"))
    size = 0
    with open(folder / "big.txt", "w", encoding="utf-8") as fh:
        i = 0
        while size < 100 * 2**20:
            part = f"第{i}部分\n{block}\n"
            fh.write(part)
            size += len(part.encode("utf-8"))
            i += 1
    script = textwrap.dedent(
        f"""
        import resource, sys
        import textkit
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        corpus = textkit.read_corpus({str(folder)!r})
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(len(corpus.loc[0, "text"]), (peak - base) * 1024)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    n_chars, extra_bytes = map(int, result.stdout.split())
    assert n_chars > 30_000_000
    assert extra_bytes < 2 * size, f"peak memory grew by {extra_bytes / 2**20:.0f} MiB for a {size / 2**20:.0f} MiB file"


def test_chunked_reading_equals_whole_file_reading(tmp_path):
    from textkit.corpus import _Document, _load, clean_text, default_rules, decode

    text = "\r\n".join(
        (paths.CORPUS / f"{d}.txt").read_text(encoding="utf-8") for d in ("chengdu", "city_speech", "jiangjin") * 10
    )
    assert len(text.encode("utf-16")) > 2**17, "longer than what is read to detect the encoding"
    for encoding in ("utf-8", "utf-16", "gb18030"):
        path = tmp_path / f"x_{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        whole = clean_text(decode(path.read_bytes())[0])
        for chunk in (1, 7, 70_001):
            doc = _Document("x", path, {})
            _load(doc, default_rules(), chunk_bytes=chunk)
            assert (doc.text, doc.removed) == whole, (encoding, chunk)


def test_broken_bytes_late_in_a_large_file_name_the_offset(tmp_path):
    from textkit.corpus import _Document, _load, default_rules

    data = GOOD.encode() * 1000
    path = tmp_path / "late.txt"
    path.write_bytes(data + b"\xff" + data)
    with pytest.raises(CorpusError, match=rf"late\.txt: invalid utf-8 bytes at byte {len(data)}"):
        _load(_Document("late", path, {}), default_rules(), chunk_bytes=4096)
