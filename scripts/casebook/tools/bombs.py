"""Resource bombs: files built to exhaust a YAML reader, and how ``casebook check`` meets them.

Consumes: a temporary folder (bombs are generated there, never committed: one is 50 MB).
Produces: one folder per bomb holding one ``.yml`` file, the problem line ``casebook
check`` must print for it, and, from ``measure``, the real command's output, exit
status, wall time and peak memory when run in a subprocess under an address-space
limit. ``python -m casebook.bombs`` prints that table (a benchmark; the target is under
a second and bounded memory for each bomb; it also times the loader alone, in
process, without the interpreter's start-up). The tests (tests/test_resource_bombs.py)
pin the exact lines.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..records.collection import find_project_root
from ..records.load import MAX_BYTES, MAX_DEPTH, MAX_EVENTS, load_file
from .scratch import link_project

MEMORY_LIMIT = 512 * 1024 * 1024  # address space of the checking process
HANG_GUARD_SECONDS = 60  # a hang, not a timing target: the target (1 s) is printed, not asserted
TARGET_SECONDS = 1.0

_SIZE = f"the file is larger than {MAX_BYTES // 1024} KB; a record should be a few KB"


def alias_bomb() -> bytes:
    """'Billion laughs': nine levels of nine aliases expand to 9**9 strings in a naive reader."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


def huge_record() -> bytes:
    """A 50 MB record: a title that never ends."""
    return b"id: huge\ntitle: " + b"x" * (50 * 1024 * 1024) + b"\n"


def deep_nesting() -> bytes:
    """10,000 levels of flow lists, which a recursive reader follows until its stack ends."""
    return b"id: deep\nnested: " + b"[" * 10_000 + b"]" * 10_000 + b"\n"


def deep_mappings() -> bytes:
    return b"id: deep\nnested: " + b"{a: " * 10_000 + b"1" + b"}" * 10_000 + b"\n"


def million_items() -> bytes:
    """A list of a million items (4 MB)."""
    return b"id: many\nitems:\n" + b"- x\n" * 1_000_000


def many_items_under_the_size_limit() -> bytes:
    """As many items as fit in the size limit (about 250,000): the value count stops it."""
    count = (MAX_BYTES - 64) // 2
    return b"id: many\nitems: [" + b"1," * count + b"1]\n"


def binary_junk() -> bytes:
    """64 KB of random bytes (seeded, so the reported line is always the same)."""
    return random.Random(8).randbytes(64 * 1024)


def junk_without_nul() -> bytes:
    """Random high bytes: no NUL, not UTF-8."""
    return bytes(random.Random(8).randrange(0x80, 0x100) for _ in range(4096))


def invalid_utf8() -> bytes:
    """A record saved as Latin-1: valid YAML, one non-UTF-8 byte on line 3."""
    return "id: latin\ntitle: A record\nsummary: Caf\xe9 owner detained\n".encode("latin-1")


@dataclass(frozen=True)
class Bomb:
    name: str
    make: object  # () -> bytes
    expected: str  # the problem line, with {file} for the file's path as printed


BOMBS = (
    Bomb("alias-bomb", alias_bomb, "{file}:1: anchors and aliases (& and *) are not allowed; write each value out"),
    Bomb("fifty-megabytes", huge_record, "{file}:1: " + _SIZE),
    Bomb("nesting-10000-lists", deep_nesting, f"{{file}}:2: the file is nested more than {MAX_DEPTH} levels deep"),
    Bomb("nesting-10000-mappings", deep_mappings, f"{{file}}:2: the file is nested more than {MAX_DEPTH} levels deep"),
    Bomb("million-items", million_items, "{file}:1: " + _SIZE),
    Bomb(
        "items-under-the-size-limit",
        many_items_under_the_size_limit,
        f"{{file}}:2: the file has more than {MAX_EVENTS} values; a record should be far smaller",
    ),
    Bomb("binary-junk", binary_junk, "{file}:1: the file contains NUL bytes; expected UTF-8 text"),
    Bomb("junk-without-nul", junk_without_nul, "{file}:1: invalid UTF-8 (byte 0x{first:02x}); save the file as UTF-8"),
    Bomb("invalid-utf8", invalid_utf8, "{file}:3: invalid UTF-8 (byte 0xe9); save the file as UTF-8"),
)


def write_bomb(bomb: Bomb, folder: Path) -> tuple[Path, str]:
    """The bomb as ``folder/<name>/<name>.yml``; returns the record folder and the expected line."""
    records = Path(folder) / bomb.name
    records.mkdir(parents=True, exist_ok=True)
    raw = bomb.make()
    path = records / f"{bomb.name}.yml"
    path.write_bytes(raw)
    return records, bomb.expected.format(file=f"{bomb.name}/{bomb.name}.yml", first=raw[0])


@dataclass(frozen=True)
class Run:
    output: str
    status: int
    seconds: float
    peak_mb: float
    bytes: int


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def measure(records: Path, cwd: Path) -> Run:
    """Run the real ``casebook check`` on ``records`` under the memory limit; time it."""
    size = sum(p.stat().st_size for p in Path(records).glob("*.yml"))
    command = [sys.executable, "-m", "casebook.cli", "check", "--precedents", str(records)]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, preexec_fn=limit_memory, text=True
    )
    guard = threading.Timer(HANG_GUARD_SECONDS, process.kill)
    guard.start()
    try:
        output = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        guard.cancel()
        process.stdout.close()
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    # Peak resident memory as the kernel reports it for the child; it counts the pages of
    # the forking parent too (until exec), so from a big test process it is an upper bound.
    return Run(output, process.returncode, seconds, usage.ru_maxrss / 1024, size)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="casebook-bombs-") as name:
        tmp = link_project(Path(name), find_project_root())  # checked against this project's schema
        print(f"casebook check on each bomb, in a subprocess limited to {MEMORY_LIMIT // 2**20} MB of address space")
        print(f"(target: under {TARGET_SECONDS:.0f} s each, one clear problem line; files in {tmp}, removed afterwards)")
        print(f"{'bomb':28} {'size':>10} {'exit':>4} {'seconds':>8} {'load ms':>8} {'peak MB':>8}  output")
        baseline = tmp / "empty-folder"
        baseline.mkdir()
        run = measure(baseline, tmp)
        print(f"{'(no records: start-up only)':28} {0:>10} {run.status:>4} {run.seconds:>8.2f} {'':>8} {run.peak_mb:>8.0f}")
        worst = 0.0
        for bomb in BOMBS:
            records, expected = write_bomb(bomb, tmp)
            run = measure(records, tmp)
            first = run.output.splitlines()[0] if run.output else ""
            verdict = "ok" if first == expected else f"UNEXPECTED (wanted {expected!r})"
            started = time.perf_counter()  # the loader alone, in this process
            load_file(records / f"{bomb.name}.yml", bomb.name)
            load_ms = (time.perf_counter() - started) * 1000
            print(
                f"{bomb.name:28} {run.bytes:>10,} {run.status:>4} {run.seconds:>8.2f} {load_ms:>8.1f} {run.peak_mb:>8.0f}"
                f"  {verdict}: {first}"
            )
            worst = max(worst, run.seconds)
        print(f"slowest: {worst:.2f} s (target under {TARGET_SECONDS:.0f} s, start-up included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
