"""Shared fixtures. Segmenters take about a second to load, so tests share them."""

from __future__ import annotations

import pytest

from textkit import Tokenizer, paths, read_corpus


@pytest.fixture(scope="session")
def corpus():
    """The five reports, read and cleaned."""
    return read_corpus(paths.CORPUS)


@pytest.fixture(scope="session")
def tokenizer(tmp_path_factory):
    """The default Tokenizer (jieba backend, domain dictionary, stopwords)."""
    return Tokenizer(cache_dir=tmp_path_factory.mktemp("jieba-cache"))


@pytest.fixture(scope="session")
def reference_corpus():
    """National reports beside the project (development data); skip when absent."""
    if not paths.REFERENCE_CORPUS.is_dir():
        pytest.skip("../shared/reference-corpus is not present")
    reference = read_corpus(paths.REFERENCE_CORPUS)
    return reference[reference["doc_id"] != "README"].reset_index(drop=True)
