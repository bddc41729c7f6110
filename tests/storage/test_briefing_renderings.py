"""Public briefing PDF and DOCX: rendered once at publication, then served from storage to anonymous readers."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.urls import reverse

from casereview.publishing import renderings
from casereview.publishing.models import Briefing
from casereview.publishing.services import withdraw_briefing
from casereview.reviews.models import RestrictedIdentifier

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch) -> Counter:
    """How many times each public rendering was produced (the real renderers still run)."""
    calls: Counter = Counter()
    for fmt in ("pdf", "docx"):
        real = getattr(renderings, f"{fmt}_from_view")

        def counted(view, real=real, fmt=fmt):
            calls[fmt] += 1
            return real(view)

        monkeypatch.setattr(renderings, f"{fmt}_from_view", counted)
    return calls


@pytest.fixture
def published(bucket, review, advance, renders, django_capture_on_commit_callbacks) -> Briefing:
    with django_capture_on_commit_callbacks(execute=True):
        advance(review, "published")
    return Briefing.objects.get(review=review, status="published")


def download(client, briefing, fmt):
    response = client.get(reverse("publishing:public_download", args=[briefing.pk, fmt]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content


def stored(bucket, fmt) -> list[str]:
    return [k for k in bucket.keys("uploads/briefings/") if k.endswith(f".{fmt}")]


def test_publication_renders_each_file_once_and_anonymous_downloads_get_the_stored_bytes(
    published, bucket, renders, client, local_files,
):
    assert renders == {"pdf": 1, "docx": 1}
    for fmt in ("pdf", "docx"):
        [key] = stored(bucket, fmt)
        assert key.startswith(f"uploads/briefings/{published.pk}/v{published.version}-")
        first, second = download(client, published, fmt), download(client, published, fmt)
        assert first == second == bucket.get(key)
        assert bucket.unsigned_get(key) == 403  # the public get it through the app, never from the bucket
    assert stored(bucket, "pdf")[0].endswith(".pdf") and bucket.get(stored(bucket, "pdf")[0]).startswith(b"%PDF")
    assert renders == {"pdf": 1, "docx": 1} and local_files() == []


def test_a_briefing_published_before_files_were_stored_is_rendered_on_its_first_download_only(
    published, bucket, renders, client,
):
    for key in bucket.keys("uploads/briefings/"):
        bucket.client.delete_object(Bucket="casereview-test", Key=f"{bucket.prefix}/{key}")
    renders.clear()
    first = download(client, published, "pdf")
    assert renders == {"pdf": 1}
    assert download(client, published, "pdf") == first == bucket.get(stored(bucket, "pdf")[0])
    assert renders == {"pdf": 1}


def test_an_identifier_added_after_publication_gives_a_new_masked_rendering(published, bucket, renders, client):
    from docx import Document

    before = download(client, published, "docx")
    assert "Risk factors" in "\n".join(p.text for p in Document(io.BytesIO(before)).paragraphs)
    RestrictedIdentifier.objects.create(review=published.review, kind="name", value="Risk factors", label="Test")
    after = download(client, published, "docx")
    assert renders["docx"] == 2 and len(stored(bucket, "docx")) == 2
    assert "Risk factors" not in "\n".join(p.text for p in Document(io.BytesIO(after)).paragraphs)


def test_withdrawal_deletes_the_stored_files_and_the_address_answers_410(
    published, bucket, client, admin_asha, now, django_capture_on_commit_callbacks,
):
    assert len(bucket.keys("uploads/briefings/")) == 2
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_briefing(briefing=published, by=admin_asha, reason="Court order", now=now)
    assert bucket.keys("uploads/briefings/") == []
    assert client.get(reverse("publishing:public_download", args=[published.pk, "pdf"])).status_code == 410
