"""Vocabularies and regular expressions of the chronology engine, in one place.

Headers are compared after `headers.normalise_header` (lower case, parenthesised
notes dropped, punctuation to spaces), so every entry here is written in that
normalised form. Matching is exact against these lists: a header that is not
listed is never guessed at, it goes to the explicit mapping step.
"""

from __future__ import annotations

# The fields an agency chronology row is read into. "datetime" is a combined
# "Date/Time" column; "ignore" is only for mappings (drop a column on purpose).
FIELDS: tuple[str, ...] = ("date", "datetime", "time", "agency", "source", "event", "action", "significance")
IGNORE = "ignore"
MAPPABLE_FIELDS: tuple[str, ...] = FIELDS + (IGNORE,)

HEADER_VOCABULARY: dict[str, frozenset[str]] = {
    "date": frozenset(
        {
            "date",
            "dates",
            "date of contact",
            "contact date",
            "event date",
            "date of event",
            "incident date",
            "date of incident",
            "entry date",
            "date of entry",
            "date of involvement",
            "date seen",
        }
    ),
    "datetime": frozenset(
        {
            "date time",
            "datetime",
            "date and time",
            "time and date",
            "date time of contact",
            "date and time of contact",
            "date time of event",
            "date and time of event",
        }
    ),
    "time": frozenset({"time", "time of contact", "time of event", "event time", "contact time"}),
    "agency": frozenset(
        {
            "agency",
            "organisation",
            "organization",
            "agency name",
            "organisation name",
            "organization name",
            "agency organisation",
            "agency service",
            "agency or organisation",
        }
    ),
    "source": frozenset(
        {
            "source",
            "record",
            "source record",
            "record source",
            "source of information",
            "information source",
            "source document",
            "source of record",
            "record reference",
            "source reference",
        }
    ),
    "event": frozenset(
        {
            "event",
            "events",
            "details",
            "what happened",
            "event details",
            "details of event",
            "details of contact",
            "details of incident",
            "description",
            "event description",
            "description of event",
            "key event",
            "key events",
            "summary",
            "contact summary",
            "narrative",
            "event incident",
        }
    ),
    "action": frozenset(
        {
            "action",
            "actions",
            "action taken",
            "actions taken",
            "outcome",
            "outcomes",
            "action outcome",
            "outcome action",
            "action taken outcome",
            "outcome action taken",
            "action taken or why not",
            "action taken or reason not taken",
            "outcome of contact",
        }
    ),
    "significance": frozenset(
        {
            "significance",
            "analysis",
            "comments",
            "comment",
            "significance analysis",
            "analysis significance",
            "significance comments",
            "analysis comments",
            "significance of event",
            "agency analysis",
            "agency comments",
            "professional analysis",
            "relevance",
        }
    ),
}

# Reverse index: normalised header -> field.
HEADER_TO_FIELD: dict[str, str] = {
    header: field for field, headers in HEADER_VOCABULARY.items() for header in headers
}

# How far down a sheet the header row may be (title rows, notes, blank rows above it).
HEADER_SEARCH_ROWS = 30

# ---------------------------------------------------------------------------
# Merge
# ---------------------------------------------------------------------------

DEFAULT_GAP_DAYS = 28
DEFAULT_DUPLICATE_THRESHOLD = 85.0
# Possible duplicates are looked for among entries this many days apart or fewer.
DUPLICATE_WINDOW_DAYS = 1

# When two agencies record the same event, each names the *other* agencies ("strategy
# discussion with police and health" / "... with children's social care and health").
# These words are left out when texts are compared for duplicates, so that those
# differences do not hide the match. Single words, as rapidfuzz's default_process
# leaves them (lower case, punctuation gone: "children's" is "children s").
AGENCY_WORDS = frozenset(
    "police constabulary officer officers health hv social care children childrens s csc services mash "
    "gp surgery hospital midwife midwifery school nursery education housing probation ambulance camhs".split()
)
