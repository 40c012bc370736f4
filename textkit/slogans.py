"""Discover slogans and formulas (提法) in official Chinese texts.

Official texts are built from fixed, reusable expressions: parallel series
(学思想、强党性、重实践、建新功), numbered formulas (两个确立, 三多三少三慢, “1+4+N”),
four-character patterns (走深走实, 入脑入心), watchwords (接诉即办, 关键少数) and local
coinages (蓉漂, 江理论津). :func:`find_slogans` finds them from the text alone, by
combining several signals, each of which proposes candidates:

``quoted``
    Spans in “…” or ‘…’. A quoted ordinary word (“血管”, “总开关”: a word of the
    segmenter's general dictionary), a single character (“学”) or a sentence is not
    a slogan; a quoted phrase is one when it is *compressed* (read with the general
    dictionary it falls apart into several one-character content words, as
    民呼我为 or 江理论津 do) or when it is quoted at least twice. A rare idiom, fixed
    expression or abbreviation of the dictionary of four or more characters (“港人治港”,
    “约法三章”) is a watchword when quoted; a quoted noun stays a metaphor. A phrase
    quoted again and again survives even when every use is inside a longer slogan. A quoted
    phrase opened by a reduplicated character that is no numeral (“时时放心不下”, “户户通”) is a
    slogan at its first use.
``enumeration``
    Runs of two or more segments separated by 、 or ， (or chained quotes
    “时间表”“路线图”“任务书”, or ``+``) of equal length, the outer ones trimmed to
    the template at a token boundary (a closed pair also when its items hold a word of the clause:
    是|极不寻常、极不平凡|的五年, but not a list of noun phrases or dictionary words so trimmed).
    The series is a formula when the segments
    share a positional template (a character other than 的/地/得 in the same
    position of every segment, or all segments of the pattern ABAC); an outer
    segment that does not fit the template of the interior ones is left out
    (…伟大梦想，紧密联系), unless it is the fourth or a later item joined by 和
    (形式主义、官僚主义、享乐主义和奢靡之风; after 从, 到 joins the last item too:
    从站起来、富起来到强起来). The last item may be up to two characters longer when
    it holds two or more shared characters at its head or its tail (…、改革政策要实、
    社会政策要托底; …、社会更加和谐、人民生活更加殷实). A particle opening every item
    is part of the template (和睦相处、和衷共济、和谐发展). In an over-long series, a stretch of
    three or more interior items sharing more places than the whole interior is the series, its
    neighbours kept only if they fit (科技强国、质量强国、…、交通强国, not …、数字中国、智慧社会).

    Series that only share their length need three or more segments and to be
    quoted or repeated, unless they are three or more coined three-character items
    (a single character before a word, none an ordinary word: 抓重点、补短板、强弱项);
    so do pairs, unless they are framed (three to five characters whose shared
    characters form two separate blocks, 以电代煤、以气代煤, or one phrase reordered,
    脱真贫、真脱贫); so do lists of two-character words (创新、协调、绿色、开放、共享),
    which without a shared character also need four or more items (or three verbs, a stance:
    鼓励、支持、引导), and which with one count once when an item is rare in the general
    dictionary (自治、法治、德治; not 钢材、木材、石材).

    Segments of unequal length count when they share a head or a tail
    (保居民就业、保基本民生、…; 政党协商、…、人民团体协商、基层协商; a last part joined
    by 和 is split off: 廉洁政府和服务型政府) and are four or more, or three of at
    most five characters sharing a head of two (面向现代化、面向世界、面向未来);
    clauses ending in one shared character give their last words (…带头讲、…集中讲 →
    带头讲、集中讲). A list whose items share only a place or institution noun
    (临江学校、天香学校; 建安楼、律所楼) is a list of names.

    Without a shared template, a series counts when it is *closed* (the whole list, ending the
    clause or before 的, not an open list before 等 nor running into other words) and its
    items are three or more four-character idioms, subject-predicate or verb-object items of
    which fewer than half are noun phrases (产业兴旺、生态宜居、乡风文明、治理有效、生活富裕的
    总要求; not 理想信念、价值追求、道德修养), or three or more two-character qualities
    (简约、安全、精彩的北京冬奥会; not 钢材、木材、石材), or a pair of three or four characters
    sharing a head or a tail of two (勇于变革、勇于创新; 不愁吃、不愁穿; not the grammar of degree,
    更加精准、更加有效), or two idioms of the dictionary (古为今用、推陈出新), or a couplet of two
    four-character items sharing only 所, 其 or 不 in third place (人尽其才、各展其能; not 之, which
    makes noun phrases: 民生之基、财富之源); such a pair may be glued to the noun it qualifies when that noun ends the
    clause (看病难、看病贵问题。). A series ends before 的 in an item that follows items without it.
    Items told apart only by a numeral (十六大、十七大、十八大) and sectors sharing 业 are lists.

    A pair joined by 和 or 与 whose second item is the first reordered is a formula too
    (数字产业化和产业数字化; not 文化事业和文化产业).

    Phrases of four or more characters quoted one by one without a shared template
    (“一国两制”、“港人治港”) are judged one by one, and a chain of phrases that are
    watchwords on their own (“港人治港”、“澳人治澳”) is no more than them.
``framed``
    What a verb of commitment takes as its object: 坚持/贯彻/践行/树立/弘扬… X (or what a policy
    is based on: 立足新发展阶段), closed by
    punctuation, by a noun of its role (坚持稳中求进工作总基调, 坚持以人民为中心的发展思想) or
    by a noun of its name, which is kept (贯彻新发展理念); verbs of building only with a name
    noun (构建新发展格局, 推动构建人类命运共同体, 实施乡村振兴战略); 以X为主题/主线. Such a
    phrase is a watchword when the document uses it again, and so is a national project named
    by two characters and 中国 that is built (建设平安中国, 数字中国建设); not a dictionary word, a verb and
    its object or two common words (坚持理论学习), nor a fragment opened or closed by a function
    character standing alone (坚持在实践中; but 坚持过紧日子: 过 belongs to 过紧). A series after such a verb is a formula
    whatever its template (坚持人民至上、生命至上; 坚持照镜子、正衣冠、洗洗澡、治治病的要求).
    A quoted name right before the noun of a campaign or a brand (“津城先锋”等活动, “立足岗位作贡献”
    活动, “开放前沿党旗红”党建品牌, “…”行动, “…”工程) is a coinage even when used once; not the
    last of a list of names that 等 and the noun name together (临江学校、“孺子书房”等工程建设).
    A thing named in apposition after a verb of holding on, closing the clause (扭住经济建设这个中心,
    围绕高质量发展这个首要任务), is a formula at its first use, and A的B is the same formula.
``numbered``
    ``1+4+N``-style formulas; several numerals alternating with words (三会一课,
    一岗双责, 三去一降一补); a numeral before a word (两个确立, 五大任务). Ordinals
    (第…, 三是…), quantities in Arabic digits (37个调研选题) and counts of generic nouns
    (12个方面) or of a report's own parts (十大亮点) are not formulas. Unquoted ones must
    recur, unless a numeral and a measure word name a noun phrase of three or more
    characters (四项基本原则, 两个积极性; not 五项原则提出) or numerals alternate with words
    of one or two characters (一照一码, 一岗双责; not 一步一步, 两岸双方). Quoted, a numeral plus
    words is a formula even when it is a dictionary word (“三个代表”, “三农”), unless
    the dictionary tags it as a numeral expression (“一刻钟”); “双随机、一公开” is one
    formula, while “六稳”“六保”, quoted side by side, are two.
``pattern``
    ABAC, AABB and ABACAD character patterns (走深走实, 立行立改, 走深走心走实) whose
    edges are token boundaries (so not 各地各单 from 各地各单位) and which are not
    ordinary dictionary idioms (不折不扣) or comparisons (越开越大, 更多更大). An ABAC
    made of two dictionary words
    (有力有序, 压紧压实) counts only as an item of a series of patterns, or when it
    recurs in several documents and one of its words is rare in the dictionary
    (not 整改整治, 生产生活). Series written without separators are found by the
    same logic: two-character units sharing their second character (强农惠农富农,
    尊法学法守法用法) and three-character units sharing a character (最关心最直接最现实,
    中国化时代化大众化, 融资难融资贵), a shared head being read first. Three such units
    overrule the segmenter inside the series and at its start after a long word
    (马克思主义中国化时代化大众化), four at its start after any word (使尊|法学法守法用法); an
    ABACAD closed by a function character is a fragment of such a series (法守法用法在). ABCB patterns whose halves are not dictionary words
    (医养康养, 强链补链) count at their first use (not 体制机制, 越来越, nor 干出|实打实, whose last three
    characters are a word); so do the frames of obligation and condition 应X尽X, 能X则X, 宜X则X
    (应保尽保, 能合则合), even where a half is a word, unless the dictionary has them as an idiom (应有尽有). One thing as the means of another, 以A促B or 以A代B with
    single-character A and B (以学促干, 以保促稳, 以工代训), is a coinage used once; not a
    common word of the dictionary (以工代赈).
``reuse`` and ``statistical``
    Character n-grams that recur in at least two documents, bounded on both sides
    (varied left and right neighbours: character boundary entropy; token
    boundaries of the tokenizer), cohesive (pointwise mutual information of the
    weakest split) and compressed (or four characters joining two rare words of the
    dictionary, not two nouns: 扫黑除恶, 立德树人; or a reduplicated idiom before one action,
    原原本本学, 扎扎实实干; or, used by three documents or more, a
    phrase that some document frames as a commitment, 实施健康中国战略, 弘扬劳模精神和工匠精神,
    and that is mostly used without the noun of its name): the classic new-word discovery approach, which
    finds unquoted watchwords such as 急难愁盼 and 放管服. An n-gram that is an
    accepted slogan plus a word on its edge (深化放管服, 推进医养结合) is dropped
    unless it occurs more often than the slogan; two coined units side by side
    (碳达峰碳中和) are one watchword. A function character on an edge marks a fragment
    only when it stands alone (国防和), not when it belongs to a word (碳中和). Nor is a frequent two-character verb
    and its object (建设雄安新区), a clause opened by a pronoun (我们坚持不搞) or a
    modifier cut off before 的 (新时代党的建设).

Candidates are grouped into one slogan per canonical form: punctuation and quotes
do not matter (感党恩、听党话、跟党走 = 感党恩听党话跟党走 = “时间表”“路线图”“任务书”
written with 、), the two middle parts of ABAC may swap (入脑入心 = 入心入脑), and a
series that extends another (…、检视整改、建章立制) is its variant, and so is a watchword of two
units, the first a slogan of its own, written as a list (碳达峰、碳中和). Every variant is
then located in the texts, longest first (where uses overlap, those covering the most
characters), so a hit nested in a longer slogan is counted once, for the longer one; the
document is still credited with the nested slogan (以学促干 inside 以学铸魂、以学增智、以学正风、
以学促干 is used by that document). A slogan whose every use is nested is left out, unless it
is a watchword on evidence of its own: quoted on its own again and again, or framed and used
again (稳字当头 inside 坚持稳字当头、稳中求进).

``known``
    The optional registry of known national formulas (``textkit/data/known_formulas.tsv``,
    see :func:`load_known_formulas`) is a separate layer on top of discovery. It marks the
    slogans it lists (columns ``known`` and ``expansion``) and adds a row for each listed
    formula, variant or list expansion (四风: 形式主义、官僚主义、享乐主义、奢靡之风) or
    expansion of clauses (两个永远在路上: 全面从严治党永远在路上，党的自我革命永远在路上) that
    discovery did not find but a document uses, at token boundaries. Such a formula is never
    merged with a discovered slogan, and is located with them, longest first: a known formula
    that holds a discovered slogan (可持续发展战略, 可持续发展) takes that use, and the discovered
    slogan stays a row, credited to the document (its ``count`` is of the uses left to it).
    ``known=False`` (``textkit slogans --no-known``) switches the layer off: what discovery finds is
    the same either way. A discovered row's ``kind`` may turn from ``coinage`` into ``watchword`` (a
    national formula used by one document is not that document's coinage). A known formula is a
    row even when all its uses
    sit inside longer slogans (两个维护 in 增强四个意识、坚定四个自信、做到两个维护), unless it is a
    list used only inside a longer list of which its items are items (新经济组织、新社会组织 in
    新经济组织、新社会组织、新就业群体; not 国之大计、党之大计 in 教育是国之大计、党之大计).
    A known formula written with ， (科技兴则民族兴，科技强则国家强) is a sentence formula: located as
    written, a list inside it (鼓励、支持、引导) still a row of its own. A sentence formula X是Y
    names its predicate Y too when Y is a list or four to six characters without 的 that is no
    ordinary word (发展是第一要务: 第一要务; 教育是国之大计、党之大计: 国之大计、党之大计).
    Registry rows carry the signal ``known``: discovery from the text alone cannot find a
    watchword of ordinary words used once (中国梦, 新常态), which the registry can.
"""

from __future__ import annotations

import importlib.util
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, product
from operator import eq
from os import PathLike
from pathlib import Path
from typing import Literal, NamedTuple

import pandas as pd

from textkit._gc import gc_paused
from textkit.corpus import _han_mask, as_corpus, normalize
from textkit.paths import DATA
from textkit.tokenize import Tokenizer

__all__ = [
    "slogan_wording",
    "KNOWN_FORMULAS",
    "Signal",
    "find_slogans",
    "load_known_formulas",
    "slogan_candidates",
    "slogan_occurrences",
]

Signal = Literal["quoted", "enumeration", "numbered", "pattern", "framed", "statistical"]
SIGNALS: tuple[str, ...] = ("quoted", "enumeration", "numbered", "pattern", "framed", "statistical")
KNOWN_FORMULAS = DATA / "known_formulas.tsv"

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{_HAN}]")
_HAN_RUN = re.compile(f"[{_HAN}]+")
_CN_NUM = "一二两三四五六七八九十百千万双"
_NUM_SINGLE = "二两三四五六七八九十百千万双"
# Characters that carry grammar rather than content: a "compressed" phrase needs
# one-character *content* words (民呼我为: 民, 呼), not particles (保障和改善民生).
_FUNCTION_CHARS = frozenset("的地得了着过和与及或在于对把被将从向以为是有也都就而并等之其所这那该此各每我你他它们要再还更最很又")
# Measure words and time units: 一年一次 is a frequency, not a formula.
_CLASSIFIERS = frozenset("个次年月日天周名位项条件批种份篇场家人号层类级只回遍点元亿万千百十")
# Generic nouns counted by a numeral: 三个方面, 12个方面内容 are quantities, and so are the
# counts by which a report orders itself (十大亮点, 三个特点, 五项举措).
_GENERIC_NOUNS = ("方面", "层面", "层次", "部分", "阶段", "环节", "领域", "方向", "类别", "级别", "季度", "年度", "小时", "分钟", "百分点", "倍",
                  "亮点", "特点", "举措", "措施", "做法", "经验", "成效")
# Particles that never start or end a formula (在以学铸魂, 5月至 are fragments).
_EDGE_FUNCTION = frozenset("的地得了着过和与及或在于把被将从向是也都就而并等之其所这那该此至")
# Statistical n-grams also must not end or start in a preposition (行动上同, 赤字率拟按).
_STAT_EDGE = _EDGE_FUNCTION | frozenset("同按拟到")
# Heads of place and institution names, and of industries: a list sharing only such a tail is
# a list of names (临江学校、天香学校; 建安楼、律所楼; 进博会、广交会) or of sectors
# (建筑业、房地产业、金融业、生活服务业), not a formula.
_PLACE_TAILS = ("学校", "小学", "中学", "大学", "楼", "馆", "会", "院", "所", "厂", "站", "街", "路", "村", "镇",
                "乡", "县", "市", "省", "公司", "集团", "中心", "基地", "园", "港", "局", "厅", "队", "店", "桥",
                "业", "号")
# The verbs that take a watchword as their object (坚持稳中求进, 贯彻新发展理念, 践行…, 立足…) and the
# nouns that name its role after it: a role noun after 的 or in 工作总基调 is not part of
# the watchword (坚持以人民为中心的发展思想), a name noun right after it is (新发展理念).
_FRAME_VERBS = ("坚持", "贯彻", "践行", "树立", "弘扬", "发扬", "秉持", "秉承", "牢记", "恪守", "遵循", "立足")
_FRAME_ROLES = ("工作总基调", "总基调", "发展思想", "方针", "主线", "思想")
_FRAME_NAMES = ("理念", "精神", "原则", "战略", "格局", "观", "共同体")
#: the names a framed phrase is read without (:func:`_framed_cores`)
_CORE_NAMES = (*_FRAME_NAMES, "道路")
# 应X尽X, 能X则X, 宜X则X: the first and third characters of an ABCB formula of obligation or condition
_MODAL_FRAMES = frozenset({"应尽", "能则", "宜则"})
_MAX_SEGMENT = 12
_MAX_PHRASE = 12
_QUOTE_PAIRS = (("“", "”"), ("‘", "’"))
_PUNCT_STRIP = re.compile(r"[、，,“”‘’\s]")
# a registry expansion that is a list of two or more short items joined by 、, and nothing else
_LIST_EXPANSION = re.compile(f"[{_HAN}]{{2,8}}(?:、[{_HAN}]{{2,8}})+")
# one that is two to six clauses joined by ， (全面从严治党永远在路上，党的自我革命永远在路上): a
# sentence formula, located as written
_CLAUSE_EXPANSION = re.compile(f"[{_HAN}、]{{3,30}}(?:，[{_HAN}、]{{3,30}}){{1,5}}")


def _check_signals(signals: Iterable[str] | None) -> tuple[str, ...]:
    if signals is None:
        return SIGNALS
    if isinstance(signals, str):
        signals = (signals,)
    chosen = tuple(signals)
    bad = [s for s in chosen if s not in SIGNALS]
    if bad or not chosen:
        raise ValueError(f"signals={chosen!r}; allowed: any of {SIGNALS}")
    return chosen


# ---------------------------------------------------------------------------
# General vocabulary: what counts as an ordinary word
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _dictionary_text() -> str:
    """jieba's general dictionary file (``word frequency part-of-speech`` lines); jieba is not called."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return ""
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    return "\n" + path.read_text(encoding="utf-8") if path.is_file() else ""


@lru_cache(maxsize=1)
def _general_vocabulary() -> frozenset[str]:
    """Words of jieba's general dictionary."""
    return frozenset(re.findall(r"^\S+", _dictionary_text(), re.M))


@lru_cache(maxsize=1)
def _dictionary_entries() -> dict[str, tuple[int, str]]:
    """(frequency, part of speech) of each word of the general dictionary, from its first line
    (a search of the whole file per word was a hot spot of statistical slogan discovery)."""
    entries: dict[str, tuple[int, str]] = {}
    for line in _dictionary_text().split("\n"):
        word, _, rest = line.partition(" ")
        if word and _ and word not in entries:
            parts = line.split()
            entries[word] = (int(parts[1]), parts[2]) if len(parts) == 3 and parts[1].isdigit() else (0, "")
    return entries


def _dictionary_entry(word: str) -> tuple[int, str]:
    """(frequency, part of speech) of a word of the general dictionary; (0, "") if absent."""
    return _dictionary_entries().get(word, (0, ""))


