"""Import ATT&CK intrusion sets (and the campaigns attributed to them) from a STIX 2.0/2.1 bundle."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from spyglass.errors import UsageError
from spyglass.importers.entries import (
    MAX_NAME,
    Catalogue,
    Entry,
    ImportReport,
    Line,
    Link,
    as_texts,
    read_json,
    slugify,
)
from spyglass.model.records import MAX_TEXT

GROUP_KEYS = {"type", "id", "name", "description", "aliases", "external_references", "revoked", "x_mitre_deprecated"}
GROUP_KEYS |= {"modified", "x_mitre_version", "object_marking_refs", "created_by_ref", "spec_version"}
CAMPAIGN_KEYS = GROUP_KEYS | {"first_seen", "last_seen"}
_WHY_UNMAPPED = "no predicate of the vocabulary says what it means; not quoted"


def import_attack(path: Path, into: Path, *, version: str | None = None) -> ImportReport:
    """Import an ATT&CK STIX bundle of intrusion sets and their relationships into the knowledge base `into`."""
    from spyglass.importers.run import run_import

    bundle = _read(path)
    objects = [o for o in bundle["objects"] if isinstance(o, dict) and isinstance(o.get("id"), str)]
    report = ImportReport("MITRE ATT&CK intrusion sets", str(path))
    identities = {o["id"]: o.get("name") for o in objects if o.get("type") == "identity"}
    publishers = sorted(
        {str(identities.get(o.get("created_by_ref"))) for o in objects if o.get("created_by_ref") in identities}
    )
    catalogue = Catalogue(
        prefix="attack",
        label="MITRE ATT&CK",
        command="spyglass import attack",
        publisher=", ".join(publishers) or None,
        authors=(),
        licence=_licence(objects, path.parent / "LICENSE.txt"),
    )
    entries = read_bundle(objects, report, version)
    return run_import(entries, catalogue, into, report)


def _read(path: Path) -> dict[str, Any]:
    bundle = read_json(path)
    if not isinstance(bundle, dict) or bundle.get("type") != "bundle" or not isinstance(bundle.get("objects"), list):
        raise UsageError(
            f"{path} is not a STIX bundle", "Give the path of an ATT&CK bundle, such as enterprise-attack.json."
        )
    return bundle


def _licence(objects: list[dict[str, Any]], license_file: Path) -> str | None:
    """The bundle's marking statements, and MITRE's licence and copyright notice from LICENSE.txt beside it."""
    parts = [
        str(o["definition"]["statement"])
        for o in objects
        if o.get("type") == "marking-definition"
        and isinstance(o.get("definition"), dict)
        and "statement" in o["definition"]
    ]
    try:
        text = license_file.read_text(encoding="utf-8")
    except OSError:
        text = ""
    match = re.search(r"License\n-+\n(.*?)\n\s*\n(.*?)\n\s*\n", text, re.DOTALL)  # ATT&CK's own section comes first
    if match:
        parts.extend(" ".join(paragraph.split()) for paragraph in match.groups())
    licence = " ".join(parts)
    return licence[:MAX_TEXT] or None


def read_bundle(objects: list[dict[str, Any]], report: ImportReport, version: str | None) -> list[Entry]:
    """The live intrusion sets and campaigns as entries, linked by attributed-to; the rest reported."""
    by_type: dict[str, list[dict[str, Any]]] = {}
    for o in objects:
        by_type.setdefault(str(o.get("type")), []).append(o)
    entries: dict[str, Entry] = {}
    unmapped: Counter[str] = Counter()
    for kind, stix_type, keys in (("group", "intrusion-set", GROUP_KEYS), ("event", "campaign", CAMPAIGN_KEYS)):
        gone: dict[str, list[str]] = {"revoked": [], "deprecated": []}
        for o in by_type.get(stix_type, []):
            name = o.get("name")
            if o.get("revoked") or o.get("x_mitre_deprecated"):
                gone["revoked" if o.get("revoked") else "deprecated"].append(str(name))
                continue
            if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
                report.skip(1, f"{stix_type} {o['id']}", "it has no usable name")
                continue
            entries[o["id"]] = _entry(o, kind, name, version, report)
            unmapped.update(f"{stix_type} `{k}`" for k in o if k not in keys)
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


def _entry(o: dict[str, Any], kind: str, name: str, version: str | None, report: ImportReport) -> Entry:
    references = [r for r in o.get("external_references") or [] if isinstance(r, dict)]
    own = next((r for r in references if r.get("source_name") == "mitre-attack"), {})
    external_id = str(own.get("external_id") or "")
    what = "group" if kind == "group" else "campaign"
    entry = Entry(
        kind=kind,
        key=slugify(external_id) or slugify(name) or o["id"].split("--")[-1][:8],
        upstream_id=o["id"],
        name=name,
        name_line=Line("name", name),
        description=str(o["description"]) if isinstance(o.get("description"), str) else "",
        title=f"MITRE ATT&CK {what} {external_id}: {name.strip()}".replace("  ", " "),
        url=own.get("url") if isinstance(own.get("url"), str) else None,
        published=o["modified"][:10] if re.match(r"\d{4}-\d{2}-\d{2}", str(o.get("modified"))) else None,
        version=", ".join(
            v
            for v in (f"ATT&CK object version {o['x_mitre_version']}" if o.get("x_mitre_version") else "", version)
            if v
        )
        or None,
        note=(
            f"A rendering of the ATT&CK {o['type']} {o['id']}: its description as published, then the fields "
            "Spyglass quotes, one `key: value` line each, keys and values verbatim from the bundle."
        ),
    )
    for alias in as_texts(o.get("aliases")) or []:
        if alias.strip() and len(alias) <= MAX_NAME:
            entry.aliases.append(Line("aliases", alias))
        else:
            report.tally(1, "aliases", "empty or too long for a name")
    for key in ("first_seen", "last_seen"):
        if isinstance(o.get(key), str):
            entry.dates.append(Line(key, o[key]))
    citations = 0
    for reference in references:
        if reference is own:
            continue
        url = reference.get("url")
        if isinstance(url, str) and url.strip():
            text = str(reference.get("description") or reference.get("source_name") or "").strip()
            entry.further_reading.append(f"{text} {url}".strip()[:MAX_TEXT])
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
        kind, source, target = r.get("relationship_type"), r.get("source_ref"), r.get("target_ref")
        if r.get("revoked") or r.get("x_mitre_deprecated"):
            skipped[(f"{kind} relationships", "ATT&CK marks them revoked or deprecated")] += 1
        elif kind == "attributed-to" and source in entries and target in entries and entries[source].kind == "event":
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
                (f"uses relationships to {str(target).split('--')[0]} objects", "the objects are not in the bundle")
            ] += 1
        elif kind == "revoked-by":
            skipped[
                ("revoked-by relationships", "the revoked intrusion set is not imported; the one replacing it is")
            ] += 1
        else:
            skipped[(f"{kind} relationships", "one of their ends is not imported, or no predicate fits")] += 1
    for (what, why), count in sorted(skipped.items()):
        report.skip(count, what, why)


def _keys_unique(entries: list[Entry]) -> None:
    counts = Counter(entry.key for entry in entries)
    for entry in entries:
        if counts[entry.key] > 1:
            entry.key = f"{entry.key}-{slugify(entry.upstream_id.split('--')[-1])[:8]}"
