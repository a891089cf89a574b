"""The index: built from the records, refreshed file by file, rebuilt when its format changes."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from pathlib import Path

from spyglass.index.database import index_path, meta_problems, open_index
from spyglass.index.schema import INDEX_FORMAT
from spyglass.query import answers


def age(root: Path, seconds: int = 10) -> None:
    """Make every file older than the racy window, as files usually are."""
    for path in root.rglob("*"):
        stamp = os.stat(path).st_mtime_ns - seconds * 1_000_000_000
        os.utime(path, ns=(stamp, stamp))


def test_a_first_open_reads_everything_and_a_second_nothing(kb: Path) -> None:
    age(kb)
    _, first = open_index(kb)
    assert (first.read, first.removed, first.texts) == (7, 0, 1)
    connection, second = open_index(kb)
    assert (second.read, second.removed, second.texts) == (0, 0, 0)
    assert connection.execute("SELECT count(*) FROM claims").fetchone()[0] == 11


def test_an_edit_is_seen_by_the_next_query(kb: Path) -> None:
    age(kb)
    open_index(kb)
    record = kb / "agencies" / "ministry.yaml"
    record.write_text(record.read_text().replace("name: Ministry", "name: Ministry of Examples\nsummary: Edited."))
    connection, refresh = open_index(kb)
    assert refresh.read == 1
    assert answers.show(connection, "ministry")["summary"] == "Edited."


def test_a_removed_file_leaves_the_index(kb: Path) -> None:
    age(kb)
    open_index(kb)
    (kb / "events" / "departure.yaml").unlink()
    connection, refresh = open_index(kb)
    assert refresh.removed == 1
    assert connection.execute("SELECT count(*) FROM entities WHERE id = 'departure'").fetchone()[0] == 0


def test_a_changed_text_unproves_its_quotes_until_its_hash_is_fixed(kb: Path) -> None:
    age(kb)
    open_index(kb)
    (kb / "sources" / "gazette.txt").write_text("Something else entirely.\n")
    connection, refresh = open_index(kb)
    assert refresh.texts == 1
    assert meta_problems(connection)["left_out_claims"] == 11  # every claim has a quote from it
    assert answers.claims(connection)["claims"] == []


def test_a_broken_record_is_counted_and_the_rest_still_answers(kb: Path) -> None:
    (kb / "targets" / "harbour.yaml").write_text("id: harbour\nkind: target\nname: [unclosed\n")
    connection, _ = open_index(kb)
    assert meta_problems(connection) == {"broken_files": 1, "left_out_claims": 1}
    assert answers.show(connection, "BoE")["id"] == "boe"


def test_an_index_of_another_format_is_rebuilt(kb: Path) -> None:
    connection, _ = open_index(kb)
    connection.execute(f"PRAGMA user_version={INDEX_FORMAT - 1}")
    connection.close()
    connection, refresh = open_index(kb)
    assert refresh.read == 7
    assert connection.execute("PRAGMA user_version").fetchone()[0] == INDEX_FORMAT


def _open_and_count(root: str) -> int:
    connection, _ = open_index(Path(root))
    return int(connection.execute("SELECT count(*) FROM claims").fetchone()[0])


def test_two_processes_building_at_once_leave_a_sound_index(kb: Path) -> None:
    with multiprocessing.get_context("fork").Pool(2) as pool:
        counts = pool.map(_open_and_count, [str(kb)] * 4)
    assert counts == [11, 11, 11, 11]
    check = sqlite3.connect(index_path(kb))
    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert check.execute("SELECT count(*) FROM claims").fetchone() == (11,)
