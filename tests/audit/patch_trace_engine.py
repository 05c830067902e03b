"""Patch Lighthouse 12.2.3's trace engine so it reads the traces of Debian's Chromium.

Consumes: ``node_modules/`` under this folder, installed by ``npm ci`` from the pinned
``package-lock.json``.
Produces: ``@paulirish/trace_engine`` 0.0.32's ``ScreenshotsHandler.js`` with one filter
added. Newer Chromium writes ``PipelineReporter`` trace events without
``args.chrome_frame_reporter``; this version of the handler reads that field from every
event, throws, and six audits (LCP element, render-blocking resources, layout shifts,
...) end in an error. The filter skips those events; the scores and metrics are the
same with or without it (they come from Lantern's simulation, not from this handler).
Idempotent: a second run finds the patch in place and says so. Fails, naming the file,
when the text it expects is not there (another trace_engine version): look again then.

Run by ``make audit`` after ``npm ci``; see tests/audit/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

HANDLER = Path(__file__).parent / "node_modules/@paulirish/trace_engine/models/trace/handlers/ScreenshotsHandler.js"
BEFORE = "frameSequenceToTs = Object.fromEntries(pipelineReporterEvents.map(evt => {"
AFTER = (
    "frameSequenceToTs = Object.fromEntries(pipelineReporterEvents"
    ".filter(evt => evt.args?.data?.beginEvent?.args?.chrome_frame_reporter)"
    ".map(evt => {"
)


def main() -> int:
    text = HANDLER.read_text(encoding="utf-8")
    if AFTER in text:
        print(f"{HANDLER.name}: already patched")
        return 0
    if text.count(BEFORE) != 1:
        print(f"{HANDLER}: the line to patch was not found (another trace_engine version?); see tests/audit/README.md")
        return 1
    HANDLER.write_text(text.replace(BEFORE, AFTER), encoding="utf-8")
    print(f"{HANDLER.name}: patched (PipelineReporter events without chrome_frame_reporter are skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
