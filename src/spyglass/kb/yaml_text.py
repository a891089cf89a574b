"""Text written into YAML records: one scalar form that every YAML reader reads back unchanged."""

from __future__ import annotations

import json
import re

# What a YAML stream may not hold raw (C0 and C1 controls, DEL, the Unicode line and paragraph
# separators, the byte-order mark, lone surrogates, U+FFFE/U+FFFF): written as escapes instead.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


def yaml_string(value: str) -> str:
    """A double-quoted YAML scalar for `value`: `yaml_string('He said "no"') == '"He said \\\\"no\\\\""'`.

    JSON's string syntax is a subset of YAML's double-quoted style; the characters YAML will not
    take raw are escaped as \\uXXXX, which both read back as the same character.
    """
    quoted = json.dumps(value, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)
