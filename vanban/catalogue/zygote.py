"""A small process, forked from the writer when an ingest starts, that forks the ingest's reader processes.

    zygote = Zygote()                              # forked now, while the writer holds little beyond the pipeline
    child = zygote.spawn(target, (a, b), conn)     # target(conn, zygote pid, a, b) in a process forked from it
    child.pid, child.is_alive(), child.exitcode, child.kill(), child.join(1)
    zygote.close()

Why: a reader forked from the writer itself shares the writer's pages only until the writer writes to them, and
the writer of a long ingest rewrites most of its heap (batches of records, SQLite's cache, Python's reference
counts), so every page it held at the fork then belongs to the reader alone. A reader replaced after 2,000 files
was forked from a writer of about 240 MB and used 139-176 MB of its own instead of the 58 MB of a reader forked
at the start: the 10,000-document ingest peaked at 549 MB (proportional set size of the whole tree) instead of
about 310. Readers forked from the zygote share the pages it took when the ingest started, whenever they start.

The zygote dies with the writer and the readers with the zygote (`limits.detach`); it reaps its children and
tells the writer their exit statuses (`Child.exitcode`, as `multiprocessing` gives them: minus the signal that
killed it). `spawn` returns None once the zygote is gone; the caller then forks from the writer as before.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing as mp
import os
import signal
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.reduction import recv_handle, send_handle
from typing import Any

from vanban.extract.limits import detach

REPLY_SECONDS = 10.0  # how long `spawn` waits for the zygote to say it forked (it takes milliseconds)
REAP_SECONDS = 0.05  # how often the zygote reaps its children while no request comes


def start_zygote() -> Zygote | None:
    """A zygote, or None where none can be started (no `fork`, or it failed): readers are then forked by the writer."""
    if "fork" not in mp.get_all_start_methods():
        return None
    try:
        return Zygote()
    except OSError:
        return None


class Child:
    """A process forked by the zygote, seen from the writer (what `Reader` uses of `multiprocessing.Process`)."""

    def __init__(self, zygote: Zygote, pid: int) -> None:
        self.zygote = zygote
        self.pid = pid

    @property
    def exitcode(self) -> int | None:
        """Its exit status once the zygote reaped it (minus the signal that killed it), else None."""
        return self.zygote.exit_status(self.pid)

    def is_alive(self) -> bool:
        """Not yet reaped by a live zygote (its children die with it)."""
        return self.exitcode is None and self.zygote.alive()

    def join(self, timeout: float | None = None) -> None:
        """Wait until the zygote reports it gone (at most `timeout` seconds)."""
        due = None if timeout is None else time.monotonic() + timeout
        while self.exitcode is None and self.zygote.alive():
            left = None if due is None else due - time.monotonic()
            if left is not None and left <= 0:
                return
            self.zygote.read_reports(min(left, 0.1) if left is not None else 0.1)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(self.pid, signal.SIGKILL)


class Zygote:
    """The writer's side of the zygote process."""

    def __init__(self) -> None:
        ctx = mp.get_context("fork")
        self.conn, child_end = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_main, args=(child_end, self.conn, os.getpid()), daemon=True, name="vanban-zygote")
        self.proc.start()
        child_end.close()
        self.exits: dict[int, int] = {}

    def alive(self) -> bool:
        return not self.conn.closed and self.proc.is_alive()

    def spawn(self, target: Callable[..., Any], args: tuple[Any, ...], conn: Connection) -> Child | None:
        """`target(conn, zygote pid, *args)` in a process forked from the zygote (which gets `conn` and closes its
        own copy); None when the zygote cannot fork it (gone, or failing)."""
        if not self.alive():
            return None
        try:
            self.conn.send(("spawn", target, args))
            send_handle(self.conn, conn.fileno(), self.proc.pid)
            due = time.monotonic() + REPLY_SECONDS
            while (left := due - time.monotonic()) > 0 and self.conn.poll(left):
                kind, *rest = self._take(self.conn.recv())
                if kind == "pid":
                    return Child(self, rest[0])
                if kind == "failed":  # the fork failed in the zygote
                    return None
        except (OSError, EOFError, ValueError):
            pass
        self._give_up()
        return None

    def exit_status(self, pid: int) -> int | None:
        if pid not in self.exits:
            self.read_reports(0.0)
        return self.exits.get(pid)

    def read_reports(self, timeout: float) -> None:
        """Take the exit statuses the zygote has sent (waiting at most `timeout` seconds for the first)."""
        try:
            while not self.conn.closed and self.conn.poll(timeout):
                self._take(self.conn.recv())
                timeout = 0.0
        except (OSError, EOFError, ValueError):
            self._give_up()

    def _take(self, msg: tuple[Any, ...]) -> tuple[Any, ...]:
        """A message from the zygote, its exit status kept when it is one ("exit", pid, status)."""
        if msg[0] == "exit":
            self.exits[msg[1]] = msg[2]
        return msg

    def close(self) -> None:
        """Stop the zygote (asked, then killed after 2 s); the processes it forked are the caller's to stop first."""
        with contextlib.suppress(Exception):
            self.conn.send(None)
        self.proc.join(2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(2)
        with contextlib.suppress(Exception):
            self.conn.close()

    def _give_up(self) -> None:
        """The zygote no longer answers: killed, so that nothing is forked from it any more."""
        with contextlib.suppress(Exception):
            self.proc.kill()
        with contextlib.suppress(Exception):
            self.conn.close()


# ---- inside the zygote ------------------------------------------------------------------------------


def _main(conn: Connection, writer_end: Connection, writer: int) -> None:
    writer_end.close()
    detach(writer)  # own process group, silenced, death with the writer
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the writer, which stops the readers
    gc.freeze()  # what it inherited stays shared with the writer and with the readers it forks
    while True:
        _reap(conn)
        try:
            if not conn.poll(REAP_SECONDS):
                continue
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        _kind, target, args = msg
        fd = recv_handle(conn)
        me = os.getpid()
        try:
            pid = os.fork()
        except OSError:
            os.close(fd)
            conn.send(("failed",))
            continue
        if pid == 0:
            code = 1
            try:
                conn.close()
                target(Connection(fd), me, *args)
                code = 0
            finally:
                os._exit(code)
        os.close(fd)
        conn.send(("pid", pid))


def _reap(conn: Connection) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        with contextlib.suppress(OSError, ValueError):
            conn.send(("exit", pid, os.waitstatus_to_exitcode(status)))
