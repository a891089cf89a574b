"""Import the MISP galaxy threat-actor clusters: each cluster a group, each fact quoted from its entry."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from spyglass.errors import UsageError
from spyglass.importers.entries import (
    CATALOGUE_LABELS,
    MAX_NAME,
    Catalogue,
    Entry,
    ImportReport,
    Line,
    as_texts,
    slugify,
)
from spyglass.importers.upstream import check_version, label, name, number, prose, read_json, short_key, upstream_id
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
RECORDED = r"A rendering of the cluster (\S+) of the MISP threat-actor galaxy:"  # the note below, with its uuid


def import_misp(path: Path, into: Path, *, version: str | None = None) -> ImportReport:
    """Import a MISP galaxy cluster file (clusters/threat-actor.json) into the knowledge base `into`."""
    from spyglass.importers.run import run_import

    check_version(version)
    galaxy, dropped = _read(path)
    report = ImportReport("MISP galaxy threat-actor", str(path))
    report.skip(dropped, "strings that are not Unicode text (a lone surrogate)", "they cannot be written; left out")
    authors = as_texts(galaxy.get("authors")) or []
    catalogue = Catalogue(
        prefix="misp",
        label=CATALOGUE_LABELS["misp"],
        command="spyglass import misp",
        publisher=name(galaxy.get("source"), MAX_TEXT),
        authors=tuple(a for a in authors if name(a, MAX_TEXT)),
        licence=MISP_LICENCE,
        recorded=RECORDED,
    )
    galaxy_version = number(galaxy.get("version"))
    file_version = f"threat-actor galaxy version {galaxy_version}" if galaxy_version else None
    entries = read_clusters(galaxy, report, ", ".join(v for v in (file_version, version) if v) or None)
    return run_import(entries, catalogue, into, report)


def _read(path: Path) -> tuple[dict[str, Any], int]:
    galaxy, dropped = read_json(path)
    if not isinstance(galaxy, dict) or not isinstance(galaxy.get("values"), list):
        raise UsageError(
            f"{path} is not a MISP galaxy cluster file", "Give the path of clusters/threat-actor.json of misp-galaxy."
        )
    return galaxy, dropped


def read_clusters(galaxy: dict[str, Any], report: ImportReport, version: str | None) -> list[Entry]:
    """The clusters as entries; what is not imported is counted in the report."""
    entries: list[Entry] = []
    unmapped: Counter[str] = Counter()
    unusable: Counter[str] = Counter()
    related = 0
    seen: set[str] = set()
    for cluster in galaxy["values"]:
        if not isinstance(cluster, dict):
            report.tally(1, "items of `values` that are not clusters", "a cluster is a JSON object")
            continue
        title = name(cluster.get("value"), MAX_NAME)
        if title is None:
            report.skip(1, f"cluster {label(cluster.get('value'))!r}", "it has no usable name (`value`)")
            continue
        uuid = upstream_id(cluster.get("uuid")) or ""
        if "uuid" in cluster and not uuid:
            report.tally(1, "uuids that are not text without spaces", "the cluster is known by its name instead")
        if (uuid or title) in seen:
            same = f"uuid {uuid}" if uuid else "name and no uuid"
            report.skip(1, f"cluster {label(title)!r}", f"an earlier cluster has the same {same}; the first is kept")
            continue
        seen.add(uuid or title)
        meta: dict[str, Any] = cluster["meta"] if isinstance(cluster.get("meta"), dict) else {}
        entry = Entry(
            kind="group",
            key=slugify(title) or short_key(uuid or title),
            upstream_id=uuid or title,
            name=title,
            name_line=Line("value", title),
            description=prose(cluster.get("description")),
            title=f"MISP galaxy threat-actor cluster: {title.strip()}",
            url=MISP_URL,
            version=version,
            note=(
                f"A rendering of the cluster {uuid} of the MISP threat-actor galaxy: its description as published, "
                "then the fields Spyglass quotes, one `key: value` line each, keys and values verbatim from the file."
            ),
        )
        for key, value in meta.items():
            values = as_texts(value)
            if key in READING:
                if values is None:
                    unusable[key] += 1
                for v in values or []:
                    if v.strip() and name(v, MAX_TEXT) is None:
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
                if name(v, MAX_NAME):
                    group.append(Line(key, v))
                else:
                    unusable[key] += 1
        related += len(cluster["related"]) if isinstance(cluster.get("related"), list) else 0
        entries.append(entry)
    for key, count in sorted(unmapped.items()):
        report.skip(count, f"meta field `{label(key)}`", _WHY_UNMAPPED)
    for key, count in sorted(unusable.items()):
        report.skip(count, f"values of meta field `{label(key)}`", "empty, too long, or not text")
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
            entry.key = f"{entry.key}-{short_key(entry.upstream_id)}"
