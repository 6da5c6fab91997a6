"""An open-loop load generator: requests leave on a fixed schedule, whatever the server does.

Request i is due at start + i / rate. Latency runs from that due time, not from when a client
thread got round to sending, so a server that falls behind cannot hide its queue (no
coordinated omission).
"""

from __future__ import annotations

import http.client
import itertools
import math
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

CLIENT_THREADS = 32
TIMEOUT_S = 10.0
GRACE_S = 10.0  # after the schedule ends, how long late requests may still be sent
NO_RESPONSE = 0  # the status recorded for a connection error, a timeout or a request never sent


@dataclass(frozen=True)
class Request:
    path: str
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class Outcome:
    due: float  # seconds after the start
    done: float
    status: int


@dataclass(frozen=True)
class Result:
    offered_rate: float
    measured: int  # requests due after the warm-up
    acks: int  # of those, answered 200
    errors: int
    acks_per_second: float
    p50_ms: float
    p99_ms: float
    total_acks: int  # warm-up included


class Connection:
    """One keep-alive HTTP connection, reopened once if the server closed it while idle."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.http: http.client.HTTPConnection | None = None

    def send(self, request: Request) -> int:
        """The response status, or NO_RESPONSE."""
        for _ in range(2):
            reused = self.http is not None
            try:
                return self._send(request)
            except (ConnectionResetError, BrokenPipeError):  # RemoteDisconnected is a ConnectionResetError
                self.close()
                if not reused:
                    return NO_RESPONSE
            except (OSError, http.client.HTTPException):
                self.close()
                return NO_RESPONSE
        return NO_RESPONSE

    def _send(self, request: Request) -> int:
        if self.http is None:
            self.http = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT_S)
        self.http.request("POST", request.path, request.body, request.headers)
        response = self.http.getresponse()
        response.read()
        return response.status

    def close(self) -> None:
        if self.http is not None:
            self.http.close()
            self.http = None


def drive(host: str, port: int, requests: Sequence[Request], rate: float, warmup_s: float) -> Result:
    """Sends `requests` at `rate` per second; the ones due in the first `warmup_s` are not measured."""
    outcomes: list[Outcome | None] = [None] * len(requests)
    counter = itertools.count()  # next() on it is atomic under the GIL: each index goes to one thread
    start = time.perf_counter() + 0.1
    deadline = start + len(requests) / rate + GRACE_S

    def client() -> None:
        connection = Connection(host, port)
        try:
            while (i := next(counter)) < len(requests):
                due = start + i / rate
                if (pause := due - time.perf_counter()) > 0:
                    time.sleep(pause)
                status = connection.send(requests[i]) if time.perf_counter() < deadline else NO_RESPONSE
                outcomes[i] = Outcome(due - start, time.perf_counter() - start, status)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENT_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summarise(outcomes, rate, warmup_s)


def summarise(outcomes: Sequence[Outcome], rate: float, warmup_s: float) -> Result:
    measured = outcomes[math.ceil(warmup_s * rate) :]
    acked = [outcome for outcome in measured if outcome.status == 200]
    latencies = sorted((outcome.done - outcome.due) * 1000 for outcome in acked)
    window = max(outcome.done for outcome in measured) - warmup_s
    return Result(
        offered_rate=rate,
        measured=len(measured),
        acks=len(acked),
        errors=len(measured) - len(acked),
        acks_per_second=len(acked) / window,
        p50_ms=percentile(latencies, 0.50),
        p99_ms=percentile(latencies, 0.99),
        total_acks=sum(outcome.status == 200 for outcome in outcomes),
    )


def percentile(ordered: Sequence[float], fraction: float) -> float:
    """Nearest rank; NaN for no values."""
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]
