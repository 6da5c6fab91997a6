"""Safety assessment latency with Google stubbed at a realistic 150 ms, warm and cold cache, and model inference.

Google answers come from the recorded responses the tests use, served to the googlemaps client's
HTTP layer after a 150 ms pause. Each assessment runs the production use case (`assess_spot`) in
a transaction that is rolled back.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.adapters.maps import GoogleMaps
from bot.adapters.safety_models import LightGBMModels, train
from compose import Services
from domain.geo import Point
from domain.safety import AreaStats, Signals, assess
from flows.safety import assess_spot
from tests.support.google_http import RecordedGoogle

GOOGLE_LATENCY_S = 0.150
ASSESSMENTS = 40
INFERENCES = 2000
AT = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # 20:30 in Chennai


class SlowGoogle(RecordedGoogle):
    """The recorded answers, each after a realistic pause."""

    def send(self, request, timeout=None, **kwargs):
        time.sleep(GOOGLE_LATENCY_S)
        return super().send(request, timeout=timeout, **kwargs)


@dataclass(frozen=True)
class Row:
    case: str
    p50_ms: float
    p95_ms: float
    google_calls: int


@dataclass(frozen=True)
class Report:
    rows: list[Row]
    inference_p50_us: float
    inference_p95_us: float


def percentile(samples: list[float], share: float) -> float:
    return sorted(samples)[min(len(samples) - 1, int(share * len(samples)))]


def timed_assessments(services: Services, maps: GoogleMaps, points: list[Point]) -> list[float]:
    samples = []
    for point in points:
        started = time.perf_counter()
        with services.uow() as uow:
            assess_spot(uow, maps, services.safety_models, point, AT, 0.65)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def city_points(count: int, seed: int) -> list[Point]:
    """Points at least a cache cell apart, so each one asks Google afresh."""
    rng = random.Random(seed)
    return [Point(12.95 + rng.random() * 0.2, 80.15 + rng.random() * 0.15) for _ in range(count)]


def model_inference(services: Services, directory: Path) -> tuple[float, float]:
    """Trains a small model on generated outcomes, then times one prediction at a time."""
    rng = random.Random(5)
    rows, labels = [], []
    for _ in range(600):
        crime = rng.choice([1.0, 3.0, 14.0])
        signals = Signals(road_metres=rng.choice([5.0, 80.0]), area=AreaStats(1e4, crime))
        when = AT - timedelta(hours=rng.randint(0, 24 * 60))
        rows.append(assess(Point(13.06, 80.25), when, signals).features)
        labels.append(int(rng.random() < (0.9 if crime < 10 else 0.3)))
    path = directory / "bench-safety.txt"
    train(rows, labels, path)
    models = LightGBMModels()
    models.predict(1, str(path), rows[0])  # loaded once per process, as in the worker
    samples = []
    for features in rows * (INFERENCES // len(rows) + 1):
        started = time.perf_counter()
        models.predict(1, str(path), features)
        samples.append((time.perf_counter() - started) * 1e6)
    return statistics.median(samples), percentile(samples, 0.95)


def run(services: Services, directory: Path) -> Report:
    google = SlowGoogle()
    maps = GoogleMaps(
        "AIzaSyBenchKeyForRecordedResponses000000",
        services.redis,
        session=google.session(),
        fail_max=1000,
    )
    services.redis.delete(*services.redis.keys("maps:*") or ["-"])
    cold = timed_assessments(services, maps, city_points(ASSESSMENTS, seed=1))
    cold_calls = len(google.calls)
    warm = timed_assessments(services, maps, city_points(ASSESSMENTS, seed=1))
    rows = [
        Row(
            "cold cache (3 Google calls each, side by side)",
            statistics.median(cold),
            percentile(cold, 0.95),
            cold_calls,
        ),
        Row("warm cache", statistics.median(warm), percentile(warm, 0.95), len(google.calls) - cold_calls),
    ]
    inference_p50, inference_p95 = model_inference(services, directory)
    return Report(rows, inference_p50, inference_p95)
