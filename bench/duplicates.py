"""Duplicate-seeker lookup latency with 10 k and 1 M stored faces: the planned query against HNSW.

The planned query is production's: `SeekerFaces.find_duplicate` for a probe order stored as the photo
job stores it, in a transaction rolled back afterwards. Its candidates come from the earthdistance
GiST index and the taken_at index, then the exact `<->` distance. The alternative orders the copy
table by its HNSW index with the same filters, iterative scan on. Recall is the share of planted
duplicates found; the planned query must find every one. Datasets come from `bench.dupdata`.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from dataclasses import dataclass

from sqlalchemy import Connection, insert, text
from sqlalchemy.orm import Session

from bench import dupdata
from domain.duplicates import DuplicatePolicy
from domain.geo import Point
from models import tables
from models.faces import DUPLICATE_QUERY, FED, SeekerFaces

SIZES = (10_000, 1_000_000)
WARM_UP = 20  # lookups run first and not counted
EF_SEARCH = 40
HNSW_QUERY = text(
    """
    SELECT o.reference, e.embedding <-> CAST(:probe AS vector) AS distance
    FROM face_embeddings_hnsw e
    JOIN orders o ON o.id = e.order_id
    WHERE earth_box(ll_to_earth(:lat, :lng), :radius) @> ll_to_earth(e.lat, e.lng)
      AND earth_distance(ll_to_earth(:lat, :lng), ll_to_earth(e.lat, e.lng)) <= :radius
      AND e.taken_at >= :since
      AND o.status = ANY(:fed)
    ORDER BY e.embedding <-> CAST(:probe AS vector)
    LIMIT 1
    """
)
SEQ_SCAN = re.compile(r"Seq Scan on face_embeddings\b(?!_)")


@dataclass(frozen=True)
class Row:
    rows: int
    method: str
    p50_ms: float
    p95_ms: float
    found: int  # planted duplicates found
    planted: int
    notes: str

    @property
    def recall(self) -> float:
        return self.found / self.planted


@dataclass(frozen=True)
class Report:
    rows: list[Row]
    plan: list[str]  # the planned query's plan lines on face_embeddings, at the largest size
    hnsw_plan: list[str]
    uses_gist: bool

    @property
    def planned_complete(self) -> bool:
        return all(row.found == row.planted for row in self.rows if row.method.startswith("planned"))


@dataclass
class _Lookups:
    seconds: list[float]
    nearest: list[str | None]  # the nearest face within the radius and window, however unlike
    verdicts: list[str | None]  # the duplicate it reports: that face if nearer than max_distance


def run(database_url: str, sizes: tuple[int, ...] = SIZES) -> Report:
    """Builds or reuses each size's dataset, then times both methods over its probes."""
    rows, plan, hnsw_plan = [], [], []
    for size in sizes:
        data = dupdata.ensure(database_url, size)
        try:
            exact, hnsw = _planned(data), _hnsw(data)
            rows += [_planned_row(data, exact), _hnsw_row(data, exact, hnsw)]
            if size == max(sizes):
                plan, hnsw_plan = _explain(data)
        finally:
            data.engine.dispose()
    uses_gist = any("face_embeddings_place_time" in line and "Index Scan" in line for line in plan)
    uses_gist = uses_gist and not any(SEQ_SCAN.search(line) for line in plan)
    return Report(rows, plan, hnsw_plan, uses_gist)


def _planned(data: dupdata.Dataset) -> _Lookups:
    """Each probe stored as a new order's face, then `find_duplicate` timed; rolled back."""
    exact = _Lookups([], [], [])
    with Session(data.engine) as session:
        for n, probe in enumerate(data.probes[:WARM_UP] + data.probes):
            order_id = _store_probe(session, n, probe, data)
            began = time.perf_counter()
            match = SeekerFaces(session).find_duplicate(order_id, _point(probe), data.built_at, DuplicatePolicy())
            seconds = time.perf_counter() - began
            nearest = session.execute(DUPLICATE_QUERY, _params(data, probe, order_id)).first()
            session.rollback()
            if n >= WARM_UP:
                exact.seconds.append(seconds)
                exact.nearest.append(nearest.reference if nearest else None)
                exact.verdicts.append(match.reference if match else None)
    return exact


def _hnsw(data: dupdata.Dataset) -> _Lookups:
    found = _Lookups([], [], [])
    with data.engine.connect() as connection:
        _hnsw_settings(connection)
        for n, probe in enumerate(data.probes[:WARM_UP] + data.probes):
            params = {**_params(data, probe), "probe": json.dumps(probe.embedding)}
            began = time.perf_counter()
            row = connection.execute(HNSW_QUERY, params).first()
            seconds = time.perf_counter() - began
            if n >= WARM_UP:
                found.seconds.append(seconds)
                found.nearest.append(row.reference if row else None)
                under = row is not None and row.distance < DuplicatePolicy().max_distance
                found.verdicts.append(row.reference if under else None)
        connection.rollback()
    return found


