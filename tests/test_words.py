"""Every table of words (site, handouts, pages, authoring hints, named scales) is complete in each
of its languages, and a language a table lacks gets its English words, never an error."""

from __future__ import annotations

import re

import pytest

from generator.core import hint, hints, pages
from generator.core.scales import NAMED_SCALES
from generator.handouts.strings import HANDOUT_STRINGS
from generator.i18n import LANGUAGES, STRINGS, Words

TABLES = {
    "site": STRINGS,
    "handouts": HANDOUT_STRINGS,
    "pages": pages.UI,
    "hint words": hint._WORDS,
    "hint texts": hints.TEXTS,
    **{f"scale {name}": labels for name, labels in NAMED_SCALES.items()},
}


def _shape(words):
    """Keys and placeholders (`{n}`), or the number of labels of a scale: what must match."""
    if isinstance(words, dict):
        return {key: _shape(value) for key, value in words.items()}
    if isinstance(words, list):
        return len(words)
    return sorted(set(re.findall(r"\{\w+\}", words)))


@pytest.mark.parametrize("name", TABLES)
def test_every_language_of_a_table_says_the_same_things(name):
    table = TABLES[name]
    assert isinstance(table, Words) and "en" in table  # Words: English for a language it lacks
    for lang, words in table.items():
        assert _shape(words) == _shape(table["en"]), f"{name}: {lang}"


@pytest.mark.parametrize("name", TABLES)
@pytest.mark.parametrize("lang", [*LANGUAGES, "fr"])
def test_every_language_gets_complete_words(name, lang):
    """A language the site supports (or one no table has) is never missing a word."""
    table = TABLES[name]
    assert _shape(table[lang]) == _shape(table["en"])
    if lang not in table:
        assert table[lang] == table["en"]
