"""Where photo bytes live, behind one small interface: a local folder (the default) or S3-compatible
object storage. Either way they are encrypted here before they leave the process (`EncryptedPhotoStore`).

Both keep a photo under the same name, `<prefix><first two characters>/<key>`, so a folder copied
into a bucket (or back) keeps working.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from botocore.exceptions import ClientError
from cryptography.fernet import MultiFernet

# What S3 answers for an object that is not there (GET says NoSuchKey; HEAD only the status).
MISSING_CODES = frozenset({"NoSuchKey", "404"})


class PhotoMissing(LookupError):
    """No photo is stored under that key (deleted, expired, or never written)."""


class PhotoStore(Protocol):
    def put(self, content: bytes) -> str: ...
    def get(self, key: str) -> bytes: ...
    def delete(self, key: str) -> None: ...
    def replace(self, key: str, content: bytes) -> None: ...
    def keys(self) -> Iterator[str]: ...
    def keys_before(self, cutoff: datetime) -> Iterator[str]:
        """The keys of what was written before `cutoff`."""


def new_key() -> str:
    return secrets.token_hex(16)


def checked(key: str) -> str:
    """A key is ours (hex) or refused: it becomes part of a path or an object name."""
    if not key.isalnum():
        raise ValueError("bad photo key")
    return key


class LocalPhotoStore:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / checked(key)[:2] / key

    def put(self, content: bytes) -> str:
        key = new_key()
        self.replace(key, content)
        return key

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise PhotoMissing(key) from None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def replace(self, key: str, content: bytes) -> None:
        """Writes whole or not at all: a reader never sees half a photo."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        temporary.write_bytes(content)
        os.replace(temporary, path)

    def keys(self) -> Iterator[str]:
        for path in self.root.glob("*/*"):
            if path.is_file() and path.name.isalnum():  # not a .part a crash left behind
                yield path.name

    def keys_before(self, cutoff: datetime) -> Iterator[str]:
        for key in self.keys():
            try:
                written = datetime.fromtimestamp(self._path(key).stat().st_mtime, UTC)
            except FileNotFoundError:  # deleted since it was listed
                continue
            if written < cutoff:
                yield key


class S3PhotoStore:
    """A bucket (and a prefix in it) of any S3-compatible service; `client` is a boto3 S3 client.

    An object is written whole by one PUT, so a reader never sees half a photo here either.
    """

    def __init__(self, client, bucket: str, prefix: str = ""):
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    def _name(self, key: str) -> str:
        return f"{self.prefix}{checked(key)[:2]}/{key}"

    def put(self, content: bytes) -> str:
        key = new_key()
        self.replace(key, content)
        return key

    def get(self, key: str) -> bytes:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in MISSING_CODES:
                raise PhotoMissing(key) from None
            raise
        return answer["Body"].read()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))  # no error when already gone

    def replace(self, key: str, content: bytes) -> None:
        self.client.put_object(
            Bucket=self.bucket, Key=self._name(key), Body=content, ContentType="application/octet-stream"
        )

    def keys(self) -> Iterator[str]:
        for found in self._objects():
            yield found["Key"].rsplit("/", 1)[-1]

    def keys_before(self, cutoff: datetime) -> Iterator[str]:
        for found in self._objects():
            if found["LastModified"] < cutoff:
                yield found["Key"].rsplit("/", 1)[-1]

    def _objects(self) -> Iterator[dict]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
        for page in pages:
            yield from page.get("Contents", ())


class EncryptedPhotoStore:
    """Encrypts at rest with Fernet. The first key encrypts; every key decrypts, so keys can rotate."""

    def __init__(self, inner: PhotoStore, keys: MultiFernet):
        self.inner = inner
        self.keys = keys

    def put(self, content: bytes) -> str:
        return self.inner.put(self.keys.encrypt(content))

    def get(self, key: str) -> bytes:
        return self.keys.decrypt(self.inner.get(key))

    def delete(self, key: str) -> None:
        self.inner.delete(key)

    def rotate(self, key: str) -> None:
        """Re-encrypts one stored photo with the first key (after a new key was put first)."""
        self.inner.replace(key, self.keys.rotate(self.inner.get(key)))

    def stored(self) -> list[str]:
        """The key of every photo held, whatever rows point at it."""
        return list(self.inner.keys())

    def stored_before(self, cutoff: datetime) -> list[str]:
        """The key of every photo written before `cutoff`, whatever rows point at it."""
        return list(self.inner.keys_before(cutoff))
