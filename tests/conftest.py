"""Shared fixtures: where ../shared is, one loaded pipeline per session, and the contract check."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"
SEED = SHARED / "corpus" / "seed" / "kim-vladivostok.txt"
WIKINEWS = SHARED / "corpus" / "wikinews" / "articles.jsonl"
SCHEMA = SHARED / "schema" / "document.schema.json"


def need(path: Path) -> Path:
    """Skip the test cleanly where ../shared is absent (a user's fresh clone); CI has it."""
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is only beside the project in CI)")
    return path


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory):
    """The sample corpus (examples/), ingested once for the whole session through the CLI; the tests
    that use it only read it (the CLI's listings, the web app, the browser and API fuzz tests)."""
    db = tmp_path_factory.mktemp("examples") / "examples.db"
    proc = subprocess.run([sys.executable, "-m", "newsgraph", "ingest", str(EXAMPLES), "--db", str(db)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return db


@pytest.fixture(scope="session")
def pipeline():
    from newsgraph.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def schema_validator():
    import jsonschema

    schema = json.loads(need(SCHEMA).read_text())
    return jsonschema.Draft202012Validator(schema)


def span_errors(document: dict) -> list[str]:
    """Every span anywhere in the document must satisfy article.text[start:end] == text."""
    text = document["article"]["text"]
    raw = document["article"]["raw"]
    problems = []

    def walk(node, where):
        if isinstance(node, dict):
            if {"start", "end", "text"} <= node.keys() and isinstance(node.get("start"), int):
                if text[node["start"]:node["end"]] != node["text"]:
                    problems.append(f"{where}: text[{node['start']}:{node['end']}] != {node['text']!r}")
            if {"raw_start", "raw_end", "raw_text"} <= node.keys():
                if raw[node["raw_start"]:node["raw_end"]] != node["raw_text"]:
                    problems.append(f"{where}: raw[{node['raw_start']}:{node['raw_end']}] != {node['raw_text']!r}")
            for key, value in node.items():
                if key != "article" or where:
                    walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    walk({k: v for k, v in document.items() if k != "article"}, "")
    walk(document["article"].get("repairs", []), "article.repairs")
    walk(document["article"].get("headings", []), "article.headings")
    return problems


@pytest.fixture(scope="session")
def check_document(schema_validator):
    """Validate one document against the contract and the span invariant; used by every test that makes one."""
    def check(document: dict) -> None:
        errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in schema_validator.iter_errors(document)]
        errors += span_errors(document)
        assert not errors, "\n".join(errors[:20])

    return check
