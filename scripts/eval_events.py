#!/usr/bin/env python3
"""Score event extraction against gold annotations.

    python scripts/eval_events.py [GOLD.json ...] [--show-errors] [--json]

With no arguments, scores the bundled samples (tests/data/samples-gold.json)
and, when ../shared is present, the seed article. Each document is ingested
alone into an in-memory store, so in-article merging applies, and compared
with its gold events (see timeline/scoring.py for the matching rules).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timeline.ingest import parse_document  # noqa: E402
from timeline.scoring import gold_events, parse_dct, score_document, total  # noqa: E402
from timeline.store import Store  # noqa: E402

SHARED = ROOT.parent / "shared"
DEFAULT_GOLD = [ROOT / "tests" / "data" / "samples-gold.json", SHARED / "seeds" / "seed-gold.json"]
SEARCH = [ROOT / "timeline" / "samples", SHARED / "seeds", SHARED / "corpora" / "wh-briefings-korea" / "docs"]


def find_text(name: str, gold_path: Path) -> Path | None:
    for folder in [gold_path.parent, gold_path.parent / gold_path.stem.removesuffix("-gold"), *SEARCH]:
        direct = folder / name
        if direct.is_file():
            return direct
    wh = SEARCH[-1]
    if wh.is_dir():
        hits = sorted(wh.rglob(Path(name).name))
        if hits:
            return hits[0]
    return None


def load_docs(paths: list[Path]) -> list[tuple[Path, dict]]:
    docs = []
    for path in paths:
        if not path.is_file():
            print(f"skip {path}: not found", file=sys.stderr)
            continue
        data = json.loads(path.read_text("utf-8"))
        for doc in data if isinstance(data, list) else [data]:
            docs.append((path, doc))
    return docs


def evaluate(paths: list[Path]):
    scores = []
    for gold_path, doc in load_docs(paths):
        text_path = find_text(doc["file"], gold_path)
        if text_path is None:
            print(f"skip {doc['file']}: text not found", file=sys.stderr)
            continue
        parsed = parse_document(text_path.read_text("utf-8"), doc["file"], published=parse_dct(doc.get("dct")))
        with Store(":memory:") as store:
            store.ingest_text(parsed.text, source=doc["file"], published=parsed.published, home=parsed.home)
            preds = store.query()
        scores.append(score_document(doc["file"], preds, gold_events(doc)))
    return scores


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="*", type=Path)
    ap.add_argument("--show-errors", action="store_true", help="List missed and spurious events.")
    ap.add_argument("--json", action="store_true", help="Print the totals as JSON.")
    args = ap.parse_args()
    scores = evaluate(args.gold or DEFAULT_GOLD)
    if not scores:
        print("no gold documents found", file=sys.stderr)
        return 1
    t = total(scores)
    if args.json:
        print(json.dumps({"totals": t.as_dict(), "documents": [
            {"file": s.name, "required": s.required, "found": s.required_found,
             "predicted": s.predicted, "matched": s.predicted_matched} for s in scores]}, indent=2))
        return 0
    print(f"{'document':45} {'recall':>9} {'precision':>10} {'date acc':>9} {'kind acc':>9}")
    for s in scores:
        rec = f"{s.required_found}/{s.required}"
        prec = f"{s.predicted_matched}/{s.predicted}"
        date = f"{s.date_ok}/{s.paired}"
        kind = f"{s.kind_ok}/{s.paired}"
        print(f"{s.name[:45]:45} {rec:>9} {prec:>10} {date:>9} {kind:>9}")
        if args.show_errors:
            for g in s.missed:
                print(f"    MISSED   {g.kind} {g.date} {sorted(g.actors)} | {g.evidence[:80]}")
            for p in s.spurious:
                sent = p.sources[0].sentence[:80] if p.sources else ""
                print(f"    SPURIOUS {p.kind} {p.date_value} {list(p.actors)} | {sent}")
    print()
    print(f"documents {t.documents}, required events {t.required}, predicted {t.predicted}")
    print(f"required-event recall  {t.recall:6.2f} %")
    print(f"precision              {t.precision:6.2f} %")
    print(f"date-value accuracy    {t.date_accuracy:6.2f} %  (on paired events)")
    print(f"kind accuracy          {t.kind_accuracy:6.2f} %")
    print(f"status accuracy        {t.status_accuracy:6.2f} %")
    print(f"actor F1               {t.actor_f1:6.2f} %")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
