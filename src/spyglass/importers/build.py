"""Turn upstream entries into archived texts, source records and entity records, every fact quoted."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from spyglass.importers.entries import Catalogue, Entry, ImportReport, Mention, SameAs, render_text
from spyglass.importers.ids import Ids, entity_ids
from spyglass.importers.links import AgencyNames
from spyglass.importers.same_as import KnownGroups
from spyglass.kb.layout import KIND_FOLDER
from spyglass.model.countries import is_country
from spyglass.model.records import MAX_QUOTE
from spyglass.text.quotes import sentences

RecordData = dict[str, Any]


@dataclass
class Built:
    """The files of one import, by path relative to the knowledge base, and the ids they hold."""

    texts: dict[str, str] = field(default_factory=dict)  # sources/<id>.txt -> its text
    records: dict[str, RecordData] = field(default_factory=dict)  # <folder>/<id>.yaml -> its record
    ids: set[str] = field(default_factory=set)


def build(
    entries: list[Entry],
    catalogue: Catalogue,
    agencies: AgencyNames,
    report: ImportReport,
    previous: dict[str, str] | None = None,
    groups: KnownGroups | None = None,
) -> Built:
    """Every entry as an archived text, its source record and its entity; targets shared between them."""
    built = Built()
    ids = Ids()
    assigned = entity_ids(entries, catalogue.prefix, previous or {}, ids)
    own_ids = set(assigned.values())
    names = {entry.upstream_id: entry.name for entry in entries}
    targets: dict[str, tuple[str, list[RecordData]]] = {}  # target name -> (its id, evidence listing it)
    for entry in entries:
        entity_id = assigned[entry.upstream_id]
        source_id = f"{entity_id}-entry"
        text = render_text(entry)
        built.texts[f"sources/{source_id}.txt"] = text
        built.records[f"sources/{source_id}.yaml"] = _source(entry, catalogue, source_id, text)
        claims = _claims(entry, catalogue, source_id, agencies, report, entity_id)
        for line in entry.targets:
            target_id, listed = targets.setdefault(line.value, (ids.target(catalogue.prefix, line.value), []))
            listed.append(_evidence(source_id, line.text))
            _add(
                claims,
                "targets",
                {"object": target_id},
                _statement(catalogue, f"lists {line.value} among the targets of {entry.name}"),
                source_id,
                line.text,
            )
        for link in entry.links:
            _add(
                claims,
                link.predicate,
                {"object": assigned[link.target]},
                _statement(catalogue, link.verb.format(subject=entry.name, object=names[link.target])),
                source_id,
                link.line.text,
            )
        for match in groups.matches(entry, entity_id, own_ids) if groups and entry.kind == "group" else []:
            _add(claims, "same_as", {"object": match.other.id}, match.statement, source_id, match.line.text)
            report.same_as.append(SameAs(entity_id, match.other.id, match.line.value))
        if not claims:  # nothing else to quote: the entry's name line at least says the catalogue lists it
            _add(claims, "states", {}, _statement(catalogue, f"lists {entry.name}"), source_id, entry.name_line.text)
        entity: RecordData = {"id": entity_id, "kind": entry.kind, "name": entry.name}
        if entry.further_reading:
            entity["further_reading"] = entry.further_reading
        entity["claims"] = list(claims.values())
        built.records[f"{KIND_FOLDER[entry.kind]}/{entity_id}.yaml"] = entity
        report.entities[entry.kind] += 1
        report.sources += 1
    for name, (target_id, listed) in targets.items():
        statement = _statement(catalogue, f"lists {name} among the targets of threat actors")
        claim = {"predicate": "states", "statement": statement, "evidence": listed}
        built.records[f"targets/{target_id}.yaml"] = {
            "id": target_id,
            "kind": "target",
            "name": name,
            "claims": [claim],
        }
        report.entities["target"] += 1
    for record in built.records.values():
        built.ids.add(record["id"])
        for claim in record.get("claims", []):
            report.claims[claim["predicate"]] += 1
    report.agency_links = report.claims["attributed_to"]
    return built


def _claims(
    entry: Entry, catalogue: Catalogue, source_id: str, agencies: AgencyNames, report: ImportReport, entity_id: str
) -> dict[tuple[str, str], RecordData]:
    """The claims an entry's own text supports, one per predicate and object or value."""
    claims: dict[tuple[str, str], RecordData] = {}
    excerpt = _excerpt(entry.description)
    if excerpt:
        _add(claims, "states", {}, _statement(catalogue, f"describes {entry.name}"), source_id, excerpt)
    elif entry.description.strip():
        report.tally(1, f"descriptions with no word break in their first {MAX_QUOTE} characters", "too long to quote")
    for line in entry.aliases:
        if line.value != entry.name:
            _add(
                claims,
                "alias",
                {"value": line.value},
                _statement(catalogue, f"gives {line.value} as another name of {entry.name}"),
                source_id,
                line.text,
            )
    for line in entry.countries:
        if not is_country(line.value):
            report.skip(1, f"{line.key} {line.value!r} of {entry.name}", "not an ISO 3166-1 alpha-2 code")
            continue
        _add(
            claims,
            "country",
            {"value": line.value},
            _statement(catalogue, f"gives {line.value} as the country of {entry.name}"),
            source_id,
            line.text,
        )
    if entry.dates:
        _add_occurred(claims, entry, catalogue, source_id)
    if entry.kind != "group":
        return claims
    found = [f for line in entry.sponsors for f in agencies.in_field(line.text)]
    in_text, passed = agencies.in_description(entry.description)
    passed += [(f.agency, f.quote, "the sentence is too long to quote") for f in in_text if len(f.quote) > MAX_QUOTE]
    in_text = [f for f in in_text if len(f.quote) <= MAX_QUOTE]
    for f in [*found, *in_text]:
        name = agencies.names[f.agency]
        _add(
            claims,
            "attributed_to",
            {"object": f.agency},
            _statement(catalogue, f"links {entry.name} to {name}"),
            source_id,
            f.quote,
        )
    linked = {f.agency for f in [*found, *in_text]}
    for agency, sentence, why in dict.fromkeys(passed):
        if agency not in linked:
            report.mentions.append(Mention(entity_id, agency, sentence, why))
    return claims


