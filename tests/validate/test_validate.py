from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from conftest import INVALID, fixture_header
from spyglass.diagnostics import RULES
from spyglass.validate.run import Report, validate_kb

FIXTURES = sorted(INVALID.glob("SG*.yaml"))


def found(report: Report) -> list[tuple[str, str, int, int]]:
    return [(d.code, d.file, d.line, d.column) for d in report.diagnostics]


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_valid_knowledge_base_has_no_problems(kb: Path) -> None:
    report = validate_kb(kb)
    assert report.diagnostics == []
    assert report.counts == {"files": 7, "sources": 1, "entities": 6, "claims": 11, "quotes": 12}


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_each_fixture_gets_exactly_its_rule_at_its_position(kb: Path, fixture: Path) -> None:
    place, code, line, column = fixture_header(fixture)
    (kb / place).parent.mkdir(exist_ok=True)
    shutil.copyfile(fixture, kb / place)
    report = validate_kb(kb)
    assert found(report) == [(code, place, line, column)]
    assert report.ok() is (RULES[code].severity == "warning")


def test_every_rule_has_a_fixture_or_a_test_of_its_own() -> None:
    tested_here = {"SG102", "SG107", "SG112", "SG211", "SG407", "SG504"}
    with_fixture = {f.name[:5] for f in FIXTURES}
    assert set(RULES) - with_fixture - tested_here == set()


def test_a_two_megabyte_quote_is_refused(kb: Path) -> None:
    record = (kb / "targets" / "harbour.yaml").read_text()
    (kb / "targets" / "harbour.yaml").write_text(
        record.replace("quote: The Example", "quote: " + "x" * (2 << 20) + " The")
    )
    assert found(validate_kb(kb)) == [("SG102", "targets/harbour.yaml", 0, 0)]


def test_a_quote_over_the_length_limit_is_refused(kb: Path) -> None:
    record = (kb / "targets" / "harbour.yaml").read_text()
    (kb / "targets" / "harbour.yaml").write_text(record.replace("quote: The Example", "quote: " + "x" * 5000 + " The"))
    assert found(validate_kb(kb)) == [("SG211", "targets/harbour.yaml", 9, 16)]


def test_twenty_thousand_levels_of_nesting(kb: Path) -> None:
    (kb / "targets" / "deep.yaml").write_bytes(b"id: " + b"[" * 20_000 + b"]" * 20_000)
    assert found(validate_kb(kb)) in (
        [("SG107", "targets/deep.yaml", 1, 36)],
        [("SG107", "targets/deep.yaml", 1, 1004)],
    )


