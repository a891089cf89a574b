from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import INVALID, VALID, fixture_header
from spyglass.diagnostics import RULES
from spyglass.kb.layout import FOLDERS
from spyglass.kb.yaml_loader import load_yaml_bytes
from spyglass.model.json_schema import build_schemas, stale_schemas
from spyglass.model.records import model_for
from spyglass.model.vocabulary import ENTITY_KINDS, PREDICATES

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_RULES = {"SG201", "SG202", "SG203", "SG204", "SG205", "SG206", "SG207", "SG209", "SG210"}


def test_committed_schemas_are_current() -> None:
    assert stale_schemas(ROOT / "schemas") == []


def test_schemas_are_self_contained_draft_2020_12() -> None:
    for name, text in build_schemas().items():
        schema = json.loads(text)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema", name
        refs = re.findall(r'"\$ref": "([^"]+)"', text)
        assert all(ref.startswith("#/$defs/") for ref in refs), name


def verdicts(path: Path, kind: str) -> tuple[bool, bool]:
    data: Any = load_yaml_bytes(path.read_bytes(), path.name).data
    schema = json.loads(build_schemas()[f"{kind}.schema.json"])
    by_schema = jsonschema.Draft202012Validator(schema).is_valid(data)
    try:
        model_for(kind).model_validate(data)
        by_model = True
    except Exception:
        by_model = False
    return by_schema, by_model


VALID_FILES = sorted(VALID.glob("*/*.yaml"))
SCHEMA_FIXTURES = [f for f in sorted(INVALID.glob("SG*.yaml")) if f.name[:5] in SCHEMA_RULES]


@pytest.mark.parametrize("path", VALID_FILES, ids=[p.stem for p in VALID_FILES])
def test_schema_and_model_accept_the_valid_records(path: Path) -> None:
    assert verdicts(path, FOLDERS[path.parent.name]) == (True, True)


@pytest.mark.parametrize("path", SCHEMA_FIXTURES, ids=[p.stem for p in SCHEMA_FIXTURES])
def test_schema_and_model_refuse_the_same_fixtures(path: Path) -> None:
    place = fixture_header(path)[0]
    assert verdicts(path, FOLDERS[place.split("/")[0]]) == (False, False)


def test_readme_lists_every_rule_and_predicate() -> None:
    readme = (ROOT / "README.md").read_text()
    for code, rule in RULES.items():
        assert f"| {code} | {rule.severity} | {rule.title} |" in readme, code
    for name, predicate in PREDICATES.items():
        row = next((line for line in readme.splitlines() if line.startswith(f"| `{name}` |")), "")
        assert predicate.meaning in row and predicate.example in row, name
    for kind in ENTITY_KINDS:
        assert f"| `{kind}` | `" in readme, kind


def test_the_schema_command_writes_what_check_accepts(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from spyglass.cli.app import app

    runner = CliRunner()
    out = tmp_path / "schemas"
    assert runner.invoke(app, ["schema", "--check", "--out", str(out)]).exit_code == 1
    assert runner.invoke(app, ["schema", "--out", str(out)]).exit_code == 0
    assert runner.invoke(app, ["schema", "--check", "--out", str(out)]).exit_code == 0
    shutil.rmtree(out)
