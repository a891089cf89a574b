"""Diagnostics that name the fix: close ids, why a quote misses, what a date check wants, a missing digest."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from spyglass.diagnostics import RULES
from spyglass.validate.run import validate_kb

Found = tuple[str, str, int, int, str, str]


def problems(kb: Path) -> list[Found]:
    return [(d.code, d.file, d.line, d.column, d.message, d.hint) for d in validate_kb(kb).diagnostics]


def edit(kb: Path, rel: str, old: str, new: str) -> None:
    text = (kb / rel).read_text()
    assert text.count(old) == 1, old
    (kb / rel).write_text(text.replace(old, new))


def add_source(kb: Path, source_id: str, text: str) -> None:
    (kb / "sources" / f"{source_id}.txt").write_text(text)
    digest = hashlib.sha256(text.encode()).hexdigest()
    (kb / "sources" / f"{source_id}.yaml").write_text(
        f"id: {source_id}\ntype: report\ntitle: A log\npublished: '2020'\ntext: {source_id}.txt\n"
        f"sha256: {digest}\nreliability: C\n"
    )


def quoting(kb: Path, source_id: str, quote: str, name: str = "Examples") -> None:
    """A target citing `source_id` with `quote`, in targets/quay.yaml (its quote at line 9, column 16)."""
    (kb / "targets" / "quay.yaml").write_text(
        f"id: quay\nkind: target\nname: {name}\nclaims:\n  - predicate: states\n"
        f"    statement: The quay is watched.\n    evidence:\n      - source: {source_id}\n        quote: {quote}\n"
    )


def test_an_unknown_source_names_the_closest_source_id(kb: Path) -> None:
    edit(kb, "targets/harbour.yaml", "source: gazette", "source: gazete")
    assert problems(kb)[0] == (
        "SG302",
        "targets/harbour.yaml",
        8,
        17,
        "no source 'gazete'",
        "Did you mean 'gazette'? Cite a source id that has a record in sources/.",
    )


def test_an_unknown_object_suggests_only_entities_of_a_kind_the_predicate_accepts(kb: Path) -> None:
    edit(kb, "agencies/boe.yaml", "object: harbour", "object: harbor")
    edit(kb, "agencies/boe.yaml", "object: recruiting-dock-workers", "object: harbours")
    hint = RULES["SG303"].hint
    assert [p for p in problems(kb) if p[0] == "SG303"] == [
        ("SG303", "agencies/boe.yaml", 15, 13, "no entity 'harbor'", f"Did you mean 'harbour'? {hint}"),
        ("SG303", "agencies/boe.yaml", 25, 13, "no entity 'harbours'", hint),  # 'uses' takes methods only
    ]


def test_an_unknown_speaker_suggests_only_people_agencies_and_groups(kb: Path) -> None:
    edit(kb, "agencies/boe.yaml", "or BoE\n        speaker: rivera", "or BoE\n        speaker: rivra")
    edit(kb, "agencies/boe.yaml", "speaker: ministry", "speaker: harbor")  # harbour is a target: never a speaker
    hint = RULES["SG304"].hint
    assert problems(kb) == [
        ("SG304", "agencies/boe.yaml", 13, 18, "no entity 'rivra'", f"Did you mean 'rivera'? {hint}"),
        ("SG304", "agencies/boe.yaml", 22, 18, "no entity 'harbor'", hint),
    ]


def test_kinds_take_a_or_an_as_they_sound(kb: Path) -> None:
    edit(kb, "agencies/boe.yaml", "object: harbour", "object: ministry")
    edit(kb, "agencies/boe.yaml", "speaker: ministry", "speaker: departure")
    assert [(p[0], p[4]) for p in problems(kb)] == [
        ("SG306", "'targets' does not point at an agency ('ministry')"),
        ("SG307", "speaker 'departure' is an event"),
    ]


def test_a_quote_in_other_capitals_says_so_and_shows_the_text(kb: Path) -> None:
    edit(kb, "targets/harbour.yaml", "quote: The Example Gazette reports", "quote: The Example Gazette Reports")
    assert problems(kb) == [
        (
            "SG404",
            "targets/harbour.yaml",
            9,
            16,
            "quote not found in gazette: the text has it with other capitals",
            'The text has it with other capitals: "The Example Gazette reports that the Bureau of Examples watches '
            'the harbour." at line 1, column 1',
        )
    ]


def test_ellipsis_parts_too_far_apart_are_explained_part_by_part(kb: Path) -> None:
    add_source(kb, "log", "Alpha Bravo opened the file.\n" + "Filler words. " * 30 + "\nCharlie Delta closed it.\n")
    quoting(kb, "log", "Alpha Bravo opened ... Charlie Delta closed it", name="Alpha Bravo")
    assert problems(kb) == [
        (
            "SG404",
            "targets/quay.yaml",
            9,
            16,
            'quote not found in log: its parts all occur, but part 2 of 2 ("Charlie Delta closed it") is not within '
            '300 characters after part 1 ("Alpha Bravo opened")',
            "The nearest: part 1 at line 1, column 1, and part 2 at line 3, column 1: the '...' would leave out 430 "
            "characters, and may leave out at most 300. Quote the passages as separate evidence.",
        )
    ]


def test_ellipsis_parts_out_of_order_are_explained(kb: Path) -> None:
    quoting(kb, "gazette", "left the bureau in 2001 ... The Example Gazette")
    assert problems(kb) == [
        (
            "SG404",
            "targets/quay.yaml",
            9,
            16,
            'quote not found in gazette: its parts all occur, but part 2 of 2 ("The Example Gazette") is not within '
            '300 characters after part 1 ("left the bureau in 2001")',
            "Part 2 occurs only before part 1 (first at line 1, column 1); the parts of a quote keep the text's order.",
        )
    ]


def test_an_ellipsis_part_missing_from_the_text_is_named(kb: Path) -> None:
    quoting(kb, "gazette", "The Example Gazette ... recruits dock sailors")
    assert problems(kb) == [
        (
            "SG404",
            "targets/quay.yaml",
            9,
            16,
            'quote not found in gazette: part 2 of 2 ("recruits dock sailors") is not in the text',
            'The closest passage, at line 3, column 49, reads: "recruits dock workers"',
        )
    ]


def test_a_quote_simply_not_there_still_names_the_closest_passage(kb: Path) -> None:
    quoting(kb, "gazette", "the Bureau of Examples guards the harbour")
    assert problems(kb) == [
        (
            "SG404",
            "targets/quay.yaml",
            9,
            16,
            "quote not found in gazette; closest passage (88% alike) at line 1, column 34",
            'The text there reads: "the Bureau of Examples watches the harbour."',
        )
    ]


def test_a_schema_error_no_longer_hides_a_wrong_quote_or_reference_in_the_same_file(kb: Path) -> None:
    edit(kb, "agencies/boe.yaml", "predicate: targets", "predicate: targetz")
    edit(kb, "agencies/boe.yaml", "quote: the Bureau of Examples watches", "quote: the Bureau of Examples guards")
    edit(kb, "agencies/boe.yaml", "speaker: ministry", "speaker: ministri")
    edit(kb, "agencies/boe.yaml", "object: recruiting-dock-workers", "object: recruiting-dock-worker")
    assert [p[:5] for p in problems(kb)] == [
        ("SG205", "agencies/boe.yaml", 14, 16, "unknown predicate 'targetz'"),
        (
            "SG404",
            "agencies/boe.yaml",
            19,
            16,
            "quote not found in gazette; closest passage (88% alike) at line 1, column 34",
        ),
        ("SG304", "agencies/boe.yaml", 22, 18, "no entity 'ministri'"),
        ("SG303", "agencies/boe.yaml", 25, 13, "no entity 'recruiting-dock-worker'"),
    ]


@pytest.mark.parametrize(
    "claims",
    [
        "claims: not a list\n",
        "claims:\n  - just text\n  - [1, 2]\n",
        "claims:\n  - predicate: [targets]\n    object: {id: harbor}\n    evidence: here\n",
        "claims:\n  - predicate: states\n    evidence:\n      - text\n      - source: [gazette]\n        quote: 7\n",
        "claims:\n  - predicate: states\n    evidence:\n      - source: Gazette!\n        quote: no such words\n",
        "claims:\n  - predicate: alias\n    object: harbor\n    statement: x\n    evidence: []\n",
    ],
)
def test_odd_shapes_of_an_unusable_record_are_left_to_their_schema_errors(kb: Path, claims: str) -> None:
    (kb / "targets" / "odd.yaml").write_text("id: odd\nkind: target\nname: the harbour\n" + claims)
    found = problems(kb)
    assert found, "the record is unusable: it has schema errors"
    assert {p[0][:3] for p in found} == {"SG2"}


def test_a_date_not_quoted_says_what_the_check_wants(kb: Path) -> None:
    edit(kb, "events/departure.yaml", 'value: "2001"', 'value: "2001-03"')
    assert problems(kb) == [
        (
            "SG408",
            "events/departure.yaml",
            6,
            12,
            "'2001-03': the month 03 occurs in none of the claim's quotes",
            "The year, month and day of the date as written must each occur in a quote of the claim: a month by its "
            "English name, 'Mar.' or number, a day as a number. Quote the words that give the date, or write less of it.",
        )
    ]


def test_a_missing_sha256_is_given_from_the_archived_text(kb: Path) -> None:
    text_digest = hashlib.sha256((kb / "sources" / "gazette.txt").read_bytes()).hexdigest()
    edit(kb, "sources/gazette.yaml", f"sha256: {text_digest}\n", "")
    first = problems(kb)
    assert first == [
        (
            "SG202",
            "sources/gazette.yaml",
            1,
            1,
            "'sha256' is required",
            f"Add the sha256 of sources/gazette.txt: sha256: {text_digest}",
        )
    ]
    (kb / "sources" / "gazette.txt").write_text("A new text.\n")  # the verdict cache must see the text change
    new_digest = hashlib.sha256(b"A new text.\n").hexdigest()
    assert problems(kb)[0][5] == f"Add the sha256 of sources/gazette.txt: sha256: {new_digest}"
    (kb / "sources" / "gazette.txt").unlink()
    assert problems(kb)[0][4:] == ("'sha256' is required", RULES["SG202"].hint)


def test_a_name_shared_with_another_entity_names_it_and_its_file(kb: Path) -> None:
    edit(kb, "agencies/ministry.yaml", "name: Ministry", "name: ＢＯＥ")  # full width: BOE in normal form
    edit(
        kb,
        "agencies/ministry.yaml",
        "quote: Officials of the Ministry confirmed",
        "quote: the Bureau of Examples, or BoE",
    )
    assert problems(kb) == [
        (
            "SG505",
            "agencies/ministry.yaml",
            3,
            7,
            "'ＢＯＥ' is also the name or an alias of boe (agencies/boe.yaml)",
            RULES["SG505"].hint,
        )
    ]