def test_a_link_out_of_the_knowledge_base_is_not_read(kb: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("id: secret\nkind: target\nname: x\n")
    os.symlink(outside, kb / "targets" / "secret.yaml")
    assert found(validate_kb(kb)) == [("SG112", "targets/secret.yaml", 0, 0)]


def test_an_archived_text_that_is_not_utf8(kb: Path) -> None:
    (kb / "sources" / "gazette.txt").write_bytes(b"caf\xe9")
    digest = hashlib.sha256(b"caf\xe9").hexdigest()
    source = kb / "sources" / "gazette.yaml"
    source.write_text(
        "\n".join(
            line if not line.startswith("sha256") else f"sha256: {digest}" for line in source.read_text().splitlines()
        )
    )
    codes = {d.code for d in validate_kb(kb).diagnostics}
    assert codes == {"SG407"}


def test_a_sha256_mismatch_hint_gives_the_actual_hash(kb: Path) -> None:
    (kb / "sources" / "gazette.txt").write_text("changed")
    diagnostic = next(d for d in validate_kb(kb).diagnostics if d.code == "SG403")
    assert diagnostic.hint.endswith(f"sha256: {hashlib.sha256(b'changed').hexdigest()}")


def test_a_missing_quote_names_the_closest_passage(kb: Path) -> None:
    shutil.copyfile(INVALID / "SG404-quote-not-found.yaml", kb / "targets" / "misquoted.yaml")
    (diagnostic,) = validate_kb(kb).diagnostics
    assert diagnostic.message == "quote not found in gazette; closest passage (88% alike) at line 1, column 34"
    assert diagnostic.hint == 'The text there reads: "the Bureau of Examples watches the harbour."'


def test_validate_never_writes_to_the_knowledge_base(kb: Path) -> None:
    shutil.copyfile(INVALID / "SG404-quote-not-found.yaml", kb / "targets" / "misquoted.yaml")
    before = snapshot(kb)
    validate_kb(kb)
    validate_kb(kb)
    assert snapshot(kb) == before


def test_the_second_run_answers_from_the_cache_and_an_edit_is_seen(kb: Path) -> None:
    first = validate_kb(kb)
    old = os.stat(kb / "agencies" / "boe.yaml").st_mtime_ns - 10_000_000_000
    for path in kb.rglob("*"):
        os.utime(path, ns=(old, old))  # older than the racy window, so stat is trusted
    validate_kb(kb)
    second = validate_kb(kb)
    assert second.cached and second.diagnostics == first.diagnostics
    record = kb / "agencies" / "ministry.yaml"
    record.write_text(record.read_text().replace("Officials of the Ministry confirmed", "Officials confirmed"))
    third = validate_kb(kb)
    assert not third.cached
    assert [d.code for d in third.diagnostics] == ["SG404"]


def test_every_problem_in_one_run(kb: Path) -> None:
    for fixture in ("SG201-unknown-key.yaml", "SG303-unknown-object.yaml", "SG404-quote-not-found.yaml"):
        place = fixture_header(INVALID / fixture)[0]
        shutil.copyfile(INVALID / fixture, kb / place)
    assert [d.code for d in validate_kb(kb).diagnostics] == ["SG303", "SG201", "SG404"]


def test_binary_garbage_is_refused_with_its_position(kb: Path) -> None:
    (kb / "targets" / "garbage.yaml").write_bytes(bytes(range(256)) * 4)
    assert found(validate_kb(kb)) == [
        ("SG101", "targets/garbage.yaml", 2, 118)
    ]  # byte 0x80, after a newline at byte 10


def test_an_empty_knowledge_base_is_valid(tmp_path: Path) -> None:
    (tmp_path / "empty" / "sources").mkdir(parents=True)
    report = validate_kb(tmp_path / "empty")
    assert (report.diagnostics, report.counts["files"]) == ([], 0)


def test_files_where_no_record_is_read_are_reported(kb: Path) -> None:
    (kb / "agencies" / "notes.txt").write_text("x")
    (kb / "agencies" / "old").mkdir()
    (kb / "sources" / "scan.pdf").write_bytes(b"%PDF")  # sources/ may hold other files
    assert found(validate_kb(kb)) == [("SG213", "agencies/notes.txt", 0, 0), ("SG213", "agencies/old", 0, 0)]


def test_a_folder_that_is_not_a_knowledge_base_is_refused(tmp_path: Path) -> None:
    from spyglass.errors import KnowledgeBaseNotFound

    with pytest.raises(KnowledgeBaseNotFound):
        validate_kb(tmp_path)


def test_a_text_path_through_dot_dot_is_refused(kb: Path) -> None:
    source = kb / "sources" / "gazette.yaml"
    source.write_text(source.read_text().replace("text: gazette.txt", "text: ../sources/gazette.txt"))
    assert [d.code for d in validate_kb(kb).diagnostics] == ["SG402"]


def test_an_ellipsis_that_leaves_out_a_negation_is_flagged(kb: Path) -> None:
    text = "The bureau does not watch the airport at night.\n"
    (kb / "sources" / "memo.txt").write_text(text)
    digest = hashlib.sha256(text.encode()).hexdigest()
    (kb / "sources" / "memo.yaml").write_text(
        f"id: memo\ntype: report\ntitle: A memo\ntext: memo.txt\nsha256: {digest}\n"
    )
    (kb / "targets" / "airport.yaml").write_text(
        "id: airport\nkind: target\nname: the airport\nclaims:\n  - predicate: states\n"
        "    statement: The bureau watches the airport.\n    evidence:\n      - source: memo\n"
        "        quote: The bureau does ... watch the airport\n"
    )
    (diagnostic,) = validate_kb(kb).diagnostics
    assert (diagnostic.code, diagnostic.file, diagnostic.line, diagnostic.column) == (
        "SG504",
        "targets/airport.yaml",
        9,
        16,
    )
    assert diagnostic.message == "the quote's '...' leaves out 'not' from the text, which may turn its meaning around"


def test_a_country_must_be_an_iso_3166_code(kb: Path) -> None:
    record = kb / "agencies" / "boe.yaml"
    record.write_text(
        record.read_text().replace(
            "  - predicate: uses",
            "  - predicate: country\n    value: ZZ\n    statement: ZZ.\n    evidence:\n"
            "      - source: gazette\n        quote: the Bureau of Examples watches the harbour\n  - predicate: uses",
        )
    )
    (diagnostic,) = validate_kb(kb).diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("SG204", 25, 12)
    assert diagnostic.message == "country 'ZZ' is not an ISO 3166-1 alpha-2 code"
