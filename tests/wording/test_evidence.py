"""Every evidence field of every finding kind has plain words, and no report shows a raw
evidence key or a kind code (coxswain.wording.evidence)."""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coxswain.analysis.base import Finding, Severity
from coxswain.analysis.kinds import KINDS, kind_name
from coxswain.wording import Context, KpiInfo, Words, explain
from coxswain.wording.evidence import FIELDS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.name for p in (ROOT / "examples").iterdir() if (p / "company.yaml").exists())


def _written_keys() -> dict[str, set[str]]:
    """Kind → the evidence keys the analyses write as literals (``Finding(kind="…",
    evidence={"key": …})``), read from their source."""
    out: dict[str, set[str]] = {}
    for path in (ROOT / "src" / "coxswain" / "analysis").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Finding"):
                continue
            args = {k.arg: k.value for k in node.keywords}
            kind, evidence = args.get("kind"), args.get("evidence")
            if not (isinstance(kind, ast.Constant) and isinstance(kind.value, str)):
                continue
            keys = out.setdefault(kind.value, set())
            for dict_node in ast.walk(evidence) if evidence is not None else ():
                if isinstance(dict_node, ast.Dict):
                    keys.update(
                        k.value
                        for k in dict_node.keys
                        if isinstance(k, ast.Constant) and isinstance(k.value, str)
                    )
    return out


def test_every_kind_has_a_plain_name_and_evidence_words() -> None:
    assert set(FIELDS) == set(KINDS)
    for code, spec in KINDS.items():
        assert spec.name and "_" not in spec.name and spec.name[0].isupper(), code
        assert kind_name(code) == spec.name
        for key, field in FIELDS[code].items():
            assert field.label and "_" not in field.label, (code, key)


def test_every_evidence_key_the_analyses_write_has_a_label() -> None:
    written = _written_keys()
    assert {"kpi_anomaly", "orphan_work", "uncovered_objective"} <= set(written)
    missing = {
        (kind, key)
        for kind, keys in written.items()
        for key in keys
        if key not in FIELDS.get(kind, {}) and kind in KINDS
    }
    # nested dict literals inside the evidence (a latest value's date and value, a
    # period's start and end) are read by their field's format, not labelled alone
    nested = {"date", "value", "start", "end", "days", "months", "title", "share", "weight"}
    nested |= {"current", "target"}  # a key result's own
    assert {(k, key) for k, key in missing if key not in nested} == set()


def _context() -> Context:
    return Context(
        words=Words(locale="en_GB", currency="GBP"),
        labels={"baker_skill": "Skilled, well-trained bakers", "p_12": "Person 12"},
        kpis={"baker_skill_score": KpiInfo("Bench assessment", "1-5")},
    )


def test_a_forecast_reads_as_a_chance_and_a_likely_range() -> None:
    plain = explain(
        kind="kpi_at_risk",
        subjects=("baker_skill_score", "baker_skill"),
        evidence={
            "p_hit": 0.001,
            "target": 3.5,
            "deadline": "2027-06-30",
            "latest": {"date": "2026-09-30", "value": 2.31},
            "interval_80": [1.99, 2.77],
            "periods_ahead": 9,
            "model": "ETS(A,N,N) on log scale",
        },
        context=_context(),
    )
    assert plain.kind_name == "A KPI likely to miss its target"
    assert "about a 1-in-1,000 chance of reaching 3.5 out of 5 by June 2027" in plain.summary
    facts = {f.label: f.text for f in plain.facts}
    assert facts["At the deadline"] == "most likely between 2.0 and 2.8 out of 5 (8 times in 10)"
    assert facts["Latest"] == "2.3 out of 5 on 30 September 2026"
    how = {f.label: f.text for f in plain.how}
    assert how["Forecast model"] == "ETS(A,N,N) on log scale"  # method details: How we know
    assert "ETS" not in " ".join(f.text for f in plain.facts)


