"""Making the entity and source pages, on every core for a full build: Jinja2 costs ~1.5 ms an entity page."""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Iterator, Sequence
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


Job = tuple[str, str]  # ("entity" or "source", its id)
Made = list[tuple[str, list[str], bool]]  # each file's path, its record in the manifest, whether it was written


@dataclass(frozen=True)
class State:
    """What every page is made from; a forked worker inherits it rather than receiving it."""

    data: SiteData
    kinds: list[tuple[str, str]]
    writer: Writer
    salt: str  # a digest of the code and the navigation: when either changes, every page is made again


_STATE: list[State] = []  # set before the workers fork, so that they share it without pickling


def _make(job: Job) -> Made:
    """Make one job's files (in a worker, when forked): an entity's JSON, and the page unless the last build made
    it from the same inputs."""
    from spyglass.site import pages

    state = _STATE[0]
    kind, ident = job
    rel = f"{kind}/{ident}.html"
    made: Made = []
    if kind == "entity":
        entry, written = state.writer.write(f"entity/{ident}.json", pages.entity_data(state.data, ident))
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


def _make_chunk(jobs: list[Job]) -> Made:
    return [made for job in jobs for made in _make(job)]


def make_pages(state: State, jobs: list[Job], workers: int) -> Iterator[tuple[str, list[str], bool]]:
    """Make every job's files, on forked workers when there are many."""
    _STATE[:] = [state]
    try:
        if workers < 2 or len(jobs) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
            for job in jobs:
                yield from _make(job)
            return
        chunks = [jobs[at : at + CHUNK] for at in range(0, len(jobs), CHUNK)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for made in pool.imap(_make_chunk, chunks):
                yield from made
    finally:
        _STATE.clear()
