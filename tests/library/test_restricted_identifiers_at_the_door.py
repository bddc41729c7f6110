"""Nothing reaches the library around the anonymisation gate (issue 11): corrections to an entry published
from CaseReview pass the gate again; a document uploaded from outside that matches a restricted identifier
of the partnership is held, shown in context, and saved only once the editor confirms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from casereview.accounts.models import Partnership
from casereview.audit.models import AuditEvent
from casereview.core.refusals import Refused
from casereview.library.models import LibraryEntry, Source
from casereview.library.services import CREATED, HELD, correct_item, ingest_file, ingest_published_briefing
from casereview.reviews.models import RestrictedIdentifier, Review, ReviewType
from tests.jobs import run_jobs
from tests.library.conftest import briefing

SAFE_POINT = "Practitioners should see the child alone at every visit and record what the child says."
ASSURANCE = "The partnership should seek assurance that children are seen alone."


def _review(partnership, now, reference="LCSPR-2026-004", pseudonym="Ruby") -> Review:
    review = Review.objects.create(
        partnership=partnership, reference=reference,
        review_type=ReviewType.objects.get(slug="local-child-safeguarding-practice-review"),
        title=f"Review: {pseudonym}", pseudonym=pseudonym, age_at_incident="6 years", outcome="seriously-harmed",
        incident_date=dt.date(2025, 1, 5), aware_date=dt.date(2025, 1, 6), created_at=now, updated_at=now,
    )
    for kind, value in (("name", "Jaxon Trelawney-Budd"), ("date_of_birth", "30 December 2018")):
        RestrictedIdentifier.objects.create(review=review, kind=kind, value=value, label="Child")
    return review


@pytest.fixture
def jaxons_review(partnership, now) -> Review:
    return _review(partnership, now)


@pytest.fixture
def published_item(jaxons_review, manager_rob, now):
    entry = ingest_published_briefing(review=jaxons_review, version=1, title="Learning from Ruby's review",
                                      learning_points=[SAFE_POINT], recommendations=[ASSURANCE], published_at=now,
                                      by=manager_rob, now=now)
    return entry.items.get(kind="learning_point")


# --- corrections to an entry published from CaseReview ---


@pytest.mark.parametrize(
    ("corrected", "named"),
    [
        ("Practitioners should see Jaxon alone at every visit.", "'Jaxon' matches a restricted identifier"),
        ("Nobody saw Jaxon's bedroom.", "'Jaxon's' matches a restricted identifier"),
        ("The child, born 30/12/2018, was not seen alone.", "'30/12/2018' matches a restricted identifier of the "
                                                            "review this briefing came from (date of birth)"),
        ("The family moved to CB4 1ZX and were not seen.", "'CB4 1ZX' looks like personal data (postcode)"),
    ],
)
def test_a_correction_to_a_published_entry_passes_the_gate_again(published_item, reviewer_helen, now, corrected, named):
    with pytest.raises(Refused) as refused:
        correct_item(item=published_item, by=reviewer_helen, now=now, text=corrected, kind="learning_point")
    assert any(named in problem for problem in refused.value.problems), refused.value.problems
    assert refused.value.errors[0][0] == "text"
    published_item.refresh_from_db()
    assert published_item.text == SAFE_POINT and not published_item.corrected
    assert not AuditEvent.objects.filter(action="library.item_corrected").exists()


def test_every_hit_of_a_refused_correction_is_named(published_item, reviewer_helen, now):
    with pytest.raises(Refused) as refused:
        correct_item(item=published_item, by=reviewer_helen, now=now, kind="learning_point",
                     text="Jaxon, born Dec 30 2018, was not seen alone.")
    assert [p.split("'")[1] for p in refused.value.problems] == ["Jaxon", "Dec 30 2018"]


def test_a_clean_correction_to_a_published_entry_is_saved(published_item, reviewer_helen, now):
    corrected = correct_item(item=published_item, by=reviewer_helen, now=now, kind="recommendation",
                             text="Practitioners should see the child alone at every visit.")
    assert corrected.corrected and corrected.kind == "recommendation"


def test_the_correction_page_shows_the_hits_against_the_text_field(client_for, published_item, reviewer_helen):
    item = published_item
    response = client_for(reviewer_helen).post(reverse("library:correct_item", args=[item.pk]), {
        f"item{item.pk}-text": "Nobody saw Jaxon's bedroom.", f"item{item.pk}-kind": "learning_point"})
    assert response.status_code == 400
    assert "&#x27;Jaxon&#x27;s&#x27; matches a restricted identifier" in response.content.decode()


# --- documents uploaded from outside ---

OUTSIDE = briefing("Leo", partnership="Westshire Safeguarding Children Partnership", learning=[
    "Practitioners did not see Jaxon Trelawney-Budd alone at any of the <b>home</b> visits.",
    "Health visitors should record the date of birth, here 30/12/2018, on every referral.",
], recommendations=["The partnership should seek assurance that children are seen alone."])


def test_an_upload_matching_a_restricted_identifier_is_held_with_each_match_in_context(
        jaxons_review, manager_rob, now):
    result = ingest_file(data=OUTSIDE, filename="leo.txt", by=manager_rob, now=now)
    assert result.result == HELD and result.entry is None
    assert LibraryEntry.objects.count() == 0 and Source.objects.count() == 0
    assert [(m.text, m.kind) for m in result.matches] == [("Jaxon Trelawney-Budd", "name"),
                                                          ("30/12/2018", "date_of_birth")]
    first = result.matches[0]
    assert first.before.endswith("did not see ") and first.after.startswith(" alone at any")
    assert first.whose == "matches a restricted identifier of LCSPR-2026-004"  # Rob manages every review
    event = AuditEvent.objects.get(action="library.upload_held")
    assert event.changes["matches_by_kind"] == {"name": 1, "date_of_birth": 1}
    assert "Jaxon" not in event.summary + str(event.changes)


def test_a_held_upload_is_saved_once_the_editor_confirms_these_exact_bytes(jaxons_review, manager_rob, now):
    held = ingest_file(data=OUTSIDE, filename="leo.txt", by=manager_rob, now=now)
    other = ingest_file(data=OUTSIDE + b"\nA changed copy.", filename="leo.txt", by=manager_rob, now=now,
                        confirmed={held.sha256})
    assert other.result == HELD  # a confirmation covers the bytes that were shown, nothing else
    saved = ingest_file(data=OUTSIDE, filename="leo.txt", by=manager_rob, now=now, confirmed={held.sha256})
    assert saved.result == CREATED and saved.entry.items.count() == 3
    event = AuditEvent.objects.get(action="library.file_ingested")
    assert event.changes["restricted_matches_confirmed"] == {"name": 1, "date_of_birth": 1}


def test_someone_not_on_the_reviews_team_is_not_told_which_review(jaxons_review, reviewer_helen, now):
    result = ingest_file(data=OUTSIDE, filename="leo.txt", by=reviewer_helen, now=now)
    assert result.result == HELD
    assert {m.whose for m in result.matches} == {"matches a restricted identifier of one of the partnership's reviews"}


def test_another_partnerships_identifiers_are_not_checked(manager_rob, now):
    elsewhere = Partnership.objects.create(name="Southmoor Safeguarding Children Partnership", short_name="SSCP")
    _review(elsewhere, now, reference="LCSPR-2026-090")
    assert ingest_file(data=OUTSIDE, filename="leo.txt", by=manager_rob, now=now).result == CREATED


def test_the_command_line_ingest_is_not_held(jaxons_review, now):
    assert ingest_file(data=OUTSIDE, filename="leo.txt", by=None, now=now).result == CREATED


def _upload(client, data=OUTSIDE):
    """Upload as the user of `client`, let the background job run, and return the upload's page address."""
    response = client.post(reverse("library:upload"),
                           {"files": [SimpleUploadedFile("leo.txt", data, content_type="text/plain")]})
    assert response.status_code == 302
    run_jobs()
    return response["Location"]


