"""`casebook serve`: serves the built site with search, and a record edited while it
runs shows up after a reload."""

import shutil
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import FIXTURES, free_port

pytestmark = pytest.mark.slow

SEED = "by-2020-blue-notice-then-diffusion"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(condition, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_rebuilds_when_a_record_changes(tmp_path):
    records = tmp_path / "precedents"
    shutil.copytree(FIXTURES / "precedents", records)
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "casebook.cli",
        "serve",
        "--precedents",
        str(records),
        "--port",
        str(port),
        "--site-dir",
        str(tmp_path / "site"),
        "--work-dir",
        str(tmp_path / "work"),
    ]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/precedents/{SEED}/"
    try:
        assert wait_for(lambda: "witness shown as wanted" in fetch(url)), "site was not served"
        assert fetch(f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json").startswith("{")
        record = records / f"{SEED}.yml"
        record.write_text(record.read_text().replace("a witness shown as wanted", "a witness listed as wanted"))
        assert wait_for(lambda: "witness listed as wanted" in fetch(url), 30), "the edit did not show up"
    finally:
        server.terminate()
        server.wait(timeout=10)
