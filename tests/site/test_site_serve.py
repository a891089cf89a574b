"""`spyglass serve`: the site on 127.0.0.1, rebuilt when a record changes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from spyglass.site.serve import Preview


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode()


def test_serves_the_site_and_rebuilds_a_changed_record(kb: Path, tmp_path: Path) -> None:
    preview = Preview(kb, tmp_path / "site")
    preview.start(0)
    try:
        assert preview.url.startswith("http://127.0.0.1:")
        status, page = fetch(preview.url.replace("index.html", "entity/ministry.html"))
        assert status == 200 and "Officials of the Ministry confirmed a report about the bureau." in page
        assert preview.check() is False  # nothing changed
        ministry = kb / "agencies" / "ministry.yaml"
        ministry.write_text(ministry.read_text().replace("a report about the bureau", "a report"), encoding="utf-8")
        assert preview.check() is True
        _, page = fetch(preview.url.replace("index.html", "entity/ministry.html"))
        assert "Officials of the Ministry confirmed a report." in page
    finally:
        preview.stop()


def test_the_command_builds_serves_and_stops_on_interrupt(kb: Path, tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "spyglass"
    process = subprocess.Popen(
        [str(exe), "--kb", str(kb), "serve", "--port", "0", "--out", str(tmp_path / "site")],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    try:
        assert process.stderr is not None
        built = process.stderr.readline()
        serving = process.stderr.readline()
        assert built.startswith("built 25 pages (25 written, 0 removed)")
        assert serving.startswith(f"serving {tmp_path / 'site'} at http://127.0.0.1:")
        url = serving.split(" at ")[1].split(" ")[0]
        assert fetch(url)[0] == 200
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
        assert process.stderr.read() == "stopped\n"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


def test_a_port_in_use_is_a_usage_error(kb: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from spyglass.cli.app import app

    holder = Preview(kb, tmp_path / "one")
    holder.start(0)
    try:
        port = holder.server.server_address[1] if holder.server else 0
        started = time.monotonic()
        result = CliRunner().invoke(
            app, ["--kb", str(kb), "serve", "--port", str(port), "--out", str(tmp_path / "two")]
        )
        assert time.monotonic() - started < 30
        assert result.exit_code == 2
        assert f"spyglass: error: cannot listen on 127.0.0.1:{port}: " in result.stderr
        assert "  hint: Give another --port, or 0 for any free one.\n" in result.stderr
    finally:
        holder.stop()


def test_a_port_out_of_range_is_a_usage_error(kb: Path) -> None:
    from typer.testing import CliRunner

    from spyglass.cli.app import app

    result = CliRunner().invoke(app, ["--kb", str(kb), "serve", "--port", "70000"])
    assert result.exit_code == 2
    assert result.stderr == (
        "spyglass: error: --port 70000 is not a port number\n  hint: Give a port from 1 to 65535, or 0 for any free one.\n"
    )


def test_a_rebuild_that_fails_is_reported_and_the_watch_goes_on(kb: Path, tmp_path: Path) -> None:
    import shutil

    seen: list[object] = []
    (tmp_path / "out").mkdir()
    preview = Preview(kb, tmp_path / "out" / "site", on_rebuild=seen.append)
    shutil.rmtree(tmp_path / "out")  # the site's folder and its parent are gone: nowhere to write
    (kb / "agencies" / "ministry.yaml").write_text((kb / "agencies" / "ministry.yaml").read_text() + "\n")
    assert preview.check() is True
    assert len(seen) == 1 and str(getattr(seen[0], "message", "")).startswith("no folder ")
    assert preview.check() is False  # nothing changed since: no second attempt, no second report
