"""Imports of hostile but well-formed upstream files: slug ids only, no crash, stable ids, records that validate."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from spyglass.cli.app import app
from spyglass.errors import UsageError
from spyglass.importers.attack import import_attack
from spyglass.importers.entries import slugify
from spyglass.importers.misp import import_misp
from spyglass.importers.upstream import calendar_day, short_key, shorten
from spyglass.kb.layout import FOLDERS
from spyglass.validate.run import validate_kb

HOSTILE_IDS = ["/../../x", "..", "/etc/passwd", "a\x00b", "x" * 5000, "日本語--ユーザー", "C:\\evil\\..\\y", "-"]


def bundle(*objects: dict[str, Any]) -> dict[str, Any]:
    return {"type": "bundle", "id": "bundle--1", "objects": list(objects)}


def intrusion_set(stix_id: str, name: str, **more: Any) -> dict[str, Any]:
    return {"type": "intrusion-set", "id": stix_id, "name": name, **more}


def cluster(value: Any, uuid: Any, **more: Any) -> dict[str, Any]:
    return {"value": value, "uuid": uuid, "meta": {}, **more}


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def tree(root: Path) -> dict[str, str]:
    """Every file under root with the sha256 of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result


def assert_paths_stay_in_their_folders(root: Path) -> None:
    """Every file is <folder>/<slug>.yaml or .txt inside root."""
    for rel in tree(root):
        if re.fullmatch(r"\.spyglass-import-(misp|attack)\.json", rel):
            continue  # the import's manifest of what it owns
        folder, _, stem = rel.partition("/")
        assert folder in FOLDERS, rel
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]{0,199}\.(yaml|txt)", stem), rel


def test_hostile_stix_ids_become_slugs_and_no_file_leaves_its_folder(kb: Path, tmp_path: Path) -> None:
    objects = [intrusion_set(stix_id, "日本") for stix_id in HOSTILE_IDS]
    path = write(tmp_path / "b.json", bundle(*objects))
    before = sorted(p.name for p in tmp_path.iterdir())
    report = import_attack(path, kb)
    assert_paths_stay_in_their_folders(kb)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    # NUL, a 5000-character id and an id with a space are refused; the rest become groups with slug ids.
    assert [(s.count, s.what) for s in report.skipped if "id" in s.what] == [(2, "objects without a usable `id`")]
    groups = sorted(p.name for p in (kb / "groups").glob("attack-*"))
    # '..', '-' and a non-ASCII id give no slug: eight characters of their digest stand in.
    assert groups == [
        "attack-11f06de5.yaml",
        "attack-3973e022.yaml",
        "attack-5ec1f7e7.yaml",
        "attack-c-evil-y.yaml",
        "attack-etc-pass.yaml",
        "attack-x.yaml",
    ]
    assert validate_kb(kb, use_cache=False).errors == 0


def test_hostile_misp_uuids_and_names_become_slugs_and_no_file_leaves_its_folder(kb: Path, tmp_path: Path) -> None:
    clusters = [cluster(f"日本 {n}" if n % 2 else "日本", uuid) for n, uuid in enumerate(HOSTILE_IDS)]
    clusters.append(cluster("../../../etc/cron.d/x", "../../y"))
    path = write(tmp_path / "g.json", {"values": clusters})
    before = sorted(p.name for p in tmp_path.iterdir())
    import_misp(path, kb)
    assert_paths_stay_in_their_folders(kb)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    # A name with no ASCII letter gives no slug: the uuid's does, or (too long to use) the name's digest.
    assert sorted(p.name for p in (kb / "groups").glob("misp-*")) == [
        "misp-1.yaml",
        "misp-3.yaml",
        "misp-5.yaml",
        "misp-7.yaml",
        "misp-c-evil-y.yaml",
        "misp-cf2abf0c.yaml",
        "misp-etc-cron-d-x.yaml",
        "misp-etc-pass.yaml",
        "misp-x.yaml",
    ]
    assert validate_kb(kb, use_cache=False).errors == 0


