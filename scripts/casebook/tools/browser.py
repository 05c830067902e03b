"""Headless Chromium for tests and benchmarks: Debian's package, driven by Playwright.

Consumes: nothing (finds ``chromium`` on the PATH).
Produces: the launch arguments every caller uses, so the flags that keep Chromium off
the network (this machine reaches no other host) live in one place.
"""

from __future__ import annotations

import shutil

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch(playwright):
    """Launch Debian's Chromium; a clear error when it is missing (`make test` installs it)."""
    executable = shutil.which("chromium")
    if executable is None:
        raise RuntimeError("Debian's chromium is not installed; run `make chromium` (or `make test`)")
    return playwright.chromium.launch(executable_path=executable, args=FLAGS)
