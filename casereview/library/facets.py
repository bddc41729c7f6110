"""Facet counts from a compact copy of every item's facet data, kept in memory while the library is unchanged.

Counting the facets of a search (how many results per theme, review type,
partnership and year) used to read, per result, rows of the item, its entry and its
themes. Here each process keeps, per item id, two small numbers: its entry's *key*
(review type, partnership, year) and its *theme set* (its active themes). Counting
a search's results is then two passes over their ids in memory, and a browse (no
words) is counted from per-set totals and remembered for its filters.

The copy is exact: it is keyed by the value in `library_search_version`
(migration 0009), which every write to entries, items or theme rows changes in
its own transaction, and it is read with that value in one statement. A search
reads the value before and after fetching its matches and uses the copy only when
both equal the copy's (`consistent`), so a withdrawal or correction shows in the
counts as soon as it is committed. The library is readable by every role and the
copy holds only what the library's facets show anyone (`search_items` checks the
permission before any of this is read).
"""

from __future__ import annotations

import threading
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connections

Key = tuple[str, str, int | None]  # review type, partnership, year


@dataclass
class FacetCounts:
    """How many of a set of items fall under each facet value (items with no value are not counted there)."""

    total: int = 0
    theme: Counter = field(default_factory=Counter)
    review_type: Counter = field(default_factory=Counter)
    partnership: Counter = field(default_factory=Counter)
    year: Counter = field(default_factory=Counter)


class FacetSnapshot:
    """Every item's key and theme set at one version of the library.

    `items` are (item id, key number, set number); `keys` and `sets` say what each
    number stands for (numbers need not be dense, and two numbers may stand for the
    same thing: counts are spread over what the numbers stand for).
    """

    def __init__(self, version: int | None, items: Sequence[tuple[int, int, int]], keys: dict[int, Key],
                 sets: dict[int, tuple[str, ...]]) -> None:
        self.version = version
        # Number 0 stands for "not an item", so both tables start with a blank.
        self.keys: list[Key] = [("", "", None)] * (max(keys, default=0) + 2)
        self.sets: list[tuple[str, ...]] = [()] * (max(sets, default=0) + 2)
        for number, key in keys.items():
            self.keys[number + 1] = key
        for number, themes in sets.items():
            self.sets[number + 1] = themes
        size = max((item[0] for item in items), default=0) + 1
        self.key_of = array("i", bytes(array("i").itemsize * size))
        self.set_of = array("i", bytes(array("i").itemsize * size))
        key_of, set_of = self.key_of, self.set_of
        for item_id, k, s in items:
            key_of[item_id] = k + 1
            set_of[item_id] = s + 1
        # Items per (theme set, key): what a browse counts.
        self.per_set: dict[int, Counter] = {}
        for (s, k), n in Counter(zip(set_of, key_of, strict=True)).items():
            if k:
                self.per_set.setdefault(s, Counter())[k] = n
        self._browsed: dict[tuple, FacetCounts] = {}
        self._lock = threading.Lock()

    # -- filters ---------------------------------------------------------------

    def _key_allowed(self, review_type: str, partnership: str, year: int | None) -> Callable[[int], bool] | None:
        if not (review_type or partnership or year):
            return None
        allowed = bytearray(len(self.keys))
        for number, (r, p, y) in enumerate(self.keys):
            if number and (not review_type or r == review_type) and (not partnership or p == partnership) \
                    and (not year or y == year):
                allowed[number] = 1
        return allowed.__getitem__

    def _set_allowed(self, theme: str) -> Callable[[int], bool] | None:
        if not theme:
            return None
        allowed = bytearray(len(self.sets))
        for number, themes in enumerate(self.sets):
            if theme in themes:
                allowed[number] = 1
        return allowed.__getitem__

    def narrow(self, ids: Sequence[int], *, theme: str = "", review_type: str = "", partnership: str = "",
               year: int | None = None) -> list[int]:
        """The ids (of items in this snapshot) that pass the filters, in their order."""
        key_ok = self._key_allowed(review_type, partnership, year)
        set_ok = self._set_allowed(theme)
        key_of, set_of, size = self.key_of, self.set_of, len(self.key_of)
        if key_ok and set_ok:
            return [i for i in ids if i < size and key_ok(key_of[i]) and set_ok(set_of[i])]
        if key_ok:
            return [i for i in ids if i < size and key_ok(key_of[i])]
        if set_ok:
            return [i for i in ids if i < size and set_ok(set_of[i])]
        return [i for i in ids if i < size and key_of[i]]

    def themes_of(self, item_id: int) -> tuple[str, ...]:
        """The item's active themes, sorted."""
        return self.sets[self.set_of[item_id]] if item_id < len(self.set_of) else ()

    # -- counting --------------------------------------------------------------

    def count(self, ids: Sequence[int]) -> FacetCounts:
        """Facet counts of these items (ids of items in this snapshot, each once)."""
        return self._spread(Counter(map(self.key_of.__getitem__, ids)),
                            Counter(map(self.set_of.__getitem__, ids)))

    def browse(self, *, theme: str = "", review_type: str = "", partnership: str = "",
               year: int | None = None) -> FacetCounts:
        """Facet counts of every item passing the filters (remembered per filters for this version)."""
        wanted = (theme, review_type, partnership, year)
        counts = self._browsed.get(wanted)
        if counts is not None:
            return counts
        key_ok = self._key_allowed(review_type, partnership, year)
        set_ok = self._set_allowed(theme)
        per_key: Counter = Counter()
        per_set: Counter = Counter()
        for s, keys in self.per_set.items():
            if set_ok and not set_ok(s):
                continue
            for k, n in keys.items():
                if k and (key_ok is None or key_ok(k)):
                    per_key[k] += n
                    per_set[s] += n
        counts = self._spread(per_key, per_set)
        with self._lock:
            if len(self._browsed) >= 1024:  # filters people choose are few; bound the memory all the same
                self._browsed.clear()
            self._browsed[wanted] = counts
        return counts

    def _spread(self, per_key: Counter, per_set: Counter) -> FacetCounts:
        counts = FacetCounts()
        for k, n in per_key.items():
            if not k:
                continue
            review_type, partnership, year = self.keys[k]
            counts.total += n
            counts.review_type[review_type] += n
            counts.partnership[partnership] += n
            counts.year[year] += n
        for s, n in per_set.items():
            for theme in self.sets[s]:
                counts.theme[theme] += n
        return counts


