"""The pages our templates make are valid HTML: the Nu Html Checker (vnu, the W3C's
validator; pinned in tests/vnu/package-lock.json, installed by `make test`) finds no
error in the built fixture site but the theme's own, each listed below with its reason.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

VNU = ROOT / "tests" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Errors that come from Material for MkDocs' own templates, which we do not override:
# (message pattern, what the markup must look like, why it is allowed).
THEME_ERRORS = [
    (
        r"Bad value “” for attribute “tabindex” on element “label”",
        r'<label class="md-nav__link" for="__nav_[\d_]+" id="__nav_[\d_]+_label" tabindex="">',
        "the theme's navigation section labels (partials/nav-item.html) carry an empty tabindex",
    ),
    (
        r"Attribute “autocomplete” is only allowed when the input type is",
        r'<input class="md-(?:toggle|nav__toggle md-toggle[^"]*)" [^>]*type="checkbox"[^>]*autocomplete="off">',
        "the theme's drawer, search and navigation toggles are checkboxes with autocomplete=off (base.html, nav-item.html)",
    ),
    (
        r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
        r'<label class="md-nav__title" for="__toc">',
        "the theme's table-of-contents title points at its hidden __toc toggle (partials/toc.html)",
    ),
]


def _vnu(site: Path) -> list[dict]:
    assert shutil.which("java"), "the Nu Html Checker needs Java: `make test` installs Debian's default-jre-headless"
    assert VNU.is_file(), f"{VNU.relative_to(ROOT)} is missing: `make test` installs it (npm ci --prefix tests/vnu)"
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", str(site)],
        capture_output=True,
        text=True,
    )
    return json.loads(result.stderr)["messages"]


def _allowed(message: dict) -> bool:
    return any(
        re.search(pattern, message["message"]) and re.search(markup, message.get("extract", ""))
        for pattern, markup, _ in THEME_ERRORS
    )


def test_our_pages_have_no_html_error(built_fixtures):
    messages = _vnu(built_fixtures / "site")
    ours = [
        f"{m['url'].split('/site/')[-1]}:{m.get('lastLine')}: {m['message']} | {m.get('extract', '')!r}"
        for m in messages
        if not _allowed(m)
    ]
    assert ours == [], "\n".join(ours[:20])
    assert any(_allowed(m) for m in messages), "no theme error left: shorten THEME_ERRORS"


def test_the_checker_finds_what_our_header_search_box_did(tmp_path):
    """The checker is real: the header search box as it was (a combobox role on a search
    input) is an error it reports."""
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>x</title></head><body>'
        '<label for="q">Search</label><input id="q" type="search" name="q" autocomplete="off" role="combobox"'
        ' aria-autocomplete="list" aria-expanded="false" aria-controls="l"><div id="l" role="listbox" hidden></div>'
        "</body></html>"
    )
    messages = [m["message"] for m in _vnu(tmp_path)]
    assert "Bad value “combobox” for attribute “role” on element “input”." in messages
    assert "Attribute “aria-expanded” not allowed on element “input” at this point." in messages
    assert not any(_allowed({"message": m, "extract": ""}) for m in messages)
