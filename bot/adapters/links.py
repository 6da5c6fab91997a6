"""Expiring signed links to stored photos: the only way a photo is ever shown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import quote

from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer

from domain.privacy import DATA_LINK_HOURS, PhotoGrant


class SignedPhotoLinks:
    """Links to photos, and to a person's own data (signed apart: one can never be read as the other)."""

    def __init__(
        self,
        secret_key: str,
        base_url: str,
        max_age_seconds: int,
        clock: Callable[[], datetime] | None = None,
        whatsapp_number: str = "",
    ):
        signer = _signer_on(clock or (lambda: datetime.now(UTC)))
        self._serializer = URLSafeTimedSerializer(secret_key, salt="ketpaar-photo", signer=signer)
        self._data = URLSafeTimedSerializer(secret_key, salt="ketpaar-my-data", signer=signer)
        self.base_url = base_url.rstrip("/")
        self.max_age_seconds = max_age_seconds
        self.whatsapp_number = whatsapp_number

    def chat_link(self, text: str) -> str:
        """wa.me opens a chat with our WhatsApp number with `text` typed in, on any phone with WhatsApp."""
        return f"https://wa.me/{self.whatsapp_number.lstrip('+')}?text={quote(text)}"

    def chat_number(self) -> str:
        return self.whatsapp_number

    def data_link(self, person_id: int) -> str:
        return f"{self.base_url}/my-data/{self._data.dumps(person_id)}"

    def data_person(self, token: str) -> int | None:
        """The person a data link was made for, or None when it is forged, altered or older than a day."""
        try:
            value = self._data.loads(token, max_age=DATA_LINK_HOURS * 3600)
        except BadSignature:
            return None
        return value if isinstance(value, int) else None

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


def _signer_on(clock: Callable[[], datetime]) -> type[TimestampSigner]:
    """Links are dated, and expire, by the services' clock: the one the rest of Ketpaar keeps time by."""

    class ClockSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(clock().timestamp())

    return ClockSigner
