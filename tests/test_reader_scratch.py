"""Scratch folders of long-lived readers: named after their writer, and swept by the next writer when
the one that made them is gone (a writer killed with `kill -9` cannot remove them)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from vanban.catalogue.reader_pool import SCRATCH_PREFIX, sweep_orphans


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.mark.parametrize(
    ("name", "swept"),
    [
        ("{dead}-abc123", True),  # a writer that is gone
        ("{live}-abc123", False),  # this process: a live writer
        ("abc123", False),  # no pid: a folder of an older vanban, left alone
        ("x{dead}-abc", False),  # not a pid
    ],
)
def test_sweep_removes_only_folders_of_writers_that_are_gone(tmp_path: Path, name: str, swept: bool) -> None:
    folder = tmp_path / (SCRATCH_PREFIX + name.format(dead=_dead_pid(), live=os.getpid()))
    (folder / "file-1").mkdir(parents=True)
    assert sweep_orphans(str(tmp_path)) == int(swept)
    assert folder.exists() is not swept
