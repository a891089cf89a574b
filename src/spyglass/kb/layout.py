"""The folders of a knowledge base and the kind of record each holds (no heavy imports here)."""

from __future__ import annotations

FOLDERS: dict[str, str] = {
    "sources": "source",
    "agencies": "agency",
    "people": "person",
    "targets": "target",
    "methods": "method",
    "events": "event",
    "groups": "group",
}
KIND_FOLDER: dict[str, str] = {kind: folder for folder, kind in FOLDERS.items()}
