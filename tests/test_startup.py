"""Commands start fast: the command line loads the catalogue, spaCy and the PDF libraries only when a
command needs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "corpus" / "parents" / "135-KH-TLD-2021.txt"
HEAVY = ("spacy", "thinc", "sqlite_utils", "pypdfium2", "pdfplumber", "pdfminer", "lxml", "datasette", "dask", "numpy")


def loaded_after(code: str) -> set[str]:
    """The heavy top-level packages a fresh interpreter has loaded after running `code`."""
    probe = code + "\nimport sys, json\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(json.loads(out.stdout.strip().splitlines()[-1])) & set(HEAVY)


def test_default_db_written_in_the_cli_is_the_catalogues() -> None:
    from vanban.catalogue.store import DEFAULT_DB
    from vanban.cli.common import DEFAULT_DB as CLI_DEFAULT_DB

    assert Path(CLI_DEFAULT_DB) == DEFAULT_DB


def test_the_command_line_loads_nothing_heavy() -> None:
    assert loaded_after("import vanban.cli") == set()
    assert loaded_after("import vanban") == set()


def test_help_is_complete_without_loading_anything_heavy() -> None:
    probe = (
        "from click.testing import CliRunner\nfrom vanban.cli import cli\n"
        "r = CliRunner().invoke(cli, ['--help'])\nassert r.exit_code == 0\n"
        "assert all(c in r.output for c in ('extract', 'ingest', 'search', 'show', 'cites', 'check', 'serve'))\n"
        "r = CliRunner().invoke(cli, ['search', '--help'])\nassert 'outputs/catalogue.db' in r.output, r.output\n"
    )
    assert loaded_after(probe) == set()


def test_a_text_file_is_extracted_without_pdf_libraries_or_catalogue() -> None:
    loaded = loaded_after(f"from vanban.extract.pipeline import extract_file\nextract_file({str(SMALL)!r})")
    assert not loaded & {"pypdfium2", "pdfplumber", "pdfminer", "sqlite_utils", "datasette", "dask", "lxml"}


def test_a_text_without_actors_is_extracted_without_spacy() -> None:
    """spaCy is loaded for a text that may name an actor, not for one that names none."""
    text = "CÔNG VĂN\nVề việc nộp báo cáo\nĐề nghị nộp báo cáo trước ngày 15/10/2021.\nNơi nhận:\n- Như trên;\n"
    assert "spacy" not in loaded_after(f"from vanban import extract_text\nextract_text({text!r})")
    named = "KẾ HOẠCH\nIII. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính chủ trì, phối hợp bố trí kinh phí.\n"
    assert "spacy" in loaded_after(f"from vanban import extract_text\nr = extract_text({named!r})\nassert r.responsibilities")


def test_extract_command_prints_the_same_record_as_the_library() -> None:
    from vanban.extract.pipeline import extract_file

    out = subprocess.run(
        [str(Path(sys.executable).with_name("vanban")), "extract", str(SMALL)], capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == extract_file(SMALL).model_dump(mode="json")
