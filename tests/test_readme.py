"""The README's two commands are the ones that work: the main command is run here as written, in a
fresh copy of the project; the test command is what .ci/run runs (it reads it from the README)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def command(marker: str) -> str:
    block = re.search(rf"<!-- {marker} -->\s*```\n(.+?)\n```\s*<!-- /{marker} -->", README, re.S)
    assert block, f"README has no {marker} block"
    return block.group(1).strip()


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "<!-- test-command -->" in ci and "bash -c \"$test_command\"" in ci
    assert "pytest" in command("test-command")


def test_the_readme_starts_with_the_two_commands():
    first_blocks = re.findall(r"```\n(.+?)\n```", README, re.S)[:2]
    assert first_blocks == [command("main-command"), command("test-command")]


@pytest.mark.slow
def test_main_command_works_in_a_fresh_copy(tmp_path):
    """Set up a new venv in a copy of the project and run the main command exactly as written."""
    copy = tmp_path / "newsgraph"
    tracked = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    for name in tracked:
        src = ROOT / name
        if src.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, copy / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH"))}
    proc = subprocess.run(["bash", "-c", command("main-command")], cwd=copy, capture_output=True, text=True,
                          timeout=1200, env=env)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    n = len(list((ROOT / "examples").glob("*.txt")))
    assert f"{n} stored, 0 skipped as duplicates, 0 failed" in proc.stderr
    assert "ceasefire" in proc.stdout.lower() and "articles" in proc.stdout
    assert (copy / "newsgraph.db").exists()
