"""Evaluate theme tagging against the labelled sets in eval/themes/, split by split.

Every item carries a ``split``; what matters when quoting a figure is whether anyone
tuned the engine's cues against that split and whether it was written blind:

    split       file         tuned on?  how the items were written
    dev         items.jsonl  yes        by the author of the first cues, with them (the seed's 17 are here)
    test        items.jsonl  no*        same author, same time as the cues: held out, not blind
    blind-dev   blind.jsonl  yes        from taxonomy.md alone, before the cues were read
    blind-test  blind.jsonl  no*        as blind-dev: held out and blind
    fresh       fresh.jsonl  no         from taxonomy.md alone, before the cues were read; never tuned on

* Cues once added for test and blind-test items were removed (CaseReview issue 9 item 8):
no cue or exclusion remains whose only effect is on those splits unless it is
taxonomy.md's own wording. Their authors had still read them, so only ``fresh`` is
a set nobody tuned against at all.

Prints one line per split (P, R, micro-F1, weakest themes); ``--detail`` adds
per-theme tables. ``--errors`` lists mistagged items of a tuned split only: held-out
items are never listed, so nobody tunes against them by accident.

    .venv/bin/python bench/eval_themes.py [--detail] [--errors dev|blind-dev] [--target 0.7]

With ``--target``, the exit status is 1 when a split nobody tuned on is below it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casereview.text.themes import tag_themes, theme_ids  # noqa: E402

FOLDER = ROOT / "eval" / "themes"
ITEMS = FOLDER / "items.jsonl"
BLIND = FOLDER / "blind.jsonl"
FRESH = FOLDER / "fresh.jsonl"


@dataclass(frozen=True)
class Split:
    name: str
    path: Path
    tuned: bool  # cues were tuned by looking at these items
    blind: bool  # written from taxonomy.md before the cues were read
    how: str


SPLITS = (
    Split("dev", ITEMS, True, False, "written with the first cues, plus the seed's 17"),
    Split("test", ITEMS, False, False, "written with the first cues; held out"),
    Split("blind-dev", BLIND, True, True, "taxonomy.md only, before reading cues"),
    Split("blind-test", BLIND, False, True, "taxonomy.md only, before reading cues; held out"),
    Split("fresh", FRESH, False, True, "taxonomy.md only, before reading cues; never tuned on"),
)


def load(path: Path = ITEMS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def rows_of(split: Split) -> list[dict]:
    return [row for row in load(split.path) if row["split"] == split.name]


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
    return {theme: (c[0], c[1], c[2]) for theme, c in counts.items()}, errors


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass(frozen=True)
class Result:
    items: int
    precision: float
    recall: float
    f1: float
    weakest: list[tuple[str, float, int]]  # (theme, F1, gold count), lowest F1 first


def evaluate(rows: list[dict], detail: str | None = None) -> Result:
    """Micro P/R/F1 of a set of items; themes with at least 2 gold items rank as weakest."""
    counts, _ = score(rows)
    total: Counter[str] = Counter()
    per_theme = []
    if detail:
        print(f"\n== {detail}: {len(rows)} items ==\n{'theme':28} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}")
    for theme, (tp, fp, fn) in counts.items():
        total.update({"tp": tp, "fp": fp, "fn": fn})
        if tp + fp + fn == 0:
            continue
        p, r, f = prf(tp, fp, fn)
        per_theme.append((theme, f, tp + fn))
        if detail:
            print(f"{theme:28} {p:6.2f} {r:6.2f} {f:6.2f} {tp + fn:5d}")
    p, r, f = prf(total["tp"], total["fp"], total["fn"])
    weakest = sorted((t for t in per_theme if t[2] >= 2), key=lambda t: (t[1], -t[2]))[:3]
    return Result(len(rows), p, r, f, weakest)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--detail", action="store_true", help="per-theme table for every split")
    tuned = [split.name for split in SPLITS if split.tuned]
    parser.add_argument("--errors", choices=tuned, help="list mistagged items of a tuned split")
    parser.add_argument("--target", type=float, help="exit 1 if a split nobody tuned on scores below this")
    args = parser.parse_args(argv)

    results = {split.name: evaluate(rows_of(split), split.name if args.detail else None) for split in SPLITS}
    print(f"\n{'split':11} {'items':>5} {'tuned':>5} {'blind':>5} {'P':>5} {'R':>5} {'F1':>6}  weakest themes (F1, gold)")
    for split in SPLITS:
        res = results[split.name]
        weakest = ", ".join(f"{theme} {f:.2f} ({n})" for theme, f, n in res.weakest)
        print(f"{split.name:11} {res.items:5d} {'yes' if split.tuned else 'no':>5} {'yes' if split.blind else 'no':>5} "
              f"{res.precision:5.2f} {res.recall:5.2f} {res.f1:6.3f}  {weakest}")
    print("Only 'fresh' was never tuned against; 'test' and 'blind-test' are held out but their authors read them.")

    if args.errors:
        split = next(s for s in SPLITS if s.name == args.errors)
        _, errors = score(rows_of(split))
        print(f"\n== errors in {split.name} (tuned split) ==")
        for row, extra, missing in errors:
            print(f"- {row['id']}: +{sorted(extra)} -{sorted(missing)} :: {row['text']}")
    if args.target is None:
        return 0
    return 0 if all(results[s.name].f1 >= args.target for s in SPLITS if not s.tuned) else 1


if __name__ == "__main__":
    raise SystemExit(main())
