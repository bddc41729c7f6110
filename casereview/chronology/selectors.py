"""Reads for the chronology pages: filters, keyset pages, the timeline picture, exports.

Callers have already passed access.py; these functions shape data, they do not
decide who may see it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import TruncMonth

from casereview.chronology.engine.merge import age_at
from casereview.chronology.models import DuplicateLink, DuplicateStatus, Entry, Episode
from casereview.reviews.models import IdentifierKind, Review
from casereview.tabular.dates import DAY, DateError, parse_date

PAGE_SIZE = 100


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
class Row:
    entry: Entry
    age: str
    interval: int | None
    episodes: list[str]
    duplicates: list[tuple[DuplicateLink, Entry]]


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

LABEL_WIDTH = 230
PLOT_WIDTH = 700
RIGHT_PAD = 20  # room for the last day's mark and the end of labels
LANE_HEIGHT = 34
TOP = 40
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


def timeline(review: Review, entries: QuerySet[Entry]) -> Timeline:
    """Agency swimlanes over time with key practice episodes shaded, as drawing instructions for SVG."""
    bounds = entries.aggregate(start=Min("date"), end=Max("latest"), n=Count("id"))
    agencies = list(
        entries.values("agency_id", "agency__name").annotate(n=Count("id")).order_by("agency__name")
    )
    height = TOP + LANE_HEIGHT * max(1, len(agencies)) + 30
    width = LABEL_WIDTH + PLOT_WIDTH + RIGHT_PAD
    empty = Timeline(width, height, [], [], [], [], None, None)
    if not bounds["n"]:
        return empty
    start, end = bounds["start"], bounds["end"]
    days = max(1, (end - start).days)

    def x(day: dt.date) -> float:
        return round(LABEL_WIDTH + (day - start).days / days * PLOT_WIDTH, 1)

    lane_of = {a["agency_id"]: i for i, a in enumerate(agencies)}
    lanes = [
        {"y": TOP + i * LANE_HEIGHT, "mid": TOP + i * LANE_HEIGHT + LANE_HEIGHT / 2, "name": a["agency__name"], "count": a["n"]}
        for i, a in enumerate(agencies)
    ]
    marks = []
    if bounds["n"] <= DAILY_MARK_LIMIT:
        for agency_id, first, last, precision, n in (
            entries.values_list("agency_id", "date", "latest", "precision").annotate(n=Count("id")).order_by()
        ):
            lane = lanes[lane_of[agency_id]]
            # Imprecise dates are drawn as a bar over the period they could fall in.
            marks.append({"x": x(first), "x2": x(last), "y": lane["mid"], "r": min(9, 3 + n), "n": n,
                          "bar": precision != DAY, "label": f"{lane['name']}: {n} on {first:%d/%m/%Y}"})
    else:
        for agency_id, month, n in (
            entries.annotate(month=TruncMonth("date")).values_list("agency_id", "month").annotate(n=Count("id")).order_by()
        ):
            lane = lanes[lane_of[agency_id]]
            marks.append({"x": x(month), "x2": x(month), "y": lane["mid"], "r": min(12, 2 + n ** 0.5), "n": n,
                          "bar": False, "label": f"{lane['name']}: {n} in {month:%B %Y}"})
    shaded = []
    for episode in Episode.objects.filter(review=review, end__gte=start, start__lte=end):
        left, right = x(max(episode.start, start)), x(min(episode.end, end))
        # Labels of episodes near the right edge end at the band's right side so they stay visible.
        near_end = left > LABEL_WIDTH + PLOT_WIDTH * 0.7
        shaded.append({"x": left, "width": max(2.0, right - left), "name": episode.name,
                       "label_x": right if near_end else left, "anchor": "end" if near_end else "start"})
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
    return Timeline(width, height, lanes, marks, shaded, ticks, start, end)


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
