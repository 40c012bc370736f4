"""A bounded fuzzing run (about a minute): random bytes as files, random folders for the CLI.

Whatever the bytes, reading either succeeds with text that normalises to itself,
or fails with a CorpusError naming the file; the command line exits 0 or 2 and
never prints a traceback.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textkit import CorpusError, CorpusWarning, normalize, read_corpus
from textkit.cli import main
from textkit.corpus import decode

SAMPLES = [
    "学思想、强党性。".encode("utf-8"),
    "学思想、强党性。".encode("gb18030"),
    "学思想、强党性。".encode("utf-16"),
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x00",
    b"\r\n",
    "返回顶部\n".encode(),
    b"<br>&amp;",
]
BYTES = st.lists(st.one_of(st.binary(max_size=40), st.sampled_from(SAMPLES)), max_size=12).map(b"".join)
FUZZ = settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(BYTES)
def test_decode_either_reads_or_names_the_problem(data):
    try:
        text, encoding = decode(data, name="fuzz.txt")
    except CorpusError as exc:
        assert str(exc).startswith("fuzz.txt: ")
    else:
        assert isinstance(text, str) and encoding
        assert normalize(normalize(text)) == normalize(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(BYTES, min_size=1, max_size=4))
def test_read_corpus_and_cli_on_random_folders(files):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i, data in enumerate(files):
            (folder / f"f{i}.txt").write_bytes(data)
        try:
            with warnings.catch_warnings():
                # random bytes may legitimately read as traditional Chinese: a warning, not a failure
                warnings.simplefilter("ignore", CorpusWarning)
                corpus = read_corpus(folder)
        except CorpusError as exc:
            assert str(folder) in str(exc)
        else:
            assert len(corpus) == len(files)
            assert all(normalize(t) == t for t in corpus["text"])
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["corpus", str(folder), "--out", str(folder / "out.csv")])
        assert code in (0, 2)
        assert "Traceback" not in err.getvalue()
        if code == 2:
            assert err.getvalue().strip().splitlines()[-1].startswith("textkit: error:")
