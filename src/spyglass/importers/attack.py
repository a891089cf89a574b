"""Import ATT&CK intrusion sets (and the campaigns attributed to them) from a STIX 2.0/2.1 bundle."""

from __future__ import annotations

import re
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
    Link,
    as_texts,
    slugify,
)
from spyglass.importers.upstream import (
    calendar_day,
    check_version,
    label,
    name,
    number,
    prose,
    read_json,
    short_key,
    shorten,
    upstream_id,
)
from spyglass.model.records import MAX_TEXT

GROUP_KEYS = {"type", "id", "name", "description", "aliases", "external_references", "revoked", "x_mitre_deprecated"}
GROUP_KEYS |= {"modified", "x_mitre_version", "object_marking_refs", "created_by_ref", "spec_version"}
CAMPAIGN_KEYS = GROUP_KEYS | {"first_seen", "last_seen"}
_WHY_UNMAPPED = "no predicate of the vocabulary says what it means; not quoted"
RECORDED = r"A rendering of the ATT&CK [a-z-]+ (\S+): its description"  # the note below, with the STIX id


def import_attack(path: Path, into: Path, *, version: str | None = None) -> ImportReport:
    """Import an ATT&CK STIX bundle of intrusion sets and their relationships into the knowledge base `into`."""
    from spyglass.importers.run import run_import

    check_version(version)
    bundle, dropped = _read(path)
    report = ImportReport("MITRE ATT&CK intrusion sets", str(path))
    report.skip(dropped, "strings that are not Unicode text (a lone surrogate)", "they cannot be written; left out")
    objects = [o for o in bundle["objects"] if isinstance(o, dict) and upstream_id(o.get("id"))]
    report.skip(len(bundle["objects"]) - len(objects), "objects without a usable `id`", "nothing can refer to them")
    identities = {o["id"]: name(o.get("name"), MAX_NAME) for o in objects if o.get("type") == "identity"}
    publishers = sorted({identities[o["created_by_ref"]] or "" for o in objects if _ref(o, identities)} - {""})
    catalogue = Catalogue(
        prefix="attack",
        label=CATALOGUE_LABELS["attack"],
        command="spyglass import attack",
        publisher=shorten(", ".join(publishers), MAX_TEXT),
        authors=(),
        licence=_licence(objects, path.parent / "LICENSE.txt"),
        recorded=RECORDED,
    )
    entries = read_bundle(objects, report, version)
    return run_import(entries, catalogue, into, report)


def _read(path: Path) -> tuple[dict[str, Any], int]:
    bundle, dropped = read_json(path)
    if not isinstance(bundle, dict) or bundle.get("type") != "bundle" or not isinstance(bundle.get("objects"), list):
        raise UsageError(
            f"{path} is not a STIX bundle", "Give the path of an ATT&CK bundle, such as enterprise-attack.json."
        )
    return bundle, dropped


def _ref(o: dict[str, Any], identities: dict[str, str | None]) -> bool:
    """Whether the object names, as its creator, an identity of the bundle."""
    return isinstance(o.get("created_by_ref"), str) and o["created_by_ref"] in identities


def _licence(objects: list[dict[str, Any]], license_file: Path) -> str | None:
    """The bundle's marking statements, and MITRE's licence and copyright notice from LICENSE.txt beside it."""
    parts = [
        o["definition"]["statement"]
        for o in objects
        if o.get("type") == "marking-definition"
        and isinstance(o.get("definition"), dict)
        and isinstance(o["definition"].get("statement"), str)
    ]
    try:
        notice = license_file.read_text(encoding="utf-8")
    except (OSError, ValueError):  # no notice beside the bundle, or not UTF-8 text
        notice = ""
    match = re.search(r"License\n-+\n(.*?)\n\s*\n(.*?)\n\s*\n", notice, re.DOTALL)  # ATT&CK's own section comes first
    if match:
        parts.extend(" ".join(paragraph.split()) for paragraph in match.groups())
    return shorten(" ".join(parts), MAX_TEXT)


def read_bundle(objects: list[dict[str, Any]], report: ImportReport, version: str | None) -> list[Entry]:
    """The live intrusion sets and campaigns as entries, linked by attributed-to; the rest reported."""
    by_type: dict[str, list[dict[str, Any]]] = {}
    for o in objects:
        by_type.setdefault(label(o.get("type")), []).append(o)
    entries: dict[str, Entry] = {}
    unmapped: Counter[str] = Counter()
    for kind, stix_type, keys in (("group", "intrusion-set", GROUP_KEYS), ("event", "campaign", CAMPAIGN_KEYS)):
        gone: dict[str, list[str]] = {"revoked": [], "deprecated": []}
        for o in by_type.get(stix_type, []):
            title = name(o.get("name"), MAX_NAME)
            if o.get("revoked") or o.get("x_mitre_deprecated"):
                gone["revoked" if o.get("revoked") else "deprecated"].append(label(o.get("name")))
                continue
            if title is None:
                report.skip(1, f"{stix_type} {label(o['id'])}", "it has no usable name")
                continue
            if o["id"] in entries:
                report.skip(1, f"{stix_type} {label(o['id'])}", "an earlier object has the same id; the first is kept")
                continue
            entries[o["id"]] = _entry(o, kind, title, version, report)
            unmapped.update(f"{stix_type} `{label(k)}`" for k in o if k not in keys)
        for why, names in gone.items():
            listed = ", ".join(sorted(names))
            report.skip(len(names), f"{why} {stix_type}s ({listed})", f"ATT&CK marks them {why}")
    for what, count in sorted(unmapped.items()):
        report.skip(count, what, _WHY_UNMAPPED)
    _relationships(by_type.get("relationship", []), entries, {o["id"]: o for o in objects}, report)
    for stix_type, found in sorted(by_type.items()):
        if stix_type not in ("intrusion-set", "campaign", "relationship", "identity", "marking-definition"):
            report.skip(len(found), f"{stix_type} objects", "only intrusion sets and campaigns become records")
    _keys_unique(list(entries.values()))
    return list(entries.values())


