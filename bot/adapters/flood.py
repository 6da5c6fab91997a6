"""Per-sender rate limits: messages a minute, photos and face checks an hour, kept in Redis.

Each limit is a token bucket kept as one timestamp (GCRA, the "theoretical arrival time"),
moved by one Lua script so that every worker process shares it atomically. Times are the
messages' own (when they arrived), not the worker's: a backlog handled late is judged as it
was sent. Redis holds nothing else here, so losing it only forgets who was fast; if it is
down every sender is let through.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from redis import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# KEYS[1]: one sender's bucket. ARGV: now, the interval one token takes to come back, the
# slack a full bucket gives (interval × (limit − 1)), how often an over-limit sender is told
# (0: never), all in milliseconds. Returns 0 within the limit, 1 over it, 2 over it and to be told.
BUCKET = """
local now, interval, slack, tell_every = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local due = math.max(tonumber(redis.call('HGET', KEYS[1], 'due')) or now, now)
local verdict = 0
if due - now <= slack then
  due = due + interval
  redis.call('HSET', KEYS[1], 'due', string.format('%.0f', due))
else
  local told = tonumber(redis.call('HGET', KEYS[1], 'told'))
  verdict = 1
  if tell_every > 0 and (told == nil or now - told >= tell_every) then
    redis.call('HSET', KEYS[1], 'told', string.format('%.0f', now))
    verdict = 2
  end
end
redis.call('PEXPIRE', KEYS[1], string.format('%.0f', due - now + tell_every + 1000))
return verdict
"""


class Pace(StrEnum):
    WITHIN = "within"  # handled as usual
    HELD = "held"  # past the limit: kept, not handled
    HELD_TELL = "held_tell"  # the same, and the sender is told (at most once per TELL_EVERY)


TELL_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Limit:
    name: str
    count: int  # 0 or less: no limit
    per: timedelta


class FloodGuard:
    def __init__(self, redis: Redis, messages: Limit, photos: Limit, face_checks: Limit):
        self.redis = redis
        self.limits = {"messages": messages, "photos": photos, "face_checks": face_checks}
        self._bucket = redis.register_script(BUCKET)

    def message(self, sender: str, at: datetime) -> Pace:
        """A message that arrived at `at`; the first one held in a minute is HELD_TELL."""
        return self._take(self.limits["messages"], sender, at, TELL_EVERY)

    def photo(self, sender: str, at: datetime) -> bool:
        """Whether a photo that arrived at `at` may be fetched and looked at."""
        return self._take(self.limits["photos"], sender, at) is Pace.WITHIN

    def face_check(self, sender: str, at: datetime) -> bool:
        """Whether a seeker's photo taken at `at` may be compared with earlier faces."""
        return self._take(self.limits["face_checks"], sender, at) is Pace.WITHIN

    def _take(self, limit: Limit, sender: str, at: datetime, tell_every: timedelta | None = None) -> Pace:
        if limit.count <= 0:
            return Pace.WITHIN
        interval = _ms(limit.per) // limit.count
        key = f"flood:{limit.name}:{_pseudonym(sender)}"
        args = (_ms_since_epoch(at), interval, interval * (limit.count - 1), _ms(tell_every or timedelta()))
        try:
            verdict = int(self._bucket(keys=[key], args=args))
        except RedisError:
            log.warning("flood limit %s not checked: Redis is unreachable; let through", limit.name)
            return Pace.WITHIN
        return (Pace.WITHIN, Pace.HELD, Pace.HELD_TELL)[verdict]


def _pseudonym(sender: str) -> str:
    """Redis keys name no phone number."""
    return hashlib.sha256(sender.encode()).hexdigest()[:24]


MILLISECOND = timedelta(milliseconds=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _ms(span: timedelta) -> int:
    return span // MILLISECOND  # whole milliseconds, exactly: a float would put 3.000 s at 2.999


def _ms_since_epoch(at: datetime) -> int:
    return _ms(at - EPOCH)
