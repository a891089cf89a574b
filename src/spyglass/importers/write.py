"""Write an import into a knowledge base: only the files it owns, all together, nothing of a curator lost.

An import owns the files its manifest lists (see `ownership`). It refuses, before writing anything,
to overwrite a file a curator wrote or edited, to take an id a curator's record holds, to write
through a link that leads out of the knowledge base, or to change a text so that a curator's quote
no longer occurs in it. What upstream dropped but a curator's record cites stays. The files are put
in place together (see `commit`): a failed write leaves the knowledge base as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from spyglass.importers.ownership import (
    ImportConflict,
    Owned,
    describe,
    edited,
    manifest_bytes,
    manifest_name,
    outside,
    read_owned,
    sha256,
    texts_named_by_others,
)

if TYPE_CHECKING:
    from spyglass.importers.build import Built
    from spyglass.kb.knowledge_base import KnowledgeBase

__all__ = ["ImportConflict", "Outcome", "apply", "dump_record"]

_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[misc]
    """Plain YAML: never an anchor or alias, even for a value used twice (the loader refuses them)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_record(record: dict[str, Any], command: str) -> bytes:
    """A record as YAML that spyglass's strict loader reads back as written (every scalar a string)."""
    body = yaml.dump(record, Dumper=_Dumper, default_flow_style=False, allow_unicode=True, sort_keys=False, width=100)
    return f"# Written by `{command}`; the next import overwrites it.\n{body}".encode()


@dataclass
class Outcome:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    kept: list[str] = field(default_factory=list)  # files upstream dropped that others' records cite


def apply(kb: KnowledgeBase, prefix: str, built: Built, command: str) -> Outcome:
    """Write what changed, remove what the import no longer holds; refuse before writing on a conflict."""
    from spyglass.importers.cited import kept_for_curators
    from spyglass.importers.commit import commit

    root = kb.root
    wanted: dict[str, bytes] = {rel: text.encode("utf-8") for rel, text in built.texts.items()}
    wanted.update({rel: dump_record(record, command) for rel, record in built.records.items()})
    manifest = manifest_name(prefix)
    owned = read_owned(kb, prefix)
    links = outside(root, {*wanted, manifest, *owned.files})
    if links:
        raise ImportConflict(
            f"the import would write through a link that leads out of the knowledge base: {describe(links)}",
            "Make each of these a real folder or file inside the knowledge base, or import into the folder the "
            "link points to.",
        )
    current = {rel: _read(root / rel) for rel in {*wanted, *owned.files}}
    _refuse_clashes(kb, owned, built, wanted, current)
    removing = {rel for rel in owned.files if rel not in wanted and current[rel] is not None}
    kept = kept_for_curators(kb, set(owned.files), removing)
    _refuse_broken_quotes(kb, owned, built, wanted, current, kept)
    changes = {rel: wanted[rel] for rel in sorted(wanted, key=_write_order) if current[rel] != wanted[rel]}
    removals = sorted(removing - kept, key=_write_order, reverse=True)
    after = {rel: {sha256(data)} for rel, data in wanted.items()}
    after.update({rel: owned.files[rel] for rel in kept})
    final = manifest_bytes(after, command)
    before_manifest = _read(root / manifest)
    if changes or removals or final != before_manifest:
        journal = {rel: owned.files.get(rel, set()) | after.get(rel, set()) for rel in {*owned.files, *after}}
        before = {rel: current.get(rel) for rel in {*changes, *removals}} | {manifest: before_manifest}
        commit(root, {**changes, manifest: final}, removals, before, (manifest, manifest_bytes(journal, command)))
    return Outcome(len(changes), len(wanted) - len(changes), len(removals), sorted(kept))


def _refuse_clashes(
    kb: KnowledgeBase, owned: Owned, built: Built, wanted: dict[str, bytes], current: dict[str, bytes | None]
) -> None:
    """Refuse files edited since the import wrote them, and files or ids that curators hold."""
    changed = edited(owned, current, wanted)
    if changed:
        raise ImportConflict(
            f"the import would overwrite or remove files edited since it wrote them: {describe(changed)}",
            "Nothing was changed. To take the catalogue's version, delete or restore (git checkout) each of them "
            "and import again; to keep your words, move them into a record of your own (an id without the "
            "import's prefix) that quotes the imported entry, then delete the edited file and import again.",
        )
    writable = set(owned.files)
    if not owned.recorded:  # a text left by an import stopped midway, unless a curator's source names it
        writable |= set(built.texts) - texts_named_by_others(kb, writable)
    clashes = sorted(
        rel for rel in wanted if rel not in writable and current[rel] is not None and current[rel] != wanted[rel]
    )
    clashes += sorted(
        kb.where[i].file.rel
        for i in built.ids
        if i in kb.where and kb.where[i].file.rel not in owned.files and kb.where[i].file.rel not in clashes
    )
    if clashes:
        raise ImportConflict(
            f"the import would overwrite files it does not own: {describe(clashes)}",
            "These were written or edited by hand (their quotes cite other sources, or the id is taken). "
            "Rename them, or move the curator's claims into a file of its own, then import again.",
        )


def _refuse_broken_quotes(
    kb: KnowledgeBase,
    owned: Owned,
    built: Built,
    wanted: dict[str, bytes],
    current: dict[str, bytes | None],
    kept: set[str],
) -> None:
    """Refuse new texts that a quote or a name in a record the import does not write would no longer be in."""
    from spyglass.importers.cited import broken_by

    new_texts = {
        Path(rel).stem: text for rel, text in built.texts.items() if current.get(rel) not in (None, wanted[rel])
    }
    staying = [
        p
        for p in kb.records
        if p.record is not None and p.file.rel not in wanted and (p.file.rel not in owned.files or p.file.rel in kept)
    ]
    broken = broken_by(kb, staying, new_texts) if new_texts else []
    if broken:
        raise ImportConflict(
            f"the catalogue's new entries no longer hold what curators' records quote: {describe(broken)}",
            "Nothing was changed. Quote the new entry (`spyglass quote SOURCE TEXT` finds it) or cite another "
            "source in those records, then import again.",
        )


def _write_order(rel: str) -> tuple[bool, bool, str]:
    """Texts first, then the source records that pin them, then the records that quote them."""
    return (not rel.endswith(".txt"), not rel.startswith("sources/"), rel)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
