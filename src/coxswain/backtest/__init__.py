"""The backtest: Coxswain checks its own judgement (``coxswain backtest``).

:func:`backtest` replays the full analysis at past period ends with only the data known
then and scores every warning against what happened after (:mod:`.core`), plus the
efficacy of the owner's alignment work (:mod:`.efficacy`).
"""

from coxswain.backtest.core import EVERY, Backtest, Every, as_of_dates, backtest

__all__ = ["EVERY", "Backtest", "Every", "as_of_dates", "backtest"]
