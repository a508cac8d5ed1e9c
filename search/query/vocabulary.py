"""A general English vocabulary, so that did-you-mean never "corrects" a real word.

The index knows only the words of its records; `many`, `came` or `latest` are real words even
where no record has them. pyspellchecker ships an English word-frequency list (MIT licence) and
loads it in ~0.2 s, so it is loaded only when a query has a word the index does not know.
"""
from __future__ import annotations

import threading

_lock = threading.Lock()
_words = None


def is_word(word: str) -> bool:
    """True when `word` (any case) is an English word, in the general vocabulary."""
    global _words
    with _lock:
        if _words is None:
            try:
                from spellchecker import SpellChecker
                _words = SpellChecker(language="en", distance=1)
            except (ImportError, ValueError):   # no vocabulary: treat every word as unknown
                _words = False
    return bool(_words) and word.casefold() in _words
