"""Tokenisation that keeps the vocabulary of official Chinese whole.

:class:`Tokenizer` wraps a segmenter that it alone owns: a private
``jieba.Tokenizer`` (the reference) or an ``rjieba.Jieba`` (about 20 times faster,
same tokens with ``hmm=False``). It loads the domain dictionary shipped in
``textkit/data/domain_dict.txt`` plus any user dictionaries, marks stopwords, and
keeps *protected* phrases (which may contain punctuation, such as
学思想、强党性、重实践、建新功) as single tokens.

What is deliberately avoided, because jieba makes it easy to get wrong:

* jieba's module-level functions (``jieba.lcut``, ``jieba.load_userdict`` …) and
  ``jieba.analyse`` share one hidden tokenizer; textkit never calls them.
* A zero frequency in a user dictionary (and ``del_word``) adds the word to a
  force-split set that every jieba tokenizer in the process shares; textkit
  rejects such entries.
* jieba caches its dictionary, loaded with ``marshal``, in the shared temporary
  directory; textkit keeps the cache in a private folder (mode 0700), and also
  caches the dictionary with textkit's entries added, keyed by a hash of those
  entries, so a changed dictionary never meets a stale cache.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from os import PathLike
from pathlib import Path
from typing import Iterator, Literal

import pandas as pd

from textkit._io import atomic_write
from textkit._progress import progress
from textkit.corpus import as_corpus, normalize, sentences
from textkit.paths import DATA

__all__ = ["DictEntry", "Tokenizer", "load_stopwords", "load_userdict", "DOMAIN_DICT", "STOPWORDS"]

Backend = Literal["jieba", "rjieba"]
_BACKENDS = ("jieba", "rjieba")
DOMAIN_DICT = DATA / "domain_dict.txt"
STOPWORDS = DATA / "stopwords.txt"
# jieba only matches dictionary words made of these characters (its re_han_default).
_JIEBA_WORD = re.compile(r"^[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+$")
_SPACE = re.compile(r"^\s+$")
_ASCII_SYMBOL_RUN = re.compile(r"^(?=.*[+#&._%\-])[A-Za-z0-9+#&._%\-]+$")
_ASCII_SYMBOL = re.compile(r"[+#&._%\-]")
_SURROGATE = re.compile(r"([\ud800-\udfff]+)")
_FINALSEG_PIECE = re.compile(r"[a-zA-Z0-9]+(?:\.\d+)?%?|[^a-zA-Z0-9]+")


@dataclass(frozen=True)
class DictEntry:
    """One dictionary entry: a word, its frequency (None: computed) and a POS tag."""

    word: str
    freq: int | None = None
    tag: str | None = None


def load_userdict(path: str | PathLike[str]) -> list[DictEntry]:
    """Read a user dictionary in jieba's format, with ``#`` comments allowed.

    Each line is ``word [freq] [tag]``. Frequencies must be positive integers:
    jieba treats a zero frequency as "always split this word" and applies it to
    every tokenizer in the process, so textkit refuses it. Words must consist of
    Chinese characters, ASCII letters, digits or ``+#&._%-``; jieba can never match
    anything else (use ``Tokenizer(protect=...)`` for phrases with punctuation).

    Parameters
    ----------
    path : path-like
        The dictionary file (UTF-8).

    Returns
    -------
    list of DictEntry

    Raises
    ------
    ValueError
        For a malformed line; the message names the file, the line and the problem.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "mine.txt"
    >>> _ = p.write_text("# my words\\n江理论津 10 nz\\n帅乡党旗红\\n", encoding="utf-8")
    >>> load_userdict(p)
    [DictEntry(word='江理论津', freq=10, tag='nz'), DictEntry(word='帅乡党旗红', freq=None, tag=None)]
    """
    path = Path(path)
    entries = []
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read user dictionary: {exc}") from None
    for lineno, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        word, rest = parts[0], parts[1:]
        where = f"{path}, line {lineno} ({line!r})"
        if len(rest) > 2:
            raise ValueError(f"{where}: expected 'word [freq] [tag]'; a word cannot contain spaces (use protect=)")
        if not _JIEBA_WORD.match(word):
            raise ValueError(
                f"{where}: {word!r} contains punctuation or other characters jieba never matches "
                "in a dictionary word; pass such phrases as Tokenizer(protect=[...])"
            )
        freq: int | None = None
        tag: str | None = None
        if rest and rest[0].lstrip("-").isdigit():
            freq = int(rest.pop(0))
            if freq <= 0:
                raise ValueError(
                    f"{where}: frequency {freq} is not positive; jieba turns a zero frequency into a "
                    "process-wide 'always split' rule, so textkit does not accept it"
                )
        if rest:
            tag = rest.pop(0)
        if rest:
            raise ValueError(f"{where}: expected 'word [freq] [tag]'")
        entries.append(DictEntry(word, freq, tag))
    return entries


def load_stopwords(path: str | PathLike[str]) -> frozenset[str]:
    """Read a stopword list: one entry per line, ``#`` comments allowed.

    Parameters
    ----------
    path : path-like
        The list (UTF-8).

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> "的" in load_stopwords(STOPWORDS)
    True
    """
    lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    return frozenset(s.strip() for s in lines if s.strip() and not s.lstrip().startswith("#"))


def protect_pattern(protect: Iterable[str]) -> re.Pattern[str] | None:
    """A regex matching any of the phrases (normalised like the corpus), longest first.

    Parameters
    ----------
    protect : iterable of str
        Phrases; a bare string is refused.

    Returns
    -------
    re.Pattern or None
        None when there are no phrases.

    Examples
    --------
    >>> protect_pattern(["学思想", "学思想、强党性"]).pattern
    '学思想、强党性|学思想'
    """
    ordered = _ordered_phrases(protect)
    return re.compile("|".join(map(re.escape, ordered))) if ordered else None


def _ordered_phrases(protect: Iterable[str]) -> tuple[str, ...]:
    if isinstance(protect, str):
        raise TypeError("protect must be an iterable of phrases, not a single string")
    phrases = {normalize(p) for p in protect} - {""}
    if any("\n" in p for p in phrases):
        raise ValueError("protected phrases cannot span lines")
    return tuple(sorted(phrases, key=lambda p: (-len(p), p)))


def split_protected(text: str, pattern: re.Pattern[str] | None, segment: Callable[[str], list[str]]) -> list[str]:
    """Segment ``text`` with ``segment``, keeping every match of ``pattern`` as one token.

    Examples
    --------
    >>> split_protected("甲乙丙", protect_pattern(["乙"]), list)
    ['甲', '乙', '丙']
    """
    if pattern is None:
        return segment(text) if text else []
    out: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        if m.start() > pos:
            out += segment(text[pos : m.start()])
        out.append(m.group(0))
        pos = m.end()
    if pos < len(text):
        out += segment(text[pos:])
    return out


def _around_surrogates(segment: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    """Rust segmenters cannot take lone surrogates; give each one its own token, as jieba does."""

    def cut(text: str) -> list[str]:
        # The segmenter refuses a text holding one (UnicodeEncodeError, before it cuts anything):
        # asking it first costs nothing, where searching every text for surrogates cost 0.07 s
        # a 20 MB corpus.
        try:
            return segment(text)
        except UnicodeEncodeError:
            if not _SURROGATE.search(text):
                raise
        out: list[str] = []
        for piece in _SURROGATE.split(text):
            if piece and _SURROGATE.match(piece):
                out += list(piece)
            elif piece:
                out += segment(piece)
        return out

    return cut


def _private_dir(path: Path) -> Path:
    """Create (or check) a cache folder only the current user can read and write."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = path.stat()
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise PermissionError(f"{path}: cache folder belongs to another user; pass Tokenizer(cache_dir=...)")
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(path, 0o700)
    return path


