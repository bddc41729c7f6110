"""Reads for two-factor sign-in (TOTP devices from django-otp)."""

from __future__ import annotations

from base64 import b32encode

from django_otp.plugins.otp_totp.models import TOTPDevice


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def secret_key_text(device: TOTPDevice) -> str:
    """The device's key as authenticator apps expect it typed: base32, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))
