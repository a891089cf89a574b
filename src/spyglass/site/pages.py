"""What an entity page and a source page show, as plain data for their templates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spyglass.model.vocabulary import PREDICATES
from spyglass.site.graph import Link, draw
from spyglass.site.passages import passage_id, text_html
from spyglass.site.rows import ClaimKey, Claims
from spyglass.site.words import RELIABILITY, STATUS_WORDS, date_in_words, grade_in_words

if TYPE_CHECKING:
    from spyglass.site.rows import SiteData
    from spyglass.text.quotes import Parts

MAX_SAID = 200  # a prolific speaker's page lists this many of the claims it speaks in; its JSON holds them all


def label(predicate: str) -> str:
    """A predicate as words: 'part_of' -> 'Part of'."""
    return predicate.replace("_", " ").capitalize()


def shown_claim(claims: Claims, key: ClaimKey) -> dict[str, Any]:
    """A claim as its templates show it: the JSON shape with its words, anchors and passages added."""
    claim = claims.claim(key)
    date_value = claim["value"] is not None and PREDICATES[claim["predicate"]].value == "date"
    evidence = [
        {
            **item,
            "passage": passage_id(parts),
            "grade_words": grade_in_words(item["grade"]),
            "source_published_words": date_in_words(item["source_published"]) if item["source_published"] else "",
        }
        for item, parts in zip(claim["evidence"], claims.parts(key), strict=True)
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


def entity_inputs(data: SiteData, entity_id: str) -> bytes:
    """What an entity page shows beyond its JSON: the parts of its quotes, and the kinds of what it links to."""
    claims = data.claims
    keys = [*claims.own.get(entity_id, []), *claims.pointing_to.get(entity_id, [])]
    linked = sorted({claims.object[k] or "" for k in keys} | {k[0] for k in keys})
    kinds = [(other, data.entities[other].kind) for other in linked if other in data.entities]
    return repr(([claims.parts(k) for k in keys], kinds)).encode()


def entity_page(data: SiteData, entity_id: str) -> dict[str, Any]:
    """An entity page's data: claims grouped by predicate, the claims of others about it, its links."""
    entity = data.entities[entity_id]
    claims = data.claims
    own = claims.own.get(entity_id, [])
    groups: dict[str, list[dict[str, Any]]] = {}
    for key in sorted(own, key=lambda k: claims.predicate[k]):
        shown = shown_claim(claims, key)
        groups.setdefault(shown["predicate"], []).append(shown)
    aliases = [{"value": c["value"], "anchor": c["anchor"]} for c in groups.get("alias", [])]
    links = []
    for key in own:
        claim = claims.claim(key)
        if claim["object"] and claim["object"] != entity_id:
            target = data.entities[claim["object"]]
            links.append(Link(claim["predicate"], True, target.id, target.name, target.kind, f"#{claim['id']}"))
    mentions = [shown_claim(claims, k) for k in claims.pointing_to.get(entity_id, [])]
    for mention in mentions:
        subject = data.entities[mention["subject"]]
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
            {**claims.claim(k), "anchor": claims.claim(k)["id"]} for k in claims.said_by.get(entity_id, [])[:MAX_SAID]
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


def source_inputs(data: SiteData, source_id: str) -> bytes:
    """What a source page is made of: its record (whose sha256 pins its text), whether the text matched that
    pin, and the claims citing it."""
    claims = data.claims
    cited = [(claims.text[k], claims.parts(k)) for k in claims.citing.get(source_id, [])]
    return repr((data.sources[source_id], data.has_text(source_id), cited)).encode()


def source_page(data: SiteData, source_id: str) -> dict[str, Any]:
    """A source page's data: its metadata, its text cut into highlighted runs, and who cites each passage."""
    from spyglass.text.quotes import coverage

    claims = data.claims
    source = data.sources[source_id]
    text = data.text(source_id)
    citing: dict[Parts, list[ClaimKey]] = {}
    for key in claims.citing.get(source_id, []):
        for item, parts in zip(claims.claim(key)["evidence"], claims.parts(key), strict=True):
            if item["source"] == source_id and key not in citing.setdefault(parts, []):
                citing[parts].append(key)
    ordered = sorted(citing, key=lambda p: (p[0][0], p[-1][1], p))
    passages = []
    for parts in ordered:
        cited = [claims.claim(k) for k in citing[parts]]
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
