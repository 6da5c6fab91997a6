"""Expiring signed links to stored photos: the only way a photo is ever shown."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeTimedSerializer

from domain.privacy import PhotoGrant


class SignedPhotoLinks:
    def __init__(self, secret_key: str, base_url: str, max_age_seconds: int):
        self._serializer = URLSafeTimedSerializer(secret_key, salt="ketpaar-photo")
        self.base_url = base_url.rstrip("/")
        self.max_age_seconds = max_age_seconds

    def link(self, photo_id: int, order_id: int | None = None, kitchen_id: int | None = None) -> str:
        """Signs the order and the kitchen with the photo, so the view can ask whether they still go together."""
        return f"{self.base_url}/photos/{self._serializer.dumps([photo_id, order_id, kitchen_id])}"

    def grant(self, token: str, expires: bool = True) -> PhotoGrant | None:
        """What a token was signed for, or None when it is forged, altered, expired or names no order.

        `expires=False` reads an old link's order (to release what Twilio holds), never to show a photo.
        """
        try:
            value = self._serializer.loads(token, max_age=self.max_age_seconds if expires else None)
        except BadSignature:  # SignatureExpired is a BadSignature too
            return None
        if not (isinstance(value, list) and len(value) == 3 and all(isinstance(part, int | None) for part in value)):
            return None
        photo_id, order_id, kitchen_id = value
        return PhotoGrant(photo_id, order_id, kitchen_id) if photo_id and order_id else None

    def photo_id(self, token: str) -> int | None:
        """The photo a token names, or None when it is forged, altered or expired."""
        try:
            value = self._serializer.loads(token, max_age=self.max_age_seconds)
        except BadSignature:
            return None
        return value[0] if isinstance(value, list) and value and isinstance(value[0], int) else None
