"""`import misp`: hand-written clusters in, quoted groups, targets and archived entries out."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import DATA, SHARED
from spyglass.cli.app import app
from spyglass.errors import UsageError
from spyglass.importers.links import AgencyNames
from spyglass.importers.misp import import_misp
from spyglass.importers.write import ImportConflict
from spyglass.kb.knowledge_base import load_kb
from spyglass.validate.run import validate_kb

MISP = DATA / "misp" / "threat-actor.json"
REAL = SHARED / "data" / "misp-galaxy" / "threat-actor.json"
RECORDS = Path(__file__).resolve().parents[2] / "records"

NEW_FILES = [
    ".spyglass-import-misp.json",
    "groups/misp-harbour-panda.yaml",
    "groups/misp-quay-spider.yaml",
    "groups/misp-silent-crane.yaml",
    "sources/misp-harbour-panda-entry.txt",
    "sources/misp-harbour-panda-entry.yaml",
    "sources/misp-quay-spider-entry.txt",
    "sources/misp-quay-spider-entry.yaml",
    "sources/misp-silent-crane-entry.txt",
    "sources/misp-silent-crane-entry.yaml",
    "targets/misp-target-exampleland.yaml",
    "targets/misp-target-government-administration.yaml",
    "targets/misp-target-shipping.yaml",
]

HARBOUR_PANDA = """\
# Written by `spyglass import misp`; the next import overwrites it.
id: misp-harbour-panda
kind: group
name: Harbour Panda
further_reading:
- https://example.org/harbour-panda
claims:
- predicate: states
  statement: The MISP threat-actor galaxy describes Harbour Panda.
  evidence:
  - source: misp-harbour-panda-entry
    quote: Harbour Panda is a threat group that researchers have attributed to the Bureau of Examples.
      It targets shipping companies in Exampleland.
- predicate: alias
  value: Dock Crew
  statement: The MISP threat-actor galaxy gives Dock Crew as another name of Harbour Panda.
  evidence:
  - source: misp-harbour-panda-entry
    quote: 'synonyms: Dock Crew'
- predicate: country
  value: AQ
  statement: The MISP threat-actor galaxy gives AQ as the country of Harbour Panda.
  evidence:
  - source: misp-harbour-panda-entry
    quote: 'country: AQ'
- predicate: attributed_to
  object: ministry
  statement: The MISP threat-actor galaxy links Harbour Panda to Ministry.
  evidence:
  - source: misp-harbour-panda-entry
    quote: 'cfr-suspected-state-sponsor: Ministry'
- predicate: attributed_to
  object: boe
  statement: The MISP threat-actor galaxy links Harbour Panda to Bureau of Examples.
  evidence:
  - source: misp-harbour-panda-entry
    quote: Harbour Panda is a threat group that researchers have attributed to the Bureau of Examples.
- predicate: targets
  object: misp-target-exampleland
  statement: The MISP threat-actor galaxy lists Exampleland among the targets of Harbour Panda.
  evidence:
  - source: misp-harbour-panda-entry
    quote: 'cfr-suspected-victims: Exampleland'
- predicate: targets
  object: misp-target-shipping
  statement: The MISP threat-actor galaxy lists Shipping among the targets of Harbour Panda.
  evidence:
  - source: misp-harbour-panda-entry
    quote: 'targeted-sector: Shipping'
- predicate: targets
  object: misp-target-government-administration
  statement: The MISP threat-actor galaxy lists Government, Administration among the targets of Harbour
    Panda.
  evidence:
  - source: misp-harbour-panda-entry
    quote: 'targeted-sector: Government, Administration'
"""

HARBOUR_PANDA_TEXT = """\
Harbour Panda is a threat group that researchers have attributed to the Bureau of Examples. It targets shipping companies in Exampleland.

