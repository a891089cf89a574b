"""Faults a review found: each once stopped every query or answered what validate rejects."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from spyglass.cli.app import app
from spyglass.validate.run import validate_kb


def run(kb: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--kb", str(kb), *args])
    return result.exit_code, result.stdout, result.stderr


def left_out(kb: Path, what: str) -> str:
    return f"spyglass: warning: left out {what} of {kb} that validate rejects; to see why, run: spyglass --kb {kb} validate\n"


def test_a_quote_too_complex_to_place_leaves_its_claim_out_not_every_query(kb: Path) -> None:
    record = kb / "targets" / "harbour.yaml"
    many = " ... ".join(["the"] * 60)
    record.write_text(record.read_text().replace("quote: The Example", f"quote: {many} ... The Example", 1))
    assert [d.code for d in validate_kb(kb).diagnostics] == ["SG404"]
    code, out, err = run(kb, "show", "boe", "--json")
    assert (code, err) == (0, left_out(kb, "1 claim"))
    assert json.loads(out)["id"] == "boe"


def test_a_second_record_with_an_id_is_left_out_and_queries_go_on(kb: Path) -> None:
    (kb / "agencies" / "boe.yml").write_text((kb / "agencies" / "boe.yaml").read_text())
    assert "SG301" in {d.code for d in validate_kb(kb).diagnostics}
    code, out, err = run(kb, "show", "boe", "--json")
    assert (code, err) == (0, left_out(kb, "1 record"))
    assert json.loads(out)["name"] == "Bureau of Examples"


def test_a_text_path_that_climbs_is_refused_by_queries_as_by_validate(kb: Path) -> None:
    source = kb / "sources" / "gazette.yaml"
    source.write_text(source.read_text().replace("text: gazette.txt", "text: ../sources/gazette.txt"))
    assert "SG402" in {d.code for d in validate_kb(kb).diagnostics}
    code, out, err = run(kb, "claims", "--json")
    assert (code, err, json.loads(out)["claims"]) == (0, left_out(kb, "11 claims"), [])


def test_a_source_whose_text_is_missing_still_shows_its_record(kb: Path) -> None:
    (kb / "sources" / "gazette.txt").unlink()
    code, out, err = run(kb, "sources", "gazette", "--json")
    shown = json.loads(out)
    assert (code, shown["source"]["title"], shown["coverage"], shown["claims"]) == (
        0,
        "A bureau that watches the harbour",
        None,
        [],
    )
    assert err == left_out(kb, "11 claims")
    code, out, _ = run(kb, "sources", "gazette")
    assert code == 0
    assert "Coverage: its archived text is missing or altered; run: spyglass validate" in out


def write_one_id_twice(kb: Path) -> None:
    """Give the first claims of the bureau and of the ministry one written id."""
    for name in ("boe.yaml", "ministry.yaml"):
        record = kb / "agencies" / name
        text = record.read_text()
        at = text.index("  - predicate:")
        record.write_text(text[:at] + text[at:].replace("  - predicate:", "  - id: one-claim\n    predicate:", 1))


def test_a_second_claim_with_a_written_id_is_left_out(kb: Path) -> None:
    write_one_id_twice(kb)
    assert [d.code for d in validate_kb(kb).diagnostics] == ["SG308"]
    code, out, err = run(kb, "claims", "--json")
    assert (code, err) == (0, left_out(kb, "1 claim"))
    assert [c["id"] for c in json.loads(out)["claims"]].count("one-claim") == 1


def test_which_claim_keeps_a_written_id_follows_validate_whatever_file_changes(kb: Path) -> None:
    write_one_id_twice(kb)

    def holder() -> list[str]:
        _, out, _ = run(kb, "claims", "--json")
        return [c["subject"] for c in json.loads(out)["claims"] if c["id"] == "one-claim"]

    assert holder() == ["boe"]  # validate reads agencies/boe.yaml first, and rejects the ministry's claim (SG308)
    boe = kb / "agencies" / "boe.yaml"
    boe.write_text(boe.read_text().replace("A fictional bureau", "An invented bureau"))  # indexed again, last
    assert holder() == ["boe"]
    boe.unlink()  # the ministry's claim is the only one with the id now
    assert holder() == ["ministry"]


def test_a_record_id_is_held_by_the_file_validate_reads_first_whatever_file_changes(kb: Path) -> None:
    def kind() -> str:
        _, out, _ = run(kb, "show", "rivera", "--json")
        return str(json.loads(out)["kind"])

    assert kind() == "person"
    rival = kb / "agencies" / "rivera.yaml"  # agencies/ are read before people/: this file holds the id now
    rival.write_text("id: rivera\nkind: agency\nname: Rivera\n", encoding="utf-8")
    assert [d.code for d in validate_kb(kb).diagnostics if d.severity == "error"][:1] == ["SG301"]
    assert kind() == "agency"
    people = kb / "people" / "rivera.yaml"
    people.write_text(people.read_text() + "summary: Read again.\n", encoding="utf-8")  # the second file changes
    assert kind() == "agency"
    rival.unlink()  # the person's file, left out until now, holds the id again
    assert kind() == "person"


def test_a_record_with_an_error_of_its_own_still_holds_its_id_as_in_validate(kb: Path) -> None:
    # people/ are read before events/: this file holds the id 'departure', and its repeated key (SG104) leaves
    # it out; the event's file is the second with the id (SG301); rivera's claim about the event is rejected
    (kb / "people" / "departure.yaml").write_text(
        "id: departure\nkind: person\nname: Departed\nsummary: One.\nsummary: Two.\n", encoding="utf-8"
    )
    codes = {d.code for d in validate_kb(kb).diagnostics if d.severity == "error"}
    assert {"SG104", "SG301"} <= codes
    code, _, _ = run(kb, "show", "departure")
    assert code == 1
    _, out, _ = run(kb, "claims", "--json")
    assert "departure" not in {c["object"] for c in json.loads(out)["claims"]}


def test_a_written_claim_id_in_a_record_left_out_for_its_own_error_still_comes_first(kb: Path) -> None:
    # agencies/ are read before people/: the bureau's record (a repeated key, SG104) has the claim id first
    boe = kb / "agencies" / "boe.yaml"
    boe.write_text(
        boe.read_text().replace("  - predicate: targets", "  - id: one-claim\n    predicate: targets")
        + "summary: Repeated.\n",
        encoding="utf-8",
    )
    rivera = kb / "people" / "rivera.yaml"
    rivera.write_text(rivera.read_text().replace("  - predicate: born", "  - id: one-claim\n    predicate: born", 1))
    codes = [d.code for d in validate_kb(kb).diagnostics if d.severity == "error"]
    assert "SG104" in codes and "SG308" in codes
    _, out, _ = run(kb, "claims", "--json")
    assert "one-claim" not in {c["id"] for c in json.loads(out)["claims"]}
    boe.write_text(boe.read_text().replace("summary: Repeated.\n", ""), encoding="utf-8")  # the bureau is whole again
    _, out, _ = run(kb, "claims", "--json")
    assert [c["subject"] for c in json.loads(out)["claims"] if c["id"] == "one-claim"] == ["boe"]
