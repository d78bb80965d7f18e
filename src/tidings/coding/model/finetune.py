"""Fine-tuning the MiniLM-L6 encoder on the corpus's train split, before the heads are trained.

The frozen encoder's token vectors carried little of what the trigger head needs (dev
trigger recall 0.31, docs/model.md), so ``tidings train --fine-tune-epochs N`` first teaches
the encoder the task itself: a token-level tagger over word pieces, with two linear outputs
on the last hidden state, trained jointly —

* the event type each spaCy token triggers (16 PLOVER types + none), on its first word piece;
* whether the token lies in an annotated source or target phrase (none / source / target),
  so the vectors the role head pools also learn what an actor of an event looks like.

The tagger's outputs are thrown away afterwards: only the encoder is kept, exported to ONNX
and quantized, and the usual heads are trained on its vectors (inference needs no torch).
Epochs are chosen on dev (the epoch with the best dev trigger F1 is kept). Deterministic from
the seed: seeded initialisation, seeded length-sorted batching, deterministic kernels and a
fixed number of threads. Labelling (``piece_labels``) and batching (``length_batches``) are
model-free and unit-tested.
"""

from __future__ import annotations

import copy
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span

from tidings.coding.model.examples import Example, GoldEvent
from tidings.coding.model.features import token_pieces

IGNORE = -100  # torch's cross-entropy ignore_index: pieces that carry no label
Log = Callable[[str], None]


@dataclass(frozen=True)
class FineTuneConfig:
    epochs: int
    seed: int
    learning_rate: float = 1e-4  # 5e-5 learnt too slowly in the 2 epochs the CPU affords
    batch_size: int = 16
    warmup: float = 0.1  # share of the steps with a linearly rising learning rate
    role_weight: float = 0.5  # weight of the source/target tagging loss (0: triggers only)
    # Weight of the "no trigger" class: 19 of 20 labelled tokens trigger nothing, and with
    # full weight one epoch learnt to answer "none" (dev trigger F1 0.035).
    none_weight: float = 0.2
    threads: int = 2


@dataclass(frozen=True)
class Tagged:
    """One sentence as the tagger sees it: word-piece ids and a label per piece."""

    ids: tuple[int, ...]
    triggers: tuple[int, ...]  # IGNORE, 0 none, 1 + type index
    roles: tuple[int, ...]  # IGNORE, 0 none, 1 source, 2 target


def first_pieces(span: Span, offsets: Sequence[tuple[int, int]]) -> dict[int, int]:
    """spaCy token index → the index of its first word piece (``offsets`` relative to the
    sentence text; special tokens have (0, 0) and are never chosen)."""
    return {tok.i: hit[0] for tok, hit in zip(span, token_pieces(span, offsets), strict=True)
            if hit}


