"""The library's pages as people use them: search with facets, entries, upload, correction, themes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casereview.library.models import LibraryEntry, LibraryItem, Source
from casereview.library.services import ingest_file, set_item_themes
from tests.jobs import run_jobs
from tests.library.conftest import briefing, briefing_pdf


@pytest.fixture
def mia(manager_rob, now, dog_briefing):
    entry = ingest_file(data=dog_briefing, filename="mia.txt", by=manager_rob, now=now).entry
    for item in entry.items.all():
        set_item_themes(item=item, by=manager_rob, now=now, themes=["dogs"])
    return entry


def test_board_margaret_searches_and_sees_highlighted_snippets_and_theme_facets(client_for, board_margaret, mia):
    response = client_for(board_margaret).get(reverse("library:home"), {"q": "dogs household"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 result for “dogs household”" in html
    assert "<mark>dogs</mark>" in html
    assert "Dogs and animals</a> <span class=\"cr-muted\">(1)</span>" in html


def test_a_theme_filter_link_narrows_the_results(client_for, board_margaret, mia):
    response = client_for(board_margaret).get(reverse("library:home"), {"theme": "dogs"})
    assert "3 results about Dogs and animals" in response.content.decode()
    assert "Clear filters" in response.content.decode()


def test_a_query_cannot_inject_markup_into_the_results_page(client_for, board_margaret, mia):
    html = client_for(board_margaret).get(reverse("library:home"), {"q": '<script>alert("x")</script> dogs'}
                                          ).content.decode()
    assert '<script>alert("x")' not in html and "&lt;script&gt;" in html


def test_document_text_is_escaped_everywhere_except_the_highlight_marks(client_for, board_margaret, manager_rob, now):
    ingest_file(data=briefing("Zed", learning=['Staff saw <img src=x onerror="alert(1)"> bruising on the baby.'],
                              recommendations=["Act on bruising in babies who are not yet mobile."]),
                filename="zed.txt", by=manager_rob, now=now)
    client = client_for(board_margaret)
    html = client.get(reverse("library:home"), {"q": "bruising"}).content.decode()
    assert "<img src=x" not in html and "<mark>bruising</mark>" in html
    entry = LibraryEntry.objects.get()
    assert "<img src=x" not in client.get(reverse("library:entry", args=[entry.pk])).content.decode()


def test_the_entry_page_lists_items_with_themes_and_sources(client_for, police_claire, mia):
    html = client_for(police_claire).get(reverse("library:entry", args=[mia.pk])).content.decode()
    assert "dogs in the household" in html and "mia.txt" in html and "Dogs and animals" in html
    assert "Check and correct items" not in html


def test_manager_rob_uploads_several_files_and_sees_a_result_for_each(client_for, manager_rob, dog_briefing):
    files = [SimpleUploadedFile("mia.pdf", briefing_pdf(dog_briefing), content_type="application/pdf"),
             SimpleUploadedFile("mia.txt", dog_briefing, content_type="text/plain"),
             SimpleUploadedFile("scan.pdf", b"%PDF-1.4 nonsense", content_type="application/pdf")]
    client = client_for(manager_rob)
    response = client.post(reverse("library:upload"), {"files": files})
    assert response.status_code == 302
    run_jobs()
    html = client.get(response["Location"]).content.decode()
    assert "3 files processed" in html and "3 of 3 done: 2 added, 0 already in the library, 1 not added" in html
    assert "corrupt PDF" in html and "Added to a review already in the library" in html
    assert LibraryEntry.objects.count() == 1 and Source.objects.count() == 2


def test_uploading_without_choosing_a_file_says_what_to_do(client_for, manager_rob):
    html = client_for(manager_rob).post(reverse("library:upload"), {}).content.decode()
    assert "There is a problem" in html and "Choose at least one file to upload" in html


def test_an_oversized_upload_is_refused_with_the_limit(client_for, manager_rob, dog_briefing, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    big = SimpleUploadedFile("big.txt", dog_briefing + b" " * 2048, content_type="text/plain")
    client = client_for(manager_rob)
    response = client.post(reverse("library:upload"), {"files": [big]})
    run_jobs()
    html = client.get(response["Location"]).content.decode()
    assert "file too large" in html and LibraryEntry.objects.count() == 0


def test_reviewer_helen_corrects_an_item_side_by_side_with_the_source(client_for, reviewer_helen, mia):
    client = client_for(reviewer_helen)
    page = client.get(reverse("library:correct", args=[mia.pk])).content.decode()
    assert "Source text" in page and "The family had moved to the area" in page
    assert "because of “<mark>dogs</mark>”" in page
    item = mia.items.get(source_kind="learning_point", number=2)
    response = client.post(reverse("library:correct_item", args=[item.pk]),
                           {f"item{item.pk}-text": "Health and housing must share information quickly.",
                            f"item{item.pk}-kind": "recommendation"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.corrected and item.kind == "recommendation"
    followed = client.get(response["Location"]).content.decode()
    assert "Recommendation 2 corrected." in followed


def test_a_correction_without_text_shows_an_error_summary(client_for, reviewer_helen, mia):
    item = mia.items.first()
    response = client_for(reviewer_helen).post(reverse("library:correct_item", args=[item.pk]),
                                               {f"item{item.pk}-text": "", f"item{item.pk}-kind": "learning_point"})
    assert response.status_code == 400
    assert "Enter the text of the learning point or recommendation" in response.content.decode()


def test_reviewer_helen_changes_the_themes_of_an_item(client_for, reviewer_helen, mia):
    item = mia.items.first()
    response = client_for(reviewer_helen).post(reverse("library:item_themes", args=[item.pk]),
                                               {f"themes{item.pk}-themes": ["neglect", "voice-of-child"]})
    assert response.status_code == 302
    assert sorted(t.theme for t in LibraryItem.objects.get(pk=item.pk).active_themes) == ["neglect", "voice-of-child"]


def test_panel_dev_may_read_but_not_correct_or_upload(client_for, panel_dev, mia):
    client = client_for(panel_dev)
    item = mia.items.first()
    assert client.get(reverse("library:entry", args=[mia.pk])).status_code == 200
    assert client.get(reverse("library:upload")).status_code == 403
    assert client.get(reverse("library:correct", args=[mia.pk])).status_code == 403
    assert client.post(reverse("library:item_themes", args=[item.pk]), {}).status_code == 403


def test_the_themes_page_draws_prevalence_by_year_and_co_occurrence(client_for, auditor_ian, mia, manager_rob, now):
    item = mia.items.first()
    set_item_themes(item=item, by=manager_rob, now=now, themes=["dogs", "infant-vulnerability"])
    html = client_for(auditor_ian).get(reverse("library:themes")).content.decode()
    assert html.count("<svg") == 2  # one review in one year: no by-year picture, and the page says why
    assert "<title>Dogs and animals: 3</title>" in html
    assert 'id="by-year-hidden">The library has 1 review with a known year, over 1 year.' in html
    assert "<title>Dogs and animals and Vulnerability of babies: 1</title>" in html


def test_the_library_is_in_the_navigation_for_every_role(client_for, personas):
    for user in personas.values():
        assert 'href="/library/"' in client_for(user).get(reverse("dashboard:dashboard")).content.decode()
