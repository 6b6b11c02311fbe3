"""The text report: index, components, the 90-day plan and the top findings."""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from coxswain.analysis.base import COMPONENTS
from coxswain.analysis.index import FORMULA
from coxswain.analysis.result import Result
from coxswain.report import NO_EVIDENCE, index_note

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan", "info": "green"}
TOP = 10


def render_text(result: Result, *, width: int = 100, color: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, force_terminal=color, no_color=not color, highlight=False
    )
    print_text(result, console=console)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def _bar(value: float | None, width: int = 30) -> Text:
    if value is None:
        return Text("no evidence", style="dim")
    filled = round(value / 100 * width)
    style = "green" if value >= 85 else "yellow" if value >= 60 else "red"
    return (
        Text("█" * filled, style=style)
        + Text("░" * (width - filled), style="dim")
        + Text(f" {value:5.1f}")
    )


def print_text(result: Result, *, console: Console) -> None:
    index = "—" if result.alignment_index is None else f"{result.alignment_index:.1f}"
    stage = result.stage
    stage_text = f"stage: {stage.assessed or 'not assessed'}"
    if stage.declared and stage.declared != stage.assessed:
        stage_text += f" (declared {stage.declared})"
    console.print(
        Panel(
            Group(
                Text(f"Alignment index {index} / 100", style="bold"),
                Text(f"as of {result.as_of.isoformat()} · {stage_text}"),
            ),
            title=result.company,
            expand=False,
        )
    )

    note = index_note(result)
    if note:
        console.print(Text(note, style="bold"))
        console.print()

    if result.plan:
        console.print(Text("Next 90 days", style="bold underline"))
        for n, step in enumerate(result.plan, 1):
            planned = result.finding(step.finding)
            shown = result.shown_id(planned) if planned else step.finding
            console.print(Padding(Text(f"{n}. {step.action}"), (0, 0, 0, 0)))
            console.print(
                Padding(
                    Text(f"+{step.expected_gain:.1f} points · {shown}", style="dim"),
                    (0, 0, 0, 3),
                )
            )
        console.print()

    components = Table(title="Components", show_header=False, box=None, padding=(0, 1))
    components.add_column("component")
    components.add_column("score")
    for name in COMPONENTS:
        components.add_row(name, _bar(result.components.get(name)))
    console.print(components)
    console.print(Text(FORMULA, style="dim"))
    console.print()

    if result.findings:
        n = len(result.findings)
        console.print(Text(f"Findings ({n}, top {min(TOP, n)} shown)", style="bold underline"))
        for finding in result.findings[:TOP]:
            sev = finding.severity.value
            console.print(Text(f"[{sev}] ", style=SEVERITY_STYLE[sev]) + Text(finding.title))
            console.print(Padding(Text(result.shown_id(finding), style="dim"), (0, 0, 0, 4)))
            if finding.recommendation:
                console.print(Padding(Text(f"→ {finding.recommendation}"), (0, 0, 0, 4)))
        if n > TOP:
            rest = n - TOP
            console.print(
                Text(
                    f"… and {rest} more finding{'s' if rest != 1 else ''} in the full report "
                    "(coxswain analyze … -o report.html, or -o report.pdf).",
                    style="dim",
                )
            )
        console.print()
    elif result.alignment_index is None:
        console.print(NO_EVIDENCE)
    else:
        console.print("No findings: nothing in the evidence shows the business drifting.")

    if result.missing_evidence:
        console.print(
            Text("Missing evidence: ", style="bold") + Text(", ".join(result.missing_evidence))
        )
    notes = [
        f"{name}: {s.score_note}"
        for name, s in result.sections.items()
        if s.score_note and s.score is None
    ]
    for note in notes:
        console.print(Text(f"  · {note}", style="dim"))
