"""Typed readers for environment variables.

Settings are read once at start-up; a bad value fails loudly there, naming the
variable, rather than surfacing later as a confusing runtime error.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the message names the variable."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, environ: Mapping[str, str] | None = None) -> str | None:
    source: Mapping[str, str] = os.environ if environ is None else environ
    value = source.get(name)
    return default if value is None else value


def env_bool(name: str, default: bool = False, *, environ: Mapping[str, str] | None = None) -> bool:
    raw = env_str(name, None, environ=environ)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off")


def env_int(name: str, default: int, *, environ: Mapping[str, str] | None = None, minimum: int | None = None) -> int:
    raw = env_str(name, None, environ=environ)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name}={value} must be at least {minimum}")
    return value


def env_list(name: str, default: list[str] | None = None, *, environ: Mapping[str, str] | None = None) -> list[str]:
    raw = env_str(name, None, environ=environ)
    if raw is None:
        return list(default or [])
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str, *, environ: Mapping[str, str] | None = None) -> str:
    raw = env_str(name, None, environ=environ)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value not in choices:
        raise ConfigError(f"{name}={raw!r} must be one of: {', '.join(choices)}")
    return value


def env_path(name: str, default: Path, *, environ: Mapping[str, str] | None = None) -> Path:
    raw = env_str(name, None, environ=environ)
    return Path(raw).expanduser().resolve() if raw else default


@dataclass(frozen=True)
class ObjectStorage:
    """Where CASEREVIEW_STORAGE_URL puts stored files: an S3-compatible bucket and a key prefix."""

    bucket: str
    prefix: str = ""
    endpoint_url: str | None = None
    region: str | None = None
    addressing_style: str | None = None

    def location(self, folder: str) -> str:
        """The key prefix for one kind of stored file (uploads, private) inside the bucket."""
        return f"{self.prefix}/{folder}" if self.prefix else folder

    def storages(self, *, signed_url_seconds: int, access_key: str | None = None,
                 secret_key: str | None = None) -> dict[str, dict]:
        """settings.STORAGES entries "default" (prefix/uploads) and "private" (prefix/private) for django-storages.

        Objects get no ACL (the bucket's own, private), are never overwritten (a name in
        use gets a new one), download as attachments, and any URL made for one is signed
        and expires after `signed_url_seconds`.
        """
        options: dict[str, object] = {
            "bucket_name": self.bucket, "endpoint_url": self.endpoint_url, "region_name": self.region,
            "addressing_style": self.addressing_style, "signature_version": "s3v4", "default_acl": None,
            "querystring_auth": True, "querystring_expire": signed_url_seconds, "file_overwrite": False,
            "object_parameters": {"ContentDisposition": "attachment"},
        }
        if access_key and secret_key:
            options |= {"access_key": access_key, "secret_key": secret_key}
        return {alias: {"BACKEND": "storages.backends.s3.S3Storage",
                        "OPTIONS": {**options, "location": self.location(folder)}}
                for alias, folder in (("default", "uploads"), ("private", "private"))}


_STORAGE_OPTIONS = ("endpoint_url", "region", "addressing_style")
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_STORAGE_EXAMPLE = "s3://BUCKET/PREFIX?endpoint_url=https://s3.example.net&region=eu-west-2"


def env_storage(name: str, *, environ: Mapping[str, str] | None = None) -> ObjectStorage | None:
    """The object storage an `s3://bucket/prefix?options` URL names, or None (local files) when unset.

    Credentials never go in the URL (it is shown in logs and error messages): they come
    from the AWS_* variables or an instance role, or CASEREVIEW_STORAGE_ACCESS_KEY_ID/..._SECRET_ACCESS_KEY.
    """
    raw = (env_str(name, None, environ=environ) or "").strip()
    if not raw:
        return None

    def refuse(problem: str) -> ConfigError:
        return ConfigError(f"{name} {problem}: use {_STORAGE_EXAMPLE} (only the bucket is required)")

    parts = urlsplit(raw)
    if parts.scheme != "s3":
        raise refuse(f"must start with s3:// (it starts with {parts.scheme + '://' if parts.scheme else 'no scheme'})")
    if "@" in parts.netloc:
        raise ConfigError(f"{name} must not contain credentials (they would be logged): remove the part before '@' "
                          "and set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or CASEREVIEW_STORAGE_ACCESS_KEY_ID "
                          "and CASEREVIEW_STORAGE_SECRET_ACCESS_KEY) instead")
    bucket = parts.netloc
    if not _BUCKET.match(bucket) or ".." in bucket:
        raise refuse(f"names bucket {bucket!r}, which is not a valid bucket name (3-63 lower-case letters, digits, "
                     "dots and hyphens)")
    prefix = parts.path.strip("/")
    if any(part in ("", ".", "..") for part in prefix.split("/")) and prefix:
        raise refuse(f"has an unusable key prefix {parts.path!r} (no empty, '.' or '..' parts)")
    options: dict[str, str] = {}
    for key, values in parse_qs(parts.query, keep_blank_values=True).items():
        if key not in _STORAGE_OPTIONS:
            raise refuse(f"has an unknown option {key!r} (known: {', '.join(_STORAGE_OPTIONS)})")
        if len(values) != 1 or not values[0].strip():
            raise refuse(f"gives option {key!r} {'no value' if not values[0].strip() else 'more than once'}")
        options[key] = values[0].strip()
    endpoint = options.get("endpoint_url")
    if endpoint is not None:
        endpoint_parts = urlsplit(endpoint)
        if endpoint_parts.scheme not in ("http", "https") or not endpoint_parts.hostname:
            raise refuse(f"has endpoint_url {endpoint!r}, which is not an http:// or https:// address")
        if endpoint_parts.username or endpoint_parts.password:
            raise ConfigError(f"{name} must not contain credentials in endpoint_url (they would be logged): "
                              "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead")
    style = options.get("addressing_style")
    if style is not None and style not in ("path", "virtual", "auto"):
        raise refuse(f"has addressing_style {style!r} (use path, virtual or auto)")
    return ObjectStorage(bucket=bucket, prefix=prefix, endpoint_url=endpoint, region=options.get("region"),
                         addressing_style=style)
