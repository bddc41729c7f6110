"""Geometry for the themes page's inline SVG charts (the templates draw; this module measures).

Charts are plain SVG so they need no JavaScript and print well; each chart has a
table with the same figures for screen readers and for copying. Nothing is clipped:
label columns are as wide as their longest label (measured at 0.6em a character,
safely wider than Arial's average), and the co-occurrence columns are numbered, with
the rows as the key, instead of long rotated headers.
"""

from __future__ import annotations

ROW = 24
CHAR = 0.6  # of the font size: a safe upper bound for the average width of a character
MIN_LABEL_WIDTH = 120
# The by-year view compares shares, which mean little over one or two reviews: years are
# grouped into periods of at least this many reviews, and the view is left out (with why)
# when the library spans fewer than MIN_YEARS years or gives fewer than two periods.
MIN_YEARS = 3
MIN_REVIEWS_PER_PERIOD = 3


def label_width(labels: list[str], font_size: int = 14) -> int:
    """Width of a right-aligned label column that holds the longest label whole."""
    return max([MIN_LABEL_WIDTH] + [round(len(label) * font_size * CHAR) + 16 for label in labels])


def bar_chart(rows: list[dict], *, value: str, plot: int = 420) -> dict:
    """Horizontal bars, one row per theme, scaled to the largest value."""
    left = label_width([row["label"] for row in rows])
    top = max((row[value] for row in rows), default=0) or 1
    bars = [{"label": row["label"], "value": row[value], "y": i * ROW, "text_y": i * ROW + ROW * 0.65,
             "width": max(1, round(plot * row[value] / top)), "value_x": left + 6 + round(plot * row[value] / top)}
            for i, row in enumerate(rows)]
    return {"width": left + plot + 60, "height": max(ROW, len(rows) * ROW), "label_width": left, "bar_x": left,
            "bars": bars, "label_x": left - 8}


def _shade(share: float) -> str:
    """White to GOV.UK blue (#1d70b8) by share, so darker means more common."""
    share = min(max(share, 0.0), 1.0)
    r, g, b = (round(255 + (c - 255) * share) for c in (0x1D, 0x70, 0xB8))
    return f"#{r:02x}{g:02x}{b:02x}"


def periods(years: list[int], reviews_by_year: dict[int, int]) -> list[list[int]]:
    """Consecutive years grouped so each period holds at least MIN_REVIEWS_PER_PERIOD reviews.

    A short last group joins the one before it, so no column rests on one or two reviews.
    """
    groups: list[list[int]] = []
    current: list[int] = []
    for year in sorted(years):
        current.append(year)
        if sum(reviews_by_year.get(y, 0) for y in current) >= MIN_REVIEWS_PER_PERIOD:
            groups.append(current)
            current = []
    if current:
        if groups:
            groups[-1].extend(current)
        else:
            groups.append(current)
    return groups


def _period_name(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def year_heatmap(by_year: list[dict], years: list[int], reviews_by_year: dict[int, int], *, cell: int = 84) -> dict:
    """Themes down, periods across; each cell the share of the period's reviews with the theme.

    Returns `shown: False` with `why` when there are too few years or reviews to compare.
    """
    groups = periods(years, reviews_by_year)
    total = sum(reviews_by_year.get(y, 0) for y in years)
    if len(years) < MIN_YEARS or len(groups) < 2:
        return {"shown": False, "why": (
            f"The library has {total} review{'s' if total != 1 else ''} with a known year, over {len(years)} "
            f"year{'s' if len(years) != 1 else ''}. Themes by year is shown once the reviews span at least {MIN_YEARS} "
            f"years and can be grouped into at least two periods of {MIN_REVIEWS_PER_PERIOD} or more reviews; "
            "a share of one or two reviews would say nothing a board could use.")}
    left = label_width([row["label"] for row in by_year])
    columns = [{"name": _period_name(group), "reviews": sum(reviews_by_year.get(y, 0) for y in group), "years": group}
               for group in groups]
    rows = []
    cells = []
    for i, row in enumerate(by_year):
        per_year = {c["year"]: c["entries"] for c in row["cells"]}
        figures = []
        for j, column in enumerate(columns):
            n = sum(per_year.get(y, 0) for y in column["years"])
            share = n / column["reviews"] if column["reviews"] else 0.0
            figure = {"entries": n, "reviews": column["reviews"], "percent": round(share * 100), "period": column["name"]}
            figures.append(figure)
            cells.append({**figure, "x": left + j * cell, "y": 30 + i * ROW, "w": cell - 2, "h": ROW - 2,
                          "fill": _shade(share), "label": row["label"], "text_x": left + j * cell + cell / 2 - 1,
                          "text_y": 30 + i * ROW + ROW * 0.65, "dark": share > 0.5})
        rows.append({"label": row["label"], "y": 30 + i * ROW + ROW * 0.65, "figures": figures})
    return {"shown": True, "width": left + cell * len(columns) + 10, "height": 30 + ROW * max(1, len(by_year)),
            "columns": [{**c, "x": left + j * cell + cell / 2} for j, c in enumerate(columns)],
            "rows": rows, "cells": cells, "label_x": left - 8,
            "grouped": any(len(c["years"]) > 1 for c in columns)}


def cooccurrence_matrix(themes: list[tuple[str, str]], counts: dict[tuple[str, str], int], *,
                        cell: int = 26) -> dict:
    """A symmetric matrix: how many items carry both themes (the diagonal: items with the theme).

    Columns are numbered; row labels carry the same numbers, so the rows are the key.
    """
    top = max((n for (a, b), n in counts.items() if a != b), default=0) or 1
    names = [f"{i + 1}. {label}" for i, (_, label) in enumerate(themes)]
    left = label_width(names, font_size=13)
    header = 28
    cells = []
    for i, (row_id, row_label) in enumerate(themes):
        for j, (col_id, col_label) in enumerate(themes):
            n = counts.get((row_id, col_id), 0)
            diagonal = i == j
            cells.append({"x": left + j * cell, "y": header + i * cell, "size": cell - 2, "n": n,
                          "fill": "#b1b4b6" if diagonal else _shade(n / top) if n else "#ffffff",
                          "row": row_label, "col": col_label, "diagonal": diagonal,
                          "text_x": left + j * cell + cell / 2 - 1, "text_y": header + i * cell + cell * 0.68,
                          "dark": not diagonal and n / top > 0.5})
    return {"width": left + cell * max(1, len(themes)) + 10, "height": header + cell * max(1, len(themes)) + 10,
            "rows": [{"label": names[i], "y": header + i * cell + cell * 0.68} for i in range(len(themes))],
            "cols": [{"number": i + 1, "label": label, "x": left + i * cell + cell / 2 - 1, "y": header - 8}
                     for i, (_, label) in enumerate(themes)],
            "cells": cells, "label_x": left - 8}
