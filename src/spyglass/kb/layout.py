"""The folders of a knowledge base, the kind of record each holds, and what makes a folder one (no heavy imports)."""

from __future__ import annotations

from pathlib import Path

from spyglass.errors import KnowledgeBaseNotFound

FOLDERS: dict[str, str] = {
    "sources": "source",
    "agencies": "agency",
    "people": "person",
    "targets": "target",
    "methods": "method",
    "events": "event",
    "groups": "group",
    "organisations": "organisation",
}
KIND_FOLDER: dict[str, str] = {kind: folder for folder, kind in FOLDERS.items()}


def discovery_rank(rel: str) -> str:
    """A key that sorts record files as files.discover lists them: by folder in FOLDERS' order, then by name."""
    folder, _, name = rel.partition("/")
    return f"{list(FOLDERS).index(folder):02d}/{name}" if folder in FOLDERS else f"99/{rel}"


def check_root(root: Path) -> Path:
    """`root` if it is a knowledge base: a folder holding at least one record folder."""
    if not root.is_dir():
        raise KnowledgeBaseNotFound(
            f"no knowledge base at {root}", "Give --kb a folder holding sources/ and agencies/."
        )
    if not any((root / folder).is_dir() for folder in FOLDERS):
        raise KnowledgeBaseNotFound(
            f"{root} is not a knowledge base: it holds none of {', '.join(f + '/' for f in FOLDERS)}",
            "Give --kb the folder that holds them (records/ in this project).",
        )
    return root
