"""Dismissals in the core (issue 10): which still hold, and a result with them applied."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coxswain.analysis.base import Dismissed, Finding, Severity
from coxswain.analysis.dismissals import Dismissal, evidence_hash, match, materially_worse
from coxswain.analysis.result import Result
from coxswain.analysis.runner import analyze
from coxswain.workbook import read_workbook

ON = dt.date(2026, 10, 2)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def finding(kind: str, *subjects: str, severity: Severity = Severity.high, **evidence) -> Finding:  # type: ignore[no-untyped-def]
    return Finding(kind=kind, severity=severity, subjects=subjects, title="t", evidence=evidence)


def dismissal_of(f: Finding, reason: str = "known") -> Dismissal:
    return Dismissal(
        finding_id=f.id,
        reason=reason,
        by="olivia",
        on=ON,
        kind=f.kind,
        subjects=f.subjects,
        severity=f.severity,
        evidence=f.evidence,
        evidence_hash=evidence_hash(f.evidence),
    )


def test_holds_until_the_key_number_is_a_quarter_worse() -> None:
    then = finding("kpi_off_track", "rating", "quality", latest=4.2, target=4.6)
    d = dismissal_of(then)
    assert not materially_worse(d, then)
    # 0.4 → 0.45 short of target: 12.5% worse, new evidence, still dismissed
    assert not materially_worse(
        d, finding("kpi_off_track", "rating", "quality", latest=4.15, target=4.6)
    )
    # better: still dismissed
    assert not materially_worse(
        d, finding("kpi_off_track", "rating", "quality", latest=4.5, target=4.6)
    )
    # 0.4 → 0.5: 25% worse: back
    assert materially_worse(
        d, finding("kpi_off_track", "rating", "quality", latest=4.1, target=4.6)
    )


def test_severity_rising_brings_it_back_and_falling_does_not() -> None:
    then = finding("silo", "design", severity=Severity.medium, internal_share=0.9)
    d = dismissal_of(then)
    assert materially_worse(
        d, finding("silo", "design", severity=Severity.high, internal_share=0.9)
    )
    assert not materially_worse(
        d, finding("silo", "design", severity=Severity.low, internal_share=0.9)
    )


def test_shares_need_five_points_as_well() -> None:
    then = finding("kpi_at_risk", "sales", p_hit=0.02)
    d = dismissal_of(then)
    # a chance from 2% to 1% is half, but only one point: not material
    assert not materially_worse(d, finding("kpi_at_risk", "sales", p_hit=0.01))
    d = dismissal_of(finding("kpi_at_risk", "sales", p_hit=0.4))
    assert materially_worse(d, finding("kpi_at_risk", "sales", p_hit=0.3))
    assert not materially_worse(d, finding("kpi_at_risk", "sales", p_hit=0.36))


def test_kinds_without_a_key_number_worsen_only_by_severity() -> None:
    then = finding("automation_risk", "bot", "warmth", touchpoint="phone")
    d = dismissal_of(then)
    assert not materially_worse(d, finding("automation_risk", "bot", "warmth", touchpoint="chat"))


def test_an_old_dismissal_holds_on_equal_evidence_only() -> None:
    then = finding("silo", "design", internal_share=0.9)
    old = Dismissal(
        finding_id=then.id, reason="r", by="b", on=ON, evidence_hash=evidence_hash(then.evidence)
    )
    assert match([then], [old]) == {then.id: Dismissed(reason="r", by="b", on=ON)}
    assert match([finding("silo", "design", internal_share=0.91)], [old]) == {}


def test_the_same_problem_after_an_upgrade_changes_its_id() -> None:
    then = finding("kpi_shift", "revenue", jump=-900.0)
    d = dismissal_of(then)
    # an upgrade adds the objective to the subjects: same problem
    now = finding("kpi_shift", "revenue", "sales", jump=-950.0)
    assert match([now], [d]) == {now.id: d.shown}
    # reordered subjects: same problem; another KPI or kind: not
    v = dismissal_of(finding("value_conflict", "flour", "quality", "craft", effect=-1))
    assert set(match([finding("value_conflict", "quality", "flour", "craft", effect=-1)], [v]))
    assert match([finding("kpi_shift", "margin", jump=-950.0)], [d]) == {}
    assert match([finding("kpi_anomaly", "revenue")], [d]) == {}
    # a company-wide finding (no subjects) is not the same as one about a team
    lapsed = dismissal_of(finding("sentiment_decline", drop=0.2))
    assert match([finding("sentiment_decline", "bots", drop=0.2)], [lapsed]) == {}


def test_with_dismissals_marks_them_and_recomputes_the_plan_only() -> None:
    result = analyze(read_workbook(EXAMPLES / "lantern_roasters"))
    first = result.plan[0].finding
    others = [p.finding for p in result.plan[1:]]
    shown = Dismissed(reason="Known: a new loyalty card", by="olivia", on=ON)
    after = result.with_dismissals({first: shown})
    marked = after.finding(first)
    assert marked is not None and marked.dismissed == shown
    assert all(f.dismissed is None for f in after.findings if f.id != first)
    assert first not in [p.finding for p in after.plan]
    assert [p.finding for p in after.plan][: len(others)] == others
    # the analysis's judgement stands: the same index, band and range on every face
    assert (after.alignment_index, after.alignment_band, after.alignment_range) == (
        result.alignment_index,
        result.alignment_band,
        result.alignment_range,
    )
    # and it survives the JSON the web app stores
    data = after.to_json()
    assert data["findings"][[f.id for f in after.findings].index(first)]["dismissed"] == {
        "reason": "Known: a new loyalty card",
        "by": "olivia",
        "on": "2026-10-02",
    }
    assert Result.from_json(data).to_json() == data
    assert result.with_dismissals({}).plan == result.plan


def test_a_story_whose_head_is_dismissed_recommends_what_its_first_open_finding_does() -> None:
    """Dismissing the bakery's flour conflict left its advice under "What to do" on the top
    story's card (a walk-through as an owner, 2026-12-06)."""
    result = analyze(read_workbook(EXAMPLES / "crust_and_crumb"))
    by_id = {f.id: f for f in result.findings}
    story = next(s for s in result.stories if len(s.findings) > 1)
    head, second = (by_id[i] for i in story.findings[:2])
    assert story.recommendation == head.recommendation != second.recommendation
    shown = Dismissed(reason="we chose it", by="olivia", on=ON)
    after = next(s for s in result.with_dismissals({head.id: shown}).stories if s.id == story.id)
    assert after.recommendation == second.recommendation
    assert after.findings == story.findings and after.stake == story.stake
    # the headline is not the dismissed finding's claim (a walk-through: "… works against
    # …" stayed on the card after the owner dismissed the conflict)
    assert after.title.startswith(second.title) and head.title not in after.title
    more = len(story.findings) - 2
    assert after.title.endswith(
        f"({more} more finding{'s' if more > 1 else ''} on it)" if more else second.title
    )
    everything = dict.fromkeys(story.findings, shown)
    sunk = next(s for s in result.with_dismissals(everything).stories if s.id == story.id)
    assert sunk.recommendation == story.recommendation  # shown as dismissed, words kept


