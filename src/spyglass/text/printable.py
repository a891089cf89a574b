"""Record text made safe for a terminal: what could steer it is shown as an escape, never sent."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache

# Controls, formats (bidi overrides, zero-width), surrogates, private and unassigned code points,
# line and paragraph separators: each could reorder, hide or forge what the terminal shows.
_ESCAPED = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_NON_ASCII = re.compile(r"[^\x00-\x7e]")


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


def _json_escape(match: re.Match[str]) -> str:
    ch = match.group()
    if unicodedata.category(ch) not in _ESCAPED:
        return ch
    code = ord(ch)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # beyond the first plane JSON writes a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_text(value: object, indent: int | None = None) -> str:
    """`value` as JSON that keeps letters of every script readable but writes controls, bidi and
    zero-width characters as `\\uXXXX` escapes: `json_text("a\\u202e")` is `'"a\\\\u202e"'`."""
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    # Outside its strings JSON text is ASCII, so every non-ASCII character found is inside a string.
    if text.isascii() and "\x7f" not in text:
        return text
    return _NON_ASCII.sub(_json_escape, text)
