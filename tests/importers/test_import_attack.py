"""`import attack`: a hand-written STIX bundle in, groups and campaigns with quoted claims out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import DATA, SHARED
from spyglass.cli.app import app
from spyglass.errors import UsageError
from spyglass.importers.attack import import_attack
from spyglass.importers.misp import import_misp
from spyglass.validate.run import validate_kb

BUNDLE = DATA / "attack" / "bundle.json"
REAL = SHARED / "data" / "attack" / "enterprise-intrusion-sets-and-relationships.json"
REAL_MISP = SHARED / "data" / "misp-galaxy" / "threat-actor.json"
RECORDS = Path(__file__).resolve().parents[2] / "records"
UNMAPPED = "no predicate of the vocabulary says what it means; not quoted"

TIDE_GROUP_TEXT = """\
[Tide Group](https://attack.example/groups/G9001) is a group that has been attributed to the Bureau of Examples. It also watches the Ministry.(Citation: Gazette 2020)

name: Tide Group
aliases: Tide Group
aliases: Low Water
"""

LOW_TIDE_TEXT = """\
[Operation Low Tide](https://attack.example/campaigns/C9001) was run by [Tide Group](https://attack.example/groups/G9001).

name: Operation Low Tide
aliases: Operation Low Tide
aliases: Ebb
first_seen: 2019-01-01T05:00:00.000Z
last_seen: 2020-06-01T04:00:00.000Z
attributed-to: Tide Group
"""


def load(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_live_intrusion_sets_become_groups_and_campaigns_events(kb: Path) -> None:
    report = import_attack(BUNDLE, kb)
    written = sorted(p.relative_to(kb).as_posix() for p in kb.rglob("attack-*"))
    assert written == [
        "events/attack-c9001.yaml",
        "groups/attack-g9001.yaml",
        "sources/attack-c9001-entry.txt",
        "sources/attack-c9001-entry.yaml",
        "sources/attack-g9001-entry.txt",
        "sources/attack-g9001-entry.yaml",
    ]
    assert report.as_json() == {
        "catalogue": "MITRE ATT&CK intrusion sets",
        "path": str(BUNDLE),
        "entities": {"event": 1, "group": 1},
        "sources": 2,
        "claims": {"alias": 2, "attributed_to": 1, "involves": 1, "occurred": 1, "states": 2},
        "agency_links": 1,
        "same_as_links": 0,
        "same_as": [],
        "files": {"written": 6, "unchanged": 0, "removed": 0},
        "skipped": [
            {
                "count": 1,
                "what": "external references without a URL",
                "why": "they name where an alias comes from, no document to read",
            },
            {"count": 1, "what": "revoked intrusion-sets (Old Tide)", "why": "ATT&CK marks them revoked"},
            {"count": 1, "what": "deprecated intrusion-sets (Dry Dock)", "why": "ATT&CK marks them deprecated"},
            {"count": 1, "what": "campaign `created`", "why": UNMAPPED},
            {"count": 1, "what": "campaign `x_mitre_first_seen_citation`", "why": UNMAPPED},
            {"count": 1, "what": "intrusion-set `created`", "why": UNMAPPED},
            {"count": 1, "what": "intrusion-set `x_mitre_contributors`", "why": UNMAPPED},
            {
                "count": 1,
                "what": "attributed-to relationships",
                "why": "one of their ends is not imported, or no predicate fits",
            },
            {
                "count": 1,
                "what": "descriptions and citations of attributed-to relationships",
                "why": "the relationship is quoted as a field, not its prose",
            },
            {
                "count": 1,
                "what": "revoked-by relationships",
                "why": "the revoked intrusion set is not imported; the one replacing it is",
            },
            {
                "count": 1,
                "what": "uses relationships to attack-pattern objects",
                "why": "the objects are not in the bundle",
            },
        ],
        "mentions_not_linked": [
            {
                "entity": "attack-g9001",
                "agency": "ministry",
                "sentence": "It also watches the Ministry.(Citation: Gazette 2020)",
                "why": "no attribution phrase right before the name",
            }
        ],
    }


def test_a_group_record_and_its_archived_entry(kb: Path) -> None:
    import_attack(BUNDLE, kb)
    assert (kb / "sources/attack-g9001-entry.txt").read_text(encoding="utf-8") == TIDE_GROUP_TEXT
    assert load(kb / "groups/attack-g9001.yaml") == {
        "id": "attack-g9001",
        "kind": "group",
        "name": "Tide Group",
        "further_reading": [
            "Writer, A. (2020, May 1). A bureau that watches the harbour. Retrieved May 2, 2020. https://example.org/gazette"
        ],
        "claims": [
            {
                "predicate": "states",
                "statement": "MITRE ATT&CK describes Tide Group.",
                "evidence": [
                    {
                        "source": "attack-g9001-entry",
                        "quote": "[Tide Group](https://attack.example/groups/G9001) is a group that has been "
                        "attributed to the Bureau of Examples. It also watches the Ministry.(Citation: Gazette 2020)",
                    }
                ],
            },
            {
                "predicate": "alias",
                "value": "Low Water",
                "statement": "MITRE ATT&CK gives Low Water as another name of Tide Group.",
                "evidence": [{"source": "attack-g9001-entry", "quote": "aliases: Low Water"}],
            },
            {
                "predicate": "attributed_to",
                "object": "boe",
                "statement": "MITRE ATT&CK links Tide Group to Bureau of Examples.",
                "evidence": [
                    {
                        "source": "attack-g9001-entry",
                        "quote": "[Tide Group](https://attack.example/groups/G9001) is a group that has been "
                        "attributed to the Bureau of Examples.",
                    }
                ],
            },
        ],
    }


def test_the_source_carries_mitres_licence_and_copyright_notice(kb: Path) -> None:
    import_attack(BUNDLE, kb, version="v99.1")
    source = load(kb / "sources/attack-g9001-entry.yaml")
    assert isinstance(source, dict)
    assert {k: v for k, v in source.items() if k not in ("sha256", "notes")} == {
        "id": "attack-g9001-entry",
        "type": "dataset",
        "title": "MITRE ATT&CK group G9001: Tide Group",
        "publisher": "The Example Corporation",
        "published": "2024-04-01",
        "url": "https://attack.example/groups/G9001",
        "version": "ATT&CK object version 1.1, v99.1",
        "licence": "Copyright 2020, The Example Corporation. The Example Corporation grants you a licence to use "
        'this test data. Reproduce this notice in any copy. "© 2020 The Example Corporation. Reproduced with '
        'permission."',
        "text": "attack-g9001-entry.txt",
    }


def test_a_campaign_is_an_event_dated_by_first_and_last_seen_and_involving_its_group(kb: Path) -> None:
    import_attack(BUNDLE, kb)
    assert (kb / "sources/attack-c9001-entry.txt").read_text(encoding="utf-8") == LOW_TIDE_TEXT
    event = load(kb / "events/attack-c9001.yaml")
    assert isinstance(event, dict)
    assert [(c["predicate"], c.get("value") or c.get("object")) for c in event["claims"]] == [
        ("states", None),
        ("alias", "Ebb"),
        ("occurred", "2019-01-01/2020-06-01"),
        ("involves", "attack-g9001"),
    ]
    assert event["claims"][2]["evidence"] == [
        {"source": "attack-c9001-entry", "quote": "first_seen: 2019-01-01T05:00:00.000Z"},
        {"source": "attack-c9001-entry", "quote": "last_seen: 2020-06-01T04:00:00.000Z"},
    ]
    assert event["claims"][3]["statement"] == "MITRE ATT&CK attributes Operation Low Tide to Tide Group."


def test_the_result_validates_strictly_and_a_second_import_changes_nothing(kb: Path) -> None:
    import_attack(BUNDLE, kb)
    assert validate_kb(kb, use_cache=False).diagnostics == []
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in kb.rglob("*") if p.is_file()}
    report = import_attack(BUNDLE, kb)
    assert (report.written, report.unchanged, report.removed) == (0, 6, 0)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in kb.rglob("*") if p.is_file()} == before


def test_both_imports_live_side_by_side_and_neither_touches_the_others_files(kb: Path) -> None:
    import_misp(DATA / "misp" / "threat-actor.json", kb)
    misp_files = {p: p.read_bytes() for p in kb.rglob("misp-*")}
    import_attack(BUNDLE, kb)
    assert {p: p.read_bytes() for p in kb.rglob("misp-*")} == misp_files
    assert import_misp(DATA / "misp" / "threat-actor.json", kb).removed == 0
    assert validate_kb(kb, use_cache=False).diagnostics == []


def test_a_file_that_is_not_a_bundle_is_a_usage_error(kb: Path) -> None:
    with pytest.raises(UsageError, match="is not a STIX bundle"):
        import_attack(DATA / "misp" / "threat-actor.json", kb)
    with pytest.raises(UsageError, match="cannot read"):
        import_attack(DATA / "attack" / "missing.json", kb)


def test_cli_import_attack(kb: Path) -> None:
    result = CliRunner().invoke(app, ["--kb", str(kb), "import", "attack", str(BUNDLE)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:6] == [
        f"imported MITRE ATT&CK intrusion sets from {BUNDLE}",
        "  entities: 1 event, 1 group",
        "  sources: 2 archived entries",
        "  claims: 7 (2 alias, 1 attributed_to, 1 involves, 1 occurred, 2 states)",
        "  links to agencies: 1",
        "  files: 6 written, 0 unchanged, 0 removed",
    ]
    missing = CliRunner().invoke(app, ["--kb", str(kb), "import", "attack", str(DATA / "nothing.json")])
    assert missing.exit_code == 2
    assert missing.stderr.startswith("spyglass: error: cannot read")


@pytest.mark.skipif(not REAL.exists(), reason=f"the real ATT&CK bundle is not at {REAL} (../shared/data is absent)")
def test_the_real_bundle_imports_into_the_shipped_records_and_validates(tmp_path: Path) -> None:
    root = tmp_path / "records"
    shutil.copytree(RECORDS, root)
    report = import_attack(REAL, root)
    assert dict(report.entities) == {"group": 172, "event": 24}
    assert dict(report.claims) == {"states": 196, "alias": 400, "attributed_to": 6, "occurred": 24, "involves": 25}
    skipped = {s.what: s.count for s in report.skipped}
    assert skipped["uses relationships to attack-pattern objects"] == 4362
    assert skipped["revoked-by relationships"] == 6
    licence = load(root / "sources/attack-g0045-entry.yaml")
    assert isinstance(licence, dict)
    assert "© 2025 The MITRE Corporation." in licence["licence"]
    menupass = load(root / "groups/attack-g0045.yaml")
    assert isinstance(menupass, dict)
    assert [c["object"] for c in menupass["claims"] if c["predicate"] == "attributed_to"] == ["mss"]
    if REAL_MISP.exists():
        import_misp(REAL_MISP, root)
    assert validate_kb(root, use_cache=False).errors == 0
