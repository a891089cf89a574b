"""A rebuild remakes only the pages the index's change log names, and gives the bytes a whole build gives.

Each edit is made to a built site's knowledge base; the rebuild must take the short way (not remake
every page) and leave the folder byte for byte as a new build of the edited records into an empty
folder does.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from spyglass.site.build import Built, build_site

Edit = Callable[[Path], None]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def replace(rel: str, old: str, new: str) -> Edit:
    def edit(kb: Path) -> None:
        path = kb / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def append(rel: str, added: str) -> Edit:
    def edit(kb: Path) -> None:
        with (kb / rel).open("a", encoding="utf-8") as handle:
            handle.write(added)

    return edit


def remove(rel: str) -> Edit:
    return lambda kb: (kb / rel).unlink()


def rename(rel: str, new: str) -> Edit:
    return lambda kb: (kb / rel).rename(kb / new)


def write(rel: str, text: str) -> Edit:
    def edit(kb: Path) -> None:
        (kb / rel).parent.mkdir(exist_ok=True)
        (kb / rel).write_text(text, encoding="utf-8")

    return edit


def pin_text(kb: Path) -> None:
    """Pin the gazette's record to its text as it now is."""
    digest = hashlib.sha256((kb / "sources" / "gazette.txt").read_bytes()).hexdigest()
    record = kb / "sources" / "gazette.yaml"
    lines = [f"sha256: {digest}" if line.startswith("sha256:") else line for line in record.read_text().splitlines()]
    record.write_text("\n".join(lines) + "\n", encoding="utf-8")


DUPLICATE_SOURCE = """id: gazette
type: report
title: Another record of the gazette
text: gazette.txt
sha256: 16bc16aebd867cd752dfa35753f1482a86db91f318a2f5b4da43cfe7fcfb69f8
"""

NEW_PERSON = """id: okafor
kind: person
name: Mr. Okafor
claims:
  - predicate: member_of
    object: boe
    statement: Mr. Okafor is said to watch the harbour for the Bureau of Examples.
    evidence:
      - source: gazette
        quote: the Bureau of Examples watches the harbour
        speaker: ministry
"""

EDITS: dict[str, Edit] = {
    "an entity's summary": replace("agencies/boe.yaml", "A fictional bureau", "An invented bureau"),
    "an entity's name, shown on the pages that link to it": replace(
        "agencies/boe.yaml", "name: Bureau of Examples", "name: Bureau of Samples"
    ),
    "a claim's statement": replace("agencies/ministry.yaml", "a report about the bureau", "a report"),
    "a quote no longer in its source": replace("agencies/ministry.yaml", "Ministry confirmed", "Ministry denied"),
    "a speaker that may no longer speak": replace("agencies/ministry.yaml", "kind: agency", "kind: target"),
    "an object of the wrong kind": replace("agencies/boe.yaml", "object: harbour", "object: departure"),
    "a record removed that others quote as speaker": remove("agencies/ministry.yaml"),
    "a record added that points at others": write("people/okafor.yaml", NEW_PERSON),
    "a record in a file named for another id": rename("agencies/ministry.yaml", "agencies/the-ministry.yaml"),
    "a record that no longer parses": write("agencies/ministry.yaml", "id: ministry\nkind: [\n"),
    "an alias added": append(
        "agencies/ministry.yaml",
        "  - predicate: alias\n    value: the Ministry\n    statement: It is called the Ministry.\n"
        "    evidence:\n      - source: gazette\n        quote: Officials of the Ministry\n",
    ),
    "a speaker changed": replace(
        "agencies/boe.yaml", "or BoE\n        speaker: rivera", "or BoE\n        speaker: ministry"
    ),
    "a source's title": replace("sources/gazette.yaml", "title: A bureau", "title: The bureau"),
    "a source's reliability": replace("sources/gazette.yaml", "reliability: C", "reliability: A"),
    "an archived text no longer matching its pin": append("sources/gazette.txt", "A line added later.\n"),
    "a claim id written twice": replace(
        "agencies/ministry.yaml", "  - predicate: states", "  - id: one\n    predicate: states"
    ),
    "a broken record file added": write("agencies/broken.yaml", "id: broken\nkind: [\n"),
    "a broken record file removed": remove("targets/broken.yaml"),
    "a second record with a source's id, read after it": write("sources/gazette.yml", DUPLICATE_SOURCE),
    "a second record with a source's id removed": remove("sources/gazette.yml"),
    "a record with a person's id, read before it": write(
        "agencies/rivera.yaml", "id: rivera\nkind: agency\nname: Rivera\n"
    ),
    "the record that held an id removed": remove("agencies/ministry.yaml"),
    "an archived text pinned again, its record edited at once": lambda kb: (
        replace("sources/gazette.txt", "A line added later.\n", "")(kb),
        append("sources/gazette.yaml", "notes: Checked against the print edition.\n")(kb),
    ),
    "a source's text found again where its record says": replace(
        "sources/gazette.yaml", "text: gazette-missing.txt", "text: gazette.txt"
    ),
}

