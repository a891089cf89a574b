"""Record text made safe for a terminal: what could steer it is shown as an escape, never sent."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Controls, formats (bidi overrides, zero-width), surrogates, private and unassigned code points,
# line and paragraph separators: each could reorder, hide or forge what the terminal shows.
_ESCAPED = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


@lru_cache(maxsize=1024)
def _shown(ch: str) -> str:
    category = unicodedata.category(ch)
    if category == "Zs":
        return " "  # a no-break or thin space shows as a space
    if category in _ESCAPED and ch not in "\t\n":
        return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"
    return ch


def printable(text: object) -> str:
    """`text` with every character that could steer a terminal shown as an escape: `printable("a\\x1b[31m")`
    is `'a\\\\x1b[31m'`; letters of every script, and tabs and newlines, are kept."""
    value = str(text)
    if value.isascii() and value.isprintable():
        return value
    return "".join(_shown(ch) for ch in value)
