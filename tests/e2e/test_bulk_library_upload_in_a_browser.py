"""Done-when for background jobs: a person uploads many briefings (files and a .zip) in the browser and
watches the upload's page follow the background job to the end."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from tests.library.conftest import briefing

NAMES = ["Amber", "Bella", "Callum", "Dara", "Ellis", "Finn", "Grace", "Harvey"]
ZIPPED = ["Isla", "Jude", "Kai"]


def _briefing(name: str) -> bytes:
    return briefing(name, learning=[f"Practitioners should hear the voice of {name} at every home visit.",
                                    f"Managers should test whether the plan for {name} is making a difference."],
                    recommendations=[f"The partnership should audit how the learning from {name}'s review is used."])


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in ZIPPED:
            zf.writestr(f"briefings/{name.lower()}.txt", _briefing(name))
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


def test_manager_rob_uploads_many_briefings_and_watches_the_job_to_the_end(sign_in, manager_rob, media, job_worker):
    from casereview.library.models import FileStatus, IngestFile, LibraryEntry

    page = sign_in("rob")
    page.goto("/library/upload/")
    files = [{"name": f"{n.lower()}.txt", "mimeType": "text/plain", "buffer": _briefing(n)} for n in NAMES]
    files.append({"name": "more-briefings.zip", "mimeType": "application/zip", "buffer": _zip()})
    page.get_by_label("Briefings or reports").set_input_files(files=files)
    page.get_by_role("button", name="Upload and extract").click()

    # The job has not run: the page says so, lists every file waiting, and refreshes itself.
    total = len(NAMES) + len(ZIPPED)
    assert page.get_by_role("heading", name=f"Adding {total} files to the library").is_visible()
    assert page.get_by_role("status").inner_text().startswith(f"0 of {total} done")
    assert page.get_by_role("row", name="more-briefings.zip/isla.txt").get_by_text("Waiting").is_visible()
    assert page.locator('meta[http-equiv="refresh"]').count() == 1

    started = time.monotonic()
    with job_worker():
        page.get_by_role("heading", name=f"{total} files processed").wait_for(timeout=120_000)
    elapsed = time.monotonic() - started
    print(f"\n{total} briefings ingested by the job and seen finished in the browser in {elapsed:.1f} s")

    assert page.get_by_role("status").inner_text().startswith(f"{total} of {total} done: {total} added")
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    for name in NAMES:
        assert page.get_by_role("row", name=f"{name.lower()}.txt").get_by_text("Added").is_visible()
    assert LibraryEntry.objects.count() == total
    assert set(IngestFile.objects.values_list("status", flat=True)) == {FileStatus.DONE}
    page.get_by_role("link", name="Isla").first.click()
    assert page.get_by_text("hear the voice of Isla").is_visible()
