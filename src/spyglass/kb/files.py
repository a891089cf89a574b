"""Record files: found in the knowledge base's folders, what parsing one yields, and staying inside the base."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spyglass.diagnostics import Diagnostic, make
from spyglass.kb.layout import FOLDERS

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
            rel = f"{folder}/{entry.name}"
            if entry.name.startswith("."):
                continue
            if not entry.name.endswith(RECORD_SUFFIXES):
                if entry.is_dir() or folder != "sources":  # sources/ holds the archived texts too
                    problems.append(
                        make("SG213", rel, 0, 0, f"{rel} is not read: records are .yaml files directly in {folder}/")
                    )
                continue
            if entry.is_symlink() and not inside(root, Path(entry.path)):
                problems.append(
                    make("SG112", rel, 0, 0, "a link to a file outside the knowledge base; it was not read")
                )
                continue
            found.append(RecordFile(rel, kind))
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if entry.is_dir() and entry.name not in FOLDERS and not entry.name.startswith("."):
            strays = sorted(p.name for p in Path(entry.path).glob("*.y*ml"))
            if strays:  # a record folder with a typo in its name, most likely
                problems.append(
                    make(
                        "SG213",
                        f"{entry.name}/{strays[0]}",
                        0,
                        0,
                        f"{entry.name}/ is not a record folder; its {len(strays)} YAML file(s) are not read",
                    )
                )
    return found, problems
