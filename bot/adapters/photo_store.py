"""Where photo bytes live. A small interface; the default is a local directory under var/."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Protocol

from cryptography.fernet import MultiFernet


class PhotoStore(Protocol):
    def put(self, content: bytes) -> str: ...
    def get(self, key: str) -> bytes: ...
    def delete(self, key: str) -> None: ...


class LocalPhotoStore:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not key.isalnum():
            raise ValueError("bad photo key")
        return self.root / key[:2] / key

    def put(self, content: bytes) -> str:
        key = secrets.token_hex(16)
        self._path(key).parent.mkdir(parents=True, exist_ok=True)
        self.replace(key, content)
        return key

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def replace(self, key: str, content: bytes) -> None:
        """Writes whole or not at all: a reader never sees half a photo."""
        path = self._path(key)
        temporary = path.with_suffix(".part")
        temporary.write_bytes(content)
        os.replace(temporary, path)


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
