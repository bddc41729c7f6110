"""Full-text search over library items: SQLite FTS5 or PostgreSQL full text.

One selector, `search_items(user, query, filters)`, returns a page of hits with
highlighted snippets and facet counts whatever the database. The index is
maintained by the library's services through `index_items` / `unindex_items`
inside their transaction, so it commits or rolls back with the items.

Snippets carry two control characters (STX/ETX) around matched words; they are
turned into <mark> only after the rest of the text has been HTML-escaped, so
document text can never inject markup.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, F, Prefetch, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from casereview.core.access import require
from casereview.library import facets as facet_data
from casereview.library.facets import FacetCounts
from casereview.library.models import REVIEW_TYPE_LABELS, ItemTheme, LibraryItem
from casereview.text import compounds
from casereview.text.themes import theme_label

MARK_START, MARK_END = "\x02", "\x03"
PER_PAGE = 20


# -- index maintenance -------------------------------------------------------


def _context(item: LibraryItem) -> str:
    """What the item is indexed with besides its text: its entry's title, partnership and pseudonym, and its
    hyphenated compounds written joined ("child-centred" -> "childcentred"), so a joined query finds them."""
    entry = item.entry
    return " ".join(filter(None, [entry.title, entry.partnership, entry.pseudonym,
                                  *compounds.joined_forms(item.text)]))


def index_items(items: Iterable[LibraryItem]) -> None:
    """(Re)index items; each must have its entry loaded and its text saved. Call inside the writing transaction.

    A few statements whatever the number of items: on SQLite one delete and one
    batched insert; on PostgreSQL one UPDATE, computing each vector from the stored
    text (the same text the item holds) with the item's context.
    """
    items = list(items)
    if not items:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Delete first: the table may hold a row for a reused id (test databases are flushed).
            ids = [i.pk for i in items]
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute("DELETE FROM library_item_fts WHERE rowid IN (" + marks + ")", chunk)  # nosec B608  # noqa: S608 - fixed SQL fragments, every value a parameter
            cursor.executemany(
                "INSERT INTO library_item_fts (rowid, text, context) VALUES (%s, %s, %s)",
                [(i.pk, i.text, _context(i)) for i in items],
            )
        elif connection.vendor == "postgresql":
            # One statement: each item's own context (its compounds differ) paired with its id.
            cursor.execute(
                "UPDATE library_libraryitem AS i SET search_vector = "
                "setweight(to_tsvector('english', i.text), 'A') || setweight(to_tsvector('english', v.context), 'D') "
                "FROM unnest(%s::bigint[], %s::text[]) AS v(id, context) WHERE i.id = v.id",
                [[i.pk for i in items], [_context(i) for i in items]],
            )


def unindex_items(ids: Iterable[int]) -> None:
    """Drop items from the SQLite index before they are deleted (PostgreSQL's vector goes with the row)."""
    ids = list(ids)
    if ids and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM library_item_fts WHERE rowid = %s", [(pk,) for pk in ids])


# -- query parsing -----------------------------------------------------------

# A quoted phrase (closing quote optional, so an unbalanced quote never errors) or a bare word.
_TOKEN_RE = re.compile(r'(?P<neg>-?)"(?P<phrase>[^"]*)"?|(?P<bneg>-?)(?P<word>[^\s"]+)')
_WORD_RE = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Term:
    """Words that must appear together; `spellings` are the ways of writing its compounds (the first as typed)."""

    words: tuple[str, ...]
    prefix: bool = False
    spellings: tuple[tuple[str, ...], ...] = ()

    @property
    def forms(self) -> tuple[tuple[str, ...], ...]:
        return self.spellings or (self.words,)


@dataclass(frozen=True)
class ParsedQuery:
    """Alternatives (OR) of conjunctions (AND) of terms, minus excluded terms."""

    groups: tuple[tuple[Term, ...], ...]
    negatives: tuple[Term, ...]


def _tokens(text: str) -> list[tuple[bool, bool, str]]:
    """(negated, quoted, raw) per token; a bare prefix word and the bare word after it become one compound
    ("pre birth" -> "pre-birth"), so the two words and the joined word are searched alike."""
    tokens = []
    for match in _TOKEN_RE.finditer(text or ""):
        quoted = match.group("phrase") is not None
        tokens.append((bool(match.group("neg") or match.group("bneg")), quoted,
                       match.group("phrase") if quoted else match.group("word")))
    merged: list[tuple[bool, bool, str]] = []
    for token in tokens:
        if merged:
            negated, quoted, raw = merged[-1]
            if (not quoted and not token[1] and negated == token[0] and compounds.is_prefix(raw)
                    and token[2] != "OR" and len(_WORD_RE.findall(token[2])) == 1):
                merged[-1] = (negated, False, f"{raw}-{token[2]}")
                continue
        merged.append(token)
    return merged


def parse_query(text: str) -> ParsedQuery | None:
    """What a person typed, as terms; None when nothing is searchable.

    Only runs of letters and digits survive, so operators, column filters and stray
    punctuation are never passed to the database. Supported on purpose:
    "phrases", -exclusions, a trailing * for prefixes and OR between terms.
    Compounds are searched however they are written (`casereview.text.compounds`):
    "prebirth", "pre-birth" and "pre birth" give the same query.
    """
    groups: list[list[Term]] = [[]]
    negatives: list[Term] = []
    for negated, quoted, raw in _tokens(text):
        if raw == "OR" and not quoted and not negated:
            if groups[-1]:
                groups.append([])
            continue
        forms = compounds.spellings(raw.split() if quoted else [raw])
        if not forms:
            continue
        prefix = not quoted and raw.endswith("*") and len(_WORD_RE.findall(raw)) == 1
        term = Term(forms[0], prefix=prefix, spellings=tuple(forms))
        (negatives if negated else groups[-1]).append(term)
    kept = tuple(tuple(g) for g in groups if g)
    return ParsedQuery(kept, tuple(negatives)) if kept else None


def _fts5_term(term: Term) -> str:
    forms = ['"' + " ".join(words) + '"' + ("*" if term.prefix else "") for words in term.forms]
    return forms[0] if len(forms) == 1 else "(" + " OR ".join(forms) + ")"


def fts5_query(text: str) -> str | None:
    """A safe FTS5 MATCH expression (every word quoted), or None when nothing is searchable."""
    parsed = parse_query(text)
    if parsed is None:
        return None
    expression = " OR ".join("(" + " AND ".join(_fts5_term(t) for t in g) + ")" for g in parsed.groups)
    if parsed.negatives:
        expression = f"({expression})" + "".join(f" NOT {_fts5_term(n)}" for n in parsed.negatives)
    return expression


def _ts_term(term: Term) -> str:
    forms = ["(" + " <-> ".join(words) + (":*" if term.prefix else "") + ")" for words in term.forms]
    return forms[0] if len(forms) == 1 else "(" + " | ".join(forms) + ")"


def tsquery(text: str) -> str | None:
    """The same query for PostgreSQL's to_tsquery: identical meaning on both databases."""
    parsed = parse_query(text)
    if parsed is None:
        return None
    expression = " | ".join("(" + " & ".join(_ts_term(t) for t in g) + ")" for g in parsed.groups)
    if parsed.negatives:
        expression = f"({expression})" + "".join(f" & !{_ts_term(n)}" for n in parsed.negatives)
    return expression


# -- results -----------------------------------------------------------------


@dataclass(frozen=True)
class SearchFilters:
    theme: str = ""
    review_type: str = ""
    partnership: str = ""
    year: int | None = None

    def active(self) -> bool:
        return bool(self.theme or self.review_type or self.partnership or self.year)


@dataclass
class Hit:
    item: LibraryItem
    snippet: SafeString
    score: float
    themes: list[str]

    @property
    def entry(self):
        return self.item.entry

    def as_json(self) -> dict:
        return {
            "entry": self.item.entry.title, "entry_id": self.item.entry_id, "item_id": self.item.pk,
            "kind": self.item.kind, "number": self.item.number, "text": self.item.text,
            "snippet": str(self.snippet), "themes": self.themes, "score": round(self.score, 4),
        }


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchPage:
    query: str
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def render_snippet(raw: str) -> SafeString:
    """Escape everything, then turn the highlight sentinels into <mark> elements."""
    html = escape(raw)
    opened = html.count(MARK_START) - html.count(MARK_END)
    html = html.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html + "</mark>" * max(opened, 0))  # nosec B308 B703  # noqa: S308 - escaped above; only our own <mark> tags are markup


