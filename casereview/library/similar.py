"""Similar learning from earlier reviews, and learning that recurs across years.

`similar_for_entry(user, entry)` gives each item of an entry the items of *other*
entries, from *earlier* years (any partnership), that say the same thing. Nothing
is precomputed, so neighbours can never be stale: for each item

1. its content words (text engine: stop words out, light stemming) are counted in
   the full-text index (how many items hold each, capped so common words cost
   little), which gives each word's weight;
2. the index returns the best `CANDIDATES` eligible items for an OR of the item's
   rarest words (FTS5 bm25 on SQLite, ts_rank on PostgreSQL);
3. the text engine re-ranks those with BM25 against the item's own score
   (`casereview.text.similar.rank`) and keeps the best five above `MINIMUM`.

`recurring_learning(user)` groups similar items of different reviews over the whole
library (text engine's `recurring_groups`) and keeps the groups that span two or
more years or three or more reviews. That needs every item's text, so the result is
memoised in this process for one state of the library: the memo's key is the
number of items, the largest item id, their total length and the latest audit event (every library
write is audited), so any ingest, correction or deletion recomputes it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from django.db import connection

from casereview.audit.models import AuditEvent
from casereview.core.access import require
from casereview.library.models import LibraryEntry, LibraryItem
from casereview.text import similar as engine

CANDIDATES = 50  # items the index proposes for re-ranking
RAREST_WORDS = 12  # words of the item in the index query
SHOWN = 5
MINIMUM = 0.1  # below this share of the item's own score a neighbour is not shown (chosen on the dev split)
FREQUENCY_CAP = 2000  # counting stops here: a word in this many items is common whatever the library's size
GROUP_THRESHOLD = 0.45  # symmetric similarity for two items to count as the same learning (dev split)
RECURRING_SHOWN = 10


@dataclass
class Neighbour:
    item: LibraryItem
    score: float

    @property
    def entry(self) -> LibraryEntry:
        return self.item.entry


# -- word counts and candidates from the index --------------------------------


def _library_size() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM library_libraryitem")
        return cursor.fetchone()[0]


UNION_CHUNK = 200  # subqueries per statement: under SQLite's limit of 500 terms in a compound SELECT


def _union_all(parts: list[tuple[str, list]]) -> list[tuple]:
    """Rows of many small queries, asked in a few statements (one per UNION_CHUNK), not one round trip each."""
    rows: list[tuple] = []
    with connection.cursor() as cursor:
        for start in range(0, len(parts), UNION_CHUNK):
            chunk = parts[start:start + UNION_CHUNK]
            cursor.execute(" UNION ALL ".join(sql for sql, _ in chunk), [p for _, params in chunk for p in params])
            rows.extend(cursor.fetchall())
    return rows


def _word_frequencies(words: set[str]) -> dict[str, int]:
    """How many items hold each word in their text (capped at FREQUENCY_CAP), from the full-text index."""
    ordered = sorted(words)
    if connection.vendor == "sqlite":
        sql = ("SELECT %s, count(*) FROM (SELECT 1 FROM library_item_fts WHERE library_item_fts MATCH %s "
               "LIMIT %s)")
        parts = [(sql, [n, f'text : "{word}"', FREQUENCY_CAP]) for n, word in enumerate(ordered)]
    else:
        sql = ("SELECT %s, count(*) FROM (SELECT 1 FROM library_libraryitem WHERE search_vector @@ "
               "to_tsquery('english', %s) LIMIT %s) s")
        parts = [(sql, [n, _ts_word(word), FREQUENCY_CAP]) for n, word in enumerate(ordered)]
    return {ordered[n]: count for n, count in _union_all(parts)}


def _ts_word(word: str) -> str:
    # Item text has weight A (entry context D): count and match the item's own words only.
    return "".join(ch for ch in word if ch.isalnum()) + ":A"


def _candidate_query(n: int, item: LibraryItem, words: list[str]) -> tuple[str, list] | None:
    """The index's best matches for any of `words` among items of other, earlier entries, as rows
    (n, item id, sort key): one subquery of the UNION in `_candidates`."""
    year = item.entry.year
    if connection.vendor == "sqlite":
        match = "text : (" + " OR ".join(f'"{w}"' for w in words) + ")"
        sql = ("SELECT f.rowid AS id, f.rank AS sort FROM library_item_fts f JOIN library_item_facets ff "
               "ON ff.item_id = f.rowid WHERE library_item_fts MATCH %s AND ff.entry_id != %s")
        params: list = [match, item.entry_id]
        if year:
            sql += " AND ff.facet_key IN (SELECT id FROM library_facet_key WHERE year != -1 AND year < %s)"
            params.append(year)
        return "".join(("SELECT %s, id, sort FROM (", sql, " ORDER BY f.rank LIMIT %s)")), [n, *params, CANDIDATES]
    query = " | ".join(_ts_word(w) for w in words if _ts_word(w) != ":A")
    if not query:
        return None
    sql = ("SELECT i.id AS id, -ts_rank(i.search_vector, q) AS sort FROM library_libraryitem i "
           "JOIN library_libraryentry e ON e.id = i.entry_id, to_tsquery('english', %s) q "
           "WHERE i.search_vector @@ q AND i.entry_id != %s")
    params = [query, item.entry_id]
    if year:
        sql += " AND e.year < %s"
        params.append(year)
    return "".join(("SELECT %s, id, sort FROM (", sql, " ORDER BY sort, i.id LIMIT %s) c")), [n, *params, CANDIDATES]


def _candidates(wanted: list[tuple[LibraryItem, list[str]]]) -> list[list[int]]:
    """For each (item, its rarest words), the ids of its candidates, best first; all asked in one statement."""
    parts, asked = [], []
    for n, (item, words) in enumerate(wanted):
        part = _candidate_query(n, item, words) if words else None
        if part is not None:
            parts.append(part)
            asked.append(n)
    found: list[list[tuple[float, int]]] = [[] for _ in wanted]
    for n, pk, sort in _union_all(parts):
        found[n].append((sort, pk))
    return [[pk for _, pk in sorted(rows)] for rows in found]


# -- neighbours of items -------------------------------------------------------


def similar_to_items(items: list[LibraryItem], *, shown: int = SHOWN) -> dict[int, list[Neighbour]]:
    """Each item's most similar items of other entries from earlier years (all other entries when its year is
    unknown), best first. No permission check: for `similar_for_entry`, the evaluation and the benchmark."""
    words_of = {item.pk: engine.content_words(item.text) for item in items}
    frequencies = _word_frequencies({w for words in words_of.values() for w in words.values()})
    size = _library_size()
    found: dict[int, list[tuple[int, float]]] = {}
    wanted: set[int] = set()
    plans = []
    for item in items:
        words = words_of[item.pk]
        df = {term: frequencies.get(word, 0) for term, word in words.items()}
        rarest = sorted((t for t in words if df[t] > 0), key=lambda t: (df[t], t))[:RAREST_WORDS]
        plans.append((item, df, [words[t] for t in rarest]))
    # One statement for every item's candidates and one for their texts: the page's queries do not grow
    # with the entry's items or the library's size.
    candidates = _candidates([(item, rarest) for item, _, rarest in plans])
    texts = dict(LibraryItem.objects.filter(pk__in={pk for ids in candidates for pk in ids})
                 .values_list("pk", "text"))
    for (item, df, _), ids in zip(plans, candidates, strict=True):
        weights = engine.Weights(size, lambda term, df=df: df.get(term, 0))
        ranked = engine.rank(item.text, [(pk, texts[pk]) for pk in ids if pk in texts], weights,
                             limit=shown, minimum=MINIMUM)
        found[item.pk] = [(int(pk), score) for pk, score in ranked]  # type: ignore[call-overload]
        wanted.update(pk for pk, _ in found[item.pk])
    loaded = LibraryItem.objects.select_related("entry").in_bulk(wanted)
    return {pk: [Neighbour(loaded[n], s) for n, s in pairs if n in loaded] for pk, pairs in found.items()}


def similar_for_entry(user, entry: LibraryEntry) -> dict[int, list[Neighbour]]:
    """Similar learning from earlier reviews for every item of `entry` (every role may read the library)."""
    require(user, "library.view")
    return similar_to_items(list(entry.items.select_related("entry")))


# -- learning that recurs --------------------------------------------------------


@dataclass
class RecurringGroup:
    items: list[LibraryItem]
    years: list[int]
    entries: int
    partnerships: int = 0
    first: LibraryItem | None = field(default=None)


_memo: dict[tuple, list[RecurringGroup]] = {}
_memo_lock = threading.Lock()


def _library_state() -> tuple:
    with connection.cursor() as cursor:
        # The text lengths too: ids are reused after a rolled-back transaction, lengths rarely all match.
        cursor.execute("SELECT count(*), coalesce(max(id), 0), coalesce(sum(length(text)), 0) FROM library_libraryitem")
        items, last_item, length = cursor.fetchone()
    last_event = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return items, last_item, length, last_event


def find_recurring(*, limit: int = RECURRING_SHOWN) -> list[RecurringGroup]:
    """Groups of similar items from different reviews spanning >= 2 years or >= 3 reviews, most reviews first."""
    rows = list(LibraryItem.objects.values_list("pk", "entry_id", "entry__year", "entry__partnership", "text"))
    corpus = engine.Corpus((row[0], row[4]) for row in rows)
    groups = engine.recurring_groups(corpus, eligible=lambda a, b: rows[a][1] != rows[b][1],
                                     threshold=GROUP_THRESHOLD, rarest=RAREST_WORDS)
    kept = []
    for members in groups:
        entries = {rows[m][1] for m in members}
        years = sorted({rows[m][2] for m in members if rows[m][2]})
        if len(years) >= 2 or len(entries) >= 3:
            kept.append((members, years, entries, {rows[m][3] for m in members}))
    kept.sort(key=lambda g: (-len(g[2]), -len(g[1]), rows[g[0][0]][0]))
    kept = kept[:limit]
    loaded = LibraryItem.objects.select_related("entry").in_bulk([rows[m][0] for g in kept for m in g[0]])
    out = []
    for members, years, entries, partnerships in kept:
        items = sorted((loaded[rows[m][0]] for m in members), key=lambda i: (i.entry.year or 0, i.pk))
        out.append(RecurringGroup(items=items, years=years, entries=len(entries),
                                  partnerships=len(partnerships - {""}), first=items[0]))
    return out


def recurring_learning(user, *, limit: int = RECURRING_SHOWN) -> list[RecurringGroup]:
    """Learning that recurs across years, for the themes page; recomputed whenever the library has changed."""
    require(user, "library.view")
    state = (*_library_state(), limit)
    with _memo_lock:
        if state in _memo:
            return _memo[state]
    groups = find_recurring(limit=limit)
    with _memo_lock:
        _memo.clear()
        _memo[state] = groups
    return groups
