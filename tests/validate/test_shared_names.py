"""SG505 names two entities that share a name, unless a same_as claim says they are one actor."""

from __future__ import annotations

from pathlib import Path

from spyglass.validate.run import validate_kb

TWIN = """id: boe-twin
kind: agency
name: Bureau of Examples
claims:
  - predicate: states
    statement: The bureau watches the harbour.
    evidence:
      - source: gazette
        quote: the Bureau of Examples watches the harbour
"""
SAME = """  - predicate: same_as
    object: boe
    statement: The twin record and boe are one bureau.
    evidence:
      - source: gazette
        quote: the Bureau of Examples watches the harbour
"""


def test_a_shared_name_is_named_with_the_other_file(kb: Path) -> None:
    (kb / "agencies" / "boe-twin.yaml").write_text(TWIN)
    found = [(d.code, d.file, d.message) for d in validate_kb(kb).diagnostics]
    assert found == [  # reported on the later file: boe-twin.yaml sorts before boe.yaml
        (
            "SG505",
            "agencies/boe.yaml",
            "'Bureau of Examples' is also the name or an alias of boe-twin (agencies/boe-twin.yaml)",
        )
    ]


def test_records_linked_by_same_as_may_share_their_names(kb: Path) -> None:
    (kb / "agencies" / "boe-twin.yaml").write_text(TWIN + SAME)
    assert validate_kb(kb).diagnostics == []


def test_a_chain_of_same_as_links_makes_one_actor(kb: Path) -> None:
    for n, target in ((1, "boe-2"), (2, "boe-3"), (3, "boe")):  # a chain: boe-1 -> boe-2 -> boe-3 -> boe
        linked = TWIN.replace("id: boe-twin", f"id: boe-{n}") + SAME.replace("object: boe", f"object: {target}")
        (kb / "agencies" / f"boe-{n}.yaml").write_text(linked)
    assert validate_kb(kb).diagnostics == []
