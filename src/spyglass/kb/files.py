"""Record files: found in the knowledge base's folders, what parsing one yields, and staying inside the base."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spyglass.diagnostics import Diagnostic, make
from spyglass.kb.layout import FOLDERS
from spyglass.kb.reading import kind_of

DataPath = tuple[str | int, ...]
Mark = tuple[int, int]  # 1-based line and column

RECORD_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class RecordFile:
    """A record file: its path relative to the knowledge base, and the kind its folder holds."""

    rel: str
    kind: str  # 'source' or an entity kind

    @property
    def stem(self) -> str:
        return Path(self.rel).stem


@dataclass(slots=True)
class ParsedRecord:
    """What one file yields: its record (None when unusable), marks and per-file diagnostics."""

    file: RecordFile
    record: Any  # model.Source | model.Entity | None
    marks: dict[DataPath, Mark] = field(default_factory=dict)
    key_marks: dict[DataPath, Mark] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    data: Any = None  # the plain data, kept only by the careful path

    def mark(self, path: DataPath) -> Mark:
        from spyglass.kb.yaml_loader import Loaded

        return Loaded(None, self.marks, self.key_marks).mark(path)


def inside(root: Path, path: Path) -> bool:
    """Whether `path`, links resolved, lies inside `root` (links resolved too)."""
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(root))
    except ValueError:
        return False
    return True


NOT_REGULAR = "Put the record itself here as a regular file: FIFOs, devices and sockets are never read."


def utf8_name(name: str) -> bool:
    """Whether a file name read from the system is UTF-8 (Python keeps other bytes as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def escaped(name: str) -> str:
    r"""A file name that is not UTF-8, printable and storable: each stray byte as \xNN."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """Whether an entry is a folder; a link loop (ELOOP) is not one, and no reason to fail."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _refused(root: Path, folder: str, entry: os.DirEntry[str]) -> Diagnostic | None:
    """Why an entry of a record folder is not read as a record, or None when it is one to read."""
    if not utf8_name(entry.name):
        rel = f"{folder}/{escaped(entry.name)}"
        return make(
            "SG101",
            rel,
            0,
            0,
            f"{rel}: the file name is not UTF-8; the file was not read",
            "Rename the file with a UTF-8 name: a record's name is its id, a lowercase slug.",
        )
    rel = f"{folder}/{entry.name}"
    if not entry.name.endswith(RECORD_SUFFIXES):
        if _is_dir(entry) or folder != "sources":  # sources/ holds the archived texts too
            return make("SG213", rel, 0, 0, f"{rel} is not read: records are .yaml files directly in {folder}/")
        return None
    if entry.is_symlink() and not inside(root, Path(entry.path)):
        return make("SG112", rel, 0, 0, "a link to a file outside the knowledge base; it was not read")
    try:
        if entry.is_file():  # from the folder listing's file type: no system call for a plain file
            return None
    except OSError:
        return None  # a link loop: reading it reports why
    try:
        mode = entry.stat().st_mode
    except OSError:
        return None  # a dangling link or a loop: reading it reports why
    return make("SG101", rel, 0, 0, f"{rel} is {kind_of(mode)}, not a regular file; it was not read", NOT_REGULAR)


def discover(root: Path) -> tuple[list[RecordFile], list[Diagnostic]]:
    """The record files of a knowledge base, sorted; files that lead outside it, or lie where no
    record is read, are reported instead."""
    found: list[RecordFile] = []
    problems: list[Diagnostic] = []
    for folder, kind in FOLDERS.items():
        directory = root / folder
        if not directory.is_dir():
            continue
        if not inside(root, directory):
            problems.append(make("SG112", folder, 0, 0, f"{folder}/ is a link to a place outside the knowledge base"))
            continue
        for entry in sorted(os.scandir(directory), key=lambda e: e.name):
            if entry.name.startswith("."):
                continue
            problem = _refused(root, folder, entry)
            if problem is not None:
                problems.append(problem)
            elif entry.name.endswith(RECORD_SUFFIXES):
                found.append(RecordFile(f"{folder}/{entry.name}", kind))
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if _is_dir(entry) and entry.name not in FOLDERS and not entry.name.startswith("."):
            strays = sorted(escaped(p.name) for p in Path(entry.path).glob("*.y*ml"))
            if strays:  # a record folder with a typo in its name, most likely
                problems.append(
                    make(
                        "SG213",
                        f"{escaped(entry.name)}/{strays[0]}",
                        0,
                        0,
                        f"{escaped(entry.name)}/ is not a record folder; its {len(strays)} YAML file(s) are not read",
                    )
                )
    return found, problems
