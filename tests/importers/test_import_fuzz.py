"""Random JSON fed to both importers: a SpyglassError or an import whose knowledge base validates, nothing else."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import VALID
from spyglass.errors import SpyglassError
from spyglass.importers.attack import import_attack
from spyglass.importers.misp import import_misp
from spyglass.validate.run import validate_kb

Importer = Callable[..., Any]
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words that make a record: names, agencies of tests/data/valid, attribution phrases, dates good and bad.
WORDS = [
    "Reef Cat",
    "reef  cat",
    "APT 1",
    "Bureau of Examples",
    "Ministry",
    "It is attributed to the Bureau of Examples.",
    "sponsored by Ministry",
    "AQ",
    "2019-01-05T00:00:00.000Z",
    "2019-02-30",
    "0000-01-01",
    "/../../x",
    "..",
    "\x00",
    " ",
    "",
]
texts = st.one_of(st.sampled_from(WORDS), st.text(max_size=30))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), texts)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(texts, children, max_size=4),
    max_leaves=12,
)
anything = st.one_of(texts, json_values, st.lists(texts, max_size=3))
NAMES = ["Reef Cat", "reef  cat", "APT 1", "日本", "Bureau of Examples", "Operation Ebb", "../../x"]


def likely(*good: Any) -> st.SearchStrategy[Any]:
    """Mostly one of the `good` values, sometimes anything: enough imports succeed to check what they write."""
    return st.one_of(st.sampled_from(good), st.sampled_from(good), st.sampled_from(good), anything)


def fields(required: dict[str, Any], optional: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(required, optional=optional)


META_KEYS = ["synonyms", "country", "cfr-suspected-victims", "targeted-sector", "cfr-suspected-state-sponsor", "refs"]
meta_values = st.lists(likely(*NAMES, *WORDS[:8]), max_size=3)
clusters = fields(
    {
        "value": likely(*NAMES),
        "meta": st.one_of(
            st.dictionaries(st.sampled_from(META_KEYS), meta_values, max_size=5),
            st.dictionaries(texts, st.one_of(anything, meta_values), max_size=3),
            anything,
        ),
    },
    {"uuid": likely("u-1", "u-2", "/../../x", "..", "日本"), "description": likely(*WORDS), "related": anything},
)
galaxies = fields(
    {"values": st.lists(st.one_of(clusters, clusters, json_values), max_size=5)},
    {"authors": anything, "source": anything, "version": anything, "uuid": anything},
)

IDS = ["intrusion-set--1", "intrusion-set--2", "campaign--1", "identity--1", "/../../x", "..", "日本"]
TYPES = ["intrusion-set", "campaign", "intrusion-set", "campaign", "relationship", "identity", "marking-definition"]
ids = likely(*IDS)
references = st.lists(
    st.one_of(
        fields(
            {},
            {
                "source_name": likely("mitre-attack", "Example"),
                "external_id": likely("G0001", "C0001", "G0001"),
                "url": likely("https://example.org/a", " "),
            },
        ),
        anything,
    ),
    max_size=3,
)
stix_objects = fields(
    {"type": likely(*TYPES), "id": ids, "name": likely(*NAMES)},
    {
        "description": likely(*WORDS),
        "aliases": st.one_of(anything, st.lists(likely(*NAMES), max_size=3)),
        "revoked": likely(False, None),
        "external_references": st.one_of(references, anything),
        "first_seen": likely(*WORDS[8:11]),
        "last_seen": likely(*WORDS[8:11]),
        "modified": likely(*WORDS[8:11]),
        "x_mitre_version": anything,
        "created_by_ref": ids,
        "relationship_type": likely("attributed-to", "uses", "revoked-by"),
        "source_ref": ids,
        "target_ref": ids,
        "definition": st.one_of(fields({}, {"statement": anything}), anything),
    },
)
bundles = fields(
    {"type": st.just("bundle"), "objects": st.lists(st.one_of(stix_objects, stix_objects, json_values), max_size=6)}, {}
)


def attempt(importer: Importer, data: Any) -> None:
    """Import `data` into a fresh copy of the valid knowledge base; an import that succeeds must validate."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "kb"
        shutil.copytree(VALID, root)
        path = Path(folder) / "upstream.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        try:
            importer(path, root)
        except SpyglassError:
            return
        problems = [d for d in validate_kb(root, use_cache=False).diagnostics if d.severity == "error"]
        assert problems == []


@FUZZ
@given(json_values)
def test_any_json_given_to_the_misp_importer_is_refused_or_imported_cleanly(data: Any) -> None:
    attempt(import_misp, data)


@FUZZ
@given(galaxies)
def test_a_galaxy_with_random_values_is_imported_into_records_that_validate(data: Any) -> None:
    attempt(import_misp, data)


@FUZZ
@given(json_values)
def test_any_json_given_to_the_attack_importer_is_refused_or_imported_cleanly(data: Any) -> None:
    attempt(import_attack, data)


@FUZZ
@given(bundles)
def test_a_bundle_with_random_objects_is_imported_into_records_that_validate(data: Any) -> None:
    attempt(import_attack, data)
