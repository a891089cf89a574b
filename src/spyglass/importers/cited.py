"""What curators' records need of an import: the records they cite kept, their quotes still in the texts."""

from __future__ import annotations

import contextlib
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spyglass.kb.files import ParsedRecord
    from spyglass.kb.knowledge_base import KnowledgeBase


def references(record: Any) -> set[str]:
    """The ids a record points to: the sources its evidence cites, its objects and its speakers."""
    found: set[str] = set()
    for claim in getattr(record, "claims", None) or []:
        if claim.object:
            found.add(claim.object)
        for evidence in claim.evidence:
            found.add(evidence.source)
            if evidence.speaker:
                found.add(evidence.speaker)
    return found


def kept_for_curators(kb: KnowledgeBase, owned: set[str], removing: set[str]) -> set[str]:
    """The files of `removing` that records outside `owned` reach, directly or through each other."""
    from spyglass.model.records import Source

    keep: set[str] = set()
    reaching = [p for p in kb.records if p.record is not None and p.file.rel not in owned]
    while reaching:
        reached = {i for p in reaching for i in references(p.record)}
        reaching = []
        for record_id in sorted(reached):
            parsed = kb.where.get(record_id)
            if parsed is None or parsed.file.rel not in removing or parsed.file.rel in keep:
                continue
            keep.add(parsed.file.rel)
            reaching.append(parsed)
            if isinstance(parsed.record, Source):
                keep.add(_text_of(parsed))
    return keep & removing


def broken_by(kb: KnowledgeBase, staying: list[ParsedRecord], new_texts: dict[str, str]) -> list[str]:
    """What the new texts would break (quotes, names) in records the import leaves, if it holds today."""
    # A problem the knowledge base has already is not the import's to refuse.
    from spyglass.text.quotes import ArchivedText, normalise
    from spyglass.text.words import occurs

    new = {s: ArchivedText(t) for s, t in new_texts.items()}
    changing = set(new)
    old: dict[str, ArchivedText | None] = {}
    problems: list[str] = []
    for parsed in staying:
        record = parsed.record
        cited = {e.source for c in getattr(record, "claims", None) or [] for e in c.evidence}
        if not cited & changing:
            continue
        for claim in record.claims:
            for evidence in claim.evidence:
                if evidence.source not in new or new[evidence.source].anchor(evidence.quote) is not None:
                    continue
                before = _old_text(kb, evidence.source, old)
                if before is not None and before.anchor(evidence.quote) is not None:
                    problems.append(f"{parsed.file.rel}: a quote of {evidence.source}")
        name = normalise(record.name).casefold()
        had = [t for s in cited if (t := _old_text(kb, s, old)) is not None]
        if any(occurs(name, t.folded) for t in had):
            after = [new.get(s) or _old_text(kb, s, old) for s in cited]
            if not any(t is not None and occurs(name, t.folded) for t in after):
                problems.append(f"{parsed.file.rel}: its name")
    return list(dict.fromkeys(problems))


def _text_of(parsed: ParsedRecord) -> str:
    return str((PurePosixPath(parsed.file.rel).parent / parsed.record.text).as_posix())


def _old_text(kb: KnowledgeBase, source_id: str, memo: dict[str, Any]) -> Any:
    """The archived text of a source as it is on disk now, or None."""
    from spyglass.kb.reading import MAX_TEXT_BYTES, Refused, read_regular
    from spyglass.model.records import Source
    from spyglass.text.quotes import ArchivedText

    if source_id not in memo:
        parsed = kb.where.get(source_id)
        memo[source_id] = None
        if parsed is not None and isinstance(parsed.record, Source):
            with contextlib.suppress(Refused, UnicodeDecodeError):  # a FIFO or a huge file is never read
                raw = read_regular(kb.root / _text_of(parsed), MAX_TEXT_BYTES)
                memo[source_id] = ArchivedText(raw.decode("utf-8").removeprefix("\ufeff"))
    return memo[source_id]
