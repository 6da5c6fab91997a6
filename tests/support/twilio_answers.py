"""Twilio's Messages API at the official client's HTTP layer, for whole conversations.

Every POST is answered as Twilio answers a created message (the recorded JSON, with this
message's own sid, To, From and Body), unless a recorded error was queued for its `To`; every
GET (a look at Twilio's log) finds nothing. Each request is kept for the test to read.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections import defaultdict

from twilio.http import HttpClient
from twilio.http.response import Response

from tests.support.twilio_http import RECORDINGS, recorded


class TwilioAnswers(HttpClient):
    def __init__(self):
        super().__init__(logging.getLogger("twilio.http_client"), is_async=False)
        self.requests: list[dict] = []
        self.failures: dict[str, list[Response]] = defaultdict(list)
        self.sids = itertools.count(1)

    def fail_next(self, to: str, recording: str, status: int) -> None:
        """The next message to `to` gets this recorded error instead of being created."""
        self.failures[to].append(recorded(recording, status))

    def request(
        self, method, uri, params=None, data=None, headers=None, auth=None, timeout=None, allow_redirects=False
    ):
        self.requests.append({"method": method, "uri": uri, "data": data or {}})
        if method != "POST":
            return recorded("twilio_messages_none", 200)
        if self.failures[data["To"]]:
            return self.failures[data["To"]].pop(0)
        return self.created(data)

    def created(self, data: dict) -> Response:
        message = json.loads((RECORDINGS / "twilio_message_created.json").read_text())
        sid = f"SM{next(self.sids):032x}"
        message.update(
            sid=sid, to=data["To"], body=data.get("Body", ""), uri=message["uri"].replace("SM" + "b" * 32, sid)
        )
        message["from"] = data["From"]
        return Response(201, json.dumps(message), headers={"Content-Type": "application/json"})

    def posted_to(self, to: str) -> list[dict]:
        """The form of every message Twilio was asked to send to `to`, in order."""
        return [r["data"] for r in self.requests if r["method"] == "POST" and r["data"].get("To") == to]
