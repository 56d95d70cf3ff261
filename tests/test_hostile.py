"""Broken and hostile files: each kind gets the error contract or a correct record, in bounded time,
and a batch ingest reports each one, goes on, and leaves the catalogue intact.

The kinds are listed in tests/hostile/make_hostile.py (and docs/reliability.md). Small ones are
committed under tests/hostile/files/; the rest are generated for the test run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.hostile.make_hostile import CASES, FILES, Case, generate
from vanban.catalogue.ingest import SUPPORTED
from vanban.cli import cli
from vanban.schemas import DocumentRecord

VANBAN = Path(sys.executable).with_name("vanban")
TIMEOUT_S = 30  # the reader's limit in these tests (VANBAN_TIMEOUT)
BOUND_S = TIMEOUT_S + 15  # what a caller may wait for one file, start-up included
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def expected(c: Case) -> tuple[str, str]:
    """(expect, reason) for this machine: root reads files without read permission."""
    if c.kind == "unreadable" and ROOT:
        return "record", ""
    return c.expect, c.reason


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every case in one folder (what the batch ingests); the slow ones in its sibling `slow/`."""
    root = tmp_path_factory.mktemp("hostile")
    d = root / "batch"
    generate(d, only=[c.kind for c in CASES if not c.small and not c.slow])
    generate(root / "slow", only=[c.kind for c in CASES if c.slow])
    for c in CASES:
        if c.small:
            shutil.copyfile(FILES / c.name, d / c.name)
    yield d
    for p in d.iterdir():
        if not p.is_symlink() and p.exists():
            p.chmod(0o755 if p.is_dir() else 0o644)


def path_of(c: Case, hostile_dir: Path) -> Path:
    return (hostile_dir.parent / "slow" if c.slow else hostile_dir) / c.name


@pytest.fixture(autouse=True)
def _limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANBAN_TIMEOUT", str(TIMEOUT_S))


def test_at_least_25_kinds() -> None:
    assert len({c.kind for c in CASES}) == len(CASES) >= 25
    assert sum(c.expect == "error" for c in CASES) >= 25


def test_committed_files_match_the_generator(tmp_path: Path) -> None:
    """tests/hostile/files/ is what `make_hostile.py --commit` writes (regenerate it after a change)."""
    small = [c for c in CASES if c.small]
    generate(tmp_path, only=[c.kind for c in small])
    for c in small:
        assert (FILES / c.name).read_bytes() == (tmp_path / c.name).read_bytes(), c.name
    assert sorted(p.name for p in FILES.iterdir()) == sorted(c.name for c in small)


def check_answer(c: Case, path: Path, code: int, out: str, err: str) -> None:
    """The error contract (exactly one stderr line, exit 2, nothing on stdout) or a correct record."""
    want, reason = expected(c)
    assert "Traceback" not in out + err
    if want == "either":
        want = "record" if code == 0 else "error"
    if want == "error":
        assert code == 2, f"{c.kind}: exit {code}, stdout {out[:200]!r}"
        assert out == ""
        head = f"vanban: error: {' '.join(str(path).split())}: "
        assert err.startswith(head) and err.endswith("\n") and err.count("\n") == 1, f"{c.kind}: not one error line: {err!r}"
        why = err[len(head) : -1]
        assert why and re.search(reason, why, re.IGNORECASE), f"{c.kind}: reason {why!r} !~ {reason!r}"
    else:
        assert code == 0, f"{c.kind}: exit {code}, stderr {err!r}"
        assert err == ""
        record = DocumentRecord.model_validate(json.loads(out))
        assert c.contains in record.text
        assert record.source.sha256 and record.source.path == str(path)


@pytest.mark.parametrize("c", CASES, ids=[c.kind for c in CASES])
def test_extract_answers_each_kind(c: Case, hostile_dir: Path) -> None:
    path = path_of(c, hostile_dir)
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["extract", str(path)])
    elapsed = time.monotonic() - started
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    check_answer(c, path, result.exit_code, result.stdout, result.stderr)
    assert elapsed < BOUND_S


# The real command for a few kinds: a separate process, real stdout and stderr, real exit status.
SUBPROCESS_KINDS = ["billion_laughs", "fifo", "newline_name", "utf16le_no_bom"]


@pytest.mark.parametrize("kind", SUBPROCESS_KINDS)
def test_extract_command_contract(kind: str, hostile_dir: Path) -> None:
    c = next(x for x in CASES if x.kind == kind)
    path = path_of(c, hostile_dir)
    env = {**os.environ, "VANBAN_TIMEOUT": str(TIMEOUT_S)}
    proc = subprocess.run([str(VANBAN), "extract", str(path)], capture_output=True, text=True, timeout=BOUND_S, env=env)
    check_answer(c, path, proc.returncode, proc.stdout, proc.stderr)


def test_extract_of_a_slow_file_stops_at_the_timeout(hostile_dir: Path) -> None:
    """A file that takes longer than --timeout gives the error contract promptly."""
    path = hostile_dir.parent / "slow" / "many-lines.txt"
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["extract", str(path), "--timeout", "0.05"])
    assert time.monotonic() - started < 10
    assert result.exit_code == 2 and result.stdout == ""
    assert re.fullmatch(r"vanban: error: .+: reading the file took longer than 0\.05 seconds.*\n", result.stderr)


def test_batch_ingest_reports_each_and_goes_on(hostile_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "catalogue.db"
    seeds = tmp_path / "good"
    shutil.copytree(Path(__file__).parent.parent / "corpus" / "seeds", seeds)
    env = {**os.environ, "VANBAN_TIMEOUT": str(TIMEOUT_S)}
    cmd = [str(VANBAN), "ingest", str(hostile_dir), str(seeds), "--db", str(db)]
    started = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "" and "Traceback" not in proc.stdout
    lines = proc.stdout.splitlines()
    walked = [c for c in CASES if Path(c.name).suffix in SUPPORTED and c.kind != "directory" and not c.slow]
    by_name = {}
    for line in lines[:-1]:
        m = re.match(r"(stored|unchanged|failed) +(.+?)(?::|  \[)", line)
        assert m, line
        by_name[Path(m.group(2)).name] = m.group(1)
    answers = {}
    for c in walked:
        name = " ".join(c.name.split())
        answers[c.kind] = by_name.get(name)
        if expected(c)[0] != "either":
            want = "failed" if expected(c)[0] == "error" else "stored"
            assert answers[c.kind] == want, f"{c.kind}: {answers[c.kind]}"
    n_good = len(list(seeds.iterdir())) + 1  # the seeds and the document inside the folder named folder.pdf
    n_records = sum(answers[c.kind] == "stored" for c in walked)
    n_failed = sum(answers[c.kind] == "failed" for c in walked) + 1  # and loop-other.txt, the loop's second link
    assert n_records + n_failed - 1 == len(walked)
    assert by_name["loop-other.txt"] == "failed"
    assert lines[-1] == f"{n_records + n_good} stored, 0 unchanged, {n_failed} failed ({n_records + n_good + n_failed} files)"
    assert elapsed < 300
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("select count(*), count(distinct id) from documents").fetchone() == (n_records + n_good,) * 2
    con.close()
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    assert again.stdout.splitlines()[-1] == (
        f"0 stored, {n_records + n_good} unchanged, {n_failed} failed ({n_records + n_good + n_failed} files)"
    )


def test_deep_html_keeps_its_text_or_says_why(hostile_dir: Path) -> None:
    path = path_of(next(c for c in CASES if c.kind == "html_deep"), hostile_dir)
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert (result.exit_code == 0 and "12/KH-UBND" in result.stdout) or "nested" in result.stderr
