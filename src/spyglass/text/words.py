"""Finding words in normalised text: whole words only, never the middle of a longer one."""

from __future__ import annotations

from spyglass.text.quotes import whole_words


def occurs(needle: str, haystack: str) -> bool:
    """Whether `needle` occurs in `haystack` as whole words (both already normalised alike)."""
    at = haystack.find(needle)
    while at >= 0:  # str.find, then a look at both ends: many times faster than a regular expression
        if whole_words(haystack, at, at + len(needle)):
            return True
        at = haystack.find(needle, at + 1)
    return False