def test_the_upload_page_shows_the_matches_and_saves_only_after_confirmation(client_for, jaxons_review, manager_rob):
    client = client_for(manager_rob)
    url = _upload(client)
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200 and "Held back: check it first" in html
    assert "did not see <mark>Jaxon Trelawney-Budd</mark> alone at any of the &lt;b&gt;home&lt;/b&gt;" in html
    assert "matches a restricted identifier of LCSPR-2026-004 (name)" in html
    assert "(date of birth)" in html and "Confirm and add to the library" in html
    assert LibraryEntry.objects.count() == 0

    not_ticked = client.post(url, {})
    assert not_ticked.status_code == 400 and "Tick the box to confirm" in not_ticked.content.decode()
    run_jobs()
    assert LibraryEntry.objects.count() == 0
    assert client.post(url, {"confirm": "on"}).status_code == 302
    run_jobs()
    html = client.get(url).content.decode()
    assert "Added" in html and "Held back" not in html
    assert LibraryEntry.objects.count() == 1


def test_only_the_uploader_sees_the_matches_of_a_held_file_and_can_confirm_it(client_for, jaxons_review, manager_rob, admin_asha):
    url = _upload(client_for(manager_rob))
    client = client_for(admin_asha)
    page = client.get(url).content.decode()
    assert "Only the person who uploaded this file can see the matches and confirm them" in page
    assert "Jaxon" not in page and "LCSPR-2026-004" not in page  # found for the uploader's team, not shown to others
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 400
    assert "Only the person who uploaded these files can confirm" in response.content.decode()
    run_jobs()
    assert LibraryEntry.objects.count() == 0


def test_the_uploader_may_choose_not_to_add_a_held_file(client_for, jaxons_review, manager_rob, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    client = client_for(manager_rob)
    url = _upload(client)
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]  # kept while the uploader decides
    client.post(url.rstrip("/") + "/discard/")
    html = client.get(url).content.decode()
    assert "you chose not to add it" in html and "Held back" not in html
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]
    assert LibraryEntry.objects.count() == 0


def test_a_held_file_nobody_checks_is_dropped_after_the_configured_days(
        client_for, jaxons_review, manager_rob, settings, tmp_path):
    """Rob never comes back to his held upload: after CASEREVIEW_HELD_UPLOAD_DAYS the hourly cleanup drops
    it (not added, stored copy deleted); a day earlier it is kept for him."""
    import datetime as dt
    import io
    import json

    from django.core.management import call_command

    from casereview.library.models import IngestBatch

    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.CASEREVIEW_HELD_UPLOAD_DAYS = 14
    url = _upload(client_for(manager_rob))
    batch = IngestBatch.objects.get()

    def cleanup(age_days: int) -> int:
        IngestBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - dt.timedelta(days=age_days))
        out = io.StringIO()
        call_command("cleanup_uploads", "--json", stdout=out)
        return json.loads(out.getvalue())["held_files"]

    assert cleanup(13) == 0 and [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]
    assert cleanup(15) == 1
    html = client_for(manager_rob).get(url).content.decode()
    assert "nobody checked it within 14 days" in html and "Held back" not in html
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]
    assert LibraryEntry.objects.count() == 0 and cleanup(15) == 0
