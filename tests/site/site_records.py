"""Records for the site's tests: a source and a target whose words look like markup and template code."""

from __future__ import annotations

import hashlib
from pathlib import Path

HOSTILE_TEXT = (
    "The <script>window.pwned = 1</script> unit, called {{ 7*7 }} by its staff, met at <b>noon</b>.\n"
    "It answers to the Bureau of Examples.\n"
)
HOSTILE_STATEMENT = "The unit is called <script>window.pwned = 2</script> and {{ 7*7 }}."
HOSTILE_SUMMARY = "<img src=x onerror=window.pwned=3> {% raw %}"


def add_hostile(root: Path) -> None:
    """Add a source and a target to a copy of tests/data/valid; both validate without errors."""
    digest = hashlib.sha256(HOSTILE_TEXT.encode()).hexdigest()
    (root / "sources" / "markup.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (root / "sources" / "markup.yaml").write_text(
        f"id: markup\ntype: report\ntitle: 'A report with <i>markup</i> in it'\nlicence: CC0-1.0\ntext: markup.txt\nsha256: {digest}\n",
        encoding="utf-8",
    )
    (root / "targets" / "script-unit.yaml").write_text(
        "id: script-unit\n"
        "kind: target\n"
        "name: '<script>window.pwned = 1</script> unit'\n"
        f"summary: '{HOSTILE_SUMMARY}'\n"
        "claims:\n"
        "  - predicate: states\n"
        f"    statement: '{HOSTILE_STATEMENT}'\n"
        "    evidence:\n"
        "      - source: markup\n"
        "        quote: 'The <script>window.pwned = 1</script> unit, called {{ 7*7 }} by its staff'\n",
        encoding="utf-8",
    )
