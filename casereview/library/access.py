"""Permissioned reads of library entries and items (the library is readable by every role)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from casereview.core.access import require
from casereview.library.models import IngestBatch, LibraryEntry, LibraryItem, Source


def _items_with_themes() -> Prefetch:
    return Prefetch("items", queryset=LibraryItem.objects.prefetch_related("themes").order_by("kind", "number", "pk"))


def access_entry(user, pk: int) -> LibraryEntry:
    """An entry with its sources and items (404 when there is none)."""
    require(user, "library.view")
    return get_object_or_404(
        LibraryEntry.objects.prefetch_related(_items_with_themes(), "sources"), pk=pk)


def access_entry_for_correction(user, pk: int) -> LibraryEntry:
    require(user, "library.correct")
    return access_entry(user, pk)


def access_item_for_correction(user, pk: int) -> LibraryItem:
    require(user, "library.correct")
    return get_object_or_404(LibraryItem.objects.select_related("entry").prefetch_related("themes"), pk=pk)


def access_source(entry: LibraryEntry, source_id: str | None) -> Source | None:
    """The chosen source of an entry already checked, or its first."""
    sources = list(entry.sources.all())
    chosen = next((s for s in sources if str(s.pk) == (source_id or "")), None)
    return chosen or (sources[0] if sources else None)


def access_batch(user, pk: int) -> IngestBatch:
    """An upload batch of the user's own partnership, for a role that may add to the library (else 404)."""
    require(user, "library.ingest")
    return get_object_or_404(IngestBatch.objects.select_related("created_by"), pk=pk,
                             partnership_id=user.partnership_id)