value: Harbour Panda
synonyms: Dock Crew
synonyms: Harbour Panda
country: AQ
cfr-suspected-victims: Exampleland
targeted-sector: Shipping
targeted-sector: Government, Administration
cfr-suspected-state-sponsor: Ministry
"""


def files(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of a knowledge base with its content and mtime."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()
    }


def test_import_writes_one_group_and_one_archived_entry_per_cluster(kb: Path) -> None:
    before = files(kb)
    report = import_misp(MISP, kb)
    after = files(kb)
    assert sorted(set(after) - set(before)) == NEW_FILES
    assert {rel: after[rel] for rel in before} == before  # the curators' files are untouched
    assert report.as_json() == {
        "catalogue": "MISP galaxy threat-actor",
        "path": str(MISP),
        "entities": {"group": 3, "target": 3},
        "sources": 3,
        "claims": {"alias": 2, "attributed_to": 2, "country": 1, "states": 6, "targets": 4},
        "agency_links": 2,
        "same_as_links": 0,
        "same_as": [],
        "files": {"written": 12, "unchanged": 0, "removed": 0},
        "skipped": [
            {"count": 1, "what": "meta field `attribution-confidence`", "why": UNMAPPED},
            {"count": 1, "what": "meta field `motive`", "why": UNMAPPED},
            {"count": 1, "what": "meta field `origin:*`", "why": UNMAPPED},
            {"count": 1, "what": "values of meta field `country`", "why": "empty, too long, or not text"},
            {"count": 1, "what": "`related` links between clusters", "why": "no predicate links one group to another"},
            *(
                {"count": 1, "what": f"the galaxy's own `{key}`", "why": "it describes the file, not an actor"}
                for key in ("name", "description", "category", "type", "uuid")
            ),
        ],
        "mentions_not_linked": [
            {
                "entity": "misp-quay-spider",
                "agency": "boe",
                "sentence": "Quay Spider steals from the BoE's suppliers.",
                "why": "no attribution phrase right before the name",
            },
            {
                "entity": "misp-quay-spider",
                "agency": "boe",
                "sentence": "It has no known ties to the Bureau of Examples.",
                "why": "the sentence holds a negation",
            },
        ],
    }


UNMAPPED = "no predicate of the vocabulary says what it means; not quoted"


def test_a_group_quotes_its_archived_entry_for_every_claim(kb: Path) -> None:
    import_misp(MISP, kb)
    assert (kb / "groups/misp-harbour-panda.yaml").read_text(encoding="utf-8") == HARBOUR_PANDA
    assert (kb / "sources/misp-harbour-panda-entry.txt").read_text(encoding="utf-8") == HARBOUR_PANDA_TEXT


def test_the_archived_entry_is_a_dataset_source_pinned_by_its_hash(kb: Path) -> None:
    import_misp(MISP, kb, version="commit 0123abc")
    record = yaml.safe_load((kb / "sources/misp-harbour-panda-entry.yaml").read_text(encoding="utf-8"))
    assert record == {
        "id": "misp-harbour-panda-entry",
        "type": "dataset",
        "title": "MISP galaxy threat-actor cluster: Harbour Panda",
        "authors": ["A. Curator", "B. Curator"],
        "publisher": "Example MISP Project",
        "url": "https://github.com/MISP/misp-galaxy/blob/main/clusters/threat-actor.json",
        "version": "threat-actor galaxy version 7, commit 0123abc",
        "licence": "CC0-1.0 or BSD-2-Clause (MISP galaxy LICENSE.md)",
        "text": "misp-harbour-panda-entry.txt",
        "sha256": hashlib.sha256(HARBOUR_PANDA_TEXT.encode()).hexdigest(),
        "notes": "A rendering of the cluster 00000000-0000-4000-8000-000000000001 of the MISP threat-actor galaxy: "
        "its description as published, then the fields Spyglass quotes, one `key: value` line each, keys and "
        "values verbatim from the file.",
    }


def test_targets_are_shared_and_a_cluster_with_nothing_to_quote_is_listed(kb: Path) -> None:
    import_misp(MISP, kb)
    shipping = yaml.safe_load((kb / "targets/misp-target-shipping.yaml").read_text(encoding="utf-8"))
    assert shipping == {
        "id": "misp-target-shipping",
        "kind": "target",
        "name": "Shipping",
        "claims": [
            {
                "predicate": "states",
                "statement": "The MISP threat-actor galaxy lists Shipping among the targets of threat actors.",
                "evidence": [
                    {"source": "misp-harbour-panda-entry", "quote": "targeted-sector: Shipping"},
                    {"source": "misp-quay-spider-entry", "quote": "targeted-sector: Shipping"},
                ],
            }
        ],
    }
    crane = yaml.safe_load((kb / "groups/misp-silent-crane.yaml").read_text(encoding="utf-8"))
    assert crane["claims"] == [
        {
            "predicate": "states",
            "statement": "The MISP threat-actor galaxy lists Silent Crane.",
            "evidence": [{"source": "misp-silent-crane-entry", "quote": "value: Silent Crane"}],
        }
    ]


def test_the_result_validates_strictly(kb: Path) -> None:
    import_misp(MISP, kb)
    report = validate_kb(kb, use_cache=False)
    assert report.diagnostics == []
    assert report.counts == {"files": 16, "sources": 4, "entities": 12, "claims": 26, "quotes": 28}


def test_importing_again_changes_nothing(kb: Path) -> None:
    import_misp(MISP, kb)
    before = files(kb)
    report = import_misp(MISP, kb)
    assert (report.written, report.unchanged, report.removed) == (0, 12, 0)
    assert files(kb) == before  # not even an mtime


def test_importing_a_newer_file_updates_in_place_and_removes_what_upstream_dropped(kb: Path, tmp_path: Path) -> None:
    import_misp(MISP, kb)
    galaxy = json.loads(MISP.read_text(encoding="utf-8"))
    galaxy["values"] = galaxy["values"][:2]  # Silent Crane is gone upstream
    galaxy["values"][1]["meta"]["synonyms"] = ["Pier Group", "Jetty Gang"]
    newer = tmp_path / "threat-actor.json"
    newer.write_text(json.dumps(galaxy), encoding="utf-8")
    before = files(kb)
    report = import_misp(newer, kb)
    after = files(kb)
    changed = sorted(rel for rel in after if rel in before and after[rel] != before[rel])
    assert changed == [
        ".spyglass-import-misp.json",
        "groups/misp-quay-spider.yaml",
        "sources/misp-quay-spider-entry.txt",
        "sources/misp-quay-spider-entry.yaml",
    ]
    assert sorted(set(before) - set(after)) == [
        "groups/misp-silent-crane.yaml",
        "sources/misp-silent-crane-entry.txt",
        "sources/misp-silent-crane-entry.yaml",
    ]
    assert (report.written, report.unchanged, report.removed) == (3, 6, 3)
    assert validate_kb(kb, use_cache=False).diagnostics == []


def test_a_curators_file_is_never_overwritten(kb: Path) -> None:
    curated = kb / "groups" / "misp-quay-spider.yaml"
    curated.parent.mkdir()
    curated.write_text(
        "id: misp-quay-spider\nkind: group\nname: the harbour\nclaims:\n  - predicate: states\n"
        "    statement: A curator's own claim.\n    evidence:\n      - source: gazette\n"
        "        quote: watches the harbour\n",
        encoding="utf-8",
    )
    before = files(kb)
    with pytest.raises(ImportConflict) as caught:
        import_misp(MISP, kb)
    assert caught.value.message == "the import would overwrite files it does not own: groups/misp-quay-spider.yaml"
    assert files(kb) == before  # nothing written at all


def test_an_interrupted_import_is_completed_and_a_curators_stray_text_kept(kb: Path) -> None:
    import_misp(MISP, kb)
    (kb / "sources/misp-quay-spider-entry.yaml").unlink()  # as if the import had stopped after the text
    stray = kb / "sources" / "misp-notes.txt"
    stray.write_text("A curator's notes, cited by nothing yet.", encoding="utf-8")
    report = import_misp(MISP, kb)
    assert (report.written, report.removed) == (1, 0)
    assert stray.read_text(encoding="utf-8") == "A curator's notes, cited by nothing yet."


def test_agencies_are_matched_by_the_knowledge_bases_own_names_case_sensitively(kb: Path) -> None:
    names = AgencyNames(load_kb(kb, use_cache=False))
    found, passed = names.in_description(
        "It acts on behalf of the BoE. It acts on behalf of the bureau of examples. "
        "It is attributed to the BoEs. It was attributed to the Ministry's harbour office."
    )
    assert [(f.agency, f.term, f.quote) for f in found] == [
        ("boe", "BoE", "It acts on behalf of the BoE."),
        ("ministry", "Ministry", "It was attributed to the Ministry's harbour office."),
    ]
    assert passed == []
    assert [(f.agency, f.term) for f in names.in_field("cfr-suspected-state-sponsor: Bureau of Examples")] == [
        ("boe", "Bureau of Examples")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "It targets companies that work for the BoE.",  # a victim, not a sponsor
        "It is attributed to actors operating out of the Ministry.",  # a place between the phrase and the name
        "It is not attributed to the BoE.",  # a negation
        "It is attributed to a group that, years later and far away, was said to have once met the BoE.",  # too far
    ],
)
def test_a_mention_without_an_attribution_right_before_it_gives_no_link(kb: Path, sentence: str) -> None:
    found, passed = AgencyNames(load_kb(kb, use_cache=False)).in_description(sentence)
    assert found == []
    assert len(passed) == 1


def test_names_that_give_one_id_are_told_apart_and_unusable_names_reported() -> None:
    from spyglass.importers.entries import ImportReport
    from spyglass.importers.misp import read_clusters

    galaxy = {
        "values": [
            {"value": "Reef Cat", "uuid": "aaaaaaaa-0000-4000-8000-000000000001", "meta": {}},
            {"value": "reef  cat", "uuid": "bbbbbbbb-0000-4000-8000-000000000002", "meta": {}},
            {
                "value": "Coral Cat",
                "uuid": "cccccccc-0000-4000-8000-000000000003",
                "meta": {"synonyms": ["", "x" * 501]},
            },
            {"value": " ", "uuid": "dddddddd-0000-4000-8000-000000000004", "meta": {}},
        ]
    }
    report = ImportReport("test", "-")
    entries = read_clusters(galaxy, report, None)
    assert [e.key for e in entries] == ["reef-cat-aaaaaaaa", "reef-cat-bbbbbbbb", "coral-cat"]
    assert [(s.count, s.what) for s in report.skipped] == [
        (1, "cluster ' '"),
        (2, "values of meta field `synonyms`"),
    ]


def test_a_file_that_is_not_a_galaxy_is_a_usage_error(kb: Path, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"objects": []}', encoding="utf-8")
    with pytest.raises(UsageError, match="is not a MISP galaxy cluster file"):
        import_misp(wrong, kb)
    wrong.write_text("{", encoding="utf-8")
    with pytest.raises(UsageError, match="is not JSON"):
        import_misp(wrong, kb)


def test_cli_import_misp_prints_the_report(kb: Path) -> None:
    result = CliRunner().invoke(app, ["--kb", str(kb), "import", "misp", str(MISP)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:7] == [
        f"imported MISP galaxy threat-actor from {MISP}",
        "  entities: 3 group, 3 target",
        "  sources: 3 archived entries",
        "  claims: 15 (2 alias, 2 attributed_to, 1 country, 6 states, 4 targets)",
        "  links to agencies: 2",
        "  files: 12 written, 0 unchanged, 0 removed",
        "skipped:",
    ]
    assert result.stdout.splitlines()[-1] == (
        "not linked: 2 sentences name an agency of the knowledge base without saying the group acts for it "
        "(--json lists them)"
    )
    again = CliRunner().invoke(app, ["import", "misp", str(MISP), "--into", str(kb), "--json"])
    assert again.exit_code == 0
    assert json.loads(again.stdout)["files"] == {"written": 0, "unchanged": 12, "removed": 0}


def test_cli_import_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["import", "misp", str(MISP), "--into", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"spyglass: error: no knowledge base at {tmp_path / 'nowhere'}")


@pytest.mark.skipif(not REAL.exists(), reason=f"the real MISP galaxy file is not at {REAL} (../shared/data is absent)")
def test_the_real_galaxy_imports_into_the_shipped_records_and_validates(tmp_path: Path) -> None:
    root = tmp_path / "records"
    shutil.copytree(RECORDS, root)
    report = import_misp(REAL, root)
    assert dict(report.entities) == {"group": 1041, "target": 272}
    assert dict(report.claims) == {"states": 1268, "alias": 1401, "country": 476, "attributed_to": 48, "targets": 1455}
    assert report.agency_links == 48
    assert validate_kb(root, use_cache=False).errors == 0
    apt10 = yaml.safe_load((root / "groups/misp-apt10.yaml").read_text(encoding="utf-8"))
    assert {c["object"] for c in apt10["claims"] if c["predicate"] == "attributed_to"} == {"china", "mss"}
    assert import_misp(REAL, root).written == 0
