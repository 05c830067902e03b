"""The `casebook` command works on the project in the current directory, like `git` and
`mkdocs`: installed from a wheel into a fresh virtual environment, run from a second
checkout, or run outside any project; and `casebook serve` says at once when its port is
taken."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casebook.records.collection import NOT_A_PROJECT, NotAProject, find_project_root
from tests.conftest import FIXTURES, ROOT, copy_project

VENV_BIN = Path(sys.executable).parent


def _copy_project(folder: Path, records: Path) -> Path:
    """A project of its own in ``folder``: this repository's configuration, docs and
    reference data copied (not linked), and ``records`` as its precedents."""
    folder.mkdir(parents=True)
    copy_project(folder)
    for record in sorted(Path(records).glob("*.yml")):
        shutil.copy(record, folder / "precedents" / record.name)
    return folder


def _clean_environment() -> dict:
    """No PYTHONPATH and no virtual environment of ours: what a user's shell would have."""
    return {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}


def test_the_project_is_found_from_the_current_directory_upward(tmp_path):
    project = _copy_project(tmp_path / "project", FIXTURES / "precedents")
    (project / "docs" / "deeper").mkdir()
    assert find_project_root(project) == project.resolve()
    assert find_project_root(project / "docs" / "deeper") == project.resolve()
    with pytest.raises(NotAProject):
        find_project_root(tmp_path)


def test_outside_a_project_the_command_says_so(tmp_path):
    for command in (["check"], ["build"], ["fields"]):
        result = subprocess.run(
            [str(VENV_BIN / "casebook"), *command], cwd=tmp_path, capture_output=True, text=True, env=_clean_environment()
        )
        assert result.returncode == 2
        assert result.stderr == f"casebook {command[0]}: {NOT_A_PROJECT}\n"
        assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.slow
def test_a_second_checkout_builds_itself_not_the_first(tmp_path):
    """The editable install of this checkout, run inside another checkout, builds that one."""
    second = _copy_project(tmp_path / "second", FIXTURES / "precedents")
    count = len(list((FIXTURES / "precedents").glob("*.yml")))
    assert count != len(list((ROOT / "precedents").glob("*.yml")))
    result = subprocess.run(
        [str(VENV_BIN / "casebook"), "build"], cwd=second, capture_output=True, text=True, env=_clean_environment()
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"built {count} precedents" in result.stdout
    assert (second / "site" / "precedents" / "by-2020-blue-notice-then-diffusion" / "index.html").is_file()
    assert (second / "build" / "docs").is_dir()


@pytest.mark.slow
def test_installed_from_a_wheel_it_builds_the_project_it_runs_in(tmp_path):
    """The package built as a wheel (not editable) into a fresh virtual environment, whose
    dependencies are this environment's (no network): its templates and catalogues come
    from the wheel, and the project from the current directory."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # The dependencies from this environment, by a path in a .pth file: Python adds the
    # folder but does not run the .pth files in it, so the editable install of this
    # checkout stays out of the new environment.
    site_packages = next(venv.glob("lib/python*/site-packages"))
    dependencies = next(Path(sys.executable).parent.parent.glob("lib/python*/site-packages"))
    (site_packages / "dependencies.pth").write_text(f"{dependencies}\n")
    wheel = next(wheels.glob("casebook-*.whl"))
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)], check=True
    )
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import casebook; print(casebook.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=_clean_environment(),
    ).stdout.strip()
    assert Path(where).is_relative_to(site_packages), where

    project = _copy_project(tmp_path / "project", FIXTURES / "precedents")
    result = subprocess.run(
        [str(venv / "bin" / "casebook"), "build"], cwd=project, capture_output=True, text=True, env=_clean_environment()
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "site" / "precedents" / "by-2020-blue-notice-then-diffusion" / "index.html").is_file()


def test_serve_says_at_once_that_its_port_is_taken(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "casebook.cli", "serve", "--port", str(port), "--site-dir", str(tmp_path / "site")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        seconds = time.monotonic() - started
    assert result.returncode == 1
    assert result.stdout == ""  # nothing was built
    assert result.stderr == (
        f"casebook serve: port {port} on 127.0.0.1 is already in use; stop what is using it, or choose another port: "
        f"casebook serve --port {port + 1} (or make serve PORT={port + 1})\n"
    )
    assert not (tmp_path / "site").exists()
    print(f"\nport taken: reported in {seconds:.2f} s")


def test_make_serve_takes_a_port():
    result = subprocess.run(["make", "-n", "serve", "PORT=8001"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert ".venv/bin/casebook serve --port 8001" in result.stdout
