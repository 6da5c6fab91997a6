"""Expiring signed links to stored photos: the only way a photo is ever shown."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeTimedSerializer


class SignedPhotoLinks:
    def __init__(self, secret_key: str, base_url: str, max_age_seconds: int):
        self._serializer = URLSafeTimedSerializer(secret_key, salt="ketpaar-photo")
        self.base_url = base_url.rstrip("/")
        self.max_age_seconds = max_age_seconds

    def link(self, photo_id: int) -> str:
        return f"{self.base_url}/photos/{self._serializer.dumps(photo_id)}"

    def photo_id(self, token: str) -> int | None:
        """The photo a token names, or None when it is forged, altered or expired."""
        try:
            value = self._serializer.loads(token, max_age=self.max_age_seconds)
        except BadSignature:  # SignatureExpired is a BadSignature too
            return None
        return value if isinstance(value, int) else None
