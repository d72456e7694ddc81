"""Docs that tests keep honest: every command is in the README and has its own help."""

from pathlib import Path

from click.testing import CliRunner

from sitrep.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_every_command_is_documented_in_the_readme():
    for name in cli.commands:
        assert f"sitrep {name}" in README, f"README does not mention `sitrep {name}`"


def test_every_command_and_subcommand_has_help():
    runner = CliRunner()
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert command.help and len(command.help) > 20, f"{name} has no useful help"
        for sub in getattr(command, "commands", {}):
            result = runner.invoke(cli, [name, sub, "--help"])
            assert result.exit_code == 0 and "Usage" in result.output, f"{name} {sub}"
