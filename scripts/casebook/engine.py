"""Run the site engine (MkDocs + Material) and the search indexer (Pagefind).

Consumes: a folder of Markdown pages and assets, the project's ``mkdocs.yml``.
Produces: a built, indexed site in an output folder, or an ``EngineError``.
This is the only module that knows the site engine. It reads ``mkdocs.yml`` as
plain YAML, points ``docs_dir`` and ``site_dir`` at the given folders, writes that
configuration beside the pages, and runs ``mkdocs build --strict`` and then
``pagefind`` as subprocesses, so swapping the engine means changing this file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml


class EngineError(Exception):
    pass


def engine_config(mkdocs_yml: Path, docs_dir: Path, site_dir: Path) -> dict:
    config = yaml.safe_load(Path(mkdocs_yml).read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    for extension in config.get("markdown_extensions") or []:
        # Snippet paths in mkdocs.yml are relative to the docs folder being built, so the
        # build finds generated snippets (the glossary tooltips) wherever it runs from.
        options = extension.get("pymdownx.snippets") if isinstance(extension, dict) else None
        if isinstance(options, dict):
            bases = options.get("base_path", ["."])
            options["base_path"] = [str(Path(docs_dir) / b) for b in ([bases] if isinstance(bases, str) else bases)]
    theme = config.get("theme", {})
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((Path(mkdocs_yml).parent / theme["custom_dir"]).resolve())
    return config


def run_mkdocs(mkdocs_yml: Path, docs_dir: Path, site_dir: Path, config_path: Path) -> None:
    config = engine_config(mkdocs_yml, docs_dir, site_dir)
    config_path.write_text(json.dumps(config, indent=1), encoding="utf-8")
    _run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--config-file", str(config_path)],
        "mkdocs build --strict",
    )


def run_pagefind(site_dir: Path) -> None:
    index = Path(site_dir) / "pagefind"
    if index.exists():
        shutil.rmtree(index)  # never mix a stale index with a new site
    # Heading permalink marks (the theme's "¶") are chrome, not content.
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent", "--exclude-selectors", ".headerlink"]
    _run(command, "pagefind")
    if not (index / "pagefind.js").exists():
        raise EngineError("pagefind produced no index (pagefind/pagefind.js missing)")


def _run(command: list[str], name: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # keep build output to what matters
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        output = (result.stderr + result.stdout).strip()
        raise EngineError(f"{name} failed (exit {result.returncode}):\n{output}")
