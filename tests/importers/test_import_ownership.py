"""Re-imports never lose a curator's work: edited files refused, cited records kept, nothing written outside."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spyglass.cli.app import app
from spyglass.validate.run import validate_kb

REEF = "Reef Cat is a threat group that watches harbours."
CRANE = "Silent Crane listens to port radio."


def galaxy(tmp_path: Path, name: str, clusters: dict[str, str]) -> Path:
    """A MISP galaxy file of clusters (name -> description), each with one synonym."""
    values = [
        {
            "value": value,
            "uuid": f"00000000-0000-4000-8000-{i:012d}",
            "description": description,
            "meta": {"synonyms": [f"{value} Crew"]},
        }
        for i, (value, description) in enumerate(clusters.items(), 1)
    ]
    path = tmp_path / name
    path.write_text(json.dumps({"name": "Threat Actor", "source": "Example", "values": values}), encoding="utf-8")
    return path


def bundle(tmp_path: Path, name: str, description: str) -> Path:
    """An ATT&CK-shaped bundle of one intrusion set, G9100."""
    intrusion_set = {
        "type": "intrusion-set",
        "id": "intrusion-set--c0000000-0000-4000-8000-000000000100",
        "name": "Tide Cat",
        "description": description,
        "aliases": ["Tide Cat", "Low Cat"],
        "external_references": [
            {"source_name": "mitre-attack", "external_id": "G9100", "url": "https://attack.example/G9100"}
        ],
    }
    path = tmp_path / name
    path.write_text(json.dumps({"type": "bundle", "id": "bundle--1", "objects": [intrusion_set]}), encoding="utf-8")
    return path


def tree(root: Path) -> dict[str, str]:
    """Every file under `root` (hidden ones too) by relative path, with the sha256 of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def run(kb: Path, catalogue: str, path: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--kb", str(kb), "import", catalogue, str(path)])
    return result.exit_code, result.stdout, result.stderr


def assert_valid(kb: Path) -> None:
    report = validate_kb(kb, use_cache=False)
    assert [d for d in report.diagnostics if d.severity == "error"] == []


@pytest.fixture
def v1(tmp_path: Path) -> Path:
    return galaxy(tmp_path, "v1.json", {"Reef Cat": REEF, "Silent Crane": CRANE})


@pytest.fixture
def v2(tmp_path: Path) -> Path:
    """Upstream's next version: Reef Cat's description grows, Silent Crane is gone."""
    return galaxy(tmp_path, "v2.json", {"Reef Cat": f"{REEF} It also reads shipping manifests."})


EDITS = {
    "a summary added": ("groups/misp-reef-cat.yaml", "name: Reef Cat\n", "name: Reef Cat\nsummary: Our notes.\n"),
    "a statement reworded": (
        "groups/misp-reef-cat.yaml",
        "statement: The MISP threat-actor galaxy describes Reef Cat.",
        "statement: Reef Cat watches harbours, says the galaxy.",
    ),
    "a credibility grade set": (
        "groups/misp-reef-cat.yaml",
        "    quote: Reef Cat is a threat group that watches harbours.\n",
        "    quote: Reef Cat is a threat group that watches harbours.\n    credibility: '3'\n",
    ),
    "a claim added that quotes the entry": (
        "groups/misp-reef-cat.yaml",
        "claims:\n",
        "claims:\n- predicate: states\n  statement: Reef Cat watches harbours.\n  evidence:\n"
        "  - source: misp-reef-cat-entry\n    quote: watches harbours\n",
    ),
    "the archived text changed": ("sources/misp-reef-cat-entry.txt", "value: Reef Cat", "value: Reef Cat  "),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_reimport_refuses_to_overwrite_a_curators_edit_and_changes_nothing(
    kb: Path, v1: Path, v2: Path, edit: str
) -> None:
    assert run(kb, "misp", v1)[0] == 0
    rel, old, new = EDITS[edit]
    path = kb / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    before = tree(kb)
    code, stdout, stderr = run(kb, "misp", v2)
    assert (code, stdout) == (1, "")
    lines = stderr.splitlines()
    assert lines[0] == f"spyglass: error: the import would overwrite or remove files edited since it wrote them: {rel}"
    assert lines[1].startswith("  hint: Nothing was changed. To take the catalogue's version, delete or restore")
    assert tree(kb) == before
    # The same file imported again would overwrite the edit too.
    assert run(kb, "misp", v1)[0] == 1
    assert tree(kb) == before


def test_a_deleted_edit_takes_the_catalogues_version_and_validates(kb: Path, v1: Path, v2: Path) -> None:
    run(kb, "misp", v1)
    edited = kb / "groups/misp-reef-cat.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "summary: Mine.\n", encoding="utf-8")
    assert run(kb, "misp", v2)[0] == 1
    edited.unlink()
    code, stdout, _ = run(kb, "misp", v2)
    assert code == 0
    assert "  files: 3 written, 0 unchanged, 3 removed" in stdout.splitlines()
    assert "summary" not in edited.read_text(encoding="utf-8")
    assert_valid(kb)


def test_an_edited_file_that_upstream_dropped_is_not_removed(kb: Path, v1: Path, v2: Path) -> None:
    run(kb, "misp", v1)
    crane = kb / "groups/misp-silent-crane.yaml"
    crane.write_text(
        crane.read_text(encoding="utf-8").replace("name: Silent Crane\n", "name: Silent Crane\nsummary: Ours.\n"),
        encoding="utf-8",
    )
    before = tree(kb)
    code, _, stderr = run(kb, "misp", v2)
    assert code == 1
    assert stderr.splitlines()[0].endswith("edited since it wrote them: groups/misp-silent-crane.yaml")
    assert tree(kb) == before


def test_a_curators_own_record_quoting_an_entry_survives_reimports(kb: Path, v1: Path, v2: Path) -> None:
    run(kb, "misp", v1)
    mine = kb / "groups" / "reef-cat.yaml"
    mine.write_text(
        "id: reef-cat\nkind: group\nname: Reef Cat\nsummary: Our own words about Reef Cat.\nclaims:\n"
        "  - predicate: states\n    statement: Reef Cat watches harbours.\n    evidence:\n"
        "      - source: misp-reef-cat-entry\n        quote: Reef Cat is a threat group that watches harbours.\n"
        "        credibility: '2'\n",
        encoding="utf-8",
    )
    kept = mine.read_bytes()
    assert run(kb, "misp", v2)[0] == 0
    assert mine.read_bytes() == kept
    assert_valid(kb)


def test_a_source_a_curator_cites_stays_when_upstream_drops_it(kb: Path, v1: Path, v2: Path) -> None:
    run(kb, "misp", v1)
    note = kb / "targets" / "port-radio.yaml"
    note.write_text(
        "id: port-radio\nkind: target\nname: port radio\nclaims:\n  - predicate: states\n"
        "    statement: Silent Crane listens to port radio.\n    evidence:\n"
        f"      - source: misp-silent-crane-entry\n        quote: {CRANE}\n",
        encoding="utf-8",
    )
    source = {
        rel: (kb / rel).read_bytes()
        for rel in ("sources/misp-silent-crane-entry.yaml", "sources/misp-silent-crane-entry.txt")
    }
    code, stdout, stderr = run(kb, "misp", v2)
    assert (code, stderr) == (0, "")
    assert {rel: (kb / rel).read_bytes() for rel in source} == source
    assert not (kb / "groups/misp-silent-crane.yaml").exists()  # nothing of a curator's points to it
    assert (
        "  2 file(s) upstream no longer holds, kept: sources/misp-silent-crane-entry.txt, "
        "sources/misp-silent-crane-entry.yaml: records of curators or of other imports cite them"
    ) in stdout.splitlines()
    assert_valid(kb)
    note.unlink()  # once nothing cites it, the next import removes it
    assert run(kb, "misp", v2)[0] == 0
    assert not any((kb / rel).exists() for rel in source)
    assert_valid(kb)


def test_an_entity_a_curator_points_to_stays_with_what_it_quotes(kb: Path, v1: Path, v2: Path) -> None:
    run(kb, "misp", v1)
    (kb / "events" / "radio-silence.yaml").write_text(
        "id: radio-silence\nkind: event\nname: the harbour\nclaims:\n  - predicate: involves\n"
        "    object: misp-silent-crane\n    statement: The gazette's harbour story involves Silent Crane.\n"
        "    evidence:\n      - source: gazette\n        quote: the Bureau of Examples watches the harbour\n",
        encoding="utf-8",
    )
    code, _, stderr = run(kb, "misp", v2)
    assert (code, stderr) == (0, "")
    for rel in (
        "groups/misp-silent-crane.yaml",
        "sources/misp-silent-crane-entry.yaml",
        "sources/misp-silent-crane-entry.txt",
    ):
        assert (kb / rel).exists(), rel
    assert_valid(kb)


def test_a_new_entry_text_that_drops_a_curators_quote_is_refused(kb: Path, v1: Path, tmp_path: Path) -> None:
    run(kb, "misp", v1)
    (kb / "groups" / "reef-cat.yaml").write_text(
        "id: reef-cat\nkind: group\nname: Reef Cat\nclaims:\n  - predicate: states\n"
        "    statement: Reef Cat watches harbours.\n    evidence:\n"
        f"      - source: misp-reef-cat-entry\n        quote: {REEF}\n",
        encoding="utf-8",
    )
    reworded = galaxy(tmp_path, "v3.json", {"Reef Cat": "Reef Cat reads manifests.", "Silent Crane": CRANE})
    before = tree(kb)
    code, _, stderr = run(kb, "misp", reworded)
    assert code == 1
    assert stderr.splitlines()[0] == (
        "spyglass: error: the catalogue's new entries no longer hold what curators' records quote: "
        "groups/reef-cat.yaml: a quote of misp-reef-cat-entry"
    )
    assert tree(kb) == before


@pytest.mark.parametrize(
    "link", ["groups", "groups-dangling", "sources/misp-reef-cat-entry.txt", ".spyglass-import-misp.json"]
)
def test_an_import_never_writes_through_a_link_out_of_the_knowledge_base(
    kb: Path, v1: Path, tmp_path: Path, link: str
) -> None:
    rel = link.removesuffix("-dangling")
    folder = rel == "groups"
    if not folder:
        run(kb, "misp", v1)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "target"
    if link == "groups":
        target.mkdir()
    elif not folder:
        target.write_bytes((kb / rel).read_bytes())
        (kb / rel).unlink()
    (kb / rel).symlink_to(target)  # groups-dangling: a folder not made yet, that making would make out there
    before, outside = tree(kb), tree(elsewhere)
    code, stdout, stderr = run(kb, "misp", galaxy(tmp_path, "v9.json", {"Reef Cat": "Reef Cat naps."}))
    assert (code, stdout) == (1, "")
    shown = f"{rel}/" if folder else rel
    assert stderr.splitlines()[0] == (
        f"spyglass: error: the import would write through a link that leads out of the knowledge base: {shown}"
    )
    assert (tree(kb), tree(elsewhere)) == (before, outside)
    assert target.exists() == (link != "groups-dangling")


def test_an_edited_attack_file_is_refused_and_a_cited_attack_source_kept(kb: Path, tmp_path: Path) -> None:
    first = bundle(tmp_path, "a.json", "Tide Cat is a group that follows the tides.")
    assert run(kb, "attack", first)[0] == 0
    group = kb / "groups/attack-g9100.yaml"
    group.write_text(
        group.read_text(encoding="utf-8").replace("name: Tide Cat\n", "name: Tide Cat\nsummary: Ours.\n"),
        encoding="utf-8",
    )
    before = tree(kb)
    code, _, stderr = run(kb, "attack", bundle(tmp_path, "b.json", "Tide Cat is a group that follows the tides. More."))
    assert code == 1
    assert stderr.splitlines()[0].endswith("edited since it wrote them: groups/attack-g9100.yaml")
    assert tree(kb) == before


def test_a_manifest_that_names_a_way_out_is_refused_and_nothing_removed(kb: Path, v1: Path, v2: Path) -> None:
    run(kb, "misp", v1)
    manifest = kb / ".spyglass-import-misp.json"
    body = json.loads(manifest.read_text(encoding="utf-8"))
    body["files"]["../precious.txt"] = [hashlib.sha256(b"mine").hexdigest()]
    manifest.write_text(json.dumps(body), encoding="utf-8")
    (kb.parent / "precious.txt").write_bytes(b"mine")
    before = tree(kb)
    code, _, stderr = run(kb, "misp", v2)
    assert code == 1
    assert stderr.splitlines()[0].startswith(
        "spyglass: error: .spyglass-import-misp.json is not a manifest of an import"
    )
    assert tree(kb) == before
    assert (kb.parent / "precious.txt").read_bytes() == b"mine"


def test_a_first_import_never_removes_a_file_a_source_names_outside_its_folder(kb: Path) -> None:
    """Without a manifest, a prefixed dataset source whose text climbs out ('../NOTES.md') owns no such file."""
    from conftest import DATA
    from spyglass.importers.misp import import_misp

    notes = kb / "NOTES.md"
    notes.write_text("A curator's notes.\n")
    (kb / "sources" / "misp-evil.yaml").write_text(
        "id: misp-evil\ntype: dataset\ntitle: Evil\ntext: ../NOTES.md\n"
        f"sha256: {hashlib.sha256(notes.read_bytes()).hexdigest()}\n"
    )
    import_misp(DATA / "misp" / "threat-actor.json", kb)
    assert notes.read_text() == "A curator's notes.\n"
