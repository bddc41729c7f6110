"""A local S3 emulator for the tests: moto's server, started once per session as a subprocess.

The `s3_endpoint` fixture is registered for the whole suite by tests/conftest.py, so
tests/storage (in-process settings) and tests/operations (real app and worker
processes) share one server. Each test takes a prefix of its own in one bucket
(`Bucket`), so tests never see each other's objects. Django-free: boto3 and moto are
imported only when the fixture is used.
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

BUCKET = "casereview-test"
REGION = "eu-west-2"
KEY_ID, SECRET = "casereview-test-key", "casereview-test-secret"


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on (for a server the test starts)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str, seconds: float = 30) -> None:
    """Until `process` accepts connections on `port`; an exit or a timeout is an error naming `what`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not answer on port {port} within {seconds} s")


def stop(process: subprocess.Popen, seconds: float = 10) -> None:
    """SIGTERM, then SIGKILL if it has not exited within `seconds`."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _client(endpoint: str):
    import boto3

    return boto3.client("s3", endpoint_url=endpoint, region_name=REGION, aws_access_key_id=KEY_ID,
                        aws_secret_access_key=SECRET)


@pytest.fixture(scope="session")
def s3_endpoint():
    """http://127.0.0.1:PORT of a moto S3 server holding an empty private bucket; stopped after the session."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process, "the S3 emulator")
        endpoint = f"http://127.0.0.1:{port}"
        _client(endpoint).create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        yield endpoint
    finally:
        stop(process)


@dataclass
class Bucket:
    """The emulator's bucket as one test sees it: its own prefix, and a plain S3 client to look behind the app."""

    endpoint: str
    prefix: str
    target: ObjectStorage
    client: object

    @classmethod
    def new(cls, endpoint: str) -> Bucket:
        """A fresh prefix of its own in the emulator's bucket."""
        found = cls(endpoint, f"t-{uuid.uuid4().hex[:12]}", None, _client(endpoint))
        found.target = env_storage("CASEREVIEW_STORAGE_URL", environ={"CASEREVIEW_STORAGE_URL": found.url})
        return found

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
