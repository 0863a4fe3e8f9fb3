"""AES-GCM encryption for identifying and special-category fields.

Why our own (docs/decisions/0002-field-encryption.md): django-cryptography does not import on
Django 5, and the maintained alternatives hand back ciphertext silently on a wrong key. This
module fails closed: a value that does not decrypt raises DecryptionError.

Stored form: "v1:<key id>:<base64(nonce || ciphertext+tag)>". The associated data binds the
value to its column, so a ciphertext copied into another column does not decrypt either.
"""

import base64
import binascii
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "v1"


class DecryptionError(Exception):
    """A stored value could not be decrypted: wrong or missing key, or tampered data."""


@lru_cache(maxsize=8)
def _parse_keys(spec: str) -> tuple[tuple[str, bytes], ...]:
    keys = []
    for item in spec.split(","):
        kid, sep, b64 = item.strip().partition(":")
        if not sep or not kid:
            raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS items look like 'kid:base64key'")
        try:
            key = base64.b64decode(b64, validate=True)
        except binascii.Error:
            raise ImproperlyConfigured(f"encryption key {kid!r} is not valid base64") from None
        if len(key) != 32:
            raise ImproperlyConfigured(f"encryption key {kid!r} must be 32 bytes")
        keys.append((kid, key))
    return tuple(keys)


def keyring() -> tuple[tuple[str, bytes], ...]:
    return _parse_keys(settings.FIELD_ENCRYPTION_KEYS)


def current_key_id() -> str:
    return keyring()[0][0]


def encrypt(plaintext: str, *, context: str) -> str:
    kid, key = keyring()[0]
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode(), context.encode())
    return f"{PREFIX}:{kid}:{base64.b64encode(nonce + sealed).decode()}"


def key_id_of(token: str) -> str:
    return token.split(":", 2)[1] if token.count(":") >= 2 else ""


def decrypt(token: str, *, context: str) -> str:
    try:
        prefix, kid, b64 = token.split(":", 2)
    except ValueError:
        raise DecryptionError("value is not in the encrypted format") from None
    keys = dict(keyring())
    if prefix != PREFIX or kid not in keys:
        raise DecryptionError(f"no key with id {kid!r} is configured")
    try:
        raw = base64.b64decode(b64, validate=True)
        plain = AESGCM(keys[kid]).decrypt(raw[:12], raw[12:], context.encode())
    except (InvalidTag, binascii.Error, ValueError):
        raise DecryptionError(f"value does not decrypt with key {kid!r}") from None
    return plain.decode()


def keyed_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 for exact lookup of an encrypted value (the BSN), not reversible."""
    key = settings.BSN_HASH_KEY.encode()
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def encrypt_bytes(data: bytes, *, context: str) -> bytes:
    """AES-GCM for file contents (uploaded documents): b"v1:<kid>:" + nonce + ciphertext."""
    kid, key = keyring()[0]
    nonce = os.urandom(12)
    return f"{PREFIX}:{kid}:".encode() + nonce + AESGCM(key).encrypt(nonce, data, context.encode())


def decrypt_bytes(blob: bytes, *, context: str) -> bytes:
    try:
        prefix, kid, raw = blob.split(b":", 2)
    except ValueError:
        raise DecryptionError("file is not in the encrypted format") from None
    keys = dict(keyring())
    kid = kid.decode(errors="replace")
    if prefix.decode(errors="replace") != PREFIX or kid not in keys:
        raise DecryptionError(f"no key with id {kid!r} is configured")
    try:
        return AESGCM(keys[kid]).decrypt(raw[:12], raw[12:], context.encode())
    except (InvalidTag, ValueError):
        raise DecryptionError(f"file does not decrypt with key {kid!r}") from None
