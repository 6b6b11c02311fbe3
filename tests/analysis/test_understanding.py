"""Strategic understanding: threshold calibration and the analysis."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from coxswain.analysis.base import Context, Section
from coxswain.analysis.understanding import THRESHOLD, analyze, clauses, top_objectives
from coxswain.workbook import Workbook
from coxswain.workbook.model import Company
from coxswain.workbook.tables import TABLES
from tests.analysis.helpers import on_example, render_partial

# Hand-written: (objective, what a staff member might write, does it state the objective?).
# Hard cases on purpose: synonyms without shared words, and near-topic non-paraphrases.
PAIRS = [
    ("Best artisanal bread in the neighbourhood", "make the best bread around here", True),
    ("Best artisanal bread in the neighbourhood", "bake really good handmade loaves", True),
    ("Best artisanal bread in the neighbourhood", "keep the shop clean", False),
    ("Best artisanal bread in the neighbourhood", "sell more coffee", False),
    ("Healthy margin", "make more profit on each sale", True),
    ("Healthy margin", "keep costs down so we earn more per loaf", True),
    ("Healthy margin", "be friendly to customers", False),
    ("Loyal customers who come back every week", "keep regulars coming back", True),
    ("Loyal customers who come back every week", "customer retention", True),
    ("Loyal customers who come back every week", "hire more bakers", False),
    ("Grow recurring revenue", "increase subscription sales", True),
    ("Grow recurring revenue", "get more monthly paying customers", True),
    ("Grow recurring revenue", "fix the website bugs", False),
    ("Fast, reliable delivery", "ship orders quickly and on time", True),
    ("Fast, reliable delivery", "deliveries that arrive when promised", True),
    ("Fast, reliable delivery", "train new staff", False),
    ("Skilled, well-trained team", "invest in training our people", True),
    ("Skilled, well-trained team", "develop staff skills", True),
    ("Skilled, well-trained team", "cut marketing spend", False),
    ("Warm, personal customer service", "treat every customer like a friend", True),
    ("Warm, personal customer service", "be kind and personal with clients", True),
    ("Warm, personal customer service", "automate the invoices", False),
    ("Sustainable sourcing", "buy eco-friendly materials", True),
    ("Sustainable sourcing", "use local organic suppliers", True),
    ("Sustainable sourcing", "answer emails faster", False),
    ("Launch new products faster", "ship new features more quickly", True),
    ("Launch new products faster", "get new products to market sooner", True),
    ("Launch new products faster", "reduce staff turnover", False),
    ("Grow recurring revenue", "I don't know", False),
    ("Healthy margin", "no idea, just doing my job", False),
    ("Loyal customers who come back every week", "whatever the boss says", False),
    ("Fast, reliable delivery", "get paid on time", False),
    ("Healthy margin", "grow the number of customers", False),
    ("Best artisanal bread in the neighbourhood", "open a second shop", False),
    ("Warm, personal customer service", "answer the phone", False),
    ("Grow recurring revenue", "sell more", False),
]


@pytest.fixture(autouse=True)
def _private_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("COXSWAIN_CACHE_DIR", str(tmp_path / "cache"))
    yield


def test_threshold_is_calibrated_on_paraphrase_pairs() -> None:
    from coxswain.nlp.embed import Embedder

    embedder = Embedder(use_cache=False)
    a = embedder.embed([p[0] for p in PAIRS])
    b = embedder.embed([p[1] for p in PAIRS])
    sims = (a * b).sum(axis=1)
    truth = np.array([p[2] for p in PAIRS])

    def accuracy(t: float) -> float:
        return float(((sims >= t) == truth).mean())

    grid = np.round(np.arange(0.20, 0.71, 0.01), 2)
    best = max(accuracy(t) for t in grid)
    assert accuracy(THRESHOLD) >= 0.9
    assert accuracy(THRESHOLD) >= best - 0.03
    # no unrelated answer passes: the threshold errs towards "not stated"
    assert not ((sims >= THRESHOLD) & ~truth).any()


def test_clauses_split_lists_and_sentences() -> None:
    parts = clauses("Great bread, happy regulars and lower costs. Also: train the new bakers")
    assert "Great bread" in parts
    assert "happy regulars" in parts
    assert "lower costs" in parts
    assert "train the new bakers" in parts


def test_top_objectives_keep_ties() -> None:
    company = Company.model_validate(
        {
            "format": 1,
            "name": "x",
            "objectives": [
                {"id": f"o{i}", "name": f"O {i}", "weight": w}
                for i, w in enumerate([3, 2, 1, 1, 0.5])
            ],
        }
    )
    assert [o.id for o in top_objectives(company.objectives)] == ["o0", "o1", "o2", "o3"]


OBJECTIVES = [
    {
        "id": "bread_quality",
        "name": "Best artisanal bread in the neighbourhood",
        "weight": 0.4,
        "description": "Hand-made loaves from the best flour",
    },
    {"id": "loyalty", "name": "Loyal customers who come back every week", "weight": 0.3},
    {
        "id": "margin",
        "name": "Healthy margin",
        "weight": 0.2,
        "description": "Earn more on each sale by keeping costs under control",
    },
    {"id": "catering", "name": "Open a catering line", "weight": 0.1},
]
CLEAR = [
    "Bake the best bread around, keep regulars coming back and watch our costs",
    "Really good handmade loaves and customers who return every week",
    "Quality bread first, then loyal customers, then keeping costs down",
    "Making the best bread in the area and earning more per sale",
    "Keep regulars coming back by baking great artisanal bread",
    "best bread in town; repeat customers",
]
VAGUE = [
    "No idea honestly",
    "Whatever the boss says",
    "Get through the shift",
    "Not sure, nobody told us",
    "Be on time",
    "Clean the shop",
]


def make_workbook(
    answers: list[str],
    *,
    los: int,
    team_of: dict[str, str] | None = None,
    anonymous: bool = False,
    min_group: int = 5,
) -> Workbook:
    company = Company.model_validate(
        {
            "format": 1,
            "name": "Bakery",
            "objectives": OBJECTIVES,
            "teams": [{"id": "bakers", "name": "Bakers"}, {"id": "shop", "name": "Shop"}],
            "privacy": {"min_group": min_group},
        }
    )
    people, rows = [], []
    for i, answer in enumerate(answers):
        pid = f"anon-{i:03d}" if anonymous else f"p{i}"
        team = (team_of or {}).get(pid, "bakers" if i % 2 else "shop")
        if not anonymous:
            people.append({"id": pid, "name": f"Person {i}", "team": team})
        date = dt.date(2026, 6, 1)
        rows += [
            {
                "respondent": pid,
                "date": date,
                "question": "priorities",
                "answer": answer,
                "team": team if anonymous else None,
            },
            {
                "respondent": pid,
                "date": date,
                "question": "line_of_sight",
                "answer": str(los),
                "team": team if anonymous else None,
            },
            {
                "respondent": pid,
                "date": date,
                "question": "enps",
                "answer": str(i % 11),
                "team": team if anonymous else None,
            },
        ]
    tables = {"survey": pl.DataFrame(rows, schema=TABLES["survey"].schema)}
    if people:
        tables["people"] = pl.DataFrame(people, schema=TABLES["people"].schema)
    return Workbook(company=company, tables=tables)


def test_staff_who_state_the_priorities_raise_no_finding() -> None:
    section = analyze(make_workbook(CLEAR * 2, los=4), Context(as_of=dt.date(2026, 6, 30)))
    assert section.findings == []
    assert section.tables["company"]["coverage"] >= 0.7
    assert section.score is not None and section.score >= 70


def test_staff_who_cannot_state_them_are_low_understanding() -> None:
    section = analyze(make_workbook(VAGUE * 2, los=2), Context(as_of=dt.date(2026, 6, 30)))
    (finding,) = [f for f in section.findings if f.kind == "low_understanding"]
    assert finding.subjects == ()
    assert finding.severity.value == "high"
    assert finding.evidence["coverage"] < 0.25
    # the weighted figure says what its 100% is (a walk-through could not read "what they
    # name weighs on average 37% of the two heaviest priorities")
    covered = round(100 * finding.evidence["coverage"])
    assert f"an answer scores {covered}% on average, where naming the two heaviest" in finding.title
    assert set(finding.evidence["objectives_mostly_missed"]) == {
        "bread_quality",
        "loyalty",
        "margin",
    }
    assert section.score is not None and section.score < 30


def test_one_anonymous_team_that_cannot_state_them() -> None:
    answers = CLEAR + VAGUE  # 12 anonymous people: the clear ones in shop, the vague in bakers
    team_of = {f"anon-{i:03d}": "shop" if i < len(CLEAR) else "bakers" for i in range(12)}
    section = analyze(
        make_workbook(answers, los=4, team_of=team_of, anonymous=True),
        Context(as_of=dt.date(2026, 6, 30)),
    )
    teams = {t["id"]: t for t in section.tables["teams"]}
    assert teams["shop"]["coverage"] > teams["bakers"]["coverage"]
    ids = [f.id for f in section.findings]
    assert "low_understanding:bakers" in ids
    assert "low_understanding:shop" not in ids


def test_small_groups_are_not_shown_and_enps() -> None:
    section = analyze(make_workbook(CLEAR[:4], los=4), Context(as_of=dt.date(2026, 6, 30)))
    assert section.score is None and "min_group" in section.score_note
    assert section.tables["company"] is None and section.tables["teams"] == []
    eleven = analyze(make_workbook((CLEAR * 2)[:11], los=4), Context(as_of=dt.date(2026, 6, 30)))
    # eNPS answers 0..10 once each: promoters 9,10 (2), detractors 0..6 (7) → (2-7)/11
    assert eleven.tables["company"]["enps"] == pytest.approx(100 * (2 - 7) / 11, abs=0.1)


def test_without_survey_the_component_is_null() -> None:
    company = Company.model_validate({"format": 1, "name": "x"})
    section = analyze(Workbook(company=company, tables={}), Context(as_of=dt.date(2026, 6, 30)))
    assert section.score is None and "survey.csv" in section.missing


render = render_partial


def test_report_partial() -> None:
    html = render(analyze(make_workbook(VAGUE * 2, los=2), Context(as_of=dt.date(2026, 6, 30))))
    assert "Do staff know the priorities?" in html
    assert "0% name it" in html
    small = render(analyze(make_workbook(CLEAR[:4], los=4), Context(as_of=dt.date(2026, 6, 30))))
    assert "fewer than 5 respondents" in small


def test_the_model_is_not_loaded_without_priorities_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import coxswain.nlp.embed

    def refuse(texts: object) -> None:
        raise AssertionError("the embedding model must stay unloaded")

    monkeypatch.setattr(coxswain.nlp.embed, "embed", refuse)
    workbook = make_workbook(CLEAR * 2, los=4)
    survey = workbook.survey.filter(pl.col("question") != "priorities")
    section = analyze(
        Workbook(company=workbook.company, tables={**workbook.tables, "survey": survey}),
        Context(as_of=dt.date(2026, 6, 30)),
    )
    assert section.score == pytest.approx(75.0)  # line of sight 4 of 5 alone


def example(name: str) -> Section:
    return on_example(analyze, name)


def test_examples_driftwood_cannot_state_the_priorities_lantern_can() -> None:
    # examples/*/README.md: Driftwood's staff cannot state the priorities; Lantern's can
    driftwood = example("driftwood_roasters")
    assert [f.id for f in driftwood.findings] == ["low_understanding"]
    lantern = example("lantern_roasters")
    assert lantern.findings == []
    assert lantern.score is not None and driftwood.score is not None
    assert lantern.score > driftwood.score + 30


def test_a_small_rest_is_not_revealed_by_subtraction() -> None:
    answers = CLEAR + VAGUE + VAGUE[:3]
    team_of = {
        f"anon-{i:03d}": "shop" if i < 6 else "bakers" if i < 12 else "tiny" for i in range(15)
    }
    section = analyze(
        make_workbook(answers, los=4, team_of=team_of, anonymous=True),
        Context(as_of=dt.date(2026, 6, 30)),
    )
    # company (15) minus shop (6) and bakers (6) would give tiny's 3 answers: one team goes
    assert len(section.tables["teams"]) == 1
    assert section.tables["company"]["respondents"] == 15
