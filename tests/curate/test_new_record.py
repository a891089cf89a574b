"""`spyglass new`: a record skeleton for an entity the source names, never over another record."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from spyglass.cli.app import app
from spyglass.curate.scaffold import sentence_around, skeleton, slugify
from spyglass.kb.yaml_loader import load_yaml_bytes
from spyglass.text.quotes import sentences
from spyglass.validate.run import validate_kb


def new(kb: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--kb", str(kb), "new", *args])
    return result.exit_code, result.stdout, result.stderr


def tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()
    }


def test_a_skeleton_quotes_the_sentence_naming_the_entity(kb: Path) -> None:
    code, out, err = new(kb, "target", "DOCK WORKERS", "--source", "gazette")
    assert (code, err) == (0, "")
    path = kb / "targets" / "dock-workers.yaml"
    record = load_yaml_bytes(path.read_bytes(), "x").data
    assert record == {
        "id": "dock-workers",
        "kind": "target",
        "name": "dock workers",  # as the source spells it
        "claims": [
            {
                "predicate": "states",
                "statement": "TODO: say what the quote says, in your own neutral words",
                "evidence": [
                    {
                        "source": "gazette",
                        "quote": "Ms. Rivera said the Bureau of Examples, or BoE, recruits dock workers who travel "
                        "abroad.",
                    }
                ],
            }
        ],
    }
    assert "# Attributes of a target (value: ...): alias (text), states, location (text)\n" in path.read_text()
    assert out.splitlines() == [
        f"wrote {path}: a target with a first claim quoting the passage that names it:",
        "  Ms. Rivera said the Bureau of Examples, or BoE, recruits dock workers who travel abroad.",
        f"next: finish its claim (the statement is a TODO), then: spyglass validate {path}",
    ]
    diagnostics = validate_kb(kb).diagnostics
    assert [(d.code, d.file, d.line) for d in diagnostics if d.file.endswith("dock-workers.yaml")] == [
        ("SG214", "targets/dock-workers.yaml", 10)
    ]


def test_finishing_the_statement_makes_it_valid(kb: Path) -> None:
    assert new(kb, "person", "Ms. Rivera", "--source", "gazette", "--id", "rivera-2")[0] == 0
    path = kb / "people" / "rivera-2.yaml"
    path.write_text(path.read_text().replace("TODO: say what the quote says, in your own neutral words", "She spoke."))
    problems = [d for d in validate_kb(kb).diagnostics if d.file == "people/rivera-2.yaml" and d.severity == "error"]
    assert problems == []


def test_a_likely_duplicate_is_named_with_its_file(kb: Path) -> None:
    code, _, err = new(kb, "agency", "BoE", "--source", "gazette", "--id", "boe-again")
    assert code == 0
    assert err == (
        "spyglass: warning: 'Bureau of Examples' (agencies/boe.yaml) has this name already: is it the same agency?\n"
    )


def test_new_never_overwrites_and_refuses_names_the_source_lacks(kb: Path) -> None:
    before = tree(kb)
    cases = [
        (["agency", "Bureau of Examples", "--source", "gazette", "--id", "boe"], 1, "a record with id 'boe' exists"),
        (["agency", "Bureau of Nothing", "--source", "gazette"], 1, "'Bureau of Nothing' does not occur in source"),
        (["agency", "Bureau", "--source", "gazete"], 1, "no source 'gazete'"),
        (["agency", "Bureau", "--source", "gazette", "--id", "Bad Id"], 2, "'Bad Id' is not an id"),
        (["company", "Bureau", "--source", "gazette"], 2, "'company' is not one of 'agency', 'person'"),
    ]
    for args, code, message in cases:
        got, _, err = new(kb, *args)
        assert (got, message in err) == (code, True), err
        assert "Traceback" not in err
    assert tree(kb) == before


def test_a_name_inside_a_longer_word_does_not_count(kb: Path) -> None:
    code, _, err = new(kb, "target", "harb", "--source", "gazette")
    assert code == 1
    assert "'harb' does not occur in source 'gazette' (as whole words, in any case)" in err


def test_the_id_and_name_limits_are_the_models() -> None:
    from spyglass.curate import scaffold
    from spyglass.model import records

    assert (scaffold.SLUG, scaffold.MAX_NAME) == (records.SLUG, records.MAX_TEXT)


def test_new_does_not_load_pydantic_or_rich(kb: Path) -> None:
    """Once the index is built, `new` needs neither the model's library nor the terminal's (~150 ms of imports)."""
    import subprocess
    import sys

    code = (
        "import sys; from spyglass.cli.app import main; sys.argv = ['spyglass', '--kb', sys.argv[1], 'new', "
        "'target', 'DOCK WORKERS', '--source', 'gazette']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert exit.code in (0, None), exit.code\n"
        "print(sorted(m for m in ('pydantic', 'rich') if m in sys.modules))"
    )
    assert CliRunner().invoke(app, ["--kb", str(kb), "search", "harbour"]).exit_code == 0  # builds the index
    done = subprocess.run([sys.executable, "-c", code, str(kb)], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr, done.stdout.splitlines()[-1]) == (0, "", "[]")
    assert (kb / "targets" / "dock-workers.yaml").exists()


PIECES = ["Ab", "cd", "U.S.", "Mr.", " ", ".", "! ", "?", "\n", "\n\n", "\n \n", "• ", "- ", '"', "’", "\t", "L."]


@given(st.lists(st.sampled_from(PIECES), max_size=40), st.data())
def test_the_sentence_around_a_name_is_found_in_its_paragraph_as_in_the_whole_text(
    pieces: list[str], data: st.DataObject
) -> None:
    text = "".join(pieces)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    whole = next(((f, t) for f, t in sentences(text) if f <= start and end <= t), (start, end))
    assert sentence_around(text, start, end) == whole


def test_ids_come_from_names() -> None:
    assert slugify("Ministry of State Security") == "ministry-of-state-security"
    assert slugify("Société Générale (Paris)") == "societe-generale-paris"


def test_the_skeleton_lists_only_what_the_kind_may_say() -> None:
    text = skeleton("event", "e", "The Event", "s", 'He said "yes"')
    assert (
        "# Attributes of an event (value: ...): alias (text), states, occurred (date), location (text), event_type "
        "(one of: indictment | charge | arrest | extradition | plea | conviction | sentence | sanction | advisory | "
        "defection)\n"
    ) in text
    assert (
        "# Relations of an event (object: <id>): involves -> agency|event|group|method|organisation|person|target\n"
        in text
    )
    assert 'quote: "He said \\"yes\\""' in text


def test_the_name_is_spelled_as_the_text_has_it_after_letters_that_casefold_longer() -> None:
    from spyglass.curate.scaffold import passage_naming
    from spyglass.text.quotes import ArchivedText

    text = ArchivedText("The Straße office is small. The Ministry of Samples runs it.")
    assert passage_naming(text, "ministry of samples") == ("The Ministry of Samples runs it.", "Ministry of Samples")


def test_a_long_sentence_is_cut_to_whole_words_around_the_name() -> None:
    from spyglass.curate.scaffold import MAX_SCAFFOLD_QUOTE, passage_naming
    from spyglass.text.quotes import ArchivedText

    filler = " ".join(["word"] * 200)
    text = ArchivedText(f"{filler} the Ministry of Samples {filler}.")
    quote, spelled = passage_naming(text, "Ministry of Samples") or ("", "")
    assert spelled == "Ministry of Samples"
    assert "Ministry of Samples" in quote and len(quote) <= MAX_SCAFFOLD_QUOTE
    assert quote.startswith("word ") and quote.endswith(" word")
    long_name = "Ministry " + "of Samples " * 40
    text = ArchivedText(f"{filler} {long_name.strip()} {filler}.")
    assert passage_naming(text, long_name.strip()) == (long_name.strip(), long_name.strip())


def test_a_record_made_while_new_runs_is_not_overwritten(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from spyglass.curate import scaffold

    path = kb / "targets" / "dock-workers.yaml"
    real = scaffold.write_new

    def someone_else_first(target: Path, data: bytes) -> None:
        target.write_text("a curator's record\n")  # written between new's check and its write
        real(target, data)

    monkeypatch.setattr(scaffold, "write_new", someone_else_first)
    code, _, err = new(kb, "target", "dock workers", "--source", "gazette")
    assert code == 1
    assert "a record with id 'dock-workers' exists already" in err
    assert path.read_text() == "a curator's record\n"
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []
