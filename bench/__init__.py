"""Ketpaar's benchmarks, run by `make bench` (`python -m bench`).

Measurements on one private embedded stack (PostgreSQL + Redis under var/bench):

* `bench.webhook`: how fast gunicorn, started as the Procfile starts it, acknowledges signed
  Twilio webhooks at a fixed offered rate, next to a bare Flask app as the floor.
* `bench.reservations`: 32 clients racing for the meals of one kitchen's day; none may be oversold.
* `bench.photos`: photos per second through the photo job's CPU work on one core.
* `bench.duplicates`: duplicate-seeker lookup latency at 10 k and 1 M stored faces, production's
  planned query against an HNSW index; the synthetic data (`bench.dupdata`) is kept and reused.
"""