# -- the copy held per process ---------------------------------------------------

_held: dict[str, FacetSnapshot] = {}
_loading = threading.Lock()

# Each loader is one statement, so the version and the rows are read at one point in time. The
# first column says what a row is: 0 the version, 1 an item, 2 a key, 3 a theme set.
# SQLite reads the numbered side tables its triggers keep (migration 0008).
_LOAD_SQLITE = (
    "SELECT 0, version, NULL, NULL, NULL FROM library_search_version WHERE id = 1 "
    "UNION ALL SELECT 1, item_id, facet_key, theme_set, NULL FROM library_item_facets "
    "UNION ALL SELECT 2, id, review_type, partnership, year FROM library_facet_key "
    "UNION ALL SELECT 3, id, themes, NULL, NULL FROM library_theme_set"
)
# PostgreSQL has no side tables: items with their entry's facets, and each item's active themes as one
# string (the string is the set's name here; numbering is done in Python).
_LOAD_POSTGRES = (
    "SELECT 0, version, NULL, NULL, NULL FROM library_search_version WHERE id = 1 "
    "UNION ALL SELECT 1, i.id, e.review_type, e.partnership, e.year "
    "FROM library_libraryitem i JOIN library_libraryentry e ON e.id = i.entry_id "
    "UNION ALL SELECT 3, item_id, string_agg(theme, ' ' ORDER BY theme), NULL, NULL "
    "FROM library_itemtheme WHERE NOT removed GROUP BY item_id"
)


def version(using: str = "default") -> int | None:
    """The library's search version now (None if the database has no version row)."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT version FROM library_search_version WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


def _load(using: str) -> FacetSnapshot:
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(_LOAD_SQLITE if connection.vendor == "sqlite" else _LOAD_POSTGRES)
        rows = cursor.fetchall()
    current = next((row[1] for row in rows if row[0] == 0), None)
    if connection.vendor == "sqlite":
        items = [(item_id, k, s) for kind, item_id, k, s, _ in rows if kind == 1]
        if any(k is None or s is None for _, k, s in items):
            current = None  # the side tables are not in step: never keep this copy (search counts the models)
            items = [(item_id, k or 0, s or 0) for item_id, k, s in items]
        keys = {k: (r, p, None if y == -1 else y) for kind, k, r, p, y in rows if kind == 2}
        sets = {s: tuple(themes.split()) for kind, s, themes, _, _ in rows if kind == 3}
        return FacetSnapshot(current, items, keys, sets)
    # PostgreSQL: number each distinct key and theme set here; an item with no theme row has set 0 (none).
    key_numbers: dict[Key, int] = {}
    set_names = {item_id: themes for kind, item_id, themes, _, _ in rows if kind == 3}
    set_numbers: dict[str, int] = {"": 0}
    items = []
    for kind, item_id, review_type, partnership, year in rows:
        if kind == 1:
            k = key_numbers.setdefault((review_type, partnership, year), len(key_numbers))
            s = set_numbers.setdefault(set_names.get(item_id, ""), len(set_numbers))
            items.append((item_id, k, s))
    return FacetSnapshot(current, items, {k: key for key, k in key_numbers.items()},
                         {s: tuple(name.split()) for name, s in set_numbers.items()})


def snapshot(using: str = "default", *, known_version: Any = ...) -> FacetSnapshot:
    """The copy for the library as it is now, loaded again only when the version has changed."""
    current = version(using) if known_version is ... else known_version
    held = _held.get(using)
    if held is not None and current is not None and held.version == current:
        return held
    with _loading:
        held = _held.get(using)
        if held is not None and current is not None and held.version == current:
            return held
        loaded = _load(using)
        if loaded.version is not None:
            _held[using] = loaded
        return loaded


def forget(using: str = "default") -> None:
    """Drop this process's copy (tests use it to compare against a fresh one)."""
    _held.pop(using, None)
