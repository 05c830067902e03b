"""Run the site engine (MkDocs + Material) and the search indexer (Pagefind).

Consumes: a folder of Markdown pages and assets, the project's ``mkdocs.yml``.
Produces: a built, indexed site in an output folder, or an ``EngineError``.
This is the only module that knows the site engine. It reads ``mkdocs.yml`` as
plain YAML, points ``docs_dir`` and ``site_dir`` at the given folders, writes that
configuration beside the pages, and runs ``mkdocs build --strict`` and then
``pagefind`` as subprocesses, so swapping the engine means changing this file.

The engine reads raw HTML slowly: Python-Markdown and MkDocs each run Python's
html.parser over every tag, and a generated precedent page is mostly HTML (its
timeline picture alone is about a hundred tags). ``set_aside_html`` takes the finished
HTML blocks out of the generated pages before the engine sees them, leaving a
placeholder comment for each; ``finish_pages`` puts them back into the built pages. The
pages come out the same (a test compares a whole site built both ways), and the engine
takes less than half the time at 1,000 precedents.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import yaml

from ..pages.site_paths import page_url
from .glossary import mark_glossary_words


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
    set_aside: dict[str, list[str]] | None = None,
    glossary: dict[str, str] | None = None,
) -> None:
    """``set_aside``: the HTML blocks ``set_aside_html`` took out of the pages, by page.
    ``glossary``: word -> tooltip, marked on every page after the engine (glossary.py).
    ``build_epoch`` (seconds; the newest record change) stands in for the clock: MkDocs
    stamps sitemap.xml.gz and page dates with the build time unless SOURCE_DATE_EPOCH says
    otherwise. A SOURCE_DATE_EPOCH already in the environment wins (reproducible-builds
    convention)."""
    config = engine_config(mkdocs_yml, docs_dir, site_dir, site_url)
    config_path.write_text(json.dumps(config, indent=1), encoding="utf-8")
    _run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--config-file", str(config_path)],
        "mkdocs build --strict",
        {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH") or str(build_epoch)},
    )
    finish_pages(site_dir, set_aside or {}, glossary or {})


# -- HTML blocks the engine need not read ---------------------------------------------------

# Block-level tags that start an HTML block for Python-Markdown and CommonMark engines
# alike. Not headings: the engine lists those in the table of contents and takes the
# page title from the first.
_HTML_BLOCK_TAGS = "address|article|aside|blockquote|details|div|dl|figure|footer|header|nav|ol|p|section|table|ul"
_HTML_BLOCK_START = re.compile(rf"<({_HTML_BLOCK_TAGS})[\s>]")
_PLACEHOLDER = "<!--casebook-html {}-->"
_PLACEHOLDER_FOUND = re.compile(r"<!--casebook-html (\d+)-->")


def _finished_html(chunk: str) -> bool:
    """A chunk (text between blank lines) that is one whole HTML element with nothing for
    the engine to do in it: it opens with a block-level tag at the start of a line,
    closes that tag at its end, and asks for no Markdown inside (``markdown="1"``)."""
    start = _HTML_BLOCK_START.match(chunk)
    if not start or "markdown=" in chunk or "<!--casebook-html" in chunk:
        return False
    tag = start.group(1)
    body = chunk.rstrip()
    return body.endswith(f"</{tag}>") and len(re.findall(rf"<{tag}[\s>]", body)) == body.count(f"</{tag}>")


_WRAPPER_OPENING = re.compile(r'<div\b[^>\n]*\smarkdown="1"[^>\n]*>')


def set_aside_html(pages: dict[str, str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """``pages`` (path -> Markdown) with each finished HTML block replaced by a placeholder
    comment, and the blocks taken out, by page. Also set aside: the opening and closing
    lines of a page-wide ``<div ... markdown="1">`` (the Pagefind body of a precedent),
    which would make md_in_html read the whole page as nested HTML; the Markdown inside
    it is read as the page's own. Only pages without code blocks, where a blank-line split
    cannot cut through a fence."""
    engine_pages, set_aside = {}, {}
    for path, text in pages.items():
        if not path.endswith(".md") or "```" in text or "~~~" in text:
            engine_pages[path] = text
            continue
        front, separator, body = text.partition("\n---\n") if text.startswith("---\n") else ("", "", text)
        body, blocks = _set_aside_blocks(body)
        if blocks:
            set_aside[path] = blocks
            text = front + separator + body
        engine_pages[path] = text
    return engine_pages, set_aside


def _set_aside_blocks(body: str) -> tuple[str, list[str]]:
    """One page's Markdown, split into chunks at blank lines: see ``set_aside_html``."""
    blocks: list[str] = []

    def placeholder(block: str) -> str:
        blocks.append(block)
        return _PLACEHOLDER.format(len(blocks) - 1)

    chunks = body.split("\n\n")
    depth, opening = 0, None  # <div> nesting between chunks; the outermost wrapper's chunk
    for i, chunk in enumerate(chunks):
        core = chunk.strip("\n")  # the newlines around it stay in the page
        lead = chunk[: len(chunk) - len(chunk.lstrip("\n"))]
        tail = chunk[len(lead) + len(core) :]
        if core and _finished_html(core):
            chunks[i] = lead + placeholder(core) + tail
            continue
        if depth == 0 and _WRAPPER_OPENING.fullmatch(core):
            opening = i
        elif depth == 1 and core == "</div>" and opening is not None:
            opened = chunks[opening].strip("\n")
            chunks[opening] = chunks[opening].replace(opened, placeholder(opened.replace(' markdown="1"', "")))
            chunks[i] = lead + placeholder(core) + tail
            opening = None
        depth += len(re.findall(r"<div[\s>]", chunk)) - chunk.count("</div>")
        if depth <= 0:
            depth, opening = 0, None
    return "\n\n".join(chunks), blocks


