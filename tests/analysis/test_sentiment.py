from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from coxswain.analysis import sentiment
from coxswain.analysis.base import Context, Section
from coxswain.analysis.sentiment import analyze
from coxswain.workbook import Workbook
from coxswain.workbook.model import Company
from coxswain.workbook.tables import TABLES
from tests.analysis.helpers import on_example, render_partial

POSITIVE = [
    "Thanks so much, great work on this!",
    "Love how the customers reacted, awesome job",
    "Happy to help, this looks good",
    "Nice, the new pattern is beautiful",
    "Good news: the order shipped early",
]
NEUTRAL = ["Meeting moved to 3pm", "See the attached sheet", "Order 1142 is packed"]
NEGATIVE = [
    "The bot keeps sending wrong answers, customers are angry",
    "Another complaint today, this is frustrating",
    "I hate cleaning up after the automated replies",
    "Terrible week, nobody can reach a person anymore",
    "Sad to see loyal customers leave",
]


@pytest.fixture(autouse=True)
def _private_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("COXSWAIN_CACHE_DIR", str(tmp_path / "cache"))
    yield


def typed(name: str, rows: list[dict[str, object]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=TABLES[name].schema)


def make_workbook(
    *, fall_from: dt.date | None, team_size: int = 6, min_group: int = 5, seed: int = 1
) -> Workbook:
    rng = random.Random(seed)
    people = [
        {"id": f"{team}{i}", "name": f"P {team}{i}", "team": team}
        for team in ("studio", "shop")
        for i in range(team_size)
    ]
    messages = []
    for month in range(1, 13):
        for day in range(1, 29, 1):
            for person in people[:: 2 if day % 2 else 1][:4]:
                when = dt.datetime(2026, month, day, 10, tzinfo=dt.UTC)
                after = fall_from is not None and when.date() >= fall_from
                pool = (
                    NEGATIVE * 3 + NEUTRAL + POSITIVE
                    if after
                    else POSITIVE * 3 + NEUTRAL + NEGATIVE
                )
                messages.append(
                    {
                        "timestamp": when,
                        "sender": person["id"],
                        "recipients": "studio0",
                        "channel": "general",
                        "text": rng.choice(pool) if rng.random() < 0.9 else None,
                    }
                )
            sender = people[rng.randrange(len(people))]
            messages.append(
                {
                    "timestamp": dt.datetime(2026, month, day, 15, tzinfo=dt.UTC),
                    "sender": sender["id"],
                    "recipients": "",
                    "channel": "orders",
                    "text": rng.choice(NEUTRAL),
                }
            )
    company = Company.model_validate(
        {
            "format": 1,
            "name": "Test Co",
            "teams": [{"id": "studio", "name": "Studio"}, {"id": "shop", "name": "Shop"}],
            "automations": [
                {
                    "id": "reply_bot",
                    "name": "Automated replies",
                    "start": "2026-07-01",
                    "replaces_human": True,
                    "human_fallback": False,
                }
            ],
            "privacy": {"min_group": min_group},
        }
    )
    return Workbook(
        company=company,
        tables={"people": typed("people", people), "messages": typed("messages", messages)},
    )


def test_tone_falling_after_an_automation_is_found_and_linked_to_it() -> None:
    section = analyze(
        make_workbook(fall_from=dt.date(2026, 7, 1)), Context(as_of=dt.date(2026, 12, 31))
    )
    declines = [f for f in section.findings if f.kind == "sentiment_decline"]
    assert len(declines) == 1
    finding = declines[0]
    assert finding.subjects == ("reply_bot",)
    event = finding.evidence["messages"]["event"]
    assert event["difference"] < -0.3 and event["ci95"][1] < 0
    assert finding.severity.value == "high"
    assert section.tables["messages_scored"] > 1000
    # no text leaves the analysis
    assert "bot keeps" not in str(section.tables) + str(finding.evidence)


def test_steady_tone_gives_no_finding() -> None:
    section = analyze(make_workbook(fall_from=None), Context(as_of=dt.date(2026, 12, 31)))
    assert [f for f in section.findings if f.kind == "sentiment_decline"] == []
    company = next(t for t in section.tables["trends"] if t["kind"] == "company")
    assert company["months"] == 12
    assert company["slope_ci95"][0] < 0 < company["slope_ci95"][1]


def test_groups_under_min_group_are_never_shown() -> None:
    # teams of 4 with min_group 5: no team rows at all, the company (8 people) is fine
    section = analyze(
        make_workbook(fall_from=dt.date(2026, 7, 1), team_size=4),
        Context(as_of=dt.date(2026, 12, 31)),
    )
    kinds = {row["kind"] for row in section.tables["monthly"]}
    assert "team" not in kinds
    assert "company" in kinds
    assert all(t["kind"] != "team" for t in section.tables["trends"])


def test_without_message_text_says_so() -> None:
    workbook = make_workbook(fall_from=None)
    messages = workbook.messages.with_columns(pl.lit(None, dtype=pl.String).alias("text"))
    section = analyze(
        Workbook(company=workbook.company, tables={**workbook.tables, "messages": messages}),
        Context(as_of=dt.date(2026, 12, 31)),
    )
    assert section.findings == []
    assert "messages.csv: text" in section.missing


render = render_partial


def test_report_partial_shows_the_trend_and_no_text() -> None:
    section = analyze(
        make_workbook(fall_from=dt.date(2026, 7, 1)), Context(as_of=dt.date(2026, 12, 31))
    )
    html = render(section)
    assert "<h2>Tone of internal communication</h2>" in html
    assert "<polyline" in html and "reply_bot" in html
    assert "bot keeps" not in html


def test_survey_comments_falling_after_an_automation() -> None:
    rng = random.Random(2)
    rows = []
    for q in range(8):
        day = dt.date(2025 + (q + 1) // 4, (q + 1) % 4 * 3 + 1, 12)
        after = day > dt.date(2026, 1, 1)
        for i in range(8):
            rows.append(
                {
                    "respondent": f"anon-{q}-{i}",
                    "date": day + dt.timedelta(days=i % 3),
                    "question": "comment",
                    "answer": rng.choice(NEGATIVE if after else POSITIVE),
                    "team": "studio",
                }
            )
            rows.append(
                {
                    "respondent": f"anon-{q}-{i}",
                    "date": day,
                    "question": "priorities",
                    "answer": "Sell more dresses",
                    "team": "studio",
                }
            )
    workbook = make_workbook(fall_from=None)
    bot = workbook.company.automations[0].model_copy(update={"start": dt.date(2026, 1, 1)})
    company = workbook.company.model_copy(update={"automations": (bot,)})
    section = analyze(
        Workbook(company=company, tables={"survey": typed("survey", rows)}),
        Context(as_of=dt.date(2027, 12, 31)),
    )
    assert "messages.csv" in section.missing
    assert len(section.tables["survey_rounds"]) == 8
    (finding,) = section.findings
    assert finding.title.startswith("The tone of free-text survey answers is falling")
    assert finding.subjects == ("reply_bot",)
    assert finding.evidence["survey_free_text"]["event"]["difference"] < -0.3


def example(name: str) -> Section:
    return on_example(analyze, name)


def test_examples_thimble_tone_falls_after_the_automation_and_controls_stay_quiet() -> None:
    # examples/thimble_and_thread/README.md: tone drops after auto_replies (2025-11-01)
    thimble = example("thimble_and_thread")
    assert [f.id for f in thimble.findings] == ["sentiment_decline:auto_replies"]
    assert all(row["kind"] != "team" for row in thimble.tables["monthly"])  # teams of 2-4
    assert example("lantern_roasters").findings == []
    assert example("harbour_dental").findings == []


def test_a_small_rest_is_not_revealed_by_subtraction() -> None:
    # Teams studio and shop (6 each) are shown; two more people in team "tiny" write too.
    # Company mean minus the two teams' means would reveal tiny's tone, so one of the two
    # teams is hidden as well in every month (secondary suppression).
    workbook = make_workbook(fall_from=None)
    tiny = [{"id": f"tiny{i}", "name": f"T {i}", "team": "tiny"} for i in range(2)]
    extra = [
        {
            "timestamp": dt.datetime(2026, m, d, 12, tzinfo=dt.UTC),
            "sender": f"tiny{d % 2}",
            "recipients": "studio0",
            "channel": "general",
            "text": "I hate this, awful week",
        }
        for m in range(1, 13)
        for d in range(1, 28, 3)
    ]
    tables = {
        "people": pl.concat([workbook.people, typed("people", tiny)]),
        "messages": pl.concat([workbook.messages, typed("messages", extra)]),
    }
    section = analyze(
        Workbook(company=workbook.company, tables=tables), Context(as_of=dt.date(2026, 12, 31))
    )
    teams_per_month: dict[str, int] = {}
    for row in section.tables["monthly"]:
        if row["kind"] == "team":
            teams_per_month[row["month"]] = teams_per_month.get(row["month"], 0) + 1
    assert teams_per_month and set(teams_per_month.values()) == {1}
    # without the tiny team, both teams show in most months
    plain = analyze(workbook, Context(as_of=dt.date(2026, 12, 31)))
    assert sum(row["kind"] == "team" for row in plain.tables["monthly"]) >= 18


def _fall(diff: float, p: float) -> sentiment.Change:
    half = abs(diff) / 2
    return sentiment.Change(diff, diff - half, diff + half * 0.5, 100, 100, p=p)


def test_a_weak_fall_among_many_tests_is_not_called_but_a_strong_one_is() -> None:
    """Holm over the family of tests that could raise the company-wide finding: a fall with
    p = 0.03 at one launch of five, the trend and the recent months steady, is what chance
    gives one test in six; p = 0.001 still shows once corrected."""
    steps = [(f"bot{i}", _fall(-0.2, 0.03 if i == 0 else 0.6)) for i in range(5)]
    weak = sentiment.Trend("company", "company", 12, 0.0, (-0.01, 0.01), None, steps, 0.9)
    assert weak.falls  # uncorrected, one test of six
    survey = sentiment.SurveyTone([], None, [])
    sentiment._correct_for_multiplicity([weak], survey)
    assert not weak.falls
    assert weak.events[0][1].p_adjusted == pytest.approx(0.03 * 6)
    assert sentiment._findings([weak], survey, {}, {}) == []

    steps[0] = ("bot0", _fall(-0.2, 0.001))
    strong = sentiment.Trend("company", "company", 12, 0.0, (-0.01, 0.01), None, steps, 0.9)
    sentiment._correct_for_multiplicity([strong], survey)
    [finding] = sentiment._findings([strong], survey, {}, {"bot0": "Reply bot"})
    assert finding.subjects == ("bot0",)
    assert finding.title.endswith("since “Reply bot” went live")
    assert finding.evidence["messages"]["event"]["p_adjusted"] == pytest.approx(0.006)
