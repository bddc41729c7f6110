"""Addresses for long tables: one reverse() a table, not one a row.

A page of 50 chronology entries links each entry's analysis and each possible duplicate's
decision (200+ links); the board report links 150+ actions. django.urls.reverse costs
about 20 µs of CPU each time, so these tables ask for the address once and put each
row's id into it.
"""

from __future__ import annotations

import operator
from collections.abc import Callable

from django.urls import reverse

_MARK = 987654321  # stands in for the row's id; any integer the URL pattern accepts


def per_id(name: str, *fixed: object) -> Callable[[int], str]:
    """`per_id("app:view", 3)(12)` == `reverse("app:view", args=[3, 12])`: the row's id is the last argument."""
    head, found, tail = reverse(name, args=[*fixed, _MARK]).rpartition(str(_MARK))
    if not found:  # the pattern does not put the id in the path as written: fall back to reverse
        return lambda pk: reverse(name, args=[*fixed, pk])
    return lambda pk: f"{head}{operator.index(pk)}{tail}"  # an int, or refused: never "12.7" -> 12
