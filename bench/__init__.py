"""Ketpaar's benchmarks, run by `make bench` (`python -m bench`).

Measurements on one private embedded stack (PostgreSQL + Redis under var/bench):

* `bench.webhook`: the highest rate at which gunicorn, started as the Procfile starts it, acknowledges
  signed Twilio webhooks with p99 ≤ 50 ms (`bench.load`'s open-loop search), beside a bare Flask app's.
* `bench.reservations`: 32 clients racing for the meals of one kitchen's day, through our unit of work
  and through bare SQL in alternating rounds; none may be oversold.
* `bench.photos`: photos per second through the photo job's CPU work on one core.
* `bench.duplicates`: duplicate-seeker lookup latency at 10 k and 1 M stored faces, production's
  planned query against an HNSW index; the synthetic data (`bench.dupdata`) is kept and reused.
* `bench.safety`: safety assessment latency with Google stubbed at 150 ms, and model inference.
* `bench.e2e`: a donor's pin to the kitchen list through gunicorn and RQ workers as the Procfile runs
  them, beside RQ's forking worker.
* `bench.meals`: whole meals over the signed webhook (first-time and returning WhatsApp donors, an SMS
  donor), counted: messages in and out by person and channel, templates, Google calls, and their cost
  in rupees from the price table in `bench.prices`.
"""