@lru_cache(maxsize=1 << 16)  # the same phrases are split again and again, by several rules
def _pieces(s: str, vocab: frozenset[str]) -> tuple[str, ...]:
    """Split ``s`` into the fewest general-dictionary words (ties: fewer single characters).

    Cached, so a tuple: the same split is handed to every caller."""
    n = len(s)
    best: list[tuple[int, int, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, 0, [])
    for i in range(n):
        here = best[i]
        if here is None:
            continue
        for j in range(i + 1, min(n, i + 8) + 1):
            w = s[i:j]
            if j - i > 1 and w not in vocab:
                continue
            cand = (here[0] + 1, here[1] + (j - i == 1), here[2] + [w])
            prev = best[j]
            if prev is None or cand[:2] < prev[:2]:
                best[j] = cand
    final = best[n]
    assert final is not None
    return tuple(final[2])


def _compressed(s: str, vocab: frozenset[str]) -> bool:
    """A phrase that the general dictionary cannot read as ordinary words.

    Abbreviated watchwords and coinages (民呼我为, 急难愁盼, 放管服, 蓉漂, 江理论津)
    fall apart into one-character content words; ordinary compounds (主题教育,
    关键小事) and phrases glued by particles (保障和改善民生) do not.
    """
    han = "".join(_HAN_RE.findall(s))
    if len(han) < 2 or han in vocab or len(han) != len(s.replace(" ", "")):
        return False
    pieces = _pieces(han, vocab)
    singles = [p for p in pieces if len(p) == 1 and p not in _FUNCTION_CHARS and p not in _CN_NUM]
    if len(han) == 2:
        return len(singles) == 2
    return len(singles) >= 2 and len(pieces) >= math.ceil(len(han) / 2)


# ---------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------


@dataclass
class _Doc:
    doc_id: str
    text: str
    bounds: bytearray  # 1 where a token ends (offsets 0 to len(text)); a set of ints cost 50 bytes each
    masked: bytearray  # 1 inside 《…》
    quoted: bytearray = field(default_factory=bytearray)
    # boundaries the segmenter missed, found by a pattern (马克思主义|中国化时代化大众化)
    overruled: set[int] = field(default_factory=set)
    # 1 where a token ends or a neighbour is not a Chinese character (offsets 0 to len(text)):
    # what ``_edge`` asks, but for ``overruled``, looked up once instead of two regex matches
    # per call (hundreds of thousands of calls per corpus); computed from the rest when not given
    edges: bytearray = field(default_factory=bytearray)

    def __post_init__(self) -> None:
        if len(self.edges) != len(self.text) + 1:
            import numpy as np

            points = np.frombuffer(self.text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            han = _han_mask(points)
            edges = np.frombuffer(bytes(self.bounds), dtype=np.uint8).astype(bool)
            edges[0] = edges[-1] = True
            edges[1:-1] |= ~han[:-1] | ~han[1:]
            # but none inside a run of ASCII letters, digits and + (the segmenter cuts 1+4+N into
            # five tokens): a known 1+4 is not used inside 1+4+N
            ascii_unit = _ascii_unit(points)
            edges[1:-1] &= ~(ascii_unit[:-1] & ascii_unit[1:])
            self.edges = bytearray(edges.astype(np.uint8).tobytes())

    def bounded(self, start: int, end: int) -> bool:
        # _edge twice, inline: called hundreds of thousands of times per corpus
        n, edges, overruled = len(self.text), self.edges, self.overruled
        return ((start <= 0 or start >= n or edges[start] or start in overruled)
                and (end <= 0 or end >= n or edges[end] or end in overruled))

    def _edge(self, i: int) -> bool:
        return i <= 0 or i >= len(self.text) or self.edges[i] or i in self.overruled


def _ascii_unit(points):  # noqa: ANN001, ANN202 (numpy arrays: numpy is imported when needed)
    """Which of the code points ``points`` (uint32) are ASCII letters, digits or ``+``, as bools."""
    import numpy as np

    letter = ((points | np.uint32(32)) - np.uint32(ord("a"))) <= np.uint32(25)  # A-Z and a-z (| 32: lower case)
    return letter | ((points - np.uint32(ord("0"))) <= np.uint32(9)) | (points == np.uint32(ord("+")))


_BOOK = re.compile(r"《[^《》\n]*》")


def _make_doc(doc_id: str, text: str, token_lengths: Iterable[int]) -> _Doc:
    import numpy as np

    masked = bytearray(len(text))
    for m in _BOOK.finditer(text):
        masked[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    bounds = np.zeros(len(text) + 1, dtype=np.uint8)
    # token lengths usually come as an array: iterating over one element by element was slow
    lengths = token_lengths if isinstance(token_lengths, np.ndarray) else np.fromiter(token_lengths, dtype=np.int64)
    bounds[np.cumsum(lengths, dtype=np.int64)] = 1
    return _Doc(str(doc_id), text, bytearray(bounds.tobytes()), masked)


def _prepare_docs(corpus: pd.DataFrame, tokenizer: Tokenizer, lengths: list | None = None) -> list[_Doc]:
    """Documents with their token boundaries, from ``tokenizer`` or from given token lengths."""
    pairs = corpus[["doc_id", "text"]].itertuples(index=False)
    if lengths is not None:
        return [_make_doc(doc_id, text, n) for (doc_id, text), n in zip(pairs, lengths)]
    return [_make_doc(doc_id, text, map(len, tokenizer.cut(text))) for doc_id, text in pairs]


# ---------------------------------------------------------------------------
# Candidates
# ---------------------------------------------------------------------------


class _Cand(NamedTuple):
    """A candidate occurrence. A tuple: hundreds of thousands of them on large corpora, and a
    tuple of strings and numbers is cheap to make, to pickle (as a plain tuple, :func:`_as_tuples`)
    and to keep (the garbage collector stops tracking it), unlike an object with attributes."""

    doc_id: str
    start: int
    end: int
    surface: str
    signal: str
    kind: str
    key: str  # canonical surface of this candidate
    quoted: bool = False
    strong: bool = True
    segments: tuple[str, ...] = ()


def _is_han(s: str) -> bool:
    return _HAN_RUN.fullmatch(s) is not None


@lru_cache(maxsize=1 << 16)  # asked of every run of every series; the same lists recur
def _template(segments: tuple[str, ...]) -> tuple[bool, bool]:
    """(same length, strong template) for a series of segments."""
    lengths = {len(s) for s in segments}
    if len(lengths) != 1:
        return False, False
    if len(set(segments)) < len(segments):
        return False, False
    length = lengths.pop()
    # a shared particle alone is no template (积极的态度、务实的举措、有效的成果); the columns of
    # characters through zip, and each test only when the one before fails (a hot spot: called
    # for every run of every series)
    shared = any(column[0] not in "的地得" and column.count(column[0]) == len(column) for column in zip(*segments))
    return True, shared or (length >= 4 and all(_abac_kind(s) for s in segments)) or _compressed_triples(segments)


def _compressed_triples(segments: list[str]) -> bool:
    """Three or more three-character items, none an ordinary word, each a single character
    before the rest (抓重点、补短板、强弱项; 知敬畏、存戒惧、守底线; 兜底线、织密网、建机制):
    the verb-object or modifier-noun template of coined series, unlike word lists
    (全方位、多层次、立体化) or names (示范区、高新区、开发区)."""
    if len(segments) < 3 or any(len(s) != 3 or not _is_han(s) for s in segments):
        return False
    vocab = _general_vocabulary()
    # the dictionary's entries of frequency 3 or so (促发展, 办实事) are phrases, not ordinary words
    return all(_dictionary_entry(s)[0] <= 5 and (s[1:] in vocab if s in vocab else len(_pieces(s, vocab)[0]) == 1)
               for s in segments)


def _list_of_things(segs: tuple[str, ...], length: int) -> bool:
    """Items of ``length`` characters that are noun phrases or words of the dictionary that are not
    idioms (基本养老、基本医疗; 市场化、法治化; 学前教育、特殊教育): a list of things, not a formula."""
    return any((freq > 5 and (length == 3 or pos != "i")) or (length >= 4 and _nominal(g))
               for g, (freq, pos) in zip(segs, map(_dictionary_entry, segs)))


def _trim_series(doc: _Doc, spans: list[tuple[int, int]], closed_left: bool, closed_right: bool, *,
                 joined: bool = False) -> list[list[tuple[int, int]]]:
    """Cut a raw series into runs of equal-length segments, trimming the outer ones.

    ``joined``: the last segment follows 和/及/与/到; of the interior's length, it closes the
    series even without the template (形式主义、官僚主义、享乐主义和奢靡之风).
    """
    text = doc.text
    out: list[list[tuple[int, int]]] = []
    k = len(spans)
    if k < 2:
        return out
    if k == 2:
        # every run kept below is a pair, and _fit gives a pair exactly when both items are of
        # ``length`` or longer and cut at a token boundary there: ``pair`` tests that inline and
        # makes the pair _fit would make, without calling it (two-item series are half of all
        # series, and most lengths tried do not fit)
        (s0, e0), (s1, e1) = spans
        l0, l1 = e0 - s0, e1 - s1
        n, edges, overruled = len(text), doc.edges, doc.overruled
        # (``doc.bounded`` inline; the end of the first item and the start of the second are the
        # same for every length, so asked once)
        end0 = e0 <= 0 or e0 >= n or edges[e0] or e0 in overruled
        start1 = s1 <= 0 or s1 >= n or edges[s1] or s1 in overruled

        def pair(length: int) -> list[tuple[int, int]] | None:
            a, b = e0 - length, s1 + length
            if not ((l0 == length or (l0 > length and end0 and (a <= 0 or a >= n or edges[a] or a in overruled)))
                    and (l1 == length or (l1 > length and start1 and (b <= 0 or b >= n or edges[b] or b in overruled)))):
                return None
            return [(s0 if l0 == length else _item_start(doc, a, e0, s1), e0), (s1, b)]

        # (the items of a pair ``run`` made by ``pair`` are text[run[0][0] : e0] and text[s1 : run[1][1]];
        # ``strong``: some run kept has a strong template, asked as each is kept)
        strong = False
        options = []
        if closed_left:
            options.append(l0)
        if closed_right:
            options.append(l1)
            # a last item glued to the noun it qualifies, which ends the clause (看病难、看病贵问题。):
            # the pair before the noun, when it is a short parallel pair (not any pair sharing a
            # character, which repetition would then accept: 判断、果断; 远程教育、远程医疗)
            for m in (2, 3):
                run = pair(l1 - m) if 3 <= l1 - m <= 4 else None
                if run and _headed(doc, run[1][1]) and _parallel_pair([text[s:e] for s, e in run]):
                    out.append(run)
                    strong = strong or _template((text[run[0][0] : e0], text[s1 : run[1][1]]))[1]
        if not options:
            options = list(range(min(l0, l1), 1, -1))
        for length in sorted(set(options), reverse=True):
            run = pair(length)
            if run is None:
                continue
            # a pair without a template may still be quoted as one (judged in emit)
            template = _template((text[run[0][0] : e0], text[s1 : run[1][1]]))[1]
            if (closed_left and closed_right) or template:
                if run not in out:  # the pair before a head noun may be this run already
                    out.append(run)
                    strong = strong or template
                break
        if closed_left and closed_right and not strong:
            # a closed pair whose outer items hold a word of the clause (是|极不寻常、极不平凡|的五年):
            # the template, when trimming at token boundaries gives one, is the pair, unless it is
            # a list of things (推进|基本养老、基本医疗; 市场化、法治化; 学前教育、特殊教育): noun phrases,
            # words of the dictionary that are not idioms
            for length in range(min(l0, l1) - 1, 2, -1):
                run = pair(length)
                if run is None:
                    continue
                segs = (text[run[0][0] : e0], text[s1 : run[1][1]])
                if _template(segs)[1]:
                    if not _list_of_things(segs, length):
                        out.append(run)
                    break
        return out
    # split at interior segments whose length differs from their interior neighbours
    lengths = [e - s for s, e in spans]
    i = 1
    while i < k - 1:
        j = i
        while j + 1 < k - 1 and lengths[j + 1] == lengths[i]:
            j += 1
        length = lengths[i]
        lo = i - 1
        hi = j + 1
        run = _fit(doc, spans[lo : hi + 1], length, closed_left or lo > 0, closed_right or hi < k - 1)
        core = spans[i : j + 1]
        # (the places where every item of the core has one character: its items' columns, through zip)
        shared = [p for p, column in enumerate(zip(*[text[a:b] for a, b in core])) if column.count(column[0]) == len(column)
                  ] if len(core) >= 2 else []
        if len(core) >= 4:
            # an over-long series: a stretch of three or more interior items sharing more places than
            # the whole interior, broken by the items around it (科技强国、…、交通强国、数字中国、
            # 智慧社会 share only 国), is a series of its own, its neighbours as its outer items
            # (kept if they fit its template)
            stretches = 0
            a = i
            while a < j - 1:
                places = [p for p in range(length) if text[spans[a][0] + p] == text[spans[a + 1][0] + p]
                          and text[spans[a][0] + p] not in "的地得"]
                b = a + 2
                while b <= j and all(text[spans[b][0] + p] == text[spans[a][0] + p] for p in places):
                    b += 1
                if b - a >= 3 and len(places) > len(shared) and b - a < len(core):
                    stretches += 1
                    for sub in _trim_series(doc, spans[a - 1 : b + 1], closed_left or a > 1, closed_right or b < k - 1):
                        # not the runs that take in a neighbour breaking the stretch's template
                        if sub not in out and all(text[x + p] == text[spans[a][0] + p] for x, _ in sub for p in places):
                            out.append(sub)
                a = max(b - 1, a + 1)
            if stretches:
                i = j + 1
                continue
        if shared and len(run) >= 2:
            out.append(run)
        if shared:
            # the interior fixes a positional template: an outer segment is kept, trimmed to it,
            # only if it fits (伟大斗争，伟大工程，伟大事业，伟大梦想，紧密联系 ends at 伟大梦想);
            # two shared positions are evidence enough to cut where the segmenter did not
            # (住有所居、弱有所扶上不断取得新进展)
            vocab = _general_vocabulary()

            def fits(a: int, b: int) -> bool:
                return (b - a == length and all(text[a + p] == text[core[0][0] + p] for p in shared)
                        and (doc.bounded(a, b) or (len(shared) >= 2 and text[a - 1 : a + 1] not in vocab
                                                   and text[b - 1 : b + 1] not in vocab)))
            def framed(a: int, b: int) -> bool:
                # a longer last item holding the template at its head or at its tail
                # (…、改革政策要实、社会政策要托底; …、社会更加和谐、人民生活更加殷实)
                item = text[a:b]
                tmpl = text[core[0][0] : core[0][1]]
                return (len(shared) >= 2 and doc.bounded(a, b) and _is_han(item) and not any(ch in item for ch in "的和与及")
                        and (all(item[p] == tmpl[p] for p in shared) or all(item[p - length] == tmpl[p - length] for p in shared)))
            (s0, e0), (s1, e1) = spans[lo], spans[hi]
            run = ([(e0 - length, e0)] if e0 - s0 >= length and fits(e0 - length, e0) else []) + core
            # (the last item may be shorter than the template, or empty where 和 ends the text)
            long_enough = e1 - s1 >= length
            closes = (long_enough and joined and hi == k - 1 and k >= 4 and doc.bounded(s1, s1 + length)
                      and text[s1 + length - 1] not in _EDGE_FUNCTION)
            if long_enough and (fits(s1, s1 + length) or closes):
                run += [(s1, s1 + length)]
            else:
                longer = [b for b in range(s1 + length + 1, min(e1, s1 + length + 2) + 1) if framed(s1, b)]
                run += [(s1, longer[0])] if longer else []
        if len(run) >= 2 and run not in out:
            out.append(run)
        i = j + 1
    return out


def _item_start(doc: _Doc, a: int, e: int, next_start: int) -> int:
    """Where a first item trimmed to ``text[a:e]`` starts: not from a preposition standing alone
    that the next item (starting at ``next_start``) does not start with, but after it
    (对|共产党执政规律、社会主义建设规律、人类社会发展规律; but 以学铸魂、以学增智)."""
    text = doc.text
    if (e - a >= 5 and text[a] in _FUNCTION_CHARS and text[a] != text[next_start] and doc.bounded(a + 1, e)
            and len(_pieces(text[a:e], _general_vocabulary())[0]) == 1):
        return a + 1
    return a


def _fit(doc: _Doc, spans: list[tuple[int, int]], length: int, closed_left: bool, closed_right: bool) -> list[tuple[int, int]]:
    """Trim the first and last of two segments or more to ``length`` at token boundaries; drop misfits.

    An interior segment of another length drops the whole run."""
    last = len(spans) - 1
    # the interior first, then each outer segment on its own: one loop over all segments that
    # asked each one which place it had was a hot spot (called hundreds of thousands of times)
    for s, e in spans[1:last]:
        if e - s != length:
            return []
    text = doc.text
    run = []
    s, e = spans[0]
    if e - s == length:
        run.append((s, e))
    # in a series of coined three-character items the first may start where the segmenter glued
    # its verb to the word before (着|力保|基本、兜底线、促公平): a character and a word will do
    # (the items are looked at only for a first segment not cut at a token boundary)
    elif e - s > length and (doc.bounded(e - length, e) or (
            length == 3 and last >= 2 and doc.bounded(e - length + 1, e) and _compressed_triples(
                [text[e - 3 : e]] + [text[a:b] for a, b in spans[1:last]] + [text[a : a + 3] for a, b in spans[last:]]))):
        run.append((_item_start(doc, e - length, e, spans[1][0]), e))
    run += spans[1:last]
    s, e = spans[last]
    if e - s == length:
        run.append((s, e))
    elif e - s > length and doc.bounded(s, s + length):
        run.append((s, s + length))
    return run


def _common_prefix(strs: list[str]) -> str:
    # the prefix shared by all is the one shared by the first and the last in sorted order
    first, last = min(strs), max(strs)
    n = 0
    for a, b in zip(first, last):
        if a != b:
            break
        n += 1
    return first[:n]


def _common_suffix(strs: list[str]) -> str:
    return _common_prefix([x[::-1] for x in strs])[::-1]


def _affix_run(doc: _Doc, spans: list[tuple[int, int]], closed_right: bool) -> tuple[list[tuple[int, int]], str] | None:
    """Trim a series of segments of unequal length that share a head or a tail.

    保居民就业、保基本民生、…、保基层运转 share their head; 政党协商、人大协商、…、人民团体协商
    and 新型工业化、信息化、城镇化、农业现代化 share their tail. The interior segments fix
    the affix and the range of lengths; the first segment is cut at a token boundary
    to about that length (a tail) or at the affix (a head), the last one likewise,
    and a last part joined by 和/及/与 (廉洁政府和服务型政府) is split off when it fits.
    """
    if len(spans) < 3:
        return None
    text = doc.text
    (_, e0), (s1, e1), (s2, e2) = spans[:3]
    if text[e0 - 1] != text[e1 - 1] and text[s1] != text[s2:e2][:1]:
        # the first two items end differently and the second and third start differently: neither
        # a shared tail nor a shared head, as below, told without cutting every item (most series;
        # only the last item may be empty, where 和 ends the text)
        return None
    spans = list(spans)
    raw = [text[s:e] for s, e in spans]
    # (the affix first: it rejects most series)
    if len({r[-1:] for r in raw[:-1]}) > 1 and len({r[:1] for r in raw[1:]}) > 1:
        return None  # neither a shared tail nor a shared head: no affix (most series)
    if len({len(r) for r in raw[1:-1]} | {len(raw[0]), len(raw[-1])}) == 1:
        return None
    suffix = _common_suffix([raw[0], *raw[1:-1]])
    prefix = _common_prefix([*raw[1:-1], raw[-1]])
    affix, is_tail = (suffix, True) if len(suffix) >= len(prefix) else (prefix, False)
    inner = raw[1:-1]
    lo, hi = min(map(len, inner)), max(map(len, inner))
    middle = sorted(map(len, inner))[(len(inner) - 1) // 2]
    if not affix or len(affix) >= lo or all(ch in _FUNCTION_CHARS for ch in affix):
        return None
    s, e = spans[-1]
    for conj in "和及与":
        k = text.find(conj, s, e)
        if k > s and (text[s:k].endswith(affix) if is_tail else text[s:k].startswith(affix)):
            spans[-1:] = [(s, k), (k + 1, e)]
            break
    s0, e0 = spans[0]
    sl, el = spans[-1]
    # ``doc.bounded(i, i)`` inline (the same place asked twice, in a method call, for every place tried)
    n, edges, overruled = len(text), doc.edges, doc.overruled
    if is_tail:
        # the start nearest the typical length of the interior segments (ties: shorter)
        # not at a preposition standing alone (对|共产党执政规律、社会主义建设规律、…)
        vocab = _general_vocabulary()
        # ("的" not in text[i:e0] for each i: after the last 的 before e0, searched once)
        top = max(s0, e0 - hi - 2)
        de = text.rfind("的", top, e0)
        starts = [i for i in range(e0 - len(affix) - 1, top - 1, -1)
                  if (i <= 0 or i >= n or edges[i] or i in overruled) and text[i] not in _STAT_EDGE and de < i
                  and not (text[i] in _FUNCTION_CHARS and len(_pieces(text[i:e0], vocab)[0]) == 1)]
        if not starts:
            return None
        first = (min(starts, key=lambda i: (abs(e0 - i - middle), e0 - i)), e0)
        # (the shortest end only: the first found)
        end = next((j for j in range(sl + len(affix) + 1, min(el, sl + hi + 2) + 1)
                    if text[sl:j].endswith(affix) and (j <= 0 or j >= n or edges[j] or j in overruled)), None)
        last = (sl, end) if end is not None else None
    else:
        heads = [i for i in range(e0 - len(affix) - 1, max(s0, e0 - hi - 1) - 1, -1)
                 if text.startswith(affix, i) and (i <= 0 or i >= n or edges[i] or i in overruled)]
        if not heads:
            return None
        first = (heads[0], e0)
        ends = [j for j in range(sl + len(affix) + 1, min(el, sl + hi + 1) + 1)
                if (j <= 0 or j >= n or edges[j] or j in overruled) and text[j - 1] not in _EDGE_FUNCTION]
        last = (sl, min(ends, key=lambda j: (abs(j - sl - middle), j - sl))) if ends else None
    run = [first, *spans[1:-1]] + ([last] if last else [])
    segs = [text[a:b] for a, b in run]
    if len(run) < 3 or not all(g.endswith(affix) if is_tail else g.startswith(affix) for g in segs):
        return None
    # items are words or short phrases, not clauses joined by 的/和/与/及 (one search of them all, in C)
    if _JOINING.search("".join(segs)):
        return None
    if is_tail and len(affix) == 1 and max(map(len, segs)) >= 6:
        # clauses ending in one shared character (党员领导干部带头讲、区委宣讲团集中讲、…鲜活讲):
        # the formula is the last words (带头讲、集中讲、覆盖讲、鲜活讲) when all are token-bounded
        core = [(b - 3, b) for a, b in run]
        if all(b - a >= 3 and doc.bounded(b - 3, b) for a, b in run):
            return core, ""
        return None
    if len({len(g) for g in segs}) == 1:
        return None
    return run, affix


_SEG = f"[{_HAN}A-Za-z0-9]+"
_JOINING = re.compile("[的和与及]")
_SEG_RE = re.compile(_SEG)
_NO_NUMERALS = str.maketrans("", "", f"{_CN_NUM}0123456789")  # deletes numerals (str.translate)
# a series starts where a run of its characters starts (the lookbehind gives the same matches:
# without it the engine retried from every character of a run, quadratic in its length). Its
# items are possessive (++): a separator is never one of their characters, so giving some back
# cannot make a match, and the engine no longer tries, character by character, after every run
# that no separator follows (most of the text)
_SEG_ONCE = f"[{_HAN}A-Za-z0-9]++"
_SERIES = {
    "、": re.compile(f"(?<![{_HAN}A-Za-z0-9]){_SEG_ONCE}(?:、{_SEG_ONCE})+"),
    "，": re.compile(f"(?<![{_HAN}A-Za-z0-9]){_SEG_ONCE}(?:，{_SEG_ONCE})+"),
    "+": re.compile(f"(?<![{_HAN}])[{_HAN}]++(?:\\+[{_HAN}]++)+"),
}
_CONJUNCTIONS = re.compile("[和及与到]")
_PLUS_RUN = re.compile(f"[{_HAN}+]+")
_QUOTE_CHAIN = re.compile(r"“[^“”\n、，。；：]{1,12}”(?:、?“[^“”\n、，。；：]{1,12}”)+")
_QUOTED = (re.compile(r"“([^“”\n]{1,40})”"), re.compile(r"‘([^‘’\n]{1,40})’"))


#: Characters of the texts whose ， :func:`_paired_commas` judges at once: its arrays stay a few MB.
_PAIR_BATCH = 1 << 20


def _paired_commas(texts: list[str]) -> list[tuple[list[int], list[tuple[int, int]]]]:
    """For each text, the offsets of the ， between two items (runs of Chinese characters, letters
    and digits) that may start a run :func:`_series_candidates` keeps, and the stretches of the
    text where a series separated by ， may be kept: the places of such a series are asked of runs
    cut from it by :func:`_trim_series`, and it is cut only if one of its ， is paired (most are
    not, and cutting them was a hot spot) or if it may be a short series closing the sentence.

    A run's first two items come from the clauses ``a`` and ``b`` around a ， and are of one length
    ``n``: ``a`` whole and the head of ``b`` (``n`` the length of ``a``), the tail of ``a`` and
    ``b`` whole (that of ``b``), or, in a series of two clauses, the tail of ``a`` and the head of
    ``b`` two or three shorter than ``b`` and of three or four characters (a pair before the noun
    it qualifies; asked of every ，, which keeps a few more); an item cut one shorter, after a
    function character, breaks the template and is rejected. ``emit`` asks that they have the
    same character at two places or more and that ``n`` be at most ``_MAX_SEGMENT``. A short
    series closing the sentence has an item of 3 to 5 characters between two ， before its last
    one, which 。；！ or the end of the text follows. The stretches are the runs of items and ，
    that hold such a ，: the series are looked for there only (most text holds none).

    This mirrors :func:`_trim_series` and ``emit``: a change to how they cut or judge a series
    of clauses must be made here too. It relies on every series found by ``_SERIES["，"]`` being
    closed on both sides (its lookbehind and its possessive items see to it), so that a series
    of two clauses is cut only to the lengths above, never to any shorter one.

    Judged for all the ， of many texts at once with numpy (texts joined by line breaks, in
    batches of about ``_PAIR_BATCH`` characters), as a test of each series took as long as the rest.
    """
    import numpy as np

    out: list[tuple[list[int], list[tuple[int, int]]]] = []
    batch: list[str] = []
    size = 0
    for i, text in enumerate(texts):
        batch.append(text)
        size += len(text) + 1
        if size >= _PAIR_BATCH or i == len(texts) - 1:
            joined = "\n".join(batch)
            paired, lo, hi = _paired_comma_offsets(np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32))
            ends = np.cumsum([len(t) + 1 for t in batch])  # after each text and its line break
            starts = ends - np.array([len(t) + 1 for t in batch])
            bounds = zip(np.searchsorted(paired, starts).tolist(), np.searchsorted(paired, ends).tolist(),
                         np.searchsorted(lo, starts).tolist(), np.searchsorted(lo, ends).tolist(), starts.tolist())
            out += [((paired[a:b] - s0).tolist(), list(zip((lo[c:d] - s0).tolist(), (hi[c:d] - s0).tolist())))
                    for a, b, c, d, s0 in bounds]
            batch, size = [], 0
    return out


def _paired_comma_offsets(chars):  # noqa: ANN001, ANN202 (numpy arrays: numpy is imported when needed)
    """:func:`_paired_commas` of one text given as code points (uint32): the paired ， (a sorted
    int64 array) and the starts and ends of the stretches (two sorted int64 arrays)."""
    import numpy as np

    n = len(chars)
    none = np.zeros(0, dtype=np.int64)
    is_comma = chars == ord("，")
    commas = np.flatnonzero(is_comma[1:-1]) + 1
    if not len(commas):
        return none, none, none
    item = _han_mask(chars)
    for lo, hi in ((0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)):  # 0-9, A-Z, a-z
        item |= (chars - np.uint32(lo)) <= np.uint32(hi - lo)
    commas = commas[item[commas - 1] & item[commas + 1]]
    if not len(commas):
        return none, none, none
    # the clause before a ， starts after the last character that is not an item's before it, the
    # one after it ends at the next such character (the ， itself is one)
    others = np.flatnonzero(~item)
    at = np.searchsorted(others, commas)
    a_start = np.where(at > 0, others[np.maximum(at - 1, 0)] + 1, 0)
    b_end = np.where(at + 1 < len(others), others[np.minimum(at + 1, len(others) - 1)], n)
    b_start = commas + 1
    la, lb = commas - a_start, b_end - b_start
    # (where the item cut from ``a`` starts in it, how many places are compared) for each shape
    shift = la - lb
    shapes = [(np.zeros_like(la), np.where(la <= _MAX_SEGMENT, np.minimum(la, lb), 0)),
              (shift, np.where((shift > 0) & (lb <= _MAX_SEGMENT), lb, 0))]
    for cut in (2, 3):
        shapes.append((shift + cut, np.where((shift + cut > 0) & (lb - cut >= 3) & (lb - cut <= 4), lb - cut, 0)))
    places = np.arange(_MAX_SEGMENT)
    ok = np.zeros(len(commas), dtype=bool)
    for start, compared in shapes:
        # only the ， not yet kept whose shape compares two places or more, and only as many
        # places as the longest of them compares (the arrays are then much smaller)
        rows = np.flatnonzero((compared >= 2) & ~ok)
        if not len(rows):
            continue
        compared = compared[rows]
        width = places[: compared.max()]
        inside = width < compared[:, None]
        x = np.where(inside, (a_start[rows] + start[rows])[:, None] + width, 0)
        y = np.where(inside, b_start[rows][:, None] + width, 0)
        ok[rows] = ((chars[x] == chars[y]) & inside).sum(axis=1) >= 2
    # the ， before the last item of a short series closing the sentence: 。；！, a line break (the
    # end of a text of the batch) or the end after ``b``, and ``a`` of 3 to 5 characters after a ，
    after = chars[np.minimum(b_end, n - 1)]
    closes = (b_end == n) | (after == ord("。")) | (after == ord("；")) | (after == ord("！")) | (after == ord("\n"))
    short = closes & (la >= 3) & (la <= 5) & (a_start >= 1) & is_comma[np.maximum(a_start - 1, 0)]
    # the run of items and ， around each ， kept: every match of _SERIES["，"] lies in one
    kept = commas[ok | short]
    breaks = np.append(np.flatnonzero(~(item | is_comma)), n)  # (the end too: a text may be one run)
    at = np.searchsorted(breaks, kept)
    lo = np.where(at > 0, breaks[np.maximum(at - 1, 0)] + 1, 0)
    hi = breaks[at]
    lo, first = np.unique(lo, return_index=True)
    return commas[ok], lo, hi[first]


def _series_candidates(doc: _Doc, quoted_spans: list[tuple[int, int]], *,
                       paired: tuple[list[int], list[tuple[int, int]]] | None = None) -> list[_Cand]:
    """Series of items separated by 、, ， or + and chains of quotations. ``paired``:
    :func:`_paired_commas` of the text, when the caller has judged many texts at once."""
    text = doc.text
    cands: list[_Cand] = []
    # inside some quotation: the furthest end of the quotations opened by ``s`` reaches ``e``
    # (a scan of every quotation for every series was a hot spot)
    ordered = sorted(quoted_spans)
    opened = [qs for qs, _ in ordered]
    reach = list(accumulate((qe for _, qe in ordered), max))
    # quoted as one: a set, asked of most pairs (the list was scanned for each)
    quoted_as_one = set(quoted_spans)

    def is_quoted(s: int, e: int) -> bool:
        i = bisect_right(opened, s)
        return i > 0 and reach[i - 1] >= e

    masked = doc.masked
    if paired is None:
        paired = _paired_commas([text])[0] if "，" in text else ([], [])
    paired, comma_windows = paired

    def is_paired(s: int, e: int) -> bool:
        # one of the ， between ``s`` and ``e`` is in ``paired``
        i = bisect_left(paired, s)
        return i < len(paired) and paired[i] < e

    def three_short(parts: list[str]) -> bool:
        return len(parts) >= 3 and 3 <= len(parts[1]) <= 5 and len({len(p) for p in parts[1:-1]}) == 1

    def emit(run: list[tuple[int, int]], sep: str, quoted_chain: bool = False, affix: str = "", joined: bool = False,
             whole: bool = False) -> None:
        if len(run) == 2:  # (most runs: their items without a comprehension)
            (s0, e0), (s1, e1) = run
            segs = (text[s0:e0], text[s1:e1])
        else:
            segs = tuple([text[s:e] for s, e in run])
        if len(segs) == 2 and not affix and not _template(segs)[1] and not _idiom_pair(segs) and (
                (run[0][0], run[-1][1]) not in quoted_as_one or all(map(_numeral_led, segs))):
            # a pair without a strong template that is not quoted as one, nor two idioms, is rejected
            # below (its ``strong`` is the template's or, closed, :func:`_predicative_series`'s): tested
            # first, as a third of all runs are such pairs
            return
        if sep == "，" and not affix and sum(map(eq, segs[0], segs[1])) < 2 and not (
                len(segs) >= 3 and text[run[-1][1] : run[-1][1] + 1] in "。；！"):
            # rejected below (``places``, ``short_closed``) when the first two items have fewer than
            # two places in common and it cannot be three items closing the sentence: tested first,
            # in C, as most clauses separated by ， are rejected so
            return
        # (one search of the bytes from the first start to the last one first, in C: most runs
        # start nowhere in 《…》)
        if (masked.find(1, run[0][0], run[-1][0] + 1) >= 0 and any([masked[s] for s, _ in run])) or len(
                set(segs)) < len(segs):
            return
        # a closed series: the whole list (not a stretch of a longer list of other items:
        # 在高质量发展、民生保障、基层治理、生态保护、…方面), ending the clause or before 的
        # (…、治理有效、生活富裕的总要求), not running into a word (…、工作调度机制) nor open,
        # a list of examples (以随机抽查、调研访谈、实地查看等方式). A pair may run into the noun it
        # qualifies when that noun ends the clause (看病难、看病贵问题。); a longer series may not
        # (…、清单推进、工作调度机制。 is a list of the mechanism's parts, and was a false positive)
        end = run[-1][1]
        after = text[end : end + 1]
        closed = whole and (after == "的" or not _HAN_RE.match(after or "。") or (len(run) == 2 and _headed(doc, end)))
        # the tests below that need no template come first: most series (clauses separated by ，)
        # fail them, and the template was the hot spot. Wherever the tests after the template are
        # reached, ``length`` is the shortest item: ``places`` and ``short_closed`` are theirs
        # (asked only of clauses separated by ，)
        if sep == "，":
            places = sum(column.count(column[0]) == len(column) for column in zip(*segs))
            short_closed = (closed and len(segs) >= 3 and not affix and 3 <= min(map(len, segs)) <= 5
                            and after in "。；！")
            if not (len(affix) >= 2 or places >= 2 or short_closed):
                return
        if max(map(len, segs)) > _MAX_SEGMENT:
            return
        if affix:
            # unequal segments sharing a head or a tail; the shortest decides as ``length``.
            # Three such segments are as often an ordinary list (先进制造业、现代服务业、
            # 战略性新兴产业) as a formula: they must be quoted or repeated, unless they share
            # a frame of three characters or more (…建在链上、…聚在链上、…抓在链上)
            # or are short and share a head of two characters (面向现代化、面向世界、面向未来)
            # or the suffix of an abstract noun (弱化、虚化、边缘化)
            strong = len(segs) >= 4 or len(affix) >= 3 or (
                len(affix) == 2 and all(g.startswith(affix) for g in segs) and max(map(len, segs)) <= 5) or (
                affix in ("化", "性") and all(g.endswith(affix) for g in segs) and max(map(len, segs)) <= 5)
            length = min(map(len, segs))
            if max(map(len, segs)) > 3 * length:
                return
        else:
            same, strong = _template(segs)
            strong = strong or (same and closed and _predicative_series(segs))
            if not same:
                if not _outer_framed(segs):
                    return
                strong = True
            if joined and len(segs) >= 4:
                strong = strong or _template(segs[:-1])[1]  # the part after 和 may leave the template
            length = len(segs[1])
        quoted = quoted_chain or is_quoted(run[0][0], run[-1][1])
        # (the first two items first: they differ without their numerals, which ends the test, in most series)
        if segs[0].translate(_NO_NUMERALS) == segs[1].translate(_NO_NUMERALS) and len(
                {g.translate(_NO_NUMERALS) for g in segs}) == 1:
            return  # items told apart only by a numeral count things (十六大、十七大、十八大)
        # (map in C rather than a generator: asked of every series; their length is tested above)
        # (the items of a series separated by 、 or ， are cut from a match of _SERIES, whose items are
        # made of those characters only: only an empty one fails; the quotations of a chain are asked)
        if not (all(segs) if sep != "”“" else all(map(_SEG_RE.fullmatch, segs))) or any(map(str.isdigit, segs)):
            return
        if length == 1 and not (quoted and len(segs) >= 3):
            return
        # clauses separated by ， need two shared places, or one in three or more short items that
        # close the sentence (人民有信仰，国家有力量，民族有希望。): ``places`` and ``short_closed`` above
        if sep == "，" and not (strong and (len(affix) >= 2 or places >= 2 or short_closed)):
            return
        # (the first item's tail first: the common tail ends so only if every item does)
        if strong and not quoted and segs[0].endswith(_PLACE_TAILS) and (tail := _common_suffix(segs)).endswith(
                _PLACE_TAILS) and (affix or all(
                len({g[i] for g in segs}) > 1 for i in range(length - len(tail)))):
            return
        if not strong and len(segs) < 3 and ((run[0][0], run[-1][1]) not in quoted_as_one or all(map(_numeral_led, segs))):
            # a pair without a template is a formula only when quoted as one (“不忘初心、牢记使命”),
            # and numbered formulas quoted together stay apart (“四下基层、三访三促”)
            return
        if not quoted and not all(map(_HAN_RUN.fullmatch, segs)):  # _is_han of each, mapped in C
            return
        # a particle on the edge marks a fragment (在以学铸魂), unless every item has it (和睦相处、和衷共济)
        # or it is the first character of a word (和平、发展、合作、共赢) or a verb before its object
        # in a coined series (把方向、谋大局、定政策、促改革)
        particle_first = segs[0][0] in _EDGE_FUNCTION and doc._edge(run[0][0] + 1) and not _compressed_triples(segs)
        particle_last = segs[-1][-1] in _EDGE_FUNCTION and doc._edge(run[-1][1] - 1)
        if length > 1 and ((particle_first and len({g[0] for g in segs}) > 1)
                           or (particle_last and len({g[-1] for g in segs}) > 1)):
            return
        # 完整、准确、全面; 简约、安全、精彩的…: qualities, not things, closing a clause or before 的
        # (before a verb, qualities say how it is done: 完整、准确、全面贯彻新发展理念)
        # (the dictionary is asked whether a verb follows only when that can matter)
        qualities = length == 2 and len(segs) >= 3 and (
            closed or (whole and _dictionary_entry(text[run[-1][1] : run[-1][1] + 2])[1] == "v")) and _qualities(segs)
        strong = strong or qualities
        if length == 2 and not strong and not quoted and len(segs) < 4 and not (
                len(segs) == 3 and _is_han("".join(segs)) and all(_dictionary_entry(g)[1] == "v" for g in segs)):
            # 中央、省委、市委: a short list of two-character words; three verbs (鼓励、支持、引导) are
            # a stance, judged by its repetition
            return
        if (len(segs) == 2 and not (_framed_pair(segs) or (closed and _parallel_pair(segs)))) or (length == 2 and not qualities and not (strong and len(segs) >= 3 and _coined_member(segs))):
            # pairs of parallel clauses and lists of two-character words (钢材、木材、石材;
            # 创新、协调、绿色、开放、共享) are everywhere; a formula among them is quoted or repeated,
            # or has a shared character and a coined item (自治、法治、德治; 众创、众包、众扶、众筹)
            strong = False
        key = "、".join(segs)
        cands.append(
            _Cand(doc.doc_id, run[0][0], run[-1][1], text[run[0][0] : run[-1][1]], "enumeration", "enumeration", key,
                  quoted=quoted, strong=strong, segments=tuple(segs))
        )

    def plus_windows() -> Iterator[tuple[int, int]]:
        # the stretches of Chinese characters and + around each +: a match of 网+政务 holds a + and
        # only those characters, so the text is scanned there only (the whole text took as long as
        # all the series separated by 、)
        i = text.find("+")
        while i >= 0:
            lo = i
            while lo > 0 and (text[lo - 1] == "+" or _HAN_RE.match(text, lo - 1)):
                lo -= 1
            hi = _PLUS_RUN.match(text, i).end()
            yield lo, hi
            i = text.find("+", hi)

    for sep, pattern in _SERIES.items():
        if sep not in text:
            continue  # every match holds the separator (a scan of the text for nothing)
        windows = plus_windows() if sep == "+" else comma_windows if sep == "，" else [(0, len(text))]
        for m in (m for lo, hi in windows for m in pattern.finditer(text, lo, hi)):
            if sep == "，" and not is_paired(m.start(), m.end()) and not (
                    text[m.end() : m.end() + 1] in "。；！" and three_short(m.group(0).split(sep))):
                # most matches are clauses, which emit rejects, but only after cutting them into runs:
                # rejected here when it provably would. A series of clauses needs two places shared by
                # its items (then one of its ， is in ``paired``) or must be three short items closing
                # the sentence (then the whole list; its inner clauses all of one length, 3 to 5, and
                # 。；！ after it)
                continue
            parts = m.group(0).split(sep)
            spans = []
            pos = m.start()
            for part in parts:
                spans.append((pos, pos + len(part)))
                pos += len(part) + 1
            # a series continues past 和/及/与 when the next part fits the template
            # (the regex matched at the position: no one-character string made)
            if sep == "、":
                # searched in the whole text, a match is a whole stretch of items: its lookbehind
                # rules out a Chinese character before it, its possessive items one after it
                closed_left = closed_right = True
            else:
                # (a window of ， or + may cut a stretch)
                closed_left = m.start() == 0 or not _HAN_RE.match(text, m.start() - 1)
                closed_right = m.end() == len(text) or not _HAN_RE.match(text, m.end())
            joined = False
            if sep == "、":
                # 简约、安全、精彩的北京冬奥会、冬残奥会: the series ends before 的 in an item that
                # follows items without it; what comes after is another list
                # (one search of the interior first: most series hold no 的 there)
                for j in range(1, len(spans) - 1) if text.find("的", spans[1][0], spans[-2][1]) >= 0 else ():
                    k = text.find("的", *spans[j])
                    if k > spans[j][0] and "的" not in text[spans[j - 1][0] : spans[j - 1][1]]:
                        spans = spans[:j] + [(spans[j][0], k)]
                        closed_right = True
                        break
                s, e = spans[-1]
                tail = text[s:e]
                # 从站起来、富起来到强起来: after 从, 到 closes a sequence as 和 closes a list
                # (one search for any of them after the first character first: most last items hold none)
                for conj in "和及与到" if _CONJUNCTIONS.search(tail, 1) else "":
                    k = tail.find(conj)
                    if k <= 0:
                        continue
                    before = spans[-2][1] - spans[-2][0]
                    if conj == "到":
                        # the first segment is not yet trimmed: 从 must be in it
                        first = text[spans[0][0] : spans[0][1]]
                        ok = "从" in first[:-k] and (k == before if len(spans) > 2 else k < before)
                    else:
                        ok = k == before
                    if k > 0 and ok:
                        spans[-1] = (s, s + k)
                        spans.append((s + k + 1, e))
                        joined = True
                        break
            if sep == "+":
                run = spans
                segs = [text[s:e] for s, e in run]
                if len(segs) >= 3 and all(2 <= len(g) <= 8 for g in segs) and doc.bounded(run[0][0], run[-1][1]):
                    cands.append(_Cand(doc.doc_id, run[0][0], run[-1][1], m.group(0), "enumeration", "enumeration",
                                       "+".join(segs), quoted=is_quoted(run[0][0], run[-1][1]), segments=tuple(segs)))
                continue
            for run in _trim_series(doc, spans, closed_left, closed_right, joined=joined):
                emit(run, sep, joined=joined and run[-1][0] == spans[-1][0], whole=len(run) == len(spans))
            if sep == "、" and len(spans) >= 3:  # (_affix_run needs three items: most series are pairs)
                fitted = _affix_run(doc, spans, closed_right)
                if fitted:
                    emit(*fitted[:1], sep, affix=fitted[1])
            if sep == "、" and not joined:
                run = _framed_series(doc, spans, closed_right)
                if run:
                    segs = [text[a:b] for a, b in run]
                    cands.append(_Cand(doc.doc_id, run[0][0], run[-1][1], text[run[0][0] : run[-1][1]], "framed", "enumeration",
                                       "、".join(segs), quoted=is_quoted(run[0][0], run[-1][1]), segments=tuple(segs)))
    for m in _QUOTE_CHAIN.finditer(text):
        run = [(q.start() + 1, q.end() - 1) for q in re.finditer(r"“[^“”]*”", m.group(0))]
        run = [(s + m.start(), e + m.start()) for s, e in run]
        segs = [text[s:e] for s, e in run]
        if all(_numeral_led(g) for g in segs) and not (len({len(g) for g in segs}) == 1 and any(
                len({g[i] for g in segs}) == 1 for i in range(1, len(segs[0])))):
            continue  # “六稳”“六保”: each quoted formula stands alone, unless they share a template (“一周一计划”“一周一调度”)
        if min(map(len, segs)) >= 4 and not _template(tuple(segs))[1]:
            continue  # “一国两制”、“港人治港”、“澳人治澳”: phrases quoted one by one are judged one by one
        emit(run, "”“", quoted_chain=True)
    return cands


_FRAME_VERB_RE = re.compile("|".join(sorted(("贯彻落实", *_FRAME_VERBS), key=len, reverse=True)))
_SERIES_ROLES = ("定位", "方针", "原则", "要求", "理念", "思想")


# Tags of the nouns that may name a whole list after it (看病难、看病贵问题; 蓝天、碧水、净土保卫战)
_HEAD_NOUN_TAGS = frozenset({"n", "nz"})


def _headed(doc: _Doc, end: int) -> bool:
    """A noun of two or three characters after ``end`` that ends the clause: the head of which the
    series before it is the whole attribute (群众看病难、看病贵问题。), so the series is closed."""
    text = doc.text
    for n in (2, 3):
        if (end + n <= len(text) and not _HAN_RE.match(text, end + n) and _HAN_RUN.fullmatch(text, end, end + n)
                and doc.bounded(end, end + n)
                and _dictionary_entry(text[end : end + n])[1] in _HEAD_NOUN_TAGS):
            return True
    return False


def _framed_series(doc: _Doc, spans: list[tuple[int, int]], closed_right: bool) -> list[tuple[int, int]] | None:
    """A series named as the object of a verb of commitment, whatever its template:
    坚持人民至上、生命至上，…; 坚持立党为公、执政为民; 坚持解放思想、实事求是、与时俱进、
    求真务实; 坚持照镜子、正衣冠、洗洗澡、治治病的要求. The first item starts after the verb,
    the last ends the clause, or comes before 的 or a noun of its role (定位, 方针, 要求…).
    Items are two to eight characters, none more than twice as long as another, the outer
    ones at most two longer than the longest inner one (not …、依法行政共同推进, 反腐败无禁区、…),
    without particles; an open list (…等机制) is no formula. A pair must share a character
    in the same place (人民至上、生命至上; 外防输入、内防反弹; not 突出重点、抓住关键)."""
    text = doc.text
    s0, e0 = spans[0]
    # (one search first: most first items hold no such verb, and then no list of them is made)
    if not 2 <= len(spans) <= 6 or not _FRAME_VERB_RE.search(text, s0, e0):
        return None
    verbs = list(_FRAME_VERB_RE.finditer(text, s0, e0))
    first = (verbs[-1].end(), e0)
    sl, el = spans[-1]
    tail = text[sl:el]
    if "等" in tail or "等" in text[s0:e0]:
        return None
    if "的" in tail:
        last = (sl, sl + tail.index("的"))
    elif tail.endswith(_SERIES_ROLES) and len(tail) > 2:
        last = (sl, el - 2)
    elif closed_right:
        last = (sl, el)
    else:
        return None
    run = [first, *spans[1:-1], last]
    segs = [text[a:b] for a, b in run]
    lengths = [len(g) for g in segs]
    if (min(lengths) < 2 or max(lengths) > 8 or max(lengths) > 2 * min(lengths) or len(set(segs)) < len(segs)
            or any(not _is_han(g) or any(ch in g for ch in "的和与及") for g in segs)
            or any(doc.masked[a] for a, _ in run) or not doc.bounded(run[0][0], run[-1][1])):
        return None
    inner = lengths[1:-1] or [min(lengths)]
    if max(lengths[0], lengths[-1]) > max(inner) + 2 and len(segs) > 2:
        return None
    if len(segs) == 2 and (lengths[0] != lengths[1] or all(x != y or x in "的地得" for x, y in zip(*segs))
                           or (lengths[0] == 4 and any(map(_nominal, segs)))):
        return None  # 目标导向、效果导向: two noun phrases
    return run


def _outer_framed(segs: list[str]) -> bool:
    """Equal interior items with two or more shared positions, and a last item up to two
    characters longer holding those characters at its head or at its tail."""
    inner = segs[1:-1]
    if len(segs) < 4 or len({len(g) for g in inner}) != 1:
        return False
    length = len(inner[0])
    shared = [p for p in range(length) if len({g[p] for g in inner}) == 1]
    if len(shared) < 2:
        return False
    tmpl = inner[0]
    return all(len(g) == length and all(g[p] == tmpl[p] for p in shared) or length < len(g) <= length + 2 and (
        all(g[p] == tmpl[p] for p in shared) or all(g[p - length] == tmpl[p - length] for p in shared)) for g in segs[-1:]) and (
        len(segs[0]) == length and all(segs[0][p] == tmpl[p] for p in shared))


def _framed_pair(segs: list[str]) -> bool:
    """Two parallel phrases in a frame: the shared characters form two separate blocks
    (以电代煤、以气代煤; 遇急有助、遇困有帮; 精准扶贫、精准脱贫), or a middle character
    between different ones (开好局、起好步), or the one is the other reordered (脱真贫、真脱贫), or both
    are ABAC patterns of one A, even words of the dictionary (能上能下、能进能出). A shared head, middle or tail word alone (忠于祖国、忠于人民)
    is no frame; longer clauses (…的组织监督、…的民主监督) are parallel prose."""
    a, b = segs
    # (the lengths and first characters first: most pairs asked are not two patterns of one A)
    if len(a) == len(b) == 4 and a[0] == b[0] and _abac_kind(a) == "ABAC" and _abac_kind(b) == "ABAC":
        return True  # two patterns of one frame, even of dictionary words (能上能下、能进能出)
    if len(a) != len(b) or not 3 <= len(a) <= 5 or (a in _general_vocabulary() and b in _general_vocabulary()):
        return False  # two ordinary words (代言人、代理人) are a list
    if sorted(a) == sorted(b):
        return True
    shared = "".join("1" if x == y else "0" for x, y in zip(a, b))
    # 开好局、起好步: one middle character framed by different ones, neither item a word
    middle = shared == "010" and a[1] not in _FUNCTION_CHARS and _dictionary_entry(a)[0] <= 5 and _dictionary_entry(b)[0] <= 5
    return middle or len([block for block in shared.split("0") if block]) >= 2


def _parallel_pair(segs: list[str]) -> bool:
    """Two short parallel items sharing a head or a tail of two characters or more and differing
    in the rest (勇于变革、勇于创新; 人民至上、生命至上; 看病难、看病贵; 不愁吃、不愁穿). Not the
    grammar of degree or comparison (更加精准、更加有效; 极不寻常、极不平凡), not two noun phrases
    (技术创新、自主创新) or two ordinary words. Only for a pair that is a whole, closed series
    (judged by the caller). Two idioms (:func:`_idiom_pair`) are such a pair without sharing anything."""
    a, b = segs
    if len(a) != len(b) or len(a) not in (3, 4) or not (_is_han(a) and _is_han(b)):
        return False
    if _idiom_pair(segs) or _couplet_pair(segs):
        return True
    shared = "".join("1" if x == y else "0" for x, y in zip(a, b))
    head = len(shared) - len(shared.lstrip("1"))
    tail = len(shared) - len(shared.rstrip("1"))
    if not (head >= 2 and tail == 0 or tail >= 2 and head == 0) or "1" in shared[head : len(shared) - tail]:
        return False
    if a[0] in "更越最极很太较" or all(_dictionary_entry(g)[0] > 5 for g in segs):
        return False
    return len(a) == 3 or not (_nominal(a) or _nominal(b))


# Part-of-speech tags of jieba's general dictionary: nouns (the head of a noun phrase) and
# the words that can modify one (绿色家庭, 经济实力, 机关监督, 价值理念)
_NOUN_TAGS = frozenset({"n", "vn", "nz", "j", "ng"})
_MODIFIER_TAGS = frozenset({"n", "nr", "ns", "nz", "j", "vn", "b", "m", "s", "f", ""})


def _couplet_pair(segs: list[str]) -> bool:
    """Two four-character items sharing only their third character, a classical word that makes
    each a predicate (所, 其, 不): the grammar of a couplet, as in idioms (人心所向、大势所趋;
    人尽其才、各展其能; 有法不依、执法不严). Not 之, which makes noun phrases (民生之基、财富之源)."""
    a, b = segs
    return (len(a) == len(b) == 4 and a[2] == b[2] and a[2] in "所其不" and _is_han(a + b)
            and all(x != y for i, (x, y) in enumerate(zip(a, b)) if i != 2))


def _nominal(item: str) -> bool:
    """A four-character item read as a noun phrase: a noun of the dictionary, or a noun or
    attribute before a noun (经济实力, 价值理念, 机关监督). Idioms (实事求是 aside, which the
    dictionary tags as a noun), subject-predicate items (产业兴旺, 权责清晰, 人民至上) and
    verb-object items (坚守底线, 塑造态势) are not."""
    freq, pos = _dictionary_entry(item)
    if freq > 5:  # the dictionary's many entries of frequency 3 carry no reliable tag
        return pos in _NOUN_TAGS
    head, tail = item[:2], item[2:]
    # nor is a tail that the dictionary knows only as one of its many entries of frequency 3, whose
    # tags are unreliable (爱党 and 治党 tagged as nouns: 知史爱党, 依规治党)
    tail_freq, tail_pos = _dictionary_entry(tail)
    return tail_freq > 5 and tail_pos in _NOUN_TAGS and _dictionary_entry(head)[1] in _MODIFIER_TAGS


def _predicative_series(segs: list[str]) -> bool:
    """Three or more four-character items of which fewer than half are noun phrases: the
    idioms, subject-predicate and verb-object items of a coined series (解放思想、实事求是、
    与时俱进、求真务实; 产业兴旺、生态宜居、乡风文明、治理有效、生活富裕; 坚守底线、突出重点、
    完善制度、引导预期), unlike lists of things (理想信念、价值理念、道德观念); or a pair of idioms
    (:func:`_idiom_pair`)."""
    return (len(segs) >= 3 and all(len(g) == 4 and _is_han(g) for g in segs)
            and 2 * sum(map(_nominal, segs)) < len(segs)) or _idiom_pair(segs)


def _idiom_pair(segs: list[str]) -> bool:
    """Two four-character idioms or fixed expressions of the dictionary (古为今用、推陈出新;
    居安思危、未雨绸缪; 知难而进、迎难而上): a formula of two idioms, when it is a whole, closed series
    (judged by the caller). Not an entry of the dictionary's lowest frequency, whose tag is unreliable
    (坚定信心 is tagged as an idiom)."""
    # (the lengths first: most pairs asked are not of two four-character items, and then the
    # dictionary need not be asked)
    if len(segs) != 2 or len(segs[0]) != 4 or len(segs[1]) != 4:
        return False
    entries = [_dictionary_entry(g) for g in segs]
    return all(freq > 5 and pos in ("i", "l") for freq, pos in entries)


def _qualities(segs: list[str]) -> bool:
    """Two-character items of which at most a third are nouns of the dictionary: qualities or
    actions (完整、准确、全面; 开放、包容、普惠、平衡、共赢; 天蓝、地绿、水清), unlike lists of
    things or bodies (钢材、木材、石材; 中央、省委、市委)."""
    nouns = sum(_dictionary_entry(g)[1] in ("n", "nr", "ns", "nz", "nt", "j", "ng", "s", "f") for g in segs)
    return all(len(g) == 2 and _is_han(g) for g in segs) and 3 * nouns <= len(segs)


def _coined_member(segs: list[str]) -> bool:
    """Some item is rare or absent in the general dictionary (德治, 孝老, 众扶): the list was
    coined for the formula, unlike lists of common words (钢材、木材、石材; 陆军、海军、空军)."""
    return any(_dictionary_entry(g)[0] < 50 for g in segs)


def _abac_kind(s: str) -> str | None:
    if len(s) == 4 and s[0] == s[2] and s[1] != s[3] and s[0] != s[1] and s[1] != s[2]:
        return "ABAC"
    if len(s) == 4 and s[0] == s[1] and s[2] == s[3] and s[0] != s[2]:
        return "AABB"
    if len(s) == 6 and s[0] == s[2] == s[4] and len({s[1], s[3], s[5]}) == 3:
        return "ABACAD"
    return None


_ABAC = re.compile(f"(?=(([{_HAN}])([{_HAN}])\\2([{_HAN}])(?:\\2([{_HAN}]))?))")
_AABB = re.compile(f"(?=(([{_HAN}])\\2([{_HAN}])\\3))")


def _repeats(text: str, regex: re.Pattern[str], size: int, position: int, units: int = 2) -> Iterator[re.Match[str]]:
    """``regex.finditer(text)`` for a lookahead ``regex`` that needs the character at ``position``
    again ``size`` characters later: tried only where it is (found with numpy), not everywhere.
    ``units``: the matches wanted need it in that many units of ``size`` (the others are not tried)."""
    import numpy as np

    chars = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    places = len(chars) - size * (units - 1) - position  # the positions where the last unit's character fits
    if places <= 0:
        return
    same = chars[position : position + places] == chars[position + size : position + size + places]
    for u in range(2, units):
        same &= chars[position : position + places] == chars[position + u * size : position + u * size + places]
    for i in np.flatnonzero(same).tolist():
        m = regex.match(text, i)
        if m is not None:
            yield m


def _pattern_candidates(doc: _Doc, vocab: frozenset[str]) -> list[_Cand]:
    text = doc.text
    cands = []
    # ABAC repeats its first character two later, AABB one later
    for regex, gap in ((_ABAC, 2), (_AABB, 1)):
        for m in _repeats(text, regex, gap, 0):
            full = m.group(1)
            options = [full] if len(full) == 4 else [full, full[:4]]
            for s in options:
                start, end = m.start(1), m.start(1) + len(s)
                kind = _abac_kind(s)
                if kind is None or doc.masked[start] or not doc.bounded(start, end):
                    continue
                # 越开越大, 更多更大: the grammar of comparison, not a formula
                # nor a fragment closed by a function character (法守法用法在 in 尊法学法守法用法在)
                # (a function character heading two words, 向上|向善, is no edge: judged as two ordinary words)
                if (s in vocab or s[:3] in vocab or s[0] in _CN_NUM or s[0] in "越更"
                        or (s[0] in _EDGE_FUNCTION and not (s[:2] in vocab and s[2:4] in vocab))
                        or (len(s) == 6 and s[-1] in _EDGE_FUNCTION)):
                    continue
                # 方式方法, 谈心谈话: two ordinary words sharing a head are usually a compound;
                # such a pattern must recur in several documents or stand in a series (_accept)
                ordinary = kind == "ABAC" and s[:2] in vocab and s[2:] in vocab
                cands.append(_Cand(doc.doc_id, start, end, s, "pattern", "pattern", _pattern_key(s), strong=not ordinary))
                break
    taken: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for regex, size, position in _UNSEPARATED:
        # two units of two characters are passed over below: not tried (a third of the matches)
        for m in _repeats(text, regex, size, position, 3 if size == 2 else 2):
            start = m.start()
            units = [u for u in m.group("u1", "u2", "u3", "u4") if u]
            if len(units) == 2 and size == 2:
                continue
            end = start + size * len(units)
            # one reading per stretch of text; a shared head is read first (人民最关心最直接最现实
            # is 最关心、最直接、最现实, not 人民最、关心最、直接最)
            if any(start < b and a < end for a, b in taken[size]):
                continue
            surface = text[start:end]
            # three units sharing a character are evidence enough to overrule the segmenter
            # inside the series (庸政懒政怠政 read as 庸政懒/政怠政) and at its start after a long
            # word (马克思主义中国化时代化大众化 read as 马克思主义中国化时代化/大众化)
            three = len(units) >= 3 and not any(ch in _FUNCTION_CHARS for ch in surface)
            starts = doc.bounded(start, start) or (three and (len(units) >= 4 or _after_long_word(text, start, vocab)))
            if (len(set(units)) < len(units) or doc.masked[start] or not starts or not doc.bounded(end, end)
                    or surface in vocab or surface[0] in _EDGE_FUNCTION or surface[-1] in _EDGE_FUNCTION or "的" in surface):
                continue
            cuts = [start + size * i for i in range(1, len(units))]
            if sum(doc.bounded(c, c) for c in cuts) * 2 < len(cuts) and not three:
                continue
            shared = sum(len({u[i] for u in units}) == 1 for i in range(size))
            if len(units) == 2 and shared < 2:
                continue
            taken[size].append((start, end))
            if size == 2:
                cands.append(_Cand(doc.doc_id, start, end, surface, "pattern", "pattern", surface))
            else:
                cands.append(_Cand(doc.doc_id, start, end, surface, "pattern", "enumeration", "、".join(units),
                                   segments=tuple(units)))
    return cands


def _after_long_word(text: str, i: int, vocab: frozenset[str]) -> bool:
    return any(text[max(i - k, 0) : i] in vocab for k in (4, 5))


def _overrule(docs: list[_Doc], index: _SurfaceIndex, found) -> None:  # noqa: ANN001
    """Let series of three or more units start where the segmenter glued them to a long word (four
    units of two characters anywhere: 使尊|法学法守法用法), and series of coined three-character
    items where it glued their first verb to a word.

    ``found``: the surfaces found in the documents (:func:`_match_arrays`), where the series
    (``index.series`` and ``index.coined``, from :func:`_overruling`) are looked up instead of
    searching every document for every series."""
    vocab = _general_vocabulary()
    series, coined, heads = index.series, index.coined, index.series_heads
    doc, pos, size_of, overruling = found
    # only the surfaces found whose hash is a series' are looked up (few), by position, longest first
    at: dict[tuple[int, int], list[int]] = {}
    for d, i, n in zip(doc[overruling].tolist(), pos[overruling].tolist(), size_of[overruling].tolist()):
        at.setdefault((d, i), []).append(n)
    for (d, i), lengths in at.items():
        text = docs[d].text
        if text[i] not in heads:
            continue
        # the most units of a series starting here (0: none); plain loops rather than max and any
        # over generators
        units = 0
        for n in lengths:
            units = max(units, series.get(text[i : i + n], 0))
        if units >= 4 or (units and _after_long_word(text, i, vocab)):
            docs[d].overruled.add(i)
            continue
        for n in lengths:
            if text[i : i + n] in coined:
                if docs[d]._edge(i + 1):
                    docs[d].overruled.add(i)
                break


def _overruling(surfaces: Iterable[str]) -> tuple[dict[str, int], frozenset[str]]:
    """The surfaces that may overrule the segmenter (:func:`_overrule`): series of three or more
    units of two or three characters sharing a place (with their number of units), and series of
    coined three-character items."""
    series: dict[str, int] = {}
    for s in surfaces:
        # (the length and the function characters first, once: most surfaces are shorter than
        # three units of two, and the units were cut for every surface and size)
        if len(s) < 6 or not _FUNCTION_CHARS.isdisjoint(s):
            continue
        for size in (2, 3):
            if len(s) % size or len(s) < 3 * size:
                continue
            units = [s[i : i + size] for i in range(0, len(s), size)]
            if any(len({u[p] for u in units}) == 1 for p in range(size)):
                series[s] = len(units)
                break
    # a series of coined three-character items may start where the segmenter glued its first
    # verb to the word before (着|力保|基本、兜底线、促公平), when the rest is a word
    coined = {s for s in surfaces if "、" in s and _compressed_triples(s.split("、"))}
    return series, frozenset(coined)


def _unseparated_regex(size: int, position: int) -> re.Pattern[str]:
    """``count`` >= 2 units of ``size`` characters sharing the character at ``position``."""
    h = f"[{_HAN}]"
    def unit(name: str, first: bool) -> str:
        chars = [h] * size
        chars[position] = f"(?P<c{position}>{h})" if first else f"(?P=c{position})"
        return f"(?P<{name}>{''.join(chars)})"
    return re.compile(f"(?={unit('u1', True)}{unit('u2', False)}{unit('u3', False)}?{unit('u4', False)}?)")


# Series written without separators: 强农惠农富农, 尊法学法守法用法 (two-character units
# sharing their second character; ABACAD is found by _ABAC), 最关心最直接最现实,
# 中国化时代化大众化, 新理念新思想新战略, 融资难融资贵 (three-character units)
_UNSEPARATED = [(_unseparated_regex(2, 1), 2, 1)] + [(_unseparated_regex(3, i), 3, i) for i in range(3)]


def _pattern_key(s: str) -> str:
    """入脑入心 and 入心入脑 share a key: the repeated character and the sorted others."""
    if _abac_kind(s) == "ABAC":
        b, c = sorted((s[1], s[3]))
        return f"{s[0]}{b}{s[0]}{c}"
    return s


# Each of these regexes starts with the character class of its first character, and tests the
# character before it together with it, (?<![…].) after it rather than (?<![…]) before it: the
# regex engine then scans the text for that class instead of trying every position (the same
# matches; these scans took a third of the numbered signal).
# 5+2, 1+N: one to three digits or a letter, joined by +, not inside a longer such string
_ARABIC_FORMULA = re.compile(r"[\dA-Za-z](?<![0-9A-Za-z.+%].)(?:(?<=[A-Za-z])|(?<=\d)\d{0,2})(?:\+(?:\d{1,3}|[A-Za-z]))+(?![0-9A-Za-z.+%])")
# a numeral not after another numeral (nor 第, nor a digit for one numeral alone)
_MULTI_NUM = re.compile(f"[{_CN_NUM}](?<![{_CN_NUM}第][{_CN_NUM}])(?:[^\\W\\d{_CN_NUM}]{{1,3}}[{_CN_NUM}])+[^\\W\\d{_CN_NUM}]{{1,3}}")
_SINGLE_NUM = re.compile(f"[{_NUM_SINGLE}](?<![{_CN_NUM}第0-9][{_NUM_SINGLE}])[个大项条种]?(?=[^\\W\\d{_CN_NUM}])")


def _quantity(rest: str) -> bool:
    """The words after a numeral only count something (三个方面) or are measure words."""
    return rest.startswith(_GENERIC_NOUNS) or all(ch in _CLASSIFIERS for ch in rest)


def _numbered_candidates(doc: _Doc, vocab: frozenset[str], quoted_spans: list[tuple[int, int]]) -> list[_Cand]:
    text = doc.text
    cands = []

    def quoted(s: int, e: int) -> bool:
        return any(qs <= s and e <= qe for qs, qe in quoted_spans)

    for m in _ARABIC_FORMULA.finditer(text):
        if any(ch.isdigit() for ch in m.group(0)) and not doc.masked[m.start()]:
            cands.append(_Cand(doc.doc_id, m.start(), m.end(), m.group(0), "numbered", "numbered", m.group(0), quoted=quoted(m.start(), m.end())))
    for m in _MULTI_NUM.finditer(text):
        start = m.start()
        raw = m.group(0)
        # the last word: the shortest ending at a token boundary
        last_num = max(i for i, ch in enumerate(raw) if ch in _CN_NUM)
        for end in range(start + last_num + 2, m.end() + 1):
            if doc.bounded(start, end) and not all(ch in _CLASSIFIERS for ch in text[start + last_num + 1 : end]):
                break
        else:
            continue
        s = text[start:end]
        parts = re.split(f"[{_CN_NUM}]", s)[1:]
        # a rare entry of the dictionary (一岗双责) is still a formula; a common one (一心一意) is not
        if doc.masked[start] or all(all(ch in _CLASSIFIERS for ch in p) for p in parts) or _dictionary_entry(s)[0] > 5:
            continue
        cands.append(_Cand(doc.doc_id, start, end, s, "numbered", "numbered", s, quoted=quoted(start, end)))
    for m in _SINGLE_NUM.finditer(text):
        start = m.start()
        if doc.masked[start] or not doc.bounded(start, start):
            continue
        head = m.end() - start
        for size in range(2, 5):
            end = m.end() + size
            if end > len(text):
                break
            s = text[start:end]
            rest = s[head:]
            if not _is_han(rest) or any(ch in _CN_NUM for ch in rest[:1]):
                break
            if not doc.bounded(start, end) or _quantity(rest) or s in vocab:
                continue
            if head == 1 and s[1] in "是要":  # 一是…, 二要…: ordinal markers of a list
                break
            if head == 1 and s[:2] in vocab:  # 两岸同胞, 双边合作, 三年行动: a word, not a numeral
                break
            cands.append(_Cand(doc.doc_id, start, end, s, "numbered", "numbered", s, quoted=quoted(start, end), strong=False))
    return cands


def _numeral_led(s: str) -> bool:
    """A Chinese numeral followed by words that are not a count (三农, 双随机, 两个确立; not 三个方面, 十三五)."""
    return (len(s) >= 2 and s[0] in _CN_NUM and _is_han(s) and not all(ch in _CN_NUM for ch in s)
            and not _quantity(s[1:].lstrip("个大项条种")))


def _quoted_candidates(doc: _Doc, vocab: frozenset[str]) -> tuple[list[_Cand], list[tuple[int, int]]]:
    text = doc.text
    cands = []
    spans = []
    for m in (m for regex in _QUOTED for m in regex.finditer(text)):
        start, end = m.start(1), m.end(1)
        spans.append((start, end))
        inner = text[start:end]
        if doc.masked[start]:
            continue
        core = inner.strip()
        parts = core.split("、")
        if len(parts) >= 2 and all(_numeral_led(p) for p in parts):
            if all(len(p) <= 3 for p in parts):
                # “双随机、一公开”: one formula of short numbered parts
                cands.append(_Cand(doc.doc_id, start, end, core, "quoted", "numbered", core, quoted=True))
            else:
                # “四下基层、三访三促”: two formulas quoted together
                pos = start
                for part in parts:
                    cands.append(_Cand(doc.doc_id, pos, pos + len(part), part, "quoted", "numbered", part, quoted=True))
                    pos += len(part) + 1
            continue
        if re.search(r"[。！？；：:（）()《》“”‘’、，—]", core):
            continue
        han = _HAN_RE.findall(core)
        if len(han) < 2 and not _ARABIC_FORMULA.fullmatch(core):
            continue
        if len(core) > _MAX_PHRASE + 2:
            continue
        if _ARABIC_FORMULA.fullmatch(core) or _MULTI_NUM.fullmatch(core):
            kind = "numbered"
        elif all(ch in _CN_NUM for ch in core):
            continue  # “十三五” names a period
        elif _numeral_led(core) and _dictionary_entry(core)[1] != "m":
            # quoted, a numeral plus words is a formula even when the dictionary knows it (“三个代表”,
            # “三农”), unless the dictionary reads it as a numeral expression (“一刻钟”, “三部曲”)
            kind = "numbered"
        elif core in vocab and not _rare_fixed_phrase(core):
            continue
        elif _abac_kind(core):
            kind = "pattern"
        else:
            kind = "phrase"
        cands.append(_Cand(doc.doc_id, start, end, core, "quoted", kind, _pattern_key(core) if kind == "pattern" else core, quoted=True))
    return cands, spans


_FRAMED = (
    re.compile(f"(?:{'|'.join(_FRAME_VERBS)})([{_HAN}]{{3,10}}?)"
               f"(?:(的)?({'|'.join(_FRAME_ROLES + _FRAME_NAMES)})|(?=[，。、；：！？”]))"),
    # verbs of building take a watchword only when it is named by its noun (构建新发展格局,
    # 推动构建人类命运共同体, 实施乡村振兴战略), and 以…为主题/主线 names one (以推动高质量
    # 发展为主题, 以深化供给侧结构性改革为主线)
    re.compile(f"(?:推动构建|加快构建|构建|实施|推进|推动|深化)([{_HAN}]{{2,10}}?)()(格局|战略|共同体|理念)"),
    re.compile(f"以(?:推动|深化|推进|促进)?([{_HAN}]{{3,10}}?)()()为(?:主题|主线)"),
)


# a quoted name directly before the noun of a campaign or a brand (“津城先锋”等活动, “开放前沿
# 党旗红”党建品牌, “立足岗位作贡献”活动): what a campaign is called, a coinage even when used once
_CAMPAIGN_NAME = re.compile(r"“([^“”\n]{3,14})”(?=等?(?:党建)?(?:活动|行动|品牌|工程))")


def _ordinary_compound(s: str, vocab: frozenset[str]) -> bool:
    """Two common words of the dictionary (理论学习, 国际合作, 统筹推进): an ordinary compound."""
    pieces = _pieces(s, vocab)
    return len(pieces) == 2 and all(_dictionary_entry(p)[0] >= 300 for p in pieces)


def _framed_candidates(doc: _Doc, vocab: frozenset[str]) -> list[_Cand]:
    """Watchwords named as the object of a verb of commitment and closed by punctuation or a
    noun of their role: 坚持稳中求进工作总基调, 坚持以人民为中心的发展思想, 贯彻新发展理念,
    牢固树立绿水青山就是金山银山的理念. Every use of such a phrase in the document is proposed
    (it must recur to be kept, :func:`_accept`); not a general-dictionary word, a verb and its
    object (扩大对外开放), two common words (理论学习) or a fragment (不移贯彻…). Quoted names of
    campaigns and brands (“津城先锋”等活动) are proposed too: quoted as well, one use is enough."""
    text = doc.text
    phrases = set()
    for m in (m for regex in _FRAMED for m in regex.finditer(text)):
        core = m.group(1)
        if m.group(3) in _FRAME_NAMES and not m.group(2):
            core += m.group(3)
        start = m.start(1)
        end = start + len(core)
        if (doc.masked[start] or "的" in core or _particle_edge(core, vocab)
                or core.startswith(("不移", "和", "并") + _FRAME_VERBS) or not doc.bounded(start, end)
                or (core in vocab and _dictionary_entry(core)[1] not in ("i", "l")) or _verb_and_object(core, vocab)
                or _ordinary_compound(core, vocab)):
            continue
        phrases.add(core)
    for m in _CAMPAIGN_NAME.finditer(text):
        core = m.group(1)
        # a name of characters, not a list, a period (“十四五”) or a count, nor the last of a list
        # of names that the noun names together (临江学校、“孺子书房”等工程; but each item of
        # “亩均论英雄”改革实践、“开放前沿党旗红”党建品牌 has its own noun)
        if (_is_han(core) and not doc.masked[m.start(1)] and not _numeral_led(core)
                and not (text.endswith("、", 0, m.start()) and text.startswith("等", m.end()))):
            phrases.add(core)
    return _framed_uses(doc, phrases)


# Verbs that hold on to a task or a fact named by apposition (抓住发展这个第一要务, 紧紧围绕高质量发展这个
# 首要任务, 牢牢把握社会主义初级阶段这个最大国情)
_HOLD_VERBS = ("抓住", "扭住", "围绕", "把握", "聚焦", "紧扣", "紧抓", "抓好", "抓牢", "牵住", "牵牢", "用好", "立足",
               "锚定", "着眼", "咬定", "树立", "坚持", "突出", "守住")
_APPOSITION = re.compile(f"(?:{'|'.join(_HOLD_VERBS)})([{_HAN}]{{2,12}}?)这个([{_HAN}“”]{{2,12}}?)(?=[，。；：！？]|$)")


def _appositive_candidates(doc: _Doc) -> list[_Cand]:
    """A thing named by what it is to the work, in apposition after a verb of holding on and
    closing the clause: 扭住经济建设这个中心, 围绕高质量发展这个首要任务, 树立战斗力这个唯一的根本的标准.
    The frame makes it a formula at its first use; ``A的B`` is the same formula (高质量发展的首要任务,
    :func:`_surfaces`). Not when A or B opens with a function character (坚持把教育这个…), nor with a
    designation B of more than ten characters (坚持依法治国这个党领导人民治理国家的基本方略: a clause,
    not a name)."""
    text = doc.text
    cands = []
    for m in _APPOSITION.finditer(text):
        a, b = m.group(1), m.group(2).replace("“", "").replace("”", "")
        start, end = m.start(1), m.end(2)
        if (doc.masked[start] or a[0] in _FUNCTION_CHARS or not 2 <= len(b) <= 10 or b[0] in _FUNCTION_CHARS
                or not doc.bounded(start, end) or not doc._edge(start + len(a))):
            continue
        s = text[start:end]
        cands.append(_Cand(doc.doc_id, start, end, s, "framed", "phrase", s, strong=True))
    return cands


def _framed_uses(doc: _Doc, phrases: Iterable[str]) -> list[_Cand]:
    """Every token-bounded use of each framed phrase outside 《》, in the order of the sorted phrases:
    a watchword must recur, so each use is proposed, framed or not."""
    text = doc.text
    cands = []
    for phrase in sorted(phrases):
        i = text.find(phrase)
        while i >= 0:
            if doc.bounded(i, i + len(phrase)) and not doc.masked[i]:
                cands.append(_Cand(doc.doc_id, i, i + len(phrase), phrase, "framed", "phrase", phrase, strong=False))
            i = text.find(phrase, i + 1)
    return cands


_STAT_RUN = re.compile(f"[{_HAN}]+")


def _verb_and_object(g: str, vocab: frozenset[str]) -> bool:
    """A frequent two-character verb and its object (建设雄安新区, 构建亲清, 推进医养结合),
    or a clause opened by a pronoun (我们坚持不搞): a context of a watchword, not one."""
    first = _pieces(g, vocab)[0]
    freq, pos = _dictionary_entry(first)
    return len(first) == 2 and len(g) >= 4 and (pos in ("v", "vn") and freq >= 500 or pos == "r")


_NAME_TAGS = frozenset({"n", "ns", "nt", "nz", "j", "ng", "t", "s", "f"})


def _rare_words_joined(g: str) -> bool:
    """Four characters joining two rare words of the dictionary, not two nouns or two adverbs
    (扫黑除恶, 立德树人, 固本培元, 推诿扯皮): a coined compound of two actions or qualities,
    unlike a term naming a thing (跨境电商, 产粮大县) or everyday compounds of common words."""
    if len(g) != 4 or any(ch in _FUNCTION_CHARS or ch in _CN_NUM for ch in g):
        return False
    (fa, pa), (fb, pb) = _dictionary_entry(g[:2]), _dictionary_entry(g[2:])
    nominal = _NAME_TAGS | {"vn"}
    return (0 < fa < 100 and 0 < fb < 100 and not (pa in nominal and pb in nominal)
            and not (pa.startswith("d") and pb.startswith("d")))


def _reduplicated_manner(g: str, vocab: frozenset[str]) -> bool:
    """A reduplicated idiom (AABB) as the manner of one action (原原本本学, 扎扎实实干): a watchword of
    how to study or work, though its parts are ordinary words; not AABB before a particle (的, 地)."""
    pieces = _pieces(g, vocab)
    if len(pieces) != 2 or len(pieces[0]) != 4 or len(pieces[1]) != 1 or pieces[1] in _FUNCTION_CHARS:
        return False
    a = pieces[0]
    return a[0] == a[1] and a[2] == a[3] and a[0] != a[2]


def _coined_unit(s: str, vocab: frozenset[str]) -> bool:
    """Two or more characters, none a function character, that the general dictionary does not
    know as a word (碳中和): a unit coined for the texts, not a word of context (推进, 监管)."""
    return len(s) >= 2 and s not in vocab and not any(len(p) == 1 and p in _FUNCTION_CHARS for p in _pieces(s, vocab))


def _particle_edge(g: str, vocab: frozenset[str]) -> bool:
    """A function character standing alone on the edge of ``g`` (国防和, 在基层): a fragment of a
    clause. One that belongs to a word on the edge (碳达峰碳中和: 中和; 和平发展) is not."""
    if g[0] not in _STAT_EDGE and g[-1] not in _STAT_EDGE:
        return False
    pieces = _pieces(g, vocab)
    return g[0] in _STAT_EDGE and len(pieces[0]) == 1 or g[-1] in _STAT_EDGE and len(pieces[-1]) == 1


#: Slots the hash table of :func:`_numbered` starts with; it grows as distinct values come.
_NUMBERING_SLOTS = 1 << 16


def _numbered(values):  # noqa: ANN001, ANN202
    """``pd.factorize(values)[0]`` of an array of integers: each value numbered from 0 by first
    appearance (as intp), the same numbers.

    The hash table starts small and grows with the distinct values: ``pd.factorize`` sizes it for
    as many values as the array holds (a table of hundreds of MB for the n-grams of a 20 MB corpus,
    of which every page was touched), and numbering took two to three times as long.
    ``factorize_array`` is pandas' own (2.1 to 3.1); should a later pandas move it, this falls back
    to ``pd.factorize``, slower but the same numbers.
    """
    factorize_array = _pandas_factorize_array()
    if factorize_array is None:
        return pd.factorize(values)[0]
    return factorize_array(values, size_hint=min(len(values), _NUMBERING_SLOTS))[0]


def _pandas_factorize_array():  # noqa: ANN202
    try:
        from pandas.core.algorithms import factorize_array
    except ImportError:
        return None
    return factorize_array


#: Elements per step of :func:`_first_positions`: its temporaries stay a few tens of MB.
_FIRST_STEP = 1 << 22


def _first_positions(ids):  # noqa: ANN001, ANN202
    """Position of each id's first occurrence in ``ids`` (numbered from 0 by first appearance, as
    :func:`pandas.factorize` numbers them; -1 entries are skipped), in order of the ids.

    An id appears first where the running maximum rises. The running maximum is taken a step of
    ``_FIRST_STEP`` elements at a time, in the dtype of ``ids``: over a whole per-character array
    it was three temporaries of 8 bytes per character, the peak memory of slogan discovery.
    """
    import numpy as np

    found = []
    top = -1
    for lo in range(0, len(ids), _FIRST_STEP):
        running = np.maximum.accumulate(ids[lo : lo + _FIRST_STEP])
        np.maximum(running, top, out=running)
        rises = np.empty(len(running), dtype=bool)
        rises[0] = running[0] > top
        np.greater(running[1:], running[:-1], out=rises[1:])
        found.append(np.flatnonzero(rises) + lo)
        top = int(running[-1])
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


class _GramCounts:
    """Counts of every character n-gram (1 to ``max_n``) inside runs of Chinese characters.

    The runs of all documents are laid end to end with a separator, as code points; the
    n-grams of each size are numbered with :func:`pandas.factorize` from the numbers of the
    (n-1)-grams, so counting is a few linear numpy passes instead of one Python string per
    n-gram and position (which dominated the profile of slogan discovery and grew a
    dictionary of every n-gram). Only n-grams that can recur are numbered: both their
    (n-1)-grams must recur. What a position's document, offset or run is, is computed when
    asked, for the few positions asked about, rather than kept for every character.
    """

    def __init__(self, docs: list[_Doc], max_n: int) -> None:
        import numpy as np

        # the documents end to end, one NUL after each; every position that is not in a run
        # of Chinese characters outside 《》 separates runs
        self.text = "".join(d.text + "\0" for d in docs)
        chars = np.frombuffer(self.text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        top = int(chars.max()) + 1 if len(chars) else 1
        sep = ~_han_mask(chars)
        if docs:
            sep |= np.frombuffer(b"".join(bytes(d.masked) + b"\0" for d in docs), dtype=np.uint8).view(bool)
        self.sep = sep
        lengths = np.array([len(d.text) + 1 for d in docs], dtype=np.int64)
        self.doc_start = np.cumsum(lengths) - lengths  # where each document starts
        self.doc_length = lengths
        self.sep_at = np.flatnonzero(sep)  # the separators, to number the runs
        self.bound = np.zeros(len(chars), dtype=bool)  # a token ends before this position
        if docs:
            self.bound = np.frombuffer(b"".join(doc.bounds for doc in docs), dtype=np.uint8).view(bool)
        self.n_docs_total = len(docs)
        # characters are their code points: n-grams are numbered by first appearance, whatever
        # the numbers of the characters
        self.codes = chars
        self.n_codes = n_codes = top
        self.char_counts = np.bincount(chars[~sep], minlength=top)  # count of each character
        self.total = int(self.char_counts.sum()) or 1
        self.ids: dict[int, np.ndarray] = {}
        self.count: dict[int, np.ndarray] = {}
        size = len(chars)
        # n-grams seen once are numbered -1, not counted: no use of them is ever asked for (every
        # n-gram tested recurs, and so do its parts). An n-gram recurs only if the (n-1)-grams
        # at its start and after it do, so only those positions are factorised
        # (a flag per character looked up, not a count: the counts looked up were 8 bytes a position)
        recurs = ~sep & (self.char_counts >= 2)[chars]
        prev = chars
        for k in range(2, max_n + 1):
            m = size - k + 1
            if m <= 0:
                break
            # positions as int32 and the keys built in place: the temporaries of this step are
            # the peak memory of slogan discovery on large corpora
            at = np.flatnonzero(recurs[:m] & recurs[1 : m + 1]).astype(np.int32)
            key = np.multiply(prev[at], n_codes, dtype=np.int64)
            key += chars[k - 1 :][at]
            ids = np.full(m, -1, dtype=np.int32)
            numbers = _numbered(key)  # the numbers at ``at``: counted without gathering them again
            del key
            ids[at] = numbers
            n_ids = int(numbers.max()) + 1 if len(numbers) else 0
            count = np.bincount(numbers, minlength=n_ids).astype(np.int32)
            self.count[k], self.ids[k] = count, ids
            # prev must stay below 2**63 / n_codes: ids are positions, fine for any corpus
            prev = ids
            recurs = np.zeros(m, dtype=bool)
            recurs[at] = (count >= 2)[numbers]
            del at, numbers

    def doc_of(self, pos):  # noqa: ANN001, ANN201
        """Document of each position of ``pos`` (an array)."""
        import numpy as np

        return np.searchsorted(self.doc_start, pos, side="right") - 1

    def run_at(self, pos: int) -> int:
        """Separators up to ``pos``: increases between runs of Chinese characters, so orders them."""
        import numpy as np

        return int(np.searchsorted(self.sep_at, pos, side="right"))

    def count_at(self, pos: int, k: int) -> int:
        """Count of the k-gram starting at ``pos``."""
        return int(self.char_counts[self.codes[pos]]) if k == 1 else int(self.count[k][self.ids[k][pos]])

    def counts_at(self, pos, k: int):  # noqa: ANN001, ANN201
        """Counts of the k-grams starting at the positions ``pos`` (an array)."""
        return self.char_counts[self.codes[pos]] if k == 1 else self.count[k][self.ids[k][pos]]

    def frequent(self, k: int, *, min_count: int, min_docs: int, min_pmi: float):  # noqa: ANN201
        """First positions (an array) of the k-grams seen at least ``min_count`` times in ``min_docs``
        documents whose weakest split has a PMI of about ``min_pmi`` or more (the exact test is
        left to the caller; this one only saves it most of the work)."""
        import numpy as np

        if k not in self.ids:
            return []
        ids = self.ids[k]
        seen = _first_positions(ids)
        first = np.full(len(self.count[k]), -1, dtype=np.int64)
        first[ids[seen]] = seen
        del seen
        # counts and cohesion first, on the first position of each n-gram; the documents only
        # for the n-grams left
        keep = np.flatnonzero(self.count[k] >= min_count)
        at = first[keep]
        with np.errstate(divide="ignore"):
            pg = self.count[k][keep] / self.total
            pmi = np.min(
                [np.log2(pg / ((self.counts_at(at, j) / self.total) * (self.counts_at(at + j, k - j) / self.total)))
                 for j in range(1, k)],
                axis=0,
            )
        keep = keep[pmi >= min_pmi - 1e-6]
        if min_docs >= 2 and len(keep):
            pos, gid = self._occurrences(k, first[keep])
            if min_docs == 2:
                # two documents or more when some use comes after the end of the first one's
                end = np.zeros(len(first), dtype=np.int64)
                end[keep] = self.doc_start[self.doc_of(first[keep])] + self.doc_length[self.doc_of(first[keep])]
                other = np.bincount(gid[pos >= end[gid]], minlength=len(first)) > 0
                keep = keep[other[keep]]
            else:
                pairs = pd.unique(self.doc_of(pos) * len(first) + gid)
                keep = keep[np.bincount(pairs % len(first), minlength=len(first))[keep] >= min_docs]
        return first[keep]

    def _occurrences(self, k: int, at):  # noqa: ANN001, ANN202
        """Every position of the k-grams whose first positions are ``at``, and their numbers."""
        import numpy as np

        ids = self.ids[k]
        wanted = np.zeros(len(self.count[k]) + 1, dtype=bool)  # the last one stands for -1
        wanted[ids[at]] = True
        # positions and numbers in the 4 bytes of ``ids``: the arrays computed from them for every
        # occurrence were the peak memory of slogan discovery on large corpora
        pos = np.flatnonzero(wanted[ids]).astype(ids.dtype)
        return pos, ids[pos]

    def _bounded(self, k: int, pos):  # noqa: ANN001, ANN202
        """Occurrences whose both ends are token boundaries or the edge of a run of Chinese characters."""
        import numpy as np

        start = self.sep[np.maximum(pos - 1, 0)] | (pos == 0)
        return start, self.sep[pos + k], (start | self.bound[pos]) & (self.sep[pos + k] | self.bound[pos + k])

    def spread_followed(self, k: int, at, char: str, *, min_docs: int):  # noqa: ANN001, ANN201
        """For the k-grams first seen at ``at``: whether each is spread, used with at least two
        different neighbours on each side (the edge of a run counts as a new neighbour each time),
        at token boundaries in at least half of its uses, and so in at least ``min_docs``
        documents; and in how many of its uses the character ``char`` comes next (None when
        ``char`` is ""), counted in the same pass over the uses (a pass of its own was a sixth of
        the time of testing the n-grams)."""
        import numpy as np

        pos, gid = self._occurrences(k, at)
        n_ids = len(self.count[k])
        followed = np.bincount(gid[self.codes[pos + k] == ord(char)], minlength=n_ids)[self.ids[k][at]] if char else None
        start, end, bounded = self._bounded(k, pos)
        n_bounded = np.bincount(gid[bounded], minlength=n_ids)
        half = 2 * n_bounded >= self.count[k]
        # the other tests only on the uses of the n-grams bounded in half their uses or more: a
        # tenth of them on the 100 MB corpus (each n-gram's verdict needs only its own uses; the
        # tests on every use of every frequent n-gram took 3.5 of its 11 s of discovery)
        kept = np.flatnonzero(half[gid])
        pos, gid, start, end, bounded = pos[kept], gid[kept], start[kept], end[kept], bounded[kept]

        def two_or_more(edge, neighbour):  # noqa: ANN001, ANN202
            # at least two different neighbours, each edge a new one: two edges, an edge and a
            # neighbour, or two different neighbours (the smallest and the largest differ; a set
            # of the pairs took most of the time on large corpora, and only "two or more" is asked).
            # An edge is a negative number of its own, a neighbour its code point: two or more
            # different values, in one pass over all uses (the uses split into edges and
            # neighbours first took longer than the test)
            value = self.codes[neighbour].astype(np.int64)
            value[edge] = -1 - np.flatnonzero(edge)
            low, high = _min_max(gid, value, n_ids)
            return low < high

        if min_docs <= 2:
            low, high = _min_max(gid[bounded], self.doc_of(pos[bounded]), n_ids)
            docs_ok = low < high if min_docs == 2 else (low <= high) | (min_docs <= 0)
        else:
            d = max(self.n_docs_total, 1)
            n_bdocs = np.bincount(pd.unique(gid[bounded].astype(np.int64) * d + self.doc_of(pos[bounded])) // d,
                                  minlength=n_ids)
            docs_ok = n_bdocs >= min_docs
        ok = two_or_more(start, pos - 1) & two_or_more(end, pos + k) & half & docs_ok
        return ok[self.ids[k][at]], followed

    def summary(self, k: int, at, chars: Iterable[str]):  # noqa: ANN001, ANN201
        """For the k-grams first seen at ``at`` (an array), in one pass over their uses: the count of
        each, its number of documents, its run (:meth:`run_at`), for each character of ``chars``
        how many of its uses that character follows, and each bounded use as (index into ``at``,
        document, offset), in corpus order. What slogan discovery asks last (the count of each as
        :meth:`count_at` would answer), asked before the counts are let go."""
        import numpy as np

        ids = self.ids[k]
        index = np.full(len(self.count[k]) + 1, -1, dtype=np.int64)  # the last one stands for -1
        index[ids[at]] = np.arange(len(at))
        # the uses found as :meth:`_occurrences` finds them, with a flag per n-gram (an index per
        # position, 8 bytes each, was the largest array of this step on large corpora)
        pos, which = self._occurrences(k, at)
        which = index[which]
        doc = self.doc_of(pos)
        d = max(self.n_docs_total, 1)
        n_docs = np.bincount(pd.unique(which * d + doc) // d, minlength=len(at))
        after = self.codes[pos + k]
        followed = {ch: np.bincount(which[after == ord(ch)], minlength=len(at)) for ch in chars}
        bounded = self._bounded(k, pos)[2]
        doc = doc[bounded]
        return (self.count[k][ids[at]], n_docs, np.searchsorted(self.sep_at, at, side="right"), followed,
                which[bounded], doc, pos[bounded] - self.doc_start[doc])


def _min_max(group, value, n_groups: int):  # noqa: ANN001, ANN202
    """Smallest and largest ``value`` (integers) of each group, as int64. A group without values
    has ``low > high``: two or more different values is ``low < high``, any value ``low <= high``."""
    import numpy as np

    low = np.full(n_groups, np.iinfo(np.int64).max, dtype=np.int64)
    high = np.full(n_groups, np.iinfo(np.int64).min, dtype=np.int64)
    np.minimum.at(low, group, value)
    np.maximum.at(high, group, value)
    return low, high


def _framed_cores(framed: Iterable[str]) -> dict[str, str]:
    """The phrases framed by a verb of commitment somewhere (坚持过紧日子), also without the noun of
    their name (实施健康中国战略, 走共同富裕道路) and the last item of a framed pair
    (弘扬劳模精神和工匠精神); each with the name it was framed with, or ""."""
    cores: dict[str, str] = {}
    for f in framed:
        cores[f] = ""
        if "和" in f[1:-1]:
            cores.setdefault(f.rsplit("和", 1)[1], "")
    for f in framed:
        for name in _CORE_NAMES:
            if f.endswith(name) and len(f) > len(name) + 1:
                core = f[: -len(name)]
                cores.setdefault(core[1:] if name == "道路" and core.startswith("走") else core, name)
    return cores


def _tested_grams(docs: list[_Doc], vocab: frozenset[str], *, min_docs: int, max_n: int):  # noqa: ANN202
    """The counting and testing of :func:`_statistical_candidates`: the n-grams found, as (run,
    size, first position, n-gram), and for each size, (first position, n-gram) of those found and
    then of the ordinary ones (every test passed but compression: watchwords only if framed
    somewhere), how many were found, and what is still asked about them all
    (:meth:`_GramCounts.summary`). The counts end with this function, before the framed phrases
    are asked for."""
    import numpy as np

    grams = _GramCounts(docs, max_n)
    total = grams.total

    def cohesive(count: int, splits: list[tuple[int, int]]) -> bool:
        # the weakest split must still be far more frequent than chance; ``count`` is the n-gram's,
        # ``splits`` the counts of its head and its tail at each split
        pg = count / total
        return min(math.log2(pg / ((head / total) * (tail / total))) for head, tail in splits) >= 3.0

    found = []
    ordinary = []  # passes every test but compression: a watchword only if framed somewhere
    for k in range(3, max_n + 1):
        # the documents are counted by spread alone, on the bounded uses: in ``min_docs`` documents
        # then, in as many counting every use (as frequent would count them, in a pass of its own)
        at = grams.frequent(k, min_count=2, min_docs=min(min_docs, 1), min_pmi=3.0)
        if not len(at):
            continue
        # only the n-grams spread over contexts are tested further, and read as strings (hundreds
        # of thousands of n-grams are frequent, a tenth of them spread)
        spread, followed = grams.spread_followed(k, at, "的", min_docs=min_docs)
        at = at[spread]
        # mostly followed by 的: 新时代党 (的建设), a modifier cut off before 的
        counts = grams.counts_at(at, k)
        before_de = (2 * followed[spread] > counts).tolist()
        # the counts of the parts at each split, for all at once (the same integers as the
        # count of each part asked at each position: a few numpy scalars per split and n-gram
        # were the slowest part of this loop)
        splits = zip(*(zip(grams.counts_at(at, j).tolist(), grams.counts_at(at + j, k - j).tolist())
                       for j in range(1, k)))
        for pos, de, count, split in zip(at.tolist(), before_de, counts.tolist(), splits):
            g = grams.text[pos : pos + k]
            if ("的" not in g and g not in vocab and not _particle_edge(g, vocab)
                    and cohesive(count, split) and not (de and len(_pieces(g, vocab)[-1]) == 1)
                    and not _verb_and_object(g, vocab)):
                if _compressed(g, vocab) or _rare_words_joined(g) or _reduplicated_manner(g, vocab):
                    found.append((grams.run_at(pos), k, pos, g))
                elif g[0] not in _FUNCTION_CHARS:
                    ordinary.append((k, pos, g))
    # what is still asked of the counts is asked now, before the framed phrases: the counts
    # (about 1 GB on a 100 MB corpus) are let go first, so that textkit.analyze can set workers
    # to other tasks while it waits for those phrases without the two peaks of memory meeting
    name_starts = sorted({name[:1] for name in _CORE_NAMES})
    asked = {}
    for k in range(3, max_n + 1):
        of_size = [(pos, g) for _, size, pos, g in found if size == k]
        n_found = len(of_size)
        of_size += [(pos, g) for size, pos, g in ordinary if size == k]
        if of_size:
            asked[k] = (of_size, n_found, grams.summary(k, np.array([pos for pos, _ in of_size], dtype=np.int64), name_starts))
    return found, asked


def _statistical_candidates(docs: list[_Doc], vocab: frozenset[str], *, min_docs: int, max_n: int = 6,
                            framed: Iterable[str] | Callable[[], Iterable[str]] = frozenset()) -> list[_Cand]:
    """Recurring, bounded, cohesive, compressed character n-grams (new-word discovery).

    A character n-gram (3 to ``max_n`` characters, outside 《》) is proposed where it
    occurs at least twice in ``min_docs`` documents, its weakest split has a PMI of
    3 or more, it has two or more different neighbours on each side, at least half
    its uses start and end at token boundaries, it neither starts nor ends with a
    function character nor contains 的, and it is :func:`_compressed` and not a
    general-dictionary word. The tests on counts and neighbours run on arrays
    (:class:`_GramCounts`); only the survivors meet the dictionary in Python.

    ``framed``: the phrases a verb of commitment frames (candidates of signal ``framed``), or a
    function that returns them. It is called only after the n-grams are counted and tested, and
    the counts let go, so :func:`textkit.analyze` can find them on worker processes meanwhile.
    """
    import numpy as np

    found, asked = _tested_grams(docs, vocab, min_docs=min_docs, max_n=max_n)
    cores = _framed_cores(framed() if callable(framed) else framed)
    # an ordinary compound framed somewhere as a commitment (坚持…, 实施…战略) is a watchword
    # when three documents or more use it, and, framed with its name (区域重大|战略), mostly without it
    for k, (of_size, n_found, (count, n_docs, run, followed, _, _, _)) in asked.items():
        for i in range(n_found, len(of_size)):
            pos, g = of_size[i]
            if g in cores:
                name = cores[g][:1]
                n_named = int(followed[name][i]) if name else 0
                if int(n_docs[i]) >= 3 and 2 * n_named < int(count[i]):
                    found.append((int(run[i]), k, pos, g))
    # in the order a scan of the documents (run by run, size by size) first meets them
    found.sort()
    rank = {(k, pos): i for i, (_, k, pos, _) in enumerate(found)}
    hits = []
    for k, (of_size, _, (_, _, _, _, which, doc, offset)) in asked.items():
        ranks = np.array([rank.get((k, pos), -1) for pos, _ in of_size], dtype=np.int64)[which]
        kept = ranks >= 0
        hits += zip(ranks[kept].tolist(), doc[kept].tolist(), offset[kept].tolist(), [k] * int(kept.sum()))
    hits.sort()
    return [
        _Cand(docs[di].doc_id, off, off + k, found[r][3], "statistical", "phrase", found[r][3])
        for r, di, off, k in hits
    ]


def _positions(text: str, chars: str) -> list[int]:
    """Offsets of the characters ``chars`` in ``text``, in order, found with ``str.find`` (the rules
    below look only where their key character stands, not at every character)."""
    found = []
    for ch in chars:
        i = text.find(ch)
        while i >= 0:
            found.append(i)
            i = text.find(ch, i + 1)
    return sorted(found) if len(chars) > 1 else found


def _chiasmus_candidates(doc: _Doc) -> list[_Cand]:
    """A pair joined by 和 or 与 whose second item is the first reordered (数字产业化和产业数字化,
    在发展中保护与在保护中发展): a chiasmus is coined, like a reordered pair separated by 、
    (脱真贫、真脱贫). Items of three to six characters, each token-bounded."""
    text = doc.text
    cands = []
    for k in _positions(text, "和与"):
        if text[k - 1 : k] not in text[k + 1 : k + 7]:
            continue  # the last character of the first item must come back in the second
        for n in range(3, 7):
            a, b = text[k - n : k], text[k + 1 : k + n + 1]
            if len(a) == n == len(b) and a != b and sorted(a) == sorted(b) and _is_han(a + b) and not doc.masked[k - n] \
                    and doc.bounded(k - n, k) and doc.bounded(k + 1, k + n + 1):
                cands.append(_Cand(doc.doc_id, k - n, k + n + 1, text[k - n : k + n + 1], "enumeration", "enumeration",
                                   f"{a}、{b}", segments=(a, b)))
    return cands


_ABCB = re.compile(f"(?=(([{_HAN}])([{_HAN}])([{_HAN}])\\3))")


def _abcb_candidates(doc: _Doc, vocab: frozenset[str]) -> list[_Cand]:
    """ABCB patterns whose halves are not words of the dictionary (医养康养, 稳岗扩岗, 应保尽保,
    强链补链): two coined actions sharing their object or result, a formula at their first use.
    Halves that are words make compounds and pairs of everyday words (体制机制, 防灾减灾, 工业企业);
    three characters that are a word mark a stretch across words (干出|实打实); the grammar of
    comparison (越来越) and particles (同各国各) are no pattern."""
    cands = []
    for m in _repeats(doc.text, _ABCB, 2, 1):
        s, start = m.group(1), m.start()
        # a frame of obligation or condition (应保尽保, 应收尽收, 能合则合, 宜林则林) leaves room for one
        # character only, twice: a formula whatever its halves are in the dictionary
        framed = s[0] + s[2] in _MODAL_FRAMES
        if (s[0] == s[2] or s[0] == s[1] or s[2] == s[1] or s in vocab or (not framed and (s[:2] in vocab or s[2:] in vocab))
                or s[1:] in vocab or s[:3] in vocab
                or any(ch in _FUNCTION_CHARS or ch in _CN_NUM or ch in "越更" for ch in s)
                or doc.masked[start] or not doc.bounded(start, start + 4)):
            continue
        cands.append(_Cand(doc.doc_id, start, start + 4, s, "pattern", "pattern", s, strong=True))
    return cands


def _national_project_candidates(doc: _Doc) -> list[_Cand]:
    """Two characters and 中国 named as a project that is built (建设平安中国, 推进法治中国建设):
    a watchword though it joins two common words, proposed at each of its uses in the document
    (it must recur, as a framed phrase must). Not a count or a particle (一个中国, 在新中国)."""
    text = doc.text
    # 中国 is found with str.find: a regular expression tried at every character cost ten times more
    # (i >= 4 first: a negative start would make startswith look at the end of the text)
    names = {text[i - 2 : i + 2] for i in _positions(text, "中") if i >= 2 and text.startswith("国", i + 1)
             and ((i >= 4 and text.startswith("建设", i - 4)) or text.startswith("建设", i + 2))
             and _is_han(text[i - 2 : i]) and not doc.masked[i - 2] and doc.bounded(i - 2, i + 2)
             and not any(ch in _FUNCTION_CHARS or ch in _CN_NUM for ch in text[i - 2 : i])}
    return _framed_uses(doc, names)


def _means_end_candidates(doc: _Doc, vocab: frozenset[str]) -> list[_Cand]:
    """Four-character coinages of the template 以A促B / 以A代B (以学促干, 以保促稳, 以工代训),
    token-bounded, A and B content characters; not a common word of the dictionary (以工代赈).
    Unlike 以…为…, 以及 or 以加强…, the template leaves no room for a word: one use is enough."""
    text = doc.text
    cands = []
    for k in _positions(text, "促代"):
        start, end = k - 2, k + 2
        s = text[start:end]
        if start < 0 or len(s) < 4 or s[0] != "以" or not _is_han(s):
            continue
        a, b = s[1], s[3]
        # B is a character of its own, not the start of a word with 促/代 (以新促进发展: 促进)
        if (doc.masked[start] or not doc.bounded(start, end) or a in _FUNCTION_CHARS or b in _FUNCTION_CHARS
                or a in _CN_NUM or b in _CN_NUM or _dictionary_entry(s)[0] > 5 or text[k : k + 2] in vocab):
            continue
        # a phrase (a watchword or coinage), as when quoted or discovered: no repetition of characters
        cands.append(_Cand(doc.doc_id, start, end, s, "pattern", "phrase", s))
    return cands


def slogan_candidates(
    corpus: pd.DataFrame | Mapping[str, str],
    *,
    tokenizer: Tokenizer | None = None,
    signals: Iterable[Signal] | None = None,
) -> pd.DataFrame:
    """Every candidate occurrence proposed by each signal, before grouping and filtering.

    Useful to see why a slogan was (or was not) found. See the module docstring
    for the signals.

    Parameters
    ----------
    corpus : DataFrame or mapping
        What :func:`textkit.read_corpus` returns, or ``{doc_id: text}``.
    tokenizer : Tokenizer, optional
        Supplies token boundaries; ``None`` builds ``Tokenizer()``.
    signals : iterable of {"quoted", "enumeration", "numbered", "pattern", "framed", "statistical"}, optional
        Which generators to run; default all.

    Returns
    -------
    pandas.DataFrame
        One row per candidate occurrence, sorted by ``doc_id`` (corpus order), ``start``, ``signal``:

        ========= ===== ====================================================
        doc_id    str   document
        start     int   offset in the cleaned text
        end       int   offset after it; ``text[start:end] == surface``
        surface   str   the candidate as written
        signal    str   the generator that proposed it
        kind      str   its provisional kind (``phrase`` for a quoted or
                        statistical phrase not yet judged)
        key       str   the form it is grouped under
        quoted    bool  inside quotation marks
        strong    bool  positional template (series) or numeral pattern
                        that needs no repetition
        ========= ===== ====================================================

    Examples
    --------
    >>> t = slogan_candidates({"a": "推动工作走深走实、见行见效。"}, signals=["pattern"])
    >>> t[["surface", "signal"]].values.tolist()
    [['走深走实', 'pattern'], ['见行见效', 'pattern']]
    """
    chosen = _check_signals(signals)
    corpus = as_corpus(corpus)
    tokenizer = Tokenizer() if tokenizer is None else tokenizer
    docs = _prepare_docs(corpus, tokenizer)
    return _frame(_candidates(docs, chosen), docs)


def _doc_candidates(docs: list[_Doc], signals: tuple[str, ...]) -> list[list[_Cand]]:
    """The candidates each document proposes on its own (every signal but the statistical one)."""
    vocab = _general_vocabulary()
    out = []
    # the ， of all documents judged at once (numpy's work per call was most of the work per document)
    paired = _paired_commas([doc.text for doc in docs]) if "enumeration" in signals else []
    for doc, doc_paired in zip(docs, paired or [None] * len(docs)):
        cands: list[_Cand] = []
        quoted, spans = _quoted_candidates(doc, vocab)
        if "quoted" in signals:
            cands += quoted
        if "enumeration" in signals:
            cands += _series_candidates(doc, spans, paired=doc_paired) + _chiasmus_candidates(doc)
        if "numbered" in signals:
            cands += _numbered_candidates(doc, vocab, spans)
        if "pattern" in signals:
            cands += _pattern_candidates(doc, vocab) + _means_end_candidates(doc, vocab) + _abcb_candidates(doc, vocab)
        if "framed" in signals:
            cands += _framed_candidates(doc, vocab) + _national_project_candidates(doc) + _appositive_candidates(doc)
        out.append(cands)
    return out


def _chunk_candidates(doc_ids: list[str], texts: list[str], lengths: list[Iterable[int]], signals: tuple[str, ...]
                      ) -> list[list[tuple]]:
    """:func:`_doc_candidates` of documents given with their token lengths (for worker processes),
    as plain tuples (:func:`_as_tuples`; :func:`_from_tuples` makes them candidates again)."""
    with gc_paused():
        return _as_tuples(_doc_candidates([_make_doc(d, t, n) for d, t, n in zip(doc_ids, texts, lengths)], signals))


def _as_tuples(per_doc: list[list[_Cand]]) -> list[list[tuple]]:
    """Each document's candidates as plain tuples, to send to another process: pickle writes and
    reads a plain tuple in C, a named one through Python code (the candidates of a 20 MB corpus
    took 0.4 CPU seconds to pickle and unpickle as plain tuples, 2.3 as objects with attributes)."""
    return [[tuple(c) for c in cands] for cands in per_doc]


def _candidates(docs: list[_Doc], signals: tuple[str, ...],
                per_doc: list[list[_Cand]] | Callable[[], list[list[tuple]]] | None = None,
                framed: Callable[[], set[str]] | None = None) -> list[tuple]:
    """Every candidate: each document's own (given, found here, or, from :func:`textkit.analyze`,
    a function that waits for the worker processes finding them and returns them as the plain
    tuples of :func:`_as_tuples`, which :func:`_accept` reads as well), then the statistical ones.
    ``framed``, with such a function: one that returns :func:`_framed_phrases` of the documents'
    own candidates, asked for once the statistical signal has counted (by default found here)."""
    vocab = _general_vocabulary()
    if per_doc is None:
        per_doc = _doc_candidates(docs, signals)
    if callable(per_doc):
        # the documents' candidates are still being found: the statistical signal counts
        # meanwhile and then asks for the framed phrases (called only once it has counted)
        if framed is None:
            def framed() -> set[str]:
                return _framed_phrases(c for doc in docs for c in _framed_candidates(doc, vocab)
                                       + _national_project_candidates(doc)) if "framed" in signals else set()
        statistical = _statistical_candidates(docs, vocab, min_docs=2, framed=framed) if "statistical" in signals else []
        per_doc = per_doc()
        return [c for doc_cands in per_doc for c in doc_cands] + statistical
    cands = [c for doc_cands in per_doc for c in doc_cands]
    if "statistical" in signals:
        cands += _statistical_candidates(docs, vocab, min_docs=2, framed=_framed_phrases(cands))
    return cands


def _framed_phrases(cands: Iterable[tuple]) -> set[str]:
    """The phrases a verb of commitment frames (series are framed too, but not as phrases), of
    candidates or of candidates sent as plain tuples (:func:`_as_tuples`), read by position so that
    those need not be made candidates again."""
    signal, kind, key = (_Cand._fields.index(name) for name in ("signal", "kind", "key"))
    return {c[key] for c in cands if c[signal] == "framed" and c[kind] == "phrase"}


def _frame(cands: list[_Cand], docs: list[_Doc]) -> pd.DataFrame:
    order = {d.doc_id: i for i, d in enumerate(docs)}
    rows = sorted(
        ((c.doc_id, c.start, c.end, c.surface, c.signal, c.kind, c.key, c.quoted, c.strong) for c in cands),
        key=lambda r: (order[r[0]], r[1], r[4], r[2]),
    )
    columns = ["doc_id", "start", "end", "surface", "signal", "kind", "key", "quoted", "strong"]
    return pd.DataFrame(rows, columns=columns).astype({"start": "int64", "end": "int64", "quoted": bool, "strong": bool})


# ---------------------------------------------------------------------------
# Judging, grouping, locating
# ---------------------------------------------------------------------------


@dataclass
class _Group:
    key: str
    kind: str
    forms: Counter[str] = field(default_factory=Counter)
    segments: dict[str, tuple[str, ...]] = field(default_factory=dict)
    signals: set[str] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)
    n_cands: int = 0
    quoted: int = 0
    strong: bool = False


_KIND_ORDER = ("enumeration", "numbered", "pattern", "phrase")


def _accept(cands: Sequence[tuple], vocab: frozenset[str]) -> dict[str, _Group]:
    """Pool candidate occurrences per key and keep the formulaic ones.

    ``cands``: candidates, or candidates as the plain tuples of :func:`_as_tuples`, read by
    position (those a worker sent need not be made candidates again: 0.2 s in the calling
    process on the 20 MB corpus)."""
    key_at, kind_at, strong_at, segments_at = (_Cand._fields.index(name) for name in ("key", "kind", "strong", "segments"))
    # the columns a group is made of, found by name like the fields above (not by position: a
    # field added to or moved in _Cand must not shift them)
    pooled_at = [_Cand._fields.index(name) for name in ("doc_id", "start", "surface", "signal", "kind", "quoted", "strong", "segments")]
    # each key's candidates in corpus order, then each group's fields from them at once, in C
    # (Counter, set, sum over columns): a Python step per candidate and field was most of the
    # time of this function. Groups, forms and segments keep the order of first appearance
    canonical: dict[str, str] = {}  # each key's pattern key, worked out once (keys recur)
    by_key: dict[str, list[tuple]] = {}
    for c in cands:
        raw = c[key_at]
        key = canonical.get(raw)
        if key is None:
            key = canonical[raw] = _pattern_key(raw) if _abac_kind(raw) == "ABAC" else raw
        members = by_key.get(key)
        if members is None:
            by_key[key] = [c]
        else:
            members.append(c)
    groups: dict[str, _Group] = {}
    # occurrences at distinct places (the same span may be proposed by several signals)
    places: dict[str, set[tuple[str, int]]] = {}
    rank = {kind: i for i, kind in enumerate(_KIND_ORDER)}.__getitem__
    for key, members in by_key.items():
        columns = tuple(zip(*members))
        doc_ids, starts, surfaces, signals, kinds, quoted, strong, segments = (columns[i] for i in pooled_at)
        groups[key] = _Group(key, min(kinds, key=rank), forms=Counter(surfaces),
                             segments={surface: segs for surface, segs in zip(surfaces, segments) if segs},
                             signals=set(signals), docs=set(doc_ids), n_cands=len(members), quoted=sum(quoted),
                             strong=any(strong))
        places[key] = set(zip(doc_ids, starts))
    del by_key
    # of unquoted numeral forms sharing a start (八项规定 / 八项规定精神), keep the
    # longest one that loses no occurrence, and drop rarer extensions
    numbered = sorted(k for k, g in groups.items() if g.kind == "numbered" and not g.quoted)
    dropped = set()
    for i, a in enumerate(numbered):
        # sorted: the keys extending ``a`` follow it, together (not every pair: quadratic)
        j = i + 1
        while j < len(numbered) and numbered[j].startswith(a):
            b = numbered[j]
            dropped.add(a if len(places[b]) >= len(places[a]) else b)
            j += 1
    # patterns that are an item of a series of patterns (有力有序、入心入脑、走深走实、见行见效)
    # (each distinct item once: the same series recur)
    items = {seg for c in cands if c[kind_at] == "enumeration" and c[strong_at] for seg in c[segments_at]}
    in_series = {_pattern_key(seg) for seg in items if _abac_kind(seg)}
    kept = {}
    for key, g in groups.items():
        if key in dropped:
            continue
        n = len(places[key])
        if g.kind == "enumeration":
            ok = g.strong or g.quoted > 0 or n >= 2
        elif g.kind == "numbered":
            ok = g.quoted > 0 or n >= 2 or ("numbered" in g.signals and g.strong and _compact_numbered(key))
            if "quoted" not in g.signals and not g.strong:
                ok = (n >= 2 or _named_numeral(key)) and _compressed_or_named(key, vocab)
        elif g.kind == "pattern":
            ok = g.strong or key in in_series or (len(g.docs) >= 2 and _rare_parts(key))
        else:
            if "statistical" in g.signals or "pattern" in g.signals:  # pattern: 以A促B (_means_end_candidates)
                ok = True
            elif "framed" in g.signals:
                # framed once is a phrase in a context; framed and used again, a watchword; named in
                # apposition (…这个首要任务), a formula at once
                ok = n >= 2 or g.quoted > 0 or g.strong
            else:
                # a phrase of the dictionary was proposed only when quoted and rare (“约法三章”); a
                # phrase opened by a reduplicated word (“村村通”, “时时放心不下”) is a slogan's form
                ok = _compressed(key, vocab) or g.quoted >= 2 or (g.quoted > 0 and (key in vocab or _reduplicated_head(key)))
        if ok:
            kept[key] = g
    # a statistical n-gram that is an accepted slogan plus a word on its edge (推进医养结合,
    # 事中事后监管) is that slogan in a context, unless it also occurs on its own more often;
    # what is added must be an ordinary word: two coined units side by side (碳达峰碳中和) are
    # one watchword
    for key in [k for k, g in kept.items() if g.signals == {"statistical"}]:
        for cut in range(1, len(key) - 1):
            shorter = [k for k, rest in ((key[cut:], key[:cut]), (key[:-cut], key[-cut:]))
                       if (k in kept or _pattern_key(k) in kept) and not _coined_unit(rest, vocab)]
            if any(len(places.get(k, places.get(_pattern_key(k), set()))) >= len(places[key]) for k in shorter):
                del kept[key]
                break
    return kept


def _reduplicated_head(s: str) -> bool:
    """Three to eight characters opened by a reduplicated character that is no numeral: every,
    at all times (村村通, 户户通, 时时放心不下, 事事心中有底), the form of a slogan rather than of a
    metaphor or a term in quotes."""
    return 3 <= len(s) <= 8 and s[0] == s[1] and s[0] not in _CN_NUM and _is_han(s)


def _compact_numbered(s: str) -> bool:
    """Numerals alternating with words of one or two characters (一照一码, 两新一重, 三去一降一补,
    一岗双责): so compressed a numbered formula that one use is enough."""
    parts = re.split(f"[{_CN_NUM}]", s)[1:]
    if s[0] not in _CN_NUM or len(parts) < 2 or not all(1 <= len(p) <= 2 for p in parts):
        return False
    # not a reduplication (一步一步), a count (一次十分), a phrase with a particle (三者统一于)
    # or words that only begin with a numeral (两岸双方)
    chunks = re.findall(f"[{_CN_NUM}]+[^{_CN_NUM}]+", s)
    return (len(set(parts)) == len(parts) and not any(all(ch in _CLASSIFIERS for ch in p) for p in parts)
            and not any(ch in _FUNCTION_CHARS for p in parts for ch in p)
            and not all(_dictionary_entry(c)[0] > 5 for c in chunks))


def _rare_fixed_phrase(s: str) -> bool:
    """A rare idiom, fixed expression or abbreviation of the dictionary (“港人治港”, “约法三章”,
    “守望相助”, “一岗双责”): quoted, a watchword. A quoted noun (“血管”, “总开关”, a
    figurative “绿水青山”), a name or a numeral expression is a metaphor or a name."""
    freq, pos = _dictionary_entry(s)
    return len(s) >= 4 and freq < 100 and pos not in ("n", "nr", "m")


def _rare_parts(abac: str) -> bool:
    """An ABAC made of two dictionary words of which one is rare (压紧压实, 联防联控), unlike
    the compounds of everyday words (生产生活, 整改整治, 创业创新)."""
    return min(_dictionary_entry(abac[:2])[0], _dictionary_entry(abac[2:])[0]) < 100


def _named_numeral(s: str) -> bool:
    """A numeral and a measure word naming a phrase of three or more characters (四项基本原则,
    两个积极性, 三条控制线): a named formula even when used once, unlike a count of a
    two-character noun (两个目标, 三项举措)."""
    if not (len(s) >= 5 and s[0] in _NUM_SINGLE and s[1] in "个大项条种" and s[-1] not in _EDGE_FUNCTION):
        return False
    # it ends in a noun (五项原则提出 is a formula and a verb)
    return _dictionary_entry(_pieces(s[2:], _general_vocabulary())[-1])[1].startswith("n")


def _compressed_or_named(s: str, vocab: frozenset[str]) -> bool:
    """A numeral plus words that is not itself an ordinary word or count (五大任务, 四个全面)."""
    return s not in vocab and not _quantity(s[1:].lstrip("个大项条种"))


def _merge_series(groups: dict[str, _Group]) -> dict[str, str]:
    """Map each enumeration key to the key of the series it is a variant of: the longest series
    (then the first key) holding all its segments, and at least three of them or all."""
    series = {k: tuple(k.split("、")) for k, g in groups.items() if g.kind == "enumeration" and "、" in k}
    parent = {k: k for k in series}
    # only series sharing a segment can hold one another: an index by segment instead of
    # comparing every pair of series, which grew with the square of the corpus
    containing: dict[str, list[str]] = defaultdict(list)
    for k, segs in series.items():
        for seg in set(segs):
            containing[seg].append(k)
    for b, sb in series.items():
        wanted = set(sb)
        best: tuple[int, str] | None = None
        for a in min((containing[seg] for seg in wanted), key=len):
            sa = series[a]
            if a != b and len(sb) < len(sa) and len(sb) >= min(3, len(sa)) and wanted <= set(sa):
                if best is None or (-len(sa), a) < best:
                    best = (-len(sa), a)
        if best is not None:
            parent[b] = best[1]
    return parent


def _surfaces(group_forms: Iterable[str], segments: Iterable[tuple[str, ...]], kind: str) -> set[str]:
    out = set(group_forms)
    for segs in segments:
        if kind != "enumeration" or len(segs) < 2:
            continue
        # joined by 、 or by ，; a list of five items or fewer also with both mixed (坚定信心、同心同德，
        # 埋头苦干、奋勇前进)
        gaps = len(segs) - 1
        joins = product("、，", repeat=gaps) if len(segs) <= 5 else [("、",) * gaps, ("，",) * gaps]
        out.update("".join(x for pair in zip(segs, (*seps, "")) for x in pair) for seps in joins)
        out.add("”“".join(segs))
        out.add("”、“".join(segs))
        # the first items quoted one by one and the rest not (“一国两制”、“港人治港”、“澳人治澳”、高度自治):
        # the same list (found in the reference corpus; quoting only the last items was not, and each
        # join is one more surface to locate)
        for k in range(1, len(segs)) if len(segs) <= 6 else ():
            out.add("”、“".join(segs[:k]) + "”、" + "、".join(segs[k:]))
        if min(len(s) for s in segs) >= 2 and sum(map(len, segs)) >= 6:
            out.add("".join(segs))
    if kind == "phrase":
        # a thing named in apposition, A这个B, is also written A的B
        out.update(f.replace("这个", "的", 1) for f in list(out) if "这个" in f[2:-2])
    if kind == "pattern":
        for f in list(out):
            if _abac_kind(f) == "ABAC":
                out.add(f[0] + f[3] + f[0] + f[1])
    return out


_HASH_BASE = 0x100000001B3  # odd, so invertible modulo 2**64
_BATCH_CHARS = 2_000_000
_SLOT_MIX = 0x9E3779B97F4A7C15  # odd: mixes a hash so that its top bits pick a slot of the bitmap


def _surface_hashes(strings: Sequence[str]):  # noqa: ANN202
    """The polynomial hash of each of ``strings`` (none empty), the sum of ``ord(s[v]) * _HASH_BASE**v``
    modulo 2**64, as :func:`_match_arrays` computes it for the windows of the texts: a uint64 array
    computed at once (one string at a time in Python was half of making the index)."""
    import numpy as np

    if not strings:
        return np.zeros(0, dtype=np.uint64)
    chars = np.frombuffer("".join(strings).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    sizes = np.array([len(s) for s in strings], dtype=np.int64)
    starts = np.cumsum(sizes) - sizes
    # each character times base ** its place in its string (unsigned arithmetic wraps, modulo 2**64)
    powers = _powers(_HASH_BASE, np.arange(int(sizes.max())))
    return np.add.reduceat(chars * powers[np.arange(len(chars)) - np.repeat(starts, sizes)], starts)


def _run_starts(values):  # noqa: ANN001, ANN202
    """Where each run of equal values of a sorted array starts: its distinct values are
    ``values[starts]``, and how often each occurs ``np.diff(np.append(starts, len(values)))``."""
    import numpy as np

    first = np.ones(len(values), dtype=bool)
    np.not_equal(values[1:], values[:-1], out=first[1:])
    return np.flatnonzero(first)


def _sorted_distinct(values):  # noqa: ANN001, ANN202
    """``np.unique(values)`` of an array of integers, found by sorting: np.unique finds distinct
    values with a hash table since numpy 2.3, 0.66 s for a million distinct integers against 0.005 s
    to sort them."""
    import numpy as np

    values = np.sort(values)
    return values[_run_starts(values)]


class _HashSet:
    """Sorted 64-bit hashes with a bitmap of their mixed top bits, to test millions of window
    hashes at once: the bitmap rejects almost all of them, a binary search checks the rest."""

    _BITS = 22

    def __init__(self, hashes) -> None:  # noqa: ANN001 (a list of int or a uint64 array)
        import numpy as np

        self.keys = _sorted_distinct(np.array(hashes, dtype=np.uint64))
        self.bitmap = np.zeros(1 << self._BITS, dtype=bool)
        self.bitmap[self._slot(self.keys)] = True

    def __reduce__(self):  # noqa: ANN204
        # the keys travel to worker processes, the bitmap (4 MB) is made again from them
        return (_HashSet, (self.keys,))

    def _slot(self, h):  # noqa: ANN001, ANN202
        import numpy as np

        return (h * np.uint64(_SLOT_MIX)) >> np.uint64(64 - self._BITS)

    def find(self, h):  # noqa: ANN001, ANN201
        """(positions in ``h`` holding one of the hashes, index of that hash in ``keys``)."""
        import numpy as np

        if not len(self.keys):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        cand = np.flatnonzero(self.bitmap[self._slot(h)])
        where = np.minimum(np.searchsorted(self.keys, h[cand]), len(self.keys) - 1)
        ok = self.keys[where] == h[cand]
        return cand[ok], where[ok]


class _SurfaceIndex:
    """The surfaces to locate, with what :func:`_match_arrays` and :func:`_overrule` look them up by,
    worked out once for every chunk of documents (each chunk worked them out again: a third of
    the time of locating a chunk of the 20 MB corpus, 0.07 of 0.21 CPU seconds).

    Parameters
    ----------
    surfaces : iterable of str
        The surfaces (the keys of ``surface_to_key``).
    """

    def __init__(self, surfaces: Iterable[str]) -> None:
        import numpy as np

        self.surfaces = frozenset(surfaces)
        # hashes of the surfaces of two and three characters, and of the first four characters of
        # the longer ones with the lengths of the surfaces under each (longest first), all hashed
        # at once
        by_size = {n: [s for s in self.surfaces if len(s) == n] for n in (2, 3)}
        self.short = {n: _HashSet(_surface_hashes(strings)) for n, strings in by_size.items()}
        longer = [s for s in self.surfaces if len(s) >= 4]
        # each (head, length) once, by head, then length, longest first
        head = _surface_hashes([s[:4] for s in longer])
        size = np.array([len(s) for s in longer], dtype=np.int64)
        order = np.lexsort((-size, head))
        head, size = head[order], size[order]
        pairs = np.ones(len(head), dtype=bool)
        pairs[1:] = (head[1:] != head[:-1]) | (size[1:] != size[:-1])
        head, size = head[pairs], size[pairs]
        self.heads = _HashSet(head)
        # the lengths of each head as flat arrays (each head's from ``head_starts[i]`` on,
        # ``head_counts[i]`` of them), and the hashes of the whole surfaces of four characters or
        # more: every window of those lengths at a head is tested at once with numpy, not as a string
        self.head_starts = _run_starts(head)
        self.head_counts = np.diff(np.append(self.head_starts, len(head)))
        self.head_flat = size
        self.longer = _HashSet(_surface_hashes(longer))
        self.series, self.coined = _overruling(self.surfaces)
        # which hashes of ``longer`` are those of a series or a coined series (six characters or
        # more): _overrule looks up only the surfaces found with one of them (a hash shared by
        # another surface only makes it look one up for nothing)
        self.overruling = np.isin(self.longer.keys, _surface_hashes([*self.series, *self.coined]))
        # most surfaces found start with a character that starts no series: not sliced at all
        self.series_heads = frozenset({s[0] for s in self.series} | {s[0] for s in self.coined})


def _match_arrays(docs: list[_Doc], index: _SurfaceIndex):  # noqa: ANN202
    """Every surface of ``index`` found in ``docs``, as four arrays in the order of document, then
    position, then length, longest first: its document (an index into ``docs``), its position
    there and its length (int64), and whether its hash is one of ``index.overruling`` (bool).

    A surface is found by its first characters, as one is looked up (so a one-character
    surface only where a text ends). The hash of the window of two, three and four characters
    at every position is computed with numpy and looked up (:class:`_HashSet`) among the
    surfaces of two and three characters and the first four characters of the longer ones;
    each window found is then compared as a string with the surfaces of the lengths its head
    comes in, so the result is exact. Checking every length at every position in Python was the
    slowest part of locating slogans, and hashing every length at every two-character head
    was the next. Arrays rather than a dict of the lengths at each position for each document:
    :func:`_overrule`, :func:`_fitting` and :func:`_uses` ask them all at once with numpy
    (a dict's entries, asked one by one in Python, were more than half of locating slogans).
    """
    import numpy as np

    surfaces, short, heads = index.surfaces, index.short, index.heads
    base = [np.uint64(pow(_HASH_BASE, v, 1 << 64)) for v in range(4)]
    batch: list[int] = []
    size = 0
    batches = []
    for di, doc in enumerate(docs):
        batch.append(di)
        size += len(doc.text) + 1
        if size >= _BATCH_CHARS or di == len(docs) - 1:
            batches.append(batch)
            batch, size = [], 0
    parts = []
    for batch in batches:
        joined = "\0".join(docs[di].text for di in batch) + "\0"
        chars = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
        found = []  # (positions, lengths, overruling) of the surfaces found, each an array
        h = chars.copy()
        for n in (2, 3, 4):
            # the hash of the window of n characters at each position, as _surface_hashes
            h = h[:-1] + chars[n - 1 :] * base[n - 1]
            if n < 4:
                at = short[n].find(h)[0]
                at = at[np.array([joined[p : p + n] in surfaces for p in at.tolist()], dtype=bool)]
                found.append((at, np.full(len(at), n, dtype=np.int64), np.zeros(len(at), dtype=bool)))
                continue
            at, which = heads.find(h)
            found.append(_windows_at_heads(chars, at, which, index, joined))
        del h, chars
        starts = np.cumsum([0] + [len(docs[di].text) + 1 for di in batch])
        # a one-character surface where a text ends
        last = [starts[k] + len(docs[di].text) - 1 for k, di in enumerate(batch) if docs[di].text and docs[di].text[-1] in surfaces]
        found.append((np.array(last, dtype=np.int64), np.ones(len(last), dtype=np.int64), np.zeros(len(last), dtype=bool)))
        pos, size_of, overruling = (np.concatenate(column) for column in zip(*found))
        pos = pos.astype(np.int64)
        where = np.searchsorted(starts, pos, side="right") - 1
        parts.append((np.array(batch, dtype=np.int64)[where], pos - starts[where], size_of, overruling))
    if not parts:
        return (np.zeros(0, dtype=np.int64),) * 3 + (np.zeros(0, dtype=bool),)
    doc, pos, size_of, overruling = (np.concatenate(column) for column in zip(*parts))
    # (sorted with numpy, not as a list of tuples by a key in Python)
    order = np.lexsort((-size_of, pos, doc))
    return doc[order], pos[order], size_of[order], overruling[order]


def _windows_at_heads(chars, at, which, index: _SurfaceIndex, joined: str):  # noqa: ANN001, ANN202
    """The surfaces of four characters or more starting at the positions ``at`` of ``joined`` (its
    code points ``chars``, as uint64), whose first four characters are the heads ``which`` of
    ``index``: as ``joined[p : p + m] in index.surfaces`` for every length ``m`` of the surfaces of
    that head, in that order. Three arrays: their positions and lengths (int64), and whether their
    hash is one of ``index.overruling``.

    The hash of every such window is computed at once from prefix hashes (the polynomial hash of
    :func:`_surface_hashes`, modulo 2**64: the window ``p : p + m`` hashes to ``(P[p + m] - P[p])``
    times the inverse of ``base ** p``, which exists, the base being odd) and looked up among the
    hashes of the surfaces; only the windows found are compared as strings, so the result is exact.
    Slicing and looking up every window (about six for each surface found on the 20 MB corpus) was
    the slowest part of locating slogans.
    """
    import numpy as np

    if not len(at):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
    counts = index.head_counts[which]
    pos = np.repeat(at, counts)
    # the k-th length of each head: its start in the flat array, plus k
    offset = np.arange(len(pos)) - np.repeat(np.cumsum(counts) - counts, counts)
    size = index.head_flat[np.repeat(index.head_starts[which], counts) + offset]
    inside = pos + size <= len(chars)
    # P[i] = sum of chars[j] * base ** j for j < i, in one array: base ** j first (unsigned
    # arithmetic wraps, modulo 2**64), times the characters, summed in place
    prefix = np.full(len(chars) + 1, _HASH_BASE, dtype=np.uint64)
    prefix[:2] = 0, 1
    np.cumprod(prefix[1:], out=prefix[1:])
    prefix[1:] *= chars
    np.cumsum(prefix[1:], out=prefix[1:])
    p, m = pos[inside], size[inside]
    # the inverse of base ** p for each head position, then for each of its windows
    inverse = np.repeat(_powers(pow(_HASH_BASE, -1, 1 << 64), at), counts)[inside]
    hashes = (prefix[p + m] - prefix[p]) * inverse
    del prefix
    hit = np.zeros(len(pos), dtype=bool)
    at, which = index.longer.find(hashes)
    hit[np.flatnonzero(inside)[at]] = True
    overruling = np.zeros(len(pos), dtype=bool)
    overruling[np.flatnonzero(inside)[at]] = index.overruling[which]
    # windows past the end (never in fact: the text ends with a NUL) are compared as strings, and
    # looked up by _overrule
    hit |= ~inside
    overruling |= ~inside
    surfaces = index.surfaces
    pos, size, overruling = pos[hit], size[hit], overruling[hit]
    found = np.array([joined[q : q + k] in surfaces for q, k in zip(pos.tolist(), size.tolist())], dtype=bool)
    return pos[found], size[found], overruling[found]


def _powers(base: int, exponents):  # noqa: ANN001, ANN202
    """``base ** exponents`` modulo 2**64 (uint64) for an array of exponents, by repeated squaring."""
    import numpy as np

    out = np.ones(len(exponents), dtype=np.uint64)
    left = np.asarray(exponents, dtype=np.int64).copy()
    square = base % (1 << 64)
    while left.any():
        odd = (left & 1).astype(bool)
        out[odd] *= np.uint64(square)
        square = square * square % (1 << 64)
        left >>= 1
    return out


def _fitting(docs: list[_Doc], found, joined: str):  # noqa: ANN001, ANN202
    """Of the surfaces found (:func:`_match_arrays`), those that may be used where they are: at token
    boundaries; a list (a surface with 、) need only start at one, since the segmenter often glues its
    last item to the noun the list qualifies (高端化、智能化、绿色|化发展; 蓝天、碧水、净土保卫战).

    Five int64 arrays in the same order: document, position, length, and where the surface starts
    and ends in ``joined``, the texts joined by NUL as :func:`_match_arrays` joins them (each
    document's places after the ends of the one before). Asked after :func:`_overrule`, which lets
    series start where the segmenter glued them."""
    import numpy as np

    doc, pos, size_of, _ = found
    # each document's edges (_Doc.edges, one more than its characters) one after the other
    offsets = np.cumsum([0] + [len(d.text) + 1 for d in docs])
    edges = np.frombuffer(b"".join(d.edges for d in docs), dtype=np.uint8).astype(bool)
    edges[offsets[:-1]] = edges[offsets[1:] - 1] = True  # a text's start and end (_Doc.bounded)
    overruled = [offsets[k] + i for k, d in enumerate(docs) for i in d.overruled if 0 < i < len(d.text)]
    edges[np.array(overruled, dtype=np.int64)] = True
    commas = np.flatnonzero(np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32) == ord("、"))
    start = offsets[doc] + pos
    end = start + size_of
    fit = np.flatnonzero(edges[start] & (edges[end] | (np.searchsorted(commas, end) > np.searchsorted(commas, start))))
    return doc[fit], pos[fit], size_of[fit], start[fit], end[fit]


def _best_cover(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Of overlapping ``spans`` (start, end), sorted by start, the non-overlapping ones covering
    the most characters; of those, the fewest (longer units), then the first found.

    Weighted interval scheduling: spans by end, each either left out or added to the best
    choice among the spans ending before it starts."""
    order = sorted(spans, key=lambda se: se[1])
    ends = [e for _, e in order]
    best: list[tuple[int, int, tuple[tuple[int, int], ...]]] = [(0, 0, ())]  # (covered, -uses, chosen)
    for k, (start, end) in enumerate(order):
        before = best[bisect_right(ends, start, 0, k)]
        take = (before[0] + end - start, before[1] - 1, before[2] + ((start, end),))
        best.append(max(best[-1], take, key=lambda b: b[:2]))
    return sorted(best[-1][2])


def _uses(fitting) -> list[tuple[int, int, int]]:  # noqa: ANN001
    """Where slogans are used, (document, start, end) in order, from the surfaces that fit where they
    start (:func:`_fitting`): the longest complete forms. Where uses overlap without nesting
    (协同推进降碳 and 降碳、减污、扩绿、增长), the ones covering the most characters win, so a slogan
    that starts earlier does not cut off a longer one (:func:`_best_cover`). The uses of a document
    never overlap.

    The surfaces are grouped at once with numpy: a group starts with a surface starting at or after
    the furthest end of the ones before it (taken position by position, longest first). A group
    whose first surface holds the others is that use alone: so are most groups, a surface and the
    shorter ones at its start; only the others are covered in Python (a tenth of the groups of more
    than one on the 20 MB corpus). Asked surface by surface in Python, this was a quarter of locating
    slogans.
    """
    import numpy as np

    doc, pos, size_of, start, end = fitting
    if not len(doc):
        return []
    reach = np.maximum.accumulate(end)
    grouped = np.ones(len(start), dtype=bool)
    grouped[1:] = start[1:] >= reach[:-1]
    heads = np.flatnonzero(grouped)
    alone = end[heads] == np.maximum.reduceat(end, heads)
    first = heads[alone]
    uses = list(zip(doc[first].tolist(), pos[first].tolist(), (pos[first] + size_of[first]).tolist()))
    apart = np.flatnonzero(~alone)
    if not len(apart):
        return uses
    # each other group's cover in its place among the uses alone
    ends = np.append(heads[1:], len(start))
    out: list[tuple[int, int, int]] = []
    taken = 0
    for a, b, i in zip(heads[apart].tolist(), ends[apart].tolist(), np.searchsorted(first, heads[apart]).tolist()):
        d = int(doc[a])
        out += uses[taken:i]
        out += [(d, s, e) for s, e in _best_cover(list(zip(pos[a:b].tolist(), (pos[a:b] + size_of[a:b]).tolist())))]
        taken = i
    return out + uses[taken:]


def _locate_nested(docs: list[_Doc], surface_to_key: dict[str, str], index: _SurfaceIndex | None = None,
                   ) -> tuple[list[tuple[str, int, int, str, str]], list[tuple[str, str, str, str]]]:
    """Every slogan use, longest first, left to right; and (doc_id, surface, slogan, the longer
    slogan) of each slogan occurring inside a use of a longer one, at any depth.

    以学铸魂 inside 以学铸魂、以学增智、以学正风、以学促干 is counted once, for the series,
    but the document still uses 以学铸魂. Known formulas and discovered slogans are alike here:
    可持续发展 inside a use of the registry's 可持续发展战略 is that formula's use.
    """
    import numpy as np

    index = _SurfaceIndex(surface_to_key) if index is None else index
    found = _match_arrays(docs, index)
    _overrule(docs, index, found)
    joined = "\0".join(doc.text for doc in docs) + "\0"
    fitting = _fitting(docs, found, joined)
    uses = _uses(fitting)
    ids = [doc.doc_id for doc in docs]
    # (each surface sliced once: ``for surface in (…,)`` is an assignment to the interpreter)
    hits = [(ids[d], i, j, surface, surface_to_key[surface]) for d, i, j in uses for surface in (docs[d].text[i:j],)]
    # every surface that fits inside a use, but for the use itself: not only the longest at a position
    # (富强民主文明和谐美丽 inside 富强民主文明和谐美丽的社会主义现代化强国 inside 到本世纪中叶把我国建成…强国),
    # found at once as the uses do not overlap, in the order of the uses, then of position and length
    _, _, _, start, end = fitting
    offsets = np.cumsum([0] + [len(d.text) + 1 for d in docs])
    use_doc = np.array([d for d, _, _ in uses], dtype=np.int64)
    use_start = offsets[use_doc] + np.array([i for _, i, _ in uses], dtype=np.int64)
    use_end = offsets[use_doc] + np.array([j for _, _, j in uses], dtype=np.int64)
    k = np.searchsorted(use_start, start, side="right") - 1
    u = np.maximum(k, 0)
    inside = np.flatnonzero((k >= 0) & (start < use_end[u] - 1) & (end <= use_end[u])
                            & ((start != use_start[u]) | (end != use_end[u])))
    nested = []
    for s, e, of in zip(start[inside].tolist(), end[inside].tolist(), k[inside].tolist()):
        inner = joined[s:e]
        key = surface_to_key[inner]
        if key != hits[of][4]:
            nested.append((hits[of][0], inner, key, hits[of][4]))
    return hits, nested


@dataclass
class _Result:
    slogans: pd.DataFrame
    occurrences: pd.DataFrame


def _locate_chunk(doc_ids: list[str], texts: list[str], lengths: list[Iterable[int]], surface_to_key: dict[str, str],  # noqa: ANN201
                  index: _SurfaceIndex | None = None):
    """:func:`_locate_nested` of documents given with their token lengths (for worker processes);
    ``index``, the :class:`_SurfaceIndex` of ``surface_to_key``, made once for every chunk."""
    with gc_paused():
        docs = [_make_doc(d, t, n) for d, t, n in zip(doc_ids, texts, lengths)]
        return _locate_nested(docs, surface_to_key, index)


def _discover(
    corpus: pd.DataFrame,
    tokenizer: Tokenizer,
    signals: tuple[str, ...],
    per_doc: list[list[_Cand]] | Callable[[], list[list[tuple]]] | None = None,
    locate=None,  # noqa: ANN001
    lengths: list | None = None,
    registry: pd.DataFrame | None = None,
    framed: Callable[[], set[str]] | None = None,
) -> _Result:
    """Slogans and their occurrences. ``per_doc`` (each document's own candidates), ``framed``
    (the phrases framed among those, :func:`_candidates`) and ``locate`` ((surface_to_key,
    the prepared documents) -> (hits, nested), in corpus order) let textkit.analyze run
    those per-document steps in worker processes; the result is the same. ``registry`` (from :func:`load_known_formulas`)
    adds the known formulas that discovery did not find."""
    docs = _prepare_docs(corpus, tokenizer, lengths)
    vocab = _general_vocabulary()
    cands = _candidates(docs, signals, per_doc, framed)
    groups = _accept(cands, vocab)
    del cands  # hundreds of thousands on a large corpus, not needed while the slogans are located
    # a chain of quoted watchwords (“港人治港”、“澳人治澳”) is its watchwords, not one more slogan;
    # short words quoted in a chain (“打虎”、“拍蝇”、“猎狐”) are one slogan
    for key in [k for k, g in groups.items() if g.kind == "enumeration" and g.signals == {"enumeration"}
                and all(f.startswith("“") or "”" in f for f in g.forms)]:
        if all(len(seg) >= 4 and groups.get(seg) is not None and groups[seg].kind == "phrase" for seg in key.split("、")):
            del groups[key]
    parent = _merge_series(groups)
    if registry is not None:
        # after the merging of series: a known formula is a slogan of its own, never a variant
        # of a discovered one nor one's parent (the discovered rows stay as they are)
        _add_known(groups, registry)
    families: dict[str, list[_Group]] = defaultdict(list)
    for key, g in groups.items():
        families[parent.get(key, key)].append(g)
    # canonical form: the member seen in most documents, then most often, then longest
    surface_to_key: dict[str, str] = {}
    info: dict[str, dict[str, object]] = {}
    for root, members in families.items():
        best = max(members, key=lambda g: (len(g.docs), g.n_cands, len(g.key), g.key))
        canonical = max(best.forms, key=lambda f: (best.forms[f], len(f), f)) if best.kind != "enumeration" else best.key
        kind = min((g.kind for g in members), key=_KIND_ORDER.index)
        surfaces: set[str] = set()
        for g in members:
            surfaces |= _surfaces(g.forms, g.segments.values(), kind) | _listed_units(g, groups)
            surfaces.add(g.key)
        for s in surfaces:
            if s not in surface_to_key or len(canonical) > len(surface_to_key[s]):
                surface_to_key[s] = canonical
        info[canonical] = {
            "kind": kind,
            "signals": set().union(*(g.signals for g in members)),
            "quoted": sum(g.quoted for g in members),
            "strong": any(g.strong for g in members),
        }
    hits, nested = _locate_nested(docs, surface_to_key) if locate is None else locate(surface_to_key, docs)
    order = [d.doc_id for d in docs]
    uses = _UseCounts(hits, nested, order)
    # slogans used inside a longer series, and inside other slogans (a sentence formula), each
    # (slogan, longer slogan) pair once
    inside: dict[bool, set[str]] = {True: set(), False: set()}
    in_known: set[str] = set()  # used inside a formula only the registry has
    for slogan, outer in uses.inside:
        # part of a list: a list whose items are items of that list (新经济组织、新社会组织 in 新经济组织、
        # 新社会组织、新就业群体), or the head or tail every item shares, the list's template (人民城市 in
        # 人民城市人民建、人民城市为人民); not a list inside a list that holds more than its items (国之大计、
        # 党之大计 in 教育是国之大计、党之大计), nor a watchword that is one item (港人治港)
        items = outer.split("、")
        inside[info[outer]["kind"] == "enumeration" and (
            (info[slogan]["kind"] == "enumeration" and set(slogan.split("、")) <= set(items))
            or all(x.startswith(slogan) for x in items) or all(x.endswith(slogan) for x in items))].add(slogan)
        if info[outer]["signals"] == {"known"}:
            in_known.add(slogan)
    only_in_lists = inside[True] - inside[False]
    rows = []
    for slogan, count, doc_ids, variant_list in uses:
        meta = info[slogan]
        if (not count and not _watchword_on_its_own(meta) and not _known_on_its_own(meta, in_list=slogan in only_in_lists)
                and not (slogan in in_known and meta["signals"] != {"known"})):
            # only ever part of longer slogans (打虎 in “打虎”、“拍蝇”、“猎狐”), and not a watchword on
            # evidence of its own; a discovered slogan inside a known formula (可持续发展 in 可持续发展战略)
            # stays, as it is with the registry off
            continue
        kind = str(meta["kind"])
        if kind == "phrase":
            kind = "watchword" if len(doc_ids) >= 2 else "coinage"
        signals_used = sorted(meta["signals"])  # type: ignore[arg-type]
        if len(doc_ids) >= 2:
            signals_used.append("reuse")
        score = len(signals_used) + math.log2(1 + count) + math.log2(len(doc_ids)) + 0.5 * bool(meta["strong"]) + 0.5 * (int(meta["quoted"]) > 0)  # type: ignore[arg-type]
        rows.append((slogan, kind, len(doc_ids), ";".join(doc_ids), count, round(score, 4), ";".join(variant_list), ";".join(signals_used)))
    columns = ["slogan", "kind", "n_docs", "doc_ids", "count", "score", "variants", "signals"]
    rows.sort(key=lambda r: (-r[5], -r[4], r[0]))
    table = pd.DataFrame(rows, columns=columns).astype({"n_docs": "int64", "count": "int64", "score": float})
    return _Result(table, uses.occurrences())


class _UseCounts:
    """What the slogans table needs of the uses located (``hits``: doc_id, start, end, surface,
    slogan) and of the slogans used inside longer ones (``nested``: doc_id, surface, slogan, the
    longer slogan), counted with numpy on the slogans, surfaces and documents numbered.

    Iterating gives, for each slogan used (first seen first), ``(slogan, uses of its own, the
    documents using it in the order of ``order``, its surfaces by uses descending, then as
    strings)``, nested uses counted for the documents and the surfaces but not as its own uses;
    ``inside`` holds each distinct (slogan, longer slogan) pair of ``nested``.

    A Counter, a set and a Counter of Counters updated for every use took most of the time after
    locating on large corpora, and grew faster than the corpus (1.3 s at 100 MB, 0.18 at 20 MB),
    with the calling process alone at the end of the run.
    """

    def __init__(self, hits: list[tuple[str, int, int, str, str]], nested: list[tuple[str, str, str, str]],
                 order: list[str]) -> None:
        import numpy as np

        self._hits = [list(c) for c in zip(*hits)] if hits else [[], [], [], [], []]
        inner = [list(c) for c in zip(*nested)] if nested else [[], [], [], []]
        self.inside = set(zip(inner[2], inner[3]))
        self._order = order
        doc_rank = {d: i for i, d in enumerate(order)}
        self._doc_rank = np.fromiter(map(doc_rank.__getitem__, self._hits[0] + inner[0]), dtype=np.int64,
                                     count=len(hits) + len(nested))
        slogan, self._slogans = pd.factorize(np.array(self._hits[4] + inner[2], dtype=object))
        surface, surfaces = pd.factorize(np.array(self._hits[3] + inner[1], dtype=object))
        slogan = slogan.astype(np.int64)
        n_slogans, n_docs, n_surfaces = len(self._slogans), max(len(order), 1), max(len(surfaces), 1)
        self._own = np.bincount(slogan[: len(hits)], minlength=n_slogans).tolist()
        # the distinct (slogan, document) pairs, sorted: each slogan's documents in corpus order
        pairs = _sorted_distinct(slogan * n_docs + self._doc_rank)
        self._docs = np.array(order, dtype=object)[pairs % n_docs].tolist()
        self._doc_at = np.searchsorted(pairs // n_docs, np.arange(n_slogans + 1)).tolist()
        # the distinct (slogan, surface) pairs with their uses, by slogan, uses descending, surface
        # (sorted and cut into runs: np.unique with counts took ten times as long)
        variants = np.sort(slogan * n_surfaces + surface)
        at = _run_starts(variants)
        n_uses = np.diff(np.append(at, len(variants)))
        variants = variants[at]
        variant_slogan, variant = variants // n_surfaces, variants % n_surfaces
        alphabetical = np.empty(len(surfaces), dtype=np.int64)
        alphabetical[np.argsort(surfaces, kind="stable")] = np.arange(len(surfaces))
        by = np.lexsort((alphabetical[variant], -n_uses, variant_slogan))
        self._variants = surfaces[variant[by]].tolist()
        self._variant_at = np.searchsorted(variant_slogan[by], np.arange(n_slogans + 1)).tolist()

    def __iter__(self) -> Iterator[tuple[str, int, list[str], list[str]]]:
        docs, doc_at, variants, variant_at = self._docs, self._doc_at, self._variants, self._variant_at
        for i, slogan in enumerate(self._slogans.tolist()):
            yield (slogan, self._own[i], docs[doc_at[i] : doc_at[i + 1]], variants[variant_at[i] : variant_at[i + 1]])

    def occurrences(self) -> pd.DataFrame:
        """The uses as a table (``doc_id, start, end, surface, slogan``), by document in the order
        of ``order``, then start (uses at the same start in the order located)."""
        import numpy as np

        doc_id, start, end, surface, slogan = self._hits
        start, end = np.array(start, dtype=np.int64), np.array(end, dtype=np.int64)
        columns = {"doc_id": np.array(doc_id, dtype=object), "start": start, "end": end,
                   "surface": np.array(surface, dtype=object), "slogan": np.array(slogan, dtype=object)}
        if len(start):
            key = self._doc_rank[: len(start)] * (int(start.max()) + 1) + start
            by = np.argsort(key, kind="stable")
            columns = {name: column[by] for name, column in columns.items()}
        return pd.DataFrame(columns)


def _registry_entries(registry: pd.DataFrame) -> list[tuple[str, list[str], str]]:
    """What a registry lists: (formula, its variants, its expansion) for each entry, and for each
    expansion that is a plain list of short items (四风: 形式主义、官僚主义、享乐主义、奢靡之风) or
    two to six clauses joined by ， (两个永远在路上) that expansion as a formula of its own, expanding
    to nothing more; and for a sentence formula X是Y whose Y is a list or a phrase of four to six
    characters without 的 that is no ordinary word (发展是第一要务, 人与自然是生命共同体, 教育是国之大计、
    党之大计), Y: the formula the sentence names, used also without its subject."""
    entries = [(f, [v for v in vs.split(";") if v], e) for f, e, vs in registry[["formula", "expansion", "variants"]].itertuples(index=False)]
    vocab = _general_vocabulary()
    predicates = []
    for f, _, _ in entries:
        # (not 是 inside a word of a list: 实事求是、清正廉洁; nor a list of such sentences: 科技是第一生产力、
        # 人才是第一资源、创新是第一动力)
        head, sep, rest = f.partition("是")
        if (sep and len(head) >= 2 and "，" not in f and "、" not in head and not rest.startswith("、") and "的" not in rest
                and "是" not in rest and (4 <= len(rest) <= 6 or "、" in rest) and rest not in vocab):
            predicates.append((rest, [], ""))
    named = [(core, [], "") for f, _, _ in entries if (core := _named_list(f)) is not None]
    return entries + [(e, [], "") for _, _, e in entries if _LIST_EXPANSION.fullmatch(e) or _CLAUSE_EXPANSION.fullmatch(e)] + predicates + named


def _named_list(formula: str) -> str | None:
    """The list a registry formula predicates of a subject or makes qualify a noun, when the
    formula is more than that list: 全面的、系统的、整体的 in 党的领导是全面的、系统的、整体的, 可信、可爱、
    可敬 in 可信、可爱、可敬的中国形象, 最广泛、最真实、最管用 in 全过程人民民主是最广泛、最真实、最管用的
    民主. The items must be of one length, as discovery asks of a series (:func:`_template`), so a
    prefix glued to the first item (决不能有松劲歇脚、疲劳厌战的情绪) keeps the formula whole."""
    if "，" in formula or "、" not in formula:
        return None
    head, sep, body = formula.partition("是")
    if not sep or "、" in head or len(head) < 2:
        body = formula
    cut = body.rfind("的")
    if cut > 0 and "、" not in body[cut:] and len(body) - cut > 2:
        body = body[:cut]
    items = tuple(body.split("、"))
    if (body == formula or "是" in body or not all(_is_han(x) and len(x) >= 2 for x in items)
            or any("的" in x[:-1] for x in items) or not _template(items)[0]):
        return None
    return body


def _add_known(groups: dict[str, _Group], registry: pd.DataFrame) -> None:
    """Add a group (signal ``known``) for each registry formula that no discovered group has in any
    of its forms. Such a group is located like any slogan, so it becomes a row only where a
    document uses it (at token boundaries), and it is a row even when every use sits inside a
    longer slogan (两个维护 in 增强四个意识、坚定四个自信、做到两个维护)."""
    found = {_PUNCT_STRIP.sub("", f) for g in groups.values() for f in (g.key, *g.forms)}
    holder = {_PUNCT_STRIP.sub("", f): g for g in groups.values() if g.kind == "phrase" for f in (g.key, *g.forms)}
    for formula, variants, _ in _registry_entries(registry):
        forms = [formula, *variants]
        if any(_PUNCT_STRIP.sub("", f) in found for f in forms):
            # discovery found the formula: the registry's other forms of it are located as its
            # variants (以人民为中心的发展思想, a form of the discovered 以人民为中心)
            # (the group holding any of its forms: discovery may have found a variant, 自贸试验区 of
            # 自由贸易试验区)
            g = next((holder[k] for f in forms if (k := _PUNCT_STRIP.sub("", f)) in holder), None)
            if g is not None:
                for f in forms:
                    if _PUNCT_STRIP.sub("", f) not in found and "、" not in f and "，" not in f:
                        g.forms.setdefault(f, 0)
                        found.add(_PUNCT_STRIP.sub("", f))
            continue
        segments = {f: tuple(seg for seg in re.split("[、，]", f) if seg) for f in forms}
        if "，" in formula:
            # a sentence formula of clauses (科技兴则民族兴，科技强则国家强), located as written; a
            # list inside it (鼓励、支持、引导) is still a formula of its own
            key, kind, segments = formula, "phrase", {}
        elif len(segments[formula]) >= 2:
            key, kind = "、".join(segments[formula]), "enumeration"
        elif _abac_kind(formula):
            key, kind = _pattern_key(formula), "pattern"
        else:
            key, kind = formula, "numbered" if _numeral_led(formula) else "phrase"
        if key in groups:
            continue
        # the formula as the registry writes it is the canonical form (the most frequent form
        # wins, so the variants count for nothing)
        groups[key] = _Group(key, kind, forms=Counter({formula: 1, **dict.fromkeys(variants, 0)}), signals={"known"},
                             segments={f: segs for f, segs in segments.items() if len(segs) >= 2})
        found.update(_PUNCT_STRIP.sub("", f) for f in forms)


def _listed_units(g: _Group, groups: Mapping[str, _Group]) -> set[str]:
    """A watchword of two units of three characters or more, the first a slogan of its own, is also
    written as a list of the two (碳达峰碳中和 as 碳达峰、碳中和): that surface is located too."""
    if g.kind != "phrase" or "、" in g.key:
        return set()
    return {f"{g.key[:i]}、{g.key[i:]}" for i in range(3, len(g.key) - 2)
            if g.key[:i] in groups and groups[g.key[:i]].kind == "phrase" and _is_han(g.key)}


def _watchword_on_its_own(meta: Mapping[str, object]) -> bool:
    """A phrase with evidence of its own is reported even when every use of it sits inside a
    longer slogan: quoted on its own again and again (“港人治港” in “港人治港”、“澳人治澳”) or
    framed as a commitment and used again (稳字当头 in 坚持稳字当头、稳中求进). Words of a quoted
    chain (打虎 in “打虎”、“拍蝇”、“猎狐”) have none, nor have the items of a series that new-word
    discovery finds only because the series recurs (多谋民生之利 in 多谋民生之利、多解民生之忧)."""
    return meta["kind"] == "phrase" and (int(meta["quoted"]) >= 2 or "framed" in meta["signals"])  # type: ignore[call-overload, operator]


def _known_on_its_own(meta: Mapping[str, object], *, in_list: bool) -> bool:
    """A known formula has the registry's evidence: 两个维护 inside 增强四个意识、坚定四个自信、做到两个
    维护 is a formula of its own, and so is a known list inside a sentence formula (鼓励、支持、引导 in
    毫不动摇鼓励、支持、引导非公有制经济发展). A known list used only inside a longer list that has
    all its items as items (``in_list``: 新经济组织、新社会组织 in 新经济组织、新社会组织、新就业群体) is part
    of that list, and so is a known formula used only as the head or tail every item of a list shares
    (``in_list``: 人民城市 in 人民城市人民建、人民城市为人民); inside a sentence written with 、 (国之大计、
    党之大计 in 教育是国之大计、党之大计) it is not."""
    return "known" in meta["signals"] and not in_list  # type: ignore[operator]


def _as_tokenizer(tokenizer: Tokenizer | None) -> Tokenizer:
    if tokenizer is not None and not isinstance(tokenizer, Tokenizer):
        raise TypeError(f"tokenizer must be a textkit Tokenizer or None, not {type(tokenizer).__name__}")
    return Tokenizer() if tokenizer is None else tokenizer


def find_slogans(
    corpus: pd.DataFrame | Mapping[str, str],
    *,
    tokenizer: Tokenizer | None = None,
    signals: Iterable[Signal] | None = None,
    known: bool = True,
    registry: str | PathLike[str] | None = None,
    min_score: float = 0.0,
) -> pd.DataFrame:
    """Find the slogans and formulas of a corpus, one row per canonical form.

    Parameters
    ----------
    corpus : DataFrame or mapping
        What :func:`textkit.read_corpus` returns, or ``{doc_id: text}``.
    tokenizer : Tokenizer, optional
        Supplies the token boundaries that slogans must respect; ``None`` builds
        ``Tokenizer()``. Discovery never uses its dictionary as a list of slogans.
    signals : iterable of {"quoted", "enumeration", "numbered", "pattern", "framed", "statistical"}, optional
        Which candidate generators to combine (module docstring); default all.
    known : bool
        Use the registry of known national formulas: add the columns ``known`` and
        ``expansion``, and a row for each registry formula a document uses that discovery
        did not find (signal ``known``). A known formula holding a discovered slogan
        takes that use; the discovered row stays (module docstring, ``known``).
    registry : path-like, optional
        A registry file in the format of :data:`KNOWN_FORMULAS` (the default).
    min_score : float
        Drop slogans scoring below this.

    Returns
    -------
    pandas.DataFrame
        One row per slogan, sorted by ``score`` (descending), then ``count``
        (descending), then ``slogan``:

        ========== ====== ======================================================
        slogan     str    canonical form; series are written with 、
        kind       str    ``enumeration``, ``numbered``, ``pattern`` (ABAC, AABB,
                          ABACAD), ``watchword`` (a phrase used by several
                          documents, or a known one) or ``coinage`` (a phrase
                          used by one)
        n_docs     int    documents using it, also inside a longer slogan
        doc_ids    str    their ``doc_id``, in corpus order, joined by ``;``
        count      int    occurrences outside longer slogans (a hit nested in a
                          longer slogan is counted once, for that one; see
                          :func:`slogan_occurrences`)
        score      float  evidence: number of signals (``reuse`` when used by
                          several documents) + log2(1 + count) + log2(n_docs),
                          + 0.5 for a positional template or numeral pattern,
                          + 0.5 when quoted
        variants   str    the surfaces found, most frequent first, joined by ``;``
        signals    str    the signals that proposed it, joined by ``;``
                          (``known``: added by the registry)
        known      bool   (``known=True`` only) in the registry
        expansion  str    (``known=True`` only) the registry's expansion, or ""
        ========== ====== ======================================================

        Pass ``protect=`` the slogans and their variants to :class:`Tokenizer`
        to count them as single tokens later.

    See Also
    --------
    slogan_occurrences : every hit with its offsets.
    slogan_candidates : what each signal proposed.

    Examples
    --------
    >>> texts = {
    ...     "a": "围绕“学思想、强党性、重实践、建新功”，推动工作走深走实，解决急难愁盼问题。",
    ...     "b": "坚决拥护“两个确立”，推动走深走实，办好急难愁盼的事。",
    ... }
    >>> table = find_slogans(texts, known=False)
    >>> table[["slogan", "kind", "doc_ids"]].values.tolist()
    [['走深走实', 'pattern', 'a;b'], ['急难愁盼', 'watchword', 'a;b'], ['两个确立', 'numbered', 'b'], ['学思想、强党性、重实践、建新功', 'enumeration', 'a']]
    """
    return _find(corpus, tokenizer=tokenizer, signals=signals, known=known, registry=registry, min_score=min_score).slogans


def _find(corpus, *, tokenizer, signals, known, registry, min_score, per_doc=None, framed=None, locate=None,  # noqa: ANN001
          lengths=None) -> _Result:
    chosen = _check_signals(signals)
    if not isinstance(known, bool):
        raise TypeError(f"known must be True or False, not {known!r}")
    corpus = as_corpus(corpus)
    formulas = load_known_formulas(registry) if known else None
    with gc_paused():
        result = _discover(corpus, _as_tokenizer(tokenizer), chosen, per_doc, locate, lengths, formulas, framed)
    table = result.slogans
    if min_score:
        table = table[table["score"] >= min_score].reset_index(drop=True)
    occ = result.occurrences[result.occurrences["slogan"].isin(set(table["slogan"]))].reset_index(drop=True)
    if formulas is not None:
        lookup: dict[str, str] = {}
        for formula, variants, expansion in _registry_entries(formulas):
            for form in [formula, *variants]:
                lookup.setdefault(_PUNCT_STRIP.sub("", form), expansion)
        matched = [
            next((lookup[k] for k in [_PUNCT_STRIP.sub("", s), *(_PUNCT_STRIP.sub("", v) for v in vs.split(";"))] if k in lookup), None)
            for s, vs in table[["slogan", "variants"]].itertuples(index=False)
        ]
        is_known = [m is not None for m in matched]
        # a national formula used by one document is a watchword all the same, not its coinage
        kind = ["watchword" if k and kd == "coinage" else kd for k, kd in zip(is_known, table["kind"])]
        table = table.assign(kind=kind, known=is_known, expansion=[m or "" for m in matched])
    return _Result(table, occ)


def slogan_occurrences(
    corpus: pd.DataFrame | Mapping[str, str],
    slogans: pd.DataFrame | Iterable[str] | None = None,
    *,
    tokenizer: Tokenizer | None = None,
) -> pd.DataFrame:
    """Every occurrence of the slogans, with offsets into the cleaned text.

    Parameters
    ----------
    corpus : DataFrame or mapping
        What :func:`textkit.read_corpus` returns, or ``{doc_id: text}``.
    slogans : DataFrame or iterable of str, optional
        What :func:`find_slogans` returned (its ``slogan`` and ``variants`` are
        searched), or plain strings; ``None`` runs :func:`find_slogans` on
        ``corpus`` first. Searching another corpus for a table's slogans is how
        to follow them into new texts.
    tokenizer : Tokenizer, optional
        Hits must start and end at token boundaries (or punctuation);
        ``None`` builds ``Tokenizer()``.

    Returns
    -------
    pandas.DataFrame
        One row per hit, sorted by ``doc_id`` (corpus order) and ``start``. Hits do
        not overlap: the longest surface wins, so 以学促干 inside
        以学铸魂、以学增智、以学正风、以学促干 is counted once, for the series.

        ======== ===== ======================================================
        doc_id   str   document
        start    int   offset in the cleaned text
        end      int   offset after it; ``text[start:end] == surface``
        surface  str   the hit as written (a variant of the slogan)
        slogan   str   the canonical slogan it belongs to
        ======== ===== ======================================================

    Examples
    --------
    >>> slogan_occurrences({"a": "要入脑入心、走深走实，做到入心入脑。"}, ["入脑入心", "走深走实"]).values.tolist()
    [['a', 1, 5, '入脑入心', '入脑入心'], ['a', 6, 10, '走深走实', '走深走实'], ['a', 13, 17, '入心入脑', '入脑入心']]
    """
    corpus = as_corpus(corpus)
    tok = _as_tokenizer(tokenizer)
    if slogans is None:
        return _find(corpus, tokenizer=tok, signals=None, known=False, registry=None, min_score=0.0).occurrences
    if isinstance(slogans, str):
        raise TypeError("slogans must be a table from find_slogans or an iterable of strings, not a single string")
    surface_to_key: dict[str, str] = {}
    if isinstance(slogans, pd.DataFrame):
        items = [(s, [v for v in str(vs).split(";") if v]) for s, vs in slogans[["slogan", "variants"]].itertuples(index=False)]
    else:
        items = [(normalize(s), []) for s in slogans]
    for slogan, variants in items:
        segs = tuple(slogan.split("、")) if "、" in slogan else ()
        kind = "enumeration" if segs else ("pattern" if _abac_kind(slogan) else "phrase")
        for s in _surfaces([slogan, *variants], [segs] if segs else [], kind):
            surface_to_key.setdefault(s, slogan)
    docs = _prepare_docs(corpus, tok)
    hits = _locate_nested(docs, surface_to_key)[0]
    return pd.DataFrame(hits, columns=["doc_id", "start", "end", "surface", "slogan"]).astype({"start": "int64", "end": "int64"})


def load_known_formulas(path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Read a registry of known formulas and their expansions.

    Parameters
    ----------
    path : path-like, optional
        A UTF-8 tab-separated file: ``#`` comment lines, then the header
        ``formula, expansion, variants``; ``variants`` (other spellings) are joined
        by ``;`` and may be empty. Default :data:`KNOWN_FORMULAS`.

    Returns
    -------
    pandas.DataFrame
        ========== ===== ================================================
        formula    str   the formula, normalised like corpus text
        expansion  str   what it stands for
        variants   str   other spellings, joined by ``;`` (may be "")
        ========== ===== ================================================

    Examples
    --------
    >>> table = load_known_formulas()
    >>> table.loc[table["formula"] == "三新", "expansion"].item()
    '新经济组织、新社会组织、新就业群体'
    """
    path = Path(KNOWN_FORMULAS if path is None else path)
    lines = [line for line in path.read_text(encoding="utf-8-sig").splitlines() if line.strip() and not line.startswith("#")]
    if not lines or lines[0].split("\t")[:2] != ["formula", "expansion"]:
        raise ValueError(f"{path}: the first non-comment line must be the header formula, expansion, variants")
    rows = []
    for lineno, line in enumerate(lines[1:], start=2):
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].strip():
            raise ValueError(f"{path}: entry {lineno - 1} ({line!r}) needs at least a formula and an expansion, tab-separated")
        variants = parts[2] if len(parts) > 2 else ""
        rows.append((normalize(parts[0].strip()), normalize(parts[1].strip()), ";".join(normalize(v) for v in variants.split(";") if v.strip())))
    return pd.DataFrame(rows, columns=["formula", "expansion", "variants"])


def slogan_wording(occurrences: pd.DataFrame, *, n: int = 6) -> pd.DataFrame:
    """The exact wording of the most widely shared formulas in each document.

    The detector merges variants (入脑入心 / 入心入脑; 感党恩、听党话、跟党走 written with
    or without 、) into one formula; this shows which surface each document used.

    Parameters
    ----------
    occurrences : DataFrame
        From :func:`slogan_occurrences` (``doc_id, surface, slogan``).
    n : int
        How many formulas: those used by the most documents (ties in the order of
        ``slogan``); only formulas used by two or more documents count.

    Returns
    -------
    pandas.DataFrame
        One row per formula and document that uses it, formulas most widely shared
        first, documents in order of first occurrence:

        ============ ====== ============================================
        slogan       str    the formula (canonical form)
        doc_id       str    document
        surfaces     str    the distinct surface forms, `` / ``-joined, in
                            order of first occurrence
        n_surfaces   int    how many distinct surface forms
        count        int    occurrences in the document
        ============ ====== ============================================

    Examples
    --------
    >>> hits = pd.DataFrame({"doc_id": ["a", "b", "b"], "surface": ["入脑入心", "入心入脑", "入脑入心"],
    ...                      "slogan": ["入脑入心"] * 3})
    >>> slogan_wording(hits).values.tolist()
    [['入脑入心', 'a', '入脑入心', 1, 1], ['入脑入心', 'b', '入心入脑 / 入脑入心', 2, 2]]
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n={n!r}; must be a positive integer")
    columns = ["slogan", "doc_id", "surfaces", "n_surfaces", "count"]
    spread = occurrences.groupby("slogan")["doc_id"].nunique().sort_values(ascending=False, kind="stable")
    central = spread[spread >= 2].index[:n].tolist()
    if not central:
        return pd.DataFrame(columns=columns).astype({"n_surfaces": "int64", "count": "int64"})
    hits = occurrences[occurrences["slogan"].isin(central)]
    docs = list(dict.fromkeys(occurrences["doc_id"]))
    table = (
        hits.groupby(["slogan", "doc_id"], sort=False)["surface"]
        .agg(surfaces=lambda s: " / ".join(dict.fromkeys(s)), n_surfaces="nunique", count="size")
        .reset_index()
    )
    table["slogan"] = pd.Categorical(table["slogan"], categories=central, ordered=True)
    table["doc_id"] = pd.Categorical(table["doc_id"], categories=docs, ordered=True)
    table = table.sort_values(["slogan", "doc_id"]).astype({"slogan": str, "doc_id": str})
    return table[columns].reset_index(drop=True).astype({"n_surfaces": "int64", "count": "int64"})