def _filtered(filters: SearchFilters, *, skip: str = "") -> QuerySet[LibraryItem]:
    items = LibraryItem.objects.all()
    if filters.theme and skip != "theme":
        items = items.filter(themes__theme=filters.theme, themes__removed=False)
    if filters.review_type and skip != "review_type":
        items = items.filter(entry__review_type=filters.review_type)
    if filters.partnership and skip != "partnership":
        items = items.filter(entry__partnership=filters.partnership)
    if filters.year and skip != "year":
        items = items.filter(entry__year=filters.year)
    return items


def _pg_query(query: str) -> SearchQuery:
    return SearchQuery(tsquery(query) or "", config="english", search_type="raw")


def _matching(items: QuerySet[LibraryItem], query: str, fts: str | None) -> QuerySet[LibraryItem]:
    if fts is None:
        return items
    if connection.vendor == "postgresql":
        return items.filter(search_vector=_pg_query(query))
    return items.filter(id__in=RawSQL("SELECT rowid FROM library_item_fts WHERE library_item_fts MATCH %s", (fts,)))


def _sqlite_filters(filters: SearchFilters) -> tuple[str, str, list]:
    """Join and conditions narrowing FTS5 matches by the filters (values as parameters).

    Written out rather than compiled from the ORM so SQLite drives the query from the
    matches and checks each against its one small row in `library_item_facets`
    (migration 0008) instead of the item, entry and theme rows.
    """
    if not filters.active():
        return "", "", []
    conditions, params = _ff_conditions(filters)
    return " JOIN library_item_facets ff ON ff.item_id = f.rowid", " AND " + " AND ".join(conditions), params


