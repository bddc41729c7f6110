"""Evaluate metadata extraction (pseudonym, review type, age, outcome, year) on eval/metadata/.

    split     file            how it was used
    dev       dev.jsonl       the extractor's rules were improved against it
    heldout   heldout.jsonl   written first, committed before the extractor changed, never
                              tuned on: the blind split (CaseReview issue 14 item 2)

Each document goes through the whole engine (`extract_text`), so title detection and
the "What is a Serious Case Review?" filtering count too. Prints the accuracy of each
field per split; ``--errors`` lists the dev documents a field gets wrong (held-out
documents are never listed, so nobody tunes against them by accident).

    .venv/bin/python bench/eval_metadata.py [--split dev|heldout] [--errors] [--target 0.95]

With ``--target``, the exit status is 1 when a target field (pseudonym, review type,
age, outcome) of a printed split is below it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casereview.text.extract import extract_text  # noqa: E402

FOLDER = ROOT / "eval" / "metadata"
SPLITS = {"dev": FOLDER / "dev.jsonl", "heldout": FOLDER / "heldout.jsonl"}
FIELDS = ("pseudonym", "review_type", "age", "outcome", "year")
TARGET_FIELDS = ("pseudonym", "review_type", "age", "outcome")


def load(split: str) -> list[dict]:
    lines = SPLITS[split].read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def predict(text: str) -> dict:
    result = extract_text(text, "eval")
    return {"pseudonym": result.pseudonym, "review_type": result.review_type, "age": result.age,
            "outcome": result.outcome, "year": result.year}


def score(rows: list[dict]) -> tuple[dict[str, float], list[tuple[str, str, object, object]]]:
    right = dict.fromkeys(FIELDS, 0)
    wrong: list[tuple[str, str, object, object]] = []
    for row in rows:
        got = predict(row["text"])
        for field in FIELDS:
            if got[field] == row["expect"][field]:
                right[field] += 1
            else:
                wrong.append((row["id"], field, row["expect"][field], got[field]))
    return {field: right[field] / len(rows) for field in FIELDS}, wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=sorted(SPLITS), help="score one split only")
    parser.add_argument("--errors", action="store_true", help="list wrong fields (dev only)")
    parser.add_argument("--target", type=float, help="exit 1 when a target field is below this")
    args = parser.parse_args()
    failed = False
    print(f"{'split':8} {'docs':>4}  " + "  ".join(f"{field:>11}" for field in FIELDS))
    for split in [args.split] if args.split else list(SPLITS):
        rows = load(split)
        accuracy, wrong = score(rows)
        print(f"{split:8} {len(rows):>4}  " + "  ".join(f"{accuracy[field]:>11.3f}" for field in FIELDS))
        if args.target is not None and any(accuracy[field] < args.target for field in TARGET_FIELDS):
            failed = True
        if args.errors and split == "dev":
            for doc_id, field, expected, got in wrong:
                print(f"  {doc_id} {field}: expected {expected!r}, got {got!r}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
