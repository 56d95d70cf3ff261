"""The README and --help stay true: every command is documented and has an example in its help."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from vanban.cli import cli

COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_in_readme(name):
    assert f"vanban {name}" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", COMMANDS)
def test_command_help_has_example(name):
    result = CliRunner().invoke(cli, [name, "-h"])
    assert result.exit_code == 0
    assert "Example" in result.output or "example" in result.output


def test_readme_opens_with_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```sh", 1)[1].split("```", 1)[0]
    assert "make demo" in block and "make test" in block
