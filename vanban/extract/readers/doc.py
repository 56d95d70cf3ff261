"""Word 97-2003 .doc: converted to .docx by LibreOffice, then read by the .docx reader.

Each conversion runs in its own temporary folder with its own LibreOffice profile, so several
conversions at once (parallel ingests, test workers) never share a profile lock, and everything
is removed afterwards. The input is copied under a plain name first: LibreOffice mishandles names
that start with '-' or hold odd characters, and the output name is then known. A conversion that
runs past the time limit is killed with everything it started.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from vanban.errors import MissingTool, UnreadableDocument
from vanban.extract.readers.docx import read_docx
from vanban.schemas import ReadResult

INSTALL_HINT = "reading .doc files needs LibreOffice: apt-get install libreoffice-writer-nogui"


@dataclass(frozen=True)
class ConvertSettings:
    """How LibreOffice is run: the program (found on PATH when None) and the time limit in seconds."""

    soffice: str | None = None
    timeout: float = 120.0


def find_soffice(settings: ConvertSettings = ConvertSettings()) -> str:
    """The LibreOffice program to run. Raises MissingTool when it is not installed."""
    found = settings.soffice or shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise MissingTool(INSTALL_HINT)
    return found


def convert_to_docx(path: Path, workdir: Path, settings: ConvertSettings = ConvertSettings()) -> Path:
    """Convert `path` with LibreOffice into `workdir`; return the .docx. Raises UnreadableDocument."""
    soffice = find_soffice(settings)
    src = workdir / "input.doc"
    out = workdir / "out"
    out.mkdir()
    shutil.copyfile(path, src)
    cmd = [
        soffice,
        f"-env:UserInstallation={(workdir / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--convert-to",
        "docx",
        "--outdir",
        str(out),
        str(src),
    ]
    env = {**os.environ, "HOME": str(workdir), "SAL_USE_VCLPLUGIN": "svp"}
    try:
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env, start_new_session=True
        )
    except OSError as e:
        raise MissingTool(f"{INSTALL_HINT} (cannot run {soffice}: {e.strerror})") from None
    try:
        _, stderr = proc.communicate(timeout=settings.timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise UnreadableDocument(f"LibreOffice did not finish converting the .doc file within {settings.timeout:.0f} s") from None
    result = out / "input.docx"
    if proc.returncode != 0 or not result.exists():
        reason = _last_line(stderr)
        raise UnreadableDocument("LibreOffice could not read the file as a Word document" + (f" ({reason})" if reason else ""))
    return result


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.communicate()


def _last_line(stderr: bytes) -> str:
    lines = [x for x in stderr.decode("utf-8", "replace").splitlines() if x.strip() and "javaldx" not in x]
    return lines[-1].strip()[:200] if lines else ""


def read_doc(path: Path, settings: ConvertSettings = ConvertSettings()) -> ReadResult:
    """A Word 97-2003 .doc file, read through LibreOffice's .docx conversion."""
    find_soffice(settings)
    with tempfile.TemporaryDirectory(prefix="vanban-doc-") as tmp:
        docx = convert_to_docx(path, Path(tmp), settings)
        return read_docx(docx)