# what each edit needs in place before the first build
BEFORE: dict[str, list[Edit]] = {
    "a claim id written twice": [
        replace("agencies/boe.yaml", "  - predicate: targets", "  - id: one\n    predicate: targets")
    ],
    "a broken record file removed": [write("targets/broken.yaml", "id: broken\nkind: [\n")],
    "a second record with a source's id removed": [write("sources/gazette.yml", DUPLICATE_SOURCE)],
    "a record with a person's id, read before it": [write("people/okafor.yaml", NEW_PERSON)],  # people stay listed
    "the record that held an id removed": [
        write("people/ministry.yaml", "id: ministry\nkind: person\nname: Ministry\n")
    ],
    "an archived text pinned again, its record edited at once": [
        append("sources/gazette.txt", "A line added later.\n")
    ],
    "a source's text found again where its record says": [
        replace("sources/gazette.yaml", "text: gazette.txt", "text: gazette-missing.txt")
    ],
}


# edits after which a kind has no record left (or a first one): every page's navigation changes
WHOLE: dict[str, Edit] = {
    "the only person removed": remove("people/rivera.yaml"),
    "the only target made an event": replace("targets/harbour.yaml", "kind: target", "kind: event"),
    "a first organisation": write(
        "organisations/guild.yaml",
        NEW_PERSON.replace("okafor", "guild").replace("person", "organisation").replace("Mr. Okafor", "The Guild"),
    ),
}


def build(kb: Path, out: Path) -> Built:
    return build_site(kb, out)


def assert_as_new(kb: Path, out: Path, new: Path) -> None:
    """The folder `out` holds the bytes that a first-time user's build of `kb` gives: a new folder, a new index."""
    shutil.rmtree(new, ignore_errors=True)
    cache = os.environ["SPYGLASS_CACHE_DIR"]
    os.environ["SPYGLASS_CACHE_DIR"] = str(new.with_name(new.name + "-cache"))
    try:
        assert build(kb, new).whole
    finally:
        os.environ["SPYGLASS_CACHE_DIR"] = cache
    assert snapshot(out) == snapshot(new)


