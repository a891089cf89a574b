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

    from spyglass.kb.knowledge_base import KnowledgeBase
    from spyglass.site.output import Writer
    from spyglass.site.rows import Claims
    from spyglass.validate.proof import Proof

HERE = Path(__file__).parent
PARALLEL_FROM = 300  # pages; below this, starting workers costs more than it saves
CHUNK = 50


@cache
def environment() -> Environment:
    """The templates, every value escaped for HTML (a record's `<script>` or `{{ }}` stays text)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
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

    kb: KnowledgeBase
    proof: Proof
    claims: Claims
    kinds: list[tuple[str, str]]
    writer: Writer
    salt: str  # a digest of the code and the navigation: when either changes, every page is made again


_STATE: list[State] = []  # set before the workers fork, so that they share it without pickling


def _prepare(state: State, job: Job) -> tuple[Made, str | None]:
    """Write an entity's JSON; the key of the job's page, or None when the last build made it from the same inputs."""
    from spyglass.site import pages

    kind, ident = job
    rel = f"{kind}/{ident}.html"
    made: Made = []
    if kind == "entity":
        data = pages.entity_data(state.kb, state.claims, ident)
        made.append((f"entity/{ident}.json", *state.writer.write(f"entity/{ident}.json", data)))
        inputs = data + pages.entity_inputs(state.kb, state.claims, ident)
    else:
        inputs = pages.source_inputs(state.kb, state.proof, state.claims, ident)
    key = hashlib.sha256(state.salt.encode() + b"\0" + inputs).hexdigest()
    kept = state.writer.kept(rel, key)
    if kept is not None:
        return [*made, (rel, kept, False)], None
    return made, key


def _render(task: tuple[Job, str]) -> tuple[str, list[str], bool]:
    """Render and write one page (in a worker, when forked)."""
    from spyglass.site import pages

    state = _STATE[0]
    (kind, ident), key = task
    if kind == "entity":
        page = render("entity.html", pages.entity_page(state.kb, state.claims, ident), "../", state.kinds)
    else:
        page = render("source.html", pages.source_page(state.kb, state.proof, state.claims, ident), "../", state.kinds)
    rel = f"{kind}/{ident}.html"
    return (rel, *state.writer.write(rel, page, key))


def _render_chunk(tasks: list[tuple[Job, str]]) -> Made:
    return [_render(task) for task in tasks]


def make_pages(state: State, jobs: list[Job], workers: int) -> Iterator[tuple[str, list[str], bool]]:
    """Make every job's files: keys here, then the pages whose inputs changed, on forked workers if there are many."""
    tasks: list[tuple[Job, str]] = []
    for job in jobs:
        made, key = _prepare(state, job)
        yield from made
        if key is not None:
            tasks.append((job, key))
    _STATE[:] = [state]
    try:
        if workers < 2 or len(tasks) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
            for task in tasks:
                yield _render(task)
            return
        chunks = [tasks[at : at + CHUNK] for at in range(0, len(tasks), CHUNK)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for made in pool.imap(_render_chunk, chunks):
                yield from made
    finally:
        _STATE.clear()
