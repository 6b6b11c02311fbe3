"""VADER scoring: exactness of the fast path and accuracy on human ratings."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coxswain.nlp.cache import TextCache
from coxswain.nlp.sentiment import (
    SentimentScorer,
    _ascii_analyzer,
    analyzer,
    may_carry_sentiment,
)

# ../shared/data next to the repository; COXSWAIN_SHARED_DATA overrides (e.g. in a worktree).
SHARED_DATA = Path(
    os.environ.get("COXSWAIN_SHARED_DATA")
    or Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
)
GROUND_TRUTH = SHARED_DATA / "vader-ground-truth"
# file: (minimum Pearson r, minimum sign agreement), a few points under what was measured
# (docs/language.md: r 0.872 / 0.503 / 0.590 / 0.427, agreement 0.986 / 0.775 / 0.811 / 0.669;
# Hutto & Gilbert 2014, table 3, report r 0.881 / 0.492 / 0.565 / 0.451 for VADER).
FILES = {
    "tweets_GroundTruth.txt": (0.85, 0.96),
    "nytEditorialSnippets_GroundTruth.txt": (0.47, 0.75),
    "amazonReviewSnippets_GroundTruth.txt": (0.55, 0.78),
    "movieReviewSnippets_GroundTruth.txt": (0.40, 0.64),
}


def plain(texts: list[str]) -> np.ndarray:
    return np.array([analyzer().polarity_scores(t)["compound"] for t in texts])


def test_same_scores_as_plain_vader_and_blank_is_missing() -> None:
    texts = [
        "Great job on the launch today!!",
        "meeting moved to 3pm",
        "I am NOT happy with the new ticket bot :(",
        "see attached",
        "see attached",
        "Le café est très bon 😀",
        "The rollout was kind of a mess, but the team was awesome",
    ]
    scorer = SentimentScorer(use_cache=False)
    got = scorer.score([*texts, None, "   "])
    np.testing.assert_array_equal(got[: len(texts)], plain(texts))
    assert np.isnan(got[-2:]).all()
    assert scorer.scored + scorer.skipped_neutral == len(set(texts))  # duplicates once
    assert scorer.skipped_neutral >= 2  # "meeting moved to 3pm", "see attached"


_ascii = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyz ABCGOOD!?.,:;'-()\t\n")),
    max_size=60,
)
_words = st.lists(
    st.sampled_from(["good", "bad", "not", "the", "no", "very", "meeting", ":)", "GREAT", "ok!"]),
    max_size=8,
).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.one_of(_ascii, _words))
def test_the_vectorised_lexicon_check_never_drops_sentiment(text: str) -> None:
    carries = may_carry_sentiment(pl.Series([text])).item()
    if not carries:
        assert analyzer().polarity_scores(text)["compound"] == 0.0


@settings(max_examples=200, deadline=None)
@given(st.one_of(_ascii, _words, st.text(max_size=40)))
def test_the_ascii_fast_path_gives_vaders_own_scores(text: str) -> None:
    assert _ascii_analyzer().polarity_scores(text) == analyzer().polarity_scores(text)


def test_cached_scores_are_reused(tmp_path: Path) -> None:
    texts = ["What a terrible week", "Thanks, that was lovely"]
    first = SentimentScorer(cache=TextCache(namespace="v", folder=tmp_path))
    a = first.score(texts)
    second = SentimentScorer(cache=TextCache(namespace="v", folder=tmp_path))
    b = second.score(texts)
    assert second.scored == 0
    np.testing.assert_array_equal(a, b)


def _read(path: Path) -> tuple[np.ndarray, list[str]]:
    ratings, texts = [], []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3:
            ratings.append(float(parts[1]))
            texts.append(parts[2])
    return np.array(ratings), texts


@pytest.mark.shared_data
@pytest.mark.parametrize("name", FILES)
def test_accuracy_against_human_ratings(name: str) -> None:
    """Hutto & Gilbert's ground truth (shared/data/vader-ground-truth, mean of ~20 human
    ratings on −4..+4). Sign agreement on non-neutral items (|rating| >= 0.5 and compound
    beyond ±0.05, the VADER authors' own neutral band) and the Pearson correlation of
    compound with the rating must reach the bounds in FILES."""
    path = GROUND_TRUTH / name
    if not path.exists():
        pytest.skip(f"shared data absent: {path} (needs ../shared/data next to the repository)")
    ratings, texts = _read(path)
    scores = SentimentScorer(use_cache=False).score(texts)
    scores = np.nan_to_num(scores)
    from scipy.stats import pearsonr

    r = pearsonr(scores, ratings).statistic
    decided = (np.abs(ratings) >= 0.5) & (np.abs(scores) >= 0.05)
    agreement = float((np.sign(scores[decided]) == np.sign(ratings[decided])).mean())
    print(f"{name}: n={len(texts)} r={r:.3f} sign agreement={agreement:.3f} on {decided.sum()}")
    min_r, min_agreement = FILES[name]
    assert agreement >= min_agreement
    assert r >= min_r
