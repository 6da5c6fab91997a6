"""`python -m bench`: both benchmarks on a private embedded stack, then the results as Markdown."""

from __future__ import annotations

import sys

from bench import reservations, webhook
from bench.report import machine, table
from bench.stack import VAR, private_stack, wipe
from bot.config import Settings
from compose import build_services


def main() -> int:
    with private_stack() as env:
        settings = Settings(database_url=env["DATABASE_URL"], redis_url=env["REDIS_URL"], photo_dir=str(VAR / "photos"))
        services = build_services(settings, pool_size=40)
        try:
            wipe(services)
            print("Webhook benchmark…", file=sys.stderr, flush=True)
            acks = webhook.run(env, services)
            wipe(services)
            print("Reservation benchmark…", file=sys.stderr, flush=True)
            race = reservations.run(services)
        finally:
            services.redis.close()
            services.engine.dispose()
    print(render(acks, race))
    good = not any(result.errors for name, result in acks.rows if name.startswith("webhook"))
    good = good and acks.stored_messages == acks.queued_jobs == acks.webhook_acks
    good = good and race.oversold == 0 and race.errors == 0 and race.logged == race.reserved == race.successes
    return 0 if good else 1


def render(acks: webhook.Report, race: reservations.Report) -> str:
    window = f"{webhook.DURATION_S} s after a {webhook.WARMUP_S} s warm-up"
    webhook_rows = [
        (name, r.offered_rate, r.acks_per_second, r.p50_ms, r.p99_ms, r.measured, r.errors) for name, r in acks.rows
    ]
    stored = "OK" if acks.stored_messages == acks.queued_jobs == acks.webhook_acks else "MISMATCH"
    race_row = (
        race.clients,
        race.per_second,
        race.attempts,
        race.successes,
        race.capacity,
        race.oversold,
        race.errors,
    )
    ledger = "OK" if race.logged == race.reserved == race.successes else "MISMATCH"
    return "\n\n".join(
        [
            "## Twilio webhook acknowledgement (gunicorn as in the Procfile: 2 workers × 4 threads)",
            f"Open-loop load at a fixed offered rate, measured for {window}; "
            "latency from each request's scheduled send time.",
            table(
                ["target", "offered req/s", "acks/s", "p50 ms", "p99 ms", "requests", "errors (non-200)"],
                webhook_rows,
            ),
            f"Stored once and queued once: {acks.stored_messages:,} inbound_messages rows, "
            f"{acks.queued_jobs:,} RQ jobs for {acks.webhook_acks:,} acknowledged webhooks "
            f"(warm-ups included): {stored}",
            "## Meal reservations racing for one kitchen's day",
            table(
                ["clients", "reservations/s", "attempts", "successful", "capacity", "oversold", "errors"],
                [race_row],
            ),
            f"Ledger check: sum(capacity_log.change) = {race.logged:,}, kitchen_days.reserved = {race.reserved:,}, "
            f"successful reservations = {race.successes:,}: {ledger}",
            machine(),
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
