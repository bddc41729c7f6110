"""CASEREVIEW_STORAGE_URL: an s3:// address gives private, short-lived-signature storage; a bad one says what to fix."""

from __future__ import annotations

import pytest

from casereview.env import ConfigError, ObjectStorage, env_storage


def parse(url: str) -> ObjectStorage | None:
    return env_storage("CASEREVIEW_STORAGE_URL", environ={"CASEREVIEW_STORAGE_URL": url})


def test_unset_or_empty_keeps_the_local_folders():
    assert env_storage("CASEREVIEW_STORAGE_URL", environ={}) is None
    assert parse("  ") is None


def test_a_full_address_names_bucket_prefix_endpoint_and_region():
    target = parse("s3://casereview-files/eastmoor/live?endpoint_url=http://127.0.0.1:9000&region=eu-west-2"
                   "&addressing_style=path")
    assert target == ObjectStorage(bucket="casereview-files", prefix="eastmoor/live",
                                   endpoint_url="http://127.0.0.1:9000", region="eu-west-2", addressing_style="path")
    storages = target.storages(signed_url_seconds=60)
    assert set(storages) == {"default", "private"}
    default, private = storages["default"]["OPTIONS"], storages["private"]["OPTIONS"]
    assert default["location"] == "eastmoor/live/uploads" and private["location"] == "eastmoor/live/private"
    assert default["querystring_auth"] is True and default["querystring_expire"] == 60
    assert default["file_overwrite"] is False and default["default_acl"] is None
    assert default["object_parameters"] == {"ContentDisposition": "attachment"}
    assert "access_key" not in default  # AWS_* variables or the machine's role
    assert parse("s3://casereview-files").location("uploads") == "uploads"


@pytest.mark.parametrize(("url", "says"), [
    ("https://casereview-files/x", "must start with s3://"),
    ("s3://AKIA:secret@casereview-files", "must not contain credentials"),
    ("s3://Casereview_Files", "not a valid bucket name"),
    ("s3://casereview-files/a/../b", "unusable key prefix"),
    ("s3://casereview-files?acl=public-read", "unknown option 'acl'"),
    ("s3://casereview-files?endpoint_url=ftp://files", "not an http:// or https:// address"),
    ("s3://casereview-files?endpoint_url=http://key:secret@127.0.0.1:9000", "must not contain credentials"),
    ("s3://casereview-files?region=", "gives option 'region' no value"),
    ("s3://casereview-files?addressing_style=sideways", "use path, virtual or auto"),
])
def test_a_bad_address_is_refused_with_what_to_fix(url, says):
    with pytest.raises(ConfigError) as refused:
        parse(url)
    message = str(refused.value)
    assert message.startswith("CASEREVIEW_STORAGE_URL") and says in message
    assert "AKIA" not in message and "key:secret" not in message  # never echoes credentials


def test_the_service_refuses_to_start_with_a_bad_address_or_half_the_credentials(run_cli):
    bad = run_cli("check", env={"CASEREVIEW_STORAGE_URL": "s3://Bad Bucket"})
    assert bad.returncode != 0 and "CASEREVIEW_STORAGE_URL" in bad.stderr and "valid bucket name" in bad.stderr
    half = run_cli("check", env={"CASEREVIEW_STORAGE_URL": "s3://casereview-files",
                                 "CASEREVIEW_STORAGE_ACCESS_KEY_ID": "AKIAEXAMPLE"})
    assert half.returncode != 0 and "CASEREVIEW_STORAGE_SECRET_ACCESS_KEY" in half.stderr
