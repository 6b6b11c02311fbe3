"""The ``coxswain`` command: the typer application that command modules register on."""

from __future__ import annotations

import typer

from coxswain import __version__

app = typer.Typer(
    name="coxswain",
    help=(
        "Coxswain keeps every rower pulling in one direction: it reads your strategy "
        "workbook and the evidence of daily work, and tells you where the business drifts."
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"coxswain {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Coxswain: strategic alignment for small and medium businesses."""
    from coxswain.tempfiles import clean_stale

    clean_stale()  # temporary copies that a killed command left behind
