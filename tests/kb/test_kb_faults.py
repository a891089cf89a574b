"""The knowledge base reader under faults: odd file names, special files, link loops, huge texts, restored mtimes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from spyglass.kb.knowledge_base import load_kb
from spyglass.kb.reading import MAX_TEXT_BYTES, NotRegular, TooLarge, Unreadable, read_regular
from spyglass.validate.run import Report, validate_kb

TEXT_AT = ("SG401", "sources/gazette.yaml", 7, 7)  # where the source record names its text


def found(report: Report) -> list[tuple[str, str, int, int, str]]:
    return [(d.code, d.file, d.line, d.column, d.message) for d in report.diagnostics]


def age(root: Path, seconds: int = 10) -> None:
    """Make every file older than the racy window, so that the caches trust their stat."""
    for path in root.rglob("*"):
        stamp = os.stat(path).st_mtime_ns - seconds * 1_000_000_000
        os.utime(path, ns=(stamp, stamp))


def validate_in_a_process(kb: Path) -> subprocess.CompletedProcess[str]:
    """The real command, with a timeout: a read that blocks fails the test instead of hanging it."""
    return subprocess.run(
        [sys.executable, "-m", "spyglass", "--kb", str(kb), "validate"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_a_file_name_that_is_not_utf8_is_reported_escaped_and_not_read(kb: Path) -> None:
    with open(os.fsencode(kb / "agencies") + b"/\xff.yaml", "wb") as handle:
        handle.write(b"id: x\n")
    report = validate_kb(kb)
    assert found(report) == [
        ("SG101", "agencies/\\xff.yaml", 0, 0, "agencies/\\xff.yaml: the file name is not UTF-8; the file was not read")
    ]
    assert (
        report.diagnostics[0].hint == "Rename the file with a UTF-8 name: a record's name is its id, a lowercase slug."
    )
    assert report.counts["files"] == 7


def test_a_fifo_record_is_reported_and_never_opened(kb: Path) -> None:
    os.mkfifo(kb / "agencies" / "pipe.yaml")
    result = validate_in_a_process(kb)
    assert result.returncode == 1
    assert result.stdout == (
        f"{kb}/agencies/pipe.yaml: error SG101 agencies/pipe.yaml is a FIFO (named pipe), not a regular file;"
        " it was not read\n"
        "    hint: Put the record itself here as a regular file: FIFOs, devices and sockets are never read.\n"
    )
    assert "Traceback" not in result.stderr


def test_a_fifo_archived_text_is_reported_and_never_opened(kb: Path) -> None:
    (kb / "sources" / "gazette.txt").unlink()
    os.mkfifo(kb / "sources" / "gazette.txt")
    result = validate_in_a_process(kb)
    assert result.returncode == 1
    assert result.stdout.startswith(
        f"{kb}/sources/gazette.yaml:7:7: error SG401 archived text sources/gazette.txt is a FIFO (named pipe),"
        " not a regular file\n"
        "    hint: Archive the text as a regular file: FIFOs, devices and sockets are never read.\n"
    )
    assert "Traceback" not in result.stderr


def test_a_looping_link_as_archived_text_is_reported(kb: Path) -> None:
    (kb / "sources" / "gazette.txt").unlink()
    (kb / "sources" / "gazette.txt").symlink_to("gazette.txt")
    report = validate_kb(kb)
    assert found(report)[0] == (*TEXT_AT, "archived text sources/gazette.txt: a loop of symbolic links")
    assert report.diagnostics[0].hint.startswith("Let the text be read")


def test_a_looping_link_as_record_is_reported(kb: Path) -> None:
    (kb / "methods" / "recruiting-dock-workers.yaml").unlink()
    (kb / "methods" / "recruiting-dock-workers.yaml").symlink_to("recruiting-dock-workers.yaml")
    report = validate_kb(kb)
    assert (
        "SG101",
        "methods/recruiting-dock-workers.yaml",
        0,
        0,
        "methods/recruiting-dock-workers.yaml: a loop of symbolic links",
    ) in found(report)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_an_unreadable_record_is_reported(kb: Path) -> None:
    record = kb / "events" / "departure.yaml"
    record.chmod(0)
    try:
        report = validate_kb(kb)
    finally:
        record.chmod(0o644)
    assert ("SG101", "events/departure.yaml", 0, 0, "events/departure.yaml: cannot read: Permission denied") in found(
        report
    )


def test_an_archived_text_over_the_limit_is_refused_unread(kb: Path) -> None:
    text = kb / "sources" / "gazette.txt"
    with text.open("r+b") as handle:
        handle.truncate(MAX_TEXT_BYTES + 1)  # sparse: costs no disk and, refused by its size, no memory
    report = validate_kb(kb)
    assert found(report)[0] == (
        "SG102",
        "sources/gazette.yaml",
        7,
        7,
        f"archived text sources/gazette.txt: {MAX_TEXT_BYTES + 1:,} bytes; the limit is {MAX_TEXT_BYTES:,}",
    )
    assert report.diagnostics[0].hint.startswith("Archive only the part of the source")


def test_the_reader_takes_a_file_up_to_its_limit_and_no_more(tmp_path: Path) -> None:
    path = tmp_path / "text.txt"
    path.write_bytes(b"x" * 10)
    assert read_regular(path, 10) == b"x" * 10
    with pytest.raises(TooLarge, match=r"^10 bytes; the limit is 9$"):
        read_regular(path, 9)
    with pytest.raises(NotRegular, match=r"^a device, not a regular file$"):
        read_regular("/dev/zero", 10)  # a device that never ends
    with pytest.raises(NotRegular, match=r"^a folder, not a regular file$"):
        read_regular(tmp_path, 10)
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(tmp_path / "s.sock"))
        with pytest.raises(NotRegular, match=r"^a socket, not a regular file$"):
            read_regular(tmp_path / "s.sock", 10)
    with pytest.raises(Unreadable) as missing:
        read_regular(tmp_path / "nothing.txt", 10)
    assert missing.value.missing


def same_size_edit(path: Path, old: str, new: str) -> None:
    """Replace text by other text of the same length, then put the old mtime back (as cp -p does)."""
    assert len(old) == len(new)
    before = os.stat(path)
    path.write_text(path.read_text().replace(old, new))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_a_same_size_edit_with_its_mtime_restored_is_seen_by_validate(kb: Path) -> None:
    age(kb)
    validate_kb(kb)
    assert validate_kb(kb).cached
    same_size_edit(kb / "targets" / "harbour.yaml", "name: the harbour", "name: the harbXur")
    report = validate_kb(kb)
    assert not report.cached
    assert [d.code for d in report.diagnostics] == ["SG405"]
    assert "'the harbXur'" in report.diagnostics[0].message


def test_a_same_size_edit_with_its_mtime_restored_is_seen_by_the_parse_cache(kb: Path) -> None:
    age(kb)
    load_kb(kb)
    same_size_edit(kb / "agencies" / "boe.yaml", "used by the tests.", "used by the TESTS.")
    assert load_kb(kb).entities["boe"].summary == "A fictional bureau used by the TESTS."


def test_a_same_size_edit_of_an_archived_text_with_its_mtime_restored_is_seen(kb: Path) -> None:
    age(kb)
    validate_kb(kb)
    same_size_edit(kb / "sources" / "gazette.txt", "Gazette reports", "Gazette REPORTS")
    report = validate_kb(kb)
    assert not report.cached
    assert [(d.code, d.file) for d in report.diagnostics] == [
        ("SG403", "sources/gazette.yaml"),
        ("SG404", "targets/harbour.yaml"),
    ]


def test_a_record_the_system_refuses_to_read_is_reported(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    record = kb / "events" / "departure.yaml"
    real_open = os.open

    def refusing_open(path: Any, flags: int, *args: Any) -> int:
        if str(path) == str(record):  # as chmod 000 does for anyone but root
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refusing_open)
    report = validate_kb(kb)
    assert ("SG101", "events/departure.yaml", 0, 0, "events/departure.yaml: cannot read: Permission denied") in found(
        report
    )