def _count_sqlite(fts: str, filters: SearchFilters) -> int:
    join, where, params = _sqlite_filters(filters)
    with connection.cursor() as cursor:
        # join/where are fixed fragments from _sqlite_filters; every value is a parameter.
        sql = "SELECT count(*) FROM library_item_fts f" + join + " WHERE library_item_fts MATCH %s" + where  # nosec B608  # noqa: S608 - fixed SQL fragments, every value a parameter
        cursor.execute(sql, [fts, *params])
        return cursor.fetchone()[0]


def _page_sqlite(fts: str, filters: SearchFilters, offset: int, limit: int) -> list[tuple[int, float, str]]:
    join, where, params = _sqlite_filters(filters)
    # Two steps, because SQLite computes every selected column before sorting: rank the matches
    # (`rank` is bm25 weighting item text over its context, migration 0004), then make snippets for
    # the page only. The index holds only live items (services and the trigger of migration 0006),
    # so without filters there is no join back to the items.
    ranked_sql = ("SELECT f.rowid, f.rank FROM library_item_fts f" + join  # nosec B608  # noqa: S608 - fixed SQL fragments, every value a parameter
                  + " WHERE library_item_fts MATCH %s" + where + " ORDER BY f.rank, f.rowid LIMIT %s OFFSET %s")
    with connection.cursor() as cursor:
        cursor.execute(ranked_sql, [fts, *params, limit, offset])
        ranked = cursor.fetchall()
        if not ranked:
            return []
        marks = ", ".join(["%s"] * len(ranked))
        snippet_sql = ("SELECT rowid, snippet(library_item_fts, 0, char(2), char(3), '…', 40) "  # nosec B608  # noqa: S608 - fixed SQL fragments, every value a parameter
                       "FROM library_item_fts WHERE library_item_fts MATCH %s AND rowid IN (" + marks + ")")
        cursor.execute(snippet_sql, [fts, *[pk for pk, _ in ranked]])
        snippets = dict(cursor.fetchall())
    return [(pk, -score, snippets.get(pk, "")) for pk, score in ranked]


def _page_postgres(query: str, filters: SearchFilters, offset: int, limit: int) -> list[tuple[int, float, str]]:
    sq = _pg_query(query)
    rows = (
        _filtered(filters).filter(search_vector=sq)
        .annotate(score=SearchRank(F("search_vector"), sq), snippet=_headline(query))
        .order_by("-score", "pk").values_list("pk", "score", "snippet")[offset:offset + limit]
    )
    return list(rows)


