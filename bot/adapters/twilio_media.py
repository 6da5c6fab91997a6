"""The copies Twilio keeps of media: of photos people send us, and of photos we send through it.

We keep our own (encrypted, and for a set time); Twilio's are deleted through its REST API once we
no longer need them. Without Twilio configured, a release is only recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from bot.adapters.twilio import SendFailed, _failures_as_send_failed

# https://api.twilio.com/2010-04-01/Accounts/AC…/Messages/MM…/Media/ME…
MEDIA_URL = re.compile(r"/Accounts/AC\w{32}/Messages/(?P<message>[MS]M\w{32})/Media/(?P<media>ME\w{32})$")
NOT_FOUND = 404


def twilio_media(url: str) -> tuple[str, str] | None:
    """The message and media ids of a media URL on Twilio, or None for any other URL."""
    found = MEDIA_URL.search(url.split("?", 1)[0])
    return (found["message"], found["media"]) if found else None


class TwilioMediaRelease:
    name = "twilio"

    def __init__(self, client: Client):
        self.client = client

    def release(self, message_sid: str, media_sid: str) -> str:
        """Deletes one media of a message, or (media_sid "") every media it has; raises SendFailed.

        Returns "deleted", or "gone" when Twilio held none.
        """
        with _failures_as_send_failed():
            media_sids = [media_sid] if media_sid else [m.sid for m in self.client.messages(message_sid).media.list()]
            deleted = [sid for sid in media_sids if self._delete(message_sid, sid)]
        return "deleted" if deleted else "gone"

    def _delete(self, message_sid: str, media_sid: str) -> bool:
        try:
            return self.client.messages(message_sid).media(media_sid).delete()
        except TwilioRestException as error:
            if error.status == NOT_FOUND:
                return False  # deleted already: by an earlier try, or by Twilio
            raise


@dataclass
class RecordedMediaRelease:
    """Development: nothing is sent to Twilio; the release row says it was recorded."""

    name: str = "recorded"

    def release(self, message_sid: str, media_sid: str) -> str:
        return "recorded"


__all__ = ["RecordedMediaRelease", "SendFailed", "TwilioMediaRelease", "twilio_media"]
