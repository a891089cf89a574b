"""The knowledge base as a STIX 2.1 bundle; every claim carries its quotes as external references.

Agencies become threat-actor objects, groups intrusion-set, people, organisations and targets identity, methods
attack-pattern, events note, sources report (and the external reference of each quote). A claim
that links two entities becomes a relationship; an attribute (alias, country, role...) a note about
its subject; disputing evidence an opinion that disagrees. Admiralty credibility maps to STIX
confidence as the STIX 2.1 specification's appendix "Confidence Scales" maps it (1 -> 90, 2 -> 70,
3 -> 50, 4 -> 30, 5 -> 10; 6, "truth cannot be judged", has no value). Ids are derived from the
Spyglass ids (name-based UUIDs in version 4 form), so that two exports of one knowledge base name every object alike.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from spyglass.export.rows import Exported, entity_rows
from spyglass.model.vocabulary import PREDICATES
from spyglass.text.printable import json_text

if TYPE_CHECKING:
    from spyglass.kb.knowledge_base import KnowledgeBase
    from spyglass.validate.proof import Proof

NAMESPACE = uuid.UUID("5b6e8a4c-3f1d-5c2e-9a7b-2d4f6e8a0c1e")  # Spyglass's own; never change it
ADMIRALTY_CONFIDENCE = {"1": 90, "2": 70, "3": 50, "4": 30, "5": 10}
KIND_TYPES = {
    "agency": "threat-actor",
    "group": "intrusion-set",
    "person": "identity",
    "target": "identity",
    "method": "attack-pattern",
    "event": "note",
    "organisation": "identity",
}


def stix_id(stix_type: str, key: str) -> str:
    """A stable id: the name-based UUID of `key`, in the random (version 4) form STIX asks of objects."""
    return f"{stix_type}--{uuid.UUID(bytes=uuid.uuid5(NAMESPACE, key).bytes, version=4)}"


def timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def render_stix(kb: KnowledgeBase, proof: Proof, now: datetime) -> tuple[bytes, Exported]:
    """The bundle as JSON text."""
    bundle = build_bundle(kb, proof, now)
    entities = len(kb.entities)
    claims = sum(len(e.claims) for e in kb.entities.values())
    evidence = sum(len(c.evidence) for e in kb.entities.values() for c in e.claims)
    data = json_text(bundle, indent=1).encode("utf-8")
    return data + b"\n", Exported(len(kb.sources), entities, claims, evidence, len(bundle["objects"]))


def build_bundle(kb: KnowledgeBase, proof: Proof, now: datetime) -> dict[str, Any]:
    """The STIX 2.1 bundle of the whole knowledge base, as plain JSON data."""
    stamp = timestamp(now)
    common = {"spec_version": "2.1", "created": stamp, "modified": stamp}
    markings = {s.id: stix_id("marking-definition", f"licence:{s.licence}") for s in kb.sources.values() if s.licence}
    refs = {e: stix_id(KIND_TYPES[kb.entities[e].kind], f"entity:{e}") for e in kb.entities}
    reports = {s: stix_id("report", f"source:{s}") for s in kb.sources}
    cited_by: dict[str, list[str]] = {s: [] for s in kb.sources}  # source id -> objects derived from it
    objects: list[dict[str, Any]] = []
    claim_objects: list[dict[str, Any]] = []
    entity_sources: dict[str, set[str]] = {e: set() for e in kb.entities}
    rows = entity_rows(kb, proof)
    for row in rows:
        for claim in row["claims"]:
            made = _claim_objects(kb, claim, refs, reports, common, stamp)
            used = {e["source"] for e in claim["evidence"]}
            entity_sources[row["id"]] |= used
            for obj in made:
                _mark(obj, used, markings)
                for source in used:
                    cited_by[source].append(obj["id"])
            for source in used:
                cited_by[source].append(refs[row["id"]])
            claim_objects.extend(made)
    for row in rows:
        obj = _entity_object(kb, row, refs, reports, common)
        _mark(obj, entity_sources[row["id"]], markings)
        objects.append(obj)
    for source_id in sorted(kb.sources):
        obj = _report(kb, source_id, reports[source_id], sorted(set(cited_by[source_id])), common, refs)
        _mark(obj, {source_id}, markings)
        objects.append(obj)
    for source_id, marking_id in sorted(markings.items()):
        if all(o["id"] != marking_id for o in objects):
            statement = {"statement": kb.sources[source_id].licence}
            marking = {"type": "marking-definition", "spec_version": "2.1", "id": marking_id, "created": stamp}
            objects.append({**marking, "definition_type": "statement", "definition": statement})
    objects.extend(claim_objects)
    return {"type": "bundle", "id": stix_id("bundle", f"bundle:{stamp}"), "objects": objects}


def _mark(obj: dict[str, Any], sources: set[str], markings: dict[str, str]) -> None:
    """Objects taken from licensed sources carry the licence (MITRE's terms travel with any copy)."""
    found = sorted({markings[s] for s in sources if s in markings})
    if found:
        obj["object_marking_refs"] = found


def _entity_object(
    kb: KnowledgeBase, row: dict[str, Any], refs: dict[str, str], reports: dict[str, str], common: dict[str, Any]
) -> dict[str, Any]:
    kind, stix_type = row["kind"], KIND_TYPES[row["kind"]]
    obj: dict[str, Any] = {"type": stix_type, **common, "id": refs[row["id"]]}
    aliases = sorted({c["value"] for c in row["claims"] if c["predicate"] == "alias" and c["value"]})
    summary = f"Curator's summary: {row['summary']}" if row["summary"] else None
    if stix_type == "note":  # an event: a note about the reports that tell of it and what it involves
        linked = {reports[e["source"]] for c in row["claims"] for e in c["evidence"]}
        linked |= {refs[c["object"]] for c in row["claims"] if c["object"]}
        obj["abstract"] = row["name"]
        obj["content"] = f"Event: {row['name']}." + (f" {summary}" if summary else "")
        obj["object_refs"] = sorted(linked) or [reports[s] for s in sorted(kb.sources)][:1]
    else:
        obj["name"] = row["name"]
        if summary:
            obj["description"] = summary
        if stix_type == "identity":
            obj["identity_class"] = {"person": "individual", "organisation": "organization"}.get(kind, "unknown")
        if aliases and stix_type in ("threat-actor", "intrusion-set", "attack-pattern"):
            obj["aliases"] = aliases
    external = [{"source_name": "spyglass", "external_id": row["id"]}]
    external += [_reading(item) for item in row["further_reading"]]
    obj["external_references"] = external
    return obj


_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+")


def _reading(item: str) -> dict[str, str]:
    """A further-reading line as an external reference: its URL apart when it ends with a valid one."""
    match = re.search(r"(https?://\S+)\s*$", item)
    if not match or not _URI.fullmatch(match.group(1)):
        return {"source_name": "further reading", "description": item}
    rest = item[: match.start()].strip()
    return {"source_name": "further reading", "url": match.group(1), **({"description": rest} if rest else {})}


def _report(
    kb: KnowledgeBase, source_id: str, report_id: str, cited: list[str], common: dict[str, Any], refs: dict[str, str]
) -> dict[str, Any]:
    from spyglass.model.dates import bounds

    source = kb.sources[source_id]
    span = bounds(source.published) if source.published else None
    published = common["created"]
    if span and 1 <= span[0][0] <= 9999:
        year, month, day = span[0]
        published = f"{year:04d}-{max(month, 1):02d}-{max(day, 1):02d}T00:00:00Z"
    reference: dict[str, str] = {"source_name": source.publisher or source.title, "external_id": source_id}
    if source.url and _URI.fullmatch(source.url):
        reference["url"] = source.url
    details = [f"Source type: {source.type}.", f"Archived text {source.text}, sha256 {source.sha256}."]
    details += [
        f"Published: {source.published}." if source.published else "",
        f"Notes: {source.notes}" if source.notes else "",
    ]
    if source.url and "url" not in reference:
        details.append(f"URL: {source.url}")
    obj: dict[str, Any] = {"type": "report", **common, "id": report_id, "name": source.title}
    obj["description"] = " ".join(d for d in details if d)
    obj["published"] = published
    obj["object_refs"] = cited or [refs[e] for e in sorted(refs)][:1] or [report_id]
    obj["external_references"] = [reference]
    return obj


def _claim_objects(
    kb: KnowledgeBase,
    claim: dict[str, Any],
    refs: dict[str, str],
    reports: dict[str, str],
    common: dict[str, Any],
    stamp: str,
) -> list[dict[str, Any]]:
    """A claim as a relationship (a relation) or a note (an attribute), plus an opinion per dispute."""
    external = [{"source_name": "spyglass claim", "external_id": claim["id"]}]
    external += [_quote_reference(kb, e) for e in claim["evidence"]]
    subject = refs[claim["subject"]]
    description = claim["statement"] + (f" (when: {claim['when']})" if claim["when"] else "")
    if PREDICATES[claim["predicate"]].is_relation and claim["object"]:
        obj: dict[str, Any] = {"type": "relationship", **common, "id": stix_id("relationship", f"claim:{claim['id']}")}
        obj |= {"relationship_type": claim["predicate"].replace("_", "-"), "source_ref": subject}
        obj |= {"target_ref": refs[claim["object"]], "description": description}
    else:
        obj = {"type": "note", **common, "id": stix_id("note", f"claim:{claim['id']}")}
        value = f": {claim['value']}" if claim["value"] else ""
        obj |= {"abstract": f"{claim['predicate']}{value}", "content": description, "object_refs": [subject]}
    obj["external_references"] = external
    confidence = _confidence(claim)
    if confidence is not None:
        obj["confidence"] = confidence
    made = [obj]
    for n, e in enumerate(claim["evidence"]):
        if e["stance"] == "disputes":
            who = e["speaker_name"] or e["speaker_description"] or e["source_title"] or e["source"]
            opinion = {"type": "opinion", **common, "id": stix_id("opinion", f"dispute:{claim['id']}:{n}")}
            opinion |= {"opinion": "disagree", "explanation": e["quote"], "authors": [who]}
            opinion |= {"object_refs": [obj["id"]], "external_references": [_quote_reference(kb, e)]}
            made.append(opinion)
    return made


def _confidence(claim: dict[str, Any]) -> int | None:
    """The STIX confidence of the claim's best-graded supporting evidence (Admiralty credibility 1-5)."""
    values = [
        ADMIRALTY_CONFIDENCE[e["grade"][1]]
        for e in claim["evidence"]
        if e["stance"] == "supports" and e["grade"] and e["grade"][1] in ADMIRALTY_CONFIDENCE
    ]
    return max(values) if values else None


def _quote_reference(kb: KnowledgeBase, e: dict[str, Any]) -> dict[str, str]:
    """One evidence entry as an external reference: the verbatim quote, who said it, its grade and place."""
    source = kb.sources[e["source"]]
    said = e["speaker_name"] or e["speaker_description"] or "the source itself"
    parts = [f"Quote: {e['quote']}", f"Said by: {said}.", f"Stance: {e['stance']}."]
    if e["grade"]:
        parts.append(f"Admiralty grade: {e['grade']}.")
    if e["start"] is not None:
        parts.append(f"Characters {e['start']}-{e['end']} of the archived text {source.text}.")
    return {"source_name": source.title, "description": " ".join(parts), "external_id": e["source"]}