def _browse_page(filters: SearchFilters, offset: int, limit: int, total: int) -> list[tuple[int, float, str]]:
    if connection.vendor == "sqlite":
        return _browse_page_sqlite(filters, offset, limit, total)
    rows = _filtered(filters).order_by("-entry__year", "entry__title", "entry_id", "source_kind", "number")
    return [(pk, 0.0, text) for pk, text in rows.values_list("pk", "text")[offset:offset + limit]]


_BROWSE_WALK_ROWS = 20_000


def _browse_page_sqlite(filters: SearchFilters, offset: int, limit: int, total: int) -> list[tuple[int, float, str]]:
    """The ORM's browse order (the same ORDER BY), with the cheaper of two plans.

    When the results are a large share of the library, SQLite walks entries in page
    order (index of migration 0007) and their items by slot, stopping at the page;
    when they are few, it starts from the results (the theme's index) and sorts them.
    The choice uses the total already counted; both give the same rows.
    """
    conditions, params = _ff_conditions(filters)
    if offset >= total:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(item_id), 0) FROM library_item_facets")
        items = cursor.fetchone()[0]
        walk = not conditions or (offset + limit) * items / max(total, 1) <= _BROWSE_WALK_ROWS
        if walk:
            source = "library_libraryentry e INDEXED BY library_entry_browse JOIN library_libraryitem i ON i.entry_id = e.id"
            source += " JOIN library_item_facets ff ON ff.item_id = i.id" if conditions else ""
        elif filters.theme:
            conditions, params = _ff_conditions(filters, theme=False)
            conditions, params = ["ft.theme = %s AND NOT ft.removed", *conditions], [filters.theme, *params]
            source = ("library_itemtheme ft JOIN library_item_facets ff ON ff.item_id = ft.item_id"
                      " JOIN library_libraryitem i ON i.id = ff.item_id JOIN library_libraryentry e ON e.id = i.entry_id")
        else:
            source = ("library_item_facets ff JOIN library_libraryitem i ON i.id = ff.item_id"
                      " JOIN library_libraryentry e ON e.id = i.entry_id")
        where = (" WHERE " + " AND ".join(conditions)) if conditions else ""
        cursor.execute("SELECT i.id, i.text FROM " + source + where  # nosec B608  # noqa: S608 - fixed SQL fragments, every value a parameter
                       + " ORDER BY e.year DESC, e.title, e.id, i.source_kind, i.number LIMIT %s OFFSET %s",
                       [*params, limit, offset])
        return [(pk, 0.0, text) for pk, text in cursor.fetchall()]


def _ff_conditions(filters: SearchFilters, *, theme: bool = True) -> tuple[list[str], list]:
    """Conditions on `ff` (library_item_facets, migration 0008) for the filters, values as parameters.

    The theme is looked for among the item's theme set (" a b c "); an id with
    whitespace in it cannot be a theme id, so it is checked against the theme rows.
    """
    conditions: list[str] = []
    params: list = []
    if theme and filters.theme:
        if any(ch.isspace() for ch in filters.theme):
            conditions.append("EXISTS (SELECT 1 FROM library_itemtheme t WHERE t.item_id = ff.item_id "
                              "AND t.theme = %s AND NOT t.removed)")
            params.append(filters.theme)
        else:
            conditions.append("ff.theme_set IN (SELECT id FROM library_theme_set WHERE instr(themes, %s) > 0)")
            params.append(f" {filters.theme} ")
    key_conditions, key_params = [], []
    for column, value in (("review_type", filters.review_type), ("partnership", filters.partnership),
                          ("year", filters.year)):
        if value:
            key_conditions.append(f"{column} = %s")
            key_params.append(value)
    if key_conditions:
        conditions.append("ff.facet_key IN (SELECT id FROM library_facet_key WHERE "  # nosec B608  # noqa: S608 - fixed SQL fragments, every value a parameter
                          + " AND ".join(key_conditions) + ")")
        params += key_params
    return conditions, params


