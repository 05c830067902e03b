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


def engine_config(mkdocs_yml: Path, docs_dir: Path, site_dir: Path, site_url: str | None = None) -> dict:
    config = yaml.safe_load(Path(mkdocs_yml).read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    if site_url:
        config["site_url"] = site_url  # canonical links and sitemap.xml need the full address
    theme = config.get("theme", {})
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((Path(mkdocs_yml).parent / theme["custom_dir"]).resolve())
    return config


def run_mkdocs(
    mkdocs_yml: Path,
    docs_dir: Path,
    site_dir: Path,
    config_path: Path,
    site_url: str | None = None,
    build_epoch: int = 0,
) -> None:
    """``build_epoch`` (seconds) stands in for the clock: MkDocs stamps sitemap.xml.gz and
    page dates with the build time unless SOURCE_DATE_EPOCH says otherwise."""
    config = engine_config(mkdocs_yml, docs_dir, site_dir, site_url)
    config_path.write_text(json.dumps(config, indent=1), encoding="utf-8")
    _run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--config-file", str(config_path)],
        "mkdocs build --strict",
        {"SOURCE_DATE_EPOCH": str(build_epoch)},
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


def _run(command: list[str], name: str, extra_env: dict | None = None) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}  # keep build output to what matters
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        output = (result.stderr + result.stdout).strip()
        raise EngineError(f"{name} failed (exit {result.returncode}):\n{output}")
