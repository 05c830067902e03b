"""Run a site engine and the search indexer (Pagefind).

Consumes: a folder of Markdown pages and assets, the project's ``mkdocs.yml``, an
engine (``engines/``: MkDocs + Material, the default, or Zensical).
Produces: a built, indexed site in an output folder, or an ``EngineError``.
It reads ``mkdocs.yml`` as plain YAML, points ``docs_dir`` and ``site_dir`` at the
given folders and hands that configuration to the engine, which writes it beside the
pages and runs itself as a subprocess (what differs between engines is in
``engines/``, one small module each); then it runs ``pagefind``. What happens to the
pages before the engine (``set_aside``) and after it (``finish``) knows nothing of the
engine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import yaml

from ..pages.site_paths import page_url


class EngineError(Exception):
    """The site engine or the indexer failed, or did not keep what it was given."""


def engine_config(
    mkdocs_yml: Path,
    docs_dir: Path,
    site_dir: Path,
    site_url: str | None = None,
    extra: dict | None = None,
    language=None,
) -> dict:
    """mkdocs.yml pointed at the given folders; ``extra`` adds values the theme overrides
    print (the footer's, see pages/contact.py) under the configuration's ``extra``.
    ``language`` (a ``Language`` other than English): the theme's own words in it
    (``theme.language``), and the navigation's titles and the site's description through
    its catalogue (they are extracted into it, see pages/i18n/extract.py)."""
    config = yaml.safe_load(Path(mkdocs_yml).read_text(encoding="utf-8"))
    if language is not None and not language.is_source:
        config["theme"] = {**(config.get("theme") or {}), "language": language.code}
        config["nav"] = translated_nav(config.get("nav") or [], language._)
        # Its pages link to the open data at the site's root, outside its own pages: the
        # engine cannot see those files, and the pipeline's link check verifies every
        # link of the built site (site/links.py), so the engine only notes them.
        config["validation"] = {**(config.get("validation") or {}), "not_found": "info"}
        if config.get("site_description"):
            description = " ".join(str(config["site_description"]).split())
            config["site_description"] = language._(description)
        # The headings' permalink marks are titled by the Markdown extension, not the theme.
        _ = language._
        config["markdown_extensions"] = [
            {"toc": {**(ext["toc"] or {}), "permalink_title": _("Permanent link")}}
            if isinstance(ext, dict) and "toc" in ext
            else ext
            for ext in config.get("markdown_extensions") or []
        ]
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    if site_url:
        config["site_url"] = site_url  # canonical links and sitemap.xml need the full address
    if extra:
        config["extra"] = {**(config.get("extra") or {}), **extra}
    theme = config.get("theme", {})
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((Path(mkdocs_yml).parent / theme["custom_dir"]).resolve())
    # The compact navigation of precedent pages (docs/overrides/main.html) reads this list,
    # not the engine's own navigation objects, which differ between engines.
    config["extra"] = {**(config.get("extra") or {}), "casebook_sections": nav_sections(config.get("nav") or [])}
    return config


def translated_nav(nav, gettext):
    """mkdocs.yml's ``nav`` with every title through ``gettext``; the pages stay."""
    if isinstance(nav, list):
        return [translated_nav(item, gettext) for item in nav]
    if isinstance(nav, dict):
        return {gettext(str(title)): translated_nav(value, gettext) for title, value in nav.items()}
    return nav


def nav_sections(nav: list) -> list[dict]:
    """One entry per top-level item of mkdocs.yml's ``nav``: its title and the address of
    its first page (a section's first page, at any depth), as the page's directory URL
    (``instruments/red-notice/``; the home page is ``""``) or an external address."""

    def first_page(value):
        if isinstance(value, list):
            for child in value:
                found = first_page(next(iter(child.values())) if isinstance(child, dict) else child)
                if found is not None:
                    return found
            return None
        return str(value)

    sections = []
    for item in nav:
        if not isinstance(item, dict) or len(item) != 1:
            raise EngineError(f"mkdocs.yml: nav: each top-level entry must be one 'Title: page' pair; got {item!r}")
        ((title, value),) = item.items()
        target = first_page(value)
        if target is None:
            continue
        url = target if "://" in target else page_url(target)
        sections.append({"title": str(title), "url": url})
    return sections


def run_engine(
    engine,
    mkdocs_yml: Path,
    docs_dir: Path,
    site_dir: Path,
    config_path: Path,
    site_url: str | None = None,
    build_epoch: int = 0,
    extra: dict | None = None,
    language=None,
) -> None:
    """Build ``docs_dir`` into ``site_dir`` with ``engine`` (one of ``engines.ENGINES``), its
    configuration written to ``config_path``. ``build_epoch`` (seconds; the newest record
    change) stands in for the clock where an engine stamps dates (see engines/mkdocs.py).
    ``language``: the edition's (see ``engine_config``); one run per language."""
    config = engine_config(mkdocs_yml, docs_dir, site_dir, site_url, extra, language)
    engine.build(config, Path(config_path), build_epoch)


def run_pagefind(site_dir: Path) -> None:
    start_pagefind(site_dir).finish()


def start_pagefind(site_dir: Path) -> Indexing:
    """Start indexing ``site_dir`` and return at once: the indexer runs in its own process,
    so the build writes the files that are not pages meanwhile."""
    index = Path(site_dir) / "pagefind"
    if index.exists():
        shutil.rmtree(index)  # never mix a stale index with a new site
    # Heading permalink marks (the theme's "¶") are chrome, not content.
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent", "--exclude-selectors", ".headerlink"]
    return Indexing(
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_environment()), site_dir
    )


class Indexing:
    """A running Pagefind. A thread collects its output (so a full pipe never stalls it)
    and times its run (``seconds``); ``finish`` waits and raises ``EngineError`` on
    failure; ``stop`` kills it (a build that fails meanwhile must not leave it writing)."""

    def __init__(self, process: subprocess.Popen, site_dir: Path):
        self.process, self.site_dir, self.seconds = process, Path(site_dir), 0.0
        self._output = ("", "")
        self._error: BaseException | None = None
        started = time.perf_counter()

        def wait() -> None:
            try:
                self._output = process.communicate()
            except BaseException as error:  # re-raised by finish(), not lost in the thread
                self._error = error
            self.seconds = time.perf_counter() - started

        self._waiting = threading.Thread(target=wait, daemon=True)
        self._waiting.start()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self._waiting.join()

    def finish(self) -> None:
        self._waiting.join()
        if self._error is not None:
            raise EngineError(f"pagefind: its output could not be read: {self._error}")
        _raise_on_failure("pagefind", self.process.returncode, *self._output)
        if not (self.site_dir / "pagefind" / "pagefind.js").exists():
            raise EngineError("pagefind produced no index (pagefind/pagefind.js missing)")


def _environment(extra_env: dict | None = None) -> dict:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}  # keep build output to what matters


def _raise_on_failure(name: str, returncode: int, stdout: str, stderr: str) -> None:
    if returncode != 0:
        output = (stderr + stdout).strip()
        raise EngineError(f"{name} failed (exit {returncode}):\n{output}")


def run_command(command: list[str], extra_env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """An engine's command, its output captured; the engine judges the outcome (engines/)."""
    return subprocess.run(command, capture_output=True, text=True, env=_environment(extra_env), cwd=cwd)
