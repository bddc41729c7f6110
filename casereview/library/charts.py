"""Geometry for the themes page's inline SVG charts (the templates draw; this module measures).

Charts are plain SVG so they need no JavaScript and print well; each chart has a
table with the same figures for screen readers and for copying.
"""

from __future__ import annotations

LABEL_WIDTH = 260
ROW = 24


def bar_chart(rows: list[dict], *, value: str, width: int = 720) -> dict:
    """Horizontal bars, one row per theme, scaled to the largest value."""
    top = max((row[value] for row in rows), default=0) or 1
    plot = width - LABEL_WIDTH - 60
    bars = [{"label": row["label"], "value": row[value], "y": i * ROW, "text_y": i * ROW + ROW * 0.65,
             "width": max(1, round(plot * row[value] / top)), "value_x": LABEL_WIDTH + 6 + round(plot * row[value] / top)}
            for i, row in enumerate(rows)]
    return {"width": width, "height": max(ROW, len(rows) * ROW), "label_width": LABEL_WIDTH, "bar_x": LABEL_WIDTH,
            "bars": bars, "label_x": LABEL_WIDTH - 8}


def _shade(share: float) -> str:
    """White to GOV.UK blue (#1d70b8) by share, so darker means more common."""
    share = min(max(share, 0.0), 1.0)
    r, g, b = (round(255 + (c - 255) * share) for c in (0x1D, 0x70, 0xB8))
    return f"#{r:02x}{g:02x}{b:02x}"


def year_heatmap(by_year: list[dict], years: list[int], *, cell: int = 44) -> dict:
    """Themes down, years across; shade = share of that year's reviews with the theme."""
    cells = []
    for i, row in enumerate(by_year):
        for j, c in enumerate(row["cells"]):
            cells.append({"x": LABEL_WIDTH + j * cell, "y": 30 + i * ROW, "w": cell - 2, "h": ROW - 2,
                          "fill": _shade(c["share"]), "entries": c["entries"], "year": c["year"],
                          "label": row["label"], "text_x": LABEL_WIDTH + j * cell + cell / 2 - 1,
                          "text_y": 30 + i * ROW + ROW * 0.65, "dark": c["share"] > 0.5})
    return {"width": LABEL_WIDTH + cell * max(1, len(years)) + 10, "height": 30 + ROW * max(1, len(by_year)),
            "years": [{"year": y, "x": LABEL_WIDTH + j * cell + cell / 2} for j, y in enumerate(years)],
            "rows": [{"label": row["label"], "y": 30 + i * ROW + ROW * 0.65} for i, row in enumerate(by_year)],
            "cells": cells, "label_x": LABEL_WIDTH - 8}


def cooccurrence_matrix(themes: list[tuple[str, str]], counts: dict[tuple[str, str], int], *,
                        cell: int = 22) -> dict:
    """A symmetric matrix: how many items carry both themes (the diagonal: items with the theme)."""
    top = max((n for (a, b), n in counts.items() if a != b), default=0) or 1
    header = 200
    cells = []
    for i, (row_id, row_label) in enumerate(themes):
        for j, (col_id, col_label) in enumerate(themes):
            n = counts.get((row_id, col_id), 0)
            diagonal = i == j
            cells.append({"x": LABEL_WIDTH + j * cell, "y": header + i * cell, "size": cell - 2, "n": n,
                          "fill": "#b1b4b6" if diagonal else _shade(n / top) if n else "#ffffff",
                          "row": row_label, "col": col_label, "diagonal": diagonal,
                          "text_x": LABEL_WIDTH + j * cell + cell / 2 - 1, "text_y": header + i * cell + cell * 0.68,
                          "dark": not diagonal and n / top > 0.5})
    return {"width": LABEL_WIDTH + cell * max(1, len(themes)) + 10, "height": header + cell * max(1, len(themes)) + 10,
            "rows": [{"label": label, "y": header + i * cell + cell * 0.68} for i, (_, label) in enumerate(themes)],
            "cols": [{"label": label, "x": LABEL_WIDTH + i * cell + cell / 2, "y": header - 6}
                     for i, (_, label) in enumerate(themes)],
            "cells": cells, "label_x": LABEL_WIDTH - 8}
