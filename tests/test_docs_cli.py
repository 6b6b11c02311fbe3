"""The CLI reference docs/cli.md is generated from the code and must be up to date."""

from __future__ import annotations

import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
import typer.main

from coxswain.cli import app
from coxswain.docs_cli import GENERATED_NOTE, render

ROOT = Path(__file__).resolve().parents[1]
CLI_MD = ROOT / "docs" / "cli.md"


def test_docs_cli_md_is_up_to_date() -> None:
    expected = render()
    actual = CLI_MD.read_text(encoding="utf-8") if CLI_MD.exists() else ""
    assert actual == expected, (
        "docs/cli.md differs from what the code generates: run `make docs` "
        "(python -m coxswain.docs_cli > docs/cli.md) and commit the result"
    )


def test_every_command_and_option_is_documented() -> None:
    text = render()
    root = typer.main.get_command(app)
    commands = getattr(root, "commands", {})
    assert commands
    for name, command in commands.items():
        assert f"\n## coxswain {name}\n" in text
        for param in command.params:
            if param.param_type_name == "option":
                assert f"`{max(param.opts, key=len)}`" in text, (name, param.name)


def test_module_entry_point_prints_the_same(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "coxswain.docs_cli"],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "37", "FORCE_COLOR": "1", "PATH": "", "PYTHONPATH": str(ROOT / "src")},
    ).stdout
    assert out == render()


class Colour(StrEnum):
    red = "red"
    green = "green"


def _toy_app() -> typer.Typer:
    toy = typer.Typer(rich_markup_mode="rich")

    @toy.command()
    def paint(
        wall: Annotated[Path, typer.Argument(help="The [bold]wall[/bold] to paint.")],
        colour: Annotated[Colour, typer.Option("--colour", "-c", help="Paint colour.")] = (
            Colour.green
        ),
        coats: Annotated[int, typer.Option(min=1, max=5, help="How many | coats.")] = 2,
        dry_run: Annotated[bool, typer.Option("--dry-run", help="Only say what.")] = False,
        secret: Annotated[str, typer.Option(hidden=True)] = "",
    ) -> None:
        """Paint a wall. Carefully.

        Uses <brushes> only.

        Examples:

            coxswain paint kitchen -c red
            $ coxswain paint hall --coats 3
        """

    sub = typer.Typer(help="Things about the house.")

    @sub.command("clean")
    def clean() -> None:
        """Clean up."""

    @sub.command("air", hidden=True)
    def air() -> None:
        """Never shown."""

    toy.add_typer(sub, name="house")
    return toy


def test_render_of_a_toy_app() -> None:
    text = render(_toy_app())
    assert text.startswith("# Command-line reference\n\n" + GENERATED_NOTE)
    # sorted, nested, hidden ones left out
    assert text.index("## coxswain house") < text.index("### coxswain house clean")
    assert text.index("### coxswain house clean") < text.index("## coxswain paint")
    assert "air" not in text and "secret" not in text
    assert "Usage: `coxswain paint [OPTIONS] WALL`" in text
    assert "| `WALL` | path | yes | The wall to paint. |" in text  # rich markup stripped
    assert "| `-c`, `--colour` | one of `red`, `green` | `green` | Paint colour. |" in text
    assert "| `--coats` | integer | `2` | How many \\| coats. Must be from 1 to 5. |" in text
    assert "| `--dry-run` | flag |  | Only say what. |" in text
    assert "Uses &lt;brushes&gt; only." in text
    assert "```console\n$ coxswain paint kitchen -c red\n$ coxswain paint hall --coats 3\n```" in (
        text
    )
    assert "- [`coxswain paint`](#coxswain-paint): Paint a wall." in text
    assert render(_toy_app()) == text  # deterministic
