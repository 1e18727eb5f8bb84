"""The MiniLM encoder as an ONNX graph, built in memory from the same weights as the NumPy pass.

Why: at query time one sentence of ~20 tokens is a handful of small matrix products per layer,
where OpenBLAS reaches well under half of this CPU's peak and NumPy pays for every temporary.
ONNX Runtime's CPU kernels (MLAS, fused element-wise work) run the same forward pass in about
two thirds of the time on one core (a whole search: p50 24.6 -> 16.3 ms). Nothing is downloaded
or exported: the graph is written here, node by node, in a fraction of a second, and ONNX Runtime
reads the model's own arrays in place. GELU is the exact (erf) form, as in
the original BERT; `tests/noc/test_embedder.py` holds both passes to sentence-transformers.

Inputs: `ids` (batch, seq) int64 token ids, `positions` (seq,) int64 = 0..seq-1, and `bias`
(batch, 1, 1, seq) float32: 0 for real tokens, a large negative number for padding.
Output: `states` (batch, seq, hidden), the last hidden states.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import onnx

OPSET = 17  # LayerNormalization is a standard operator from opset 17 on


class _Graph:
    """Accumulates nodes and weights; each node gets a fresh output name.

    Large weights are not copied into the graph: they are declared as external initializers and
    handed to ONNX Runtime as arrays (`Encoder.weights`), which it reads in place. A graph
    carrying its weights would hold the 90 MB three times while the session starts (the arrays,
    the graph, its bytes), and the NOC finder's peak memory has a budget."""

    def __init__(self) -> None:
        self.nodes: list = []
        self.weights: list = []
        self.external: dict[str, np.ndarray] = {}

    def weight(self, name: str, value: np.ndarray | float | list[int]) -> str:
        from onnx import TensorProto, numpy_helper

        array = np.asarray(value)
        if array.dtype == np.float64:
            array = array.astype(np.float32)
        array = np.ascontiguousarray(array)
        if array.size < 1024:  # shapes and scalars stay in the graph
            self.weights.append(numpy_helper.from_array(array, name))
            return name
        tensor = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=array.shape)
        tensor.data_location = TensorProto.EXTERNAL
        tensor.external_data.add(key="location", value="supplied-by-impnav")
        self.weights.append(tensor)
        self.external[name] = array
        return name

    def op(self, kind: str, *inputs: str, **attributes: object) -> str:
        from onnx import helper

        out = f"n{len(self.nodes)}"
        self.nodes.append(helper.make_node(kind, list(inputs), [out], **attributes))
        return out

    def linear(self, x: str, name: str, w: np.ndarray, b: np.ndarray) -> str:
        product = self.op("MatMul", x, self.weight(name + "_w", w))
        return self.op("Add", product, self.weight(name + "_b", b))


@dataclass(frozen=True)
class Encoder:
    """The graph, and the arrays its external initializers name (keep them alive as long as a
    session reads them)."""

    model: onnx.ModelProto
    weights: dict[str, np.ndarray]


def build(tensors: dict[str, np.ndarray], config: dict) -> Encoder:
    """The encoder as an ONNX graph plus its weights. `tensors` are the model's safetensors
    arrays by name; each is removed from the dict once taken, so they are not held twice."""
    from onnx import TensorProto, helper

    g = _Graph()
    hidden, heads = config["hidden_size"], config["num_attention_heads"]
    eps = config["layer_norm_eps"]
    size = hidden // heads
    to_heads = g.weight("to_heads", [0, 0, heads, size])  # 0 keeps batch and seq
    to_hidden = g.weight("to_hidden", [0, 0, hidden])
    scale = g.weight("scale", np.float32(1.0 / np.sqrt(size)))
    half, one = g.weight("half", np.float32(0.5)), g.weight("one", np.float32(1.0))
    inv_sqrt2 = g.weight("inv_sqrt2", np.float32(1.0 / np.sqrt(2.0)))

    def take(name: str) -> np.ndarray:
        return tensors.pop(name)

    def linear(x: str, name: str) -> str:  # PyTorch stores Linear weights (out, in)
        return g.linear(x, name, take(name + ".weight").T, take(name + ".bias"))

    def norm(x: str, name: str) -> str:
        gain, shift = g.weight(name + ".g", take(name + ".weight")), take(name + ".bias")
        return g.op(
            "LayerNormalization", x, gain, g.weight(name + ".b", shift), axis=-1, epsilon=eps
        )

    def split(projected: str, perm: list[int]) -> str:
        return g.op("Transpose", g.op("Reshape", projected, to_heads), perm=perm)

    words = g.op("Gather", g.weight("word", take("embeddings.word_embeddings.weight")), "ids")
    position = take("embeddings.position_embeddings.weight")
    places = g.op("Gather", g.weight("position", position), "positions")
    token_type = g.weight("token_type", take("embeddings.token_type_embeddings.weight")[0])
    x = norm(g.op("Add", g.op("Add", words, places), token_type), "embeddings.LayerNorm")
    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        q = split(linear(x, p + "attention.self.query"), [0, 2, 1, 3])  # (b, heads, seq, size)
        k = split(linear(x, p + "attention.self.key"), [0, 2, 3, 1])  # (b, heads, size, seq)
        v = split(linear(x, p + "attention.self.value"), [0, 2, 1, 3])
        scores = g.op("Add", g.op("Mul", g.op("MatMul", q, k), scale), "bias")
        context = g.op("MatMul", g.op("Softmax", scores, axis=-1), v)
        context = g.op("Reshape", g.op("Transpose", context, perm=[0, 2, 1, 3]), to_hidden)
        attended = linear(context, p + "attention.output.dense")
        x = norm(g.op("Add", x, attended), p + "attention.output.LayerNorm")
        up = linear(x, p + "intermediate.dense")
        erf = g.op("Erf", g.op("Mul", up, inv_sqrt2))
        gelu = g.op("Mul", g.op("Mul", up, half), g.op("Add", erf, one))
        x = norm(g.op("Add", x, linear(gelu, p + "output.dense")), p + "output.LayerNorm")
    g.nodes.append(helper.make_node("Identity", [x], ["states"]))
    graph = helper.make_graph(
        g.nodes,
        "minilm_encoder",
        [
            helper.make_tensor_value_info("ids", TensorProto.INT64, ["batch", "seq"]),
            helper.make_tensor_value_info("positions", TensorProto.INT64, ["seq"]),
            helper.make_tensor_value_info("bias", TensorProto.FLOAT, ["batch", 1, 1, "seq"]),
        ],
        [helper.make_tensor_value_info("states", TensorProto.FLOAT, ["batch", "seq", hidden])],
        g.weights,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    return Encoder(model=model, weights=g.external)
