"""Evaluate theme tagging against the labelled set in eval/themes/items.jsonl.

Prints per-theme precision, recall and F1 and the micro-averaged F1 for the dev split
(used to tune cue phrases) and the held-out test split (never used for tuning), and
for both together. Exit status 1 when the held-out micro-F1 is below the target, so
CI can run it.

    .venv/bin/python bench/eval_themes.py [--errors dev] [--target 0.85]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casereview.text.themes import tag_themes, theme_ids  # noqa: E402

ITEMS = ROOT / "eval" / "themes" / "items.jsonl"


def load(path: Path = ITEMS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score(rows: list[dict]) -> tuple[dict[str, tuple[int, int, int]], list[tuple[dict, set, set]]]:
    """Per-theme (tp, fp, fn) and the items where prediction and gold differ."""
    counts: dict[str, list[int]] = {theme: [0, 0, 0] for theme in theme_ids()}
    errors = []
    for row in rows:
        gold = set(row["themes"])
        predicted = {tag.theme for tag in tag_themes(row["text"])}
        for theme in predicted & gold:
            counts[theme][0] += 1
        for theme in predicted - gold:
            counts[theme][1] += 1
        for theme in gold - predicted:
            counts.setdefault(theme, [0, 0, 0])[2] += 1
        if predicted != gold:
            errors.append((row, predicted - gold, gold - predicted))
    return {theme: tuple(c) for theme, c in counts.items()}, errors  # type: ignore[misc]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def report(name: str, rows: list[dict]) -> tuple[float, float, float]:
    counts, _ = score(rows)
    print(f"\n== {name}: {len(rows)} items ==")
    print(f"{'theme':28} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}")
    total: Counter[str] = Counter()
    for theme, (tp, fp, fn) in counts.items():
        total.update({"tp": tp, "fp": fp, "fn": fn})
        if tp + fp + fn == 0:
            continue
        p, r, f = prf(tp, fp, fn)
        print(f"{theme:28} {p:6.2f} {r:6.2f} {f:6.2f} {tp + fn:5d}")
    p, r, f = prf(total["tp"], total["fp"], total["fn"])
    print(f"{'micro':28} {p:6.2f} {r:6.2f} {f:6.2f} {total['tp'] + total['fn']:5d}")
    return p, r, f


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", choices=["dev", "test", "none"], default="none", help="list mistagged items of a split")
    parser.add_argument("--target", type=float, default=0.85)
    args = parser.parse_args(argv)
    rows = load()
    splits = {"dev": [row for row in rows if row["split"] == "dev"], "test": [row for row in rows if row["split"] == "test"]}
    results = {name: report(name, split) for name, split in splits.items()}
    report("all", rows)
    if args.errors != "none":
        _, errors = score(splits[args.errors])
        print(f"\n== errors in {args.errors} ==")
        for row, extra, missing in errors:
            print(f"- {row['id']}: +{sorted(extra)} -{sorted(missing)} :: {row['text']}")
    print(f"\nmicro-F1 dev {results['dev'][2]:.3f}  test {results['test'][2]:.3f}  (target {args.target})")
    return 0 if results["test"][2] >= args.target else 1


if __name__ == "__main__":
    raise SystemExit(main())
