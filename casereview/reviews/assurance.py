"""The hook through which peer apps add sections to the board assurance report.

The board report lives in the actions app, and actions never imports its peers.
A peer (publishing: the reach of briefings and training) registers a builder
here from its AppConfig.ready(); the report asks `assurance_sections(...)` for
the sections to show on its page and PDF and to add to its CSV and XLSX.

A builder gets the user reading the report, the ids of the reviews the report
covers (already permissioned by the report) and the day; it returns an
`AssuranceSection`, or None when it has nothing to show this user.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Table:
    """One table of a section as data, for the CSV (after the actions) and the XLSX (a sheet of its own)."""

    name: str  # at most 31 characters: it names the XLSX sheet
    header: list[str]
    rows: list[list]


@dataclass(frozen=True)
class AssuranceSection:
    key: str
    title: str
    template: str  # included in the report body (page and PDF) with `section` in the context
    context: dict[str, Any] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)


SectionBuilder = Callable[[Any, list[int], dt.date], AssuranceSection | None]

_builders: dict[str, tuple[int, SectionBuilder]] = {}


def register_assurance_section(key: str, builder: SectionBuilder, *, order: int = 50) -> None:
    """Add (or replace) the section `key` of the board assurance report."""
    _builders[key] = (order, builder)


def unregister_assurance_section(key: str) -> None:
    _builders.pop(key, None)


def assurance_sections(user: Any, review_ids: Iterable[int], today: dt.date) -> list[AssuranceSection]:
    """The registered sections for this report, in order; builders with nothing to show are left out."""
    ids = sorted(set(review_ids))
    built = []
    for _key, (_order, builder) in sorted(_builders.items(), key=lambda item: (item[1][0], item[0])):
        section = builder(user, ids, today)
        if section is not None:
            built.append(section)
    return built
