"""The human output of timeline, sources ID and quote, exactly as a reader sees it; and what `show` loads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from spyglass.cli.app import app

HEADER = "— The Example Gazette, in its own voice, in A bureau that watches the"


def human(kb: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--kb", str(kb), *args])
    return result.exit_code, result.stdout


def test_timeline_reads_in_date_order_with_each_quote(kb: Path) -> None:
    assert human(kb, "timeline") == (
        0,
        "1971\n"
        "  • Ms. Rivera born Ms. Rivera was born in 1971.  [1971]  single\n"
        "      “She was born in 1971”\n"
        f"        {HEADER}\n"
        "        harbour (2020-05-01) [gazette 287-307] grade C?\n"
        "2001\n"
        "  • left the bureau occurred Ms. Rivera left the bureau in 2001.  [2001]  single\n"
        "      “left the bureau in 2001”\n"
        f"        {HEADER}\n"
        "        harbour (2020-05-01) [gazette 312-335] grade C?\n"
        "  • Ms. Rivera formerly_member_of Bureau of Examples: Ms. Rivera left the bureau\n"
        "  in 2001.  (when: 2001)  single\n"
        "      “left the bureau in 2001”\n"
        f"        {HEADER}\n"
        "        harbour (2020-05-01) [gazette 312-335] grade C?\n",
    )


def test_a_source_shows_its_record_coverage_and_the_claims_citing_it(kb: Path) -> None:
    code, out = human(kb, "sources", "gazette")
    assert code == 0
    assert out.startswith(
        "A bureau that watches the harbour\n"
        "  id: gazette\n"
        "  type: news-article\n"
        "  authors: A. Writer\n"
        "  publisher: The Example Gazette\n"
        "  published: 2020-05-01\n"
        "  reliability: C\n"
        "\n"
        "Coverage: 5 of 5 sentences quoted (100%)\n"
        "\n"
        "Claims citing it (11)\n"
        "  • Bureau of Examples alias The Bureau of Examples is called BoE.  [BoE]\n"
    )
    assert out.count("\n  • ") == 11
    assert "      “Officials of the Ministry confirmed that the Bureau of Examples watches\n" in out


def test_quote_shows_where_the_passage_stands_or_the_closest_ones(kb: Path) -> None:
    assert human(kb, "quote", "gazette", "watches the harbour") == (
        0,
        "Found in gazette at 56-75 (line 1, column 57):\n"
        "  The Example Gazette reports that the Bureau of Examples watches the harbour.\n"
        "  Ms. Rivera said the Bureau of Examples, or BoE, recruits…\n",
    )
    assert human(kb, "quote", "gazette", "watches the harbor") == (
        1,
        "Not found in gazette. The closest passages:\n"
        "  95% alike at 56-76 (line 1, column 57): watches the harbour.\n"
        "  95% alike at 266-286 (line 5, column 65): watches the harbour.\n"
        "  50% alike at 28-46 (line 1, column 29): that the Bureau of\n",
    )


def test_show_on_an_indexed_knowledge_base_loads_neither_pydantic_nor_yaml(kb: Path, tmp_path: Path) -> None:
    probe = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('loaded: ' + ' '.join(m for m in ('pydantic', 'yaml', 'jsonschema') "
        "if m in sys.modules) + '\\n'))\n"
        "from spyglass.cli.app import main\n"
        "main()\n"
    )
    env = {"PATH": "/usr/bin:/bin", "SPYGLASS_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    command = [sys.executable, "-c", probe, "--kb", str(kb), "show", "BoE"]
    build = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert build.returncode == 0  # the first query builds the index, which parses the records
    shown = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert (shown.returncode, shown.stderr) == (0, "loaded: \n")
    assert shown.stdout == build.stdout
