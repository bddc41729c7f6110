"""Reviewer corrections to items and themes: kept, audited, and not lost on re-ingest."""

from __future__ import annotations

import pytest

from casereview.audit.models import AuditEvent
from casereview.core.refusals import Refused
from casereview.library.models import LibraryItem
from casereview.library.services import correct_item, ingest_file, set_item_themes


@pytest.fixture
def oliver(manager_rob, now, seed_pdf_text):
    return ingest_file(data=seed_pdf_text, filename="oliver-pdf.txt", by=manager_rob, now=now).entry


def _first_learning_point(entry) -> LibraryItem:
    return entry.items.get(source_kind="learning_point", number=1)


def test_reviewer_helen_corrects_an_item_and_the_change_is_audited(reviewer_helen, now, oliver):
    item = _first_learning_point(oliver)
    old = item.text
    correct_item(item=item, by=reviewer_helen, now=now, text="Risk factors must be explored in full.",
                 kind="recommendation")
    item.refresh_from_db()
    assert item.text == "Risk factors must be explored in full." and item.kind == "recommendation"
    assert item.corrected and item.extracted_text == old
    event = AuditEvent.objects.get(action="library.item_corrected")
    assert event.actor == reviewer_helen
    assert event.changes["text"] == [old, "Risk factors must be explored in full."]
    assert event.changes["kind"] == ["learning_point", "recommendation"]


def test_a_correction_with_no_text_is_refused_with_what_to_fix(reviewer_helen, now, oliver):
    with pytest.raises(Refused) as refused:
        correct_item(item=_first_learning_point(oliver), by=reviewer_helen, now=now, text="  ", kind="learning_point")
    assert "Enter the text" in str(refused.value)


def test_an_unknown_theme_id_is_refused(reviewer_helen, now, oliver):
    with pytest.raises(Refused) as refused:
        set_item_themes(item=_first_learning_point(oliver), by=reviewer_helen, now=now, themes=["made-up-theme"])
    assert "made-up-theme" in str(refused.value)


def test_reviewer_theme_changes_are_kept_as_rows_and_audited(reviewer_helen, now, oliver):
    item = _first_learning_point(oliver)
    set_item_themes(item=item, by=reviewer_helen, now=now, themes=["risk-assessment", "dogs"])
    set_item_themes(item=item, by=reviewer_helen, now=now, themes=["risk-assessment"])
    rows = {row.theme: row for row in item.themes.all()}
    assert rows["dogs"].removed and rows["dogs"].origin == "reviewer"
    assert [t.theme for t in item.active_themes] == ["risk-assessment"]
    assert AuditEvent.objects.get(action="library.item_themes_set", changes__removed=["dogs"]).actor == reviewer_helen


def test_corrections_survive_ingesting_another_rendering_of_the_same_review(
        reviewer_helen, manager_rob, now, oliver, seed_web_text):
    corrected = _first_learning_point(oliver)
    correct_item(item=corrected, by=reviewer_helen, now=now, text="Explore every risk factor.", kind="learning_point")
    set_item_themes(item=corrected, by=reviewer_helen, now=now, themes=["management-oversight"])
    untouched_text = oliver.items.get(source_kind="learning_point", number=2)
    engine_themes = [t.theme for t in untouched_text.active_themes]
    assert engine_themes, "the engine tags the seed's second learning point"
    set_item_themes(item=untouched_text, by=reviewer_helen, now=now, themes=[])

    result = ingest_file(data=seed_web_text, filename="oliver-web.txt", by=manager_rob, now=now)

    assert result.result == "added-source" and result.entry.pk == oliver.pk
    corrected.refresh_from_db()
    assert corrected.text == "Explore every risk factor." and corrected.corrected
    assert [t.theme for t in corrected.active_themes] == ["management-oversight"]
    assert untouched_text.active_themes == []
    assert sorted(t.theme for t in untouched_text.themes.all() if t.removed) == sorted(engine_themes)
    assert oliver.items.count() == 17
