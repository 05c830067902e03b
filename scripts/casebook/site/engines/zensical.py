"""Zensical (0.0.73): the successor of Material for MkDocs, which reads mkdocs.yml.

Consumes: the configuration (mkdocs.yml with absolute ``docs_dir`` and ``site_dir``),
where to write it, the build's date.
Produces: the built pages in ``site_dir``, or an ``EngineError`` with Zensical's output.
What it needs that MkDocs does not (README, "Engines"):
- ``docs_dir`` and ``site_dir`` relative, under the configuration file's folder (it
  refuses others, and an absolute ``docs_dir`` makes it panic). The configuration is
  written beside the pages (the work folder) and the site built inside that folder, then
  moved to where the pipeline wants it. Its cache (``.cache/``) lands there too.
- ``theme.variant: classic``: Material's look (its default, ``modern``, is a new one).
- Its own search switched off (Pagefind is the search); even so it writes an empty
  ``search.json``, which is removed.
- Failure read from its output too: a page whose template fails is dropped, and the
  build ends with "N issues found" (exit status 1 under --strict, which is checked too).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

from ..engine import EngineError, run_command

_ISSUES = re.compile(r"^\s*\d+ issues? found", re.MULTILINE)
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")  # it colours its output even with NO_COLOR


class Zensical:
    name = "zensical"
    label = "Zensical"
    # A Markdown link, even to a file it does not have, is read from the Markdown file and
    # rewritten for the page's address (zensical#258): written from the file, it comes out right.
    links_from_file = True

    def build(self, config: dict, config_path: Path, build_epoch: int = 0) -> None:
        folder = Path(config_path).parent.resolve()
        docs, site = Path(config["docs_dir"]).resolve(), Path(config["site_dir"]).resolve()
        if not docs.is_relative_to(folder) or docs == folder:
            raise EngineError(f"zensical reads pages only from a folder under its configuration's ({folder}); got {docs}")
        built = site if site.is_relative_to(folder) and site != folder else folder / "zensical-site"
        if built.exists():
            shutil.rmtree(built)  # it writes into site_dir without emptying it first
        theme = {**(config.get("theme") or {})}
        theme.setdefault("variant", "classic")
        config = {
            **config,
            "docs_dir": os.path.relpath(docs, folder),
            "site_dir": os.path.relpath(built, folder),
            "theme": theme,
            "plugins": [{"search": {"enabled": False}}],  # on unless switched off; Pagefind is the search
        }
        Path(config_path).write_text(json.dumps(config, indent=1), encoding="utf-8")
        result = run_command(
            [sys.executable, "-m", "zensical", "build", "--strict", "--clean", "--config-file", str(config_path)],
            {"NO_COLOR": "1", "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH") or str(build_epoch)},
            cwd=folder,
        )
        output = _COLOUR.sub("", result.stderr + result.stdout).strip()
        if result.returncode != 0 or _ISSUES.search(output):
            raise EngineError(f"zensical build --strict failed (exit {result.returncode}):\n{output[-4000:]}")
        (built / "search.json").unlink(missing_ok=True)
        if built != site:
            if site.exists():
                shutil.rmtree(site)
            try:
                os.replace(built, site)
            except OSError:  # another file system
                shutil.move(built, site)
