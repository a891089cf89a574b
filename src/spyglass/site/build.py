"""`spyglass site`: the knowledge base as a folder of static pages, rebuilt page by page as records change."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from spyglass.model.vocabulary import ENTITY_KINDS

HERE = Path(__file__).parent
ASSETS = ("site.css", "search.js")


@dataclass(frozen=True)
class Built:
    """What a build made: pages in all, pages written and removed, and the claims shown and left out."""

    folder: Path
    pages: int
    written: int
    removed: int
    entities: int
    sources: int
    claims: int
    left_out: int


@cache
def code_digest() -> str:
    """A digest of the site's code, templates and assets: a page is rebuilt when any of them changes."""
    digest = hashlib.sha256()
    for path in sorted(HERE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".css", ".js"):
            digest.update(path.relative_to(HERE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def build_site(root: Path, out: Path, workers: int = 1) -> Built:
    """Build the site of the knowledge base at `root` into `out`, writing only pages whose bytes changed.

    `workers` > 1 renders on that many forked processes; never from a process with threads running.
    """
    from spyglass.cache import collector_paused

    with collector_paused():  # many long-lived objects: the collector would only rescan them (MEASURED.md)
        return _build(root, out, workers)


def _build(root: Path, out: Path, workers: int) -> Built:
    from spyglass.site import pages
    from spyglass.site.output import Writer, site_folder
    from spyglass.site.render import State, make_pages, render
    from spyglass.site.rows import gather
    from spyglass.validate.run import prove_cached

    folder = site_folder(out, root)
    kb, proof = prove_cached(root)
    claims = gather(kb, proof)
    folder.mkdir(exist_ok=True)
    writer = Writer(folder)
    present = [kind for kind in ENTITY_KINDS if any(e.kind == kind for e in kb.entities.values())]
    kinds: list[tuple[str, str]] = [(kind, pages.KIND_LABELS[kind]) for kind in present]
    nav = hashlib.sha256(repr(kinds).encode()).hexdigest()

    def render_page(template: str, context: dict[str, Any], base: str = "") -> bytes:
        return render(template, context, base, kinds)

    state = State(kb, proof, claims, kinds, writer, f"{code_digest()}\0{nav}")
    jobs = [("entity", e) for e in sorted(kb.entities)] + [("source", s) for s in sorted(kb.sources)]
    for rel, entry, written in make_pages(state, jobs, workers):
        writer.record(rel, entry, written)
    counts = [(k, pages.KIND_LABELS[k], sum(1 for e in kb.entities.values() if e.kind == k)) for k in present]
    home = {
        "title": "Spyglass knowledge base",
        "counts": counts,
        "sources": len(kb.sources),
        "claims": len(claims.by_key),
        "left_out": claims.left_out,
        "dated": len(pages.dated(claims)),
    }
    writer.page("index.html", render_page("home.html", home))
    for kind in present:
        writer.page(f"{kind}.html", render_page("list.html", pages.list_page(kb, claims, kind)))
    writer.page("sources.html", render_page("sources.html", pages.sources_page(kb, claims)))
    writer.page("timeline.html", render_page("timeline.html", pages.timeline_page(claims)))
    writer.page("search.html", render_page("search.html", {"title": "Search"}))
    writer.page("assets/search-index.js", pages.search_index(kb, claims))
    for name in ASSETS:
        writer.page(f"assets/{name}", (HERE / "assets" / name).read_bytes())
    removed = writer.finish()
    return Built(
        folder,
        len(writer.after),
        writer.written,
        removed,
        len(kb.entities),
        len(kb.sources),
        len(claims.by_key),
        claims.left_out,
    )
