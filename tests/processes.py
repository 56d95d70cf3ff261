"""The processes an ingest running in this test process has started: its readers, and the zygote that forks them."""

from __future__ import annotations

import multiprocessing as mp

import psutil


def ingest_processes() -> list[int]:
    """The pids of the live readers (forked by the zygote, or by this process) and zygotes."""
    ours = [p for p in mp.active_children() if p.name.startswith(("vanban-reader", "vanban-zygote"))]
    grandchildren = []
    for p in ours:
        if p.name.startswith("vanban-zygote"):
            try:
                grandchildren += [c.pid for c in psutil.Process(p.pid).children() if c.status() != psutil.STATUS_ZOMBIE]
            except psutil.NoSuchProcess:
                continue
    return [p.pid for p in ours] + grandchildren


def reader_pids() -> list[int]:
    """The pids of the live readers alone."""
    zygotes = {p.pid for p in mp.active_children() if p.name.startswith("vanban-zygote")}
    return [pid for pid in ingest_processes() if pid not in zygotes]
