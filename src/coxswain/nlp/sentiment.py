"""Sentiment of short texts with VADER (Hutto & Gilbert 2014), fast and private.

:func:`score_texts` gives VADER's ``compound`` score (−1 … +1) of every text, exactly
as ``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]`` would, but

* each distinct text is scored once (chat is repetitive: "thanks!", "ok", "lgtm");
* texts that cannot carry sentiment are recognised in one vectorised pass and get
  0.0 without running VADER: VADER's compound is non-zero only when a token of the
  text (split on whitespace, edge punctuation stripped, lower-cased, emoji spelt
  out) is in its lexicon, so for plain-ASCII texts polars does that token lookup
  for all texts at once; other texts go through VADER itself;
* scores are cached under a salted hash of the text (:class:`~coxswain.nlp.cache.TextCache`),
  never the text, so a re-run does not score again.

The text is only held in memory while it is scored.
"""

from __future__ import annotations

import functools
import string
import struct
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from coxswain.nlp.cache import TextCache

if TYPE_CHECKING:
    import polars as pl

NAMESPACE = "vader-3.3.2-compound"
_PACK = struct.Struct("<d")
# Whitespace on which Python's str.split() and the regex \s agree, plus printable ASCII.
_PLAIN_ASCII = r"^[\x20-\x7e\t\n\r\x0b\x0c]*$"


@functools.cache
def analyzer() -> Any:
    """The one VADER analyser of the process (loading its lexicon takes ~50 ms)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@functools.cache
def _lexicon_series() -> pl.Series:
    import polars as pl

    return pl.Series("lexicon", sorted(analyzer().lexicon), dtype=pl.String)


def may_carry_sentiment(texts: pl.Series) -> pl.Series:
    """For each text: ``False`` when VADER's compound is certainly 0, else ``True``.

    Vectorised over all texts. Exact for plain-ASCII texts (the same tokenisation as
    VADER's ``SentiText``: split on whitespace, strip ``string.punctuation`` from both
    ends unless that leaves two characters or fewer, lower-case, look up in the
    lexicon); any other text answers ``True`` and goes through VADER.
    """
    import polars as pl

    frame = pl.DataFrame({"text": texts}).with_row_index("row")
    plain = frame.get_column("text").str.contains(_PLAIN_ASCII).fill_null(False)
    tokens = (
        frame.filter(plain)
        .select("row", pl.col("text").str.extract_all(r"\S+").alias("token"))
        .explode("token")
        .drop_nulls("token")
    )
    stripped = pl.col("token").str.strip_chars(string.punctuation)
    tokens = tokens.with_columns(
        pl.when(stripped.str.len_chars() <= 2)
        .then(pl.col("token"))
        .otherwise(stripped)
        .str.to_lowercase()
        .alias("word")
    )
    hits = tokens.filter(pl.col("word").is_in(_lexicon_series().implode()))
    rows_with_hits = hits.get_column("row").unique()
    row = frame.get_column("row")
    return (~plain) | row.is_in(rows_with_hits.implode())


@functools.cache
def _ascii_analyzer() -> Any:
    """VADER with its emoji pass skipped for ASCII texts (which contain no emoji).

    ``polarity_scores`` below is VADER 3.3.2's own (MIT licence, (c) C.J. Hutto) minus
    the character-by-character emoji substitution, which is the identity on ASCII text
    and costs about a fifth of the time, and without the method call for tokens outside
    the lexicon (which only appends 0); other texts go to the original method.
    ``tests/nlp/test_vader.py`` checks the scores are identical.
    """
    from vaderSentiment import vaderSentiment as vs  # noqa: N813

    class AsciiAnalyzer(vs.SentimentIntensityAnalyzer):  # type: ignore[misc]
        def polarity_scores(self, text: str) -> dict[str, float]:
            if not text.isascii():
                return super().polarity_scores(text)  # type: ignore[no-any-return]
            sentitext = vs.SentiText(text.strip())
            sentiments: list[float] = []
            words = sentitext.words_and_emoticons
            lexicon = self.lexicon
            for i, item in enumerate(words):
                lower = item.lower()
                if lower in vs.BOOSTER_DICT or (
                    i < len(words) - 1 and lower == "kind" and words[i + 1].lower() == "of"
                ):
                    sentiments.append(0)
                    continue
                if lower not in lexicon:  # sentiment_valence would append 0 for it
                    sentiments.append(0)
                    continue
                sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
            sentiments = self._but_check(words, sentiments)
            return self.score_valence(sentiments, text.strip())  # type: ignore[no-any-return]

    return AsciiAnalyzer()


def _vader_compound(texts: Sequence[str]) -> np.ndarray:
    scorer = _ascii_analyzer().polarity_scores
    return np.fromiter((scorer(t)["compound"] for t in texts), dtype=np.float64, count=len(texts))


class SentimentScorer:
    """Scores texts with VADER; holds the cache (on disk unless ``cache_folder=None``)."""

    def __init__(self, *, cache: TextCache | None = None, use_cache: bool = True) -> None:
        self.cache = cache if cache is not None or not use_cache else TextCache(namespace=NAMESPACE)
        self.scored = 0  # texts that went through VADER (for tests and benchmarks)
        self.skipped_neutral = 0  # texts the vectorised lexicon check settled

    def score(self, texts: Sequence[str | None] | pl.Series) -> np.ndarray:
        """VADER compound of each text (NaN for a missing or blank one), as float64."""
        import polars as pl

        series = pl.Series("text", texts, dtype=pl.String)
        series = series.str.strip_chars().replace("", None)
        unique = series.drop_nulls().unique(maintain_order=True)
        values = np.zeros(unique.len(), dtype=np.float64)
        todo = np.ones(unique.len(), dtype=bool)
        texts_u: list[str] = unique.to_list()
        keys: list[bytes] = []
        if self.cache is not None and texts_u:
            keys = self.cache.keys(texts_u)
            found = self.cache.get_many(keys)
            for i, key in enumerate(keys):
                hit = found.get(key)
                if hit is not None:
                    values[i] = _PACK.unpack(hit)[0]
                    todo[i] = False
        if todo.any():
            idx = np.flatnonzero(todo)
            carries = may_carry_sentiment(unique.gather(idx)).to_numpy()
            run = idx[carries]
            self.skipped_neutral += int((~carries).sum())
            self.scored += len(run)
            values[run] = _vader_compound([texts_u[i] for i in run])
            if self.cache is not None:
                self.cache.put_many({keys[i]: _PACK.pack(values[i]) for i in idx})
        lookup = pl.DataFrame({"text": unique, "compound": values})
        out = (
            pl.DataFrame({"text": series})
            .join(lookup, on="text", how="left", maintain_order="left")
            .get_column("compound")
        )
        return out.fill_null(float("nan")).to_numpy().astype(np.float64)


def score_texts(texts: Sequence[str | None] | pl.Series, *, use_cache: bool = True) -> np.ndarray:
    """VADER compound (−1 … +1) of each text; NaN where the text is missing or blank."""
    return _default_scorer(use_cache).score(texts)


@functools.cache
def _default_scorer(use_cache: bool) -> SentimentScorer:
    return SentimentScorer(use_cache=use_cache)