def _entry(o: dict[str, Any], kind: str, title: str, version: str | None, report: ImportReport) -> Entry:
    listed = o.get("external_references")
    references = [r for r in listed if isinstance(r, dict)] if isinstance(listed, list) else []
    own = next((r for r in references if r.get("source_name") == "mitre-attack"), {})
    external_id = name(own.get("external_id"), 100) or ""
    what = "group" if kind == "group" else "campaign"
    modified = o.get("modified")
    published = calendar_day(modified) if isinstance(modified, str) else None
    if modified is not None and published is None:
        report.tally(1, "`modified` values that are not a calendar date", "the source records no publication date")
    object_version = number(o.get("x_mitre_version"))
    entry = Entry(
        kind=kind,
        key=slugify(external_id) or slugify(title) or short_key(o["id"].split("--")[-1]),
        upstream_id=o["id"],
        name=title,
        name_line=Line("name", title),
        description=prose(o.get("description")),
        title=f"MITRE ATT&CK {what} {external_id}: {title.strip()}".replace("  ", " "),
        url=name(own.get("url"), MAX_TEXT),
        published=published,
        version=", ".join(
            v for v in (f"ATT&CK object version {object_version}" if object_version else "", version) if v
        )
        or None,
        note=(
            f"A rendering of the ATT&CK {o['type']} {o['id']}: its description as published, then the fields "
            "Spyglass quotes, one `key: value` line each, keys and values verbatim from the bundle."
        ),
    )
    for alias in as_texts(o.get("aliases")) or []:
        if name(alias, MAX_NAME):
            entry.aliases.append(Line("aliases", alias))
        else:
            report.tally(1, "aliases", "empty or too long for a name")
    for key in ("first_seen", "last_seen") if kind == "event" else ():  # a group's are reported as unmapped
        seen = o.get(key)
        if isinstance(seen, str) and len(seen) <= MAX_NAME and calendar_day(seen):
            entry.dates.append(Line(key, seen))
        elif seen is not None:
            report.tally(1, f"`{key}` values that are not a calendar date", "no date is claimed from them")
    citations = 0
    for reference in references:
        if reference is own:
            continue
        url = name(reference.get("url"), MAX_TEXT)
        if url is not None:
            about = reference.get("description") or reference.get("source_name")
            words = shorten(about, MAX_TEXT - len(url) - 1) if isinstance(about, str) else None
            entry.further_reading.append(f"{words} {url}" if words else url)
        elif prose(reference.get("url")):
            report.tally(1, "external reference URLs too long or not on one line", "no record could hold them")
        else:
            citations += 1
    report.tally(
        citations, "external references without a URL", "they name where an alias comes from, no document to read"
    )
    return entry


def _relationships(
    relationships: list[dict[str, Any]],
    entries: dict[str, Entry],
    objects: dict[str, dict[str, Any]],
    report: ImportReport,
) -> None:
    """attributed-to from a campaign to a group becomes the campaign's `involves` claim; the rest is reported."""
    skipped: Counter[tuple[str, str]] = Counter()
    for r in relationships:
        kind = label(r.get("relationship_type"))
        source = r["source_ref"] if isinstance(r.get("source_ref"), str) else ""
        target = r["target_ref"] if isinstance(r.get("target_ref"), str) else ""
        if r.get("revoked") or r.get("x_mitre_deprecated"):
            skipped[(f"{kind} relationships", "ATT&CK marks them revoked or deprecated")] += 1
        elif kind == "attributed-to" and _campaign_to_group(entries, source, target):
            group = entries[target]
            line = Line("attributed-to", group.name)
            entries[source].links.append(Link("involves", line, target, "attributes {subject} to {object}"))
            if r.get("description"):
                skipped[
                    (
                        "descriptions and citations of attributed-to relationships",
                        "the relationship is quoted as a field, not its prose",
                    )
                ] += 1
        elif kind == "uses" and target not in objects:
            skipped[
                (f"uses relationships to {label(target.split('--')[0])} objects", "the objects are not in the bundle")
            ] += 1
        elif kind == "revoked-by":
            skipped[
                ("revoked-by relationships", "the revoked intrusion set is not imported; the one replacing it is")
            ] += 1
        else:
            skipped[(f"{kind} relationships", "one of their ends is not imported, or no predicate fits")] += 1
    for (what, why), count in sorted(skipped.items()):
        report.skip(count, what, why)


def _campaign_to_group(entries: dict[str, Entry], source: str, target: str) -> bool:
    return (
        source in entries and target in entries and (entries[source].kind, entries[target].kind) == ("event", "group")
    )


def _keys_unique(entries: list[Entry]) -> None:
    counts = Counter(entry.key for entry in entries)
    for entry in entries:
        if counts[entry.key] > 1:
            entry.key = f"{entry.key}-{short_key(entry.upstream_id.split('--')[-1])}"
