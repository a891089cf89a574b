"""Imports link a group to the same actor under another catalogue's or a curator's record, by a shared name."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from spyglass.cli.app import app
from spyglass.importers.attack import import_attack
from spyglass.importers.misp import import_misp
from spyglass.model.records import MAX_TEXT
from spyglass.validate.run import validate_kb

# Reef Cat (ATT&CK) is Sea Lynx (MISP) by Reef Cat's own name, and Kelp Crew (MISP) by an alias in another case.
REEF_CAT = {
    "type": "intrusion-set",
    "id": "intrusion-set--c0000000-0000-4000-8000-000000000200",
    "name": "Reef Cat",
    "description": "Reef Cat is a group that watches harbours.",
    "aliases": ["Reef Cat", "Sea Lynx", "Kelp Team"],
    "external_references": [{"source_name": "mitre-attack", "external_id": "G9200"}],
}
QUAY_OWL = {
    "type": "intrusion-set",
    "id": "intrusion-set--c0000000-0000-4000-8000-000000000201",
    "name": "Quay Owl",
    "description": "Quay Owl listens to port radio.",
    "external_references": [{"source_name": "mitre-attack", "external_id": "G9201"}],
}
CLUSTERS = {
    "Sea Lynx": ["Reef Cat", "Harbour Mink"],
    "Kelp Crew": ["KELP TEAM"],
    "Harbour Mink": [],  # shares a name with Sea Lynx, but in the same catalogue
    "Pier Fox": ["BoE"],  # the alias of an agency: not a group, never the same actor
}


def galaxy(tmp_path: Path, clusters: dict[str, list[str]] = CLUSTERS, first: int = 1) -> Path:
    """A MISP galaxy file of clusters (name -> synonyms), uuids numbered from `first`, each described."""
    values = [
        {
            "value": value,
            "uuid": f"00000000-0000-4000-8000-{i:012d}",
            "description": f"{value} is a threat group.",
            "meta": {"synonyms": synonyms} if synonyms else {},
        }
        for i, (value, synonyms) in enumerate(clusters.items(), first)
    ]
    path = tmp_path / "threat-actor.json"
    path.write_text(json.dumps({"name": "Threat Actor", "source": "Example", "values": values}), encoding="utf-8")
    return path


def bundle(tmp_path: Path, *objects: dict[str, object]) -> Path:
    """An ATT&CK-shaped bundle of the intrusion sets given (Reef Cat and Quay Owl by default)."""
    path = tmp_path / "bundle.json"
    body = {"type": "bundle", "id": "bundle--1", "objects": list(objects or (REEF_CAT, QUAY_OWL))}
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def claims(path: Path, predicate: str = "same_as") -> list[dict[str, object]]:
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [c for c in record["claims"] if c["predicate"] == predicate]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


KEPT = (
    "file(s) upstream no longer holds, kept: groups/misp-sea-lynx.yaml, sources/misp-sea-lynx-entry.txt, "
    "sources/misp-sea-lynx-entry.yaml"
)
NOTES_EVIDENCE = (
    "    statement: Dock Owl is also called Quay Owl.\n    evidence:\n      - source: notes\n"
    "        quote: Dock Owl, also known as Quay Owl\n"
)


def curated(kb: Path, more: str = "") -> Path:
    """A curator's group Dock Owl, also known as Quay Owl, quoted from a source of its own; `more` claims."""
    text = "Analysts call the harbour group Dock Owl, also known as Quay Owl.\n"
    (kb / "sources" / "notes.txt").write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()
    (kb / "sources" / "notes.yaml").write_text(
        f"id: notes\ntype: report\ntitle: Notes\ntext: notes.txt\nsha256: {digest}\n", encoding="utf-8"
    )
    (kb / "groups").mkdir(exist_ok=True)
    path = kb / "groups" / "dock-owl.yaml"
    claims = "  - predicate: alias\n    value: Quay Owl\n" + NOTES_EVIDENCE + more
    path.write_text(f"id: dock-owl\nkind: group\nname: Dock Owl\nclaims:\n{claims}", encoding="utf-8")
    return path


def only_shared_name_warnings(kb: Path) -> None:
    """The knowledge base validates; the one warning left is SG505, which a shared name is meant to raise."""
    diagnostics = validate_kb(kb, use_cache=False).diagnostics
    assert [d for d in diagnostics if d.code != "SG505"] == []


