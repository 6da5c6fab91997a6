"""An open-loop load generator: requests leave on a fixed schedule, whatever the server does.

Request i is due at start + i / rate. Latency runs from that due time, not from when a client
got round to sending, so a server that falls behind cannot hide its queue (no coordinated
omission).

The clients are asyncio tasks on one event loop, each with one keep-alive connection, sending
requests serialised in advance: on two cores shared with the server, the generator must cost
little (the earlier one, 32 threads with http.client, took about as much CPU as bare Flask).

`ceiling` steps the offered rate up until the latency goal fails, then halves the gap.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

CONNECTIONS = 128  # at the goal's p99 of 50 ms, enough for 2,500 requests/s in flight
TIMEOUT_S = 10.0
GRACE_S = 10.0  # after the schedule ends, how long late requests may still be sent
NO_RESPONSE = 0  # the status recorded for a connection error, a timeout or a request never sent


@dataclass(frozen=True)
class Request:
    path: str
    body: bytes
    headers: dict[str, str]

    def wire(self, host: str, port: int) -> bytes:
        """The whole HTTP/1.1 request as sent."""
        lines = [f"POST {self.path} HTTP/1.1", f"Host: {host}:{port}", f"Content-Length: {len(self.body)}"]
        lines += [f"{name}: {value}" for name, value in self.headers.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + self.body


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

    def holds(self, p99_goal_ms: float) -> bool:
        """Every measured request answered 200, p99 within the goal, and acks kept up with the offer."""
        return self.errors == 0 and self.p99_ms <= p99_goal_ms and self.acks_per_second >= 0.97 * self.offered_rate


class Connection:
    """One keep-alive HTTP connection, reopened once if the server closed it while idle."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def send(self, wire: bytes) -> int:
        """The response status, or NO_RESPONSE."""
        for _ in range(2):
            reused = self.streams is not None
            try:
                async with asyncio.timeout(TIMEOUT_S):
                    return await self._send(wire)
            except (ConnectionError, asyncio.IncompleteReadError):  # closed by the server while idle
                self.close()
                if not reused:
                    return NO_RESPONSE
            except (OSError, TimeoutError, ValueError, asyncio.LimitOverrunError):
                self.close()
                return NO_RESPONSE
        return NO_RESPONSE

    async def _send(self, wire: bytes) -> int:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        writer.write(wire)
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length, close = 0, False
        for line in head.lower().split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip() == b"close":
                close = True
        if length:
            await reader.readexactly(length)
        if close:
            self.close()
        return status

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


def drive(
    host: str, port: int, requests: Sequence[Request], rate: float, warmup_s: float, connections: int = CONNECTIONS
) -> Result:
    """Sends `requests` at `rate` per second; the ones due in the first `warmup_s` are not measured."""
    wires = [request.wire(host, port) for request in requests]
    outcomes = asyncio.run(_drive(host, port, wires, rate, connections))
    return summarise(outcomes, rate, warmup_s)


async def _drive(host: str, port: int, wires: Sequence[bytes], rate: float, connections: int) -> list[Outcome]:
    outcomes: list[Outcome | None] = [None] * len(wires)
    counter = itertools.count()  # each index goes to one client
    clock = time.perf_counter
    start = clock() + 0.1
    deadline = start + len(wires) / rate + GRACE_S

    async def client() -> None:
        connection = Connection(host, port)
        try:
            while (i := next(counter)) < len(wires):
                due = start + i / rate
                if (pause := due - clock()) > 0:
                    await asyncio.sleep(pause)
                status = await connection.send(wires[i]) if clock() < deadline else NO_RESPONSE
                outcomes[i] = Outcome(due - start, clock() - start, status)
        finally:
            connection.close()

    await asyncio.gather(*(client() for _ in range(connections)))
    return outcomes


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


def ceiling(
    run_at: Callable[[int], Result], p99_goal_ms: float, start: int, limit: int, resolution: float = 0.1
) -> tuple[int, list[Result]]:
    """The highest offered rate found to hold the goal, and every step tried in order.

    Doubles from `start` until a rate fails (or `limit` holds), then bisects between the last rate
    that held and the first that failed until the gap is within `resolution` of the lower one.
    0 if even `start` fails. One noisy step can end the search early: run it more than once.
    """
    steps: list[Result] = []
    held, failed = 0, None
    rate = start
    while rate <= limit:
        steps.append(run_at(rate))
        if not steps[-1].holds(p99_goal_ms):
            failed = rate
            break
        held, rate = rate, rate * 2
    if failed is None or held == 0:
        return held, steps
    while failed - held > max(10, resolution * held):
        rate = int(round((held + failed) / 2, -1))
        steps.append(run_at(rate))
        if steps[-1].holds(p99_goal_ms):
            held = rate
        else:
            failed = rate
    return held, steps
