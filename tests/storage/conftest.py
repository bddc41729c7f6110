"""Object storage tests against a local S3 emulator: moto's server, started once per session as a subprocess
(tests/s3.py, shared with tests/operations).

Each test gets its own key prefix in one bucket (so tests never see each other's
objects) and settings.STORAGES built by the same code as CASEREVIEW_STORAGE_URL
(env.ObjectStorage.storages). MEDIA_ROOT and the private folder point at empty
temporary folders, so a test can show nothing was written locally.
"""

from __future__ import annotations

import pytest

# Domain fixtures shared with the reviews tests (an open review with Helen, Dev and the police; the main path).
from tests.reviews.conftest import advance, lcspr_type, review  # noqa: F401
from tests.s3 import KEY_ID, SECRET, Bucket


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path) -> Bucket:
    """Stored files go to the emulator for this test, under a prefix of its own; local folders stay empty."""
    found = Bucket.new(s3_endpoint)
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.CASEREVIEW_PRIVATE_DIR = tmp_path / "private"
    settings.STORAGES = {**found.target.storages(signed_url_seconds=60, access_key=KEY_ID, secret_key=SECRET),
                         "staticfiles": settings.STORAGES["staticfiles"]}
    return found


@pytest.fixture
def local_files(tmp_path):
    """Every file written under the test's local folders (there should be none with object storage)."""

    def found() -> list[str]:
        return sorted(str(p.relative_to(tmp_path)) for folder in ("uploads", "private")
                      if (tmp_path / folder).exists() for p in (tmp_path / folder).rglob("*") if p.is_file())

    return found

