"""The text report: index, the drift stories, components, the 90-day plan and the top
findings."""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from coxswain.analysis.base import COMPONENTS
from coxswain.analysis.index import BAND_MEANING, BAND_WORDS, FORMULA
from coxswain.analysis.payloads import cascade_payload, strategy_links_payload
from coxswain.analysis.result import Result
from coxswain.analysis.rules import Colour, objective_statuses_of, score_band
from coxswain.analysis.stories import TOP_STORIES, all_dismissed, stake_words
from coxswain.report import NO_EVIDENCE, explained, index_note
from coxswain.wording import Words
from coxswain.wording.glossary import component_name, kind_name, stage_line

BAND_STYLE = {Colour.green: "green", Colour.amber: "yellow", Colour.red: "red", Colour.grey: "dim"}
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
    style = BAND_STYLE[score_band(value)]
    return (
        Text("█" * filled, style=style)
        + Text("░" * (width - filled), style="dim")
        + Text(f" {value:5.1f}")
    )


def _band(result: Result) -> str:
    """The band after the index and, where evidence is thin, the plausible range."""
    if result.alignment_band is None:
        return ""
    text = f" · {BAND_WORDS.get(result.alignment_band, result.alignment_band)}"
    low_high = result.alignment_range
    if low_high is not None and low_high[0] != low_high[1]:
        text += f" (plausibly {low_high[0]:.0f}–{low_high[1]:.0f}: some parts could not be seen)"
    return text


def _print_stories(result: Result, *, console: Console) -> None:
    """The drift stories, most at stake first: the top :data:`TOP_STORIES`, then how many
    more there are."""
    if not result.stories:
        return
    dismissed = {f.id for f in result.findings if f.dismissed is not None}
    words = Words(locale=result.locale, currency=result.currency)
    n = len(result.stories)
    console.print(Text("What to look at first", style="bold underline"))
    for number, story in enumerate(result.stories[:TOP_STORIES], 1):
        console.print(Text(f"{number}. ", style="bold") + Text(story.title, style="bold"))
        facts = f"At stake: {stake_words(story.stake, words)} · confidence {story.confidence}"
        count = len(story.findings)
        facts += f" · {count} finding{'s' if count != 1 else ''}"
        if all_dismissed(story, dismissed):
            facts += " · all dismissed"
        console.print(Padding(Text(facts, style="dim"), (0, 0, 0, 3)))
        console.print(Padding(Text(f"First step: {story.first_step}"), (0, 0, 0, 3)))
    if n > TOP_STORIES:
        rest = n - TOP_STORIES
        console.print(
            Text(
                f"… and {rest} more stor{'ies' if rest != 1 else 'y'} in the full report "
                "(coxswain analyze … -o report.html) or the JSON (--format json).",
                style="dim",
            )
        )
    console.print()


def print_text(result: Result, *, console: Console) -> None:
    index = "—" if result.alignment_index is None else f"{result.alignment_index:.1f}"
    words = Words(locale=result.locale, currency=result.currency)
    plain = explained(result)
    console.print(
        Panel(
            Group(
                Text(f"Alignment index {index} / 100{_band(result)}", style="bold"),
                Text(f"as of {words.date(result.as_of)}"),
            ),
            title=result.company,
            expand=False,
        )
    )

    _print_stories(result, console=console)

    if result.alignment_band in BAND_MEANING:
        console.print(Text(BAND_MEANING[result.alignment_band]))
    console.print(Text(stage_line(result.stage.assessed, result.stage.declared)))
    console.print()
    note = index_note(result)
    if note:
        console.print(Text(note, style="bold"))
        console.print()

    if result.plan:
        console.print(Text("Next 90 days", style="bold underline"))
        for n, step in enumerate(result.plan, 1):
            planned = result.finding(step.finding)
            shown = kind_name(planned.kind) if planned else ""
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
        components.add_row(component_name(name), _bar(result.components.get(name)))
    console.print(components)
    console.print(Text(FORMULA, style="dim"))
    console.print()

    statuses = objective_statuses_of(result)
    if statuses:
        names = {
            o.objective: o.name for o in cascade_payload(result.sections.get("cascade")).objectives
        }
        objectives = Table(title="Objectives", show_header=False, box=None, padding=(0, 1))
        objectives.add_column("objective")
        objectives.add_column("status")
        for objective, status in statuses.items():
            style = BAND_STYLE[status.colour]
            objectives.add_row(names.get(objective, objective), Text(status.words, style=style))
        console.print(objectives)
        console.print()

    links = strategy_links_payload(result.sections.get("strategy_links")).links
    if links:
        table = Table(title="Strategy map links", show_header=False, box=None, padding=(0, 1))
        for column in ("link", "verdict", "power"):
            table.add_column(column)
        for link in links:
            driver = result.labels.get(link.driver, link.driver)
            objective = result.labels.get(link.objective, link.objective)
            table.add_row(f"{driver} → {objective}", link.verdict_words, link.power_words)
        console.print(table)
        console.print()

    if result.findings:
        n = len(result.findings)
        console.print(Text(f"Findings ({n}, top {min(TOP, n)} shown)", style="bold underline"))
        for finding in result.findings[:TOP]:
            sev = finding.severity.value
            console.print(Text(f"[{sev}] ", style=SEVERITY_STYLE[sev]) + Text(finding.title))
            console.print(Padding(Text(kind_name(finding.kind), style="dim"), (0, 0, 0, 4)))
            console.print(Padding(Text(plain[finding.id].summary), (0, 0, 0, 4)))
            if finding.dismissed is not None:
                d = finding.dismissed
                console.print(
                    Padding(
                        Text(f"dismissed by {d.by} on {words.date(d.on)}: {d.reason}", style="dim"),
                        (0, 0, 0, 4),
                    )
                )
                continue
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
