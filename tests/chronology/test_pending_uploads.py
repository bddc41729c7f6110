"""Uploads waiting for a column mapping: private to the uploader, short-lived, and cleaned up."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from io import StringIO
from pathlib import Path, PurePosixPath

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from casereview.audit.models import AuditEvent
from casereview.chronology import uploads
from casereview.chronology.models import PendingUpload, Submission
from casereview.core import storage
from casereview.core.roles import Role
from tests.conftest import _make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uploads_in_tmp")]

UNKNOWN_HEADERS = [["When", "Notes"], ["03/01/2019", "Visit to Oliver Smith at 4 Elm Road"]]


@pytest.fixture
def police_priya(partnership, police):
    """A second police contributor: same agency as Claire, not the uploader."""
    return _make("priya", Role.AGENCY_CONTRIBUTOR, partnership, police, name="Priya Shah")


@pytest.fixture
def upload_unmapped(review, client_for, write_csv):
    """`upload_unmapped(user, name)`: upload a file whose columns need mapping; returns the mapping page's address."""

    def run(user, name="Oliver Smith chronology.csv"):
        path = write_csv(name, UNKNOWN_HEADERS)
        with path.open("rb") as handle:
            response = client_for(user).post(reverse("chronology:submission", args=[review.pk]), {"file": handle})
        assert response.status_code == 302 and "/map/" in response["Location"]
        return response["Location"]

    return run


def pending_folder() -> Path:
    """The local pending folder (these tests run on the local storage; tests/storage covers object storage)."""
    folder = Path(storage.private().path(uploads.FOLDER))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def pending_files() -> list[str]:
    return sorted(PurePosixPath(name).name for name in storage.walk(storage.private(), uploads.FOLDER))


def cleanup() -> dict[str, int]:
    out = StringIO()
    call_command("cleanup_uploads", "--json", stdout=out)
    return {key: count for key, count in json.loads(out.getvalue()).items()
            if key in ("expired", "missing_file", "orphan_files")}  # the chronology's part


def test_another_police_contributor_cannot_open_claires_pending_mapping(
    upload_unmapped, client_for, police_claire, police_priya, manager_rob
):
    location = upload_unmapped(police_claire)
    assert client_for(police_claire).get(location).status_code == 200
    for someone_else in (police_priya, manager_rob):
        response = client_for(someone_else).get(location)
        assert response.status_code == 404
        response = client_for(someone_else).post(location, {"col_0": "date", "col_1": "event"})
        assert response.status_code == 404
    assert not Submission.objects.exists() and PendingUpload.objects.count() == 1


def test_a_pending_upload_is_kept_outside_media_with_owner_only_permissions(upload_unmapped, police_claire, settings):
    upload_unmapped(police_claire)
    pending = PendingUpload.objects.get()
    path = pending_folder() / pending.stored_name
    assert pending.owner == police_claire and pending.original_name == "Oliver Smith chronology.csv"
    assert pending.expires_at - pending.created_at == dt.timedelta(hours=24)
    assert not path.resolve().is_relative_to(settings.MEDIA_ROOT.resolve())
    assert "Oliver" not in path.name and pending.token not in path.name
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(path.parent.parent).st_mode) == 0o700


def test_the_audit_log_never_names_the_pending_file_or_its_contents(
    upload_unmapped, client_for, police_claire, django_capture_on_commit_callbacks
):
    location = upload_unmapped(police_claire)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(police_claire).post(location + "remove/")
    events = AuditEvent.objects.filter(action__startswith="chronology.upload_")
    assert [e.action for e in events.order_by("id")] == ["chronology.upload_pending", "chronology.upload_discarded"]
    for event in events:
        text = f"{event.summary} {event.object_repr} {json.dumps(event.changes)}"
        assert "Oliver" not in text and "Elm Road" not in text
    assert pending_files() == [] and not PendingUpload.objects.exists()