def _ff_source(fts: str | None, filters: SearchFilters) -> tuple[str, str, list]:
    """FROM and WHERE selecting the current results as rows `ff` of library_item_facets (values as parameters).

    Driven from the FTS5 matches when there are words, else from the chosen theme's
    (theme, removed, item) index, else from the facet rows themselves.
    """
    if fts is not None:
        source = "library_item_fts f JOIN library_item_facets ff ON ff.item_id = f.rowid"
        conditions, params = _ff_conditions(filters)
        conditions, params = ["library_item_fts MATCH %s", *conditions], [fts, *params]
    elif filters.theme:
        source = "library_itemtheme ft JOIN library_item_facets ff ON ff.item_id = ft.item_id"
        conditions, params = _ff_conditions(filters, theme=False)
        conditions, params = ["ft.theme = %s AND NOT ft.removed", *conditions], [filters.theme, *params]
    else:
        source = "library_item_facets ff"
        conditions, params = _ff_conditions(filters)
    where = (" WHERE " + " AND ".join(conditions)) if conditions else ""
    return source, where, params


def _sqlite_matches(fts: str) -> list[int]:
    """Ids of every item the words match, unfiltered, in no order: the cheapest read of them all
    (FTS5 ranks the page in a second pass that computes bm25 only as it needs)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM library_item_fts WHERE library_item_fts MATCH %s", [fts])
        return [row[0] for row in cursor.fetchall()]


def _postgres_matches(query: str) -> tuple[int | None, list[tuple[float, int]]]:
    """The library's search version and every match as (-ts_rank, id), unfiltered, in one statement.

    One statement is one point in time, so the matches belong to that version; and one
    pass over the matching rows gives both the counts and the page (ranked in Python
    exactly as ORDER BY rank DESC, id), where two queries would each visit every row.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT NULL::real, version FROM library_search_version WHERE id = 1 "
                       "UNION ALL SELECT -ts_rank(search_vector, q.q), id FROM library_libraryitem, "
                       "to_tsquery('english'::regconfig, %s) AS q(q) WHERE search_vector @@ q.q",
                       [tsquery(query) or ""])
        rows = cursor.fetchall()
    current = next((pk for negated, pk in rows if negated is None), None)
    return current, [row for row in rows if row[0] is not None]


def _reference_counts(matching: QuerySet[LibraryItem]) -> FacetCounts:
    """Facet counts straight from the models: used when the library changes under a search three times running."""
    counts = FacetCounts()
    for review_type, partnership, year, n in (matching.order_by().values_list(
            "entry__review_type", "entry__partnership", "entry__year").annotate(n=Count("id"))):
        counts.total += n
        counts.review_type[review_type] += n
        counts.partnership[partnership] += n
        counts.year[year] += n
    counts.theme.update(dict(ItemTheme.objects.filter(removed=False, item__in=matching.order_by().values("id"))
                             .order_by().values_list("theme").annotate(n=Count("id"))))
    return counts


@dataclass
class _Counted:
    counts: FacetCounts
    snapshot: facet_data.FacetSnapshot | None = None  # the copy the counts came from, for the hits' themes
    ranked: list[tuple[float, int]] | None = None  # PostgreSQL: the filtered matches as (-score, id)


def _counts(query: str, fts: str | None, filters: SearchFilters,
            matching: Callable[[], QuerySet[LibraryItem]]) -> _Counted:
    """The results' facet counts and total, from this process's copy of the facet data (`facets`).

    The copy is used only for matches read at the copy's version: on SQLite the
    version is read before and after the matches, on PostgreSQL with them. If the
    library changes under the search three times running, the models are counted.
    """
    wanted = {"theme": filters.theme, "review_type": filters.review_type, "partnership": filters.partnership,
              "year": filters.year}
    for _attempt in range(3):
        if fts is not None and connection.vendor == "postgresql":
            current, ranked = _postgres_matches(query)
            snapshot = facet_data.snapshot(known_version=current)
            if current is None or snapshot.version != current:
                continue
            if filters.active():
                kept = set(snapshot.narrow([pk for _, pk in ranked], **wanted))
                ranked = [row for row in ranked if row[1] in kept]
            return _Counted(snapshot.count([pk for _, pk in ranked]), snapshot, ranked)
        before = facet_data.version()
        snapshot = facet_data.snapshot(known_version=before)
        if before is None or snapshot.version != before:
            continue
        if fts is None:
            return _Counted(snapshot.browse(**wanted), snapshot)
        ids = _sqlite_matches(fts)
        if facet_data.version() != before:
            continue
        return _Counted(snapshot.count(snapshot.narrow(ids, **wanted) if filters.active() else ids), snapshot)
    return _Counted(_reference_counts(matching()))


