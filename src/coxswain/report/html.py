"""The HTML report: one self-contained file (inline CSS and SVG, no network)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coxswain.analysis.base import COMPONENT_TITLES, COMPONENTS
from coxswain.analysis.index import BAND_MEANING, BAND_WORDS, FORMULA, KIND_COMPONENT, PENALTY
from coxswain.analysis.payloads import StrategyLink
from coxswain.analysis.result import Result
from coxswain.report import (
    NO_EVIDENCE,
    STATUS_COLOURS,
    STATUS_WORDS,
    band_hex,
    evidence_items,
    index_note,
    kpi_hex,
    label,
    number,
    trend_words,
    wrap_lines,
)
from coxswain.workbook.tables import TABLES

if TYPE_CHECKING:
    from coxswain.report.strategy_map import StrategyMap

COMPONENT_HELP = {
    "cascade": "objectives reach down to KPIs, work and goals; no orphan work; goals on pace",
    "resources": "money and hours go to objectives in line with their weights",
    "values": "initiatives and automations pull with the values and weighted objectives",
    "kpis": "KPIs stand where they should and are on course",
    "understanding": "staff can state the priorities and see their line of sight",
    "network": "teams talk to each other without silos or bottlenecks",
    "talent": "needed capabilities have people, training and a pipeline of ideas",
    "review": "strategy is reviewed as often as the stage needs and actions get done",
}


# On paper, the strategy map is at most this tall (a tall map, of four or five perspective
# rows, is narrowed to it) so that it fits beside the components on page 1 more often.
MAP_PRINT_HEIGHT_MM = 80.0
PRINT_WIDTH_MM = 186.0  # A4 less the margins of report.css


def map_print_width(smap: StrategyMap | None) -> float:
    """The map's width on paper, in percent of the page's, for at most MAP_PRINT_HEIGHT_MM."""
    if smap is None or not smap.height:
        return 100.0
    return min(100.0, 100.0 * MAP_PRINT_HEIGHT_MM * smap.width / (PRINT_WIDTH_MM * smap.height))


def _environment(template_dirs: Sequence[Path] = ()) -> Any:
    import jinja2

    package = jinja2.PackageLoader("coxswain.report", "templates")
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader([str(d) for d in template_dirs]), package]
        ),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = number
    env.filters["wrap_lines"] = wrap_lines
    env.filters["band_hex"] = band_hex
    env.filters["kpi_hex"] = kpi_hex
    env.filters["trend_words"] = trend_words
    env.filters["link_power"] = link_power
    return env


def link_power(link: Mapping[str, Any]) -> str:
    """A strategy-map link's power and what would settle it (the payload's one rule)."""
    return StrategyLink.from_json(link).power_words


def section_templates(env: Any, result: Result) -> list[tuple[str, Any]]:
    """(template name, section) for every result section that has a template under
    ``templates/sections/``."""
    available = set(env.list_templates())
    out = []
    for name, section in result.sections.items():
        template = f"sections/{name}.html"
        if template in available:
            out.append((template, section))
    return out


def _css() -> str:
    return (resources.files("coxswain.report") / "templates" / "report.css").read_text("utf-8")


def render_html(
    result: Result, *, for_pdf: bool = False, template_dirs: Sequence[Path] = ()
) -> str:
    """The report as one HTML page. ``template_dirs`` are searched before the built-in
    templates (for extra ``sections/<name>.html`` templates)."""
    from coxswain.report.strategy_map import layout

    env = _environment(template_dirs)
    smap = layout(result)
    components = [
        {
            "name": name,
            "title": COMPONENT_TITLES[name],
            "score": result.components.get(name),
            "help": COMPONENT_HELP[name],
            "count": sum(1 for f in result.findings if KIND_COMPONENT.get(f.kind) == name),
        }
        for name in COMPONENTS
    ]
    by_id = {f.id: f for f in result.findings}
    index_section = result.sections.get("index")
    gains: dict[str, float] = index_section.tables.get("gains", {}) if index_section else {}
    findings = [
        {
            "f": f,
            "subjects": [label(result, s) for s in f.subjects],
            "evidence": evidence_items(f.evidence, result.labels),
            "component": KIND_COMPONENT.get(f.kind, ""),
            "gain": None if f.dismissed else gains.get(f.id),
            "shown_id": result.shown_id(f),
        }
        for f in result.findings
    ]
    template = env.get_template("report.html")
    return str(
        template.render(
            result=result,
            css=_css(),
            for_pdf=for_pdf,
            components=components,
            findings=findings,
            plan=[{"step": p, "finding": by_id.get(p.finding)} for p in result.plan],
            smap=smap,
            map_print_width=map_print_width(smap),
            status_colours=STATUS_COLOURS,
            status_words=STATUS_WORDS,
            formula=FORMULA,
            band_words=BAND_WORDS,
            band_meaning=BAND_MEANING,
            no_evidence=NO_EVIDENCE,
            index_note=index_note(result),
            file_descriptions={spec.file: spec.description for spec in TABLES.values()},
            penalties={s.value: p for s, p in PENALTY.items()},
            sections=section_templates(env, result),
            counts={
                s: sum(1 for f in result.findings if f.severity.value == s)
                for s in ("high", "medium", "low")
            },
        )
    )