def test_an_expired_upload_is_not_found_even_by_its_owner_and_cleanup_removes_it(
    upload_unmapped, client_for, police_claire, django_capture_on_commit_callbacks
):
    location = upload_unmapped(police_claire)
    PendingUpload.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client_for(police_claire).get(location)
    assert response.status_code == 404
    assert "This upload has expired: upload the file again." in response.content.decode()
    assert len(pending_files()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert cleanup() == {"expired": 1, "missing_file": 0, "orphan_files": 0}
    assert pending_files() == [] and not PendingUpload.objects.exists()
    assert AuditEvent.objects.get(action="chronology.upload_discarded").changes == {"reason": "expired"}


def test_an_upload_still_within_its_time_is_left_alone_by_cleanup(upload_unmapped, client_for, police_claire):
    location = upload_unmapped(police_claire)
    assert cleanup() == {"expired": 0, "missing_file": 0, "orphan_files": 0}
    assert len(pending_files()) == 1 and client_for(police_claire).get(location).status_code == 200


def test_cleanup_removes_orphan_files_but_not_one_being_written_now(police_claire):
    folder = pending_folder()
    old, fresh = folder / "abandoned.csv", folder / "just-written.csv"
    old.write_text("Date,Event\n03/01/2019,Visit\n")
    fresh.write_text("Date,Event\n03/01/2019,Visit\n")
    two_hours_ago = (timezone.now() - dt.timedelta(hours=2)).timestamp()
    os.utime(old, (two_hours_ago, two_hours_ago))
    assert cleanup()["orphan_files"] == 1
    assert pending_files() == ["just-written.csv"]


def test_cleanup_empties_the_ownerless_folder_earlier_versions_used_under_media(settings):
    legacy = settings.MEDIA_ROOT / uploads.LEGACY_FOLDER
    legacy.mkdir(parents=True)
    old = legacy / "0f3c.csv"
    old.write_text("When,Notes\n03/01/2019,Visit\n")
    two_hours_ago = (timezone.now() - dt.timedelta(hours=2)).timestamp()
    os.utime(old, (two_hours_ago, two_hours_ago))
    assert cleanup()["orphan_files"] == 1 and not old.exists()


def test_a_successful_import_leaves_no_pending_upload_or_file(
    upload_unmapped, client_for, police_claire, django_capture_on_commit_callbacks
):
    location = upload_unmapped(police_claire)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(police_claire).post(location, {"col_0": "date", "col_1": "event"})
    assert response.status_code == 302 and Submission.objects.get().entry_count == 1
    assert pending_files() == [] and not PendingUpload.objects.exists()
    assert client_for(police_claire).get(location).status_code == 404  # a second click finds nothing


def test_a_new_upload_replaces_the_uploaders_earlier_pending_one(
    upload_unmapped, client_for, police_claire, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = upload_unmapped(police_claire)
        second = upload_unmapped(police_claire)
    assert PendingUpload.objects.count() == 1 and len(pending_files()) == 1
    assert client_for(police_claire).get(first).status_code == 404
    assert client_for(police_claire).get(second).status_code == 200


def test_cleanup_is_idempotent(upload_unmapped, police_claire, police_priya, django_capture_on_commit_callbacks):
    upload_unmapped(police_claire)
    upload_unmapped(police_priya, name="second.csv")
    PendingUpload.objects.filter(owner=police_claire).update(expires_at=timezone.now() - dt.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert cleanup()["expired"] == 1
    events = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert cleanup() == {"expired": 0, "missing_file": 0, "orphan_files": 0}
    assert AuditEvent.objects.count() == events
    assert PendingUpload.objects.get().owner == police_priya and len(pending_files()) == 1


def test_an_upload_whose_file_has_gone_is_not_found_and_its_row_is_cleaned_up(
    upload_unmapped, client_for, police_claire
):
    location = upload_unmapped(police_claire)
    uploads.remove(PendingUpload.objects.get().stored_name)
    assert client_for(police_claire).get(location).status_code == 404
    assert cleanup()["missing_file"] == 1 and not PendingUpload.objects.exists()


def test_cleanup_uploads_runs_from_the_command_line(run_cli):
    migrated = run_cli("migrate", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    result = run_cli("cleanup_uploads")
    assert result.returncode == 0 and "Removed 0 expired upload(s)" in result.stdout