@pytest.mark.parametrize("name", list(EDITS))
def test_a_rebuild_after_an_edit_gives_the_bytes_of_a_new_build(kb: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / "site"
    for before in BEFORE.get(name, []):
        before(kb)
    assert build(kb, out).whole
    EDITS[name](kb)
    rebuilt = build(kb, out)
    assert not rebuilt.whole
    assert_as_new(kb, out, tmp_path / "new")


@pytest.mark.parametrize("name", list(WHOLE))
def test_a_change_to_the_navigation_remakes_every_page(kb: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / "site"
    build(kb, out)
    WHOLE[name](kb)
    assert build(kb, out).whole
    assert_as_new(kb, out, tmp_path / "new")


def test_a_run_of_edits_rebuilt_one_by_one_gives_the_bytes_of_a_new_build(kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(kb, out)
    last = ("a record removed that others quote as speaker",)  # the edits after it change the ministry's record
    skipped = ("a record that no longer parses", "a record in a file named for another id", *BEFORE)
    for name in [n for n in EDITS if n not in last + skipped] + list(last):
        EDITS[name](kb)
        assert not build(kb, out).whole, name
    pin_text(kb)  # the text matches its pin again: every claim citing it comes back
    assert not build(kb, out).whole
    assert_as_new(kb, out, tmp_path / "new")


def test_nothing_changed_remakes_nothing(kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(kb, out)
    again = build(kb, out)
    assert (again.whole, again.written, again.removed) == (False, 0, 0)


def test_a_page_deleted_from_the_folder_is_made_again(kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(kb, out)
    before = snapshot(out)
    (out / "entity" / "rivera.html").unlink()
    (out / "source" / "gazette.html").unlink()
    (out / "assets" / "search-index.js").unlink()
    again = build(kb, out)
    assert (again.whole, again.written) == (False, 3)
    assert snapshot(out) == before


def test_a_folder_restored_from_an_older_build_is_built_whole(kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(kb, out)
    shutil.copytree(out, tmp_path / "old")
    replace("agencies/boe.yaml", "name: Bureau of Examples", "name: Bureau of Samples")(kb)
    build(kb, out)
    shutil.rmtree(out)
    shutil.copytree(tmp_path / "old", out)  # its record of the build is not the one the last build left
    assert build(kb, out).whole
    assert_as_new(kb, out, tmp_path / "new")


def test_another_index_means_a_whole_build(kb: Path, tmp_path: Path) -> None:
    from spyglass.index.database import index_path

    out = tmp_path / "site"
    build(kb, out)
    index_path(kb).unlink()  # e.g. removed by the user, or rebuilt for new code
    assert build(kb, out).whole


def test_the_first_of_two_claims_with_one_written_id_stays_the_one_shown(kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    replace("agencies/boe.yaml", "  - predicate: alias", "  - id: one\n    predicate: alias")(kb)
    replace("agencies/ministry.yaml", "  - predicate: states", "  - id: one\n    predicate: states")(kb)
    build(kb, out)
    for edit in (
        replace("agencies/boe.yaml", "A fictional bureau", "An invented bureau"),  # the first one indexed again
        remove("agencies/boe.yaml"),  # the second one is the only one now
    ):
        edit(kb)
        assert not build(kb, out).whole
        assert_as_new(kb, out, tmp_path / "new")
    assert 'id="one"' in (out / "entity" / "ministry.html").read_text()


def test_a_claim_that_becomes_valid_through_another_file_is_shown(kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    replace("agencies/boe.yaml", "  - predicate: alias", "  - id: one\n    predicate: alias")(kb)
    replace("events/departure.yaml", "  - predicate: occurred", "  - id: one\n    predicate: occurred")(kb)
    build(kb, out)
    assert 'id="one"' not in (out / "entity" / "departure.html").read_text()  # the bureau's claim has it first
    replace("agencies/boe.yaml", "  - id: one\n", "")(kb)  # nothing the departure's page shows names the bureau
    assert not build(kb, out).whole
    assert 'id="one"' in (out / "entity" / "departure.html").read_text()
    assert_as_new(kb, out, tmp_path / "new")


def test_a_rebuild_on_forked_workers_gives_the_bytes_of_one_made_in_one_process(kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_site(kb, out, workers=2).whole
    EDITS["an entity's name, shown on the pages that link to it"](kb)
    rebuilt = build_site(kb, out, workers=2)  # the whole-site pages on one worker, the entity pages on another
    assert (rebuilt.whole, rebuilt.written) == (False, 13)
    assert_as_new(kb, out, tmp_path / "new")  # made in one process


def test_a_refresh_by_another_command_while_pages_are_made_leaves_them_as_one_state(
    kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import sys

    from spyglass.site import render

    out = tmp_path / "site"
    build_site(kb, out, workers=2)
    replace("agencies/boe.yaml", "A fictional bureau", "An invented bureau")(kb)
    made = render.make_pages

    def meanwhile(*args: object) -> object:  # `spyglass search`, say, run while the pages are made
        write("people/okafor.yaml", NEW_PERSON)(kb)
        refresh = (
            f"from pathlib import Path; from spyglass.index.database import open_index; open_index(Path({str(kb)!r}))"
        )
        subprocess.run([sys.executable, "-c", refresh], check=True)
        return made(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "make_pages", meanwhile)
    built = build_site(kb, out, workers=2)  # the workers see another state, and the pages are made here instead
    assert built.entities == 6 and not (out / "entity" / "okafor.html").exists()
    monkeypatch.setattr(render, "make_pages", made)
    assert build_site(kb, out, workers=2).entities == 7  # the next build takes the new record in
    assert_as_new(kb, out, tmp_path / "new")


def test_the_temporary_files_of_a_stopped_build_are_removed(kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(kb, out)
    for rel in ("entity/.boe.json.4242.tmp", ".spyglass-site.json.4242.tmp", "assets/.search-index.js.17.tmp"):
        (out / rel).write_bytes(b"half a page")  # what a build killed while writing leaves
    (out / "entity" / ".notes.tmp").write_bytes(b"not one of ours")
    build(kb, out)
    assert sorted(p.name for p in out.rglob("*.tmp")) == [".notes.tmp"]