def default_cache_dir() -> Path:
    """textkit's private cache folder, ``~/.cache/textkit`` (created with mode 0700)."""
    return Path.home() / ".cache" / "textkit"


@contextmanager
def _quiet_jieba() -> Iterator[None]:
    """jieba logs its dictionary loading to stderr at DEBUG level; hush it while loading."""
    logger = logging.getLogger("jieba")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


class Tokenizer:
    """A Chinese word segmenter with its own dictionary, stopwords and protected phrases.

    Parameters
    ----------
    userdict : path-like or sequence of path-like, optional
        User dictionaries in jieba's format (see :func:`load_userdict`), loaded after
        the domain dictionary, so their entries win.
    domain_dict : bool
        Load textkit's domain dictionary of party-building and governance vocabulary
        (``textkit/data/domain_dict.txt``, documented in ``textkit/data/README.md``).
    stopwords : path-like, iterable of str, or None
        ``"default"`` for ``textkit/data/stopwords.txt``, a path to another list, an
        iterable of words, or None for no stopwords.
    hmm : bool
        Let the segmenter guess unknown words with its hidden Markov model.
    protect : iterable of str
        Phrases kept as single tokens wherever they occur, even when they contain
        punctuation or spaces (normalised like the corpus text). Longest first.
    backend : {"jieba", "rjieba"}
        ``"jieba"`` is the reference. ``"rjieba"`` (Rust) starts about 8 times and cuts
        about 12 times faster. Its tokens equal jieba's (tested on the five reports
        and the reference corpus): with ``hmm=True`` textkit re-splits unknown ASCII
        runs such as ``UTF-8`` at their symbols, as jieba's HMM step does.
    cache_dir : path-like, optional
        Where jieba caches its prefix dictionary; default :func:`default_cache_dir`.
        Created with mode 0700.

    Attributes
    ----------
    entries_ : tuple of DictEntry
        Every dictionary entry loaded, domain dictionary first.
    stopwords_ : frozenset of str
    protect_ : tuple of str
        Normalised protected phrases, longest first.

    Examples
    --------
    >>> tok = Tokenizer(protect=["学思想、强党性、重实践、建新功"])
    >>> tok.cut("围绕“学思想、强党性、重实践、建新功”推动主题教育走深走实")
    ['围绕', '“', '学思想、强党性、重实践、建新功', '”', '推动', '主题教育', '走深走实']
    >>> tok.is_stopword("的"), tok.is_stopword("主题教育")
    (True, False)
    """

    def __init__(
        self,
        *,
        userdict: str | PathLike[str] | Sequence[str | PathLike[str]] | None = None,
        domain_dict: bool = True,
        stopwords: str | PathLike[str] | Iterable[str] | None = "default",
        hmm: bool = True,
        protect: Iterable[str] = (),
        backend: Backend = "jieba",
        cache_dir: str | PathLike[str] | None = None,
    ) -> None:
        if backend not in _BACKENDS:
            raise ValueError(f"backend={backend!r}; allowed: {_BACKENDS}")
        self.backend = backend
        self.hmm = bool(hmm)
        paths: list[Path] = [DOMAIN_DICT] if domain_dict else []
        if userdict is not None:
            paths += [Path(userdict)] if isinstance(userdict, (str, PathLike)) else [Path(p) for p in userdict]
        self.userdict = tuple(paths)
        self.entries_ = tuple(e for p in paths for e in load_userdict(p))
        if stopwords is None:
            self.stopwords_: frozenset[str] = frozenset()
        elif isinstance(stopwords, str) and stopwords == "default":
            self.stopwords_ = load_stopwords(STOPWORDS)
        elif isinstance(stopwords, (str, PathLike)):
            self.stopwords_ = load_stopwords(stopwords)
        else:
            self.stopwords_ = frozenset(stopwords)
        self.protect_ = _ordered_phrases(protect)
        self._protect_re = protect_pattern(self.protect_)
        self.cache_dir = _private_dir(Path(cache_dir) if cache_dir is not None else default_cache_dir())
        self._segment = self._build_segmenter()

    def __reduce__(self):  # noqa: ANN204
        # Picklable for worker processes and Dask workers: the state travels (not the
        # segmenter), and each process rebuilds a segmenter once per setting.
        cache_dir = None if self.cache_dir == default_cache_dir() else str(self.cache_dir)
        return (_rebuild, (self.backend, self.hmm, self.entries_, self.stopwords_, self.protect_, cache_dir))

    @property
    def settings_key(self) -> str:
        """SHA-256 of everything that decides the tokens: backend and its version, HMM, entries, stopwords, protected phrases."""
        from importlib.metadata import version

        state = (self.backend, version(self.backend), self.hmm, self.entries_, sorted(self.stopwords_), self.protect_)
        return hashlib.sha256(repr(state).encode("utf-8")).hexdigest()

    def __repr__(self) -> str:
        return (
            f"Tokenizer(backend={self.backend!r}, hmm={self.hmm}, entries={len(self.entries_)}, "
            f"stopwords={len(self.stopwords_)}, protect={len(self.protect_)})"
        )

    def _build_segmenter(self):  # -> Callable[[str], list[str]]
        if self.backend == "rjieba":
            return _rjieba_segmenter(self.hmm, self.entries_)
        import jieba

        seg = jieba.Tokenizer()
        seg.tmp_dir = str(self.cache_dir)
        seg.cache_file = "jieba.default.cache"
        # Adding ~1,000 entries costs a second (jieba segments each word to suggest
        # its frequency), so the finished table is cached too, keyed by the entries.
        key = hashlib.sha256(repr((jieba.__version__, self.entries_)).encode("utf-8")).hexdigest()[:24]
        cached = self.cache_dir / f"jieba.{key}.cache"
        try:
            with open(cached, "rb") as fh:
                seg.FREQ, seg.total, seg.user_word_tag_tab = marshal.load(fh)
            seg.initialized = True
        except (OSError, EOFError, ValueError, TypeError):
            with _quiet_jieba():
                seg.initialize()
            for e in self.entries_:
                seg.add_word(e.word, e.freq, e.tag)
            state = marshal.dumps((seg.FREQ, seg.total, seg.user_word_tag_tab))
            atomic_write(cached, lambda tmp: Path(tmp).write_bytes(state), private=True)
        hmm = self.hmm
        return lambda text: seg.lcut(text, HMM=hmm)

    def cut(self, text: str) -> list[str]:
        """Split a text into tokens.

        Every character of ``text`` belongs to exactly one token, in order, so
        ``"".join(tok.cut(text)) == text`` and offsets can be rebuilt. White space
        and punctuation are tokens too (mark them with :meth:`is_stopword`).

        Parameters
        ----------
        text : str
            Text to segment, normally cleaned by :func:`textkit.read_corpus`.

        Returns
        -------
        list of str

        Examples
        --------
        >>> Tokenizer().cut("筑牢拥护“两个确立”的思想根基")
        ['筑牢', '拥护', '“', '两个确立', '”', '的', '思想根基']
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        return split_protected(text, self._protect_re, self._segment)

    def spans(self, text: str) -> list[tuple[str, int, int]]:
        """Tokens with their character offsets in ``text``.

        Parameters
        ----------
        text : str

        Returns
        -------
        list of (token, start, end)

        Examples
        --------
        >>> Tokenizer().spans("检视整改")
        [('检视整改', 0, 4)]
        """
        out = []
        pos = 0
        for token in self.cut(text):
            out.append((token, pos, pos + len(token)))
            pos += len(token)
        return out

    def is_stopword(self, token: str) -> bool:
        """True for stopwords, white space and empty strings.

        Examples
        --------
        >>> Tokenizer().is_stopword("，")
        True
        """
        return token in self.stopwords_ or not token or bool(_SPACE.match(token))

    def tokens(self, corpus: pd.DataFrame | dict[str, str], *, show_progress: bool | None = None) -> pd.DataFrame:
        """Token table of a corpus, sentence by sentence.

        Parameters
        ----------
        corpus : DataFrame or mapping
            What :func:`textkit.read_corpus` returns, or ``{doc_id: text}``.
        show_progress : bool or None
            Show a progress bar; None (default) shows one from 200 documents on.

        Returns
        -------
        pandas.DataFrame
            One row per token (white space inside sentences included):

            ============= ====== ===============================================
            doc_id        str    document
            sent_id       int    sentence (see :func:`textkit.sentences`)
            token         str    the token
            start         int    offset in the document's cleaned text
            end           int    offset after it; ``text[start:end] == token``
            is_stopword   bool   stopword, punctuation or white space
            ============= ====== ===============================================

        Examples
        --------
        >>> Tokenizer().tokens({"a": "主题教育。"})[["token", "start", "end", "is_stopword"]].values.tolist()
        [['主题教育', 0, 4, False], ['。', 4, 5, True]]
        """
        sents = sentences(as_corpus(corpus))
        per_doc = sents.groupby("doc_id", sort=False)[["doc_id", "sent_id", "start", "text"]]
        rows = []
        for _, group in progress(per_doc, total=per_doc.ngroups, desc="tokenising", show=show_progress):
            for doc_id, sent_id, start, text in group.itertuples(index=False):
                for token, s, e in self.spans(text):
                    rows.append((doc_id, sent_id, token, start + s, start + e, self.is_stopword(token)))
        return pd.DataFrame(rows, columns=["doc_id", "sent_id", "token", "start", "end", "is_stopword"])


def _rjieba_jieba() -> type:
    """rjieba's ``Jieba`` class, without the segmenter that ``import rjieba`` makes.

    The package's ``__init__`` makes a ``Jieba()`` for its module-level ``rjieba.cut`` (0.09 s: its
    dictionary loaded), which textkit never uses, at the start of every run and before
    ``textkit analyze`` can fork its readers. Its extension module is loaded on its own instead,
    under its own name in ``sys.modules``, so that a later ``import rjieba`` finds it there and does
    not load it twice. If the package is imported already, or is laid out otherwise, it is imported.
    """
    import importlib.machinery
    import importlib.util

    name = "rjieba.rjieba"
    if name not in sys.modules and "rjieba" not in sys.modules:
        package = importlib.util.find_spec("rjieba")  # found, not executed
        spec = importlib.machinery.PathFinder.find_spec(name, list(package.submodule_search_locations or ())) if (
            package is not None) else None
        if spec is not None and isinstance(spec.loader, importlib.machinery.ExtensionFileLoader):
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            try:
                spec.loader.exec_module(module)
            except BaseException:
                del sys.modules[name]
                raise
    module = sys.modules.get(name)
    if module is None or not hasattr(module, "Jieba"):
        import rjieba

        return rjieba.Jieba
    return module.Jieba


@lru_cache(maxsize=4)
def _rjieba_segmenter(hmm: bool, entries: tuple[DictEntry, ...]):  # -> Callable[[str], list[str]]
    """rjieba's segmenter with these entries, made once per process: it is never modified once made,
    so Tokenizers of the same settings share it, and worker processes forked after the calling
    process made it inherit it (it took each worker 0.12 s to make its own)."""
    seg = _rjieba_jieba()()
    for e in entries:
        seg.add_word(e.word, e.freq, e.tag)
    if not hmm:
        return _around_surrogates(lambda text: seg.cut(text, False))

    def resplit(token: str) -> bool:
        """Whether jieba would cut ``token`` into more than one piece where rjieba keeps it whole."""
        return (
            len(token) > 1
            and _ASCII_SYMBOL_RUN.match(token) is not None
            and not seg.has_word(token)
            and _FINALSEG_PIECE.findall(token) != [token]
        )

    def cut_like_jieba(text: str) -> list[str]:
        # With HMM on, jieba re-splits unknown ASCII runs such as UTF-8 or e.g
        # at symbols (its finalseg pattern); rjieba keeps them whole.
        tokens = seg.cut(text, True)
        if not _ASCII_SYMBOL.search(text):
            return tokens  # no token can be such a run: no loop over every token
        # Most texts hold a symbol (2,603 of the 2,899 documents of the 20 MB benchmark corpus),
        # nearly always in tokens jieba keeps whole too (3%, 1.5, PM2.5): only the few ASCII
        # tokens, picked out in C by filter, are tested; a text keeps its tokens unless one of
        # them is re-split (6 of those documents), and only then is every token looked at.
        if not any(map(resplit, filter(str.isascii, tokens))):
            return tokens
        out: list[str] = []
        for token in tokens:
            if token.isascii() and resplit(token):
                out += _FINALSEG_PIECE.findall(token)
            else:
                out.append(token)
        return out

    return _around_surrogates(cut_like_jieba)


@lru_cache(maxsize=8)
def _rebuild(
    backend: Backend,
    hmm: bool,
    entries: tuple[DictEntry, ...],
    stopwords: frozenset[str],
    protect: tuple[str, ...],
    cache_dir: str | None,
) -> Tokenizer:
    """Unpickle a Tokenizer: one segmenter per process and setting (Tokenizers are never modified)."""
    tok = Tokenizer.__new__(Tokenizer)
    tok.backend, tok.hmm, tok.userdict = backend, hmm, ()
    tok.entries_, tok.stopwords_, tok.protect_ = entries, stopwords, protect
    tok._protect_re = protect_pattern(protect)
    tok.cache_dir = _private_dir(Path(cache_dir) if cache_dir is not None else default_cache_dir())
    tok._segment = tok._build_segmenter()
    return tok
