"""Import the MISP galaxy threat-actor clusters: each cluster a group, each fact quoted from its entry."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from spyglass.errors import UsageError
from spyglass.importers.entries import MAX_NAME, Catalogue, Entry, ImportReport, Line, as_texts, read_json, slugify
from spyglass.model.records import MAX_TEXT

# Where the MISP project publishes the cluster file, and the licence its LICENSE.md gives.
MISP_URL = "https://github.com/MISP/misp-galaxy/blob/main/clusters/threat-actor.json"
MISP_LICENCE = "CC0-1.0 or BSD-2-Clause (MISP galaxy LICENSE.md)"

ALIASES = ("synonyms",)
COUNTRIES = ("country",)
TARGETS = ("cfr-suspected-victims", "suspected-victims", "cfr-target-category", "targeted-sector")
SPONSORS = ("cfr-suspected-state-sponsor", "GRU")  # keys that say who is behind the actor
READING = ("refs", "references", "sources")
_WHY_UNMAPPED = "no predicate of the vocabulary says what it means; not quoted"


def import_misp(path: Path, into: Path, *, version: str | None = None) -> ImportReport:
    """Import a MISP galaxy cluster file (clusters/threat-actor.json) into the knowledge base `into`."""
    from spyglass.importers.run import run_import

    galaxy = _read(path)
    report = ImportReport("MISP galaxy threat-actor", str(path))
    catalogue = Catalogue(
        prefix="misp",
        label="The MISP threat-actor galaxy",
        command="spyglass import misp",
        publisher=galaxy.get("source") if isinstance(galaxy.get("source"), str) else None,
        authors=tuple(a for a in galaxy.get("authors") or [] if isinstance(a, str)),
        licence=MISP_LICENCE,
    )
    file_version = f"threat-actor galaxy version {galaxy.get('version')}" if galaxy.get("version") else None
    entries = read_clusters(galaxy, report, ", ".join(v for v in (file_version, version) if v) or None)
    return run_import(entries, catalogue, into, report)


def _read(path: Path) -> dict[str, Any]:
    galaxy = read_json(path)
    if not isinstance(galaxy, dict) or not isinstance(galaxy.get("values"), list):
        raise UsageError(
            f"{path} is not a MISP galaxy cluster file", "Give the path of clusters/threat-actor.json of misp-galaxy."
        )
    return galaxy


def read_clusters(galaxy: dict[str, Any], report: ImportReport, version: str | None) -> list[Entry]:
    """The clusters as entries; what is not imported is counted in the report."""
    entries: list[Entry] = []
    unmapped: Counter[str] = Counter()
    unusable: Counter[str] = Counter()
    related = 0
    for cluster in galaxy["values"]:
        name = cluster.get("value") if isinstance(cluster, dict) else None
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
            report.skip(1, f"cluster {str(name)[:60]!r}", "it has no usable name (`value`)")
            continue
        meta = cluster.get("meta") if isinstance(cluster.get("meta"), dict) else {}
        description = cluster.get("description") if isinstance(cluster.get("description"), str) else ""
        uuid = str(cluster.get("uuid", ""))
        entry = Entry(
            kind="group",
            key=slugify(name) or uuid[:8],
            upstream_id=uuid or name,
            name=name,
            name_line=Line("value", name),
            description=description,
            title=f"MISP galaxy threat-actor cluster: {name.strip()}",
            url=MISP_URL,
            version=version,
            note=(
                f"A rendering of the cluster {uuid} of the MISP threat-actor galaxy: its description as published, "
                "then the fields Spyglass quotes, one `key: value` line each, keys and values verbatim from the file."
            ),
        )
        for key, value in meta.items():
            values = as_texts(value)
            if key in READING and values is not None:
                for v in values:
                    if len(v) > MAX_TEXT:
                        unusable[key] += 1
                    elif v.strip() and v not in entry.further_reading:
                        entry.further_reading.append(v)
                continue
            group = _field_group(entry, key)
            if group is None:
                unmapped["origin:*" if key.startswith("origin:") else key] += 1
                continue
            if values is None:
                unusable[key] += 1
                continue
            for v in values:
                if v.strip() and len(v) <= MAX_NAME:
                    group.append(Line(key, v))
                else:
                    unusable[key] += 1
        related += len(cluster.get("related") or [])
        entries.append(entry)
    for key, count in sorted(unmapped.items()):
        report.skip(count, f"meta field `{key}`", _WHY_UNMAPPED)
    for key, count in sorted(unusable.items()):
        report.skip(count, f"values of meta field `{key}`", "empty, too long, or not text")
    report.skip(related, "`related` links between clusters", "no predicate links one group to another")
    for key in ("name", "description", "category", "type", "uuid"):
        if key in galaxy:
            report.skip(1, f"the galaxy's own `{key}`", "it describes the file, not an actor")
    _keys_unique(entries)
    return entries


def _field_group(entry: Entry, key: str) -> list[Line] | None:
    """The list of an entry's lines a meta key belongs to; None when the key is not mapped."""
    for keys, lines in (
        (ALIASES, entry.aliases),
        (COUNTRIES, entry.countries),
        (TARGETS, entry.targets),
        (SPONSORS, entry.sponsors),
    ):
        if key in keys:
            return lines
    return None


def _keys_unique(entries: list[Entry]) -> None:
    """Two clusters whose names give the same id stem both get their uuid's first part appended."""
    counts = Counter(entry.key for entry in entries)
    for entry in entries:
        if counts[entry.key] > 1:
            entry.key = f"{entry.key}-{slugify(entry.upstream_id)[:8]}"