def test_misp_after_attack_links_each_cluster_that_shares_a_name(kb: Path, tmp_path: Path) -> None:
    import_attack(bundle(tmp_path), kb)
    attack_files = {rel: data for rel, data in tree(kb).items() if "attack-" in rel}
    report = import_misp(galaxy(tmp_path), kb)
    assert claims(kb / "groups" / "misp-sea-lynx.yaml") == [
        {
            "predicate": "same_as",
            "object": "attack-g9200",
            "statement": "Sea Lynx is the actor that MITRE ATT&CK calls Reef Cat.",
            "evidence": [{"source": "misp-sea-lynx-entry", "quote": "synonyms: Reef Cat"}],
        }
    ]
    assert claims(kb / "groups" / "misp-kelp-crew.yaml") == [
        {
            "predicate": "same_as",
            "object": "attack-g9200",
            "statement": "Kelp Crew is the actor that MITRE ATT&CK calls Reef Cat; both name it KELP TEAM.",
            "evidence": [{"source": "misp-kelp-crew-entry", "quote": "synonyms: KELP TEAM"}],
        }
    ]
    assert claims(kb / "groups" / "misp-harbour-mink.yaml") == []
    assert claims(kb / "groups" / "misp-pier-fox.yaml") == []
    assert report.as_json()["same_as_links"] == 2
    assert report.as_json()["same_as"] == [
        {"entity": "misp-sea-lynx", "same_as": "attack-g9200", "name": "Reef Cat"},
        {"entity": "misp-kelp-crew", "same_as": "attack-g9200", "name": "KELP TEAM"},
    ]
    assert report.claims["same_as"] == 2
    assert {rel: data for rel, data in tree(kb).items() if "attack-" in rel} == attack_files
    manifest = json.loads((kb / ".spyglass-import-misp.json").read_text(encoding="utf-8"))
    assert all(rel.split("/")[1].startswith("misp-") for rel in manifest["files"])
    only_shared_name_warnings(kb)


def test_attack_after_misp_links_the_other_way(kb: Path, tmp_path: Path) -> None:
    import_misp(galaxy(tmp_path), kb)
    report = import_attack(bundle(tmp_path), kb)
    assert claims(kb / "groups" / "attack-g9200.yaml") == [
        {
            "predicate": "same_as",
            "object": "misp-kelp-crew",
            "statement": "Reef Cat is the actor that the MISP threat-actor galaxy calls Kelp Crew; both name it Kelp Team.",
            "evidence": [{"source": "attack-g9200-entry", "quote": "aliases: Kelp Team"}],
        },
        {
            "predicate": "same_as",
            "object": "misp-sea-lynx",
            "statement": "Reef Cat is the actor that the MISP threat-actor galaxy calls Sea Lynx.",
            "evidence": [{"source": "attack-g9200-entry", "quote": "aliases: Sea Lynx"}],
        },
    ]
    assert claims(kb / "groups" / "attack-g9201.yaml") == []
    assert [(s.entity, s.other) for s in report.same_as] == [
        ("attack-g9200", "misp-kelp-crew"),
        ("attack-g9200", "misp-sea-lynx"),
    ]
    only_shared_name_warnings(kb)


def test_reimports_in_either_order_change_nothing_and_never_link_a_pair_twice(kb: Path, tmp_path: Path) -> None:
    import_attack(bundle(tmp_path), kb)
    import_misp(galaxy(tmp_path), kb)
    before = tree(kb)
    again = import_attack(bundle(tmp_path), kb)  # the MISP records already link back: no second claim
    assert (again.same_as, again.written) == ([], 0)
    assert claims(kb / "groups" / "attack-g9200.yaml") == []
    misp = import_misp(galaxy(tmp_path), kb)
    assert ([s.other for s in misp.same_as], misp.written) == (["attack-g9200", "attack-g9200"], 0)
    assert import_attack(bundle(tmp_path), kb).written == 0
    assert tree(kb) == before


def test_a_record_another_import_links_stays_when_its_catalogue_drops_it(kb: Path, tmp_path: Path) -> None:
    import_attack(bundle(tmp_path), kb)
    import_misp(galaxy(tmp_path), kb)
    report = import_attack(bundle(tmp_path, QUAY_OWL), kb)  # ATT&CK no longer holds Reef Cat
    assert (report.removed, report.skipped[-1].what, report.skipped[-1].why) == (
        0,
        "file(s) upstream no longer holds, kept: groups/attack-g9200.yaml, sources/attack-g9200-entry.txt, "
        "sources/attack-g9200-entry.yaml",
        "records of curators or of other imports cite them",
    )
    only_shared_name_warnings(kb)


