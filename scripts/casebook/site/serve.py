"""Serve the built site locally and rebuild it when a record or a page changes.

Consumes: a ``Project``, a host and a port.
Produces: an HTTP server on http://HOST:PORT serving ``site_dir`` (the port is taken
before the first build: a busy one is reported at once, exit status 1) (the real built site,
so Pagefind search works, which ``mkdocs serve`` cannot do), and a watcher that
polls ``precedents/``, ``docs/``, ``mkdocs.yml`` and the templates once a second and
rebuilds on any change. A rebuild with problems prints them and keeps serving the
last good site. Reload the browser to see a change.
"""

from __future__ import annotations

import errno
import functools
import http.server
import sys
import threading
import time
from pathlib import Path

from ..records.collection import Project
from .build import build_site

TEMPLATES = Path(__file__).parents[1] / "pages" / "templates"


def snapshot(paths: list[Path]) -> tuple:
    """A cheap fingerprint of every file under ``paths``: (path, mtime, size)."""
    entries = []
    for root in paths:
        root = Path(root)
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
        for path in files:
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            entries.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(entries)


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # quiet: the terminal is for build output
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def _listen(host: str, port: int, site_dir: Path) -> http.server.ThreadingHTTPServer | None:
    """The server, its port taken; None (after saying why) when the port is not free."""
    handler = functools.partial(_SiteHandler, directory=str(site_dir))
    try:
        return http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as error:
        reason = "is already in use" if error.errno == errno.EADDRINUSE else f"cannot be used ({error.strerror})"
        print(
            f"casebook serve: port {port} on {host} {reason}; stop what is using it, or choose another port: "
            f"casebook serve --port {port + 1} (or make serve PORT={port + 1})",
            file=sys.stderr,
        )
        return None


def serve(project: Project, host: str, port: int, site_dir: Path, work_dir: Path, engine: str | None = None) -> int:
    # The port is taken before the build, so a busy one is reported at once.
    server = _listen(host, port, site_dir)
    if server is None:
        return 1
    try:
        status = build_site(project, site_dir, work_dir, engine=engine)
    except BaseException:
        server.server_close()
        raise
    if status != 0 and not (site_dir / "index.html").exists():
        print("nothing to serve: fix the problems above and run again")
        server.server_close()
        return status
    watched = [project.precedents, project.docs_dir, project.mkdocs_yml, project.root / "precedents", TEMPLATES]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving http://{host}:{port}/ (Ctrl+C to stop); watching precedents/, docs/ and mkdocs.yml")
    seen = snapshot(watched)
    try:
        while True:
            time.sleep(1.0)
            current = snapshot(watched)
            if current != seen:
                seen = current
                print("change detected, rebuilding ...")
                build_site(project, site_dir, work_dir, engine=engine)
                seen = snapshot(watched)
    except KeyboardInterrupt:
        print("stopped")
    finally:
        server.shutdown()
        server.server_close()
    return 0
