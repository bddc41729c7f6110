"""Object storage tests against a local S3 emulator: moto's server, started once per session as a subprocess.

Each test gets its own key prefix in one bucket (so tests never see each other's
objects) and settings.STORAGES built by the same code as CASEREVIEW_STORAGE_URL
(env.ObjectStorage.storages). MEDIA_ROOT and the private folder point at empty
temporary folders, so a test can show nothing was written locally.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass

import pytest

from casereview.env import ObjectStorage, env_storage

# Domain fixtures shared with the reviews tests (an open review with Helen, Dev and the police; the main path).
from tests.reviews.conftest import advance, lcspr_type, review  # noqa: F401

BUCKET = "casereview-test"
REGION = "eu-west-2"
KEY_ID, SECRET = "casereview-test-key", "casereview-test-secret"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the S3 emulator exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"the S3 emulator did not answer on port {port} within {seconds} s")


@pytest.fixture(scope="session")
def s3_endpoint():
    """http://127.0.0.1:PORT of a moto S3 server holding an empty private bucket; stopped after the session."""
    import boto3

    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(port, process)
        endpoint = f"http://127.0.0.1:{port}"
        client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION, aws_access_key_id=KEY_ID,
                              aws_secret_access_key=SECRET)
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        yield endpoint
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Bucket:
    """The emulator's bucket as one test sees it: its own prefix, and a plain S3 client to look behind the app."""

    endpoint: str
    prefix: str
    target: ObjectStorage
    client: object

    @property
    def url(self) -> str:
        return (f"s3://{BUCKET}/{self.prefix}?endpoint_url={self.endpoint}&region={REGION}"
                "&addressing_style=path")

    def environ(self) -> dict[str, str]:
        """What an operator sets for this bucket (credentials outside the URL)."""
        return {"CASEREVIEW_STORAGE_URL": self.url, "CASEREVIEW_STORAGE_ACCESS_KEY_ID": KEY_ID,
                "CASEREVIEW_STORAGE_SECRET_ACCESS_KEY": SECRET}

    def keys(self, folder: str = "") -> list[str]:
        """Every key under the test's prefix (and `folder`), without the prefix."""
        start = f"{self.prefix}/{folder}"
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=start)
        return sorted(item["Key"][len(self.prefix) + 1:] for page in pages for item in page.get("Contents", ()))

    def get(self, key: str) -> bytes:
        return self.client.get_object(Bucket=BUCKET, Key=f"{self.prefix}/{key}")["Body"].read()

    def put(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=BUCKET, Key=f"{self.prefix}/{key}", Body=data)

    def unsigned_get(self, key: str) -> int:
        """HTTP status of a plain GET of the object's address, as anyone on the network could send it."""
        import requests

        return requests.get(f"{self.endpoint}/{BUCKET}/{self.prefix}/{key}", timeout=10).status_code


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path) -> Bucket:
    """Stored files go to the emulator for this test, under a prefix of its own; local folders stay empty."""
    import boto3

    prefix = f"t-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, aws_access_key_id=KEY_ID,
                          aws_secret_access_key=SECRET)
    found = Bucket(s3_endpoint, prefix, None, client)
    found.target = env_storage("CASEREVIEW_STORAGE_URL", environ={"CASEREVIEW_STORAGE_URL": found.url})
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