def _add_occurred(
    claims: dict[tuple[str, str], RecordData], entry: Entry, catalogue: Catalogue, source_id: str
) -> None:
    """An event's `occurred` from its first and last seen lines: an EDTF interval of their dates."""
    days = [line.value[:10] for line in entry.dates]
    if not all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in days):
        return
    value = "/".join(sorted(set(days)))
    statement = _statement(catalogue, f"gives {days[0]} to {days[-1]} as when {entry.name} was seen")
    evidence = [_evidence(source_id, line.text) for line in entry.dates]
    claims[("occurred", value)] = {
        "predicate": "occurred",
        "value": value,
        "statement": statement,
        "evidence": evidence,
    }


def _add(
    claims: dict[tuple[str, str], RecordData],
    predicate: str,
    point: RecordData,
    statement: str,
    source_id: str,
    quote: str,
) -> None:
    """One claim per predicate and object or value; a second quote for it becomes more evidence."""
    key = (predicate, str(point.get("object") or point.get("value") or statement))
    claim = claims.setdefault(key, {"predicate": predicate, **point, "statement": statement, "evidence": []})
    evidence = _evidence(source_id, quote)
    if evidence not in claim["evidence"]:
        claim["evidence"].append(evidence)


def _evidence(source_id: str, quote: str) -> RecordData:
    return {"source": source_id, "quote": quote}


def _statement(catalogue: Catalogue, rest: str) -> str:
    return f"{catalogue.label} {rest}."


def _excerpt(description: str) -> str:
    """The description as one quote, white space folded; when too long, its first sentences or words that fit."""
    folded = " ".join(description.split())
    if len(folded) <= MAX_QUOTE:
        return folded
    kept = ""
    for _, end in sentences(description):
        candidate = " ".join(description[:end].split())
        if len(candidate) > MAX_QUOTE:
            break
        kept = candidate
    head = folded[: MAX_QUOTE + 1]  # a space right after the limit ends a whole word
    return kept or (head.rsplit(" ", 1)[0] if " " in head else "")


def _source(entry: Entry, catalogue: Catalogue, source_id: str, text: str) -> RecordData:
    record: RecordData = {"id": source_id, "type": "dataset", "title": entry.title}
    if catalogue.authors:
        record["authors"] = list(catalogue.authors)
    optional = {
        "publisher": catalogue.publisher,
        "published": entry.published,
        "url": entry.url,
        "version": entry.version,
        "licence": catalogue.licence,
    }
    record.update({k: v for k, v in optional.items() if v})
    record["text"] = f"{source_id}.txt"
    record["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    record["notes"] = entry.note
    return record
