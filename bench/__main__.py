"""`python -m bench`: the benchmarks on a private embedded stack, then the results as Markdown.

`python -m bench reservations webhook` runs only the benchmarks named (see BENCHMARKS).
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

from bench import allocations, dupdata, duplicates, e2e, load, meals, photos, reservations, safety, webhook
from bench.report import Fixed, machine, table
from bench.stack import VAR, private_stack, wipe
from bot.settings import Settings
from compose import Services, build_services


@dataclass(frozen=True)
class Section:
    markdown: str
    good: bool  # the benchmark's own checks held (nothing oversold, every ack stored once, …)


def run_webhook(env: dict[str, str], services: Services) -> Section:
    acks = webhook.run(env, services)
    # A ceiling is a measurement, not a check: a round whose first step failed under load still ran.
    return Section(render_webhook(acks), acks.all_stored_once)


def run_reservations(env: dict[str, str], services: Services) -> Section:
    report = reservations.run(services, env["DATABASE_URL"])
    return Section(render_reservations(report), report.consistent)


def run_allocations(env: dict[str, str], services: Services) -> Section:
    report = allocations.run(services, env["DATABASE_URL"])
    return Section(render_allocations(report), report.consistent)


def run_photos(env: dict[str, str], services: Services) -> Section:
    shots = photos.run()
    return Section(render_photos(shots), shots.all_one_face)


def run_duplicates(env: dict[str, str], services: Services) -> Section:
    lookups = duplicates.run(env["DATABASE_URL"])
    return Section(render_duplicates(lookups), lookups.planned_complete and lookups.uses_gist)


def run_safety(env: dict[str, str], services: Services) -> Section:
    return Section(render_safety(safety.run(services, VAR / "models")), True)


def run_e2e(env: dict[str, str], services: Services) -> Section:
    report = e2e.run(env, services)
    return Section(render_e2e(report), all(run.complete for run in report.runs))


def run_meals(env: dict[str, str], services: Services) -> Section:
    return Section(meals.render(meals.run(env, services)), True)


# Every benchmark, in the order `make bench` runs them; `python -m bench NAME…` runs only those named.
BENCHMARKS: dict[str, tuple[str, Callable[[dict[str, str], Services], Section]]] = {
    "webhook": ("Webhook benchmark…", run_webhook),
    "reservations": ("Reservation benchmark…", run_reservations),
    "allocations": ("Allocation benchmark (meals given ahead)…", run_allocations),
    "photos": ("Photo pipeline benchmark (one core)…", run_photos),
    "duplicates": ("Duplicate lookup benchmark…", run_duplicates),
    "safety": ("Safety assessment benchmark…", run_safety),
    "e2e": ("End-to-end benchmark (a donor's pin to the kitchen list)…", run_e2e),
    "meals": ("Whole meals, their messages and Google calls counted…", run_meals),
}


def main(argv: list[str]) -> int:
    chosen = argv or list(BENCHMARKS)
    if unknown := [name for name in chosen if name not in BENCHMARKS]:
        print(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    sections = []
    load_before = os.getloadavg()
    with private_stack() as env:
        settings = Settings(
            environment="development",
            database_url=env["DATABASE_URL"],
            redis_url=env["REDIS_URL"],
            photo_dir=str(VAR / "photos"),
        )
        services = build_services(settings, pool_size=40)
        try:
            for name in [name for name in BENCHMARKS if name in chosen]:
                announce, benchmark = BENCHMARKS[name]
                wipe(services)
                print(announce, file=sys.stderr, flush=True)
                sections.append(benchmark(env, services))
        finally:
            services.redis.close()
            services.engine.dispose()
    # Other work on the machine moves every figure: the load average says how much there was.
    load_after = os.getloadavg()
    shared = f"Load average (1, 5, 15 min) before: {_loads(load_before)}; after: {_loads(load_after)}"
    print("\n\n".join([*(section.markdown for section in sections), machine(), shared]))
    return 0 if all(section.good for section in sections) else 1


def _loads(loads: tuple[float, float, float]) -> str:
    return ", ".join(f"{load:.1f}" for load in loads)


def render_webhook(acks: webhook.Report) -> str:
    bare = acks.median_ceiling(webhook.TARGETS[1].name)
    ceilings = []
    for target in webhook.TARGETS:
        searches = acks.of(target.name)
        median = acks.median_ceiling(target.name)
        at = [search.at_ceiling for search in searches if search.ceiling == median and search.at_ceiling]
        ceilings.append(
            (
                target.name,
                median,
                f"{median / bare:.0%}" if bare else "-",
                ", ".join(f"{search.ceiling:,}" for search in searches),
                at[0].p50_ms if at else math.nan,
                at[0].p99_ms if at else math.nan,
            )
        )
    steps = [
        (
            search.target,
            step.offered_rate,
            step.acks_per_second,
            step.p50_ms,
            step.p99_ms,
            step.errors,
            "yes" if step.holds(webhook.P99_GOAL_MS) else "no",
        )
        for search in acks.searches[-len(webhook.TARGETS) :]
        for step in search.steps
    ]
    stored = "OK" if acks.all_stored_once else "MISMATCH"
    return "\n\n".join(
        [
            "## Twilio webhook acknowledgement (gunicorn as in the Procfile)",
            f"Open-loop load (`bench.load`, {load.CONNECTIONS} keep-alive connections on one asyncio loop); each "
            f"step offers a fixed rate for {webhook.DURATION_S} s after a {webhook.WARMUP_S} s warm-up, latency "
            f"from each request's scheduled send time. The rate doubles from {webhook.START_RATE}/s until p99 "
            f"passes {webhook.P99_GOAL_MS} ms, an answer is not 200 or acks fall 3 % behind, then the gap is "
            f"halved. {len(acks.of(webhook.TARGETS[0].name))} rounds, each searching both servers in turn; the "
            "ceiling is the median round's, with p50/p99 at that rate from a round that found it.",
            table(
                ["target", "ceiling req/s (median)", "of bare", "each round", "p50 ms there", "p99 ms there"],
                ceilings,
            ),
            "The last round's steps:",
            table(["target", "offered req/s", "acks/s", "p50 ms", "p99 ms", "errors (non-200)", "held"], steps),
            f"Stored once and queued once: {acks.stored_messages:,} inbound_messages rows, "
            f"{acks.queued_jobs:,} RQ jobs for {acks.webhook_acks:,} acknowledged webhooks "
            f"(warm-ups included, counted after each step): {stored}",
        ]
    )


def render_reservations(report: reservations.Report) -> str:
    ways = (reservations.OURS, reservations.BARE)
    medians = [
        (
            way,
            reservations.CLIENTS,
            report.median_rate(way),
            f"{report.median_rate(way) / report.median_rate(reservations.BARE):.0%}",
            ", ".join(f"{race.per_second:,.0f}" for race in report.of(way)),
            sum(max(0, race.oversold) for race in report.of(way)),
            sum(race.errors for race in report.of(way)),
        )
        for way in ways
    ]
    races = [
        (
            way,
            race.attempts,
            race.successes,
            race.capacity,
            race.oversold,
            race.reserved,
            race.logged,
            "OK" if race.consistent else "MISMATCH",
        )
        for way in ways
        for race in report.of(way)
    ]
    return "\n\n".join(
        [
            "## Meal reservations racing for one kitchen's day",
            f"{reservations.CLIENTS} client threads take {reservations.CAPACITY:,} meals of one kitchen's day; "
            f"{len(report.of(reservations.OURS))} rounds, each running bare SQL then ours on a new kitchen. "
            "Median of the rounds, and each round's rate in the order run.",
            table(
                ["way", "clients", "reservations/s (median)", "of bare", "each round", "oversold", "errors"],
                medians,
            ),
            "Every race: attempts, successes, capacity, oversold, kitchen_days.reserved, sum(capacity_log.change):",
            table(["way", "attempts", "successful", "capacity", "oversold", "reserved", "logged", "ledger"], races),
        ]
    )


def render_allocations(report: reservations.Report) -> str:
    ways = (allocations.OURS, allocations.BARE)
    medians = [
        (
            way,
            allocations.CLIENTS,
            report.median_rate(way),
            f"{report.median_rate(way) / report.median_rate(allocations.BARE):.0%}",
            ", ".join(f"{race.per_second:,.0f}" for race in report.of(way)),
            sum(race.over_allocated for race in report.of(way)),
            sum(race.errors for race in report.of(way)),
        )
        for way in ways
    ]
    races = [
        (way, race.attempts, race.successes, race.meals, race.allocated, race.left, race.negative,
         "OK" if race.consistent else "MISMATCH")
        for way in ways
        for race in report.of(way)
    ]  # fmt: skip
    return "\n\n".join(
        [
            "## Meals given ahead, allocated by racing clients",
            f"{allocations.CLIENTS} client threads allocate {allocations.CREDITS * allocations.CREDIT_MEALS:,} meals "
            f"({allocations.CREDITS} credits of {allocations.CREDIT_MEALS}) at one kitchen; "
            f"{len(report.of(allocations.OURS))} rounds, each running bare SQL then ours on new credits. Median of "
            "the rounds, and each round's rate in the order run.",
            table(
                ["way", "clients", "allocations/s (median)", "of bare", "each round", "over-allocated", "errors"],
                medians,
            ),
            "Every race: attempts, successes, meals given, `allocated` entries, meals left, balances below zero:",
            table(["way", "attempts", "successful", "meals", "allocated", "left", "negative", "ledger"], races),
        ]
    )


def render_e2e(report: e2e.Report) -> str:
    rows = [
        (
            run.setup.name,
            run.setup.workers,
            Fixed(run.setup.pin_rate, 0),
            f"{len(run.sent)}/{len(run.trips)}",
            Fixed(run.stage("sent_s", 0.50)),
            Fixed(run.stage("sent_s", 0.95)),
            Fixed(run.stage("sent_s", 1.0)),
            Fixed(run.stage("handled_s", 0.50)),
            Fixed(run.stage("listed_s", 0.50)),
        )
        for run in report.runs
    ]
    return "\n\n".join(
        [
            "## A donor's pin to the kitchen list (end to end, real workers, Google stubbed at 150 ms a call)",
            f"gunicorn as in the Procfile; RQ workers as the Procfile's `worker:` line (`rq worker "
            f"--with-scheduler`), their worker class stubbed as `bench/e2e.py` says. {e2e.DONORS} donors, each "
            f"onboarded with a face photo processed beforehand (median preparation {report.prepare_s:.0f} s on "
            f"{e2e.PREP_WORKERS} workers, not timed), send a pin at a fixed rate. Seconds from the pin's webhook "
            "POST to the kitchen list's `sent_at` (development transport); the last two columns are the medians "
            "of the stages before it: the pin handled (`handle_inbound` done) and the list written (the safety "
            f"job done, three Google calls side by side). Goal: p95 ≤ {e2e.GOAL_P95_S} s.",
            table(
                [
                    "worker",
                    "processes",
                    "pins/s",
                    "lists sent",
                    "p50 s",
                    "p95 s",
                    "max s",
                    "pin handled p50 s",
                    "list written p50 s",
                ],
                rows,
            ),
        ]
    )


def render_photos(shots: photos.Report) -> str:
    """The photo pipeline section: one row per input size."""
    rows = [
        (
            f"{row.long_side} px ({row.width}×{row.height})",
            row.input_bytes,
            Fixed(row.per_second),
            row.p50_ms,
            row.verdicts,
        )
        for row in shots.rows
    ]
    runs = ", ".join(f"{row.runs} at {row.long_side} px" for row in shots.rows)
    stored = ", ".join(f"{row.output_bytes:,}" for row in shots.rows)
    return "\n\n".join(
        [
            "## Photo pipeline (one core)",
            f"`jobs.photos.clean(raw, {photos.REFERENCE!r}, 'seeker')` in one process pinned to CPU {shots.cpu}, "
            "OpenMP/BLAS threads 1: decode + EXIF orientation, HOG face detection + 128-d embedding on a ≤1000 px "
            "copy, shrink to ≤1280 px, watermark, JPEG ≤500 KB. Input: a face photo upscaled, JPEG quality 90 with "
            f"EXIF (GPS, orientation 6). Runs after one warm-up: {runs}.",
            table(["input", "bytes", "photos/s", "p50 ms", "faces"], rows),
            f"Stored JPEG bytes: {stored}. Face model load once per process: {shots.model_load_s:.2f} s; "
            "model loaded in the worker before fork: 0 per job.",
        ]
    )


def render_duplicates(lookups: duplicates.Report) -> str:
    """The duplicate lookup section: both methods per size, then the plans."""
    rows = [
        (
            row.rows,
            row.method,
            Fixed(row.p50_ms),
            Fixed(row.p95_ms),
            f"{row.recall:.0%} ({row.found}/{row.planted})",
            row.notes,
        )
        for row in lookups.rows
    ]
    verdict = "OK" if lookups.uses_gist else "FAIL: not the GiST index, or a Seq Scan on face_embeddings"
    largest = max(row.rows for row in lookups.rows)
    return "\n\n".join(
        [
            "## Duplicate lookup",
            f"Synthetic faces over Chennai (lat {dupdata.LAT[0]}–{dupdata.LAT[1]}, lng {dupdata.LNG[0]}–"
            f"{dupdata.LNG[1]}) and the 24 h before the build; {dupdata.PLANTED} probes have a near-copy "
            f"(distance ≈{dupdata.NEAR_COPY}) within 80 m and 2 h, {dupdata.RANDOM} are random faces. "
            f"Policy: radius 100 m, window 2 h, max distance 0.6. {duplicates.WARM_UP} warm-up lookups first. "
            "Recall: planted duplicates reported.",
            table(["rows", "method", "p50 ms", "p95 ms", "recall", "notes"], rows),
            "Random Gaussian vectors have no cluster structure, HNSW's hardest case; real embeddings may fare "
            "better, but the index still filters radius and window after its scan (hnsw.max_scan_tuples).",
            f"EXPLAIN ANALYZE of the planned query at {largest:,} rows (lines on face_embeddings):",
            "```\n" + "\n".join(lookups.plan) + "\n```",
            f"Uses the face_embeddings_place_time GiST index and no Seq Scan on face_embeddings: {verdict}",
            "The HNSW alternative's scan:",
            "```\n" + "\n".join(lookups.hnsw_plan) + "\n```",
        ]
    )


def render_safety(spots: safety.Report) -> str:
    rows = [(row.case, Fixed(row.p50_ms), Fixed(row.p95_ms), row.google_calls) for row in spots.rows]
    return "\n\n".join(
        [
            "## Safety assessment (Google stubbed at 150 ms a call; the production use case, rolled back)",
            table(["case", "p50 ms", "p95 ms", "Google calls"], rows),
            f"LightGBM inference per assessment (model loaded once per process): "
            f"p50 {spots.inference_p50_us:,.0f} µs, p95 {spots.inference_p95_us:,.0f} µs",
        ]
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