def test_text_report_marks_a_dismissed_finding() -> None:
    from coxswain.report.text import render_text

    result = analyze(read_workbook(EXAMPLES / "lantern_roasters"))
    first = result.findings[0].id
    text = render_text(result.with_dismissals({first: Dismissed("Known", "olivia", ON)}))
    assert "dismissed by olivia on October 2, 2026: Known" in text
    assert f"{result.alignment_index:.1f} / 100 · aligned" in text


def test_the_html_report_marks_a_dismissed_finding_in_its_story_and_counts_open_ones() -> None:
    """The report downloaded after a dismissal said "7 findings" for the flour story, listed
    the dismissed conflict first unmarked and counted it in "15 high" (a walk-through)."""
    import re

    from coxswain.report.html import render_html

    result = analyze(read_workbook(EXAMPLES / "crust_and_crumb"))
    story = next(s for s in result.stories if len(s.findings) > 1)
    head = next(f for f in result.findings if f.id == story.findings[0])
    high = sum(1 for f in result.findings if f.severity is Severity.high)
    shown = result.with_dismissals({head.id: Dismissed("we chose it", "olivia", ON)})
    html = render_html(shown)
    n = len(story.findings)
    assert f"{n} findings, 1 dismissed</summary>" in html
    listed = html[html.index(f'href="#{head.id}"') :]
    assert listed.index("</li>") > listed.index("(dismissed)")
    counted = re.search(r"<span>(\d+) high</span>", html)
    assert counted and int(counted.group(1)) == high - (head.severity is Severity.high)
    assert "<span>1 dismissed</span>" in html
    pdf_html = render_html(shown, for_pdf=True)
    assert f"{n} findings, 1 dismissed: " in pdf_html
