"""What each page shows, as plain data for its template: entities, sources, lists, the timeline, search."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from spyglass.model.vocabulary import ENTITY_KINDS, PREDICATES
from spyglass.site.graph import Link, draw
from spyglass.site.passages import Parts, passage_id, text_html
from spyglass.site.rows import ClaimKey, Claims, entity_json
from spyglass.site.words import RELIABILITY, STATUS_WORDS, date_in_words, grade_in_words

if TYPE_CHECKING:
    from spyglass.kb.knowledge_base import KnowledgeBase
    from spyglass.model.answer_shapes import ClaimJSON
    from spyglass.validate.proof import Proof

MAX_SAID = 200  # a prolific speaker's page lists this many of the claims it speaks in; its JSON holds them all
KIND_LABELS = {"agency": "Agencies", "person": "People", "target": "Targets", "method": "Methods", "event": "Events"}
KIND_LABELS |= {kind: kind.capitalize() + "s" for kind in ENTITY_KINDS if kind not in KIND_LABELS}


def label(predicate: str) -> str:
    """A predicate as words: 'part_of' -> 'Part of'."""
    return predicate.replace("_", " ").capitalize()


def shown_claim(claims: Claims, key: ClaimKey) -> dict[str, Any]:
    """A claim as its templates show it: the JSON shape with its words, anchors and passages added."""
    claim = claims.by_key[key]
    date_value = claim["value"] is not None and PREDICATES[claim["predicate"]].value == "date"
    evidence = [
        {
            **item,
            "passage": passage_id(parts),
            "grade_words": grade_in_words(item["grade"]),
            "source_published_words": date_in_words(item["source_published"]) if item["source_published"] else "",
        }
        for item, parts in zip(claim["evidence"], claims.parts[key], strict=True)
    ]
    return {
        **claim,
        "anchor": claim["id"],
        "predicate_label": label(claim["predicate"]),
        "value_words": f"{date_in_words(claim['value'] or '')} ({claim['value']})" if date_value else claim["value"],
        "when_words": date_in_words(claim["when"]) if claim["when"] else "",
        "status_words": STATUS_WORDS[claim["status"]],
        "evidence": evidence,
    }


def entity_data(kb: KnowledgeBase, claims: Claims, entity_id: str) -> bytes:
    """The entity as JSON in the shape of `show --json`: the file beside its page, and what the page is made of."""
    as_json = entity_json(kb, claims, entity_id)
    # compact: json's C encoder does no indenting, and the pure-Python one is ~10x slower
    return json.dumps(as_json, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode() + b"\n"


def entity_inputs(kb: KnowledgeBase, claims: Claims, entity_id: str) -> bytes:
    """What an entity page shows beyond its JSON: the parts of its quotes, and the kinds of what it links to."""
    entity = kb.entities[entity_id]
    keys = [(entity_id, i) for i in range(len(entity.claims)) if (entity_id, i) in claims.by_key]
    keys += claims.pointing_to.get(entity_id, [])
    linked = sorted({claims.by_key[k]["object"] or "" for k in keys} | {k[0] for k in keys})
    kinds = [(other, kb.entities[other].kind) for other in linked if other in kb.entities]
    return repr(([claims.parts[k] for k in keys], kinds)).encode()


def entity_page(kb: KnowledgeBase, claims: Claims, entity_id: str) -> dict[str, Any]:
    """An entity page's data: claims grouped by predicate, the claims of others about it, its links."""
    entity = kb.entities[entity_id]
    own = [k for k in ((entity_id, i) for i in range(len(entity.claims))) if k in claims.by_key]
    groups: dict[str, list[dict[str, Any]]] = {}
    for key in sorted(own, key=lambda k: claims.by_key[k]["predicate"]):
        shown = shown_claim(claims, key)
        groups.setdefault(shown["predicate"], []).append(shown)
    aliases = [{"value": c["value"], "anchor": c["anchor"]} for c in groups.get("alias", [])]
    links = []
    for key in own:
        claim = claims.by_key[key]
        if claim["object"] and claim["object"] != entity_id:
            target = kb.entities[claim["object"]]
            links.append(Link(claim["predicate"], True, target.id, target.name, target.kind, f"#{claim['id']}"))
    mentions = [shown_claim(claims, k) for k in claims.pointing_to.get(entity_id, [])]
    for mention in mentions:
        subject = kb.entities[mention["subject"]]
        link = f"{subject.id}.html#{mention['id']}"
        links.append(Link(mention["predicate"], False, subject.id, subject.name, subject.kind, link))
    context = {
        "title": entity.name,
        "entity": entity,
        "kind_label": entity.kind,
        "aliases": aliases,
        "sections": [
            {"anchor": f"p-{p}", "label": "Aliases" if p == "alias" else label(p), "claims": group, "mentions": False}
            for p, group in groups.items()
        ]
        + (
            [
                {
                    "anchor": "mentions",
                    "label": f"Claims of others about {entity.name}",
                    "claims": mentions,
                    "mentions": True,
                }
            ]
            if mentions
            else []
        ),
        "said": [
            {**claims.by_key[k], "anchor": claims.by_key[k]["id"]} for k in claims.said_by.get(entity_id, [])[:MAX_SAID]
        ],
        "said_count": len(claims.said_by.get(entity_id, [])),
        "links": [
            {**vars(link), "predicate_label": label(link.predicate), "claim_href": link.claim}
            for link in sorted(links, key=lambda k: (k.other, k.predicate, not k.outgoing, k.claim))
        ],
        "drawing": draw(links),
        "centre_label": entity.name if len(entity.name) <= 30 else entity.name[:29] + "…",
    }
    return context


