"""Write an import into a knowledge base: only the files it owns, each atomically, nothing else touched.

An import owns, for its prefix (`misp`, `attack`): the source records `sources/<prefix>-*.yaml` of
type `dataset`, the archived texts they name, and the entity records `<prefix>-*` whose every
quote comes from those sources (or from a `<prefix>-` source that is missing, as an interrupted
import leaves it). Curators' files are never written or removed; an import that
would overwrite one, or take an id one of them holds, stops before writing anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import yaml

from spyglass.cache import write_atomically
from spyglass.errors import SpyglassError

if TYPE_CHECKING:
    from spyglass.importers.build import Built
    from spyglass.kb.knowledge_base import KnowledgeBase

_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class ImportConflict(SpyglassError):
    """An import would overwrite or shadow a file that a curator wrote."""


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


def owned_files(kb: KnowledgeBase, prefix: str) -> tuple[set[str], set[str], set[str]]:
    """The files an import with `prefix` owns (relative paths), their ids, and texts curators' sources name."""
    from spyglass.model.records import Source

    start = f"{prefix}-"
    sources: set[str] = set()
    files: set[str] = set()
    named_by_others: set[str] = set()
    for parsed in kb.records:
        record = parsed.record
        if isinstance(record, Source):
            text = (PurePosixPath(parsed.file.rel).parent / record.text).as_posix()
            if record.id.startswith(start) and record.type == "dataset" and kb.where.get(record.id) is parsed:
                sources.add(record.id)
                files.update({parsed.file.rel, text})
            else:
                named_by_others.add(text)
    ids = set(sources)
    for parsed in kb.records:
        record = parsed.record
        if record is None or isinstance(record, Source) or not record.id.startswith(start) or not record.claims:
            continue
        cited = {e.source for c in record.claims for e in c.evidence}
        # A source of the prefix that is missing (an interrupted import) does not make the file a curator's.
        if kb.where.get(record.id) is parsed and all(
            s in sources or (s.startswith(start) and s not in kb.where) for s in cited
        ):
            files.add(parsed.file.rel)
            ids.add(record.id)
    return files, ids, named_by_others


def apply(kb: KnowledgeBase, prefix: str, built: Built, command: str) -> Outcome:
    """Write what changed, remove what the import no longer holds; refuse before writing on a conflict."""
    root = kb.root
    owned, owned_ids, named_by_others = owned_files(kb, prefix)
    wanted: dict[str, bytes] = {rel: text.encode("utf-8") for rel, text in built.texts.items()}
    wanted.update({rel: dump_record(record, command) for rel, record in built.records.items()})
    # A text left by an interrupted import may be written over, unless a curator's source names it.
    writable = owned | {rel for rel in built.texts if rel not in named_by_others}
    clashes = sorted(rel for rel in wanted if rel not in writable and (root / rel).exists())
    clashes += sorted(
        kb.where[i].file.rel
        for i in built.ids
        if i in kb.where and i not in owned_ids and kb.where[i].file.rel not in clashes
    )
    if clashes:
        more = f" and {len(clashes) - 3} more" if len(clashes) > 3 else ""
        raise ImportConflict(
            f"the import would overwrite files it does not own: {', '.join(clashes[:3])}{more}",
            "These were written or edited by hand (their quotes cite other sources, or the id is taken). "
            "Rename them, or move the curator's claims into a file of its own, then import again.",
        )
    outcome = Outcome()
    # Texts first, then the records that pin them, so that a record never names a text not yet written.
    for rel in sorted(wanted, key=lambda r: (not r.endswith(".txt"), not r.startswith("sources/"), r)):
        path = root / rel
        if _same(path, wanted[rel]):
            outcome.unchanged += 1
            continue
        write_atomically(path, wanted[rel])
        outcome.written += 1
    for rel in sorted(owned - set(wanted)):
        (root / rel).unlink(missing_ok=True)
        outcome.removed += 1
    return outcome


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False
