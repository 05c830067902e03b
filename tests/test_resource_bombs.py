"""Resource bombs fail `casebook check` with one clear line, in bounded memory, without hanging.

Each bomb (scripts/casebook/tools/bombs.py: an alias bomb, a 50 MB record, 10,000 levels of
nesting, a million-item list, as many items as fit under the size limit, binary junk,
invalid UTF-8) is generated in a temporary folder and checked by the real command in a
subprocess limited to 512 MB of address space. A generous guard (60 s) only catches a
hang: the target of under a second is a benchmark figure (`python -m casebook.tools.bombs`),
not a timed assertion.
"""

import subprocess
import sys

import pytest

from casebook.tools.bombs import BOMBS, MEMORY_LIMIT, limit_memory, measure, write_bomb
from casebook.tools.scratch import link_project
from tests.conftest import ROOT


@pytest.mark.parametrize("bomb", BOMBS, ids=[b.name for b in BOMBS])
def test_a_bomb_fails_the_check_with_one_clear_line(tmp_path, bomb):
    records, expected = write_bomb(bomb, tmp_path)
    run = measure(records, cwd=link_project(tmp_path, ROOT))
    assert run.output == f"{expected}\n1 problem in 1 file\n"
    assert run.status == 1
    print(
        f"\n{bomb.name}: {run.bytes:,} bytes, {run.seconds:.2f} s, peak {run.peak_mb:.0f} MB (limit {MEMORY_LIMIT // 2**20} MB)"
    )


def test_the_memory_limit_is_real(tmp_path):
    """A check that needed more than the limit would fail, not pass: show the limit bites."""
    script = tmp_path / "greedy.py"
    script.write_text("blob = bytearray(600 * 1024 * 1024)\nprint('allocated')\n")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, preexec_fn=limit_memory)
    assert result.returncode != 0 and "MemoryError" in result.stderr