def _explain(data: dupdata.Dataset) -> tuple[list[str], list[str]]:
    """EXPLAIN ANALYZE of both queries for the first planted probe: the lines that read face_embeddings."""
    probe = next(probe for probe in data.probes if probe.planted)
    with Session(data.engine) as session:
        order_id = _store_probe(session, 0, probe, data)
        SeekerFaces(session).find_duplicate(order_id, _point(probe), data.built_at, DuplicatePolicy())
        plan = session.execute(text(f"EXPLAIN ANALYZE {DUPLICATE_QUERY.text}"), _params(data, probe, order_id))
        plan_lines = [line for (line,) in plan if "face_embeddings" in line]
        session.rollback()
    with data.engine.connect() as connection:
        _hnsw_settings(connection)
        params = {**_params(data, probe), "probe": json.dumps(probe.embedding)}
        hnsw = connection.execute(text(f"EXPLAIN ANALYZE {HNSW_QUERY.text}"), params)
        hnsw_lines = [line for (line,) in hnsw if "face_embeddings" in line]
        connection.rollback()
    return [line.strip() for line in plan_lines], [line.strip() for line in hnsw_lines]


def _store_probe(session: Session, n: int, probe: dupdata.Probe, data: dupdata.Dataset) -> int:
    """A new seeker order and its face, as the photo job leaves them before the duplicate check."""
    orders = tables.orders
    values = {"reference": f"P{n:07d}", "donor_id": dupdata.DONOR, "status": "VENDOR_SELECTION"}
    order_id = session.execute(insert(orders).values(**values).returning(orders.c.id)).scalar_one()
    SeekerFaces(session).store(order_id, probe.embedding, data.built_at)
    return order_id


def _hnsw_settings(connection: Connection) -> None:
    """Iterative scan, and no sequential scan: with so narrow a filter the planner would rather read the table."""
    connection.execute(text("SET enable_seqscan = off"))
    connection.execute(text("SET hnsw.iterative_scan = relaxed_order"))
    connection.execute(text(f"SET hnsw.ef_search = {EF_SEARCH}"))


def _params(data: dupdata.Dataset, probe: dupdata.Probe, order_id: int = 0) -> dict[str, object]:
    policy = DuplicatePolicy()
    return {
        "lat": probe.lat,
        "lng": probe.lng,
        "radius": policy.radius_m,
        "since": data.built_at - policy.window,
        "order_id": order_id,
        "fed": list(FED),
    }


def _point(probe: dupdata.Probe) -> Point:
    return Point(probe.lat, probe.lng)


def _planned_row(data: dupdata.Dataset, exact: _Lookups) -> Row:
    origin = "reused" if data.reused else f"loaded in {data.load_s:.1f} s"
    notes = (
        f"find_duplicate(): GiST over place and time, exact <->; {_false_matches(data, exact)} "
        f"false matches on {dupdata.RANDOM} random faces; dataset {origin}"
    )
    return Row(data.rows, "planned (production)", *_percentiles(exact.seconds), *_found(data, exact), notes)


def _hnsw_row(data: dupdata.Dataset, exact: _Lookups, hnsw: _Lookups) -> Row:
    same = sum(1 for ours, truth in zip(hnsw.nearest, exact.nearest, strict=True) if ours == truth)
    built = "an earlier run" if data.reused else "this run"
    notes = (
        f"index build {data.hnsw_build_s:.1f} s ({built}; m 16, ef_construction 64, "
        f"{data.hnsw_workers} parallel worker(s)); ef_search {EF_SEARCH}, iterative_scan relaxed_order; "
        f"same nearest face as the exact query for {same}/{len(data.probes)} probes; "
        f"{_false_matches(data, hnsw)} false matches"
    )
    return Row(data.rows, "HNSW (copy table)", *_percentiles(hnsw.seconds), *_found(data, hnsw), notes)


def _found(data: dupdata.Dataset, lookups: _Lookups) -> tuple[int, int]:
    """Planted duplicates reported, and how many there were."""
    planted = [(probe.planted, verdict) for probe, verdict in zip(data.probes, lookups.verdicts, strict=True)]
    return sum(1 for want, got in planted if want and got == want), sum(1 for want, _ in planted if want)


def _false_matches(data: dupdata.Dataset, lookups: _Lookups) -> int:
    pairs = zip(data.probes, lookups.verdicts, strict=True)
    return sum(1 for probe, verdict in pairs if verdict and verdict != probe.planted)


def _percentiles(seconds: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000
