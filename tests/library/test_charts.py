"""The themes page's charts: labels are never cut, and the by-year view shows shares a board can read."""

from __future__ import annotations

from casereview.library import charts

LONG = "Professional curiosity and challenge between agencies working with the family"


def test_the_bar_chart_label_column_holds_the_longest_label_whole():
    chart = charts.bar_chart([{"label": LONG, "items": 4}, {"label": "Dogs", "items": 2}], value="items")
    assert chart["label_x"] >= len(LONG) * 14 * charts.CHAR  # right-aligned text ends at label_x and starts >= 0
    assert chart["bar_x"] > chart["label_x"] and chart["width"] >= chart["bar_x"] + max(b["width"] for b in chart["bars"])


def test_co_occurrence_columns_are_numbered_and_rows_carry_the_key():
    themes = [("curiosity", LONG), ("dogs", "Dogs and animals")]
    matrix = charts.cooccurrence_matrix(themes, {("curiosity", "dogs"): 2, ("dogs", "curiosity"): 2})
    assert [c["number"] for c in matrix["cols"]] == [1, 2]
    assert [r["label"] for r in matrix["rows"]] == [f"1. {LONG}", "2. Dogs and animals"]
    assert matrix["label_x"] >= len(f"1. {LONG}") * 13 * charts.CHAR
    assert all(c["y"] > 0 for c in matrix["cols"])  # header numbers sit inside the picture


def _by_year(counts: dict[int, int]) -> list[dict]:
    return [{"theme": "dogs", "label": "Dogs and animals", "cells": [{"year": y, "entries": n} for y, n in counts.items()]}]


def test_by_year_shows_the_share_of_each_years_reviews():
    years = [2021, 2022, 2023]
    heatmap = charts.year_heatmap(_by_year({2021: 1, 2022: 3, 2023: 0}), years, {2021: 4, 2022: 3, 2023: 5})
    assert heatmap["shown"] and [c["name"] for c in heatmap["columns"]] == ["2021", "2022", "2023"]
    assert [(f["entries"], f["reviews"], f["percent"]) for f in heatmap["rows"][0]["figures"]] == [(1, 4, 25), (3, 3, 100), (0, 5, 0)]


def test_years_with_few_reviews_are_grouped_into_periods():
    years = [2019, 2020, 2021, 2022, 2023, 2024]
    reviews = {2019: 1, 2020: 1, 2021: 1, 2022: 2, 2023: 1, 2024: 1}
    assert charts.periods(years, reviews) == [[2019, 2020, 2021], [2022, 2023, 2024]]
    heatmap = charts.year_heatmap(_by_year({2019: 1, 2020: 1, 2021: 0, 2022: 1, 2023: 0, 2024: 0}), years, reviews)
    assert [c["name"] for c in heatmap["columns"]] == ["2019–2021", "2022–2024"] and heatmap["grouped"]
    assert [f["percent"] for f in heatmap["rows"][0]["figures"]] == [67, 25]


def test_by_year_is_left_out_with_the_reason_when_there_are_too_few_years_or_reviews():
    two_years = charts.year_heatmap(_by_year({2022: 3, 2023: 4}), [2022, 2023], {2022: 10, 2023: 10})
    assert not two_years["shown"] and "at least 3 years" in two_years["why"]
    one_each = charts.year_heatmap(_by_year({2020: 1, 2021: 1, 2022: 1, 2023: 1}), [2020, 2021, 2022, 2023],
                                   {2020: 1, 2021: 1, 2022: 1, 2023: 1})
    assert not one_each["shown"] and "4 reviews with a known year, over 4 years" in one_each["why"]