def test_a_group_links_to_a_curators_record_by_an_alias_but_not_back_when_the_curator_links_it(
    kb: Path, tmp_path: Path
) -> None:
    curated(kb)
    report = import_attack(bundle(tmp_path), kb)
    assert claims(kb / "groups" / "attack-g9201.yaml") == [
        {
            "predicate": "same_as",
            "object": "dock-owl",
            "statement": "Quay Owl is the actor that a curator's record calls Dock Owl; both name it Quay Owl.",
            "evidence": [{"source": "attack-g9201-entry", "quote": "name: Quay Owl"}],
        }
    ]
    assert [(s.entity, s.other, s.name) for s in report.same_as] == [("attack-g9201", "dock-owl", "Quay Owl")]
    only_shared_name_warnings(kb)
    curated(kb, "  - predicate: same_as\n    object: attack-g9201\n" + NOTES_EVIDENCE)
    assert import_attack(bundle(tmp_path), kb).same_as == []
    assert claims(kb / "groups" / "attack-g9201.yaml") == []
    only_shared_name_warnings(kb)


def test_a_record_the_import_keeps_for_a_curator_is_its_own_never_linked(kb: Path, tmp_path: Path) -> None:
    curated(kb, "  - predicate: same_as\n    object: misp-sea-lynx\n" + NOTES_EVIDENCE)
    import_misp(galaxy(tmp_path, {"Sea Lynx": []}), kb)
    report = import_misp(galaxy(tmp_path, {"Harbour Mink": ["Sea Lynx"]}, first=2), kb)  # upstream dropped Sea Lynx
    assert report.skipped[-1].what == KEPT
    assert (report.same_as, claims(kb / "groups" / "misp-harbour-mink.yaml")) == ([], [])


def test_names_match_in_any_case_and_normal_form(kb: Path, tmp_path: Path) -> None:
    import_attack(bundle(tmp_path), kb)
    report = import_misp(galaxy(tmp_path, {"Ｑｕａｙ ｏｗｌ": []}), kb)  # fullwidth letters, another case
    assert [(s.entity, s.other, s.name) for s in report.same_as] == [
        ("misp-quay-owl", "attack-g9201", "Ｑｕａｙ ｏｗｌ")
    ]
    only_shared_name_warnings(kb)


def test_a_curators_name_too_long_for_the_statement_is_named_by_its_id(kb: Path, tmp_path: Path) -> None:
    (kb / "groups").mkdir()
    long_name = "Owl " * 490 + "Quay Owl"
    record = {"id": "owls", "kind": "group", "name": long_name, "claims": [_alias("Quay Owl")]}
    (kb / "groups" / "owls.yaml").write_text(yaml.safe_dump(record, width=10000), encoding="utf-8")
    import_attack(bundle(tmp_path), kb)
    [claim] = claims(kb / "groups" / "attack-g9201.yaml")
    assert claim["statement"] == "Quay Owl is the actor of the record owls; both name it Quay Owl."
    assert len(f"Quay Owl is the actor that a curator's record calls {long_name}; both name it Quay Owl.") > MAX_TEXT


def test_cli_reports_the_links(kb: Path, tmp_path: Path) -> None:
    import_attack(bundle(tmp_path), kb)
    path = galaxy(tmp_path)
    result = CliRunner().invoke(app, ["--kb", str(kb), "import", "misp", str(path)])
    assert result.exit_code == 0, result.output
    assert "  claims: 10 (4 alias, 2 same_as, 4 states)" in result.stdout.splitlines()
    again = CliRunner().invoke(app, ["--kb", str(kb), "import", "misp", str(path), "--json"])
    assert again.exit_code == 0, again.output
    shown = json.loads(again.stdout)
    assert (shown["same_as_links"], shown["same_as"][0]) == (
        2,
        {"entity": "misp-sea-lynx", "same_as": "attack-g9200", "name": "Reef Cat"},
    )


def _alias(value: str) -> dict[str, object]:
    return {
        "predicate": "alias",
        "value": value,
        "statement": "An alias.",
        "evidence": [{"source": "gazette", "quote": "Bureau of Examples"}],
    }