MISP_ODD = [
    ("a top-level list", "[1, 2]", "is not a MISP galaxy cluster file"),
    ("a top-level number", "42", "is not a MISP galaxy cluster file"),
    ("null", "null", "is not a MISP galaxy cluster file"),
    ("values as a string", '{"values": "Reef Cat"}', "is not a MISP galaxy cluster file"),
    ("bytes that are not UTF-8", b'{"values": ["\xff"]}', "is not JSON"),
    ("100000 nested lists", "[" * 100_000 + "]" * 100_000, "is nested too deeply to read"),
    ("100 nested lists", '{"values": [' + "[" * 100 + "]" * 100 + "]}", "nests values more than 64 levels deep"),
]
ATTACK_ODD = [
    ("a top-level list", "[]", "is not a STIX bundle"),
    ("objects as a dict", '{"type": "bundle", "objects": {}}', "is not a STIX bundle"),
    ("a string", '"bundle"', "is not a STIX bundle"),
    ("100000 nested dicts", '{"a":' * 100_000 + "1" + "}" * 100_000, "is nested too deeply to read"),
]


@pytest.mark.parametrize(("what", "data", "message"), MISP_ODD, ids=[c[0] for c in MISP_ODD])
def test_a_misp_file_of_the_wrong_shape_is_refused_with_exit_2(
    kb: Path, tmp_path: Path, what: str, data: str | bytes, message: str
) -> None:
    path = tmp_path / "odd.json"
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    before = tree(kb)
    result = invoke("--kb", str(kb), "import", "misp", str(path))
    assert result.exit_code == 2, what
    assert result.stderr.startswith(f"spyglass: error: {path} {message}")
    assert "\n  hint: " in result.stderr
    assert tree(kb) == before


@pytest.mark.parametrize(("what", "data", "message"), ATTACK_ODD, ids=[c[0] for c in ATTACK_ODD])
def test_an_attack_file_of_the_wrong_shape_is_refused_with_exit_2(
    kb: Path, tmp_path: Path, what: str, data: str, message: str
) -> None:
    path = tmp_path / "odd.json"
    path.write_text(data, encoding="utf-8")
    before = tree(kb)
    result = invoke("--kb", str(kb), "import", "attack", str(path))
    assert result.exit_code == 2, what
    assert result.stderr.startswith(f"spyglass: error: {path} {message}")
    assert "\n  hint: " in result.stderr
    assert tree(kb) == before


ODD_CLUSTERS: list[Any] = [
    "Reef Cat",
    17,
    None,
    [],
    {"value": 17, "uuid": "u-1"},
    {"value": None, "uuid": None, "meta": None, "description": None, "related": None},
    {"value": ["Reef Cat"], "uuid": "u-2"},
    {"value": {"nested": "Reef Cat"}, "uuid": "u-3"},
    {"value": "Sand Cat", "uuid": 12, "meta": "synonyms", "description": 3.5, "related": 4},
    {
        "value": "Mud Cat",
        "uuid": ["u-4"],
        "meta": {"synonyms": {"a": "b"}, "country": [None, 7], "refs": 9, "targeted-sector": [["Shipping"]]},
        "related": "dest-uuid",
    },
]


