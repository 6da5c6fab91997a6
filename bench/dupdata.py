"""Synthetic seekers for the duplicate-lookup benchmark, kept in their own database and reused.

One database per size (`ketpaar_bench_dup_<rows>`) on the benchmark's PostgreSQL, migrated like
production: one donor, `rows` COMPLETED orders, and as many face_embeddings spread over a Chennai
box and the 24 hours before the build. PLANTED of them have a probe that is the same face (noise
of Euclidean norm ~0.25) within 80 m and 2 h; as many probes are random. A copy of the embeddings,
`face_embeddings_hnsw`, carries the HNSW index, so production's table keeps only its own indexes.
A marker row, written last, lets a later run reuse all of it.
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.exc import SQLAlchemyError

from bot import devstack
from models.db import sqlalchemy_url

VERSION = 1  # bump when the data below changes: older databases are then rebuilt
SEED = 20_240_601
LAT, LNG = (12.90, 13.20), (80.15, 80.30)
DAY = timedelta(hours=24)
DIM, SPREAD = 128, 0.09  # dlib embeddings have a norm near 1: 0.09 × √128 ≈ 1.02
NEAR_COPY = 0.25  # Euclidean norm of the noise between a planted face and its probe
PLANTED, RANDOM = 100, 100
CHUNK = 50_000
DONOR = 1
HNSW_INDEX = "face_embeddings_hnsw_embedding"  # on the copy only
HNSW_MEMORY = "2GB"  # the graph of 1 M embeddings must fit, or the build crawls
METRES_PER_DEGREE = 111_195.0
PG_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Probe:
    embedding: list[float]
    lat: float
    lng: float
    planted: str | None  # the reference of its near-copy, or None for a random face


@dataclass(frozen=True)
class Dataset:
    engine: Engine
    rows: int
    built_at: datetime  # every lookup runs at this moment: the data's day ends here
    load_s: float
    hnsw_build_s: float
    hnsw_workers: int
    reused: bool
    probes: list[Probe]


def reference(order_id: int) -> str:
    """Unique and at most 8 characters for any id below 16**7."""
    return f"b{order_id:x}"


def ensure(database_url: str, rows: int) -> Dataset:
    """The dataset of `rows` embeddings: the stored one if it is complete and current, else built now."""
    url = make_url(sqlalchemy_url(database_url)).set(database=f"ketpaar_bench_dup_{rows}")
    engine = create_engine(url, pool_size=2)
    marker = _marker(engine, rows)
    reused = marker is not None
    if not reused:
        engine.dispose()
        _recreate(url.set(database="postgres"), url.database)
        devstack.migrate({"DATABASE_URL": url.render_as_string(hide_password=False)})
        engine = create_engine(url, pool_size=2)
        _build(engine, rows)
        marker = _marker(engine, rows)
    else:
        devstack.migrate({"DATABASE_URL": url.render_as_string(hide_password=False)})  # indexes as in production
    built_at, load_s, hnsw_s, workers = marker
    return Dataset(engine, rows, built_at, load_s, hnsw_s, workers, reused, _probes(engine))


def _marker(engine: Engine, rows: int) -> tuple[datetime, float, float, int] | None:
    try:
        with engine.connect() as connection:
            row = connection.execute(
                text(
                    "SELECT built_at, load_s, hnsw_s, hnsw_workers FROM bench_dataset WHERE rows = :n AND version = :v"
                ),
                {"n": rows, "v": VERSION},
            ).first()
    except SQLAlchemyError:  # no database yet, or no marker table: build it
        return None
    return None if row is None else tuple(row)


def _recreate(server, database: str) -> None:
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()


def _build(engine: Engine, rows: int) -> None:
    began = time.perf_counter()
    built_at = datetime.now(UTC).replace(microsecond=0)
    rng = np.random.default_rng([SEED, rows])
    planted_ids = np.sort(rng.choice(rows, PLANTED, replace=False) + 1)
    planted = _faces(rng, PLANTED, built_at, minutes=(10, 110))
    _say(f"building {rows:,} synthetic embeddings (first run only)…")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO people (id, address) VALUES (:id, 'bench:donor')"), {"id": DONOR})
        connection.execute(
            text(
                "INSERT INTO orders (id, reference, donor_id, status) "
                "SELECT g, 'b' || to_hex(g), :donor, 'COMPLETED' FROM generate_series(1, :rows) g"
            ),
            {"donor": DONOR, "rows": rows},
        )
        _copy_embeddings(connection.connection.driver_connection, rows, rng, built_at, planted_ids, planted)
        for table in ("people", "orders", "face_embeddings"):
            connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"))
        connection.execute(text("CREATE TABLE face_embeddings_hnsw AS SELECT * FROM face_embeddings"))
        _store_probes(connection, rng, built_at, planted_ids, planted)
    _vacuum(engine)
    load_s = time.perf_counter() - began
    _say(f"  loaded in {load_s:.0f} s; building the HNSW index on the copy…")
    hnsw_s, workers = _build_hnsw(engine)
    _say(f"  HNSW index built in {hnsw_s:.0f} s")
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TABLE bench_dataset (rows integer, version integer, built_at timestamptz, "
                "load_s float8, hnsw_s float8, hnsw_workers integer)"
            )
        )
        connection.execute(
            text("INSERT INTO bench_dataset VALUES (:rows, :v, :at, :load, :hnsw, :workers)"),
            {"rows": rows, "v": VERSION, "at": built_at, "load": load_s, "hnsw": hnsw_s, "workers": workers},
        )


@dataclass(frozen=True)
class _Faces:
    embeddings: np.ndarray
    lat: np.ndarray
    lng: np.ndarray
    taken_at: np.ndarray  # microseconds since PostgreSQL's epoch


def _faces(rng: np.random.Generator, n: int, built_at: datetime, minutes: tuple[float, float]) -> _Faces:
    """`n` random faces somewhere in the box, taken between minutes[0] and minutes[1] before built_at."""
    end = (built_at - PG_EPOCH) // timedelta(microseconds=1)
    return _Faces(
        rng.normal(0.0, SPREAD, (n, DIM)).astype(np.float32),
        rng.uniform(*LAT, n),
        rng.uniform(*LNG, n),
        end - (rng.uniform(*minutes, n) * 60e6).astype(np.int64),
    )


def _copy_embeddings(pg, rows, rng, built_at, planted_ids, planted: _Faces) -> None:
    """Binary COPY, built with numpy a chunk at a time: about a second per 100 k rows."""
    columns = "id, order_id, embedding, lat, lng, taken_at"
    with pg.cursor() as cursor, cursor.copy(f"COPY face_embeddings ({columns}) FROM STDIN (FORMAT binary)") as copy:
        copy.write(b"PGCOPY\n\xff\r\n\x00" + bytes(8))  # signature, flags, header extension length
        for start in range(1, rows + 1, CHUNK):
            ids = np.arange(start, min(start + CHUNK, rows + 1), dtype=np.int64)
            faces = _faces(rng, len(ids), built_at, minutes=(0, DAY / timedelta(minutes=1)))
            here = np.isin(planted_ids, ids)
            at = planted_ids[here] - start
            for name in ("embeddings", "lat", "lng", "taken_at"):
                getattr(faces, name)[at] = getattr(planted, name)[here]
            copy.write(_binary_rows(ids, faces))
        copy.write(b"\xff\xff")


def _binary_rows(ids: np.ndarray, faces: _Faces) -> bytes:
    """face_embeddings rows in COPY's binary format; pgvector's is dim, unused, then float4s."""
    layout = np.dtype(
        [
            *(("fields", ">i2"), ("id_len", ">i4"), ("id", ">i8"), ("order_len", ">i4"), ("order_id", ">i8")),
            *(("vector_len", ">i4"), ("dim", ">i2"), ("unused", ">i2"), ("vector", ">f4", (DIM,))),
            *(("lat_len", ">i4"), ("lat", ">f8"), ("lng_len", ">i4"), ("lng", ">f8"), ("at_len", ">i4"), ("at", ">i8")),
        ]
    )
    out = np.zeros(len(ids), layout)
    out["fields"] = 6
    out["id_len"] = out["order_len"] = out["lat_len"] = out["lng_len"] = out["at_len"] = 8
    out["vector_len"], out["dim"] = 4 + 4 * DIM, DIM
    out["id"] = out["order_id"] = ids
    out["vector"], out["lat"], out["lng"], out["at"] = faces.embeddings, faces.lat, faces.lng, faces.taken_at
    return out.tobytes()


def _store_probes(connection, rng, built_at, planted_ids, planted: _Faces) -> None:
    noise = rng.normal(0.0, NEAR_COPY / math.sqrt(DIM), (PLANTED, DIM))
    metres, bearing = rng.uniform(0, 80, PLANTED), rng.uniform(0, 2 * math.pi, PLANTED)
    lat = planted.lat + metres * np.cos(bearing) / METRES_PER_DEGREE
    lng = planted.lng + metres * np.sin(bearing) / (METRES_PER_DEGREE * np.cos(np.radians(planted.lat)))
    strangers = _faces(rng, RANDOM, built_at, minutes=(0, 1))
    probes = [
        (planted.embeddings[i] + noise[i], lat[i], lng[i], reference(int(planted_ids[i]))) for i in range(PLANTED)
    ] + [(strangers.embeddings[i], strangers.lat[i], strangers.lng[i], None) for i in range(RANDOM)]
    order = rng.permutation(len(probes))
    connection.execute(
        text(
            "CREATE TABLE bench_probes (id int PRIMARY KEY, embedding vector(128), lat float, lng float, planted text)"
        )
    )
    connection.execute(
        text("INSERT INTO bench_probes VALUES (:id, CAST(:embedding AS vector), :lat, :lng, :planted)"),
        [
            {"id": n, "embedding": json.dumps(vector.tolist()), "lat": float(la), "lng": float(ln), "planted": p}
            for n, (vector, la, ln, p) in enumerate(probes[i] for i in order)
        ],
    )


def _probes(engine: Engine) -> list[Probe]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT embedding::text, lat, lng, planted FROM bench_probes ORDER BY id"))
        return [Probe(json.loads(vector), lat, lng, planted) for vector, lat, lng, planted in rows]


def _vacuum(engine: Engine) -> None:
    """Statistics for the planner, and no autovacuum waking up in the middle of the measurement."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in ("people", "orders", "face_embeddings", "face_embeddings_hnsw", "bench_probes"):
            connection.execute(text(f"VACUUM (ANALYZE) {table}"))


def _build_hnsw(engine: Engine) -> tuple[float, int]:
    workers = max(0, len(os.sched_getaffinity(0)) - 1)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"SET maintenance_work_mem = '{HNSW_MEMORY}'"))
        connection.execute(text(f"SET max_parallel_maintenance_workers = {workers}"))
        began = time.perf_counter()
        connection.execute(
            text(f"CREATE INDEX {HNSW_INDEX} ON face_embeddings_hnsw USING hnsw (embedding vector_l2_ops)")
        )
        seconds = time.perf_counter() - began
        connection.execute(text("ANALYZE face_embeddings_hnsw"))
    return seconds, workers


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
