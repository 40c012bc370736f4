"""textkit: comparative analysis of Chinese official texts.

Importing textkit has no side effects: no segmenter is loaded and nothing is
written until you call a function.
"""

from textkit.corpus import (
    CleaningRule,
    CorpusError,
    CorpusWarning,
    as_corpus,
    clean_report,
    clean_text,
    decode,
    default_rules,
    describe_corpus,
    headings,
    load_rules,
    normalize,
    paragraphs,
    read_corpus,
    sentences,
)
from textkit.tokenize import DictEntry, Tokenizer, load_stopwords, load_userdict

__version__ = "0.1.0"

__all__ = [
    "CleaningRule",
    "DictEntry",
    "Tokenizer",
    "load_stopwords",
    "load_userdict",
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