def test_misp_values_of_unexpected_types_are_skipped_and_counted(kb: Path, tmp_path: Path) -> None:
    galaxy = {"authors": 5, "source": {"x": 1}, "version": int("9" * 4000), "values": ODD_CLUSTERS}
    result = invoke("--kb", str(kb), "import", "misp", str(write(tmp_path / "g.json", galaxy)), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["entities"] == {"group": 2}
    assert [(s["count"], s["what"]) for s in report["skipped"]] == [
        (4, "items of `values` that are not clusters"),
        (1, "cluster 'int'"),
        (1, "cluster 'null'"),
        (1, "cluster 'list'"),
        (1, "cluster 'dict'"),
        (2, "uuids that are not text without spaces"),
        (1, "values of meta field `country`"),
        (1, "values of meta field `refs`"),
        (1, "values of meta field `synonyms`"),
        (1, "values of meta field `targeted-sector`"),
    ]
    assert sorted(p.name for p in (kb / "groups").glob("misp-*")) == ["misp-mud-cat.yaml", "misp-sand-cat.yaml"]
    source = yaml.safe_load((kb / "sources/misp-sand-cat-entry.yaml").read_text(encoding="utf-8"))
    assert "authors" not in source and "publisher" not in source and "version" not in source
    assert invoke("--kb", str(kb), "validate").exit_code == 0


def test_attack_objects_of_unexpected_types_are_skipped_and_counted(kb: Path, tmp_path: Path) -> None:
    objects: list[Any] = [
        "intrusion-set--1",
        7,
        None,
        {"type": "intrusion-set", "id": ["intrusion-set--2"], "name": "Reef Cat"},
        {"type": ["intrusion-set"], "id": "intrusion-set--3", "name": "Reef Cat"},
        {"type": "intrusion-set", "id": "intrusion-set--4", "name": {"en": "Reef Cat"}},
        {
            "type": "intrusion-set",
            "id": "intrusion-set--5",
            "name": "Sand Cat",
            "aliases": "Sand Cat",
            "external_references": "mitre-attack",
            "created_by_ref": ["identity--1"],
            "modified": {"when": "2020-01-01"},
            "x_mitre_version": {"v": 1},
            "description": ["Sand Cat is a group."],
        },
        {
            "type": "campaign",
            "id": "campaign--6",
            "name": "Operation Mud",
            "first_seen": 2019,
            "last_seen": None,
            "external_references": [None, 1, {"source_name": "mitre-attack", "external_id": {"id": 1}, "url": 5}],
        },
        {"type": "relationship", "id": "relationship--7", "relationship_type": ["attributed-to"], "source_ref": {}},
        {"type": "identity", "id": "identity--1", "name": None},
        {"type": "marking-definition", "id": "marking-definition--1", "definition": "statement"},
    ]
    path = write(tmp_path / "b.json", bundle(*objects))
    result = invoke("--kb", str(kb), "import", "attack", str(path), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["entities"] == {"event": 1, "group": 1}
    skipped = {s["what"]: (s["count"], s["why"]) for s in report["skipped"]}
    assert skipped["objects without a usable `id`"][0] == 4
    assert skipped["intrusion-set intrusion-set--4"] == (1, "it has no usable name")
    assert skipped["list objects"] == (1, "only intrusion sets and campaigns become records")
    assert skipped["list relationships"][0] == 1
    assert skipped["`modified` values that are not a calendar date"][0] == 1
    assert skipped["`first_seen` values that are not a calendar date"][0] == 1
    assert "`last_seen` values that are not a calendar date" not in skipped  # null is absent, not wrong
    assert sorted(p.name for p in (kb / "groups").glob("attack-*")) == ["attack-sand-cat.yaml"]
    assert sorted(p.name for p in (kb / "events").glob("attack-*")) == ["attack-operation-mud.yaml"]
    assert invoke("--kb", str(kb), "validate").exit_code == 0


def test_strings_with_lone_surrogates_are_left_out_and_counted(kb: Path, tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    path.write_text(
        '{"values": [{"value": "Reef Cat", "uuid": "u-1", "description": "Bad \\ud800 text.",'
        ' "meta": {"synonyms": ["\\udfff", "Coral Cat"], "\\ud800": "x"}},'
        ' {"value": "\\ud83d\\ude00 Sand Cat", "uuid": "u-2"}]}',
        encoding="utf-8",
    )
    result = invoke("--kb", str(kb), "import", "misp", str(path), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["skipped"][0] == {
        "count": 3,
        "what": "strings that are not Unicode text (a lone surrogate)",
        "why": "they cannot be written; left out",
    }
    reef = (kb / "sources/misp-reef-cat-entry.txt").read_text(encoding="utf-8")
    assert reef == "value: Reef Cat\nsynonyms: Coral Cat\n"
    assert (kb / "sources/misp-sand-cat-entry.txt").read_text(encoding="utf-8") == "value: \U0001f600 Sand Cat\n"
    assert invoke("--kb", str(kb), "validate").exit_code == 0


def test_a_duplicate_misp_uuid_is_reported_and_the_first_cluster_kept(kb: Path, tmp_path: Path) -> None:
    galaxy = {"values": [cluster("Reef Cat", "u-1"), cluster("Sand Cat", "u-1"), cluster("Reef Cat", "u-1")]}
    report = import_misp(write(tmp_path / "g.json", galaxy), kb)
    assert [(s.count, s.what, s.why) for s in report.skipped] == [
        (1, "cluster 'Sand Cat'", "an earlier cluster has the same uuid u-1; the first is kept"),
        (1, "cluster 'Reef Cat'", "an earlier cluster has the same uuid u-1; the first is kept"),
    ]
    assert sorted(p.name for p in (kb / "groups").glob("misp-*")) == ["misp-reef-cat.yaml"]


def test_a_duplicate_stix_id_is_reported_and_the_first_object_kept(kb: Path, tmp_path: Path) -> None:
    objects = [intrusion_set("intrusion-set--1", "Reef Cat"), intrusion_set("intrusion-set--1", "Sand Cat")]
    report = import_attack(write(tmp_path / "b.json", bundle(*objects)), kb)
    assert [(s.count, s.what, s.why) for s in report.skipped] == [
        (1, "intrusion-set intrusion-set--1", "an earlier object has the same id; the first is kept"),
    ]
    group = yaml.safe_load((kb / "groups/attack-reef-cat.yaml").read_text(encoding="utf-8"))
    assert group["name"] == "Reef Cat"
    assert sorted(p.name for p in (kb / "groups").glob("attack-*")) == ["attack-reef-cat.yaml"]


def test_a_new_misp_cluster_sharing_a_slug_leaves_the_imported_id_alone(kb: Path, tmp_path: Path) -> None:
    first = [cluster("Reef Cat", "aaaaaaaa-1"), cluster("Sand Cat", "cccccccc-3")]
    import_misp(write(tmp_path / "a.json", {"values": first}), kb)
    reef = (kb / "groups/misp-reef-cat.yaml").read_bytes()
    # The newcomer sorts first and gives the same slug: it, not the imported cluster, is told apart.
    both = [cluster("reef  cat", "00000000-2"), *first]
    import_misp(write(tmp_path / "b.json", {"values": both}), kb)
    assert (kb / "groups/misp-reef-cat.yaml").read_bytes() == reef
    assert sorted(p.name for p in (kb / "groups").glob("misp-*")) == [
        "misp-reef-cat-00000000.yaml",
        "misp-reef-cat.yaml",
        "misp-sand-cat.yaml",
    ]
    # Upstream renames the imported cluster: its id stays, and a third import changes nothing.
    renamed = [cluster("reef  cat", "00000000-2"), cluster("Reef Kitten", "aaaaaaaa-1"), first[1]]
    import_misp(write(tmp_path / "c.json", {"values": renamed}), kb)
    kitten = yaml.safe_load((kb / "groups/misp-reef-cat.yaml").read_text(encoding="utf-8"))
    assert kitten["name"] == "Reef Kitten"
    assert import_misp(tmp_path / "c.json", kb).written == 0
    assert validate_kb(kb, use_cache=False).errors == 0


def test_a_new_stix_object_sharing_a_slug_leaves_the_imported_id_alone(kb: Path, tmp_path: Path) -> None:
    first = [intrusion_set("intrusion-set--bbbb", "Reef Cat")]
    import_attack(write(tmp_path / "a.json", bundle(*first)), kb)
    both = [intrusion_set("intrusion-set--aaaa", "Reef-Cat"), *first]
    import_attack(write(tmp_path / "b.json", bundle(*both)), kb)
    assert sorted(p.name for p in (kb / "groups").glob("attack-*")) == [
        "attack-reef-cat-aaaa.yaml",
        "attack-reef-cat.yaml",
    ]
    group = yaml.safe_load((kb / "groups/attack-reef-cat.yaml").read_text(encoding="utf-8"))
    assert group["name"] == "Reef Cat"


def test_a_first_import_of_two_clusters_sharing_a_slug_tells_both_apart(kb: Path, tmp_path: Path) -> None:
    galaxy = {"values": [cluster("Reef Cat", "bbbbbbbb-2"), cluster("reef cat", "aaaaaaaa-1")]}
    import_misp(write(tmp_path / "g.json", galaxy), kb)
    assert sorted(p.name for p in (kb / "groups").glob("misp-*")) == [
        "misp-reef-cat-aaaaaaaa.yaml",
        "misp-reef-cat-bbbbbbbb.yaml",
    ]


LONG_WORD = "x" * 4500
HOSTILE_BUT_WELL_FORMED = [
    intrusion_set(
        "intrusion-set--1",
        "Reef Cat",
        description="   \n\t ",
        aliases=["Reef Cat", "y" * 501, "  ", "Coral Cat"],
        modified="2019-02-30T00:00:00.000Z",
        x_mitre_version="9" * 500,
        external_references=[
            {"source_name": "mitre-attack", "external_id": "G" * 300, "url": "https://example.org/" + "u" * 3000},
            {"source_name": "s", "description": "word " * 1000, "url": "https://example.org/r"},
            {"source_name": "s", "url": "https://example.org/" + "v" * 2000},
        ],
    ),
    intrusion_set(
        "intrusion-set--2",
        "Sand Cat",
        description=LONG_WORD,
        modified="0000-01-01T00:00:00.000Z",
        x_mitre_version=int("9" * 4000),
    ),
    intrusion_set("intrusion-set--3", "Mud Cat", description="A " + LONG_WORD + " group. It hides."),
    intrusion_set("intrusion-set--4", "Tide Cat", description=("Tide Cat waits " * 400) + "and strikes"),
    {
        "type": "campaign",
        "id": "campaign--5",
        "name": "Operation Ebb",
        "first_seen": "2019-02-30T00:00:00.000Z",
        "last_seen": "2020-01-01T00:00:00.000Z" + " " * 600,
    },
    {"type": "campaign", "id": "campaign--6", "name": "Operation Flow", "first_seen": "0000-01-01"},
    {
        "type": "campaign",
        "id": "campaign--7",
        "name": "Operation Neap",
        "first_seen": "2021-03-04",
        "last_seen": "2020-01-02",
    },
    {
        "type": "marking-definition",
        "id": "marking-definition--1",
        "definition": {"statement": "Licensed " + "freely " * 400},
    },
]


def test_records_of_a_hostile_but_well_formed_bundle_validate(kb: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "b.json", bundle(*HOSTILE_BUT_WELL_FORMED))
    result = invoke("--kb", str(kb), "import", "attack", str(path), "--version", "v" * 200, "--json")
    assert result.exit_code == 0, result.output
    skipped = {s["what"]: s["count"] for s in json.loads(result.stdout)["skipped"]}
    assert skipped["`modified` values that are not a calendar date"] == 2
    assert skipped["`first_seen` values that are not a calendar date"] == 2
    assert skipped["`last_seen` values that are not a calendar date"] == 1
    assert skipped["aliases"] == 2
    assert skipped["descriptions with no word break in their first 4000 characters"] == 1
    validated = invoke("--kb", str(kb), "validate")
    assert validated.exit_code == 0, validated.output
    reef = yaml.safe_load((kb / "groups/attack-reef-cat.yaml").read_text(encoding="utf-8"))
    assert [c["predicate"] for c in reef["claims"]] == ["alias"]  # the blank description gives no claim
    assert reef["further_reading"] == [" ".join(["word"] * 395) + " https://example.org/r"]  # cut between words
    assert skipped["external reference URLs too long or not on one line"] == 1
    source = yaml.safe_load((kb / "sources/attack-reef-cat-entry.yaml").read_text(encoding="utf-8"))
    assert source["licence"] == "Licensed " + " ".join(["freely"] * 284)
    assert "published" not in source and source["version"] == "v" * 200
    neap = yaml.safe_load((kb / "events/attack-operation-neap.yaml").read_text(encoding="utf-8"))
    assert [c["value"] for c in neap["claims"] if c["predicate"] == "occurred"] == ["2020-01-02/2021-03-04"]
    tide = yaml.safe_load((kb / "groups/attack-tide-cat.yaml").read_text(encoding="utf-8"))
    quote = tide["claims"][0]["evidence"][0]["quote"]
    assert quote == "Tide Cat waits " * 266 + "Tide Cat"  # 3998 characters: the cut word 'wa' is left out


@pytest.mark.parametrize("version", ["", "   ", "v" * 201, "v1\nv2"])
def test_a_version_no_record_could_hold_is_a_usage_error(kb: Path, version: str) -> None:
    before = tree(kb)
    with pytest.raises(UsageError, match="is blank, too long or not on one line"):
        import_misp(kb / "unused.json", kb, version=version)
    assert tree(kb) == before


def test_an_intrusion_set_with_first_seen_is_not_dated(kb: Path, tmp_path: Path) -> None:
    objects = [intrusion_set("intrusion-set--1", "Reef Cat", first_seen="2019-01-05T00:00:00.000Z")]
    report = import_attack(write(tmp_path / "b.json", bundle(*objects)), kb)
    assert [(s.count, s.what) for s in report.skipped] == [(1, "intrusion-set `first_seen`")]
    group = yaml.safe_load((kb / "groups/attack-reef-cat.yaml").read_text(encoding="utf-8"))
    assert [c["predicate"] for c in group["claims"]] == ["states"]
    assert validate_kb(kb, use_cache=False).errors == 0


@given(st.text())
def test_every_key_taken_from_upstream_text_is_a_short_slug(value: str) -> None:
    assert re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,6}[a-z0-9])?", short_key(value))
    assert re.fullmatch(r"(?:[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?)?", slugify(value))


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2019-02-28T10:00:00.000Z", "2019-02-28"),
        ("2020-02-29", "2020-02-29"),
        ("2019-02-29", None),
        ("2019-02-30T00:00:00Z", None),
        ("0000-01-01", None),
        ("2019-13-01", None),
        ("2019-01-011", None),
        ("19-01-01", None),
    ],
)
def test_a_date_is_taken_only_when_it_is_a_day_of_the_calendar(value: str, day: str | None) -> None:
    assert calendar_day(value) == day


