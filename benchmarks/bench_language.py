"""Language: VADER sentiment of 100,000 messages and MiniLM sentence embeddings.

Sentiment, against the plain approach (one ``SentimentIntensityAnalyzer``, its
``polarity_scores`` called for every message in a loop, no caching):

* cold: :class:`coxswain.nlp.sentiment.SentimentScorer` with an empty cache (each
  distinct text scored once; texts without a lexicon word settled in one vectorised
  pass; scores stored under salted hashes);
* cached: a second scorer on the same cache folder (a re-run of the analysis).

The messages are synthetic workplace chat: stock replies ("thanks!", "on it") that
recur, and composed sentences with names, numbers and products that mostly do not.
Where ``../shared/data/vader-ground-truth`` exists, the 23,703 human-rated texts
(all distinct, nearly all opinionated: the worst case) are timed the same way.

Embeddings, against the plain approach (one sentence per model call, no cache):
batched cold, and cached (a re-run), in sentences per second.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

MESSAGES = 100_000
SENTENCES = 1_000

STOCK = [
    "thanks!",
    "Thanks, much appreciated",
    "ok",
    "on it",
    "lgtm",
    "see attached",
    "Meeting moved to 3pm",
    "running 5 min late",
    "can you take a look?",
    "done",
    "great work everyone!",
    "any update on this?",
    "sounds good",
    "will do",
    "noted",
    "nice one",
    "sorry, my mistake",
    "happy friday all",
    "who has the keys?",
    "+1",
]
OPENERS = [
    "Quick update:",
    "FYI",
    "Heads up,",
    "Hi {name},",
    "Morning all,",
    "Hey {name},",
    "Just checked:",
    "Reminder:",
    "Update from the {team} team:",
    "",
]
BODIES = [
    "order {n} shipped to {city} this morning",
    "the {product} batch failed the quality check again",
    "customer in {city} is really unhappy about the delay on order {n}",
    "we hit {n} sales yesterday, best day this month",
    "the new {product} samples look fantastic",
    "supplier raised the {product} price by {p}%",
    "I'm worried we won't make the deadline for {city}",
    "support queue is at {n} tickets, we are overwhelmed",
    "training on the {product} line is booked for Thursday",
    "please review the draft for {city} before {n}:00",
    "the bot sent the wrong reply to {name} again",
    "{name} did an amazing job with the {product} launch",
    "inventory count for {product}: {n} units",
    "invoice {n} is still unpaid",
    "can we move the {team} sync to {n}:30?",
]
CLOSERS = ["", "", "Thanks.", "Cheers", "Let me know.", "Not great.", "Love it!", "??"]
NAMES = ["Ana", "Ben", "Chen", "Dara", "Eli", "Femi", "Gus", "Hana", "Ivo", "Jo", "Kim", "Lee"]
CITIES = ["Leeds", "Bristol", "Oslo", "Lyon", "Porto", "Graz", "Cork", "Turin", "Ghent"]
PRODUCTS = ["linen shirt", "sourdough", "espresso blend", "dashboard", "gift box", "apron"]
TEAMS = ["studio", "shop", "support", "sales", "roastery"]


def chat(n: int, *, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        if rng.random() < 0.3:
            out.append(rng.choice(STOCK))
            continue
        fill = {
            "name": rng.choice(NAMES),
            "city": rng.choice(CITIES),
            "team": rng.choice(TEAMS),
            "product": rng.choice(PRODUCTS),
            "n": rng.randint(1, 9999),
            "p": rng.randint(2, 30),
        }
        text = " ".join(
            part for part in (rng.choice(OPENERS), rng.choice(BODIES), rng.choice(CLOSERS)) if part
        )
        out.append(text.format(**fill))
    return out


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f}/s"


def _timed(fn: Callable[[], object], repeat: int = 2) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds of ``repeat`` runs (the machine may be shared)."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def _line(label: str, n: int, wall: float, cpu: float, base: tuple[float, float] | None) -> str:
    text = f"  {label:<18}{wall:7.2f} s wall {cpu:7.2f} s CPU {_rate(n, wall):>11}"
    if base is not None:
        text += f"   ratio {base[0] / wall:5.1f}x wall, {base[1] / cpu:5.1f}x CPU"
    return text


def bench_sentiment(texts: list[str], label: str) -> None:
    import polars  # noqa: F401  (loaded by any analysis; keep its import out of the timings)

    from coxswain.nlp.cache import TextCache
    from coxswain.nlp.sentiment import NAMESPACE, SentimentScorer, analyzer

    plain_scorer = analyzer()
    plain: list[float] = []

    def run_plain() -> None:
        plain[:] = [plain_scorer.polarity_scores(t)["compound"] for t in texts]

    t_plain = _timed(run_plain)
    with tempfile.TemporaryDirectory() as tmp:
        folders = iter(range(100))
        scorers: list[SentimentScorer] = []

        def run_cold() -> None:
            folder = Path(tmp) / str(next(folders))
            scorers.append(SentimentScorer(cache=TextCache(namespace=NAMESPACE, folder=folder)))
            scorers[-1].score(texts)

        t_cold = _timed(run_cold)
        cold = scorers[-1]
        assert cold.cache is not None and cold.cache.folder is not None
        warm_folder = cold.cache.folder
        t_warm = _timed(
            lambda: SentimentScorer(cache=TextCache(namespace=NAMESPACE, folder=warm_folder)).score(
                texts
            )
        )
        got = SentimentScorer(cache=TextCache(namespace=NAMESPACE, folder=warm_folder)).score(texts)
    same = all(abs(a - b) < 1e-12 for a, b in zip(plain, got, strict=True))
    print(
        f"sentiment, {label}: {len(texts):,} texts, {len(set(texts)):,} distinct "
        f"({cold.skipped_neutral:,} settled by the lexicon check, {cold.scored:,} through "
        f"VADER); scores identical to the plain loop: {same}"
    )
    print(_line("plain loop", len(texts), *t_plain, None))
    print(_line("coxswain cold", len(texts), *t_cold, t_plain))
    print(_line("coxswain cached", len(texts), *t_warm, t_plain))


def bench_embeddings() -> None:
    import numpy as np

    from coxswain.nlp.cache import TextCache
    from coxswain.nlp.embed import MODEL_ID, Embedder, _encode_batch

    sentences = list(dict.fromkeys(chat(SENTENCES * 2, seed=7)))[:SENTENCES]
    _encode_batch(sentences[:2])  # load the model outside the timings
    plain_n = 200

    def run_plain() -> None:
        for s in sentences[:plain_n]:
            _encode_batch([s])

    wall, cpu = _timed(run_plain, repeat=1)
    scale = len(sentences) / plain_n
    t_plain = (wall * scale, cpu * scale)
    with tempfile.TemporaryDirectory() as tmp:
        cold = Embedder(cache=TextCache(namespace=MODEL_ID, folder=Path(tmp)))
        vectors: list[np.ndarray] = []
        t_cold = _timed(lambda: vectors.append(cold.embed(sentences)), repeat=1)
        warm = Embedder(cache=TextCache(namespace=MODEL_ID, folder=Path(tmp)))
        t_warm = _timed(lambda: vectors.append(warm.embed(sentences)), repeat=1)
    assert warm.computed == 0 and np.array_equal(vectors[0], vectors[1])
    n = len(sentences)
    print(
        f"embeddings (all-MiniLM-L6-v2 int8 ONNX): {n:,} distinct sentences, "
        f"{os.cpu_count()} CPUs; plain timed on {plain_n} and scaled"
    )
    print(_line("plain, one a call", n, *t_plain, None))
    print(_line("batched, cold", n, *t_cold, t_plain))
    print(_line("cached (re-run)", n, *t_warm, t_plain))


def _ground_truth() -> list[str] | None:
    # ../shared/data next to the repository; COXSWAIN_SHARED_DATA overrides (e.g. in a worktree)
    default = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
    folder = Path(os.environ.get("COXSWAIN_SHARED_DATA") or default) / "vader-ground-truth"
    if not folder.exists():
        return None
    texts = []
    for path in sorted(folder.glob("*_GroundTruth.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split("\t")
            if len(parts) >= 3:
                texts.append(parts[2])
    return texts


def run() -> None:
    bench_sentiment(chat(MESSAGES), "synthetic workplace chat")
    truth = _ground_truth()
    if truth is None:
        print("sentiment, VADER ground truth: skipped (../shared/data absent)")
    else:
        bench_sentiment(truth, "VADER ground-truth texts (all distinct)")
    bench_embeddings()


if __name__ == "__main__":
    run()
