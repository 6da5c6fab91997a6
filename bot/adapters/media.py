"""Downloads the media a person sent, only from allowed hosts, with limits on size and type."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests

from flows.messages import MediaProblem

IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}
MAX_REDIRECTS = 3
TIMEOUT_SECONDS = 15


@dataclass(frozen=True)
class Media:
    content: bytes
    content_type: str


class MediaFetcher:
    def __init__(
        self,
        allowed_hosts: tuple[str, ...],
        max_bytes: int,
        auth: tuple[str, str] | None = None,
        session: requests.Session | None = None,
    ):
        self.allowed_hosts = allowed_hosts
        self.max_bytes = max_bytes
        self.auth = auth
        self.session = session or requests.Session()

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and (parts.hostname or "") in self.allowed_hosts

    def fetch(self, url: str, declared_type: str) -> Media | MediaProblem:
        if declared_type.split(";")[0].strip().lower() not in IMAGE_TYPES:
            return MediaProblem.NOT_AN_IMAGE
        try:
            response = self._get(url)
        except (requests.RequestException, PermissionError):
            return MediaProblem.UNREADABLE
        with response:
            if response.status_code != 200:
                return MediaProblem.UNREADABLE
            content_type = response.headers.get("Content-Type", declared_type).split(";")[0].strip().lower()
            if content_type not in IMAGE_TYPES:
                return MediaProblem.NOT_AN_IMAGE
            if int(response.headers.get("Content-Length") or 0) > self.max_bytes:
                return MediaProblem.TOO_LARGE
            content = self._read_capped(response)
        return MediaProblem.TOO_LARGE if content is None else Media(content, content_type)

    def _get(self, url: str) -> requests.Response:
        """Follows redirects by hand so that every hop must be an allowed host."""
        first_host = urlsplit(url).hostname
        for _ in range(MAX_REDIRECTS + 1):
            if not self.allowed(url):
                raise PermissionError(url)
            # Twilio's credentials go only to the host the message named, never to a redirect target.
            auth = self.auth if urlsplit(url).hostname == first_host else None
            response = self.session.get(url, auth=auth, stream=True, timeout=TIMEOUT_SECONDS, allow_redirects=False)
            if response.status_code not in (301, 302, 303, 307, 308):
                return response
            url = urljoin(url, response.headers.get("Location", ""))
            response.close()
        raise requests.TooManyRedirects(url)

    def _read_capped(self, response: requests.Response) -> bytes | None:
        buffer = bytearray()
        for chunk in response.iter_content(chunk_size=64 * 1024):
            buffer.extend(chunk)
            if len(buffer) > self.max_bytes:
                return None
        return bytes(buffer)
