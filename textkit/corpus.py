"""Read a corpus: decode, normalise and clean each file; split it into paragraphs, sentences, headings.

A corpus is any folder of ``.txt`` files. A ``metadata.csv`` beside them (optional)
names each document (``doc_id``) and describes it; without one, ``doc_id`` is the
file stem. The files themselves are only ever opened for reading.

Processing of each file, in this order:

1. **Decoding** (:func:`decode`): UTF-8 with or without BOM, UTF-16 with BOM,
   GB18030/GBK. Anything else (binary, broken bytes) is an error naming the file.
2. **Normalisation** (:func:`normalize`): Unicode NFC; zero-width characters removed;
   full-width ASCII letters and digits to half-width; quote variants unified to
   “” and ‘’; half-width ``, : ; ? ! ( )`` next to Chinese text to their full-width
   forms (the five reports mix both, the reference corpus uses full-width only);
   whitespace runs collapsed to one space; spaces next to Chinese punctuation dropped;
   empty lines dropped, so each line is one paragraph. Chinese punctuation
   (、，。；：“”《》) is kept: slogans live in it.
3. **Cleaning** (:func:`clean_text`): web chrome, page furniture and footers are
   removed line by line by the rules in ``textkit/data/cleaning_rules.tsv``
   (documented there; extend them with :func:`load_rules`). :func:`clean_report`
   lists every removal with the rule that made it.

All character offsets (``start``, ``end``) in textkit index the cleaned ``text``.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import re
import unicodedata
import warnings
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from os import PathLike
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from textkit._progress import progress
from textkit.paths import DATA

__all__ = [
    "CleaningRule",
    "CorpusError",
    "CorpusWarning",
    "as_corpus",
    "clean_report",
    "clean_text",
    "decode",
    "default_rules",
    "describe_corpus",
    "headings",
    "load_rules",
    "normalize",
    "paragraphs",
    "read_corpus",
    "sentences",
]

OnError = Literal["raise", "skip"]
_ON_ERROR = ("raise", "skip")
METADATA_FILE = "metadata.csv"
REQUIRED_METADATA = ("doc_id", "file")


class CorpusError(ValueError):
    """A problem with the input that stops reading; the message names the file."""


class CorpusWarning(UserWarning):
    """A problem with the input that textkit worked around (file skipped, checksum differs)."""


# ---------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# the same ranges as code points, for numpy (:func:`_han_mask`, which textkit.slogans uses too)
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(len(text), 1)


def _count_han(texts: list[str]) -> np.ndarray:
    """The number of Chinese characters of each text (``len(_HAN.findall(text))``), as int64."""
    # counted on code points, texts of up to _HAN_BATCH characters at once: a findall per text made
    # a string of every Chinese character, most of the time of the documents' counts in analyze,
    # and the whole corpus at once would cost about 20 bytes a character
    counts, start, size = [], 0, 0
    for i, text in enumerate(texts):
        size += len(text)
        if size >= _HAN_BATCH or i == len(texts) - 1:
            counts.append(_count_han_batch(texts[start : i + 1]))
            start, size = i + 1, 0
    return np.concatenate(counts) if counts else np.zeros(0, dtype=np.int64)


#: Characters counted at once by :func:`_count_han`.
_HAN_BATCH = 1 << 22


def _han_mask(points: np.ndarray) -> np.ndarray:
    """Which of the code points ``points`` (uint32) are Chinese characters (``_HAN``), as bools."""
    is_han = np.zeros(len(points), dtype=bool)
    for lo, hi in _HAN_RANGES:
        # lo <= point <= hi in one comparison: below lo, the unsigned difference wraps around
        is_han |= (points - np.uint32(lo)) <= np.uint32(hi - lo)
    return is_han


def _count_han_batch(texts: list[str]) -> np.ndarray:
    is_han = _han_mask(np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32))
    sizes = np.array([len(t) for t in texts], dtype=np.int64)
    ends = np.cumsum(sizes)
    total = np.concatenate([[0], np.cumsum(is_han, dtype=np.int64)])
    return total[ends] - total[ends - sizes]


def _plausible_gb(text: str) -> bool:
    """GB18030 decodes many byte strings; real Chinese text is mostly GB2312 characters."""
    han = _HAN.findall(text)
    if not han:
        return _control_share(text) == 0
    common = sum(1 for ch in han if ch.encode("gb2312", errors="ignore"))
    return common / len(han) >= 0.9 and _control_share(text) < 0.001


def _start_decoding(data: bytes, *, name: str, complete: bool) -> tuple[str, str, codecs.IncrementalDecoder]:
    """Detect the encoding from a file's first bytes and decode them.

    Returns the text, the encoding and the incremental decoder, ready for the
    rest of the file. With ``complete=False`` a multi-byte character cut off at
    the end of ``data`` is kept in the decoder for the next chunk.
    """

    def attempt(encoding: str) -> tuple[str, codecs.IncrementalDecoder]:
        decoder = codecs.getincrementaldecoder(encoding)("strict")
        return decoder.decode(data, final=complete), decoder

    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text, decoder = attempt(encoding)
            except UnicodeDecodeError as exc:
                raise CorpusError(
                    f"{name}: starts with a {encoding} byte-order mark but has invalid bytes at byte {exc.start}"
                ) from None
            return text, encoding, decoder
    if b"\x00" in data:
        raise CorpusError(f"{name}: contains NUL bytes: a binary file, or UTF-16 without a byte-order mark")
    try:
        text, decoder = attempt("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
        lenient = data.decode("utf-8", errors="replace")
        n_bad = lenient.count("\ufffd")
        n_multibyte = sum(1 for ch in lenient if ord(ch) > 0x7F and ch != "\ufffd")
        if n_multibyte >= 4 * n_bad:
            line = data[:first_bad].count(b"\n") + 1
            raise CorpusError(
                f"{name}: broken UTF-8: {n_bad} invalid byte sequence(s), the first at byte "
                f"{first_bad} (line {line}); fix or re-save the file as UTF-8"
            ) from None
    else:
        if _control_share(text) > 0.01:
            raise CorpusError(f"{name}: looks binary (control characters), not a text file")
        return text, "utf-8", decoder
    try:
        text, decoder = attempt("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if _plausible_gb(text):
            return text, "gb18030", decoder
    raise CorpusError(f"{name}: not text in UTF-8, UTF-16 (with BOM) or GB18030/GBK; binary or unknown encoding")


def decode(data: bytes, *, name: str = "<bytes>") -> tuple[str, str]:
    """Decode the bytes of a text file, detecting its encoding.

    Parameters
    ----------
    data : bytes
        The file's raw bytes.
    name : str, optional
        The file's name, used in error messages.

    Returns
    -------
    text : str
        The decoded text (byte-order mark removed).
    encoding : str
        One of ``"utf-8"``, ``"utf-8-sig"``, ``"utf-16"``, ``"utf-32"``, ``"gb18030"``.

    Raises
    ------
    CorpusError
        If the bytes are binary, broken UTF-8, or no supported encoding; the
        message names the file and, for broken UTF-8, the first bad byte offset.

    Examples
    --------
    >>> decode("主题教育".encode("gb18030"))
    ('主题教育', 'gb18030')
    >>> decode(b"\\xef\\xbb\\xbf\\xe5\\xad\\xa6")
    ('学', 'utf-8-sig')
    """
    text, encoding, _ = _start_decoding(data, name=name, complete=True)
    return text, encoding


#: Bytes read at least before the encoding is decided.
_DETECT_BYTES = 1 << 16


def _read_text(path: Path, *, chunk_size: int, sha256: "hashlib._Hash") -> Iterator[tuple[str, str]]:
    """Decode a file chunk by chunk: yields ``(encoding, text)`` pieces.

    Only one chunk of bytes is held at a time, so a file of any size is decoded
    without loading it whole; ``sha256`` is updated with every byte read.
    """
    with open(path, "rb") as fh:
        data = fh.read(max(chunk_size, _DETECT_BYTES))
        sha256.update(data)
        nxt = fh.read(chunk_size)
        text, encoding, decoder = _start_decoding(data, name=str(path), complete=not nxt)
        offset = len(data)
        yield encoding, text
        while nxt:
            data, nxt = nxt, fh.read(chunk_size)
            sha256.update(data)
            try:
                text = decoder.decode(data, final=not nxt)
            except UnicodeDecodeError as exc:
                raise CorpusError(
                    f"{path}: invalid {encoding} bytes at byte {offset + exc.start}; fix or re-save the file"
                ) from None
            offset += len(data)
            yield encoding, text


# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20“”‘’《》—…·"
_CJK_OR_PUNCT = f"[{_CJK}{_CJK_PUNCT}]"
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_FULLWIDTH = {
    **{0xFF10 + i: ord("0") + i for i in range(10)},
    **{0xFF21 + i: ord("A") + i for i in range(26)},
    **{0xFF41 + i: ord("a") + i for i in range(26)},
    ord("＋"): "+",
    ord("％"): "%",
    ord("＂"): '"',
    ord("「"): "“",
    ord("」"): "”",
    ord("『"): "‘",
    ord("』"): "’",
    ord("〝"): "“",
    ord("〞"): "”",
    ord("″"): "”",
}
_CHAR_MAP = {**_FULLWIDTH, **_ZERO_WIDTH}
_MAPPED = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_CHAR_MAP)) + "]")
_ANY_ASCII_PUNCT = re.compile(r"[,;:?!]")
_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# "&amp;" repeated: an entity escaped again (&amp;nbsp;), decoded in full
_ENTITY = re.compile(r"&(?:amp;)*(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_ASCII_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_PUNCT_BEFORE = re.compile(rf"(?<={_CJK_OR_PUNCT}) ?([,;:?!])")
_PUNCT_AFTER = re.compile(rf"([,;:?!]) ?(?={_CJK_OR_PUNCT})")
_PARENS = re.compile(r"(.?) ?\(([^()\n]{0,200})\) ?(.?)")
_DOUBLE_QUOTED = re.compile(r'([^"\n]?)"([^"\n]*)("?)([^"\n]?)')
_HAS_CJK = re.compile(_CJK_OR_PUNCT)
_SPACE_AT_PUNCT = re.compile(r" ?([，。、；：？！“”‘’《》（）【】]) ?")
_BLOCK_TAG = re.compile(r"<(br|/p|/div|/li|/h[1-6]|/tr|/td|hr)\s*/?>|<p(\s[^<>]{0,200})?>", re.I)


def _unescape_entity(match: re.Match[str]) -> str:
    """Decode an entity, and again while it decodes to one (&amp;nbsp; -> &nbsp; -> space):
    text scraped from web pages is often escaped twice, and one level per normalisation
    would make ``normalize`` change its own output."""
    out = match.group(0)
    while (decoded := html.unescape(out)) != out and out.startswith("&amp;"):
        out = decoded
    return " " if decoded == "\xa0" else decoded


def _parens(match: re.Match[str]) -> str:
    before, inner, after = match.groups()
    if _HAS_CJK.search(before + inner + after):
        return f"{before}（{inner}）{after}"
    return match.group(0)


def _full_width_punct(match: re.Match[str]) -> str:
    return _ASCII_PUNCT[match.group(1)]


def _double_quotes(match: re.Match[str]) -> str:
    """A pair of straight double quotes in Chinese context becomes “…”; English quotes stay."""
    before, inner, closing, after = match.groups()
    if _HAS_CJK.search(before + inner + after):
        return f"{before}“{inner}{'”' if closing else ''}{after}"
    return match.group(0)


def _straight_quotes(line: str) -> str:
    if '"' in line:
        line = _DOUBLE_QUOTED.sub(_double_quotes, line)
    if "'" in line:
        out, opened = [], False
        for i, ch in enumerate(line):
            if ch == "'" and (
                _HAS_CJK.match(line[i - 1 : i] or " ") or _HAS_CJK.match(line[i + 1 : i + 2] or " ")
            ):
                ch, opened = ("’" if opened else "‘"), not opened
            out.append(ch)
        line = "".join(out)
    return line


def normalize(text: str) -> str:
    """Normalise characters, punctuation and white space of a decoded text.

    Parameters
    ----------
    text : str
        Decoded text.

    Returns
    -------
    str
        The normalised text: one paragraph per line, no empty lines, no leading or
        trailing spaces. Normalising twice changes nothing.

    Examples
    --------
    >>> normalize("学思想、强党性,重实践\\u200b 「建新功」  Ａ１")
    '学思想、强党性，重实践“建新功”A1'
    >>> normalize("第一段\\r\\n\\r\\n  第二段(二)<br>第三段")
    '第一段\\n第二段（二）\\n第三段'
    """
    return "\n".join(filter(None, map(_normalize_line, _split_lines(text))))


def _split_lines(text: str) -> list[str]:
    """Split at every kind of line break, and at HTML tags that end a line or block."""
    text = _BLOCK_TAG.sub("\n", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n").split("\n")


def _normalize_line(line: str) -> str:
    """Normalise one line (no line breaks inside); returns "" for a blank line."""
    if "&" in line:
        line = _ENTITY.sub(_unescape_entity, line)
    # NFC again after the mapping: a full-width letter or a removed zero-width character
    # can leave a base letter next to a combining mark (Ａ + ◌́ -> A + ◌́ -> Á)
    line = unicodedata.normalize("NFC", line)
    if _MAPPED.search(line):  # translate looks every character up: skipped when none is mapped
        line = unicodedata.normalize("NFC", line.translate(_CHAR_MAP))
    line = _SPACES.sub(" ", line).strip()
    if not line:
        return ""
    # the guards skip whole passes over the line when they cannot change it
    # Repeat until nothing changes: a converted mark is Chinese context for the next
    # one (学,, -> 学，，), so one pass would leave work for a second normalisation.
    while True:
        before = line
        if "(" in line:
            line = _PARENS.sub(_parens, line)
        line = _straight_quotes(line)
        if _ANY_ASCII_PUNCT.search(line):
            line = _PUNCT_AFTER.sub(_full_width_punct, _PUNCT_BEFORE.sub(_full_width_punct, line))
        # inside the loop: a space dropped next to full-width punctuation makes the mark beside
        # it Chinese context (' ， -> '， -> ‘，), which a second normalisation would act on
        if " " in line:
            line = _SPACE_AT_PUNCT.sub(lambda m: m.group(1), line).strip()
        if line == before:
            break
    return line


# ---------------------------------------------------------------------------
# Cleaning rules
# ---------------------------------------------------------------------------

_ACTIONS = ("drop_line", "remove")
_WHERE = ("any", "head", "byline", "tail")
_EDGE_LINES = 12


@dataclass(frozen=True)
class CleaningRule:
    """One cleaning rule: what to remove, where, and why.

    Attributes
    ----------
    name : str
        Short identifier, reported by :func:`clean_report`.
    action : {"drop_line", "remove"}
        Drop the whole matching line, or remove only the matched span(s).
    where : {"any", "head", "byline", "tail"}
        Apply to every line; only the first 12 lines of a document; lines 2–12 (under
        the headline, where an author's name stands); or the last 12 lines.
    pattern : str
        Python regular expression, searched in the normalised line.
    description : str
        What the rule removes, for the audit and the documentation.
    """

    name: str
    action: Literal["drop_line", "remove"]
    where: Literal["any", "head", "byline", "tail"]
    pattern: str
    description: str = ""
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.action not in _ACTIONS:
            raise ValueError(f"cleaning rule {self.name!r}: action={self.action!r}; allowed: {_ACTIONS}")
        if self.where not in _WHERE:
            raise ValueError(f"cleaning rule {self.name!r}: where={self.where!r}; allowed: {_WHERE}")
        try:
            object.__setattr__(self, "regex", re.compile(self.pattern))
        except re.error as exc:
            raise ValueError(f"cleaning rule {self.name!r}: bad pattern {self.pattern!r}: {exc}") from None


def load_rules(path: str | PathLike[str]) -> tuple[CleaningRule, ...]:
    """Read cleaning rules from a tab-separated file.

    The format is that of ``textkit/data/cleaning_rules.tsv``: lines starting with
    ``#`` are comments, the first other line is the header
    ``name, action, where, pattern, description``.

    Parameters
    ----------
    path : path-like
        The rules file (UTF-8).

    Returns
    -------
    tuple of CleaningRule
        In file order. Combine with the defaults as ``default_rules() + load_rules(p)``.

    Examples
    --------
    >>> rules = default_rules()
    >>> [r.name for r in rules][:3]
    ['site_name', 'breadcrumb', 'font_size']
    """
    path = Path(path)
    rows = [
        line.rstrip("\n").split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    if not rows or rows[0][:4] != ["name", "action", "where", "pattern"]:
        raise ValueError(f"{path}: the first non-comment line must be the header name, action, where, pattern, description")
    rules = []
    for lineno, row in enumerate(rows[1:], start=2):
        if len(row) < 4:
            raise ValueError(f"{path}: rule {lineno - 1} has {len(row)} tab-separated fields, needs at least 4")
        rules.append(CleaningRule(row[0], row[1], row[2], row[3], row[4] if len(row) > 4 else ""))  # type: ignore[arg-type]
    return tuple(rules)


@lru_cache(maxsize=1)
def default_rules() -> tuple[CleaningRule, ...]:
    """The shipped cleaning rules (``textkit/data/cleaning_rules.tsv``).

    Returns
    -------
    tuple of CleaningRule

    Examples
    --------
    >>> any(r.name == "disclaimer" for r in default_rules())
    True
    """
    return load_rules(DATA / "cleaning_rules.tsv")


def clean_text(
    text: str, *, rules: Iterable[CleaningRule] | None = None
) -> tuple[str, list[dict[str, object]]]:
    """Normalise a text and remove chrome and furniture by rules.

    Parameters
    ----------
    text : str
        Decoded text (normalised here first, see :func:`normalize`).
    rules : iterable of CleaningRule, optional
        Defaults to :func:`default_rules`. Pass ``()`` to only normalise.

    Returns
    -------
    text : str
        The cleaned text.
    removed : list of dict
        One dict per removal with keys ``rule``, ``action``, ``line_no`` (1-based
        line of the normalised text) and ``removed`` (the text taken out).

    Examples
    --------
    >>> cleaned, removed = clean_text("主题教育走深走实\\n返回顶部")
    >>> cleaned
    '主题教育走深走实'
    >>> removed[0]["rule"]
    'back_to_top'
    """
    rules = default_rules() if rules is None else tuple(rules)
    removed: list[dict[str, object]] = []
    lines = filter(None, map(_normalize_line, _split_lines(text)))
    return "\n".join(_clean_lines(lines, rules, removed)), removed


def _applicable(rules: tuple[CleaningRule, ...], i: int, *, in_tail: bool) -> tuple[CleaningRule, ...]:
    """The rules that apply to line ``i`` (0-based), in their order."""
    return tuple(
        rule for rule in rules
        if rule.where == "any"
        or (rule.where == "head" and i < _EDGE_LINES)
        or (rule.where == "byline" and 0 < i < _EDGE_LINES)
        or (rule.where == "tail" and in_tail)
    )


def _apply_rules(i: int, line: str, rules: tuple[CleaningRule, ...], *, removed: list[dict[str, object]]) -> str:
    """Apply the rules (those that apply to line ``i``, 0-based) to the line; returns what is left of it."""
    for rule in rules:
        if rule.action == "drop_line":
            if rule.regex.search(line):
                removed.append({"rule": rule.name, "action": rule.action, "line_no": i + 1, "removed": line})
                return ""
        else:
            found = [m.group(0) for m in rule.regex.finditer(line)]
            if not found:
                continue  # (a normalised line: normalising its spaces again would leave it as it is)
            removed.extend({"rule": rule.name, "action": rule.action, "line_no": i + 1, "removed": text} for text in found)
            line = _SPACES.sub(" ", rule.regex.sub("", line)).strip()
            if not line:
                return ""
    return line


def _clean_lines(lines: Iterable[str], rules: tuple[CleaningRule, ...], removed: list[dict[str, object]]) -> Iterator[str]:
    """Clean normalised, non-empty lines as they stream past.

    The last lines are held back until the end is known, for the ``tail`` rules,
    so a document is cleaned without holding more than its output.
    """
    # the rules of each kind of line (first, in the head, in the tail, ...), chosen once (checking
    # each rule's place for every line was a sixth of the time of cleaning)
    chosen: dict[tuple[bool, bool, bool], tuple[CleaningRule, ...]] = {}

    def apply(j: int, line: str, in_tail: bool) -> str:
        key = (j == 0, j < _EDGE_LINES, in_tail)
        if key not in chosen:
            chosen[key] = _applicable(rules, j, in_tail=in_tail)
        return _apply_rules(j, line, chosen[key], removed=removed)

    held: deque[tuple[int, str]] = deque()
    for i, line in enumerate(lines):
        held.append((i, line))
        if len(held) > _EDGE_LINES:
            j, early = held.popleft()
            if kept := apply(j, early, False):
                yield kept
    for j, late in held:
        if kept := apply(j, late, True):
            yield kept


# ---------------------------------------------------------------------------
# Reading a corpus
# ---------------------------------------------------------------------------


@dataclass
class _Document:
    doc_id: str
    path: Path
    meta: dict[str, str]
    raw: str = ""
    encoding: str = ""
    sha256: str = ""
    script: str = ""
    converted: bool = False
    text: str = ""
    removed: list[dict[str, object]] = field(default_factory=list)


def _check_on_error(on_error: str) -> None:
    if on_error not in _ON_ERROR:
        raise ValueError(f"on_error={on_error!r}; allowed: {_ON_ERROR}")


def _read_metadata(folder: Path) -> pd.DataFrame | None:
    meta_path = folder / METADATA_FILE
    if not meta_path.is_file():
        return None
    try:
        meta = pd.read_csv(meta_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise CorpusError(f"{meta_path}: cannot be read as a UTF-8 CSV table: {exc}") from None
    missing = [c for c in REQUIRED_METADATA if c not in meta.columns]
    if missing:
        raise CorpusError(f"{meta_path}: missing required column(s) {missing}; it has {list(meta.columns)}")
    empty = meta.index[meta["doc_id"].str.strip() == ""].tolist()
    if empty:
        raise CorpusError(f"{meta_path}: empty doc_id in data row(s) {[i + 1 for i in empty]}")
    dup = sorted(meta.loc[meta["doc_id"].duplicated(), "doc_id"].unique())
    if dup:
        raise CorpusError(f"{meta_path}: duplicate doc_id {dup}; each document needs its own")
    return meta


def _plan(folder: Path) -> list[_Document]:
    """Which files make the corpus, with their doc_id and metadata, in corpus order."""
    if not folder.exists():
        raise CorpusError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise CorpusError(f"{folder}: not a folder; a corpus is a folder of .txt files")
    txt = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".txt" and p.is_file())
    meta = _read_metadata(folder)
    if meta is None:
        if not txt:
            raise CorpusError(f"{folder}: no .txt files and no {METADATA_FILE}")
        return [_Document(p.stem, p, {"file": p.name}) for p in txt]
    docs = []
    listed = set()
    for row in meta.to_dict("records"):
        path = folder / row["file"]
        listed.add(path.resolve())
        if not path.is_file():
            warnings.warn(
                f"{folder / METADATA_FILE}: doc_id {row['doc_id']!r} names {row['file']!r}, which does not exist; skipped",
                CorpusWarning,
                stacklevel=4,
            )
            continue
        docs.append(_Document(row["doc_id"], path, row))
    known = {d.doc_id for d in docs}
    for p in txt:
        if p.resolve() not in listed:
            if p.stem in known:
                raise CorpusError(f"{p}: not in {METADATA_FILE}, and its stem {p.stem!r} is another document's doc_id")
            warnings.warn(
                f"{p}: not listed in {METADATA_FILE}; read with doc_id {p.stem!r} and no metadata",
                CorpusWarning,
                stacklevel=4,
            )
            docs.append(_Document(p.stem, p, {"file": p.name}))
    if not docs:
        raise CorpusError(f"{folder}: no readable documents")
    return docs


_CHUNK_BYTES = 1 << 22
_SCRIPT_SAMPLE = 20_000
_TRADITIONAL_SHARE = 0.05


def _traditional_share(text: str) -> float:
    """Share of Chinese characters in a sample that OpenCC would change to simplified ones."""
    # the Chinese characters of the start, picked out as code points (a regex findall and a join
    # of one string per character was most of the time of this function)
    head = np.frombuffer(text[: 4 * _SCRIPT_SAMPLE].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    sample = head[_han_mask(head)][:_SCRIPT_SAMPLE].tobytes().decode("utf-32-le")
    if len(sample) < 20:
        return 0.0
    converted = _to_simplified()(sample)
    if len(converted) == len(sample):
        # compared as arrays of code points: a loop over every character was a hot spot of reading
        a, b = (np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32) for s in (sample, converted))
        return int(np.count_nonzero(a != b)) / len(sample)
    return sum(a != b for a, b in zip(sample, converted)) / len(sample)


@lru_cache(maxsize=1)
def _to_simplified():  # -> Callable[[str], str]
    import opencc

    return opencc.OpenCC("t2s.json").convert


def _load(
    doc: _Document,
    rules: tuple[CleaningRule, ...],
    *,
    to_simplified: bool = False,
    keep_raw: bool = False,
    chunk_bytes: int = _CHUNK_BYTES,
) -> None:
    """Read, decode, normalise and clean one file, a chunk at a time."""
    sha256 = hashlib.sha256()
    raw_parts: list[str] = []

    def lines() -> Iterator[str]:
        pending = ""
        convert = None
        for i, (encoding, piece) in enumerate(_read_text(doc.path, chunk_size=chunk_bytes, sha256=sha256)):
            if i == 0:
                doc.encoding = encoding
                traditional = _traditional_share(piece) >= _TRADITIONAL_SHARE
                doc.script = "traditional" if traditional else "simplified"
                if traditional and to_simplified:
                    convert, doc.converted = _to_simplified(), True
            if keep_raw:
                raw_parts.append(piece)
            parts = _split_lines(piece)
            parts[0] = pending + parts[0]
            pending = parts.pop()
            for part in parts:
                if line := _normalize_line(convert(part) if convert else part):
                    yield line
        if line := _normalize_line(convert(pending) if convert else pending):
            yield line

    seen = 0

    def counted(stream: Iterator[str]) -> Iterator[str]:
        nonlocal seen
        for line in stream:
            seen += 1
            yield line

    doc.text = "\n".join(_clean_lines(counted(lines()), rules, doc.removed))
    doc.raw = "".join(raw_parts)
    doc.sha256 = sha256.hexdigest()
    expected = doc.meta.get("sha256", "").strip().lower()
    if expected and expected != doc.sha256:
        warnings.warn(
            f"{doc.path}: sha256 {doc.sha256[:12]}… differs from metadata.csv ({expected[:12]}…): "
            "the file was changed since the metadata was written",
            CorpusWarning,
            stacklevel=4,
        )
    if not seen:
        raise CorpusError(f"{doc.path}: empty file (no text, only white space)")
    if not doc.text:
        raise CorpusError(f"{doc.path}: no text left after cleaning (only web chrome)")
    if doc.script == "traditional" and not to_simplified:
        warnings.warn(
            f"{doc.path}: looks like traditional Chinese ({_traditional_share(doc.text):.0%} of sampled characters "
            "have a simplified form); textkit's dictionary, stopwords and cleaning rules are simplified: "
            "read_corpus(..., to_simplified=True) converts with OpenCC",
            CorpusWarning,
            stacklevel=4,
        )


def _documents(
    path: str | PathLike[str],
    rules: Iterable[CleaningRule] | None,
    on_error: OnError,
    *,
    show_progress: bool | None = None,
    to_simplified: bool = False,
    keep_raw: bool = False,
) -> Iterator[_Document]:
    _check_on_error(on_error)
    rules = default_rules() if rules is None else tuple(rules)
    plan = _plan(Path(path))
    for doc in progress(plan, total=len(plan), desc="reading", show=show_progress):
        try:
            _load(doc, rules, to_simplified=to_simplified, keep_raw=keep_raw)
        except CorpusError as exc:
            if on_error == "raise":
                raise
            warnings.warn(f"{exc}; skipped", CorpusWarning, stacklevel=3)
            continue
        yield doc


def read_corpus(
    path: str | PathLike[str],
    *,
    rules: Iterable[CleaningRule] | None = None,
    on_error: OnError = "raise",
    keep_raw: bool = False,
    to_simplified: bool = False,
    show_progress: bool | None = None,
) -> pd.DataFrame:
    """Read a folder of ``.txt`` files as a corpus of cleaned texts.

    Parameters
    ----------
    path : path-like
        A folder of ``.txt`` files, optionally with a ``metadata.csv`` that has at
        least the columns ``doc_id`` and ``file`` (plus any others, e.g. ``sha256``,
        ``place``, ``date``). Without it, ``doc_id`` is the file stem.
    rules : iterable of CleaningRule, optional
        Cleaning rules; default :func:`default_rules`. ``()`` only normalises.
    on_error : {"raise", "skip"}
        What to do with a file that cannot be read (binary, broken bytes, empty):
        raise :class:`CorpusError`, or skip it with a :class:`CorpusWarning`.
    keep_raw : bool
        Add a ``raw_text`` column with the decoded, unnormalised text.
    to_simplified : bool
        Convert documents detected as traditional Chinese to simplified characters
        with OpenCC (``t2s``) before cleaning. Off by default: a traditional-character
        document is then read as it is, with a :class:`CorpusWarning`.
    show_progress : bool or None
        Show a progress bar; None (default) shows one for 200 files or more.

    Returns
    -------
    pandas.DataFrame
        One row per document, in ``metadata.csv`` order (else by file name):

        ========== ====== ==================================================
        doc_id     str    document identifier, the join key everywhere
        text       str    cleaned text; all offsets in textkit index it
        file       str    file name inside the folder
        ...        str    further metadata.csv columns, as given
        sha256     str    SHA-256 of the file's bytes (as read now)
        encoding   str    detected encoding
        script     str    ``simplified`` or ``traditional`` (detected on a sample)
        converted  bool   converted to simplified characters (``to_simplified``)
        raw_text   str    decoded text before cleaning (only with keep_raw)
        ========== ====== ==================================================

    Raises
    ------
    CorpusError
        Missing folder, bad ``metadata.csv`` (missing column, duplicate doc_id), or
        with ``on_error="raise"`` an unreadable file; the message names the file.

    Warns
    -----
    CorpusWarning
        A file whose SHA-256 differs from ``metadata.csv``, a listed file that is
        missing, an unlisted ``.txt`` file, or a skipped file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("推动主题教育走深走实,见行见效。\\n返回顶部", encoding="utf-8")
    >>> read_corpus(folder)[["doc_id", "text"]].to_dict("records")
    [{'doc_id': 'a', 'text': '推动主题教育走深走实，见行见效。'}]
    """
    docs = _documents(
        path, rules, on_error, show_progress=show_progress, to_simplified=to_simplified, keep_raw=keep_raw
    )
    return _corpus_frame(docs, path, keep_raw=keep_raw)


def _corpus_frame(docs: Iterable[_Document], path: str | PathLike[str], *, keep_raw: bool = False) -> pd.DataFrame:
    """The table :func:`read_corpus` returns, from loaded documents (also used by textkit.analyze)."""
    rows = []
    for doc in docs:
        row = {"doc_id": doc.doc_id, "text": doc.text}
        row.update({k: v for k, v in doc.meta.items() if k not in ("doc_id", "sha256")})
        row["sha256"] = doc.sha256
        row["encoding"] = doc.encoding
        row["script"] = doc.script
        row["converted"] = doc.converted
        if keep_raw:
            row["raw_text"] = doc.raw
        rows.append(row)
    if not rows:
        raise CorpusError(f"{path}: no document could be read")
    return pd.DataFrame(rows).reset_index(drop=True)


def clean_report(
    path: str | PathLike[str],
    *,
    rules: Iterable[CleaningRule] | None = None,
    on_error: OnError = "raise",
    to_simplified: bool = False,
) -> pd.DataFrame:
    """List everything the cleaning removed from each document, and why.

    Parameters
    ----------
    path : path-like
        A corpus folder, as for :func:`read_corpus`.
    rules : iterable of CleaningRule, optional
        As for :func:`read_corpus`.
    on_error : {"raise", "skip"}
        As for :func:`read_corpus`.
    to_simplified : bool
        As for :func:`read_corpus`.

    Returns
    -------
    pandas.DataFrame
        One row per removal:

        ========== ====== ==================================================
        doc_id     str    document
        rule       str    name of the cleaning rule that removed it
        action     str    ``drop_line`` or ``remove``
        line_no    int    1-based line in the normalised text (before cleaning)
        removed    str    the text taken out
        n_chars    int    its length in characters
        ========== ====== ==================================================

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("学思想\\n(责编:张三)\\n分享让更多人看到", encoding="utf-8")
    >>> clean_report(folder)[["rule", "removed"]].to_dict("records")
    [{'rule': 'editor', 'removed': '（责编：张三）'}, {'rule': 'share', 'removed': '分享让更多人看到'}]
    """
    rows = [
        {"doc_id": doc.doc_id, **r, "n_chars": len(str(r["removed"]))}
        for doc in _documents(path, rules, on_error, to_simplified=to_simplified)
        for r in doc.removed
    ]
    columns = ["doc_id", "rule", "action", "line_no", "removed", "n_chars"]
    return pd.DataFrame(rows, columns=columns).astype({"line_no": "int64", "n_chars": "int64"})


def as_corpus(corpus: pd.DataFrame | Mapping[str, str]) -> pd.DataFrame:
    """Check and coerce a corpus argument to a DataFrame with ``doc_id`` and ``text``.

    Every textkit function that analyses texts accepts what :func:`read_corpus`
    returns, or a plain ``{doc_id: text}`` mapping for quick work. A bare string is
    refused: iterating it would treat every character as a document.

    Parameters
    ----------
    corpus : DataFrame or mapping
        A DataFrame with columns ``doc_id`` and ``text``, or ``{doc_id: text}``.

    Returns
    -------
    pandas.DataFrame
        The same rows; a mapping becomes columns ``doc_id, text``.

    Examples
    --------
    >>> as_corpus({"a": "学思想。"}).to_dict("records")
    [{'doc_id': 'a', 'text': '学思想。'}]
    """
    if isinstance(corpus, (str, bytes)):
        raise TypeError("corpus must be a DataFrame with doc_id and text, or a {doc_id: text} mapping, not a single string")
    if isinstance(corpus, Mapping):
        return pd.DataFrame({"doc_id": list(map(str, corpus.keys())), "text": list(corpus.values())})
    if not isinstance(corpus, pd.DataFrame):
        raise TypeError(f"corpus must be a DataFrame or a mapping, not {type(corpus).__name__}")
    missing = [c for c in ("doc_id", "text") if c not in corpus.columns]
    if missing:
        raise ValueError(f"corpus is missing column(s) {missing}; read it with read_corpus()")
    if corpus["doc_id"].duplicated().any():
        raise ValueError(f"corpus has duplicate doc_id values: {sorted(corpus.loc[corpus['doc_id'].duplicated(), 'doc_id'].unique())}")
    return corpus


# ---------------------------------------------------------------------------
# Paragraphs, sentences, headings
# ---------------------------------------------------------------------------

_STOPS = "。！？；!?;"  # what ends a sentence
_CLOSERS = "”’）」』"  # what may follow its end and still belong to it


def _sentence_regex(not_in: str = "") -> re.Pattern[str]:
    """A sentence: a stretch without a stop (nor a character of ``not_in``), up to and with its stops
    and the closers after them; or stops alone."""
    return re.compile(rf"[^{_STOPS}{not_in}]+(?:[{_STOPS}]+[{_CLOSERS}]*)?|[{_STOPS}]+[{_CLOSERS}]*")


_SENTENCE = _sentence_regex()
# matched over a whole text at once instead of line by line: no match crosses a line break, so the
# matches are those of each line (textkit.emphasis finds sentences so)
_SENTENCE_IN_LINE = _sentence_regex("\n")
_NUMERAL = "一二三四五六七八九十百零〇"
_HEADING_PATTERNS = (
    ("numbered", 1, re.compile(rf"^[{_NUMERAL}]+[、．.]")),
    ("parenthesized", 2, re.compile(rf"^[（(][{_NUMERAL}\d]+[）)]")),
    ("label", 1, re.compile(rf"^(亮点|第)[{_NUMERAL}\d]+(部分|章|节|条|个方面)?[：:、．. ]")),
    ("arabic", 3, re.compile(r"^\d{1,2}[、．.](?!\d)")),
)
_MAX_HEADING = 40
_INNER_STOP = re.compile(r"[。！？；!?;]")


def _heading_kind(line: str) -> tuple[str, int] | None:
    if len(line) > _MAX_HEADING or _INNER_STOP.search(line.rstrip("。")):
        return None
    for kind, level, pattern in _HEADING_PATTERNS:
        if pattern.match(line):
            return kind, level
    if line.endswith(("：", "，", ":", ",")) or len(_HAN.findall(line)) < 2 or line.endswith("。"):
        return None
    return "title", 1


def _spans(text: str, sep: str = "\n") -> Iterator[tuple[int, int]]:
    start = 0
    for part in text.split(sep):
        yield start, start + len(part)
        start += len(part) + len(sep)


def paragraphs(corpus: pd.DataFrame | Mapping[str, str]) -> pd.DataFrame:
    """Split each document into paragraphs (its non-empty lines).

    Parameters
    ----------
    corpus : DataFrame or mapping
        See :func:`as_corpus`.

    Returns
    -------
    pandas.DataFrame
        ========== ====== ==================================================
        doc_id     str    document
        para_id    int    0-based paragraph number within the document
        start      int    offset of the first character in the cleaned text
        end        int    offset after the last character
        text       str    the paragraph (``text[start:end]`` of the document)
        position   float  relative position of ``start`` in the document, 0–1
        ========== ====== ==================================================

    Examples
    --------
    >>> paragraphs({"a": "标题\\n正文。"})[["para_id", "start", "end", "text"]].values.tolist()
    [[0, 0, 2, '标题'], [1, 3, 6, '正文。']]
    """
    rows = []
    for doc_id, text in as_corpus(corpus)[["doc_id", "text"]].itertuples(index=False):
        n = max(len(text), 1)
        pid = 0
        for start, end in _spans(text):
            if end > start:
                rows.append((doc_id, pid, start, end, text[start:end], start / n))
                pid += 1
    return pd.DataFrame(rows, columns=["doc_id", "para_id", "start", "end", "text", "position"])


def sentences(corpus: pd.DataFrame | Mapping[str, str]) -> pd.DataFrame:
    """Split each document into sentences.

    Sentences end at 。！？； (and ``!?;``) plus any closing quotes or brackets right
    after them, and at line breaks; never at 、 or ，.

    Parameters
    ----------
    corpus : DataFrame or mapping
        See :func:`as_corpus`.

    Returns
    -------
    pandas.DataFrame
        ========== ====== ==================================================
        doc_id     str    document
        sent_id    int    0-based sentence number within the document
        para_id    int    paragraph it belongs to (see :func:`paragraphs`)
        start      int    offset of the first character in the cleaned text
        end        int    offset after the last character
        text       str    the sentence (``text[start:end]`` of the document)
        position   float  relative position of ``start`` in the document, 0–1
        ========== ====== ==================================================

    Examples
    --------
    >>> sentences({"a": "学思想、强党性。要“走深走实”！\\n标题"})["text"].tolist()
    ['学思想、强党性。', '要“走深走实”！', '标题']
    """
    rows = []
    for doc_id, text in as_corpus(corpus)[["doc_id", "text"]].itertuples(index=False):
        n = max(len(text), 1)
        rows += [(doc_id, sid, pid, s, e, text[s:e], s / n) for sid, (pid, s, e) in enumerate(_sentence_spans(text))]
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "para_id", "start", "end", "text", "position"])


def _sentence_spans(text: str) -> Iterator[tuple[int, int, int]]:
    """Paragraph number, start and end of each sentence of a text, as :func:`sentences` gives them."""
    pid = 0
    for pstart, pend in _spans(text):
        if pend == pstart:
            continue
        for m in _SENTENCE.finditer(text, pstart, pend):
            s, e = m.span()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                yield pid, s, e
        pid += 1


def headings(corpus: pd.DataFrame | Mapping[str, str]) -> pd.DataFrame:
    """Find headings: numbered (一、), parenthesised (（一）), labelled (亮点一：), titles.

    A heading is a whole paragraph of at most 40 characters with no sentence end
    inside it. ``title`` headings are short stand-alone lines without a numbering
    prefix, such as 坚持系统观念，注重有机融合 or the document's own title; lines
    ending in ： or ， (salutations, kickers) are not headings.

    Parameters
    ----------
    corpus : DataFrame or mapping
        See :func:`as_corpus`.

    Returns
    -------
    pandas.DataFrame
        ============ ====== ================================================
        doc_id       str    document
        heading_id   int    0-based heading number within the document
        para_id      int    the paragraph that is the heading
        start, end   int    offsets in the cleaned text
        text         str    the heading
        kind         str    ``numbered``, ``parenthesized``, ``label``, ``arabic`` or ``title``
        level        int    0 for the document's title lines, 1 main, 2 sub, 3 sub-sub
        position     float  relative position of ``start``, 0–1
        ============ ====== ================================================

    Examples
    --------
    >>> text = "总结报告\\n一、提高政治站位\\n正文第一句。第二句。\\n（一）抓好学习"
    >>> headings({"a": text})[["text", "kind", "level"]].values.tolist()
    [['总结报告', 'title', 0], ['一、提高政治站位', 'numbered', 1], ['（一）抓好学习', 'parenthesized', 2]]
    """
    rows = []
    for doc_id, group in paragraphs(corpus).groupby("doc_id", sort=False):
        in_front = True
        hid = 0
        for para in group.itertuples(index=False):
            found = _heading_kind(para.text)
            if found is None:
                # a kicker such as 江西省南昌市青山湖区： still belongs to the front matter
                in_front = in_front and len(para.text) <= _MAX_HEADING and not _INNER_STOP.search(para.text)
                continue
            kind, level = found
            if kind == "title" and in_front:
                level = 0
            rows.append((doc_id, hid, para.para_id, para.start, para.end, para.text, kind, level, para.position))
            hid += 1
    columns = ["doc_id", "heading_id", "para_id", "start", "end", "text", "kind", "level", "position"]
    return pd.DataFrame(rows, columns=columns)


def describe_corpus(corpus: pd.DataFrame | Mapping[str, str]) -> pd.DataFrame:
    """Simple counts per document.

    Parameters
    ----------
    corpus : DataFrame or mapping
        See :func:`as_corpus`.

    Returns
    -------
    pandas.DataFrame
        ============== ===== =============================================
        doc_id         str   document
        n_chars        int   characters in the cleaned text (line breaks excluded)
        n_han          int   Chinese characters
        n_paragraphs   int   paragraphs
        n_sentences    int   sentences
        n_headings     int   headings (see :func:`headings`)
        ============== ===== =============================================

    Examples
    --------
    >>> describe_corpus({"a": "标题\\n学思想。强党性。"}).iloc[0].to_dict()
    {'doc_id': 'a', 'n_chars': 10, 'n_han': 8, 'n_paragraphs': 2, 'n_sentences': 3, 'n_headings': 1}
    """
    corpus = as_corpus(corpus)
    counts = pd.DataFrame(
        {
            "doc_id": corpus["doc_id"].to_numpy(),
            "n_chars": [len(t) - t.count("\n") for t in corpus["text"]],
            "n_han": _count_han(corpus["text"].tolist()),
        }
    )
    for name, table in (("n_paragraphs", paragraphs(corpus)), ("n_sentences", sentences(corpus)), ("n_headings", headings(corpus))):
        per_doc = table.groupby("doc_id", sort=False).size()
        counts[name] = counts["doc_id"].map(per_doc).fillna(0).astype("int64")
    return counts
