"""The HTML report: one self-contained file (inline CSS and SVG, no network)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coxswain.analysis.base import COMPONENTS, Severity
from coxswain.analysis.index import BAND_MEANING, BAND_WORDS, FORMULA, KIND_COMPONENT, PENALTY
from coxswain.analysis.payloads import StrategyLink
from coxswain.analysis.result import Result
from coxswain.analysis.rules import severity_order
from coxswain.analysis.stories import CONFIDENCE_WORDS, TOP_STORIES, all_dismissed, stake_words
from coxswain.report import (
    NO_EVIDENCE,
    STATUS_COLOURS,
    STATUS_WORDS,
    band_hex,
    explained,
    index_note,
    ink_on,
    kpi_hex,
    kpi_words,
    label,
    number,
    trend_words,
    wrap_lines,
)
from coxswain.wording import Words
from coxswain.wording.glossary import (
    COMPONENT_MEANING,
    STAGE_NAMES,
    component_name,
    stage_line,
)
from coxswain.wording.numbers import lowest_possible
from coxswain.workbook.tables import TABLES

if TYPE_CHECKING:
    from coxswain.report.strategy_map import StrategyMap

# On paper, the strategy map is at most this tall (a tall map, of four or five perspective
# rows, is narrowed to it) so that it fits beside the components on page 1 more often.
MAP_PRINT_HEIGHT_MM = 80.0
PRINT_WIDTH_MM = 186.0  # A4 less the margins of report.css


def map_print_width(smap: StrategyMap | None) -> float:
    """The map's width on paper, in percent of the page's, for at most MAP_PRINT_HEIGHT_MM."""
    if smap is None or not smap.height:
        return 100.0
    return min(100.0, 100.0 * MAP_PRINT_HEIGHT_MM * smap.width / (PRINT_WIDTH_MM * smap.height))


def at_least(values: Sequence[float | None], floor: float | None) -> list[float | None]:
    """``values`` raised to ``floor`` where below it (a forecast band of a count stops at 0)."""
    if floor is None:
        return list(values)
    return [None if v is None else max(v, floor) for v in values]


def _environment(template_dirs: Sequence[Path] = (), words: Words | None = None) -> Any:
    import jinja2

    package = jinja2.PackageLoader("coxswain.report", "templates")
    # The scenario comparison's section (scenarios_section.html), the one the scenario
    # report itself shows.
    scenarios = jinja2.PackageLoader("coxswain.scenarios", "templates")
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader([str(d) for d in template_dirs]), package, scenarios]
        ),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    if words is None:
        env.filters["number"] = number
    else:  # the workbook's locale: numbers and dates as the company writes them

        def localised(value: float | int | None, unit: str | None = None) -> str:
            return "—" if value is None else words.amount(value, unit)

        env.filters["number"] = localised
    env.filters["lowest_possible"] = lowest_possible
    env.filters["at_least"] = at_least
    env.filters["chance"] = (words or Words()).chance
    env.filters["date"] = (words or Words()).date
    env.filters["month"] = (words or Words()).month
    env.filters["wrap_lines"] = wrap_lines
    env.filters["band_hex"] = band_hex
    env.filters["kpi_hex"] = kpi_hex
    env.filters["kpi_words"] = kpi_words
    env.filters["ink_on"] = ink_on
    env.filters["trend_words"] = trend_words
    env.filters["link_power"] = link_power
    env.filters["link_verdict"] = link_verdict
    return env


def link_verdict(link: Mapping[str, Any]) -> str:
    """A stored link's verdict in words (:attr:`StrategyLink.verdict_words`)."""
    return StrategyLink.from_json(link).verdict_words


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
    result: Result,
    *,
    for_pdf: bool = False,
    template_dirs: Sequence[Path] = (),
    backtest: Mapping[str, Any] | None = None,
    scenarios: Mapping[str, Any] | None = None,
) -> str:
    """The report as one HTML page. ``template_dirs`` are searched before the built-in
    templates (for extra ``sections/<name>.html`` templates). ``backtest``: an optional
    section "How good were our warnings?", the words of a backtest
    (:func:`coxswain.backtest.render.context`). ``scenarios``: an optional section "Scenarios",
    the words of a scenario comparison (:func:`coxswain.scenarios.render.context`)."""
    from coxswain.report.strategy_map import of_result

    words = Words(locale=result.locale, currency=result.currency)
    env = _environment(template_dirs, words)
    plain = explained(result)
    smap = of_result(result)
    components = [
        {
            "name": name,
            "title": component_name(name),
            "score": result.components.get(name),
            "help": COMPONENT_MEANING[name],
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
            "plain": plain[f.id],
            "component": component_name(KIND_COMPONENT[f.kind]) if f.kind in KIND_COMPONENT else "",
            "gain": None if f.dismissed else gains.get(f.id),
            "shown_id": result.shown_id(f),
            "anchor": f.id if result.shown_id(f) == f.id else f"finding-{n}",
        }
        for n, f in enumerate(result.findings, 1)
    ]
    anchors = {
        f.id: (str(item["anchor"]), f.title)
        for f, item in zip(result.findings, findings, strict=True)
    }
    dismissed = {f.id for f in result.findings if f.dismissed is not None}
    stories = [
        {
            "s": story,
            "stake": stake_words(story.stake, words),
            "confidence": CONFIDENCE_WORDS.get(story.confidence, ""),
            "dismissed": all_dismissed(story, dismissed),
            "findings": [
                {"anchor": anchors[f][0], "title": anchors[f][1], "dismissed": f in dismissed}
                for f in story.findings
                if f in anchors
            ],
        }
        for story in result.stories
    ]
    template = env.get_template("report.html")
    return str(
        template.render(
            result=result,
            css=_css(),
            for_pdf=for_pdf,
            components=components,
            findings=findings,
            stories=stories,
            top_stories=TOP_STORIES,
            plan=[
                {
                    "step": p,
                    "finding": by_id.get(p.finding),
                    "component": component_name(KIND_COMPONENT[by_id[p.finding].kind])
                    if p.finding in by_id and by_id[p.finding].kind in KIND_COMPONENT
                    else "",
                }
                for p in result.plan
            ],
            stage_names=STAGE_NAMES,
            stage_text=stage_line(result.stage.assessed, result.stage.declared),
            words=words,
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
            backtest=backtest,
            scenarios=scenarios,
            counts={  # open findings, as the dashboard counts them; dismissed ones apart
                s.value: sum(1 for f in result.findings if f.severity == s and f.dismissed is None)
                for s in severity_order()
                if s is not Severity.info
            },
            dismissed_count=len(dismissed),
        )
    )