def piece_labels(span: Span, events: Sequence[GoldEvent], offsets: Sequence[tuple[int, int]],
                 types: Sequence[str]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Trigger and role labels per word piece: every spaCy token's first piece is labelled
    (triggers: its gold event type, else none; roles: source/target when the token overlaps
    an annotated source/target phrase of an event in this sentence), other pieces ignored."""
    firsts = first_pieces(span, offsets)
    trig = {e.trigger.i: types.index(e.label.type) + 1 for e in events
            if e.trigger is not None and e.label.type in types}
    triggers = [IGNORE] * len(offsets)
    roles = [IGNORE] * len(offsets)
    for tok in span:
        if tok.i not in firsts:
            continue
        triggers[firsts[tok.i]] = trig.get(tok.i, 0)
        roles[firsts[tok.i]] = _role_of(events, tok.idx, tok.idx + len(tok.text))
    return tuple(triggers), tuple(roles)


def _role_of(events: Sequence[GoldEvent], start: int, end: int) -> int:
    """1 if the character range overlaps a gold source, 2 a gold target, else 0 (a source
    wins when one phrase is both, as the role head's labels do)."""
    role = 0
    for e in events:
        for gold, value in ((e.label.target, 2), (e.label.source, 1)):
            if gold is not None and gold.start < end and start < gold.end:
                role = value if role != 1 else role
    return role


def tag_examples(examples: Sequence[Example], tokenizer: Any,
                 types: Sequence[str]) -> list[Tagged]:
    """Tokenize each example's sentence (``tokenizers.Tokenizer``, truncated as at run time)
    and label its pieces."""
    encodings = tokenizer.encode_batch([ex.span.text for ex in examples])
    out = []
    for ex, enc in zip(examples, encodings, strict=True):
        triggers, roles = piece_labels(ex.span, ex.events, enc.offsets, types)
        out.append(Tagged(tuple(enc.ids), triggers, roles))
    return out


def length_batches(lengths: Sequence[int], batch_size: int, seed: int) -> list[list[int]]:
    """Batches of indices of similar length (little padding), in a seeded order: shuffle,
    sort by length within windows of 50 batches, cut, shuffle the batches."""
    rng = random.Random(seed)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    window = batch_size * 50
    batches: list[list[int]] = []
    for lo in range(0, len(order), window):
        chunk = sorted(order[lo:lo + window], key=lambda i: lengths[i])
        batches.extend(chunk[k:k + batch_size] for k in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


def linear_schedule(step: int, total: int, warmup: float) -> float:
    """Learning-rate factor: linear warm-up over the first ``warmup`` share, then linear
    decay to zero."""
    ramp = max(1, round(total * warmup))
    if step < ramp:
        return (step + 1) / ramp
    return max(0.0, (total - step) / max(1, total - ramp))


def _collate(items: Sequence[Tagged]) -> tuple[Any, Any, Any, Any]:
    import torch

    width = max(len(t.ids) for t in items)
    ids = torch.zeros((len(items), width), dtype=torch.long)
    mask = torch.zeros_like(ids)
    trig = torch.full_like(ids, IGNORE)
    role = torch.full_like(ids, IGNORE)
    for row, t in enumerate(items):
        n = len(t.ids)
        ids[row, :n] = torch.tensor(t.ids)
        mask[row, :n] = 1
        trig[row, :n] = torch.tensor(t.triggers)
        role[row, :n] = torch.tensor(t.roles)
    return ids, mask, trig, role


def _tagger(bert: Any, n_types: int) -> Any:
    import torch

    class Tagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert
            hidden = bert.config.hidden_size
            self.drop = torch.nn.Dropout(0.1)
            self.trigger = torch.nn.Linear(hidden, n_types + 1)
            self.role = torch.nn.Linear(hidden, 3)

        def forward(self, ids: Any, mask: Any) -> tuple[Any, Any]:
            h = self.bert(input_ids=ids, attention_mask=mask,
                          token_type_ids=torch.zeros_like(ids)).last_hidden_state
            h = self.drop(h)
            return self.trigger(h), self.role(h)

    return Tagger()


def trigger_f1(gold: Sequence[int], pred: Sequence[int]) -> float:
    """Micro F1 of typed triggers over labelled pieces (none = 0 is no trigger)."""
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p and g > 0)
    n_pred = sum(1 for p in pred if p > 0)
    n_gold = sum(1 for g in gold if g > 0)
    return 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0


def _dev_f1(tagger: Any, dev: Sequence[Tagged], batch_size: int) -> float:
    import torch

    tagger.eval()
    gold: list[int] = []
    pred: list[int] = []
    with torch.no_grad():
        for idx in length_batches([len(t.ids) for t in dev], batch_size * 2, 0):
            ids, mask, trig, _ = _collate([dev[i] for i in idx])
            keep = trig != IGNORE
            gold.extend(trig[keep].tolist())
            pred.extend(tagger(ids, mask)[0].argmax(-1)[keep].tolist())
    tagger.train()
    return trigger_f1(gold, pred)


def fine_tune(bert: Any, train: Sequence[Tagged], dev: Sequence[Tagged], n_types: int,
              config: FineTuneConfig, log: Log) -> tuple[Any, dict[str, Any]]:
    """Fine-tune ``bert`` (a transformers BertModel) as a token tagger; returns it with the
    weights of the epoch with the best dev trigger F1, and a record of the run."""
    import torch

    torch.manual_seed(config.seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(config.threads)
    tagger = _tagger(bert, n_types)
    opt = torch.optim.AdamW(tagger.parameters(), lr=config.learning_rate, weight_decay=0.01)
    lengths = [len(t.ids) for t in train]
    total = config.epochs * len(length_batches(lengths, config.batch_size, config.seed))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda step: linear_schedule(step, total, config.warmup))
    before = _dev_f1(tagger, dev, config.batch_size)
    best: tuple[float, int, Any] = (-1.0, 0, None)  # some fine-tuned epoch is always kept
    record: dict[str, Any] = {"dev_trigger_f1": [round(before, 4)], "seconds": []}
    log(f"fine-tune: dev trigger F1 before {before:.3f}")
    for epoch in range(1, config.epochs + 1):
        started = time.monotonic()
        loss = _epoch(tagger, train, opt, sched, config, epoch)
        f1 = _dev_f1(tagger, dev, config.batch_size)
        record["dev_trigger_f1"].append(round(f1, 4))
        record["seconds"].append(round(time.monotonic() - started))
        log(f"fine-tune epoch {epoch}: loss {loss:.4f}, dev trigger F1 {f1:.3f} "
            f"({time.monotonic() - started:.0f} s)")
        if f1 > best[0]:
            best = (f1, epoch, copy.deepcopy(bert.state_dict()))
    if best[2] is not None:
        bert.load_state_dict(best[2])
    record["best_epoch"] = best[1]
    return bert.eval(), record


def _epoch(tagger: Any, train: Sequence[Tagged], opt: Any, sched: Any,
           config: FineTuneConfig, epoch: int) -> float:
    import torch

    weights = torch.ones(tagger.trigger.out_features)
    weights[0] = config.none_weight
    trigger_loss = torch.nn.CrossEntropyLoss(weight=weights, ignore_index=IGNORE)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=IGNORE)
    total, steps = 0.0, 0
    lengths = [len(t.ids) for t in train]
    for idx in length_batches(lengths, config.batch_size, config.seed * 1000 + epoch):
        ids, mask, trig, role = _collate([train[i] for i in idx])
        t_logits, r_logits = tagger(ids, mask)
        loss = trigger_loss(t_logits.flatten(0, 1), trig.flatten())
        if config.role_weight:
            loss = loss + config.role_weight * loss_fn(r_logits.flatten(0, 1), role.flatten())
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(tagger.parameters(), 1.0)
        opt.step()
        sched.step()
        total, steps = total + loss.item(), steps + 1
    return total / max(1, steps)
