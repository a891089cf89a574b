"""Rendering pages from templates, on every core for a full build: Jinja2 costs ~3 ms an entity page."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment

    from spyglass.kb.knowledge_base import KnowledgeBase
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


@dataclass(frozen=True)
class Job:
    """One entity or source page to render: where it goes, what it is made of, and whose page it is."""

    rel: str
    key: str
    kind: str  # "entity" or "source"
    id: str


@dataclass(frozen=True)
class State:
    """What every page is rendered from; a forked worker inherits it rather than receiving it."""

    kb: KnowledgeBase
    proof: Proof
    claims: Claims
    kinds: list[tuple[str, str]]


_STATE: list[State] = []  # set before the workers fork, so that they share it without pickling


def _render_job(job: Job) -> bytes:
    from spyglass.site import pages

    state = _STATE[0]
    if job.kind == "entity":
        context = pages.entity_page(state.kb, state.claims, job.id)
        return render("entity.html", context, "../", state.kinds)
    context = pages.source_page(state.kb, state.proof, state.claims, job.id)
    return render("source.html", context, "../", state.kinds)


def _render_chunk(jobs: list[Job]) -> list[bytes]:
    return [_render_job(job) for job in jobs]


def render_jobs(state: State, jobs: list[Job], workers: int) -> Iterator[tuple[Job, bytes]]:
    """Each job with its page, in the order given; forked workers share the work when there is enough of it."""
    _STATE[:] = [state]
    try:
        if workers < 2 or len(jobs) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
            for job in jobs:
                yield job, _render_job(job)
            return
        chunks = [jobs[at : at + CHUNK] for at in range(0, len(jobs), CHUNK)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for chunk, pages in zip(chunks, pool.imap(_render_chunk, chunks), strict=True):
                yield from zip(chunk, pages, strict=True)
    finally:
        _STATE.clear()