def source_inputs(kb: KnowledgeBase, proof: Proof, claims: Claims, source_id: str) -> bytes:
    """What a source page is made of: its record, its text's digest, and the claims citing it."""
    cited = [(claims.by_key[k], claims.parts[k]) for k in claims.citing.get(source_id, [])]
    return (kb.sources[source_id].model_dump_json() + proof.digests.get(source_id, "")).encode() + repr(cited).encode()


def source_page(kb: KnowledgeBase, proof: Proof, claims: Claims, source_id: str) -> dict[str, Any]:
    """A source page's data: its metadata, its text cut into highlighted runs, and who cites each passage."""
    from spyglass.text.quotes import coverage

    source = kb.sources[source_id]
    text = proof.texts[source_id].original if source_id in proof.texts else ""
    citing: dict[Parts, list[ClaimKey]] = {}
    for key in claims.citing.get(source_id, []):
        for item, parts in zip(claims.by_key[key]["evidence"], claims.parts[key], strict=True):
            if item["source"] == source_id and key not in citing.setdefault(parts, []):
                citing[parts].append(key)
    ordered = sorted(citing, key=lambda p: (p[0][0], p[-1][1], p))
    passages = []
    for parts in ordered:
        cited = [claims.by_key[k] for k in citing[parts]]
        quote = " … ".join(text[s:e] for s, e in parts)
        passages.append(
            {
                "id": passage_id(parts),
                "start": parts[0][0],
                "end": parts[-1][1],
                "quote": quote,
                "claims": [{**c, "anchor": c["id"]} for c in cited],
            }
        )
    sentences = coverage(text, [span for parts in ordered for span in parts])
    quoted = sum(1 for *_, ok in sentences if ok)
    url = source.url or ""
    return {
        "title": source.title,
        "source": source,
        "published_words": date_in_words(source.published) if source.published else "",
        "reliability_words": RELIABILITY.get(source.reliability or "", ""),
        "url_is_web": url.startswith(("http://", "https://")),
        "text_html": text_html(text, ordered),
        "passages": passages,
        "claim_count": len(claims.citing.get(source_id, [])),
        "coverage": {
            "sentences": len(sentences),
            "quoted": quoted,
            "percent": round(100 * quoted / len(sentences)) if sentences else 0,
        },
    }


def list_page(kb: KnowledgeBase, claims: Claims, kind: str) -> dict[str, Any]:
    """The entities of one kind, by name."""
    rows: list[dict[str, Any]] = []
    for entity in kb.entities.values():
        if entity.kind != kind:
            continue
        own = claims.of(entity.id, len(entity.claims))
        aliases = [c["value"] for c in own if c["predicate"] == "alias" and c["value"]]
        rows.append({"id": entity.id, "name": entity.name, "aliases": aliases, "claims": len(own)})
    rows.sort(key=lambda r: (r["name"].casefold(), r["id"]))
    return {"title": KIND_LABELS[kind], "entities": rows}


def sources_page(kb: KnowledgeBase, claims: Claims) -> dict[str, Any]:
    """Every source, by title."""
    rows: list[dict[str, Any]] = []
    for source in kb.sources.values():
        byline = ", ".join(filter(None, [source.publisher, source.published]))
        rows.append(
            {"id": source.id, "title": source.title, "byline": byline, "claims": len(claims.citing.get(source.id, []))}
        )
    rows.sort(key=lambda r: (r["title"].casefold(), r["id"]))
    return {"title": "Sources", "sources": rows}


def dated(claims: Claims) -> list[tuple[str, ClaimJSON]]:
    """Every valid claim with a date (its `when`, or a date value), as (date, claim)."""
    out = []
    for claim in claims.by_key.values():
        date = claim["when"] or (claim["value"] if PREDICATES[claim["predicate"]].value == "date" else None)
        if date:
            out.append((date, claim))
    return out


def timeline_page(claims: Claims) -> dict[str, Any]:
    """Dated claims in time order, ties by subject and claim id."""
    from spyglass.model.dates import sort_key

    rows = [
        {
            "date": date,
            "words": date_in_words(date),
            "subject": c["subject"],
            "subject_name": c["subject_name"],
            "anchor": c["id"],
            "statement": c["statement"],
            "status": c["status"],
        }
        for date, c in dated(claims)
    ]
    rows.sort(key=lambda r: (sort_key(r["date"]), r["subject"], r["anchor"]))
    return {"title": "Timeline", "rows": rows}


def search_index(kb: KnowledgeBase, claims: Claims) -> bytes:
    """The search index as a classic script (module scripts and fetch are refused from file://)."""
    ids = sorted(kb.entities)
    number = {entity_id: n for n, entity_id in enumerate(ids)}
    entities = []
    for entity_id in ids:
        entity = kb.entities[entity_id]
        own = claims.of(entity_id, len(entity.claims))
        entities.append([entity_id, entity.kind, entity.name, [c["value"] for c in own if c["predicate"] == "alias"]])
    rows = [
        [number[c["subject"]], c["id"], c["statement"], sorted({e["quote"] for e in c["evidence"]})]
        for c in claims.by_key.values()
    ]
    body = json.dumps({"entities": entities, "claims": rows}, ensure_ascii=True, separators=(",", ":"))
    return b"window.SPYGLASS_INDEX = " + body.replace("<", "\\u003c").encode() + b";\n"
