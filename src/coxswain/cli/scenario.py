"""``coxswain scenario``: what if? Scenarios, wargames and a stress test on the strategy map."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from coxswain.cli.app import app
from coxswain.cli.options import output_format, workbook_or_exit

FORMATS = ("text", "json", "html", "pdf")


@app.command()
def scenario(
    path: Path = typer.Argument(..., help="The workbook: a folder, a .zip of one, or an .xlsx."),
    scenarios: Path | None = typer.Argument(
        None,
        help="The scenario file (YAML, docs/scenarios.md); without it, the baseline alone.",
        show_default=False,
    ),
    fmt: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help="text, json, html (one self-contained file) or pdf; default: from the output "
        "file's extension, else text.",
        show_default=False,
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to this file instead of the terminal."
    ),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of the simulated futures."),
    paths: int = typer.Option(
        10_000, "--paths", min=1_000, max=200_000, help="Simulated futures per scenario."
    ),
) -> None:
    """What if? Simulate the chance of hitting each target, the index and the money under
    each scenario of SCENARIOS next to the baseline (no change), with the same futures for
    all; play out wargames; and find what breaks first.

    Exits 1 when the workbook or the scenario file has problems (each listed as
    file:line:column).

    Examples:

        coxswain scenario examples/crust_and_crumb examples/crust_and_crumb/scenarios.yaml

        coxswain scenario book.xlsx what-if.yaml --seed 7 -o scenarios.html
    """
    from coxswain.scenarios import render
    from coxswain.scenarios.load import ScenarioError, read_scenarios
    from coxswain.scenarios.run import run_scenarios

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    fmt = output_format(fmt, output, formats=FORMATS, err=err)
    if fmt == "pdf" and output is None:
        err.print("A PDF needs a file: add -o scenarios.pdf.")
        raise typer.Exit(2)
    workbook = workbook_or_exit(path, err=err)
    file = None
    if scenarios is not None:
        if not scenarios.is_file():
            err.print(f"cannot read {scenarios}: no such file.", markup=False)
            raise typer.Exit(2)
        try:
            file = read_scenarios(scenarios, workbook)
        except ScenarioError as exc:
            n = len(exc.problems)
            err.print(f"[bold red]The scenario file has {n} problem{'s' if n != 1 else ''}:[/]")
            for problem in exc.problems:
                err.print(str(problem), markup=False, soft_wrap=True)
            raise typer.Exit(1) from None
    report = run_scenarios(workbook, file, paths=paths, seed=seed)
    if fmt == "pdf":
        assert output is not None
        output.write_bytes(render.pdf(report))
        return
    rendered = {"text": render.text, "json": render.to_json, "html": render.html}[fmt](report)
    if output is None:
        typer.echo(rendered, nl=False)
    else:
        output.write_text(rendered, encoding="utf-8")
