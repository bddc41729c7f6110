"""Evaluate theme tagging against the labelled sets in eval/themes/.

Prints per-theme precision, recall and F1 and the micro-averaged F1.

``--set original`` (default) scores eval/themes/items.jsonl: the dev split (used to
tune cue phrases), the held-out test split and both together. Those items were
written by the author of the cue phrases, so treat the figures as an upper bound.

``--set blind`` scores eval/themes/blind.jsonl: 120 items written from taxonomy.md
alone, before the engine's cues or the original items were read (see its commit).
It is split by a fixed seed into blind-dev (may be used for tuning) and blind-test
(never inspected item by item: ``--errors`` refuses it). ``--set all`` reports both.

Exit status 1 when the held-out micro-F1 (original test, and blind-test when the
blind set is reported) is below the target, so CI can run it.

    .venv/bin/python bench/eval_themes.py [--set original|blind|all] [--errors dev|blind-dev] [--target 0.85]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casereview.text.themes import tag_themes, theme_ids  # noqa: E402

ITEMS = ROOT / "eval" / "themes" / "items.jsonl"
BLIND = ROOT / "eval" / "themes" / "blind.jsonl"
BLIND_SEED = 20240611  # fixed: the blind-dev / blind-test halves never change


def blind_halves(rows: list[dict], seed: int = BLIND_SEED) -> tuple[list[dict], list[dict]]:
    """A random half of the blind set (blind-dev) and the rest (blind-test), by id."""
    ids = sorted(row["id"] for row in rows)
    dev_ids = set(random.Random(seed).sample(ids, len(ids) // 2))
    return [row for row in rows if row["id"] in dev_ids], [row for row in rows if row["id"] not in dev_ids]


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
    parser.add_argument(
        "--set",
        dest="which",
        choices=["original", "blind", "all"],
        default="original",
        help="which labelled set to report",
    )
    parser.add_argument(
        "--errors",
        choices=["dev", "test", "blind-dev", "none"],
        default="none",
        help="list mistagged items of a split (blind-test is never listed)",
    )
    parser.add_argument("--target", type=float, default=0.85)
    args = parser.parse_args(argv)
    splits: dict[str, list[dict]] = {}
    results: dict[str, tuple[float, float, float]] = {}
    held_out = []
    if args.which in ("original", "all") or args.errors in ("dev", "test"):
        rows = load()
        splits["dev"] = [row for row in rows if row["split"] == "dev"]
        splits["test"] = [row for row in rows if row["split"] == "test"]
    if args.which in ("original", "all"):
        results["dev"] = report("dev", splits["dev"])
        results["test"] = report("test", splits["test"])
        report("all", splits["dev"] + splits["test"])
        held_out.append("test")
    if args.which in ("blind", "all") or args.errors == "blind-dev":
        blind = load(BLIND)
        splits["blind-dev"], splits["blind-test"] = blind_halves(blind)
    if args.which in ("blind", "all"):
        results["blind"] = report("blind (all 120, untuned baseline view)", blind)
        results["blind-dev"] = report("blind-dev (tuning half)", splits["blind-dev"])
        results["blind-test"] = report("blind-test (held out)", splits["blind-test"])
        held_out.append("blind-test")
    if args.errors != "none":
        _, errors = score(splits[args.errors])
        print(f"\n== errors in {args.errors} ==")
        for row, extra, missing in errors:
            print(f"- {row['id']}: +{sorted(extra)} -{sorted(missing)} :: {row['text']}")
    print(
        "\nmicro-F1 "
        + "  ".join(f"{name} {value[2]:.3f}" for name, value in results.items())
        + f"  (target {args.target})"
    )
    return 0 if all(results[name][2] >= args.target for name in held_out) else 1


if __name__ == "__main__":
    raise SystemExit(main())
