"""Every `plankb` command has Chinese help that documents it (the list comes from the CLI
itself, so a new command without help fails here)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from test_cli import english_words

from app.cli import cli


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_chinese_help(name):
    command = cli.commands[name]
    assert command.help and len(command.help) >= 8, f"{name} has no help text"
    result = CliRunner().invoke(cli, [name, "--help"], prog_name="plankb")
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert first.startswith("用法：") and f"plankb {name}" in first, first
    assert "显示帮助并退出" in result.output
    assert english_words(result.output) == [], result.output
    for param in command.params:   # every option says what it does
        if param.param_type_name == "option" and not param.hidden:
            assert param.help, f"plankb {name} {param.opts[0]} has no help"


def test_the_group_lists_every_command():
    result = CliRunner().invoke(cli, ["--help"], prog_name="plankb")
    assert result.exit_code == 0
    for name in cli.commands:
        assert name in result.output
