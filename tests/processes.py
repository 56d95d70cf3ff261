"""The processes an ingest running in this test process has started: its readers, and the zygote that forks them."""

from __future__ import annotations

import multiprocessing as mp

import psutil


def _zygotes() -> list[int]:
    return [p.pid for p in mp.active_children() if p.name.startswith("vanban-zygote")]


def reader_pids() -> list[int]:
    """The pids of the live readers: forked by a zygote, or by this process."""
    direct = [p.pid for p in mp.active_children() if p.name.startswith("vanban-reader")]
    forked = []
    for zygote in _zygotes():
        try:
            forked += [c.pid for c in psutil.Process(zygote).children() if c.status() != psutil.STATUS_ZOMBIE]
        except psutil.NoSuchProcess:
            continue
    return direct + forked


def ingest_processes() -> list[int]:
    """The pids of the live zygotes and readers."""
    return _zygotes() + reader_pids()