def test_people_are_named_as_the_context_names_them() -> None:
    plain = explain(
        kind="bottleneck",
        subjects=("p_12",),
        evidence={"person": "p_12", "cross_team_path_share": 0.141},
        context=_context(),
    )
    assert "Person 12" in plain.summary and "p_12" not in plain.summary
    assert "14%" in plain.summary


@pytest.mark.parametrize(
    ("have", "said", "shown"), [(1, "1 person has", "1 person"), (2, "2 people have", "2 people")]
)
def test_one_person_is_a_person(have: int, said: str, shown: str) -> None:
    """ "1 people have the skill" and "People with the skill: 1 people" (a walk-through)."""
    plain = explain(
        kind="talent_gap",
        subjects=("sourdough",),
        evidence={"capability": "sourdough", "skilled_people": have, "needed": 3},
        context=_context(),
    )
    assert f"{said} the skill where 3 are needed" in plain.summary
    assert any(f.text == shown for f in (*plain.facts, *plain.how)), plain


def test_a_key_from_a_newer_analysis_is_readable_under_how_we_know() -> None:
    plain = explain(
        kind="silo", subjects=("t",), evidence={"brand_new_stat": 0.123}, context=_context()
    )
    assert [(f.label, f.text) for f in plain.how] == [("Brand new stat", "0.12")]


class _Text(HTMLParser):
    """The text a reader sees (no style, script or attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


RAW = sorted(
    {key for fields in FIELDS.values() for key in fields if "_" in key}
    | {code for code in KINDS if "_" in code}
)


def raw_words(text: str) -> list[str]:
    return [w for w in RAW if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]


def test_the_check_finds_raw_keys_and_codes() -> None:
    assert raw_words(visible("<p>p_hit 0.001 · <b>kpi_at_risk</b></p>")) == [
        "kpi_at_risk",
        "p_hit",
    ]
    assert raw_words(visible('<p id="kpi_at_risk">about a 1-in-30 chance</p>')) == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_an_example_report_has_plain_words_only(name: str) -> None:
    from coxswain.analysis.runner import analyze
    from coxswain.report.html import render_html
    from coxswain.workbook import read_workbook

    result = analyze(read_workbook(ROOT / "examples" / name))  # harbour_dental: none
    unlabelled = {
        (f.kind, key) for f in result.findings for key in f.evidence if key not in FIELDS[f.kind]
    }
    assert unlabelled == set()
    text = visible(render_html(result))
    assert raw_words(text) == []
    assert "interval 80" not in text and "periods ahead" not in text
    for f in result.findings:
        assert kind_name(f.kind) in text
    company = read_workbook(ROOT / "examples" / name).company
    named = [*company.values, *company.objectives, *company.kpis, *company.teams]
    named += [*company.initiatives, *company.goals, *company.automations, *company.capabilities]
    ids = {x.id for x in named if "_" in x.id}
    for f in result.findings:
        # titles in the owner's words: dates in the locale, names not ids, curly quotes
        assert not re.search(r"\d{4}-\d{2}-\d{2}", f.title), f.title
        assert not re.search(r"(?<!\w)'[^']+'(?!\w)", f.title), f.title
        assert not set(re.findall(r"[\w-]+", f.title)) & ids, f.title


def test_dismissed_finding_words_are_plain_too() -> None:
    from coxswain.wording import explain_finding

    finding = Finding(
        kind="review_lapsed",
        severity=Severity.medium,
        subjects=(),
        title="No strategy review for 351 days",
        evidence={"stage": "intermediate", "allowed_days": 92, "days_since_last": 351},
    )
    plain = explain_finding(finding, _context())
    assert "351 days ago" in plain.summary
    assert {f.label: f.text for f in plain.facts}["Stage"] == "growing"


def test_the_understanding_figures_are_labelled_for_what_they_are() -> None:
    """ "coverage" (the answers' weighted score) was labelled "Share of staff who answered",
    and the similarity threshold "Share that should name a top priority"."""
    from coxswain.wording.evidence import FIELDS

    labels = FIELDS["low_understanding"]
    assert "100%" in labels["coverage"].label and "answered" not in labels["coverage"].label
    assert "Share" not in labels["threshold"].label
