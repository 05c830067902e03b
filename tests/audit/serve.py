"""A static server for audits that compresses like a real host.

Consumes: a built site folder.
Produces: an HTTP server on 127.0.0.1 (only) serving it, gzip-compressing text types
(HTML, CSS, JavaScript, JSON, XML, SVG, plain text) on the fly at level 6 when the browser
sends ``Accept-Encoding: gzip``, with ``Vary: Accept-Encoding``. ``compress=False`` serves
every file as it is, like ``python -m http.server`` (and ``casebook serve``).

Why compress: every host a site like this one is put on (GitHub Pages, Netlify,
Cloudflare Pages, nginx or Apache as commonly set up) gzips or brotli-compresses these
types; an audit over an uncompressed server measures the server, not the site (on this
site it adds about 1.3 s to the largest contentful paint). ``make audit`` reports both.
Pagefind's index files are already compressed and are served as they are.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from pathlib import Path

COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


class _Handler(http.server.SimpleHTTPRequestHandler):
    compress = True

    def log_message(self, format, *args):  # quiet: the terminal is for the table
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        kind = self.guess_type(str(path))
        wants = "gzip" in (self.headers.get("Accept-Encoding") or "")
        if not (self.compress and wants and path.is_file() and kind.startswith(COMPRESSED_TYPES)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    """What ``send_head`` returns: a file-like object that ``copyfile`` reads."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def start(site_dir: Path, compress: bool = True) -> http.server.ThreadingHTTPServer:
    """Serve ``site_dir`` on a free port of 127.0.0.1, in a thread; ``server.server_address``
    says where; ``server.shutdown()`` stops it."""
    handler = functools.partial(type("Handler", (_Handler,), {"compress": compress}), directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, name="audit-server", daemon=True).start()
    return server
