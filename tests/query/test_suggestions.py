"""What `show` suggests for an unknown name, and the timeline's order, through the CLI."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from typer.testing import CliRunner

from spyglass.cli.app import app


def spyglass(kb: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--kb", str(kb), *args])
    return result.exit_code, result.stdout, result.stderr


def test_show_an_unknown_name_suggests_every_close_name_and_alias_with_its_id(kb: Path) -> None:
    code, out, err = spyglass(kb, "show", "Bo")
    assert (code, out) == (1, "")
    assert err == (
        "spyglass: error: no entity called 'Bo'\n  hint: Did you mean: BoE (boe), Bureau of Examples (boe)?\n"
    )


def test_show_suggestions_come_closest_first_and_name_each_entity_sharing_a_name(kb: Path) -> None:
    twin = (kb / "agencies" / "ministry.yaml").read_text().replace("id: ministry", "id: ministry-twin")
    (kb / "agencies" / "ministry-twin.yaml").write_text(twin)
    code, _, err = spyglass(kb, "show", "Ministri")
    assert code == 1
    assert err == (
        "spyglass: error: no entity called 'Ministri'\n"
        "  hint: Did you mean: Ministry (ministry), Ministry (ministry-twin)?\n"
    )


def test_show_with_nothing_close_points_at_search(kb: Path) -> None:
    assert spyglass(kb, "show", "Zanzibar")[2] == (
        "spyglass: error: no entity called 'Zanzibar'\n  hint: Try: spyglass search \"Zanzibar\"\n"
    )


LOG = (
    "Until 2004 the Fleet met. From 2003 to 2005 the Dock ran. In March 2004 the Tide rose. "
    "Around 2004 the Gull flew. In the 1980s the Pier stood. In 2004 the Fleet sailed. In 2004 the Swan sang.\n"
)


def dated(kb: Path, entity_id: str, name: str, date: str, quote: str) -> None:
    (kb / "events" / f"{entity_id}.yaml").write_text(
        f"id: {entity_id}\nkind: event\nname: {name}\nclaims:\n  - predicate: occurred\n    value: '{date}'\n"
        f"    statement: {name} happened.\n    evidence:\n      - source: log\n        quote: {quote}\n"
    )


def test_the_timeline_orders_by_earliest_day_and_keeps_equal_dates_together(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    (kb / "sources").mkdir(parents=True)
    (kb / "events").mkdir()
    (kb / "sources" / "log.txt").write_text(LOG)
    digest = hashlib.sha256(LOG.encode()).hexdigest()
    (kb / "sources" / "log.yaml").write_text(
        f"id: log\ntype: report\ntitle: A log\nlicence: CC0-1.0\npublished: '2020'\ntext: log.txt\nsha256: {digest}\nreliability: C\n"
    )
    dated(kb, "fleet-met", "the Fleet met", "../2004", "Until 2004 the Fleet met")
    dated(kb, "dock", "the Dock", "2003/2005", "From 2003 to 2005 the Dock ran")
    dated(kb, "tide", "the Tide", "2004-03", "In March 2004 the Tide rose")
    dated(kb, "gull", "the Gull", "2004?", "Around 2004 the Gull flew")
    dated(kb, "pier", "the Pier", "198X", "In the 1980s the Pier stood")
    dated(kb, "fleet-sailed", "the Fleet sailed", "2004", "In 2004 the Fleet sailed")
    dated(kb, "swan", "the Swan", "2004", "In 2004 the Swan sang")  # after 'gull' by id, yet beside the other 2004
    assert spyglass(kb, "validate")[0] == 0
    code, out, _ = spyglass(kb, "timeline", "--json")
    assert code == 0
    assert [(c["value"], c["subject"]) for c in json.loads(out)["timeline"]] == [
        ("../2004", "fleet-met"),
        ("198X", "pier"),
        ("2003/2005", "dock"),
        ("2004", "fleet-sailed"),
        ("2004", "swan"),
        ("2004?", "gull"),
        ("2004-03", "tide"),
    ]
