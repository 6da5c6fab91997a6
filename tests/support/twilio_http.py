"""Twilio's REST API replaced at the HTTP layer of the official client, with recorded responses."""

from __future__ import annotations

import logging
from pathlib import Path

from twilio.http import HttpClient
from twilio.http.response import Response

RECORDINGS = Path(__file__).resolve().parent.parent / "recordings"


def recorded(name: str, status: int) -> Response:
    return Response(status, (RECORDINGS / f"{name}.json").read_text(), headers={"Content-Type": "application/json"})


def no_content() -> Response:
    """Twilio's answer to a DELETE that worked: 204 and no body."""
    return Response(204, "")


class RecordedTwilio(HttpClient):
    def __init__(self, *responses: Response):
        super().__init__(logging.getLogger("twilio.http_client"), is_async=False)
        self.responses = list(responses)
        self.requests: list[dict] = []

    def request(
        self, method, uri, params=None, data=None, headers=None, auth=None, timeout=None, allow_redirects=False
    ):
        self.requests.append({"method": method, "uri": uri, "data": data, "auth": auth})
        return self.responses.pop(0)
