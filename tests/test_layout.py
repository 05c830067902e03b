"""The package's layout: one folder a pipeline stage, imports only downward.

The layers contract in pyproject.toml is enforced by import-linter (`make lint`); these
tests run it on the real package, and on a copy with one import that runs back up the
pipeline, which it must refuse.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "scripts" / "casebook"
STAGES = ["cli", "tools", "site", "publish", "pages", "records"]  # top to bottom
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(scripts: Path, config: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=scripts,
        env={"PYTHONPATH": str(scripts), "PATH": "/usr/bin:/bin"},
    )


def test_the_layers_contract_names_every_stage_in_pipeline_order():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    assert [name.removeprefix("casebook.") for name in layers[0]["layers"]] == STAGES
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert folders == sorted(STAGES[1:])


def test_the_real_package_keeps_the_contracts():
    result = _lint_imports(ROOT / "scripts", ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_import_back_up_the_pipeline_is_refused(tmp_path):
    scripts = tmp_path / "scripts"
    shutil.copytree(PACKAGE, scripts / "casebook", ignore=shutil.ignore_patterns("__pycache__"))
    model = scripts / "casebook" / "records" / "model.py"
    model.write_text(model.read_text(encoding="utf-8") + "\nfrom ..site import build  # noqa\n", encoding="utf-8")
    result = _lint_imports(scripts, ROOT / "pyproject.toml")
    assert result.returncode == 1
    assert "casebook.records.model -> casebook.site.build" in result.stdout


def test_every_folder_and_module_says_what_it_takes_and_gives():
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and 2 <= len(doc.strip().splitlines()) <= 6, init
    for module in sorted(PACKAGE.rglob("*.py")):
        if module.name == "__init__.py":
            continue
        doc = ast.get_docstring(ast.parse(module.read_text(encoding="utf-8")))
        assert doc, f"{module.relative_to(ROOT)} has no docstring"
        assert "Consumes" in doc and "Produces" in doc, f"{module.relative_to(ROOT)}: say what it consumes and produces"
