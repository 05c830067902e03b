"""Shared test fixtures: projects pointed at fixture folders, real builds, a local
HTTP server and real Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

import functools
import http.server
import shutil
import socket
import threading
from pathlib import Path

import pytest
from casebook.build import build
from casebook.collection import ROOT, Project

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def project_for(folder: Path) -> Project:
    return Project(root=ROOT, precedents=Path(folder))


@pytest.fixture(scope="session")
def fixture_project() -> Project:
    return project_for(FIXTURES / "precedents")


@pytest.fixture(scope="session")
def built_fixtures(tmp_path_factory, fixture_project):
    """The fixture collection built for real: mkdocs build --strict, then Pagefind."""
    tmp = tmp_path_factory.mktemp("fixture-site")
    report = build(fixture_project, site_dir=tmp / "site", work_dir=tmp / "work")
    assert report.ok, report.error or report.problems
    return tmp


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def fixture_server(built_fixtures):
    """http://127.0.0.1:PORT/ serving the built fixture site."""
    handler = functools.partial(_QuietHandler, directory=str(built_fixtures / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Debian's chromium is not installed; `make test` installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.console_errors = []
    tab.on("console", lambda m: m.type == "error" and tab.console_errors.append(m.text))
    tab.on("pageerror", lambda e: tab.console_errors.append(str(e)))
    yield tab
    context.close()
