"""`quote` in the library: each '...' part, why parts too far apart fail, case and quote-mark near misses, the YAML item."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spyglass.errors import NotFound, SpyglassError
from spyglass.index.database import open_index
from spyglass.kb.yaml_loader import load_yaml_bytes
from spyglass.query.sources import evidence_item, evidence_yaml, find_quote, known_speaker, miss
from spyglass.text import placement
from spyglass.text.placement import PartLink, explain_parts, place
from spyglass.text.quotes import Anchor, ArchivedText

FAR = "alpha " + "filler " * 60 + "omega"  # omega starts 421 characters after alpha ends


def add_source(kb: Path, source_id: str, text: str) -> None:
    """A source of `text` in the knowledge base, with its true sha256."""
    raw = text.encode("utf-8")
    (kb / "sources" / f"{source_id}.txt").write_bytes(raw)
    (kb / "sources" / f"{source_id}.yaml").write_text(
        f"id: {source_id}\ntype: other\ntitle: A test text\nlicence: CC0-1.0\ntext: {source_id}.txt\n"
        f"sha256: {hashlib.sha256(raw).hexdigest()}\n",
        encoding="utf-8",
    )


@pytest.fixture
def index(kb: Path) -> Iterator[sqlite3.Connection]:
    add_source(kb, "ledger", FAR + ".\nThe Ledger said: 'the Port is watched'.\n")
    connection, _ = open_index(kb)
    yield connection
    connection.close()


def test_explain_parts_names_the_nearest_occurrences_and_the_characters_between() -> None:
    assert explain_parts(FAR, ["alpha", "omega"]) == [
        PartLink(occurs=True, follows=True, previous=None, span=(0, 5), apart=None),
        PartLink(occurs=True, follows=False, previous=(0, 5), span=(426, 431), apart=420),
    ]
    assert explain_parts(FAR, ["omega", "alpha"])[1] == PartLink(True, False, None, None, None)
    assert explain_parts(FAR, ["alpha", "nowhere"])[1] == PartLink(False, False, None, None, None)


def test_three_hundred_characters_apart_follow_and_three_hundred_and_one_do_not() -> None:
    near, far = "alpha " + "x" * 299 + " omega", "alpha " + "x" * 300 + " omega"
    assert explain_parts(near, ["alpha", "x" * 299, "omega"])[2].follows
    assert [link.apart for link in explain_parts(near.replace("x", "-"), ["alpha", "omega"])] == [None, 300]
    assert explain_parts(near.replace("x", "-"), ["alpha", "omega"])[1].follows
    assert [(link.follows, link.apart) for link in explain_parts(far.replace("x", "-"), ["alpha", "omega"])] == [
        (True, None),
        (False, 301),
    ]
    assert place(far.replace("x", "-"), ["alpha", "omega"]).spans is None


def test_a_link_after_a_failed_one_is_judged_from_every_occurrence_of_its_part() -> None:
    text = "A " + "-" * 400 + " B C"
    assert [link.follows for link in explain_parts(text, ["A", "B", "C"])] == [True, False, True]


@given(
    st.text(alphabet="ab -", max_size=40),
    st.lists(st.sampled_from(["a", "b", "ab", "a b", "-"]), min_size=1, max_size=4),
)
def test_explain_parts_agrees_with_place(text: str, parts: list[str]) -> None:
    with mock.patch.object(placement, "ELLIPSIS_GAP", 3):
        placed = place(text, parts).spans is not None
        assert all(link.follows for link in explain_parts(text, parts)) == placed


def test_loose_anchor_says_what_differs_and_maps_offsets_back_through_case_folding() -> None:
    assert ArchivedText("The Bureau watches the Harbour.").loose_anchor("the harbour") == (
        "case",
        Anchor(19, 30, ((19, 30),)),
    )
    # 'ß' folds to two letters: the offsets after it must still be those of the original text
    assert ArchivedText("Die Straße, der Hafen").loose_anchor("die strasse ... der hafen") == (
        "case",
        Anchor(0, 21, ((0, 10), (12, 21))),
    )
    assert ArchivedText('He said "no" twice').loose_anchor("He said 'no' twice") == (
        "quote marks",
        Anchor(0, 18, ((0, 18),)),
    )
    assert ArchivedText("‹No,› he said").loose_anchor("'no,' he said") == (
        "case and quote marks",
        Anchor(0, 13, ((0, 13),)),
    )
    assert ArchivedText("He said no").loose_anchor("she said yes") is None


def test_a_found_ellipsis_quote_reports_each_part_as_archived(index: sqlite3.Connection) -> None:
    found = find_quote(index, "gazette", "The Example  Gazette ... watches the harbour")
    assert found["match"]["parts"] == [
        {"start": 0, "end": 19, "line": 1, "column": 1, "text": "The Example Gazette"},
        {"start": 56, "end": 75, "line": 1, "column": 57, "text": "watches the harbour"},
    ]
    assert (found["found"], found["differs_only_in"], found["near_match"], found["too_far_apart"]) == (
        True,
        None,
        None,
        [],
    )
    assert "parts" not in find_quote(index, "gazette", "watches the harbour")["match"]


def test_parts_too_far_apart_are_explained_part_by_part(index: sqlite3.Connection) -> None:
    missed = find_quote(index, "ledger", "alpha ... omega ... alpha")
    assert (missed["found"], missed["match"], missed["differs_only_in"]) == (False, None, None)
    assert missed["too_far_apart"] == [
        {
            "part": 2,
            "text": "omega",
            "after_part": 1,
            "after_text": "alpha",
            "apart": 420,
            "limit": 300,
            "previous": {"start": 0, "end": 5, "line": 1, "column": 1, "text": "alpha"},
            "next": {"start": 426, "end": 431, "line": 1, "column": 427, "text": "omega"},
        },
        {
            "part": 3,
            "text": "alpha",
            "after_part": 2,
            "after_text": "omega",
            "apart": None,
            "limit": 300,
            "previous": None,
            "next": None,
        },
    ]
    assert len(missed["closest"]) == 3
    assert miss(missed) == "not in ledger: every part occurs, but part 2 cannot follow part 1 within 300 characters"
    backwards = find_quote(index, "ledger", "omega ... alpha")
    assert miss(backwards) == "not in ledger: every part occurs, but part 2 never occurs after part 1"
    # the middle part reaches omega from the last filler in alpha's window: only the way back fails
    assert [
        gap["part"] for gap in find_quote(index, "ledger", "alpha ... filler ... omega ... alpha")["too_far_apart"]
    ] == [4]
    assert find_quote(index, "ledger", "alpha ... nowhere")["too_far_apart"] == []


def test_a_quote_that_differs_only_in_case_or_quote_marks_is_located(index: sqlite3.Connection) -> None:
    cased = find_quote(index, "gazette", "Watches the Harbour")
    assert (cased["found"], cased["differs_only_in"]) == (False, "case")
    assert cased["near_match"] == {
        "start": 56,
        "end": 75,
        "line": 1,
        "column": 57,
        "text": "watches the harbour",
        "parts": [{"start": 56, "end": 75, "line": 1, "column": 57, "text": "watches the harbour"}],
    }
    marked = find_quote(index, "ledger", 'said: "The port is watched"')
    assert (marked["differs_only_in"], marked["near_match"]["text"]) == (
        "case and quote marks",
        "said: 'the Port is watched'",
    )


def test_the_evidence_item_holds_the_archived_characters_not_the_typed_ones(index: sqlite3.Connection) -> None:
    typed = '"We saw it  every week," she said'  # straight quotes and two spaces; the text has curly ones
    found = find_quote(index, "gazette", typed)
    assert evidence_yaml(index, found, "rivera") == (
        '- source: "gazette"\n  quote: "“We saw it every week,” she said"\n  speaker: "rivera"\n'
    )
    dotted = find_quote(index, "gazette", "The Example Gazette…watches the harbour")
    assert evidence_yaml(index, dotted) == (
        '- source: "gazette"\n  quote: "The Example Gazette ... watches the harbour"\n'
    )


def test_an_evidence_item_longer_than_a_quote_may_be_is_refused() -> None:
    with pytest.raises(SpyglassError) as refused:
        evidence_item("s", ["word " * 800, "end"])
    assert refused.value.message == "the passage found is 4,008 characters long; a quote holds at most 4,000"


def test_a_speaker_must_be_an_actor_of_the_knowledge_base(index: sqlite3.Connection) -> None:
    known_speaker(index, "rivera")
    with pytest.raises(NotFound) as unknown:
        known_speaker(index, "rivra")
    assert (unknown.value.message, unknown.value.hint) == (
        "no entity 'rivra' to be the speaker",
        "Did you mean: rivera (Ms. Rivera)?",
    )
    with pytest.raises(NotFound) as by_name:
        known_speaker(index, "Ms. Rivera")
    assert by_name.value.hint == "Did you mean: rivera (Ms. Rivera)?"
    with pytest.raises(NotFound) as target:
        known_speaker(index, "harbour")
    assert target.value.message == "'harbour' is a target; a speaker is an agency, a person or a group"
    with pytest.raises(NotFound) as nothing:
        known_speaker(index, "zzzzzz")
    assert nothing.value.hint == "A speaker is an entity's id; find it with: spyglass search NAME"


AWKWARD = st.lists(
    st.sampled_from([*"ab :#-'\"\\\n\t\x07\x85\u2028\ufeff{}[]&*!|>%@`.…’é", "e\u0301"]), min_size=1, max_size=30
).map("".join)


@given(AWKWARD, AWKWARD)
def test_an_evidence_item_loads_back_as_the_archived_passage(passage: str, other: str) -> None:
    text = ArchivedText(f"{other} {passage} {other}")
    try:
        anchor = text.anchor(passage)
    except SpyglassError:
        return  # too many '...' parts: refused, not matched
    if anchor is None:
        return  # nothing to quote: only white space, or parts split by an ellipsis that do not follow
    archived = [text.original[start:end] for start, end in anchor.parts]
    item = evidence_item("gazette", archived, "rivera")
    record = "claims:\n  - evidence:\n" + "".join(f"      {line}\n" for line in item.splitlines())
    loaded = load_yaml_bytes(record.encode("utf-8"), "x.yaml")
    assert loaded.diagnostics == []
    evidence = loaded.data["claims"][0]["evidence"][0]
    assert evidence == {"source": "gazette", "quote": " ... ".join(archived), "speaker": "rivera"}
    assert text.anchor(evidence["quote"]) == anchor


def test_an_explanation_past_the_work_budget_is_left_out_not_raised(
    index: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the exact search examines alpha alone (omega lies outside its window); the explanation examines both
    monkeypatch.setattr(placement, "MAX_CANDIDATES", 1)
    missed = find_quote(index, "ledger", "alpha ... omega")
    assert (missed["found"], missed["too_far_apart"], len(missed["closest"])) == (False, [], 3)
