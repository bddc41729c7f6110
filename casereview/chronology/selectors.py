"""Reads for the chronology pages: filters, keyset pages, the timeline picture, exports.

Callers have already passed access.py; these functions shape data, they do not
decide who may see it.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import TruncMonth

from casereview.chronology import access, uploads
from casereview.chronology.engine.imports import find_header_row
from casereview.chronology.engine.merge import age_at
from casereview.chronology.models import DuplicateLink, DuplicateStatus, Entry, Episode
from casereview.reviews.models import IdentifierKind, Review
from casereview.tabular.dates import DAY, DateError, parse_date
from casereview.tabular.reader import TabularError, read_table

PAGE_SIZE = 50


def child_date_of_birth(review: Review) -> dt.date | None:
    """The child's date of birth from the review's restricted identifiers, used only to compute ages.

    Prefers an identifier labelled as the child's; a value that is not a whole date gives no ages.
    """
    identifiers = list(review.restricted_identifiers.filter(kind=IdentifierKind.DATE_OF_BIRTH))
    identifiers.sort(key=lambda i: "child" not in i.label.lower())
    for identifier in identifiers:
        try:
            parsed = parse_date(identifier.value)
        except DateError:
            continue
        if parsed.precision == DAY:
            return parsed.date
    return None


@dataclass
class Filters:
    agency: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    episode: Episode | None = None
    significance: bool = False
    errors: list[str] = field(default_factory=list)

    def query(self) -> dict[str, str]:
        """The filters as GET parameters, for links that keep them."""
        params: dict[str, str] = {}
        if self.agency:
            params["agency"] = str(self.agency)
        if self.date_from:
            params["from"] = self.date_from.isoformat()
        if self.date_to:
            params["to"] = self.date_to.isoformat()
        if self.episode:
            params["episode"] = str(self.episode.pk)
        if self.significance:
            params["significance"] = "noted"
        return params

    def apply(self, entries: QuerySet[Entry]) -> QuerySet[Entry]:
        if self.agency:
            entries = entries.filter(agency_id=self.agency)
        start, end = self.date_from, self.date_to
        if self.episode:
            start = max(filter(None, [start, self.episode.start]))
            end = min(filter(None, [end, self.episode.end]))
        # An entry is in a range when the period it could fall in overlaps it.
        if start:
            entries = entries.filter(latest__gte=start)
        if end:
            entries = entries.filter(date__lte=end)
        if self.significance:
            entries = entries.exclude(significance="")
        return entries


def _filter_date(raw: str, label: str, errors: list[str]) -> dt.date | None:
    if not raw:
        return None
    try:
        parsed = parse_date(raw)
    except DateError as exc:
        errors.append(f"{label}: {exc}")
        return None
    return parsed.date


def parse_filters(review: Review, params: Mapping[str, str]) -> Filters:
    """Filters from GET parameters; a bad value is reported, never guessed."""
    errors: list[str] = []
    filters = Filters(errors=errors)
    try:
        filters.agency = int(params.get("agency") or 0) or None
    except ValueError:
        errors.append("Agency: choose an agency from the list")
    filters.date_from = _filter_date(params.get("from", "").strip(), "From", errors)
    filters.date_to = _filter_date(params.get("to", "").strip(), "To", errors)
    if params.get("episode"):
        try:
            filters.episode = Episode.objects.filter(review=review, pk=int(params["episode"])).first()
        except ValueError:
            filters.episode = None
        if filters.episode is None:
            errors.append("Episode: choose an episode from the list")
    filters.significance = params.get("significance") == "noted"
    return filters


@dataclass
class Counts:
    """What the summary line says: entries and agencies shown, and of how many when filtered."""

    entries: int
    agencies: int
    all_entries: int
    all_agencies: int
    filtered: bool


def shown_counts(everything: QuerySet[Entry], shown: QuerySet[Entry], *, filtered: bool, shown_total: int) -> Counts:
    """Counts for "12 of 48 entries, from 2 of 4 agencies": filters change what the line says."""
    agencies = shown.order_by().values("agency_id").distinct().count()
    if not filtered:
        return Counts(shown_total, agencies, shown_total, agencies, False)
    return Counts(shown_total, agencies, everything.count(), everything.order_by().values("agency_id").distinct().count(), True)


@dataclass
class Row:
    entry: Entry
    age: str
    interval: int | None
    episodes: list[str]
    duplicates: list[tuple[DuplicateLink, Entry]]
    # An exact-day entry with no time beside timed entries of the same day: said, so that
    # its place after them (see tabular.dates) is not read as "happened later".
    time_not_recorded: bool = False


@dataclass
class Page:
    rows: list[Row]
    next_cursor: str | None
    previous_cursor: str | None
    total: int


def _cursor(entry: Entry) -> str:
    return f"{entry.sort_key}~{entry.pk}"


def _split_cursor(raw: str) -> tuple[str, int] | None:
    key, _, pk = raw.partition("~")
    if not key or not pk.isdigit():
        return None
    return key, int(pk)


def _before(entries: QuerySet[Entry], key: str, pk: int) -> QuerySet[Entry]:
    return entries.filter(sort_key__lte=key).filter(Q(sort_key__lt=key) | Q(pk__lt=pk))


def entries_page(
    entries: QuerySet[Entry],
    review: Review,
    *,
    after: str = "",
    before: str = "",
    size: int | None = None,
    date_of_birth: dt.date | None = None,
    with_links: bool = True,
) -> Page:
    """One keyset page of `entries` (already filtered and ordered by sort key, id).

    Keyset rather than OFFSET, so the 1,000th page costs what the first does; the
    (review, is_current, sort_key, id) index serves it.
    """
    size = size or PAGE_SIZE
    total = entries.count()
    position_after = _split_cursor(after) if after else None
    position_before = _split_cursor(before) if before else None
    base = entries.select_related("agency", "analysis")
    if position_before:
        key, pk = position_before
        chunk = list(_before(base, key, pk).order_by("-sort_key", "-id")[: size + 1])
        has_more_before = len(chunk) > size
        page = list(reversed(chunk[:size]))
        has_more_after = True
    else:
        if position_after:
            key, pk = position_after
            # The plain range on sort_key first lets the index start the scan at the cursor.
            base = base.filter(sort_key__gte=key).filter(Q(sort_key__gt=key) | Q(pk__gt=pk))
        chunk = list(base.order_by("sort_key", "id")[: size + 1])
        has_more_after = len(chunk) > size
        page = chunk[:size]
        has_more_before = position_after is not None

    previous_date: dt.date | None = None
    if page and (position_after or position_before):
        # The interval of the page's first row needs the entry before it (none on the first page).
        previous_date = (
            _before(entries, page[0].sort_key, page[0].pk).order_by("-sort_key", "-id").values_list("date", flat=True).first()
        )

    episodes = list(Episode.objects.filter(review=review))
    links: dict[int, list[tuple[DuplicateLink, Entry]]] = {}
    if with_links and page:
        ids = [e.pk for e in page]
        for link in DuplicateLink.objects.filter(Q(first_id__in=ids) | Q(second_id__in=ids)).exclude(
            status=DuplicateStatus.DIFFERENT
        ).select_related("first__agency", "second__agency"):
            if not (link.first.is_current and link.second.is_current):
                continue
            links.setdefault(link.first_id, []).append((link, link.second))
            links.setdefault(link.second_id, []).append((link, link.first))

    timed_days = {(e.date, e.precision) for e in page if e.time}
    rows = []
    for entry in page:
        interval = None if previous_date is None else (entry.date - previous_date).days
        previous_date = entry.date
        rows.append(
            Row(
                entry=entry,
                age=age_at(date_of_birth, entry.date, entry.precision) if date_of_birth else "",
                interval=interval,
                episodes=[ep.name for ep in episodes if ep.start <= entry.latest and entry.date <= ep.end],
                duplicates=links.get(entry.pk, []),
                time_not_recorded=not entry.time and entry.precision == DAY and (entry.date, DAY) in timed_days,
            )
        )
    return Page(
        rows=rows,
        next_cursor=_cursor(page[-1]) if page and has_more_after else None,
        previous_cursor=_cursor(page[0]) if page and has_more_before else None,
        total=total,
    )


# ---------------------------------------------------------------------------
# Timeline picture
# ---------------------------------------------------------------------------

PLOT_WIDTH = 700
RIGHT_PAD = 20  # room for the last day's mark
LANE_HEIGHT = 34
LINE_HEIGHT = 16
TOP = 40
# Widths are computed, never guessed short: an average Arial character is about 0.55em,
# so 0.6em per character is safely wide for the 13px lane labels and 12px tips/episodes.
LABEL_CHAR = 13 * 0.6
SMALL_CHAR = 12 * 0.6
LABEL_WRAP = 28  # characters a line before an agency name wraps
TIP_WRAP = 60
# Above this many entries, marks are counted per agency and month rather than per day.
DAILY_MARK_LIMIT = 5000


@dataclass
class Timeline:
    width: int
    height: int
    lanes: list[dict[str, Any]]
    marks: list[dict[str, Any]]
    episodes: list[dict[str, Any]]
    ticks: list[dict[str, Any]]
    start: dt.date | None
    end: dt.date | None
    label_width: int = 0


def _lines(text: str, width: int, limit: int | None = None) -> list[str]:
    lines = textwrap.wrap(text, width, break_long_words=True) or [""]
    if limit and len(lines) > limit:
        lines = lines[:limit]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def _tip(x: float, y: float, lines: list[str], width: int) -> dict[str, Any]:
    """A summary box for a mark, kept inside the picture: above the mark, or below it near the top."""
    box_w = round(max(len(line) for line in lines) * SMALL_CHAR + 16)
    box_h = len(lines) * LINE_HEIGHT + 8
    left = min(max(0.0, x - box_w / 2), width - box_w)
    top = y - 14 - box_h if y - 14 - box_h >= 0 else y + 14
    return {"x": round(left, 1), "y": round(top, 1), "w": box_w, "h": box_h,
            "lines": [{"text": line, "y": round(top + 4 + (i + 1) * LINE_HEIGHT - 4, 1)} for i, line in enumerate(lines)]}


def timeline(review: Review, entries: QuerySet[Entry], *, link: Callable[[dict[str, str], int | None], str]) -> Timeline:
    """Agency swimlanes over time with key practice episodes shaded, as drawing instructions for SVG.

    `link(params, entry_pk)` makes the href of a mark: the integrated chronology from the
    mark's first entry (`after` cursor), or filtered to the month when marks count months.
    Every label is drawn whole: agency names wrap, and the label column is as wide as its
    longest line.
    """
    bounds = entries.aggregate(start=Min("date"), end=Max("latest"), n=Count("id"))
    agencies = list(
        entries.values("agency_id", "agency__name").annotate(n=Count("id")).order_by("agency__name")
    )
    lanes: list[dict[str, Any]] = []
    y = TOP
    for a in agencies:
        lines = _lines(a["agency__name"], LABEL_WRAP)
        count = f"({a['n']})"
        if len(lines[-1]) + 1 + len(count) <= LABEL_WRAP:
            lines[-1] = f"{lines[-1]} {count}"
        else:
            lines.append(count)
        height = max(LANE_HEIGHT, len(lines) * LINE_HEIGHT + 10)
        first_baseline = y + height / 2 - (len(lines) - 1) * LINE_HEIGHT / 2 + 4
        lanes.append({"y": y, "height": height, "mid": y + height / 2, "name": a["agency__name"], "count": a["n"],
                      "lines": [{"text": line, "y": round(first_baseline + i * LINE_HEIGHT, 1)} for i, line in enumerate(lines)]})
        y += height
    label_width = round(max([160.0] + [len(line["text"]) * LABEL_CHAR + 16 for lane in lanes for line in lane["lines"]]))
    height = round(y + 30 if lanes else TOP + LANE_HEIGHT + 30)
    width = label_width + PLOT_WIDTH + RIGHT_PAD
    if not bounds["n"]:
        return Timeline(width, height, [], [], [], [], None, None, label_width)
    start, end = bounds["start"], bounds["end"]
    days = max(1, (end - start).days)

    def x(day: dt.date) -> float:
        return round(label_width + (day - start).days / days * PLOT_WIDTH, 1)

    lane_of = {a["agency_id"]: lanes[i] for i, a in enumerate(agencies)}
    marks = []
    if bounds["n"] <= DAILY_MARK_LIMIT:
        groups = list(
            entries.values_list("agency_id", "date", "latest", "precision")
            .annotate(n=Count("id"), first_key=Min("sort_key")).order_by()
        )
        # The first entry of each group, in chronology order, for its summary and link target.
        firsts: dict[tuple, Entry] = {}
        for entry in entries.order_by("sort_key", "id").only("id", "agency_id", "date", "latest", "precision",
                                                             "date_raw", "time", "event", "sort_key"):
            firsts.setdefault((entry.agency_id, entry.date, entry.latest, entry.precision), entry)
        for agency_id, first, last, precision, n, first_key in groups:
            lane = lane_of[agency_id]
            entry = firsts[(agency_id, first, last, precision)]
            when = entry.date_label + (f" {entry.time}" if entry.time and n == 1 else "")
            summary = entry.event if n == 1 else f"{n} entries. First: {entry.event}"
            # Imprecise dates are drawn as a bar over the period they could fall in.
            mark = {"x": x(first), "x2": x(last), "y": lane["mid"], "r": min(9, 3 + n), "n": n, "bar": precision != DAY,
                    "label": f"{when}, {lane['name']}: {summary}",
                    "href": link({"after": f"{first_key}~0"}, entry.pk)}
            mark["tip"] = _tip(mark["x"], mark["y"], [f"{when}, {lane['name']}", *_lines(summary, TIP_WRAP, 2)], width)
            marks.append(mark)
    else:
        for agency_id, month, n in (
            entries.annotate(month=TruncMonth("date")).values_list("agency_id", "month").annotate(n=Count("id")).order_by()
        ):
            lane = lane_of[agency_id]
            month_end = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1) - dt.timedelta(days=1)
            mark = {"x": x(month), "x2": x(month), "y": lane["mid"], "r": min(12, 2 + n ** 0.5), "n": n, "bar": False,
                    "label": f"{month:%B %Y}, {lane['name']}: {n} entries",
                    "href": link({"agency": str(agency_id), "from": f"{month:%d/%m/%Y}", "to": f"{month_end:%d/%m/%Y}"}, None)}
            mark["tip"] = _tip(mark["x"], mark["y"], [f"{month:%B %Y}, {lane['name']}", f"{n} entries: select to list them"],
                               width)
            marks.append(mark)
    shaded = []
    for episode in Episode.objects.filter(review=review, end__gte=start, start__lte=end):
        left, right = x(max(episode.start, start)), x(min(episode.end, end))
        # The whole name is drawn: it runs right from the band unless that would leave the picture.
        fits = left + len(episode.name) * SMALL_CHAR * 1.1 <= width
        shaded.append({"x": left, "width": max(2.0, right - left), "name": episode.name,
                       "label_x": left if fits else right, "anchor": "start" if fits else "end"})
    ticks = []
    years = range(start.year, end.year + 2)
    step = max(1, len(years) // 10)
    for year in years[::step]:
        day = dt.date(year, 1, 1)
        if start <= day <= end:
            ticks.append({"x": x(day), "label": str(year)})
    if len(ticks) < 2:
        # Under two years: quarters (or months) labelled with the year, instead of year ticks.
        ticks = []
        for month in range(1, 13, 3 if days > 200 else 1):
            for year in range(start.year, end.year + 1):
                day = dt.date(year, month, 1)
                if start <= day <= end:
                    ticks.append({"x": x(day), "label": day.strftime("%b %Y")})
    ticks.sort(key=lambda t: t["x"])
    return Timeline(width, height, lanes, marks, shaded, ticks, start, end, label_width)


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------

EXPORT_HEADERS = [
    "Date", "Date precision", "Date as written", "Time", "Age", "Days since previous", "Agency", "Agency or service in the row",
    "Source", "Event", "Action taken", "Significance (agency)", "Reviewer analysis", "Key practice episodes",
    "Possible duplicate of", "File", "Row",
]


def export_rows(review: Review, entries: QuerySet[Entry]) -> Iterator[list[Any]]:
    """Every filtered entry as a row of the export, in integrated order."""
    date_of_birth = child_date_of_birth(review)
    episodes = list(Episode.objects.filter(review=review))
    partners: dict[int, list[str]] = {}
    links = DuplicateLink.objects.filter(review=review, first__is_current=True, second__is_current=True).exclude(
        status=DuplicateStatus.DIFFERENT
    )
    for first, second, first_agency, first_date, second_agency, second_date in links.values_list(
        "first_id", "second_id", "first__agency__name", "first__date", "second__agency__name", "second__date"
    ):
        partners.setdefault(first, []).append(f"{second_agency} {second_date:%d/%m/%Y}")
        partners.setdefault(second, []).append(f"{first_agency} {first_date:%d/%m/%Y}")
    previous: dt.date | None = None
    for entry in entries.select_related("agency", "analysis").order_by("sort_key", "id").iterator(chunk_size=2000):
        analysis = getattr(entry, "analysis", None)
        yield [
            entry.date, entry.get_precision_display(), entry.date_raw, entry.time or None,
            age_at(date_of_birth, entry.date, entry.precision) if date_of_birth else "",
            None if previous is None else (entry.date - previous).days,
            entry.agency.name, entry.agency_label, entry.source, entry.event, entry.action, entry.significance,
            analysis.text if analysis else "",
            "; ".join(ep.name for ep in episodes if ep.start <= entry.latest and entry.date <= ep.end),
            ", ".join(partners.get(entry.pk, [])), entry.file_name, entry.row,
        ]
        previous = entry.date


def pending_header(pending) -> tuple[int, tuple[Any, ...]] | None:
    """The header row (number, cells) of a pending upload's file, for the column-mapping page.

    Preconditions: `pending` came from access.access_pending_upload. A file that can no
    longer be read counts as expired (the user uploads it again).
    """
    try:
        table = read_table(uploads.read(pending.stored_name, pending.original_name), name=pending.original_name,
                           sheet=pending.sheet or None, max_bytes=settings.MAX_SPREADSHEET_BYTES)
    except (TabularError, OSError):
        raise access.UploadExpired() from None
    return find_header_row(table)
