"""Evaluate "similar learning from earlier reviews" on eval/similarity/ and time it.

    .venv/bin/python bench/eval_similarity.py                      # precision on dev and test
    .venv/bin/python bench/eval_similarity.py --background 10000   # plus 10,000 generated items; cost per item
    script/with-postgres .venv/bin/python bench/eval_similarity.py # the same on PostgreSQL (DATABASE_URL)

Builds a throwaway library through the ORM and the search index (not through ingest,
which would test extraction too): every text of both splits becomes an item of an
entry keyed by an invented partnership and year. Queries sit in 2025 entries; their
relevant items (a near-duplicate and a paraphrase) in earlier entries of other
partnerships; distractors (same theme, other learning) in earlier entries. Two traps
per query copy its near-duplicate into the query's own entry and into a 2026 entry:
neither may ever be shown (same review, later review).

Each query is asked through `casereview.library.similar.similar_to_items`, the
function behind the entry page, so the index's candidates and the engine's ranking
are both measured. Metrics over the queries of a split (R = the query's relevant
items, top = what is shown, at most 5):

    precision@5 = |top & R| / min(5, |R|)      (1.0 when every relevant item that fits is shown)
    recall@5    = |top & R| / |R|
    MRR@5       = mean of 1 / rank of the first relevant item shown (0 when none is)

Cost: CPU and wall milliseconds per item (one process, so one core), p50 and p95,
and the time to find recurring learning over the whole library.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FOLDER = ROOT / "eval" / "similarity"
PARTNERSHIPS = ["Ashdale", "Brackley", "Castleton", "Denholm", "Elmswood", "Fairhaven", "Glenridge", "Hollins",
                "Ironbridge", "Juniper", "Kestrel", "Larchmont"]


def load(split: str) -> list[dict]:
    return [json.loads(line) for line in (FOLDER / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def layout(groups: list[dict]) -> list[tuple[str, str, int, str]]:
    """(label, partnership, year, text) for every item: q:<id>, r:<id>:<n>, d:<id>:<n>, trap:<id>:<n>."""
    rows = []
    for i, group in enumerate(groups):
        own = PARTNERSHIPS[i % len(PARTNERSHIPS)]
        rows.append((f"q:{group['id']}", own, 2025, group["query"]))
        for n, text in enumerate(group["relevant"]):
            rows.append((f"r:{group['id']}:{n}", PARTNERSHIPS[(i + 1 + n) % len(PARTNERSHIPS)], 2016 + (i + 3 * n) % 9,
                         text))
        for n, text in enumerate(group["distractors"]):
            rows.append((f"d:{group['id']}:{n}", PARTNERSHIPS[(i + 5 + n) % len(PARTNERSHIPS)],
                         2016 + (7 * i + n) % 9, text))
        rows.append((f"trap:{group['id']}:0", own, 2025, group["relevant"][0]))
        rows.append((f"trap:{group['id']}:1", PARTNERSHIPS[(i + 2) % len(PARTNERSHIPS)], 2026, group["relevant"][0]))
    return rows


def background_rows(count: int, rng: random.Random) -> list[tuple[str, str, int, str]]:
    """Generated items (the library benchmark's phrases), ten per entry."""
    from bench.bench_library import DO, RECS, RECS_WHAT, SHOULD, WHAT, WHO, WHY

    rows = []
    for n in range(count):
        if n % 10 < 6:
            text = f"{rng.choice(WHO)} {rng.choice(SHOULD)} {rng.choice(DO)} {rng.choice(WHAT)} {rng.choice(WHY)}."
        else:
            text = f"{rng.choice(RECS)} {rng.choice(RECS_WHAT).format(what=rng.choice(WHAT))}."
        rows.append((f"bg:{n}", f"Generated {n // 10}", 2010 + (n // 10) % 15, text))
    return rows


def build_library(rows: list[tuple[str, str, int, str]]) -> dict[str, int]:
    """Entries (one per partnership and year) and items, indexed; returns label -> item id."""
    from django.db import transaction
    from django.utils import timezone

    from casereview.library.models import LibraryEntry, LibraryItem
    from casereview.library.search import index_items

    now = timezone.now()
    with transaction.atomic():
        entries: dict[tuple[str, int], LibraryEntry] = {}
        for _, partnership, year, _ in rows:
            if (partnership, year) not in entries:
                entries[(partnership, year)] = LibraryEntry(
                    title=f"{partnership} review {year}", partnership=f"{partnership} Safeguarding Partnership",
                    year=year, review_type="local-child-safeguarding-practice-review",
                    identity_key=f"eval-{partnership}-{year}", created_at=now, updated_at=now)
        LibraryEntry.objects.bulk_create(entries.values())
        numbers: dict[tuple[str, int], int] = {}
        items = []
        for _, partnership, year, text in rows:
            numbers[(partnership, year)] = numbers.get((partnership, year), 0) + 1
            items.append(LibraryItem(entry=entries[(partnership, year)], kind="learning_point",
                                     source_kind="learning_point", number=numbers[(partnership, year)], text=text))
        created = LibraryItem.objects.bulk_create(items, batch_size=1000)
        if not all(item.pk for item in created):  # older SQLite without RETURNING
            created = list(LibraryItem.objects.order_by("pk"))
        for item in created:
            item.entry = entries[(item.entry.partnership.split(" Safeguarding")[0], item.entry.year)]
        index_items(created)
    return {label: item.pk for (label, *_), item in zip(rows, created, strict=True)}


def evaluate(groups: list[dict], ids: dict[str, int], *, errors: bool = False) -> dict:
    from casereview.library.models import LibraryItem
    from casereview.library.similar import similar_to_items

    label_of = {pk: label for label, pk in ids.items()}
    precision = recall = reciprocal = 0.0
    traps = 0
    cpu, wall = [], []
    for group in groups:
        item = LibraryItem.objects.select_related("entry").get(pk=ids[f"q:{group['id']}"])
        start, start_cpu = time.perf_counter(), time.process_time()
        shown = similar_to_items([item])[item.pk]
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        labels = [label_of[n.item.pk] for n in shown]
        relevant = {f"r:{group['id']}:{n}" for n in range(len(group["relevant"]))}
        hits = sum(label in relevant for label in labels)
        precision += hits / min(5, len(relevant))
        recall += hits / len(relevant)
        reciprocal += next((1 / rank for rank, label in enumerate(labels, 1) if label in relevant), 0.0)
        traps += sum(label.startswith("trap:") for label in labels)
        if errors and hits < min(5, len(relevant)):
            print(f"    {group['id']}: " + ", ".join(f"{label} {n.score:.2f}" for label, n in zip(labels, shown, strict=True)))
    n = len(groups)
    return {"queries": n, "precision@5": precision / n, "recall@5": recall / n, "mrr@5": reciprocal / n,
            "traps shown": traps, "cpu": cpu, "wall": wall}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--background", type=int, default=0, help="generated items added to the library")
    parser.add_argument("--errors", action="store_true", help="list the dev queries missing a relevant item "
                        "(never the held-out test split)")
    parser.add_argument("--target", type=float, default=None, help="exit 1 when a split's precision@5 is below")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        from bench.bench_library import setup_django

        setup_django(tmp)
        from django.db import connection

        splits = {"dev": load("dev"), "test": load("test")}
        rows = layout(splits["dev"] + splits["test"]) + background_rows(args.background, random.Random(14))
        start = time.perf_counter()
        ids = build_library(rows)
        print(f"{connection.vendor}: {len(rows)} items ({args.background} generated) indexed in "
              f"{time.perf_counter() - start:.1f} s")
        failed = False
        costs: list[float] = []
        walls: list[float] = []
        for name, groups in splits.items():
            result = evaluate(groups, ids, errors=args.errors and name == "dev")
            costs += result["cpu"]
            walls += result["wall"]
            print(f"  {name:5} {result['queries']} queries  precision@5 {result['precision@5']:.3f}  "
                  f"recall@5 {result['recall@5']:.3f}  MRR@5 {result['mrr@5']:.3f}  "
                  f"same/later-review items shown: {result['traps shown']}")
            failed |= args.target is not None and result["precision@5"] < args.target
        print(f"  cost per item: CPU p50 {statistics.median(costs):.1f} ms, p95 {percentile(costs, 0.95):.1f} ms; "
              f"wall p50 {statistics.median(walls):.1f} ms, p95 {percentile(walls, 0.95):.1f} ms")
        from casereview.library.similar import find_recurring

        start, start_cpu = time.perf_counter(), time.process_time()
        groups = find_recurring()
        print(f"  recurring learning over the library: {len(groups)} groups shown, "
              f"{time.process_time() - start_cpu:.2f} s CPU ({time.perf_counter() - start:.2f} s wall)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
