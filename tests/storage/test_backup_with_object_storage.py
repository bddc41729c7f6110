"""`casereview backup` / `restore` on an installation whose files are in S3-compatible storage (real CLI processes)."""

from __future__ import annotations

import json

import pytest

from tests.operations.conftest import must, new_site, summary
from tests.reviews.conftest import PDF

FILES = {
    "uploads/reviews/1/0f3c9a-v1.pdf": PDF,
    "uploads/briefings/4/v1-5e1d.docx": b"PK\x03\x04 a rendering",
    "private/pending/0123abcd.csv": b"Date,Event\n03/04/2019,Home visit\n",
}


@pytest.fixture
def s3_site(bucket, tmp_path):
    site = new_site(tmp_path)
    site.env = bucket.environ()
    must(site.cli("migrate", "--no-input", "-v", "0"))
    for key, data in FILES.items():
        bucket.put(key, data)
    yield site
    site.drop()


def test_a_backup_holds_the_objects_and_a_restore_puts_them_back_exactly(s3_site, bucket, tmp_path):
    made = summary(must(s3_site.cli("backup", str(tmp_path / "nightly"), "--json")))
    manifest = json.loads((tmp_path / "nightly" / "manifest.json").read_text())
    assert made["files"] == 3 and {f["path"] for f in manifest["files"]} == set(FILES)
    for key, data in FILES.items():
        assert (tmp_path / "nightly" / "files" / key).read_bytes() == data

    bucket.client.delete_object(Bucket="casereview-test", Key=f"{bucket.prefix}/uploads/reviews/1/0f3c9a-v1.pdf")
    bucket.put("private/pending/0123abcd.csv", b"changed after the backup")
    bucket.put("uploads/later.pdf", PDF)

    must(s3_site.cli("restore", str(tmp_path / "nightly"), "--force"))

    assert bucket.keys() == sorted(FILES)
    assert {key: bucket.get(key) for key in FILES} == FILES
    assert s3_site.files() == {}  # nothing was written to the local folders


def test_restore_check_finds_a_damaged_file_before_touching_the_bucket(s3_site, bucket, tmp_path):
    must(s3_site.cli("backup", str(tmp_path / "b")))
    (tmp_path / "b" / "files" / "uploads" / "reviews" / "1" / "0f3c9a-v1.pdf").write_bytes(b"damaged")
    bucket.put("uploads/later.pdf", PDF)

    refused = s3_site.cli("restore", str(tmp_path / "b"), "--force")

    assert refused.returncode != 0 and "checksum does not match" in refused.stderr
    assert bucket.keys() == sorted([*FILES, "uploads/later.pdf"])