@pytest.mark.parametrize(
    ("value", "limit", "short"),
    [("  a  b  ", 4, "a  b"), ("a  b c", 4, "a b"), ("alpha beta", 7, "alpha"), ("alphabet", 5, None), (" ", 3, None)],
)
def test_text_is_shortened_between_words_never_inside_one(value: str, limit: int, short: str | None) -> None:
    assert shorten(value, limit) == short


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_path_that_is_not_a_regular_file_is_refused_without_reading_it(kb: Path, tmp_path: Path, kind: str) -> None:
    path = tmp_path / "upstream.json"
    if kind == "fifo":
        os.mkfifo(path)  # reading it would wait for a writer forever
    else:
        path.mkdir()
    before = tree(kb)
    result = invoke("--kb", str(kb), "import", "attack", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"spyglass: error: {path} is not a regular file\n  hint: ")
    assert tree(kb) == before


def test_a_licence_file_that_is_not_utf8_is_left_out(kb: Path, tmp_path: Path) -> None:
    (tmp_path / "LICENSE.txt").write_bytes(b"License\n-------\n\xff\xfe\n\nmore\n\n")
    report = import_attack(write(tmp_path / "b.json", bundle(intrusion_set("intrusion-set--1", "Reef Cat"))), kb)
    assert report.entities == {"group": 1}
    source = yaml.safe_load((kb / "sources/attack-reef-cat-entry.yaml").read_text(encoding="utf-8"))
    assert "licence" not in source
