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
from textkit.ngrams import association_scores, collocations, ngrams, shared_ngrams
from textkit.slogans import find_slogans, load_known_formulas, slogan_candidates, slogan_occurrences, slogan_wording
from textkit.tokenize import DictEntry, Tokenizer, load_stopwords, load_userdict
from textkit.similarity import align_passages, similarity, similarity_matrix, text_reuse, tfidf, travelling_passages
from textkit.keyness import keyness, keyness_stats
from textkit.emphasis import claims_by_unit, emphasis, load_themes, quantified_claims, theme_hits, theme_profile
from textkit.kwic import in_context, kwic
from textkit.stats import mattr, phrasing_style, text_stats
from textkit.analyze import analyze

__version__ = "0.1.0"

# Figures need matplotlib; load it only when a plotting name is first used.
_LAZY = {
    "textkit.style": (
        "GlossMode", "MissingGlyphError", "cjk_font_path", "doc_colors", "doc_labels", "facet_axes",
        "gloss_labels", "load_gloss", "savefig", "savetable", "use_style",
    ),
    "textkit.plot": (
        "legend_patches", "textplot_alignment", "textplot_bars", "textplot_cleaning", "textplot_collocations",
        "textplot_dendrogram", "textplot_keyness", "textplot_keyness_pairwise", "textplot_map", "textplot_reuse",
        "textplot_similarity", "textplot_slogan_kinds", "textplot_slogan_matrix", "textplot_terms",
        "textplot_theme_shares", "textplot_wordcloud", "textplot_xray",
    ),
    "textkit.figures": ("run_notebooks", "NotebookError"),
}


def __getattr__(name: str):  # noqa: ANN202
    for module, names in _LAZY.items():
        if name in names:
            import importlib

            return getattr(importlib.import_module(module), name)
    raise AttributeError(f"module 'textkit' has no attribute {name!r}")

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
    "association_scores",
    "collocations",
    "ngrams",
    "shared_ngrams",
    "find_slogans",
    "load_known_formulas",
    "slogan_candidates",
    "slogan_occurrences",
    "slogan_wording",
    "align_passages",
    "similarity",
    "similarity_matrix",
    "text_reuse",
    "tfidf",
    "travelling_passages",
    "keyness",
    "keyness_stats",
    "claims_by_unit",
    "emphasis",
    "load_themes",
    "quantified_claims",
    "theme_hits",
    "theme_profile",
    "in_context",
    "kwic",
    "mattr",
    "phrasing_style",
    "text_stats",
    "analyze",
    *(name for names in _LAZY.values() for name in names),
]
