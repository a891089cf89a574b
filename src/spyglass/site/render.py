"""Making the pages on forked workers: the whole-site pages on one, entity and source pages (~1.5 ms each) on all."""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment

    from spyglass.site.output import Writer
    from spyglass.site.rows import SiteData

HERE = Path(__file__).parent
PARALLEL_FROM = 300  # pages; below this, starting workers costs more than it saves
CHUNK = 50


@cache
def environment() -> Environment:
    """The templates, every value escaped for HTML (a record's `<script>` or `{{ }}` stays text)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    class PageEnvironment(Environment):
        def getattr(self, obj: Any, attribute: str) -> Any:
            # the pages' data are dicts: `c.statement` looks the key up first, not after a failed attribute lookup
            if type(obj) is dict and attribute in obj:
                return obj[attribute]
            return super().getattr(obj, attribute)

    return PageEnvironment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, context: dict[str, Any], base: str, kinds: Sequence[tuple[str, str]]) -> bytes:
    """A page as UTF-8 bytes; `base` leads back to the site's top folder, `kinds` are the lists in the navigation."""
    return environment().get_template(template).render(context, base=base, kinds=kinds).encode()


Job = tuple[str, str]  # ("entity" or "source", its id), or ("whole", ""): the pages about the whole knowledge base
WHOLE: Job = ("whole", "")
Made = list[tuple[str, list[str], bool]]  # each file's path, its record in the manifest, whether it was written


@dataclass(frozen=True)
class State:
    """What every page is made from; a forked worker inherits it rather than receiving it."""

    data: SiteData
    kinds: list[tuple[str, str]]
    writer: Writer
    salt: str  # a digest of the code and the navigation: when either changes, every page is made again
    home: dict[str, Any]  # what the home page says


_STATE: list[State] = []  # set before the workers fork, so that they share it without pickling


def _make(job: Job) -> Made:
    """Make one job's files (in a worker, when forked): an entity's JSON, and the page unless the last build made
    it from the same inputs."""
    from spyglass.site import pages
    from spyglass.site.rows import entity_json

    state = _STATE[0]
    kind, ident = job
    if job == WHOLE:
        return _whole(state)
    rel = f"{kind}/{ident}.html"
    made: Made = []
    if kind == "entity":
        entry, written = state.writer.write(f"entity/{ident}.json", entity_json(state.data, ident))
        made.append((f"entity/{ident}.json", entry, written))
        inputs = entry[1].encode() + pages.entity_inputs(state.data, ident)  # the JSON's digest stands for it
    else:
        inputs = pages.source_inputs(state.data, ident)
    key = hashlib.sha256(state.salt.encode() + b"\0" + inputs).hexdigest()
    kept = state.writer.kept(rel, key)
    if kept is not None:
        return [*made, (rel, kept, False)]
    if kind == "entity":
        page = render("entity.html", pages.entity_page(state.data, ident), "../", state.kinds)
    else:
        page = render("source.html", pages.source_page(state.data, ident), "../", state.kinds)
    return [*made, (rel, *state.writer.write(rel, page, key))]


def _whole(state: State) -> Made:
    """The home page, the lists, the timeline and the search index (in a worker, when forked, through a
    connection of its own that reads the state of the index the build began from)."""
    from spyglass.site import overview

    connection, data, kinds = state.data.reader(), state.data, state.kinds
    made: Made = []

    def page(rel: str, template: str, context: dict[str, Any]) -> None:
        key = hashlib.sha256(f"{state.salt}\0{template}\0{context!r}".encode()).hexdigest()
        kept = state.writer.kept(rel, key)  # made from the same data by the last build
        made.append(
            (rel, kept, False)
            if kept is not None
            else (rel, *state.writer.write(rel, render(template, context, "", kinds), key))
        )

    page("index.html", "home.html", state.home)
    for kind, listed in overview.list_pages(connection, data, [kind for kind, _ in kinds]).items():
        page(f"{kind}.html", "list.html", listed)
    page("sources.html", "sources.html", overview.sources_page(connection, data))
    page("timeline.html", "timeline.html", overview.timeline_page(connection))
    page("search.html", "search.html", {"title": "Search"})
    made.append(
        (
            "assets/search-index.js",
            *state.writer.write("assets/search-index.js", overview.search_index(connection, data)),
        )
    )
    for name in ASSETS:
        made.append((f"assets/{name}", *state.writer.write(f"assets/{name}", (HERE / "assets" / name).read_bytes())))
    return made


ASSETS = ("site.css", "search.js")


def _make_chunk(jobs: list[Job]) -> Made | None:
    """Make a chunk of jobs; None when the index changed since the build read it (a worker then makes no more,
    and every worker ends its chunk: none is stopped in the middle of writing a page)."""
    from spyglass.site.rows import StaleIndex

    try:
        return [made for job in jobs for made in _make(job)]
    except StaleIndex:
        return None


def make_pages(state: State, jobs: list[Job], workers: int) -> Made:
    """Make every job's files: on forked workers when there are many pages, or the whole-site pages beside others;
    in this process when a worker finds that the index changed since the build read it."""
    from spyglass.forks import can_fork

    _STATE[:] = [state]
    pages = [job for job in jobs if job != WHOLE]
    # the whole-site pages take as long as a few hundred others: worth a worker of their own beside any page
    worth = len(pages) >= PARALLEL_FROM or (WHOLE in jobs and pages)
    try:
        if workers > 1 and worth and can_fork():
            chunks = [[WHOLE]] if WHOLE in jobs else []
            chunks += [pages[at : at + CHUNK] for at in range(0, len(pages), CHUNK)]
            with multiprocessing.get_context("fork").Pool(min(workers, len(chunks))) as pool:
                done = list(pool.imap(_make_chunk, chunks))
            if all(chunk is not None for chunk in done):
                return [made for chunk in done if chunk is not None for made in chunk]
            # a worker saw another state of the index: every page is made again here, from the build's
        return [made for job in jobs for made in _make(job)]
    finally:
        _STATE.clear()