def _headline(query: str) -> SearchHeadline:
    return SearchHeadline("text", _pg_query(query), config="english", start_sel=MARK_START, stop_sel=MARK_END,
                          max_words=60, min_words=25, highlight_all=False)


def _facets(counts: FacetCounts, filters: SearchFilters) -> dict[str, list[FacetValue]]:
    """Drill-down facets: counted within the results as filtered, so each count is what choosing that value
    would leave."""

    def ranked(counter: Counter) -> list[tuple]:
        return sorted(((v, n) for v, n in counter.items() if v not in ("", None)), key=lambda r: (-r[1], str(r[0])))

    return {
        "theme": [FacetValue(v, theme_label(v), n, v == filters.theme) for v, n in ranked(counts.theme)],
        "review_type": [FacetValue(v, REVIEW_TYPE_LABELS.get(v, v), n, v == filters.review_type)
                        for v, n in ranked(counts.review_type)],
        "partnership": [FacetValue(v, v, n, v == filters.partnership) for v, n in ranked(counts.partnership)],
        "year": sorted((FacetValue(str(v), str(v), n, v == filters.year) for v, n in ranked(counts.year)),
                       key=lambda f: f.value, reverse=True),
    }


def _count(matching: QuerySet[LibraryItem], fts: str | None, filters: SearchFilters) -> int:
    if fts is not None and connection.vendor == "sqlite":
        return _count_sqlite(fts, filters)
    if connection.vendor == "sqlite":
        source, where, params = _ff_source(None, filters)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM " + source + where, params)  # nosec B608  # noqa: S608 - fixed SQL fragments, every value a parameter
            return cursor.fetchone()[0]
    return matching.count()


def run_search(query: str, filters: SearchFilters, *, page: int = 1, per_page: int = PER_PAGE,
               with_facets: bool = True) -> SearchPage:
    """Search without a permission check: for the CLI (an operator at the server) and `search_items`."""
    query = (query or "").strip()
    fts = fts5_query(query)
    page = max(1, page)
    offset = (page - 1) * per_page

    def matching() -> QuerySet[LibraryItem]:
        return _matching(_filtered(filters), query, fts)

    counted = _counts(query, fts, filters, matching) if with_facets else None
    facets, total = (_facets(counted.counts, filters), counted.counts.total) if counted else \
        ({}, _count(matching(), fts, filters))
    snapshot = counted.snapshot if counted else None
    items = LibraryItem.objects.select_related("entry")
    if snapshot is None:
        # Theme rows ordered by their own columns: ItemTheme's default ordering (by item) would join the items.
        items = items.prefetch_related(Prefetch("themes", queryset=ItemTheme.objects.order_by("item_id", "theme")))
    if counted and counted.ranked is not None:
        # PostgreSQL, already ranked: the page's items come with their headlines in one query.
        best = heapq.nsmallest(offset + per_page, counted.ranked)[offset:]
        found = items.annotate(snippet=_headline(query)).in_bulk([pk for _, pk in best])
        rows = [(pk, -negated, found[pk].snippet if pk in found else "") for negated, pk in best]
    else:
        if fts is None:
            rows = _browse_page(filters, offset, per_page, total)
        elif connection.vendor == "postgresql":
            rows = _page_postgres(query, filters, offset, per_page)
        else:
            rows = _page_sqlite(fts, filters, offset, per_page)
        found = items.in_bulk([r[0] for r in rows])
    hits = []
    for pk, score, snippet in rows:
        if pk in found:
            item = found[pk]
            # The copy's themes are the item's active themes, sorted, as the counts saw them.
            themes = list(snapshot.themes_of(pk)) if snapshot else [t.theme for t in item.active_themes]
            hits.append(Hit(item=item, snippet=render_snippet(snippet), score=float(score or 0.0), themes=themes))
    return SearchPage(query=query, hits=hits, total=total, page=page, per_page=per_page, facets=facets)


def search_items(user, query: str, filters: SearchFilters, *, page: int = 1, per_page: int = PER_PAGE) -> SearchPage:
    """A page of library items matching `query` and `filters`, best first, with facet counts.

    Every role may read the library; the check is here so no caller forgets it.
    """
    require(user, "library.view")
    return run_search(query, filters, page=page, per_page=per_page)
