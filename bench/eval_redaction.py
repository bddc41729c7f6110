"""Evaluate the identifier matcher (casereview.text.redact) against eval/redaction/.

Each snippet belongs to a case (eval/redaction/cases.json: the review's restricted
identifiers with their kinds and the child's pseudonym) and lists the hits a reader
expects, as [kind, text]. An expected hit is found when a reported hit overlaps it
and, for a restricted kind (name, date_of_birth, address, school, record_number), has
that kind: a date of birth reported only as a generic "date" is a miss. A reported hit
is correct when it overlaps an expected one.

Splits: dev.jsonl (looked at while improving the matcher) and heldout.jsonl (written
before the matcher, scored only at the end; ``--errors`` refuses it).

    .venv/bin/python bench/eval_redaction.py [--split dev|heldout|all] [--errors]

Exit status 1 when a target is missed on the split(s) scored: recall 100% for
restricted identifiers, 95% for generic personal data, precision 90%.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casereview.text.redact import find_identifiers  # noqa: E402

EVAL = ROOT / "eval" / "redaction"
RESTRICTED = ("name", "date_of_birth", "address", "school", "record_number", "other")
TARGETS = {"restricted_recall": 1.0, "generic_recall": 0.95, "precision": 0.90}


def load(split: str) -> tuple[dict, list[dict]]:
    cases = json.loads((EVAL / "cases.json").read_text(encoding="utf-8"))
    rows = [json.loads(line) for line in (EVAL / f"{split}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    return cases, rows


def expected_spans(row: dict) -> list[tuple[int, int, str]]:
    spans, taken = [], Counter()
    for kind, found in row["expect"]:
        start = row["text"].find(found, taken[found])
        if start < 0:
            raise ValueError(f"{row['id']}: expected text {found!r} is not in the snippet")
        taken[found] = start + 1
        spans.append((start, start + len(found), kind))
    return spans


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(cases: dict, rows: list[dict]) -> tuple[Counter, Counter, Counter, Counter, list[str]]:
    """Expected and found counts per expected kind; reported and correct counts per reported kind; error lines."""
    expected, found, reported, correct = Counter(), Counter(), Counter(), Counter()
    errors = []
    for row in rows:
        case = cases[row["case"]]
        hits = find_identifiers(row["text"], [tuple(i) for i in case["identifiers"]], pseudonym=case["pseudonym"])
        gold = expected_spans(row)
        for start, end, kind in gold:
            expected[kind] += 1
            ok = any(_overlap((start, end), (h["start"], h["end"])) and (kind not in RESTRICTED or h["kind"] == kind) for h in hits)
            found[kind] += ok
            if not ok:
                errors.append(f"{row['id']} MISS {kind} {row['text'][start:end]!r}: {row['text']}")
        for hit in hits:
            reported[hit["kind"]] += 1
            ok = any(_overlap((s, e), (hit["start"], hit["end"])) for s, e, _ in gold)
            correct[hit["kind"]] += ok
            if not ok:
                errors.append(f"{row['id']} FALSE {hit['kind']} {hit['text']!r}: {row['text']}")
    return expected, found, reported, correct, errors


def target_counts(expected: Counter, found: Counter, reported: Counter, correct: Counter) -> dict[str, tuple[int, int]]:
    """(part, whole) for each target: restricted recall, generic recall, precision."""
    return {
        "restricted_recall": (sum(found[k] for k in RESTRICTED), sum(expected[k] for k in RESTRICTED)),
        "generic_recall": (sum(v for k, v in found.items() if k not in RESTRICTED),
                           sum(v for k, v in expected.items() if k not in RESTRICTED)),  # fmt: skip
        "precision": (sum(correct.values()), sum(reported.values())),
    }


def evaluate(split: str) -> dict[str, tuple[int, int]]:
    """Score one split without printing: (part, whole) for each target (tests/text runs this in CI)."""
    cases, rows = load(split)
    return target_counts(*score(cases, rows)[:4])


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def report(name: str, cases: dict, rows: list[dict]) -> dict[str, float]:
    expected, found, reported, correct, _ = score(cases, rows)
    print(f"\n== {name}: {len(rows)} snippets, {sum(expected.values())} expected hits, "
          f"{sum(1 for r in rows if not r['expect'])} snippets that must have none")  # fmt: skip
    print(f"{'kind':<16}{'expected':>9}{'found':>7}{'recall':>8}{'reported':>10}{'correct':>8}{'precision':>10}")
    for kind in sorted(set(expected) | set(reported)):
        print(f"{kind:<16}{expected[kind]:>9}{found[kind]:>7}{_pct(found[kind], expected[kind]):>8}"
              f"{reported[kind]:>10}{correct[kind]:>8}{_pct(correct[kind], reported[kind]):>10}")  # fmt: skip
    figures = {}
    for label, (part, whole) in target_counts(expected, found, reported, correct).items():
        figures[label] = part / whole if whole else 1.0
        print(f"{label:<18} {part}/{whole} = {_pct(part, whole).strip()}  (target {TARGETS[label]:.0%})")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="all")
    parser.add_argument("--errors", action="store_true", help="list misses and false hits (dev split only)")
    args = parser.parse_args(argv)
    splits = ("dev", "heldout") if args.split == "all" else (args.split,)
    if args.errors:
        if "heldout" in splits:
            parser.error("--errors lists snippets item by item: only for --split dev")
        cases, rows = load("dev")
        for line in score(cases, rows)[4]:
            print(line)
        return 0
    ok = True
    for split in splits:
        cases, rows = load(split)
        figures = report(split, cases, rows)
        ok &= all(figures[k] >= TARGETS[k] for k in TARGETS)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
