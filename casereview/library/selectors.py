"""Read models for the library's pages: summaries and theme statistics (the library is readable by every role)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

from django.db.models import Count

from casereview.core.access import require
from casereview.library.models import (
    FINISHED,
    FileStatus,
    IngestBatch,
    ItemTheme,
    LibraryEntry,
    LibraryItem,
    Source,
)
from casereview.library.restricted import RestrictedMatch
from casereview.text.themes import theme_labels


def library_summary(user) -> dict[str, int]:
    require(user, "library.view")
    return {"entries": LibraryEntry.objects.count(), "items": LibraryItem.objects.count(),
            "sources": Source.objects.count()}


@dataclass
class ThemeStatistics:
    entries: int
    items: int
    prevalence: list[dict]  # {theme, label, items, entries, share}
    years: list[int]
    by_year: list[dict]  # {theme, label, cells: [{year, entries, share}]}
    entries_by_year: dict[int, int]
    cooccurrence_themes: list[tuple[str, str]]  # (id, label) in matrix order
    cooccurrence: dict[tuple[str, str], int]


def theme_statistics(user) -> ThemeStatistics:
    """How often each theme occurs across the library, by year, and which themes occur together in one item."""
    require(user, "library.view")
    labels = theme_labels()
    entries_total = LibraryEntry.objects.count()
    items_total = LibraryItem.objects.count()
    rows = list(ItemTheme.objects.filter(removed=False).values_list("theme", "item_id", "item__entry_id",
                                                                     "item__entry__year"))
    item_count: Counter[str] = Counter()
    entry_sets: dict[str, set[int]] = defaultdict(set)
    year_sets: dict[tuple[str, int], set[int]] = defaultdict(set)
    per_item: dict[int, set[str]] = defaultdict(set)
    for theme, item_id, entry_id, year in rows:
        item_count[theme] += 1
        entry_sets[theme].add(entry_id)
        if year:
            year_sets[(theme, year)].add(entry_id)
        per_item[item_id].add(theme)
    order = [t for t in labels if t in item_count] + sorted(t for t in item_count if t not in labels)
    prevalence = sorted(
        ({"theme": t, "label": labels.get(t, t), "items": item_count[t], "entries": len(entry_sets[t]),
          "share": len(entry_sets[t]) / entries_total if entries_total else 0.0} for t in order),
        key=lambda row: (-row["items"], row["label"]))
    entries_by_year = dict(LibraryEntry.objects.exclude(year=None).values_list("year").annotate(n=Count("id")))
    years = sorted(entries_by_year)
    by_year = [{"theme": row["theme"], "label": row["label"],
                "cells": [{"year": y, "entries": len(year_sets[(row["theme"], y)]),
                           "share": len(year_sets[(row["theme"], y)]) / entries_by_year[y]} for y in years]}
               for row in prevalence]
    pairs: Counter[tuple[str, str]] = Counter()
    for item_themes in per_item.values():
        for a, b in combinations(sorted(item_themes), 2):
            pairs[(a, b)] += 1
            pairs[(b, a)] += 1
    for theme in order:
        pairs[(theme, theme)] = item_count[theme]
    matrix_themes = [(row["theme"], row["label"]) for row in prevalence]
    return ThemeStatistics(entries_total, items_total, prevalence, years, by_year, entries_by_year,
                           matrix_themes, dict(pairs))


def batch_progress(batch: IngestBatch, user) -> dict:
    """An upload batch's page: each file's status, counts by status, whether the job is still at work,
    and the held files with their matches (to check before confirming). The matches were found for
    the uploader (they name the reviews of the uploader's team), so only the uploader sees them."""
    files = list(batch.files.select_related("entry").order_by("position"))
    counts = Counter(f.status for f in files)
    uploader = batch.created_by_id == getattr(user, "pk", None)
    held = [(f, [RestrictedMatch(**{**m, "references": tuple(m["references"])}) for m in f.matches] if uploader else [])
            for f in files if f.status == FileStatus.HELD]
    finished = sum(counts[s] for s in FINISHED)
    return {"batch": batch, "files": files, "held": held, "running": finished < len(files),
            "finished": finished, "total": len(files), "added": counts[FileStatus.DONE],
            "duplicates": counts[FileStatus.DUPLICATE], "refused": counts[FileStatus.REFUSED],
            "held_count": counts[FileStatus.HELD], "uploader": uploader}
