"""MkDocs 1.6 with Material for MkDocs 9: the default engine.

Consumes: the configuration (mkdocs.yml with absolute ``docs_dir`` and ``site_dir``),
where to write it, the build's date.
Produces: the built pages in ``site_dir``, or an ``EngineError`` with MkDocs' output.
It reads the configuration as JSON (which is YAML) and dates pages with
SOURCE_DATE_EPOCH. Nothing else about it is special: the theme overrides read only what
both engines give (docs/overrides/main.html), and the sitemap is the pipeline's.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ..engine import EngineError, run_command


class MkDocs:
    name = "mkdocs"
    label = "MkDocs + Material for MkDocs"
    # A Markdown link to a file it does not have is left as written, so it must be written
    # from the page's address (a translated page's link to the open data at the root).
    links_from_file = False

    def build(self, config: dict, config_path: Path, build_epoch: int = 0) -> None:
        """``build_epoch`` (seconds; the newest record change) stands in for the clock unless
        SOURCE_DATE_EPOCH is already set (reproducible-builds convention)."""
        Path(config_path).write_text(json.dumps(config, indent=1), encoding="utf-8")
        result = run_command(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--config-file", str(config_path)],
            {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH") or str(build_epoch)},
        )
        if result.returncode != 0:
            raise EngineError(
                f"mkdocs build --strict failed (exit {result.returncode}):\n{(result.stderr + result.stdout).strip()}"
            )
