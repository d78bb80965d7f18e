"""Running the shipped model without torch: the encoder through onnxruntime, the word pieces
through ``tokenizers``, the two small heads in numpy. Loaded lazily, once per process and
model folder (``load_model``), so ``import tidings`` stays light and workers load it once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from tidings.errors import Errors, ModelError

MODEL_NAME = "tidings-plover-minilm"
ENCODER_FILE = "encoder.onnx"
TOKENIZER_FILE = "tokenizer.json"
HEADS_FILE = "heads.npz"
META_FILE = "meta.json"
MAX_PIECES = 256  # word pieces per sentence; longer sentences are cut (MiniLM was trained so)


def shipped_dir() -> Path:
    """The model folder inside the installed package."""
    return Path(str(resources.files("tidings") / "data" / "model" / MODEL_NAME))


@dataclass(frozen=True)
class Meta:
    """What ``meta.json`` says: name, version, labels, thresholds and calibration."""

    name: str
    version: int
    types: tuple[str, ...]
    thresholds: dict[str, float]
    calibration: tuple[tuple[float, ...], tuple[float, ...]]  # isotonic (scores, probabilities)
    raw: dict[str, Any]

    @property
    def ref(self) -> str:
        return f"{self.name}/{self.version}"

    @staticmethod
    def read(path: Path) -> Meta:
        raw = json.loads(path.read_text(encoding="utf-8"))
        cal = raw.get("calibration") or {"scores": [0.0, 1.0], "probabilities": [0.0, 1.0]}
        return Meta(raw["name"], int(raw["version"]), tuple(raw["types"]),
                    {k: float(v) for k, v in raw["thresholds"].items()},
                    (tuple(cal["scores"]), tuple(cal["probabilities"])), raw)


@dataclass(frozen=True)
class Mlp:
    """A small feed-forward head: ReLU between layers, logits out."""

    layers: tuple[tuple[np.ndarray, np.ndarray], ...]

    def logits(self, x: np.ndarray) -> np.ndarray:
        for n, (w, b) in enumerate(self.layers):
            x = x @ w + b
            if n < len(self.layers) - 1:
                x = np.maximum(x, 0.0)
        return x

    def probabilities(self, x: np.ndarray, temperature: float = 1.0) -> np.ndarray:
        return softmax(self.logits(x) / temperature)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=-1, keepdims=True))


@dataclass(frozen=True)
class Projection:
    """Centre and project encoder vectors onto their main directions (PCA on the training
    tokens): with a few thousand sentences, 384 raw dimensions overfit the heads."""

    mean: np.ndarray
    components: np.ndarray  # (encoder dim, kept dims)

    def __call__(self, vectors: np.ndarray) -> np.ndarray:
        return np.asarray((vectors - self.mean) @ self.components, dtype=np.float32)


def read_projection(path: Path) -> Projection:
    with np.load(path) as data:
        return Projection(data["projection.mean"].astype(np.float32),
                          data["projection.components"].astype(np.float32))


def read_heads(path: Path) -> dict[str, Mlp]:
    """``heads.npz`` holds ``<head>.<layer>.w`` and ``<head>.<layer>.b`` arrays (and the
    projection, read by ``read_projection``)."""
    with np.load(path) as data:
        names = sorted({k.split(".")[0] for k in data.files} - {"projection"})
        return {name: Mlp(tuple(
            (data[f"{name}.{i}.w"].astype(np.float32), data[f"{name}.{i}.b"].astype(np.float32))
            for i in range(sum(1 for k in data.files if k.startswith(f"{name}.")
                               and k.endswith(".w"))))) for name in names}


class Encoder:
    """MiniLM word-piece vectors for sentences (onnxruntime, int8)."""

    def __init__(self, directory: Path, threads: int = 1) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        # One thread: a worker process is the unit of parallelism (identical results with
        # any number of workers), and the throughput benchmark compares one process.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Sentence batches have ever new shapes: an arena would keep the largest of each.
        options.enable_cpu_mem_arena = False
        self.session = ort.InferenceSession(str(directory / ENCODER_FILE), options,
                                            providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
        self.tokenizer.enable_truncation(MAX_PIECES)
        self.tokenizer.no_padding()
        self.inputs = {i.name for i in self.session.get_inputs()}

    def encode(self, texts: Sequence[str], batch: int = 16) -> list[tuple[np.ndarray,
                                                                          list[tuple[int, int]]]]:
        """Per text: (word-piece vectors, their character offsets). Texts are batched by
        length so padding stays small; results come back in the input order."""
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        out: list[Any] = [None] * len(texts)
        for lo in range(0, len(order), batch):
            idx = order[lo:lo + batch]
            width = max(len(encodings[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), np.int64)
            mask = np.zeros((len(idx), width), np.int64)
            for row, i in enumerate(idx):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            hidden = self.session.run(None, feed)[0]
            for row, i in enumerate(idx):
                n = len(encodings[i].ids)
                out[i] = (hidden[row, :n].astype(np.float32), list(encodings[i].offsets))
        return out


@dataclass(frozen=True)
class LoadedModel:
    meta: Meta
    encoder: Encoder
    heads: dict[str, Mlp]
    project: Projection


@lru_cache(maxsize=2)
def load_model(directory: str | None = None) -> LoadedModel:
    """The model in ``directory`` (default: the shipped one), loaded once per process."""
    where = Path(directory) if directory else shipped_dir()
    if not (where / META_FILE).is_file():
        raise ModelError(Errors.E215.format(path=where, error="no meta.json there"))
    return LoadedModel(Meta.read(where / META_FILE), Encoder(where),
                       read_heads(where / HEADS_FILE), read_projection(where / HEADS_FILE))
