"""The README's two commands are the ones that work: the main command is run here as written, in a
fresh copy of the project; the test command is what .ci/run runs (it reads it from the README)."""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
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


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@pytest.mark.slow
def test_main_command_works_in_a_fresh_copy(tmp_path):
    """Set up a new venv in a copy of the project and run the main command exactly as written: it
    ends serving the web UI on http://127.0.0.1:8000/, which must answer over the sample corpus; then
    the command's whole process group is stopped."""
    import httpx

    if not port_is_free(8000):
        pytest.fail("port 8000 is taken on this machine: the main command's `newsgraph serve` needs it")
    copy = tmp_path / "newsgraph"
    tracked = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    for name in tracked:
        src = ROOT / name
        if src.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, copy / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH"))}
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    with out.open("w") as stdout, err.open("w") as stderr:
        # Its own process group (session), so that stopping it stops bash, pip's and newsgraph's processes.
        proc = subprocess.Popen(["bash", "-c", command("main-command")], cwd=copy, stdout=stdout, stderr=stderr,
                                stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 1200  # the venv, the install and the ingest come first
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the main command exited ({proc.returncode}) instead of serving:\n"
                            + out.read_text()[-2000:] + err.read_text()[-3000:])
            try:
                if httpx.get("http://127.0.0.1:8000/", timeout=10).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "nothing answered on http://127.0.0.1:8000/ within 20 minutes"
            time.sleep(1)
        n = len(list((ROOT / "examples").glob("*.txt")))
        overview = httpx.get("http://127.0.0.1:8000/api/overview", timeout=30).json()
        assert overview["counts"]["articles"] == n
        page = httpx.get("http://127.0.0.1:8000/", timeout=30)
        assert "<h1>Overview</h1>" in page.text and "<svg" in page.text
        search = httpx.get("http://127.0.0.1:8000/api/search?q=ceasefire", timeout=30).json()
        assert search["total"] >= 1 and all(h["href"].startswith("/articles/") for h in search["hits"])
        assert f"{n} stored, 0 skipped as duplicates, 0 failed" in err.read_text()
        printed = out.read_text()
        assert "ceasefire" in printed.lower() and "articles" in printed
        assert "serving newsgraph.db at http://127.0.0.1:8000/" in err.read_text()
        assert (copy / "newsgraph.db").exists()
    finally:
        stop_group(proc)
    assert port_is_free(8000), "the server outlived its process group"


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def stop_group(proc: subprocess.Popen) -> None:
    """SIGTERM to the process group the test created (its leader's pid is its id), SIGKILL to what is
    left of it after 30 s."""
    if group_alive(proc.pid):
        os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while group_alive(proc.pid) and time.monotonic() < deadline:
        proc.poll()  # reap the leader
        time.sleep(0.2)
    if group_alive(proc.pid):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