def put_back_html(html: str, blocks: list[str], page: str) -> str:
    """``html`` with every placeholder of ``page`` replaced by its block; an error if the
    engine lost, doubled or wrapped one (it must pass HTML comments through as they are)."""
    used = []

    def block(match: re.Match) -> str:
        used.append(int(match.group(1)))
        return blocks[int(match.group(1))]

    wrapped = re.search(r"<p>\s*<!--casebook-html", html)
    html = _PLACEHOLDER_FOUND.sub(block, html)
    if wrapped or sorted(used) != list(range(len(blocks))):
        raise EngineError(f"{page}: the site engine did not keep the placeholders of its HTML blocks as they were")
    return html


# The Content Security Policy the site runs under (see README, "Hosting"). Inline
# scripts are allowed only by hash: the theme's few small inline scripts are hashed at
# build time, so the policy needs no 'unsafe-inline'. 'wasm-unsafe-eval' lets Pagefind
# compile its WebAssembly search engine; nothing else is loaded from anywhere but the site.
POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
HEADER_ONLY = {"frame-ancestors": ["'none'"]}  # ignored in a <meta> policy, so only in _headers
_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
# After <meta charset>, which must stay within the first 1,024 bytes of the page.
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.I)


def inline_script_hashes(html: str) -> set[str]:
    hashes = set()
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if "src=" in attrs:
            continue
        kind = re.search(r'type="([^"]+)"', attrs)
        if kind and kind.group(1) not in ("text/javascript", "module"):
            continue  # data blocks (JSON) are not executed and need no hash
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        hashes.add("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return hashes


def policy_text(hashes: set[str], extra: dict | None = None) -> str:
    directives = {key: list(values) for key, values in POLICY.items()}
    directives["script-src"] += sorted(hashes)
    directives.update(extra or {})
    return "; ".join(f"{key} {' '.join(values)}" for key, values in directives.items())


# The theme's templates indent every line, which is a seventh of a page's bytes. A
# newline followed by spaces and blank lines renders exactly as one newline does, except
# where whitespace is kept (<pre>, <textarea>) or is code (<script>, <style>), which are
# left as they are (so inline script hashes do not change).
# Only HTML's own whitespace: Python's \s would also take non-breaking and other Unicode
# spaces, which render.
_KEPT_OR_INDENT = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)|\n[ \t\r\n\f]+", re.S | re.I)


def compact_whitespace(html: str) -> str:
    return _KEPT_OR_INDENT.sub(lambda m: m.group(1) or "\n", html)


def finish_pages(site_dir: Path, set_aside: dict[str, list[str]] | None = None, glossary: dict[str, str] | None = None) -> str:
    """Every built page, read and written once: the HTML blocks set aside put back
    (``put_back_html``), the glossary words marked (``glossary.mark_glossary_words``),
    without the theme's indentation (``compact_whitespace``) and under the security
    policy (``apply_security_policy``)."""
    # Directory URLs: a/b.md is built as a/b/index.html
    blocks_by_file = {Path(site_dir) / page_url(page) / "index.html": (page, b) for page, b in (set_aside or {}).items()}
    texts = {}
    for path in sorted(Path(site_dir).rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if path in blocks_by_file:
            page, blocks = blocks_by_file.pop(path)
            html = put_back_html(html, blocks, page)
        texts[path] = compact_whitespace(mark_glossary_words(html, glossary or {}))
    if blocks_by_file:
        missing = sorted(page for page, _ in blocks_by_file.values())
        raise EngineError(f"the site engine built no page for {', '.join(missing[:3])}")
    return apply_security_policy(site_dir, texts)


def apply_security_policy(site_dir: Path, texts: dict[Path, str]) -> str:
    """Hash every inline script of ``texts`` (page -> HTML), write each page with the
    policy in its <head>, and write the policy to _headers."""
    hashes = set().union(*(inline_script_hashes(text) for text in texts.values())) if texts else set()
    policy = policy_text(hashes)
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{policy}">'
    for page, text in texts.items():
        match = _CHARSET.search(text)
        if match:
            page.write_text(text[: match.end()] + meta + text[match.end() :], encoding="utf-8")
    headers = [
        "/*",
        f"  Content-Security-Policy: {policy_text(hashes, HEADER_ONLY)}",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
        "",
    ]
    (Path(site_dir) / "_headers").write_text("\n".join(headers), encoding="utf-8")
    return policy


def run_pagefind(site_dir: Path) -> None:
    start_pagefind(site_dir).finish()


def start_pagefind(site_dir: Path) -> Indexing:
    """Start indexing ``site_dir`` and return at once: the indexer runs in its own process,
    so the build reads the pages for the link check meanwhile."""
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


def _run(command: list[str], name: str, extra_env: dict | None = None) -> None:
    result = subprocess.run(command, capture_output=True, text=True, env=_environment(extra_env))
    _raise_on_failure(name, result.returncode, result.stdout, result.stderr)
