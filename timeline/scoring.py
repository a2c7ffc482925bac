"""Scoring extracted events against hand-made gold annotations.

Gold files are JSON (see ``tests/data/samples-gold.json`` and the seed's
``seed-gold.json``): per document a DCT and a list of events with kind, TIMEX3
date, status, actors and a ``required`` flag.

* **strict match** (recall and precision): same kind, same date value,
  overlapping actors (or either side without actors);
* recall counts required gold events; precision counts predicted events
  matched to any gold event, required or not;
* **attribute accuracy** (date value, kind, status, actor F1) is measured on a
  looser one-to-one pairing (same series and ordinal, or overlapping dates
  and actors), so that a wrong date is an error in date accuracy rather than
  only a miss.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .dates import interval
from .records import EventRecord

__all__ = ["DocScore", "GoldEvent", "Totals", "gold_events", "score_document", "total"]


@dataclass(frozen=True, slots=True)
class GoldEvent:
    kind: str
    date: str
    status: str
    actors: frozenset[str]
    required: bool
    series: str | None = None
    ordinal: int | None = None
    evidence: str = ""


def gold_events(doc: dict[str, Any]) -> list[GoldEvent]:
    return [
        GoldEvent(
            kind=e["kind"],
            date=e["date"],
            status=e.get("status", "occurred"),
            actors=frozenset(e.get("actors") or ()),
            required=bool(e.get("required", True)),
            series=e.get("series"),
            ordinal=e.get("ordinal"),
            evidence=e.get("evidence", ""),
        )
        for e in doc["events"]
    ]


@dataclass(slots=True)
class DocScore:
    name: str
    required: int = 0
    required_found: int = 0
    predicted: int = 0
    predicted_matched: int = 0
    paired: int = 0
    date_ok: int = 0
    kind_ok: int = 0
    status_ok: int = 0
    actor_tp: int = 0
    actor_fp: int = 0
    actor_fn: int = 0
    missed: list[GoldEvent] = field(default_factory=list)
    spurious: list[EventRecord] = field(default_factory=list)


def _actors_overlap(a: Iterable[str], b: Iterable[str]) -> bool:
    sa, sb = set(a), set(b)
    return not sa or not sb or bool(sa & sb)


def _strict(pred: EventRecord, gold: GoldEvent) -> bool:
    return (
        pred.kind == gold.kind
        and pred.date_value == gold.date
        and _actors_overlap(pred.actors, gold.actors)
    )


def _loose(pred: EventRecord, gold: GoldEvent) -> bool:
    if pred.series and gold.series and pred.ordinal is not None and gold.ordinal is not None:
        return pred.series == gold.series and pred.ordinal == gold.ordinal
    iv = interval(gold.date)
    if iv is None:
        return False
    overlap = pred.date_start <= iv.end and iv.start <= pred.date_end
    near = abs((pred.date_start - iv.start).days) <= 45
    return (overlap or near) and _actors_overlap(pred.actors, gold.actors) and (
        pred.kind == gold.kind or pred.date_value == gold.date
    )


def _pair(
    preds: Sequence[EventRecord], golds: Sequence[GoldEvent], test: Any
) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    # Required gold first, so an optional event never steals a required match.
    order = sorted(range(len(golds)), key=lambda i: not golds[i].required)
    for gi in order:
        for pi, p in enumerate(preds):
            if pi not in used and test(p, golds[gi]):
                pairs.append((pi, gi))
                used.add(pi)
                break
    return pairs


def score_document(name: str, preds: Sequence[EventRecord], golds: Sequence[GoldEvent]) -> DocScore:
    """Score one document's predicted events against its gold events."""
    s = DocScore(name=name)
    strict = _pair(preds, golds, _strict)
    matched_gold = {gi for _, gi in strict}
    matched_pred = {pi for pi, _ in strict}
    s.required = sum(1 for g in golds if g.required)
    s.required_found = sum(1 for gi in matched_gold if golds[gi].required)
    s.predicted = len(preds)
    s.predicted_matched = len(matched_pred)
    s.missed = [g for gi, g in enumerate(golds) if g.required and gi not in matched_gold]
    s.spurious = [p for pi, p in enumerate(preds) if pi not in matched_pred]
    # Attribute accuracy: strict pairs, then loose pairs among the rest.
    rest_p = [pi for pi in range(len(preds)) if pi not in matched_pred]
    rest_g = [gi for gi in range(len(golds)) if gi not in matched_gold]
    loose = _pair([preds[i] for i in rest_p], [golds[i] for i in rest_g], _loose)
    pairs = strict + [(rest_p[a], rest_g[b]) for a, b in loose]
    for pi, gi in pairs:
        p, g = preds[pi], golds[gi]
        s.paired += 1
        s.date_ok += p.date_value == g.date
        s.kind_ok += p.kind == g.kind
        s.status_ok += p.status == g.status
        pa, ga = set(p.actors), set(g.actors)
        s.actor_tp += len(pa & ga)
        s.actor_fp += len(pa - ga)
        s.actor_fn += len(ga - pa)
    return s


@dataclass(frozen=True, slots=True)
class Totals:
    recall: float
    precision: float
    date_accuracy: float
    kind_accuracy: float
    status_accuracy: float
    actor_f1: float
    documents: int
    required: int
    predicted: int

    def as_dict(self) -> dict[str, float | int]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _ratio(a: int, b: int) -> float:
    return 100.0 * a / b if b else 100.0


def total(scores: Sequence[DocScore]) -> Totals:
    """Micro-averaged scores over documents, in percent."""
    tp = sum(s.actor_tp for s in scores)
    fp = sum(s.actor_fp for s in scores)
    fn = sum(s.actor_fn for s in scores)
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    paired = sum(s.paired for s in scores)
    return Totals(
        recall=_ratio(sum(s.required_found for s in scores), sum(s.required for s in scores)),
        precision=_ratio(sum(s.predicted_matched for s in scores), sum(s.predicted for s in scores)),
        date_accuracy=_ratio(sum(s.date_ok for s in scores), paired),
        kind_accuracy=_ratio(sum(s.kind_ok for s in scores), paired),
        status_accuracy=_ratio(sum(s.status_ok for s in scores), paired),
        actor_f1=100.0 * f1,
        documents=len(scores),
        required=sum(s.required for s in scores),
        predicted=sum(s.predicted for s in scores),
    )


def parse_dct(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
