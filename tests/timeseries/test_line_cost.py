"""The change-point search's line cost from running sums equals ruptures' least-squares
``linear`` cost, segment by segment, and PELT finds the same breaks with either."""

from __future__ import annotations

import numpy as np
import pytest
import ruptures as rpt
from ruptures.costs import CostLinear

from coxswain.timeseries.changes import _line_cost_class


def _signal(y: np.ndarray) -> np.ndarray:
    n = y.shape[0]
    return np.column_stack([y, np.ones(n), np.arange(n, dtype=float)])


@pytest.mark.parametrize("seed", range(5))
def test_each_segment_costs_the_same(seed: int) -> None:
    rng = np.random.default_rng(seed)
    y = 1e4 + 3.0 * np.arange(60) + rng.normal(0, 5, 60) + np.where(np.arange(60) > 30, 40, 0)
    ours = _line_cost_class()().fit(_signal(y))
    theirs = CostLinear().fit(_signal(y))
    for start in range(0, 56, 3):
        for end in range(start + 3, 61, 4):
            assert ours.error(start, end) == pytest.approx(
                theirs.error(start, end), rel=1e-7, abs=1e-6
            )


@pytest.mark.parametrize(
    "y",
    [
        np.where(np.arange(40) > 13, 5.0, 1.0),  # an exact step
        np.full(30, 7.0),  # nothing at all
        100 + 0.5 * np.arange(48) + np.where(np.arange(48) > 24, 10.0, 0.0),
        np.random.default_rng(9).normal(0, 1, 80),
    ],
)
def test_pelt_finds_the_same_breaks(y: np.ndarray) -> None:
    pen = 3 * max(float(np.std(y)), 0.5) ** 2 * np.log(y.shape[0])
    theirs = rpt.Pelt(model="linear", min_size=4, jump=1).fit(_signal(y)).predict(pen=pen)
    ours = rpt.Pelt(custom_cost=_line_cost_class()(), min_size=4, jump=1)
    assert ours.fit(_signal(y)).predict(pen=pen) == theirs
