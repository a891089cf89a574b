"""`spyglass site`: the knowledge base as a folder of static pages, rebuilt page by page as records change."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from spyglass.model.vocabulary import ENTITY_KINDS

HERE = Path(__file__).parent


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
    left_out: int  # claims validate rejects
    broken: int  # record files validate rejects (their claims are not counted: they could not be read)
    whole: bool = True  # every page made again (no earlier build of the folder to start from), or only changed ones


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
    from spyglass.index.database import open_for_answers
    from spyglass.site.output import site_folder

    folder = site_folder(out, root)
    connection = open_for_answers(root, workers)  # refreshed: only the files changed since the last command are read
    try:
        connection.execute("BEGIN")  # one state of the index for the whole build, whatever else writes meanwhile
        return _build_from(connection, root, folder, workers)
    finally:
        connection.close()


def _build_from(connection: sqlite3.Connection, root: Path, folder: Path, workers: int) -> Built:
    from spyglass.index.changes import index_state
    from spyglass.site import overview
    from spyglass.site.changes import changed_since, last_build, remember_build
    from spyglass.site.output import Writer
    from spyglass.site.render import ASSETS, WHOLE, State, make_pages
    from spyglass.site.rows import load, records

    folder.mkdir(exist_ok=True)
    writer = Writer(folder)
    entities, sources = records(connection)
    present = [kind for kind in ENTITY_KINDS if any(e.kind == kind for e in entities.values())]
    kinds: list[tuple[str, str]] = [(kind, overview.kind_label(kind)) for kind in present]
    nav = hashlib.sha256(repr(kinds).encode()).hexdigest()
    epoch, generation = index_state(connection)
    salt = f"{code_digest()}\0{nav}"
    now: dict[str, Any] = {"epoch": epoch, "generation": generation, "salt": salt}
    last = last_build(root, folder, writer.manifest)
    changed = changed_since(connection, last, now)
    if changed is None:
        data = load(connection, entities, sources)
        entity_pages, source_pages = sorted(entities), sorted(sources)
    else:
        for entity_id in entities.keys() - changed:  # kept as the last build left them, if they are still there
            if not (writer.carry(f"entity/{entity_id}.html") and writer.carry(f"entity/{entity_id}.json")):
                changed.add(entity_id)
        changed |= {source_id for source_id in sources.keys() - changed if not writer.carry(f"source/{source_id}.html")}
        entity_pages, source_pages = sorted(changed & entities.keys()), sorted(changed & sources.keys())
        data = load(connection, entities, sources, entity_pages, source_pages)

    counts = now["counts"] = overview.counts(connection)  # a broken file coming or going changes only these
    whole_pages = ["index.html", *(f"{k}.html" for k in present), "sources.html", "timeline.html", "search.html"]
    whole_pages += ["assets/search-index.js", *(f"assets/{name}" for name in ASSETS)]
    # nothing in the index changed: every whole-site page is kept (a list, not a generator: each one is carried)
    unchanged = changed == set() and last.get("counts") == counts and all([writer.carry(rel) for rel in whole_pages])
    by_kind = [(k, overview.kind_label(k), sum(1 for e in entities.values() if e.kind == k)) for k in present]
    home = {"title": "Spyglass knowledge base", "counts": by_kind, "sources": len(sources), **counts}
    state = State(data, kinds, writer, salt, home)
    jobs = [] if unchanged else [WHOLE]
    jobs += [("entity", e) for e in entity_pages] + [("source", s) for s in source_pages]
    for rel, entry, written in make_pages(state, jobs, workers):  # a list: all made before any is recorded
        writer.record(rel, entry, written)
    removed = writer.finish()
    remember_build(root, folder, {**now, "manifest": writer.manifest})
    return Built(
        folder,
        len(writer.after),
        writer.written,
        removed,
        len(entities),
        len(sources),
        counts["claims"],
        counts["left_out"],
        counts["broken"],
        whole=changed is None,
    )
