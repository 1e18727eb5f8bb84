"""The NumPy MiniLM gives the same vectors as sentence-transformers with the same weights."""

from __future__ import annotations

import numpy as np
import pytest

from impnav.noc.embedder import encode, model_dir

TEXTS = [
    "Prepare financial statements and audit accounting records for clients",
    "cook",
    "Plan, direct and coordinate the activities of buyers; negotiate contracts with suppliers",
    "Préposée aux bénéficiaires dans un centre de soins",
]


def test_vectors_match_sentence_transformers() -> None:
    st = pytest.importorskip("sentence_transformers", reason="reference implementation")
    reference = st.SentenceTransformer(str(model_dir()), device="cpu").encode(
        TEXTS, normalize_embeddings=True
    )
    ours = encode(TEXTS)
    assert ours.dtype == np.float32 and ours.shape == (4, 384)
    assert np.all((ours * reference).sum(axis=1) > 0.9999)


def test_batches_and_order_do_not_change_vectors() -> None:
    one_by_one = np.vstack([encode([t]) for t in TEXTS])
    assert np.allclose(one_by_one, encode(TEXTS, batch_size=2), atol=1e-5)


def test_queries_run_on_onnx_runtime_and_numpy_agrees() -> None:
    """ONNX Runtime is a dependency, so queries use it; the NumPy pass, the fallback where it
    does not install, gives the same vectors."""
    from impnav.noc.embedder import _runtime

    assert _runtime() is not None
    assert np.all((encode(TEXTS) * encode(TEXTS, engine="numpy")).sum(axis=1) > 0.9999)


def test_thread_setting_starts_a_session_with_that_many_threads() -> None:
    from impnav.noc import embedder

    before = encode(TEXTS[:1])
    embedder.use_threads(1)
    try:
        assert embedder._runtime().session.get_session_options().intra_op_num_threads == 1
        assert np.allclose(encode(TEXTS[:1]), before, atol=1e-5)
    finally:
        embedder.use_threads(None)
