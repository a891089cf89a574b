"""The real ATT&CK and MISP files imported into a copy of records/: one actor across catalogues, linked to the MSS."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SHARED
from spyglass.cli.app import app
from spyglass.errors import Ambiguous
from spyglass.importers.attack import import_attack
from spyglass.importers.entries import ImportReport
from spyglass.importers.misp import import_misp
from spyglass.index.database import open_index
from spyglass.query.resolve import resolve
from spyglass.text.quotes import normalise

ATTACK = SHARED / "data" / "attack" / "enterprise-intrusion-sets-and-relationships.json"
MISP = SHARED / "data" / "misp-galaxy" / "threat-actor.json"
RECORDS = Path(__file__).resolve().parents[2] / "records"

pytestmark = pytest.mark.skipif(
    not (ATTACK.exists() and MISP.exists()),
    reason=f"the real ATT&CK and MISP files are not in {SHARED / 'data'} (../shared/data is absent)",
)


@dataclass
class Imported:
    root: Path
    index: sqlite3.Connection
    attack: ImportReport
    misp: ImportReport


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Imported]:
    """records/ with ATT&CK imported first, then MISP (which links to it), and its index; built once."""
    root = tmp_path_factory.mktemp("real") / "records"
    shutil.copytree(RECORDS, root)
    attack = import_attack(ATTACK, root)
    misp = import_misp(MISP, root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SPYGLASS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        index, _ = open_index(root)
        yield Imported(root, index, attack, misp)
        index.close()


def named(index: sqlite3.Connection, name: str) -> set[str]:
    """The entities a name resolves to: one, or every candidate when several records bear it."""
    try:
        return {resolve(index, name)}
    except Ambiguous as exc:
        return {candidate[0] for candidate in exc.candidates}


def cluster(index: sqlite3.Connection, start: str) -> set[str]:
    """The records joined to `start` by valid same_as claims, in either direction."""
    found, todo = {start}, [start]
    while todo:
        here = todo.pop()
        for subject, target in index.execute(
            "SELECT subject, object FROM claims WHERE predicate = 'same_as' AND ok = 1 AND (subject = ? OR object = ?)",
            (here, here),
        ):
            for other in (subject, target):
                if other not in found:
                    found.add(other)
                    todo.append(other)
    return found


def proved(index: sqlite3.Connection, claim: int) -> list[str]:
    """The quotes of a claim, each checked against the archived text at the offsets the index proved."""
    quotes = []
    for quote, source, start, end in index.execute(
        'SELECT quote, source, start, "end" FROM evidence WHERE claim = ? ORDER BY position', (claim,)
    ):
        [body] = index.execute("SELECT body FROM texts WHERE source = ?", (source,)).fetchone()
        assert start is not None and " ".join(normalise(body[start:end]).split()) == " ".join(normalise(quote).split())
        quotes.append(quote)
    return quotes


def test_apt10_menupass_and_stone_panda_are_one_cluster_linked_to_the_mss(imported: Imported) -> None:
    index = imported.index
    apt10 = cluster(index, "attack-g0045")
    assert {"attack-g0045", "misp-apt10"} <= apt10
    for name in ("APT10", "menuPass", "Stone Panda"):
        assert named(index, name) <= apt10, name
    [link] = index.execute(
        "SELECT rowid, statement FROM claims WHERE subject = 'misp-apt10' AND predicate = 'same_as' "
        "AND object = 'attack-g0045' AND ok = 1"
    ).fetchall()
    assert link[1] == "APT10 is the actor that MITRE ATT&CK calls menuPass; both name it APT10."
    assert proved(index, link[0]) == ["value: APT10"]
    attributions = index.execute(
        "SELECT rowid, subject FROM claims WHERE predicate = 'attributed_to' AND object = 'mss' AND ok = 1"
    ).fetchall()
    linked = {subject: claim for claim, subject in attributions if subject in apt10}
    assert sorted(linked) == ["attack-g0045", "misp-apt10"]  # each catalogue's own text says it
    [quote] = proved(index, linked["misp-apt10"])
    assert "acted in association with the Chinese Ministry of State Security's (MSS)" in quote
    assert proved(index, linked["attack-g0045"])


def test_apt28_and_sandworm_form_clusters_across_the_catalogues(imported: Imported) -> None:
    index = imported.index
    apt28 = cluster(index, "attack-g0007")
    assert {"attack-g0007", "misp-apt28"} <= apt28
    for name in ("APT28", "Fancy Bear", "Sofacy"):
        assert named(index, name) <= apt28, name
    sandworm = cluster(index, "attack-g0034")
    assert {"attack-g0034", "misp-sandworm"} <= sandworm
    for name in ("Sandworm Team", "Sandworm"):
        assert named(index, name) <= sandworm, name
    assert not apt28 & sandworm


def test_every_link_is_valid_and_the_import_reports_each(imported: Imported) -> None:
    index = imported.index
    links = index.execute("SELECT subject, object, ok FROM claims WHERE predicate = 'same_as'").fetchall()
    assert {(s, o) for s, o, _ in links} == {(s.entity, s.other) for s in imported.misp.same_as}
    assert all(ok == 1 for _, _, ok in links)
    assert imported.attack.same_as == []  # nothing else was in the knowledge base to link to
    assert imported.misp.as_json()["same_as_links"] == len(links) > 100
    result = CliRunner().invoke(app, ["--kb", str(imported.root), "validate", "--format", "json"])
    assert (result.exit_code, json.loads(result.stdout)["counts"]["errors"]) == (0, 0)


def test_imports_in_the_other_order_link_the_same_pairs_and_a_reimport_changes_nothing(
    imported: Imported, tmp_path: Path
) -> None:
    root = tmp_path / "records"
    shutil.copytree(RECORDS, root)
    import_misp(MISP, root)
    attack = import_attack(ATTACK, root)
    assert {(s.other, s.entity) for s in attack.same_as} == {(s.entity, s.other) for s in imported.misp.same_as}
    again = import_misp(MISP, root)
    assert (again.same_as, again.written) == ([], 0)


def test_apt10_menupass_and_stone_panda_answer_one_profile_linked_to_the_mss(imported: Imported) -> None:
    from spyglass.query.answers import show

    profiles = [show(imported.index, name) for name in ("APT10", "menuPass", "Stone Panda")]
    assert profiles[0] == profiles[1] == profiles[2]
    profile = profiles[0]
    assert {"attack-g0045", "misp-apt10"} <= set(profile["cluster"])
    to_mss = [c for c in profile["claims"] if c["predicate"] == "attributed_to" and c["object"] == "mss"]
    assert to_mss, "the cluster is linked to the MSS"
    for claim in to_mss + profile["same_as"]:
        for evidence in claim["evidence"]:
            text = (imported.root / "sources" / f"{evidence['source']}.txt").read_text(encoding="utf-8")
            assert normalise(text[evidence["start"] : evidence["end"]]) == normalise(evidence["quote"])
