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

from casebook.records.collection import Project
from casebook.site.build import build
from casebook.tools.browser import launch

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent  # the repository: the tests run on this project, wherever casebook is installed
FIXTURES = TESTS / "fixtures"


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


def record(record_id: str, **fields) -> dict:
    """A small valid public-record precedent for tests; ``fields`` override the defaults."""
    data = {
        "id": record_id,
        "kind": "public-record",
        "title": f"Test record {record_id}",
        "summary": f"Summary of {record_id}.",
        "headnote": f"Headnote of {record_id}.",
        "requesting_states": ["RU"],
        "host_states": ["ES"],
        "person": {"status_at_home": "accused", "profiles": ["journalist"]},
        "instruments": [{"type": "red-notice", "fate": "deleted"}],
        "proceedings": [],
        "timeline": [{"date": "2020", "event": "Something happened."}],
        "outcomes": ["data-deleted"],
        "sources": [{"kind": "news-report", "title": "A report", "url": "https://example.org/report"}],
        "sourcing": {"strength": "moderate"},
        "review": {"status": "draft"},
    }
    data.update(fields)
    return data


def timeline_record(record_id: str = "ru-2015-synthetic-timeline", **changes) -> dict:
    """A minimal valid record for the timeline and picture tests; every text says it is synthetic."""
    data = {
        "id": record_id,
        "kind": "public-record",
        "title": "Synthetic: timeline test record",
        "summary": "Synthetic record for tests only.",
        "headnote": "Synthetic record for tests only.",
        "requesting_states": ["RU"],
        "host_states": ["DE"],
        "person": {"status_at_home": "accused", "profiles": ["journalist"]},
        "instruments": [{"type": "red-notice", "fate": "unknown"}],
        "proceedings": [],
        "timeline": [{"event": "Synthetic: something happens."}],
        "outcomes": ["unknown"],
        "sources": [{"kind": "news-report", "title": "Synthetic source", "url": "https://example.org/synthetic"}],
        "sourcing": {"strength": "weak"},
        "review": {"status": "draft"},
    }
    data.update(changes)
    return data


def write_records(folder: Path, records: list[dict]) -> Path:
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    for data in records:
        (folder / f"{data['id']}.yml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return folder


def serve_folder(folder: Path):
    """Start a quiet HTTP server for ``folder``; returns (base URL, server)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def zensical_fixtures(tmp_path_factory, fixture_project):
    """The fixture collection built for real with the second engine (README, "Engines"):
    zensical build --strict, then the same finishing, Pagefind and link check."""
    tmp = tmp_path_factory.mktemp("zensical-site")
    report = build(fixture_project, site_dir=tmp / "site", work_dir=tmp / "work", engine="zensical")
    assert report.ok, report.error or report.problems
    return tmp


@pytest.fixture(scope="session")
def built_by(request):
    """The fixture site built by the named engine: ``built_by("zensical")``."""
    return lambda engine: request.getfixturevalue({"mkdocs": "built_fixtures", "zensical": "zensical_fixtures"}[engine])


@pytest.fixture(scope="session")
def fixture_server(built_fixtures):
    """http://127.0.0.1:PORT/ serving the built fixture site."""
    url, server = serve_folder(built_fixtures / "site")
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if shutil.which("chromium") is None:
        pytest.fail("Debian's chromium is not installed; `make test` installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = launch(playwright)
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


# --- publishing (exports, feeds, redirects, PDFs) ---------------------------------------

PUBLISHED_SITE_URL = "https://casebook.example.org/cases/"
RENAMED = "xx-2019-synthetic-renamed"
FORMER = "xx-2018-synthetic-former-name"


def write_publishing_collection(folder: Path) -> Path:
    """The seed record plus a synthetic one that was renamed (an alias), whose title starts
    with '=' and holds markup, with a source address and official identifiers: the cases
    the exports, JSON-LD, redirects and PDFs must handle. Written into a temporary folder."""
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    seed = FIXTURES / "precedents" / "by-2020-blue-notice-then-diffusion.yml"
    shutil.copy(seed, folder / seed.name)
    data = yaml.safe_load(seed.read_text(encoding="utf-8"))
    data.update(
        id=RENAMED,
        kind="public-record",
        aliases=[FORMER],
        title='=HYPERLINK("https://example.org") Synthetic </script><b>renamed</b> record & test',
        summary="@Synthetic summary for tests only.\n\nA second paragraph, also synthetic.",
        requesting_states=["RU"],
        review={"status": "reviewed", "date": "2024-03-05"},
    )
    data["person"] = {"status_at_home": "accused", "profiles": ["journalist"]}
    data["proceedings"][0]["identifiers"] = [
        {"scheme": "ccf-decision", "value": "SYNTHETIC/0000"},
        {"scheme": "ecli", "value": "ECLI:XX:TEST:0000:0"},
    ]
    data["sources"] = [
        {
            "kind": "news-report",
            "title": "Synthetic source with an address",
            "publisher": "Example",
            "url": "https://example.org/synthetic/source-1",
        }
    ]
    (folder / f"{RENAMED}.yml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def published_site(tmp_path_factory):
    """A real build of the publishing collection with a configured site address."""
    tmp = tmp_path_factory.mktemp("published-site")
    records = write_publishing_collection(tmp / "precedents")
    report = build(project_for(records), site_dir=tmp / "site", work_dir=tmp / "work", site_url=PUBLISHED_SITE_URL)
    assert report.ok, report.error or report.problems
    return tmp


@pytest.fixture(scope="session")
def published_server(published_site):
    """http://127.0.0.1:PORT/ serving the published site."""
    handler = functools.partial(_QuietHandler, directory=str(published_site / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def wait_rendered(page) -> None:
    """Until the search page has drawn the results for its current address."""
    page.wait_for_function(
        "() => { const r = document.getElementById('cb-search'); return r && r.dataset.cbRendered === location.search; }"
    )


def copy_project(folder: Path) -> Path:
    """A project of its own in ``folder``: this repository's configuration, docs and
    reference data copied (not linked), with no records yet."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", folder / "docs")
    shutil.copytree(ROOT / "precedents", folder / "precedents", ignore=shutil.ignore_patterns("*.yml"))
    for name in ("vocabularies", "reference"):
        shutil.rmtree(folder / "precedents" / name)
        shutil.copytree(ROOT / "precedents" / name, folder / "precedents" / name)
    return folder
