"""A preview of the site on 127.0.0.1: built first, then rebuilt page by page whenever a record changes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from spyglass.errors import SpyglassError, UsageError
from spyglass.kb.stat import scan
from spyglass.site.build import Built, build_site

POLL_SECONDS = 1.0


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site's folder; the library writes nothing to the terminal, so requests are not logged."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a preview must show the page just rebuilt
        super().end_headers()


class Preview:
    """The built site, a server on 127.0.0.1, and a thread that rebuilds when the knowledge base changes."""

    def __init__(
        self,
        root: Path,
        out: Path | None = None,
        on_rebuild: Callable[[Built | SpyglassError], None] | None = None,
        workers: int = 1,
    ) -> None:
        from spyglass.cache import cache_dir

        self.root = root
        self.out = out if out is not None else cache_dir(root) / "site"
        if out is None:
            self.out.parent.mkdir(parents=True, exist_ok=True)
        self.on_rebuild = on_rebuild
        self.seen = scan(root)
        self.built = build_site(root, self.out, workers=workers)  # no thread runs yet: workers may fork
        self.server: ThreadingHTTPServer | None = None
        self.stopped = threading.Event()
        self.threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        port = self.server.server_address[1] if self.server else 0
        return f"http://127.0.0.1:{port}/index.html"

    def start(self, port: int) -> None:
        """Listen on 127.0.0.1 only, serve in one thread and watch the records in another."""
        handler = partial(_QuietHandler, directory=str(self.built.folder))
        try:
            self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError as exc:
            raise UsageError(
                f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}",
                "Give another --port, or 0 for any free one.",
            ) from exc
        self.threads = [
            threading.Thread(target=self.server.serve_forever, name="spyglass-serve", daemon=True),
            threading.Thread(target=self._watch, name="spyglass-watch", daemon=True),
        ]
        for thread in self.threads:
            thread.start()

    def wait(self, timeout: float | None = None) -> None:
        """Block until stopped (or for `timeout` seconds)."""
        self.stopped.wait(timeout)

    def stop(self) -> None:
        """Stop serving and watching."""
        self.stopped.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        for thread in self.threads:
            thread.join(timeout=5)

    def check(self) -> bool:
        """Rebuild when any record or text changed since the last look; whether it rebuilt."""
        now = scan(self.root)
        if now == self.seen:
            return False
        self.seen = now
        try:
            self.built = build_site(self.root, self.out)
            outcome: Built | SpyglassError = self.built
        except SpyglassError as exc:  # a half-edited record: keep serving the last good pages
            outcome = exc
        except OSError as exc:  # the folder went away or filled up: say so, and keep watching
            where = f" ({exc.filename})" if exc.filename else ""
            outcome = SpyglassError(f"{exc.strerror or exc}{where}", "Check that the site's folder can be written.")
        if self.on_rebuild is not None:
            self.on_rebuild(outcome)
        return True

    def _watch(self) -> None:
        while not self.stopped.wait(POLL_SECONDS):
            self.check()
